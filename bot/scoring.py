"""Scoring sheets: "Score each candidate, 1 point per requirement met", "R1 message rewind -
3 pts", "Drop anyone failing a must, then rank the survivors by how many shoulds they meet".
The tests a question states are scored (each worth a point, or the points written after it),
the tests under a must word are bars to pass, and the products are ranked by their points."""
from __future__ import annotations

from .context import Condition
from .parse import Parse
from .text import language, longest_first, parse_number

_WORDS = language("en")["scoring"]
_CUES = longest_first(_WORDS["cues"])
_POINTS = frozenset(str(w) for w in _WORDS["points"])
_MUST, _SHOULD = longest_first(_WORDS["must"]), longest_first(_WORDS["should"])
# (every question is asked whether it scores: the cue phrases by their first word, so most
# words are passed over with one lookup)
_CUE_FIRST = frozenset(ph[0] for ph in _CUES)


def _by_first(phrases) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for ph in phrases:
        out.setdefault(ph[0], []).append(tuple(ph))
    return out


_CUES_AT, _MUST_AT, _SHOULD_AT = _by_first(_CUES), _by_first(_MUST), _by_first(_SHOULD)


def _starts(tokens, phrases: dict[str, list[tuple[str, ...]]]) -> list[int]:
    return [i for i, t in enumerate(tokens) if t in phrases
            and any(tuple(tokens[i:i + len(ph)]) == ph for ph in phrases[t])]


def asks_for_scores(tokens) -> bool:
    """A scoring word, or a figure of points ("R1 rewind - 3 pts")."""
    if _CUE_FIRST.isdisjoint(tokens) and _POINTS.isdisjoint(tokens):
        return False
    return bool(_starts(tokens, _CUES_AT)) or any(
        tokens[i + 1] in _POINTS and parse_number(tokens[i]) is not None for i in range(len(tokens) - 1))


def read_scoring(p: Parse, tokens, placed: list[tuple[int, Condition]]) -> None:
    """Mark a scoring question's tests: scored (with their weights, in order) and, where
    must and should words part them, the musts as the field's bars (p.scope)."""
    if not asks_for_scores(tokens):
        return
    ordered = sorted((at, c) for at, c in placed if c in p.conditions)
    if len(ordered) < 1 or len(p.conditions) < 1:
        return
    musts, shoulds = _starts(tokens, _MUST_AT), _starts(tokens, _SHOULD_AT)

    def marked(at: int) -> str | None:
        before = [(i, "must") for i in musts if i < at] + [(i, "should") for i in shoulds if i < at]
        return max(before)[1] if before else None
    bars = [c for at, c in ordered if shoulds and marked(at) == "must"]
    scored = [(at, c) for at, c in ordered if c not in bars]
    if not scored:
        return
    weights = []
    for k, (at, _) in enumerate(scored):
        end = scored[k + 1][0] if k + 1 < len(scored) else len(tokens)
        # ("R1 message rewind - 3 pts": a figure before a points word, up to the next test)
        figure = next((parse_number(tokens[j]) for j in range(at, end - 1)
                       if tokens[j + 1] in _POINTS and parse_number(tokens[j]) is not None), None)
        weights.append(float(figure) if figure else 1.0)
    p.scored, p.scope = True, bars
    p.conditions, p.weights = [c for _, c in scored], weights
    p.any_of = False
