"""The answer endpoint, knowledge, health and page through FastAPI's TestClient."""
import pytest
from fastapi.testclient import TestClient

from bot import Engine
from bot.settings import Settings
from bot.web import create_app


@pytest.fixture(scope="module")
def client(engine):
    return TestClient(create_app(Settings(), engine=engine))


FIELDS = {"answer", "markdown", "intent", "products", "attributes", "matches", "sources", "confidence", "language",
          "suggestions", "session_id", "query", "context_reset", "matrix_url", "answer_id"}


def test_post_answer_returns_every_field(client):
    r = client.post("/api/answer", json={"question": "Does RabbitMQ support push?"})
    assert r.status_code == 200
    data = r.json()
    assert set(data) == FIELDS
    assert data["intent"] == "yes_no" and data["matches"] == ["rabbitmq"] and data["products"] == ["rabbitmq"]
    assert data["attributes"] == ["consumption"]
    assert data["query"] == "yes_no over {rabbitmq} where consumption=push"
    assert data["sources"] == [{"product": "rabbitmq", "attribute": "consumption", "value": "Pull and push"}]
    assert data["answer"].startswith("Yes.") and 0 < data["confidence"] <= 1
    assert isinstance(data["suggestions"], list) and len(data["session_id"]) == 32
    assert data["context_reset"] is False


def test_get_answer_for_curl(client):
    data = client.get("/api/answer", params={"q": "kafka language"}).json()
    assert "Scala" in data["answer"] and data["sources"][0]["product"] == "kafka"


def test_follow_up_in_the_same_session(client):
    first = client.post("/api/answer", json={"question": "What is RabbitMQ's consumption method?"}).json()
    sid = first["session_id"]
    second = client.post("/api/answer", json={"question": "What about RocketMQ?", "session_id": sid}).json()
    assert second["session_id"] == sid
    assert second["sources"] == [{"product": "rocketmq", "attribute": "consumption", "value": "Pull"}]
    third = client.get("/api/answer", params={"q": "and CMQ?", "session_id": sid}).json()
    assert third["sources"][0]["product"] == "cmq"


def test_sessions_do_not_leak_into_each_other(client):
    client.post("/api/answer", json={"question": "Tell me about CMQ"})
    other = client.post("/api/answer", json={"question": "what language is it written in?"}).json()
    assert {s["product"] for s in other["sources"]} == {"ckafka", "kafka", "rabbitmq", "rocketmq", "cmq"}


def test_a_session_id_the_client_made_up_is_never_adopted(client):
    """Two clients who both send 'demo' (or the README's SESSION) must not share a conversation."""
    first = client.post("/api/answer", json={"question": "Tell me about CMQ", "session_id": "demo"}).json()
    assert first["session_id"] != "demo" and first["context_reset"] is True
    second = client.post("/api/answer", json={"question": "and which is faster?", "session_id": "demo"}).json()
    assert second["session_id"] not in ("demo", first["session_id"]) and second["context_reset"] is True
    fresh = client.post("/api/answer", json={"question": "and which is faster?"}).json()
    assert second["answer"] == fresh["answer"]          # read as a first question, not after CMQ
    # the id the server issued does carry the conversation on
    third = client.post("/api/answer", json={"question": "what language is it written in?",
                                             "session_id": first["session_id"]}).json()
    assert third["session_id"] == first["session_id"] and third["context_reset"] is False
    assert third["sources"] == [{"product": "cmq", "attribute": "language", "value": "C++"}]


def test_an_expired_session_is_reported_and_starts_anew(engine):
    from bot.sessions import MemoryStore

    now = [0.0]
    store = MemoryStore(ttl_seconds=60, clock=lambda: now[0])
    c = TestClient(create_app(Settings(), engine=engine, store=store))
    sid = c.post("/api/answer", json={"question": "Tell me about CMQ"}).json()["session_id"]
    now[0] = 61
    data = c.get("/api/answer", params={"q": "what language is it written in?", "session_id": sid}).json()
    assert data["context_reset"] is True and data["session_id"] != sid
    assert len(data["sources"]) == 5            # asked of every product: the old "it" is gone


