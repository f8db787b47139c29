"""Comparisons: the products side by side on the rows asked (or every row on which they
differ), who leads where, and which products share a value."""
from __future__ import annotations

from typing import Any

from .facts import goodness, satisfies, score
from .query import Query
from .result import Result


class CompareReasoning:
    """Mixed into the Reasoner: it uses its fact(), names(), scope() and headline rows."""

    def _compare(self, p: Query) -> Result:
        products = self.scope(p)
        # "Considering only the products written in C++, how do they differ in ...?": the tests
        # pick the products compared, on the other rows asked (a row merely named is no test)
        tests = [c for c in p.conditions if not (c.test == "has" and not c.negated and c.attribute in p.attributes)]
        picked = [pid for pid in products if all(satisfies(self.kb, pid, c) for c in tests)] \
            if tests and not p.products else products
        tested = {c.attribute for c in tests}
        if len(picked) >= 2 and picked != products and any(a not in tested for a in p.attributes):
            products = picked
            p = p._replace(attributes=tuple(a for a in p.attributes if a not in tested))
        filtered = products is picked
        # "what do they have in common?" looks at every row, not only the headline ones
        in_common = p.in_common and len(products) > 1
        attributes = p.attributes or (list(self.kb.attributes) if in_common else self.overall_rows(products))
        attributes = [a for a in attributes if a in self.kb.attributes]
        ranked = [a for a in attributes if self.kb.attributes[a].rankable]
        if len(ranked) == 1 and p.attributes:
            # "kafka vs rabbit reliability": on one ranked row, best first (ties keep their order)
            order = sorted(products, key=lambda pid: -goodness(self.kb, pid, ranked[0]))
        else:
            order = list(products)
        r = Result("compare", products=products, attributes=attributes, matches=order)
        r.view["names"] = self.names(products)
        r.view["rows"] = [{"label": self.kb.attributes[a].label, "attribute": a,
                           "facts": [self.fact(r, pid, a) for pid in products]} for a in attributes]
        r.view["overall"] = not p.attributes
        r.view["all_products"] = not p.products and not filtered
        # "Do CKafka and Kafka use the same replication?"
        r.view["same"] = [len({f["short"] for f in row["facts"]}) == 1 for row in r.view["rows"]] \
            if p.asks_same and p.attributes else None
        if r.view["same"] is not None and False in r.view["same"]:
            r.matches = []          # "do they use the same ...?" answered no: none matches
        r.view["leads"] = self.leads(r, products, attributes) if len(products) == 2 else []
        r.view["level"] = self.level_rows(r, products, attributes) if len(products) == 2 and p.attributes else []
        # "Which products are written in the same language?": the products that share a value
        shared = None
        if p.groups_same and len(attributes) == 1:
            by_value: dict[str, list[str]] = {}
            for f in r.view["rows"][0]["facts"]:
                by_value.setdefault(f["short"], []).append(f["name"])
            shared = [{"value": v, "names": names} for v, names in
                      sorted(by_value.items(), key=lambda kv: -len(kv[1])) if len(names) > 1]
            if p.most_shared and shared:        # "the most common": the value most products share
                shared = [g for g in shared if len(g["names"]) == len(shared[0]["names"])]
            r.view["alone"] = [names[0] for names in by_value.values() if len(names) == 1]
        r.view["shared"] = shared
        r.view["shared_asked"] = p.asks_yes_no and shared is not None
        if shared is not None:          # "which share a language?": the products that do
            alike = {name for group in shared for name in group["names"]}
            r.matches = [pid for pid in products if self.kb.name(pid) in alike]
        r.view["common"] = [{"label": row["label"], "value": row["facts"][0]["short"]} for row in r.view["rows"]
                            if len({f["short"] for f in row["facts"]}) == 1] if in_common else None
        return r

    def overall_rows(self, products: list[str]) -> list[str]:
        """An overall comparison: the headline rows, every other row on which the products
        differ (yes/no rows included: security, monitoring), then the pros and cons."""
        lists = [a.id for a in self.kb.attributes.values() if a.kind == "list"]
        differ = [a for a in self.kb.attributes if a not in self.headline and a not in lists
                  and len({self.kb.cell(pid, a).short for pid in products}) > 1]
        return [a for a in self.kb.attributes if a in self.headline or a in differ] + lists

    def leads(self, r: Result, products: list[str], attributes: list[str]) -> list[dict[str, Any]]:
        """For two products: on which ranked rows each one is ahead."""
        out = {pid: [] for pid in products}
        a, b = products
        for attr in attributes:
            if not self.kb.attributes[attr].rankable:
                continue
            sa, sb = goodness(self.kb, a, attr), goodness(self.kb, b, attr)
            if sa != sb:
                win, lose = (a, b) if sa > sb else (b, a)
                out[win].append({"label": self.kb.attributes[attr].label,
                                 "mine": self.fact(r, win, attr)["short"],
                                 "theirs": self.fact(r, lose, attr)["short"]})
        return [{"name": self.kb.name(pid), "rows": rows} for pid, rows in out.items() if rows]

    def level_rows(self, r: Result, products: list[str], attributes: list[str]) -> list[dict[str, Any]]:
        """For two products: the ranked rows asked about on which neither is ahead."""
        a, b = products
        return [{"label": self.kb.attributes[attr].label, "short": self.fact(r, a, attr)["short"],
                 "other": self.fact(r, b, attr)["short"]}
                for attr in attributes if self.kb.attributes[attr].rankable
                and score(self.kb, a, attr) == score(self.kb, b, attr)]
