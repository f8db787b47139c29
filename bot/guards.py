"""ASGI guards around the web app: security headers on every response, HEAD wherever GET
is, and one catch-all that turns an internal error into a JSON 500, logged once.

They are plain ASGI callables rather than Starlette's BaseHTTPMiddleware, which costs a
task and a stream per request; each of these adds a function call."""
from __future__ import annotations

import json
import logging

log = logging.getLogger("mqbot")

# The chat page loads its own script and style sheet and talks to its own API; nothing else.
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# JSON and files: nothing in them may run, and no page may frame them
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"
BASE_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                (b"x-frame-options", b"DENY")]


class SecurityHeaders:
    """Adds the headers to every response. `policies` maps a path to its page's
    Content-Security-Policy; every other response gets DATA_POLICY, HTML or not."""

    def __init__(self, app, policies: dict[str, str]):
        self.app = app
        self.policies = {path: policy.encode() for path, policy in policies.items()}
        self.default = DATA_POLICY.encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        policy = self.policies.get(scope["path"], self.default)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", ()) if h[0].lower() != b"content-security-policy"]
                message = {**message, "headers": [*headers, (b"content-security-policy", policy), *BASE_HEADERS]}
            await send(message)

        return await self.app(scope, receive, with_headers)


class HeadAsGet:
    """HEAD answered wherever GET is (load balancers and uptime checks send HEAD): routed as
    a GET, sent with the GET's headers and no body. The method asked for stays in
    scope["mqbot.method"] for error messages."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message):
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        return await self.app({**scope, "method": "GET", "mqbot.method": "HEAD"}, receive, headers_only)


class CatchAll:
    """The last word on an exception nothing else handled: logged once, with its traceback,
    and answered as JSON {"detail": ...} with a 500 (if no response has started yet). The
    exception goes no further, so the server does not log it a second time."""

    DETAIL = json.dumps({"detail": "internal error; it has been logged"}).encode()

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watch(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:          # noqa: BLE001 - this is the catch-all
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:            # half a response is out: all we can do is end it
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send({"type": "http.response.start", "status": 500,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(self.DETAIL)).encode())]})
            await send({"type": "http.response.body", "body": self.DETAIL, "more_body": False})
