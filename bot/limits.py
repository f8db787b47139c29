"""Limits on what one request, and one client, may ask of the server."""
from __future__ import annotations

import ipaddress
import json
import time
from collections import OrderedDict

BODY_METHODS = {"POST", "PUT", "PATCH"}


class BodyLimit:
    """An ASGI guard that refuses request bodies over a size limit before the app reads them."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            if not length.isdigit():
                return await self._refuse(send, 400, "Content-Length is not a number")
            if int(length) > self.limit:
                return await self._too_large(send)
            # the server delivers no more than Content-Length says: nothing to count
            return await self.app(scope, receive, send)
        # Buffer at most `limit` bytes (a chunked body has no length to check up front).
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.limit:
                return await self._too_large(send)
            if not message.get("more_body"):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _too_large(self, send):
        return await self._refuse(send, 413, f"request body is larger than the {self.limit // 1024} KiB limit")

    @staticmethod
    async def _refuse(send, status: int, detail: str):
        payload = json.dumps({"detail": detail}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(payload)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": payload})


class RateLimit:
    """A token bucket per client: `rate` requests per `per` seconds, in bursts of up to
    `rate`. The client is the connection's address, or, when that address is a trusted
    proxy, the last address in X-Forwarded-For that is not one (a client can prepend
    anything to that header, but not what our own proxies append). Buckets live in
    this process; at most `max_clients` are remembered, the least recently seen first out."""

    def __init__(self, rate: float, per: float, proxies=(), max_clients: int = 100_000, clock=time.monotonic):
        self.capacity, self.refill = rate, rate / per
        self.proxies = tuple(proxies)
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()    # client -> (tokens, stamp)

    def client(self, peer: str | None, forwarded: str | None) -> str:
        peer = peer or "unknown"
        if not forwarded or not self._trusted(peer):
            return peer
        for hop in reversed([h.strip() for h in forwarded.split(",")]):
            if hop and not self._trusted(hop):
                return hop
        return peer

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.proxies)

    def take(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds until it may."""
        now = self._clock()
        tokens, stamp = self._buckets.pop(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - stamp) * self.refill)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.refill
        self._buckets[client] = (tokens - 1 if not wait else tokens, now)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait
