"""The HTTP surface: answer endpoint, knowledge, health, and the chat page. Built by create_app()."""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import os
import re
from pathlib import Path
from typing import Annotated

import fastapi_offline
import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .answer import Engine, Source
from .answer_html import AnswerHtml, matrix_url
from .conversation import Conversations, Turn
from .feedback import feedback_router
from .group_commit import GroupCommit
from .guards import PAGE_POLICY, CatchAll, HeadAsGet, SecurityHeaders
from .hooks import hooks_router
from .limits import BodyLimit, RateLimit
from .loader import load_knowledge
from .metrics import CONTENT_TYPE, Metrics
from .pages import Refused, pages_router
from .recording import Recorder, RecordStore, make_records
from .sessions import MemoryStore, RedisStore, SessionStore, SqliteStore, StoreUnavailable
from .settings import Settings
from .slack import slack_router
from .text import join_names

log = logging.getLogger("mqbot")

MAX_QUESTION = 1000
MAX_BODY = 64 * 1024
GZIP_FROM = 4096          # bytes; answers are smaller, the API docs' script is 1.5 MB
DOCS_STATIC = "/static-docs"
SESSION_PATTERN = r"^[A-Za-z0-9._:-]{1,128}$"
FAILED = "internal error: the answer could not be worked out; it has been logged"
QUESTION = '{"question": "..."}'
EXAMPLES = {"/api/feedback": '{"answer_id": "...", "helpful": false, "comment": "..."}'}
FIELDS = {"/api/feedback": "answer_id, helpful and, optionally, comment"}


