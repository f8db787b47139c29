"""Tests on the number rows (bot/figure_conditions.py): a figure and its comparison, a range,
a figure a product got, and a row against its own average."""
import pytest

from bot.context import Condition
from bot.understand import Understander


@pytest.fixture(scope="module")
def parse(kb):
    return Understander(kb).parse


@pytest.mark.parametrize("question, conditions", [
    # a bare figure is a floor; a comparison word sets the test, before the figure or after it
    ("Can RabbitMQ do 150k QPS?", [Condition("stress_test", "number", op=">=", number=150000)]),
    ("which products exceeded 100,000 QPS in the stress test?", [Condition("stress_test", "number", op=">", number=100000)]),
    ("products with a stress test of 200,000 or more", [Condition("stress_test", "number", op=">=", number=200000)]),
    # "between X and Y" holds both bounds
    ("which are between 110k and 210k qps in the stress test?", [
        Condition("stress_test", "number", op=">=", number=110000), Condition("stress_test", "number", op="<=", number=210000)]),
    # a figure a product got is that figure, when one got exactly it; else a floor
    ("who hit 120k QPS on the 2-core 4 GB box?", [Condition("stress_test", "number", op="=", number=120000)]),
    ("which products reached 150k qps", [Condition("stress_test", "number", op=">=", number=150000)]),
    # spelled out
    ("Any product over a quarter of a million QPS in the stress test?",
     [Condition("stress_test", "number", op=">", number=250000)]),
    # against the row's own average
    ("Which products beat the average 2C 4GB stress-test result?", [Condition("stress_test", "number", "avg", op=">")]),
    ("which are below the average stress test?", [Condition("stress_test", "number", "avg", op="<")]),
])
def test_the_test_a_figure_puts(parse, question, conditions):
    assert parse(question).conditions == conditions
