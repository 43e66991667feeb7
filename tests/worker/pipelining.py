#!/usr/bin/env python3
"""qr-cli --worker and a client that writes before it reads
(docs/worker-protocol.md): the worker keeps reading requests while its answers wait,
up to 4 MiB of unread answers, so 10,000 small requests written in one go
before reading anything all get their answers, in order."""
import os
import struct
import subprocess
import sys
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import tap_unittest  # noqa: E402
from protocol import QR_CLI, decode_all, frame, responses  # noqa: E402

TIMEOUT = 30


def write_all_then_read(requests, out_is_socket=False):
    """Writes every request and closes stdin before reading one byte of
    the answers; returns (exit code, stdout). A worker that stops reading
    while its output is full deadlocks here, so the write runs in a
    thread with a deadline."""
    if out_is_socket:
        import socket
        ours, theirs = socket.socketpair()
        p = subprocess.Popen([QR_CLI, "--worker", "--"], stdin=subprocess.PIPE,
                             stdout=theirs, stderr=subprocess.DEVNULL)
        theirs.close()
        read_end = ours.makefile("rb")
    else:
        p = subprocess.Popen([QR_CLI, "--worker", "--"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        read_end = p.stdout
    done = threading.Event()

    def write():
        try:
            p.stdin.write(b"".join(requests))
            p.stdin.close()
        except BrokenPipeError:
            pass
        done.set()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    finished = done.wait(TIMEOUT)
    if not finished:
        p.kill()
        p.wait()
        raise AssertionError("deadlock: the worker stopped reading requests "
                             "while its answers were unread")
    out = read_end.read()
    return p.wait(timeout=TIMEOUT), out


class WriteEverythingFirst(unittest.TestCase):
    def check(self, out_is_socket):
        texts = [b"https://example.com/item/%05d" % i for i in range(10000)]
        code, out = write_all_then_read([frame(t) for t in texts], out_is_socket)
        self.assertEqual(code, 0)
        answers = responses(out)
        self.assertEqual(len(answers), len(texts))
        self.assertTrue(all(status == 0 for status, _ in answers))
        # A sample decoded back, in order: answers are not mixed up.
        picks = [0, 1, 2600, 5000, 9999]
        self.assertEqual(decode_all([answers[i][1] for i in picks]),
                         b"".join(texts[i] for i in picks))

    def test_10000_requests_on_a_pipe(self):
        self.check(False)

    def test_10000_requests_on_a_socket(self):
        self.check(True)

    def test_output_pipe_is_blocking_again_after_exit(self):
        # The worker sets O_NONBLOCK on its output; it must put it back for
        # whoever shares the pipe after it (a shell pipeline's next step).
        script = ('"$1" --worker -- </dev/null; '
                  'python3 -c "import fcntl, os, sys; '
                  'sys.exit(bool(fcntl.fcntl(1, fcntl.F_GETFL) & os.O_NONBLOCK))"')
        p = subprocess.run(["sh", "-c", script, "sh", QR_CLI],
                           stdout=subprocess.PIPE, timeout=TIMEOUT)
        self.assertEqual(p.returncode, 0)


if __name__ == "__main__":
    tap_unittest.main()
