"""The domain profile: how a folder's domain is named and what the bot offers, given in
profile.yaml or worked out from the matrix; its words reach the grammar and every channel."""
from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from bot import Engine, KnowledgeError, load_knowledge
from bot.web import create_app
from tests.test_domain_free import QUEUE_WORDS

CHANNEL_QUESTIONS = ("help", "hi", "bye", "what can you do", "who are you", "what should I use?", "bananas flying")


def test_the_queue_folder_names_its_domain(kb):
    p = kb.profile
    assert (p.domain, p.domain_plural, p.title) == ("message queue", "message queues", "mqbot")
    assert "brokers" in p.nouns and p.name_endings == ("mq",)
    assert p.highlights[0] == "throughput" and p.figure_noun == {"stress_test": "result"}


def test_an_imported_folder_names_its_domain_from_the_intro(databases):
    p = databases.kb.profile
    assert (p.domain, p.domain_plural) == ("database", "databases") and p.nouns == ("databases", "database")
    # what profile.yaml leaves out is worked out from the rows, in the matrix's own words
    assert p.highlights == ("implementation_language", "data_model", "replication", "horizontal_scalability")
    assert "Compare PostgreSQL and MySQL" in p.examples and "Which databases have transactions?" in p.examples
    assert "or" in p.needs_hint and not p.verbs and not p.figure_noun


def test_no_profile_at_all_is_worked_out(databases, tmp_path):
    folder = tmp_path / "k"
    shutil.copytree(databases.kb.folder, folder)
    (folder / "profile.yaml").unlink()
    p = load_knowledge(folder).profile
    assert (p.domain, p.domain_plural, p.nouns) == ("product", "products", ())
    assert p.examples and all(q.strip() for q in p.examples)


@pytest.mark.parametrize("folder", ["kb", "databases"])
def test_every_question_the_profile_offers_is_answered(folder, request, engine):
    bot = engine if folder == "kb" else request.getfixturevalue("databases")
    p = bot.kb.profile
    offered = list(p.examples) + [q for qs in p.suggestions.values() for q in qs]
    for q in offered:
        a = bot.answer(q)
        assert a.intent not in ("unknown", "clarify"), (q, a.query, a.answer)


def test_the_channel_texts_name_the_folder_domain(databases):
    for q in CHANNEL_QUESTIONS:
        a = databases.answer(q)
        assert not QUEUE_WORDS.search(a.answer), (q, a.answer)
        assert not any(QUEUE_WORDS.search(s) for s in a.suggestions), (q, a.suggestions)
    assert "5 databases" in databases.answer("help").answer
    assert "choice of database" in databases.answer("bye").answer


def test_domain_nouns_are_grammar(databases, engine):
    assert databases.answer("list databases").intent == "list_products"
    assert databases.answer("which databases have transactions?").intent == "filter"
    a = databases.answer("all databases have transactions, right?")
    assert a.intent in ("verify", "yes_no") and a.answer.startswith("No, only PostgreSQL"), a.answer
    # the queue folder's nouns are its own: no other folder reads "brokers" as products
    assert engine.answer("which brokers support push?").matches == ["rabbitmq", "cmq"]
    assert databases.answer("list brokers").intent != "list_products"


def test_judging_words_follow_the_row_better_direction(databases):
    """"best" read latency is the lowest; "highest" is still the highest."""
    assert databases.answer("Which is the best on read latency?").matches[0] == "redis"
    assert databases.answer("fastest read latency?").matches[0] == "redis"
    assert databases.answer("Which has the highest read latency?").matches[0] == "mongodb"
    a = databases.answer("is redis faster than mysql on read latency?")
    assert a.answer.startswith("Yes: Redis has a lower read latency than MySQL"), a.answer


def test_a_number_row_is_worded_as_the_profile_says(engine, databases):
    assert engine.answer("ckafka stress test").answer.startswith("CKafka's 2C 4GB stress test result is")
    assert databases.answer("mongodb read latency").answer.startswith("MongoDB's read latency is 3 ms")
    assert "The average read latency" in databases.answer("average read latency").answer


def test_the_page_and_the_api_docs_come_from_the_profile(databases):
    client = TestClient(create_app(engine=databases))
    html = client.get("/").text
    assert "<title>mqbot: ask the database matrix</title>" in html and "Compare PostgreSQL and MySQL" in html
    spec = client.get("/openapi.json").json()
    assert "5 databases (PostgreSQL" in spec["info"]["description"]
    shapes = spec["components"]["schemas"]
    asked = shapes["AnswerRequest"]["examples"][0]["question"]
    assert asked == databases.kb.profile.examples[0]
    assert shapes["AnswerResponse"]["properties"]["answer"]["examples"][0].startswith("Redis's implementation language")
    assert not QUEUE_WORDS.search(str(spec)), QUEUE_WORDS.search(str(spec))


@pytest.mark.parametrize("text, line, problem", [
    ("title: x\nhighlights: [language, nosuch]\n", 2, "highlights: unknown row 'nosuch'"),
    ("figure_noun:\n  language: result\n", 2, "language is a category row, not a number row"),
    ("verbs:\n  nosuch: {plural: a, singular: b, plural_not: c, singular_not: d}\n", 2, "verbs: unknown row 'nosuch'"),
    ("domain: x\ncolour: blue\n", 2, "unknown field 'colour'"),
    ("examples: not a list\n", 1, "examples"),
])
def test_a_broken_profile_is_refused_with_its_line(tmp_path, text, line, problem):
    folder = tmp_path / "k"
    shutil.copytree(load_knowledge().folder, folder)
    (folder / "profile.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(folder)
    assert err.value.line == line and problem in str(err.value), str(err.value)
    assert str(folder / "profile.yaml") in str(err.value)


def test_engine_is_built_from_a_folder_without_queue_words_anywhere(databases):
    # every template renders for the other folder: one question of each kind, none with a queue word
    bot = Engine(databases.kb)
    for q in ["Tell me about Redis", "Compare MySQL and SQLite", "Which databases are relational?",
              "Rank the databases by community", "How many databases have transactions?",
              "What is the median read latency?", "Does Redis have transactions?",
              "Is MongoDB's read latency more than twice Redis's?", "What does SQLite lack?",
              "Which databases have the same data model?", "what should I use for a cache?",
              "what is the licence of CockroachDB?", "which one is better?"]:
        a = bot.answer(q)
        assert not QUEUE_WORDS.search(bot.render(a, "markdown")), (q, a.answer)
