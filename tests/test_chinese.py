"""Questions in Chinese: segmentation, homophone typos, the gloss into the English grammar's
words, one Query for a Chinese and an English wording, answers in Chinese, the loader's
errors for a broken zh.yaml, and the API's `language`."""
from __future__ import annotations

import random
import shutil

import pytest

from bot import KnowledgeError, load_knowledge
from bot.chinese import is_chinese

from .conftest import KNOWLEDGE
from .test_oracle import CELLS, IDS, select

# --------------------------------------------------------------- per construction
# (question, the Query it must read as): written from the matrix, one construction a block
TABLE = {
    "lookup": [
        ("CKafka的吞吐量是多少", "lookup(throughput) over {ckafka}"),
        ("CKafka的throughput是多少", "lookup(throughput) over {ckafka}"),
        ("RabbitMQ是用什么语言开发的？", "lookup(language) over {rabbitmq}"),
        ("rocketmq消息是pull还是push", "lookup(consumption) over {rocketmq}"),
        ("RocketMQ的缺点", "lookup(disadvantages) over {rocketmq}"),
        ("CMQ的数据校验方式", "lookup(data_verification) over {cmq} where data_verification"),
        ("Kafka用的同步算法是什么？", "lookup(sync_algorithm) over {kafka}"),
        ("RabbitMQ的可用性怎么样", "lookup(availability) over {rabbitmq}"),
        ("腾讯云Kafka的优势有哪些", "lookup(advantages) over {ckafka}"),
    ],
    "yes_no": [
        ("kafka 支持 push 吗", "yes_no over {kafka} where consumption=push"),
        ("Kafka支持推送吗？", "yes_no over {kafka} where consumption=push"),
        ("CMQ有消息回溯吗", "yes_no over {cmq} where message_rewind"),
        ("RocketMQ是否支持安全防护", "yes_no over {rocketmq} where security"),
        ("云 Kafka有监控告警吗", "yes_no over {ckafka} where monitoring"),
    ],
    "filter": [
        ("哪些产品支持推送？", "filter over all where consumption=push"),
        ("哪些产品没有安全防护", "filter over all where NOT security"),
        ("哪些产品的压测超过22万QPS", "filter over all where stress_test>220000"),
        ("压测高于10w的有哪些", "filter over all where stress_test>100000"),
        ("哪些是用Java开发的", "filter over all where language=java"),
        ("哪些产品不支持消息回溯", "filter over all where NOT message_rewind"),
    ],
    "count": [
        ("有几个产品支持消息回溯？", "count over all where message_rewind"),
        ("几个产品支持推送", "count over all where consumption=push"),
    ],
    "rank": [
        ("哪个产品的消息可靠性最高？", "rank(reliability desc) over all"),
        ("吞吐量第二高的是哪个", "rank(throughput desc place=2) over all"),
        ("除了CMQ，哪个最可靠", "rank(reliability desc) over all - {cmq}"),
        ("按吞吐量从高到低排序", "rank(throughput desc) over all"),
        ("RocketMQ比CMQ更可靠吗", "rank(reliability desc) over {rocketmq,cmq}"),
    ],
    "aggregate": [
        ("压测的平均值是多少", "aggregate(avg stress_test) over all"),
        ("压测总共多少", "aggregate(sum stress_test) over all"),
    ],
    "compare": [
        ("RocketMQ与Kafka不同点？", "compare over {rocketmq,kafka}"),
        ("对比一下Kafka和RabbitMQ", "compare over {kafka,rabbitmq}"),
    ],
    "verify": [
        ("恰好两个产品支持推送，对吗", "verify(exactly 2) over all where consumption=push"),
    ],
    "recommend": [
        ("我需要强一致性，应该用哪个？", "recommend(needs=strong_consistency) over all"),
    ],
    "overview": [
        ("介绍一下RocketMQ", "overview over {rocketmq}"),
    ],
    "typo": [
        ("Kafka的吞吐亮怎么样", "lookup(throughput) over {kafka}"),
        ("CMQ有消息回诉吗", "yes_no over {cmq} where message_rewind"),
    ],
}
CASES = [(family, q, want) for family, rows in TABLE.items() for q, want in rows]


@pytest.mark.parametrize(("family", "question", "want"), CASES, ids=[f"{f}:{q}" for f, q, _ in CASES])
def test_a_chinese_question_reads_as_its_query(engine, family, question, want):
    a = engine.answer(question)
    assert a.query.removesuffix(" ?") == want, (family, a.query)
    assert a.language == "zh"


def test_a_follow_up_in_chinese_keeps_the_context(engine):
    first = engine.answer("RocketMQ支持推送吗")
    then = engine.answer("那RabbitMQ呢", first.context)
    assert then.query.removesuffix(" ?") == "yes_no over {rabbitmq} where consumption=push"
    assert then.answer.startswith("是")


# ---------------------------------------------------------------- segmentation
def test_segmentation_takes_the_fewest_known_pieces(engine):
    words = [p.zh for p in engine.chinese.segment("哪个产品的消息可靠性最高")]
    assert words == ["哪个", "产品", "的", "消息可靠性", "最", "高"]
    assert [p.zh for p in engine.chinese.segment("高可用性")] == ["高", "可用性"]


