"""The words that say what kind of question it is, read from bot/language/ (not facts:
those live in knowledge/), and where they stand in one question."""
from __future__ import annotations

import re

from .lexicon import Lexicon, Mention, Sense
from .text import language

_EN = language("en")
CUES: dict[str, list[str]] = {name: [str(p) for p in phrases] for name, phrases in _EN["cues"].items()}
STOPWORDS = frozenset(_EN["stopwords"].split())
WHY_WORDS = frozenset(_EN["why_words"].split())
WHICH_WORDS = frozenset(_EN["which_words"].split())
# "True or false: ...": the verdict is given in those words
TRUE_FALSE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _EN["true_false"]) + r")\b", re.I)
NUMBER_WORDS: dict[str, float] = {str(k): float(v) for k, v in _EN["numbers"].items()}


def small_count(token: str, digits: int = 1) -> float | None:
    """A count in words or in a few digits ("two", "3"), not a figure."""
    n = NUMBER_WORDS.get(token)
    if n is None and token.isdigit() and len(token) <= digits:
        n = float(token)
    return n


CUE_WORDS = frozenset(w for phrases in CUES.values() for p in phrases for w in p.split())


def noun_phrases(nouns: tuple[str, ...] | list[str], units: list[str] = ()) -> dict[str, list[str]]:
    """The phrases a folder's domain nouns and units make, by cue group: "which brokers",
    "of the queues", "how many QPS more"."""
    plural = tuple(_EN["plural_endings"])
    out: dict[str, list[str]] = {}
    for group, before in _EN["noun_cues"].items():
        chosen = [n for n in nouns if n.endswith(plural)] if group in _EN["plural_only"] else list(nouns)
        out[group] = [(b.format(noun=n) if "{noun}" in b else f"{b} {n}").strip() for b in before for n in chosen]
    for group, shapes in _EN["unit_cues"].items():
        out.setdefault(group, []).extend(s.format(unit=u.lower()) for s in shapes for u in units)
    return out


def cue_lexicon(extra: dict[str, list[str]] | None = None) -> Lexicon:
    """Every cue phrase, and the domain's own (`noun_phrases`) in the groups they join."""
    groups = {name: phrases + (extra or {}).get(name, []) for name, phrases in CUES.items()}
    return Lexicon([(phrase, Sense("cue", name)) for name, phrases in groups.items() for phrase in phrases])


# Cues whose words must not also count on their own: "at least" is no superlative,
# "more than 150k" no comparison of products, "how many times" no count.
COMPARATORS = ("gt", "ge", "lt", "le", "eq")
# comparatives and superlatives: a question that ranks
RANKED = ("superl_desc", "superl_asc", "compar_desc", "compar_asc")
ENCLOSING = frozenset(COMPARATORS + ("diff", "ratio", "sum", "except", "document", "keep", "common", "most_common",
                                     "priority", "fit"))
JOINERS = frozenset(("and", "or", "nor"))


class Cues:
    """Where the cue words of one question are."""

    def __init__(self, mentions: list[Mention]):
        self.at: dict[str, list[tuple[int, int]]] = {}
        outer = [(m.start, m.end) for m in mentions if m.end - m.start > 1
                 and any(s.ref in ENCLOSING for s in m.senses)]
        for m in mentions:
            if outer and any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in outer):
                continue
            for s in m.senses:
                self.at.setdefault(s.ref, []).append((m.start, m.end))
        self._names = frozenset(self.at)

    def has(self, *names: str) -> bool:
        return not self._names.isdisjoint(names)

    def keep(self, name: str, spans: list[tuple[int, int]]) -> None:
        """Only these places of a cue stand (the others were read as part of something else)."""
        if spans:
            self.at[name] = spans
        else:
            self.at.pop(name, None)
        self._names = frozenset(self.at)

    def first(self, name: str) -> int | None:
        spans = self.at.get(name)
        return min(s for s, _ in spans) if spans else None

    def starts(self, name: str) -> bool:
        return self.first(name) == 0

    def ends_at(self, name: str, index: int) -> bool:
        return any(e == index for _, e in self.at.get(name, ()))
