"""A bounded load test on 127.0.0.1: 50 concurrent clients mixing questions, follow-ups in
sessions and bad requests against a real server. MQBOT_LOAD_SECONDS sets how long (60 by
default; CI runs it shorter)."""
import http.client
import json
import os
import random
import threading
import time
import urllib.request

from .conftest import running_server

SECONDS = float(os.environ.get("MQBOT_LOAD_SECONDS", "60"))
CLIENTS = 50
MAX_SESSIONS = 300
QUESTIONS = ["What language is RabbitMQ written in?", "Compare Kafka and RabbitMQ", "Which products support push?",
             "Which is the most reliable?", "kafak throughput", "Does CMQ support message rewind?",
             "What is the average stress test QPS?", "Tell me about RocketMQ", "hi", "What is ISR?"]
FOLLOW_UPS = ["and its reliability?", "What about Kafka?", "which of those are written in C++?", "why?"]
BAD = [(b'{"question": ""}', 422), (b"{not json", 422), (b'{"question": 5}', 422),
       (json.dumps({"question": "x" * 1001}).encode(), 422), (b'{"question": "' + b"y" * 70_000 + b'"}', 413)]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS:"))


def client(port, deadline, seed, tally, problems):
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    session = None
    while time.monotonic() < deadline:
        roll = rnd.random()
        if roll < 0.15:
            body, want = rnd.choice(BAD)
        else:
            if roll < 0.45 or session is None:
                session, q = None, rnd.choice(QUESTIONS)                 # a new conversation
            else:
                q = rnd.choice(FOLLOW_UPS)
            body, want = json.dumps({"question": q, **({"session_id": session} if session else {})}).encode(), 200
        try:
            conn.request("POST", "/api/answer", body, {"Content-Type": "application/json"})
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            problems.append(f"{type(exc).__name__}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        tally[resp.status] = tally.get(resp.status, 0) + 1
        if resp.status != want:
            problems.append(f"{body[:60]!r} -> {resp.status}, wanted {want}")
        elif want == 200:
            answer = json.loads(data)
            if not answer["answer"]:
                problems.append(f"{body[:60]!r} -> empty answer")
            if session and answer["session_id"] != session:
                problems.append(f"{body[:60]!r} -> the session was lost")   # the store dropped it early
            session = answer["session_id"]
        if resp.status == 413 or resp.getheader("connection") == "close":
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.close()


def test_fifty_clients_mixing_questions_follow_ups_and_bad_requests():
    with running_server(env={"MQBOT_MAX_SESSIONS": str(MAX_SESSIONS)}) as url:
        port = int(url.rsplit(":", 1)[1])
        before = rss_mib(url.pid)
        tally, problems = {}, []
        deadline = time.monotonic() + SECONDS
        threads = [threading.Thread(target=client, args=(port, deadline, i, tally, problems)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(SECONDS + 60)
        health = json.load(urllib.request.urlopen(url + "/healthz", timeout=10))
        after = rss_mib(url.pid)
        total = sum(tally.values())
        print(f"\n{total} requests in {SECONDS:.0f}s from {CLIENTS} clients: {tally}; "
              f"RSS {before:.0f} -> {after:.0f} MiB; sessions held {health['sessions']}")
        assert not problems, problems[:5]
        assert not any(status >= 500 for status in tally)
        assert tally.get(200, 0) > CLIENTS            # every client got answers
        assert health["sessions"] <= MAX_SESSIONS      # the store stayed within its bound
        assert after - before < 200                    # memory bounded (memo and store are capped)
