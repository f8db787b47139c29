"""`mqbot review`: what went unanswered, most asked first, and the answers users marked
unhelpful, each with the likely fix in the knowledge folder.

Suggestions are worked out now, against the knowledge as it is: each question is read
again, and the words nothing reads are sorted into a product outside the matrix, a word
for a row's synonyms, or a topic the matrix lacks. A question the knowledge has since
learnt to answer says so."""
from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from rapidfuzz import fuzz, process

from .answer import Engine
from .recording import ASKED_BACK, LOW_CONFIDENCE, Asked, Judged
from .text import clean, tokenize

STEM = 5           # letters two words must share at the start to be taken for one word ("durab-")


def when(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Reviewer:
    def __init__(self, engine: Engine):
        self.engine = engine
        kb = engine.kb
        self.kb = kb
        folder = kb.folder or Path(".")
        self.vocabulary, self.attributes = _shown(folder / "vocabulary.yaml"), _shown(folder / "attributes.yaml")
        self.products, self.matrix = _shown(folder / "products.yaml"), _shown(folder / "matrix.yaml")
        self.outside = {o.name for o in kb.other_products}
        self.topics = {t.topic for t in kb.out_of_scope}
        self.known = engine.understander.coverage.known
        self.row_words = {a.id: {w for phrase in [a.label, a.id.replace("_", " "), *a.synonyms] for w in tokenize(phrase)}
                          for a in kb.attributes.values()}
        self.cell_words: dict[str, dict[str, int]] = {}
        for (_, aid), cell in kb.cells.items():
            for w in tokenize(cell.display):
                self.cell_words.setdefault(w, {}).setdefault(aid, 0)
                self.cell_words[w][aid] += 1
        self.names = {alias.lower(): p.id for p in kb.products.values() for alias in [p.name, p.id, *p.aliases]}

    def suggestion(self, question: str) -> str:
        p = self.engine.understander.parse(question)
        for name in p.others:
            return self._product(name)
        for topic in p.topics:
            return self._topic(topic.strip("“”"))
        if p.unread:
            return (f"the grammar does not read “{' '.join(p.unread)}” here: a wording for the language file "
                    "(bot/language), not the knowledge")
        strangers = [w for w in tokenize(clean(question).text) if w.isalpha() and len(w) > 1 and w not in self.known]
        for word in strangers:
            return self._word(word)
        if p.intent not in ASKED_BACK and p.confidence >= LOW_CONFIDENCE:
            return f"answered now, read as {p.reading()}: nothing to add"
        return (f"asked back ({p.unclear or p.intent}): if one of its words names a row, add it to that row's synonyms "
                f"in {self.attributes}; a product, to its aliases in {self.products}")

    def _product(self, name: str) -> str:
        if name in self.outside:
            return (f"“{name}” is a product outside the matrix ({self.vocabulary}: other_products): to answer it, "
                    f"add it to {self.products} and its cells to {self.matrix}")
        near = process.extractOne(name.lower(), self.names, scorer=fuzz.ratio, score_cutoff=75)
        if near is not None:
            pid = near[0]
            return f"if “{name}” is {self.kb.name(pid)}, add it to {self.products}: {pid}.aliases"
        return (f"add {{name: {name}, aliases: [{name.lower()}]}} to {self.vocabulary}: other_products "
                f"(a product outside the matrix), or to a product's aliases in {self.products} if it is one of them")

    def _topic(self, words: str) -> str:
        if words in self.topics:
            return (f"the matrix has no row on {words} ({self.vocabulary}: out_of_scope): add a row to "
                    f"{self.attributes} and its cells to {self.matrix} to answer it")
        return self._word(words)

    def _word(self, word: str) -> str:
        row = self._row_for(word)
        if row is not None:
            return f"add “{word}” to {self.attributes}: {row}.synonyms"
        return (f"add “{word}” to {self.vocabulary}: out_of_scope (a topic the matrix does not cover: "
                f"{{topic: {word}, terms: [{word}]}}), or to a row's synonyms in {self.attributes} if it names one")

    def _row_for(self, words: str) -> str | None:
        """The row a word names: one of the row's words with the same stem ("durable",
        "durability"), or else the row whose cells use the word most."""
        tokens = tokenize(words)
        for aid, own in self.row_words.items():
            if any(_same_stem(t, w) for t in tokens for w in own):
                return aid
        counts: dict[str, int] = {}
        for t in tokens:
            for aid, n in self.cell_words.get(t, {}).items():
                counts[aid] = counts.get(aid, 0) + n
        return max(counts, key=counts.__getitem__) if counts else None


def _same_stem(a: str, b: str) -> bool:
    shared = len(os.path.commonprefix([a, b]))
    return shared >= STEM and shared >= 0.6 * max(len(a), len(b))


def _shown(path: Path) -> str:
    """A path as short as it can be said: relative to the working folder when under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def report(reviewer: Reviewer, asked: Iterable[Asked], judged: Iterable[Judged]) -> dict:
    """The review as `mqbot review --json` prints it."""
    return {
        "unanswered": [{"question": a.question, "count": a.count, "first_seen": when(a.first_seen),
                        "last_seen": when(a.last_seen), "channel": a.channel, "intent": a.intent,
                        "suggestion": reviewer.suggestion(a.question)} for a in asked],
        "unhelpful": [{"question": j.question, "answer": j.answer, "comment": j.comment, "time": when(j.time)}
                      for j in judged],
    }


def lines(review: dict) -> list[str]:
    """The review for a person: one block per question, one per unhelpful answer."""
    out = [f"Unanswered questions, most asked first ({len(review['unanswered'])}):"]
    for a in review["unanswered"]:
        out.append(f"  {a['count']:>4}x  {a['question']}")
        out.append(f"         {a['intent']} on {a['channel']}, first {a['first_seen']}, last {a['last_seen']}")
        out.append(f"         fix: {a['suggestion']}")
    if not review["unanswered"]:
        out.append("  (none)")
    out.append("")
    out.append(f"Unhelpful answers, newest first ({len(review['unhelpful'])}):")
    for j in review["unhelpful"]:
        first = j["answer"].strip().split("\n", 1)[0]
        out.append(f"  {j['time']}  {j['question']}")
        out.append(f"         answered: {first[:160]}{'...' if len(first) > 160 else ''}")
        if j["comment"]:
            out.append(f"         comment: {j['comment']}")
    if not review["unhelpful"]:
        out.append("  (none)")
    return out
