"""Turn raw chat text into plain words: markup, mentions and emoji out; tokens in."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_SLACK_MENTION = re.compile(r"<[@#!][^>]*>")
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^>|]*)(?:\|([^>]*))?>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_EMOJI_CODE = re.compile(r"(?<![\w:]):[a-z0-9_+'-]+:(?![\w:])")
_QUOTE = re.compile(r"^\s*>+\s?", re.M)          # a quoted line: "> does CMQ ..."
_QUOTED_LINE = re.compile(r"^\s*>+\s?(.*\S.*)$", re.M)
# a pasted log, stack trace or config between ``` fences: machine output, no words of the question
_FENCED = re.compile(r"```.*?(?:```|\Z)", re.S)
_APOSTROPHE = re.compile(r"[’‘`´]")
_NOT = re.compile(r"\b(ca|wo|do|does|did|is|are|was|were|has|have|had|should|could|would)n't\b")
_CANT = re.compile(r"\bcan't\b|\bcannot\b")
_IS = re.compile(r"\b(what|that|it|there|here|who|where|how|which|when|why)'s\b")
_CONTRACTED = re.compile(r"\b(i|you|we|they)'(m|re|ve|ll|d)\b")
_EXPANDED = {"m": "am", "re": "are", "ve": "have", "ll": "will", "d": "would"}
_POSSESSIVE = re.compile(r"(?<=[a-z0-9+])'s?\b")
_NUMBER_WORDS = re.compile(r"(?<=\d)\s+(k|thousand|m|mn|million)\b")
_FIGURE_SPACE = re.compile(r"\d\s")        # where _NUMBER_WORDS could match at all
# A token: C++ and C#, numbers with separators, 150k, 99.95%, words with inner
# hyphens or slashes kept apart later, and comparison signs.
_TOKEN = re.compile(r"c\+\+|c#|\d+(?:[.,]\d+)*%?[a-z]*|[a-z]+(?:\+\+)?|>=|<=|[<>=]")


@dataclass(frozen=True)
class Cleaned:
    text: str            # human-readable question, markup removed
    tokens: tuple[str, ...]


def clean(raw: str) -> Cleaned:
    """Strip markup a chat client adds; keep only what the person wrote."""
    text = raw
    if "```" in text:
        text = _FENCED.sub("\n\n", text)
    if "<" in text:             # most questions carry no markup: skip the work
        text = _SLACK_MENTION.sub(" ", text)
        text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
        text = _HTML_TAG.sub(" ", text)
    if ":" in text:
        text = _EMOJI_CODE.sub(" ", text)   # Slack's :rocket: is no RocketMQ
    if "&" in text:
        text = html.unescape(text)
    if ">" in text:
        # ("> RabbitMQ is written in Java ... Is the quoted claim correct?": a quoted line of a
        # longer message is a quotation; a message that is only a quote is its question)
        # (a quoted question is the one asked: "> can Kafka push? yes or no?")
        quoted = [q for q in _QUOTED_LINE.findall(text) if not q.rstrip().endswith("?")]
        rest = _QUOTED_LINE.sub("", text).strip()
        text = _QUOTED_LINE.sub(lambda m: m.group(1) if m.group(1).rstrip().endswith("?") else f"“{m.group(1).strip()}”",
                                text) if quoted and rest else _QUOTE.sub("", text)
    if not text.isprintable():
        # line breaks stay (a pasted log or config is a sentence of its own); other controls go
        text = "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text)
    text = _paragraphs(text) if "\n" in text else " ".join(text.split())
    return Cleaned(text=text, tokens=tokenize(text))


@cache
def language(code: str = "en") -> dict:
    """A language's grammar words (bot/language/CODE.yaml), read once."""
    with open(Path(__file__).parent / "language" / f"{code}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# short forms people type ("msg", "repl"): one token read as the word it stands for
_SHORT = {str(k): str(v) for k, v in (language("en").get("abbreviations") or {}).items()}
# "w/o rewind", "what % higher": a chat symbol for its word (a % after a figure is the figure's)
_SYMBOL_WORDS = {str(k): str(v) for k, v in language("en")["symbols"].items()}
_SYMBOLS = re.compile("|".join(r"(?<![\w/])" + re.escape(k) + r"(?![\w/])" if k[0].isalpha()
                               else r"(?<![\d.%])(?<![\d.%] )" + re.escape(k)
                               for k in sorted(_SYMBOL_WORDS, key=len, reverse=True)))
_SPELLED = language("en")["spelled_numbers"]
_UNITS = {str(k): int(v) for k, v in _SPELLED["units"].items()}
_SCALES = {str(k): int(v) for k, v in _SPELLED["scales"].items()}
_FRACTIONS = {str(k): float(v) for k, v in _SPELLED["fractions"].items()}
_SINGLE = frozenset(str(w) for w in _SPELLED["single"])     # "a hundred thousand"; "a million" alone stays words
_SPELLED_WORD = "|".join(sorted([*_UNITS, *_SCALES, *_FRACTIONS], key=len, reverse=True))
_SPELLED_RUN = re.compile(r"\b(?:(?:a|an)\s+)?(?:" + _SPELLED_WORD + r")(?:[\s-]+(?:(?:"
                          + "|".join(map(re.escape, _SPELLED["joiners"])) + r")\s+)*(?:" + _SPELLED_WORD + r"))*\b")


def _spelled(m: re.Match) -> str:
    """"two hundred and twenty thousand" → "220000"; a run with no scale word is left as it is."""
    words = re.split(r"[\s-]+", m.group())
    # (no scale word: a count, "three products"; no number before one: "million-level", the level's
    # own words, and so is "a million" alone)
    counted = any(w in _UNITS or w in _FRACTIONS for w in words) or words[0] in _SINGLE and len(words) > 2
    if not any(w in _SCALES for w in words) or not counted \
            or len(words) == 2 and words[0] in _SINGLE and _SCALES.get(words[1]) == max(_SCALES.values()):
        return m.group()
    total, current, fraction = 0.0, 0.0, 1.0
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _FRACTIONS:
            fraction = _FRACTIONS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w] * fraction
            current, fraction = 0.0, 1.0
    value = total + current
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


