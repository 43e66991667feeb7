"""gunicorn settings for both example apps (flask_app:app with the default
sync workers; fastapi_app:app with -k uvicorn.workers.UvicornWorker):

    gunicorn -c scripts/python/example/gunicorn.conf.py flask_app:app

Environment: PORT (default 42069; 0 picks a free one), WORKERS (server
processes, default one per core), QR_IMPL, QR_CLI, QR_WORKERS (qr-cli
children per server process; 1 by default in a sync worker) (README.md
beside this file). QR_IMPL is checked when gunicorn reads this file, before it starts
anything: when it cannot work, gunicorn exits with status 1 and one line on
stderr.
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

bind = f"127.0.0.1:{_port}"
workers = int(_workers)
backlog = 2048  # a burst of connections waits rather than being refused

_impl = qr_endpoint.impl_from_env()
qr_endpoint.start_up_check(_impl)
os.environ[qr_endpoint.CHECKED_ENV] = _impl  # the workers need not repeat it


def post_fork(server, worker):
    # A sync worker serves one request at a time, so one `qr-cli --worker`
    # child is all its pool can keep busy (QR_IMPL=worker); more would only
    # take memory. uvicorn workers keep the package's default (one per core).
    if server.cfg.worker_class_str == "sync":
        os.environ.setdefault("QR_WORKERS", "1")


def when_ready(server):
    port = server.LISTENERS[0].sock.getsockname()[1]
    print(f"qr-server: QR_IMPL={_impl} WORKERS={workers} "
          f"listening on http://127.0.0.1:{port}", flush=True)
