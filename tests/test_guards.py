"""Security headers, HEAD, the favicon, gzip, CORS and the catch-all, through the real app."""
import logging

import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from bot.web import create_app

from .conftest import Exploding


@pytest.fixture(scope="module")
def client(engine):
    return TestClient(create_app(Settings(), engine=engine))


@pytest.mark.parametrize("path", ["/", "/docs", "/healthz", "/api/answer?q=kafka", "/static/app.js",
                                  "/no/such/page", "/openapi.json", "/favicon.ico"])
def test_every_response_has_the_security_headers(client, path):
    r = client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
    assert "unsafe-eval" not in csp and "script-src *" not in csp


def test_the_page_policy_allows_only_its_own_files(client):
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp and "unsafe-inline" not in csp


def test_the_docs_policy_allows_its_one_inline_script_by_hash(client):
    import base64
    import hashlib
    import re

    r = client.get("/docs")
    scripts = re.findall(r"<script>(.*?)</script>", r.text, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in r.headers["content-security-policy"]


def test_the_worker_header_only_when_asked_for(engine):
    plain = TestClient(create_app(Settings(), engine=engine)).get("/api/answer", params={"q": "kafka"})
    assert "x-mqbot-worker" not in plain.headers
    asked = TestClient(create_app(Settings(worker_header=True), engine=engine)).get("/api/answer", params={"q": "kafka"})
    assert asked.headers["x-mqbot-worker"].isdigit()


@pytest.mark.parametrize("path", ["/", "/healthz", "/api/knowledge", "/docs", "/static/app.css", "/favicon.ico",
                                  "/openapi.json"])
def test_head_wherever_get_is(client, path):
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b"" and head.headers["content-type"] == got.headers["content-type"]


def test_head_on_a_post_only_route_is_405_naming_head(engine):
    c = TestClient(create_app(Settings(slack_insecure_dev=True), engine=engine))
    r = c.head("/slack/events")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    r = c.get("/slack/events")
    assert r.status_code == 405 and r.json()["detail"] == "GET is not allowed on /slack/events"


def test_the_favicon_is_served_and_linked(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml") and b"<svg" in r.content
    assert 'rel="icon"' in client.get("/").text


def test_large_responses_are_gzipped_small_ones_not(client):
    big = client.get("/static-docs/swagger-ui-bundle.js", headers={"Accept-Encoding": "gzip"})
    assert big.headers["content-encoding"] == "gzip" and "accept-encoding" in big.headers["vary"].lower()
    raw = client.get("/static-docs/swagger-ui-bundle.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers and len(raw.content) > 1_000_000
    assert big.content == raw.content               # httpx has undone the gzip: the same file
    small = client.get("/api/answer", params={"q": "kafka language"}, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


def test_cors_is_off_by_default(client):
    r = client.options("/api/answer", headers={"Origin": "https://elsewhere.example",
                                               "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in r.headers
    r = client.post("/api/answer", json={"question": "kafka"}, headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_allows_the_listed_origins_only(engine):
    c = TestClient(create_app(Settings(cors_origins=("https://intranet.example",)), engine=engine))
    ok = c.options("/api/answer", headers={"Origin": "https://intranet.example", "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "https://intranet.example"
    r = c.post("/api/answer", json={"question": "kafka"}, headers={"Origin": "https://intranet.example"})
    assert r.headers["access-control-allow-origin"] == "https://intranet.example"
    other = c.post("/api/answer", json={"question": "kafka"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_bad_cors_origins_fail_at_start_up():
    with pytest.raises(ValueError, match="MQBOT_CORS_ORIGINS"):
        Settings.from_env({"MQBOT_CORS_ORIGINS": "intranet.example"})


def test_an_engine_error_is_a_json_500_logged_once_and_saves_nothing(engine, caplog):
    from bot.sessions import MemoryStore

    store = MemoryStore()
    good = TestClient(create_app(Settings(), engine=engine, store=store))
    sid = good.post("/api/answer", json={"question": "Tell me about CMQ"}).json()["session_id"]
    bad = TestClient(create_app(Settings(), engine=Exploding(engine), store=store))
    with caplog.at_level(logging.ERROR, logger="mqbot"):
        r = bad.post("/api/answer", json={"question": "what language is it written in?", "session_id": sid})
    assert r.status_code == 500 and r.headers["content-type"] == "application/json"
    assert "internal error" in r.json()["detail"] and "grammar rule" not in r.text
    assert [rec.exc_info[0] for rec in caplog.records if rec.exc_info] == [RuntimeError]
    after = good.post("/api/answer", json={"question": "what language is it written in?", "session_id": sid}).json()
    assert after["sources"] == [{"product": "cmq", "attribute": "language", "value": "C++"}]


def test_any_other_internal_error_is_a_json_500_with_the_headers(engine, caplog):
    app = create_app(Settings(), engine=engine)

    @app.get("/boom")
    async def boom():
        raise KeyError("no such thing")

    with caplog.at_level(logging.ERROR, logger="mqbot"):
        r = TestClient(app, raise_server_exceptions=True).get("/boom")
    assert r.status_code == 500 and r.json() == {"detail": "internal error; it has been logged"}
    assert r.headers["x-content-type-options"] == "nosniff"
    assert len([rec for rec in caplog.records if rec.exc_info]) == 1
