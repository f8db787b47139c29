"""Coverage: a word nothing reads, that could change the answer, is said, never dropped."""
import pytest


@pytest.mark.parametrize("question, words", [
    ("Does Kafka support sharding?", "sharding"),
    ("does rabbitmq have a management UI?", "management ui"),
    ("Can CMQ handle geo-fencing?", "geo fencing"),
    # a property asked of a product ("the X of P", "how many X", "P's X"): no row, no overview
    ("What is the colour of CMQ?", "colour"),
    ("How many offices does RabbitMQ have?", "offices"),
    ("what's the mascot of rocketmq?", "mascot"),
    # words before the row's own word ask about another thing than the row
    ("Does RabbitMQ support encrypted message rewind?", "encrypted message rewind"),
    ("does kafka have quantum security protection?", "quantum security protection"),
])
def test_a_feature_no_row_covers_is_named_not_answered_with_an_overview(engine, question, words):
    a = engine.answer(question)
    assert a.intent == "unknown" and a.sources == []
    assert f"“{words}”" in a.answer


@pytest.mark.parametrize("question", ["Which product is twice as fast as RabbitMQ?",
                                      "which ones have double the reliability of kafka"])
def test_a_factor_no_rule_reads_is_asked_back(engine, question):
    a = engine.answer(question)
    assert a.intent == "clarify" and a.matches == [] and a.sources == []
    assert not a.answer.startswith(("Yes", "No"))
    assert a.confidence <= 0.4


@pytest.mark.parametrize("question, intent", [
    ("Is moving to CKafka worth it?", "overview"),             # no feature asked for
    ("hows rocketmq's message reliability? heard it does double sync writes", "lookup"),  # "double" is a value's
    ("Does RocketMQ support push?", "yes_no"),
    ("does rocket mq suport mesage rewind?", "yes_no"),        # slips of known words qualify nothing
    ("Per the matrix, can RabbitMQ rewind to already-consumed messages?", "yes_no"),   # not the row tested
    ("what's the deal with rabbitmq", "overview"),
    ("give me the rundown on cmq", "overview"),
    ("Before we shortlist RabbitMQ, what is its scalability?", "lookup"),     # "shortlist" is no "shortest"
    ("what about the colour of cmq?", "unknown"),
    ("how much does CMQ cost per million messages?", "unknown"),     # "million" asks nothing of a row here
])
def test_words_that_are_read_or_harmless_change_nothing(engine, question, intent):
    assert engine.answer(question).intent == intent


def test_confidence_reflects_what_was_read(engine):
    full = engine.answer("Does RocketMQ support push?").confidence
    partial = engine.answer("Does RocketMQ support push when the flux capacitor hums?").confidence
    assert full == 1.0 and partial < full
