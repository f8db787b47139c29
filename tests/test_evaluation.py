"""The expectation checks mean what shared/eval/FORMAT.md says."""
import pytest

from bot.evaluation import expectation_failures


@pytest.fixture(scope="module")
def push(engine):
    return engine.answer("Which products support push?")


@pytest.mark.parametrize("expect, ok", [
    ({"matches": ["cmq", "rabbitmq"]}, True),
    ({"matches": ["cmq"]}, False),
    ({"top": ["rabbitmq"]}, True),
    ({"top": ["cmq"]}, False),
    ({"sources": ["cmq.consumption"]}, True),
    ({"sources": ["cmq.language"]}, False),
    ({"any_source": ["cmq.language", "cmq.consumption"]}, True),
    ({"only_products": ["cmq", "rabbitmq"]}, False),
    ({"covers": ["cmq"]}, False),
    ({"no_sources": True}, False),
    ({"says": ["RABBITMQ", "push"]}, True),
    ({"says": ["no"]}, False),
    ({"says_not": ["Erlang"]}, True),
    ({"intent": "filter"}, True),
    ({"intent": ["rank", "lookup"]}, False),
    ({"bogus": 1}, False),
])
def test_expectations(push, expect, ok):
    assert (expectation_failures(expect, push) == []) is ok


def test_numbers_fold_commas(engine):
    a = engine.answer("CKafka stress test")
    assert expectation_failures({"says": ["220000", "220,000"]}, a) == []
