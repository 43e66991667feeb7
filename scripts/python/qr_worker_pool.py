"""QR code PNGs from a pool of long-lived `qr-cli --worker` processes.

Stdlib only. README, "Worker mode", specifies the frames.

    from qr_worker_pool import WorkerPool
    with WorkerPool(workers=2) as pool:
        png = pool.qr_png("https://example.com/", level="M")

    async with AsyncWorkerPool() as pool:
        png = await pool.qr_png("https://example.com/")

or the shared default pools: qr_png(text, **options) and
await qr_png_async(text, **options).

Options: level ("L", "M", "Q", "H"), size, scale, margin (ints), fg and bg
("#rrggbb" or "#rgb"; bg may be "transparent"). Requests are pipelined, at
most max_in_flight per worker; the rest wait. A worker that dies is
replaced on the next request; the requests it had in flight are not
retried (a text that crashed one worker could crash the next) and raise
QrCliError with code "QR_WORKER_DIED". A request that gets no answer in
`timeout` seconds raises code "QR_WORKER_TIMEOUT" and its worker is killed
(answers come in order, so it is stuck).
"""
import asyncio
import collections
import concurrent.futures
import os
import re
import struct
import subprocess
import threading

REQUEST_HEADER = struct.Struct("<2sBBBBHH3s3sI")
RESPONSE_HEADER = struct.Struct("<2sBBI")
PROTOCOL_VERSION = 1
MAX_QR_TEXT = 7089  # libqrpng's QRPNG_MAX_TEXT: a longer text never fits
FLAGS = {"level": 1, "size": 2, "scale": 4, "margin": 8, "fg": 16, "bg": 32}
SET_TRANSPARENT = 64
LEVELS = {"L": 0, "M": 1, "Q": 2, "H": 3}
EXIT_USAGE, EXIT_ENCODE = 1, 2


class QrCliError(Exception):
    """exit_code: the CLI's exit-code class (1 usage, 2 cannot be encoded,
    4 internal), or None when the worker itself failed; code: a stable name
    ("QR_CLI_FAILED", "QR_WORKER_DIED", "QR_WORKER_TIMEOUT", "QR_POOL_CLOSED")."""

    def __init__(self, message, exit_code=None, code="QR_CLI_FAILED"):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.code = code


def default_binary():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("QR_CLI") or os.path.join(here, "..", "..", "build", "qr-cli")


def default_workers():
    return int(os.environ.get("QR_WORKERS") or 0) or os.cpu_count() or 1


def _usage(message):
    return QrCliError(message, exit_code=EXIT_USAGE)


