"""Recommendations: needs and the tests a question states become criteria; each product
scores on them, and the best, the runner-up and any product asked about are explained by
the cells that earned (or cost) them points."""
from __future__ import annotations

from typing import Any

from .context import Condition
from .facts import goodness, groups, mentions, satisfies
from .models import Criterion
from .query import Query
from .result import Result


class RecommendReasoning:
    """Mixed into the Reasoner: it uses its kb, fact(), names() and scope()."""

    def _recommend(self, p: Query):
        criteria: list[tuple[str, Criterion]] = []
        needs = {n.id: n for n in self.kb.needs}
        for nid in p.needs:
            criteria += [(needs[nid].label, c) for c in needs[nid].criteria]
        covered = {c.attribute for _, c in criteria if c.kind in ("prefer", "require")}
        # "throughput is only around 20k messages per second": a figure asked for is a floor the
        # products must clear (the understander leaves the rows it measures unweighed, unless
        # the most is asked for too)
        floors = [c for c in p.conditions if c.test == "number" and c.op in (">", ">=")]
        for cond in p.conditions:
            if cond.negated:
                covered.add(cond.attribute)     # (a test turned round rules out; it earns no product points)
            elif cond.test in ("value", "feature"):
                criteria.append((self.condition_label(cond),
                                 Criterion(require=cond.attribute, value=cond.ref if cond.test == "value" else None,
                                           feature=cond.ref if cond.test == "feature" else None)))
                covered.add(cond.attribute)
            elif cond.test == "has" and cond.attribute not in covered:
                criteria.append((self.kb.attributes[cond.attribute].label.lower(),
                                 Criterion(require=cond.attribute)))
                covered.add(cond.attribute)
        for a in p.attributes:
            attr = self.kb.attributes[a]
            if a not in covered and attr.kind in ("ordinal", "number"):
                criteria.append((f"high {attr.label.lower()}" if attr.kind == "ordinal" else attr.label,
                                 Criterion(prefer=a)))
                covered.add(a)
        # "Can I use RabbitMQ for banking?": weigh every product, then say where the named one stands
        # "Kafka or CKafka, which should we choose?": a choice among the products named
        among = p.from_context or len(p.products) >= 2
        products = self.scope(p) if among else [pid for pid in self.kb.products if pid not in p.excluded]
        cleared = [pid for pid in products if all(satisfies(self.kb, pid, c) for c in floors)]
        products = cleared or products
        # "high throughput, and it has to support push": a test the question states rules out
        # what fails it; the scores only order the products that pass (never a pick that fails one)
        stated = [c for c in p.conditions if c.test in ("value", "feature", "has", "only")]
        passing = [pid for pid in products if all(satisfies(self.kb, pid, c) for c in stated)]
        unmet = [self.condition_view(c) for c in stated] if stated and not passing else []
        # (a product asked about that fails is still weighed, to say where it falls short)
        weighed = (passing or products) + [pid for pid in p.products if pid in products and pid not in passing
                                           and passing and not among]
        products = passing or products
        r = Result("recommend", products=p.products)
        totals = {pid: 0.0 for pid in weighed}
        reasons: dict[str, list[dict[str, Any]]] = {pid: [] for pid in weighed}
        for _, crit in criteria:
            for pid, gained, why in self.judge(crit, weighed):
                totals[pid] += gained * crit.weight
                if why is not None:
                    reasons[pid].append(why)
        ordered = sorted(products, key=lambda x: -totals[x])
        ranked = groups([(pid, totals[pid]) for pid in ordered])
        best = ranked[0] if ranked and totals[ranked[0][0]] > 0 else []
        runner = ranked[1] if best and len(ranked) > 1 and totals[ranked[1][0]] > 0 else []
        # "Which products should I avoid for finance?": the group that fits least
        least = ranked[-1] if p.avoid and best and len(ranked) > 1 else []
        r.matches = list(least or best)
        # ("Avoid anything written in Java, what do you recommend?": the tests leave some, and
        # nothing else asked tells them apart: those that pass, said as such)
        passed = {"names": self.names(passing), "tests": [self.condition_view(c) for c in stated]} \
            if not best and stated and passing and len(passing) < len(weighed) + len(
                [pid for pid in self.kb.products if pid not in weighed]) else None
        if passed:
            r.matches = list(passing)
            for pid in passing:
                for c in stated:
                    self.fact(r, pid, c.attribute)

        def explain(pid, every_row=False):
            shown, seen = [], []
            whys = reasons[pid]
            if every_row:        # a product that lost: show what the matrix says on each row weighed
                whys = [{"attribute": c.attribute, "kind": c.kind} for _, c in criteria if c.kind in ("prefer", "require")]
            for why in whys:
                if why not in seen:     # two needs may weigh the same row the same way
                    seen.append(why)
                    shown.append(dict(why, fact=self.fact(r, pid, why["attribute"])))
            return {"name": self.kb.name(pid), "reasons": shown}

        # "why not CKafka?": a product asked about is explained on every row weighed, even a runner-up
        asked = [pid for pid in p.products if pid not in best and pid in totals]
        runner = [pid for pid in runner if pid not in asked]
        r.attributes = list(dict.fromkeys(c.attribute for _, c in criteria))
        scoped = among and len(products) < len(self.kb.products)
        if scoped and not best:        # "which one for payments?" between two that tie: each one's cells
            asked = list(products)
        r.view.update(needs=list(dict.fromkeys(label for label, _ in criteria)),
                      best=[explain(pid) for pid in best], runner=[explain(pid) for pid in runner],
                      asked=[explain(pid, every_row=True) for pid in asked],
                      least=[explain(pid, every_row=True) for pid in least],
                      scope=self.names(products) if scoped else [], unmet=unmet, passed=passed)
        return r

    def condition_label(self, cond: Condition) -> str:
        a = self.kb.attributes[cond.attribute]
        ref = a.value(cond.ref) if cond.test == "value" else a.feature(cond.ref)
        return f"{ref.label.lower()} {a.label.lower()}" if cond.test == "value" else ref.label

    @staticmethod
    def requirement(crit: Criterion) -> Condition:
        """The test a `require` criterion puts to a cell."""
        a = crit.attribute
        return (Condition(a, "value", crit.value) if crit.value else
                Condition(a, "feature", crit.feature) if crit.feature else Condition(a, "has"))

    def judge(self, crit: Criterion, products: list[str]):
        """(product, points, reason-or-None) for each product under one criterion."""
        a = crit.attribute
        if crit.kind == "prefer":
            scores = {pid: goodness(self.kb, pid, a) for pid in products}
            lo, hi = min(scores.values()), max(scores.values())
            for pid in products:
                gained = 0.0 if hi == lo else (scores[pid] - lo) / (hi - lo)
                yield pid, gained, ({"attribute": a, "kind": "prefer"} if gained > 0 else None)
        elif crit.kind == "require":
            cond = self.requirement(crit)
            for pid in products:
                ok = bool(satisfies(self.kb, pid, cond))
                yield pid, 1.0 if ok else 0.0, ({"attribute": a, "kind": "require"} if ok else None)
        else:
            for pid in products:
                item = mentions(self.kb, pid, a, crit.text or "")
                if item is None:
                    yield pid, 0.0, None
                elif crit.kind == "mentions":
                    yield pid, 1.0, {"attribute": a, "kind": "mentions", "item": item}
                else:
                    yield pid, -1.0, None

