"""What a follow-up leaves to the last turn, read from the context alone."""
import pytest

from bot.context import Condition, Context
from bot.followups import RULES
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


@pytest.mark.parametrize("turns, intent, matches, says", [
    (["Rank them by message reliability, highest first.", "reverse that"], "rank",
     ["kafka", "rabbitmq", "rocketmq", "ckafka", "cmq"], []),
    (["rank ckafka, apache kafka and cmq by throughput", "now flip it"], "rank", ["cmq", "kafka", "ckafka"], []),
    (["rank all by the stress test", "order them lowest first"], "rank",
     ["rabbitmq", "rocketmq", "cmq", "kafka", "ckafka"], []),
    (["Which one guarantees 99.95% availability?", "source?"], "lookup", ["ckafka"], ["99.95%"]),
    (["what's apache kafka's message reliability?", "why so low?"], "lookup", ["kafka"], ["asynchronous"]),
    (["does rocketmq have monitoring and alarming?", "oops, meant rabbitmq"], "yes_no", [], ["No"]),
    (["Is CKafka written in C++?", "sorry, I meant Apache Kafka"], "yes_no", [], ["Scala"]),
    (["what's cmq's stress test qps?", "how many times more does ckafka do?"], "aggregate",
     ["ckafka", "cmq"], ["1.83"]),
    (["what's RocketMQ's stress test result?", "how far behind ckafka is that?"], "aggregate",
     ["ckafka", "rocketmq"], ["120,000"]),
    (["which products support message rewind?", "how many is that?"], "count", ["ckafka", "kafka", "cmq"], ["3"]),
    (["which products come with service support?", "and the rest - what languages are they written in?"],
     "lookup", ["kafka", "rabbitmq", "rocketmq"], ["Scala", "Erlang", "Java"]),
    (["is CKafka's throughput very large?", "and the other four?"], "yes_no", [], ["Average"]),
    (["what language is ckafka in", "any other product on the list use the same one?"], "filter", ["cmq"], ["C++"]),
    (["What's RabbitMQ's 2C 4GB stress test result?", "And CMQ's? What's the ratio of CMQ's to RabbitMQ's?"],
     "aggregate", ["cmq", "rabbitmq"], ["1.2 times"]),
    (["what sync algorithm does kafka use?", "which others use the same algorithm?"], "filter", ["ckafka"], ["ISR"]),
    # "which don't?" after a list: the same test turned round
    (["Which products use CRC?", "which don't?"], "filter", ["rabbitmq", "cmq"], []),
    # "flip it" after a list: the products its test leaves out; "name them" after a count lists them
    (["which products use CRC for data verification?", "flip it"], "filter", ["rabbitmq", "cmq"], []),
    (["How many products have monitoring and alarming?", "name them"], "filter", ["ckafka", "cmq"], []),
    # "Which other product uses it?" after one product's row: those whose cell reads the same
    (["What synchronization algorithm does CKafka use?", "Which other product uses it?"], "filter", ["kafka"],
     ["ISR"]),
    # "compare the top two" after a ranking: the two it put first
    (["Ignoring RocketMQ, rank the products by stress-test result.", "compare the top two"], "compare",
     ["ckafka", "kafka"], []),
    # an order to drop products keeps those of the last answer that pass the test turned round
    (["Which products support message rewind?", "Now drop the ones without security protection."], "filter",
     ["ckafka", "cmq"], []),
    (["which products have CRC?", "remove the ones that lack rewind"], "filter", ["ckafka", "kafka"], []),
    # ... and dropping one of the last question's tests asks it without that test, or with fewer values
    (["Which products are written in Java or C++ and support rewind?", "ok and if I drop the java requirement?"],
     "filter", ["ckafka", "cmq"], ["C++"]),
    (["which products are pull-only and have rewind?", "and if we drop the rewind requirement?"], "filter",
     ["ckafka", "kafka", "rocketmq"], []),
    # the last set changed: products dropped, added back, the others, both, the other one, one named by its value
    (["which products support message rewind?", "drop apache kafka"], "filter", ["ckafka", "cmq"], []),
    (["List the products that use CRC.", "Remove RocketMQ from that.", "Actually, add RocketMQ back."], "lookup",
     ["ckafka", "kafka", "rocketmq"], ["CRC"]),
    (["What are RabbitMQ's disadvantages?", "Which other product lists inflexible scalability as a disadvantage?"],
     "filter", ["kafka"], []),
    (["whats ckafka's disadvantage", "does any other product list message loss as a disadvantage too?"], "lookup",
     ["kafka"], []),
    (["What languages are CKafka and CMQ written in?", "Do both support message rewind?"], "yes_no",
     ["ckafka", "cmq"], ["Yes"]),
    (["compare rabbitmq and rocketmq consumption methods", "which one of those supports push?",
      "what language is the other one written in?"], "lookup", ["rocketmq"], ["Java"]),
    (["Which synchronization algorithm does CMQ use?", "Same question for the Java one."], "lookup", ["rocketmq"],
     ["Double synchronous writes"]),
    # a place in the last ranking; the same ranking of two new products; a comparison of "it" with another
    (["Leaving RocketMQ aside, which product has the highest stress test result?", "Who's second?"], "rank",
     ["ckafka", "kafka", "cmq", "rabbitmq"], ["200,000"]),
    (["Rank all five products by message reliability.", "Who's last?"], "rank",
     ["kafka", "rabbitmq", "rocketmq", "ckafka", "cmq"], ["Apache Kafka"]),
    (["which is more reliable, apache kafka or rocketmq?", "and between rocketmq and cmq?"], "rank",
     ["cmq", "rocketmq"], []),
    (["Which has higher throughput, RabbitMQ or Apache Kafka?", "And Kafka versus CKafka?"], "rank",
     ["ckafka", "kafka"], []),
    (["rank them by throughput", "compare kafka and rabbitmq"], "compare", ["kafka", "rabbitmq"], []),
    (["what is rabbitmq's reliability?", "is it more reliable than apache kafka?"], "rank", ["rabbitmq"], ["Yes"]),
    # figures of the last products summed or averaged; "it" said first is what is measured
    (["what are the stress test results for ckafka and cmq", "add them up"], "aggregate", ["ckafka", "cmq"],
     ["340,000"]),
    (["What's CKafka's stress test score?", "How much higher is it than Apache Kafka's?"], "aggregate",
     ["ckafka", "kafka"], ["10% more"]),
    # "same as ckafka?" after a lookup: the last row, yes or no; "either ... or" points at nothing;
    # a comparison with no "than" is with the last product
    (["what's apache kafka's general performance?", "same as ckafka?"], "compare", ["kafka", "ckafka"],
     ["Yes, the same"]),
    (["Which products are written in C++?", "And which are written in either C++ or Java?"], "filter",
     ["ckafka", "rocketmq", "cmq"], []),
    (["What's RocketMQ's reliability mechanism?", "Is CMQ's reliability rated higher?"], "rank", ["cmq"], ["Yes"]),
    (["tell me about kafka throughput", "and ckafka is more?"], "rank", ["ckafka"], ["Yes"]),
    # whether what the last ranking put first is first on another row
    (["which product has the highest throughput?", "is that the most reliable one?"], "rank", [], ["No"]),
    # "above it" after an average: the pointer is the figure just given
    (["what is the average stress test?", "which ones are below it?"], "filter", ["rabbitmq", "rocketmq", "cmq"], []),
    # a cut of the last ranking, kept for its source; the figure of what it put first
    (["Rank the products by 2C 4GB stress test result.", "Only show me the top two."], "rank",
     ["ckafka", "kafka"], ["The two highest"]),
    (["rank them by stress test", "just the top two", "where in the matrix does that come from?"], "rank",
     ["ckafka", "kafka"], ["The two highest"]),
    (["Which products are written in C++?", "Which of those has the better stress test result?", "What's the number?"],
     "lookup", ["ckafka"], ["220,000"]),
    # a need of its own after a ranking carries no row; a bare "which is better?" ranks the last row
    (["Which product has the highest throughput?", "And which has the lowest OPS cost?", "What's its sync algorithm?"],
     "lookup", ["ckafka"], ["ISR"]),
    (["Compare Apache Kafka and RocketMQ availability.", "Which is better?"], "rank", ["kafka", "rocketmq"], []),
    # "all five" in a yes/no superlative is the field ranked; "that" is still the last product
    (["what's ckafka's stress test", "is that the top of all five?"], "rank", ["ckafka"], ["Yes"]),
    (["what's cmq's throughput", "is it the highest of all products?"], "rank", [], ["No"]),
    # "first and runner-up" asks for the first two; a question of the product at a place in the ranking
    (["For maximum throughput, which queue comes first and which is the runner-up?", "Compare their message reliability.",
      "So which of the two is more reliable?"], "rank", ["ckafka", "kafka"], ["CKafka ranks higher"]),
    (["which has the highest throughput and which comes second?", "Does the runner-up have monitoring and alarming?"],
     "yes_no", [], ["No. Apache Kafka"]),
    (["rank them by reliability", "what is the last one written in?"], "lookup", ["kafka"], ["Scala"]),
    # "each" alone points at the last products; "add up to" sums ("up to" inside it is no threshold)
    (["We'll run CKafka for analytics and CMQ for payments.", "What stress-test QPS did each reach?",
      "Combined, how much is that?"], "aggregate", ["ckafka", "cmq"], ["340,000"]),
    (["Which products support push consumption?", "what are their stress-test figures?", "What do those add up to?"],
     "aggregate", ["rabbitmq", "cmq"], ["220,000"]),
    # "which ones were left out?" after a filter: its test turned round
    (["Which products support message rewind?", "Which ones were left out?"], "filter", ["rabbitmq", "rocketmq"], []),
    # a rate's unit is no level asked for: nothing but the topic the matrix lacks
    (["We process card payments. Which queue would you pick?", "How much does it cost per million messages?"],
     "unknown", [], ["nothing on price"]),
    # "..., and why is the other one lower?" is a second question; the first comparison sets the direction
    (["compare kafka and cmq", "Which of the two has the higher message reliability rating in the matrix, and why "
      "does the matrix rate the other one lower?"], "lookup", ["cmq", "kafka"], ["CMQ ranks higher on message reliability",
                                                                          "asynchronous flush"]),
    # "the cloud one", "the Tencent one": the product whose own names use the word; a correction's "not"
    (["what's kafka written in", "sorry not apache kafka, the cloud one"], "lookup", ["ckafka"], ["C++"]),
    (["compare kafka and cmq reliability", "what about the tencent one?"], "lookup", ["cmq"], ["Extremely high"]),
    (["We're choosing between CKafka and self-managed Apache Kafka.", "What are the downsides of the self-managed one?"],
     "lookup", ["kafka"], ["Multiple dependent components"]),
    (["Is CKafka written in C++?", "actually not kafka, rabbitmq"], "yes_no", [], ["No. RabbitMQ"]),
    # "other than Kafka?" after a lookup of Kafka: the others' cells
    (["what's kafka written in", "other than kafka?"], "lookup", ["ckafka", "rabbitmq", "rocketmq", "cmq"], ["Erlang"]),
    # "which ones are ...?" after a lookup of one product asks anew of every product; "that same problem"
    (["what's the general performance of rabbitmq?", "ok and which ones are million-level?"], "filter",
     ["ckafka", "kafka"], []),
    (["What are CKafka's disadvantages?", "does CMQ have that same problem?"], "lookup", ["cmq"],
     ["Average throughput for strong consistency"]),
    (["Which product has the most reliable message delivery?", "why?"], "lookup", ["cmq"], ["99.999999%"]),
    # a yes/no naming no product and no set, after a turn about one product, asks it of that one
    (["How does RocketMQ handle high availability?", "so if the master dies, does the slave take over writes?"],
     "yes_no", [], ["No."]),
    # "another" is one other than the last product
    (["Our team knows Erlang. Which product is written in it?", "What's its weakness?",
      "Is there another push-capable product that does better in the stress test?"], "rank", ["cmq"], ["120,000"]),
    # a pointer inside words that leave something out: the last answer's pick left out
    (["Which is the quickest?", "Leaving that one out, which is the quickest of the rest?"], "rank",
     ["kafka", "rabbitmq", "rocketmq", "cmq"], ["Apart from CKafka, Apache Kafka has the highest throughput"]),
    # a ranking without the product at a place in it
    (["Rank CKafka, Apache Kafka, RabbitMQ and CMQ by stress test QPS, fastest first.",
      "Drop the top one. Which is first now, and at what figure?"], "rank", ["kafka", "cmq", "rabbitmq"], ["200,000"]),
    # "Which products do?" after a new test asks which pass it, not for a pick ("it" is what is wanted)
    (["We need the highest throughput possible. What do you pick?", "Hmm, it also has to support push. Which products do?"],
     "filter", ["rabbitmq", "cmq"], []),
    # the figures of the last two products looked up, one a turn, added up
    (["what's rabbitmq written in", "what did ckafka score in the stress test", "and kafka?", "add them up"],
     "aggregate", ["ckafka", "kafka"], ["420,000"]),
    # "what about the remaining ones?" after a filter: its test turned round ("what" only opens it)
    (["which products have security protection?", "what about the remaining ones?"], "filter",
     ["kafka", "rabbitmq", "rocketmq"], []),
    # a list asked for after a question that left a product out leaves it out too
    (["Not counting RocketMQ, how many products exceeded 100,000 QPS in the stress test?", "Name them."], "filter",
     ["ckafka", "kafka", "cmq"], []),
    (["Other than CKafka, does any product offer security protection?", "Which?"], "filter", ["cmq"], []),
    (["Compare Apache Kafka and RocketMQ availability.", "Which is better?", "Now compare that one with CKafka. Which wins?"],
     "rank", ["ckafka", "kafka"], []),
    # a row looked up, then sorted: of every product when one was asked of, lowest first if so said
    (["what did ckafka do in the 2c4gb stress test", "sort them all by that"], "rank",
     ["ckafka", "kafka", "cmq", "rabbitmq", "rocketmq"], []),
    (["stress test numbers for kafka and rabbitmq?", "order all five, lowest first"], "rank",
     ["rabbitmq", "rocketmq", "cmq", "kafka", "ckafka"], []),
    (["rabbitmq and cmq reliability", "sort them"], "rank", ["cmq", "rabbitmq"], []),
    # a product's name alone asks the last question of it
    (["does cmq have service support?", "rocketmq?"], "yes_no", [], ["No"]),
    # "its" after a list is what the list found
    (["which ones support push", "and which of those also do rewind", "how does its stress test compare with ckafka's"],
     "compare", ["cmq", "ckafka"], ["120,000"]),
    # a catch after a yes/no: the downsides and the row asked about
    (["does apache kafka have automatic failover?", "any catch?"], "lookup", ["kafka"], ["may be lost after switching"]),
])
def test_operations_on_the_last_turn(ask, turns, intent, matches, says):
    for question in turns:
        a = ask(question)
    assert a.intent == intent, a.answer
    if intent == "rank":
        assert a.matches == matches
    else:
        assert set(a.matches) == set(matches), a.answer
    for text in says:
        assert text in a.answer


