"""Several questions in one message: "what data verification does CMQ use? and does it do
rewind?", "Which product lacks automatic switching, does it support push, and what is its
reliability?". Each part is answered in the context the part before it leaves, so "it" and
"they" in a later part mean what the earlier part was about (the follow-up operations do
the rest). A message that sets a scene before it asks is left whole: which of its
sentences asks is the focus's to work out, not this."""
from __future__ import annotations

import re
from itertools import islice

from .text import language

_WORDS = language("en")["compound"]
_OPENERS = frozenset(str(w) for w in _WORDS["openers"])
_AUX = frozenset(str(w) for w in _WORDS["aux"])
_SUBJECTS = frozenset(str(w) for w in _WORDS["subjects"])
_POINTERS = frozenset(str(w) for w in _WORDS["pointers"])
_SCENE_POINTERS = frozenset(str(w) for w in _WORDS["scene_pointers"])
_REASONS = [tuple(str(w).split()) for w in _WORDS["reasons"]]
_BARE = _OPENERS | _AUX | _SUBJECTS | frozenset(str(w) for w in _WORDS["bare"])
_JOINERS = sorted((str(w) for w in _WORDS["joiners"]), key=len, reverse=True)
_IMPERATIVES = frozenset(str(w) for w in _WORDS["imperatives"])
_LEAD = frozenset(str(w) for w in _WORDS["lead"])
_COURTESY = frozenset(tuple(str(w).split()) for w in _WORDS["courtesy"])
_ALTERNATIVES = [tuple(str(w).split()) for w in language("en")["alternatives"]]
_PREMISE = [tuple(str(w).split()) for w in _WORDS["premise_openers"]]
_PREMISE_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}     # (most messages open with none of their words)
for _opener in _PREMISE:
    _PREMISE_BY_FIRST.setdefault(_opener[0], []).append(_opener)
_PREMISE_LONGEST = max(map(len, _PREMISE), default=0)
_OURS = frozenset(str(w) for w in _WORDS["our_subjects"])
_ALL = frozenset(str(w) for w in _WORDS["all_of_them"])
_CLAUSE_BREAK = re.compile(r",\s+")
_SO = re.compile(r",\s+(?:" + "|".join(re.escape(str(w)) for w in _WORDS["premise_closers"]) + r")\s+", re.IGNORECASE)

_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
# "? and does it ...", ", and what is ...", "; which ...": a joiner, then a question word
_JOINED = re.compile(r"(?:[,;]\s*|\s+)(?:" + "|".join(re.escape(j) for j in _JOINERS) + r")\s+(?=[A-Za-z])",
                     re.IGNORECASE)
_AFTER_COMMA = re.compile(r",\s+(?=[A-Za-z])")
_CONDITIONAL = frozenset(str(w) for w in language("en")["conditional_openers"])
_SENTENCE = re.compile(r"(?<=[?!.])\s+(?=\S)")
MAX_PARTS = 4
# a break (a question mark, a comma, a joiner) with a question word after it: where a split may be
_MAYBE = re.compile(r"(?:\?|,|;|\b(?:" + "|".join(re.escape(j) for j in _JOINERS) + r"))\s+(?:"
                    + "|".join(sorted(_OPENERS, key=len, reverse=True)) + r")\b|\?\s+\S", re.IGNORECASE)


def _words(text: str, first: int | None = None) -> list[str]:
    """The words of `text` (or its `first` few)."""
    # ("what's" opens as "what" does; "we're" is no "were")
    found = _WORD.findall(text) if first is None else [m.group() for m in islice(_WORD.finditer(text), first)]
    return [w.lower().split("'")[0] for w in found]


def _opening(text: str) -> list[str]:
    words = _words(text)
    while words and words[0] in _LEAD:
        words = words[1:]
    return words


def _asks(text: str) -> bool:
    """A part that asks by itself: a question mark, or a question word or an order opening
    it or one of its clauses (after "@bot", "quick q", "and" ...: "Excluding RocketMQ, what ...")."""
    if text.rstrip().endswith("?"):
        return True
    for clause in text.split(","):
        words = _opening(clause)
        if words and (words[0] in _OPENERS or words[0] in _IMPERATIVES):
            return True
    return False


def _second_question(before: str, after: str) -> bool:
    """The words after a joiner open a question of their own that the words before do not
    also govern: a verb with its subject ("does it", "are they"; "and are written in C++"
    has none), a question that points back ("which of them", "what is its ..."), or any
    question after a yes/no. ("which have rewind, and which lack security?" stays one
    question: its second half may share the first's scope.)"""
    words, first = _words(after), _opening(before)
    if not words or not first or set(words) <= _BARE:
        return False            # "..., and what is it?" asks again what the first part asks
    if first[0] in _CONDITIONAL:
        return False            # "when Kafka's master dies, does it fail over?": one question, with its condition
    if words[0] in _AUX:
        return len(words) > 1 and words[1] in _SUBJECTS
    if any(tuple(words[:len(r)]) == r for r in _REASONS) and len(words) > 2:
        return True
    if words[0] not in _OPENERS:
        return False
    # ("What does the matrix say about Kafka's ops burden, and which option has the lowest ops
    # cost?": another question word asks another question)
    return first[0] in _AUX or not _POINTERS.isdisjoint(words) or first[0] in _OPENERS and words[0] != first[0]


