"""spawn_qr_png and spawn_qr_png_async against the real qr-cli and fakes."""
import asyncio
import errno
import os
import signal
import tempfile
import threading
import time
import unittest
import unittest.mock
from pathlib import Path

from support import PNG_SIGNATURE, QR_CLI, SPAWN_PATHS, decode, fake_binary, is_alive, png_width
import qr_cli
from qr_cli import QrCliError, _spawn
from qr_cli._slots import Slots


class RealBinary(unittest.TestCase):
    def test_png_decodes_back_to_the_text(self):
        for name, call in SPAWN_PATHS.items():
            for text, expected in [("https://example.com/?q=二维码&emoji=😀",
                                    "https://example.com/?q=二维码&emoji=😀".encode()),
                                   (b"\xe4\xb8\xad\xff bytes", b"\xe4\xb8\xad\xff bytes")]:
                with self.subTest(path=name, text=text):
                    png = call(text, {}, {"qr_cli": QR_CLI})
                    self.assertEqual(png[:8], PNG_SIGNATURE)
                    self.assertEqual(png_width(png), 200)
                    self.assertEqual(decode(png), expected)

    def test_options_become_flags(self):
        for name, call in SPAWN_PATHS.items():
            png = call("options", {"level": "h", "size": 300, "margin": 2, "fg": "#123456",
                                   "bg": "#fedcba"}, {"qr_cli": QR_CLI})
            self.assertEqual(png_width(png), 300, name)
            self.assertEqual(decode(png), b"options")

    def test_option_like_and_shell_like_texts_stay_text(self):
        with tempfile.TemporaryDirectory() as d:
            for text in [f"-o{Path(d) / 'x'}", "--help", "--version", "-", "$(id)", "`id`"]:
                self.assertEqual(decode(qr_cli.spawn_qr_png(text, qr_cli=QR_CLI)), text.encode())
            self.assertEqual(os.listdir(d), [])

    def test_encode_failures_carry_status_2_and_the_tools_line(self):
        for name, call in SPAWN_PATHS.items():
            with self.subTest(path=name):
                with self.assertRaises(QrCliError) as caught:
                    call("x" * 3000, {}, {"qr_cli": QR_CLI})
                e = caught.exception
                self.assertEqual((e.code, e.status), ("QR_ENCODE", 2))
                self.assertRegex(e.stderr, r"^qr-cli: text is 3000 bytes, too long")
                self.assertEqual(str(e), e.stderr)
                with self.assertRaises(QrCliError) as caught:
                    call("", {}, {"qr_cli": QR_CLI})
                self.assertEqual((caught.exception.code, caught.exception.stderr),
                                 ("QR_ENCODE", "qr-cli: text is empty"))
                with self.assertRaises(QrCliError) as caught:  # refused without a process
                    call("x" * 7090, {}, {"qr_cli": "/nonexistent"})
                self.assertEqual((caught.exception.code, caught.exception.status), ("QR_ENCODE", 2))


