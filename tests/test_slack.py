"""Slack through the real app: signed recorded payloads, a fake Slack Web API, dedupe, formats."""
import json
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from slack_sdk.signature import SignatureVerifier

from bot.chat_format import MAX_BLOCKS, MAX_SECTION, slack_message
from bot.sessions import MemoryStore
from bot.settings import Settings
from bot.web import create_app

from .conftest import Exploding
from .fake_slack import FakeSlack

FORM = "application/x-www-form-urlencoded"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-test-token"
PAYLOADS = Path(__file__).parent / "payloads"


def payload(name):
    return (PAYLOADS / name).read_text().strip().encode()


def signed(body: bytes, secret=SECRET, timestamp=None, content_type="application/json"):
    ts = str(int(time.time()) if timestamp is None else timestamp)
    sig = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig, "Content-Type": content_type}


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def client(engine, slack, tmp_path):
    settings = Settings(slack_signing_secret=SECRET, slack_bot_token=TOKEN, slack_api_url=slack.url,
                        record_path=str(tmp_path / "records.sqlite3"))
    return TestClient(create_app(settings, engine=engine, store=MemoryStore()))


def post_event(client, name_or_body, **headers):
    body = payload(name_or_body) if isinstance(name_or_body, str) else name_or_body
    return client.post("/slack/events", content=body, headers={**signed(body), **headers})


# -- slash command ------------------------------------------------------------------

def test_slash_command_answers_in_channel_with_blocks(client, slack):
    body = payload("slash_command.txt")
    r = client.post("/slack/commands", content=body, headers=signed(body, content_type=FORM))
    assert r.status_code == 200
    data = r.json()
    assert data["response_type"] == "in_channel"
    assert "RocketMQ" in data["text"] and data["blocks"]
    header = {"type": "plain_text", "text": "Ranking: Message reliability", "emoji": False}
    assert data["blocks"][0] == {"type": "header", "text": header}
    assert any(b["type"] == "context" and "Source:" in b["elements"][0]["text"] for b in data["blocks"])
    assert slack.calls == []       # answered inline, nothing posted


def test_empty_slash_command_gets_ephemeral_help(client):
    body = b"token=x&team_id=T1&channel_id=C1&user_id=U1&command=%2Fmqbot&text=&response_url=x&trigger_id=y"
    data = client.post("/slack/commands", content=body, headers=signed(body, content_type=FORM)).json()
    assert data["response_type"] == "ephemeral" and "Try" in data["text"]


def test_slash_command_follow_up_in_the_same_channel(client):
    def ask(text):
        body = f"team_id=T1&channel_id=C9&user_id=U9&command=%2Fmqbot&text={text}".encode()
        return client.post("/slack/commands", content=body, headers=signed(body, content_type=FORM)).json()
    ask("What+is+RabbitMQ%27s+consumption+method%3F")
    assert "RocketMQ" in ask("What+about+RocketMQ%3F")["text"]


def test_slash_command_missing_fields(client):
    body = b"team_id=T1&text=hi"
    r = client.post("/slack/commands", content=body, headers=signed(body, content_type=FORM))
    assert r.status_code == 400 and "command" in r.json()["detail"]


# -- events -------------------------------------------------------------------------

def test_url_verification_returns_the_challenge(client, slack):
    r = post_event(client, "url_verification.json")
    assert r.status_code == 200
    assert r.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert slack.calls == []


def test_app_mention_is_answered_in_its_thread(client, slack):
    r = post_event(client, "app_mention.json")
    assert r.status_code == 200 and r.content == b""
    [call] = slack.posts()
    assert call["auth"] == f"Bearer {TOKEN}"
    body = call["body"]
    assert body["channel"] == "C123ABC456" and body["thread_ts"] == "1515449522.000016"
    assert "Erlang" in body["text"] and "U0LAN0Z89" not in body["text"]
    blocks = body["blocks"] if isinstance(body["blocks"], list) else json.loads(body["blocks"])
    assert any(b["type"] == "section" for b in blocks)


