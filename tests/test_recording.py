"""Recording what went unanswered (bot/recording.py): SQLite and Redis, the bound, opting out,
and a broken store that must not cost an answer."""
import logging
import uuid

import pytest
from fastapi.testclient import TestClient

from bot.recording import Recorder, RedisRecords, SqliteRecords, normalise, unanswered
from bot.sessions import MemoryStore, StoreUnavailable
from bot.settings import Settings
from bot.web import create_app

MISSED = "Is Kestrel written in Java?"          # a product the matrix lacks
ANSWERED = "What language is RabbitMQ written in?"


@pytest.fixture(params=["sqlite", "redis"])
def records(request, tmp_path):
    """Each store, with a small bound and a clock the test moves."""
    clock = Clock()
    if request.param == "sqlite":
        yield SqliteRecords(tmp_path / "state" / "records.sqlite3", max_entries=3, window=60, clock=clock), clock
    else:
        server = request.getfixturevalue("redis_server")
        yield RedisRecords(server.url, max_entries=3, window=60, prefix=f"t{uuid.uuid4().hex}:", clock=clock), clock


class Clock:
    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self):
        return self.now


def turn(engine, recorder, question, channel="web"):
    answer = engine.answer(question)
    return recorder.observe(question, answer, channel, unanswered(answer))


def test_what_counts_as_unanswered(engine):
    assert unanswered(engine.answer(MISSED))                                 # a product outside the matrix
    assert unanswered(engine.answer("How much does RabbitMQ cost?"))         # a topic it lacks
    assert unanswered(engine.answer("Does RocketMQ have snapshots?"))        # a word nothing reads
    assert unanswered(engine.answer("Which product is twice as fast as RabbitMQ?"))   # asked back
    assert not unanswered(engine.answer(ANSWERED))
    assert not unanswered(engine.answer("hello")) and not unanswered(engine.answer("help"))


def test_wordings_are_normalised_into_one_question():
    assert normalise("Is Kestrel  written in JAVA??") == normalise("is kestrel written in java") \
        == normalise("<@U123> is Kestrel written in Java?")


def test_recorded_and_listed_by_frequency(engine, records):
    store, clock = records
    recorder = Recorder(store, clock=clock)
    for question, channel in [(MISSED, "web"), ("Is  Kestrel written in Java??", "slack"), (ANSWERED, "web"),
                              ("How much does RabbitMQ cost?", "web"), ("Is Kestrel written in Java ?", "mattermost")]:
        clock.now += 1
        turn(engine, recorder, question, channel)
    assert recorder.flush()
    top, other = store.unanswered()
    assert (top.question, top.count, top.channel, top.intent) == ("Is Kestrel written in Java ?", 3, "mattermost", "unknown")
    assert top.first_seen == 1_700_000_001 and top.last_seen == 1_700_000_005
    assert other.question == "How much does RabbitMQ cost?" and other.count == 1
    assert 0 <= top.confidence <= 1
    assert [a.question for a in store.unanswered(limit=1)] == [top.question]
    assert store.unanswered(since=1_700_000_004.5) == [top]          # only what was asked since


def test_oldest_questions_go_first_past_the_bound(engine, records):
    store, clock = records
    recorder = Recorder(store, clock=clock)
    for n in range(5):                  # five different questions, the bound is three
        clock.now += 1
        turn(engine, recorder, f"Does RocketMQ have snapshotz{'x' * n}?")
        recorder.flush()
    clock.now += 1
    turn(engine, recorder, "Does RocketMQ have snapshotz?")       # dropped already: it comes back as new
    recorder.flush()
    kept = store.unanswered()
    assert len(kept) == 3
    assert {a.question for a in kept} == {"Does RocketMQ have snapshotzxxx?", "Does RocketMQ have snapshotzxxxx?",
                                          "Does RocketMQ have snapshotz?"}
    assert all(a.count == 1 for a in kept)


def test_answers_are_remembered_for_the_feedback_window(engine, records):
    store, clock = records
    recorder = Recorder(store, clock=clock)
    answer_id = turn(engine, recorder, ANSWERED)
    recorder.flush()
    said = store.said(answer_id)
    assert said.question == ANSWERED and "Erlang" in said.answer
    assert recorder.judge(answer_id, False, "it is Erlang/OTP") is not None
    [judged] = store.judged(helpful=False)
    assert (judged.question, judged.comment, judged.helpful) == (ANSWERED, "it is Erlang/OTP", False)
    assert "Erlang" in judged.answer
    assert recorder.judge("0" * 32, True, "", wait=0.05) is None          # unknown
    clock.now += 61
    if isinstance(store, SqliteRecords):            # Redis's own expiry takes a real minute: not waited for
        assert store.said(answer_id) is None


def test_feedback_is_bounded_too(engine, records):
    store, clock = records
    recorder = Recorder(store, clock=clock)
    ids = []
    for _ in range(5):
        clock.now += 1
        ids.append(turn(engine, recorder, ANSWERED))
    recorder.flush()
    for answer_id in ids:
        clock.now += 1
        recorder.judge(answer_id, False, answer_id)
    assert [j.comment for j in store.judged()] == ids[:1:-1]          # the three newest, newest first


def test_nothing_about_the_asker_is_kept(tmp_path, engine):
    path = tmp_path / "records.sqlite3"
    settings = Settings(record_path=str(path))
    with TestClient(create_app(settings, engine=engine, store=MemoryStore())) as c:
        c.post("/api/answer", json={"question": MISSED}, headers={"X-Forwarded-For": "203.0.113.9"})
        c.app.state.recorder.flush()
    raw = path.read_bytes() + (tmp_path / "records.sqlite3-wal").read_bytes()
    assert b"Kestrel" in raw
    assert b"203.0.113.9" not in raw and b"testclient" not in raw


def test_record_off_keeps_nothing_and_gives_no_answer_id(tmp_path, engine):
    path = tmp_path / "records.sqlite3"
    settings = Settings.from_env({"MQBOT_RECORD": "0", "MQBOT_RECORD_PATH": str(path)})
    with TestClient(create_app(settings, engine=engine, store=MemoryStore())) as c:
        data = c.post("/api/answer", json={"question": MISSED}).json()
        assert data["answer_id"] is None and "Kestrel" in data["answer"]
        r = c.post("/api/feedback", json={"answer_id": "a" * 32, "helpful": False})
        assert r.status_code == 404 and "MQBOT_RECORD=0" in r.json()["detail"]
    assert not path.exists()


class Broken:
    """A record store that cannot be reached."""

    def write(self, seen):
        raise StoreUnavailable("SQLite: disk I/O error")

    def said(self, answer_id):
        raise StoreUnavailable("SQLite: disk I/O error")


def test_a_broken_record_store_costs_no_answer(engine, caplog):
    app = create_app(Settings(), engine=engine, store=MemoryStore(), records=Broken())
    with TestClient(app) as c, caplog.at_level(logging.ERROR, "mqbot"):
        r = c.post("/api/answer", json={"question": MISSED})
        assert r.status_code == 200 and "Kestrel" in r.json()["answer"]
        app.state.recorder.flush()
        assert app.state.recorder.errors == 1
        assert any("records not written" in m for m in caplog.messages)
        assert "mqbot_record_errors_total 1.0" in c.get("/metrics").text
        feedback = c.post("/api/feedback", json={"answer_id": r.json()["answer_id"], "helpful": True})
        assert feedback.status_code == 503 and "unavailable" in feedback.json()["detail"]
