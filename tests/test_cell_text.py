"""Glossary terms and percentages are found where the cells' own text states them."""
import pytest

from bot.cell_text import CellText


def test_each_term_is_indexed_by_the_cells_that_use_it(kb):
    text = CellText(kb)
    assert text.term_cells["zookeeper"] == [("kafka", "scalability")]
    assert text.term_cells["name_server"] == [("rocketmq", "scalability")]
    assert text.term_cells["mirror_queue"] == [("rabbitmq", "availability")]


def test_percentages_are_read_from_the_cells(kb):
    figures = CellText(kb).cell_figures
    assert figures[("ckafka", "availability")] == [99.95]
    assert figures[("cmq", "reliability")] == [99.999999]
    assert set(figures) == {("ckafka", "availability"), ("cmq", "reliability")}


def test_the_words_as_typed_come_before_the_terms_other_names(engine):
    # "asynchronous flush" and "synchronous flush" are one glossary term; only Kafka's cells say the first
    a = engine.answer("Does CMQ use asynchronous flush?")
    assert "only for Apache Kafka" in a.answer
    assert engine.answer("Does CMQ use synchronous flush?").answer.startswith("The matrix mentions synchronous flush here")


def test_a_mention_asked_of_a_named_product_and_found_in_its_cells_is_a_yes(engine):
    a = engine.answer("does the matrix mention any risk of message loss with CKafka?")
    assert a.answer.startswith("Yes. The matrix mentions"), a.answer
    assert "ckafka.disadvantages" in {f"{s.product}.{s.attribute}" for s in a.sources}


@pytest.mark.parametrize("question, cells", [
    # the row named before the verb of saying, or after "in"/"among" past it, is searched, and
    # its own name is no word to find
    ("whose disadvantages mention message loss?", {"ckafka.disadvantages", "kafka.disadvantages"}),
    ("which products mention message loss in their disadvantages?", {"ckafka.disadvantages", "kafka.disadvantages"}),
    ("Which products list message loss among their disadvantages?", {"ckafka.disadvantages", "kafka.disadvantages"}),
    # one word is enough once the row is named
    ("which product's disadvantages mention OPS?", {"kafka.disadvantages"}),
])
def test_a_row_named_beside_a_verb_of_saying_is_where_the_words_are_looked_for(engine, question, cells):
    a = engine.answer(question)
    assert {f"{s.product}.{s.attribute}" for s in a.sources} == cells, (a.query, a.answer)
    assert set(a.matches) == {c.split(".")[0] for c in cells}


@pytest.mark.parametrize("question, cells, quoted", [
    # passive: the words to find come before the verb of saying, the row after it
    ("Is occasional message loss actually listed as a CKafka disadvantage in the matrix?",
     {"ckafka.disadvantages"}, "occasional message loss"),
    # what is quoted ends where another clause starts
    ("Which of these products does the matrix describe as a cloud provider's service, so we can rule it out?",
     {"ckafka.availability"}, None),
    # irregular forms meet ("may lose" and "may be lost")
    ("Which product does the matrix say may lose messages after a master/slave switch?", {"kafka.availability"}, None),
    # no verb of saying: a question that quotes a cell word for word, side by side
    ("Which products require the broker address to be specified to send messages?",
     {"kafka.scalability", "rabbitmq.scalability"}, None),
    # a verb of saying inside what is quoted is part of it ("... and does not write")
    ('Which product\'s availability text says "Slave only reads and does not write"?', {"rocketmq.availability"},
     "slave only reads and does not write"),
    # a row named, what it says after it: looked for in that row's cells only
    ("Which product's scalability description matches one queue that serves across several clusters?",
     {"cmq.scalability"}, None),
    ("what product's availability entry mentions a mirror queue?", {"rabbitmq.availability"}, None),
    # a behaviour pointed at ("works that way") is matched as a whole, not by its first words found
    ("We want an ack only after both master and slave have the message on disk, async copies are out. "
     "Which product in the matrix works that way?", {"rocketmq.reliability"}, None),
    # the noun and the verb meet ("message loss", "lose messages"); stopwords do not end a quote
    ("Does the comparison matrix admit that CKafka can lose messages in some situations?",
     {"ckafka.disadvantages"}, "lose messages"),
])
def test_the_words_a_question_quotes_are_found_in_the_cells(engine, question, cells, quoted):
    a = engine.answer(question)
    assert {f"{s.product}.{s.attribute}" for s in a.sources} == cells, (a.query, a.answer)
    if quoted:
        assert f"“{quoted}”" in a.answer