def test_healthz(client, kb):
    data = client.get("/healthz").json()
    assert data["status"] == "ok" and data["knowledge_version"] == kb.version
    assert (data["products"], data["attributes"], data["cells"]) == (5, 16, 80)


def test_knowledge(client):
    data = client.get("/api/knowledge").json()
    assert len(data["products"]) == 5 and len(data["attributes"]) == 16 and len(data["cells"]) == 80
    rocket = next(c for c in data["cells"] if c["product"] == "rocketmq" and c["attribute"] == "stress_test")
    assert rocket == {"product": "rocketmq", "attribute": "stress_test", "value": "Read/write 100,000 QPS",
                      "seed": "Read/write 100,00 QPS"}
    assert "Cloud Kafka".lower() in [a.lower() for a in data["products"][0]["aliases"]]


@pytest.mark.parametrize("body, status, says", [
    ('{"question": ""}', 422, "question is empty"),
    ('{"question": "   \\n  "}', 422, "question is empty"),
    ('{"question": 5}', 422, "valid string"),
    ('{"question": null}', 422, "valid string"),
    ('{}', 422, "question: is required"),
    ('{"session_id": "x"}', 422, "question: is required"),
    ('{bad json', 422, "not valid JSON"),
    ('[1, 2]', 422, "JSON object"),
    ('"text"', 422, "JSON object"),
    ('{"question": "hi", "session_id": "spaces are bad"}', 422, "session_id"),
    ('{"question": "hi", "session_id": 7}', 422, "session_id"),
    ('{"question": "hi", "extra": 1}', 422, "extra: is not a field"),
    ('{"question": "' + "a" * 1001 + '"}', 422, "at most 1000 characters"),
    ('{"question": "' + "a" * 70_000 + '"}', 413, "64 KiB"),
])
def test_bad_input_gets_a_clear_4xx(client, body, status, says):
    r = client.post("/api/answer", content=body.encode(), headers={"Content-Type": "application/json"})
    assert r.status_code == status
    assert says in r.json()["detail"]


def test_a_question_of_exactly_1000_characters_is_fine(client):
    assert client.post("/api/answer", json={"question": "kafka " * 166 + "kafk"}).status_code == 200


def test_form_body_is_refused_clearly(client):
    r = client.post("/api/answer", data={"question": "hi"})
    assert r.status_code == 422 and "application/json" in r.json()["detail"]


