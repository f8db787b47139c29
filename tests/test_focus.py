"""focus(): the question inside a long post, and a claim put up for checking."""
import pytest

from bot.focus import focus
from bot.text import tokenize


def _read(text):
    f = focus(text)
    tokens = tokenize(f.text)
    return " ".join(tokens[f.skip:len(tokens) - f.cut]), f.claim


@pytest.mark.parametrize("text, question, claim", [
    # a scene, then the question: the last sentence that asks
    ("We inherited a RocketMQ cluster from an acquisition and the team swears by it. Our standard says "
     "brokers must deliver to consumers. According to the comparison, does RocketMQ support push?",
     "according to the comparison does rocketmq support push", False),
    ("Log excerpt:\n  ERROR order-consumer: 4312 messages acked\nThe business wants them back. "
     "Per the matrix, can RabbitMQ rewind?", "per the matrix can rabbitmq rewind", False),
    # a claim tag at either end, or a sentence that is only a tag
    ("rabbit supports push doesnt it", "rabbit supports push", True),
    ("cmq uses raft, right?", "cmq uses raft", True),
    ("True or false: exactly two products support push.", "exactly two products support push", True),
    ("Only one product uses Raft. Is that right?", "only one product uses raft", True),
    ("Correct me if I'm wrong: all C++ products have security?", "all c++ products have security", True),
])
def test_the_question_of_a_message(text, question, claim):
    assert _read(text) == (question, claim)


@pytest.mark.parametrize("text", [
    "which one is right",                 # a question word: no tag
    "that's not right",                   # a complaint, nothing claimed
    "rabbitmq???   language!!! please?",  # one short question, punctuated
    "Is CMQ reliable?",
    "Which is more reliable, Kafka or RocketMQ? Thanks!",
])
def test_no_claim_and_no_cut(text):
    f = focus(text)
    assert not f.claim and f.skip == f.cut == 0


def test_a_short_message_is_read_whole():
    assert focus("kafka. throughput?").text == "kafka. throughput?"
