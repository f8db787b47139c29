"""Several questions in one message (bot/compound.py): where it splits, where it must not,
and the joined answer."""
import pytest

from bot.compound import split


@pytest.mark.parametrize("message, parts", [
    ("@bot cmq - what data verification does it use? and does it do msg rewind? thx",
     ["@bot cmq - what data verification does it use?", "and does it do msg rewind?"]),
    ("Which product lacks automatic master/slave switching, does it support push consumption, and what is its "
     "message reliability level?",
     ["Which product lacks automatic master/slave switching", "does it support push consumption",
      "what is its message reliability level?"]),
    ("How many products use ISR, and are they written in the same language?",
     ["How many products use ISR", "are they written in the same language?"]),
    ("Excluding RocketMQ, what is the average stress test, and which of them are above that average?",
     ["Excluding RocketMQ, what is the average stress test", "which of them are above that average?"]),
    ("What is CMQ's language? What is RocketMQ's?", ["What is CMQ's language?", "What is RocketMQ's?"]),
    # a scene, then a last sentence that asks two things, the second pointing back: the scene with the first
    ("We're down to CKafka or CMQ. Which one has the stronger message reliability, and what persistence figure "
     "does the matrix give for it?", ["We're down to CKafka or CMQ. Which one has the stronger message reliability",
                                      "what persistence figure does the matrix give for it?"]),
    # ... or another question word asking something of its own
    ("Our small team runs Kafka and it eats our weekends. What does the matrix say about Kafka's ops burden, and which "
     "option has the lowest ops cost?", ["Our small team runs Kafka and it eats our weekends. What does the matrix say "
                                         "about Kafka's ops burden", "which option has the lowest ops cost?"]),
    ("What does CMQ use for data verification, and which products lack rewind?",
     ["What does CMQ use for data verification", "which products lack rewind?"]),
    # a contraction opens a question as its full form does
    ("Taking the stress test results of CKafka, Apache Kafka, RabbitMQ and CMQ, what's their average and which of "
     "them are above it?", ["Taking the stress test results of CKafka, Apache Kafka, RabbitMQ and CMQ, what's their "
                            "average", "which of them are above it?"]),
])
def test_a_message_of_several_questions_is_split_into_them(message, parts):
    assert split(message) == parts


@pytest.mark.parametrize("message, parts", [
    # a premise about the products is put up for checking before the question
    ("Since all five products support push consumption, which one should we pick for push?",
     ["all five products support push consumption, right?", "which one should we pick for push?"]),
    ("Given that RabbitMQ is written in Java, which products support push?",
     ["RabbitMQ is written in Java, right?", "which products support push?"]),
    ("CMQ uses ISR replication like Kafka, so which products use Raft?",
     ["CMQ uses ISR replication like Kafka, right?", "which products use Raft?"]),
    # the first comma after which a question opens ends the premise
    ("Since CKafka, CMQ and RabbitMQ support push, which is fastest?",
     ["CKafka, CMQ and RabbitMQ support push, right?", "which is fastest?"]),
])
def test_a_premise_is_checked_before_the_question(message, parts):
    assert split(message) == parts


@pytest.mark.parametrize("message", [
    "which products have rewind and are written in C++?",          # "are written" has no subject of its own
    "Of the C++ ones, which have rewind, and which lack security?",  # the second half may share the scope
    "What is the throughput of CKafka and what is the throughput of CMQ?",   # one question, read whole
    "Which products use the same data verification method, and what is it?",  # asks nothing new
    "We need rewind. Which products have it?",                     # a scene, then the question
    # "we're" opens no question ("were")
    "We're sizing a RabbitMQ deployment for 150,000 QPS. Going by the stress test, can one node handle that?",
    "Does RabbitMQ support push? If not, which ones do?",          # a question with its fallback
    "Excluding RocketMQ, what is the average stress test?",        # a clause that asks nothing
    "which is faster, rabbitmq or cmq?",
])
def test_one_question_stays_whole(message):
    assert split(message) == [message]


def test_each_part_is_answered_in_the_context_the_part_before_leaves(engine):
    a = engine.answer("Which product lacks automatic master/slave switching, does it support push consumption, "
                      "and what is its message reliability level?")
    cells = {f"{s.product}.{s.attribute}" for s in a.sources}
    assert {"rocketmq.availability", "rocketmq.consumption", "rocketmq.reliability"} <= cells
    assert a.matches == ["rocketmq"]             # the part that picks products, not the yes/no after it
    assert a.answer.count("Source:") == 1 and "High" in a.answer
    # the conversation goes on from the last part
    assert engine.answer("and its language?", a.context).answer.startswith("RocketMQ's development language")


def test_a_joined_answer_renders_in_every_medium(engine):
    a = engine.answer("what data verification does cmq use? and does it do msg rewind?")
    for medium in ("markdown", "mrkdwn"):
        text = engine.render(a, medium)
        assert "Checksum" in text and "Yes" in text and text.count("Source:") == 1
    assert "; " in a.query and a.query.startswith("lookup")


def test_a_part_the_matrix_cannot_answer_leaves_the_message_whole(engine):
    # the price part is no question of the matrix's: read whole, the answer says what it lacks
    a = engine.answer("what is kafka's language? and what does it cost?")
    assert a.answer.startswith("The matrix has nothing on price") and "Scala" in a.answer
    assert ";" not in a.query


@pytest.mark.parametrize("message", [
    "since we need push, which products fit?",          # a premise of ours
    "Kafka has rewind, so does CKafka?",                 # the same asked of another: one question
    "Kafka lacks security, therefore which products have it?",     # the question leans on the premise
    "Since none of them use Raft, which has the best reliability?",  # "them": about an earlier turn
    "Since RocketMQ handles 100,000 QPS, which products handle more?",   # a figure is the scene's
])
def test_a_premise_of_ours_or_an_ellipsis_is_no_claim(message):
    assert split(message) == [message]


def test_a_false_premise_is_corrected_before_the_answer(engine):
    a = engine.answer("Since all five products support push consumption, which one should we pick for push?")
    assert a.answer.startswith("No, only RabbitMQ and CMQ."), a.answer
    assert a.intent == "recommend" and {"ckafka.consumption", "kafka.consumption"} <= {
        f"{s.product}.{s.attribute}" for s in a.sources}
