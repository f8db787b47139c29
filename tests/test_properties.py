"""Property tests: for any text the engine answers, cites only real cells, and states no
matrix value it did not cite; the endpoint never fails on any question."""
import json
import re

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import Engine, load_knowledge
from bot.answer import Answer
from bot.settings import Settings
from bot.web import create_app

from .conftest import KNOWLEDGE

ENGINE = Engine(load_knowledge(KNOWLEDGE))
KB = ENGINE.kb
WORDS = sorted({w for a in KB.attributes.values() for s in a.synonyms for w in s.split()}
               | {w for p in KB.products.values() for a in p.aliases for w in a.split()}
               | {"which", "what", "does", "is", "not", "and", "or", "more", "than", "most", "least",
                  "compare", "vs", "how", "many", "average", "it", "those", "150k", "200,000", "?", "!",
                  "other than", "besides", "top", "two", "second", "same", "99.9%", "99.95%", "above", "median"}
               | {w for a in KB.attributes.values() for w in a.opposites}
               | {w for t in KB.glossary.values() for w in t.aliases})
LONE_SURROGATES = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])
ANY_CHAR = st.characters(codec=None, exclude_categories=())          # control, emoji, RTL, ...
TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=200),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(ANY_CHAR, max_size=5), LONE_SURROGATES), max_size=30).map(" ".join),
    st.sampled_from(["\u202eKafka\u202c throughput", "مرحبا rabbitmq", "שלום cmq", "🚀" * 50, "\x00\x1b[31mkafka"]),
)
# Distinct matrix values: if one appears in an answer, a cited cell must hold it.
DISTINCT = re.compile(r"\b(?:220|200|120|100),000\b|99\.9\d*%|\b(?:Erlang|Scala|Java|Raft|GM|ISR)\b")
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def check(answer: Answer, question: str) -> None:
    assert isinstance(answer, Answer) and answer.answer.strip()
    for s in answer.sources:
        assert (s.product, s.attribute) in KB.cells and s.value == KB.cell(s.product, s.attribute).display
    if answer.intent == "glossary":
        return
    cited = " ".join(s.value for s in answer.sources)
    # a value the question itself tests ("... use ISR") is the asker's, not a claim about a cell
    # ("one_of": any of several values, "double synchronous writes or in-sync replicas")
    asked = " ".join(KB.attributes[c.attribute].value(ref).label for c in answer.context.conditions
                     if c.test in ("value", "only", "one_of") for ref in c.ref.split("|")
                     if KB.attributes[c.attribute].value(ref))
    for value in DISTINCT.findall(answer.answer):
        listed = answer.intent in ("aggregate", "filter", "count") and "," in value
        assert value in cited or value in question or value in asked or listed, \
            (question, value, answer.answer)
    for medium in ("plain", "markdown", "mrkdwn"):
        assert ENGINE.render(answer, medium)


@SETTINGS
@given(TEXT)
def test_any_text_gets_an_answer(question):
    check(ENGINE.answer(question), question)


@SETTINGS
@given(TEXT, TEXT)
def test_any_follow_up_gets_an_answer(first, second):
    a = ENGINE.answer(first)
    check(ENGINE.answer(second, a.context), second)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), st.integers(1000, 10_000))
def test_very_long_questions(words, length):
    question = (" ".join(words) + " ") * (length // (len(" ".join(words)) + 1) + 1)
    question = question[:length]
    assert len(question) == length
    check(ENGINE.answer(question), question)      # (a value the asker typed anywhere is theirs)


CLIENT = TestClient(create_app(Settings(), engine=ENGINE))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(ANY_CHAR, max_size=1100))
def test_the_endpoint_never_fails(question):
    body = json.dumps({"question": question})          # escapes lone surrogates, as JSON allows
    r = CLIENT.post("/api/answer", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code in (200, 422), (question, r.status_code, r.text)
    if r.status_code == 200:
        assert r.json()["answer"]


MEMO = Engine(KB, memo_size=32)      # small, so readings are evicted and worked out again
FRESH = Engine(KB, memo_size=0)
PHRASE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


@SETTINGS
@given(st.lists(PHRASE, min_size=1, max_size=3))
def test_memoized_answers_equal_fresh_ones_in_any_conversation(turns):
    # the reading memo shares reasoned, rendered answers between wordings that parse alike:
    # it must never change an answer, its context or another medium
    memo_context = fresh_context = None
    for q in turns:
        a, b = MEMO.answer(q, memo_context), FRESH.answer(q, fresh_context)
        assert a.model_dump() == b.model_dump(), q
        assert MEMO.render(a, "mrkdwn") == FRESH.render(b, "mrkdwn"), q
        memo_context, fresh_context = a.context, b.context


def test_many_vocabulary_dense_conversations_never_fail():
    # a seeded sweep of conversations, wider than hypothesis' examples, with the phrases of
    # this session's rules (exclusions, top N, thresholds, follow-ups)
    import random
    rng = random.Random(7)
    words = WORDS + ["other than", "besides", "top", "two", "which of them", "and the second?", "why?",
                     "at least", "better than", "same as", "avoid", "99.9%", "1 million"]
    for _ in range(1500):
        context = None
        for _turn in range(rng.randint(1, 3)):
            q = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
            a = FRESH.answer(q, context)
            check(a, q)
            context = a.context


FOLLOW_UPS = ["source?", "why?", "and RabbitMQ?", "how many is that?", "which ones?", "the other one?",
              "drop the top one", "of those, which is fastest?", "is that right?", "what about the rest?",
              "and the second?", "flip it", "where does the matrix say that?", "actually I meant CMQ",
              "how many are there?", "why did Kafka drop out?"]


def test_every_rule_followed_by_every_common_follow_up_gets_an_answer():
    # each grammar rule's wordings (tests/test_intents.py), then each follow-up operation's
    # usual wordings: no turn after any kind of answer may fail (a claim's "source?" once did)
    from .test_intents import TABLE
    for rows in TABLE.values():
        for question, _ in rows:
            first = FRESH.answer(question)
            for follow_up in FOLLOW_UPS:
                check(FRESH.answer(follow_up, first.context), follow_up)
