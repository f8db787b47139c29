"""The mqbot command, run as a user would (a real subprocess)."""
import json
import subprocess
import sys

import pytest

from .conftest import CI, ROOT, SHARED


def mqbot(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=60)


def test_ask_prints_the_answer():
    out = mqbot("ask", "What language is RabbitMQ written in?")
    assert out.returncode == 0 and "Erlang" in out.stdout


def test_ask_json():
    out = mqbot("ask", "--json", "Does RabbitMQ support push?")
    data = json.loads(out.stdout)
    assert data["intent"] == "yes_no" and data["matches"] == ["rabbitmq"]
    assert data["sources"] == [{"product": "rabbitmq", "attribute": "consumption", "value": "Pull and push"}]
    assert set(data) >= {"answer", "intent", "products", "attributes", "matches", "sources", "confidence",
                         "suggestions", "context"}


def test_ask_reads_questions_from_stdin_as_json_lines():
    out = mqbot("ask", "--json", stdin="kafka throughput\n\nrabbitmq language\n")
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [x["sources"][0]["product"] for x in lines] == ["kafka", "rabbitmq"]


def test_chat_keeps_context():
    out = mqbot("chat", stdin="What is RabbitMQ's consumption method?\nWhat about RocketMQ?\nnew\nand Kafka?\nquit\n")
    assert out.returncode == 0
    turns = out.stdout.split("bot> ")
    assert "Pull and push" in turns[1] and "RocketMQ" in turns[2] and "Pull" in turns[2]
    assert "new conversation" in turns[3]
    assert "Apache Kafka is written in Scala" in turns[4]   # context forgotten: an overview


def test_broken_knowledge_is_a_clear_error(tmp_path):
    (tmp_path / "products.yaml").write_text("products: [\n")
    out = mqbot("--knowledge", str(tmp_path), "ask", "hi")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "products.yaml:" in out.stderr and "bad YAML" in out.stderr


def test_eval_reports_categories_and_failures(tmp_path):
    cases = tmp_path / "set.yaml"
    cases.write_text(
        "- {id: ok, category: lookup, ask: cmq language, expect: {sources: [cmq.language], says: [C++]}}\n"
        "- {id: bad, category: rank, ask: most reliable, expect: {top: [kafka]}}\n"
        "- id: conv\n  category: followup\n  ask: [kafka language, 'and rabbitmq?']\n"
        "  expect: {sources: [rabbitmq.language]}\n")
    out = mqbot("eval", str(cases))
    assert out.returncode == 0
    assert "lookup" in out.stdout and "2/3 passed (66.7%)" in out.stdout
    assert "FAIL bad [rank]" in out.stdout and "top ['cmq'] != ['kafka']" in out.stdout
    low = mqbot("eval", str(cases), "--min", "0.9")
    assert low.returncode == 1 and "below --min" in low.stderr


def test_eval_of_a_missing_or_broken_file_is_a_clear_error(tmp_path):
    out = mqbot("eval", str(tmp_path / "none.yaml"))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    (tmp_path / "bad.yaml").write_text("- [unclosed\n")
    out = mqbot("eval", str(tmp_path / "bad.yaml"))
    assert out.returncode == 2 and "bad YAML" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.skipif(not (SHARED / "eval" / "dev.yaml").is_file() and not CI, reason="needs ../shared/eval")
def test_dev_set_passes_at_least_97_percent():
    out = mqbot("eval", str(SHARED / "eval" / "dev.yaml"), "--min", "0.97")
    assert out.returncode == 0, out.stdout[-2000:]


def test_a_reader_that_goes_away_gets_no_traceback():
    # `mqbot ask ... | head -c 1`: the pipe closes before the answer is written
    proc = subprocess.Popen([sys.executable, "-m", "bot", "ask", "--format", "markdown", "Compare all five"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141 and "Traceback" not in err, err
