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


def test_version():
    out = mqbot("--version")
    assert out.returncode == 0 and out.stdout.strip().startswith("mqbot 0.")


@pytest.mark.parametrize("question", ["", "   "])
def test_an_empty_question_is_an_error(question):
    out = mqbot("ask", question)
    assert out.returncode == 2 and "the question is empty" in out.stderr and out.stdout == ""


def in_a_terminal(args, keys: bytes, env=None, seconds=60) -> tuple[int, str]:
    """Runs mqbot with a pseudo-terminal as its keyboard and screen, typing `keys`."""
    import os
    import pty
    import select
    import time

    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "bot", *args], {**os.environ, **(env or {})})
    out, sent, deadline = b"", False, time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        if not sent and (b"you> " in out or args[0] == "ask"):
            os.write(fd, keys)
            sent = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace")


def test_ask_with_nothing_to_read_on_a_terminal_prints_its_usage():
    code, screen = in_a_terminal(["ask"], b"")
    assert code == 2 and "usage: mqbot ask" in screen


def test_chat_has_line_editing_and_history(tmp_path):
    # the Up arrow recalls the last question, Ctrl-A and a typed word edit it
    keys = b"kafka language\r" + b"\x1b[A\x01what about \r" + b"\x04"
    code, screen = in_a_terminal(["chat"], keys, env={"XDG_STATE_HOME": str(tmp_path)})
    assert code == 0 and "^[[A" not in screen
    assert screen.count("Scala") >= 2                 # the recalled question answered again
    assert "history" in (tmp_path / "mqbot" / "chat_history").name
    assert "kafka language" in (tmp_path / "mqbot" / "chat_history").read_text()


def test_an_internal_error_is_one_line_and_exit_1(monkeypatch, capsys):
    from bot import cli
    from bot.answer import Engine

    def explode(self, question, context=None):
        raise RuntimeError("a bug in a grammar rule")

    monkeypatch.setattr(Engine, "answer", explode)
    assert cli.main(["ask", "kafka language"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert "kafka language" in err and "RuntimeError" in err and "Traceback" not in err