def _premise(text: str) -> list[str] | None:
    """"Since all five products support push, which one should we pick?": the premise, put up
    for checking, then the question. The premise must name products (a capital) or all of
    them; one of ours ("since we need push") is no claim, and a question that points back
    ("..., therefore which products have it?") leans on it, so is not split."""
    if not text.rstrip().endswith("?"):
        return None         # no question after the premise: checked first, before any search
    words = _words(text, _PREMISE_LONGEST)
    opener = next((o for o in _PREMISE_BY_FIRST.get(words[0], ()) if tuple(words[:len(o)]) == o), None) \
        if words else None
    # ("CMQ uses ISR replication like Kafka, so how many in-sync replicas does it keep?")
    after = _SO.search(text) if opener is None else None
    if opener is None and after is None:
        return None
    if after:
        clause, question = text[:after.start()], text[after.end():]
        if _SENTENCE.search(question):
            return None     # ('..., so we don't need a runbook." Is he right?': the "so" is the claim's own)
    else:
        # the first ", " after which a question opens ("Since CKafka, CMQ and RabbitMQ support push, which ...")
        cut = next((m for m in _CLAUSE_BREAK.finditer(text) if _opens_question(text[m.end():])), None)
        if cut is None:
            return None
        clause, question = text[:cut.start()], text[cut.end():]
    said = _words(clause)[len(opener or ()):]
    named = any(w[:1].isupper() for w in clause.split()[len(opener or ()):]) or not _ALL.isdisjoint(said)
    # (a figure in it is the scene's, for the question to measure against: "Since RocketMQ handles 100,000 QPS")
    if not said or said[0] in _OURS or not named or not _asks(question) or any(c.isdigit() for c in clause) \
            or not _POINTERS.isdisjoint(said) or not _POINTERS.isdisjoint(_words(question)):
        return None
    if after and _words(question)[:1] and _words(question)[0] in _AUX:
        return None         # "Kafka has rewind, so does CKafka?" asks the same of another: one question
    return [" ".join(clause.split()[len(opener or ()):]) + ", right?", question.strip()]


def _opens_question(text: str) -> bool:
    words = _opening(text)
    return bool(words) and words[0] in _OPENERS


def split(message: str) -> list[str]:
    """The questions a message asks, in order; one item when it asks one (or sets a scene)."""
    text = " ".join(message.split())
    premised = _premise(text)
    if premised:
        return premised
    if not _MAYBE.search(text):
        return [message]            # most messages: no second question word after a break
    # ("... does it do msg rewind? thx": a word of thanks asks nothing, and is no scene)
    sentences = [s for s in _SENTENCE.split(text) if tuple(_words(s)) not in _COURTESY]
    if not sentences or not all(_asks(s) for s in sentences):
        # a scene, or a statement: left whole; but a last sentence that asks two things, the
        # second pointing back ("We're down to CKafka or CMQ. Which is more reliable, and what
        # persistence figure does the matrix give for it?"), is the scene with the first, then the second
        last = _pieces(sentences[-1]) if sentences and _asks(sentences[-1]) else []
        # (a first question that points back at the scene itself, "which does the matrix point to for
        # this", leans on it whole: left as one)
        if len(last) == 2 and _SCENE_POINTERS.isdisjoint(_words(last[0])) \
                and text.endswith(sentences[-1]):
            return [text[:len(text) - len(sentences[-1])] + last[0], last[1]]
        return [message]
    if any(tuple(_words(s)[:len(a)]) == a for s in sentences[1:] for a in _ALTERNATIVES):
        return [message]            # "... ? If not, which ones do?": one question with its fallback
    parts = [part for sentence in sentences for part in _pieces(sentence)]
    if len(parts) < 2 or len(parts) > MAX_PARTS:
        return [message]
    return parts


def _pieces(sentence: str) -> list[str]:
    """The questions one sentence asks, split where a second question opens after a joiner or a comma."""
    pieces = [sentence]
    for pattern in (_JOINED, _AFTER_COMMA):
        out = []
        for piece in pieces:
            at = 0
            for m in pattern.finditer(piece):
                # ("Excluding RocketMQ, what is ...": the words before must ask too)
                if _asks(piece[at:m.start()]) and _second_question(piece[at:m.start()], piece[m.end():]):
                    out.append(piece[at:m.start()])
                    at = m.end()
            out.append(piece[at:])
        pieces = out
    return [p.strip(" ,;") for p in pieces if _words(p)]
