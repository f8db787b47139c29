"""A comparison table in Markdown, as the seed writes one: an intro line, a header row of
products, one row per attribute with `<br>` between a cell's items, `Note:` lines after."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KnowledgeError

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BREAK = re.compile(r"<br\s*/?>", re.I)


def slug(text: str) -> str:
    """An id from header text: lowercased, each run of other characters than a-z and 0-9
    one underscore ("2C 4GB Stress test" → 2c_4gb_stress_test)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[list[str]]      # per product, the cell's items (one unless <br> splits it)
    line: int


@dataclass(frozen=True)
class Table:
    intro: str
    corner: str                 # the header's first cell ("Features")
    products: list[str]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", text)]


def read_table(path: Path) -> Table:
    """The table in `path`; a table that cannot be read stops with its line and the reason."""
    label = str(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(label, None, f"cannot read the table: {exc}") from None
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("|")), None)
    if start is None:
        raise KnowledgeError(label, None, "no Markdown table found (no line starts with '|')")
    if start + 1 >= len(lines) or not _SEPARATOR.match(lines[start + 1].strip()):
        raise KnowledgeError(label, start + 2, "the header row must be followed by a separator row like |---|---|")
    header = _cells(lines[start])
    corner, products = header[0], header[1:]
    if len(products) < 2:
        raise KnowledgeError(label, start + 1, "the header names fewer than two products")
    seen: dict[str, str] = {}
    for name in products:
        if not name:
            raise KnowledgeError(label, start + 1, "an empty product name in the header")
        pid = slug(name)
        if not pid:
            raise KnowledgeError(label, start + 1, f"product {name!r} has no letter or digit to make an id of")
        if pid in seen:
            raise KnowledgeError(label, start + 1, f"duplicate product {name!r} (id {pid!r}, as {seen[pid]!r})")
        seen[pid] = name
    rows: list[Row] = []
    labels: dict[str, int] = {}
    end = start + 2
    for i in range(start + 2, len(lines)):
        line = lines[i]
        if not line.lstrip().startswith("|"):
            break
        end = i + 1
        cells = _cells(line)
        if len(cells) != len(header):
            raise KnowledgeError(label, i + 1, f"this row has {len(cells)} cells; the header has {len(header)}")
        name = cells[0]
        aid = slug(name)
        if not aid:
            raise KnowledgeError(label, i + 1, f"row {name!r} has no letter or digit to make an id of")
        if aid in labels:
            raise KnowledgeError(label, i + 1, f"duplicate row {name!r} (first on line {labels[aid]})")
        labels[aid] = i + 1
        items = []
        for product, cell in zip(products, cells[1:], strict=True):
            parts = [p.strip() for p in _BREAK.split(cell) if p.strip()]
            if not parts:
                raise KnowledgeError(label, i + 1, f"row {name!r} has an empty cell for {product}")
            items.append(parts)
        rows.append(Row(name, items, i + 1))
    if not rows:
        raise KnowledgeError(label, start + 3, "the table has a header but no rows")
    intro = " ".join(line.strip() for line in lines[:start] if line.strip())
    notes = [line.strip() for line in lines[end:] if line.strip()]
    return Table(intro, corner, products, rows, notes)
