"""A counting semaphore shared by threads and event loops alike: blocking
callers wait on an Event, asyncio callers on a future of their own loop,
and a freed slot goes to the longest waiter, whichever kind it is."""
import asyncio
import collections
import threading
from typing import Deque, Tuple, Union

_Waiter = Union[threading.Event, Tuple[asyncio.AbstractEventLoop, "asyncio.Future[None]"]]


class Slots:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._free = limit
        self._lock = threading.Lock()
        self._waiters: Deque[_Waiter] = collections.deque()

    def _take(self) -> bool:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return True
        return False

    def acquire(self) -> None:
        with self._lock:
            if self._take():
                return
            event = threading.Event()
            self._waiters.append(event)
        event.wait()

    async def acquire_async(self) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._take():
                return
            future: "asyncio.Future[None]" = loop.create_future()
            waiter = (loop, future)
            self._waiters.append(waiter)
        try:
            await future
        except BaseException:
            with self._lock:
                if waiter in self._waiters:  # never given a slot
                    self._waiters.remove(waiter)
                    raise
            if future.done() and not future.cancelled():
                self.release()  # given one, then cancelled before using it
            raise  # (a future cancelled first gives its slot back in _give)

    def _give(self, future: "asyncio.Future[None]") -> None:
        if future.cancelled():
            self.release()
        else:
            future.set_result(None)

    def release(self) -> None:
        with self._lock:
            while self._waiters:
                waiter = self._waiters.popleft()
                if isinstance(waiter, threading.Event):
                    waiter.set()
                    return
                loop, future = waiter
                try:
                    loop.call_soon_threadsafe(self._give, future)
                    return
                except RuntimeError:  # its loop is closed: the next waiter
                    continue
            self._free += 1

    def in_use(self) -> int:
        with self._lock:
            return self.limit - self._free
