"""Clauses that leave products out by what their cells say, for the Understander: "avoid
anything whose disadvantages mention losing messages", a term denied ("must not depend on
ZooKeeper"), and a value turned down ("CRC specifically (a generic checksum does not
count)"). A mixin: it uses the Understander's cell text, glossary and knowledge."""
from __future__ import annotations

from .clauses import ROWS, TESTED
from .cues import Cues
from .lexicon import Mention
from .parse import Parse
from .text import language, longest_first

_ROW_OR_TEST = ROWS | TESTED
_REJECTED: dict[str, list[tuple[str, ...]]] = {}
for _phrase in longest_first(language("en")["rejected"]):
    _REJECTED.setdefault(_phrase[0], []).append(_phrase)
_DEPENDENCE = frozenset(str(w) for w in language("en")["ruled_out"]["dependence"])


class RulingOut:
    """Mixed into the Understander."""

    def _ruled_out(self, p: Parse, tokens, mentions: list[Mention], cues: Cues, starts,
                   terms: list[Mention]) -> list[Mention]:
        """"Avoid anything whose disadvantages mention losing messages": the products whose cell
        says so are left out, and the clause's words test nothing and ask nothing of their own."""
        span, ruled, row, words = self.cell_text.ruled_out(tokens, mentions, cues, starts)
        if not span:
            self._term_ruled_out(p, tokens, cues, mentions, terms)
            return mentions
        p.excluded = list(dict.fromkeys(p.excluded + ruled))
        p.ruled_out, p.ruled_row, p.ruled_words = ruled, row, words
        p.products = [pid for pid in p.products if pid not in p.excluded]
        kept = [m for m in mentions if m.start not in span]
        p.attributes = [a for a in p.attributes if any((s.attribute or s.ref) == a for m in kept for s in m.senses)]
        for name in ("avoid", "except", "neg", "says", "drop"):
            if cues.has(name):
                cues.keep(name, [(s, e) for s, e in cues.at[name] if s not in span])
        return kept

    def _turned_down(self, tokens, mentions: list[Mention], cues: Cues) -> list[Mention]:
        """"CRC specifically (a generic checksum does not count)": a value a few words before a
        phrase that turns it down tests nothing, and the phrase's "not" negates nothing else."""
        phrases = [(i, len(ph)) for i in range(len(tokens)) for ph in _REJECTED.get(tokens[i], ())
                   if tokens[i:i + len(ph)] == ph]
        if not phrases:
            return mentions
        spans = {j for i, n in phrases for j in range(i, i + n)}
        if cues.has("neg"):
            cues.keep("neg", [(s, e) for s, e in cues.at["neg"] if s not in spans])
        # (the nearest value before each phrase: "CRC specifically (a generic checksum does not count)")
        down = {max((m.start for m in mentions if "value" in m.kinds and i - 4 <= m.end <= i), default=None)
                for i, _ in phrases}
        return [m for m in mentions if not ("value" in m.kinds and m.start in down)]

    def _term_ruled_out(self, p: Parse, tokens, cues: Cues, mentions: list[Mention], found: list[Mention]) -> None:
        """"the messaging layer must not depend on ZooKeeper", "without zookeeper": in a question
        that names no product, a term denied leaves out the products whose cells use it (a term
        inside words that test a row, "no automatic master/slave switching", is that row's test)."""
        if p.products or p.asks_yes_no or not cues.has("neg"):
            return
        tested = {j for m in mentions if not _ROW_OR_TEST.isdisjoint(m.kinds) for j in range(m.start, m.end)}
        for m in found:
            denial = next(((s, e) for s, e in cues.at["neg"] if m.start - 3 <= e <= m.start
                           and all(w in _DEPENDENCE for w in tokens[e:m.start])), None)
            cells = [c for s in m.senses for c in self.cell_text.term_cells.get(s.ref, ())]
            if denial and cells and tested.isdisjoint(range(m.start, m.end)):
                p.ruled_row = cells[0][1]
                p.ruled_out = [pid for pid, aid in cells if aid == p.ruled_row]
                p.ruled_words, p.ruled_at = m.surface, [m.start]
                p.excluded = list(dict.fromkeys(p.excluded + p.ruled_out))
                # (the denial is spent on the term: "must not depend on ZooKeeper and we need rewind")
                cues.keep("neg", [span for span in cues.at["neg"] if span != denial])
                return
