"""Result → text in three media (plain, markdown, Slack mrkdwn) through jinja2 templates."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import BuiltinMethodType, FunctionType, MappingProxyType
from typing import Any

import jinja2
import jinja2.runtime

from .text import join_names, language, lower_first

FORMATS = ("plain", "markdown", "mrkdwn")
TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Medium:
    """How tables are written in one medium."""
    name: str
    table: Callable[[list[str], list[list[str]]], str]


def _aligned(headers: list[str], rows: list[list[str]]) -> str:
    table = [[str(x) for x in headers], *([str(x) for x in row] for row in rows)]     # each cell made text once
    widths = [max(map(len, col)) for col in zip(*table, strict=True)]
    lines = [" | ".join([x.ljust(w) for x, w in zip(cells, widths, strict=True)]).rstrip() for cells in table]
    lines.insert(1, "-+-".join(["-" * w for w in widths]))
    return "\n".join(lines)


def _pipe(headers: list[str], rows: list[list[str]]) -> str:
    cell = lambda x: str(x).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    out = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


MEDIA = {
    "plain": Medium("plain", _aligned),
    "markdown": Medium("markdown", _pipe),
    "mrkdwn": Medium("mrkdwn", lambda h, r: "```\n" + _aligned(h, r) + "\n```"),
}


def number(value: float | int | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def cell_text(fact: Mapping[str, Any]) -> str:
    """A cell as a table shows it: a list row's items joined, any other row's short text."""
    return "; ".join(fact["items"]) if fact["kind"] == "list" else fact["short"]


def one_row(conditions: list[Mapping[str, Any]]) -> bool:
    """Conditions that all ask for a value of one row, alike negated ("pull and push")."""
    return len({(c["attribute"], c["test"], c["negated"]) for c in conditions}) == 1 and conditions[0]["test"] == "value"


def all_have(conditions: list[Mapping[str, Any]]) -> bool:
    """Conditions that all ask whether a row is there, alike negated ("security and monitoring")."""
    return len({(c["test"], c["negated"]) for c in conditions}) == 1 and conditions[0]["test"] == "has"


_MAPPINGS = (dict, MappingProxyType)
# a verdict asked for as "true or false" says which, after its yes or no
_TRUTH = {str(k): str(v) for k, v in language("en")["true_false_verdicts"].items()}
_VERDICT = re.compile(r"^(" + "|".join(map(re.escape, _TRUTH)) + r")\b")


class _Context(jinja2.runtime.Context):
    """A template's call of a plain function or a list's method (`{% do rows.append(...) %}`,
    `table(...)`) made straight away.

    jinja2 routes every call through Context.call, which first asks the callee and its
    __call__ whether they want the context, the environment or the eval context passed; a
    comparison's table makes fourteen such calls. A function marked for that (jinja2's
    pass_context and the like) still goes the long way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:       # (as jinja2 does)
            return __self.environment.undefined("value was undefined because a callable raised a"
                                                " StopIteration exception")


_PLAIN_CALLABLES = (FunctionType, BuiltinMethodType)


