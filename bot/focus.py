"""Which part of a message is the question: the last sentence that asks, in a long post
whose earlier sentences only set the scene; and a claim put up for checking ("rabbit
supports push, doesn't it", "True or false: ...", "... Is that right?")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import STOPWORDS
from .text import language, longest_first, parse_number, tokenize

# a sentence ends at . ! ? followed by a space (not "99.95%", not "2.2"), or at a line break
# ('... move off something." Looking at ...': a closing quote or bracket after the stop too)
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’')]))\s+|\s*\n\s*")
_CLOSERS = "\"”’')"
# ... found wherever one is, without the split's lookbehind and runs of spaces (4 times faster)
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’')]?\s|\n")
# a message this long may set a scene before it asks
_LONG = 12
# a claim tag at the end is no tag after a question word: "which one is right"
_ASKS = frozenset(language("en")["tags"]["asks"])


def _phrases(key: str) -> list[tuple[str, ...]]:
    return longest_first(language("en")["tags"][key])


_END, _START, _FILLER = _phrases("end"), _phrases("start"), _phrases("filler")
_JUDGE, _LEAD = _phrases("judge"), _phrases("lead")
_COURTESY = frozenset(tokenize(str(w)) for w in language("en")["compound"]["courtesy"])
_CURLY = re.compile(r"“([^“”]+)”")
_CONSEQUENCE = re.compile(r",?\s+\b(?:" + "|".join(map(re.escape, language("en")["tags"]["consequences"]))
                          + r")\b", re.IGNORECASE)
# "I don't care about anything else for this question: which products reached ...?": after
# a colon, a question of its own is what asks (the words before it set the scene)
_QUESTION_WORDS = frozenset(w for name in ("wh", "aux") for w in language("en")["cues"][name] if " " not in w)
_AFTER_COLON = re.compile(r":\s+(?=\S)")
# "The vendor's sales engineer told us on a call that <claim>": the claim after the speaker
_REPORTED = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(language("en")["tags"]["reported"], key=len, reverse=True)))
                       + r")\b(?:\W+\w+){0,5}?\W+that\s+(?=\S)", re.IGNORECASE)


def _by(phrases, at: int) -> dict[str, list[tuple[str, ...]]]:
    """Phrases by their first (at=0) or last (at=-1) word, longest first: most words end none."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        out.setdefault(p[at], []).append(p)
    return out


_END_BY_LAST, _START_BY_FIRST, _FILLER_BY_LAST = _by(_END, -1), _by(_START, 0), _by(_FILLER, -1)
_TAG_SET = frozenset(_END + _START)
# ("My lead says ...": a few words that name who, then what they said)
_SPEAKERS = frozenset(language("en")["tags"]["speakers"])
_SAYING_BY_FIRST = _by(_phrases("reported") + _phrases("saying"), 0)
_CLAIM_NOUNS = _by(_phrases("claim_nouns"), 0)
_AUX = frozenset(w for w in language("en")["cues"]["aux"] if " " not in w)
# a judge or lead phrase by its length, to test a sentence's opening with one lookup per length
_JUDGE_BY_LEN = {n: frozenset(j for j in _JUDGE if len(j) == n) for n in {len(j) for j in _JUDGE}}


@dataclass(frozen=True)
class Focus:
    text: str            # the sentence to read, as written
    claim: bool          # it states something and asks whether it is so
    whole: bool          # the sentence is the whole message
    skip: int = 0        # tokens of a claim tag to leave out at the start ...
    cut: int = 0         # ... and at the end
    asking: str = ""     # the sentence that asks, when the whole message is read
    asked: tuple[str, ...] = ()     # the products that sentence asks yes or no about
    before: str = ""     # the question right before it, when one is ("Is there one with both? Which would you pick?")


def _ends_with(tokens, by_last: dict) -> int:
    if not tokens:
        return 0
    return next((len(p) for p in by_last.get(tokens[-1], ()) if len(tokens) > len(p) and tokens[-len(p):] == p), 0)