def test_chunked_body_over_the_limit(client):
    def chunks():
        for _ in range(100):
            yield b"x" * 1024
    r = client.post("/api/answer", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_get_bad_input(client):
    assert client.get("/api/answer").status_code == 422
    r = client.get("/api/answer", params={"q": "  "})
    assert r.status_code == 422 and "empty" in r.json()["detail"]
    assert client.get("/api/answer", params={"q": "x" * 1001}).status_code == 422


def test_wrong_method_and_unknown_path(client):
    r = client.delete("/api/answer")
    assert r.status_code == 405 and "DELETE is not allowed" in r.json()["detail"]
    r = client.get("/no/such/page")
    assert r.status_code == 404 and r.json()["detail"] == "no such path: /no/such/page"


def test_bad_input_changes_nothing(client):
    sid = client.post("/api/answer", json={"question": "Tell me about CMQ"}).json()["session_id"]
    client.post("/api/answer", content=b'{"question": "", "session_id": "' + sid.encode() + b'"}',
                headers={"Content-Type": "application/json"})
    after = client.post("/api/answer", json={"question": "what language is it written in?", "session_id": sid}).json()
    assert after["sources"] == [{"product": "cmq", "attribute": "language", "value": "C++"}]


def test_hostile_questions_never_500(client):
    for q in ["\x00\x01\x02", "💥" * 300, "<script>alert(1)</script>", "{{ 7*7 }}", "%s%s%n", "ア" * 999,
              "\u202eevil", "' OR 1=1 --", "\\" * 500]:
        r = client.post("/api/answer", json={"question": q})
        assert r.status_code in (200, 422), q
        if r.status_code == 200:
            assert "<script>" not in r.json()["answer"] and "49" not in r.json()["answer"]


def test_openapi_documents_every_field(client):
    spec = client.get("/openapi.json").json()
    resp = spec["components"]["schemas"]["AnswerResponse"]["properties"]
    assert set(resp) == FIELDS | {"html"}          # html: only when asked for
    assert all(prop.get("description") for prop in resp.values())
    req = spec["components"]["schemas"]["AnswerRequest"]
    assert req["properties"]["question"]["maxLength"] == 1000 and req.get("examples")
    assert "/api/answer" in spec["paths"] and "/healthz" in spec["paths"]


def test_docs_need_no_cdn(client):
    html = client.get("/docs").text
    assert "cdn" not in html.lower() and "/static-docs/swagger-ui-bundle.js" in html
    assert client.get("/static-docs/swagger-ui-bundle.js").status_code == 200


def test_the_page_is_served_with_local_assets_only(client):
    html = client.get("/").text
    assert '<label for="question"' in html and 'aria-live="polite"' in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert client.get("/static/app.js").status_code == 200 and client.get("/static/app.css").status_code == 200
    assert "fonts.googleapis" not in client.get("/static/app.css").text


def test_the_app_is_built_from_settings_not_at_import():
    from fastapi import FastAPI

    import bot.web
    assert not any(isinstance(v, FastAPI) for v in vars(bot.web).values())


def test_sqlite_sessions_by_setting(tmp_path, engine):
    settings = Settings(session_store="sqlite", sqlite_path=str(tmp_path / "s.db"))
    a = TestClient(create_app(settings, engine=engine))
    b = TestClient(create_app(settings, engine=engine))      # another "worker" on the same file
    sid = a.post("/api/answer", json={"question": "Tell me about RocketMQ"}).json()["session_id"]
    data = b.post("/api/answer", json={"question": "what is its throughput?", "session_id": sid}).json()
    assert data["sources"] == [{"product": "rocketmq", "attribute": "throughput", "value": "Average"}]
    assert b.get("/healthz").json()["session_store"] == "sqlite"


def test_settings_from_environment():
    s = Settings.from_env({"MQBOT_PORT": "9000", "MQBOT_SESSION_STORE": "sqlite"}, host="0.0.0.0")
    assert (s.port, s.session_store, s.host) == (9000, "sqlite", "0.0.0.0")
    with pytest.raises(ValueError, match="MQBOT_PORT"):
        Settings.from_env({"MQBOT_PORT": "eighty"})
    with pytest.raises(ValueError, match="memory, sqlite or redis"):
        Settings.from_env({"MQBOT_SESSION_STORE": "postgres"})


def test_wordings_of_one_reading_get_the_same_body_and_their_own_threads(kb):
    # the serialised answer is cached with the reading, shared by every wording of it
    app = create_app(Settings(), engine=Engine(kb))
    with TestClient(app) as c:
        first = c.post("/api/answer", json={"question": "CMQ?"}).json()
        b = c.post("/api/answer", json={"question": "Tell me about Kafka"}).json()["session_id"]
        again = c.post("/api/answer", json={"question": "cmq", "session_id": b}).json()
        own = {"session_id", "answer_id"}          # each answer's own, whatever its reading
        assert {k: v for k, v in first.items() if k not in own} == {k: v for k, v in again.items() if k not in own}
        assert first["answer_id"] != again["answer_id"]
        assert app.state.store.get(first["session_id"]).recent == ["cmq"]
        assert app.state.store.get(b).recent == ["kafka", "cmq"]
