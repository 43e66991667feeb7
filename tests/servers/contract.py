"""One contract, every example server (issue 24; docs/servers.md): each
server in SERVERS is started once, as its README says, every check below is
made against it, and it is stopped. Standard library only; the PNGs are read
back by zbarimg and compared byte for byte with qr-cli's own.

    /usr/bin/python3 tests/servers/contract.py          # TAP, every server
    SERVERS=node,flask /usr/bin/python3 tests/servers/contract.py

Adding a server is one entry in SERVERS: a name, the command (with {port}
where its port goes) and the environment it needs, for example

    "qr-server": ([str(REPO / "build" / "qr-server"), "--listen", "127.0.0.1:{port}"], {}),

and, if its HTTP layer answers some requests before the server can, those
cases in OWN_ANSWERS. A server is ready when GET /qrcode answers 400; one
whose program is not there is skipped with the reason.
"""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QR_CLI = os.environ.get("QR_CLI") or str(REPO / "build" / "qr-cli")
PYTHON = os.environ.get("PYTHON") or "/usr/bin/python3"
EXAMPLE = REPO / "scripts" / "python" / "example"
GUNICORN_CONF = str(EXAMPLE / "gunicorn.conf.py")
START_TIMEOUT = 60  # s for a server to answer its first request
CACHE_CONTROL = "public, max-age=31536000, immutable"
TEXT_PLAIN = "text/plain"
MAX_REQUEST_LINE = 8190  # the examples' common limit, docs/servers.md

# name: (argv, environment). "{port}" in either is the server's port. Every
# server gets QR_CLI, one process (WORKERS=1) and its default QR_IMPL.
SERVERS = {
    "node": (["node", str(REPO / "scripts/node/example/server.js")], {"PORT": "{port}"}),
    "stdlib": ([PYTHON, str(EXAMPLE / "server.py")], {"PORT": "{port}"}),
    "flask": (["gunicorn", "-c", GUNICORN_CONF, "flask_app:app"], {"PORT": "{port}"}),
    "fastapi": (["gunicorn", "-c", GUNICORN_CONF, "-k", "uvicorn.workers.UvicornWorker",
                 "fastapi_app:app"], {"PORT": "{port}"}),
    "uvicorn": (["uvicorn", "--app-dir", str(EXAMPLE), "--host", "127.0.0.1", "--port", "{port}",
                 "--no-access-log", "fastapi_app:app"],
                {"PYTHONPATH": str(REPO / "scripts" / "python")}),
    # The C server (docs/server.md); make test builds it (QR_SERVER).
    "qr-server": ([os.environ.get("QR_SERVER") or str(REPO / "build" / "qr-server"),
                   "--listen", "127.0.0.1:{port}", "--threads", "1"], {}),
}

# Where a server's HTTP layer answers before the server's own code can, the
# answer it gives instead of the contract's (measured; docs/servers.md lists
# them): (server, case) -> (status, Content-Type prefix).
OWN_ANSWERS = {
    # Plain uvicorn: h11 refuses a request line and headers over 16 KiB
    # while they are incomplete; uvicorn answers 400 text/plain itself.
    ("uvicorn", "request line of 100 KiB"): (400, TEXT_PLAIN),
    # qr-server: libevent 2.1 answers what it cannot parse, and a request
    # line plus headers over its own cap (the two limits and 1 KiB more),
    # before qr-server sees the request: 400 in text/html, with no hook
    # (docs/server.md).
    ("qr-server", "request line of 100 KiB"): (400, "text/html"),
    ("qr-server", "malformed request"): (400, "text/html"),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, target, headers=None, timeout=30):
    """(status, headers, body) of one request on a new connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        res = conn.getresponse()
        return res.status, res.headers, res.read()
    finally:
        conn.close()


def raw_exchange(port, data, method="GET", timeout=15, piece=None):
    """Sends raw request bytes (the server may stop reading early), in
    pieces of `piece` bytes 50 ms apart if given (as a slow network would:
    the server sees an incomplete request grow), then reads one answer:
    (status, headers, body), or (None, None, reason) when the connection
    closed without one."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            step = piece or len(data)
            for at in range(0, len(data), step):
                if at:
                    time.sleep(0.05)
                sock.sendall(data[at:at + step])
        except OSError:
            pass  # answered and closed while we sent: read what came
        res = http.client.HTTPResponse(sock, method=method)
        try:
            res.begin()
            return res.status, res.headers, res.read()
        except (OSError, http.client.HTTPException) as e:
            return None, None, repr(e)


