"""How the parts of a sentence bear on each other, beyond single words: an exception
clause ("Excluding the products written in Scala or Java, which ..."), a second question
after "and", a fallback ("If not, which ..."), "or" between tests, a predicate after a row
("listed as available"), a row named by its own name. The words come from the language file."""
from __future__ import annotations

from .context import Condition
from .cues import Cues
from .lexicon import Mention
from .loader import Knowledge
from .parse import Parse
from .text import language, longest_first, tokenize

ROWS = frozenset(("attribute", "value", "level"))           # sense kinds that name a matrix row
TESTED = frozenset(("value", "level", "feature"))           # ... and those that test one
_EN = language("en")
_FILLERS = frozenset(str(w) for w in _EN["exception_fillers"])


class Clauses:
    """Built once per knowledge; every method is pure."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        self.predicates = frozenset(str(w) for w in _EN["predicates"])
        self.doers = frozenset(str(w) for w in _EN["own_verbs"]["doers"])
        self.objects = frozenset(str(w) for w in _EN["own_verbs"]["objects"])
        self.alternatives = longest_first(_EN["alternatives"])
        self.question_words = frozenset(str(w) for w in _EN["cues"]["wh"] if " " not in str(w)) \
            | frozenset(str(w) for w in _EN["open_questions"])
        self.pointers = frozenset(str(w) for w in _EN["figure_pointers"])
        self.workload_openers = frozenset(str(w) for w in _EN["workload_openers"])
        self.subjects = frozenset(str(w) for w in _EN["workload_subjects"])

    def predicates_dropped(self, tokens, mentions: list[Mention]) -> list[Mention]:
        """"security protection as available", "is monitoring available": a predicate word
        just after another row's name says that row is there, it names no row itself."""
        if self.predicates.isdisjoint(tokens):
            return mentions
        rows_end = [m.end for m in mentions if not m.kinds.isdisjoint(ROWS)]
        return [m for m in mentions if not (
            m.end - m.start == 1 and tokens[m.start] in self.predicates
            and any(m.start - 3 <= end <= m.start and end != m.end for end in rows_end))]

    def verbs_dropped(self, tokens, mentions: list[Mention]) -> list[Mention]:
        """"we push a huge volume of events": a value's word used as the speaker's own verb, with
        its object after it, is what they do, no test ("we need push" is one)."""
        if self.doers.isdisjoint(tokens):
            return mentions
        return [m for m in mentions if not (
            m.end - m.start == 1 and m.start and tokens[m.start - 1] in self.doers and "value" in m.kinds
            and m.end < len(tokens) and (tokens[m.end] in self.objects or tokens[m.end][:1].isdigit()))]

    @staticmethod
    def inside_fit(mentions: list[Mention], cues: Cues) -> list[Mention]:
        """"Is RabbitMQ a safe bet?": a row's word inside a phrase asking whether a product fits
        ("safe") names no row."""
        fits = [(s, e) for s, e in cues.at.get("fit", ()) if e - s > 1]
        if not fits:
            return mentions
        return [m for m in mentions if not any(s <= m.start and m.end <= e and e - s > m.end - m.start
                                               for s, e in fits)]

    @staticmethod
    def exception_clause(tokens, mentions: list[Mention], cues: Cues) -> range | None:
        """Where an exception by a test runs: from "excluding", "apart from", "other than" (not
        before a product: that leaves the product out) to the question word after it."""
        if not cues.has("except"):
            return None                 # most questions make no exception
        products = {m.start for m in mentions if m.of("product")}
        asking = sorted(s for name in ("wh", "list_products", "which_plural") for s, _ in cues.at.get(name, ()))
        for _, end in cues.at.get("except", ()):
            at = end
            while at < len(tokens) and tokens[at] in _FILLERS:
                at += 1
            if at in products:
                continue
            stop = next((s for s in asking if s > at), None)
            if stop is not None:
                return range(end, stop)
            if any(s < end for s in asking):
                # "Which products use something other than ISR?": after the question, the
                # exception is the test that follows it
                test = next((m for m in mentions if m.start >= at and not ROWS.isdisjoint(m.kinds | {"feature"})), None)
                if test is not None and test.start <= at + 2:
                    return range(end, test.end)
        return None

    def workload(self, tokens, starts: frozenset[int]) -> range | None:
        """"For logs and metrics we can tolerate losing the odd message": the words from the
        opening "for" to the subject name what it is for, and test nothing."""
        for s in sorted(starts | {0}):
            if tokens[s:s + 1] and tokens[s] in self.workload_openers:
                subject = next((j for j in range(s + 2, min(len(tokens), s + 8)) if tokens[j] in self.subjects), None)
                # ("For security protection, which should I pick?": the question starts before any subject)
                if subject is not None and self.question_words.isdisjoint(tokens[s + 1:subject]):
                    return range(s + 1, subject)
        return None

    def excepted(self, placed, clause: range):
        inside = [c for at, c in placed if at in clause]
        if not inside:
            return placed
        rows = {c.attribute for c in inside}
        if len(rows) == 1 and len(inside) > 1 and all(c.test == "value" for c in inside):
            merged = Condition(inside[0].attribute, "one_of", "|".join(c.ref for c in inside), negated=True)
            first = min(at for at, c in placed if at in clause)
            return [(first, merged)] + [(at, c) for at, c in placed if at not in clause]
        return [(at, c.model_copy(update={"negated": not c.negated}) if at in clause else c) for at, c in placed]

    def asked_besides(self, tokens, mentions: list[Mention], conditions) -> list[str]:
        """"is RocketMQ written in Java, and what synchronization algorithm does it use?", "...
        and how reliable is it?": a question word after "and" asks the row right after it, which
        no test reads, as well."""
        tested = {c.attribute for c in conditions}
        opens = [i + 1 for i in range(1, len(tokens)) if tokens[i - 1] == "and" and tokens[i] in self.question_words]
        return list(dict.fromkeys(s.attribute or s.ref for m in mentions for e in opens if e <= m.start <= e + 1
                                  for s in m.senses if s.kind in ROWS and (s.attribute or s.ref) not in tested))

    def negated_back(self, tokens, placed: list[tuple[int, Condition]], cues: Cues, starts: frozenset[int]):
        """"We need push delivery. Which products don't offer it?": a negation in a later
        sentence than every test, with no test after it but a word that points back, turns
        those tests round (`placed` itself when it does not)."""
        if not placed:
            return placed
        # ("If not, which of the products would have let us do this?" offers another way: no negation)
        last = max((s for s, _ in cues.at["neg"] if not any(
            tuple(tokens[s + 1 - len(a):s + 1]) == a for a in self.alternatives)), default=None)
        if last is None:
            return placed
        sentence = max((s for s in starts if s <= last), default=0)
        if any(at >= sentence for at, _ in placed) or not any(w in self.pointers for w in tokens[last + 1:]):
            return placed
        # ("Which ones don't lack it?": two negations in the sentence cancel)
        if sum(1 for s, _ in cues.at["neg"] if s >= sentence) % 2 == 0:
            return placed
        return [(at, c.model_copy(update={"negated": not c.negated})) for at, c in placed]

    def alternative(self, sentence: str) -> bool:
        """The sentence that asks opens with "if not" (or the like) and asks which products."""
        words = tokenize(sentence)
        opening = next((len(a) for a in self.alternatives if words[:len(a)] == a), 0)
        return bool(opening) and not self.question_words.isdisjoint(words[opening:opening + 2])

    @staticmethod
    def rows_by_name(mentions: list[Mention]) -> dict[str, list[tuple[int, int]]]:
        """Where each row is named by a name of its own (not by one of its values)."""
        spans: dict[str, list[tuple[int, int]]] = {}
        for m in mentions:
            for s in m.of("attribute"):
                spans.setdefault(s.ref, []).append((m.start, m.end))
        return spans

    def any_of(self, mentions: list[Mention], cues: Cues) -> bool:
        """"or" between the conditions, whatever joins the products: "Are CMQ and Kafka
        written in C++ or Java?" asks about either language."""
        if not cues.has("or"):
            return False
        tested = [m for m in mentions if not TESTED.isdisjoint(m.kinds) or any(
            self.kb.attributes[s.ref].kind == "flag" for s in m.of("attribute"))]
        if len(tested) < 2:
            return cues.has("or") and not cues.has("and")
        lo, hi = tested[0].end, tested[-1].start
        between = lambda name: any(lo <= start < hi for start, _ in cues.at.get(name, ()))  # noqa: E731
        return between("or") and not between("and")

    def or_joined_values(self, mentions: list[Mention], placed, cues: Cues):
        """"written in C++ or Java", "CRC or checksum": two values of one row side by side, joined
        by "or", are one test of either value; that "or" then joins no tests ("which products
        written in C++ or Java lack push?" asks for both tests). The tests, and whether an "or"
        is left. (With no other test, the "or" stays: "Is Kafka written in Scala or Java?" asks which.)"""
        ors = cues.at.get("or", [])
        if not ors or len(placed) < 3:
            return placed, ors
        ends = {m.start: m.end for m in mentions}
        at_of = {at: c for at, c in placed}
        left, out = [], list(placed)
        for s, e in ors:
            before = next(((at, c) for at, c in out if ends.get(at) == s), None)
            after = at_of.get(e)
            if before and after and before[1].attribute == after.attribute and before[1].negated == after.negated \
                    and before[1].test in ("value", "one_of") and after.test == "value" \
                    and self.kb.attributes[after.attribute].kind in ("category", "set"):
                merged = Condition(after.attribute, "one_of", f"{before[1].ref}|{after.ref}", negated=after.negated)
                out = [(at, merged if at == before[0] else c) for at, c in out if at != e]
                ends[before[0]] = ends.get(e, e + 1)
            else:
                left.append((s, e))
        return (out, left) if len(out) > 1 else (placed, ors)

    @staticmethod
    def none_of_list(p: Parse, cues: Cues) -> bool:
        """"none of security, monitoring or service support", "neither push nor rewind": each
        is left out, so the tests hold together (not one or another)."""
        first = cues.first("neg")
        return first is not None and cues.first("none_of") == first and len(p.conditions) > 1 \
            and all(c.negated for c in p.conditions)

    def prefer_named_rows(self, p: Parse, mentions: list[Mention], cues: Cues) -> None:
        """"The second fastest in the stress test": "fastest" is the superlative there, and
        the stress test the row. A row named only by a comparative word yields to another
        row named in the question that measures the same thing."""
        if len(p.attributes) < 2:
            return
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
    def not_waved(tokens, mentions: list[Mention], needs: list[Mention], cues: Cues) -> tuple[list[Mention], set[str]]:
        """The needs not waved away, and the rows that are: after the words that wave one away,
        or said after it with nothing named between ("strong consistency, throughput doesn't
        matter" waves the throughput away, not the consistency)."""
        after = {s for s, _ in cues.at.get("dismiss", ())}
        before = {e for _, e in cues.at.get("waive", ())}
        if not after and not before:
            return needs, set()
        starts = sorted({m.start for m in mentions} | {m.start for m in needs})

        def waved(m) -> bool:
            if m.start in before or m.start - 1 in before:
                return True
            nxt = next((s for s in starts if s >= m.end), len(tokens))
            return any(m.end <= s <= m.end + 2 and s <= nxt for s in after)
        return [m for m in needs if not waved(m)], {s.ref for m in mentions if waved(m) for s in m.of("attribute")}

    @staticmethod
    def waived(placed, cues: Cues):
        """The tests not waved away: after the words that wave one away ("can live without
        security protection"), or, said after it, the last test a word or two before them
        ("push support isn't needed")."""
        waved_at = {e for _, e in cues.at.get("waive", ())}
        waved_after = {max((at for at, _ in placed if at < s), default=-9) for s, _ in cues.at.get("dismiss", ())
                       if any(0 < s - at <= 3 for at, _ in placed)}
        return [(at, c) for at, c in placed if not waved_at & {at, at - 1} and at not in waved_after]

    def floors_met(self, p: Parse) -> tuple[list[str], list[str]]:
        """A figure to clear ("only around 20k messages per second") is no need for the most of
        what it measures: the needs that only prefer rows measuring alike, and those rows, are
        not weighed (the figure's own test still is)."""
        floors = [c for c in p.conditions if c.test == "number" and c.op in (">", ">=")]
        measured = {self.kb.attributes[c.attribute].measures for c in floors} - {None}
        if not measured:
            return p.needs, p.attributes
        prefer_only = {n.id for n in self.kb.needs if n.criteria and all(
            c.kind == "prefer" and self.kb.attributes[c.attribute].measures in measured for c in n.criteria)}
        return ([n for n in p.needs if n not in prefer_only],
                [a for a in p.attributes if self.kb.attributes[a].measures not in measured])
