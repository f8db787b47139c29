"""Questions asked of the matrix itself: does a cell satisfy a condition, how does it score."""
from __future__ import annotations

import re
import statistics
from functools import lru_cache

from .context import Condition
from .loader import Knowledge

# a comparison's operator turned round ("50k lower": the difference the other way)
TURNED_ROUND = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}


def compared(a: float, op: str, b: float) -> bool:
    """Whether `a op b` holds, for the comparisons tests and claims use."""
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b, "=": a == b}[op]


def satisfies(kb: Knowledge, product: str, cond: Condition) -> bool | None:
    """True/False, or None where the cell does not say (an unstated feature)."""
    attr = kb.attributes[cond.attribute]
    cell = kb.cell(product, cond.attribute)
    if cond.test == "has":
        if attr.kind == "flag":
            result = bool(cell.flag)
        elif attr.kind in ("category", "set"):
            result = any(not attr.value(v).absent for v in cell.values or [])
        else:
            result = bool(cell.short)
    elif cond.test == "value":
        family = attr.value(cond.ref).members if attr.value(cond.ref) else []
        result = cond.ref in (cell.values or []) or any(m in (cell.values or []) for m in family)
    elif cond.test == "one_of":                  # "the Java-based and Erlang-based products"
        result = any(v in (cell.values or []) or v == cell.level for v in cond.ref.split("|"))
    elif cond.test == "only":
        result = (cell.values or []) == [cond.ref]
    elif cond.test == "level" and cond.op:        # "at least High": by the levels' ranks
        mine, theirs = attr.level(cell.level).rank, attr.level(cond.ref).rank
        result = compared(mine, cond.op, theirs)
    elif cond.test == "level":
        result = cell.level == cond.ref
    elif cond.test == "feature":
        stated = cell.features.get(cond.ref)
        if stated is None:
            return None
        result = stated
    elif cond.test == "same_as":
        result = cell.short == kb.cell(cond.ref, cond.attribute).short
    elif cond.test == "relative":
        # ("more than twice CMQ's": the other's figure times the factor)
        mine, theirs = score(kb, product, cond.attribute), score(kb, cond.ref, cond.attribute) * (cond.number or 1)
        result = mine > theirs if cond.op == ">" else mine < theirs
    elif cond.test == "number":
        n, x = cell.number, cond.number if cond.ref is None else aggregate(kb, cond.attribute, cond.ref)
        result = n is not None and x is not None and compared(n, cond.op or "=", x)
    else:
        raise ValueError(f"unknown test {cond.test!r}")
    return (not result) if cond.negated else result


def aggregate(kb: Knowledge, attribute: str, op: str) -> float:
    """A number row's average or median over every product ("above the average")."""
    numbers = [kb.cell(pid, attribute).number or 0 for pid in kb.products]
    return statistics.median(numbers) if op == "median" else sum(numbers) / len(numbers)


def score(kb: Knowledge, product: str, attribute: str) -> float:
    """A comparable number for a rankable row: level rank, the number, or 1/0 for a flag."""
    attr = kb.attributes[attribute]
    cell = kb.cell(product, attribute)
    if attr.kind == "ordinal":
        return float(attr.level(cell.level).rank)
    if attr.kind == "number":
        return float(cell.number or 0)
    if attr.kind == "flag":
        return 1.0 if cell.flag else 0.0
    raise ValueError(f"{attribute} is a {attr.kind} row and cannot be ranked")


def goodness(kb: Knowledge, product: str, attribute: str) -> float:
    """The score, turned round on a row where lower is better (a latency): who is ahead."""
    s = score(kb, product, attribute)
    return -s if kb.attributes[attribute].better == "lower" else s


@lru_cache(maxsize=1024)
def _as_words(text: str) -> re.Pattern:
    """`text`, lower-cased, as whole words: a recommendation looks for it in every product's cell."""
    return re.compile(r"\b" + re.escape(text.lower()) + r"\b")


def mentions(kb: Knowledge, product: str, attribute: str, text: str) -> str | None:
    """The item of a cell that contains `text` as words (case-insensitive), if any."""
    cell = kb.cell(product, attribute)
    pattern = _as_words(text)
    for item in cell.items or [cell.display]:
        if pattern.search(item.lower()):
            return item
    return None


def groups(ordered: list[tuple[str, float]]) -> list[list[str]]:
    """Products already sorted by score, grouped into ties."""
    out: list[list[str]] = []
    last = None
    for pid, value in ordered:
        if out and value == last:
            out[-1].append(pid)
        else:
            out.append([pid])
        last = value
    return out
