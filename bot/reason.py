"""Query + knowledge → Result: which cells answer the question, what matches, in what order."""
from __future__ import annotations

import re
import statistics
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .cell_text import stem
from .claims_reason import ClaimReasoning
from .compare_reason import CompareReasoning
from .context import Condition, Context
from .facts import aggregate, compared, satisfies, score
from .loader import Knowledge
from .query import Query
from .rank_reason import RankReasoning
from .recommend_reason import RecommendReasoning
from .result import Result
from .score_reason import ScoreReasoning
from .text import tokenize
from .trusted import trusted
from .values_reason import ValueReasoning


class Reasoner(CompareReasoning, RankReasoning, ClaimReasoning, ValueReasoning, RecommendReasoning, ScoreReasoning):
    def __init__(self, kb: Knowledge):
        self.kb = kb
        self.headline = [a.id for a in kb.attributes.values() if a.headline]
        # every cell as the templates see it, built once; read-only, since answers share them
        self._facts = {(pid, aid): MappingProxyType(self._fact(pid, aid))
                       for pid in kb.products for aid in kb.attributes}

    def reason(self, p: Query) -> Result:
        handler = getattr(self, f"_{p.intent}", None)
        r = handler(p) if handler else Result(p.intent)
        if p.picked:
            # "the most reliable product": which products the superlative picked, and the cells that did
            r.view["picked"] = [{"label": self.kb.attributes[aid].label, "most": way == "desc",
                                 "facts": [self.fact(r, pid, aid) for pid in who]} for aid, way, who in p.picked]
        r.view.setdefault("others", p.others)
        r.view.setdefault("topics", p.topics)
        r.view["true_false"] = p.true_false
        r.view["ruled_out"] = self._ruled_out(r, p) if p.ruled_out else None
        # (trusted: every field comes from the checked query and knowledge)
        r.context = trusted(Context, {
            "intent": p.intent, "products": list(r.products or p.products),
            "attributes": list(r.attributes or p.attributes), "conditions": list(p.conditions),
            "matches": list(r.matches), "needs": list(p.needs), "direction": p.direction, "aggregate": p.aggregate,
            # (after a scoring sheet, the top is the products tied first: "break the tie with ...")
            "top": max(1, len(r.view.get("leaders", ()))) if p.scored else p.top if p.intent == "rank" else 1,
            "recent": [],
            "excluded": list(p.excluded), "items": p.items,
            "quantifier": p.quantifier if p.intent == "verify" else None,
            "quantity": p.quantity if p.intent == "verify" else None})
        return r

    # -- helpers ---------------------------------------------------------------
    def _ruled_out(self, r: Result, p: Query) -> dict[str, Any]:
        """"avoid anything whose disadvantages mention X": who was left out, and what in their
        cells says why (of a list, the entries that use the words)."""
        words = {stem(w) for w in tokenize(p.ruled_words)}
        said = []
        for pid in p.ruled_out:
            fact = self.fact(r, pid, p.ruled_row)
            parts = fact["items"] or re.split(r"[;,]\s*", self.kb.cell(pid, p.ruled_row).display)
            entries = [e for e in parts if words & {stem(w) for w in tokenize(e)}]
            said.append({"name": fact["name"], "text": "; ".join(entries) if entries else fact["short"]})
        return {"names": self.names(list(p.ruled_out)), "words": p.ruled_words, "said": said,
                "label": self.kb.attributes[p.ruled_row].label}

    def fact(self, r: Result, product: str, attribute: str) -> Mapping[str, Any]:
        """A cell as the templates see it; citing it is what makes it stateable."""
        r.cite(product, attribute)
        return self._facts[product, attribute]

    def _fact(self, product: str, attribute: str) -> dict[str, Any]:
        a = self.kb.attributes[attribute]
        c = self.kb.cell(product, attribute)
        return {"product": product, "name": self.kb.name(product), "attribute": attribute,
                "label": a.label, "kind": a.kind, "unit": a.unit, "short": c.short,
                "detail": c.detail, "items": c.items, "number": c.number, "flag": c.flag,
                # a cell that says the product has none of the row ("None")
                "absent": bool(c.values) and all(a.value(v) is not None and a.value(v).absent for v in c.values)}

    def condition_view(self, cond: Condition) -> dict[str, Any]:
        a = self.kb.attributes[cond.attribute]
        ref_label = None
        if cond.test in ("value", "only"):
            ref_label = a.value(cond.ref).label
        elif cond.test == "one_of":
            ref_label = " or ".join((a.value(v) or a.level(v)).label for v in cond.ref.split("|"))
        elif cond.test == "level":
            ref_label = a.level(cond.ref).label
        elif cond.test == "feature":
            ref_label = a.feature(cond.ref).label
        elif cond.test in ("relative", "same_as"):
            ref_label = self.kb.name(cond.ref)
        elif cond.test == "number" and cond.ref:      # against the average of every product
            ref_label = {"avg": "average", "median": "median"}[cond.ref]
            cond = cond.model_copy(update={"number": aggregate(self.kb, cond.attribute, cond.ref)})
        return {"attribute": cond.attribute, "label": a.label, "kind": a.kind, "test": cond.test,
                "value": self.kb.cell(cond.ref, cond.attribute).short if cond.test == "same_as" else None,
                "ref": ref_label, "op": cond.op, "number": cond.number, "negated": cond.negated,
                "unit": a.unit}

    def measured_alike(self, attributes) -> list[str]:
        """The other rows that measure what these rows measure (YAML `measures`)."""
        asked = list(attributes)
        groups = {self.kb.attributes[a].measures for a in asked} - {None}
        return [a.id for a in self.kb.attributes.values() if a.measures in groups and a.id not in asked]

    def names(self, ids: list[str]) -> list[str]:
        return [self.kb.name(i) for i in ids]

    def scope(self, p: Query) -> list[str]:
        return [pid for pid in (p.products or self.kb.products) if pid not in p.excluded]

    def rankable(self, p: Query) -> str | None:
        return next((a for a in p.attributes if self.kb.attributes[a].rankable), None)

    # -- intents ---------------------------------------------------------------
    def _lookup(self, p: Query) -> Result:
        # ("what's Kafka written in?" → "other than Kafka?": the rest of the products)
        products = list(p.products) or ([pid for pid in self.kb.products if pid not in p.excluded] if p.excluded else [])
        r = Result("lookup", products=products, attributes=p.attributes)
        cells = p.found_cells or [(pid, aid) for pid in products for aid in p.attributes]
        r.view["facts"] = [self.fact(r, pid, aid) for pid, aid in cells]
        r.view.update(products=self.names(products), attributes=p.attributes, found=p.found,
                      found_in=self.names(p.found_in), figure=p.figure, total=len(self.kb.products),
                      described=p.described,
                      # every row that can be absent is read (and cited): what it lacks, or that it lacks nothing
                      lacks=[self.kb.attributes[a].label for a in p.attributes if self.kb.attributes[a].can_lack
                             and not satisfies(self.kb, products[0], Condition(a, "has"))] if p.lacks else None)
        # "No, RabbitMQ does not have message rewind": on yes/no rows, those for which it is yes
        flags = bool(p.attributes) and not p.found_cells and all(
            self.kb.attributes[a].kind == "flag" for a in p.attributes)
        r.matches = [pid for pid in products if all(self.kb.cell(pid, a).flag for a in p.attributes)] \
            if flags else [pid for pid in products if pid in p.found_in] if p.found else list(products)
        r.view["denied"] = p.asks_yes_no and bool(p.found) and not r.matches      # "No: the matrix says it of others"
        # "CKafka guarantees 99.95%, right?": a figure its own cell states (a term's mere mention settles nothing)
        # ("the broker keeps serving as long as it has 2 nodes, right?": its words, in its own cells)
        r.view["confirmed"] = p.asks_yes_no and (p.figure or p.quoted) and bool(products) and r.matches == products
        return r

    def _overview(self, p: Query) -> Result:
        pid = p.products[0]
        r = Result("overview", products=[pid], attributes=list(self.kb.attributes), matches=[pid])
        r.view["name"] = self.kb.name(pid)
        r.view["facts"] = {aid: self.fact(r, pid, aid) for aid in self.kb.attributes}
        return r

    def _filter(self, p: Query, intent: str = "filter") -> Result:
        against = [c.ref for c in p.conditions if c.test in ("relative", "same_as")]
        products = [pid for pid in self.scope(p) if pid not in against]
        r = Result(intent, products=products if p.from_context else [],
                   attributes=list(dict.fromkeys(c.attribute for c in p.conditions)))
        results = {pid: [satisfies(self.kb, pid, c) for c in p.conditions] for pid in products}
        combine = any if p.any_of else all
        r.matches = [pid for pid in products if combine(bool(x) for x in results[pid])]
        unknown = [pid for pid in products if pid not in r.matches
                   and any(x is None for x in results[pid])]
        # the products compared against or set aside are shown too: "apart from CMQ" implies its cell
        shown = products + [pid for pid in against + list(p.excluded) if pid not in products]
        for pid in shown:
            for a in r.attributes:
                self.fact(r, pid, a)
        # "the throughput of the products that support push": the rows asked of those that match
        extra = [a for a in p.attributes if a not in r.attributes] if intent == "filter" and r.matches else []
        r.view["extra"] = [{"label": self.kb.attributes[a].label,
                            "facts": [self.fact(r, pid, a) for pid in r.matches]} for a in extra]
        rows = [{"facts": [self.fact(r, pid, a) for a in r.attributes + extra], "name": self.kb.name(pid),
                 "ok": pid in r.matches} for pid in shown]
        r.attributes += extra
        r.view.update(matches=self.names(r.matches),
                      misses=self.names([x for x in products if x not in r.matches and x not in unknown]),
                      unknown=self.names(unknown), conditions=[self.condition_view(c) for c in p.conditions],
                      any_of=p.any_of, scope=self.names(products), scoped=p.from_context, rows=rows,
                      asks_yes_no=p.asks_yes_no, excluded=self.names(p.excluded),
                      total=len(products))
        return r

    def _count(self, p: Query) -> Result:
        if p.distinct:
            return self._count_distinct(p)
        if p.items:
            return self._count_items(p)
        if not p.conditions:
            products = self.scope(p)
            r = Result("count", products=products, matches=products)
            r.view.update(matches=self.names(products), conditions=[], total=len(products), asks_yes_no=False,
                          excluded=self.names(p.excluded),
                          scope=self.names(products), scoped=p.from_context, rows=[], misses=[],
                          unknown=[], any_of=False)
            return r
        return self._filter(p, intent="count")

    def _yes_no(self, p: Query) -> Result:
        r = Result("yes_no", products=p.products,
                   attributes=list(dict.fromkeys([c.attribute for c in p.conditions] + list(p.also))))
        combine = any if p.any_of else all
        answers = []
        for pid in p.products:
            checks = [(c, satisfies(self.kb, pid, c)) for c in p.conditions]
            verdict = combine(bool(x) for _, x in checks)
            unknown = not verdict and any(x is None for _, x in checks)
            # one sentence per row, however many conditions test it ("pull and push")
            rows = list(dict.fromkeys(c.attribute for c, _ in checks))
            facts = [self.fact(r, pid, a) for a in rows]
            # "Can Kafka handle 1 million QPS?": not in the stress test, but the matrix rates its
            # general performance million-level; a "no" on a number names the rows measuring the same
            aside = [self.fact(r, pid, a) for a in self.measured_alike(c.attribute for c, _ in checks
                                                                        if c.test == "number") if a not in rows] \
                if not verdict else []
            answers.append({"name": self.kb.name(pid), "yes": verdict, "unknown": unknown, "facts": facts,
                            "aside": aside, "also": [self.fact(r, pid, a) for a in p.also if a not in rows]})
            if verdict:
                r.matches.append(pid)
        against = [self.condition_view(c) for c in p.conditions if c.test == "number" and c.ref]
        for c in p.conditions:
            if c.test == "number" and c.ref:
                for pid in self.kb.products:
                    self.fact(r, pid, c.attribute)
        r.view.update(answers=answers, any_of=p.any_of, against=against,
                      verdict="yes" if len(r.matches) == len(p.products) else
                      "no" if not r.matches else "partly")
        return r

    def _aggregate(self, p: Query) -> Result:
        attribute = next(a for a in p.attributes if self.kb.attributes[a].kind == "number")
        products = self.scope(p)
        # "the average QPS of the products written in C++": filter first
        where = [c for c in p.conditions if c.test != "number"]
        chosen = [pid for pid in products if all(satisfies(self.kb, pid, c) for c in where)]
        if chosen and where:
            products = chosen
        op = p.aggregate or "avg"
        if op in ("diff", "ratio") and len(products) != 2:
            ordered = sorted(products, key=lambda x: -score(self.kb, x, attribute))
            products = [ordered[0], ordered[-1]]
        r = Result("aggregate", products=products, attributes=[attribute])
        facts = [self.fact(r, pid, attribute) for pid in products]
        where_facts = [self.fact(r, pid, c.attribute) for c in where for pid in products] if chosen and where else []
        numbers = [f["number"] for f in facts]
        if op == "avg":
            value = sum(numbers) / len(numbers)
        elif op == "median":
            value = statistics.median(numbers)
        elif op == "range":
            value = max(numbers) - min(numbers)
        elif op == "sum":
            value = sum(numbers)
        elif op == "max":
            value = max(numbers)
        elif op == "min":
            value = min(numbers)
        elif op == "diff":
            value = numbers[0] - numbers[1]
        else:
            value = numbers[0] / numbers[1] if numbers[1] else 0.0
        if op in ("max", "min"):
            r.matches = [f["product"] for f in facts if f["number"] == value]
        elif op == "range":
            r.matches = [f["product"] for f in facts if f["number"] in (max(numbers), min(numbers))]
        else:
            r.matches = list(products)
        if p.claimed is not None:
            # ("..., right?": the sum's value against the figure claimed for it)
            holds = abs(value - p.claimed) < 1e-9 if p.claimed_op == "=" else compared(value, p.claimed_op, p.claimed)
            r.view["claim"] = {"figure": p.claimed, "op": p.claimed_op, "holds": holds}
        r.view.update(op=op, value=value, facts=facts, top=max(numbers), bottom=min(numbers),
                      percent=abs(value) / numbers[1] * 100 if op == "diff" and numbers[1] else None,
                      where=[self.condition_view(c) for c in where] if where_facts else [],
                      label=self.kb.attributes[attribute].label,
                      unit=self.kb.attributes[attribute].unit, all_products=not p.products and not p.excluded,
                      winners=self.names(r.matches))
        return r

    def _list_products(self, p: Query) -> Result:
        r = Result("list_products")
        r.view["products"] = [{"name": x.name, "aliases": [a for a in x.aliases if a.lower() != x.name.lower()]}
                              for x in self.kb.products.values()]
        return r

    def _list_attributes(self, p: Query) -> Result:
        r = Result("list_attributes")
        r.view["attributes"] = [a.label for a in self.kb.attributes.values()]
        r.view["products"] = self.names(list(self.kb.products))
        return r

    def _glossary(self, p: Query) -> Result:
        r = Result("glossary")
        r.view["terms"] = [{"term": self.kb.glossary[g].term, "definition": self.kb.glossary[g].definition}
                           for g in p.glossary[:4]]
        r.view["source"] = self.kb.glossary_source
        return r

    def _help(self, p: Query) -> Result:
        r = Result("help")
        r.view["products"] = self.names(list(self.kb.products))
        r.view["count"] = len(self.kb.attributes)
        return r

    def _smalltalk(self, p: Query) -> Result:
        r = Result("smalltalk")
        r.view["kind"] = p.smalltalk or "greet"
        r.view["products"] = self.names(list(self.kb.products))
        return r

    def _clarify(self, p: Query) -> Result:
        r = Result("clarify", products=p.products)
        r.view["options"] = [self.names(ids) for _, ids in p.ambiguous]
        # the question again, once per reading of the unclear word
        r.view["rephrased"] = [re.sub(re.escape(word), name, p.text, count=1, flags=re.I)
                               for word, ids in p.ambiguous[:1] for name in self.names(ids)]
        r.view["words"] = [w for w, _ in p.ambiguous]
        r.view["names"] = self.names(p.products)
        r.view["unclear"] = p.unclear
        r.view["unread"], r.view["understood"] = list(p.unread), p.understood
        r.view["desc"] = p.direction == "desc"
        r.view["rankable"] = [a.label for a in self.kb.attributes.values() if a.kind in ("ordinal", "number")]
        return r

    def _unknown(self, p: Query) -> Result:
        r = Result("unknown")
        r.view["products"] = self.names(list(self.kb.products))
        r.view["rows_asked"] = [self.kb.attributes[a].label for a in p.attributes]
        return r
