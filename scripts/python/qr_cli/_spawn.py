"""One qr-cli process per request: spawn_qr_png and spawn_qr_png_async.

The text is one argv element after "--" (no shell, stdin /dev/null), so no
text becomes an option. At most QR_CLI_CONCURRENCY children (default two
per core) run at once in this process, counted across all threads and
event loops together; further calls wait in FIFO order."""
import asyncio
import errno
import os
import signal
import subprocess
import threading
import time
from typing import Any, List, Optional, Tuple, Union

from ._errors import QrCliError, from_status, invalid, timed_out
from ._lookup import find_qr_cli
from ._options import DEFAULT_TIMEOUT, Text, argv, check_call
from ._slots import Slots

CONCURRENCY_PER_CORE = 2
# errno values that mean "this path is not a program we can run".
_NOT_RUNNABLE = {errno.ENOENT, errno.EACCES, errno.ENOEXEC, errno.ENOTDIR, errno.EISDIR}

_POLL = 0.05  # s: how often a slow child is checked for its exit
_slots: Optional[Slots] = None
_slots_lock = threading.Lock()


def core_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def spawn_slots() -> Slots:
    """The process-wide bound on spawned children ($QR_CLI_CONCURRENCY,
    read on first use)."""
    global _slots
    with _slots_lock:
        if _slots is None:
            value = os.environ.get("QR_CLI_CONCURRENCY", "")
            try:
                limit = int(value) if value else core_count() * CONCURRENCY_PER_CORE
            except ValueError:
                limit = 0
            if limit < 1:
                raise invalid(f"QR_CLI_CONCURRENCY must be a positive whole number, not {value!r}")
            _slots = Slots(limit)
        return _slots


def forget_slots() -> None:
    """After a fork, in the child: a fresh bound (the parent's threads
    hold slots the child would never get back)."""
    global _slots, _slots_lock
    _slots, _slots_lock = None, threading.Lock()


def start_error(binary: str, error: OSError) -> QrCliError:
    """The error for an OS refusal to start binary."""
    code = "QR_NOT_FOUND" if error.errno in _NOT_RUNNABLE else "QR_SPAWN"
    return QrCliError(code, f"cannot run {binary}: {error.strerror or error}")


def _prepare(text: Text, options: Any) -> Tuple[List[Union[str, bytes]], float]:
    data, render, timeout, qr_cli = check_call(text, options)
    binary = find_qr_cli(qr_cli)
    # bytes go to argv unchanged, so any UTF-8 (or other) bytes pass exactly.
    return [binary, *argv(render), "--", data], timeout or DEFAULT_TIMEOUT


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else ""


def _result(returncode: int, stdout: bytes, stderr: bytes) -> bytes:
    if returncode == 0:
        return stdout
    line = _last_line(stderr)
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        raise QrCliError("QR_SIGNAL", f"qr-cli was killed by {name}", stderr=line,
                         signal=-returncode)
    raise from_status(returncode, line or f"qr-cli exited with status {returncode}", line)


def _communicate(proc: "subprocess.Popen[bytes]", timeout: float) -> Tuple[bytes, bytes]:
    """The child's output, settled on its exit rather than on its pipes'
    end (a grandchild may hold them open): what it wrote is in the pipes
    by then. Raises QR_TIMEOUT (the child killed) after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return proc.communicate(timeout=max(0.0, min(_POLL, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            pass
        if proc.poll() is not None:  # exited: take what is in the pipes
            try:
                return proc.communicate(timeout=_POLL)
            except subprocess.TimeoutExpired as e:
                return e.stdout or b"", e.stderr or b""
        if time.monotonic() >= deadline:
            proc.kill()
            proc.wait()
            raise timed_out(timeout) from None


def spawn_qr_png(text: Text, **options: Any) -> bytes:
    """PNG bytes for text from a qr-cli started for it; blocks the thread.
    Options: the render options (RenderOptions), timeout (s), qr_cli."""
    args, timeout = _prepare(text, options)
    slots = spawn_slots()
    slots.acquire()
    try:
        try:
            proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
        except OSError as e:
            raise start_error(str(args[0]), e) from None
        with proc:
            try:
                stdout, stderr = _communicate(proc, timeout)
            except BaseException:
                proc.kill()
                proc.wait()
                raise
    finally:
        slots.release()
    return _result(proc.returncode, stdout, stderr)


class _Collect(asyncio.SubprocessProtocol):
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.output = {1: bytearray(), 2: bytearray()}
        self.exited: "asyncio.Future[None]" = loop.create_future()
        self.finished: "asyncio.Future[None]" = loop.create_future()

    def pipe_data_received(self, fd: int, data: bytes) -> None:
        self.output[fd].extend(data)

    def process_exited(self) -> None:
        if not self.exited.done():
            self.exited.set_result(None)

    def connection_lost(self, exc: Optional[Exception]) -> None:  # exited, pipes closed
        if not self.finished.done():
            self.finished.set_result(None)


async def spawn_qr_png_async(text: Text, **options: Any) -> bytes:
    """spawn_qr_png for asyncio: never blocks the event loop."""
    args, timeout = _prepare(text, options)
    loop = asyncio.get_running_loop()
    slots = spawn_slots()
    await slots.acquire_async()
    try:
        try:
            transport, collect = await loop.subprocess_exec(
                lambda: _Collect(loop), *args, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            raise start_error(str(args[0]), e) from None
        try:
            # Settles on the child's exit (see _communicate), with a moment
            # for the loop to read what is in the pipes.
            done, _ = await asyncio.wait([collect.exited], timeout=timeout)
            if not done:
                try:
                    transport.kill()
                except ProcessLookupError:
                    pass
                await collect.exited
                raise timed_out(timeout)
            await asyncio.wait([collect.finished], timeout=_POLL)
            returncode = transport.get_returncode()
        except asyncio.CancelledError:  # leave no child behind, reaped while the loop runs
            try:
                transport.kill()
            except ProcessLookupError:
                pass
            await asyncio.wait([collect.exited], timeout=2.0)
            raise
        finally:
            transport.close()  # kills the child if still running (cancelled)
    finally:
        slots.release()
    assert returncode is not None
    return _result(returncode, bytes(collect.output[1]), bytes(collect.output[2]))
