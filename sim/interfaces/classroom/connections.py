"""HTTP connections of the classroom servers: bounded in number and in time.

uvicorn's h11 protocol (the same parser, subclassed) gets two limits it lacks by itself:

* a *request deadline*: a connection whose request (headers and body) has not fully arrived
  within ``request_timeout_s`` of its start is closed (a phone that sends half a header and
  goes silent, or a script that does so 150 times, holds nothing for long); an idle keep-alive
  connection is closed by uvicorn's own keep-alive timeout;
* a *connection cap*: beyond ``max_connections`` open connections a new one is closed at once,
  and uvicorn's ``limit_concurrency`` answers 503 to requests beyond it before that.

Both are set per server by :func:`guarded_protocol`; the classroom's defaults suit up to 200
students on one laptop.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_TIMEOUT_S = 10.0
#: States in which the client has sent its whole request (or can send no more).
_RECEIVED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR, h11.SWITCHED_PROTOCOL)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a request deadline and a connection cap (class attributes, see the module)."""

    request_timeout_s: float = REQUEST_TIMEOUT_S
    max_connections: int = 256

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        if len(self.connections) > self.max_connections:
            transport.close()  # over the cap: refuse at once rather than queue
            return
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state in _RECEIVED:
            self._disarm()
        else:
            self._arm()  # waiting for (the rest of) a request, possibly the next one on a kept-alive connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._disarm()  # idle now: uvicorn's keep-alive timeout takes over until data arrives

    def _arm(self) -> None:
        if getattr(self, "_deadline", None) is None and not self.transport.is_closing():
            self._deadline = self.loop.call_later(self.request_timeout_s, self._expire)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if self.conn.their_state not in _RECEIVED and not self.transport.is_closing():
            self.transport.close()


def guarded_protocol(max_connections: int, request_timeout_s: float | None = None) -> type[GuardedH11Protocol]:
    """A protocol class for ``uvicorn.Config(http=...)`` with these limits (the deadline defaults to REQUEST_TIMEOUT_S)."""
    deadline = REQUEST_TIMEOUT_S if request_timeout_s is None else request_timeout_s
    return type("ClassroomH11Protocol", (GuardedH11Protocol,), {"max_connections": max_connections, "request_timeout_s": deadline})
