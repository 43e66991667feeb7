"""Slow clients against an example server, and the latency of normal
requests meanwhile (issue 25). Standard library only, so that every
server's suite can use it (scripts/python/tests/test_server.py too).

SlowClients opens `count` connections to 127.0.0.1:port; each sends the
first part of a request (by default half of them stop inside the request
line, half inside a header; BODY_HEAD sends whole headers announcing a
body) and then one more byte every 0.5-1 s, never finishing, until
close(); an IDLE one sends nothing at all. A connection the server ends (EOF or a reset) is counted as cut,
with the time it was cut; an answer before that (a 408, or the app's
answer to a GET whose body is still coming) is kept in `answered`."""

import random
import select
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import Callable, Dict, List, Optional, Sequence, Tuple

HOST = "127.0.0.1"
# Where each kind of slow client stops: in the request line, or in a header.
HEADS = [b"GET /qrcode?text=slow-",
         b"GET /qrcode?text=slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "]
# Whole headers, then a body trickled a byte at a time.
BODY_HEAD = b"GET /qrcode?text=slow-body HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n"
# Nothing at all: a connection that never sends a byte.
IDLE = b""


class SlowClients:
    def __init__(self, port: int, count: int = 50, interval: Tuple[float, float] = (0.5, 1.0),
                 seed: int = 25, heads: Sequence[bytes] = HEADS) -> None:
        self.started = time.monotonic()
        self._random = random.Random(seed)
        self._interval = interval
        self._lock = threading.Lock()
        self._open: List[socket.socket] = []
        self._due: Dict[socket.socket, float] = {}
        self.cut: Dict[int, float] = {}  # client number -> seconds after it connected
        self.answered: Dict[int, bytes] = {}  # client number -> what the server sent
        self._number: Dict[socket.socket, int] = {}
        self._connected: Dict[socket.socket, float] = {}
        self._stop = threading.Event()
        try:
            for i in range(count):
                s = socket.create_connection((HOST, port), timeout=5)
                head = heads[i % len(heads)]
                s.sendall(head)
                now = time.monotonic()
                self._open.append(s)
                self._number[s], self._connected[s] = i, now
                self._due[s] = now + self._random.uniform(*interval) if head else float("inf")
        except BaseException:
            self.close()
            raise
        self._thread = threading.Thread(target=self._trickle, name="slow-clients", daemon=True)
        self._thread.start()

    def _drop(self, s: socket.socket, now: float) -> None:
        with self._lock:
            if s in self._open:
                self._open.remove(s)
                self.cut[self._number[s]] = now - self._connected[s]
        s.close()

    def _trickle(self) -> None:
        while not self._stop.wait(0.05):
            with self._lock:
                live = list(self._open)
            if not live:
                return
            # The server ended a connection (EOF, a reset): cut.
            readable, _, _ = select.select(live, [], [], 0)
            now = time.monotonic()
            ended = []
            for s in readable:
                try:
                    data = s.recv(65536)
                except OSError:
                    data = b""
                if data:
                    number = self._number[s]
                    self.answered[number] = self.answered.get(number, b"") + data
                else:
                    ended.append(s)
                    self._drop(s, now)
            for s in live:
                if s in ended or now < self._due[s]:
                    continue
                try:
                    s.send(b"a")
                except OSError:
                    self._drop(s, now)
                    continue
                self._due[s] = now + self._random.uniform(*self._interval)

    def still_open(self) -> int:
        with self._lock:
            return len(self._open)

    def wait_all_cut(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self.still_open() and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.still_open() == 0

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            live, self._open = list(self._open), []
        for s in live:
            s.close()


def cut_off(port: int, stop_server: Callable[[], None], count: int = 12,
            within: float = 6.0) -> Tuple[bool, Dict[int, float]]:
    """count slow clients of every kind (inside the request line, a header,
    the body, and silent) against the server on port: whether all were cut
    within `within` seconds, and each cut one's seconds after connecting.
    Stops the server (stop_server) whatever happens."""
    slow = None
    try:
        slow = SlowClients(port, count, heads=HEADS + [BODY_HEAD, IDLE])
        all_cut = slow.wait_all_cut(within)
        return all_cut, dict(slow.cut)
    finally:
        if slow is not None:
            slow.close()
        stop_server()


def timed_get(url: str, timeout: float) -> Tuple[float, Optional[int], bytes]:
    """(seconds, status or None when it timed out or failed, body)."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as res:
            body = res.read()
            status: Optional[int] = res.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    except OSError:  # timed out, refused, reset
        body, status = b"", None
    return time.monotonic() - start, status, body


def latencies(url: str, count: int = 20, timeout: float = 3.0,
              spacing: float = 0.1) -> List[Tuple[float, Optional[int], bytes]]:
    """count normal GET /qrcode?text=normal-N, one after another, spacing
    seconds apart (so that the slow clients trickle meanwhile); stops at
    the first that gets no answer within timeout (the test fails then, and
    its runtime stays bounded)."""
    results = []
    for i in range(count):
        if i:
            time.sleep(spacing)
        took, status, body = timed_get(f"{url}/qrcode?text=normal-{i}", timeout)
        results.append((took, status, body))
        if status is None:
            break
    return results


def summary(results: List[Tuple[float, Optional[int], bytes]], timeout: float = 3.0) -> str:
    answered = [took for took, status, _ in results if status is not None]
    worst = max((took for took, _, _ in results), default=0.0)
    return (f"{len(answered)} of {len(results)} normal requests answered, worst "
            f"{worst * 1000:.0f} ms" + ("" if len(answered) == len(results)
                                       else f" (no answer in {timeout:g} s)"))
