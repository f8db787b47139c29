"""What kind of row each row of a new table is (`mqbot import`), from its cells alone:
lists, yes/no flags, numbers with a unit, ordered levels of degree words, categories, and
free text. Each inference says in words what it found."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from .markdown_table import Row, slug
from .text import language, tokenize

_EN = language("en")
_DEG = _EN["degrees"]
_INTENSIFIERS = {str(k): int(v) for k, v in _DEG["intensifiers"].items()}
_GOOD, _BAD = frozenset(_DEG["good"]), frozenset(_DEG["bad"])
_COMPARATIVES = {str(k): str(v) for k, v in _DEG["comparatives"].items()}
_MIDDLE = frozenset(_DEG["middle"])
_MORE, _LESS, _NOT, _ENOUGH = (frozenset(str(w) for w in _DEG[k]) for k in ("more", "less", "not", "enough"))
_MAGNITUDES = {str(k): int(v) for k, v in _DEG["magnitudes"].items()}
_YES = frozenset(str(w).lower() for w in _EN["flags"]["yes"])
_NO = frozenset(str(w).lower() for w in _EN["flags"]["no"])
_ABSENT = frozenset(str(w).lower() for w in _EN["absent"])
_LOWER_UNITS = frozenset(str(w).lower() for w in _EN["lower_is_better_units"])
_BETTER_LOWER = tuple(_EN["better_lower"])
_BETTER_HIGHER = tuple(_EN["better_higher"])
_LIMITS = frozenset(str(w).lower() for w in _EN["limit_words"])
_PROS, _CONS = (frozenset(_EN["list_roles"][k]) for k in ("pros", "cons"))
_PROS_CONS = _PROS | _CONS

# "Read/write 220,000 QPS", "45 ms", "10 TB", "3 replicas": words, one number, a unit
_NUMBER = re.compile(r"^(?P<pre>[^\d]*?)\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[^\d]*)$")
_MAGNITUDE = re.compile(r"^(?:(?P<n>\d+)[\s-]*)?(?P<word>" + "|".join(map(re.escape, _MAGNITUDES))
                        + r")[\s-]*level\b", re.I)
_SPLIT = re.compile(r"\s*(?:,|/|&|\band\b|\bor\b|\+)\s*", re.I)


@dataclass
class RowKind:
    """One row as inferred: its attribute (for attributes.yaml), its cells, and why."""
    attribute: dict[str, Any]
    cells: list[dict[str, Any]]
    said: str
    notes: list[str] = field(default_factory=list)


def headline(text: str) -> tuple[str, str | None]:
    """"Very flexible, only the vip address ...": the headline and the detail after it."""
    for sep in (", ", ". ", "; "):
        head, found, rest = text.partition(sep)
        if found and rest.strip():
            return head.strip(), rest.strip().rstrip(".")
    return text.strip().rstrip("."), None


def degree(text: str, row_words: frozenset[str]) -> float | None:
    """How high a degree phrase stands ("Extremely high" 5, "Higher" 3, "High" 2, "Average" 0,
    "Not flexible enough" -1, "Low" -2), or None when the text is no degree phrase. Words of
    the row's own name may stand beside it ("Very high availability")."""
    magnitude = _MAGNITUDE.match(text.strip())
    if magnitude:
        n = int(magnitude.group("n") or 1) * _MAGNITUDES[magnitude.group("word").lower()]
        return math.log10(n)
    words = [w for w in tokenize(text) if w not in row_words and w not in _ENOUGH]
    if not words:
        return None
    step, negated, more, less = 0, False, False, False
    for w in words[:-1]:
        if w in _INTENSIFIERS:
            step += _INTENSIFIERS[w]
        elif w in _NOT:
            negated = True
        elif w in _MORE:
            more = True
        elif w in _LESS:
            less = True
        else:
            return None
    last = words[-1]
    if last in _MIDDLE and not (step or negated or more or less):
        return 0.0
    comparative = last in _COMPARATIVES
    base = _COMPARATIVES.get(last, last)
    if base not in _GOOD and base not in _BAD:
        return None
    sign = 1 if base in _GOOD else -1
    score = sign * (2 + step + (1 if comparative or more else 0) - (1 if less else 0))
    if negated:
        score = -1 if sign > 0 else 1
    return float(score)


def _number(text: str) -> tuple[float, str, str] | None:
    m = _NUMBER.match(text.strip())
    if not m:
        return None
    raw = m.group("num")
    digits = raw.replace(",", "")
    value = float(digits)
    return value, m.group("pre").strip(), m.group("unit").strip()


def _flag(text: str) -> bool | None:
    t = text.strip().lower().rstrip(".")
    return True if t in _YES else False if t in _NO else None


