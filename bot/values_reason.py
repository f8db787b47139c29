"""Questions about a row's values rather than its products: how many distinct values
appear ("how many different languages?") and which they are, and how many entries a list
row holds ("how many disadvantages does Kafka list?", "who lists the most advantages?")."""
from __future__ import annotations

from .query import Query
from .result import Result


class ValueReasoning:
    """Mixed into the Reasoner: it uses its fact(), names() and scope()."""

    def value_of(self, pid: str, attribute: str) -> list[str]:
        """The values a cell states, as labels; none for a value that means 'has none'."""
        a, cell = self.kb.attributes[attribute], self.kb.cell(pid, attribute)
        if cell.values is not None:
            return [a.value(v).label for v in cell.values if not a.value(v).absent]
        if cell.level is not None:
            return [a.level(cell.level).label]
        return [cell.short] if cell.short else []

    def _count_distinct(self, p: Query):
        attribute = p.attributes[0]
        products = self.scope(p)
        r = Result("count", products=products, attributes=[attribute])
        by_value: dict[str, list[str]] = {}
        for pid in products:
            self.fact(r, pid, attribute)
            for value in self.value_of(pid, attribute):
                by_value.setdefault(value, []).append(self.kb.name(pid))
        r.matches = list(products)
        r.view.update(distinct=[{"value": v, "names": names} for v, names in by_value.items()],
                      label=self.kb.attributes[attribute].label, total=len(products),
                      none=self.names([pid for pid in products if not self.value_of(pid, attribute)]),
                      conditions=[], excluded=self.names(p.excluded), others=p.others, topics=p.topics)
        return r

    def _count_items(self, p: Query):
        """The entries of a list row, product by product: one product's count, the difference
        between two ("how many more"), the total, or the products ranked by it."""
        attribute = p.attributes[0]
        products = self.scope(p)
        r = Result("count", products=products, attributes=[attribute])
        rows = []
        for pid in products:
            fact = self.fact(r, pid, attribute)
            entries = list(self.kb.cell(pid, attribute).items or ())
            rows.append({"product": pid, "name": fact["name"], "n": len(entries), "items": entries})
        ranked = p.aggregate not in ("diff", "sum") and len(products) > 1 and p.intent == "rank"
        if ranked:
            rows.sort(key=lambda x: -x["n"] if p.direction == "desc" else x["n"])     # stable: matrix order in a tie
        r.matches = [x["product"] for x in rows]
        placed = rows[p.place - 1] if ranked and 1 < p.place <= min(3, len(rows)) else None
        diff = rows[0]["n"] - rows[1]["n"] if p.aggregate == "diff" and len(rows) == 2 else None
        r.view.update(entries=rows, label=self.kb.attributes[attribute].label, total=sum(x["n"] for x in rows),
                      ranked=ranked, most=p.direction == "desc", diff=diff, placed=placed, place=p.place,
                      leaders=[x["name"] for x in rows if x["n"] == rows[0]["n"]] if ranked else [],
                      all_products=not p.products and not p.excluded, excluded=self.names(p.excluded))
        return r

