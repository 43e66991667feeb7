"""qr_cli: QR code PNGs from the qr-cli command, standard library only.

    import qr_cli
    png = qr_cli.qr_png("https://example.com/")               # blocking
    png = await qr_cli.qr_png_async("https://example.com/")   # asyncio

qr_png and qr_png_async use long-lived `qr-cli --worker` processes (shared
pools made on first use), or with impl="native" libqrpng in this process
(the optional C extension qr_cli._native); spawn_qr_png and spawn_qr_png_async start one
process per code. Every failure is a QrCliError with a stable `code`.
README.md (next to pyproject.toml) has the options and the error codes.
"""
import asyncio
import threading
import weakref
from typing import Any, Dict, MutableMapping, Optional

from ._async_pool import AsyncWorkerPool
from ._common import DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUE
from ._errors import CODES, QrCliError
from ._lookup import find_qr_cli
from ._native_impl import (NativeUnavailableWarning, check_impl, native_png, native_png_async,
                           warn_if_built_without)
from ._options import DEFAULT_TIMEOUT, RenderOptions, Text, check_qr_cli
from ._pool import WorkerPool
from . import _fork, _spawn
from ._spawn import spawn_qr_png, spawn_qr_png_async

__version__ = "1.0.0"
__all__ = [
    "qr_png", "qr_png_async", "spawn_qr_png", "spawn_qr_png_async", "WorkerPool",
    "AsyncWorkerPool", "close", "aclose", "QrCliError", "NativeUnavailableWarning", "find_qr_cli",
    "CODES", "RenderOptions",
    "DEFAULT_MAX_IN_FLIGHT", "DEFAULT_MAX_QUEUE", "DEFAULT_TIMEOUT",
]

# The shared pools, one per qr_cli setting (None: the default lookup).
_pools: Dict[Optional[str], WorkerPool] = {}
_pools_lock = threading.Lock()
# qr_png_async's pools: per event loop, then per qr_cli setting.
_async_pools: "MutableMapping[asyncio.AbstractEventLoop, Dict[Optional[str], AsyncWorkerPool]]" = \
    weakref.WeakKeyDictionary()
_async_lock = threading.Lock()


def _after_fork_in_child() -> None:
    """A forked child (a pre-forking server) must not use its parent's
    workers, whose answers the parent reads, nor locks a parent thread held:
    it starts afresh (the parent's pools are left to the parent). Runs after
    every pool has disowned its inherited workers (_fork), so dropping the
    shared pools here closes or signals nothing of the parent's."""
    global _pools_lock, _async_lock, _async_pools
    _pools.clear()
    _pools_lock = threading.Lock()
    _async_pools = weakref.WeakKeyDictionary()
    _async_lock = threading.Lock()
    _spawn.forget_slots()


_fork.on_fork(_after_fork_in_child)

# An installed package built without qr_cli._native says so once, here
# (pip hid the build's output): NativeUnavailableWarning with the reason.
warn_if_built_without()


def qr_png(text: Text, *, impl: str = "worker", **options: Any) -> bytes:
    """The image bytes for text (PNG unless type says otherwise) from the
    shared, thread-safe WorkerPool, or with impl="native" rendered in this
    process by qr_cli._native.
    Options: the render options (RenderOptions: level, size, scale, margin,
    fg, bg, type, symversion, micro, boost_level, eight_bit, dpi), timeout
    (s), qr_cli."""
    if check_impl(impl) == "native":
        return native_png(text, **options)
    qr_cli = check_qr_cli(options.pop("qr_cli", None))
    with _pools_lock:
        pool = _pools.get(qr_cli)
        if pool is None or pool.closed:
            pool = _pools[qr_cli] = WorkerPool(qr_cli=qr_cli)
    return pool.qr_png(text, **options)


async def qr_png_async(text: Text, *, impl: str = "worker", **options: Any) -> bytes:
    """qr_png for asyncio: a pool of the running event loop (made on first
    use in that loop; its workers end with the loop), or with impl="native"
    qr_cli._native in the loop's default executor (the GIL is released
    while it renders)."""
    if check_impl(impl) == "native":
        return await native_png_async(text, **options)
    qr_cli = check_qr_cli(options.pop("qr_cli", None))
    loop = asyncio.get_running_loop()
    with _async_lock:
        for old in [old for old in _async_pools if old.is_closed()]:
            del _async_pools[old]
        pools = _async_pools.setdefault(loop, {})
        pool = pools.get(qr_cli)
        if pool is None or pool.closed:
            pool = pools[qr_cli] = AsyncWorkerPool(qr_cli=qr_cli)
    return await pool.qr_png(text, **options)


def close() -> None:
    """Closes the shared pool(s) of qr_png (the next call makes a new one)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


async def aclose() -> None:
    """Closes the running event loop's pool(s) of qr_png_async."""
    with _async_lock:
        pools = list(_async_pools.pop(asyncio.get_running_loop(), {}).values())
    for pool in pools:
        await pool.aclose()
