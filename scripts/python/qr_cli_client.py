"""Python client for qr-cli: one child process per QR code, stdlib only.

    from qr_cli_client import qr_png, qr_png_async
    png = qr_png("https://example.com/", level="M", size=300)
    png = await qr_png_async("https://example.com/")

The text goes to the tool as one argv element after ``--``, never through a
shell, so no text can become an option, a file name or a command. At most
``max_concurrency`` children run at a time per client (default: the env var
QR_CLI_CONCURRENCY, else two per core), for the blocking and the asyncio
calls alike; a child that outlives
``timeout`` seconds is killed. Failures raise QrCliError, which carries the
tool's exit code and its one-line message.
"""

import asyncio
import os
import subprocess
import threading
import weakref
from pathlib import Path

DEFAULT_BINARY = str(Path(__file__).resolve().parents[2] / "build" / "qr-cli")
DEFAULT_TIMEOUT = 10.0
# Two children per core keep every core busy while others start or exit.
CONCURRENCY_PER_CORE = 2

# Render options and the qr-cli flag each one becomes.
FLAGS = {
    "level": ("--level", str),
    "size": ("--size", int),
    "scale": ("--scale", int),
    "margin": ("--margin", int),
    "fg": ("--fg", str),
    "bg": ("--bg", str),
}


class QrCliError(Exception):
    """code: QR_CLI_EXIT (exit_code set), QR_CLI_TIMEOUT, QR_CLI_NOT_FOUND,
    QR_CLI_SPAWN or QR_CLI_SIGNAL."""

    def __init__(self, message, *, code, exit_code=None, stderr=""):
        super().__init__(message)
        self.code = code
        self.exit_code = exit_code
        self.stderr = stderr


def core_count():
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_args(text, options):
    """The argv after the binary: flags from options, then -- and the text."""
    if not isinstance(text, (str, bytes)):
        raise TypeError("qr_png: text must be str or bytes")
    if ("\0" if isinstance(text, str) else b"\0") in text:
        raise ValueError("qr_png: text must not contain NUL (it cannot pass through argv)")
    args = []
    for name, value in options.items():
        if name not in FLAGS:
            raise TypeError(f"qr_png: unknown option '{name}' (known: {', '.join(FLAGS)})")
        if value is None:
            continue
        flag, kind = FLAGS[name]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"qr_png: option '{name}' must be an int")
        if kind is str and not isinstance(value, str):
            raise TypeError(f"qr_png: option '{name}' must be a str")
        args += [flag, str(value)]
    # bytes go to argv unchanged, so any UTF-8 (or other) bytes pass exactly.
    return args + ["--", text]


class QrCli:
    def __init__(self, binary=None, timeout=DEFAULT_TIMEOUT, max_concurrency=None):
        self.binary = binary or os.environ.get("QR_CLI") or DEFAULT_BINARY
        self.timeout = timeout
        if max_concurrency is None:
            from_env = os.environ.get("QR_CLI_CONCURRENCY")
            try:
                max_concurrency = int(from_env) if from_env else core_count() * CONCURRENCY_PER_CORE
            except ValueError:
                max_concurrency = 0
        if max_concurrency < 1:
            raise ValueError("max_concurrency (or QR_CLI_CONCURRENCY) must be a positive integer")
        self.max_concurrency = max_concurrency
        self._thread_slots = threading.BoundedSemaphore(self.max_concurrency)
        # asyncio primitives belong to one event loop: one semaphore per loop.
        self._loop_slots = weakref.WeakKeyDictionary()

    def _spawn_error(self, error):
        if isinstance(error, FileNotFoundError):
            return QrCliError(
                f"qr-cli not found at {self.binary}: build it with `make`, or give "
                "its path in the QR_CLI environment variable or the binary argument",
                code="QR_CLI_NOT_FOUND")
        return QrCliError(f"cannot run qr-cli at {self.binary}: {error}", code="QR_CLI_SPAWN")

    def _result(self, returncode, stdout, stderr):
        message = stderr.decode("utf-8", "replace").strip()
        if returncode == 0:
            return stdout
        if returncode < 0:
            raise QrCliError(f"qr-cli was killed by signal {-returncode}",
                             code="QR_CLI_SIGNAL", stderr=message)
        raise QrCliError(f"qr-cli exited with code {returncode}" + (f": {message}" if message else ""),
                         code="QR_CLI_EXIT", exit_code=returncode, stderr=message)

    def _timeout_error(self):
        return QrCliError(f"qr-cli timed out after {self.timeout:g} s and was killed",
                          code="QR_CLI_TIMEOUT")

    def qr_png(self, text, **options):
        """PNG bytes for text; blocks the calling thread."""
        argv = [self.binary] + build_args(text, options)
        with self._thread_slots:
            try:
                # On timeout, run() kills the child (SIGKILL) and reaps it.
                done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                                      timeout=self.timeout, check=False)
            except subprocess.TimeoutExpired:
                raise self._timeout_error() from None
            except OSError as e:
                raise self._spawn_error(e) from None
        return self._result(done.returncode, done.stdout, done.stderr)

    def _slots_for_running_loop(self):
        loop = asyncio.get_running_loop()
        slots = self._loop_slots.get(loop)
        if slots is None:
            slots = self._loop_slots[loop] = asyncio.Semaphore(self.max_concurrency)
        return slots

    async def qr_png_async(self, text, **options):
        """PNG bytes for text, without blocking the event loop."""
        args = build_args(text, options)
        async with self._slots_for_running_loop():
            try:
                proc = await asyncio.create_subprocess_exec(
                    self.binary, *args, stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            except OSError as e:
                raise self._spawn_error(e) from None
            try:
                stdout, stderr = await asyncio.wait_for(proc.communicate(), self.timeout)
            except asyncio.TimeoutError:
                proc.kill()
                await proc.wait()
                raise self._timeout_error() from None
            except BaseException:  # cancelled: leave no child behind
                proc.kill()
                await proc.wait()
                raise
        return self._result(proc.returncode, stdout, stderr)


_shared = None
_shared_lock = threading.Lock()


def _shared_client():
    """One client for the module-level functions, made on first use so that
    QR_CLI may be set after import."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = QrCli()
        return _shared


def qr_png(text, **options):
    return _shared_client().qr_png(text, **options)


async def qr_png_async(text, **options):
    return await _shared_client().qr_png_async(text, **options)
