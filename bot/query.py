"""Query: what one question asks, typed and frozen, the only thing the reasoner reads.

A parse is built up word by word; the Query is its finished form. It is hashable, so the
wordings of one question ("kafka throughput?", "What's Kafka's throughput") share one
answer, and it prints as one readable line, which the API returns and `mqbot ask
--explain` shows."""
from __future__ import annotations

from operator import attrgetter
from typing import NamedTuple

from .context import Condition
from .parse import Parse


class Query(NamedTuple):
    """Frozen and hashable (a named tuple: cheap to build once per question)."""
    intent: str                                  # the question on top: lookup, rank, verify, ...
    products: tuple[str, ...] = ()               # named, or carried from the last turn
    excluded: tuple[str, ...] = ()               # "other than CMQ"
    from_context: bool = False                   # the products are the last turn's
    attributes: tuple[str, ...] = ()             # the rows asked about
    conditions: tuple[Condition, ...] = ()       # the tests (of a filter, a yes/no, a claim's body)
    any_of: bool = False                         # tests joined by "or"
    scope: tuple[Condition, ...] = ()            # the set a claim ranges over ("products written in C++")
    quantifier: str | None = None                # all | none | exactly | at_least | at_most | most | only_named
    quantity: int | None = None
    factor: float | None = None                  # "more than twice"
    factor_op: str = ">="
    margin: float | None = None                  # "100k higher than CMQ's": the claimed difference
    margin_op: str = "="
    claimed: float | None = None                 # "the average is 160,000, right?": a sum's claimed figure
    claimed_op: str = "="
    direction: str = "desc"
    place: int = 1                               # "the second highest"
    top: int = 1                                 # "the top three"
    aggregate: str | None = None                 # avg | median | sum | diff | ratio | range | max | min
    distinct: bool = False                       # count values, not products
    ruled_out: tuple[str, ...] = ()              # "avoid anything whose disadvantages mention X": left out
    ruled_row: str | None = None                 # ... as their cell of this row
    ruled_words: str = ""                        # ... uses these words
    scored: bool = False                         # each test a point (or its weight); scope: the musts
    weights: tuple[float, ...] = ()
    items: bool = False                          # count a list row's entries ("how many disadvantages ...?")
    asks_yes_no: bool = False
    row_named: bool = False                      # a yes/no ranks the row it names: a tie there is a tie
    also: tuple[str, ...] = ()                   # rows a second, open question asks of the same products
    true_false: bool = False                     # "True or false: ...": a verdict of True or False
    asks_same: bool = False
    groups_same: bool = False
    most_shared: bool = False                    # "the most common ...": the largest group of equals alone
    picked: tuple[tuple[str, str, tuple[str, ...]], ...] = ()   # products picked by a superlative: row, way, who
    in_common: bool = False
    lacks: bool = False
    avoid: bool = False                          # a recommendation turned round
    needs: tuple[str, ...] = ()
    against: bool = False                        # a claim that the needs are not met ("CMQ can lose messages")
    found: tuple[str, ...] = ()                  # words of the cells' own text ("zookeeper")
    found_in: tuple[str, ...] = ()
    found_cells: tuple[tuple[str, str], ...] = ()
    figure: bool = False
    described: bool = False                      # a behaviour the message describes, matched to its cell
    quoted: bool = False                         # a claim's words found in its products' cells
    topics: tuple[str, ...] = ()                 # subjects the matrix lacks
    others: tuple[str, ...] = ()                 # products outside the matrix
    glossary: tuple[str, ...] = ()
    smalltalk: str | None = None
    unclear: str | None = None                   # what a clarifying question asks about
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()
    unread: tuple[str, ...] = ()                 # words that could change the answer, not read
    understood: str = ""                         # what the rest was read as, when asking back
    text: str = ""                               # kept only for a clarifying question, which quotes it

    @classmethod
    def of(cls, p: Parse) -> Query:
        values = list(_READ_PARSE(p))
        for i in _LISTED:
            values[i] = tuple(values[i])
        values[_AMBIGUOUS] = tuple((word, tuple(ids)) for word, ids in p.ambiguous)
        values[_FOUND_CELLS] = tuple(tuple(cell) for cell in p.found_cells)
        values[_TEXT] = p.text if p.intent == "clarify" else ""
        return cls._make(values)

    def __str__(self) -> str:
        """One line: `rank(reliability desc) over all where consumption=push`."""
        head = self.intent
        args: list[str] = []
        if self.intent == "verify" and self.factor is not None:
            a, b = (self.products + ("?", "?"))[:2]
            return f"verify({self.attributes[0] if self.attributes else '?'}: {a}/{b} {self.factor_op} {_num(self.factor)})"
        if self.intent == "verify" and self.margin is not None:
            a, b = (self.products + ("?", "?"))[:2]
            return f"verify({self.attributes[0] if self.attributes else '?'}: {a}-{b} {self.margin_op} {_num(self.margin)})"
        if self.intent == "verify":
            args.append(f"{self.quantifier}{' ' + str(self.quantity) if self.quantity is not None else ''}")
        if self.aggregate:
            args.append(self.aggregate)
        if self.claimed is not None:
            args.append(f"{self.claimed_op}{_num(self.claimed)}?")
        if self.distinct:
            args.append("distinct")
        if self.items:
            args.append("items")
        if self.scored:
            args.append("score" + ("" if not any(w != 1 for w in self.weights) else
                                   " " + "/".join(_num(w) for w in self.weights)))
        if self.attributes and (self.intent not in ("filter", "count", "verify", "yes_no") or self.distinct
                                or self.items):
            args.append(",".join(self.attributes))
        if self.intent == "rank":
            args.append(self.direction)
            if self.place > 1:
                args.append(f"place={self.place}")
            if self.top > 1:
                args.append(f"top={self.top}")
        if self.needs:
            args.append("needs=" + ",".join(self.needs))
        if self.avoid:
            args.append("avoid")
        line = f"{head}({' '.join(args)})" if args else head
        over = self._products()
        if over:
            line += f" over {over}"
        tests = self._tests(self.conditions)
        if self.scope:
            line += f" where {self._tests(self.scope)}; {'score' if self.scored else 'claim'} {tests}"
        elif tests:
            line += f" where {tests}"
        terms = self.glossary if self.intent == "glossary" else ()
        for label, items in (("topics", self.topics), ("others", self.others), ("found", self.found),
                             ("terms", terms)):
            if items:
                line += f" {label}={','.join(items)}"
        if self.also:
            line += f"; also {','.join(self.also)}"
        if self.picked:
            line += " picked " + ",".join(f"{'most' if way == 'desc' else 'least'} {aid}={'|'.join(who)}"
                                          for aid, way, who in self.picked)
        if self.asks_yes_no and self.intent not in ("yes_no", "verify", "unknown"):
            line += " ?"
        return line

    def _products(self) -> str:
        if self.products:
            named = "{" + ",".join(self.products) + "}"
            return ("last " if self.from_context else "") + named
        if self.intent in ("smalltalk", "help", "unknown", "clarify", "glossary", "list_attributes", "list_products"):
            return ""
        return "all" + (" - {" + ",".join(self.excluded) + "}" if self.excluded else "")

    def _tests(self, conditions: tuple[Condition, ...]) -> str:
        join = " OR " if self.any_of else " AND "
        return join.join(_test(c) for c in conditions)