class Failures(unittest.TestCase):
    """Every error code a spawn can give, through both spawn paths."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def expect(self, body, code, status=None, **settings):
        binary = fake_binary(self.dir.name, body) if body is not None else None
        errors = []
        for name, call in SPAWN_PATHS.items():
            with self.subTest(path=name, code=code):
                started = time.monotonic()
                with self.assertRaises(QrCliError) as caught:
                    call("x", {}, {"qr_cli": binary, **settings} if binary else settings)
                self.assertEqual((caught.exception.code, caught.exception.status), (code, status))
                self.assertLess(time.monotonic() - started, 5)
                errors.append(caught.exception)
        return errors

    def test_exit_statuses_become_codes(self):
        for status, code in [(1, "QR_USAGE"), (2, "QR_ENCODE"), (3, "QR_IO"), (4, "QR_INTERNAL"),
                             (127, "QR_INTERNAL")]:
            for e in self.expect(f"echo 'qr-cli: failure {status}' >&2\nexit {status}", code, status):
                self.assertEqual(e.stderr, f"qr-cli: failure {status}")
                self.assertEqual(e.message, f"qr-cli: failure {status}")

    def test_a_signal_is_qr_signal(self):
        for e in self.expect("kill -SEGV $$", "QR_SIGNAL"):
            self.assertEqual(e.signal, signal.SIGSEGV)
            self.assertIn("SIGSEGV", str(e))

    def test_missing_or_not_executable_binary_is_not_found(self):
        for e in self.expect(None, "QR_NOT_FOUND", qr_cli="/nonexistent/qr-cli"):
            self.assertIn("/nonexistent/qr-cli", str(e))
        plain = Path(self.dir.name) / "plain"
        plain.write_text("#!/bin/sh\n")
        self.expect(None, "QR_NOT_FOUND", qr_cli=str(plain))
        broken = fake_binary(self.dir.name, "", name="broken")
        Path(broken).write_bytes(b"\x7fELF garbage")
        self.expect(None, "QR_NOT_FOUND", qr_cli=broken)

    def test_os_refusal_is_qr_spawn(self):
        refusal = OSError(errno.EAGAIN, "Resource temporarily unavailable")
        with unittest.mock.patch("subprocess.Popen", side_effect=refusal):
            with self.assertRaises(QrCliError) as caught:
                qr_cli.spawn_qr_png("x", qr_cli=QR_CLI)
        self.assertEqual(caught.exception.code, "QR_SPAWN")
        self.assertIn("Resource temporarily unavailable", str(caught.exception))

        async def refused():
            loop = asyncio.get_running_loop()
            with unittest.mock.patch.object(loop, "subprocess_exec", side_effect=refusal):
                await qr_cli.spawn_qr_png_async("x", qr_cli=QR_CLI)
        with self.assertRaises(QrCliError) as caught:
            asyncio.run(refused())
        self.assertEqual(caught.exception.code, "QR_SPAWN")

    def test_timeout_kills_the_child(self):
        pid_file = Path(self.dir.name) / "pid"
        for e in self.expect(f"echo $$ > '{pid_file}'\nexec sleep 30", "QR_TIMEOUT", timeout=0.3):
            self.assertIn("0.3 s", str(e))
            self.assertFalse(is_alive(int(pid_file.read_text())))

    def test_timeout_settles_when_a_grandchild_holds_the_pipes(self):
        # A wrapper script whose background sleep keeps stdout and stderr
        # open: the answer comes on the child's exit, not at the pipes' end.
        pids = Path(self.dir.name) / "pids"
        self.addCleanup(lambda: [os.kill(int(p), signal.SIGKILL) for p in pids.read_text().split()
                                 if is_alive(int(p))])
        self.expect(f"sleep 30 &\necho $! >> '{pids}'\nexec sleep 30", "QR_TIMEOUT", timeout=0.5)
        binary = fake_binary(self.dir.name, f"sleep 30 &\necho $! >> '{pids}'\nprintf png",
                             name="quick")
        for name, call in SPAWN_PATHS.items():
            started = time.monotonic()
            self.assertEqual(call("x", {}, {"qr_cli": binary, "timeout": 5}), b"png", name)
            self.assertLess(time.monotonic() - started, 2, name)

    def test_cancelled_async_call_leaves_no_child(self):
        pid_file = Path(self.dir.name) / "pid"
        binary = fake_binary(self.dir.name, f"echo $$ > '{pid_file}'\nexec sleep 30")

        async def main():
            task = asyncio.ensure_future(qr_cli.spawn_qr_png_async("x", qr_cli=binary))
            while not pid_file.exists() or not pid_file.read_text().strip():
                await asyncio.sleep(0.02)
            task.cancel()
            with self.assertRaises(asyncio.CancelledError):
                await task
        asyncio.run(main())
        self.assertTrue(wait_dead(int(pid_file.read_text())))


def wait_dead(pid):
    deadline = time.monotonic() + 5
    while is_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not is_alive(pid)


class ConcurrencyBound(unittest.TestCase):
    """QR_CLI_CONCURRENCY bounds the children of the whole process: blocking
    calls in threads and asyncio calls in several loops together."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        patcher = unittest.mock.patch.object(_spawn, "_slots", Slots(3))
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_threads_and_loops_together_stay_within_the_bound(self):
        log = Path(self.dir.name) / "log"
        binary = fake_binary(self.dir.name,
                             f"echo start >> '{log}'\nsleep 0.1\necho end >> '{log}'\nprintf png")
        results = []

        def blocking(i):
            results.append(qr_cli.spawn_qr_png(f"t{i}", qr_cli=binary))

        def loop():
            async def burst():
                return await asyncio.gather(*(qr_cli.spawn_qr_png_async("a", qr_cli=binary)
                                              for _ in range(6)))
            results.extend(asyncio.run(burst()))

        threads = [threading.Thread(target=blocking, args=(i,)) for i in range(6)]
        threads += [threading.Thread(target=loop) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(results, [b"png"] * 18)
        now = peak = 0
        lines = log.read_text().split()
        for line in lines:
            now += 1 if line == "start" else -1
            peak = max(peak, now)
        self.assertEqual(len(lines), 36)
        self.assertEqual(peak, 3)
        self.assertEqual(_spawn._slots.in_use(), 0)

    def test_bound_from_env(self):
        with unittest.mock.patch.dict(os.environ, {"QR_CLI_CONCURRENCY": "7"}), \
                unittest.mock.patch.object(_spawn, "_slots", None):
            self.assertEqual(_spawn.spawn_slots().limit, 7)
        with unittest.mock.patch.dict(os.environ, {"QR_CLI_CONCURRENCY": "lots"}), \
                unittest.mock.patch.object(_spawn, "_slots", None):
            with self.assertRaises(QrCliError) as caught:
                qr_cli.spawn_qr_png("x", qr_cli=QR_CLI)
            self.assertEqual(caught.exception.code, "QR_INVALID_ARGUMENT")


if __name__ == "__main__":
    unittest.main()