def raw_bytes_after_head(port, target):
    """Everything a server sends for a HEAD with Connection: close."""
    data = (f"HEAD {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").encode()
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(data)
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def decode(png):
    """The bytes zbarimg reads from a PNG (b'' when none)."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "code.png"
        path.write_bytes(png)
        return subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", str(path)],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=30).stdout


def qr_cli_png(text):
    """qr-cli's PNG for these bytes at the endpoint's settings (level L,
    200 px), the text given on standard input byte for byte."""
    return subprocess.run([QR_CLI, "-l", "L", "-s", "200", "--keep-newline", "-i", "-"],
                          input=text, capture_output=True, check=True, timeout=30).stdout


class Server:
    def __init__(self, name):
        argv, env = SERVERS[name]
        self.port = free_port()
        fill = lambda v: v.replace("{port}", str(self.port))  # noqa: E731
        full_env = {**os.environ, "QR_CLI": QR_CLI, "WORKERS": "1"}
        for key, value in env.items():
            full_env[key] = fill(value)
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([fill(a) for a in argv], env=full_env, cwd=REPO,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {self.proc.returncode}: {self.stderr()}")
            try:
                if request(self.port, "GET", "/qrcode", timeout=5)[0] == 400:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{name} did not answer in {START_TIMEOUT} s: {self.stderr()}")
            time.sleep(0.1)

    def stderr(self):
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


# (query, the bytes it must give): the form decoding every server shares.
RAW_TEXTS = [
    ("text=%ff", b"\xff"),
    ("text=a%FFb%fe%80", b"a\xffb\xfe\x80"),
    ("text=%E4%B8%AD%E6%96%87", "中文".encode()),
    ("text=a+b%2Bc", b"a b+c"),
    ("text=100%", b"100%"),
    ("text=%zz%41%", b"%zzA%"),
    ("te%78t=by+name", b"by name"),
    ("other=1&text=%C3%A9t%C3%A9&more=2", "été".encode()),
    ("text=" + "%ff" * 512, b"\xff" * 512),
]

MISSING = 'missing "text" query param'
TOO_LONG = "text must be <= 512 bytes"
HAS_NUL = "text must not contain NUL"
REFUSED = [
    ("/qrcode", MISSING), ("/qrcode?", MISSING), ("/qrcode?text=", MISSING),
    ("/qrcode?text", MISSING), ("/qrcode?text=a&text=b", MISSING), ("/qrcode?txt=a", MISSING),
    ("/qrcode?text[]=a", MISSING), ("/qrcode?text[x]=a", MISSING), ("/qrcode?text=%00%00", HAS_NUL),
    ("/qrcode?text=" + "a" * 513, TOO_LONG), ("/qrcode?text=" + "%ff" * 513, TOO_LONG),
    ("/qrcode?text=" + "%E4%B8%AD" * 171, TOO_LONG),  # 513 bytes
    ("/qrcode?text=a%00b", HAS_NUL), ("/qrcode?text=%00", HAS_NUL),
]


class Contract:
    """The checks; a subclass per server names it."""
    name = None

    @classmethod
    def setUpClass(cls):
        cls.server = Server(cls.name)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def own_answer(self, case):
        return OWN_ANSWERS.get((self.name, case))

    def assert_png(self, answer, text):
        status, headers, body = answer
        self.assertEqual(status, 200, body[:200])
        self.assertEqual(headers["Content-Type"], "image/png")
        self.assertEqual(headers["Content-Length"], str(len(body)))
        self.assertEqual(headers["Cache-Control"], CACHE_CONTROL)
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(body, qr_cli_png(text), "not qr-cli's PNG of the same bytes")
        self.assertEqual(decode(body), text)

    def assert_plain(self, answer, status, message=None):
        got, headers, body = answer
        self.assertEqual(got, status, body[:200])
        self.assertTrue(headers["Content-Type"].startswith(TEXT_PLAIN), headers["Content-Type"])
        if message is not None:
            self.assertEqual(body.decode(), message)
        self.assertTrue(body, "an empty error body")

    def test_texts_are_the_bytes_sent(self):
        for query, text in RAW_TEXTS:
            with self.subTest(query=query[:40]):
                self.assert_png(request(self.server.port, "GET", "/qrcode?" + query), text)

    def test_refusals_are_400_with_the_words(self):
        for target, message in REFUSED:
            with self.subTest(target=target[:40]):
                self.assert_plain(request(self.server.port, "GET", target), 400, message)

    def test_head_is_get_without_the_body(self):
        target = "/qrcode?text=head%ff"
        status, get_headers, body = request(self.server.port, "GET", target)
        status, headers, _ = request(self.server.port, "HEAD", target)
        self.assertEqual(status, 200)
        for name in ["Content-Type", "Content-Length", "Cache-Control", "X-Content-Type-Options"]:
            self.assertEqual(headers[name], get_headers[name], name)
        self.assertEqual(headers["Content-Length"], str(len(body)))
        raw = raw_bytes_after_head(self.server.port, target)
        self.assertTrue(raw.startswith(b"HTTP/1.1 200"), raw[:100])
        self.assertEqual(raw.split(b"\r\n\r\n", 1)[1], b"", "HEAD sent a body")
        # A refused HEAD is the same refusal, without its body.
        status, headers, _ = request(self.server.port, "HEAD", "/qrcode")
        self.assertEqual(status, 400)
        self.assertTrue(headers["Content-Type"].startswith(TEXT_PLAIN))

    def test_other_paths_are_404_text_plain(self):
        for method in ["GET", "HEAD", "POST"]:
            for target in ["/", "/nope", "/qrcode/x?text=a", "/favicon.ico"]:
                with self.subTest(method=method, target=target):
                    status, headers, body = request(self.server.port, method, target)
                    self.assertEqual(status, 404, body[:200])
                    self.assertTrue(headers["Content-Type"].startswith(TEXT_PLAIN), headers["Content-Type"])

    def test_other_methods_are_405_with_allow(self):
        for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]:
            with self.subTest(method=method):
                answer = request(self.server.port, method, "/qrcode?text=a",
                                 headers={"Content-Length": "0"})
                self.assert_plain(answer, 405)
                self.assertEqual(answer[1]["Allow"], "GET, HEAD")

    def check_over_long(self, case, data, statuses):
        status, headers, body = raw_exchange(self.server.port, data, piece=8192)
        own = self.own_answer(case)
        if own:
            self.assertEqual((status, headers and headers["Content-Type"].split(";")[0]), own, body)
        else:
            self.assertIn(status, statuses, body)
            self.assertTrue(headers["Content-Type"].startswith(TEXT_PLAIN), headers["Content-Type"])
        # and the server still serves
        self.assertEqual(request(self.server.port, "GET", "/qrcode?text=still")[0], 200)

    def line_of(self, length):
        """A GET request line of exactly length bytes (the CRLF not
        counted): the text, then a padding parameter that the servers
        ignore."""
        head = "GET /qrcode?text=long-line&pad="
        tail = " HTTP/1.1"
        return head + "x" * (length - len(head) - len(tail)) + tail

    def test_request_line_at_the_limit_is_served(self):
        line = self.line_of(MAX_REQUEST_LINE)
        status, _, body = raw_exchange(
            self.server.port, f"{line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        self.assertEqual(status, 200, body[:200])
        self.assertEqual(decode(body), b"long-line")

    def test_request_line_over_the_limit_is_414(self):
        line = self.line_of(MAX_REQUEST_LINE + 1)
        self.check_over_long("request line over the limit",
                             f"{line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode(), {414})

    def test_request_line_of_100_kib_is_414_or_431(self):
        line = self.line_of(100 * 1024)
        self.check_over_long("request line of 100 KiB",
                             f"{line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode(), {414, 431})

    def test_header_of_20_kib_is_431(self):
        data = ("GET /qrcode?text=a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                f"X-Big: {'y' * 20 * 1024}\r\n\r\n").encode()
        self.check_over_long("header of 20 KiB", data, {431})

    def test_headers_over_16_kib_in_all_are_431(self):
        headers = "".join(f"X-H{i}: {'z' * 1000}\r\n" for i in range(17))  # 17 x 1007 bytes
        data = ("GET /qrcode?text=a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                f"{headers}\r\n").encode()
        self.check_over_long("headers over 16 KiB", data, {431})

    def test_header_of_9_kib_is_served(self):
        # Over gunicorn's default line limit (8190), inside the common one.
        data = ("GET /qrcode?text=big-header HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                f"X-Big: {'y' * 9 * 1024}\r\n\r\n").encode()
        status, _, body = raw_exchange(self.server.port, data, piece=8192)
        self.assertEqual(status, 200, body[:200])
        self.assertEqual(decode(body), b"big-header")

    def test_more_than_100_headers_are_431(self):
        headers = "".join(f"X-H{i}: z\r\n" for i in range(100))  # with Host: 101
        data = ("GET /qrcode?text=a HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"{headers}Connection: close\r\n\r\n").encode()
        self.check_over_long("more than 100 headers", data, {431})

    def test_a_malformed_request_is_400_text_plain(self):
        # (http.server takes a header line without a colon as a defect, not
        # an error: not a case here)
        for data in [b"HELLO\r\n\r\n", b"GET /qrcode?text=a HTTP/9.Z\r\n\r\n"]:
            with self.subTest(data=data):
                status, headers, body = raw_exchange(self.server.port, data)
                self.assertEqual(status, 400, body)
                own = self.own_answer("malformed request")
                self.assertEqual(headers["Content-Type"].split(";")[0],
                                 own[1] if own else TEXT_PLAIN)
                self.assertTrue(body)

    def test_raw_bytes_in_the_request_line_are_those_bytes_or_400(self):
        # Not percent-encoded: HTTP wants the request target in ASCII
        # (browsers encode it); curl and scripts may send UTF-8 as it is.
        # A server takes those bytes as the text, or refuses the request
        # with a 400 in text/plain; docs/servers.md says which does what.
        text = "déjà vu".encode()
        data = b"GET /qrcode?text=" + text.replace(b" ", b"+") + \
            b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        answer = raw_exchange(self.server.port, data)
        print(f"# {self.name}: raw UTF-8 in the request line: {answer[0]}", flush=True)
        if answer[0] == 400:
            self.assert_plain(answer, 400)
        else:
            self.assert_png(answer, text)


def missing_commands(argv):
    return [c for c in [argv[0], "zbarimg"] if shutil.which(c) is None]


def load_tests(loader, tests, pattern):
    chosen = [n for n in os.environ.get("SERVERS", ",".join(SERVERS)).split(",") if n]
    suite = unittest.TestSuite()
    for name in chosen:
        if name not in SERVERS:
            raise SystemExit(f"unknown server {name!r} (known: {', '.join(SERVERS)})")
        case = type(f"Contract_{name.replace('-', '_')}", (Contract, unittest.TestCase), {"name": name})
        missing = missing_commands(SERVERS[name][0])
        if missing:
            case = unittest.skip(f"{', '.join(missing)} not installed")(case)
        suite.addTests(loader.loadTestsFromTestCase(case))
    return suite


def main():
    sys.path.insert(0, str(REPO / "tests" / "support"))
    import tap_unittest

    print("TAP version 13", flush=True)
    result = tap_unittest.TapResult(sys.stdout)
    unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]).run(result)
    print(f"1..{result.count}")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
