"""focus(): the question inside a long post, and a claim put up for checking."""
import pytest

from bot.focus import focus
from bot.text import clean, tokenize


def _read(text):
    f = focus(clean(text).text)
    tokens = tokenize(f.text)
    return " ".join(tokens[f.skip:len(tokens) - f.cut]), f.claim


@pytest.mark.parametrize("text, question, claim", [
    # a scene, then the question: the last sentence that asks
    ("We inherited a RocketMQ cluster from an acquisition and the team swears by it. Our standard says "
     "brokers must deliver to consumers. According to the comparison, does RocketMQ support push?",
     "according to the comparison does rocketmq support push", False),
    ("Log excerpt:\n  ERROR order-consumer: 4312 messages acked\nThe business wants them back. "
     "Per the matrix, can RabbitMQ rewind?", "per the matrix can rabbitmq rewind", False),
    # a sentence ends after a closing quote too, and a question may end inside one
    ('Reddit thread: "Which of these brokers is the WORST? Trying to make the case to move off something." '
     "Looking at the five products, which has the lowest message reliability?",
     "looking at the five products which has the lowest message reliability", False),
    ('Reddit thread: "Is RabbitMQ really that slow? We are choosing between RabbitMQ and CMQ for a '
     'notifications service. What did each get in the 2C 4GB stress test?"',
     "what did each get in the 2c 4gb stress test", False),
    # the claim after "the claim that" in a question that opens with a verb
    ("Does the comparison matrix back up the claim that CKafka never loses messages?",
     "ckafka never loses messages", True),
    # a quoted line is the claim a judging question checks, even one that comes before the last question;
    # what follows for the speaker ("so we need ...") is no part of it; quotation marks pair in order
    ("Re: broker choice\n\n> RabbitMQ is written in Java, so our JVM people can support it.\n\nI doubt it. "
     "Is the quoted claim correct according to the matrix? What does it list as RabbitMQ's language?",
     "rabbitmq is written in java", True),
    ('> CKafka does 220k QPS on a 2-core 4GB box.\n\nThe matrix rates it "Higher" rather than "Extremely high" like CMQ. '
     "Is the quoted figure what the matrix reports for CKafka?", "ckafka does 220k qps on a 2 core 4gb box", True),
    # a quoted question is the one asked, and thanks after a tag ask nothing
    ("@mqbot\n> can Apache Kafka push messages to consumers?\nyes or no? thx!",
     "mqbot can apache kafka push messages to consumers", True),
    # a bare "Why?" after a question: the question before it
    ("We lost orders after a failover on Kafka last week. Does the matrix say Apache Kafka can lose messages "
     "after master/slave switching? Why?", "does the matrix say apache kafka can lose messages after master slave "
     "switching", False),
    # a claim tag at either end, or a sentence that is only a tag
    ("rabbit supports push doesnt it", "rabbit supports push", True),
    ("cmq uses raft, right?", "cmq uses raft", True),
    ("True or false: exactly two products support push.", "exactly two products support push", True),
    ("Only one product uses Raft. Is that right?", "only one product uses raft", True),
    ("Correct me if I'm wrong: all C++ products have security?", "all c++ products have security", True),
    # who says it, then a verb of saying: what they said is the claim
    ("My lead says RabbitMQ is the only one that supports push.", "rabbitmq is the only one that supports push", True),
    ("our vendor's architect told us that cmq uses raft", "cmq uses raft", True),
    ("Quiz: RocketMQ supports push consumption. T or F?", "quiz rocketmq supports push consumption", True),
    ("Apache Kafka has the lowest reliability - agree?", "apache kafka has the lowest reliability", True),
])
def test_the_question_of_a_message(text, question, claim):
    assert _read(text) == (question, claim)


@pytest.mark.parametrize("text", [
    "which one is right",                 # a question word: no tag
    "that's not right",                   # a complaint, nothing claimed
    "rabbitmq???   language!!! please?",  # one short question, punctuated
    "Is CMQ reliable?",
    "Which is more reliable, Kafka or RocketMQ? Thanks!",
    "my team says which queue?",          # who says, then a question: no claim
])
def test_no_claim_and_no_cut(text):
    f = focus(text)
    assert not f.claim and f.skip == f.cut == 0


def test_a_short_message_is_read_whole():
    assert focus("kafka. throughput?").text == "kafka. throughput?"


def test_after_a_colon_a_question_of_its_own_asks():
    text = ("We run a small team. I don't care about anything else for this question: "
            "which products support push?")
    assert focus(text).text == "which products support push?"
    # a colon that opens no question leaves the sentence whole
    assert focus("We have two needs. Our lead asks: push and rewind, which has both?").text == \
        "Our lead asks: push and rewind, which has both?"