def test_numbers_in_figures_and_words(engine):
    g = engine.chinese
    assert "220000" in g.gloss("压测超过22万").text
    assert "100000" in g.gloss("压测超过10w").text
    assert "220000" in g.gloss("压测超过二十二万").text
    assert "100000" in g.gloss("压测超过十万").text
    assert g.gloss("恰好两个产品").text.startswith("exactly 2")
    assert "一般" not in g.gloss("吞吐量一般的产品").unknown     # 一 in a word is no number


def test_a_homophone_typed_by_pinyin_is_the_word_it_sounds_like(engine):
    engine.chinese.warm()
    pieces = engine.chinese.gloss("吞吐亮").pieces
    assert [(p.kind, p.english) for p in pieces] == [("typo", "throughput")]
    # the same sound with no character in common is no typo
    assert all(p.kind == "unknown" for p in engine.chinese.gloss("屯图亮").pieces)


def test_latin_words_pass_through_and_english_is_not_glossed(engine):
    assert engine.chinese.gloss("Which products support push?") is None
    assert engine.chinese.gloss("CKafka的throughput是多少").text == "CKafka throughput is what"
    assert not is_chinese("rabbitmq, ckafka")


# ------------------------------------------------------- the same Query in both
PAIRS = [
    ("Which products support push?", "哪些产品支持推送？"),
    ("Does Kafka support push?", "Kafka支持推送吗？"),
    ("How many products support message rewind?", "有几个产品支持消息回溯？"),
    ("Which is the most reliable?", "哪个最可靠？"),
    ("What language is RabbitMQ written in?", "RabbitMQ是用什么语言开发的？"),
    ("Which products have a stress test above 150,000 QPS?", "哪些产品的压测超过15万QPS？"),
    ("Compare Kafka and RabbitMQ", "对比Kafka和RabbitMQ"),
    ("Which products lack security protection?", "哪些产品没有安全防护？"),
    ("What is the average stress test?", "压测的平均值是多少？"),
    ("Apart from CMQ, which is the most reliable?", "除了CMQ，哪个最可靠？"),
]


@pytest.mark.parametrize(("english", "chinese"), PAIRS)
def test_a_chinese_and_an_english_wording_give_the_same_query(engine, english, chinese):
    en, zh = engine.answer(english), engine.answer(chinese)
    assert en.query == zh.query and en.matches == zh.matches and en.language == "en"
    assert [s.model_dump() for s in en.sources] == [s.model_dump() for s in zh.sources]


# ------------------------------------------- generated wordings, oracle-checked
ZH_FLAG = {"message_rewind": ["消息回溯", "回溯"], "security": ["安全防护", "安全"],
           "monitoring": ["监控告警", "监控"], "service_support": ["服务支持"]}
ZH_VALUE = {("consumption", "push"): ["推送", "推模式"], ("consumption", "pull"): ["拉取", "拉模式"],
            ("language", "java"): ["Java"], ("language", "erlang"): ["Erlang"], ("language", "cpp"): ["C++"],
            ("sync_algorithm", "raft"): ["Raft"], ("data_verification", "crc"): ["CRC"]}
ZH_VERB = {"consumption": "支持", "language": "用", "sync_algorithm": "使用", "data_verification": "使用"}
ZH_SUBJ = ["哪些产品", "哪些", "哪些消息队列", "列出", "有哪些产品"]
ZH_NUMBER = {">": ["超过{}", "高于{}", "大于{}"], "<": ["低于{}", "小于{}"]}
THRESHOLDS = [(100000, ["10万", "十万", "10w"]), (150000, ["15万", "150000"]), (200000, ["20万", "二十万"]),
              (210000, ["21万"])]


def generated(rng: random.Random):
    kind = rng.choice(["flag", "value", "number"])
    negated = kind != "number" and rng.random() < 0.3
    subj = rng.choice(ZH_SUBJ)
    if kind == "flag":
        row = rng.choice(list(ZH_FLAG))
        word = rng.choice(ZH_FLAG[row])
        verb = rng.choice(["没有", "不支持"] if negated else ["有", "支持", "具备", "提供"])
        cond = ("flag", row)
        text = f"{subj}{verb}{word}？"
    elif kind == "value":
        (row, value) = rng.choice(list(ZH_VALUE))
        verb = ("不" if negated else "") + ZH_VERB[row]
        cond = ("value", row, value)
        text = f"{subj}{verb}{rng.choice(ZH_VALUE[(row, value)])}？"
    else:
        op = rng.choice(list(ZH_NUMBER))
        n, words = rng.choice(THRESHOLDS)
        cond = ("number", "stress_test", op, n)
        text = f"{subj}的{rng.choice(['压测', '压力测试'])}" + rng.choice(ZH_NUMBER[op]).format(rng.choice(words)) + "？"
    return text, (("not", cond) if negated else cond)


