"""Checking a claim against the matrix: how many products of a set do something, or
whether one number is some factor of another. The verdict comes with every cell it reads."""
from __future__ import annotations

from .facts import TURNED_ROUND, compared, satisfies
from .query import Query
from .result import Result


def holds(kind: str, n: int | None, holders: int, total: int, named: int = 0) -> bool:
    """Whether `holders` of `total` products make the quantifier true."""
    return {
        "all": total > 0 and holders == total,
        "not_all": holders < total,
        "none": holders == 0,
        "exactly": holders == n,
        "at_least": n is not None and holders >= n,
        "at_most": n is not None and holders <= n,
        "most": holders * 2 > total,
        "only_named": False,         # decided by who holds, not how many
    }[kind]


class ClaimReasoning:
    """Mixed into the Reasoner: it uses its fact(), names() and condition_view()."""

    def _verify(self, p: Query):
        if p.factor is not None:
            return self._verify_factor(p)
        if p.margin is not None:
            return self._verify_margin(p)
        if p.quantifier in ("meets", "fails"):
            return self._verify_need(p)
        if p.quantifier is None:
            return self._yes_no(p)      # (a claim whose quantifier is not known: each product's own answer)
        kb = self.kb
        field = [pid for pid in kb.products if pid not in p.excluded]
        members = [pid for pid in field if all(satisfies(kb, pid, c) for c in p.scope)]
        combine = any if p.any_of else all
        holders = [pid for pid in members if combine(bool(satisfies(kb, pid, c)) for c in p.conditions)]
        if p.quantifier == "only_named":
            verdict = set(holders) == set(p.products)
        else:
            verdict = holds(p.quantifier, p.quantity, len(holders), len(members))
        rows = list(dict.fromkeys(c.attribute for c in p.scope + p.conditions))
        r = Result("verify", products=list(p.products), attributes=rows, matches=holders)
        shown = field if p.scope else members
        body_rows = list(dict.fromkeys(c.attribute for c in p.conditions))
        r.view.update(
            verdict=verdict, quantifier=p.quantifier, n=p.quantity,
            scope=[self.condition_view(c) for c in p.scope], members=self.names(members),
            conditions=[self.condition_view(c) for c in p.conditions], any_of=p.any_of,
            holders=self.names(holders), named=self.names(p.products), total=len(members),
            misses=[{"name": kb.name(pid), "facts": [self.fact(r, pid, a) for a in body_rows]}
                    for pid in members if pid not in holders],
            excluded=self.names(p.excluded),
            rows=[{"name": kb.name(pid), "ok": pid in holders,
                   "facts": [self.fact(r, pid, a) for a in rows]} for pid in shown])
        return r

    def _verify_factor(self, p: Query):
        """"more than twice": the ratio of the two products' numbers against the factor."""
        attribute = p.attributes[0]
        r = Result("verify", products=list(p.products), attributes=[attribute])
        first, second = (self.fact(r, pid, attribute) for pid in p.products)
        a, b = first["number"] or 0, second["number"] or 0
        ratio = a / b if b else float("inf")
        verdict = compared(ratio, p.factor_op, p.factor)
        r.matches = list(p.products[:1]) if verdict else []
        r.view.update(verdict=verdict, quantifier="factor", ratio=ratio, factor=p.factor, op=p.factor_op,
                      facts=[first, second], label=self.kb.attributes[attribute].label,
                      unit=self.kb.attributes[attribute].unit, scope=[], conditions=[], any_of=False,
                      members=[], total=2, misses=[], holders=[])
        return r

    def _verify_margin(self, p: Query):
        """"100,000 higher than CMQ's": the difference of the two products' numbers against the
        claimed one ("within": the difference's size against it)."""
        attribute = p.attributes[0]
        r = Result("verify", products=list(p.products), attributes=[attribute])
        first, second = (self.fact(r, pid, attribute) for pid in p.products)
        diff = (first["number"] or 0) - (second["number"] or 0)
        claimed = p.margin
        verdict = abs(diff) <= claimed if p.margin_op == "within" else compared(diff, p.margin_op, claimed)
        r.matches = list(p.products[:1]) if verdict else []
        # (a claim of "50k lower" was turned round into a difference of -50k: said the way it was put)
        op = TURNED_ROUND.get(p.margin_op, p.margin_op) if claimed < 0 else p.margin_op
        r.view.update(verdict=verdict, quantifier="margin", diff=abs(diff), above=diff > 0, below=diff < 0,
                      margin=abs(claimed), claimed_above=claimed >= 0, op=op,
                      facts=[first, second], label=self.kb.attributes[attribute].label,
                      unit=self.kb.attributes[attribute].unit, scope=[], conditions=[], any_of=False,
                      members=[], total=2, misses=[], holders=[])
        return r

    def _weighed_needs(self, p: Query) -> tuple[list[str], set[tuple[str, str]]]:
        """The needs that only weigh ("high throughput": nothing rules a product in or out),
        and the (need, product) pairs where the product scores under half the best score on it."""
        weighed, short_of = [], set()
        everyone = list(self.kb.products)
        for need in self.kb.needs:
            if need.id not in p.needs or any(c.kind in ("require", "avoid") for c in need.criteria):
                continue
            totals = dict.fromkeys(everyone, 0.0)
            for c in need.criteria:
                for pid, gained, _ in self.judge(c, everyone):
                    totals[pid] += gained * c.weight
            best = max(totals.values())
            if best > 0:
                weighed.append(need.id)
                short_of |= {(need.id, pid) for pid in p.products if totals[pid] < best / 2}
        return weighed, short_of

    def _verify_need(self, p: Query):
        """A need's hard criteria, product by product: "never loses messages" is checked on the
        rows that require or rule something out (disadvantages that mention message loss); a
        need that only weighs ("high throughput") on the product's score beside the best one's.
        With nothing to check, the matrix cannot settle the claim, and the answer says so."""
        from .facts import mentions
        needs = {n.id: n for n in self.kb.needs}
        r = Result("verify", products=list(p.products))
        checks, answers = [], []
        weighed, short_of = self._weighed_needs(p)
        for nid in p.needs:
            checks += [(needs[nid].label, c) for c in needs[nid].criteria if c.kind in ("require", "avoid")]
        for pid in p.products:
            # (a need that only weighs: the rows it prefers, where the product falls short)
            failed = [{"label": needs[nid].label, "item": fact["short"], "row": fact["label"]}
                      for nid in weighed if (nid, pid) in short_of
                      for c in needs[nid].criteria if c.kind == "prefer"
                      for fact in [self.fact(r, pid, c.attribute)]]
            for label, c in checks:
                if c.kind == "avoid":
                    item = mentions(self.kb, pid, c.attribute, c.text or "")
                    self.fact(r, pid, c.attribute)
                    if item is not None:
                        failed.append({"label": label, "item": item, "row": self.kb.attributes[c.attribute].label})
                else:
                    cond = self.requirement(c)
                    fact = self.fact(r, pid, c.attribute)
                    if not satisfies(self.kb, pid, cond):
                        failed.append({"label": label, "item": fact["short"], "row": fact["label"]})
            # the rows the need prefers high, shown beside the verdict ("its message reliability is ...")
            # (and a row that names the need among the product's own words: "Finance and other scenarios")
            shown = [self.fact(r, pid, c.attribute) for nid in p.needs for c in needs[nid].criteria
                     if c.kind == "prefer" or c.kind == "mentions" and mentions(self.kb, pid, c.attribute, c.text or "")]
            shown = list({f["attribute"]: f for f in shown}.values())
            # ("CMQ can lose messages": only a row that rules it out settles that it is so)
            hard = [f for f in failed if f["label"] in {label for label, _ in checks}]
            answers.append({"name": self.kb.name(pid), "failed": hard if p.quantifier == "fails" else failed,
                            "shown": shown})
            if p.quantifier == "fails" and hard or p.quantifier == "meets" and (checks or weighed) and not failed:
                r.matches.append(pid)
        r.attributes = list(dict.fromkeys([c.attribute for _, c in checks] + [
            c.attribute for nid in weighed for c in needs[nid].criteria if c.kind == "prefer"]))
        settled = bool(checks) if p.quantifier == "fails" else bool(checks or weighed)
        r.view.update(quantifier=p.quantifier, verdict=settled and len(r.matches) == len(p.products),
                      settled=settled, answers=answers,
                      needs=list(dict.fromkeys(needs[n].label for n in p.needs)),
                      scope=[], conditions=[], any_of=False, members=[], total=len(p.products), misses=[], holders=[])
        return r
