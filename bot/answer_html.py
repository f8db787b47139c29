"""An Answer as the chat page shows it: its Markdown (the same answer templates) as HTML,
a bar chart beside each table where the answer's numbers allow, and the citation as a
link to the matrix view with the cited cells. The web page, the no-JavaScript page and
the API's `html` field all use this one rendering.

User text can reach an answer ("the matrix has nothing on “<b>”"): markdown-it parses
with raw HTML off and links and images disabled, and the page template autoescapes."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

import jinja2
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from .answer import Answer, Engine
from .charts import Chart, charts

CARDS_FROM = 4          # columns: a table this wide becomes one card per row on a phone


def cell_id(product: str, attribute: str) -> str:
    return f"{product}.{attribute}"


def matrix_url(cells: Iterable[tuple[str, str]]) -> str | None:
    """/matrix with these cells marked, scrolled to the first (the fragment works without JavaScript)."""
    ids = list(dict.fromkeys(cell_id(p, a) for p, a in cells))
    if not ids:
        return None
    return "/matrix?cells=" + quote(",".join(ids), safe=",._") + "#cell-" + quote(ids[0], safe="._")


@dataclass(frozen=True)
class Block:
    html: Markup
    headers: tuple[str, ...] = ()      # a table's column headers; empty for text
    cards: bool = False


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    return md.disable(["link", "image", "autolink"])


def _text(inline: Token) -> str:
    return "".join(child.content for child in inline.children or () if child.type in ("text", "code_inline"))


def _annotate(table: list[Token]) -> tuple[str, ...]:
    """Each body cell names its column (data-label), for the phone's cards; ARIA roles keep
    the table a table to screen readers when the cards' CSS changes its display."""
    headers: list[str] = []
    column = 0
    for i, tok in enumerate(table):
        role = {"table_open": "table", "thead_open": "rowgroup", "tbody_open": "rowgroup", "tr_open": "row",
                "th_open": "columnheader", "td_open": "cell"}.get(tok.type)
        if role:
            tok.attrSet("role", role)
        if tok.type == "tr_open":
            column = 0
        elif tok.type == "th_open":
            headers.append(_text(table[i + 1]))
        elif tok.type == "td_open":
            if column < len(headers):
                tok.attrSet("data-label", headers[column])
            column += 1
    return tuple(headers)


class AnswerHtml:
    """Renders answers to HTML fragments with the page's template environment."""

    def __init__(self, engine: Engine, env: jinja2.Environment):
        self.engine, self.env = engine, env
        self.md = _markdown()
        self.template = env.get_template("_answer.html")

    def blocks(self, markdown: str) -> list[Block]:
        tokens = self.md.parse(markdown)
        out: list[Block] = []
        run: list[Token] = []

        def flush():
            if run:
                out.append(Block(Markup(self.md.renderer.render(run, self.md.options, {}))))
                run.clear()
        i = 0
        while i < len(tokens):
            if tokens[i].type == "table_open":
                flush()
                end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
                table = tokens[i:end + 1]
                headers = _annotate(table)
                out.append(Block(Markup(self.md.renderer.render(table, self.md.options, {})), headers,
                                 len(headers) >= CARDS_FROM))
                i = end + 1
            else:
                run.append(tokens[i])
                i += 1
        flush()
        return out

    def charts(self, answer: Answer) -> list[Chart]:
        return charts(answer.intent, answer._view, self.engine.kb)

    def fragment(self, answer: Answer) -> str:
        """The answer's HTML, rendered once per reading (it depends on nothing else)."""
        return self.engine.rendered(answer, "html", lambda: self._fragment(answer))

    def _fragment(self, answer: Answer) -> str:
        text = self.engine.render(answer, "markdown")
        body, sep, cite = text.rpartition("\n\nSource: ")
        if not sep:
            body, cite = text, ""
        return self.template.render(
            blocks=self.blocks(body), charts=self.charts(answer), citation="Source: " + cite if cite else "",
            matrix_url=matrix_url((s.product, s.attribute) for s in answer.sources))