# "five nines", "8 nines": a percentage of that many nines (99.999%)
_COUNTS = {str(k): int(v) for k, v in language("en")["numbers"].items() if float(v).is_integer() and v >= 2}
_NINES = re.compile(r"\b(\d|" + "|".join(_COUNTS) + r")\s+nines\b")


def _nines(m: re.Match) -> str:
    n = int(m.group(1)) if m.group(1).isdigit() else _COUNTS[m.group(1)]
    return "99%" if n == 2 else "99." + "9" * (n - 2) + "%"


def _paragraphs(text: str) -> str:
    """Lines wrapped inside a sentence join up; a blank line, or an indented line (a pasted
    log, config or stack trace), stands apart: paragraphs, one a line."""
    out: list[list[str]] = [[]]
    for line in text.split("\n"):
        indented = line[:1] in (" ", "\t") and line.strip()
        if not line.strip() or indented:
            if out[-1]:
                out.append([])
            if indented:
                out[-1].append(line.strip())
                out.append([])
            continue
        out[-1].append(line.strip())
    return "\n".join(" ".join(" ".join(words).split()) for words in out if words)


def tokenize(text: str) -> tuple[str, ...]:
    t = _APOSTROPHE.sub("'", text.lower())
    if "can" in t:          # (the regexes below cost a microsecond each on text they cannot match)
        t = _CANT.sub("can not", t)
    if "'" in t:
        t = _NOT.sub(lambda m: ("can" if m.group(1) == "ca" else "will" if m.group(1) == "wo"
                                else m.group(1)) + " not", t)
        t = _IS.sub(r"\1 is", t)
        t = _CONTRACTED.sub(lambda m: f"{m.group(1)} {_EXPANDED[m.group(2)]}", t)
        t = _POSSESSIVE.sub("", t)
    if _FIGURE_SPACE.search(t):
        t = _NUMBER_WORDS.sub(lambda m: m.group(1), t)
    if "hundred" in t or "thousand" in t or "million" in t:
        t = _SPELLED_RUN.sub(_spelled, t)
    if "/" in t or "%" in t:
        t = _SYMBOLS.sub(lambda m: f" {_SYMBOL_WORDS[m.group().strip()]} ", t)
    if "nines" in t:
        t = _NINES.sub(_nines, t)
    words = _TOKEN.findall(t)
    if _SHORT.keys().isdisjoint(words):
        return tuple(words)
    return tuple(_SHORT.get(w, w) for w in words)


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """Tokens of a vocabulary phrase, the same way a question is split."""
    return tokenize(phrase)


def longest_first(phrases) -> list[tuple[str, ...]]:
    """Phrases as tokens, longest first, for matching at one position."""
    return sorted((tokenize(str(p)) for p in phrases), key=len, reverse=True)


_SCALE = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000}
_NUM = re.compile(r"^(\d+(?:,\d{3})*|\d+)(?:\.(\d+))?(k|thousand|m|mn|million)?$")


def parse_number(token: str) -> float | None:
    """'150k' -> 150000, '220,000' -> 220000, '1.5m' -> 1500000; None if not a number."""
    if not token[:1].isdigit():       # most tokens are words: skip the regex
        return None
    m = _NUM.match(token)
    if not m:
        return None
    whole = m.group(1).replace(",", "")
    value = float(f"{whole}.{m.group(2)}" if m.group(2) else whole)
    return value * _SCALE.get(m.group(3) or "", 1)


def join_names(items: list[str], last: str = "and") -> str:
    """"CKafka, Kafka and CMQ" ("or" for a choice)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def lower_first(text: str) -> str:
    """A label inside a sentence: "Message reliability" → "message reliability"; "2C 4GB" stays."""
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text
