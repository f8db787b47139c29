"""The shape of a question: products left out, how many asked for, a yes/no after a
preamble, and names outside the matrix."""
import pytest

from bot.cues import Cues, cue_lexicon
from bot.shape import excluded, how_many_top, terse_yes_no, unknown_names, yes_no_after_preamble
from bot.text import tokenize

CUES = cue_lexicon()


@pytest.fixture(scope="module")
def words(engine):
    return engine.understander.words


def read(words, text):
    tokens = tokenize(text)
    mentions, _ = words.find(tokens)
    return tokens, mentions, Cues(CUES.find_all(tokens))


@pytest.mark.parametrize("text, left_out", [
    ("any product with Raft other than CMQ?", ["cmq"]),
    ("which support push except rabbitmq and cmq?", ["rabbitmq", "cmq"]),
    ("which have rewind but not kafka?", ["kafka"]),
    ("which products support push?", []),
])
def test_excluded(words, text, left_out):
    assert excluded(*read(words, text))[0] == left_out


@pytest.mark.parametrize("text, n", [("top 3 by throughput", 3), ("the two fastest", 2),
                                     ("which two have the highest reliability?", 2), ("the fastest", 1)])
def test_how_many_top(words, text, n):
    tokens, _, cues = read(words, text)
    assert how_many_top(tokens, cues) == n


@pytest.mark.parametrize("text, yes_no", [("quick q: does RocketMQ do push?", True),
                                          ("hi! is CMQ written in C++?", True),
                                          ("which products support push?", False)])
def test_yes_no_after_preamble(words, text, yes_no):
    _, mentions, cues = read(words, text)
    assert yes_no_after_preamble(text, mentions, cues) is yes_no


@pytest.mark.parametrize("text, yes_no", [
    ("rabbit got crc checks?", True), ("rocket = java?", True), ("rocketmq auto failover?", True),
    ("rabbit 150k qps?", True),
    ("rabbit got crc checks", False),                      # no question mark: a statement or a lookup
    ("how reliable is cmq?", False), ("which of them use crc?", False), ("rabbitmq throughput?", False),
    ("rank kafka and cmq by throughput?", False),
    ("we are moving our payments pipeline off rabbit next quarter, does crc matter?", False),   # long
])
def test_terse_yes_no(engine, text, yes_no):
    p = engine.understander.parse(text)
    assert p.asks_yes_no is yes_no, p
    tokens = tokenize(text)
    assert terse_yes_no(text, tokens, p.products, p.conditions, Cues(CUES.find_all(tokens))) is yes_no


def test_unknown_names(engine):
    known, not_products = engine.understander.known_words, engine.kb.not_products
    assert unknown_names("Is Kestrel written in Java?", known, not_products) == ["Kestrel"]
    assert unknown_names("WHICH ONES DON'T SUPPORT REWIND?", known, not_products) == []
    endings = engine.kb.profile.name_endings             # the queue folder's: "...mq"
    assert unknown_names("does flurbmq support push?", known, not_products, endings) == ["flurbmq"]      # "...mq"
    assert unknown_names("does flurbmq support push?", known, not_products) == []   # no ending given: no name