def _colour(name, value):
    m = re.fullmatch(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", str(value))
    if not m:
        raise _usage(f"invalid {name} {value!r}: expected a hex colour like #1a4d8f")
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return bytes.fromhex(digits)


def _number(name, value, low, high):
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _usage(f"invalid {name} {value!r}: expected a whole number {low} to {high}")
    return value


def text_bytes(text):
    data = text if isinstance(text, (bytes, bytearray)) else str(text).encode("utf-8")
    if len(data) > MAX_QR_TEXT:
        raise QrCliError(f"text is {len(data)} bytes, too long for any QR code",
                         exit_code=EXIT_ENCODE)
    return bytes(data)


def encode_request(data, level=None, size=None, scale=None, margin=None, fg=None, bg=None):
    """One protocol-1 request frame for the text bytes and options."""
    flags, lvl, fg_rgb, bg_rgb = 0, 0, b"\0\0\0", b"\0\0\0"
    if level is not None:
        if str(level).upper() not in LEVELS:
            raise _usage(f"invalid level {level!r}: expected L, M, Q or H")
        flags, lvl = flags | FLAGS["level"], LEVELS[str(level).upper()]
    if size is not None:
        flags, size = flags | FLAGS["size"], _number("size", size, 1, 65535)
    if scale is not None:
        flags, scale = flags | FLAGS["scale"], _number("scale", scale, 1, 65535)
    if margin is not None:
        flags, margin = flags | FLAGS["margin"], _number("margin", margin, 0, 255)
    if fg is not None:
        flags, fg_rgb = flags | FLAGS["fg"], _colour("fg", fg)
    if bg == "transparent":
        flags |= SET_TRANSPARENT
    elif bg is not None:
        flags, bg_rgb = flags | FLAGS["bg"], _colour("bg", bg)
    return REQUEST_HEADER.pack(b"QW", PROTOCOL_VERSION, flags, lvl, margin or 0,
                               size or 0, scale or 0, fg_rgb, bg_rgb, len(data)) + data


def _parse_response_header(header):
    """(status, payload length), or raises QrCliError for a bad frame."""
    magic, version, status, length = RESPONSE_HEADER.unpack(header)
    if magic != b"QR" or version != PROTOCOL_VERSION:
        raise QrCliError("qr-cli worker sent a bad response frame", code="QR_WORKER_DIED")
    return status, length


def _answer(status, payload):
    """The PNG, or the QrCliError for a failure response."""
    if status == 0:
        return payload, None
    return None, QrCliError(payload.decode("utf-8", "replace"), exit_code=status)


def _died(reason, stderr_tail):
    lines = stderr_tail.decode("utf-8", "replace").strip().splitlines()
    detail = f": {lines[-1]}" if lines else ""
    return QrCliError(f"{reason}{detail}", code="QR_WORKER_DIED")


def _exit_reason(returncode):
    how = f"signal {-returncode}" if returncode < 0 else f"code {returncode}"
    return f"qr-cli worker exited ({how})"


def _timeout_error(timeout):
    return QrCliError(f"qr-cli worker gave no answer within {timeout} s",
                      code="QR_WORKER_TIMEOUT")


def _closed_error():
    return QrCliError("worker pool is closed", code="QR_POOL_CLOSED")


def _settle(future, status, payload):
    """Gives a response to the request waiting for it, unless given up."""
    png, failure = _answer(status, payload)
    if not future.done():
        if failure:
            future.set_exception(failure)
        else:
            future.set_result(png)


def _fail_all(in_flight, error):
    while in_flight:
        future = in_flight.popleft()
        if not future.done():
            future.set_exception(error)


def _kill(proc):
    try:
        proc.kill()
    except OSError:  # already reaped
        pass


class _PoolBase:
    """What the blocking and the asyncio pools share: settings and slots."""

    def __init__(self, workers=None, qr_cli=None, args=(), max_in_flight=32, timeout=10.0):
        self.qr_cli = qr_cli or default_binary()
        self.args = list(args)  # start options: every request's defaults
        self.max_in_flight = max_in_flight
        self.timeout = timeout
        self.slots = [None] * (workers or default_workers())
        self.load = {}  # worker -> requests sent and not answered
        self.everyone = []  # every worker started, to reap at close
        self.closed = False

    def _forget(self, worker):
        self.load.pop(worker, None)
        self.slots = [None if w is worker else w for w in self.slots]

    def _take_least_loaded(self):
        """Counts a request for the least busy worker, if one has room."""
        best = min(self.slots, key=lambda w: self.load[w])
        if self.load[best] >= self.max_in_flight:
            return None
        self.load[best] += 1
        return best

    def _live(self):
        return [w for w in self.slots if w is not None and not w.dead]


class _Worker:
    """One qr-cli --worker process and the thread that reads its answers."""

    def __init__(self, pool):
        self.pool = pool
        self.in_flight = collections.deque()
        self.write_lock = threading.Lock()
        self.dead = False
        self.proc = subprocess.Popen([pool.qr_cli, "--worker", *pool.args, "--"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.reader = threading.Thread(target=self._read_answers, daemon=True)
        self.reader.start()

    def send(self, frame, future):
        with self.write_lock:
            if self.dead:
                raise _died("qr-cli worker is gone", b"")
            self.in_flight.append(future)
            try:
                self.proc.stdin.write(frame)
                self.proc.stdin.flush()
            except OSError:
                pass  # it died: the reader fails this request with the reason

    def _read_answers(self):
        error = None
        try:
            while True:
                header = self.proc.stdout.read(RESPONSE_HEADER.size)
                if len(header) < RESPONSE_HEADER.size:
                    break
                status, length = _parse_response_header(header)
                payload = self.proc.stdout.read(length)
                if len(payload) < length:
                    break
                _settle(self.in_flight.popleft(), status, payload)
                self.pool._answered(self)
        except (QrCliError, IndexError, OSError, ValueError) as e:
            error = e if isinstance(e, QrCliError) else _died(f"qr-cli worker failed: {e}", b"")
            self.proc.kill()
        self.proc.wait()
        tail = self.proc.stderr.read()
        self.die(error or _died(_exit_reason(self.proc.returncode), tail))

    def die(self, error):
        with self.write_lock:
            self.dead = True
            _fail_all(self.in_flight, error)
        self.pool._gone(self)

    def kill(self):
        _kill(self.proc)


class WorkerPool(_PoolBase):
    """The blocking pool; qr_png may be called from many threads."""

    def __init__(self, **settings):
        super().__init__(**settings)
        self.cond = threading.Condition()

    def qr_png(self, text, **options):
        frame = encode_request(text_bytes(text), **options)
        future = concurrent.futures.Future()
        # A worker can die between being chosen and being written to; the
        # request was then never sent, so it goes to another worker (a
        # request that was sent is never retried: see README).
        for attempt in range(3):
            worker = self._reserve()
            try:
                worker.send(frame, future)
                break
            except QrCliError:
                self._answered(worker)
                if attempt == 2:
                    raise
        try:
            return future.result(timeout=self.timeout)
        except concurrent.futures.TimeoutError:
            worker.kill()
            raise _timeout_error(self.timeout) from None

    def _reserve(self):
        with self.cond:
            while True:
                if self.closed:
                    raise _closed_error()
                for i, w in enumerate(self.slots):
                    if w is None or w.dead:
                        w = self.slots[i] = _Worker(self)
                        self.load[w] = 0
                        self.everyone.append(w)
                best = self._take_least_loaded()
                if best is not None:
                    return best
                self.cond.wait()

    def _answered(self, worker):
        with self.cond:
            if worker in self.load:
                self.load[worker] -= 1
            self.cond.notify()

    def _gone(self, worker):
        with self.cond:
            self._forget(worker)
            self.cond.notify_all()

    def pids(self):
        with self.cond:
            return [w.proc.pid for w in self._live()]

    def close(self, grace=2.0):
        """Stops taking requests; workers answer what they have (end of
        input makes each exit 0); any left after grace seconds is killed.
        Returns when no child is left."""
        with self.cond:
            self.closed = True
            self.cond.notify_all()
            workers = list(self.everyone)
        for w in workers:
            with w.write_lock:
                try:
                    w.proc.stdin.close()
                except OSError:
                    pass
        for w in workers:
            w.reader.join(grace)
            if w.reader.is_alive():
                w.kill()
                w.reader.join()
            for stream in (w.proc.stdout, w.proc.stderr):
                stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _AsyncWorker:
    def __init__(self, pool, proc):
        self.pool = pool
        self.proc = proc
        self.in_flight = collections.deque()
        self.dead = False
        self.reader = asyncio.get_running_loop().create_task(self._read_answers())

    def send(self, frame, future):
        """False when the worker is dying and nothing was sent; it then
        counts as dead, so the pool starts another in its slot."""
        if self.proc.stdin.is_closing():  # dying: the reader has not seen EOF yet
            self.dead = True
            return False
        self.in_flight.append(future)
        self.proc.stdin.write(frame)  # the transport buffers; in-flight is bounded
        return True

    async def _read_answers(self):
        error = None
        try:
            while True:
                header = await self.proc.stdout.readexactly(RESPONSE_HEADER.size)
                status, length = _parse_response_header(header)
                payload = await self.proc.stdout.readexactly(length)
                _settle(self.in_flight.popleft(), status, payload)
                self.pool._answered(self)
        except asyncio.IncompleteReadError:
            pass
        except (QrCliError, IndexError, OSError) as e:
            error = e if isinstance(e, QrCliError) else _died(f"qr-cli worker failed: {e}", b"")
            self.kill()
        await self.proc.wait()
        tail = await self.proc.stderr.read()
        self.dead = True
        _fail_all(self.in_flight, error or _died(_exit_reason(self.proc.returncode), tail))
        self.pool._gone(self)

    def kill(self):
        _kill(self.proc)


class AsyncWorkerPool(_PoolBase):
    """The asyncio pool: the same behaviour as WorkerPool, in one event loop."""

    def __init__(self, **settings):
        super().__init__(**settings)
        self.cond = None  # made in the running loop

    async def qr_png(self, text, **options):
        frame = encode_request(text_bytes(text), **options)
        future = asyncio.get_running_loop().create_future()
        # As in WorkerPool.qr_png: a request not sent to a dying worker
        # goes to another one.
        for attempt in range(3):
            worker = await self._reserve()
            if worker.send(frame, future):
                break
            self._answered(worker)
            if attempt == 2:
                raise _died("qr-cli worker is gone", b"")
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except asyncio.TimeoutError:
            future.cancel()  # the reader will not settle it any more
            worker.kill()
            raise _timeout_error(self.timeout) from None

    async def _reserve(self):
        if self.cond is None:
            self.cond = asyncio.Condition()
        async with self.cond:
            while True:
                if self.closed:
                    raise _closed_error()
                for i, w in enumerate(self.slots):
                    if w is None or w.dead:
                        w = self.slots[i] = await self._start()
                best = self._take_least_loaded()
                if best is not None:
                    return best
                await self.cond.wait()

    async def _start(self):
        try:
            proc = await asyncio.create_subprocess_exec(
                self.qr_cli, "--worker", *self.args, "--", stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        except OSError as e:
            raise _died(f"cannot run {self.qr_cli}: {e.strerror or e}", b"") from None
        worker = _AsyncWorker(self, proc)
        self.load[worker] = 0
        self.everyone.append(worker)
        return worker

    def _notify(self, everyone=False):
        async def wake():
            async with self.cond:
                self.cond.notify_all() if everyone else self.cond.notify()
        asyncio.get_running_loop().create_task(wake())

    def _answered(self, worker):
        if worker in self.load:
            self.load[worker] -= 1
        self._notify()

    def _gone(self, worker):
        self._forget(worker)
        self._notify(everyone=True)

    def pids(self):
        return [w.proc.pid for w in self._live()]

    async def aclose(self, grace=2.0):
        """As WorkerPool.close, awaited."""
        self.closed = True
        if self.cond is not None:
            self._notify(everyone=True)
        for w in self.everyone:
            w.proc.stdin.close()
        for w in self.everyone:
            try:
                await asyncio.wait_for(asyncio.shield(w.reader), grace)
            except asyncio.TimeoutError:
                w.kill()
                await w.reader

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.aclose()


_shared = None
_shared_async = None


def qr_png(text, **options):
    """PNG bytes from the shared blocking pool (made on first use)."""
    global _shared
    if _shared is None:
        _shared = WorkerPool()
    return _shared.qr_png(text, **options)


async def qr_png_async(text, **options):
    """PNG bytes from the shared asyncio pool (made on first use)."""
    global _shared_async
    if _shared_async is None:
        _shared_async = AsyncWorkerPool()
    return await _shared_async.qr_png(text, **options)