# how each kind of test prints; value and level tests without a comparison print as "row=ref"
_FORMS = {"has": "{a}", "one_of": "{a} in {{{refs}}}", "only": "{a}=only {ref}", "feature": "{a} has {ref}",
          "same_as": "{a} same as {ref}", "relative": "{a} {op} {ref}", "level": "{a}{op}{ref}",
          "number": "{a}{op}{n}"}


def _test(c: Condition) -> str:
    form = "{a}={ref}" if c.test in ("value", "level") and not c.op else \
        "{a} {op} {n}x{ref}" if c.test == "relative" and c.number else _FORMS[c.test]
    return ("NOT " if c.negated else "") + form.format(
        a=c.attribute, ref=c.ref, op=c.op, refs=(c.ref or "").replace("|", ","),
        n=_num(c.number) if c.test == "relative" else c.ref or _num(c.number))


def _num(x: float | None) -> str:
    return "" if x is None else (f"{int(x)}" if float(x).is_integer() else f"{x:g}")


# every field read off the parse in one call, and those it holds as lists (made tuples here)
_READ_PARSE = attrgetter(*Query._fields)
_LISTED = tuple(i for i, kind in enumerate(Query.__annotations__.values())
                if getattr(kind, "__forward_arg__", str(kind)).startswith("tuple"))
_AMBIGUOUS, _FOUND_CELLS, _TEXT = (Query._fields.index(n) for n in ("ambiguous", "found_cells", "text"))
