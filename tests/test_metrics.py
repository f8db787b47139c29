"""GET /metrics (bot/metrics.py): answers by intent and channel, latency, unanswered, Slack
events; over every worker of `mqbot serve --workers 2`; MQBOT_METRICS=0 turns it off."""
import re
import urllib.error
import urllib.request
from pathlib import Path

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from bot.sessions import MemoryStore
from bot.settings import Settings
from bot.web import create_app

from .conftest import running_server, slack_headers
from .fake_slack import FakeSlack


def samples(text):
    """{(name, sorted labels): value} of a scrape."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_answers_latency_and_unanswered_are_counted(tmp_path, engine):
    app = create_app(Settings(record_path=str(tmp_path / "r.sqlite3")), engine=engine, store=MemoryStore())
    with TestClient(app) as c:
        for q in ("What language is RabbitMQ written in?", "kafka language", "Is Kestrel written in Java?"):
            c.post("/api/answer", json={"question": q})
        r = c.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    got = samples(r.text)
    assert got[("mqbot_answers_total", (("channel", "web"), ("intent", "lookup")))] == 2
    assert got[("mqbot_answers_total", (("channel", "web"), ("intent", "unknown")))] == 1
    assert got[("mqbot_unanswered_total", (("channel", "web"),))] == 1
    assert got[("mqbot_answer_seconds_count", (("channel", "web"),))] == 3
    assert got[("mqbot_answer_seconds_bucket", (("channel", "web"), ("le", "+Inf")))] == 3
    assert ("mqbot_session_store_errors_total", ()) in got


def test_metrics_off_is_a_404(engine):
    with TestClient(create_app(Settings.from_env({"MQBOT_METRICS": "0"}), engine=engine, store=MemoryStore())) as c:
        r = c.get("/metrics")
        assert r.status_code == 404 and "MQBOT_METRICS=0" in r.json()["detail"]
        assert c.post("/api/answer", json={"question": "kafka"}).status_code == 200


def test_slack_events_answered_and_deduplicated(tmp_path, engine):
    secret = "metrics-secret"
    body = (Path(__file__).parent / "payloads" / "app_mention.json").read_text().strip().encode()
    with FakeSlack() as slack:
        settings = Settings(slack_signing_secret=secret, slack_bot_token="xoxb-t", slack_api_url=slack.url,
                            record_path=str(tmp_path / "r.sqlite3"))
        with TestClient(create_app(settings, engine=engine, store=MemoryStore())) as c:
            for retry in (None, "1"):
                assert c.post("/slack/events", content=body, headers=slack_headers(secret, body, retry)).status_code == 200
            got = samples(c.get("/metrics").text)
    assert got[("mqbot_slack_events_total", (("outcome", "answered"),))] == 1
    assert got[("mqbot_slack_events_total", (("outcome", "deduplicated"),))] == 1
    assert sum(v for (name, labels), v in got.items() if name == "mqbot_answers_total" and ("channel", "slack") in labels) == 1


def get(url, path):
    req = urllib.request.Request(url + path, headers={"Connection": "close"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read().decode(), r.headers.get("X-Mqbot-Worker")


def test_two_workers_report_the_figures_of_both(tmp_path):
    # the server's temporary folder is the test's own, so other runs' folders cannot mix in
    own_tmp = tmp_path / "tmp"
    own_tmp.mkdir()
    with running_server("--workers", "2", env={"MQBOT_RECORD_PATH": str(tmp_path / "r.sqlite3"),
                                               "TMPDIR": str(own_tmp)}) as url:
        answered, n = set(), 0
        while len(answered) < 2 or n < 10:
            _, worker = get(url, "/api/answer?q=kafka+language")
            answered.add(worker)
            n += 1
            assert n < 200, "every answer came from one worker"
        scrapers = set()
        for _ in range(30):
            text, worker = get(url, "/metrics")
            scrapers.add(worker)
            got = samples(text)
            # the warm-up questions (wait_for_workers asks "hi") are counted too: lookups only here
            assert got[("mqbot_answers_total", (("channel", "web"), ("intent", "lookup")))] == n
            assert got[("mqbot_answer_seconds_count", (("channel", "web"),))] >= n
            if len(scrapers) == 2:
                break
        assert len(scrapers) == 2, "every scrape went to one worker"
        assert re.search(r'mqbot_answer_seconds_bucket\{channel="web",le="0.005"\}', text)
        assert list(own_tmp.glob("mqbot-metrics-*")), "the workers share a metrics folder"
    assert not list(own_tmp.glob("mqbot-metrics-*"))      # the server's own folder is gone with it


def test_one_worker_serves_metrics_and_can_turn_them_off():
    with running_server(env={"MQBOT_METRICS": "0"}) as url:
        try:
            get(url, "/metrics")
            raise AssertionError("metrics were on")
        except urllib.error.HTTPError as err:
            assert err.code == 404
