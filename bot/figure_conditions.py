"""Tests on the number rows, for the condition reader: a figure with its comparison ("more
than 150k QPS", "between 110k and 210k", "Which product hit 120k?"), the row a unit names
("40 ms", "per TB-month"), and a row against its own average ("above the average"). A mixin:
it uses the reader's rows, units and words."""
from __future__ import annotations

from .context import Condition
from .cues import COMPARATORS, Cues
from .lexicon import Mention
from .text import language, parse_number

OP = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "="}
AGGREGATES = ("avg", "median")     # what a row can be measured against: "above the average"
_ACHIEVED = frozenset(str(w) for w in language("en")["figure_achieved"])


class FigureReading:
    """Mixed into the ConditionReader."""

    def _versus_aggregate(self, tokens, mentions: list[Mention], cues: Cues) -> list[tuple[int, Condition]]:
        """"above the average stress test result": a number row against its own average
        or median over every product."""
        if not cues.has(*AGGREGATES):
            return []
        rows = [s.ref for m in mentions for s in m.of("attribute") if s.ref in self.numeric]
        # ("at least average throughput" names a level of another row, not the average)
        leveled = {j for m in mentions if any(s.kind == "level" or s.kind == "attribute" and s.ref not in self.numeric
                                              for s in m.senses) for j in range(m.start, m.end + 1)}
        aggregates = {start: name for name in AGGREGATES for start, end in cues.at.get(name, ())
                      if start not in leveled and end not in leveled}
        if not rows or not aggregates:
            return []
        row_ends = {m.end for m in mentions if any(s.kind == "attribute" and s.ref not in self.numeric for s in m.senses)}
        out = []
        for name, op in OP.items():
            for start, end in cues.at.get(name, ()):
                before = start
                while before > 0 and tokens[before - 1] in ("of", "a", "an", "the", "is", "are", "was"):
                    before -= 1
                if before in row_ends:
                    continue            # "throughput below average": that row's level
                at = end
                while at < len(tokens) and tokens[at] in ("the", "a", "an", "of"):
                    at += 1
                if at in aggregates and op != "=":
                    out.append((end, Condition(rows[0], "number", aggregates[at], op=op)))
        return out

    def _numbers(self, tokens, mentions: list[Mention], cues: Cues) -> list[tuple[int, Condition]]:
        out: list[tuple[int, Condition]] = []
        if not any(t[:1].isdigit() for t in tokens):
            return out                  # most questions state no figure
        taken = {j for m in mentions for j in range(m.start, m.end)}
        numeric_at = [(m.start, s.ref) for m in mentions for s in m.senses
                      if s.kind == "attribute" and s.ref in self.numeric]
        numeric_mentioned = [ref for _, ref in numeric_at]
        default = numeric_mentioned[0] if numeric_mentioned else (self.numeric[0] if self.numeric else None)
        if default is None:
            return out

        def row_of(i: int) -> str:
            """A number's row: the one its unit names, else the nearest number row named before it
            ("latency under 40 ms and a maximum object size of at least 2 TB")."""
            named = self.row_by_unit(tokens, i + 1)
            if named:
                return named
            before = [ref for start, ref in numeric_at if start < i]
            return before[-1] if before else default
        # positions of the two numbers in "between X and Y"
        between = [(i + 1, i + 3) for i in range(len(tokens) - 3)
                   if tokens[i] == "between" and tokens[i + 2] == "and"]
        for i, tok in enumerate(tokens):
            if i in taken:
                continue
            value = parse_number(tok)
            if value is None:
                continue
            # a small number is a figure of the row when the row is named or its unit follows
            # ("above 100 TB"); otherwise it counts things ("more than 2") or is a version
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if after in self.times:
                continue                # "1.5 times RabbitMQ's": a factor, read as one elsewhere
            if after in self.kb.counted_nouns and value < 1000:
                continue                # "at most 4 products have ...": a count of products, no figure
            measured = bool(numeric_mentioned) or after in self.units
            if any(i in pair for pair in between):      # "between 110k and 210k"
                if value >= 1000 or tok[-1:] in ("k", "m") or measured:
                    low = any(i == first for first, _ in between)
                    # "strictly between" leaves the bounds out
                    strict = any(i in pair and pair[0] >= 3 and tokens[pair[0] - 2] in self.strict
                                 for pair in between)
                    op = (">" if low else "<") if strict else (">=" if low else "<=")
                    out.append((i, Condition(row_of(i), "number", op=op, number=value)))
                continue
            # "200,000 or more" (after the figure, it outweighs a verb before it: "handles 150k or less")
            op = next((c for c in ("ge", "le") if any(s == i + 1 for s, _ in cues.at.get(c, ()))), None)
            if op is None:
                op = next((c for c in COMPARATORS if cues.ends_at(c, i)), None)
            if op is None and i >= 2:   # "more than a 100k"
                op = next((c for c in COMPARATORS if cues.ends_at(c, i - 1)), None)
            if value < 1000 and not tok[-1:].isalpha() and not measured:
                continue
            if op is None and numeric_mentioned:
                # "Can RabbitMQ do 150k QPS?": reach at least that; "Which product hit 120k?" names
                # the figure it got (when one did get exactly that: "reached 150k" is a floor)
                exact = any(self.kb.cell(pid, row_of(i)).number == value for pid in self.kb.products)
                op = "eq" if exact and any(t in _ACHIEVED for t in tokens[max(0, i - 2):i]) else "ge"
            if op is None:
                continue
            out.append((i, Condition(row_of(i), "number", op=OP[op], number=value)))
        return out

    def row_by_unit(self, tokens, at: int | None = None) -> str | None:
        """The number row whose unit the words name, at `at` or anywhere: the most of a unit's
        words in a row wins ("per TB month" is the price's "USD per TB-month", not "TB"); a tie
        names none."""
        best: dict[str, int] = {}
        starts = [at] if at is not None else range(len(tokens))
        for aid, unit in self.unit_words.items():
            for s in starts:
                for k in range(len(unit)):
                    n = 0
                    while s + n < len(tokens) and k + n < len(unit) and tokens[s + n] == unit[k + n]:
                        n += 1
                    # (a question naming no figure names a row by two of its unit's words, or by a
                    # whole unit of no everyday word: "per TB month", "QPS", not "a month")
                    alone = at is None and n < 2 and (n < len(unit) or unit[0] in self.common_units)
                    if n and (at is None or k == 0) and not alone:
                        best[aid] = max(best.get(aid, 0), n)
        if not best:
            return None
        top = max(best.values())
        winners = [aid for aid, n in best.items() if n == top]
        return winners[0] if len(winners) == 1 else None
