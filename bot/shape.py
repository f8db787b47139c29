"""The shape of a question, read from its words alone: which products it leaves out, how
many it asks for, whether it asks yes or no after a preamble, and names it does not know."""
from __future__ import annotations

import re

from .cues import CUES, JOINERS, RANKED, Cues
from .lexicon import Mention
from .text import language, tokenize

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")     # "DON'T" is one word
_CAPITAL = re.compile(r"(?!^)[A-Z]")      # a capital past the first letter
_CLAUSES = re.compile(r"[.!?:;,]+\s+|\s+-\s+")     # where a chatty preamble ends
_AROUND = language("en")["exception_around"]
_AROUND_BEFORE = frozenset(str(w) for w in _AROUND["before"])
_AROUND_AFTER = frozenset(str(w) for w in _AROUND["after"])
_CONDITIONAL = frozenset(str(w) for w in language("en")["conditional_openers"])
HOW_MANY = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}


def row_named_outright(attributes: list[str], mentions: list[Mention], cues: Cues) -> bool:
    """"a higher general-performance tier than" names the row it ranks; "faster than" names
    a row by a word that compares, which only says what is measured (another row that
    measures the same may then tell a tie apart)."""
    ranked = {j for name in RANKED for s, e in cues.at.get(name, ()) for j in range(s, e)}
    return bool(attributes) and any(s.ref == attributes[0] and ranked.isdisjoint(range(m.start, m.end))
                                    for m in mentions for s in m.of("attribute"))


_UP = frozenset(w for w in CUES["compar_desc"] if " " not in w)
_DOWN = frozenset(w for w in CUES["compar_asc"] if " " not in w)


def either_way(tokens) -> bool:
    """"better or worse", "higher or lower": both ways of a comparison, joined by "or"."""
    return any(tokens[i] == "or" and ({tokens[i - 1], tokens[i + 1]} & _UP and {tokens[i - 1], tokens[i + 1]} & _DOWN)
               for i in range(1, len(tokens) - 1))


def how_many_top(tokens, cues: Cues) -> int:
    """"top 3", "the two fastest", "the best three", "which two have the highest ...": a
    count right beside a superlative, or asked for by "which"."""
    superlatives = [span for name in ("superl_desc", "superl_asc") for span in cues.at.get(name, ())]
    if not superlatives:
        return 1
    # ("which comes first and which is the runner-up?": the first two, not "second highest")
    seconds = cues.at.get("second", ())
    if seconds and cues.has("and") and any(all(s != e2 and e != s2 for s2, e2 in seconds) for s, e in superlatives):
        return 2
    for i, token in enumerate(tokens):
        n = HOW_MANY.get(token)
        if n and (any(i == end or i + 1 == start for start, end in superlatives)
                  or i > 0 and tokens[i - 1] in ("which", "what")):
            return n
    return 1


def yes_no_after_preamble(text: str, mentions: list[Mention], cues: Cues) -> bool:
    """"quick q: does RocketMQ do push?", "hi! is CMQ written in C++?": a yes/no question
    after a clause that names nothing."""
    if not cues.has("aux"):
        return False
    # ("Judging by the stress test numbers, would RabbitMQ ...": the clause may name rows, not products)
    first = min((m.start for m in mentions if m.of("product")), default=None)
    at = 0
    for clause in _CLAUSES.split(text)[:-1]:
        words = tokenize(clause)
        at += len(words)
        # ("If the main RocketMQ server dies, does it switch over?": a condition may name the product)
        if first is not None and at > first and not (words[:1] and words[0] in _CONDITIONAL):
            return False
        if any(start == at for start, _ in cues.at.get("aux", ())) and not any(
                start < at for start, _ in cues.at.get("wh", ())):
            return True
    return False


# the tests a bare "P X?" can be asked of: a value, a feature, a yes/no row, a level, a figure
_TERSE_TESTS = frozenset(("value", "feature", "has", "level", "only", "number"))
_TERSE_MAX = 8          # words: longer questions say what they ask
_OPEN = frozenset(language("en")["open_questions"])


def terse(text: str, tokens) -> bool:
    """A short question, with its question mark: it may leave out the verb that asks."""
    return text.rstrip().endswith("?") and len(tokens) <= _TERSE_MAX


