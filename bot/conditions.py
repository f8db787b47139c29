"""The tests a question puts to the matrix: "which support push", "not written in C++",
"more than 150k QPS", "lack both rewind and push"."""
from __future__ import annotations

from .clauses import ROWS
from .context import Condition
from .cues import JOINERS, RANKED, Cues
from .figure_conditions import OP, FigureReading
from .lexicon import Mention
from .loader import Knowledge
from .text import language, tokenize

RATE_BEFORE = frozenset(str(w) for w in language("en")["rate_before"])
_OWN_REACH = 12       # words from a negation to the "ourselves" that takes it back
_ASKING = frozenset(language("en")["tags"]["asks"])        # question words
_OWN_VERBS = frozenset(str(w) for w in language("en")["clause_verbs"])
_NOT_NEGATING = [tuple(str(p).split()) for p in language("en")["not_negating"]]


def _same_test(a: Condition, b: Condition) -> bool:
    """The same test, whichever way it is turned: read once."""
    return (a.attribute, a.test, a.ref, a.op, a.number) == (b.attribute, b.test, b.ref, b.op, b.number)


class ConditionReader(FigureReading):
    """Built once per knowledge; `read` is pure."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        self.numeric = [a.id for a in kb.attributes.values() if a.kind == "number"]
        self.units = frozenset(w for a in kb.attributes.values() if a.unit for w in tokenize(a.unit))
        # the number rows' units, word by word: a unit names its row ("40 ms", "per TB-month")
        self.common_units = frozenset(str(w) for w in language("en")["common_units"])
        self.unit_words = {a.id: tokenize(a.unit) for a in kb.attributes.values() if a.kind == "number" and a.unit}
        # "Is RabbitMQ's throughput large?": a level named by its bare label
        words = language("en")
        self.times = frozenset(words["times"])
        self.strict = frozenset(words["cues"]["strict"])
        self.links = {k: frozenset(v) for k, v in words["level_links"].items()}
        self.near = [(a.id, f.id, [tuple(w.lower() for w in g) for g in f.near])
                     for a in kb.attributes.values() for f in a.features if f.near]
        self.near_words = tuple({w for _, _, groups in self.near for g in groups for w in g})
        self._near_start: dict[str, bool] = {}     # token → whether it starts a near word, asked once a word
        # each ordinal row's level labels as token tuples ("extremely high": extremely_high)
        self.labels = {a.id: {tokenize(lv.label): lv.id for lv in a.levels}
                       for a in kb.attributes.values() if a.kind == "ordinal"}
        self.level_words = {
            a.id: sorted(((tokenize(lv.label), lv.id) for lv in a.levels), key=lambda x: -len(x[0]))
            for a in kb.attributes.values() if a.kind == "ordinal"}

    def read(self, tokens, mentions: list[Mention], cues: Cues) -> list[Condition]:
        """The tests the question puts to the matrix, in the order it names them."""
        return [c for _, c in self.read_placed(tokens, mentions, cues)]

    def read_placed(self, tokens, mentions: list[Mention], cues: Cues,
                    sentences: frozenset[int] = frozenset()) -> list[tuple[int, Condition]]:
        """The tests with the position of the words that state each one; a negation ends
        with its sentence (`sentences`: where the next ones start)."""
        placed: list[tuple[int, Condition]] = []
        neg_at = {s for s, _ in cues.at.get("neg", ())}
        if len(tokens) > 1 and tokens[1] == "not" and cues.starts("aux"):
            neg_at.discard(1)         # "Isn't CMQ written in Go?" asks whether it is
        # ("we don't want to bolt on ... ourselves": a negation of doing it ourselves; not "We don't
        # want rewind; we handle replay ourselves")
        for own in (s for s, _ in cues.at.get("own_effort", ())):
            neg_at -= {n for n in neg_at if own - _OWN_REACH <= n < own and not any(n < b <= own for b in sentences)
                       and "to" in tokens[n + 1:n + 4]}
        # ("of the ones that don't, which does CRC?": a negation that ends its clause negates no test after it)
        neg_at -= {n for n in neg_at if n + 1 < len(tokens) and tokens[n + 1] in _ASKING
                   or any(tokens[n + 1 - len(ph):n + 1] == ph for ph in _NOT_NEGATING)}   # ("the yes/no rows")
        only_at = {s for s, _ in cues.at.get("only", ())}
        breaks = {s for name in ("and", "or") for s, _ in cues.at.get(name, ())}
        valued = {s.attribute for m in mentions for s in m.senses if s.kind in ("value", "level", "feature")}
        out: list[Condition] = []
        negate = negate_carried = spent = False
        last_end = -1                    # where the last condition's words end
        pending: list[int] = []          # negations read since the last condition
        mention_at = {m.start: m for m in mentions}
        # thresholds in figures or levels ("more than 150k", "at least high reliability"), at
        # their number or level words: a negation before one is its own
        compared: dict[int, list[Condition]] = {}
        for at, c in self._features_near(tokens, mentions):
            compared.setdefault(at, []).append(c)
        for at, c in self._levels_by_label(tokens, mentions, cues) + self._levels_beside_rows(tokens, mentions, cues) \
                + self._numbers(tokens, mentions, cues) + self._versus_aggregate(tokens, mentions, cues):
            compared.setdefault(at, []).append(c)
        i = 0
        while i < len(tokens):
            if i in sentences:
                negate = negate_carried = False
                pending.clear()
            if i in breaks and negate and spent:
                # ("never loses messages and supports push": the negation was a need's, its words
                # tested nothing, and the conjunction ends it)
                negate, pending = False, []
            if i in breaks and not negate:
                # "lack monitoring and security": a conjunction right before the next
                # condition carries the negation over; anything else ends it (one before the
                # first condition, "lack both rewind and push", leaves it pending)
                # ("lacking data verification and coded in Rust": a test that opens with its own
                # verb starts a clause of its own, the negation stays behind)
                negate = negate_carried and (i + 1) in mention_at and tokens[i + 1] not in _OWN_VERBS
            if i in neg_at:
                negate = not negate       # "do not lack monitoring": two negations cancel
                pending.append(i)
                spent = False
            if i in compared:
                made = [c.model_copy(update={"negated": not c.negated}) if negate else c for c in compared.pop(i)]
                made = [c for c in made if c not in out]
                out.extend(made)
                placed += [(i, c) for c in made]
                if negate:
                    negate, pending = False, []
            m = mention_at.get(i)
            if m is None:
                i += 1
                continue
            if m.start and tokens[m.start - 1] in RATE_BEFORE and not ROWS.isdisjoint(m.kinds):
                i = m.end       # ("how much per million messages?": a rate's unit, no level asked for)
                continue
            # "at least High", "High or better", "extremely high reliability or better"
            op = (self._comparator(cues, m.start) or self._comparator_after(cues, m.end) or self._comparator_after(
                cues, mention_at[m.end].end if m.end in mention_at and "attribute" in mention_at[m.end].kinds else -1)) \
                if "level" in m.kinds else None
            # (a level and its comparison may be read twice at one place: once is enough)
            # "none of security, monitoring or support": a list (its commas dropped) carries
            # the negation on to another row's test right after the last
            listed = negate_carried and not negate and i == last_end and out and not any(
                s.attribute == out[-1].attribute or s.ref == out[-1].attribute for s in m.senses)
            made = [c for c in self._of(m, valued, negate or listed, op) if c not in out
                    and not any(at == m.start and _same_test(c, o) for at, o in placed)]
            # ("push or only pull": an "only" after a joiner is the next value's)
            after = (m.end, m.end + 1) if m.end >= len(tokens) or tokens[m.end] not in JOINERS else ()
            if any(j in only_at for j in (m.start - 2, m.start - 1, *after)):
                made = [Condition(c.attribute, "only", c.ref, negated=c.negated)
                        if c.test == "value" and self.kb.attributes[c.attribute].kind == "set" else c for c in made]
            if made:
                out.extend(made)
                placed += [(m.start, c) for c in made]
                negate_carried = negate or listed
                negate = False
                last_end = m.end
                pending.clear()
            elif negate and not any(n.start == m.end and not ROWS.isdisjoint(n.kinds) for n in mentions):
                spent = True        # words under the negation that test nothing, and no test right after
            # a threshold inside the mention's words is read there ("100-thousand-level")
            for j in range(m.start + 1, m.end):
                if j in compared:
                    placed += [(j, c) for c in compared.pop(j) if not any(_same_test(c, o) for _, o in placed)]
            i = m.end
        placed += [(at, c) for at, cs in compared.items() for c in cs]
        return placed

    @staticmethod
    def _comparator(cues: Cues, at: int) -> str | None:
        """The comparison right before position `at`: "at least", "above", "better than"."""
        op = next((OP[c] for c in ("ge", "gt", "le", "lt") if cues.ends_at(c, at)), None)
        if op is None and cues.ends_at("than", at):
            op = ">" if cues.ends_at("compar_desc", at - 1) else "<" if cues.ends_at("compar_asc", at - 1) else None
        return op

    @staticmethod
    def _comparator_after(cues: Cues, at: int) -> str | None:
        """A comparison that starts at `at`, after what it compares: "High or better"."""
        return next((OP[c] for c in ("ge", "le") if any(s == at for s, _ in cues.at.get(c, ()))), None)

    def _features_near(self, tokens, mentions: list[Mention]) -> list[tuple[int, Condition]]:
        """A feature named by its words in any order a few words apart ("promotes the slave
        automatically"), when no term of it was found; placed at its first word."""
        started = [t for t in tokens if self._starts_near(t)] if self.near else []
        if not started:
            return []                   # no word of any such feature: the common case
        # ("no" starts "not" and "node": most questions that get here hold few of the words,
        # so only the groups whose every word some token starts are looked for)
        present = {w for w in self.near_words for t in started if t.startswith(w)}
        named = {s.ref for m in mentions for s in m.senses if s.kind == "feature"}
        out = []
        for aid, fid, groups in self.near:
            if fid in named:
                continue
            for words in groups:
                if not present.issuperset(words):
                    continue
                spots = [[i for i, t in enumerate(tokens) if t.startswith(w)] for w in words]
                if all(spots):
                    first, last = min(min(s) for s in spots), max(min(s) for s in spots)
                    if last - first <= 6:
                        out.append((first, Condition(aid, "feature", fid)))
                        break
        return out

    def _starts_near(self, token: str) -> bool:
        known = self._near_start.get(token)
        if known is None:
            if len(self._near_start) > 65536:     # bounded: typed words are endless
                self._near_start.clear()
            known = self._near_start[token] = token.startswith(self.near_words)
        return known

    def _levels_beside_rows(self, tokens, mentions: list[Mention], cues: Cues) -> list[tuple[int, Condition]]:
        """"high reliability", "low durability", "rated Average on throughput": a level named
        by its bare label right before its row, or after "rated" with the row next. A label
        that is a comparative ("higher reliability") compares, and is left to the ranking."""
        out = []
        rated = "rated" in tokens
        for m in mentions:
            kinds = m.kinds
            if m.start == 0 or "attribute" not in kinds or "level" in kinds \
                    or not any(s.kind == "attribute" and s.ref in self.labels for s in m.senses):
                continue
            end = m.start
            ends = [end]
            # "whose throughput is rated Average", "reliability is high": the label after the row
            after = m.end
            # ("whose throughput is rated only Average": a filler may stand before the label)
            while after < len(tokens) and (tokens[after] in self.links["after_row"] or
                                           after > m.end and tokens[after] in self.links["fillers"]):
                after += 1
            # ("apache kafka reliability low??": in a terse question the label may follow the row bare)
            # ("cmq throughput just avg?": a filler may stand before it)
            skip = m.end
            while skip < len(tokens) and tokens[skip] in self.links["fillers"]:
                skip += 1
            bare = after == m.end and skip + 1 >= len(tokens) - 1 and m.end not in self._row_starts(mentions)
            if bare:
                after = skip
            if after > m.end or bare:
                for aid in (s.ref for s in m.senses if s.kind == "attribute" and s.ref in self.labels):
                    for n in (3, 2, 1):
                        level = self.labels[aid].get(tuple(tokens[after:after + n]))
                        if level and not self._comparing(cues, after, n) and tokens[after + n:after + n + 1] != ("than",):
                            # "reliability is High or better": a comparison after the label
                            out.append((after, Condition(aid, "level", level, op=self._comparator_after(cues, after + n))))
                            break
            if rated:       # "rated Average on throughput", "rated as high for the reliability"
                ends += [j for j in range(max(0, end - 3), end) if tokens[j] in self.links["before_row"]]
            for aid in (s.ref for s in m.senses if s.kind == "attribute" and s.ref in self.labels):
                for e in ends:
                    for n in (3, 2, 1):
                        j = e - n
                        level = self.labels[aid].get(tuple(tokens[j:e])) if j >= 0 else None
                        # ("rated only Average": a filler may stand between the link and the label)
                        k = j - 1 if j >= 2 and tokens[j - 1] in self.links["fillers"] else j
                        if level is None or (e != end and (k == 0 or tokens[k - 1] not in self.links["before_label"])):
                            continue
                        if not self._comparing(cues, j, n) and not (e < len(tokens) and tokens[e] == "than"):
                            # "high reliability or better": the comparison after the row
                            op = self._comparator_after(cues, m.end) if e == end else None
                            more = self.levels_before(tokens, aid, j)
                            if more and op is None:     # "high or higher reliability": either level
                                refs = [c.ref for _, c in reversed(more)] + [level]
                                out.append((more[-1][0], Condition(aid, "one_of", "|".join(refs))))
                            else:
                                out.append((j, Condition(aid, "level", level, op=op)))
                        break
        return out

    @staticmethod
    def _row_starts(mentions: list[Mention]) -> set[int]:
        return {x.start for x in mentions if "attribute" in x.kinds}

    @staticmethod
    def _comparing(cues: Cues, at: int, n: int) -> bool:
        """Words at `at` that compare ("higher"), or that follow a comparison ("at least high")."""
        span = set(range(at, at + n))
        return any(span & set(range(s, e)) for name in (*RANKED, "than") for s, e in cues.at.get(name, ())) \
            or any(cues.ends_at(name, at) for name in ("ge", "gt", "le", "lt", "than"))   # ("exactly High" is High)

    def _levels_by_label(self, tokens, mentions: list[Mention], cues: Cues) -> list[tuple[int, Condition]]:
        """"at least high reliability": a level named by its bare label after a comparison."""
        out: list[tuple[int, Condition]] = []
        if not cues.has("ge", "gt", "le", "lt", "than"):
            return out                  # no comparison: the common case
        rows = [s.ref for m in mentions for s in m.of("attribute") if s.ref in self.level_words]
        if not rows:
            return out
        for _, end in [span for name in ("ge", "gt", "le", "lt", "than") for span in cues.at.get(name, ())]:
            op = self._comparator(cues, end)
            for aid in rows:
                level = next((lv for words, lv in self.level_words[aid] if tokens[end:end + len(words)] == words), None)
                if op and level:
                    out.append((end, Condition(aid, "level", level, op=op)))
        return out

    def _of(self, m: Mention, valued: set[str], negate: bool, op: str | None = None) -> list[Condition]:
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
                made.append(Condition(s.attribute, "level", s.ref, op=op, negated=negate))
            elif s.kind == "feature":
                made.append(Condition(s.attribute, "feature", s.ref, negated=negate))
            elif s.kind == "attribute" and s.ref not in valued:
                if self.kb.attributes[s.ref].can_lack:
                    made.append(Condition(s.ref, "has", negated=negate))
        return made

    def levels_before(self, tokens, aid: str, at: int) -> list[tuple[int, Condition]]:
        """"high or very high torque": more labels of the row, joined by "or" or "and", before
        the one beside it."""
        out = []
        while at >= 2 and tokens[at - 1] in ("or", "and"):
            level = next(((at - 1 - n, lv) for n in (3, 2, 1) if at - 1 - n >= 0
                          for lv in [self.labels[aid].get(tuple(tokens[at - 1 - n:at - 1]))] if lv), None)
            if level is None:
                break
            at = level[0]
            out.append((at, Condition(aid, "level", level[1])))
        return out

    def levels_joined(self, tokens, mentions: list[Mention], conditions: list[Condition]) -> list[Condition]:
        """"high or very high torque": labels of the row before its level, joined by "or", are
        one test of either level."""
        for m in mentions:
            for s in m.of("level"):
                if m.start < 2 or tokens[m.start - 1] != "or":
                    continue
                more = [c.ref for _, c in self.levels_before(tokens, s.attribute, m.start)]
                mine = Condition(s.attribute, "level", s.ref)
                if more and mine in conditions:
                    conditions = [c for c in conditions if c != mine and not (
                        c.attribute == s.attribute and c.test == "level" and c.ref in more)]
                    conditions.append(Condition(s.attribute, "one_of", "|".join([*reversed(more), s.ref])))
        return conditions

    def one_of(self, conditions: list[Condition]) -> list[Condition]:
        """"the Java-based and Erlang-based products": two values of a row that holds one value
        each cannot both hold, so "and" there joins the sets: either value."""
        out: list[Condition] = []
        for c in conditions:
            same = next((i for i, o in enumerate(out) if o.attribute == c.attribute and o.test in ("value", "one_of")
                         and c.test == "value" and not (o.negated or c.negated)), None)
            if same is not None and self.kb.attributes[c.attribute].kind == "category":
                out[same] = Condition(c.attribute, "one_of", f"{out[same].ref}|{c.ref}")
            else:
                out.append(c)
        return out

    def level_by_label(self, tokens, attributes: list[str]) -> list[Condition]:
        text = " " + " ".join(tokens) + " "
        for aid in attributes:
            for words, level in self.level_words.get(aid, ()):
                if f" {' '.join(words)} " in text:
                    return [Condition(aid, "level", level)]
        return []
