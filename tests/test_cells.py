"""All 80 cells: each is reachable by a plain question and cited in sources with its text."""
import pytest

from bot import load_knowledge

from .conftest import KNOWLEDGE, cells

KB = load_knowledge(KNOWLEDGE)
PAIRS = [(p, a) for p in KB.products for a in KB.attributes]


def test_eighty_cells():
    assert len(PAIRS) == 80


@pytest.mark.parametrize("product, attribute", PAIRS, ids=[f"{p}.{a}" for p, a in PAIRS])
def test_cell_reachable(engine, product, attribute):
    name, label = KB.products[product].name, KB.attributes[attribute].label
    for question in (f"What is {name}'s {label.lower()}?", f"{label} of {name}"):
        a = engine.answer(question)
        assert a.intent == "lookup", (question, a.intent)
        assert cells(a) == {f"{product}.{attribute}"}, question
        cell = KB.cell(product, attribute)
        assert cell.short.split(";")[0] in a.answer, (question, a.answer)