def _tags(tokens: tuple[str, ...]) -> tuple[int, int]:
    """How many tokens of a claim tag open and close the sentence."""
    skip = next((len(t) for t in _START_BY_FIRST.get(tokens[0], ()) if len(tokens) > len(t)
                 and tokens[:len(t)] == t), 0) if tokens else 0
    if not skip and tokens and tokens[0] in _AUX:
        # ("Does the matrix back up the claim that ...?": what follows the claim noun)
        skip = next((i + len(c) for i in range(1, len(tokens)) for c in _CLAIM_NOUNS.get(tokens[i], ())
                     if tokens[i:i + len(c)] == c and len(tokens) > i + len(c) + 1), 0)
    if not skip and tokens and tokens[0] in _SPEAKERS:
        skip = _speaker(tokens)
    body = tokens[skip:]
    if not body or body[0] in _ASKS:
        return skip, 0
    cut = 0
    for _ in range(2):          # "right, according to the matrix?": filler, then the tag
        cut += _ends_with(body[:len(body) - cut], _FILLER_BY_LAST)
        tag = _ends_with(body[:len(body) - cut], _END_BY_LAST)
        claim = body[:len(body) - cut - tag]
        # a claim says something: "that's not right" is a complaint, not a claim
        if tag and len(claim) >= 2 and not set(claim) <= STOPWORDS:
            return skip, cut + tag
    return skip, 0


def _speaker(tokens: tuple[str, ...]) -> int:
    """"My lead says <claim>", "our vendor's engineer told us that <claim>": the words up to
    the claim, when a few words name a speaker and a verb of saying follows (0 otherwise)."""
    for k in range(1, min(5, len(tokens))):
        said = next((len(v) for v in _SAYING_BY_FIRST.get(tokens[k], ()) if tokens[k:k + len(v)] == v), 0)
        if said:
            end = k + said + (tokens[k + said:k + said + 1] == ("that",))
            return end if len(tokens) > end + 2 and tokens[end] not in _ASKS else 0
        if tokens[k] in _QUESTION_WORDS:
            return 0
    return 0


def _tag_only(tokens: tuple[str, ...]) -> bool:
    """A sentence that only asks whether the one before is so: "Is that right?", "True?"."""
    rest = tokens[:len(tokens) - _ends_with(tokens, _FILLER_BY_LAST)]
    return bool(rest) and rest in _TAG_SET


def _judges(tokens: tuple[str, ...]) -> bool:
    """A sentence that asks whether what someone said is so."""
    for lead in _LEAD:
        if tokens[:len(lead)] == lead:
            tokens = tokens[len(lead):]
            break
    return any(tokens[:n] in judges for n, judges in _JUDGE_BY_LEN.items())


def _quotations(text: str) -> list[str]:
    """The quoted passages of a text, its quotation marks paired in order ("Higher" rather than
    "Extremely high" holds two, not " rather than "); the longest is most likely the claim."""
    out = [m.group(1) for m in _CURLY.finditer(text)]
    straight = text.split('"')[1:-1:2] if text.count('"') > 1 else []
    return [q.strip() for q in out + straight if len(q.strip()) >= 8]


def _without_consequence(claim: str) -> str:
    """"CMQ is pull-only like Kafka, so we need a long-polling worker": what follows for the
    speaker is no part of the claim."""
    cut = _CONSEQUENCE.search(claim)
    return claim[:cut.start()] if cut else claim


def several(text: str) -> bool:
    """Whether `text` holds more than one sentence (most questions are one)."""
    return _SENTENCE_BREAK.search(text.strip()) is not None


def focus(text: str, tokens: tuple[str, ...] | None = None) -> Focus:
    """The question in `text` (`tokens`: the text's own, when already split)."""
    if tokens is not None and not several(text):
        skip, cut = _tags(tokens)             # one sentence: the common case, no splitting
        return Focus(text, bool(skip or cut), True, skip, cut)
    # each sentence split into words once: the tests below look at them several times
    split = [s for s in _SENTENCE_END.split(text) if s]
    words = {s: tokenize(s) for s in split}
    sentences = [s for s in split if words[s]]
    claim = False
    while len(sentences) > 1 and words[sentences[-1]] in _COURTESY:
        sentences.pop()                    # "... yes or no? thx!": thanks ask nothing
    while len(sentences) > 1 and _tag_only(words[sentences[-1]]):
        sentences.pop()                    # "... Is that right?": the claim is the sentence before
        claim = True
    while len(sentences) > 1 and _tag_only(words[sentences[0]]):
        sentences.pop(0)                   # "True or false. ..."
        claim = True
    asking = [s for s in sentences if s.rstrip().rstrip(_CLOSERS).endswith("?")]
    last = (asking or sentences or [text])[-1]
    # ("Is the quoted claim correct? What does it list as RabbitMQ's language?": the judging
    # question may come just before one that asks for the cell behind the verdict)
    judging = next((s for s in asking[-2:][::-1] if _judges(words[s])), None) if len(sentences) > 1 else None
    if judging is not None and _tags(words[judging])[0]:
        judging, last = None, judging   # ("Does the matrix back up the claim that CKafka never ...?" says the claim)
    if judging is not None:
        # "Our lead said: "Kafka never loses messages". Is he right?": check what was said
        quoted = _quotations(text)
        said = max(quoted, key=len) if quoted else " ".join(s for s in sentences if s is not judging)
        return Focus(_without_consequence(said) or said, True, False)
    if len(asking) >= 2 and len(words[last]) < 3 and len(words[asking[-2]]) >= 3 and words[last][0] in _ASKS:
        last = asking[-2]           # ("... can lose messages after switching? Why?": the question before it)
    if len(sentences) > 1 and (len(words[last]) < 3 or len(tokens or tokenize(text)) < _LONG):
        sentences = [text]              # "rabbitmq??? language!!!" is one question, punctuated
        last = text
    if len(sentences) > 1:
        last = _after_colon(last)
        if claim:
            last = _reported_claim(last)
    at = sentences.index(last) if last in sentences else -1
    before = sentences[at - 1] if at > 0 and sentences[at - 1] in asking and not claim else ""
    skip, cut = _tags(tokenize(last))
    if len(sentences) <= 1:
        last = text if not claim else last          # the whole message, or the claim alone
    return Focus(last, claim or bool(skip or cut), len(sentences) <= 1, skip, cut, before=before)


