"""The engine holds no message-queue knowledge: that lives in knowledge/ (its vocabulary,
profile.yaml and templates/). This fails when a queue word comes back into bot/'s code
strings, its templates or its language files; comments and docstrings may quote examples."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

BOT = Path(__file__).resolve().parent.parent / "bot"
QUEUE_WORDS = re.compile(r"\b(?:c?kafkas?|rabbit\w*|rocket\w*|cmq|queues?|brokers?|mqs?|stress[- ]tests?|throughput"
                         r"|consumption|qps|zookeeper|erlang|isr|raft)\b", re.I)


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def python_strings() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(BOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                found.append((path.name, node.lineno, node.value))
    return found


def template_text() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted((BOT / "templates").glob("*.j2")):
        text = re.sub(r"\{#.*?#\}", lambda m: "\n" * m.group().count("\n"), path.read_text(encoding="utf-8"), flags=re.S)
        found += [(path.name, i, line) for i, line in enumerate(text.splitlines(), 1)]
    return found


def _strings(node, where: tuple[str, ...] = ()):
    """Every string of a YAML document, with the keys above it."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(k, where + (str(k),))
            yield from _strings(v, where + (str(k),))
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, where)
    elif isinstance(node, str):
        yield ".".join(where), node


def language_words() -> list[tuple[str, str, str]]:
    return [(path.name, where, text) for path in sorted((BOT / "language").glob("*.yaml"))
            for where, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))]


def test_no_queue_word_in_the_engine():
    hits = [f"{where[0]}:{where[1]}: {text!r}" for where in python_strings() + template_text() + language_words()
            for text in [where[2]] if QUEUE_WORDS.search(text)]
    assert not hits, "queue words belong in knowledge/, not bot/:\n" + "\n".join(hits)


def test_the_scan_sees_what_it_must():
    # the same scan on a line that breaks the rule finds it: the test can fail
    assert QUEUE_WORDS.search("Compare Kafka and RabbitMQ") and QUEUE_WORDS.search("the stress-test numbers")
    assert any("{{" in text for _, _, text in template_text())          # templates are read
    assert any(text == "which products" for _, _, text in language_words())
    assert any(name == "web.py" for name, _, _ in python_strings())
