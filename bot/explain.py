"""The words behind a reading, for `mqbot ask --explain`: which sentence was read, and what
each word it used was taken for (a product, a row, a value, a cue of the grammar)."""
from __future__ import annotations

from .focus import focus
from .text import clean, tokenize
from .understand import Understander


def explain(understander: Understander, question: str) -> list[tuple[str, str]]:
    """(words, what they were read as), in the order the question says them."""
    cleaned = clean(question)
    at = focus(cleaned.text)
    out: list[tuple[str, str]] = []
    if not at.whole:
        out.append((at.text, "the sentence that asks (the rest of the message is scene)"))
    tokens = tokenize(at.text if not at.whole else cleaned.text)
    if at.skip or at.cut:
        tag = " ".join(tokens[:at.skip] + tokens[len(tokens) - at.cut:])
        out.append((tag, "a claim tag: the rest is a claim to check"))
        tokens = tokens[at.skip:len(tokens) - at.cut]
    elif at.claim:
        out.append(("(a sentence such as 'Is that right?')", "a claim tag: the rest is a claim to check"))
    mentions, _ = understander.words.find(tokens)
    said = [(m.start, m.surface, ", ".join(_sense(s) for s in m.senses) + ("" if m.score == 1 else " (a typo)"))
            for m in mentions]
    taken = {j for m in mentions for j in range(m.start, m.end)}
    for m in understander._cue_words(tokens, mentions):
        if not set(range(m.start, m.end)) <= taken:
            said.append((m.start, m.surface, "cue: " + ", ".join(s.ref for s in m.senses)))
    out += [(surface, meaning) for _, surface, meaning in sorted(said)]
    return out


def _sense(s) -> str:
    if s.kind in ("value", "level", "feature"):
        return f"{s.kind} {s.ref} of {s.attribute}"
    if s.kind == "attribute":
        return f"row {s.ref}"
    if s.kind == "oos":
        return f"a topic the matrix lacks ({s.ref})"
    if s.kind == "other":
        return f"a product outside the matrix ({s.ref})"
    return f"{s.kind} {s.ref}"
