"""The HTML pages: the chat page (which also answers a plain form submission, for browsers
without JavaScript) and the matrix view with an answer's cited cells marked."""
from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from . import __version__
from .answer import Engine
from .answer_html import AnswerHtml, cell_id
from .conversation import Turn
from .text import language, lower_first

HISTORY = 10            # earlier questions a no-JavaScript page shows (each comes back in the form)
MAX_CELLS_PARAM = 20_000
FAILED_PAGE = "Sorry, working out that answer failed; it has been logged. Try asking in other words."


class Refused(Exception):
    """A turn the server will not take (rate limit, store down, bad input): status and why."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


@dataclass(frozen=True)
class Shown:
    """One exchange on the no-JavaScript page."""
    question: str
    html: Markup | None = None
    intent: str = ""
    suggestions: tuple[str, ...] = ()
    error: str | None = None


def _problem(name: str, value: str | None, limit: int) -> str | None:
    if value is None or not value.strip():
        return f"{name} is empty"
    if len(value) > limit:
        return f"{name} is {len(value):,} characters long; questions can be at most {limit:,}"
    return None


def pages_router(engine: Engine, html: AnswerHtml, env: jinja2.Environment,
                 take: Callable[[str, str | None, Request], Awaitable[Turn]],
                 max_question: int, session_pattern: str) -> APIRouter:
    """`take` runs one conversation turn as the API does (rate limit, session store), raising
    Refused when it will not."""
    router = APIRouter(include_in_schema=False)
    kb, profile = engine.kb, engine.kb.profile
    names = [p.name for p in kb.products.values()]
    base = {"version": __version__, "title": profile.title, "domain": profile.domain}
    session_ok = re.compile(session_pattern)
    placeholder = ", ".join(lower_first(kb.attributes[a].label) for a in profile.highlights[:3]) or "the matrix"

    def replay(questions: list[str]) -> list[Shown]:
        """The transcript's earlier answers: answer() is pure, so asking the questions again in
        order gives the answers the conversation had (from its memo, mostly)."""
        shown, context = [], None
        for q in questions:
            try:
                a = engine.answer(q, context)
            except Exception:          # noqa: BLE001 - one bad turn must not take the page down
                shown.append(Shown(q, error=FAILED_PAGE))
                continue
            context = a.context
            shown.append(Shown(q, Markup(html.fragment(a)), a.intent))
        return shown

    @router.get("/", response_class=HTMLResponse)
    async def index(request: Request):
        params = request.query_params
        q, session_id, earlier = params.get("q"), params.get("session_id") or None, params.getlist("h")[-HISTORY:]
        turns, status, code, draft = [], "", 200, ""
        problem = next((p for p in (_problem("an earlier question", h, max_question) for h in earlier) if p), None)
        if session_id is not None and not session_ok.match(session_id):
            problem = problem or "the session id is not one this server issues; start a new conversation"
        if problem is None and q is not None:
            problem = _problem("the question", q, max_question)
        if problem is None:
            turns = replay(earlier)
        if q is not None and problem is None:
            try:
                turn = await take(q, session_id, request)
            except Refused as exc:
                turns.append(Shown(q, error=exc.detail))
                code, draft = exc.status, q
            else:
                a = turn.answer
                if turn.failed:
                    turns.append(Shown(q, error=FAILED_PAGE))
                    code, draft = 500, q
                else:
                    if session_id and not turn.known:
                        status = "The earlier conversation had expired, so this question was answered on its own."
                        turns = []
                    turns.append(Shown(q, Markup(html.fragment(a)), a.intent, tuple(a.suggestions)))
                    session_id = turn.key
        elif problem is not None:
            if q is not None:
                turns.append(Shown(q[:max_question * 2], error=problem[:1].upper() + problem[1:] + "."))
            else:
                status = problem[:1].upper() + problem[1:] + "."
            code, draft, session_id, earlier = 422, (q or "")[:max_question * 2], None, []
        keep = ([("session_id", session_id)] if session_id else []) + [
            ("h", t.question) for t in turns if t.error is None][-HISTORY:]
        zh = page_language(request.headers.get("accept-language", "")) == "zh"
        texts = dict(language("zh")["page"]) if zh else None
        examples = list(engine.kb.chinese.profile.examples) if zh and engine.kb.chinese else list(profile.examples)
        page = env.get_template("index.html").render(
            **base, examples=examples, products=names, t=texts, lang="zh" if zh else "en", turns=turns, status=status, keep=keep,
            session_id=session_id, draft=draft, limit=max_question, placeholder=placeholder,
            autofocus=bool(turns) or not params)
        return HTMLResponse(page, status_code=code, headers={"Vary": "Accept-Language"})

    @router.get("/matrix", response_class=HTMLResponse)
    async def matrix(request: Request):
        raw = ",".join(request.query_params.getlist("cells"))
        cited, problem = _cited(raw, kb)
        rows = [{"label": a.label, "cells": [_cell(kb, p.id, a.id, p.name, (p.id, a.id) in cited)
                                             for p in kb.products.values()]}
                for a in kb.attributes.values()]
        page = env.get_template("matrix.html").render(
            **base, products=list(kb.products.values()), rows=rows, cited=cited, problem=problem,
            source=kb.source, note=kb.note)
        return HTMLResponse(page, status_code=400 if problem else 200)

    return router


def page_language(accept: str) -> str:
    """"zh" when the browser prefers Chinese (Accept-Language, by its q-values), else "en"."""
    best, best_q = "en", 0.0
    for part in accept.split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        try:
            q = float(params.strip().removeprefix("q=")) if params.strip().startswith("q=") else 1.0
        except ValueError:
            q = 0.0
        if q > best_q and tag.strip().lower()[:2] in ("zh", "en"):
            best, best_q = tag.strip().lower()[:2], q
    return best


def _cell(kb, pid: str, aid: str, name: str, cited: bool) -> dict[str, Any]:
    cell = kb.cell(pid, aid)
    return {"id": cell_id(pid, aid), "name": name, "cited": cited, "parts": cell.items, "text": cell.display}


def _cited(raw: str, kb) -> tuple[set[tuple[str, str]], str | None]:
    """The cells named in ?cells=product.attribute,...; names it does not know are left
    unmarked and said (a 400 that still shows the matrix)."""
    if len(raw) > MAX_CELLS_PARAM:
        return set(), f"cells is {len(raw):,} characters long; at most {MAX_CELLS_PARAM:,} are read."
    known = {cell_id(p, a): (p, a) for p, a in kb.cells}
    names = [n.strip() for n in raw.split(",") if n.strip()]
    bad = list(dict.fromkeys(n for n in names if n not in known))
    cited = {known[n] for n in names if n in known}
    if not bad:
        return cited, None
    shown = ", ".join(f"“{n[:60]}”" for n in bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
    example = next(iter(known), "product.attribute")
    return cited, (f"No such cell: {shown}. Cells are named product.attribute, for example {example}, "
                   "separated by commas; the rest are marked below.")