def test_a_topic_the_matrix_lacks_keeps_no_row_from_the_last_turn(ask):
    ask("whats rocketmq's throughput?")
    a = ask("and what license is it released under?")
    assert a.sources == [] and "licence" in a.answer


def test_a_superlative_on_a_topic_the_matrix_lacks_ranks_no_row_of_the_last_turn(ask):
    ask("Which products offer security protection?")
    a = ask("which of them is cheapest per month?")
    assert a.intent == "unknown" and a.sources == [] and "price" in a.answer


def test_dropping_a_test_then_asking_anew_asks_under_the_tests_left(ask):
    ask("Our team only writes Java. Which product is developed in Java?")
    a = ask("ok and if I drop the java requirement, which one has the highest throughput?")
    assert a.matches[0] == "ckafka" and "language" not in a.query


@pytest.mark.parametrize("turns, intent, top", [
    (["We need message rewind and the highest possible reliability.", "so which would you pick?"], "recommend", "cmq"),
    (["I need push delivery", "which one would you choose then?"], "recommend", None),
    (["which is the fastest?", "which one keeps the operations burden lowest?"], "recommend", "ckafka"),
])
def test_a_pick_after_needs_recommends_on_them(ask, turns, intent, top):
    for question in turns:
        a = ask(question)
    assert a.intent == intent
    if top:
        assert a.matches[0] == top


