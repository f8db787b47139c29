"""What the reasoner hands the templates: the cells it read (each one cited), what matched,
and the view the template words."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .context import Context


@dataclass
class Result:
    intent: str
    products: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    # the cells read, in the order first read (a dict as an ordered set: a comparison reads
    # each of some thirty cells several times)
    cells: dict[tuple[str, str], None] = field(default_factory=dict)
    view: dict[str, Any] = field(default_factory=dict)
    # set by Reasoner.reason from the query (a validated empty Context made here cost 2 µs, thrown away)
    context: Context | None = None

    def cite(self, product: str, attribute: str) -> None:
        self.cells.setdefault((product, attribute), None)
