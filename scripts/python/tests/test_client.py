"""qr_cli_client against the real qr-cli and against fake binaries."""

import asyncio
import os
import tempfile
import threading
import time
import unittest
import unittest.mock
from pathlib import Path

from support import QR_CLI, decode, fake_binary, is_alive
from qr_cli_client import QrCli, QrCliError, build_args, core_count

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_width(png):
    return int.from_bytes(png[16:20], "big")  # IHDR width


class RealBinary(unittest.TestCase):
    def setUp(self):
        self.client = QrCli(binary=QR_CLI)
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def test_png_decodes_back_to_utf8_text(self):
        text = "https://example.com/?q=二维码&emoji=😀"
        png = self.client.qr_png(text)
        self.assertEqual(png[:8], PNG_SIGNATURE)
        self.assertEqual(png_width(png), 200)
        self.assertEqual(decode(png), text.encode())

    def test_bytes_pass_unchanged(self):
        raw = b"\xe4\xb8\xad\xff bytes"
        self.assertEqual(decode(self.client.qr_png(raw)), raw)

    def test_async_variant(self):
        png = asyncio.run(self.client.qr_png_async("async", size=300))
        self.assertEqual(png_width(png), 300)
        self.assertEqual(decode(png), b"async")

    def test_options_become_flags(self):
        png = self.client.qr_png("options", level="H", size=300, margin=2, fg="#123456", bg="#fedcba")
        self.assertEqual(png_width(png), 300)
        self.assertEqual(decode(png), b"options")

    def test_option_like_and_shell_like_texts_stay_text(self):
        target = Path(self.dir.name) / "x"
        for text in [f"-o{target}", "--help", "--version", "-", "$(id)", "; rm -rf /", "`id`"]:
            self.assertEqual(decode(self.client.qr_png(text)), text.encode(), text)
        self.assertEqual(os.listdir(self.dir.name), [])

    def test_too_long_text_raises_exit_code_2_with_message(self):
        for call in (lambda t: self.client.qr_png(t),
                     lambda t: asyncio.run(self.client.qr_png_async(t))):
            with self.assertRaises(QrCliError) as caught:
                call("x" * 3000)
            self.assertEqual(caught.exception.code, "QR_CLI_EXIT")
            self.assertEqual(caught.exception.exit_code, 2)
            self.assertRegex(caught.exception.stderr, r"^qr-cli: text is 3000 bytes, too long")
            self.assertIn("exited with code 2: qr-cli: text is 3000 bytes", str(caught.exception))

    def test_bad_option_value_raises_exit_code_1(self):
        with self.assertRaises(QrCliError) as caught:
            self.client.qr_png("x", level="Z")
        self.assertEqual(caught.exception.exit_code, 1)
        self.assertIn("invalid -l/--level 'Z'", caught.exception.stderr)

    def test_arguments_checked_before_spawning(self):
        with self.assertRaisesRegex(TypeError, "unknown option 'output'"):
            build_args("x", {"output": "/tmp/x"})
        with self.assertRaisesRegex(TypeError, "'size' must be an int"):
            build_args("x", {"size": "200"})
        with self.assertRaisesRegex(ValueError, "NUL"):
            build_args("a\0b", {})
        self.assertEqual(build_args("-x", {"level": "M", "scale": 4}),
                         ["--level", "M", "--scale", "4", "--", "-x"])


class Failures(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def slow_binary(self):
        pid_file = Path(self.dir.name) / "pid"
        binary = fake_binary(self.dir.name, f"echo $$ > '{pid_file}'\nexec sleep 30")
        return binary, pid_file

    def assert_killed(self, pid_file):
        pid = int(pid_file.read_text())
        self.assertGreater(pid, 0)
        self.assertFalse(is_alive(pid))

    def test_timeout_kills_the_child(self):
        binary, pid_file = self.slow_binary()
        started = time.monotonic()
        with self.assertRaisesRegex(QrCliError, r"timed out after 0.3 s and was killed") as caught:
            QrCli(binary=binary, timeout=0.3).qr_png("slow")
        self.assertEqual(caught.exception.code, "QR_CLI_TIMEOUT")
        self.assertLess(time.monotonic() - started, 5)
        self.assert_killed(pid_file)

    def test_async_timeout_kills_the_child(self):
        binary, pid_file = self.slow_binary()
        with self.assertRaises(QrCliError) as caught:
            asyncio.run(QrCli(binary=binary, timeout=0.3).qr_png_async("slow"))
        self.assertEqual(caught.exception.code, "QR_CLI_TIMEOUT")
        self.assert_killed(pid_file)

    def test_missing_binary_is_named(self):
        binary = str(Path(self.dir.name) / "no-such-qr-cli")
        client = QrCli(binary=binary)
        for call in (lambda: client.qr_png("x"), lambda: asyncio.run(client.qr_png_async("x"))):
            with self.assertRaises(QrCliError) as caught:
                call()
            self.assertEqual(caught.exception.code, "QR_CLI_NOT_FOUND")
            self.assertIn(binary, str(caught.exception))
            self.assertIn("QR_CLI", str(caught.exception))

    def test_binary_from_qr_cli_env(self):
        with unittest.mock.patch.dict(os.environ, {"QR_CLI": "/from/env/qr-cli"}):
            self.assertEqual(QrCli().binary, "/from/env/qr-cli")

    def test_bound_from_qr_cli_concurrency_env(self):
        with unittest.mock.patch.dict(os.environ, {"QR_CLI_CONCURRENCY": "7"}):
            self.assertEqual(QrCli().max_concurrency, 7)
        with unittest.mock.patch.dict(os.environ, {"QR_CLI_CONCURRENCY": "lots"}):
            with self.assertRaisesRegex(ValueError, "QR_CLI_CONCURRENCY"):
                QrCli()

    def test_default_concurrency_is_two_per_core(self):
        with unittest.mock.patch.dict(os.environ):
            os.environ.pop("QR_CLI_CONCURRENCY", None)
            self.assertEqual(QrCli().max_concurrency, 2 * core_count())

    def peak_overlap(self, log):
        """The most fake children that ran at once, from their start/end log."""
        now = peak = 0
        lines = log.read_text().split()
        for line in lines:
            now += 1 if line == "start" else -1
            peak = max(peak, now)
        return peak, len(lines)

    def counting_client(self, bound):
        log = Path(self.dir.name) / "log"
        binary = fake_binary(self.dir.name,
                             f"echo start >> '{log}'\nsleep 0.1\necho end >> '{log}'\nprintf png")
        return QrCli(binary=binary, max_concurrency=bound), log

    def test_blocking_calls_stay_within_the_bound(self):
        client, log = self.counting_client(3)
        results = []
        threads = [threading.Thread(target=lambda i=i: results.append(client.qr_png(f"t{i}")))
                   for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(results, [b"png"] * 12)
        peak, lines = self.peak_overlap(log)
        self.assertEqual(lines, 24)
        self.assertLessEqual(peak, 3)
        self.assertGreaterEqual(peak, 2)

    def test_async_calls_stay_within_the_bound(self):
        client, log = self.counting_client(3)

        async def burst():
            return await asyncio.gather(*(client.qr_png_async(f"t{i}") for i in range(12)))

        self.assertEqual(asyncio.run(burst()), [b"png"] * 12)
        peak, lines = self.peak_overlap(log)
        self.assertEqual(lines, 24)
        self.assertLessEqual(peak, 3)
        self.assertGreaterEqual(peak, 2)


if __name__ == "__main__":
    unittest.main()
