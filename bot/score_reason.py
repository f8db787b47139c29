"""Ranking by a scoring sheet: each product's points for the tests it passes (a point each,
or the weights written), after the bars it must pass; every cell read is cited."""
from __future__ import annotations

from .facts import satisfies
from .query import Query
from .result import Result


class ScoreReasoning:
    """Mixed into the Reasoner: it uses its fact(), names(), scope() and condition_view()."""

    def _rank_scored(self, p: Query) -> Result:
        kb = self.kb
        weights = list(p.weights) or [1.0] * len(p.conditions)
        field = self.scope(p)
        rows = list(dict.fromkeys(c.attribute for c in list(p.scope) + list(p.conditions)))
        r = Result("rank", products=field, attributes=rows)
        for pid in field:
            for a in rows:
                self.fact(r, pid, a)
        passing = [pid for pid in field if all(satisfies(kb, pid, c) for c in p.scope)]
        scores = []
        for pid in passing:
            met = [bool(satisfies(kb, pid, c)) for c in p.conditions]
            scores.append({"product": pid, "name": kb.name(pid), "points": sum(w for w, m in zip(weights, met, strict=True) if m),
                           "met": [self.condition_view(c) for c, m in zip(p.conditions, met, strict=True) if m]})
        scores.sort(key=lambda x: -x["points"])          # (stable: matrix order in a tie)
        r.matches = [x["product"] for x in scores]
        best = scores[0]["points"] if scores else 0
        leaders = [x for x in scores if x["points"] == best]
        r.view.update(scores=scores, most=sum(weights), leaders=[x["name"] for x in leaders], best=best,
                      total_points=sum(x["points"] for x in scores),
                      tests=[self.condition_view(c) for c in p.conditions],
                      bars=[self.condition_view(c) for c in p.scope],
                      out=self.names([pid for pid in field if pid not in passing]))
        return r
