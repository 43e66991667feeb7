"""gunicorn settings for both example apps (flask_app:app with gevent
workers; fastapi_app:app with -k uvicorn.workers.UvicornWorker):

    gunicorn -c scripts/python/example/gunicorn.conf.py flask_app:app

Environment: PORT (default 42069; 0 picks a free one), WORKERS (server
processes, default one per core), HEADER_TIMEOUT (seconds a client has to
send a request's line and headers, default 10), QR_IMPL, QR_CLI,
QR_WORKERS (qr-cli children per server process; 1 by default in a gevent
worker) (README.md beside this file). QR_IMPL is checked when gunicorn
reads this file, before it starts anything: when it cannot work, gunicorn
exits with status 1 and one line on stderr.

Slow clients (issue 25): a sync worker serves one connection at a time, so
two clients sending their request a byte a second held both workers and
every other request waited. A gevent worker serves up to
worker_connections at once, each waiting client costing a greenlet, not
the process; HEADER_TIMEOUT cuts a client that has not sent its request
line and headers in time (gunicorn's keepalive bounds that read in an
async worker; the uvicorn worker gets the same bound from
header_timeout.py).
"""

import os
import sys
from pathlib import Path

_here = Path(__file__).resolve().parent
# The apps beside this file, and the qr_cli package in scripts/python (an
# installed qr_cli is found as well).
pythonpath = f"{_here},{_here.parent}"
sys.path[:0] = [str(_here), str(_here.parent)]

import qr_endpoint  # noqa: E402


def _cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


_port = os.environ.get("PORT", "42069")
if not _port.isdigit() or int(_port) > 65535:
    qr_endpoint.fail(f"PORT must be 0-65535, not '{_port}'")
_workers = os.environ.get("WORKERS") or str(_cores())
if not _workers.isdigit() or not 1 <= int(_workers) <= 256:
    qr_endpoint.fail(f"WORKERS must be 1-256, not '{_workers}'")
_header_timeout = os.environ.get("HEADER_TIMEOUT") or "10"
if not _header_timeout.isdigit() or not 1 <= int(_header_timeout) <= 3600:
    qr_endpoint.fail(f"HEADER_TIMEOUT must be 1-3600 (seconds), not '{_header_timeout}'")

bind = f"127.0.0.1:{_port}"
workers = int(_workers)
backlog = 2048  # a burst of connections waits rather than being refused
# gevent: one greenlet per connection, so a client that is slow to send its
# request holds a greenlet, not the worker (the Flask app's blocking calls
# wait cooperatively once gevent has patched threads, pipes and select).
# -k on the command line (the FastAPI command's UvicornWorker) overrides it.
worker_class = "gevent"
worker_connections = 1000  # connections at once per worker; more wait in the backlog
# In gevent and uvicorn workers, the time a connection has to send a whole
# request line and headers, from when it connected or got its previous
# answer; also how long an idle kept-alive connection stays open.
keepalive = int(_header_timeout)
timeout = 30  # a worker silent this long (a request stuck in Python) is restarted
# The examples' common request limits (docs/servers.md): a request line of
# at most 8190 bytes (gunicorn's largest), else 414; at most 100 header
# lines of at most 16 KiB in all, else 431 (gunicorn bounds each line and
# the count; the apps count the whole header section). gunicorn's parser applies these in gevent and
# sync workers, where _plain_error below writes the answer; uvicorn's h11
# parses for its own workers.
limit_request_line = qr_endpoint.MAX_REQUEST_LINE
limit_request_field_size = qr_endpoint.MAX_HEADER_BYTES
limit_request_fields = qr_endpoint.MAX_HEADERS

_impl = qr_endpoint.impl_from_env()
qr_endpoint.start_up_check(_impl)
os.environ[qr_endpoint.CHECKED_ENV] = _impl  # the workers need not repeat it


def post_fork(server, worker):
    # A gevent worker runs its requests' Python on one core, and one
    # `qr-cli --worker` child, fed pipelined requests, renders faster than
    # that Python asks (QR_IMPL=worker); more children would only take
    # memory. A sync worker serves one request at a time: one child too.
    # uvicorn workers keep the package's default (one per core).
    if server.cfg.worker_class_str in ("gevent", "sync"):
        os.environ.setdefault("QR_WORKERS", "1")
    # uvicorn 0.17 has no deadline for a request's headers: give its workers
    # one (their config is made before the fork and loaded after it).
    config = getattr(worker, "config", None)
    if type(config).__module__ == "uvicorn.config":
        import header_timeout
        header_timeout.HeaderTimeoutH11Protocol.header_timeout = float(keepalive)
        config.http = header_timeout.HeaderTimeoutH11Protocol
    else:  # gunicorn's own parser: its refusals in text/plain too
        worker.handle_error = _plain_error(worker)


def _plain_error(worker):
    """gunicorn answers a request its parser refuses with an HTML 400 of its
    own (Worker.handle_error); this one answers text/plain like the apps:
    414 for a request line over limit_request_line, 431 for headers over
    their limits, 400 for anything else malformed, 500 for an error that is
    not the client's (logged, as gunicorn does)."""
    from gunicorn.http import errors

    def handle_error(req, client, addr, exc):
        if isinstance(exc, errors.LimitRequestLine):
            status, message = 414, qr_endpoint.REQUEST_LINE_TOO_LONG
        elif isinstance(exc, errors.LimitRequestHeaders):
            status, message = 431, qr_endpoint.HEADERS_TOO_LARGE
        elif isinstance(exc, errors.ParseException):  # malformed
            status, message = 400, "bad request"
        else:
            worker.log.exception("Error handling request %s", getattr(req, "uri", ""))
            status, message = 500, "internal server error"
        worker.log.debug("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        _, body, headers = qr_endpoint.plain_answer(status, message)
        reason = {400: "Bad Request", 414: "URI Too Long",
                  431: "Request Header Fields Too Large"}.get(status, "Internal Server Error")
        head = f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
        try:
            client.sendall(head.encode("latin-1") + body)
        except OSError:
            worker.log.debug("Failed to send error message.")

    return handle_error


def when_ready(server):
    port = server.LISTENERS[0].sock.getsockname()[1]
    print(f"example-server: QR_IMPL={_impl} WORKERS={workers} "
          f"listening on http://127.0.0.1:{port}", flush=True)
