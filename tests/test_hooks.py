"""Outgoing webhooks: Mattermost's (form or JSON) and Slack's legacy ones."""
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from bot.web import create_app

from .conftest import Exploding

TOKENS = ("zmigewsanbbsdf59xnmduzypjc", "second-token")
RECORDED = json.loads((Path(__file__).parent / "payloads" / "mattermost_outgoing.json").read_text())


@pytest.fixture
def client(engine):
    return TestClient(create_app(Settings(outgoing_tokens=TOKENS), engine=engine))


def test_json_payload_gets_a_markdown_comment(client):
    r = client.post("/hooks/outgoing", json=RECORDED)
    assert r.status_code == 200
    data = r.json()
    assert data["response_type"] == "comment"
    assert "| Attribute | Apache Kafka | RabbitMQ |" in data["text"]
    assert "#mq" not in data["text"] and data["text"].rstrip().endswith("_")   # italic citation


def test_form_payload_and_the_second_token(client):
    form = {**RECORDED, "token": "second-token", "text": "#mq what language is rabbitmq written in?"}
    r = client.post("/hooks/outgoing", content=urlencode(form), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200 and "Erlang" in r.json()["text"]


def test_slack_legacy_outgoing_webhook(client):
    form = {"token": TOKENS[0], "team_id": "T0001", "team_domain": "example", "channel_id": "C2147483705",
            "channel_name": "test", "timestamp": "1355517523.000005", "user_id": "U2147483697",
            "user_name": "Steve", "text": "mqbot: Does CMQ support push?", "trigger_word": "mqbot:"}
    r = client.post("/hooks/outgoing", content=urlencode(form), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200 and r.json()["text"].startswith("Yes.")


def test_slack_legacy_webhooks_get_mrkdwn_not_markdown_tables(client):
    body = (Path(__file__).parent / "payloads" / "slack_legacy_outgoing.txt").read_bytes().strip()
    r = client.post("/hooks/outgoing", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200
    text = r.json()["text"]
    assert "```" in text and "| Attribute |" not in text and "|---|" not in text   # a code block, not GFM
    assert "**" not in text and "response_type" not in r.json()
    mattermost = client.post("/hooks/outgoing", json={**RECORDED, "text": "#mq Compare Kafka and RabbitMQ"}).json()
    assert "| Attribute | Apache Kafka | RabbitMQ |" in mattermost["text"]


def test_a_failing_answer_is_an_apology_in_the_channel(engine):
    c = TestClient(create_app(Settings(outgoing_tokens=TOKENS), engine=Exploding(engine)))
    r = c.post("/hooks/outgoing", json=RECORDED)
    assert r.status_code == 200 and "Sorry" in r.json()["text"] and "grammar" not in r.json()["text"]


def test_follow_up_in_the_same_channel_and_user(client):
    client.post("/hooks/outgoing", json={**RECORDED, "text": "#mq Does CKafka have security protection?"})
    r = client.post("/hooks/outgoing", json={**RECORDED, "text": "#mq and Kafka?"})
    assert r.json()["text"].startswith("No.")
    other = client.post("/hooks/outgoing", json={**RECORDED, "user_id": "someone-else", "text": "#mq and Kafka?"})
    assert not other.json()["text"].startswith("No.")       # another user has no context: an overview


@pytest.mark.parametrize("token", ["", "wrong", "zmigewsanbbsdf59xnmduzypj", None])
def test_bad_token_is_401(client, token):
    body = {**RECORDED, "token": token}
    if token is None:
        del body["token"]
    assert client.post("/hooks/outgoing", json=body).status_code == 401


@pytest.mark.parametrize("content, ctype, status", [
    (b"{not json", "application/json", 400),
    (b"[1]", "application/json", 400),
    (b"\xff\xfe", "application/x-www-form-urlencoded", 400),
    (b'{"token": "zmigewsanbbsdf59xnmduzypjc", "text": 5}', "application/json", 400),
])
def test_malformed_bodies(client, content, ctype, status):
    assert client.post("/hooks/outgoing", content=content, headers={"Content-Type": ctype}).status_code == status


def test_only_the_trigger_word_gets_help(client):
    r = client.post("/hooks/outgoing", json={**RECORDED, "text": "#mq"})
    assert r.status_code == 200 and "Try" in r.json()["text"]


def test_without_tokens_the_route_is_off(engine):
    client = TestClient(create_app(Settings(), engine=engine))
    assert client.post("/hooks/outgoing", json=RECORDED).status_code == 404
