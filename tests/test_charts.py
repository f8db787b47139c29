"""Bar charts drawn from an answer's own cells (bot/charts.py, web/templates/_chart.html)."""
import re

import jinja2
import pytest

from bot.charts import Bar, Chart, charts
from bot.web import web_dir


@pytest.fixture(scope="module")
def env():
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(web_dir() / "templates")),
                              autoescape=jinja2.select_autoescape(["html"]), extensions=["jinja2.ext.do"])


def drawn(engine, question):
    a = engine.answer(question)
    return a, charts(a.intent, a._view, engine.kb)


def test_a_ranking_of_a_number_row_charts_every_cell_it_cites(engine, kb):
    a, found = drawn(engine, "Rank the products by stress test")
    [chart] = found
    assert chart.attribute == "stress_test" and chart.unit == "QPS"
    assert [b.product for b in chart.bars] == a.matches                      # in the answer's order
    cited = {(s.product, s.attribute) for s in a.sources}
    for bar in chart.bars:
        assert (bar.product, "stress_test") in cited
        assert bar.value == kb.cell(bar.product, "stress_test").number     # the cell's own number
    assert [b.text for b in chart.bars][:2] == ["220,000 QPS", "200,000 QPS"]
    assert chart.bars[0].percent == 100 and chart.bars[-1].percent == pytest.approx(100 * 100_000 / 220_000, abs=0.01)


def test_a_ranking_of_a_level_row_charts_the_levels_places(engine, kb):
    _, [chart] = drawn(engine, "rank by reliability")
    row = kb.attributes["reliability"]
    top = max(level.rank for level in row.levels)
    assert chart.scale == top
    for bar in chart.bars:
        assert bar.value == row.level(kb.cell(bar.product, "reliability").level).rank
        assert bar.percent == pytest.approx(100 * bar.value / top, abs=0.01)
    assert chart.bars[0].text == "Extremely high"


def test_comparisons_and_aggregates_chart_their_number_rows_only(engine):
    _, found = drawn(engine, "Compare Kafka, RabbitMQ, RocketMQ, CMQ and CKafka on the stress test and reliability")
    assert [c.attribute for c in found] == ["stress_test"]
    _, found = drawn(engine, "average stress test")
    assert [c.attribute for c in found] == ["stress_test"] and len(found[0].bars) == 5
    for question in ("What language is RabbitMQ written in?", "Which products support push?",
                     "Compare Kafka and RabbitMQ on language"):
        assert drawn(engine, question)[1] == [], question


def test_another_domain_gets_its_own_charts(databases):
    a = databases.answer("Rank them by max database size")
    [chart] = charts(a.intent, a._view, databases.kb)
    assert chart.unit == "TB" and chart.bars[0].name == "SQLite" and chart.bars[0].text == "281 TB"


def test_the_svg_names_every_value_in_its_label(engine, env):
    a, [chart] = drawn(engine, "Rank the products by stress test")
    svg = env.get_template("_chart.html").module.chart(chart)
    assert 'role="img"' in svg
    label = re.search(r'aria-label="([^"]*)"', svg).group(1)
    assert label == ("2C 4GB stress test: CKafka 220,000 QPS, Apache Kafka 200,000 QPS, CMQ 120,000 QPS, "
                     "RabbitMQ 100,000 QPS, RocketMQ 100,000 QPS")
    assert re.findall(r'class="bar" x="0" y="\d+" width="([\d.]+)%"', svg) == [str(b.percent) for b in chart.bars]


def test_labels_are_escaped(env):
    evil = Chart("row", 'Row "<b>', None, None, (
        Bar("a", "<script>alert(1)</script>", 2, '2 "&', 100.0), Bar("b", "B & co", 1, "1", 50.0)), ("<i>x</i>",))
    svg = str(env.get_template("_chart.html").module.chart(evil))
    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg and "B &amp; co" in svg
    label = re.search(r'aria-label="([^"]*)"', svg).group(1)          # the attribute is not broken out of
    assert label.startswith("Row &#34;&lt;b&gt;: ") and "no figure for &lt;i&gt;x&lt;/i&gt;" in label
