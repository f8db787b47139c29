"""Bar charts of an answer's own cells: which rows of a ranking, comparison or aggregate
can be drawn, and how long each bar is. The SVG itself is written by a template
(web/templates/_chart.html); nothing here computes a figure the answer does not state.

A number row's bar is the cell's own number; a level row's (rankings only) is the
level's place in the row's ordered levels, which the knowledge folder defines."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .loader import Knowledge
from .render import number


@dataclass(frozen=True)
class Bar:
    product: str          # product id
    name: str             # the product's name, as the answer states it
    value: float          # the cell's number, or its level's rank
    text: str             # what the bar's label says: "220,000 QPS", "Extremely high"
    percent: float        # bar length, 0-100, of the chart's longest possible bar


@dataclass(frozen=True)
class Chart:
    attribute: str        # row id
    label: str            # row label
    unit: str | None      # number rows
    scale: int | None     # level rows: the top level's rank ("4 of 4")
    bars: tuple[Bar, ...]
    missing: tuple[str, ...] = ()      # products the row gives no figure for


def _number_chart(facts: list[Mapping[str, Any]]) -> Chart | None:
    drawn = [f for f in facts if f["kind"] == "number" and f["number"] is not None]
    if len(drawn) < 2:
        return None
    top = max(max(f["number"] for f in drawn), 0) or 1
    unit = drawn[0]["unit"]
    bars = tuple(Bar(f["product"], f["name"], f["number"], f"{number(f['number'])} {unit}" if unit else number(f["number"]),
                     round(100 * max(f["number"], 0) / top, 2)) for f in drawn)
    return Chart(drawn[0]["attribute"], drawn[0]["label"], unit, None, bars,
                 tuple(f["name"] for f in facts if f not in drawn))


def _level_chart(facts: list[Mapping[str, Any]], kb: Knowledge) -> Chart | None:
    row = kb.attributes[facts[0]["attribute"]]
    top = max(level.rank for level in row.levels)
    bars, missing = [], []
    for f in facts:
        level = row.level(kb.cell(f["product"], f["attribute"]).level or "")
        if level is None:
            missing.append(f["name"])
        else:
            bars.append(Bar(f["product"], f["name"], level.rank, f["short"], round(100 * level.rank / top, 2)))
    if len(bars) < 2 or top <= 0:
        return None
    return Chart(row.id, row.label, None, top, tuple(bars), tuple(missing))


def _one_row(facts: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    facts = list(facts)
    return facts if facts and len({f["attribute"] for f in facts}) == 1 else []


def charts(intent: str, view: Mapping[str, Any], kb: Knowledge) -> list[Chart]:
    """The charts an answer shows: one per number row it ranks, compares or aggregates;
    a ranking of a level row gets one too."""
    if intent == "rank" and view.get("groups"):
        facts = _one_row(f for group in view["groups"] for f in group)
        if not facts:
            return []
        kind = facts[0]["kind"]
        chart = _number_chart(facts) if kind == "number" else _level_chart(facts, kb) if kind == "ordinal" else None
        return [chart] if chart else []
    if intent == "compare":
        found = (_number_chart(_one_row(row["facts"])) for row in view.get("rows", ())
                 if row["facts"] and row["facts"][0]["kind"] == "number")
        return [c for c in found if c]
    if intent == "aggregate" and view.get("facts"):
        chart = _number_chart(_one_row(view["facts"]))
        return [chart] if chart else []
    return []
