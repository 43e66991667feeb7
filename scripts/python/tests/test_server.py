"""server.py as a user runs it: forked workers on 127.0.0.1."""

import os
import subprocess
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from support import QR_CLI, RunningServer, decode, get_qr, wait_until


class Endpoint(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = RunningServer({"QR_IMPL": "spawn"})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_text_gives_png_that_decodes_back(self):
        for text in ["https://www.reddit.com/r/rustjerk/top/?t=all", "二维码 テスト 😀 ?q=ß"]:
            status, content_type, body = get_qr(self.server.url, text)
            self.assertEqual(status, 200)
            self.assertEqual(content_type, "image/png")
            self.assertEqual(decode(body), text.encode())

    def test_missing_text_is_400(self):
        for text in [None, ""]:
            status, _, body = get_qr(self.server.url, text)
            self.assertEqual(status, 400)
            self.assertEqual(body, b'missing "text" query param')

    def test_over_512_bytes_is_400_and_512_is_fine(self):
        for text in ["a" * 513, "中" * 171]:  # 513 UTF-8 bytes each
            status, _, body = get_qr(self.server.url, text)
            self.assertEqual(status, 400)
            self.assertEqual(body, b"text must be <= 512 bytes")
        status, _, body = get_qr(self.server.url, "b" * 512)
        self.assertEqual(status, 200)
        self.assertEqual(decode(body), b"b" * 512)

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


class Configuration(unittest.TestCase):
    def test_tool_failure_is_500(self):
        server = RunningServer({"WORKERS": "1", "QR_CLI": "/nonexistent/qr-cli"})
        try:
            status, _, body = get_qr(server.url, "hello")
            self.assertEqual(status, 500)
            self.assertEqual(body, b"failed generating QR code")
            self.assertTrue(wait_until(lambda: "qr-cli not found at /nonexistent/qr-cli" in server.stderr()))
        finally:
            server.stop()

    def test_unknown_impl_is_refused_by_name(self):
        with self.assertRaisesRegex(RuntimeError, r"unknown QR_IMPL 'nope' \(known: spawn, worker\)"):
            RunningServer({"QR_IMPL": "nope"})


if __name__ == "__main__":
    unittest.main()
