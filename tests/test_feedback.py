"""POST /api/feedback: an answer's id, thumbs up or down, a comment; bad bodies get a 4xx that says why."""
import pytest
from fastapi.testclient import TestClient

from bot.sessions import MemoryStore
from bot.settings import Settings
from bot.web import create_app


@pytest.fixture
def client(tmp_path, engine):
    app = create_app(Settings(record_path=str(tmp_path / "records.sqlite3")), engine=engine, store=MemoryStore())
    with TestClient(app) as c:
        yield c


def answer_id(client, question="What language is RabbitMQ written in?"):
    return client.post("/api/answer", json={"question": question}).json()["answer_id"]


def test_every_answer_carries_an_answer_id(client):
    first, second = answer_id(client), client.get("/api/answer", params={"q": "kafka language"}).json()["answer_id"]
    assert len(first) == 32 and int(first, 16) >= 0 and first != second


def test_a_thumbs_down_is_kept_with_its_question_answer_and_comment(client):
    aid = answer_id(client)
    r = client.post("/api/feedback", json={"answer_id": aid, "helpful": False, "comment": "  I meant the client  "})
    assert r.status_code == 200 and r.json() == {"answer_id": aid, "helpful": False, "recorded": True}
    [judged] = client.app.state.recorder.store.judged(helpful=False)
    assert judged.question == "What language is RabbitMQ written in?" and "Erlang" in judged.answer
    assert judged.comment == "I meant the client"
    up = client.post("/api/feedback", json={"answer_id": answer_id(client), "helpful": True})
    assert up.status_code == 200
    metrics = client.get("/metrics").text
    assert 'mqbot_feedback_total{vote="down"} 1.0' in metrics and 'mqbot_feedback_total{vote="up"} 1.0' in metrics


def test_a_second_vote_on_one_answer_replaces_the_first(client):
    aid = answer_id(client)
    client.post("/api/feedback", json={"answer_id": aid, "helpful": False, "comment": "wrong"})
    client.post("/api/feedback", json={"answer_id": aid, "helpful": True})
    judged = client.app.state.recorder.store.judged()
    assert [(j.helpful, j.comment) for j in judged] == [(True, "")]


def test_an_unknown_answer_id_is_a_404(client):
    r = client.post("/api/feedback", json={"answer_id": "f" * 32, "helpful": True})
    assert r.status_code == 404 and "unknown or has expired" in r.json()["detail"]


@pytest.mark.parametrize("body, says", [
    ({"helpful": True}, "answer_id: is required"),
    ({"answer_id": "x" * 32, "helpful": True}, "answer_id: is not an answer_id"),
    ({"answer_id": "a" * 32}, "helpful: is required"),
    ({"answer_id": "a" * 32, "helpful": "yes"}, "helpful:"),
    ({"answer_id": "a" * 32, "helpful": False, "comment": "x" * 1001}, "comment:"),
    ({"answer_id": "a" * 32, "helpful": False, "rating": 5}, "rating: is not a field (send answer_id, helpful"),
    (["a"], "the body must be a JSON object such as {\"answer_id\""),
])
def test_malformed_feedback_gets_a_422_saying_why(client, body, says):
    r = client.post("/api/feedback", json=body)
    assert r.status_code == 422 and says in r.json()["detail"]
    assert client.app.state.recorder.store.judged() == []


def test_feedback_that_is_not_json_is_refused(client):
    r = client.post("/api/feedback", content=b"{nope", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"] == "the body is not valid JSON"
    r = client.post("/api/feedback", content=b"\xff\xfe", headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500
