"""Find vocabulary phrases in a token list: longest exact match, then typo-tolerant match."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .text import phrase_tokens


@dataclass(frozen=True)
class Sense:
    """One meaning of a phrase: kind is product, other, attribute, value, level, feature,
    oos, glossary or need; ref names the target (and `attribute` the row, for values)."""
    kind: str
    ref: str
    attribute: str | None = None


class _lazy:
    """functools.cached_property without its lock: Python 3.11 takes one on each first read,
    0.8 µs, and a question reads the kinds of most of its mentions once."""

    def __init__(self, func):
        self.func, self.name = func, func.__name__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass       # read-only by convention: frozen, its __init__ cost four times as much, and a
class Mention:   # question makes one of every cue word
    start: int
    end: int          # exclusive token index
    senses: tuple[Sense, ...]
    score: float      # 1.0 exact; lower for a typo match
    surface: str      # the words as typed

    @_lazy
    def kinds(self) -> frozenset[str]:
        """The kinds of its senses (worked out when first asked: most mentions are cue words)."""
        return frozenset(s.kind for s in self.senses)

    def of(self, kind: str) -> list[Sense]:
        return [s for s in self.senses if s.kind == kind] if kind in self.kinds else []


def max_typos(word: str) -> int:
    """Edits tolerated in a word: none below 5 letters ("nats" is not "cmq"), then 1, then 2."""
    n = len(word)
    return 0 if n < 5 else 1 if n < 8 else 2


def _dropped_pair(short: str, long: str) -> bool:
    """`short` is `long` with two adjacent letters left out inside it ("rockmq", "rocketmq");
    not at the end, where "quick" is no slip of "quicker"."""
    return len(short) >= 6 and len(long) == len(short) + 2 and any(
        long[:k] == short[:k] and long[k + 2:] == short[k:] for k in range(1, len(short)))


class Lexicon:
    """Phrase → senses, matched greedily (longest first) with an OSA-distance fallback."""

    def __init__(self, entries: list[tuple[str, Sense]], no_fuzzy: frozenset[str] = frozenset(),
                 skip: frozenset[str] = frozenset()):
        table: dict[tuple[str, ...], list[Sense]] = {}
        for phrase, sense in entries:
            key = phrase_tokens(phrase)
            if key and sense not in table.setdefault(key, []):
                table[key].append(sense)
        self._table = {k: tuple(v) for k, v in table.items()}
        # phrase lengths by first word, longest first: most words start no phrase at all
        starts: dict[str, set[int]] = {}
        for key in self._table:
            starts.setdefault(key[0], set()).add(len(key))
        self._starts = {w: sorted(ns, reverse=True) for w, ns in starts.items()}
        self._firsts = frozenset(self._starts)
        # Typo candidates: whole phrases with their spaces removed, so "rabit mq"
        # and "rabitmq" both reach "rabbit mq"/"rabbitmq".
        self._fuzzy: dict[str, tuple[Sense, ...]] = {}
        for key, senses in self._table.items():
            joined = "".join(key)
            if joined.isalpha() and len(joined) >= 5:
                self._fuzzy[joined] = tuple(dict.fromkeys(self._fuzzy.get(joined, ()) + senses))
        self._choices = list(self._fuzzy)
        self._no_fuzzy = no_fuzzy
        self._skip = skip
        self._near = lru_cache(maxsize=4096)(self._near_uncached)

    def find(self, tokens: tuple[str, ...], fuzzy: bool = True) -> tuple[list[Mention], list[tuple[str, list[Sense]]]]:
        """Mentions in order, and the words that were too close to call between senses."""
        if not fuzzy and self._firsts.isdisjoint(tokens):
            return [], []               # no word starts a phrase: most questions, for the glossary and needs
        out: list[Mention] = []
        ambiguous: list[tuple[str, list[Sense]]] = []
        size = len(tokens)
        taken = [False] * size
        starts, table = self._starts, self._table       # (locals: this loop runs for every word)
        i = 0
        while i < size:
            for n in starts.get(tokens[i], ()):
                senses = table.get(tokens[i:i + n]) if i + n <= size else None
                if senses:
                    out.append(Mention(i, i + n, senses, 1.0, " ".join(tokens[i:i + n])))
                    taken[i:i + n] = [True] * n
                    i += n
                    break
            else:
                i += 1
        if fuzzy:
            i = 0
            while i < len(tokens):
                if taken[i]:
                    i += 1
                    continue
                # Two loose words joined first ("rabit mq"), then the word alone.
                if tokens[i] in self._skip:     # a stopword or cue: no typo, alone or joined
                    i += 1
                    continue
                spans = []
                if i + 1 < len(tokens) and not taken[i + 1] and tokens[i + 1] not in self._skip:
                    spans.append((i, i + 2))
                spans.append((i, i + 1))
                for a, b in spans:
                    word = "".join(tokens[a:b])
                    if not word.isalpha() or word in self._no_fuzzy:
                        continue
                    hit = self._near(word, b - a)
                    if hit is None:
                        continue
                    senses, score = hit
                    if score < 0:      # a tie between different meanings
                        ambiguous.append((" ".join(tokens[a:b]), list(senses)))
                        break
                    out.append(Mention(a, b, senses, score, " ".join(tokens[a:b])))
                    for j in range(a, b):
                        taken[j] = True
                    i = b - 1
                    break
                i += 1
            out.sort(key=lambda m: m.start)
        return out, ambiguous

    def phrases(self):
        """Every phrase the lexicon knows, as token tuples."""
        return self._table.keys()

    def find_all(self, tokens: tuple[str, ...]) -> list[Mention]:
        """Every exact occurrence, overlaps included (for cue words)."""
        out: list[Mention] = []
        if self._firsts.isdisjoint(tokens):
            return out
        size, starts, table = len(tokens), self._starts, self._table
        for i, word in enumerate(tokens):
            for n in starts.get(word, ()):
                senses = table.get(tokens[i:i + n]) if i + n <= size else None
                if senses:
                    out.append(Mention(i, i + n, senses, 1.0, " ".join(tokens[i:i + n])))
        return out

    def _near_uncached(self, word: str, words: int = 1):
        # two words run together ("rabit mq") get one edit at most
        limit = min(max_typos(word), 1 if words > 1 else 2)
        if limit == 0:
            return None
        found = process.extract(word, self._choices, scorer=OSA.distance,
                                score_cutoff=limit, limit=4)
        if not found and limit == 1 and words == 1:
            # two letters dropped inside a long name ("rockmq" for "rocketmq")
            found = [hit for hit in process.extract(word, self._choices, scorer=OSA.distance, score_cutoff=2, limit=4)
                     if _dropped_pair(word, hit[0])]
        if not found:
            return None
        best_key, best, _ = found[0]
        rivals = [key for key, dist, _ in found[1:] if dist == best
                  and set(self._fuzzy[key]) != set(self._fuzzy[best_key])]
        if rivals:
            return tuple(self._fuzzy[best_key]) + tuple(s for r in rivals for s in self._fuzzy[r]), -1.0
        return self._fuzzy[best_key], 1.0 - best / max(len(word), len(best_key))
