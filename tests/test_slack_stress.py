"""Slack under stress: bursts of retries and replays, concurrent deliveries, unsigned floods."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi.testclient import TestClient
from slack_sdk.signature import SignatureVerifier

from bot import Engine, load_knowledge
from bot.sessions import MemoryStore
from bot.settings import Settings
from bot.web import create_app

from .conftest import KNOWLEDGE
from .fake_slack import FakeSlack

SECRET = "stress-secret"
BODY = (Path(__file__).parent / "payloads" / "app_mention.json").read_bytes()


class CountingEngine(Engine):
    def __init__(self, kb):
        super().__init__(kb, memo_size=0)
        self.calls = 0
        self._lock = threading.Lock()

    def answer_fresh(self, question, context=None):
        with self._lock:
            self.calls += 1
        return super().answer_fresh(question, context)


def headers(body, retry=None, secret=SECRET):
    ts = str(int(time.time()))
    h = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
         "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)}
    if retry:
        h["X-Slack-Retry-Num"] = str(retry)
        h["X-Slack-Retry-Reason"] = "http_timeout"
    return h


def setup(slack):
    engine = CountingEngine(load_knowledge(KNOWLEDGE))
    store = MemoryStore()
    app = create_app(Settings(slack_signing_secret=SECRET, slack_bot_token="xoxb-stress", slack_api_url=slack.url),
                     engine=engine, store=store)
    return TestClient(app), engine, store


def test_a_burst_of_retries_replays_and_concurrent_deliveries_posts_one_answer():
    with FakeSlack() as slack:
        client, engine, _ = setup(slack)

        def deliver(n):
            return client.post("/slack/events", content=BODY, headers=headers(BODY, retry=n % 4 or None)).status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(deliver, range(64)))
        for n in range(1, 4):                     # replays after the burst, as Slack's retries would come
            assert deliver(n) == 200
        assert statuses == [200] * 64
        assert len(slack.posts()) == 1 and engine.calls == 1


def test_many_distinct_events_each_get_one_answer():
    import json
    with FakeSlack() as slack:
        client, engine, _ = setup(slack)
        payload = json.loads(BODY)

        def deliver(i):
            event = {**payload, "event_id": f"Ev{i % 20}", "event": {**payload["event"], "ts": f"1515449522.{i % 20:06d}"}}
            body = json.dumps(event).encode()
            return client.post("/slack/events", content=body, headers=headers(body, retry=(i // 20) or None)).status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            assert set(pool.map(deliver, range(80))) == {200}
        assert len(slack.posts()) == 20 and engine.calls == 20
        assert sorted({p["body"]["thread_ts"] for p in slack.posts()}) == sorted(
            {f"1515449522.{i:06d}" for i in range(20)})


def test_a_flood_of_unsigned_requests_is_refused_without_work():
    with FakeSlack() as slack:
        client, engine, store = setup(slack)
        bad = [{}, {"X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=00"},
               headers(BODY, secret="wrong"), {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=1"}]

        def deliver(i):
            path = "/slack/events" if i % 2 else "/slack/commands"
            return client.post(path, content=BODY, headers=bad[i % len(bad)]).status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(deliver, range(400)))
        assert statuses == [401] * 400
        assert engine.calls == 0 and slack.calls == [] and len(store) == 0 and not store._claims