def test_a_comparison_pointing_at_a_figure_of_the_message_gets_that_figure():
    from bot.focus import figure_pointed_at

    text = "We peak at about 180k writes per second on a 2-core box. Which products reached at least that rate?"
    at = figure_pointed_at(text, focus(text))
    assert at.text == "Which products reached at least 180k?"
    # no figure before: nothing to point at
    alone = "We care about throughput a lot these days. Which products are faster than that?"
    assert figure_pointed_at(alone, focus(alone)) == focus(alone)


def test_a_long_post_with_a_pointed_figure_is_filtered_by_it(engine):
    a = engine.answer("Capacity planning. On Black Friday we peak at about 180k reads+writes per second "
                      "on one node. I don't care about anything else here: which products reached at "
                      "least that rate in the stress test?")
    assert a.intent == "filter" and a.matches == ["ckafka", "kafka"]


@pytest.mark.parametrize("message, verdict, cited", [
    ("We run order processing on RocketMQ and ops wants master/slave failover to happen with no human in the "
     "loop. Does RocketMQ fit that requirement?", "No", "rocketmq.availability"),
    ("We have a thin on-call rotation, so if the master broker dies we need the system to fail over to the slave "
     "automatically. We were leaning towards RocketMQ. Does it meet this requirement?", "No", "rocketmq.availability"),
    ("Multi-tenant SaaS: we need security protection and monitoring/alerting out of the box. Is self-hosted "
     "Apache Kafka a good fit?", "No", "kafka.security"),
    ("We use RabbitMQ for task queues today and traffic is about to grow to around a million QPS. Will RabbitMQ "
     "keep up?", "No", "rabbitmq.performance"),
])
def test_a_scene_then_a_yes_no_on_one_product_is_a_verdict_on_it(engine, message, verdict, cited):
    a = engine.answer(message)
    assert a.answer.startswith(verdict), (a.query, a.answer)
    assert cited in {f"{s.product}.{s.attribute}" for s in a.sources}


def test_the_product_asked_about_comes_first(engine):
    a = engine.answer("We run self-hosted Apache Kafka. Is moving to CKafka worth it?")
    assert a.products[0] == "ckafka", a.query


def test_that_row_in_the_question_is_the_value_the_scene_gave(engine):
    a = engine.answer("We occasionally lose messages after a switch. We still need million-level QPS. Which product "
                      "would give us better message reliability without giving up that performance?")
    assert a.matches[0] == "ckafka" and "Million-level QPS" in a.answer, a.query


def test_a_better_fit_weighs_the_needs_kept_not_those_waved_away(engine):
    a = engine.answer("We were planning to use CMQ for a high-throughput firehose, but strong consistency doesn't "
                      "matter to us at all; raw throughput does. Is there a better fit in the matrix?")
    assert a.intent == "recommend" and a.matches[0] == "ckafka", a.query
    assert "consistency" not in a.answer.split("\n")[0]


@pytest.mark.parametrize("message, top", [
    # a question that ends pointing back ("supports that?") leaves what it asks to the scene
    ("We need a single logical queue to serve traffic across multiple clusters. Which product's scalability "
     "description supports that?", "cmq"),
    ("We'd like one logical queue that can be served across multiple clusters, so that we can scale out "
     "smoothly. Which product does the matrix say supports that?", "cmq"),
])
def test_a_last_question_that_points_back_reads_the_scene(engine, message, top):
    a = engine.answer(message)
    assert a.intent == "recommend" and a.matches[0] == top, (a.query, a.answer)


def test_a_last_sentence_that_asks_by_a_need_alone_answers_a_long_post(engine):
    a = engine.answer("We operate 3 ZooKeeper nodes plus 5 Kafka brokers and the on-call rotation is miserable: ZK "
                      "session expirations, disk alerts, rolling upgrades of two separate systems. Management wants "
                      "the option with the least operational overhead. According to the matrix, which product has "
                      "the lowest OPS cost?")
    assert a.intent == "recommend" and a.matches[0] == "ckafka", (a.query, a.answer)


def test_a_pointer_before_a_comparison_is_the_figure_the_message_gave(engine):
    a = engine.answer("We run CKafka and expect around 210,000 read/write QPS, on a 2-core 4 GB server. Based on the "
                      "matrix's stress test, is that within what CKafka handled?")
    assert a.intent == "yes_no" and a.answer.startswith("Yes") and "210000" in a.query, (a.query, a.answer)
