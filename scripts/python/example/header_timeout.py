"""A deadline for each request's line and headers under uvicorn's h11
protocol (issue 25). uvicorn 0.17 has none: a client that sends its
request a byte at a time, or nothing at all, keeps its connection for
ever. It does not block the event loop, but it is never let go either.

gunicorn.conf.py puts this protocol into each UvicornWorker's config
(post_fork), so the documented command

    gunicorn -c gunicorn.conf.py -k uvicorn.workers.UvicornWorker fastapi_app:app

cuts such a client HEADER_TIMEOUT seconds after it connected, or after
the previous answer on a kept-alive connection, if its whole request (line,
headers and any body: this app's GET has none) is not there by then.
"""

from typing import Any, Optional

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

# h11's hint for a request line and headers still incomplete past its bound
# (16 KiB): uvicorn 0.17 answers every refusal of h11 with a 400.
_TOO_LARGE = 431
_TOO_LARGE_BODY = b"request headers too large"

_WAITING = (h11.IDLE, h11.SEND_BODY)  # the client's request is not all in yet


class HeaderTimeoutH11Protocol(H11Protocol):  # type: ignore[misc]
    header_timeout = 10.0  # s; set by gunicorn.conf.py from HEADER_TIMEOUT

    _header_timer: Optional[Any] = None

    _refusal: Optional[h11.RemoteProtocolError] = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm()
        # Keep what h11 refused, so that send_400_response can tell an
        # over-long request from a malformed one.
        next_event = self.conn.next_event

        def watched_next_event() -> Any:
            try:
                return next_event()
            except h11.RemoteProtocolError as e:
                self._refusal = e
                raise

        self.conn.next_event = watched_next_event

    def send_400_response(self, msg: str) -> None:
        """An over-long request (h11's hint 431) gets the examples' 431 in
        text/plain; anything else uvicorn's own 400 (text/plain too)."""
        if self._refusal is None or self._refusal.error_status_hint != _TOO_LARGE:
            super().send_400_response(msg)
            return
        headers = [(b"content-type", b"text/plain; charset=utf-8"),
                   (b"content-length", str(len(_TOO_LARGE_BODY)).encode()),
                   (b"x-content-type-options", b"nosniff"), (b"connection", b"close")]
        # h11 is in its ERROR state and will not frame an answer: write it.
        head = b"HTTP/1.1 431 Request Header Fields Too Large\r\n" + b"".join(
            name + b": " + value + b"\r\n" for name, value in headers) + b"\r\n"
        self.transport.write(head + _TOO_LARGE_BODY)
        self.transport.close()

    def connection_lost(self, exc: Optional[BaseException]) -> None:
        self._disarm()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        # IDLE: h11 has not got a whole request line and headers yet (a
        # first request, or the next one after an answer); SEND_BODY: nor
        # the whole body (which the app does not wait for: it may have
        # answered already). The deadline runs from the moment that wait
        # began, not from the last byte.
        if self.conn.their_state in _WAITING and not self.transport.is_closing():
            self._arm()
        else:
            self._disarm()

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._expired)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _expired(self) -> None:
        self._header_timer = None
        if self.conn.their_state in _WAITING and not self.transport.is_closing():
            self.transport.close()
