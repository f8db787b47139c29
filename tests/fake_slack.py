"""A stand-in for Slack on 127.0.0.1 that records what it is sent: its Web API (under /api/)
and the response_url of interactions (under /actions/, as Slack's hooks.slack.com/actions/...)."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class FakeSlack:
    def __init__(self, fail: bool = False):
        self.calls: list[dict] = []
        self.fail = fail
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    body = json.loads(raw or b"{}")
                else:
                    body = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                owner.calls.append({"method": self.path.rsplit("/", 1)[-1], "body": body, "path": self.path,
                                    "auth": self.headers.get("Authorization")})
                if self.path.startswith("/actions/"):       # a response_url answers "ok" in plain text
                    data, kind = b"ok", "text/plain"
                else:
                    reply = ({"ok": False, "error": "channel_not_found"} if owner.fail
                             else {"ok": True, "channel": body.get("channel"), "ts": "1700000000.000100"})
                    data, kind = json.dumps(reply).encode(), "application/json"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def posts(self):
        return [c for c in self.calls if c["method"] == "chat.postMessage"]

    def response_url(self, name="1/abc"):
        """Where an interaction's reply goes, as Slack's payload gives it."""
        return self.url.replace("/api/", f"/actions/T1/{name}")

    def responses(self):
        return [c for c in self.calls if c["path"].startswith("/actions/")]