def test_a_follow_up_in_the_thread_keeps_context(client, slack):
    post_event(client, "app_mention.json")
    post_event(client, "app_mention_in_thread.json")
    first, second = slack.posts()
    assert second["body"]["thread_ts"] == "1515449522.000016"
    assert "Apache Kafka" in second["body"]["text"] and "Scala" in second["body"]["text"]


def test_direct_message_is_answered(client, slack):
    post_event(client, "message_im.json")
    [call] = slack.posts()
    assert call["body"]["channel"] == "D024BE91L" and call["body"]["thread_ts"] == "1355517523.000005"
    assert "RabbitMQ and CMQ" in call["body"]["text"]


def test_a_direct_message_with_a_file_is_answered(client, slack):
    post_event(client, "message_im_file_share.json")
    [call] = slack.posts()
    assert call["body"]["thread_ts"] == "1610947284.000400" and "RabbitMQ" in call["body"]["text"]


def test_a_reply_also_sent_to_the_channel_is_answered_in_its_thread(client, slack):
    post_event(client, "message_im.json")
    post_event(client, "message_im_thread_broadcast.json")
    first, second = slack.posts()
    assert second["body"]["thread_ts"] == "1355517523.000005"
    assert "RocketMQ" in second["body"]["text"] and "Java" in second["body"]["text"]


@pytest.mark.parametrize("name", ["bot_message.json", "message_changed.json", "own_message.json", "reaction_added.json",
                                  "own_file_share.json"])
def test_ignored_events_post_nothing(client, slack, name):
    r = post_event(client, name)
    assert r.status_code == 200
    assert slack.posts() == []


def test_a_retry_of_an_answered_event_is_not_answered_again(client, slack):
    post_event(client, "app_mention.json")
    for n in (1, 2, 3):
        r = post_event(client, "app_mention.json", **{"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"})
        assert r.status_code == 200
    assert len(slack.posts()) == 1


