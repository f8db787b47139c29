"""Running the app under uvicorn, with a fix for multi-worker latency."""
from __future__ import annotations

import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    """Uvicorn's worker processes share a listening socket made without an explicit TCP
    protocol number, so asyncio does not set TCP_NODELAY on the connections it accepts; with
    Nagle and delayed ACKs every keep-alive response then waits about 40 ms. Set it here."""

    def connection_made(self, transport):  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
        super().connection_made(transport)
