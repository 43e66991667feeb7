"""What the blocking and the asyncio worker pools share: their settings,
request preparation and the errors of a worker's end."""
import os
import select
import signal
from typing import Any, Dict, List, Mapping, Optional, Tuple

from . import _fork
from ._errors import QrCliError, from_status
from ._lookup import find_qr_cli
from ._options import (RENDER_OPTIONS, Text, check_count, check_qr_cli, check_render,
                       check_text, check_timeout, checking, merge_render, text_too_long)
from ._protocol import encode_request

DEFAULT_MAX_IN_FLIGHT = 32
# A request is written to a worker at most this many times: renders have no
# side effects, so one whose worker died before answering is sent again.
MAX_TRIES = 2
DEFAULT_MAX_QUEUE = 10000
MAX_WORKERS = 256
# Options of one pool call: render options and a timeout of its own.
POOL_CALL_OPTIONS = RENDER_OPTIONS + ("timeout",)


def default_workers() -> int:
    """$QR_WORKERS, else one per core."""
    value = os.environ.get("QR_WORKERS", "")
    if value:
        try:
            count: object = int(value)
        except ValueError:
            count = value
        return check_count("QR_WORKERS", count, 1, MAX_WORKERS)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


class Settings:
    """A pool's checked settings and render defaults."""

    def __init__(self, workers: Optional[int], max_in_flight: int, max_queue: int,
                 timeout: float, qr_cli: Optional[str], render_defaults: Mapping[str, Any]) -> None:
        with checking():
            self.workers = default_workers() if workers is None else check_count(
                "workers", workers, 1, MAX_WORKERS)
            self.max_in_flight = check_count("max_in_flight", max_in_flight, 1, 1 << 16)
            self.max_queue = check_count("max_queue", max_queue, 0, 1 << 30)
            self.timeout = check_timeout(timeout)
            self.qr_cli = check_qr_cli(qr_cli)
            self.render = merge_render({}, check_render(render_defaults))

    def frame(self, text: Text, options: Mapping[str, Any]) -> Tuple[bytes, float]:
        """(request frame, timeout) of one call."""
        with checking():
            data = check_text(text)
            render = check_render(options, POOL_CALL_OPTIONS)
            timeout = options.get("timeout")
            timeout = self.timeout if timeout is None else check_timeout(timeout)
            merged = merge_render(self.render, render)
        too_long = text_too_long(data)
        if too_long:
            raise QrCliError("QR_ENCODE", too_long, status=2)
        return encode_request(data, merged), timeout


def answer_error(status: int, payload: bytes) -> QrCliError:
    """The error for a worker's failure answer."""
    message = "qr-cli: " + payload.decode("utf-8", "replace")
    return from_status(status, message, unknown="QR_PROTOCOL")


def exit_reason(returncode: Optional[int]) -> str:
    if returncode is None:
        return "qr-cli worker stopped answering"
    if returncode < 0:
        try:
            how = signal.Signals(-returncode).name
        except ValueError:
            how = f"signal {-returncode}"
        return f"qr-cli worker was killed by {how}"
    return f"qr-cli worker exited with status {returncode}"


def died(reason: str, stderr: str = "") -> QrCliError:
    return QrCliError("QR_WORKER_DIED", reason + (f": {stderr}" if stderr else ""),
                      stderr=stderr)


def stderr_tail(fd: int, wait: float = 0.2) -> str:
    """The last line a dead worker wrote to stderr, without waiting for its
    end (a grandchild may hold the pipe open)."""
    chunks = []
    try:
        while select.select([fd], [], [], wait)[0]:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
            wait = 0
    except (OSError, ValueError):
        pass
    lines = b"".join(chunks).decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else ""


