"""example/server.py as a user runs it: forked processes on 127.0.0.1,
QR_IMPL=spawn and QR_IMPL=worker, the same answers as the Node example."""

import os
import subprocess
import sys
import tempfile
import time
import unittest
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from support import QR_CLI, SERVER, RunningServer, decode, fake_binary, get_qr, get_raw, wait_until

# The slow-client helper the example apps' suite uses (issue 25).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "example" / "tests"))
from slow_clients import SlowClients, cut_off, latencies, summary  # noqa: E402


class Endpoint(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = RunningServer({"QR_IMPL": "spawn"})
        cls.addClassCleanup(cls.server.stop)

    def test_text_gives_png_that_decodes_back(self):
        for text in ["https://www.reddit.com/r/rustjerk/top/?t=all", "二维码 テスト 😀 ?q=ß"]:
            status, content_type, body = get_qr(self.server.url, text)
            self.assertEqual(status, 200)
            self.assertEqual(content_type, "image/png")
            self.assertEqual(decode(body), text.encode())

    def test_over_512_bytes_is_400_and_512_is_fine(self):
        for text in ["a" * 513, "中" * 171]:  # 513 UTF-8 bytes each
            status, _, body = get_qr(self.server.url, text)
            self.assertEqual(status, 400)
            self.assertEqual(body, b"text must be <= 512 bytes")
        status, _, body = get_qr(self.server.url, "b" * 512)
        self.assertEqual(status, 200)
        self.assertEqual(decode(body), b"b" * 512)

    def test_query_decoded_to_the_bytes_sent(self):
        # '+' is a space, %XX the byte XX (not UTF-8 or not), a malformed
        # escape stays as written: the contract of every example server
        for query, text in [("?text=a+b%2Bc", b"a b+c"), ("?text=%FF%FE", b"\xff\xfe"),
                            ("?text=100%", b"100%"), ("?text=%E4%B8%AD", "中".encode())]:
            status, _, body = get_raw(self.server.url, query)
            self.assertEqual(status, 200, query)
            self.assertEqual(decode(body), text, query)

    def test_option_like_and_shell_like_texts_stay_text(self):
        with tempfile.TemporaryDirectory() as d:
            for text in [f"-o{Path(d) / 'x'}", f"--output={Path(d) / 'y'}", "--help", "$(id)", "; rm -rf /"]:
                status, _, body = get_qr(self.server.url, text)
                self.assertEqual(status, 200, text)
                self.assertEqual(decode(body), text.encode(), text)
            self.assertEqual(os.listdir(d), [])

    def test_200_concurrent_requests_each_get_their_png(self):
        texts = [f"https://example.com/item/{i}?lang=中文" for i in range(200)]
        with ThreadPoolExecutor(max_workers=200) as pool:
            responses = list(pool.map(lambda t: get_qr(self.server.url, t, timeout=60), texts))
        for i, (status, content_type, body) in enumerate(responses):
            self.assertEqual(status, 200, f"request {i}")
            self.assertEqual(content_type, "image/png")
            # qr-cli is deterministic: the same text gives the same bytes.
            expected = subprocess.run([QR_CLI, "--", texts[i]], capture_output=True, check=True).stdout
            self.assertEqual(body, expected, f"request {i}: not the PNG of its own text")
        self.assertEqual(decode(responses[199][2]), texts[199].encode())


class WorkerEndpoint(Endpoint):
    """The same contract through QR_IMPL=worker: long-lived qr-cli workers."""

    @classmethod
    def setUpClass(cls):
        cls.server = RunningServer({"QR_IMPL": "worker", "QR_WORKERS": "2"})
        cls.addClassCleanup(cls.server.stop)


class NativeEndpoint(Endpoint):
    """The same contract through QR_IMPL=native: libqrpng in-process."""

    @classmethod
    def setUpClass(cls):
        cls.server = RunningServer({"QR_IMPL": "native"})
        cls.addClassCleanup(cls.server.stop)


class SlowClientsHeld(unittest.TestCase):
    """Issue 25: slow clients neither stop the server nor stay for ever, and
    each process serves a bounded number of connections at once."""

    def test_normal_requests_are_answered_while_50_slow_clients_hold_on(self):
        server = RunningServer({"QR_IMPL": "worker", "WORKERS": "2"})
        slow = None
        try:
            latencies(server.url, count=4)  # each process starts its qr-cli workers
            slow = SlowClients(int(server.url.rsplit(":", 1)[1]), 50)
            time.sleep(1.0)
            results = latencies(server.url)
            held = slow.still_open()
        finally:
            if slow is not None:
                slow.close()
            server.stop()
        print(f"# server.py QR_IMPL=worker, 50 slow clients: {summary(results)}")
        self.assertEqual(held, 50, "slow clients were cut before the measurement ended")
        self.assertEqual([status for _, status, _ in results], [200] * 20, summary(results))
        self.assertLess(max(took for took, _, _ in results), 1.0, summary(results))
        self.assertEqual(decode(results[-1][2]), b"normal-19")

    def test_slow_clients_are_cut_off_after_the_header_timeout(self):
        server = RunningServer({"QR_IMPL": "worker", "HEADER_TIMEOUT": "2"})
        all_cut, cut = cut_off(int(server.url.rsplit(":", 1)[1]), server.stop)
        self.assertTrue(all_cut, f"only {len(cut)} of 12 slow clients cut within 6 s: {cut}")
        self.assertGreaterEqual(min(cut.values()), 1.8, cut)
        self.assertLessEqual(max(cut.values()), 4.0, cut)

    def test_threads_are_bounded_and_waiting_connections_get_in_later(self):
        # One process, 300 slow clients: at most 256 connections are served
        # at once (a thread each); the rest wait in the listen backlog until
        # the header timeout frees their places.
        server = RunningServer({"QR_IMPL": "spawn", "WORKERS": "1", "HEADER_TIMEOUT": "2"})
        slow = None
        try:
            slow = SlowClients(int(server.url.rsplit(":", 1)[1]), 300)
            time.sleep(1.0)
            with open(f"/proc/{server.proc.pid}/status") as f:
                threads = int(next(line for line in f if line.startswith("Threads:")).split()[1])
            late = latencies(server.url, count=1, timeout=8.0)
        finally:
            if slow is not None:
                slow.close()
            server.stop()
        print(f"# server.py, 1 process, 300 slow clients: {threads} threads; then {summary(late)}")
        self.assertLessEqual(threads, 256 + 4, "threads of the server process")
        self.assertEqual(late[0][1], 200, summary(late))
        self.assertLess(late[0][0], 6.0, summary(late))


class Configuration(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def test_a_failing_qr_path_is_a_500_with_a_message(self):
        # Passes the start-up check (one spawn), then fails: as a worker
        # (which dropped the connection with QR_IMPL=worker), and per spawn.
        mark = os.path.join(self.dir.name, "checked")
        real = os.path.abspath(QR_CLI)
        binary = fake_binary(self.dir.name, "\n".join([
            'if [ "$1" = --worker ]; then echo "qr-cli: no worker here" >&2; exit 1; fi',
            f"if [ -e '{mark}' ]; then echo 'qr-cli: broken' >&2; exit 4; fi",
            f"touch '{mark}'",
            f'exec \'{real}\' "$@"']))
        for impl, code in [("worker", "QR_WORKER_DIED"), ("spawn", "QR_INTERNAL")]:
            with self.subTest(impl=impl):
                if os.path.exists(mark):
                    os.remove(mark)
                server = RunningServer({"WORKERS": "1", "QR_IMPL": impl, "QR_CLI": binary})
                try:
                    for _ in range(2):
                        self.assertEqual(get_qr(server.url, "hello"),
                                         (500, "text/plain; charset=utf-8",
                                          b"failed generating QR code"))
                    self.assertTrue(wait_until(lambda: code in server.stderr()), server.stderr())
                finally:
                    server.stop()

    def test_start_up_check_exits_1_with_one_line(self):
        not_executable = os.path.join(self.dir.name, "qr-cli")
        open(not_executable, "w").close()
        for impl in ["worker", "spawn"]:
            for qr_cli in ["/nonexistent/qr-cli", not_executable]:
                done = subprocess.run([sys.executable, str(SERVER)], capture_output=True, text=True,
                                      env={**os.environ, "PORT": "0", "QR_IMPL": impl,
                                           "QR_CLI": qr_cli}, timeout=30)
                self.assertEqual(done.returncode, 1)
                self.assertEqual(done.stdout, "")
                self.assertEqual(len(done.stderr.splitlines()), 1, done.stderr)
                self.assertRegex(done.stderr, f"^example-server: qr-cli cannot run \\(QR_NOT_FOUND\\).*{qr_cli}")

    def test_unknown_impl_is_refused_by_name(self):
        with self.assertRaisesRegex(RuntimeError, r"unknown QR_IMPL 'nope' \(known: native, spawn, worker\)"):
            RunningServer({"QR_IMPL": "nope"})

    def test_bad_header_timeout_is_refused(self):
        for value in ["0", "3601", "1.5", "ten"]:
            with self.subTest(value=value):
                with self.assertRaisesRegex(RuntimeError, f"HEADER_TIMEOUT must be 1-3600 \\(seconds\\), not '{value}'"):
                    RunningServer({"HEADER_TIMEOUT": value})

    def test_native_start_up_check_without_the_extension_exits_1_with_one_line(self):
        # qr_cli._native hidden: importing it raises ImportError, as when it is not built.
        hide = ("import runpy, sys; sys.modules['qr_cli._native'] = None; "
                f"runpy.run_path({str(SERVER)!r}, run_name='__main__')")
        done = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True,
                              env={**os.environ, "PORT": "0", "QR_IMPL": "native"}, timeout=30)
        self.assertEqual(done.returncode, 1)
        self.assertEqual(done.stdout, "")
        self.assertEqual(len(done.stderr.splitlines()), 1, done.stderr)
        self.assertRegex(done.stderr, r"^example-server: .*QR_NATIVE_UNAVAILABLE.*make python-ext")


if __name__ == "__main__":
    unittest.main()
