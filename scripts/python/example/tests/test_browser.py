"""The endpoint the way its users' users meet it: <img src="/qrcode?text=...">
in a page that headless Chromium loads. For each example server (Node,
Flask under gunicorn, FastAPI under uvicorn), a page with a fixed grid of
codes is served from this test on another port (an <img> may load from any
origin), Chromium takes a screenshot, each grid cell is cut out with Pillow
and decoded with zbarimg: every payload must come back byte for byte. The
headers a browser and a CDN need are checked on the same URLs."""

import html
import os
import shutil
import subprocess
import tempfile
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from example_support import REPO, QR_CLI, Server, decode, free_port, get, qr_path

# The Node example server, the one place that names it.
NODE_SERVER = REPO / "scripts" / "node" / "example" / "server.js"

CACHE_CONTROL = "public, max-age=31536000, immutable"
TEXTS = [
    "https://example.com/",
    "https://www.reddit.com/r/rustjerk/top/?t=all",
    "https://shop.example.org/p?id=42&utm_source=qr&utm_medium=print#reviews",
    "mailto:someone@example.com?subject=Hello%20there&body=Hi",
    "tel:+441234567890",
    "geo:59.124795,154.311455?q=café crème",
    "WIFI:T:WPA;S:My Net;P:p@ss+word#1;;",
    "BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nTEL:+1-555-0100\nEND:VCARD",
    "二维码测试 中文",
    "日本語のテキスト、カタカナ",
    "한국어 텍스트",
    "emoji 😀🎉👍🏽 ok",
    "Ελληνικά Русский العربية עברית",
    "a & b # c % d + e f",
    "100% + 50% = 150% & #1 ?x=y",
    "  leading and trailing spaces  ",
    "plus+plus and%20not-a-space",
    "<script>alert('x')</script>\"quoted\"",
    "tab\there; semicolon = equals",
    "01234567890123456789012345",
    "x",
    "0123456789abcdef" * 32,      # 512 characters, the limit
    "日本語" * 50,                 # 150 characters, 450 UTF-8 bytes
    "https://例え.jp/パス?クエリ=値&emoji=🚀",
]
COLUMNS, CELL, ORIGIN, CODE = 6, 240, 20, 200
ROWS = -(-len(TEXTS) // COLUMNS)
WINDOW = (ORIGIN + COLUMNS * CELL, ORIGIN + ROWS * CELL)


def cell_origin(i):
    return ORIGIN + (i % COLUMNS) * CELL, ORIGIN + (i // COLUMNS) * CELL


def page(server_url):
    """The grid: each code at a known place, at its own 200 x 200 size."""
    images = []
    for i, text in enumerate(TEXTS):
        x, y = cell_origin(i)
        src = html.escape(server_url + qr_path(text), quote=True)
        images.append(f'<img src="{src}" width="{CODE}" height="{CODE}" alt="code {i}" '
                      f'style="position:absolute;left:{x}px;top:{y}px">')
    return ("<!doctype html><html><head><meta charset=\"utf-8\"><title>codes</title></head>"
            "<body style=\"margin:0;background:#fff\">" + "".join(images) + "</body></html>")


class PageServer:
    """Serves one HTML page at / from this process, on a free port."""

    def __init__(self, body):
        data = body.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def chromium_screenshot(url, out, size, timeout=90):
    """Runs headless Chromium on url with a new profile; (status, stderr)."""
    with tempfile.TemporaryDirectory() as profile:
        argv = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
                f"--user-data-dir={profile}", f"--screenshot={out}",
                f"--window-size={size[0]},{size[1]}", url]
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)  # Chromium and the helpers it started
            proc.communicate()
            return None, "timed out"
        return proc.returncode, stderr.decode("utf-8", "replace")


def chromium_cannot_run():
    """Why Chromium cannot run here (a skip reason), or None."""
    if shutil.which("chromium") is None:
        return "chromium is not installed (scripts/setup.sh installs it)"
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "blank.png"
        status, stderr = chromium_screenshot("about:blank", out, (100, 100), timeout=60)
        if status != 0 or not out.exists():
            last = stderr.strip().splitlines()[-1:] if stderr else []
            return f"chromium cannot take a screenshot here (status {status}): {' '.join(last)}"
    return None


class BrowserCase:
    """One server; subclasses say which (start())."""

    @classmethod
    def setUpClass(cls):
        cls.server = cls.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_every_code_decodes_from_the_screenshot(self):
        from PIL import Image
        pages = PageServer(page(self.server.url))
        with tempfile.TemporaryDirectory() as d:
            shot = Path(d) / "page.png"
            try:
                status, stderr = chromium_screenshot(pages.url, shot, WINDOW)
            finally:
                pages.close()
            self.assertEqual(status, 0, stderr[-2000:])
            screen = Image.open(shot).convert("RGB")
            self.assertEqual(screen.size, WINDOW)
            wrong = []
            for i, text in enumerate(TEXTS):
                x, y = cell_origin(i)
                crop = Path(d) / f"code{i}.png"
                screen.crop((x - 10, y - 10, x + CODE + 10, y + CODE + 10)).save(crop)
                got = decode(crop)
                if got != text.encode():
                    wrong.append(f"code {i}: expected {text!r}, decoded {got!r}")
            self.assertEqual(wrong, [], "\n".join(wrong))

    def test_headers_for_browsers_and_caches(self):
        policies = set()
        for text in TEXTS:
            with self.subTest(text=text[:30]):
                status, headers, body = get(self.server.url, qr_path(text))
                self.assertEqual(status, 200)
                self.assertEqual(headers["Content-Type"], "image/png")
                self.assertEqual(headers["Content-Length"], str(len(body)))
                policies.add(headers.get("Cache-Control"))
        self.check_cache_control(policies)

    def check_cache_control(self, policies):
        self.assertEqual(policies, {CACHE_CONTROL})


SKIP = chromium_cannot_run()


@unittest.skipIf(SKIP, SKIP)
class NodeServerInChromium(BrowserCase, unittest.TestCase):
    @classmethod
    def start(cls):
        if shutil.which("node") is None:
            raise unittest.SkipTest("node is not installed (scripts/setup.sh installs it)")
        env = {**os.environ, "PORT": "0", "WORKERS": "1", "QR_IMPL": "worker", "QR_CLI": QR_CLI}
        return Server(["node", str(NODE_SERVER)], env)


@unittest.skipIf(SKIP, SKIP)
class FlaskGunicornInChromium(BrowserCase, unittest.TestCase):
    @classmethod
    def start(cls):
        return Server.python("flask", {"QR_IMPL": "worker"})


@unittest.skipIf(SKIP, SKIP)
class FastApiUvicornInChromium(BrowserCase, unittest.TestCase):
    @classmethod
    def start(cls):
        return Server.python("uvicorn", {"QR_IMPL": "worker"})


@unittest.skipIf(SKIP, SKIP)
class QrServerInChromium(BrowserCase, unittest.TestCase):
    """qr-server, the C server (docs/server.md), as the page's <img> source."""

    @classmethod
    def start(cls):
        binary = os.environ.get("QR_SERVER") or str(REPO / "build" / "qr-server")
        if not os.access(binary, os.X_OK):
            raise unittest.SkipTest(f"{binary} is not built (make)")
        port = free_port()
        return Server([binary, "--listen", f"127.0.0.1:{port}", "--threads", "1"],
                      dict(os.environ), port)


if __name__ == "__main__":
    import sys
    sys.path.insert(0, str(REPO / "tests" / "support"))
    import tap_unittest
    tap_unittest.main()