def test_why_not_a_runner_up_shows_its_every_row(ask):
    ask("Pick a queue for us: we need rewind, monitoring and push consumption.")
    a = ask("why not CKafka?")
    assert "ckafka.consumption" in {f"{s.product}.{s.attribute}" for s in a.sources}


def test_a_yes_no_row_looked_up_matches_only_a_yes(engine):
    assert engine.answer("kafka security protection").matches == []
    assert engine.answer("cmq security protection").matches == ["cmq"]


def test_needs_add_up_and_that_one_is_the_one_recommended(ask):
    ask("I need a queue that supports push consumption.")
    a = ask("It must also have monitoring and alarming. Which one then?")
    assert a.intent == "recommend" and a.matches == ["cmq"]
    a = ask("Does that one support message rewind too?")
    assert a.intent == "yes_no" and a.answer.startswith("Yes") and a.matches == ["cmq"]


@pytest.mark.parametrize("turns, intent, matches", [
    (["Rank all five by 2C 4GB stress test, highest first.", "Now among the pull-only ones, which has the lowest?"],
     "rank", ["rocketmq", "kafka", "ckafka"]),
    (["How many products use CRC for data verification?", "What do the others use?"], "lookup", ["rabbitmq", "cmq"]),
    (["What's the general performance of CKafka?", "Is it same for RocketMQ?"], "compare", []),
    (["We need push consumption. Which products can do that?", "ok and if I also need monitoring?"],
     "filter", ["cmq"]),
])
def test_scopes_others_sameness_and_tests_that_add_up(ask, turns, intent, matches):
    for question in turns:
        a = ask(question)
    assert a.intent == intent, a.answer
    assert a.matches == matches if intent == "rank" else set(a.matches) == set(matches)


