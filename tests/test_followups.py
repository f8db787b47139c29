"""What a follow-up leaves to the last turn, read from the context alone."""
import pytest

from bot.context import Condition, Context
from bot.understand import Understander


@pytest.fixture(scope="module")
def parse(kb):
    return Understander(kb).parse


def test_a_ranking_goes_on_a_step(parse):
    p = parse("and the second?", Context(intent="rank", attributes=["reliability"],
                                         products=["ckafka", "kafka", "rabbitmq", "rocketmq", "cmq"]))
    assert (p.intent, p.attributes, p.place, p.products) == ("rank", ["reliability"], 2, [])


def test_a_count_is_listed_on_which_ones(parse):
    p = parse("which ones?", Context(intent="count", conditions=[Condition("consumption", "value", "push")]))
    assert p.intent == "filter" and p.conditions == [Condition("consumption", "value", "push")]


def test_a_defined_value_is_it(parse):
    p = parse("which products use it?", Context(intent="glossary", attributes=["sync_algorithm"],
                                                conditions=[Condition("sync_algorithm", "value", "isr")]))
    assert p.intent == "filter" and p.conditions == [Condition("sync_algorithm", "value", "isr")]


def test_recommendation_criteria_add_up(parse):
    p = parse("and push delivery too", Context(intent="recommend", attributes=["reliability"]))
    assert p.intent == "recommend" and "reliability" in p.attributes
    assert Condition("consumption", "value", "push") in p.conditions


def test_a_new_which_products_question_is_not_scoped(parse):
    p = parse("Which products support rewind?", Context(intent="lookup", products=["kafka"], attributes=["throughput"]))
    assert p.products == [] and not p.from_context


def test_a_greeting_before_a_follow_up_keeps_it_a_follow_up(parse):
    p = parse("hey bot, what about RocketMQ?", Context(intent="lookup", products=["rabbitmq"], attributes=["consumption"]))
    assert (p.intent, p.products, p.attributes) == ("lookup", ["rocketmq"], ["consumption"])
