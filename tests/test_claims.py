"""Claims: a quantifier over a set of products, the set's conditions apart from the
claim's, and a factor between two numbers; then the verdict end to end."""
import pytest

from bot.claims import ClaimReader
from bot.claims_reason import holds
from bot.cues import noun_phrases
from bot.loader import load_knowledge
from bot.text import tokenize

reader = ClaimReader(noun_phrases(load_knowledge().profile.nouns)["claims"])     # the queue folder's nouns


@pytest.mark.parametrize("text, kind, n", [
    ("exactly two products support push", "exactly", 2),
    ("only one product uses raft", "exactly", 1),
    ("just one of them uses gm", "exactly", 1),
    ("a single product has security", "exactly", 1),
    ("all products written in c++ have security", "all", None),
    ("both c++ products are reliable", "all", None),
    ("every product with crc supports rewind", "all", None),
    ("none of the products lack crc", "none", None),
    ("no queue supports push", "none", None),
    ("at least three products use pull", "at_least", 3),
    ("more than one product uses isr", "at_least", 2),
    ("most products use crc", "most", None),
])
def test_quantifiers(text, kind, n):
    q = reader.quantifier(tokenize(text), [])
    assert (q.kind, q.n) == (kind, n)


@pytest.mark.parametrize("text", ["the most reliable product", "which products support push",
                                  "more than 150k qps", "at least high reliability"])
def test_no_quantifier(text):
    assert reader.quantifier(tokenize(text), []) is None


@pytest.mark.parametrize("text, factor", [("is ckafka more than twice cmq", 2.0), ("3x faster", 3.0),
                                          ("ten times lower", 10.0), ("2.5 times more", 2.5)])
def test_factors(text, factor):
    assert reader.factor(tokenize(text))[0] == factor


@pytest.mark.parametrize("kind, n, holders, total, verdict", [
    ("all", None, 2, 2, True), ("all", None, 1, 2, False), ("all", None, 0, 0, False),
    ("none", None, 0, 5, True), ("none", None, 1, 5, False),
    ("exactly", 2, 2, 5, True), ("exactly", 1, 2, 5, False),
    ("at_least", 2, 3, 5, True), ("at_most", 1, 2, 5, False),
    ("most", None, 3, 5, True), ("most", None, 2, 4, False),
    ("not_all", None, 3, 5, True), ("not_all", None, 5, 5, False),
])
def test_holds(kind, n, holders, total, verdict):
    assert holds(kind, n, holders, total) is verdict


@pytest.mark.parametrize("question, verdict, matches", [
    ("True or false: exactly two products support push consumption.", "Yes, true", {"rabbitmq", "cmq"}),
    ("Only one product uses Raft. Is that right?", "Yes", {"cmq"}),
    # "not all": some product fails; the quantifier's "not" negates no row
    ("Not all products use CRC, right?", "Yes", {"ckafka", "kafka", "rocketmq"}),
    ("not every product supports push, true?", "Yes", {"rabbitmq", "cmq"}),
    # asked to verify a claim or statement, the verdict says true or false (a tag after it too)
    ("Verify this claim: exactly two of the products support push consumption.", "Yes, true", {"rabbitmq", "cmq"}),
    ("Statement: none of the products that support push consumption is written in Erlang. True or false?",
     "No, false", {"rabbitmq"}),
    ("Both C++ products have extremely high message reliability, true or false?", "No, false", {"cmq"}),
    ("True or false: every product that uses CRC also supports message rewind.", "No, false", {"ckafka", "kafka"}),
    ("Correct me if I'm wrong: all products written in C++ have security protection?", "Yes", {"ckafka", "cmq"}),
    ("Every product with security protection also has monitoring and service support. True?", "Yes",
     {"ckafka", "cmq"}),
    ("no product lacks data verification, right?", "No", {"rabbitmq"}),
    ("Is CMQ the only product with Raft?", "Yes", {"cmq"}),
    ("only ckafka and cmq have security, right?", "Yes", {"ckafka", "cmq"}),
    ("Do exactly three products support rewind?", "Yes", {"ckafka", "kafka", "cmq"}),
    ("Do most products support push?", "No", {"rabbitmq", "cmq"}),
])
def test_verdicts(engine, question, verdict, matches):
    a = engine.answer(question)
    assert a.intent == "verify"
    assert a.answer.split(".")[0] == verdict
    assert set(a.matches) == matches
    # every product of the set is read for the rows the claim is about
    assert {s.attribute for s in a.sources} >= {r for r in a.attributes}


