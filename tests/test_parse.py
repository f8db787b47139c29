"""Parse.reading(): the key under which wordings of one question share an answer."""
from bot.understand import Understander


def test_wordings_of_one_question_share_a_reading(kb):
    u = Understander(kb)
    a, b = u.parse("What is Kafka's throughput?"), u.parse("what is kafka throughput")
    assert a.text != b.text and a.reading() == b.reading()
    hash(a.reading())


def test_different_questions_have_different_readings(kb):
    u = Understander(kb)
    readings = {u.parse(q).reading() for q in ["kafka throughput", "cmq throughput", "kafka language",
                                               "Which products support push?", "Which products lack push?",
                                               "Which products have more than 150k QPS?",
                                               "Which products have more than 160k QPS?"]}
    assert len(readings) == 7


def test_a_clarifying_question_keeps_its_wording_in_the_reading(kb):
    u = Understander(kb)
    a, b = u.parse("cafka throughput"), u.parse("what is the cafka throughput")
    assert a.intent == b.intent == "clarify" and a.reading() != b.reading()
