"""Three media from the same templates; tables; escaping; the citation line."""
import pytest

from bot.render import Renderer, join_names, number


def test_helpers():
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B", "C"]) == "A, B and C"
    assert join_names(["A", "B"], "or") == "A or B"
    assert number(148000.0) == "148,000" and number(2.2) == "2.2" and number(None) == ""


def test_comparison_is_a_table_in_every_medium(engine):
    a = engine.answer("Compare Kafka and RabbitMQ")
    plain, md, slack = (engine.render(a, m) for m in ("plain", "markdown", "mrkdwn"))
    assert "Attribute" in plain and "-+-" in plain
    assert "| Attribute | Apache Kafka | RabbitMQ |" in md and "|---|---|---|" in md
    assert "```" in slack and "*" not in plain.split("\n")[0]
    assert a.answer == plain


def test_ranking_is_a_table_with_ties(engine):
    a = engine.answer("Which has the lowest stress test QPS?")
    rows = [line for line in a.answer.splitlines() if "|" in line][1:]
    assert rows[0].startswith("1=") and rows[1].startswith("1=") and rows[2].startswith("3 ")


def test_mrkdwn_escapes_control_characters():
    r = Renderer()
    assert "A&lt;b&gt;&amp;c" in r.render("default", {"others": ["A<b>&c"], "topics": []}, [], "mrkdwn")
    assert "A<b>&c" in r.render("default", {"others": ["A<b>&c"], "topics": []}, [], "plain")


def test_pipes_in_markdown_cells_are_escaped():
    from bot.render import MEDIA
    assert "a\\|b" in MEDIA["markdown"].table(["h"], [["a|b"]])


def test_unknown_intent_falls_back_to_the_default_template():
    r = Renderer()
    assert r.template("no_such_intent").name == "default.j2"


def test_citation_groups_rows(engine):
    a = engine.answer("Tell me about CMQ")
    assert a.answer.splitlines()[-1] == "Source: comparison matrix, every row (CMQ)."
    a = engine.answer("Which products support message rewind?")
    assert a.answer.splitlines()[-1] == "Source: comparison matrix, Message rewind (all products)."


@pytest.mark.parametrize("medium", ["plain", "markdown", "mrkdwn"])
def test_every_intent_renders_in_every_medium(engine, medium):
    for q in ["cmq language", "tell me about kafka", "kafka vs cmq", "most reliable", "which support push",
              "does cmq support push", "how many support push", "average stress test", "I need replay",
              "which products", "what can I ask", "help", "what is ISR", "hi", "which is best?", "weather"]:
        assert engine.render(engine.answer(q), medium).strip()


@pytest.mark.parametrize("medium", ["plain", "markdown", "mrkdwn"])
def test_no_line_ends_in_blanks_and_no_more_than_one_blank_line(engine, medium):
    for q in ["Compare Kafka and RabbitMQ", "tell me about rocketmq", "rank by throughput", "which support push"]:
        text = engine.render(engine.answer(q), medium)
        assert all(line == line.rstrip() for line in text.splitlines())
        assert "\n\n\n" not in text and text == text.strip()


def test_a_view_key_is_read_before_a_dict_method_of_the_same_name():
    r = Renderer()
    template = r.env.from_string("{{ v.items }} {{ v.name }} {{ v.facts | length }}")
    assert template.render(v={"items": "a; b", "name": "CMQ", "facts": [1, 2]}) == "a; b CMQ 2"
    with pytest.raises(Exception, match="no attribute 'missing'|'missing'"):
        r.env.from_string("{{ v.missing }}").render(v={})


def test_facts_shared_between_answers_are_read_only(engine):
    a = engine.answer("cmq language")
    fact = a._view["facts"][0]
    with pytest.raises(TypeError):
        fact["short"] = "Go"
    assert engine.answer("What is CMQ written in?").answer.startswith("CMQ's development language is C++")


def test_every_answer_template_compiles_ahead_of_its_first_question():
    r = Renderer()
    r.compile_all()
    assert {"lookup", "compare", "rank", "filter", "recommend", "default"} <= set(r._templates)
    assert not any(name.startswith("_") for name in r._templates)


def test_a_true_or_false_question_gets_true_or_false(engine):
    assert engine.answer("True or false: CMQ uses Raft.").answer.startswith("Yes, true.")
    assert engine.answer("true or false - kafka has security").answer.startswith("No, false.")
    assert engine.answer("Does CMQ use Raft?").answer.startswith("Yes.")
