"""What the package does when the process forks (os.fork(): gunicorn's
preload_app, multiprocessing's "fork" start method, a pre-forking server).

A forked child inherits copies of its parent's pools: the same worker
processes and the same pipes to them, but none of the threads that read
those pipes, and locks that a parent thread may have held. Used as they
are, the child's requests would be answered to the parent and the other way
round. So in the child, before anything else runs (os.register_at_fork),
every pool forgets its inherited workers and starts its own on its next
call; a pool also checks os.getpid() when it is used, for a fork that ran
no Python hooks. An inherited worker is disowned: its pipe descriptors in
the child are pointed at /dev/null (dup2, so no descriptor number is freed
for reuse while a Python object still owns it, and a stale write buffer can
only ever be flushed there), and its process is marked ended for the child,
so that nothing here can signal or wait for it. The parent's pools go on as
if nothing happened."""
import os
import subprocess
import threading
import weakref
from typing import Any, Callable, List, Optional

_pools: "weakref.WeakSet[Any]" = weakref.WeakSet()
_callbacks: List[Callable[[], None]] = []
# In a child: the parent's workers, kept for the life of the process so that
# no finalizer of theirs (a transport's close, a pending task's report) runs.
_disowned: List[Any] = []
# Serialises a pool's own check of os.getpid() (a new one in each child).
lock = threading.Lock()


def track(pool: Any) -> None:
    """pool._after_fork() will run in every forked child while pool lives."""
    _pools.add(pool)


def on_fork(callback: Callable[[], None]) -> None:
    """callback() runs in every forked child, after the pools have reset."""
    _callbacks.append(callback)


def disown(worker: Any, popen: Optional["subprocess.Popen[bytes]"]) -> None:
    """In a child: the parent's worker (its Popen) is no longer ours."""
    _disowned.append(worker)
    if popen is None:
        return
    devnull = os.open(os.devnull, os.O_RDWR | os.O_CLOEXEC)
    try:
        for stream in (popen.stdin, popen.stdout, popen.stderr):
            if stream is None:
                continue
            try:
                fd = stream.fileno()
            except (OSError, ValueError):  # closed already
                continue
            os.dup2(devnull, fd, inheritable=False)
    finally:
        os.close(devnull)
    if popen.returncode is None:
        # Not our child: poll, wait, kill and send_signal must do nothing.
        popen.returncode = 0


def _after_fork_in_child() -> None:
    global lock
    lock = threading.Lock()
    for pool in list(_pools):
        pool._after_fork()
    for callback in _callbacks:
        callback()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