class _Environment(jinja2.Environment):
    """Views are plain dicts (and read-only mappings of them): `v.name` reads the key first.

    jinja2 tries the Python attribute first, and a failed getattr on a dict raises and
    catches an AttributeError, about 0.6 µs for each of the thirty-odd lookups an answer
    makes. Reading the key first is also what a template author means by `f.items`.
    """

    context_class = _Context

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) in _MAPPINGS:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class Renderer:
    """One jinja2 environment per renderer (no global state); templates are our files only.

    Every template sees `v` (the view), `table` (the medium's table writer) and `m`, the
    macros of _macros.j2, loaded once: an `{% import %}` in each template would rebuild
    its lookup on every render."""

    def __init__(self, folder: Path = TEMPLATES, overrides: Path | None = None,
                 profile: Mapping[str, Any] | None = None, labels: Mapping[str, str] | None = None,
                 fallback: Renderer | None = None, filters: Mapping[str, Callable] | None = None,
                 words: Mapping[str, Any] | None = None):
        # another language's renderer answers an intent this folder has no template for
        self.fallback = fallback
        # a knowledge folder's own templates/ first, the package's after (as datasette does)
        loaders = [jinja2.FileSystemLoader(str(overrides))] if overrides is not None and overrides.is_dir() else []
        self.env = _Environment(
            loader=jinja2.ChoiceLoader([*loaders, jinja2.FileSystemLoader(str(folder))]), autoescape=False,
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=False, extensions=["jinja2.ext.do"],
            auto_reload=False)      # templates are read once; no stat() per import
        self.env.filters.update(names=join_names, num=number, lower1=lower_first,
                                capitalize_first=lambda s: s[:1].upper() + s[1:],
                                attr_value=cell_text, cell_texts=lambda facts: [cell_text(f) for f in facts],
                                one_row=one_row, all_have=all_have)
        # the domain's words (bot/profile.py): templates name no product, row or domain themselves
        profile = dict(profile or {"verbs": {}, "figure_noun": {}})
        self.env.globals["profile"] = profile
        nouns = {(labels or {}).get(aid, aid): noun for aid, noun in profile["figure_noun"].items()}
        # "the 2C 4GB stress test result" where the profile gives a number row a noun, else its label alone
        self.env.filters.update(
            figure=lambda label: f"{label} {nouns[label]}" if label in nouns else label,
            figures=lambda label: f"{label} {nouns[label]}s" if label in nouns else f"{label} figures",
            quoted=lambda text: f"\"{text}\"")
        # another language's filters and words (bot/chinese_render.py), before the macros compile
        self.env.filters.update(filters or {})
        self.env.globals["words"] = dict(words or {})
        self._templates: dict[str, jinja2.Template] = {}     # by intent
        self._files: dict[str, jinja2.Template] = {}         # by file name
        self._common = self.env.get_template("_common.j2").module
        self._macros = self.env.get_template("_macros.j2").module
        # A cell's sentence, what a set of conditions says, the citation line: each depends on
        # its input alone, so each is written once per distinct input and then looked up.
        self._written: dict[tuple, str] = {}

        def sentence(fact: Mapping[str, Any], detail: bool = True) -> str:
            return self._once(("sentence", fact["product"], fact["attribute"], detail),
                              lambda: self._macros.sentence(fact, detail))

        def conditions(view: Mapping[str, Any], one: bool = False, flip: bool = False) -> str:
            said = tuple((c["attribute"], c["test"], c["ref"], c["op"], c["number"], c["negated"])
                         for c in view["conditions"])
            return self._once(("conditions", said, bool(view.get("any_of")), one, flip),
                              lambda: self._macros.conditions(view, one, flip))
        self.env.filters.update(sentence=sentence, conditions=conditions)

    def _once(self, key: tuple, write: Callable[[], Any]) -> str:
        done = self._written.get(key)
        if done is None:
            if len(self._written) > 8192:      # bounded: conditions with numbers are endless
                self._written.clear()
            done = self._written[key] = str(write())
        return done

    def _citation(self, cited: list[dict[str, str]]) -> str:
        return self._once(("citation",) + tuple((row["label"], row["products"]) for row in cited),
                          lambda: self._common.citation(cited))

    def compile_all(self) -> None:
        """Compile every answer template now (about 100 ms) rather than on each one's first
        question: a server pays it once before listening."""
        for name in self.env.list_templates(extensions=["j2"]):
            if not name.startswith("_") and "/" not in name:      # (another language's folder is its own)
                self.template(name.removesuffix(".j2"))

    def template(self, name: str) -> jinja2.Template | None:
        if name not in self._templates:
            try:
                self._templates[name] = self._loaded(f"{name}.j2")
            except jinja2.TemplateNotFound:
                self._templates[name] = None if self.fallback is not None else self._loaded("default.j2")
        return self._templates[name]

    def _loaded(self, filename: str) -> jinja2.Template:
        """A template with its globals in one plain dict. jinja2 keeps them as a ChainMap over
        the environment's, and copies them into every render's context: iterating the ChainMap
        took half a short answer's render. The globals are all set before the first template
        loads and never change, so the copy loses nothing."""
        template = self._files.get(filename)
        if template is None:
            template = self._files[filename] = self.env.get_template(filename)
            template.globals = dict(template.globals)
        return template

    def render_parts(self, parts, cited: list[dict[str, str]], medium: str = "plain") -> str:
        """Several questions' answers, (intent, view) each, in turn, with one citation."""
        text = "\n\n".join(self.render(intent, view, [], medium) for intent, view in parts)
        if cited:
            citation = self._citation(cited)
            text += "\n\n" + (_mrkdwn_escaped(citation) if medium == "mrkdwn" else citation)
        return text

    def render(self, intent: str, view: dict[str, Any], cited: list[dict[str, str]],
               medium: str = "plain") -> str:
        if self.fallback is not None and self.template(intent) is None:
            return self.fallback.render(intent, view, cited, medium)
        body = self.template(intent).render(v=view, table=MEDIA[medium].table, m=self._macros)
        if view.get("picked"):
            # after the first line, which answers the question: which products the question's superlative picked
            first, _, rest = body.strip("\n").partition("\n")
            body = first + "\n" + self._loaded("_picked.j2").render(v=view) + "\n" + rest
        if cited:
            body += "\n\n" + self._citation(cited)
        # line by line: a regex for trailing blanks backtracks through every run of
        # table padding, and took most of a comparison's render time
        text = "\n".join(line.rstrip(" \t") for line in body.split("\n"))
        while "\n\n\n" in text:      # runs of blank lines become one (a regex took 46 µs on a comparison)
            text = text.replace("\n\n\n", "\n\n")
        text = text.strip()
        if view.get("true_false"):
            text = _VERDICT.sub(lambda m: _TRUTH[m.group(1)], text, count=1)
        if medium == "mrkdwn":
            text = _mrkdwn_escaped(text)
        return text

    def suggestions(self, intent: str, view: dict[str, Any]) -> list[str]:
        raw = str(self._common.suggestions(intent, view))
        return [line.strip() for line in raw.splitlines() if line.strip()][:4]


def _mrkdwn_escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