def test_a_requirement_after_a_complaint_stands(engine):
    a = engine.answer("We do not want to glue together exporters and dashboards again. Our ops doc says:\n\n"
                      "    - broker must ship with built-in monitoring\n\nWhich of the five satisfy that?")
    assert set(a.matches) == {"ckafka", "cmq"}


def test_tests_that_leave_out_the_last_ranked_first_product(ask):
    ask("Rank all five by 2C 4GB stress test, highest first.")
    a = ask("and among the push ones, which has the highest stress test?")   # CKafka, first before, has no push
    assert a.intent == "rank" and a.matches[0] == "cmq"


def test_that_compared_with_another_product_is_the_last_row(engine):
    """"What is CMQ's stress test?" → "is that higher than RabbitMQ's?": the same row, both products."""
    first = engine.answer("What is the stress test of CMQ?")
    a = engine.answer("is that higher than RabbitMQ's?", first.context)
    assert a.intent == "rank" and set(a.products) == {"cmq", "rabbitmq"}, a.query
    assert a.answer.startswith("Yes: CMQ has a higher 2C 4GB stress test result than RabbitMQ"), a.answer


def test_instead_asks_the_new_test_of_every_product(engine):
    first = engine.answer("which use ISR?")
    a = engine.answer("and which one uses Raft instead?", first.context)
    assert a.matches == ["cmq"], a.query


