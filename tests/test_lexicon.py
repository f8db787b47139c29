"""Typo tolerance with explicit distances and margins, and no false friends."""
import pytest

from bot.lexicon import Lexicon, Sense, max_typos
from bot.text import tokenize


@pytest.fixture(scope="module")
def words(engine):
    return engine.understander.words


def products(words, text):
    found, _ = words.find(tokenize(text))
    return [s.ref for m in found for s in m.senses if s.kind == "product"]


def others(words, text):
    found, _ = words.find(tokenize(text))
    return [s.ref for m in found for s in m.senses if s.kind == "other"]


@pytest.mark.parametrize("text, pid", [
    ("rabitmq", "rabbitmq"), ("rabbitmqq", "rabbitmq"), ("kafak", "kafka"), ("ckafak", "ckafka"),
    ("rocketmg", "rocketmq"), ("rockettmq", "rocketmq"), ("rabit mq", "rabbitmq"),
    ("Cloud Kafka", "ckafka"), ("tencent cloud kafka", "ckafka"), ("apache kafka", "kafka"),
    ("kafka", "kafka"), ("Cloud Message Queue", "cmq"), ("rocket mq", "rocketmq"), ("rabbit", "rabbitmq"),
])
def test_products_with_typos_and_aliases(words, text, pid):
    assert products(words, text) == [pid]


@pytest.mark.parametrize("text, name", [
    ("ActiveMQ", "ActiveMQ"), ("activmq", "ActiveMQ"), ("ZeroMQ", "ZeroMQ"), ("Pulsar", "Apache Pulsar"),
    ("NATS", "NATS"), ("Amazon SQS", "Amazon SQS"), ("IBM MQ", "IBM MQ"), ("Redis Streams", "Redis Streams"),
    ("RocksDB", "RocksDB"),
])
def test_products_outside_the_matrix_never_become_inside(words, text, name):
    assert products(words, text) == []
    assert others(words, text) == [name]


@pytest.mark.parametrize("text", ["remind me later", "the message queue", "cmd line", "a cafe in town"])
def test_everyday_words_are_not_products(words, text):
    assert products(words, text) == []


def test_short_words_need_exact_match():
    assert max_typos("nats") == 0 and max_typos("kafak") == 1 and max_typos("reliabilty") == 2


def test_a_tie_between_two_meanings_is_reported_not_guessed():
    lex = Lexicon([("alpha", Sense("product", "a")), ("alpho", Sense("product", "b"))])
    found, ambiguous = lex.find(tokenize("alphx"))
    assert found == [] and ambiguous and {s.ref for s in ambiguous[0][1]} == {"a", "b"}


def test_longest_phrase_wins(words):
    found, _ = words.find(tokenize("tencent cloud kafka vs kafka"))
    assert [(m.surface, m.senses[0].ref) for m in found] == [("tencent cloud kafka", "ckafka"), ("kafka", "kafka")]
