"""The tests a question puts to the matrix: negations, "only", numbers and thresholds."""
import pytest

from bot.context import Condition
from bot.understand import Understander


@pytest.fixture(scope="module")
def parse(kb):
    return Understander(kb).parse


def test_two_negations_cancel(parse):
    assert parse("Which products do not lack monitoring?").conditions == [Condition("monitoring", "has")]


def test_a_negation_before_both_conditions_covers_both(parse):
    assert parse("Does any product lack both rewind and push?").conditions == [
        Condition("message_rewind", "has", negated=True), Condition("consumption", "value", "push", negated=True)]


def test_a_question_asked_in_the_negative_tests_the_positive(parse):
    assert parse("Isn't CMQ written in C++?").conditions == [Condition("language", "value", "cpp")]
    assert parse("Is CMQ not written in C++?").conditions == [Condition("language", "value", "cpp", negated=True)]


def test_a_bare_figure_with_a_numeric_row_is_a_minimum(parse):
    assert parse("Can RabbitMQ do 150k QPS?").conditions == [Condition("stress_test", "number", op=">=", number=150000)]


def test_a_small_count_is_no_figure(parse):
    assert not [c for c in parse("Which 2 products are the fastest?").conditions if c.test == "number"]


def test_two_thresholds_and_between(parse):
    assert [(c.op, c.number) for c in parse("Which ones are below 200k but above 100k?").conditions] == \
        [("<", 200000), (">", 100000)]
    assert [(c.op, c.number) for c in parse("Which score between 110k and 210k QPS?").conditions] == \
        [(">=", 110000), ("<=", 210000)]


def test_only_pull(parse):
    assert parse("Which products support only pull?").conditions == [Condition("consumption", "only", "pull")]


def test_a_level_after_a_comparison_is_a_threshold(parse):
    assert parse("Which products have at least high reliability?").conditions == [
        Condition("reliability", "level", "high", op=">=")]
    assert parse("Which products have better than average throughput?").conditions == [
        Condition("throughput", "level", "average", op=">")]
    assert parse("Which products have average throughput?").conditions == [Condition("throughput", "level", "average")]


@pytest.mark.parametrize("question, matches", [
    ("which products have high reliability", {"rabbitmq", "rocketmq"}),
    ("which ones have low durability", {"kafka"}),
    ("which ones don't have low message reliability", {"ckafka", "rabbitmq", "rocketmq", "cmq"}),
    ("Of the products rated Average on throughput, which are written in C++?", {"cmq"}),
])
def test_a_bare_level_before_its_row(engine, question, matches):
    assert set(engine.answer(question).matches) == matches


def test_a_negated_bare_level_is_no_false_yes(engine):
    a = engine.answer("does apache kafka not have low durability")
    assert a.intent == "yes_no" and a.answer.startswith("No")


@pytest.mark.parametrize("question, verdict", [
    ("Can RocketMQ switch from master to slave automatically?", "No"),
    ("does kafka's slave take over when the master fails", "Yes"),
    ("is rabbitmq's reliability high?", "Yes"),
    # terse: the label right after its row, at the end
    ("apache kafka reliabilty low??", "Yes"),
    ("rabbitmq throughput large?", "No"),
])
def test_features_and_levels_in_other_words(engine, question, verdict):
    a = engine.answer(question)
    assert a.intent == "yes_no" and a.answer.startswith(verdict), a.answer


def test_a_level_after_its_row(engine):
    a = engine.answer("Count the products whose throughput is rated Average.")
    assert a.intent == "count" and set(a.matches) == {"rabbitmq", "rocketmq", "cmq"}


@pytest.mark.parametrize("question, op", [
    ("Which products have message reliability of High or better?", ">="),
    ("which have high reliability or better?", ">="),
    ("Of the products whose message reliability is High or above, which support rewind?", ">="),
    ("Does CKafka not have extremely high message reliability or better?", ">="),
    ("which products have reliability of high or worse?", "<="),
    ("which have high reliability?", None),
])
def test_a_comparison_after_the_level_it_compares(parse, question, op):
    """"High or better" is "at least High", wherever the row stands; one condition, not two."""
    levels = [c for c in parse(question).conditions if c.attribute == "reliability"]
    assert len(levels) == 1 and levels[0].test == "level" and levels[0].op == op


