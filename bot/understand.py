"""Question text + previous context → Parse: what is asked, about which products and rows."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from .context import Condition, Context
from .cues import CUE_WORDS, STOPWORDS, cue_lexicon
from .lexicon import Lexicon, Mention, Sense
from .loader import Knowledge
from .text import clean, parse_number, tokenize

COMPARATORS = ("gt", "ge", "lt", "le", "eq")
_WORD = re.compile(r"[A-Za-z0-9]+")
_ROWS = frozenset(("attribute", "value", "level"))           # sense kinds that name a matrix row
_TESTED = frozenset(("value", "level", "feature"))           # ... and those that test one
_CLAUSES = re.compile(r"[.!?:;,]+\s+|\s+-\s+")     # where a chatty preamble ends
WHY_WORDS = frozenset("why how come is that so explain the reason reasons really again".split())
WHICH_WORDS = frozenset("which ones one are they those them what name list show me please".split())
OP = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "="}
HOW_MANY = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}


@dataclass
class Parse:
    intent: str
    text: str = ""
    products: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    others: list[str] = field(default_factory=list)      # products outside the matrix
    excluded: list[str] = field(default_factory=list)    # "other than CMQ": left out of the scope
    found: list[str] = field(default_factory=list)       # terms read in the cells' own text ("zookeeper")
    found_in: list[str] = field(default_factory=list)    # the products whose cells use them
    found_cells: list[tuple[str, str]] = field(default_factory=list)   # and the cells to show
    figure: bool = False                                 # what was found is a percentage ("99.95%")
    topics: list[str] = field(default_factory=list)      # subjects the matrix lacks
    glossary: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    direction: str = "desc"
    aggregate: str | None = None
    any_of: bool = False
    asks_yes_no: bool = False
    from_context: bool = False
    ambiguous: list[tuple[str, list[str]]] = field(default_factory=list)
    smalltalk: str | None = None
    inherited: str | None = None                         # intent carried from the last turn
    unclear: str | None = None                           # for clarify: "product", "needs" or "row"
    bare_term: bool = False                              # the question is only a glossary term ("ISR?")
    place: int = 1                                       # "the second highest": 2
    top: int = 1                                         # "the two highest", "top 3": 2, 3
    asks_same: bool = False                              # "do they use the same ...?"
    groups_same: bool = False                            # "which use the same ...?", "the most common ..."
    in_common: bool = False                              # "what do CKafka and CMQ have in common?"
    pure_term: bool = False                              # glossary terms that are no matrix row
    confidence: float = 1.0

    def reading(self) -> tuple:
        """What reason() and the templates read from this parse, as a hashable key: every
        field but the text, which only a clarifying question quotes back."""
        key = tuple(_hashable(getattr(self, name)) for name in _READ_FIELDS)
        return key + (self.text,) if self.intent == "clarify" else key


def _contains(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return any(tokens[i:i + len(phrase)] == phrase for i in range(len(tokens) - len(phrase) + 1))


def _hashable(value):
    return tuple(_hashable(v) for v in value) if isinstance(value, (list, tuple)) else value


_READ_FIELDS = tuple(f.name for f in fields(Parse) if f.name != "text")

# Cues whose words must not also count on their own: "at least" is no superlative,
# "more than 150k" no comparison of products, "how many times" no count.
ENCLOSING = frozenset(COMPARATORS + ("diff", "ratio", "except"))
JOINERS = frozenset(("and", "or", "nor"))


class Cues:
    """Where the cue words of one question are."""

    def __init__(self, mentions: list[Mention]):
        self.at: dict[str, list[tuple[int, int]]] = {}
        outer = [(m.start, m.end) for m in mentions if m.end - m.start > 1
                 and any(s.ref in ENCLOSING for s in m.senses)]
        for m in mentions:
            inside = any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in outer)
            if inside:
                continue
            for s in m.senses:
                self.at.setdefault(s.ref, []).append((m.start, m.end))

    def has(self, *names: str) -> bool:
        return not self.at.keys().isdisjoint(names)

    def first(self, name: str) -> int | None:
        spans = self.at.get(name)
        return min(s for s, _ in spans) if spans else None

    def starts(self, name: str) -> bool:
        return self.first(name) == 0

    def ends_at(self, name: str, index: int) -> bool:
        return any(e == index for _, e in self.at.get(name, ()))


class Understander:
    """Built once per knowledge; `parse` is pure."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        entries: list[tuple[str, Sense]] = []
        for p in kb.products.values():
            entries += [(a, Sense("product", p.id)) for a in p.aliases + [p.name, p.id]]
        for o in kb.other_products:
            entries += [(a, Sense("other", o.name)) for a in o.aliases + [o.name]]
        for a in kb.attributes.values():
            entries += [(w, Sense("attribute", a.id)) for w in a.synonyms + a.opposites + [a.label]]
            for v in a.values:
                entries += [(t, Sense("value", v.id, a.id)) for t in v.terms]
            for lv in a.levels:
                entries += [(t, Sense("level", lv.id, a.id)) for t in lv.terms]
            for f in a.features:
                entries += [(t, Sense("feature", f.id, a.id)) for t in f.terms]
        for topic in kb.out_of_scope:
            entries += [(t, Sense("oos", topic.topic)) for t in topic.terms]
        self.words = Lexicon(entries, no_fuzzy=kb.not_fuzzy, skip=STOPWORDS | CUE_WORDS)
        self.glossary = Lexicon([(alias, Sense("glossary", t.id))
                                 for t in kb.glossary.values() for alias in t.aliases + [t.term]])
        self.needs = Lexicon([(ph, Sense("need", n.id)) for n in kb.needs for ph in n.phrases])
        self.cues = cue_lexicon()
        self.numeric = [a.id for a in kb.attributes.values() if a.kind == "number"]
        self.opposites = {tokenize(w): a.id for a in kb.attributes.values() for w in a.opposites}
        # every word the bot knows: a capitalised word outside it may name another product
        self.known_words = frozenset(w for lex in (self.words, self.glossary, self.needs, self.cues)
                                     for key in lex.phrases() for w in key) | STOPWORDS
        # the cells whose own text uses a glossary term, for questions that name no row but
        # such a term ("Does Kafka need zookeeper?", "Which product has a name server?")
        self.cell_tokens = {key: tokenize(cell.display) for key, cell in kb.cells.items()}
        # percentages the cells state ("guarantees an availability of 99.95%")
        self.cell_figures = {key: [float(w[:-1]) for w in words if w.endswith("%") and parse_number(w[:-1])]
                             for key, words in self.cell_tokens.items()}
        self.cell_figures = {key: figures for key, figures in self.cell_figures.items() if figures}
        self.term_cells: dict[str, list[tuple[str, str]]] = {}
        for term in kb.glossary.values():
            phrases = [tokenize(alias) for alias in term.aliases + [term.term]]
            self.term_cells[term.id] = [key for key, words in self.cell_tokens.items() if any(
                _contains(words, ph) for ph in phrases if ph)]
        # "Is RabbitMQ's throughput large?": a level named by its bare label
        self.level_words = {
            a.id: sorted(((tokenize(lv.label), lv.id) for lv in a.levels), key=lambda x: -len(x[0]))
            for a in kb.attributes.values() if a.kind == "ordinal"}

    # -- entry point ---------------------------------------------------------
    def parse(self, question: str, context: Context | None = None) -> Parse:
        cleaned = clean(question)
        tokens = cleaned.tokens
        mentions, ambiguous = self.words.find(tokens)
        cues = Cues(self.cues.find_all(tokens))
        p = Parse(intent="unknown", text=cleaned.text)
        p.confidence = min((m.score for m in mentions), default=1.0)

        for m in mentions:
            # one phrase, several rows ("lose messages"): the rated row before the list row
            senses = sorted(m.senses, key=lambda s: s.kind == "attribute" and self.kb.attributes[s.ref].kind == "list")
            for s in senses:
                if s.kind == "product" and s.ref not in p.products:
                    p.products.append(s.ref)
                elif s.kind == "other" and s.ref not in p.others:
                    p.others.append(s.ref)
                elif s.kind == "oos" and s.ref not in p.topics:
                    p.topics.append(s.ref)
                elif s.kind == "attribute" and s.ref not in p.attributes:
                    p.attributes.append(s.ref)
                elif s.kind in ("value", "level", "feature") and s.attribute not in p.attributes:
                    p.attributes.append(s.attribute)
        self._prefer_named_rows(p, mentions, cues)
        p.excluded = self._excluded(tokens, mentions, cues)
        p.products = [pid for pid in p.products if pid not in p.excluded]
        if not p.others and (not p.products and (p.attributes or cues.has("overview", "compare") or cues.starts("aux"))
                             or len(p.products) == 1 and cues.has("compare")):
            p.others = self._unknown_names(cleaned.text)
        for word, senses in ambiguous:
            ids = list(dict.fromkeys(s.ref for s in senses if s.kind == "product"))
            if len(ids) > 1:
                p.ambiguous.append((word, ids))
        p.conditions = self._conditions(tokens, mentions, cues)
        found = self.glossary.find(tokens, fuzzy=False)[0]
        p.glossary = list(dict.fromkeys(s.ref for m in found for s in m.senses))
        # a definition question names nothing but glossary terms ("what does QPS stand for")
        inside = {j for m in found for j in range(m.start, m.end)}
        self_contained = all(j in inside for m in mentions for j in range(m.start, m.end)
                             if not _ROWS.isdisjoint(m.kinds))
        # a term that is no row or value of the matrix ("name server", "mirror queue")
        rows_at = {j for m in mentions if not _ROWS.isdisjoint(m.kinds)
                   for j in range(m.start, m.end)}
        p.pure_term = bool(found) and all(not rows_at.intersection(range(m.start, m.end)) for m in found)
        # a bare row name ("throughput") asks for every product's cell, not a definition
        p.bare_term = len(found) == 1 and found[0].end - found[0].start == len(tokens) and not any(
            "attribute" in m.kinds for m in mentions)
        if cues.has("recommend", "superl_desc", "compar_desc"):      # needs matter only when asked for
            p.needs = list(dict.fromkeys(s.ref for m in self.needs.find(tokens, fuzzy=False)[0]
                                         for s in m.senses))
        p.any_of = self._any_of(mentions, cues)
        p.asks_yes_no = cues.starts("aux") or (cues.starts("followup") and cues.first("aux") == 1) \
            or self._yes_no_after_preamble(cleaned.text, mentions, cues)
        p.place = 3 if cues.has("third") else 2 if cues.has("second") else 1
        p.top = self._how_many_top(tokens, cues)
        p.asks_same = cues.has("same") and p.asks_yes_no
        p.in_common = cues.has("same", "common") and not p.asks_yes_no and not p.attributes and not p.conditions
        p.groups_same = cues.has("same", "common") and not p.asks_yes_no and not p.conditions and len(
            [a for a in p.attributes if not self.kb.attributes[a].rankable]) == 1
        if cues.has("order_asc", "order_desc"):          # "from lowest to highest"
            p.direction = "asc" if cues.has("order_asc") else "desc"
        else:
            p.direction = "asc" if cues.has("superl_asc", "compar_asc") and not cues.has("superl_desc") else "desc"
        # "least likely to lose data": the least of a row's opposite is the most of the row
        # ("can not lose", "never lose": a negated opposite is the row itself)
        negations = {start for start, _ in cues.at.get("neg", ())}
        if any(self.opposites.get(tokens[m.start:m.end]) in p.attributes
               and not negations.intersection((m.start - 1, m.start - 2)) for m in mentions):
            p.direction = "asc" if p.direction == "desc" else "desc"
        if not self_contained:
            p.glossary = []
        if p.asks_yes_no and p.products and not p.conditions:
            p.conditions = self._level_by_label(tokens, p.attributes)
        if found and not (p.attributes or p.conditions or p.topics or p.others or p.needs or p.ambiguous) \
                and not cues.has("overview", "define"):
            self._read_cells(p, found)
        if not p.found and any(t.endswith("%") for t in tokens):
            self._read_figures(p, tokens, cues)
        self._resolve_context(p, cues, tokens, context)
        if p.excluded:
            p.products = [pid for pid in p.products if pid not in p.excluded]
        p.intent = self._intent(p, cues, tokens)
        if p.intent == "clarify" or p.ambiguous:
            p.confidence = min(p.confidence, 0.5)
        elif p.intent == "unknown" and not (p.others or p.topics):
            p.confidence = 0.2          # nothing recognised at all
        return p

    # -- conditions (filters, yes/no, counts) --------------------------------
    def _conditions(self, tokens, mentions: list[Mention], cues: Cues) -> list[Condition]:
        neg_at = {s for s, _ in cues.at.get("neg", ())}
        if len(tokens) > 1 and tokens[1] == "not" and cues.starts("aux"):
            neg_at.discard(1)         # "Isn't CMQ written in Go?" asks whether it is
        only_at = {s for s, _ in cues.at.get("only", ())}
        breaks = {s for name in ("and", "or") for s, _ in cues.at.get(name, ())}
        valued = {s.attribute for m in mentions for s in m.senses if s.kind in ("value", "level", "feature")}
        out: list[Condition] = []
        negate = negate_carried = False
        mention_at = {m.start: m for m in mentions}
        i = 0
        while i < len(tokens):
            if i in breaks and not negate:
                # "lack monitoring and security": a conjunction right before the next
                # condition carries the negation over; anything else ends it (one before the
                # first condition, "lack both rewind and push", leaves it pending)
                negate = negate_carried and (i + 1) in mention_at
            if i in neg_at:
                negate = not negate       # "do not lack monitoring": two negations cancel
            m = mention_at.get(i)
            if m is None:
                i += 1
                continue
            made = [c for c in self._conditions_of(m, valued, negate) if c not in out]
            if any(j in only_at for j in (m.start - 2, m.start - 1, m.end, m.end + 1)):
                made = [Condition(c.attribute, "only", c.ref, negated=c.negated)
                        if c.test == "value" and self.kb.attributes[c.attribute].kind == "set" else c for c in made]
            if made:
                out.extend(made)
                negate_carried = negate
                negate = False
            i = m.end
        out.extend(self._numeric_conditions(tokens, mentions, cues))
        return out

    def _conditions_of(self, m: Mention, valued: set[str], negate: bool) -> list[Condition]:
        made = []
        for s in m.senses:
            if s.kind == "value":
                attr = self.kb.attributes[s.attribute]
                value = attr.value(s.ref)
                if value is not None and value.absent:
                    made.append(Condition(s.attribute, "has", negated=not negate))
                else:
                    made.append(Condition(s.attribute, "value", s.ref, negated=negate))
            elif s.kind == "level":
                made.append(Condition(s.attribute, "level", s.ref, negated=negate))
            elif s.kind == "feature":
                made.append(Condition(s.attribute, "feature", s.ref, negated=negate))
            elif s.kind == "attribute" and s.ref not in valued:
                kind = self.kb.attributes[s.ref].kind
                if kind == "flag" or (kind in ("category", "set") and any(
                        v.absent for v in self.kb.attributes[s.ref].values)):
                    made.append(Condition(s.ref, "has", negated=negate))
        return made

    def _numeric_conditions(self, tokens, mentions: list[Mention], cues: Cues) -> list[Condition]:
        out = []
        taken = {j for m in mentions for j in range(m.start, m.end)}
        numeric_mentioned = [s.ref for m in mentions for s in m.senses
                             if s.kind == "attribute" and s.ref in self.numeric]
        attr = numeric_mentioned[0] if numeric_mentioned else (self.numeric[0] if self.numeric else None)
        if attr is None:
            return out
        # positions of the two numbers in "between X and Y"
        between = [(i + 1, i + 3) for i in range(len(tokens) - 3)
                   if tokens[i] == "between" and tokens[i + 2] == "and"]
        for i, tok in enumerate(tokens):
            if i in taken:
                continue
            value = parse_number(tok)
            if value is None:
                continue
            if any(i in pair for pair in between):      # "between 110k and 210k"
                if value >= 1000 or tok[-1:] in ("k", "m"):
                    low = any(i == first for first, _ in between)
                    out.append(Condition(attr, "number", op=">=" if low else "<=", number=value))
                continue
            op = next((c for c in COMPARATORS if cues.ends_at(c, i)), None)
            if op is None and i >= 2:   # "more than a 100k"
                op = next((c for c in COMPARATORS if cues.ends_at(c, i - 1)), None)
            if op is None:              # "200,000 or more"
                op = next((c for c in ("ge", "le") if any(s == i + 1 for s, _ in cues.at.get(c, ()))), None)
            if value < 1000 and tok.isdigit():   # "more than 2" counts things, it is no QPS
                continue
            if op is None and numeric_mentioned:
                op = "ge"                   # "Can RabbitMQ do 150k QPS?": reach at least that
            if op is None:
                continue
            out.append(Condition(attr, "number", op=OP[op], number=value))
        return out

    def _read_cells(self, p: Parse, terms: list[Mention]) -> None:
        """Cells whose text uses a term the question names and no row does: "Does Kafka need
        zookeeper?" reads Kafka's scalability, where the matrix mentions it. The words as
        typed are looked for first ("asynchronous flush" is not "synchronous flush"), then
        the term's other names. Asked about a product whose cells do not use the term, the
        same rows of the products whose cells do are shown beside it."""
        cells: list[tuple[str, str]] = []
        for m in terms:
            typed = tuple(m.surface.lower().split())
            forms = {typed, typed[:-1] + (typed[-1].rstrip("s"),), typed[:-1] + (typed[-1] + "s",)}
            hits = [key for key, words in self.cell_tokens.items() if any(_contains(words, f) for f in forms)] \
                or [c for s in m.senses for c in self.term_cells.get(s.ref, ())]
            if hits:
                p.found.append(m.surface)
                cells += [c for c in hits if c not in cells]
        if not cells:
            return
        p.found_in = [pid for pid in self.kb.products if any(c[0] == pid for c in cells)]
        shown = [c for c in cells if c[0] in p.products] if p.products else cells
        missing = [pid for pid in p.products if pid not in p.found_in]
        if missing:
            # the asked products' same rows, beside those of the products that use the term
            rows = [aid for aid in self.kb.attributes if any(c[1] == aid for c in cells)]
            shown = [(pid, aid) for pid in missing for aid in rows] + (shown or cells)
        p.found_cells = shown
        p.products = list(dict.fromkeys(pid for pid, _ in p.found_cells))
        p.attributes = list(dict.fromkeys(aid for _, aid in p.found_cells))

    def _read_figures(self, p: Parse, tokens, cues: Cues) -> None:
        """A percentage is read where cells state one: "Which products guarantee 99.95%
        availability?", "Which ones have an SLA above 99.9%?" (only CKafka's cell says)."""
        words = {"gt": "above", "ge": "of at least", "lt": "below", "le": "of at most"}
        for i, token in enumerate(tokens):
            value = parse_number(token[:-1]) if token.endswith("%") else None
            if value is None:
                continue
            op = next((c for c in ("gt", "ge", "lt", "le", "eq") if cues.ends_at(c, i)), "eq")
            test = {"gt": value.__lt__, "ge": value.__le__, "lt": value.__gt__, "le": value.__ge__,
                    "eq": value.__eq__}[op]
            cells = [key for key, figures in self.cell_figures.items() if any(test(f) for f in figures)
                     and (not p.attributes or key[1] in p.attributes) and (not p.products or key[0] in p.products)]
            if cells:
                p.found = [f"a figure {words[op]} {token}" if op in words else token]
                p.found_in = [pid for pid in self.kb.products if any(c[0] == pid for c in cells)]
                p.found_cells, p.figure = cells, True
                p.products = list(dict.fromkeys(pid for pid, _ in cells))
                p.attributes = list(dict.fromkeys(aid for _, aid in cells))
                p.conditions = []
                return

    @staticmethod
    def _how_many_top(tokens, cues: Cues) -> int:
        """"top 3", "the two fastest", "the best three", "which two have the highest ...": a
        count right beside a superlative, or asked for by "which"."""
        superlatives = [span for name in ("superl_desc", "superl_asc") for span in cues.at.get(name, ())]
        if not superlatives:
            return 1
        for i, token in enumerate(tokens):
            n = HOW_MANY.get(token)
            if n and (any(i == end or i + 1 == start for start, end in superlatives)
                      or i > 0 and tokens[i - 1] in ("which", "what")):
                return n
        return 1

    def _any_of(self, mentions: list[Mention], cues: Cues) -> bool:
        """"or" between the conditions, whatever joins the products: "Are CMQ and Kafka
        written in C++ or Java?" asks about either language."""
        tested = [m for m in mentions if not _TESTED.isdisjoint(m.kinds) or any(
            self.kb.attributes[s.ref].kind == "flag" for s in m.of("attribute"))]
        if len(tested) < 2:
            return cues.has("or") and not cues.has("and")
        lo, hi = tested[0].end, tested[-1].start
        between = lambda name: any(lo <= start < hi for start, _ in cues.at.get(name, ()))  # noqa: E731
        return between("or") and not between("and")

    def _prefer_named_rows(self, p: Parse, mentions: list[Mention], cues: Cues) -> None:
        """"The second fastest in the stress test": "fastest" is the superlative there, and
        the stress test the row. A row named only by a comparative word yields to another
        row named in the question that measures the same thing."""
        comparatives = {span for name in ("superl_desc", "superl_asc", "compar_desc", "compar_asc")
                        for span in cues.at.get(name, ())}
        by_comparative_only: dict[str, bool] = {}
        for m in mentions:
            for s in m.of("attribute"):
                by_comparative_only[s.ref] = by_comparative_only.get(s.ref, True) and (m.start, m.end) in comparatives
        groups: dict[str, list[str]] = {}
        for aid in p.attributes:
            if self.kb.attributes[aid].measures:
                groups.setdefault(self.kb.attributes[aid].measures, []).append(aid)
        for aids in groups.values():
            named = [a for a in aids if not by_comparative_only.get(a, False)]
            if named and len(named) < len(aids):
                p.attributes = [a for a in p.attributes if a in named or a not in aids]

    @staticmethod
    def _yes_no_after_preamble(text: str, mentions: list[Mention], cues: Cues) -> bool:
        """"quick q: does RocketMQ do push?", "hi! is CMQ written in C++?": a yes/no question
        after a clause that names nothing."""
        first = min((m.start for m in mentions), default=None)
        at = 0
        for clause in _CLAUSES.split(text)[:-1]:
            at += len(tokenize(clause))
            if first is not None and at > first:
                return False
            if any(start == at for start, _ in cues.at.get("aux", ())) and not any(
                    start < at for start, _ in cues.at.get("wh", ())):
                return True
        return False

    @staticmethod
    def _excluded(tokens, mentions: list[Mention], cues: Cues) -> list[str]:
        """Products named right after "other than", "besides", "except (for)" and joined by
        "and"/"or": "any product with Raft other than CMQ?" asks about the other four."""
        out: list[str] = []
        by_start = {m.start: m for m in mentions if m.of("product")}
        for _, end in cues.at.get("except", ()):
            at = end + 1 if end < len(tokens) and tokens[end] in ("for", "the") else end
            while at in by_start:
                m = by_start[at]
                out += [s.ref for s in m.of("product") if s.ref not in out]
                at = m.end + 1 if m.end < len(tokens) and tokens[m.end] in JOINERS else m.end
        return out

    # -- follow-ups -------------------------------------------------------------
    def _resolve_context(self, p: Parse, cues: Cues, tokens, context: Context | None) -> None:
        if context is None or not context.intent:
            return
        if "why" in tokens and set(tokens) <= WHY_WORDS:
            # "why?": the last question again, so its reasons are shown
            p.products, p.attributes = list(context.products), list(context.attributes)
            p.conditions, p.needs = list(context.conditions), list(context.needs)
            p.direction, p.aggregate = context.direction, context.aggregate
            p.inherited, p.from_context = context.intent, True
            return
        if context.intent in ("count", "filter") and context.conditions and "which" in tokens \
                and set(tokens) <= WHICH_WORDS:
            # "How many support push?" → "which ones?": the same question as a list
            p.products, p.conditions = list(context.products), list(context.conditions)
            p.from_context, p.inherited = bool(context.products), "filter"
            return
        bare_compare = cues.has("compare") and not (p.products or p.attributes or p.others)
        followup = cues.starts("followup") or (cues.has("followup") and len(tokens) <= 4) or bare_compare
        refers = cues.has("anaphor") or bare_compare      # "what's the difference?"
        # "reliability?" after a product: its row; "which products support rewind?" is a new question
        only_rows = bool(p.attributes) and not p.products and not p.conditions and not cues.has("list_products") \
            and len([t for t in tokens if t not in STOPWORDS]) <= 3
        results = context.intent in ("filter", "count", "rank", "recommend") and context.matches
        if context.intent == "rank" and (followup or only_rows) and not refers and not p.products and not p.conditions \
                and not cues.has("overview", "compare", "count") and (cues.has("second", "third") or any(
                    self.kb.attributes[a].rankable for a in p.attributes)):
            # "and the second?", "in the stress test?": the same ranking, one step on
            p.attributes = [a for a in p.attributes if self.kb.attributes[a].rankable] or list(context.attributes)
            if not cues.has("superl_desc", "superl_asc", "compar_desc", "compar_asc", "order_asc", "order_desc"):
                p.direction = context.direction
            p.products = [pid for pid in context.products if pid not in p.excluded] \
                if len(context.products) < len(self.kb.products) else []
            p.inherited = "rank"
            return
        if context.intent == "recommend" and p.products and not (p.attributes or p.conditions or p.needs) \
                and ("why" in tokens or followup):
            # "Recommend something for finance" → "why not Kafka?", "what about RocketMQ?"
            p.needs, p.conditions = list(context.needs), list(context.conditions)
            p.attributes, p.inherited = list(context.attributes), "recommend"
            return
        if context.intent == "glossary" and context.conditions and refers and not (p.conditions or p.attributes):
            # "What is ISR?" → "which products use it?", "does Kafka use it?"
            p.conditions, p.attributes = list(context.conditions), list(context.attributes)
            if "of" in tokens and not {"them", "those", "these"}.isdisjoint(tokens) and context.products:
                p.products, p.from_context = list(context.products), True     # "which of them uses it?"
            return
        if context.intent == "recommend" and followup and not p.products and (p.conditions or p.needs) \
                and not cues.has("count", "compare"):
            # "I need high reliability" → "and push delivery too": the criteria add up
            p.needs = list(dict.fromkeys(context.needs + p.needs))
            p.conditions = list(dict.fromkeys(context.conditions + p.conditions))
            p.attributes = list(dict.fromkeys(context.attributes + p.attributes))
            p.inherited = "recommend"
            return
        if not p.products and not p.others and not cues.has("all") and (followup or refers or only_rows):
            # "which of those ...": the last result ("it" after a ranking: its winner);
            # "and its throughput?": the last products
            if results and refers:
                one = cues.has("anaphor_one") and context.intent in ("rank", "recommend")
                scope = context.matches[:1] if one else context.matches
            else:
                scope = context.products
            if len(scope) < 2 and len(context.recent) >= 2 and (cues.has("compare") or refers and cues.has(
                    "compar_desc", "compar_asc", "superl_desc", "superl_asc") and not cues.has("anaphor_one")):
                # "what's the difference?", "which of them is faster?" after lookups of one product each
                scope = context.recent
            if scope and p.top <= len(scope) and not (
                    len(scope) == 1 and cues.has("superl_desc", "superl_asc") and not p.asks_yes_no):
                # (one product is no field to rank: "and the slowest?" after a lookup ranks all;
                # nor are two a top three)
                p.products = list(scope)
                p.from_context = True
        elif p.products and refers and cues.has("compare"):
            # "how does it compare to CKafka?": the last products and the new one
            p.products = list(dict.fromkeys(context.products + p.products))
            p.from_context = True
        if cues.has("count") and not (p.products or p.attributes or p.conditions) and context.conditions:
            p.conditions = list(context.conditions)        # "how many are there?": of the last answer's scope
            if context.intent in ("filter", "count") and context.products:
                p.products, p.from_context = list(context.products), True
        if context.intent == "yes_no" and (followup or only_rows) and p.from_context and p.conditions:
            p.asks_yes_no, p.inherited = True, "yes_no"      # "Does CKafka support rewind?" → "and security?"
        ranks = [a for a in context.attributes if self.kb.attributes[a].rankable]
        if not p.attributes and ranks and (followup or refers) and not cues.has("overview") and cues.has(
                "compar_desc", "compar_asc", "superl_desc", "superl_asc"):
            p.attributes = ranks[:1]                      # "which one is better?" on the last row
        if followup and not p.attributes and not p.conditions and not p.others \
                and not cues.has("overview") and (bare_compare or not cues.has("compare")):
            # "What about RocketMQ?" / "and Kafka?": the same question about new products
            p.attributes = list(context.attributes)
            p.conditions = list(context.conditions)
            if bare_compare:
                pass                            # the intent follows from "difference"/"compare"
            elif p.products and context.intent == "compare" and not p.from_context:
                p.products = list(dict.fromkeys(context.products + p.products))
                p.inherited = "compare"
            elif p.products and context.intent in ("yes_no", "overview", "lookup"):
                p.asks_yes_no = context.intent == "yes_no"
                p.inherited = context.intent
            elif p.products and context.intent in ("filter", "count") and p.conditions:
                p.asks_yes_no = True
                p.inherited = "yes_no"

    def _unknown_names(self, text: str) -> list[str]:
        """Capitalised words the bot does not know, as in "Is Kestrel written in Java?": a
        product outside the matrix, which must not turn into a question about all five."""
        names, current = [], []
        for i, word in enumerate(_WORD.findall(text)):
            lowered = word.lower()
            unknown = (i > 0 and word[0].isupper() and not any(c.isdigit() for c in word)
                       and lowered not in self.known_words
                       and lowered.rstrip("s") not in self.known_words)
            if unknown or (lowered.endswith("mq") and lowered not in self.known_words):
                current.append(word)
            elif current:
                names.append(" ".join(current))
                current = []
        if current:
            names.append(" ".join(current))
        return names

    def _level_by_label(self, tokens, attributes: list[str]) -> list[Condition]:
        text = " " + " ".join(tokens) + " "
        for aid in attributes:
            for words, level in self.level_words.get(aid, ()):
                if f" {' '.join(words)} " in text:
                    return [Condition(aid, "level", level)]
        return []

    # -- intent --------------------------------------------------------------------
    def _intent(self, p: Parse, cues: Cues, tokens) -> str:
        kb = self.kb
        entity = bool(p.products or p.attributes or p.others or p.conditions or p.needs)
        if not tokens:
            return "help"
        if p.ambiguous and not p.products:
            p.unclear = "product"
            return "clarify"
        if p.inherited:
            return p.inherited
        if p.found:
            return "lookup"             # the cells that use the term the question names
        if p.glossary and p.products and p.pure_term and cues.has("define") and not p.attributes:
            return "glossary"                  # "what's the name server in RocketMQ?"
        # ("the throughput of the products that support push" asks of products, defines nothing)
        if p.glossary and not p.products and not p.others and not p.needs and not cues.has("all") \
                and "products" not in tokens and (
                cues.has("define") or p.bare_term) and not cues.has("count", "recommend") \
                and not (cues.first("wh") == 0 and tokens[0] in ("which", "list", "show")):
            return "glossary"
        if not entity and not p.topics:
            for kind in ("whoami", "greet", "thanks", "bye"):
                if cues.has(kind) and not cues.has("help", "list_attributes", "list_products"):
                    p.smalltalk = kind
                    return "smalltalk"
            if cues.has("help"):
                return "help"
            if cues.has("overview", "compare") and cues.has("all"):
                return "compare"                  # "an overview of all products"
            if cues.has("count") and cues.has("list_attributes"):
                return "list_attributes"
            if cues.has("list_products") or (cues.has("count") and "products" in tokens):
                return "count" if cues.has("count") else "list_products"
            if cues.has("list_attributes"):
                return "list_attributes"
            if cues.has("compare"):
                return "compare"                  # "compare all five", "compare everything"
            if cues.has("recommend") and (p.needs or cues.has("superl_desc")):
                return "recommend"
            if cues.has("recommend"):
                p.unclear = "needs"
                return "clarify"
            if cues.has("superl_desc", "superl_asc", "compar_desc", "compar_asc") and not p.topics:
                p.unclear = "row"
                return "clarify"
            return "unknown"
        if p.others and not p.products:
            return "unknown"
        if p.others:
            # "Is ActiveMQ faster than RabbitMQ?": say what the matrix has on the known side only
            if p.attributes:
                return "lookup"
            return "overview" if len(p.products) == 1 else "compare"
        if p.topics and not p.attributes and not p.conditions and not (p.needs and cues.has("recommend", "superl_desc")):
            return "unknown"
        weighable = p.needs or p.conditions or any(kb.attributes[a].rankable for a in p.attributes)
        if (cues.has("recommend") and weighable or
                p.needs and cues.has("superl_desc") and not p.attributes) and not cues.has("count"):
            return "recommend"
        if cues.has("count") and (p.conditions or not p.products):
            return "count"
        numeric = [a for a in p.attributes if kb.attributes[a].kind == "number"]
        if not p.attributes and len(p.products) == 2 and cues.has("ratio", "diff") and self.numeric:
            numeric = p.attributes = self.numeric[:1]      # "By what factor does CKafka outperform RocketMQ?"
        if not numeric and cues.has("avg", "median", "sum", "diff", "ratio", "range"):
            # "How much faster is CKafka than CMQ?": arithmetic needs the row that measures speed in numbers
            # ("average throughput" names a level: that stays a filter)
            leveled = {c.attribute for c in p.conditions if c.test in ("level", "value")}
            numeric = [b.id for a in p.attributes if kb.attributes[a].measures and a not in leveled
                       for b in kb.attributes.values()
                       if b.kind == "number" and b.measures == kb.attributes[a].measures][:1]
            if numeric:
                p.attributes = numeric + [a for a in p.attributes if kb.attributes[a].measures != kb.attributes[numeric[0]].measures]
        if numeric and cues.has("avg", "median", "sum", "diff", "ratio", "max", "min", "range") \
                and not cues.has("superl_desc", "superl_asc") or (numeric and cues.has("diff", "ratio")):
            p.aggregate = next(a for a in ("ratio", "diff", "range", "median", "avg", "sum", "max", "min") if cues.has(a))
            return "aggregate"
        numbered = any(c.test == "number" for c in p.conditions)
        # "Is CMQ's throughput higher than RabbitMQ's?", "lower than CMQ": a comparator with
        # no number after it compares products, as "higher ... than" does
        than_product = cues.has("gt", "lt") and not numbered and bool(p.products) and not p.from_context
        if than_product and not cues.has("compar_desc", "compar_asc", "superl_desc", "superl_asc"):
            p.direction = "asc" if cues.has("lt") and not cues.has("gt") else "desc"
        comparative = (cues.has("compar_desc", "compar_asc") or than_product) \
            and not cues.has("superl_desc", "superl_asc")
        rankable = next((a for a in p.attributes if kb.attributes[a].rankable), None)
        if comparative and (cues.has("than") or than_product) and len(p.products) == 1 and rankable \
                and not p.asks_yes_no and not p.from_context:
            # "Which products are faster than CMQ?": those ranked above it
            p.conditions = [Condition(rankable, "relative", p.products[0],
                                      op=">" if p.direction == "desc" else "<")]
            p.products = []
            return "filter"
        if p.groups_same and not p.products:
            return "compare"            # "What language is used by most products?"
        if cues.has("rank", "order_asc", "order_desc") or cues.has("superl_desc", "superl_asc") or (
                comparative and (cues.has("than") or than_product or len(p.products) != 1) and not numbered):
            if not rankable:
                if p.needs:
                    return "recommend"
                if len(p.products) >= 2 and not p.attributes:
                    return "compare"    # "What does CKafka do better than Kafka?": where each is ahead
                p.unclear = "row"
                if p.attributes:        # "What is CKafka best at?": a row that cannot be ranked
                    return "lookup" if p.products else "compare"
                return "clarify"
            return "rank"
        if p.conditions and not p.products and p.asks_yes_no and cues.has("all"):
            p.products = list(kb.products)          # "Do all products support pull?"
            return "yes_no"
        numeric_filter = any(c.test == "number" for c in p.conditions)     # "between 110k and 210k"
        if p.conditions and (not p.products or (p.from_context and not p.asks_yes_no)) \
                and (numeric_filter or not cues.has("compare")):
            return "filter"
        if p.products and p.asks_yes_no and p.any_of and len(p.conditions) > 1 and len(
                {(c.attribute, c.negated) for c in p.conditions}) == 1 and not p.conditions[0].negated \
                and all(c.test in ("value", "level") for c in p.conditions):
            # "Is Kafka written in Scala or Java?" asks which one, not whether either
            p.attributes = [p.conditions[0].attribute]
            return "lookup"
        if p.products and p.asks_yes_no and p.conditions:
            return "yes_no"
        if (cues.has("compare") or p.asks_same or p.groups_same or p.in_common and len(p.products) > 1) \
                and (len(p.products) > 1 or not p.products):
            return "compare"
        if p.products and not p.attributes:
            return "overview" if len(p.products) == 1 else "compare"
        if p.attributes and not p.products:
            return "compare"
        if p.products and p.attributes:
            return "lookup"
        return "unknown"
