"""Products a question picks by a superlative and then asks something else of: "What language
is the most reliable product written in?", "the difference in stress test between the most
reliable product and the least reliable one", "Is the fastest product also the most
reliable?". A picking phrase is a superlative and a row with the domain's noun after it
("the most reliable product", "the fastest one"), or the noun, "with" and the superlative
("the product with the lowest message reliability"). It stands for the products the matrix
ranks first that way; the question is then asked of them, and the ranking's cells are cited."""
from __future__ import annotations

from dataclasses import dataclass

from .cues import Cues
from .facts import goodness, groups
from .lexicon import Mention
from .loader import Knowledge
from .parse import Parse
from .text import language

_WORDS = language("en")["picked"]
_NOUNS = frozenset(str(w) for w in _WORDS["nouns"])
_WITH = frozenset(str(w) for w in _WORDS["with"])
_SUPERLATIVES = {"superl_desc": "desc", "superl_asc": "asc"}


@dataclass(frozen=True)
class Pick:
    attribute: str
    direction: str          # desc: the most; asc: the least
    products: tuple[str, ...]
    start: int
    end: int


class Picker:
    """Built once per knowledge; `find` is pure."""

    def __init__(self, kb: Knowledge, nouns: tuple[str, ...] | list[str]):
        self.kb = kb
        self.nouns = _NOUNS | {w for n in nouns for w in n.split()}

    def find(self, tokens, mentions: list[Mention], cues: Cues) -> list[Pick]:
        rows = {m.start: m for m in mentions if any(self.kb.attributes[s.ref].rankable for s in m.of("attribute"))}
        picks = []
        for name, direction in _SUPERLATIVES.items():
            for start, end in cues.at.get(name, ()):
                # "the most reliable product": the row right after the superlative, then the noun
                row = rows.get(end) or (rows.get(start) if start in rows and rows[start].end >= end else None)
                if row is not None and row.end < len(tokens) and tokens[row.end] in self.nouns:
                    picks.append(self._pick(row, direction, start, row.end + 1))
                    continue
                # "the product with the lowest message reliability"
                k = start - 1
                if k >= 0 and tokens[k] == "the":
                    k -= 1
                if k >= 1 and tokens[k] in _WITH and tokens[k - 1] in self.nouns and end in rows:
                    picks.append(self._pick(rows[end], direction, k - 1, rows[end].end))
        return sorted((p for p in picks if p is not None), key=lambda p: p.start)

    def apply(self, p: Parse, tokens, mentions: list[Mention], cues: Cues, tests) -> None:
        """The picks of a question that asks something else of them, in the parse: their
        products asked about, the rows named outside them, their superlatives read."""
        picks = self.find(tokens, mentions, cues)
        if not picks or not asks_besides(picks, tokens, mentions, cues, {c.attribute for c in tests()}):
            return
        inside = {j for pk in picks for j in range(pk.start, pk.end)}
        p.products += [pid for pk in picks for pid in pk.products if pid not in p.products]
        p.attributes = list(dict.fromkeys(s.attribute or s.ref for m in mentions if m.start not in inside
                                          for s in m.senses if s.kind in _ASKED))
        p.picked = [(pk.attribute, pk.direction, pk.products) for pk in picks]
        taken_out(picks, cues)

    def _pick(self, row: Mention, direction: str, start: int, end: int) -> Pick | None:
        aid = next(s.ref for s in row.of("attribute") if self.kb.attributes[s.ref].rankable)
        ordered = sorted(((pid, goodness(self.kb, pid, aid)) for pid in self.kb.products),
                         key=lambda x: -x[1] if direction == "desc" else x[1])
        return Pick(aid, direction, tuple(groups(ordered)[0]), start, end)


def asks_besides(picks: list[Pick], tokens, mentions: list[Mention], cues: Cues, tested: set[str]) -> bool:
    """The question asks something of the picked products: a row of its own outside the picking
    words (not one it tests: "the most reliable one without security" ranks those without it),
    a superlative of its own, or a difference or ratio between two picks."""
    inside = {j for pk in picks for j in range(pk.start, pk.end)}
    if len(picks) >= 2 and cues.has("diff", "ratio", "compare"):
        return True
    picked = {pk.attribute for pk in picks}
    named = any(m.start not in inside and any(
        (s.attribute or s.ref) not in tested | picked for s in m.senses if s.kind in _ASKED) for m in mentions)
    ranked = any(s not in inside for name in _SUPERLATIVES for s, _ in cues.at.get(name, ()))
    return named or ranked


def taken_out(picks: list[Pick], cues: Cues) -> None:
    """The picking superlatives are read: they rank nothing in the question that uses them."""
    inside = {j for pk in picks for j in range(pk.start, pk.end)}
    for name in _SUPERLATIVES:
        if name in cues.at:
            cues.keep(name, [span for span in cues.at[name] if span[0] not in inside])


_ASKED = frozenset(("attribute", "value", "level", "feature"))
