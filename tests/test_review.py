"""`mqbot review` against the store a real `mqbot serve` recorded into, given the same environment;
and the issue's "Done when" scenario end to end."""
import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from bot.review import Reviewer

from .conftest import ROOT, running_server

KESTREL = "Is Kestrel written in Java?"      # a product the matrix lacks


def call(url, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + path, data=data, headers={"Content-Type": "application/json", "Connection": "close"})
    with urllib.request.urlopen(req, timeout=10) as r:
        raw = r.read().decode()
        return json.loads(raw) if r.headers.get("content-type", "").startswith("application/json") else raw


def review(env, *args):
    out = subprocess.run([sys.executable, "-m", "bot", "review", *args], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, env={**os.environ, **env})
    assert "Traceback" not in out.stderr
    return out


def review_json(env, until, *args):
    """The review once `until(review)` holds: the server writes its records a moment after answering."""
    deadline = time.monotonic() + 10
    while True:
        out = review(env, "--json", *args)
        assert out.returncode == 0, out.stderr
        got = json.loads(out.stdout)
        if until(got) or time.monotonic() > deadline:
            return got
        time.sleep(0.1)


@pytest.mark.parametrize("store", ["sqlite", "redis"])
def test_done_when(store, tmp_path, request):
    """A question the matrix cannot answer, asked three times, is listed with count 3 and a
    suggestion; a thumbs-down with a comment is listed with its question; /metrics shows the
    answer counts and the latency histogram."""
    env = {"MQBOT_RECORD_PATH": str(tmp_path / "records.sqlite3")}
    if store == "redis":
        env = {"MQBOT_REDIS_URL": request.getfixturevalue("redis_server").url}
    with running_server("--workers", "2", env=env) as url:
        for wording in (KESTREL, "is  Kestrel written in Java", "Is Kestrel written in JAVA?!"):
            assert "Kestrel is not in the comparison matrix" in call(url, "/api/answer", {"question": wording})["answer"]
        said = call(url, "/api/answer", {"question": "Which is more reliable, Kafka or RocketMQ?"})
        call(url, "/api/feedback", {"answer_id": said["answer_id"], "helpful": False,
                                    "comment": "I asked about replicated setups"})
        metrics = "".join(call(url, "/metrics") for _ in range(3))
    assert 'mqbot_answers_total{channel="web",intent="unknown"} 3.0' in metrics
    assert 'mqbot_answer_seconds_bucket{channel="web",le="0.1"}' in metrics and "mqbot_answer_seconds_count" in metrics
    got = review_json(env, lambda r: r["unanswered"] and r["unhelpful"])
    assert set(got) == {"unanswered", "unhelpful"}
    top = got["unanswered"][0]
    assert set(top) == {"question", "count", "first_seen", "last_seen", "channel", "intent", "suggestion"}
    assert top["count"] == 3 and top["channel"] == "web" and top["intent"] == "unknown"
    assert "Kestrel" in top["question"] and top["first_seen"] <= top["last_seen"]
    assert "vocabulary.yaml: other_products" in top["suggestion"] and "{name: Kestrel" in top["suggestion"]
    [bad] = got["unhelpful"]
    assert set(bad) == {"question", "answer", "comment", "time"}
    assert bad["question"] == "Which is more reliable, Kafka or RocketMQ?" and bad["comment"] == "I asked about replicated setups"
    assert "RocketMQ" in bad["answer"]


def test_review_as_text_with_limit_and_since(tmp_path):
    env = {"MQBOT_RECORD_PATH": str(tmp_path / "records.sqlite3")}
    with running_server(env=env) as url:
        for q in ("How much does RabbitMQ cost?", "How much does RabbitMQ cost?", "Does RocketMQ have snapshots?"):
            call(url, "/api/answer", {"question": q})
    got = review_json(env, lambda r: len(r["unanswered"]) == 2, "--limit", "1", "--since", "1")
    assert [(a["question"], a["count"]) for a in got["unanswered"]] == [("How much does RabbitMQ cost?", 2)]
    assert "no row on price" in got["unanswered"][0]["suggestion"]
    text = review(env).stdout
    assert "Unanswered questions, most asked first (2):" in text and "2x  How much does RabbitMQ cost?" in text
    assert "fix: add “snapshots” to knowledge/vocabulary.yaml: out_of_scope" in text
    assert "Unhelpful answers, newest first (0):" in text


def test_review_before_anything_was_recorded_and_with_bad_flags(tmp_path):
    env = {"MQBOT_RECORD_PATH": str(tmp_path / "none.sqlite3")}
    out = review(env, "--json")
    assert out.returncode == 0 and json.loads(out.stdout) == {"unanswered": [], "unhelpful": []}
    assert "nothing recorded yet" in out.stderr and not (tmp_path / "none.sqlite3").exists()
    for bad in (["--limit", "0"], ["--since", "-2"]):
        out = review(env, *bad)
        assert out.returncode == 2 and "--limit must be at least 1" in out.stderr


@pytest.mark.parametrize("question, fix", [
    ("is rabbitmq durabel", "attributes.yaml: reliability.synonyms"),            # a row's word, misspelt
    ("Is Kafkaa persistent?", "products.yaml: kafka.aliases"),                   # a product's name
    ("Is Pulsar faster than Kafka?", "add it to knowledge/products.yaml and its cells to knowledge/matrix.yaml"),
    ("Does Kafka support sharding?", "vocabulary.yaml: out_of_scope"),          # a topic
    ("kafka language", "answered now"),
])
def test_suggestions_name_the_file_and_key(engine, question, fix):
    assert fix in Reviewer(engine).suggestion(question)
