"""The HTML pages through FastAPI's TestClient: the matrix view, the chat page answering a
plain form submission (no JavaScript), and the answer's HTML in the API."""
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from bot.web import create_app


@pytest.fixture(scope="module")
def client(engine):
    return TestClient(create_app(Settings(), engine=engine))


def cells_of(html, attr="data-cell"):
    return re.findall(rf'<td[^>]*\b{attr}="([^"]+)"', html)


def cited(html):
    return re.findall(r'data-cell="([^"]+)"[^>]*\bdata-cited\b', html)


def test_the_matrix_shows_every_cell(client, kb):
    r = client.get("/matrix")
    assert r.status_code == 200 and "script-src 'self'" in r.headers["content-security-policy"]
    assert sorted(cells_of(r.text)) == sorted(f"{p}.{a}" for p, a in kb.cells)
    assert cited(r.text) == [] and 'href="/static/app.css"' in r.text and 'rel="icon"' in r.text
    assert "<script>" not in r.text              # the page's policy runs its own files only


def test_the_cells_asked_for_are_marked_cited(client):
    r = client.get("/matrix", params={"cells": "kafka.reliability, cmq.reliability"})
    assert r.status_code == 200
    assert cited(r.text) == ["kafka.reliability", "cmq.reliability"]
    assert 'id="cell-kafka.reliability"' in r.text and 'src="/static/matrix.js"' in r.text


@pytest.mark.parametrize("cells, says", [
    ("kafka.nonsense,cmq.reliability", "No such cell: “kafka.nonsense”"),
    ("<script>", "No such cell: “&lt;script&gt;”"),
    ("kafka", "product.attribute"),
    ("x" * 20_001, "at most 20,000"),
])
def test_bad_cells_get_a_400_that_says_why_and_still_shows_the_matrix(client, cells, says):
    r = client.get("/matrix", params={"cells": cells})
    assert r.status_code == 400 and says in r.text and "<script>" not in r.text
    assert len(cells_of(r.text)) == 80
    if "cmq.reliability" in cells:
        assert cited(r.text) == ["cmq.reliability"]      # the good ones are still marked


def test_the_matrix_of_another_knowledge_folder(databases):
    c = TestClient(create_app(Settings(), engine=databases))
    r = c.get("/matrix", params={"cells": "sqlite.max_database_size"})
    assert r.status_code == 200 and "PostgreSQL" in r.text and "Kafka" not in r.text
    assert sorted(cells_of(r.text)) == sorted(f"{p}.{a}" for p, a in databases.kb.cells)
    assert cited(r.text) == ["sqlite.max_database_size"]


def test_an_answer_links_its_cited_cells_in_the_matrix(client):
    data = client.get("/api/answer", params={"q": "Compare the reliability of Kafka and CMQ", "html": "true"}).json()
    assert data["matrix_url"] == "/matrix?cells=kafka.reliability,cmq.reliability#cell-kafka.reliability"
    assert f'<a href="{data["matrix_url"]}">Source: comparison matrix' in data["html"]
    page = client.get(data["matrix_url"])
    assert cited(page.text) == ["kafka.reliability", "cmq.reliability"]
    assert client.get("/api/answer", params={"q": "hello"}).json()["matrix_url"] is None


def test_the_answer_html_is_sent_only_when_asked_for(client):
    # programs that show no HTML do not pay for it
    assert "html" not in client.get("/api/answer", params={"q": "Rank the products by stress test"}).json()


def test_the_answer_html_has_the_table_and_chart(client):
    html = client.get("/api/answer", params={"q": "Rank the products by stress test", "html": "true"}).json()["html"]
    assert html.count("<table") == 1 and html.count('<svg') == 1 and 'role="img"' in html
    assert re.search(r'<div class="table-wrap" role="region" tabindex="0" aria-label="Table: #, Product, [^"]+">', html)
    wide = client.get("/api/answer", params={"q": "Compare Kafka, RabbitMQ and CMQ", "html": "true"}).json()["html"]
    assert 'class="table-wrap cards"' in wide and 'data-label="RabbitMQ"' in wide


def test_user_text_in_an_answer_stays_text(client):
    for q in ["<img src=x onerror=alert(1)> kafka sharding", "[click](https://example.com) kafka sharding",
              "kafka **sharding** <b>x</b>"]:
        html = client.post("/api/answer", json={"question": q, "html": True}).json()["html"]
        assert "<img" not in html and "<b>" not in html and "href=\"https" not in html, q


def ask(client, q, **form):
    """One plain form submission: the page, and the session id and earlier questions its form carries on."""
    r = client.get("/", params={"q": q, **form})
    fields = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"',
                        re.search(r'<form id="ask".*?</form>', r.text, re.S).group())
    sid = next((v for n, v in fields if n == "session_id"), None)
    return r, sid, [unescape(v) for n, v in fields if n == "h"]


def test_a_plain_form_submission_is_answered_on_the_server(client):
    r, sid, earlier = ask(client, "What is RabbitMQ's consumption method?")
    assert r.status_code == 200 and len(sid) == 32 and earlier == ["What is RabbitMQ's consumption method?"]
    assert '<div class="msg user">What is RabbitMQ&#39;s consumption method?</div>' in r.text
    assert "Pull and push" in r.text and "/matrix?cells=rabbitmq.consumption" in r.text
    r2, sid2, earlier2 = ask(client, "What about RocketMQ?", session_id=sid, h=earlier)
    assert sid2 == sid and earlier2 == ["What is RabbitMQ's consumption method?", "What about RocketMQ?"]
    assert r2.text.count('class="msg user"') == 2 and "Pull and push" in r2.text      # the transcript
    answers = re.findall(r'<div class="answer">(.*?)</div>\s*(?:<form|</div>)', r2.text, re.S)
    assert "RocketMQ" in answers[-1] and "rocketmq.consumption" in answers[-1]
    assert 'name="q" value="' in r2.text                                          # suggestions are buttons


def test_the_form_uses_the_name_the_server_reads(client):
    html = client.get("/").text
    assert re.search(r'<form id="ask" class="ask" method="get" action="/"', html)
    assert 'name="q"' in html and 'name="question"' not in html and "maxlength" not in html
    assert '<a href="/" id="new-conversation"' in html


@pytest.mark.parametrize("params, says", [
    ({"q": "  "}, "The question is empty."),
    ({"q": "a" * 1001}, "1,001 characters long; questions can be at most 1,000"),
    ({"q": "hi", "session_id": "spaces are bad"}, "The session id is not one this server issues"),
    ({"q": "hi", "h": "x" * 1001}, "an earlier question is 1,001 characters long"),
])
def test_a_bad_submission_says_why_and_keeps_the_draft(client, params, says):
    r = client.get("/", params=params)
    assert r.status_code == 422 and says in r.text.replace("An earlier", "an earlier")
    assert 'name="session_id"' not in r.text


def test_a_long_question_is_kept_in_the_field_not_cut(client):
    r = client.get("/", params={"q": "kafka " * 200})
    assert r.status_code == 422 and ('value="' + ("kafka " * 200).strip()) in r.text


def test_injection_in_the_no_script_page_stays_text(client):
    r, _, _ = ask(client, '<script>alert(1)</script>"><img src=x>')
    assert "<script>alert" not in r.text and "<img src=x>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_an_unknown_session_on_the_page_starts_anew_and_says_so(client):
    r, sid, earlier = ask(client, "what language is it written in?", session_id="a" * 32, h=["Tell me about CMQ"])
    assert r.status_code == 200 and sid != "a" * 32 and "expired" in r.text
    assert earlier == ["what language is it written in?"] and "Erlang" in r.text