def test_a_yes_no_after_opening_words(engine):
    first = engine.answer("tell me about rocketmq")
    a = engine.answer("So does it do automatic master/slave switching?", first.context)
    assert a.intent == "yes_no" and a.answer.startswith("No"), a.answer


@pytest.mark.parametrize("first, then", [
    ("Recommend a queue for the highest throughput.", "actually durability matters more"),
    ("We want the best throughput.", "hmm, actually reliability matters more than throughput for us. which one now?"),
])
def test_a_priority_shift_weighs_the_last_choice_on_the_row_named(engine, first, then):
    a = engine.answer(then, engine.answer(first).context)
    assert a.intent == "recommend" and a.matches[0] == "cmq" and a.attributes == ["reliability"], a.query


def test_which_have_it_asks_the_last_test_of_every_product(engine):
    first = engine.answer("I need push consumption for my workers.")
    a = engine.answer("which products support it?", first.context)
    assert a.intent == "filter" and a.matches == ["rabbitmq", "cmq"], a.query
    b = engine.answer("which of those has the higher message reliability?", a.context)
    assert b.matches[0] == "cmq", b.query


@pytest.mark.parametrize("turns, matches", [
    # a "why" keeps the thread: the next turn is still about the last question's products
    (["Which is more reliable, Apache Kafka or RocketMQ?", "Why?", "And which of the two uses ISR?"], ["kafka"]),
    (["Which products support push?", "Of those, which also let me rewind?", "why did RabbitMQ drop out?",
      "And only the ones that have monitoring and alarming on top?"], ["cmq"]),
    (["Which one uses Raft?", "And which uses double synchronous writes?",
      "Of those two, which has the better message reliability?"], ["cmq", "rocketmq"]),
    (["Is Apache Kafka push or pull?", "Does CKafka differ from it there?",
      "Fine. Which products let me do both push and pull?"], ["rabbitmq", "cmq"]),
    # another value of a one-value row asks it of every product; "who is" asks which products
    (["My colleague says CMQ is written in Java. Right?", "Then who is written in Java?",
      "And which one in Scala?"], ["kafka"]),
])
def test_an_explanation_keeps_the_thread(ask, turns, matches):
    # (and "of those two" after one product found each: the two found last; "both push and
    # pull" joins values, it points at no products)
    for turn in turns:
        a = ask(turn)
    assert a.matches == matches, a.query


