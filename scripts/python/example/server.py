"""Example server: the reference article's QR endpoint over the qr_cli
package, standard library only.

    python3 scripts/python/example/server.py

GET /qrcode?text=... answers the PNG (image/png); 400 text/plain
'missing "text" query param', 'text must be <= 512 bytes' (UTF-8 bytes)
or 'text must not contain NUL'; 500 'failed generating QR code' when the
QR path fails (the error goes to stderr). The same bodies as the Node
example (scripts/node). Environment: README.md of the package
(scripts/python/README.md, "Example server"); HEADER_TIMEOUT (seconds, 1-3600,
default 10) is the time a connection has to send a whole request line and
headers, from when it connected or got its previous answer; then it is
closed. Each process serves at most MAX_CONNECTIONS (256) connections at
once, a thread each; more wait in the listen backlog (issue 25: slow
clients neither stop the server nor stay for ever).

When every process is up, the first one prints one line on stdout:
  qr-server: QR_IMPL=worker WORKERS=2 listening on http://127.0.0.1:42069
SIGTERM or SIGINT to it stops the others, then itself. It exits 1 with one
line on stderr if a setting is wrong or qr-cli cannot run.
"""
import functools
import io
import os
import re
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, NoReturn, Optional, Tuple
from urllib.parse import unquote_to_bytes, urlsplit

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

# QR implementations by QR_IMPL name: text -> PNG bytes. The pool is this
# process's (made on first use, so after the fork).
IMPLEMENTATIONS: Dict[str, Callable[[str], bytes]] = {
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
_MALFORMED_ESCAPE = re.compile(r"%(?![0-9a-fA-F]{2})")


def fail(message: str) -> NoReturn:
    print(f"qr-server: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def query_texts(query: str) -> List[str]:
    """Every value of `text` in a query, decoded as Express (qs) does: '+'
    is a space, and a value that is not valid percent-encoded UTF-8 is kept
    as written."""
    texts = []
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if name.replace("+", " ") != "text":
            continue
        value = value.replace("+", " ")
        try:
            if _MALFORMED_ESCAPE.search(value):
                raise ValueError
            texts.append(unquote_to_bytes(value).decode("utf-8"))
        except ValueError:
            texts.append(value)
    return texts


def check_text(query: str) -> Tuple[Optional[str], Optional[str]]:
    """(text, None) or (None, the 400 message)."""
    texts = query_texts(query)
    if len(texts) != 1 or texts[0] == "":
        return None, MISSING
    text = texts[0]
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        return None, TOO_LONG
    if "\0" in text:
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
    qr_png: Callable[[str], bytes] = staticmethod(qr_cli.qr_png)  # set by main
    header_timeout: float = DEFAULT_HEADER_TIMEOUT  # set by main

    def setup(self) -> None:
        super().setup()
        # Reads go through the deadline; writes (small answers) get the
        # header timeout for each send.
        self.connection.settimeout(self.header_timeout)
        self._reader = _DeadlineReader(self.connection, self.header_timeout)
        self.rfile = io.BufferedReader(self._reader)

    def handle_one_request(self) -> None:
        # The clock starts when the server waits for a request line: on
        # connecting, and after each answer on a kept-alive connection.
        # BaseHTTPRequestHandler closes the connection on the TimeoutError.
        self._reader.deadline = time.monotonic() + self.header_timeout
        super().handle_one_request()

    def parse_request(self) -> bool:
        ok = super().parse_request()  # has read the headers
        self._reader.deadline = None
        self.connection.settimeout(self.header_timeout)  # for the answer's sends
        return ok

    def log_message(self, format: str, *args: object) -> None:  # no line per request
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_text(self, status: int, text: str) -> None:
        self._send(status, text.encode(), "text/plain; charset=utf-8")

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/qrcode":
            return self._send_text(404, "not found")
        text, refusal = check_text(url.query)
        if text is None:
            return self._send_text(400, refusal or MISSING)
        try:
            png = type(self).qr_png(text)
        except Exception as e:  # any failure of the QR path is a 500, never a dropped connection
            code = getattr(e, "code", type(e).__name__)
            print(f"qr-server: {code}: {e}", file=sys.stderr, flush=True)
            return self._send_text(500, FAILED)
        return self._send(200, png, "image/png")


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
            qr_cli.qr_png("qr-server start-up check", impl="native")
            return
        qr_cli.spawn_qr_png("qr-server start-up check")
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
        print(f"qr-server: QR_IMPL={impl} WORKERS={workers} listening on "
              f"http://{HOST}:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