def infer(row: Row, notes: list[str]) -> RowKind:
    aid = slug(row.label)
    label = row.label.strip()
    row_words = frozenset(tokenize(label))
    base = {"id": aid, "label": label}
    texts = [" ".join(items) for items in row.cells]
    mine = [n for n in notes if label.lower() in n.lower()]
    listed = any(len(items) > 1 for items in row.cells)
    if listed and all(len(items) <= 2 for items in row.cells):
        # "Higher<br>Improved reliability by three copies": a degree, then what it rests on
        scores = [degree(items[0], row_words) for items in row.cells]
        if all(s is not None for s in scores) and len(set(scores)) > 1:
            heads = [(items[0], " ".join(items[1:]) or None) for items in row.cells]
            return _ordinal(base, heads, scores, mine, label)
    if listed or aid in _PROS_CONS or row_words & _PROS_CONS:
        why = "items split at <br>" if listed else "a pros or cons row"
        role = "cons" if row_words & _CONS else "pros" if row_words & _PROS else None
        return RowKind({**base, "kind": "list", **({"role": role} if role else {})},
                       [{"items": list(items)} for items in row.cells],
                       f"list ({why})", mine)
    flags = [_flag(t) for t in texts]
    if all(f is not None for f in flags):
        return RowKind({**base, "kind": "flag"}, [{"text": "Yes" if f else "No", "flag": f} for f in flags],
                       "yes/no flag", mine)
    numbers = [_number(t) for t in texts]
    if all(n is not None for n in numbers) and len({n[2].lower() for n in numbers}) == 1:
        unit = numbers[0][2] or None
        lower = _lower_is_better(unit, mine, label)
        attr = {**base, "kind": "number", **({"unit": unit} if unit else {}),
                **({"better": "lower"} if lower else {})}
        cells = [{"text": t, "number": int(n[0]) if float(n[0]).is_integer() else n[0]}
                 for t, n in zip(texts, numbers, strict=True)]
        why = "a note or its unit" if lower else "the default"
        return RowKind(attr, cells, f"number{' in ' + unit if unit else ''}, "
                       f"{'lower' if lower else 'higher'} is better ({why})", mine)
    heads = [headline(t) for t in texts]
    scores = [degree(h, row_words) for h, _ in heads]
    if all(s is not None for s in scores) and len(set(scores)) > 1:
        return _ordinal(base, heads, scores, mine, label)
    parts = [[p for p in _SPLIT.split(t) if p] for t in texts]
    short = all(len(tokenize(t)) <= 4 and not t.rstrip().endswith(".") for t in texts)
    # "Windows, macOS, iOS, Android": cells that list short names, some in several cells, are a set
    names = [[x.strip().lower() for x in ps] for ps in parts]
    listed_names = all(len(ps) >= 1 and all(len(tokenize(x)) <= 3 for x in ps) for ps in parts) and any(
        len(ps) > 1 for ps in names) and len({x for ps in names for x in ps}) < sum(len(ps) for ps in names)
    if short or listed_names:
        return _categorical(base, texts, parts, mine, listed_names)
    return RowKind({**base, "kind": "list"}, [{"items": [t]} for t in texts], "free text (kept as written)", mine)


def _lower_is_better(unit: str | None, notes: list[str], label: str) -> bool:
    said = " ".join(notes).lower()
    if any(p in said for p in _BETTER_LOWER):
        return True
    if any(p in said for p in _BETTER_HIGHER):
        return False
    if _LIMITS.intersection(tokenize(label)):
        return False            # "Max job timeout (hours)": a limit in time units, the more the better
    return bool(unit) and any(w in _LOWER_UNITS for w in [unit.lower(), *tokenize(unit)])


def _ordinal(base: dict, heads: list[tuple[str, str | None]], scores: list[float | None],
             notes: list[str], label: str) -> RowKind:
    ranks = {s: i + 1 for i, s in enumerate(sorted(set(scores)))}
    levels: dict[str, dict[str, Any]] = {}
    cells = []
    for (head, detail), score in zip(heads, scores, strict=True):
        lid = slug(head)
        # a degree alone ("Average", "High") names a level only beside its row: on its own
        # it is any row's, or an average asked for; a magnitude ("Million-level") is its own
        row = " ".join(label.lower().split())
        terms = [head.lower()] if _MAGNITUDE.match(head) else [f"{head.lower()} {row}"] + (
            [f"{head.lower()} {row.split()[-1]}"] if len(row.split()) > 1 else [])
        levels.setdefault(lid, {"id": lid, "label": head[:1].upper() + head[1:], "rank": ranks[score],
                                "terms": terms})
        cells.append({"text": head, **({"detail": detail} if detail else {}), "level": lid})
    ordered = sorted(levels.values(), key=lambda lv: -lv["rank"])
    said = " > ".join(lv["label"] for lv in ordered)
    return RowKind({**base, "kind": "ordinal", "levels": ordered}, cells, f"ordered levels: {said}", notes)


def value_id(label: str, taken: dict[str, str]) -> str:
    """A value's id: "C++" and "C" stay apart (cpp, c), and two labels never share one."""
    if label.lower() in taken:
        return taken[label.lower()]
    vid = slug(label.replace("++", "pp").replace("+", " plus ").replace("#", "sharp")) or "none"
    n, base = 1, vid
    while vid in taken.values():
        n += 1
        vid = f"{base}_{n}"
    return vid


def _categorical(base: dict, texts: list[str], parts: list[list[str]], notes: list[str],
                 listed: bool = False) -> RowKind:
    whole = {t.lower() for t in texts}
    # "Pull and push" beside "Pull": a cell naming several of the row's values is a set
    several = listed or any(len(p) > 1 and any(x.lower() in whole for x in p) for p in parts)
    kind = "set" if several else "category"
    values: dict[str, dict[str, Any]] = {}
    cells = []
    for text, ps in zip(texts, parts if several else [[t] for t in texts], strict=True):
        ids = []
        for part in ps:
            vid = value_id(part, {v["label"].lower(): k for k, v in values.items()})
            # ("macOS" and "iOS" keep their own capitals)
            label = part if any(ch.isupper() for ch in part) else part[:1].upper() + part[1:]
            entry = values.setdefault(vid, {"id": vid, "label": label, "terms": [part.lower()]})
            if part.lower() in _ABSENT:
                entry["absent"] = True
            ids.append(vid)
        cells.append({"text": text, "values": list(dict.fromkeys(ids))})
    said = ", ".join(v["label"] for v in values.values())
    return RowKind({**base, "kind": kind, "values": list(values.values())}, cells,
                   f"{'values, several per cell' if several else 'one value per cell'}: {said}", notes)
