"""Score a question set (shared/eval/FORMAT.md) in-process, with a per-category report."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .answer import Answer, Engine
from .context import Context


def _fold(text: Any) -> str:
    return re.sub(r"(?<=\d),(?=\d)", "", str(text)).lower()


def expectation_failures(expect: dict[str, Any], ans: Answer) -> list[str]:
    """Why an answer misses its expectations (empty when it passes)."""
    cells = {f"{s.product}.{s.attribute}" for s in ans.sources}
    text = _fold(ans.answer)
    fails: list[str] = []

    def says(t: str) -> bool:
        t = _fold(t)
        return re.search(rf"\b{t}\b", text) is not None if t in ("yes", "no") else t in text

    for key, want in expect.items():
        if key == "sources":
            missing = [c for c in want if c not in cells]
            if missing:
                fails.append(f"sources missing {missing}")
        elif key == "any_source":
            if not cells.intersection(want):
                fails.append(f"none of {want} in sources")
        elif key == "only_products":
            stray = sorted(c for c in cells if c.split(".")[0] not in want)
            if stray:
                fails.append(f"stray sources {stray[:4]}")
        elif key == "covers":
            for p in want:
                n = sum(1 for c in cells if c.split(".")[0] == p)
                if n < 3:
                    fails.append(f"covers {p}: only {n} cells")
        elif key == "no_sources":
            if want and cells:
                fails.append(f"expected no sources, got {sorted(cells)[:4]}")
        elif key == "matches":
            if sorted(set(ans.matches)) != sorted(set(want)) or len(ans.matches) != len(set(ans.matches)):
                fails.append(f"matches {ans.matches} != {want}")
        elif key == "top":
            if sorted(ans.matches[:len(want)]) != sorted(want):
                fails.append(f"top {ans.matches[:len(want)]} != {want}")
        elif key == "says":
            fails += [f"does not say {t!r}" for t in want if not says(t)]
        elif key == "says_not":
            fails += [f"says {t!r}" for t in want if _fold(t) in text]
        elif key == "intent":
            allowed = [want] if isinstance(want, str) else list(want)
            if ans.intent not in allowed:
                fails.append(f"intent {ans.intent!r} not in {allowed}")
        else:
            fails.append(f"unknown expectation {key!r}")
    return fails


@dataclass
class CaseResult:
    id: str
    category: str
    turns: list[str]
    fails: list[str]
    answer: Answer | None = None


@dataclass
class Report:
    results: list[CaseResult] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if not r.fails)

    @property
    def score(self) -> float:
        return self.passed / len(self.results) if self.results else 0.0

    def lines(self, show_fail: int = 50) -> list[str]:
        cats: dict[str, list[int]] = {}
        for r in self.results:
            c = cats.setdefault(r.category, [0, 0])
            c[1] += 1
            c[0] += not r.fails
        out = [f"{'category':18s} {'passed':>7s} {'total':>6s} {'score':>7s}"]
        for name, (ok, n) in sorted(cats.items()):
            out.append(f"{name:18s} {ok:7d} {n:6d} {100 * ok / n:6.1f}%")
        failed = [r for r in self.results if r.fails]
        for r in failed[:show_fail]:
            a = r.answer
            out.append(f"FAIL {r.id} [{r.category}] {r.turns[-1]!r}")
            out.append(f"     why: {'; '.join(r.fails)}")
            if a is not None:
                out.append(f"     got: intent={a.intent} matches={a.matches} "
                           f"answer={a.answer.splitlines()[0][:120]!r}")
        out.append(f"{self.passed}/{len(self.results)} passed ({100 * self.score:.1f}%)")
        return out


def load_cases(path: str | Path) -> list[dict[str, Any]]:
    try:
        cases = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: bad YAML: {exc}") from None
    if not isinstance(cases, list):
        raise ValueError(f"{path}: a question set is a YAML list of cases")
    return cases


def run_cases(cases: list[dict[str, Any]], engine: Engine,
              ask: Callable[[Engine, str, Context | None], Answer] | None = None) -> Report:
    report = Report()
    for case in cases:
        turns = case["ask"] if isinstance(case["ask"], list) else [case["ask"]]
        context: Context | None = None
        ans: Answer | None = None
        try:
            for q in turns:
                ans = engine.answer(q, context)
                context = ans.context
            fails = expectation_failures(case.get("expect", {}), ans)
        except Exception as exc:  # noqa: BLE001 - a crash is a failed case, reported with its cause
            fails = [f"error: {type(exc).__name__}: {exc}"]
        report.results.append(CaseResult(case.get("id", "?"), case.get("category", "?"), turns, fails, ans))
    return report