def _documented(app: FastAPI, engine: Engine) -> dict:
    """The OpenAPI schema, its examples a real exchange with this folder's engine: the
    profile's first example question and the answer it gets."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        question = engine.kb.profile.examples[0]
        said = engine.answer(question)
        other = list(engine.kb.products.values())[-1].name
        shapes = schema["components"]["schemas"]
        shapes["AnswerRequest"]["examples"] = [
            {"question": question}, {"question": f"what about {other}?", "session_id": "9b1f0c4e2d7a48e6b3c5a1f08e2d4c6b"}]
        shown = {"answer": engine.render(said, "plain"), "markdown": engine.render(said, "markdown"), "intent": said.intent,
                 "query": said.query, "products": said.products, "attributes": said.attributes,
                 "matches": said.matches, "confidence": said.confidence, "suggestions": said.suggestions}
        for name, value in shown.items():
            shapes["AnswerResponse"]["properties"][name]["examples"] = [value]
        if said.sources:
            first = said.sources[0]
            for name in ("product", "attribute", "value"):
                shapes["Source"]["properties"][name]["examples"] = [getattr(first, name)]
        app.openapi_schema = schema
    return app.openapi_schema


def web_dir() -> Path:
    here = Path(__file__).resolve().parent
    bundled = here / "_web"
    return bundled if bundled.is_dir() else here.parent / "web"


class AnswerRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")      # examples: from the folder's profile (_documented)

    question: StrictStr = Field(min_length=1, max_length=MAX_QUESTION, pattern=r"\S",
                                description=f"the question, 1 to {MAX_QUESTION} characters, not all blank")
    session_id: StrictStr | None = Field(default=None, pattern=SESSION_PATTERN,
                                         description="send back the session_id of an earlier answer to ask a follow-up; "
                                                     "ids the server did not issue, or that expired, start a new "
                                                     "conversation (context_reset)")
    html: StrictBool = Field(default=False, description="also return the answer as the chat page shows it (`html`); "
                                                  "programs that do not show HTML need not pay for it")


class AnswerResponse(BaseModel):
    answer: str = Field(description="plain-text answer; its first sentence answers the question")
    markdown: str = Field(description="the same answer in Markdown, comparisons and rankings as tables")
    intent: str = Field(description="kind of question: lookup, overview, compare, rank, filter, yes_no, count, "
                                    "aggregate, verify, recommend, list_products, list_attributes, glossary, help, "
                                    "smalltalk, clarify or unknown")
    query: str = Field(description="what the question was read as, in one line: the question on top "
                                   "(lookup, compare, rank, filter, count, aggregate, verify, recommend, ...), "
                                   "the products it ranges over and the tests it puts to them; "
                                   "`mqbot ask --explain` shows the words behind each part")
    products: list[str] = Field(description="ids of the products the question is about")
    attributes: list[str] = Field(description="ids of the matrix rows the question is about")
    matches: list[str] = Field(description="products that satisfy a filter or yes/no question, or ranked or "
                                           "recommended best first")
    sources: list[Source] = Field(description="every matrix cell the answer states")
    confidence: float = Field(ge=0, le=1, description="how sure the engine is of its reading")
    suggestions: list[str] = Field(description="follow-up questions to offer")
    language: str = Field(default="en", description="the question's language, which the answer is written in: "
                                                    "\"en\" or \"zh\" (Chinese); added in 0.2, so absent means en",
                          examples=["zh"])
    html: str | None = Field(default=None, description="only when asked for (`html`): the answer as the chat page "
                                                       "shows it, an HTML fragment (escaped), tables with a bar chart "
                                                       "in inline SVG where the answer ranks, compares or aggregates "
                                                       "numbers, and the citation linked to matrix_url")
    matrix_url: str | None = Field(description="/matrix with the cells the answer cites marked (null when it "
                                               "cites none)", examples=["/matrix?cells=a.b,c.b#cell-a.b"])
    session_id: str = Field(description="the conversation, an id the server issued; send it with the next "
                                        "question to ask a follow-up", examples=["9b1f0c4e2d7a48e6b3c5a1f08e2d4c6b"])
    context_reset: bool = Field(description="true when the session_id sent is unknown or has expired: the "
                                            "question was answered as a new conversation, under a new session_id")
    answer_id: str | None = Field(description="this answer, for POST /api/feedback; null when the server records "
                                              "nothing (MQBOT_RECORD=0)", examples=["5d0c9a7e41b24f3c8e6a2b1d9f0e7c3a"])


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    version: str = Field(description="mqbot version")
    knowledge_version: str = Field(description="hash of the knowledge files", examples=["8e0c3b5d24d9"])
    products: int = Field(examples=[5])
    attributes: int = Field(examples=[16])
    cells: int = Field(examples=[80])
    session_store: str = Field(examples=["memory"])
    sessions: int | None = Field(default=None, description="conversations held (not counted for Redis)")


class Error(BaseModel):
    detail: str = Field(description="what is wrong with the request")


def make_store(settings: Settings) -> SessionStore:
    if settings.redis_url:
        return RedisStore(settings.redis_url, ttl_seconds=settings.session_ttl)
    if settings.session_store == "sqlite" or settings.workers > 1:
        return SqliteStore(settings.sqlite_path, max_sessions=settings.max_sessions, ttl_seconds=settings.session_ttl)
    return MemoryStore(max_sessions=settings.max_sessions, ttl_seconds=settings.session_ttl)


def make_recorder(settings: Settings, metrics: Metrics | None, records: RecordStore | None = None) -> Recorder | None:
    if not settings.record:
        return None
    return Recorder(records if records is not None else make_records(settings),
                    on_error=metrics.record_errors.inc if metrics else None)


def create_app(settings: Settings | None = None, engine: Engine | None = None,
               store: SessionStore | None = None, slack_poster=None, records: RecordStore | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = engine if engine is not None else Engine(load_knowledge(settings.knowledge))
    # `is None`, not `or`: a store with no sessions yet has len() 0 and is falsy
    store = store if store is not None else make_store(settings)
    kb = engine.kb
    store_name = {SqliteStore: "sqlite", RedisStore: "redis"}.get(type(store), "memory")

    profile = kb.profile
    names = [p.name for p in kb.products.values()]
    app = FastAPI(
        title=profile.title, version=__version__, docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None,
        description=f"Answers questions about a comparison matrix of {len(names)} {profile.domain_plural} "
                    f"({', '.join(names)}), citing the cells it used.")
    app.state.engine, app.state.store, app.state.settings = engine, store, settings
    app.openapi = lambda: _documented(app, engine)

    errors = {422: {"model": Error, "description": "the request is malformed; detail says how"},
              429: {"model": Error, "description": "over the rate limit (MQBOT_RATE_LIMIT); Retry-After says when"},
              500: {"model": Error, "description": "an internal error; it is logged, and nothing of the turn is saved"},
              503: {"model": Error, "description": "a follow-up whose session store is unreachable"}}
    body_errors = {**errors, 400: {"model": Error, "description": "the body cannot be read (not UTF-8)"},
                   413: {"model": Error, "description": f"the body is over {MAX_BODY // 1024} KiB"}}

    metrics = Metrics() if settings.metrics else None
    recorder = make_recorder(settings, metrics, records)
    app.state.metrics, app.state.recorder = metrics, recorder
    writes = GroupCommit(store)
    app.state.writes = writes
    conversations = Conversations(engine, store, writes, channel="web", recorder=recorder, metrics=metrics)
    worker = {"X-Mqbot-Worker": str(os.getpid())} if settings.worker_header else {}

    rate = settings.rate()
    limiter = RateLimit(*rate, proxies=settings.proxies()) if rate else None

    async def take(question: str, session_id: str | None, request: Request) -> Turn:
        """One turn, for the API and the page alike; Refused says why it was not taken."""
        if limiter is not None:
            client = limiter.client(request.client.host if request.client else None,
                                    request.headers.get("x-forwarded-for"))
            wait = limiter.take(client)
            if wait:
                raise Refused(429, f"too many questions from {client}: try again in {math.ceil(wait)} s",
                              {"Retry-After": str(math.ceil(wait))})
        try:
            return await conversations.turn_async(question, session_id)
        except StoreUnavailable as exc:
            # a follow-up needs its context: say so rather than answer out of context
            raise Refused(503, f"session store unavailable, try again shortly: {exc}", {"Retry-After": "5"}) from None

    page = jinja2.Environment(loader=jinja2.FileSystemLoader(str(web_dir() / "templates")),
                              autoescape=jinja2.select_autoescape(["html"]), extensions=["jinja2.ext.do"],
                              trim_blocks=True, lstrip_blocks=True)
    page.filters["names"] = join_names
    answer_html = AnswerHtml(engine, page)

    def for_the_page(answer, html: bool) -> bytes:
        """The answer's matrix link, and its HTML (with its chart) when asked for."""
        def link() -> bytes:
            return b',"matrix_url":' + json.dumps(matrix_url((s.product, s.attribute) for s in answer.sources)).encode()

        def page_html() -> bytes:
            return b',"html":' + json.dumps(answer_html.fragment(answer), ensure_ascii=False).encode()
        return engine.rendered(answer, "matrix_url", link) + (engine.rendered(answer, "html_field", page_html)
                                                              if html else b"")

    async def reply(question: str, session_id: str | None, request: Request, html: bool = False) -> Response:
        try:
            turn = await take(question, session_id, request)
        except Refused as exc:
            return JSONResponse({"detail": exc.detail}, status_code=exc.status, headers=exc.headers)
        if turn.failed:
            return JSONResponse({"detail": FAILED}, status_code=500)
        reset = b"true" if session_id and not turn.known else b"false"
        answer_id = b'"' + turn.answer_id.encode() + b'"' if turn.answer_id else b"null"
        body = engine.payload(turn.answer) + for_the_page(turn.answer, html) + b',"session_id":' \
            + json.dumps(turn.key).encode() + b',"context_reset":' + reset + b',"answer_id":' + answer_id + b"}"
        return Response(body, media_type="application/json", headers=worker)

    @app.post("/api/answer", response_model=AnswerResponse, responses=body_errors, tags=["answer"],
              summary="Answer a question")
    async def post_answer(req: AnswerRequest, request: Request):
        """Answers one question. Send the returned `session_id` with the next question to ask a follow-up."""
        return await reply(req.question, req.session_id, request, req.html)

    @app.get("/api/answer", response_model=AnswerResponse, responses=errors, tags=["answer"],
             summary="Answer a question (for curl)")
    async def get_answer(q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION, pattern=r"\S",
                                                 description="the question")],
                         request: Request,
                         session_id: Annotated[str | None, Query(pattern=SESSION_PATTERN)] = None,
                         html: Annotated[bool, Query(description="also return the page's HTML of the answer")] = False):
        return await reply(q, session_id, request, html)

    @app.get("/healthz", response_model=Health, tags=["service"],
             responses={503: {"model": Health, "description": "the shared session store is unreachable"}})
    async def healthz():
        ok = store.ping()
        body = Health(status="ok" if ok else "session store unavailable", version=__version__,
                      knowledge_version=kb.version, products=len(kb.products), attributes=len(kb.attributes),
                      cells=len(kb.cells), session_store=store_name,
                      sessions=len(store) if ok and hasattr(store, "__len__") else None)
        return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

    app.include_router(feedback_router(recorder, metrics, settings.feedback_window))

    @app.get("/metrics", tags=["service"], summary="Prometheus metrics", response_class=Response,
             responses={200: {"content": {"text/plain": {}}}, 404: {"model": Error, "description": "MQBOT_METRICS=0"}})
    async def prometheus():
        """Answers by intent and channel, the answer latency histogram, unanswered questions,
        feedback up and down, session-store errors and Slack events, over every worker."""
        if metrics is None:
            return JSONResponse({"detail": "metrics are off on this server (MQBOT_METRICS=0)"}, status_code=404)
        return Response(metrics.exposition(), media_type=CONTENT_TYPE, headers=worker)

    @app.get("/api/knowledge", tags=["service"], summary="The whole matrix as JSON")
    async def knowledge():
        return {
            "version": kb.version, "source": kb.source, "note": kb.note,
            "products": [{"id": p.id, "name": p.name, "aliases": p.aliases} for p in kb.products.values()],
            "attributes": [{"id": a.id, "label": a.label, "kind": a.kind, "synonyms": a.synonyms}
                           for a in kb.attributes.values()],
            "cells": [{"product": pid, "attribute": aid, "value": c.display,
                       **({"seed": c.seed} if c.seed else {})} for (pid, aid), c in kb.cells.items()],
        }

    app.include_router(pages_router(engine, answer_html, page, take, MAX_QUESTION, SESSION_PATTERN))

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon():
        return FileResponse(web_dir() / "static" / "favicon.svg", media_type="image/svg+xml",
                            headers={"Cache-Control": "public, max-age=86400"})

    docs_page = get_swagger_ui_html(openapi_url=app.openapi_url, title="mqbot - Swagger UI",
                                    swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
                                    swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css",
                                    swagger_favicon_url=f"{DOCS_STATIC}/favicon.png").body

    @app.get("/docs", include_in_schema=False)
    async def docs():
        return HTMLResponse(docs_page)

    app.mount("/static", StaticFiles(directory=str(web_dir() / "static")), name="static")
    app.mount(DOCS_STATIC, StaticFiles(directory=str(Path(fastapi_offline.__file__).parent / "static")), name="docs")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors():
            loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query"))
            msg = err.get("msg", "invalid").removeprefix("Value error, ")
            if err.get("type") == "extra_forbidden":
                msg = "is not a field (send " + FIELDS.get(request.url.path, "question and, optionally, session_id") + ")"
            if err.get("type") == "json_invalid":
                loc, msg = "", "the body is not valid JSON"
            elif tuple(err.get("loc", ())) == ("body",):
                example = EXAMPLES.get(request.url.path, QUESTION)
                msg = f"the body must be a JSON object such as {example}, sent as application/json"
            elif err.get("type") in ("string_too_short", "string_pattern_mismatch") and loc in ("question", "q"):
                msg = "question is empty"
            elif err.get("type") == "missing":
                msg = "is required"
            elif loc == "answer_id" and err.get("type") == "string_pattern_mismatch":
                msg = "is not an answer_id (32 hexadecimal digits, as an answer gave it)"
            parts.append(f"{loc}: {msg}" if loc else msg)
        return JSONResponse({"detail": "; ".join(parts) or "invalid request"}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail
        if exc.status_code == 404:
            detail = f"no such path: {request.url.path}"
        headers = exc.headers
        if exc.status_code == 400 and "parsing the body" in str(detail):
            detail = "the body cannot be read: send UTF-8 JSON"
        if exc.status_code == 405:
            detail = f"{request.scope.get('mqbot.method', request.method)} is not allowed on {request.url.path}"
            # Starlette names only the first route's methods; list every route's for this path
            allowed = sorted({m for r in app.routes if getattr(r, "path", None) == request.url.path
                              for m in getattr(r, "methods", ()) or ()} - {"HEAD"})
            headers = {**(headers or {}), "Allow": ", ".join(allowed)} if allowed else headers
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=headers)

    if settings.slack_enabled:
        if not settings.slack_signing_secret:
            log.warning("INSECURE: Slack routes are on WITHOUT signature checks "
                        "(MQBOT_SLACK_INSECURE_DEV); never use this outside development")
        app.include_router(slack_router(engine, store, settings, slack_poster, recorder=recorder, metrics=metrics))
    if settings.outgoing_tokens:
        app.include_router(hooks_router(engine, store, writes, settings.outgoing_tokens, recorder=recorder,
                                        metrics=metrics))
    if recorder is not None:
        # what is waiting for the writer is written before the process goes
        app.router.on_shutdown.append(recorder.flush)

    # outermost last: every response, errors included, gets the security headers
    app.add_middleware(BodyLimit, limit=MAX_BODY)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_FROM, compresslevel=6)
    app.add_middleware(CatchAll)
    app.add_middleware(HeadAsGet)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["content-type"], max_age=600)
    app.add_middleware(SecurityHeaders, policies={"/": PAGE_POLICY, "/matrix": PAGE_POLICY, "/docs": docs_policy(docs_page)})
    return app


def docs_policy(html: bytes) -> str:
    """The API docs page's policy: its own files, and its one inline script by hash."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
                      for script in re.findall(rb"<script>(.*?)</script>", html, re.S))
    return (f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def app_from_env() -> FastAPI:
    """For uvicorn worker processes, which build the app from MQBOT_* settings."""
    from .serving import configure_logging, prepare_to_serve

    settings = Settings.from_env()
    configure_logging(settings.log_level, settings.access_log)
    app = create_app(settings)
    prepare_to_serve(app.state.engine)
    return app