@pytest.mark.parametrize("question, cells", [
    # the word before a term narrows it to the cells that have both
    ("which product has very low ops cost?", {"ckafka.advantages"}),
    ("and which one has large ops?", {"kafka.disadvantages"}),
])
def test_a_word_before_a_term_narrows_its_cells(engine, question, cells):
    a = engine.answer(question)
    assert {f"{s.product}.{s.attribute}" for s in a.sources} == cells, (a.query, a.answer)


def test_stems_meet_across_forms():
    from bot.cell_text import stem
    assert stem("messages") == stem("message") and stem("required") == stem("require")
    assert stem("lost") == stem("lose")


@pytest.mark.parametrize("turns, cells", [
    # asked for a figure with none given: the cells of the row that state one
    (["ck vs cmq availability?", "which one gives an explicit SLA number?"], {"ckafka.availability"}),
    (["which products give an availability figure?"], {"ckafka.availability"}),
    (["Which product states a concrete availability guarantee?"], {"ckafka.availability"}),
    # "eight nines" is 99.999999%
    (["Audit wants a stated data durability of at least eight nines. Does any product here claim that?"],
     {"cmq.reliability"}),
])
def test_figures_the_cells_state(engine, turns, cells):
    context = None
    for question in turns:
        a = engine.answer(question, context)
        context = a.context
    assert {f"{s.product}.{s.attribute}" for s in a.sources} == cells, (a.query, a.answer)
    assert a.matches == [next(iter(cells)).split(".")[0]]


@pytest.mark.parametrize("question, verdict", [
    # the term in the product's own cell, with the question's other words, undenied: so
    ("does akafka need zookeeper to receive msgs? per the matrix pls", True),
    ("Does Kafka need zookeeper?", True),
    ("does rocketmq use a name server?", True),
    # the cell uses the term but not what is asked of it ("slave for backup only")
    ("Per the matrix, do slaves in RabbitMQ's mirror queue serve traffic?", False),
    # "Message loss is avoided by synchronous flush": beside a denial, nothing is confirmed
    ("does cmq use synchronous flush?", False),
    # every other word must be in the term's clause, numbers too, and denied alike
    ("Does kafka need zookeeper to send messages?", False),
    ("Does CKafka use two copies?", False),
    ("Is the RabbitMQ mirror queue master for backup only?", False),
    ("Does rocketmq's name server connect only the sender?", False),
    ("Does RocketMQ's slave write when master is not available?", False),
])
def test_a_term_in_a_products_cell_confirms_what_the_cell_says_of_it(engine, question, verdict):
    a = engine.answer(question)
    assert a.answer.startswith("Yes") == verdict, a.answer


@pytest.mark.parametrize("question, verdict", [
    # a percentage guaranteed, claimed or required is met by a higher one; one a cell "is", exactly
    ("Does CKafka claim 2 nines availability?", "Yes"),
    ("We require 99.9% availability. Is CKafka enough?", "Yes"),
    ("CKafka guarantees 99.99% availability, right?", "No"),
    ("CMQ's durability is 99.9999%, right?", "No"),
])
def test_a_percentage_asked_for(engine, question, verdict):
    assert engine.answer(question).answer.startswith(verdict)
