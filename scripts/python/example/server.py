"""Example server: the reference article's QR endpoint over the qr_cli
package, standard library only.

    python3 scripts/python/example/server.py

GET and HEAD /qrcode?text=... answer the PNG (image/png; the text is the
bytes the client percent-encoded, %ff the byte 0xFF); 400 text/plain
'missing "text" query param', 'text must be <= 512 bytes' or 'text must
not contain NUL'; 500 'failed generating QR code' when the QR path fails
(the error goes to stderr); 404 for other paths, 405 for other methods,
414/431 for over-long requests, all text/plain: the contract every example
server keeps (docs/servers.md). Environment: README.md of the package
(scripts/python/README.md, "Example server"); HEADER_TIMEOUT (seconds, 1-3600,
default 10) is the time a connection has to send a whole request line and
headers, from when it connected or got its previous answer; then it is
closed. Each process serves at most MAX_CONNECTIONS (256) connections at
once, a thread each; more wait in the listen backlog (issue 25: slow
clients neither stop the server nor stay for ever).

When every process is up, the first one prints one line on stdout:
  example-server: QR_IMPL=worker WORKERS=2 listening on http://127.0.0.1:42069
SIGTERM or SIGINT to it stops the others, then itself. It exits 1 with one
line on stderr if a setting is wrong or qr-cli cannot run.
"""
import functools
import io
import os
import signal
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, NoReturn, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

try:
    import qr_cli
except ImportError:  # run from the checkout without installing the package
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    import qr_cli

HOST = "127.0.0.1"
MAX_TEXT_BYTES = 512
MISSING = 'missing "text" query param'
TOO_LONG = f"text must be <= {MAX_TEXT_BYTES} bytes"
HAS_NUL = "text must not contain NUL"
FAILED = "failed generating QR code"
NOT_FOUND = "not found"
METHOD_NOT_ALLOWED = "method not allowed"
REQUEST_LINE_TOO_LONG = "request line too long"
HEADERS_TOO_LARGE = "request headers too large"
TEXT_PLAIN = "text/plain; charset=utf-8"

# QR implementations by QR_IMPL name: text bytes -> PNG bytes. The pool is
# this process's (made on first use, so after the fork).
IMPLEMENTATIONS: Dict[str, Callable[[bytes], bytes]] = {
    "worker": qr_cli.qr_png,
    "spawn": qr_cli.spawn_qr_png,
    # libqrpng in this process (the C extension qr_cli._native, make python-ext)
    "native": functools.partial(qr_cli.qr_png, impl="native"),
}
DEFAULT_IMPL = "worker"
# Slow clients (issue 25): a connection has HEADER_TIMEOUT seconds to send a
# whole request line and headers, counted from when it connected or got its
# previous answer; each process serves at most MAX_CONNECTIONS connections
# at once (a thread each), the others wait in the listen backlog.
DEFAULT_HEADER_TIMEOUT = 10
MAX_CONNECTIONS = 256
# The examples' common request limits (docs/servers.md): a request line of
# at most 8190 bytes, else 414; at most 100 header lines of at most 16 KiB
# in all, else 431 (http.client refuses more than 100 itself).
MAX_REQUEST_LINE = 8190
MAX_HEADER_BYTES = 16384
MAX_HEADERS = 100  # http.client's own bound too
CACHE_CONTROL = "public, max-age=31536000, immutable"


