import pytest

from bot.text import clean, parse_number, tokenize


@pytest.mark.parametrize("raw, text", [
    ("<@U024BE7LH> which products support push?", "which products support push?"),
    ("see <https://example.com/x|the docs> please", "see the docs please"),
    ("<https://example.com/x>", "https://example.com/x"),
    ("<b>What</b> is <i>Kafka</i>?", "What is Kafka ?"),
    ("a &amp; b &lt;tag&gt;", "a & b <tag>"),
    ("line one\n\nline   two\t", "line one\nline two"),           # paragraphs stay apart
    ("wrapped inside\na sentence", "wrapped inside a sentence"),
    ("bell\x07 and\x00 nul", "bell and nul"),
])
def test_clean_strips_markup(raw, text):
    assert clean(raw).text == text


@pytest.mark.parametrize("raw, tokens", [
    ("rabbitmq???   language!!!", ("rabbitmq", "language")),
    ("What's RabbitMQ's language?", ("what", "is", "rabbitmq", "language")),
    ("Which don't support C++ or C#?", ("which", "do", "not", "support", "c++", "or", "c#")),
    ("We can't lose messages 🚀🔥", ("we", "can", "not", "lose", "messages")),
    ("more than 150k, at least 200,000 QPS", ("more", "than", "150k", "at", "least", "200,000", "qps")),
    ("1.5 million", ("1.5million",)),
    ("ROCKETMQ’s throughput", ("rocketmq", "throughput")),
    # "N nines" is the percentage of that many nines
    ("at least eight nines", ("at", "least", "99.999999%")),
    ("five nines or 3 nines", ("99.999%", "or", "99.9%")),
    # figures spelled out become digits; a level's own words ("million-level", "a million") and counts stay words
    ("two hundred and twenty thousand QPS", ("220000", "qps")),
    ("over a quarter of a million", ("over", "250000")),
    ("twenty-two thousand or half a million", ("22000", "or", "500000")),
    ("million-level QPS, a million QPS, hundred thousand", ("million", "level", "qps", "a", "million", "qps", "hundred",
                                                           "thousand")),
    ("three products", ("three", "products")),
    # chat symbols for words; a % after a figure stays the figure's
    ("ones w/o rewind, w/ push", ("ones", "without", "rewind", "with", "push")),
    ("what % higher, 99.95% and 20 %", ("what", "percent", "higher", "99.95%", "and", "20")),
])
def test_tokenize(raw, tokens):
    assert tokenize(raw) == tokens


@pytest.mark.parametrize("token, value", [
    ("150k", 150000), ("220,000", 220000), ("1.5million", 1500000), ("120000", 120000),
    ("99.95%", None), ("abc", None), ("2m", 2000000),
])
def test_parse_number(token, value):
    assert parse_number(token) == value
