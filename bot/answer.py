"""The one entry point every channel calls: answer(question, context) → Answer."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from . import compound
from .chinese import Glosser, is_chinese
from .chinese_render import chinese_renderer
from .context import Context
from .loader import Knowledge, load_knowledge
from .parse import Parse
from .query import Query
from .reason import Reasoner
from .render import Renderer
from .result import Result
from .trusted import trusted
from .understand import Understander


class Source(BaseModel):
    """One matrix cell the answer states; one per cell, shared by every answer citing it."""
    model_config = ConfigDict(frozen=True)

    product: str = Field(description="product id")
    attribute: str = Field(description="attribute (matrix row) id")
    value: str = Field(description="the cell's text, as the answer states it")


class Answer(BaseModel):
    answer: str = Field(description="plain-text answer; its first sentence answers the question")
    intent: str = Field(description="kind of question")
    query: str = Field(description="what the question was read as, in one line: the question on top, the "
                                   "products it ranges over and the tests it puts to them")
    products: list[str] = Field(description="product ids the question is about")
    attributes: list[str] = Field(description="attribute ids the question is about")
    matches: list[str] = Field(description="products that satisfy it, ranked or recommended, in order")
    sources: list[Source] = Field(description="every matrix cell the answer states")
    confidence: float = Field(ge=0, le=1, description="how sure the engine is of its reading")
    suggestions: list[str] = Field(description="follow-up questions a user could ask next")
    context: Context = Field(description="pass back with the next question to allow follow-ups")
    language: str = Field(default="en", description="the language of the question, and of the answer: "
                                                    "\"en\" (English) or \"zh\" (Chinese)")
    _view: dict[str, Any] = PrivateAttr(default_factory=dict)
    _cited: list[dict[str, str]] = PrivateAttr(default_factory=list)
    _rendered: dict[str, Any] = PrivateAttr(default_factory=dict)     # per medium, built once
    _missing: tuple[str, ...] = PrivateAttr(default=())
    _parts: tuple[tuple[str, dict[str, Any]], ...] = PrivateAttr(default=())   # several questions: (intent, view) each

    @property
    def missing(self) -> tuple[str, ...]:
        """The subjects and the products the question named that the matrix lacks."""
        return self._missing


KEEPS_THREAD = frozenset({"smalltalk", "help", "list_products", "list_attributes", "glossary", "unknown"})
# follow-ups that explain the last answer ("why?", "why did RabbitMQ drop out?"): the thread
# stays the last question's, so "and which of the two ...?" still means its products
EXPLAINS = frozenset({"explain", "why_left_out"})
# several questions in one message: a part that is none of the matrix's is no part, and the
# matches of a joined answer are those of its last part that picks products
_NOT_A_PART = frozenset({"unknown", "smalltalk", "help", "clarify", "error", "list_products", "list_attributes"})
_PICKS = frozenset({"filter", "rank", "recommend", "count"})        # ("which ...?" before "does it ...?")
_VERDICTS = frozenset({"verify", "yes_no"})


@dataclass(frozen=True)
class _Worked:
    """A reading reasoned and rendered; shared by every answer of that reading, so read-only."""
    result: Result
    cited: list[dict[str, str]]
    text: str
    suggestions: list[str]
    query: str
    missing: tuple[str, ...] = ()                              # topics and products the matrix lacks
    rendered: dict[str, str] = field(default_factory=dict)     # other media, filled on demand
    language: str = "en"


class Engine:
    # Only the plain text is rendered per answer; a channel that shows Markdown or
    # Slack mrkdwn asks render() for it, so nobody pays for media they do not use.
    """Knowledge loaded and indexed once; `answer` is pure and safe to call concurrently."""

    def __init__(self, knowledge: Knowledge, memo_size: int = 1024):
        self.kb = knowledge
        self.understander = Understander(knowledge)
        self.reasoner = Reasoner(knowledge)
        self.renderer = Renderer(overrides=knowledge.folder / "templates" if knowledge.folder else None,
                                 profile=knowledge.profile.view(knowledge.products, knowledge.attributes),
                                 labels={a.id: a.label for a in knowledge.attributes.values()})
        # a question in Chinese is glossed into the grammar's English words and answered in Chinese
        self.chinese = Glosser(knowledge, self.understander.words)
        self.renderers = {"en": self.renderer, "zh": chinese_renderer(knowledge, self.renderer)}
        # one Source per cell, shared by every answer that cites it (answers are read-only)
        self._sources = {(pid, aid): Source(product=pid, attribute=aid, value=knowledge.cell(pid, aid).display)
                         for pid in knowledge.products for aid in knowledge.attributes}
        # answer() is pure, so the same question in the same context is worked out once;
        # popular questions and clicked suggestions then cost a dictionary lookup. Behind
        # it, many wordings share one Query ("kafka throughput?", "Kafka's throughput"):
        # reasoning and rendering are done once per Query, and only parsing per wording.
        self._memo = lru_cache(maxsize=memo_size)(self._answer_key) if memo_size else None
        self._work_memo = lru_cache(maxsize=memo_size)(self._work_reading) if memo_size else None
        self._failed: dict[str, _Worked] = {}
        self._cited_by_cells: dict[tuple, list[dict[str, Any]]] = {}

    def answer(self, question: str, context: Context | None = None) -> Answer:
        """The Answer for a question in a context; the caller's own, to change as it likes."""
        if self._memo is None:
            return self.answer_fresh(question, context)
        return _own_copy(self._memo(question, context.model_dump_json() if context is not None else None))

    def failure(self, context: Context | None = None, question: str = "") -> Answer:
        """The answer a channel gives when working one out failed: an apology, no facts, and
        the conversation's context as it was (nothing of the failed turn is kept); in the
        question's language when the channel gives it."""
        lang = "zh" if is_chinese(question) else "en"
        worked = self._failed.get(lang)
        if worked is None:
            result = Result("error")
            worked = self._failed[lang] = _Worked(
                result, [], self.renderers[lang].render("error", result.view, [], "plain"), [], "error", language=lang)
        out = Answer.model_construct(answer=worked.text, intent="error", query="error", products=[], attributes=[],
                                     matches=[], sources=[], confidence=0.0, suggestions=[],
                                     context=context or Context(), language=lang)
        out._view, out._cited, out._rendered = worked.result.view, [], worked.rendered
        return out

    def _answer_key(self, question: str, context_json: str | None) -> Answer:
        context = Context.model_validate_json(context_json) if context_json is not None else None
        return self._worked_out(question, context, self.answer, self._work_memo)

    def answer_fresh(self, question: str, context: Context | None = None) -> Answer:
        """Work the answer out, bypassing both memos (benchmarks use this)."""
        return self._worked_out(question, context, self.answer_fresh, self._work)

    def _worked_out(self, question: str, context: Context | None, ask: Callable[[str, Context | None], Answer],
                    work: Callable[[Query, str], _Worked]) -> Answer:
        """A message of several questions answered part by part (each through `ask`), or one
        question read and its reading worked out (through `work`)."""
        parts = compound.split(question)
        if len(parts) > 1:
            joined = self._joined(self._in_turn(parts, context, ask))
            if joined is not None:
                return joined
        parse, lang = self._parse(question, context)
        return self._assemble(parse, context, work(Query.of(parse), lang))

    def _parse(self, question: str, context: Context | None) -> tuple[Parse, str]:
        """The question's reading and its language: Chinese is read through its English gloss."""
        glossed = self.chinese.gloss(question)
        if glossed is None:
            return self.understander.parse(question, context), "en"
        return self.understander.parse(glossed.text, context), "zh"

    @staticmethod
    def _in_turn(parts: list[str], context: Context | None, ask: Callable[[str, Context | None], Answer]) -> list[Answer]:
        """Each part answered in the context the one before it leaves."""
        answers: list[Answer] = []
        for q in parts:
            answers.append(ask(q, answers[-1].context if answers else context))
        return answers

    def _joined(self, answers: list[Answer]) -> Answer | None:
        """Several questions' answers as one: each part's text in turn, one citation for
        them all, the last part's intent and context, and the matches of the last part that
        picks products (a filter, a ranking; else a yes/no; else the last's). A part the matrix
        cannot answer means the message was not several questions: None (read it whole)."""
        if any(a.intent in _NOT_A_PART for a in answers):
            return None
        last = answers[-1]
        with_result = next((a for a in reversed(answers) if a.intent in _PICKS), None) \
            or next((a for a in reversed(answers) if a.intent in _VERDICTS), last)
        cells = list(dict.fromkeys((s.product, s.attribute) for a in answers for s in a.sources))
        cited = self._cited_cells(cells)
        parts = tuple((a.intent, a._view) for a in answers)
        out = Answer.model_construct(
            answer=self.renderers[last.language].render_parts(parts, cited, "plain"), intent=last.intent,
            query=" ; ".join(a.query for a in answers),
            products=list(dict.fromkeys(p for a in answers for p in a.products)),
            attributes=list(dict.fromkeys(x for a in answers for x in a.attributes)),
            matches=list(with_result.matches), sources=[self._sources[c] for c in cells],
            confidence=min(a.confidence for a in answers), suggestions=list(last.suggestions), context=last.context,
            language=last.language)
        out._view, out._cited, out._rendered, out._parts = last._view, cited, {}, parts
        out._missing = tuple(dict.fromkeys(m for a in answers for m in a.missing))
        return out

    def _work_reading(self, query: Query, lang: str = "en") -> _Worked:
        return self._work(query, lang)

    def _work(self, query: Query, lang: str = "en") -> _Worked:
        result = self.reasoner.reason(query)
        cited = self._citation(result)
        renderer = self.renderers[lang]
        return _Worked(result, cited, renderer.render(result.intent, result.view, cited, "plain"),
                       renderer.suggestions(result.intent, result.view), str(query), query.topics + query.others,
                       language=lang)

    def _assemble(self, parse: Parse, context: Context | None, worked: _Worked) -> Answer:
        """The Answer for this turn: a worked reading, with the thread carried on from `context`."""
        result = worked.result
        if result.intent == "glossary" and result.context.conditions:
            # a term that is a value of a row ("What is ISR?"): the thread goes on, and "it"
            # in the next turn can mean that value ("which products use it?")
            thread = (context or result.context).model_copy(update={
                "intent": "glossary", "attributes": result.context.attributes,
                "conditions": result.context.conditions})
        elif result.intent in KEEPS_THREAD or parse.operation in EXPLAINS and context is not None:
            # small talk and definitions keep the conversation's thread
            thread = context if context is not None else result.context
        else:
            mentioned = list(context.recent) if context else []
            # ("Which one uses Raft?": the one product an answer found is now talked about too)
            for pid in result.products or parse.products or (result.matches if len(result.matches) == 1 else []):
                if pid in mentioned:
                    mentioned.remove(pid)
                mentioned.append(pid)
            thread = trusted(Context, {**result.context.__dict__, "recent": mentioned[-5:]})
        # trusted: every field is built here from checked knowledge, so validating it again
        # per answer would only cost time. Answers of one reading share the view and the
        # other media, rendered at most once; whatever is cached in _rendered must depend on
        # the reading alone (the web's JSON payload does: it leaves the context, the one
        # per-conversation field, out)
        return trusted(Answer, {
            "answer": worked.text, "intent": result.intent, "query": worked.query,
            "products": list(result.products or parse.products), "attributes": list(result.attributes),
            "matches": list(result.matches), "sources": [self._sources[cell] for cell in result.cells],
            "confidence": round(parse.confidence, 3), "suggestions": list(worked.suggestions), "context": thread,
            "language": worked.language,
        }, {"_view": result.view, "_cited": worked.cited, "_rendered": worked.rendered, "_missing": worked.missing,
            "_parts": ()})

    def render(self, answer: Answer, medium: str) -> str:
        """The answer in another medium (plain, markdown, mrkdwn), rendered once per reading."""
        if medium == "plain":
            return answer.answer
        done = answer._rendered.get(medium)
        if done is None:
            renderer = self.renderers[answer.language]
            done = answer._rendered[medium] = renderer.render_parts(answer._parts, answer._cited, medium) \
                if answer._parts else renderer.render(answer.intent, answer._view, answer._cited, medium)
        return done

    def rendered(self, answer: Answer, name: str, make: Callable[[], Any]) -> Any:
        """Something a channel works out from the reading alone (the page's HTML), made once
        per reading and shared like the other media."""
        done = answer._rendered.get(name)
        if done is None:
            done = answer._rendered[name] = make()
        return done

    def payload(self, answer: Answer) -> bytes:
        """The answer as the answer endpoint's JSON object, less the context and the closing
        brace, serialised once per reading: a repeated question costs one concatenation.
        (It may be cached per reading because the context, the one field that depends on
        the conversation, is left out.)"""
        done = answer._rendered.get("payload")
        if done is None:
            fields = {**answer.model_dump(mode="json", exclude={"context"}), "markdown": self.render(answer, "markdown")}
            done = answer._rendered["payload"] = json.dumps(fields, ensure_ascii=False).encode()[:-1]
        return done

    def _citation(self, result: Result) -> list[dict[str, str]]:
        return self._cited_cells(result.cells)

    def _cited_cells(self, cells) -> list[dict[str, str]]:
        """Cited rows grouped by the products they were read for: 'Throughput (all products)'.
        A pure function of the cells, which many questions share ("kafka throughput?", "is
        Kafka fast?"): worked out once per set of cells; answers only read it."""
        key = tuple(cells)
        done = self._cited_by_cells.get(key)
        if done is None:
            if len(self._cited_by_cells) > 4096:       # bounded: sets of cells are many
                self._cited_by_cells.clear()
            done = self._cited_by_cells[key] = self._grouped(key)
        return done

    def _grouped(self, cells) -> list[dict[str, str]]:
        by_row: dict[str, list[str]] = {}
        for pid, aid in cells:
            by_row.setdefault(aid, []).append(pid)
        by_products: dict[tuple[str, ...], list[str]] = {}
        for aid, pids in by_row.items():
            by_products.setdefault(tuple(pids), []).append(aid)
        rows = []
        for pids, aids in by_products.items():
            names = "all products" if len(pids) == len(self.kb.products) and len(pids) > 2 \
                else ", ".join(self.kb.name(p) for p in pids)
            label = "every row" if len(aids) == len(self.kb.attributes) else \
                ", ".join(self.kb.attributes[a].label for a in aids)
            rows.append({"label": label, "products": names, "attributes": aids, "product_ids": list(pids)})
        return rows


def _own_copy(shared: Answer) -> Answer:
    """A memoized answer, with lists and a context the caller may change without changing
    the next caller's answer; the rendered media stay shared (they depend on the reading).
    Shallow copies with fresh lists: a third of the cost of building the models again."""
    out = shared.__copy__()
    _fresh_lists(out.__dict__)
    context = out.__dict__["context"] = shared.context.__copy__()
    _fresh_lists(context.__dict__)
    return out


def _fresh_lists(fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if type(value) is list:
            fields[name] = list(value)


@lru_cache(maxsize=4)
def engine_for(folder: str | None = None) -> Engine:
    """One engine per knowledge folder, built on first use."""
    return Engine(load_knowledge(Path(folder) if folder else None))


def answer(question: str, context: Context | None = None, engine: Engine | None = None) -> Answer:
    return (engine or engine_for()).answer(question, context)
