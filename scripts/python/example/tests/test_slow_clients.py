"""Issue 25: slow clients must not stop the Flask and FastAPI apps, run by
the commands of README.md (gunicorn -c gunicorn.conf.py). 50 clients each
hold a connection with part of a request line or header, one more byte
every 0.5-1 s; meanwhile 20 normal requests must each be answered within
1 s. And the slow clients themselves are cut off after HEADER_TIMEOUT."""

import tempfile
import threading
import time
import unittest
from pathlib import Path
from urllib.parse import urlsplit

from example_support import QR_CLI, Server, decode_png, missing_commands
from slow_clients import SlowClients, cut_off, latencies, summary, timed_get

SLOW_CLIENTS = 50
WORST = 1.0  # s, for any normal request while the slow clients are held


def needs(*commands):
    missing = missing_commands(*commands)
    return unittest.skipIf(missing, f"{', '.join(missing)} not installed (scripts/setup.sh installs it)")


class SlowClientCase:
    server_name = None
    impls = ()

    def test_normal_requests_are_answered_while_50_slow_clients_hold_on(self):
        for impl in self.impls:
            with self.subTest(impl=impl):
                server = Server.python(self.server_name, {"QR_IMPL": impl, "WORKERS": "2"})
                slow = None
                try:
                    latencies(server.url, count=4)  # each process starts its qr-cli workers
                    slow = SlowClients(urlsplit(server.url).port, SLOW_CLIENTS)
                    slow_started = slow.started
                    # Let the server take them in before measuring.
                    time.sleep(1.0)
                    results = latencies(server.url)
                    held = slow.still_open()
                    held_for = time.monotonic() - slow_started
                finally:
                    if slow is not None:
                        slow.close()
                    server.stop()
                print(f"# {self.server_name} QR_IMPL={impl}: {SLOW_CLIENTS} slow clients held "
                      f"{held_for:.1f} s: {summary(results)}")
                self.assertEqual(held, SLOW_CLIENTS, "slow clients were cut before the measurement ended")
                self.assertEqual([status for _, status, _ in results], [200] * 20, summary(results))
                self.assertLess(max(took for took, _, _ in results), WORST, summary(results))
                self.assertEqual(decode_png(results[-1][2]), b"normal-19")

    def test_slow_clients_are_cut_off_after_the_header_timeout(self):
        server = Server.python(self.server_name, {"QR_IMPL": "worker", "WORKERS": "2",
                                                  "HEADER_TIMEOUT": "2"})
        all_cut, cut = cut_off(urlsplit(server.url).port, server.stop)
        if cut:
            print(f"# {self.server_name} HEADER_TIMEOUT=2: {len(cut)} of 12 slow clients cut "
                  f"{min(cut.values()):.1f}-{max(cut.values()):.1f} s after connecting")
        self.assertTrue(all_cut, f"only {len(cut)} of 12 slow clients cut within 6 s: {cut}")
        # Not before the timeout, and not long after it.
        self.assertGreaterEqual(min(cut.values()), 1.8, cut)
        self.assertLessEqual(max(cut.values()), 4.0, cut)


@needs("gunicorn", "zbarimg")
class FlaskGunicorn(SlowClientCase, unittest.TestCase):
    server_name = "flask"
    # The pool (pipes read by a thread) and spawn (a child per request)
    # are the paths that wait on something other than the client.
    impls = ("worker", "spawn")

    def test_a_pool_call_waiting_on_its_worker_does_not_hold_other_requests(self):
        # One server process whose `qr-cli --worker` child waits 2 s before
        # it reads its first request: a request waits on the pool meanwhile.
        # The pool's reader thread, locks and pipes are gevent's once it has
        # patched them, so the process answers other requests as it waits.
        with tempfile.TemporaryDirectory() as d:
            slow_worker = Path(d) / "slow-worker-qr-cli"
            slow_worker.write_text("#!/bin/sh\n"
                                   "case \"$1\" in --worker) sleep 2;; esac\n"
                                   f"exec '{QR_CLI}' \"$@\"\n")
            slow_worker.chmod(0o755)
            server = Server.python("flask", {"QR_IMPL": "worker", "WORKERS": "1",
                                             "QR_CLI": str(slow_worker)})
            try:
                pending = []
                waiting = threading.Thread(
                    target=lambda: pending.append(timed_get(server.url + "/qrcode?text=pending", 10)))
                waiting.start()
                time.sleep(0.3)
                others = [timed_get(server.url + "/qrcode", 3) for _ in range(5)]
                waiting.join(15)
            finally:
                server.stop()
        self.assertEqual([status for _, status, _ in others], [400] * 5, others)
        self.assertLess(max(took for took, _, _ in others), 0.5, others)
        took, status, body = pending[0]
        self.assertEqual(status, 200)
        self.assertGreater(took, 1.5)  # it did wait on the slow worker
        self.assertEqual(decode_png(body), b"pending")


@needs("gunicorn", "zbarimg")
class FastApiGunicornUvicorn(SlowClientCase, unittest.TestCase):
    server_name = "fastapi"
    impls = ("worker",)


if __name__ == "__main__":
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "tests" / "support"))
    import tap_unittest
    tap_unittest.main()
