"""A behaviour a message describes in its own words, matched to the cell whose text states it:
"03:13 slave still serving reads, all writes rejected ... Which product has exactly this
availability behaviour?" is RocketMQ's availability, "an ack once both the primary and the
replica have the message on disk. Which product works that way?" RocketMQ's reliability.

Only asked for by a word that points at the behaviour ("works that way", "this behaviour",
"matches that"). The words are weighed by how few cells use them, a user's word for a cell's
word counts as it (knowledge/vocabulary.yaml `text_synonyms`), and one cell must stand out:
enough of its words met, and clearly more than any other product's cell, or nothing is claimed."""
from __future__ import annotations

import math
from collections import Counter

from .cell_text import DENIALS, denied_at, stem
from .cues import STOPWORDS, Cues
from .facts import satisfies
from .lexicon import Mention
from .loader import Knowledge
from .parse import Parse
from .text import tokenize

_LEAST_WORDS = 4        # words of the description the cell must have
_MARGIN = 1.5           # ... weighing this much more than any other product's best cell
_CELL_WORDS = 4         # a cell of fewer words ("Yes", "CRC") describes no behaviour


class Described:
    """Built once per knowledge; `read` is pure but for the parse it fills."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        self.synonyms = {stem(k): stem(v) for k, v in kb.text_synonyms.items()}
        self.denials = frozenset(stem(w) for w in DENIALS)     # (read as stems: "avoided" is "avoid")
        self.cell_words = {key: tokenize(cell.display) for key, cell in kb.cells.items()}
        self.cells: dict[tuple[str, str], frozenset[str]] = {}
        for key, words in self.cell_words.items():
            stems = frozenset(stem(w) for w in words if w.isalpha() and w not in STOPWORDS)
            if len(stems) >= _CELL_WORDS:
                self.cells[key] = stems
        used = Counter(w for words in self.cells.values() for w in words)
        self.weight = {w: math.log(len(self.cells) / n) for w, n in used.items()}

    def _denies(self, words, met: set[str]) -> bool:
        """A denial a few words from one of the words met ("rejected" counts as one, by the synonyms)."""
        read = [self.synonyms.get(stem(w), stem(w)) for w in words]
        return any(denied_at(read, i, self.denials) for i, w in enumerate(read) if w in met)

    def read(self, p: Parse, tokens, mentions: list[Mention], cues: Cues) -> None:
        """The words before the pointer (but product names), matched to the cells of the rows
        named beside it ("this availability behaviour"; all rows, if none); the one cell that
        stands out is what was found."""
        spans = cues.at["behaviour"]
        end, last = min(s for s, _ in spans), max(e for _, e in spans)
        rows = [s.ref for m in mentions if end - 1 <= m.start <= last for s in m.of("attribute")]
        left_out = {j for m in mentions if m.of("product") for j in range(m.start, m.end)}
        said: dict[str, str] = {}
        for i in range(end):
            word = tokens[i]
            if i in left_out or not word.isalpha() or word in STOPWORDS:
                continue
            s = stem(word)
            said.setdefault(self.synonyms.get(s, s), word)
        scored = sorted(((sum(self.weight[w] for w in said.keys() & words), key)
                         for key, words in self.cells.items() if not rows or key[1] in rows), reverse=True)
        if not scored:
            return
        best, cell = scored[0]
        met = [word for s, word in said.items() if s in self.cells[cell]]
        rival = next((score for score, key in scored[1:] if key[0] != cell[0]), 0.0)
        if len(met) < _LEAST_WORDS or best < _MARGIN * rival:
            return
        # the description and the cell deny the same ("the slave took over writes" is not "does
        # not write"), and the product passes the tests the message states ("we need rewind and
        # security. Which products do that?")
        stems = {self.synonyms.get(stem(w), stem(w)) for w in met}
        if self._denies(tokens[:end], stems) != self._denies(self.cell_words[cell], stems) \
                or not all(satisfies(self.kb, cell[0], c) for c in p.conditions):
            return
        p.found, p.found_in, p.found_cells, p.described = [" ".join(met)], [cell[0]], [cell], True
        p.products, p.attributes, p.conditions, p.needs = [cell[0]], [cell[1]], [], []
        # (a subject the matrix lacks, named in the description, is part of what matched)
        described = {s.ref for m in mentions if m.end <= end for s in m.of("oos")}
        p.topics = [t for t in p.topics if t not in described]