def fail(message: str) -> NoReturn:
    print(f"example-server: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def check_text(query: str) -> Tuple[Optional[bytes], Optional[str]]:
    """(text bytes, None) or (None, the 400 message). The query (latin-1
    code points, as http.server decodes the request line) is parsed as
    application/x-www-form-urlencoded: '+' is a space and each %XX the byte
    XX, so `%ff` is the byte 0xFF and the text is the bytes the client sent
    (a malformed escape such as `100%` stays as written). Exactly one
    `text`: a repeated one is missing. The same rule as every example
    server (docs/servers.md)."""
    texts = parse_qs(query, keep_blank_values=True, encoding="latin-1").get("text", [])
    if len(texts) != 1 or texts[0] == "":
        return None, MISSING
    text = texts[0].encode("latin-1")
    if len(text) > MAX_TEXT_BYTES:
        return None, TOO_LONG
    if b"\0" in text:
        return None, HAS_NUL
    return text, None


class _DeadlineReader(io.RawIOBase):
    """The connection's reads, each given only the time left until the
    deadline (when one is set): a client that sends a byte now and then
    cannot stretch a per-read timeout for ever."""

    def __init__(self, sock: socket.socket, idle_timeout: float) -> None:
        self.sock = sock
        self.idle_timeout = idle_timeout
        self.deadline: Optional[float] = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.deadline is None:
            self.sock.settimeout(self.idle_timeout)
        else:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("request line and headers not sent in time")
            self.sock.settimeout(left)
        return self.sock.recv_into(buffer)


class QrHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as load generators expect
    qr_png: Callable[[bytes], bytes] = staticmethod(qr_cli.qr_png)  # set by main
    header_timeout: float = DEFAULT_HEADER_TIMEOUT  # set by main

    def setup(self) -> None:
        super().setup()
        # Reads go through the deadline; writes (small answers) get the
        # header timeout for each send.
        self.connection.settimeout(self.header_timeout)
        self._reader = _DeadlineReader(self.connection, self.header_timeout)
        self.rfile = io.BufferedReader(self._reader)

    def handle_one_request(self) -> None:
        # BaseHTTPRequestHandler's, with the common request-line limit and
        # every method dispatched here (its default for an unknown one is a
        # 501 in HTML).
        # The clock starts when the server waits for a request line: on
        # connecting, and after each answer on a kept-alive connection.
        self._reader.deadline = time.monotonic() + self.header_timeout
        try:
            self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 3)
            if len(self.raw_requestline.rstrip(b"\r\n")) > MAX_REQUEST_LINE:
                self.requestline = ""
                self.request_version = ""
                self.command = ""
                self.send_error(414)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():  # an error has been sent
                return
            if self.command == "GET":
                self.do_GET()
            elif self.command == "HEAD":
                self.do_HEAD()
            elif urlsplit(self.path).path != "/qrcode":
                self._send_text(404, NOT_FOUND)
            else:
                self._send_text(405, METHOD_NOT_ALLOWED)
            self.wfile.flush()
        except TimeoutError:  # a read or a write timed out: drop the connection
            self.close_connection = True

    def parse_request(self) -> bool:
        ok = super().parse_request()  # has read the headers
        self._reader.deadline = None
        self.connection.settimeout(self.header_timeout)  # for the answer's sends
        if ok and sum(len(name) + len(value) + 4 for name, value in self.headers.items()) > MAX_HEADER_BYTES:
            self.send_error(431)
            return False
        return ok

    def send_error(self, code: int, message: Optional[str] = None, explain: Optional[str] = None) -> None:
        """Every refusal of http.server itself (a malformed request line,
        too many headers, ...) in text/plain, and the connection closed."""
        text = {414: REQUEST_LINE_TOO_LONG, 431: HEADERS_TOO_LARGE}.get(code)
        if text is None:
            try:
                text = HTTPStatus(code).phrase.lower()
            except ValueError:
                text = "error"
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # unparsed: still a status line
            self.request_version = "HTTP/1.0"
        self._send_text(code, text, close=True)

    def log_message(self, format: str, *args: object) -> None:  # no line per request
        pass

    def _send(self, status: int, body: bytes, headers: Dict[str, str], close: bool = False) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_text(self, status: int, text: str, close: bool = False) -> None:
        headers = {"Content-Type": TEXT_PLAIN}
        if status == 405:
            headers["Allow"] = "GET, HEAD"
        if status >= 500:
            headers["Cache-Control"] = "no-store"
        self._send(status, text.encode(), headers, close)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/qrcode":
            return self._send_text(404, NOT_FOUND)
        text, refusal = check_text(url.query)
        if text is None:
            return self._send_text(400, refusal or MISSING)
        try:
            png = type(self).qr_png(text)
        except Exception as e:  # any failure of the QR path is a 500, never a dropped connection
            code = getattr(e, "code", type(e).__name__)
            print(f"example-server: {code}: {e}", file=sys.stderr, flush=True)
            return self._send_text(500, FAILED)
        return self._send(200, png, {"Content-Type": "image/png", "Cache-Control": CACHE_CONTROL})

    def do_HEAD(self) -> None:
        """GET's answer without its body: the same headers and Content-Length
        (so the code is rendered)."""
        self.do_GET()


class QrServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # a burst of connections waits, not refused

    def __init__(self, address: Tuple[str, int], handler: Callable[..., Any]) -> None:
        super().__init__(address, handler)
        # At most MAX_CONNECTIONS threads: at the bound this process stops
        # accepting (another process, or the backlog, takes the connection).
        self.places = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        self.places.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.places.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.places.release()


def config() -> Tuple[int, int, str, int]:
    env = os.environ
    try:
        port = int(env.get("PORT", "42069"))
        workers = int(env.get("WORKERS") or os.cpu_count() or 1)
    except ValueError:
        fail("PORT and WORKERS must be integers")
    if not 0 <= port <= 65535:
        fail(f"PORT must be 0-65535, not {port}")
    if not 1 <= workers <= 256:
        fail(f"WORKERS must be 1-256, not {workers}")
    header_timeout = env.get("HEADER_TIMEOUT") or str(DEFAULT_HEADER_TIMEOUT)
    if not header_timeout.isdigit() or not 1 <= int(header_timeout) <= 3600:
        fail(f"HEADER_TIMEOUT must be 1-3600 (seconds), not '{header_timeout}'")
    impl = env.get("QR_IMPL", DEFAULT_IMPL)
    if impl not in IMPLEMENTATIONS:
        fail(f"unknown QR_IMPL '{impl}' (known: {', '.join(sorted(IMPLEMENTATIONS))})")
    return port, workers, impl, int(header_timeout)


def check_qr_cli(impl: str) -> None:
    """Exits 1 with one line unless qr-cli runs and renders a code (one
    spawn, so no worker exists before the fork) and the pool's settings
    ($QR_WORKERS) are good (a pool starts no process before its first call);
    for native, unless the extension renders a code."""
    try:
        if impl == "native":
            qr_cli.qr_png("example-server start-up check", impl="native")
            return
        qr_cli.spawn_qr_png("example-server start-up check")
        if impl == "worker":
            qr_cli.WorkerPool()
    except qr_cli.QrCliError as e:
        what = "bad setting" if e.code == "QR_INVALID_ARGUMENT" else "qr-cli cannot run"
        fail(f"{what} ({e.code}): {e}")


def exit_when_orphaned(parent: int) -> None:
    """A worker whose first process died (even by SIGKILL) does not linger."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)
    threading.Thread(target=watch, daemon=True).start()


def main() -> None:
    port, workers, impl, header_timeout = config()
    check_qr_cli(impl)
    QrHandler.qr_png = staticmethod(IMPLEMENTATIONS[impl])
    QrHandler.header_timeout = header_timeout
    try:
        server = QrServer((HOST, port), QrHandler)  # bound before forking
    except OSError as e:
        fail(f"cannot listen on {HOST}:{port}: {e}")

    first = os.getpid()
    children: Optional[List[int]] = []
    for _ in range(workers - 1):
        pid = os.fork()
        if pid == 0:
            children = None
            exit_when_orphaned(first)
            break
        assert children is not None
        children.append(pid)

    if children is not None:
        forked = children

        def stop(signum: int, frame: object) -> None:
            for pid in forked:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            for pid in forked:
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
                    pass
            os._exit(0)
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        print(f"example-server: QR_IMPL={impl} WORKERS={workers} listening on "
              f"http://{HOST}:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
