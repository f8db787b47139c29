"""Questions about a row's values rather than its products: how many distinct values
appear ("how many different languages?") and which they are."""
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
