"""Query: the frozen reading the reasoner works from, its one-line form, and --explain."""
import subprocess
import sys

import pytest

from bot.query import Query
from bot.understand import Understander


@pytest.fixture(scope="module")
def read(kb):
    u = Understander(kb)
    return lambda q, context=None: Query.of(u.parse(q, context))


@pytest.mark.parametrize("question, line", [
    ("Does RabbitMQ support push?", "yes_no over {rabbitmq} where consumption=push"),
    ("which ones don't support rewind", "filter over all where NOT message_rewind"),
    ("Which products have more than 150k QPS?", "filter over all where stress_test>150000"),
    ("Which products are above the average stress test?", "filter over all where stress_test>avg"),
    ("apart from CMQ, which have security?", "filter over all - {cmq} where security"),
    ("True or false: exactly two products support push.", "verify(exactly 2) over all where consumption=push"),
    ("Do all C++ products have security protection?",
     "verify(all) over all where language=cpp; claim security"),
    ("Is CKafka's stress test more than twice CMQ's?", "verify(stress_test: ckafka/cmq > 2)"),
    ("How far ahead of CMQ is CKafka in the stress test?", "aggregate(diff stress_test) over {cmq,ckafka}"),
    ("how many different languages are there", "count(distinct language) over all"),
    ("the second most reliable", "rank(reliability desc place=2) over all"),
    ("Does Kafka have latency guarantees?", "unknown over {kafka} topics=latency"),
    # the document named is no comparison asked for
    ("Which of the products in your comparison support push and rewind?",
     "filter over all where consumption=push AND message_rewind"),
    # "rather than" and "instead of" leave a value out
    ("Which product uses checksum rather than CRC?",
     "filter over all where data_verification=checksum AND NOT data_verification=crc"),
    ("ROCKETMQ push consumption y/n??", "yes_no over {rocketmq} where consumption=push"),
    ("Which product should we rule out because it has no data verification?",
     "recommend(data_verification avoid) over all where NOT data_verification"),
    ("Consumers can't poll; the broker has to deliver messages to them. Which products can do that?",
     "filter over all where consumption=push"),
    ("Which product does the comparison position for finance?", "recommend(needs=finance) over all"),
    ("Leaving CKafka aside, which has the highest throughput?", "rank(throughput desc needs=throughput) over all - {ckafka}"),
    ("If you set aside both CKafka and Apache Kafka, which is fastest in the stress test?",
     "rank(stress_test desc needs=throughput) over all - {ckafka,kafka}"),
    # a negated list: each left out, the tests joined by "and"
    ("Which products have none of security protection, monitoring and alarming, or service support?",
     "filter over all where NOT security AND NOT monitoring AND NOT service_support"),
    ("Which products have neither push nor rewind?", "filter over all where NOT consumption=push AND NOT message_rewind"),
    ("Which products have no data verification or lack rewind?",
     "filter over all where NOT data_verification OR NOT message_rewind"),
    # a clause inside the set a claim ranges over
    ("True or false: every product that uses CRC also supports message rewind.",
     "verify(all) over all where data_verification=crc; claim message_rewind"),
    ("Am I correct that RabbitMQ is written in Erlang?", "yes_no over {rabbitmq} where language=erlang"),
])
def test_one_line(read, question, line):
    assert str(read(question)) == line


def test_wordings_of_one_question_are_one_query(read):
    a, b = read("What is Kafka's throughput?"), read("what is kafka throughput")
    assert a == b and hash(a) == hash(b)
    assert read("WHICH ONES DON'T SUPPORT REWIND?") == read("which ones do not support rewind")


def test_a_query_is_frozen(read):
    q = read("kafka throughput")
    with pytest.raises(AttributeError):
        q.intent = "rank"


def test_the_answer_carries_it(engine):
    assert engine.answer("Which products support push?").query == "filter over all where consumption=push"


def test_explain_shows_the_query_and_the_words():
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "--explain", "rabbit supports push, doesn't it"],
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0] == "query: yes_no over {rabbitmq} where consumption=push"
    assert "'rabbit': product rabbitmq" in out
    assert "a claim tag" in out and "'push': value push of consumption" in out
