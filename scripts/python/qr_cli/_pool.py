"""WorkerPool: long-lived `qr-cli --worker --` processes shared by threads."""
import collections
import concurrent.futures
import subprocess
import threading
from typing import Any, Deque, Dict, List, Optional, Tuple

from ._common import (DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUE, MAX_TRIES, PoolBase, Resend,
                      answer_error, died, exit_reason, fates, kill, stderr_tail)
from ._errors import QrCliError, pool_busy, pool_closed, timed_out
from ._options import DEFAULT_TIMEOUT, Text
from ._protocol import RESPONSE_HEADER, decode_response_header
from ._spawn import start_error


def _settle(request: "concurrent.futures.Future[bytes]", result: Optional[bytes] = None,
            error: Optional[Exception] = None) -> None:
    try:
        if error is not None:
            request.set_exception(error)
        else:
            request.set_result(result)  # type: ignore[arg-type]
    except concurrent.futures.InvalidStateError:  # settled already
        pass


class _Worker:
    """One worker process and the thread that reads its answers. Answers
    come in request order, so in_flight is a FIFO of the requests sent,
    each with the number of times it has been written (to any worker)."""

    def __init__(self, pool: "WorkerPool", binary: str) -> None:
        self.pool = pool
        self.write_lock = threading.Lock()   # writes and in_flight in the same order
        self.flight_lock = threading.Lock()  # in_flight and dead (never held while writing)
        self.in_flight: Deque[Tuple["concurrent.futures.Future[bytes]", int]] = \
            collections.deque()
        self.dead = False
        try:
            self.proc = subprocess.Popen([binary, "--worker", "--"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            raise start_error(binary, e) from None
        self.reader = threading.Thread(target=self._read, name="qr-cli-worker-reader",
                                       daemon=True)
        try:
            self.reader.start()
        except RuntimeError as e:  # "can't start new thread": out of threads or memory
            kill(self.proc)
            self.proc.wait()
            self.close_pipes()
            raise QrCliError("QR_SPAWN", f"cannot start a thread to read qr-cli's answers: {e}") from e

    def send(self, frame: bytes, request: "concurrent.futures.Future[bytes]", tries: int) -> bool:
        """False when the worker is dead and nothing was sent. tries: the
        times this request has been written, this one included."""
        with self.write_lock:
            with self.flight_lock:
                if self.dead:
                    return False
                self.in_flight.append((request, tries))
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(frame)
                self.proc.stdin.flush()
            except (OSError, ValueError):
                pass  # it died: its reader fails the request with the reason
        return True

    def _read(self) -> None:
        first: Optional[QrCliError] = None    # a bad answer: the oldest request's error
        failed: Optional[QrCliError] = None   # reading failed: every request's reason
        out = self.proc.stdout
        assert out is not None
        try:
            while True:
                header = out.read(RESPONSE_HEADER.size)
                if len(header) < RESPONSE_HEADER.size:
                    break
                status, length = decode_response_header(header)
                payload = out.read(length)
                if len(payload) < length:
                    break
                with self.flight_lock:
                    request = self.in_flight.popleft()[0] if self.in_flight else None
                if request is None:
                    first = QrCliError("QR_PROTOCOL", "qr-cli worker sent an answer nobody asked for")
                    break
                if status == 0:
                    _settle(request, payload)
                else:
                    _settle(request, error=answer_error(status, payload))
                self.pool._answered(self)
        except QrCliError as e:  # a bad frame: its worker cannot be trusted any more
            first = e
        except (OSError, ValueError) as e:
            failed = died(f"qr-cli worker failed: {e}")
        if first is not None or failed is not None:
            self.kill()
        self.proc.wait()
        assert self.proc.stderr is not None
        reason = failed or died(exit_reason(self.proc.returncode),
                                stderr_tail(self.proc.stderr.fileno()))
        self.die(reason, first)

    def die(self, reason: QrCliError, first: Optional[QrCliError] = None,
            skip: Optional["concurrent.futures.Future[bytes]"] = None) -> None:
        """Settles what is in flight and leaves the pool: the oldest request
        gets first if given (a bad answer to it); skip (a request that
        timed out) is left to its caller; the others are sent again if
        they have a try left (Resend), else fail with reason. A closed
        pool's requests fail with QR_POOL_CLOSED."""
        with self.flight_lock:
            self.dead = True
            requests = list(self.in_flight)
            self.in_flight.clear()
        closed = self.pool.closed
        if closed:
            reason, first = pool_closed(), None
        errors = fates([tries for _, tries in requests], reason, first, resend=not closed)
        for (request, _), error in zip(requests, errors):
            if request is not skip:
                _settle(request, error=error)
        self.pool._gone(self)

    def kill(self) -> None:
        kill(self.proc)

    def popen(self) -> "subprocess.Popen[bytes]":
        return self.proc

    def close_pipes(self) -> None:
        """After its reader has ended: nothing reads or writes them any more."""
        with self.write_lock:
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                try:
                    if stream is not None:
                        stream.close()
                except (OSError, ValueError):  # a write buffer that cannot be flushed
                    pass


class WorkerPool(PoolBase):
    """A pool of `qr-cli --worker --` processes; qr_png may be called from
    any number of threads.

    workers: processes (default $QR_WORKERS, else one per core), started on
    the first call. Each has at most max_in_flight requests written to it;
    the rest wait in the pool's queue, at most max_queue of them (beyond,
    QR_POOL_BUSY at once). timeout (s) counts from when a request is
    written to a worker. A request whose worker dies before answering (or
    is killed for another request's timeout) is written once more, to
    another or a new worker (MAX_TRIES). render_defaults: type, level,
    size, ... for every call."""

    def __init__(self, workers: Optional[int] = None, max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
                 max_queue: int = DEFAULT_MAX_QUEUE, timeout: float = DEFAULT_TIMEOUT,
                 qr_cli: Optional[str] = None, **render_defaults: Any) -> None:
        self._cond = threading.Condition()
        self._queued = 0
        super().__init__(workers, max_in_flight, max_queue, timeout, qr_cli, render_defaults)

    def _after_fork(self) -> None:
        # A parent thread may have held the lock: this process gets its own.
        self._cond = threading.Condition()
        self._queued = 0
        super()._after_fork()

    def qr_png(self, text: Text, **options: Any) -> bytes:
        """PNG bytes for text; blocks the calling thread. Options: level,
        size, scale, margin, fg, bg, timeout."""
        frame, timeout = self._settings.frame(text, options)
        self._check_fork()
        reason = died("qr-cli worker died before answering")
        for tries in range(1, MAX_TRIES + 1):
            request: "concurrent.futures.Future[bytes]" = concurrent.futures.Future()
            worker = self._send(frame, request, tries)
            try:
                return request.result(timeout)
            except Resend as e:  # its worker died first: once more, elsewhere
                reason = e.reason
            except concurrent.futures.TimeoutError:
                # Answers come in order: a worker this late is stuck. It is
                # killed, and its other requests go to another worker now.
                worker.die(died("qr-cli worker killed: another request on it timed out"),
                           skip=request)
                worker.kill()
                raise timed_out(timeout) from None
        raise reason  # not reached: die() resends only a request with a try left

    def _send(self, frame: bytes, request: "concurrent.futures.Future[bytes]",
              tries: int) -> _Worker:
        """Writes the request to the least busy worker (waiting for room);
        the worker it went to."""
        # A worker can die between being chosen and written to; the request
        # then was never sent and goes to another (this is not a try).
        for _ in range(3):
            worker = self._reserve(resend=tries > 1)
            if worker.send(frame, request, tries):
                return worker
            self._answered(worker)
        raise died("qr-cli workers keep dying before a request could be sent")

    def _start_missing(self) -> None:
        if any(w.dead for w in self._everyone):  # forget the ended ones, closing their pipes
            ended = [w for w in self._everyone if w.dead and not w.reader.is_alive()]
            self._everyone = [w for w in self._everyone if w not in ended]
            for w in ended:
                w.close_pipes()
        for i in self._missing():
            self._place(i, _Worker(self, self._qr_cli()))

    def _reserve(self, resend: bool = False) -> _Worker:
        """A worker with room, its load counted. A request sent again
        (resend) was admitted already: max_queue does not refuse it."""
        queued = False
        with self._cond:
            try:
                while True:
                    if self.closed:
                        raise pool_closed()
                    self._start_missing()
                    best: Optional[_Worker] = self._least_loaded()
                    if best is not None:
                        self._load[best] += 1
                        return best
                    if not queued:
                        if self._queued >= self._settings.max_queue and not resend:
                            raise pool_busy(self._settings.max_queue)
                        self._queued += 1
                        queued = True
                    self._cond.wait()
            finally:
                if queued:
                    self._queued -= 1

    def _answered(self, worker: _Worker) -> None:
        with self._cond:
            if worker in self._load:
                self._load[worker] -= 1
            self._cond.notify()

    def _gone(self, worker: _Worker) -> None:
        with self._cond:
            self._forget(worker)
            self._cond.notify_all()

    def stats(self) -> Dict[str, int]:
        """{workers, in_flight, queued, restarts}: live processes, requests
        written and not answered, requests waiting, workers started again
        after one died or was killed."""
        self._check_fork()
        with self._cond:
            return self._stats(self._queued)

    def pids(self) -> List[int]:
        self._check_fork()
        with self._cond:
            return self._pids()

    def close(self, grace: float = 2.0) -> None:
        """Refuses new and queued requests (QR_POOL_CLOSED); workers answer
        what they have, and any still running after grace seconds is killed.
        Returns when every worker process has ended (in a forked child:
        the child's own workers; the parent's are the parent's)."""
        self._check_fork()
        with self._cond:
            self.closed = True
            self._cond.notify_all()
            workers = list(self._everyone)
        for w in workers:
            with w.write_lock:
                try:
                    assert w.proc.stdin is not None
                    w.proc.stdin.close()
                except (OSError, ValueError):
                    pass
        for w in workers:
            w.reader.join(grace)
            if w.reader.is_alive():
                w.kill()
                w.reader.join(grace)  # not forever: a grandchild may hold its pipe
                try:
                    w.proc.wait(grace)
                except subprocess.TimeoutExpired:
                    pass
                w.die(pool_closed())
            else:
                for stream in (w.proc.stdout, w.proc.stderr):
                    if stream is not None:
                        stream.close()

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