def sentence_starts(text: str) -> frozenset[int]:
    """The token positions where a new sentence of `text` starts (none for the first):
    a negation does not reach past them ("We have no Grafana. We need monitoring.")."""
    starts, at = set(), 0
    for sentence in _SENTENCE_END.split(text):
        if at:
            starts.add(at)
        at += len(tokenize(sentence))
    return frozenset(starts)


def last_sentence(text: str) -> str:
    """The last sentence of `text` ("Which one?" after a scene)."""
    parts = [part for part in _SENTENCE_END.split(text.strip()) if part.strip()]
    return parts[-1] if parts else ""


def clause_starts(text: str) -> frozenset[int]:
    """The token positions where a clause after a semicolon starts."""
    starts, at = set(), 0
    for clause in text.split(";"):
        if at:
            starts.add(at)
        at += len(tokenize(clause))
    return frozenset(starts)


def _after_colon(sentence: str) -> str:
    parts = _AFTER_COLON.split(sentence)
    if len(parts) > 1 and tokenize(parts[-1])[:1] and tokenize(parts[-1])[0] in _QUESTION_WORDS:
        return parts[-1]
    return sentence


_WORDS = language("en")
_COMPARATORS = sorted((c for name in ("ge", "gt", "le", "lt") for c in _WORDS["cues"][name] if c[:1].isalpha()),
                      key=len, reverse=True)
_POINTED_FIGURE = re.compile(
    r"\b(" + "|".join(map(re.escape, _COMPARATORS)) + r")\s+(?:" + "|".join(_WORDS["figure_pointers"]) + r")"
    r"(?:\s+(?:" + "|".join(_WORDS["figure_nouns"]) + r"))?\b", re.IGNORECASE)
# "... is that within what CKafka handled?": the pointer before the comparison, after "is"
_POINTER_COMPARED = re.compile(
    r"\b(?:is|was|are|would)\s+(?:" + "|".join(_WORDS["figure_pointers"]) + r")(?=\s+(?:"
    + "|".join(map(re.escape, _COMPARATORS)) + r")\b)", re.IGNORECASE)


def figure_pointed_at(text: str, at: Focus) -> Focus:
    """"We peak at 180k ... which products reached at least that rate?": the figure the
    message gave before its question stands where the question points at it."""
    found = _POINTED_FIGURE.search(at.text) or _POINTER_COMPARED.search(at.text)
    if not found:
        return at
    before = text[:text.rfind(at.text)] if at.text in text else ""
    # (a figure, or a percentage: "requires 99.99% ... enough to meet that?")
    figures = [t for t in tokenize(before) if (parse_number(t) or 0) >= 1000 or t.endswith("%") and parse_number(t[:-1])]
    if not figures:
        return at
    said = f"{found.group(1)} {figures[-1]}" if found.re is _POINTED_FIGURE else f"is {figures[-1]}"
    pointed = at.text[:found.start()] + said + at.text[found.end():]
    return Focus(pointed, at.claim, at.whole, at.skip, at.cut, at.asking)


def _reported_claim(sentence: str) -> str:
    """The claim a sentence reports, without who said it and how."""
    found = _REPORTED.search(sentence)
    return sentence[found.end():] if found else sentence