def test_generated_chinese_wordings_agree_with_the_oracle(engine):
    rng = random.Random(15)
    wrong = []
    for _ in range(150):
        text, cond = generated(rng)
        a = engine.answer(text)
        if a.intent != "filter" or set(a.matches) != select(cond):
            wrong.append((text, cond, a.query, a.matches))
    assert not wrong, wrong[:5]


# -------------------------------------------------------------- answers in Chinese
def test_answers_in_chinese_show_the_matrix_words_and_their_chinese(engine):
    a = engine.answer("Kafka的吞吐量怎么样")
    assert a.answer.startswith("Apache Kafka的吞吐量是 Large（大）")
    assert "来源：对比矩阵，吞吐量（Apache Kafka）" in a.answer
    assert engine.render(a, "markdown").startswith("Apache Kafka的吞吐量")
    assert CELLS["kafka"]["throughput"]["level"] == "large"


def test_refusals_and_help_are_in_chinese(engine):
    assert engine.answer("Pulsar支持推送吗").answer.startswith("对比矩阵里没有")
    assert "无法回答" in engine.answer("RocketMQ的价格是多少").answer
    assert engine.answer("帮助").answer.startswith("我回答关于一个对比矩阵的问题")
    assert "抱歉" in engine.failure(None, "哪个最好").answer and engine.failure().answer.startswith("Sorry")


def test_an_intent_without_a_chinese_template_is_answered_in_english(engine):
    a = engine.answer("介绍一下RocketMQ")
    assert a.language == "zh" and a.intent == "overview" and "RocketMQ" in a.answer


def test_every_chinese_suggestion_reads_in_full(engine):
    for q in ["Kafka的吞吐量怎么样", "哪些产品支持推送？", "帮助"]:
        for s in engine.answer(q).suggestions:
            assert is_chinese(s) and not engine.chinese.gloss(s).unknown, s
            assert engine.answer(s).intent not in ("unknown", "clarify"), s


# ------------------------------------------------------------------ the loader
@pytest.mark.parametrize(("text", "line", "problem"), [
    ("products:\n  pulsar: [脉冲星]\n", 2, "unknown product 'pulsar'"),
    ("attributes:\n  throughput:\n    zh: 吞吐量\n    levels:\n      huge: {zh: 巨大}\n", 5, "unknown level 'huge'"),
    ("attributes:\n  speed:\n    zh: 速度\n", 2, "unknown row 'speed'"),
    ("products:\n  kafka: [卡夫卡]\n  cmq: [卡夫卡]\n", 3, "names both product kafka and product cmq"),
    ("phrases:\n  价格: ''\n", 2, "glossed to nothing"),
    ("attributes:\n  throughput:\n    terms: [吞吐]\n", 2, "zh"),
])
def test_a_broken_zh_file_names_its_line(tmp_path, text, line, problem):
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    (folder / "zh.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(folder)
    assert err.value.file.endswith("zh.yaml") and err.value.line == line and problem in err.value.problem


def test_a_folder_without_zh_still_answers_chinese_grammar_words(tmp_path):
    from bot.answer import Engine
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    (folder / "zh.yaml").unlink()
    a = Engine(load_knowledge(folder)).answer("哪些产品支持 push？")
    assert a.query == "filter over all where consumption=push" and a.language == "zh"


# ------------------------------------------------------------------ the channels
@pytest.fixture(scope="module")
def client(engine):
    from fastapi.testclient import TestClient

    from bot.settings import Settings
    from bot.web import create_app
    return TestClient(create_app(Settings(), engine=engine))


def test_the_api_answers_in_the_questions_language(client):
    zh = client.post("/api/answer", json={"question": "哪些产品支持推送？"}).json()
    assert zh["language"] == "zh" and zh["matches"] == ["rabbitmq", "cmq"] and zh["answer"].startswith("RabbitMQ和CMQ")
    en = client.post("/api/answer", json={"question": "Which products support push?"}).json()
    assert en["language"] == "en" and en["matches"] == zh["matches"]
    r = client.get("/api/answer", params={"q": "Kafka支持推送吗", "html": "true"})
    assert r.json()["language"] == "zh" and "Apache Kafka的消费方式" in r.json()["html"]
    assert set(IDS) >= set(zh["matches"])


def test_the_page_follows_the_browsers_language(client):
    zh = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert zh.status_code == 200 and '<html lang="zh">' in zh.text and "发送" in zh.text and "新对话" in zh.text
    assert "哪些产品支持推送？" in zh.text and zh.headers["vary"].lower().count("accept-language")
    assert "<script>" not in zh.text.replace('<script src="', "")        # still no inline script
    en = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"})
    assert '<html lang="en">' in en.text and ">Send<" in en.text and "发送" not in en.text
    answered = client.get("/", params={"q": "哪些产品支持推送？"}, headers={"Accept-Language": "zh"})
    assert "RabbitMQ和CMQ 满足" in answered.text


def test_page_language_reads_q_values():
    from bot.pages import page_language
    assert page_language("zh-TW") == "zh" and page_language("") == "en"
    assert page_language("en;q=0.4, zh-CN;q=0.8") == "zh" and page_language("fr, de;q=x") == "en"