@pytest.mark.parametrize("question, verdict, ratio", [
    ("Is CKafka's stress-test figure more than twice CMQ's?", "No", "1.83"),
    ("does apache kafka reach more than twice CMQ's stress test QPS?", "No", "1.67"),
    ("is ckafka at least 2x rabbitmq in the stress test", "Yes", "2.2"),
    ("RocketMQ's stress test result is ten times lower than RabbitMQ's, right?", "No", "1 times"),
])
def test_factor_claims(engine, question, verdict, ratio):
    a = engine.answer(question)
    assert a.intent == "verify" and a.answer.startswith(verdict) and ratio in a.answer
    assert len(a.sources) == 2


@pytest.mark.parametrize("text, margin", [
    ("is ckafka 100,000 qps higher than cmq", (100000, 2, "up")), ("50k behind cmq", (50000, 0, "down")),
    ("does cmq beat rabbitmq by at least 30k", (30000, 7, "up")), ("within 20,000 of cmq", (20000, 1, "within")),
    ("more than 2 products have rewind", None), ("can rabbitmq do 150k qps", None),
    ("lower than kafka's by 20,000", (20000, 4, "down")),
])
def test_margins(text, margin):
    assert reader.margin(tokenize(text), frozenset({"qps"})) == margin


@pytest.mark.parametrize("question, verdict, said", [
    # a difference claimed between two numbers: the verdict comes from the difference itself,
    # never from which product ranks higher (CKafka is 100,000 above CMQ)
    ("Is CKafka's stress test exactly 80,000 QPS higher than CMQ's?", "No", "not exactly 80,000 QPS higher"),
    ("Is CKafka's stress test 100,000 QPS higher than CMQ's?", "Yes", "100,000 QPS higher than CMQ's"),
    ("Is CKafka more than 50,000 QPS ahead of CMQ in the stress test?", "Yes", "100,000 QPS higher"),
    ("Does CMQ beat RabbitMQ by at least 30k in the stress test?", "No", "not at least 30,000 QPS higher"),
    ("is rabbitmq's stress test within 30,000 of cmq's?", "Yes", "20,000 QPS lower than CMQ's"),
    ("Is RabbitMQ's stress test 100,000 lower than CKafka's?", "No", "120,000 QPS lower"),
    ("Is RabbitMQ 20k behind CMQ in the stress test?", "Yes", "20,000 QPS lower"),
])
def test_margin_claims(engine, question, verdict, said):
    a = engine.answer(question)
    assert a.intent == "verify" and a.answer.startswith(verdict + ".") and said in a.answer
    assert len(a.sources) == 2


@pytest.mark.parametrize("question, intent, matches", [
    ("Which products are above the average 2C 4GB stress test result of all five?", "filter", {"ckafka", "kafka"}),
    ("Which products are below the average stress-test result?", "filter", {"rabbitmq", "rocketmq", "cmq"}),
    ("Is CMQ's stress test result above the average of all five products?", "yes_no", set()),
])
def test_against_the_average(engine, question, intent, matches):
    a = engine.answer(question)
    assert a.intent == intent and set(a.matches) == matches
    assert "148,000" in a.answer
    assert {s.product for s in a.sources if s.attribute == "stress_test"} == {"ckafka", "kafka", "rabbitmq", "rocketmq", "cmq"}


@pytest.mark.parametrize("question, says", [
    ("How far ahead of CMQ is CKafka in the 2C 4GB stress test?", "100,000"),
    ("how far behind apache kafka is cmq in the stress test", "80,000"),
    ("By what percentage is CKafka's stress test result higher than Apache Kafka's?", "10%"),
    ("How many more QPS did CKafka get than RabbitMQ in the stress test?", "120,000"),
    ("tencent kafka vs rabbit stress test, how many x faster", "2.2"),
    ("how many times the RocketMQ figure is the CKafka figure in the stress test?", "2.2"),
])
def test_arithmetic_wordings(engine, question, says):
    a = engine.answer(question)
    assert a.intent == "aggregate" and says in a.answer


@pytest.mark.parametrize("question, verdict", [
    ('In the design review our tech lead said, quote, "Apache Kafka is replicated, it never loses messages." '
     'We have seen gaps after a restart. According to the matrix, is he right?', "No"),
    ('The sales rep told our CTO that "CKafka guarantees zero message loss under any circumstances". '
     'Is that claim consistent with the matrix?', "No"),
    ("A contractor told us CMQ is written in Go, so he wants Go people on call. That seems odd to me. "
     "Is he correct about the language CMQ is developed in?", "No"),
    ("CMQ never loses messages, right?", "Yes"),
])
def test_claims_someone_made(engine, question, verdict):
    a = engine.answer(question)
    assert a.answer.startswith(verdict), a.answer
    assert a.sources


@pytest.mark.parametrize("question, verdict", [
    ("True or false: CKafka guarantees 99.99% availability.", "No, false"),
    ("CKafka guarantees 99.95% availability, right?", "Yes"),
    ("cmq has the 99.95% availability guarantee yeah", "No"),
])
def test_figures_claimed(engine, question, verdict):
    a = engine.answer(question)
    assert a.answer.startswith(verdict + ".") and "ckafka.availability" in {f"{s.product}.{s.attribute}" for s in a.sources}