def terse_yes_no(text: str, tokens, products: list[str], conditions, cues: Cues) -> bool:
    """"rabbit got crc checks?", "rocket = java?", "rocketmq auto failover?": a product and a
    test, asked with a question mark and no question word, is a yes/no question."""
    return bool(products and conditions) and terse(text, tokens) \
        and all(c.test in _TERSE_TESTS for c in conditions) and _OPEN.isdisjoint(tokens) \
        and not cues.has("wh", "compare", "count", "rank", "order_asc", "order_desc", *RANKED)


def pointer_left_out(tokens, cues: Cues) -> bool:
    """"Leaving that one out, which is the quickest of the rest?": a pointer inside the words
    that leave something out (what it points at is the last answer's pick)."""
    return any(s and tokens[s - 1] in _AROUND_BEFORE and e < len(tokens) and tokens[e] in _AROUND_AFTER
               for name in ("anaphor", "anaphor_one") for s, e in cues.at.get(name, ()))


def excluded(tokens, mentions: list[Mention], cues: Cues) -> tuple[list[str], list[tuple[int, int]]]:
    """Products named right after "other than", "besides", "except (for)" and joined by
    "and"/"or": "any product with Raft other than CMQ?" asks about the other four; and the
    negations that did it."""
    by_start = {m.start: m for m in mentions if m.of("product")}
    # ("If you leave CKafka out, ...": the product inside the exception's words)
    out = [s.ref for m in by_start.values() if m.start and tokens[m.start - 1] in _AROUND_BEFORE
           and tokens[m.end:m.end + 1] and tokens[m.end] in _AROUND_AFTER for s in m.of("product")]
    if not cues.has("except", "neg"):
        return out, []
    # "rewind but not Kafka", "(the apache one, not ckafka)": "not" right before a product,
    # after another product or a comma, leaves it out
    named_before = lambda at: any(m.end <= at for m in by_start.values())  # noqa: E731
    # ("Not CKafka, the other one": beside "other", too)
    but_not = [(start, end) for start, end in cues.at.get("neg", ())
               if tokens[start] == "not" and end in by_start and (start > 0 and (
                   tokens[start - 1] == "but" or named_before(start) or cues.has("which_plural")) or "other" in tokens)]
    for _, end in [*cues.at.get("except", ()), *but_not]:
        at = end + 1 if end < len(tokens) and tokens[end] in ("for", "the", "both") and end not in by_start else end
        while at in by_start:
            m = by_start[at]
            out += [s.ref for s in m.of("product") if s.ref not in out]
            at = m.end + 1 if m.end < len(tokens) and tokens[m.end] in JOINERS else m.end
    # ("sorry, not Apache Kafka, the cloud one": a correction's "not" leaves out that one product;
    # what follows it is what was meant)
    corrected = [(start, end) for start, end in cues.at.get("neg", ()) if cues.has("correction") and start > 0
                 and tokens[start] == "not" and end in by_start and (start, end) not in but_not]
    out += [s.ref for _, end in corrected for s in by_start[end].of("product") if s.ref not in out]
    return out, but_not + corrected


def unknown_names(text: str, known_words, not_products, endings: tuple[str, ...] = ()) -> list[str]:
    """Capitalised words the bot does not know, as in "Is Kestrel written in Java?": a
    product outside the matrix, which must not turn into a question about all five. A word
    with one of the domain's name endings (profile.yaml: "ironmq") is a name in any case."""
    names, current = [], []
    lowered_text = text.lower()
    if not _CAPITAL.search(text) and not any(e in lowered_text for e in endings):
        return names                 # no capital after the first letter and no name ending: no name
    if text.isupper():
        text = text.lower()          # shouting: capitals mark no names ("WHICH ONES DON'T ...")
    for found in _WORD.finditer(text):
        word, lowered = found.group(), found.group().lower()
        # a capital that opens a sentence marks no name ("... every time. Ideally they'd ...")
        k = found.start() - 1
        while k >= 0 and text[k] in " \t\"'(":
            k -= 1
        opens = k < 0 or text[k] in ".!?:;\n"
        # ("Which products DON'T use CRC?", "RabbitMQ's": a contraction is its words, which the bot may know)
        contracted = ("'" in lowered or "’" in lowered) and tokenize(lowered)[:1] and tokenize(lowered)[0] in known_words
        unknown = (not opens and word[0].isupper() and not any(c.isdigit() for c in word)
                   and lowered not in known_words and lowered not in not_products
                   and lowered.rstrip("s") not in known_words and not contracted)
        if unknown or (endings and lowered.endswith(endings) and lowered not in known_words):
            current.append(word)
        elif current:
            names.append(" ".join(current))
            current = []
    if current:
        names.append(" ".join(current))
    return names
