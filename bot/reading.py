"""One question as the intent rules see it: the parse so far, its cues, tokens and
mentions, and facts derived from them on first use."""
from __future__ import annotations

from collections.abc import Callable

from .cues import Cues
from .lexicon import Mention
from .loader import Knowledge
from .parse import Parse
from .text import language

SUPERLATIVES = ("superl_desc", "superl_asc")


class Reading:
    """One question as the rules see it. The derived facts are worked out when a rule first
    asks, after the rules before it have settled what they settle (an arithmetic question's row)."""
    __slots__ = ("kb", "p", "cues", "tokens", "mentions", "numeric_rows", "level_named_like", "units", "_numbered",
                 "_than_product", "_comparative", "_rankable")

    def __init__(self, kb: Knowledge, p: Parse, cues: Cues, tokens: tuple[str, ...], mentions: list[Mention],
                 numeric_rows: list[str], level_named_like: Callable[[Parse, tuple, str], bool],
                 units: frozenset[str] = frozenset()):
        self.kb, self.p, self.cues, self.tokens, self.mentions = kb, p, cues, tokens, mentions
        self.numeric_rows, self.level_named_like, self.units = numeric_rows, level_named_like, units
        self._numbered = self._than_product = self._comparative = self._rankable = _UNSET

    @property
    def asked_row(self) -> bool:
        """A question word asks for a row, a word or two after it ("and what development language ...")."""
        starts = [s for s, _ in self.cues.at.get("wh", ())]
        return any(m.start in (w + 1, w + 2) and m.kinds & {"attribute"} and not m.of("oos")
                   for w in starts for m in self.mentions)

    @property
    def asked_topic(self) -> bool:
        """The question word asks for a subject the matrix lacks ("what license", "which
        version numbers"), or a yes/no asks for one qualified by a row ("SDKs for Go")."""
        tokens = self.tokens
        oos = [m for m in self.mentions if m.of("oos")]
        if not oos:
            return False
        wh = self.cues.first("wh")
        if wh is not None and any(m.start in (wh + 1, wh + 2) for m in oos):
            return True
        # "How many QPS does CKafka do on an 8-core 16GB server?": the subject qualifies the figure asked
        if (wh is not None or self.cues.has("count")) and any(_after_preposition(tokens, m.start) for m in oos):
            return True
        # "Does RocketMQ provide client SDKs for Go and Rust?": the values qualify the subject
        return self.p.asks_yes_no and any(m.end < len(tokens) and tokens[m.end] in ("for", "in", "with")
                                          for m in oos)

    @property
    def entity(self) -> bool:
        p = self.p
        return bool(p.products or p.attributes or p.others or p.conditions or p.needs)

    @property
    def numbered(self) -> bool:
        """A threshold, in figures or in levels ("better than average"): no comparison of products."""
        if self._numbered is _UNSET:
            self._numbered = any(c.test == "number" or c.test == "level" and c.op for c in self.p.conditions)
        return self._numbered

    @property
    def than_product(self) -> bool:
        """"higher than RabbitMQ's": a comparator with no number after it compares products."""
        if self._than_product is _UNSET:
            p = self.p
            # ("higher than RabbitMQ's" compares with the product after it; "the slave takes
            # over when ..." compares nothing)
            starts = {m.start for m in self.mentions if m.of("product")}
            after = any(j in starts for name in ("gt", "lt") for _, e in self.cues.at.get(name, ())
                        for j in (e, e + 1, e + 2))
            self._than_product = after and not self.numbered and bool(p.products)
        return self._than_product

    @property
    def comparative(self) -> bool:
        if self._comparative is _UNSET:
            self._comparative = (self.cues.has("compar_desc", "compar_asc") or self.than_product) \
                and not self.cues.has(*SUPERLATIVES)
        return self._comparative

    @property
    def rankable(self) -> str | None:
        if self._rankable is _UNSET:
            self._rankable = next((a for a in self.p.attributes if self.kb.attributes[a].rankable), None)
        return self._rankable


_UNSET = object()


_PREPOSITIONS = frozenset(str(w) for w in language("en")["qualifying_prepositions"])
_ARTICLES = frozenset(str(w) for w in language("en")["determiners"])


def _after_preposition(tokens, at: int) -> bool:
    """"on an 8-core server", "with 16 GB": a preposition, perhaps an article, then the words."""
    at -= 1
    if at >= 0 and tokens[at] in _ARTICLES:
        at -= 1
    return at >= 0 and tokens[at] in _PREPOSITIONS
