"""AsyncWorkerPool: the worker pool for asyncio, bound to one event loop."""
import asyncio
import collections
import subprocess
from typing import Any, Deque, Dict, List, Optional, Tuple

from ._common import (DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUE, MAX_TRIES, PoolBase, Resend,
                      answer_error, died, exit_reason, fates, kill)
from ._errors import QrCliError, pool_busy, pool_closed, timed_out
from ._options import DEFAULT_TIMEOUT, Text
from ._protocol import RESPONSE_HEADER, decode_response_header
from ._spawn import start_error


def _settle(request: "asyncio.Future[bytes]", result: Optional[bytes] = None,
            error: Optional[Exception] = None) -> None:
    if request.done():
        return
    if error is not None:
        request.set_exception(error)
    else:
        request.set_result(result)  # type: ignore[arg-type]


class _AsyncWorker:
    def __init__(self, pool: "AsyncWorkerPool", proc: "asyncio.subprocess.Process") -> None:
        self.pool = pool
        self.proc = proc
        self.in_flight: Deque[Tuple["asyncio.Future[bytes]", int]] = collections.deque()
        self.dead = False
        self.reader = asyncio.get_running_loop().create_task(self._read())

    def send(self, frame: bytes, request: "asyncio.Future[bytes]", tries: int) -> bool:
        """False when the worker is dead or dying and nothing was sent.
        tries: the times this request has been written, this one included."""
        assert self.proc.stdin is not None
        if self.proc.stdin.is_closing():  # dying, and its reader has not seen the end yet:
            self.dead = True              # the pool starts another in its slot
        if self.dead:
            return False
        self.in_flight.append((request, tries))
        self.proc.stdin.write(frame)  # the transport buffers; in flight is bounded
        return True

    async def _read(self) -> None:
        first: Optional[QrCliError] = None    # a bad answer: the oldest request's error
        failed: Optional[QrCliError] = None   # reading failed: every request's reason
        out = self.proc.stdout
        assert out is not None and self.proc.stderr is not None
        try:
            while True:
                header = await out.readexactly(RESPONSE_HEADER.size)
                status, length = decode_response_header(header)
                payload = await out.readexactly(length)
                if not self.in_flight:
                    first = QrCliError("QR_PROTOCOL", "qr-cli worker sent an answer nobody asked for")
                    break
                request = self.in_flight.popleft()[0]
                if status == 0:
                    _settle(request, payload)
                else:
                    _settle(request, error=answer_error(status, payload))
                self.pool._answered(self)
        except asyncio.IncompleteReadError:
            pass
        except QrCliError as e:
            first = e
        except (OSError, ValueError) as e:
            failed = died(f"qr-cli worker failed: {e}")
        except asyncio.CancelledError:  # its loop is ending: leave no process
            self.kill()
            self.die(pool_closed(), resend=False)
            await self._reap()
            raise
        if first is not None or failed is not None:
            self.kill()
        await self.proc.wait()
        try:
            tail = await asyncio.wait_for(self.proc.stderr.read(65536), 0.2)
        except asyncio.TimeoutError:  # a grandchild holds it open
            tail = b""
        lines = tail.decode("utf-8", "replace").strip().splitlines()
        reason = failed or died(exit_reason(self.proc.returncode), lines[-1] if lines else "")
        self.die(reason, first)

    async def _reap(self) -> None:
        """Waits for the (killed) process and closes its pipes while the
        loop still runs, so nothing is left for a closed loop to do."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            await asyncio.wait_for(self.proc.wait(), 2.0)
        except (asyncio.TimeoutError, asyncio.CancelledError):
            pass
        # Its pipes too, even if a grandchild holds them (asyncio's Process
        # has no public close; the transport's close is the public one).
        transport = getattr(self.proc, "_transport", None)
        if transport is not None:
            transport.close()
        await asyncio.sleep(0)  # the transports' own end callbacks

    def die(self, reason: QrCliError, first: Optional[QrCliError] = None,
            skip: Optional["asyncio.Future[bytes]"] = None, resend: bool = True) -> None:
        """As _Worker.die (pool.py): the others are sent again once."""
        self.dead = True
        requests = list(self.in_flight)
        self.in_flight.clear()
        if self.pool.closed or not resend:
            reason, first, resend = pool_closed(), None, False
        errors = fates([tries for _, tries in requests], reason, first, resend)
        for (request, _), error in zip(requests, errors):
            if request is not skip:
                _settle(request, error=error)
        self.pool._gone(self)

    def kill(self) -> None:
        kill(self.proc)

    def popen(self) -> "Optional[subprocess.Popen[bytes]]":
        """The subprocess.Popen under asyncio's Process (its pipes, its pid)."""
        transport = getattr(self.proc, "_transport", None)
        return None if transport is None else transport.get_extra_info("subprocess")