def test_a_retry_whose_first_delivery_never_arrived_is_answered(client, slack):
    r = post_event(client, "message_im.json", **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
    assert r.status_code == 200 and len(slack.posts()) == 1


def test_a_failed_post_lets_the_retry_answer(engine):
    with FakeSlack(fail=True) as broken:
        settings = Settings(slack_signing_secret=SECRET, slack_bot_token=TOKEN, slack_api_url=broken.url)
        store = MemoryStore()
        client = TestClient(create_app(settings, engine=engine, store=store))
        post_event(client, "app_mention.json")
        assert len(broken.posts()) == 1
        broken.fail = False
        post_event(client, "app_mention.json", **{"X-Slack-Retry-Num": "1"})
        assert len(broken.posts()) == 2


def test_two_concurrent_deliveries_of_one_event_give_one_answer(client, slack):
    body = payload("app_mention.json")
    results = []
    threads = [threading.Thread(target=lambda: results.append(post_event(client, body).status_code)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 8 and len(slack.posts()) == 1


# -- signing ------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {},
    {"X-Slack-Request-Timestamp": "1700000000"},
    {"X-Slack-Signature": "v0=abc"},
    {"X-Slack-Request-Timestamp": "not-a-number", "X-Slack-Signature": "v0=abc"},
    {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": "v0=abc"},
])
def test_missing_or_malformed_signature_is_401(client, slack, headers):
    r = client.post("/slack/events", content=payload("app_mention.json"), headers=headers)
    assert r.status_code == 401 and slack.calls == []


@pytest.mark.parametrize("headers", [
    {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": "v0=" + "é" * 64},   # hmac: TypeError
    {"X-Slack-Request-Timestamp": "9" * 4000, "X-Slack-Signature": "v0=" + "0" * 64},     # int - now: OverflowError
    {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": "v1=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": "v0=" + "0" * 65},
    {"X-Slack-Request-Timestamp": "-1700000000", "X-Slack-Signature": "v0=" + "0" * 64},
    {"X-Slack-Request-Timestamp": "١٧٠٠٠٠٠٠٠٠", "X-Slack-Signature": "v0=" + "0" * 64},      # digits, but not ASCII
])
@pytest.mark.parametrize("path", ["/slack/events", "/slack/commands"])
def test_any_malformed_signature_or_timestamp_is_401_never_500(client, slack, headers, path):
    raw = [(k.lower().encode(), v.encode("utf-8")) for k, v in headers.items()]
    r = client.post(path, content=payload("app_mention.json"), headers=raw)
    assert r.status_code == 401 and "signature" in r.json()["detail"] and slack.calls == []


def test_slacks_ssl_check_gets_200(client, slack):
    r = client.post("/slack/commands", content=payload("ssl_check.txt"), headers={"Content-Type": FORM})
    assert r.status_code == 200 and r.content == b"" and slack.calls == []


def test_wrong_secret_is_401(client, slack):
    body = payload("app_mention.json")
    r = client.post("/slack/events", content=body, headers=signed(body, secret="another-secret"))
    assert r.status_code == 401 and slack.posts() == []


def test_stale_timestamp_is_401(client, slack):
    body = payload("app_mention.json")
    r = client.post("/slack/events", content=body, headers=signed(body, timestamp=int(time.time()) - 6 * 60))
    assert r.status_code == 401 and slack.posts() == []


def test_a_body_changed_after_signing_is_401(client, slack):
    body = payload("app_mention.json")
    headers = signed(body)
    r = client.post("/slack/events", content=body.replace(b"RabbitMQ", b"Kafka"), headers=headers)
    assert r.status_code == 401 and slack.posts() == []


def test_non_utf8_body_is_refused(client, slack):
    body = b'{"type": "event_callback", "x": "\xff\xfe"}'
    ts = str(int(time.time()))
    r = client.post("/slack/events", content=body, headers={"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=00"})
    assert r.status_code == 401 and slack.calls == []


def test_huge_body_is_413(client, slack):
    body = b'{"type": "event_callback", "pad": "' + b"x" * 70_000 + b'"}'
    r = client.post("/slack/events", content=body, headers=signed(body))
    assert r.status_code == 413 and slack.calls == []


@pytest.mark.parametrize("body, status", [
    (b'{"type": "event_callback"}', 400),
    (b'{"type": "event_callback", "event_id": "Ev1", "event": {"type": "app_mention", "user": "U1", "ts": "1.1"}}', 400),
    (b'{"type": "mystery"}', 400),
    (b'{"type": "url_verification"}', 400),
    (b'[1, 2]', 400),
    (b'not json', 400),
    (b'{"type": "app_rate_limited", "minute_rate_limited": 1518467820}', 200),
])
def test_malformed_events(client, slack, body, status):
    assert post_event(client, body).status_code == status
    assert slack.posts() == []


# -- when answering fails ------------------------------------------------------------

@pytest.fixture
def broken_client(engine, slack):
    settings = Settings(slack_signing_secret=SECRET, slack_bot_token=TOKEN, slack_api_url=slack.url)
    store = MemoryStore()
    return TestClient(create_app(settings, engine=Exploding(engine), store=store)), store


def test_an_event_that_fails_gets_an_apology_in_its_thread_and_frees_its_claim(broken_client, slack, caplog):
    client, store = broken_client
    with caplog.at_level("ERROR", logger="mqbot"):
        assert post_event(client, "app_mention.json").status_code == 200
    [call] = slack.posts()
    assert call["body"]["thread_ts"] == "1515449522.000016" and "Sorry" in call["body"]["text"]
    assert "grammar rule" not in call["body"]["text"]
    assert sum(1 for rec in caplog.records if rec.exc_info) == 1
    assert store.claim("slack-event:" + json.loads(payload("app_mention.json"))["event_id"], 60) is True


def test_a_slash_command_that_fails_gets_an_ephemeral_apology(broken_client):
    client, _ = broken_client
    body = payload("slash_command.txt")
    r = client.post("/slack/commands", content=body, headers=signed(body, content_type=FORM))
    assert r.status_code == 200
    data = r.json()
    assert data["response_type"] == "ephemeral" and "Sorry" in data["text"]


# -- switched off ---------------------------------------------------------------------

def test_without_a_signing_secret_the_routes_are_off(engine):
    client = TestClient(create_app(Settings(), engine=engine))
    assert client.post("/slack/events", content=payload("url_verification.json")).status_code == 404
    assert client.post("/slack/commands", content=b"text=hi").status_code == 404


def test_the_insecure_development_setting_is_loud(engine, slack, caplog):
    settings = Settings(slack_insecure_dev=True, slack_bot_token=TOKEN, slack_api_url=slack.url)
    with caplog.at_level("WARNING"):
        client = TestClient(create_app(settings, engine=engine))
    assert "INSECURE" in caplog.text
    assert client.post("/slack/events", content=payload("url_verification.json")).status_code == 200


def test_secrets_never_appear_in_settings_repr():
    s = Settings(slack_signing_secret=SECRET, slack_bot_token=TOKEN, outgoing_tokens=("tok",))
    assert SECRET not in repr(s) and TOKEN not in repr(s) and "tok" not in repr(s).replace("outgoing", "")


def test_bad_configuration_fails_at_start_up():
    with pytest.raises(ValueError, match="SLACK_API_URL"):
        Settings(slack_api_url="ftp://nope")
    with pytest.raises(ValueError, match="SLACK_BOT_TOKEN"):
        Settings(slack_bot_token="hunter2")
    with pytest.raises(ValueError) as err:
        Settings.from_env({"MQBOT_SLACK_INSECURE_DEV": "maybe"})
    assert "maybe" in str(err.value)


# -- formatting -------------------------------------------------------------------------

def test_block_kit_stays_inside_slack_limits(engine):
    for q in ["Compare Kafka and RabbitMQ", "Tell me about CMQ", "Compare CKafka, Kafka, RabbitMQ, RocketMQ and CMQ",
              "Rank all products by stress test QPS", "help", "What is ISR?"]:
        msg = slack_message(engine.answer(q), engine)
        assert msg["text"] and len(msg["blocks"]) <= MAX_BLOCKS
        for block in msg["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= MAX_SECTION
                assert len(block.get("fields", [])) <= 10
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= 150


def test_a_comparison_is_a_code_block_table(engine):
    msg = slack_message(engine.answer("Compare Kafka and RabbitMQ"), engine)
    tables = [b for b in msg["blocks"] if b["type"] == "section" and b["text"]["text"].startswith("```")]
    assert tables and "Apache Kafka" in tables[0]["text"]["text"]
    assert msg["blocks"][0]["text"]["text"] == "Apache Kafka vs RabbitMQ"


def test_mrkdwn_escapes_ampersand_and_angle_brackets(engine):
    msg = slack_message(engine.answer("cafka <b>throughput</b> & more"), engine)
    text = json.dumps(msg)
    assert "<b>" not in text
    context = [b for b in msg["blocks"] if b["type"] == "context"]
    assert all("<" not in e["text"] for b in context for e in b["elements"])


def test_long_text_is_split_into_sections(engine):
    from bot.chat_format import _chunks
    pieces = _chunks("line\n" * 2000, 3000)
    assert all(len(p) <= 3000 for p in pieces) and "".join(pieces).count("line") == 2000
    assert all(len(p) <= 100 for p in _chunks("x" * 1000, 100))


def test_the_manifest_matches_the_app(engine, slack):
    import yaml

    from .conftest import ROOT
    manifest = yaml.safe_load((ROOT / "slack-app-manifest.yaml").read_text())
    [command] = manifest["features"]["slash_commands"]
    assert command["url"].endswith("/slack/commands")
    events = manifest["settings"]["event_subscriptions"]
    assert events["request_url"].endswith("/slack/events")
    assert set(events["bot_events"]) == {"app_mention", "message.im"}
    assert set(manifest["oauth_config"]["scopes"]["bot"]) >= {"app_mentions:read", "chat:write", "commands", "im:history"}
    interactivity = manifest["settings"]["interactivity"]
    assert interactivity["is_enabled"] is True and interactivity["request_url"].endswith("/slack/interactions")
    app = create_app(Settings(slack_signing_secret=SECRET, slack_api_url=slack.url), engine=engine)
    paths = set(TestClient(app).get("/openapi.json").json()["paths"])
    assert {"/slack/commands", "/slack/events", "/slack/interactions"} <= paths


# -- feedback buttons (interactivity) ------------------------------------------------

def interaction(client, slack, message, action_id="mqbot_unhelpful", secret=SECRET):
    """A signed block_actions request for a click on one of the message's feedback buttons."""
    from urllib.parse import urlencode
    [buttons] = [b for b in message["blocks"] if b["type"] == "actions"]
    [button] = [e for e in buttons["elements"] if e["action_id"] == action_id]
    payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1", "name": "ana"},
               "container": {"type": "message", "message_ts": "1700000000.000100"}, "response_url": slack.response_url(),
               "message": {"type": "message", "text": message["text"], "blocks": message["blocks"]},
               "actions": [{"type": "button", "block_id": buttons["block_id"], "action_id": action_id,
                            "value": button["value"], "action_ts": "1700000001.000200"}]}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return client.post("/slack/interactions", content=body, headers=signed(body, secret=secret, content_type=FORM))


def wait_for(found, seconds=5):
    deadline = time.monotonic() + seconds
    while not found() and time.monotonic() < deadline:
        time.sleep(0.02)
    return found()


def test_an_answer_ends_with_two_feedback_buttons(client, slack):
    body = payload("slash_command.txt")
    data = client.post("/slack/commands", content=body, headers=signed(body, content_type=FORM)).json()
    last = data["blocks"][-1]
    assert last["type"] == "actions" and [e["action_id"] for e in last["elements"]] == ["mqbot_helpful", "mqbot_unhelpful"]
    assert {e["value"] for e in last["elements"]} == {last["elements"][0]["value"]} and len(last["elements"][0]["value"]) == 32
    assert post_event(client, "app_mention.json").status_code == 200
    assert wait_for(slack.posts)
    assert slack.posts()[0]["body"]["blocks"][-1]["type"] == "actions"


def test_a_click_on_not_helpful_is_recorded_and_the_buttons_become_thanks(client, slack):
    body = payload("slash_command.txt")
    message = client.post("/slack/commands", content=body, headers=signed(body, content_type=FORM)).json()
    r = interaction(client, slack, message)
    assert r.status_code == 200
    assert wait_for(slack.responses)
    [reply] = slack.responses()
    assert reply["body"]["replace_original"] is True
    blocks = reply["body"]["blocks"]
    assert not [b for b in blocks if b["type"] == "actions"]
    assert blocks[-1]["type"] == "context" and blocks[-1]["elements"][0]["text"] == "Thanks for the feedback."
    assert blocks[:-1] == message["blocks"][:-1]            # the answer itself stays as it was
    [judged] = client.app.state.recorder.store.judged(helpful=False)
    assert "RocketMQ" in judged.answer and judged.question
    assert 'mqbot_feedback_total{vote="down"} 1.0' in client.get("/metrics").text


def test_an_unsigned_or_malformed_interaction_is_refused(client, slack):
    body = payload("slash_command.txt")
    message = client.post("/slack/commands", content=body, headers=signed(body, content_type=FORM)).json()
    assert interaction(client, slack, message, secret="not-the-secret").status_code == 401
    bad = b"payload=%7Bnot+json"
    assert client.post("/slack/interactions", content=bad, headers=signed(bad, content_type=FORM)).status_code == 400
    forged = message | {"blocks": [*message["blocks"][:-1], {**message["blocks"][-1], "elements": [
        {**e, "value": "../../etc"} for e in message["blocks"][-1]["elements"]]}]}
    assert interaction(client, slack, forged).status_code == 400
    assert client.app.state.recorder.store.judged() == [] and slack.responses() == []


def test_a_click_on_an_expired_answer_says_so(client, slack):
    body = payload("slash_command.txt")
    message = client.post("/slack/commands", content=body, headers=signed(body, content_type=FORM)).json()
    stale = message | {"blocks": [*message["blocks"][:-1], {**message["blocks"][-1], "elements": [
        {**e, "value": "0" * 32} for e in message["blocks"][-1]["elements"]]}]}
    assert interaction(client, slack, stale, action_id="mqbot_helpful").status_code == 200
    assert wait_for(slack.responses)
    assert "too old for feedback" in slack.responses()[0]["body"]["blocks"][-1]["elements"][0]["text"]
