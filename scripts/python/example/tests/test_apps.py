"""The Flask and FastAPI example apps as a user runs them (gunicorn, and
uvicorn), for every QR_IMPL: the endpoint's answers, headers and failures."""

import struct
import subprocess
import tempfile
import unittest
from pathlib import Path

from example_support import (QR_CLI, Server, decode_png, fake_qr_cli, get,
                             missing_commands, qr_path, run_to_exit)

IMPLS = ["qrcode", "segno", "spawn", "worker", "native"]
CACHE_CONTROL = "public, max-age=31536000, immutable"
TEXTS = ["https://example.com/a?b=c&d=e#f", "二维码 テスト 😀 & # % + spaces"]


def png_size(png):
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR", png[:16]
    return struct.unpack(">II", png[16:24])


def first_dark_on_diagonal(png):
    """Where the top-left finder pattern starts, in pixels from the corner."""
    import io

    from PIL import Image
    image = Image.open(io.BytesIO(png)).convert("L")
    return next(i for i in range(image.width) if image.getpixel((i, i)) < 128)


class AppCase:
    """One app (by server name) under every QR_IMPL; subclasses name it."""
    server_name = None

    @classmethod
    def setUpClass(cls):
        cls.servers = {}
        cls.failing_dir = tempfile.TemporaryDirectory()
        try:
            for impl in IMPLS:
                cls.servers[impl] = Server.python(cls.server_name, {"QR_IMPL": impl})
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for server in cls.servers.values():
            server.stop()
        cls.failing_dir.cleanup()

    def test_png_decodes_back_with_headers(self):
        for impl, server in self.servers.items():
            for text in TEXTS:
                with self.subTest(impl=impl, text=text):
                    status, headers, body = get(server.url, qr_path(text))
                    self.assertEqual(status, 200, body[:200])
                    self.assertEqual(headers["Content-Type"], "image/png")
                    self.assertEqual(headers["Content-Length"], str(len(body)))
                    self.assertEqual(headers["Cache-Control"], CACHE_CONTROL)
                    self.assertEqual(png_size(body), (200, 200))
                    self.assertEqual(decode_png(body), text.encode())

    def test_qr_cli_paths_answer_qr_clis_own_bytes(self):
        text = TEXTS[1]
        expected = subprocess.run([QR_CLI, "-l", "L", "-s", "200", "--", text],
                                  capture_output=True, check=True).stdout
        for impl in ["spawn", "worker", "native"]:
            with self.subTest(impl=impl):
                self.assertEqual(get(self.servers[impl].url, qr_path(text))[2], expected)

    def test_baselines_are_level_l(self):
        # 17 bytes fit version 1 (21 modules) only at level L; with the
        # 4-module margin scaled to 200 px, the finder starts at 800/29 px.
        for impl in ["qrcode", "segno"]:
            with self.subTest(impl=impl):
                status, _, body = get(self.servers[impl].url, qr_path("ABCDEFGHIJ-klmnop"))
                self.assertEqual(status, 200)
                self.assertAlmostEqual(800 / first_dark_on_diagonal(body), 29, delta=0.6)

    def assert_plain(self, answer, status, message):
        got_status, headers, body = answer
        self.assertEqual((got_status, body.decode()), (status, message))
        self.assertEqual(headers["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(headers["Content-Length"], str(len(body)))

    def test_bytes_that_are_not_utf8_are_kept(self):
        # %FF is the byte 0xFF in every implementation, the baselines too
        for impl, server in self.servers.items():
            with self.subTest(impl=impl):
                status, _, body = get(server.url, "/qrcode?text=a%FFb")
                self.assertEqual(status, 200)
                self.assertEqual(decode_png(body), b"a\xffb")

    def test_512_bytes_is_fine(self):
        for impl, server in self.servers.items():
            for text in ["b" * 512, "é" * 256]:
                with self.subTest(impl=impl, text=text[:3]):
                    status, _, body = get(server.url, qr_path(text))
                    self.assertEqual(status, 200)
                    self.assertEqual(decode_png(body), text.encode())

    def test_failing_qr_cli_is_500_with_a_message(self):
        binary = fake_qr_cli(self.failing_dir.name)
        for impl, text in [("spawn", "boom"), ("worker", "anything")]:
            with self.subTest(impl=impl):
                server = Server.python(self.server_name, {"QR_IMPL": impl, "QR_CLI": binary})
                try:
                    answer = get(server.url, qr_path(text))
                    self.assert_plain(answer, 500, "failed generating QR code")
                    self.assertEqual(answer[1]["Cache-Control"], "no-store")
                    # the server lives on: a good request is still answered
                    if impl == "spawn":
                        self.assertEqual(get(server.url, qr_path("fine"))[0], 200)
                finally:
                    server.stop()
                self.assertIn("example-server: ", server.stderr())

    def test_start_up_fails_fast_with_one_line(self):
        # QR_IMPL=native without the extension: a sitecustomize that hides
        # qr_cli._native (importing it raises ImportError, as when not built).
        hide = Path(self.failing_dir.name) / "hide-native"
        hide.mkdir(exist_ok=True)
        (hide / "sitecustomize.py").write_text("import sys\nsys.modules['qr_cli._native'] = None\n")
        for env, words in [({"QR_IMPL": "native", "PYTHONPATH": str(hide)},
                            "QR_IMPL=native cannot render (QR_NATIVE_UNAVAILABLE)"),
                           ({"QR_IMPL": "spawn", "QR_CLI": "/nonexistent/qr-cli"}, "qr-cli cannot run"),
                           ({"QR_IMPL": "worker", "QR_CLI": "/bin/false"}, "qr-cli cannot run"),
                           ({"QR_IMPL": "turbo"}, "unknown QR_IMPL 'turbo'"),
                           ({"HEADER_TIMEOUT": "0"}, "HEADER_TIMEOUT must be 1-3600")]:
            with self.subTest(env=env):
                status, stderr = run_to_exit(self.server_name, env)
                self.assertEqual(status, 1, stderr)
                self.assertEqual(len(stderr.splitlines()), 1, stderr)
                self.assertTrue(stderr.startswith("example-server: "), stderr)
                self.assertIn(words, stderr)


def needs(*commands):
    missing = missing_commands(*commands)
    return unittest.skipIf(missing, f"{', '.join(missing)} not installed (scripts/setup.sh installs it)")


@needs("gunicorn", "zbarimg")
class FlaskGunicorn(AppCase, unittest.TestCase):
    server_name = "flask"


@needs("gunicorn", "zbarimg")
class FastApiGunicornUvicorn(AppCase, unittest.TestCase):
    server_name = "fastapi"


@needs("uvicorn", "zbarimg")
class FastApiUvicorn(unittest.TestCase):
    """The single-process command of README.md."""

    def test_serves_and_fails_fast(self):
        server = Server.python("uvicorn", {"QR_IMPL": "worker"})
        try:
            status, headers, body = get(server.url, qr_path("uvicorn ✓"))
        finally:
            server.stop()
        self.assertEqual((status, headers["Cache-Control"]), (200, CACHE_CONTROL))
        self.assertEqual(decode_png(body), "uvicorn ✓".encode())
        status, stderr = run_to_exit("uvicorn", {"QR_IMPL": "spawn", "QR_CLI": "/nonexistent"})
        self.assertEqual(status, 1, stderr)
        self.assertEqual(len(stderr.splitlines()), 1, stderr)
        self.assertIn("example-server: QR_IMPL=spawn: qr-cli cannot run", stderr)


if __name__ == "__main__":
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "tests" / "support"))
    import tap_unittest
    tap_unittest.main()
