"""Example server: the reference article's QR endpoint, stdlib only.

    python3 scripts/python/server.py

Environment (as for scripts/node/server.js):
  PORT     TCP port on 127.0.0.1 (default 42069; 0 picks a free one)
  WORKERS  processes sharing the listening socket (default: one per core)
  QR_IMPL  spawn (qr-cli per request) or worker (long-lived `qr-cli --worker`
           children, QR_WORKERS per process, default one per core)
  QR_CLI   path of qr-cli (default: build/qr-cli of this repo)

Each process is a threading HTTP server. When all are up, the first one
prints one line on stdout:
  qr-server: QR_IMPL=spawn WORKERS=2 listening on http://127.0.0.1:42069
SIGTERM or SIGINT to it stops the other processes, then itself.
"""

import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import qr_cli_client
import qr_worker_pool

HOST = "127.0.0.1"
MAX_TEXT_BYTES = 512

# QR implementations by QR_IMPL name: text bytes -> PNG bytes.
IMPLEMENTATIONS = {
    "spawn": qr_cli_client.qr_png,
    "worker": lambda text: worker_pool().qr_png(text),
}

_pool = None
_pool_lock = threading.Lock()


def worker_pool():
    """This process's pool of `qr-cli --worker` children (QR_WORKERS of
    them), started on first use: after the fork, so each server process
    owns its own children."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = qr_worker_pool.WorkerPool()
        return _pool


def fail(message):
    print(f"qr-server: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


class QrHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as load generators expect
    qr_png = None  # set by make_server

    def log_message(self, format, *args):  # no line per request
        pass

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_text(self, status, text):
        self._send(status, text.encode(), "text/plain; charset=utf-8")

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path != "/qrcode":
            return self._send_text(404, "not found")
        # surrogateescape keeps the exact bytes the client percent-encoded.
        query = parse_qs(url.query, keep_blank_values=True, errors="surrogateescape")
        values = query.get("text", [])
        if len(values) != 1 or values[0] == "":
            return self._send_text(400, 'missing "text" query param')
        text = values[0].encode("utf-8", "surrogateescape")
        if len(text) > MAX_TEXT_BYTES:
            return self._send_text(400, f"text must be <= {MAX_TEXT_BYTES} bytes")
        try:
            png = type(self).qr_png(text)
        except (qr_cli_client.QrCliError, ValueError) as e:
            print(f"qr-server: {e}", file=sys.stderr, flush=True)
            return self._send_text(500, "failed generating QR code")
        return self._send(200, png, "image/png")


class QrServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # a burst of connections waits, not refused


def config():
    env = os.environ
    try:
        port = int(env.get("PORT", "42069"))
        workers = int(env.get("WORKERS", str(qr_cli_client.core_count())))
    except ValueError:
        fail("PORT and WORKERS must be integers")
    if not 0 <= port <= 65535:
        fail(f"PORT must be 0-65535, not {port}")
    if not 1 <= workers <= 256:
        fail(f"WORKERS must be 1-256, not {workers}")
    impl = env.get("QR_IMPL", "spawn")
    if impl not in IMPLEMENTATIONS:
        fail(f"unknown QR_IMPL '{impl}' (known: {', '.join(IMPLEMENTATIONS)})")
    return port, workers, impl


def exit_when_orphaned(parent):
    """A worker whose first process died (even by SIGKILL) does not linger."""
    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)
    threading.Thread(target=watch, daemon=True).start()


def main():
    port, workers, impl = config()
    QrHandler.qr_png = staticmethod(IMPLEMENTATIONS[impl])
    try:
        server = QrServer((HOST, port), QrHandler)  # bound before forking
    except OSError as e:
        fail(f"cannot listen on {HOST}:{port}: {e}")

    first = os.getpid()
    children = []
    for _ in range(workers - 1):
        pid = os.fork()
        if pid == 0:
            children = None
            exit_when_orphaned(first)
            break
        children.append(pid)

    if children is not None:
        def stop(signum, frame):
            for pid in children:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            for pid in children:
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
