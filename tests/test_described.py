"""A behaviour a message describes, matched to the cell whose text states it (bot/described.py)."""
import pytest


@pytest.mark.parametrize("message, cell", [
    ("Postmortem excerpt from last night:\n  03:12 master node unreachable\n  03:13 slave still serving reads, "
     "all writes rejected\nWhich product in the matrix has exactly this availability behaviour?",
     "rocketmq.availability"),
    # a user's words for the cells' ("primary" is the master, an "ack" the success returned)
    ("We only want the producer to get an ack once both the primary and the replica have the message on disk. "
     "Which product works that way?", "rocketmq.reliability"),
    ("Our brokers need zookeeper coordination to receive messages. Which product works like that?",
     "kafka.scalability"),
])
def test_a_described_behaviour_is_the_cell_that_states_it(engine, message, cell):
    a = engine.answer(message)
    product, row = cell.split(".")
    assert a.intent == "lookup" and a.matches == [product], (a.query, a.answer)
    assert cell in {f"{s.product}.{s.attribute}" for s in a.sources}
    assert "closest to what the matrix says of" in a.answer


@pytest.mark.parametrize("message", [
    # no cell states it: nothing is claimed, the question is read as it stands
    "We need rewind. Which product does that?",
    "Our team likes green dashboards and short standups. Which product matches that?",
    # the cell denies what the message says ("does not write"), or the product fails its tests
    "The slave took over writes automatically when the master died. Which product works that way?",
    "We need message rewind and security protection. Which products do that?",
])
def test_no_cell_is_claimed_when_none_stands_out(engine, message):
    a = engine.answer(message)
    assert "closest to what the matrix says" not in a.answer, a.answer


def test_the_described_words_are_weighed_by_how_few_cells_use_them(kb):
    from bot.cell_text import stem
    from bot.described import Described
    d = Described(kb)
    # "master" and "slave" are in many availability cells; "zookeeper" in one
    assert d.weight[stem("zookeeper")] > d.weight[stem("master")]
