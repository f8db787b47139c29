"""Products a question picks by a superlative and asks something else of (bot/picked.py)."""
import pytest


@pytest.mark.parametrize("question, query, says", [
    ("What language is the most reliable product written in?", "lookup(language) over {cmq}", ["C++"]),
    ("What's the difference in stress test QPS between the most reliable product and the least reliable one?",
     "aggregate(diff stress_test) over {cmq,kafka}", ["80,000"]),
    # a claim about the product the superlative picks
    ("True or false: the product with the lowest message reliability rating delivers million-level QPS in "
     "general performance.", "yes_no over {kafka} where performance=million", ["Yes, true"]),
    # the subject picked, the second superlative asked of it
    ("Is the fastest product also the most reliable?", "rank(reliability desc", ["No"]),
])
def test_a_superlative_that_picks_products_asks_the_rest_of_them(engine, question, query, says):
    a = engine.answer(question)
    assert a.query.startswith(query), a.query
    assert all(t in a.answer for t in says), a.answer
    # the cells that picked them are stated and cited
    picked = a.query.split(" picked ")[1].removesuffix(" ?")
    for part in picked.split(","):
        _, row, who = part.replace("=", " ").split(" ")
        for pid in who.split("|"):
            assert f"{pid}.{row}" in {f"{s.product}.{s.attribute}" for s in a.sources}
    assert "ranks first on" in a.answer or "ranks last on" in a.answer


@pytest.mark.parametrize("question, query", [
    # the superlative is the question: a ranking, as before
    ("which is the most reliable product?", "rank(reliability desc) over all"),
    ("What's the most reliable product in terms of message reliability?", "rank(reliability desc) over all"),
    # a row it tests picks the field the superlative ranks
    ("What is the most reliable product without security protection?", "rank(reliability,security desc) over all"),
])
def test_a_superlative_that_is_the_question_still_ranks(engine, question, query):
    assert engine.answer(question).query.startswith(query)
