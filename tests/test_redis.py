"""Several stateless servers sharing Redis: sessions, Slack dedupe, and Redis going away."""
import json
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from bot.context import Context
from bot.sessions import RedisStore, StoreUnavailable

from .conftest import deliver_concurrently, running_server, slack_headers
from .fake_slack import FakeSlack


def post(url, question, session_id):
    body = json.dumps({"question": question, "session_id": session_id}).encode()
    req = urllib.request.Request(url + "/api/answer", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as err:
        return err.code, json.load(err)


def test_redis_store_basics(redis_server):
    store = RedisStore(redis_server.url, ttl_seconds=60, prefix=f"t{uuid.uuid4().hex}:")
    assert store.get("a") is None
    store.put("a", Context(intent="lookup", products=["kafka"]))
    assert store.get("a").products == ["kafka"]
    assert store.client.ttl(store.prefix + "s:a") > 0          # contexts expire
    assert store.claim("ev", 60) is True and store.claim("ev", 60) is False
    store.release("ev")
    assert store.claim("ev", 60) is True
    store.drop("a")
    assert store.get("a") is None and store.ping()


def test_redis_put_many_writes_all_in_one_round_trip(redis_server):
    store = RedisStore(redis_server.url, ttl_seconds=60, prefix=f"t{uuid.uuid4().hex}:")
    store.put_many([("a", Context(intent="lookup", products=["kafka"])), ("b", Context(intent="compare")),
                    ("a", Context(intent="lookup", products=["cmq"]))])
    assert store.get("a").products == ["cmq"] and store.get("b").intent == "compare"
    assert store.client.ttl(store.prefix + "s:b") > 0


def test_redis_store_down_is_a_typed_error(redis_server):
    store = RedisStore(redis_server.url)
    redis_server.stop()
    assert store.ping() is False
    with pytest.raises(StoreUnavailable, match="Redis is unreachable"):
        store.get("a")
    with pytest.raises(StoreUnavailable):
        store.claim("x", 10)
    with pytest.raises(StoreUnavailable):
        store.put_many([("a", Context())])


def test_a_conversation_alternating_between_two_servers_keeps_its_context(redis_server):
    env = {"MQBOT_REDIS_URL": redis_server.url}
    with running_server(env=env) as one, running_server(env=env) as two:
        turns = [(one, "What is RabbitMQ's consumption method?"), (two, "What about RocketMQ?"),
                 (one, "and its language?"), (two, "and Kafka?")]
        answers, sid = [], None
        for url, q in turns:
            answers.append(post(url, q, sid)[1])
            sid = answers[-1]["session_id"]
            assert answers[-1]["context_reset"] is False
        assert answers[1]["sources"][0] == {"product": "rocketmq", "attribute": "consumption", "value": "Pull"}
        assert answers[2]["sources"][0]["attribute"] == "language" and answers[2]["products"] == ["rocketmq"]
        assert answers[3]["sources"][0] == {"product": "kafka", "attribute": "language", "value": "Scala"}
        health = json.load(urllib.request.urlopen(two + "/healthz"))
        assert health["session_store"] == "redis"


def test_one_slack_event_delivered_to_both_servers_is_answered_once(redis_server):
    secret = "redis-slack-secret"
    body = (Path(__file__).parent / "payloads" / "app_mention.json").read_bytes()
    with FakeSlack() as slack:
        env = {"MQBOT_REDIS_URL": redis_server.url, "SLACK_SIGNING_SECRET": secret,
               "SLACK_BOT_TOKEN": "xoxb-redis", "SLACK_API_URL": slack.url}
        with running_server(env=env) as one, running_server(env=env) as two:
            deliveries = [(url + "/slack/events", body, slack_headers(secret, body, n or None))
                          for n in range(4) for url in (one, two)]
            assert deliver_concurrently(deliveries, slack) == [200] * 8
            assert len(slack.posts()) == 1


def test_redis_going_away_gives_a_clear_error_and_the_servers_recover(redis_server):
    env = {"MQBOT_REDIS_URL": redis_server.url}
    with running_server(env=env) as one, running_server(env=env) as two:
        status, first = post(one, "Tell me about CMQ", None)
        assert status == 200
        sid = first["session_id"]
        redis_server.stop()
        status, body = post(two, "what language is it written in?", sid)
        assert status == 503 and "session store unavailable" in body["detail"]
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(one + "/healthz", timeout=5)
        assert err.value.code == 503
        # a first question needs no stored context: still answered
        status, body = post(one, "What language is RabbitMQ written in?", None)
        assert status == 200 and "Erlang" in body["answer"]
        redis_server.start()          # same port, empty: the servers reconnect by themselves
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(two + "/healthz", timeout=5).status == 200:
                    break
            except urllib.error.HTTPError:
                time.sleep(0.2)
        status, first = post(one, "Tell me about CMQ", None)
        assert status == 200
        sid2 = first["session_id"]
        status, body = post(two, "what language is it written in?", sid2)
        assert status == 200 and body["sources"] == [{"product": "cmq", "attribute": "language", "value": "C++"}]
