"""Memory: resident size of a server process after 10,000 questions spread over 10,000
distinct sessions, against the same process before any question (the baseline), with the
session store's bound shown. Runs the real app in this process through its ASGI interface.

    python benchmarks/memory.py [--questions 10000] [--max-sessions 10000]
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json

from bot.settings import Settings
from bot.web import create_app

QUESTIONS = ["What language is RabbitMQ written in?", "Compare Kafka and RabbitMQ", "Which products support push?",
             "Which is the most reliable?", "kafak throughput", "Does CMQ support message rewind?",
             "What is the average stress test QPS?", "Tell me about RocketMQ", "and its reliability?"]


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def post(app, body: bytes) -> int:
    status = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            status.append(message["status"])

    scope = {"type": "http", "method": "POST", "path": "/api/answer", "raw_path": b"/api/answer",
             "query_string": b"", "headers": [(b"content-type", b"application/json"),
                                              (b"content-length", str(len(body)).encode())],
             "scheme": "http", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1), "root_path": "",
             "http_version": "1.1"}
    await app(scope, receive, send)
    return status[0]


async def run(app, n: int) -> None:
    for i in range(n):
        # every question starts a new session (the server issues its id); a few carry a number
        # so the memo is not all hits
        q = QUESTIONS[i % len(QUESTIONS)] + ("" if i % 3 else f" zq{i}")
        body = json.dumps({"question": q}).encode()
        assert await post(app, body) == 200


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=10_000)
    ap.add_argument("--max-sessions", type=int, default=10_000)
    args = ap.parse_args()
    app = create_app(Settings(max_sessions=args.max_sessions))
    store = app.state.store
    loop = asyncio.new_event_loop()
    loop.run_until_complete(run(app, 50))            # warm: templates, imports
    gc.collect()
    before = rss_mib()
    loop.run_until_complete(run(app, args.questions))
    gc.collect()
    after = rss_mib()
    loop.run_until_complete(run(app, args.questions))
    gc.collect()
    again = rss_mib()
    print(f"session store bound: {args.max_sessions} sessions; held now: {len(store)}")
    print(f"RSS before questions (baseline)       {before:8.1f} MiB")
    print(f"RSS after {args.questions} questions/sessions   {after:8.1f} MiB  ratio {after / before:.2f}")
    print(f"RSS after {2 * args.questions} questions/sessions  {again:8.1f} MiB  ratio {again / before:.2f}"
          "  (flat once the store is full)")


if __name__ == "__main__":
    main()
