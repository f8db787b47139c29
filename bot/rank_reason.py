"""Rankings: products ordered on one row (ties as groups of equals), a place ("the second
highest"), a top n, "in the top two?", nearest the average, and the gap to the leader."""
from __future__ import annotations

from typing import Any

from .facts import aggregate, groups, satisfies, score
from .query import Query
from .result import Result


class RankReasoning:
    """Mixed into the Reasoner: it uses its fact(), scope(), rankable(), condition_view()
    and, when no product passes the tests, its filter."""

    def _rank(self, p: Query) -> Result:
        if p.items:
            return self._count_items(p)         # "who lists the most disadvantages?"
        if p.scored:
            return self._rank_scored(p)         # "1 point per requirement met"
        # "the most reliable product with push": the tests pick the field, a row the tests
        # do not use is the one ranked
        tests = [c for c in p.conditions if c.test not in ("relative", "same_as")]
        tested = {c.attribute for c in tests}
        attribute = next((a for a in p.attributes if self.kb.attributes[a].rankable and a not in tested), None) \
            or self.rankable(p)
        if attribute is None:
            return self._compare(p)             # (nothing that ranks: the rows side by side)
        # products named are the field as asked; otherwise the tests pick it
        where = [] if p.products and not p.from_context else [c for c in tests if c.attribute != attribute]
        # "Is CKafka in the top two for throughput?": ranked among all, then looked for
        # "Is Kafka the most reliable?" likewise, with a top of one
        in_top = p.asks_yes_no and len(p.products) == 1
        products = [pid for pid in self.kb.products if pid not in p.excluded] if in_top else self.scope(p)
        considered = products
        if where:
            products = [pid for pid in products if all(satisfies(self.kb, pid, c) for c in where)]
            if not products:
                return self._filter(p)          # none passes the tests: say so
        desc = p.direction == "desc"
        near = None
        if p.aggregate in ("avg", "median") and self.kb.attributes[attribute].kind == "number":
            # "closest to the mean": nearest first, by distance from the average of every product
            near = aggregate(self.kb, attribute, p.aggregate)
            ordered = sorted(((pid, abs(score(self.kb, pid, attribute) - near)) for pid in products), key=lambda x: x[1])
            desc = True
        else:
            ordered = sorted(((pid, score(self.kb, pid, attribute)) for pid in products),
                             key=lambda x: -x[1] if desc else x[1])
        ranked = groups(ordered)
        r = Result("rank", products=products, attributes=[attribute],
                   matches=[pid for g in ranked for pid in g])
        broken = self._tie_broken(r, ranked, attribute, desc, tested) if near is None else None
        facts = {pid: self.fact(r, pid, attribute) for pid in products}
        order = [pid for g in ranked for pid in g]
        # "the second highest": the second group of equals (dense ranking)
        at_place = ranked[p.place - 1] if 1 < p.place <= len(ranked) else []
        r.view.update(label=self.kb.attributes[attribute].label, desc=desc, place=p.place,
                      at_place=[facts[pid] for pid in at_place] if at_place else [],
                      above=[facts[pid] for pid in order[:order.index(at_place[0])]] if at_place else [],
                      groups=[[facts[pid] for pid in g] for g in ranked],
                      pair=len(products) == 2 and bool(p.products), excluded=self.names(p.excluded),
                      asks_yes_no=p.asks_yes_no and len(p.products) == 2, row_named=p.row_named,
                      first=facts.get(p.products[0]) if p.products else None)   # (the tests may leave it out)
        # "the two highest": the leading groups of equals, until they hold that many products
        top_n: list[list[Any]] = []
        if (in_top or len(products) > p.top > 1) and not at_place and not r.view["pair"] and not r.view["asks_yes_no"]:
            for g in ranked:
                if sum(len(x) for x in top_n) >= p.top:
                    break
                top_n.append([facts[pid] for pid in g])
        r.view.update(top_n=top_n, n=p.top, in_top=in_top and bool(top_n), where=[], where_names=[])
        # "... and by how much does it trail the leader?": first place against the other end
        numeric = self.kb.attributes[attribute].kind == "number" and len(ranked) > 1
        r.view["near"] = {"value": near, "kind": {"avg": "average", "median": "median"}[p.aggregate],
                          "away": ordered[0][1]} if near is not None else None
        r.view["gap"] = {"first": facts[ranked[0][0]], "other": facts[ranked[-1][0]],
                         "value": abs(facts[ranked[0][0]]["number"] - facts[ranked[-1][0]]["number"])} \
            if p.aggregate == "diff" and numeric else None
        if where:
            for pid in considered:          # "of the products that support push" states their cells
                for c in where:
                    self.fact(r, pid, c.attribute)
            r.view.update(where=[self.condition_view(c) for c in where], where_names=self.names(products))
        if r.view["in_top"]:
            r.view["verdict"] = "yes" if any(f["product"] == p.products[0] for g in top_n for f in g) else "no"
        # "Does CKafka have both the highest throughput and the highest stress test?": each row's leaders
        more = [a for a in p.attributes if a != attribute and a not in tested and self.kb.attributes[a].rankable]
        r.view["each_row"] = [self._leaders(r, products, a, desc, p.products[0]) for a in [attribute, *more]] \
            if r.view["in_top"] and p.top == 1 and more else []
        if r.view["each_row"]:
            r.view["verdict"] = "yes" if all(p.products[0] in row["ids"] for row in r.view["each_row"]) else "no"
        if r.view["asks_yes_no"]:
            first = p.products[0]
            top = ranked[0]
            r.view["verdict"] = "tie" if len(top) == len(products) else (
                "yes" if first in top else "no")
        # "which is faster?" with both Average throughput: the stress test tells them apart
        r.view["tie_break"] = broken
        if r.view["in_top"] or r.view["asks_yes_no"]:
            # a yes or no: its matches are the product asked about, if the answer is yes
            verdict = r.view["verdict"]
            yes = verdict == "yes" or verdict == "tie" and broken and not p.row_named \
                and broken["facts"][0]["product"] == p.products[0]
            r.view["ranked"] = r.matches
            r.matches = [p.products[0]] if yes else []
        elif top_n and p.top > 1 and not at_place:
            r.matches = [f["product"] for g in top_n for f in g]     # "just the top 3": those three
        return r

    def _leaders(self, r: Result, products: list[str], attribute: str, desc: bool, asked: str) -> dict[str, Any]:
        """The products first on a row, with their cells, and the cell of the product asked about."""
        best = (max if desc else min)(score(self.kb, pid, attribute) for pid in products)
        ids = [pid for pid in products if score(self.kb, pid, attribute) == best]
        return {"ids": ids, "facts": [self.fact(r, pid, attribute) for pid in ids],
                "label": self.kb.attributes[attribute].label,
                "asked": None if asked in ids else self.fact(r, asked, attribute)}

    def _tie_broken(self, r: Result, ranked: list[list[str]], attribute: str, desc: bool, tested: set[str]):
        """Products tied first on a row that shares what it measures with other rows ("speed":
        throughput, the stress test): the first of those rows (figures first) that tells the
        tied apart orders them, and its cells are stated beside the tie."""
        measures = self.kb.attributes[attribute].measures
        tied = ranked[0]
        if len(tied) < 2 or not measures:
            return None
        alike = sorted((a for a in self.kb.attributes.values() if a.measures == measures and a.id != attribute
                        and a.rankable and a.id not in tested), key=lambda a: a.kind != "number")
        other = next((a.id for a in alike if len({score(self.kb, pid, a.id) for pid in tied}) > 1), None)
        if other is None:
            return None
        order = sorted(tied, key=lambda pid: -score(self.kb, pid, other) if desc else score(self.kb, pid, other))
        r.matches = order + r.matches[len(tied):]
        r.attributes = [attribute, other]
        first = score(self.kb, order[0], other)
        # (RabbitMQ and RocketMQ level on the stress test too: ahead together, never one alone)
        leaders = [pid for pid in order if score(self.kb, pid, other) == first]
        return {"label": self.kb.attributes[other].label, "facts": [self.fact(r, pid, other) for pid in order],
                "leaders": self.names(leaders), "desc": desc}