# One conversation per follow-up operation (bot/followups.py, followups_results.py): the
# operation its last turn is read by, so every operation is met by a test of its own.
OPERATIONS = {
    "cite": ["Which one guarantees 99.95% availability?", "source?"],
    "about_the_answer": ["what's kafka's reliability?", "are you sure?"],
    "explain": ["what's apache kafka's message reliability?", "why so low?"],
    "break_tie": ["Score each product, 1 point per requirement met: rewind, security, monitoring. Who leads?",
                  "they tie; break the tie with throughput"],
    "why_left_out": ["Which products support push and rewind?", "why isn't RabbitMQ on the list?"],
    "which_not": ["Which products use CRC?", "which don't?"],
    "reverse": ["rank all by the stress test", "now flip it"],
    "compare_leaders": ["Ignoring RocketMQ, rank the products by stress-test result.", "compare the top two"],
    "correct": ["Is CKafka written in C++?", "sorry, I meant Apache Kafka"],
    "same_as_last": ["what language is ckafka in", "any other product on the list use the same one?"],
    "rest": ["which products come with service support?", "and the rest - what languages are they written in?"],
    "arithmetic_on_last": ["what's cmq's stress test qps?", "how many times more does ckafka do?"],
    "count_last": ["which products support message rewind?", "how many is that?"],
    "count_entries": ["what are the downsides of rabbitmq?", "how many is that?"],
    "leave_out": ["which is the most reliable?", "other than CMQ?"],
    "drop": ["Which products support message rewind?", "Now drop the ones without security protection."],
    "against_last_figure": ["what's the average stress test of all products?", "which are below the average?"],
    "same_for": ["what's rabbitmq's consumption method?", "Is it the same for RocketMQ?"],
    "pick_from_last": ["We need message rewind and the highest possible reliability.", "so which would you pick?"],
    "which_have_it": ["I need push consumption.", "which products support it?"],
    "tests_add_up": ["Which products support push?", "ok and if I also need monitoring?"],
    "which_of_count": ["How many products support push?", "which ones?"],
    "the_placed_one": ["which has the highest throughput and which comes second?",
                       "Does the runner-up have monitoring and alarming?"],
    "rank_step": ["which is the most reliable?", "and the second?"],
    "value_of_last": ["Which of the products has the best stress test result?", "what's the number?"],
    "why_not_this_one": ["Recommend something for finance", "why not Kafka?"],
    "defined_value_is_it": ["What is ISR?", "does Kafka use it?"],
    "needs_add_up": ["I need high reliability", "and push delivery too"],
    "priority_shift": ["Recommend a queue for the highest throughput.", "actually durability matters more"],
    "drop_placed": ["Rank CKafka, Apache Kafka, RabbitMQ and CMQ by stress test QPS.", "Drop the top one."],
    "the_named_one": ["We're choosing between CKafka and self-managed Apache Kafka.",
                      "What are the downsides of the self-managed one?"],
    "drop_named": ["which products support message rewind?", "drop apache kafka"],
    "add_back": ["List the products that use CRC.", "Remove RocketMQ from that.", "Actually, add RocketMQ back."],
    "the_other_one": ["compare rabbitmq and rocketmq consumption methods", "which one of those supports push?",
                      "what language is the other one written in?"],
    "other_than_last": ["What are RabbitMQ's disadvantages?",
                        "Which other product lists inflexible scalability as a disadvantage?"],
    "both_of_last": ["What languages are CKafka and CMQ written in?", "Do both support message rewind?"],
    "named_by_value": ["Which synchronization algorithm does CMQ use?", "Same question for the Java one."],
    "aggregate_last": ["Give me the stress test figures for CKafka, Apache Kafka, RabbitMQ and CMQ.",
                       "What's the average of those?"],
    "is_it_the_top": ["which product has the highest throughput?", "is that the most reliable one?"],
    "rank_last_row": ["what did ckafka get in the stress test", "sort them all by that"],
    "carry_on": ["What is RabbitMQ's consumption method?", "What about RocketMQ?"],
}


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_the_operation_that_reads_a_follow_up(engine, operation):
    turns = OPERATIONS[operation]
    context = None
    for question in turns[:-1]:
        context = engine.answer(question, context).context
    assert engine.understander.parse(turns[-1], context).operation == operation


def test_every_operation_has_a_conversation():
    assert {r.__name__ for r in RULES} | {"carry_on"} == set(OPERATIONS)


@pytest.mark.parametrize("turns, verdict", [
    # a claim's quantifier goes with the thread: "source?" after it gives the same verdict, cited
    (["exactly two products support push, right?", "source?"], "Yes"),
    (["Is CMQ a fit for finance workloads?", "Where does the matrix say that?"], "Yes"),
    (["no product lacks crc, right?", "where in the table is that?"], "No"),
])
def test_a_claim_cited_keeps_its_verdict(ask, turns, verdict):
    for turn in turns:
        a = ask(turn)
    assert a.intent == "verify" and a.answer.startswith(verdict) and a.sources, a.answer