def test_what_the_scene_rules_out_of_a_row_it_asks_a_value_of_is_a_preference(parse):
    p = parse("Our consumers are serverless handlers that we don't want spinning in a poll loop. "
              "We want messages pushed to them by the broker. Which of these queues can deliver that way?")
    assert p.conditions == [Condition("consumption", "value", "push")]
    # in the asking sentence itself, "but not" still rules it out
    assert parse("Which products support push but not pull?").conditions == [
        Condition("consumption", "value", "push"), Condition("consumption", "value", "pull", negated=True)]


@pytest.mark.parametrize("question, matches", [
    # what they would do themselves they want the product to have: the negation tests no row
    ("Our compliance team requires security protection AND monitoring out of the box; we don't want to bolt on "
     "exporters and ACL plugins ourselves. Which products in the matrix have both?", {"ckafka", "cmq"}),
    # a test not needed is no test
    ("We don't need push. Which products support rewind?", {"ckafka", "kafka", "cmq"}),
    # a later sentence's negation that points back turns the tests before it round
    ("We need push delivery. Which products don't offer it?", {"ckafka", "kafka", "rocketmq"}),
    # ... two negations cancel; several tests turned round: lacking any of them
    ("We need rewind. Which ones don't lack it?", {"ckafka", "kafka", "cmq"}),
    ("We need push and rewind. Which products don't offer it?", {"ckafka", "kafka", "rabbitmq", "rocketmq"}),
    ("We've been burned by silently corrupted payloads before, so we want integrity checks on messages. "
     "Which product would NOT give us that?", {"rabbitmq"}),
])
def test_negations_that_test_no_row_or_point_back(engine, question, matches):
    a = engine.answer(question)
    assert a.intent == "filter" and set(a.matches) == matches, (a.query, a.answer)


@pytest.mark.parametrize("question, query, matches", [
    # two values of one row joined by "or" are one test of either; the other tests still all hold
    ("which products written in C++ or Java lack push?", "language in {cpp,java} AND NOT consumption=push",
     {"ckafka", "rocketmq"}),
    ("Among the products with Average throughput, which use CRC or checksum verification?",
     "throughput=average AND data_verification in {crc,checksum}", {"rocketmq", "cmq"}),
    # "or" between tests of different rows joins the tests
    ("which products support push or have rewind?", "consumption=push OR message_rewind",
     {"ckafka", "kafka", "rabbitmq", "cmq"}),
])
def test_or_between_values_of_one_row_is_one_test(engine, question, query, matches):
    a = engine.answer(question)
    assert query in a.query and set(a.matches) == matches, (a.query, a.answer)


def test_a_shouted_contraction_is_no_product_name(engine):
    a = engine.answer("Which products DON'T use CRC for data verification?")
    assert a.intent == "filter" and set(a.matches) == {"rabbitmq", "cmq"}, a.answer


def test_exactly_a_level_is_that_level(engine):
    a = engine.answer("How many products are not rated exactly 'High' for message reliability?")
    assert a.intent == "count" and set(a.matches) == {"ckafka", "kafka", "cmq"}, (a.query, a.answer)


def test_a_group_named_by_what_its_products_are_based_on(engine):
    a = engine.answer("Not counting the Kafka-based products, which have security protetcion?")
    assert a.matches == ["cmq"], (a.query, a.answer)


@pytest.mark.parametrize("question, query, matches", [
    # one negation over "or" is neither (two values of one row: not either of them)
    ("Which products are not written in C++ or Java?", "NOT language in {cpp,java}", {"kafka", "rabbitmq"}),
    ("which products don't support push or rewind?", "NOT consumption=push AND NOT message_rewind", {"rocketmq"}),
    # ... while a negation on each side joins them with "or"
    ("which products lack push or lack rewind?", "NOT consumption=push OR NOT message_rewind",
     {"ckafka", "kafka", "rabbitmq", "rocketmq"}),
])
def test_a_negation_over_or_is_neither(engine, question, query, matches):
    a = engine.answer(question)
    assert query in a.query and set(a.matches) == matches, (a.query, a.answer)
