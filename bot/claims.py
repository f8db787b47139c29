"""Claims put up for checking: a quantifier over a set of products ("all products written
in C++ have security protection", "exactly two support push", "none lacks CRC", "only CMQ
uses Raft"), a factor between two numbers ("more than twice CMQ's", "ten times lower"), and a
margin between them ("100,000 QPS higher than CMQ's", "beats RabbitMQ by more than 50k")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .context import Condition
from .cues import CUES, NUMBER_WORDS, small_count
from .lexicon import Mention
from .text import language, longest_first, parse_number

_TIMES = re.compile(r"^(\d+(?:\.\d+)?)(x|fold)$")
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")
# "25% higher than RabbitMQ's": a percentage before one of these is a factor above (or below) the other
_UP = frozenset(w for w in CUES["compar_desc"] if " " not in w)
_DOWN = frozenset(w for w in CUES["compar_asc"] if " " not in w)
_PERCENT_WORDS = frozenset(str(w) for w in language("en")["percent_words"])




# the kinds that take a count, the kind each stands for, and how a strict one moves the count
_COUNTED = {"exactly": "exactly", "at_least": "at_least", "above": "at_least", "at_most": "at_most", "below": "at_most"}
_STRICT = {"above": 1, "below": -1}


@dataclass(frozen=True)
class Quantifier:
    kind: str             # all | not_all | none | exactly | at_least | at_most | most | only_named
    n: int | None         # the count, for exactly / at_least / at_most
    end: int              # where the set's words start
    start: int = 0        # where the quantifier's own words start


class ClaimReader:
    """Built once; its methods are pure."""

    def __init__(self, domain_nouns: list[str] = ()):
        words = language("en")
        c = words["claims"]
        self.nouns = longest_first(c["nouns"] + list(domain_nouns))
        # ("not all" before "all": the kinds a word opens are tried in this order)
        self.kinds = {k: longest_first(c[k]) for k in ("not_all", "all", "none", "exactly", "at_least", "above",
                                                        "at_most", "below", "most")}
        # the kinds a word can open, so most words are passed over at once
        self.openers: dict[str, list[str]] = {}
        for kind, phrases in self.kinds.items():
            for phrase in phrases:
                if kind not in self.openers.setdefault(phrase[0], []):
                    self.openers[phrase[0]].append(kind)
        self.verbs = frozenset(str(v) for v in c["verbs"])
        self.relative = frozenset(c["relative"])
        self.only_phrases = longest_first(c["only_named"])
        self.only = frozenset(p for p in words["cues"]["only"] if " " not in p)
        self.factors = {str(k): float(v) for k, v in words["factors"].items()}
        self.times = frozenset(str(t) for t in words["times"])
        m = words["margins"]
        self.margin_up, self.margin_down = frozenset(_UP | set(m["up"])), frozenset(_DOWN | set(m["down"]))
        self.margin_by, self.margin_within = frozenset(m["by"]), frozenset(m["within"])
        # ("by more than 50k": the comparison's words stand between "by" and the figure)
        self.kinds_words = frozenset(str(w) for w in m["comparison_words"])

    @staticmethod
    def _at(tokens, i, phrases) -> int:
        """Length of the first phrase found at position i, or 0."""
        return next((len(p) for p in phrases if tuple(tokens[i:i + len(p)]) == p), 0)

    def _count(self, token: str) -> int | None:
        n = small_count(token)
        return int(n) if n is not None and n >= 1 and n == int(n) else None

    def _noun_near(self, tokens, i, products_at: set[int], reach: int = 4) -> bool:
        """A noun for products within `reach` words of i, with no product named between
        ("all C++ products", "both Kafkas" is no quantifier over a set)."""
        for j in range(i, min(len(tokens), i + reach)):
            if j in products_at:
                return False
            if self._at(tokens, j, self.nouns):
                return True
        return False

    def noun_after(self, tokens, at: int) -> bool:
        """A noun for products right after `at`, perhaps after a count: "these (five) queues"."""
        if at < len(tokens) and self._count(tokens[at]) is not None:
            at += 1
        return bool(self._at(tokens, at, self.nouns))

    def quantifier(self, tokens, mentions: list[Mention]) -> Quantifier | None:
        products_at = {j for m in mentions if m.of("product") for j in range(m.start, m.end)}
        for i in range(len(tokens)):
            if tokens[i] not in self.openers:
                continue
            # ("no fewer than two products": the longest quantifier at a word, not "no" alone)
            found = sorted(((self._at(tokens, i, self.kinds[kind]), kind) for kind in self.openers[tokens[i]]),
                           key=lambda x: -x[0])
            for n, kind in found:
                if not n:
                    continue
                j = i + n
                if kind in _COUNTED:
                    count = self._count(tokens[j]) if j < len(tokens) else None
                    if count is None or not self._noun_near(tokens, j + 1, products_at, 3):
                        continue
                    # "more than one product": at least two; "fewer than three": at most two
                    kind, count = _COUNTED[kind], count + _STRICT.get(kind, 0)
                    return Quantifier(kind, count, j + 1, i)
                if kind == "most" and not self._at(tokens, j, self.nouns):
                    continue              # "the most reliable product" ranks
                if self._noun_near(tokens, j, products_at):
                    return Quantifier(kind, None, j, i)
        return None

    def only_named(self, tokens, mentions: list[Mention]) -> bool:
        """"Only CMQ uses Raft", "Is CMQ the only one with Raft?": the named products alone."""
        starts = {m.start for m in mentions if m.of("product")}
        ends = {m.end for m in mentions if m.of("product")}
        for i, token in enumerate(tokens):
            if token in self.only and i + 1 in starts:
                return True
            n = self._at(tokens, i, self.only_phrases)
            if n and any(e <= i for e in ends):
                return True
        return False

    def split(self, placed: list[tuple[int, Condition]], tokens, start: int) -> tuple[list[Condition], list[Condition]]:
        """The conditions that pick the set ("products written in C++") and those the claim
        makes of it ("have security protection"): the set ends at its first verb."""
        verb = next((j for j in range(start, len(tokens)) if tokens[j] in self.verbs), len(tokens))
        if any(tokens[k] in self.relative for k in range(start, verb)):
            # "every product that uses CRC also supports rewind": the set's own verb is
            # the clause's; the set ends at the next verb after the clause's test
            after = [at for at, _ in placed if at > verb]
            if after:
                verb = next((j for j in range(min(after) + 1, len(tokens)) if tokens[j] in self.verbs), verb)
        scope = [c for at, c in placed if start <= at < verb]
        body = [c for at, c in placed if not (start <= at < verb)]
        return (scope, body) if body else ([], scope)

    def factor(self, tokens) -> tuple[float, int] | None:
        """"twice", "3 times", "2x", "ten times": the factor and where it stands."""
        for i, token in enumerate(tokens):
            if token in self.factors:
                return self.factors[token], i
            m = _TIMES.match(token)
            if m:
                return float(m.group(1)), i
            n = NUMBER_WORDS.get(token) or (parse_number(token) if token[:1].isdigit() else None)
            if n and i + 1 < len(tokens) and tokens[i + 1] in self.times and n < 1000:
                return float(n), i
            pct = _PERCENT.match(token)
            after = i + 1
            if pct is None and token[:1].isdigit() and tokens[i + 1:i + 2] and tokens[i + 1] in _PERCENT_WORDS:
                pct, after = re.match(r"^(\d+(?:\.\d+)?)$", token), i + 2
            if pct and tokens[after:after + 1] and tokens[after] in _UP | _DOWN:
                share = float(pct.group(1)) / 100
                # (the claim reader turns a factor round before a word that compares downwards:
                # 25% lower is 0.75 of the other's, so it is given as 1 / 0.75)
                return (1 + share, i) if tokens[after] in _UP else (1 / (1 - share), i) if share < 1 else None
        return None

    def margin(self, tokens, units: frozenset[str]) -> tuple[float, int, str] | None:
        """"100,000 QPS higher than CMQ's", "50k behind", "beats RabbitMQ by 100k", "within
        20,000 of": the figure claimed between two numbers, where it stands, and which way
        ("up", "down" or "within"). A small number with no unit counts things: no margin."""
        for i, token in enumerate(tokens):
            value = parse_number(token) if token[:1].isdigit() else None
            if value is None or value < 1000 and token[-1:] not in ("k", "m"):
                continue
            j = i + 1
            while j < len(tokens) and tokens[j] in units:
                j += 1
            after = tokens[j] if j < len(tokens) else ""
            if after in self.margin_up or after in self.margin_down:
                return value, i, "up" if after in self.margin_up else "down"
            before = [t for t in tokens[max(0, i - 3):i] if t not in self.kinds_words]
            if before and before[-1] in self.margin_within:
                return value, i, "within"
            if before and before[-1] in self.margin_by:
                # "beats CMQ by 100k", "lower than Kafka's by 20,000": the comparative before says which way
                way = next((("down" if t in self.margin_down else "up") for t in reversed(tokens[:i])
                            if t in self.margin_up or t in self.margin_down), None)
                if way:
                    return value, i, way
        return None
