"""A question in Chinese, read by the English grammar: segmented into words, each word
glossed to the English grammar's own words (bot/language/zh.yaml) or to the words the
knowledge folder knows its products, rows, values and levels by (its zh.yaml), so the one
parser builds the same Query from "哪些产品支持推送？" as from "Which products support push?".

Segmentation is a longest match over that lexicon, not jieba: the gloss needs only the
words the lexicon knows (a word jieba finds that the lexicon lacks gets no gloss either),
the lexicon is a few hundred words, so a dynamic programme over it costs microseconds per
question with no start-up at all, where jieba loads a 350,000-word dictionary (about a
second, and a cache file) and, without the lexicon as its user dictionary, splits the
domain's terms differently ("消息可靠性", "主从切换"). The programme picks the split with the
fewest pieces, so "高可用性" is 高 + 可用性 and "可靠性最高" 可靠性 + 最 + 高.

Typos in Chinese are homophones from a pinyin input method ("吞吐亮" for "吞吐量"): a run the
lexicon does not know matches a lexicon word of the same toneless pinyin (pypinyin) that
shares at least half its characters. Latin words in a mixed question ("CKafka的throughput
是多少") pass through as typed, for the English grammar to read (typo-tolerant, as ever).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .lexicon import Lexicon, Sense
from .loader import Knowledge
from .text import language, tokenize

_CJK = re.compile(r"[\u3400-\u9fff]")
_RUNS = re.compile(r"[\u3400-\u9fff]+|[^\u3400-\u9fff]+")
_CLAUSE_END = frozenset(",.?!;:")

# costs of one piece of a split: a known word, a homophone of one, a character no word has
_WORD, _HOMOPHONE, _UNKNOWN = 1.0, 1.3, 1.6


def is_chinese(text: str) -> bool:
    return _CJK.search(text) is not None


@dataclass(frozen=True)
class Piece:
    """One word of the question: as typed, what kind it is and its English."""
    zh: str
    kind: str            # word, adjective, superlative, comparative, lead, number, typo, unknown, latin
    english: str = ""
    forms: tuple[str, ...] = ()     # an adjective's plain, comparative and superlative


@dataclass(frozen=True)
class Glossed:
    text: str                       # the question in the English grammar's words
    pieces: tuple[Piece, ...]

    @property
    def unknown(self) -> list[str]:
        """Chinese words the lexicon does not know (read as nothing)."""
        return [p.zh for p in self.pieces if p.kind == "unknown"]


class Glosser:
    """Built once per knowledge; `gloss` is pure."""

    def __init__(self, kb: Knowledge, english: Lexicon):
        pack = language("zh")
        self.pack = pack
        self.words: dict[str, Piece] = {}
        zh = kb.chinese
        if zh is not None:
            self._add_knowledge(kb, english)
        for word, gloss in pack["words"].items():
            self.words.setdefault(str(word), Piece(str(word), "word", str(gloss or "")))
        for word, forms in pack["adjectives"].items():
            self.words[str(word)] = Piece(str(word), "adjective", forms[0], tuple(map(str, forms)))
        for word in pack["superlative"]:
            self.words[str(word)] = Piece(str(word), "superlative", self.pack["words"].get(word) or "most")
        for word in pack["comparative"]:
            self.words[str(word)] = Piece(str(word), "comparative", str(self.pack["words"].get(word) or "more"))
        self.lead_here: dict[str, str] = {}     # what a lead word leaves where it stands ("有没有": have)
        for word, lead in pack["lead"].items():
            self.words[str(word)] = Piece(str(word), "lead", str(lead["gloss"]), tuple(map(str, lead["unless"])))
            if lead.get("here"):
                self.lead_here[str(word)] = str(lead["here"])
        for word in pack["counters"]:
            self.words.setdefault(str(word), Piece(str(word), "word", ""))
        self.digits = {str(k): int(v) for k, v in pack["digits"].items()}
        self.units = {str(k): int(v) for k, v in pack["units"].items()}
        self.counters = frozenset(map(str, pack["counters"]))
        self.ranks = frozenset(map(str, pack["ranks"]))
        # names written half in Latin ("腾讯云Kafka") are found before the text is split by script
        mixed = sorted((w for w in self.words if is_chinese(w) and re.search(r"[A-Za-z]", w)), key=len, reverse=True)
        self._mixed = re.compile("|".join(r"\s*".join(map(re.escape, w.split())) for w in mixed), re.I) if mixed else None
        self._mixed_gloss = {"".join(w.lower().split()): self.words[w].english for w in mixed}
        numeral = re.escape("".join(self.digits) + "".join(self.units))
        self._numeral = re.compile(f"[{numeral}]+")
        latin = "|".join(re.escape(str(u)) for u in pack["latin_units"])
        chinese_units = "".join(self.units)
        self._figure = re.compile(rf"(\d+(?:\.\d+)?)\s*(?:([{chinese_units}]+)|({latin})(?![A-Za-z]))")
        self.latin_units = {str(k): int(v) for k, v in pack["latin_units"].items()}
        self.punctuation = str.maketrans({str(k): str(v) for k, v in pack["punctuation"].items()})
        self.longest = max(map(len, self.words), default=1)
        # the same runs come back in question after question ("哪些产品", "是多少"): split each once
        self.segment = lru_cache(maxsize=4096)(self._segment)
        self._sound = lru_cache(maxsize=8192)(lambda ch: self._pinyin(ch)[0])

    def warm(self) -> None:
        """Load pypinyin and index the lexicon's sounds now (about half a second), so that a
        server's first homophone does not pay it."""
        _ = self._sounds

    def _add_knowledge(self, kb: Knowledge, english: Lexicon) -> None:
        """The folder's Chinese words, each glossed to an English name the English lexicon
        reads as that same thing (its id, label, a synonym or a term)."""
        zh = kb.chinese
        assert zh is not None

        def gloss(sense: Sense, candidates: list[str]) -> str:
            for phrase in candidates:
                mentions, _ = english.find(tokenize(phrase), fuzzy=False)
                if len(mentions) == 1 and sense in mentions[0].senses and \
                        mentions[0].end - mentions[0].start == len(tokenize(phrase)):
                    return phrase
            return candidates[0]

        def add(word: str, english_words: str) -> None:
            self.words[word] = Piece(word, "word", english_words)
            squeezed = "".join(word.split())
            if squeezed != word:          # "腾讯云 Kafka" is also typed "腾讯云Kafka"
                self.words[squeezed] = Piece(squeezed, "word", english_words)

        for pid, names in zh.products.items():
            p = kb.products[pid]
            english_name = gloss(Sense("product", pid), [pid, p.name, *p.aliases])
            for name in names:
                add(name, english_name)
        products_word = "products"
        for noun in zh.profile.nouns + ([zh.products_word] if zh.products_word else []):
            add(noun, products_word)
        for aid, row in zh.attributes.items():
            a = kb.attributes[aid]
            for term in [row.zh, *row.terms]:
                add(term, gloss(Sense("attribute", aid), [a.label.lower(), *a.synonyms]))
            for part, kind, known in (("values", "value", a.values), ("levels", "level", a.levels),
                                      ("features", "feature", a.features)):
                by_id = {x.id: x for x in known}
                for xid, name in getattr(row, part).items():
                    x = by_id[xid]
                    candidates = [*x.terms, x.label.lower()] if kind != "feature" else [*x.terms, x.label]
                    english_words = gloss(Sense(kind, xid, aid), candidates)
                    for term in name.terms:
                        add(term, english_words)
                    if is_chinese(name.zh):
                        self.words.setdefault(name.zh, Piece(name.zh, "word", english_words))
        for word, english_words in zh.phrases.items():
            self.words.setdefault(word, Piece(word, "word", english_words))

    # -- homophones ----------------------------------------------------------------
    @cached_property
    def _pinyin(self):
        from pypinyin import lazy_pinyin  # a dictionary of its own: loaded on the first unknown word
        return lazy_pinyin

    @cached_property
    def _sounds(self) -> dict[tuple[str, ...], list[str]]:
        """Lexicon words of two or more characters by their toneless pinyin."""
        out: dict[tuple[str, ...], list[str]] = {}
        for word in self.words:
            if len(word) >= 2 and all(_CJK.match(ch) for ch in word):
                out.setdefault(tuple(self._pinyin(word)), []).append(word)
        return out

    def _homophone(self, typed: str, sounds: tuple[str, ...]) -> str | None:
        for word in self._sounds.get(sounds, ()):
            if sum(a == b for a, b in zip(word, typed, strict=True)) * 2 >= len(word):
                return word
        return None

    # -- segmentation --------------------------------------------------------------
    def _segment(self, run: str) -> tuple[Piece, ...]:
        """A run of Chinese characters as the cheapest sequence of pieces (fewest, known
        words before homophones before unknown characters)."""
        n = len(run)
        best = [math.inf] * (n + 1)
        back: list[Piece | None] = [None] * (n + 1)
        best[0] = 0.0
        sounds: list[str] | None = None
        known_everywhere = all(ch in self.words or self._numeral.fullmatch(ch) for ch in run)
        for i in range(n):
            if best[i] == math.inf:
                continue
            options: list[tuple[int, float, Piece]] = []
            for j in range(min(n, i + self.longest), i, -1):
                piece = self.words.get(run[i:j])
                if piece is not None:
                    options.append((j, _WORD, piece))
                elif j - i >= 2 and not known_everywhere:
                    if sounds is None:
                        sounds = [self._sound(ch) for ch in run]
                    word = self._homophone(run[i:j], tuple(sounds[i:j]))
                    if word is not None:
                        options.append((j, _HOMOPHONE, Piece(run[i:j], "typo", self.words[word].english,
                                                             self.words[word].forms)))
            numeral = self._numeral.match(run, i)
            if numeral:
                value = self._chinese_number(numeral.group())
                if value is not None:
                    options.append((numeral.end(), _WORD, Piece(numeral.group(), "number", _figure(value))))
            options.append((i + 1, _UNKNOWN, Piece(run[i], "unknown")))
            for j, cost, piece in options:
                if best[i] + cost < best[j]:
                    best[j], back[j] = best[i] + cost, piece
        out: list[Piece] = []
        j = n
        while j > 0:
            piece = back[j]
            assert piece is not None
            out.append(piece)
            j -= len(piece.zh)
        return tuple(out[::-1])

    def _chinese_number(self, text: str) -> float | None:
        """"二十二万" → 220000, "十万" → 100000, "两" → 2; None when it is no number."""
        total, section, digit = 0, 0, None
        for ch in text:
            if ch in self.digits:
                if digit is not None:         # "二二": no number we read
                    return None
                digit = self.digits[ch]
            else:
                unit = self.units[ch]
                if unit >= 10_000:
                    total = (total + section + (digit or 0)) * unit if (section or digit or total) else unit
                    section = 0
                else:
                    section += (1 if digit is None else digit) * unit
                digit = None
        return total + section + (digit or 0)

    # -- glossing ------------------------------------------------------------------
    def gloss(self, question: str) -> Glossed | None:
        """The question in the English grammar's words; None when it has no Chinese."""
        if not is_chinese(question):
            return None
        text = unicodedata.normalize("NFKC", question).translate(self.punctuation)
        text = self._figure.sub(self._figure_value, text)
        if self._mixed is not None:
            text = self._mixed.sub(lambda m: f" {self._mixed_gloss[''.join(m.group().lower().split())]} ", text)
        pieces: list[Piece] = []
        for run in _RUNS.findall(text):
            if _CJK.match(run):
                pieces += self.segment(run)
            else:
                pieces.append(Piece(run, "latin", run))
        return Glossed(self._english(pieces), tuple(pieces))

    def _figure_value(self, m: re.Match) -> str:
        value = float(m.group(1))
        if m.group(2):
            scale = self._chinese_number(m.group(2))
            if scale is None or any(ch in self.digits for ch in m.group(2)):
                return m.group()
            value *= scale
        else:
            value *= self.latin_units[m.group(3)]
        return f" {_figure(value)} "

    def _english(self, pieces: list[Piece]) -> str:
        """The pieces' English, clause by clause: an adjective takes the degree its clause
        gives it; a closing particle's gloss opens its clause."""
        clauses: list[list[Piece]] = [[]]
        for p in pieces:
            if p.kind == "latin" and p.zh.strip() and p.zh.strip()[-1] in _CLAUSE_END:
                head = p.zh.rstrip()[:-1]
                if head.strip():
                    clauses[-1].append(Piece(head, "latin", head))
                clauses[-1].append(Piece(p.zh.strip()[-1], "latin", p.zh.strip()[-1]))
                clauses.append([])
            else:
                clauses[-1].append(p)
        out: list[str] = []
        for clause in clauses:
            out += self._clause(clause)
        return " ".join(" ".join(out).split())

    def _clause(self, clause: list[Piece]) -> list[str]:
        words = {p.zh for p in clause}
        words |= {w for p in clause if p.kind == "latin" for w in p.zh.lower().split()}
        compared = any(p.kind == "comparative" for p in clause)
        lead: list[str] = []
        out: list[str] = []
        for i, p in enumerate(clause):
            after = clause[i + 1] if i + 1 < len(clause) else None
            before = clause[i - 1] if i else None
            if p.kind == "lead":
                if not words.intersection(p.forms) and not lead:
                    lead.append(p.english)
                if p.zh in self.lead_here:
                    out.append(self.lead_here[p.zh])
            elif p.kind in ("superlative", "comparative") and after is not None and after.forms \
                    and p.zh != "比":
                continue                  # "最" + "高": the adjective says "highest" itself
            elif p.forms and p.kind in ("adjective", "typo") and len(p.forms) == 3:
                ranked = before is not None and (before.kind == "superlative" or before.zh in self.ranks)
                degree = 2 if ranked else 1 if compared else 0
                out.append(p.forms[degree])
            elif p.kind == "number" and after is not None and after.zh in self.counters:
                out.append(p.english)
            elif p.english:
                out.append(p.english)
        return lead + out


def _figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