class PoolBase:
    """The bookkeeping both pools share: worker slots and their load.
    A worker here is anything with a `dead` flag and a `proc.pid`."""

    def __init__(self, workers: Optional[int], max_in_flight: int, max_queue: int,
                 timeout: float, qr_cli: Optional[str], render_defaults: Mapping[str, Any]) -> None:
        self._settings = Settings(workers, max_in_flight, max_queue, timeout, qr_cli,
                                  render_defaults)
        self._slots: List[Any] = [None] * self._settings.workers
        self._used = [False] * self._settings.workers
        self._load: Dict[Any, int] = {}
        self._everyone: List[Any] = []  # started and maybe not reaped yet
        self._restarts = 0
        self._binary: Optional[str] = None
        self.closed = False
        self._pid = os.getpid()
        _fork.track(self)

    def _check_fork(self) -> None:
        """On every use: in a process forked without Python's fork hooks,
        start afresh here too (see _fork)."""
        if self._pid != os.getpid():
            with _fork.lock:
                if self._pid != os.getpid():
                    self._after_fork()

    def _after_fork(self) -> None:
        """In a forked child: the inherited workers are disowned, the
        slots empty; the next call starts this process's own workers."""
        for worker in set(self._everyone) | set(w for w in self._slots if w is not None):
            worker.dead = True
            _fork.disown(worker, worker.popen())
        count = self._settings.workers
        self._slots, self._used = [None] * count, [False] * count
        self._load, self._everyone, self._restarts = {}, [], 0
        self._pid = os.getpid()

    def _qr_cli(self) -> str:
        if self._binary is None:
            self._binary = find_qr_cli(self._settings.qr_cli)
        return self._binary

    def _missing(self) -> List[int]:
        return [i for i, w in enumerate(self._slots) if w is None or w.dead]

    def _place(self, i: int, worker: Any) -> None:
        if self._used[i]:
            self._restarts += 1
        self._slots[i], self._used[i] = worker, True
        self._load[worker] = 0
        self._everyone.append(worker)

    def _live(self) -> List[Any]:
        return [w for w in self._slots if w is not None and not w.dead]

    def _least_loaded(self) -> Any:
        """The live worker with the fewest requests, if it has room."""
        best = min(self._live(), key=lambda w: self._load[w], default=None)
        if best is None or self._load[best] >= self._settings.max_in_flight:
            return None
        return best

    def _forget(self, worker: Any) -> None:
        self._load.pop(worker, None)
        self._slots = [None if w is worker else w for w in self._slots]

    def _stats(self, queued: int) -> Dict[str, int]:
        live = self._live()
        return {"workers": len(live), "in_flight": sum(self._load.get(w, 0) for w in live),
                "queued": queued, "restarts": self._restarts}

    def _pids(self) -> List[int]:
        return [w.proc.pid for w in self._live()]


class Resend(Exception):
    """Internal, never raised to a caller: this request's worker died (or
    was killed for another request's timeout) before answering, and the
    request may be written to a worker once more. reason: the error it gets
    if it cannot be."""

    def __init__(self, reason: QrCliError) -> None:
        super().__init__(reason.message)
        self.reason = reason


def copy_error(e: QrCliError) -> QrCliError:
    return QrCliError(e.code, e.message, status=e.status, stderr=e.stderr)


def fates(tries: List[int], reason: QrCliError, first: Optional[QrCliError],
          resend: bool) -> List[Exception]:
    """What each request a dead worker had gets, oldest first (tries: how
    many times each was written): first (a bad answer to the oldest) if
    given; else Resend when resend (the pool is open) and the request has
    a try left; else reason (a fresh copy each)."""
    out: List[Exception] = []
    for n, count in enumerate(tries):
        if n == 0 and first is not None:
            out.append(copy_error(first))
        elif resend and count < MAX_TRIES:
            out.append(Resend(reason))
        else:
            out.append(copy_error(reason))
    return out


def kill(proc: Any) -> None:
    try:
        proc.kill()
    except (OSError, RuntimeError):  # reaped already, or its event loop is closed
        pass
