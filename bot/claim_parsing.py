"""Reading a claim put up for checking, for the Understander: how many of which set it is
about ("exactly two support push, right?"), and a factor between two numbers ("more than
twice CMQ's"). A mixin: it uses the Understander's claim reader, conditions and knowledge."""
from __future__ import annotations

from .cues import Cues
from .facts import TURNED_ROUND
from .lexicon import Mention
from .parse import Parse


class ClaimParsing:
    """Mixed into the Understander."""

    def _read_claim(self, p: Parse, tokens, mentions: list[Mention], placed, cues: Cues) -> None:
        """"Do all C++ products have security?", "exactly two support push, right?",
        "Is CMQ the only one with Raft?": how many of which set the claim is about."""
        q = self.claims.quantifier(tokens, mentions)
        if q is not None:
            scope, body = self.claims.split(placed, tokens, q.end)
            if q.kind == "all" and not scope:
                return              # "Do all products support pull?": each one's answer
            if any(start == q.start for start, _ in cues.at.get("neg", ())):
                # the quantifier's own "no" negates no row: "no product lacks CRC", "not all use CRC",
                # "no fewer than three have rewind" (in "no more than", a comparison's word, it negated none)
                after = [c for at, c in placed if at >= q.start]
                first = (scope + body).index(after[0]) if after else None
                if first is not None:
                    both = scope + body
                    both[first] = both[first].model_copy(update={"negated": not both[first].negated})
                    scope, body = both[:len(scope)], both[len(scope):]
            p.quantifier, p.quantity, p.scope, p.conditions = q.kind, q.n, scope, body
        elif p.products and self.claims.only_named(tokens, mentions):
            p.quantifier = "only_named"

    def _read_factor(self, p: Parse, tokens, cues: Cues) -> None:
        """"Is CKafka's stress test more than twice CMQ's?": a factor claimed between two
        products' numbers; "ten times lower than" claims it the other way round."""
        if not self.conditions.numeric:
            return
        found = self.claims.factor(tokens)
        if found is None:
            self._read_margin(p, tokens, cues)
            return
        factor, at = found
        op = next((o for name, o in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")) if cues.ends_at(name, at)), ">=")
        lower = any(start in (at + 1, at + 2) for name in ("compar_asc", "lt", "le") for start, _ in cues.at.get(name, ()))
        flipped = TURNED_ROUND[op]
        p.factor, p.factor_op = (1 / factor, flipped) if lower else (factor, op)
        p.conditions = []
        p.attributes = [a for a in p.attributes if self.kb.attributes[a].kind == "number"] or self.conditions.numeric[:1]

    def _read_margin(self, p: Parse, tokens, cues: Cues) -> None:
        """"Is CKafka's stress test exactly 100,000 QPS higher than CMQ's?", "more than 50k
        behind", "beats CMQ by at least 80k", "within 20,000 of": a difference claimed between
        two products' numbers. A figure with no comparison of its own is claimed exactly."""
        found = self.claims.margin(tokens, self.conditions.units)
        if found is None:
            return
        value, at, way = found
        op = next((o for name, o in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<="), ("eq", "="))
                   if cues.ends_at(name, at)), "=")
        if way == "within":
            p.margin, p.margin_op = value, "within"
        elif way == "down":         # "50k lower": the first's minus the second's is -50k, the comparison turned round
            p.margin, p.margin_op = -value, TURNED_ROUND[op]
        else:
            p.margin, p.margin_op = value, op
        p.conditions = []
        p.attributes = [a for a in p.attributes if self.kb.attributes[a].kind == "number"] or self.conditions.numeric[:1]

    def _relative_factor(self, p: Parse, tokens) -> None:
        """"Which products have a stress test result more than twice CMQ's?": the products
        above another by a factor, on a number row."""
        c = p.conditions[0]
        found = self.claims.factor(tokens)
        if found is not None and self.kb.attributes[c.attribute].kind == "number":
            p.conditions = [c.model_copy(update={"number": found[0]})]