class AsyncWorkerPool(PoolBase):
    """WorkerPool for asyncio: the same settings and behaviour, with
    `await pool.qr_png(...)`. A pool belongs to the event loop it is first
    used in; using it from another loop raises RuntimeError (make one pool
    per loop: qr_png_async does)."""

    def __init__(self, workers: Optional[int] = None, max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
                 max_queue: int = DEFAULT_MAX_QUEUE, timeout: float = DEFAULT_TIMEOUT,
                 qr_cli: Optional[str] = None, **render_defaults: Any) -> None:
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._waiters: Deque["asyncio.Future[Optional[_AsyncWorker]]"] = collections.deque()
        self._start_lock: Optional[asyncio.Lock] = None
        super().__init__(workers, max_in_flight, max_queue, timeout, qr_cli, render_defaults)

    def _after_fork(self) -> None:
        # The parent's loop does not run here: the pool belongs to the
        # child's first loop that uses it. Nothing of the old loop (its
        # futures, tasks, transports) is touched.
        self._loop = None
        self._waiters = collections.deque()
        self._start_lock = None
        super()._after_fork()

    @property
    def loop(self) -> Optional[asyncio.AbstractEventLoop]:
        """The event loop this pool belongs to (None before its first use)."""
        return self._loop

    def _check_loop(self) -> asyncio.AbstractEventLoop:
        self._check_fork()
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
            self._start_lock = asyncio.Lock()
        elif self._loop is not loop:
            raise RuntimeError("this AsyncWorkerPool belongs to another event loop (the one it "
                               "was first used in); make one pool per loop, as qr_png_async does")
        return loop

    async def qr_png(self, text: Text, **options: Any) -> bytes:
        """PNG bytes for text, without blocking the event loop."""
        loop = self._check_loop()
        frame, timeout = self._settings.frame(text, options)
        reason = died("qr-cli worker died before answering")
        for tries in range(1, MAX_TRIES + 1):
            request: "asyncio.Future[bytes]" = loop.create_future()
            worker = await self._send(frame, request, tries)
            try:
                return await asyncio.wait_for(asyncio.shield(request), timeout)
            except Resend as e:  # its worker died first: once more, elsewhere
                reason = e.reason
            except asyncio.CancelledError:
                request.cancel()  # its answer (or a resend) has nobody to go to
                raise
            except asyncio.TimeoutError:
                request.cancel()  # its answer or failure has nobody to go to
                worker.die(died("qr-cli worker killed: another request on it timed out"),
                           skip=request)
                worker.kill()
                raise timed_out(timeout) from None
        raise reason  # not reached: die() resends only a request with a try left

    async def _send(self, frame: bytes, request: "asyncio.Future[bytes]",
                    tries: int) -> _AsyncWorker:
        """As WorkerPool._send."""
        for _ in range(3):
            worker = await self._reserve(resend=tries > 1)
            if worker.send(frame, request, tries):
                return worker
            self._answered(worker)
        raise died("qr-cli workers keep dying before a request could be sent")

    async def _start_missing(self) -> None:
        assert self._start_lock is not None
        async with self._start_lock:
            self._everyone = [w for w in self._everyone if not w.reader.done()]
            for i in self._missing():
                if self.closed:
                    raise pool_closed()
                binary = self._qr_cli()
                try:
                    proc = await asyncio.create_subprocess_exec(
                        binary, "--worker", "--", stdin=asyncio.subprocess.PIPE,
                        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
                except OSError as e:
                    raise start_error(binary, e) from None
                self._place(i, _AsyncWorker(self, proc))

    def _dispatch(self) -> None:
        """Hands workers with room to the longest waiters."""
        while self._waiters:
            best = self._least_loaded()
            if best is None:
                return
            waiter = self._waiters.popleft()
            if waiter.done():  # cancelled
                continue
            self._load[best] += 1
            waiter.set_result(best)

    def _wake_one(self) -> None:
        """Wakes a waiter with no worker: it starts one (or gets the error)."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    async def _reserve(self, resend: bool = False) -> _AsyncWorker:
        """As WorkerPool._reserve; a request sent again waits first in line."""
        loop = asyncio.get_running_loop()
        while True:
            if self.closed:
                raise pool_closed()
            if self._missing():
                try:
                    await self._start_missing()
                except QrCliError:
                    self._wake_one()  # the next waiter tries (and learns) too
                    raise
                self._dispatch()
            if not self._waiters:
                best: Optional[_AsyncWorker] = self._least_loaded()
                if best is not None:
                    self._load[best] += 1
                    return best
            if len(self._waiters) >= self._settings.max_queue and not resend:
                raise pool_busy(self._settings.max_queue)
            waiter: "asyncio.Future[Optional[_AsyncWorker]]" = loop.create_future()
            if resend:
                self._waiters.appendleft(waiter)
            else:
                self._waiters.append(waiter)
            try:
                worker = await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled() and waiter.result() is not None:
                    self._answered(waiter.result())  # type: ignore[arg-type]
                elif waiter in self._waiters:
                    self._waiters.remove(waiter)
                raise
            if worker is not None:
                return worker

    def _answered(self, worker: _AsyncWorker) -> None:
        if worker in self._load:
            self._load[worker] -= 1
        self._dispatch()

    def _gone(self, worker: _AsyncWorker) -> None:
        self._forget(worker)
        if not self.closed:
            self._wake_one()

    def stats(self) -> Dict[str, int]:
        """As WorkerPool.stats."""
        self._check_fork()
        return self._stats(sum(1 for w in self._waiters if not w.done()))

    def pids(self) -> List[int]:
        self._check_fork()
        return self._pids()

    async def aclose(self, grace: float = 2.0) -> None:
        """As WorkerPool.close, awaited."""
        self._check_fork()
        self.closed = True
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(pool_closed())
        workers = list(self._everyone)
        for w in workers:
            if w.proc.stdin is not None:
                w.proc.stdin.close()
        readers = [w.reader for w in workers if not w.reader.done()]
        if readers:
            await asyncio.wait(readers, timeout=grace)
        for w in workers:
            if not w.reader.done():
                w.kill()
        readers = [w.reader for w in workers if not w.reader.done()]
        if readers:
            _, pending = await asyncio.wait(readers, timeout=grace)
            for task in pending:  # a grandchild holds its pipe: stop reading
                task.cancel()

    async def __aenter__(self) -> "AsyncWorkerPool":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
