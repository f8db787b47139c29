"""The cue words of a question, for the Understander: those a row's own words do not hold,
comparatives typed with a slip, a cue every word of which names a level, and a row a judging
word stands for ("the best value" on a row where lower is better), and which way the
question ranks. A mixin: it uses the Understander's lexicons and knowledge."""
from __future__ import annotations

from rapidfuzz import fuzz, process

from .clauses import ROWS
from .cues import CUES, RANKED, Cues
from .lexicon import Mention
from .parse import Parse


class CueParsing:
    """Mixed into the Understander."""

    def _cue_words(self, tokens, mentions: list[Mention]) -> list[Mention]:
        """The cue words, but not those inside a row's or a value's own words ("monitoring
        and alarming", "not flexible", "pull or push"), and not "mean" before a row
        ("mean QPS" asks for an average, "what does QPS mean" for a definition)."""
        found = self.cues.find_all(tokens) + self._comparative_typos(tokens)
        if self.labels_as_cues:
            # a row named like a cue ("Range": not the spread of a figure) is the row
            labelled = {(m.start, m.end) for m in mentions if tokens[m.start:m.end] in self.labels_as_cues}
            found = [c for c in found if (c.start, c.end) not in labelled]
        inside = {j for m in mentions if m.end - m.start > 1 for j in range(m.start, m.end)}
        if not inside and "mean" not in tokens:
            return found                # most questions: nothing to take out
        starts = {m.start for m in mentions if not m.kinds.isdisjoint(ROWS)}
        spans = {(m.start, m.end) for m in mentions}
        out = []
        for c in found:
            if c.start in inside and c.end - 1 in inside and (c.start, c.end) not in spans \
                    and all(j in inside for j in range(c.start, c.end)):
                continue
            if tokens[c.start] == "mean" and c.end - c.start == 1:
                # "mean QPS" and "closest to the mean" average; "what does 2C 4GB mean?" defines
                # ("what is the mean of their results?": after "the", or before "of", the average)
                asks = any(o.start < c.start and any(x.ref == "define" for x in o.senses) for o in found) \
                    and tokens[c.start - 1:c.start] != ("the",) and tokens[c.end:c.end + 1] != ("of",)
                drop = "avg" if asks and c.end not in starts else "define"
                c = Mention(c.start, c.end, tuple(s for s in c.senses if s.ref != drop), c.score, c.surface)
            out.append(c)
        return out

    def _comparative_typos(self, tokens) -> list[Mention]:
        """"wich is the fastets": a long comparative or superlative with a slip still ranks."""
        if self.known_words.issuperset(tokens):
            return []       # every word known: no typo to look for (the lexicon skips known words)
        return [m for m in self.comparatives.find(tokens)[0] if m.score < 1.0]

    def _level_named_like(self, p: Parse, tokens, cue: str) -> bool:
        """Every word of a cue named a level ("throughput below average"), so none asks for
        the aggregate ("the average QPS of products with average throughput" has one left)."""
        words = set(CUES[cue])
        levels = sum(c.test == "level" and self.kb.attributes[c.attribute].level(c.ref).label.lower() in words
                     for c in p.conditions)
        if not levels:
            return False
        said = sum(1 for m in self.cues.find_all(tokens) for s in m.senses if s.ref == cue)
        return levels >= said

    def _judged_row(self, tokens, cues: Cues) -> str | None:
        """"the cheapist?" with no row named: the one rankable row whose label the judging word
        points at (en.yaml judged_rows: "cheapest" → a price), typos allowed."""
        if not cues.has(*RANKED, "order_asc", "order_desc"):
            return None
        for t in tokens:
            key = process.extractOne(t, self.judged_words, scorer=fuzz.ratio, score_cutoff=85) if len(t) > 4 else None
            if key:
                rows = [aid for aid, words in self.label_words.items() if words & self.judged[key[0]]]
                if len(rows) == 1:
                    return rows[0]
        return None

    def _direction(self, p: Parse, tokens, mentions: list[Mention], cues: Cues) -> None:
        """Which way the question ranks: an order asked for, a superlative or comparative, turned
        by a row named by its opposite, and by a judging word on a row where lower is better."""
        if cues.has("order_asc", "order_desc"):          # "from lowest to highest"
            p.direction = "asc" if cues.has("order_asc") else "desc"
        elif cues.has("superl_asc") and cues.has("superl_desc") and "to" in tokens:
            # "from lightest to heavyest": the end it starts from is first
            p.direction = "asc" if cues.first("superl_asc") < cues.first("superl_desc") else "desc"
        elif cues.has("compar_asc") and cues.has("compar_desc") and not cues.has("superl_asc", "superl_desc"):
            # ("which has the higher rating, and why is the other one lower?": the comparison asked first)
            p.direction = "asc" if cues.first("compar_asc") < cues.first("compar_desc") else "desc"
        else:
            # ("most worst": a superlative inside a longer one of the other way is that one's)
            asc = cues.at.get("superl_asc", ())
            desc = [d for d in cues.at.get("superl_desc", ()) if not any(
                a[0] <= d[0] and d[1] <= a[1] and a != d for a in asc)]
            p.direction = "asc" if cues.has("superl_asc", "compar_asc") and not desc else "desc"
        # "least likely to lose data": the least of a row's opposite is the most of the row
        # ("can not lose", "never lose": a negated opposite is the row itself)
        negations = {start for start, _ in cues.at.get("neg", ())}
        against = {end for _, end in cues.at.get("against", ())}
        if any(self.opposites.get(tokens[m.start:m.end]) in p.attributes
               and not negations.intersection((m.start - 1, m.start - 2))
               and not against.intersection((m.start, m.start - 1)) for m in mentions):
            p.direction, p.opposite = ("asc" if p.direction == "desc" else "desc"), True
        # ("best first" judges too; "highest first" measures)
        judged = {span for name in ("order_asc", "order_desc") for span in cues.at.get(name, ())}
        if cues.has("quality") and p.attributes and judged <= set(cues.at.get("quality", ())) and all(
                self.kb.attributes[a].better == "lower" for a in p.attributes if self.kb.attributes[a].rankable):
            p.direction = "asc" if p.direction == "desc" else "desc"      # "the best read latency": the lowest