@pytest.mark.parametrize("question, verdict, cited", [
    # what a need rules out, claimed of a product: only a row that rules it out confirms it
    ("CKafka can lose messages, right?", "Yes.", "ckafka.disadvantages"),
    ("Does CKafka ever lose messages?", "Yes.", "ckafka.disadvantages"),
    ("Kafka loses messages, right?", "Yes.", "kafka.disadvantages"),
    # "Message loss is avoided": no row says so, and the answer says no more than that
    ("CMQ can lose messages, right?", "Not as far as the matrix says", "cmq.reliability"),
    ("Can RabbitMQ lose data?", "Not as far as the matrix says", "rabbitmq.reliability"),
    ("Do CKafka and CMQ lose messages?", "Only CKafka.", "cmq.reliability"),
    # terse, with no verb first
    ("kafka is lose message sometime?", "Yes.", "kafka.disadvantages"),
    # negated back, it is the need itself
    ("CKafka never loses messages, right?", "No.", "ckafka.disadvantages"),
    ("Kafka does not, in any case, lose messages, right?", "No.", "kafka.disadvantages"),
    ("True or false: CKafka loses messages.", "Yes, true.", "ckafka.disadvantages"),
])
def test_a_claim_of_what_a_need_rules_out(engine, question, verdict, cited):
    a = engine.answer(question)
    assert a.intent == "verify" and a.answer.startswith(verdict), a.answer
    assert cited in {f"{s.product}.{s.attribute}" for s in a.sources}



@pytest.mark.parametrize("question", [
    # denied, compared or sheltered: no claim that it loses them
    "Is it false that CKafka loses messages?", "Is CKafka safe from data loss?",
    "Does Kafka lose messages less than CKafka?", "Which loses messages more, Kafka or CKafka?",
    "True or false: CMQ loses messages.",
])
def test_a_loss_claim_turned_or_compared_is_not_confirmed(engine, question):
    a = engine.answer(question)
    assert not a.answer.startswith("Yes."), a.answer



@pytest.mark.parametrize("question", [
    "Does the comparison matrix admit that CMQ can lose messages?",
    "does the matrix say CMQ loses messages?",
])
def test_a_cell_that_denies_the_words_confirms_nothing(engine, question):
    a = engine.answer(question)
    assert not a.answer.startswith("Yes"), a.answer


@pytest.mark.parametrize("question, matches", [
    # a product after "like" is what the asked one is likened to: the question is about the other
    ("Is CKafka written in Scala like upstream Kafka?", []),
    ("Does CMQ support push like RabbitMQ?", ["cmq"]),
])
def test_a_yes_no_likened_to_another_product_asks_of_the_first(engine, question, matches):
    a = engine.answer(question)
    assert a.intent == "yes_no" and a.matches == matches and len(a.products) == 1, a.query


@pytest.mark.parametrize("question, verdict, said", [
    # a figure claimed for a sum or an average is checked against the one computed from the cells
    ("My lead added up the stress-test QPS for CKafka, Apache Kafka and CMQ and got 540,000. Did he get it right?",
     "Yes.", "540,000"),
    ("Someone claims the average of CKafka's and RabbitMQ's stress-test QPS is 150,000. Verify that.",
     "No: not 150,000 QPS.", "160,000"),
    ("Is the sum of CKafka's and CMQ's stress test 340,000?", "Yes.", "340,000"),
    ("Is the average stress test above 150,000?", "No: not more than 150,000 QPS.", "148,000"),
])
def test_a_figure_claimed_for_a_sum(engine, question, verdict, said):
    a = engine.answer(question)
    assert a.intent == "aggregate" and a.answer.startswith(verdict) and said in a.answer, a.answer
    assert {s.attribute for s in a.sources} == {"stress_test"}


@pytest.mark.parametrize("question, verdict, cell", [
    # a count claimed of a noun the product's own cells count: the same count confirms, another denies
    ("CKafka keeps two copies of each message for reliability, correct?", "No.", ("ckafka", "reliability")),
    ("Does CKafka keep 3 copies?", "Yes.", ("ckafka", "reliability")),
    ("Is it correct that CMQ's broker stays highly available as long as it has 2 nodes?", "Yes.", ("cmq", "availability")),
    ("rocketmq writes to three disks, right?", "No.", ("rocketmq", "reliability")),
])
def test_a_count_claimed_of_a_cells_noun(engine, question, verdict, cell):
    a = engine.answer(question)
    assert a.answer.startswith(verdict), a.answer
    assert cell in {(s.product, s.attribute) for s in a.sources}
