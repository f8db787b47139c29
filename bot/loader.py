"""Read the knowledge folder: YAML with line numbers, pydantic shapes, cross-file checks."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import chinese_vocabulary
from .chinese_vocabulary import ChineseVocabulary
from .errors import KnowledgeError
from .models import (
    Attribute,
    AttributesFile,
    Cell,
    GlossaryFile,
    GlossaryTerm,
    MatrixFile,
    Need,
    OtherProduct,
    OutOfScope,
    Product,
    ProductGroup,
    ProductsFile,
    ProfileFile,
    RecommendationsFile,
    VocabularyFile,
)
from .profile import Profile, build_profile

REQUIRED = ("products.yaml", "attributes.yaml", "matrix.yaml")
OPTIONAL = ("glossary.yaml", "vocabulary.yaml", "recommendations.yaml", "profile.yaml", "zh.yaml")


def default_knowledge_dir() -> Path:
    """The knowledge shipped in the wheel, else the repository's own folder."""
    here = Path(__file__).resolve().parent
    bundled = here / "_knowledge"
    return bundled if bundled.is_dir() else here.parent / "knowledge"


@dataclass(frozen=True)
class Knowledge:
    products: dict[str, Product]
    attributes: dict[str, Attribute]
    cells: dict[tuple[str, str], Cell]
    source: str
    note: str | None
    profile: Profile                    # how the domain is named and shown (bot/profile.py)
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)
    glossary_source: str = "general knowledge, not from the matrix"
    other_products: list[OtherProduct] = field(default_factory=list)
    out_of_scope: list[OutOfScope] = field(default_factory=list)
    not_fuzzy: frozenset[str] = frozenset()
    not_products: frozenset[str] = frozenset()
    text_synonyms: dict[str, str] = field(default_factory=dict)
    needs: list[Need] = field(default_factory=list)
    product_groups: list[ProductGroup] = field(default_factory=list)
    version: str = ""
    folder: Path | None = None          # where it was read from: its templates/ override the package's
    chinese: ChineseVocabulary | None = None    # zh.yaml: the folder's words in Chinese

    def cell(self, product: str, attribute: str) -> Cell:
        return self.cells[(product, attribute)]

    def name(self, product: str) -> str:
        return self.products[product].name

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Every word of the products' ids, names and aliases, as the tokenizer splits them."""
        from .text import tokenize
        return frozenset(w for pr in self.products.values() for name in [pr.id, pr.name, *pr.aliases]
                         for w in tokenize(name))

    @cached_property
    def counted_nouns(self) -> frozenset[str]:
        """The one-word nouns for products a question counts or quantifies ("4 products", "any queue")."""
        from .text import language, tokenize
        words = (tokenize(str(n)) for n in [*language("en")["claims"]["nouns"], *self.profile.nouns])
        return frozenset(w[0] for w in words if len(w) == 1)

    @cached_property
    def product_words(self) -> dict[str, frozenset[str]]:
        """Each product's own name words ("cloud", "tencent" for CKafka), as the tokenizer splits them."""
        from .text import tokenize
        return {pid: frozenset(w for name in [pr.id, pr.name, *pr.aliases] for w in tokenize(name))
                for pid, pr in self.products.items()}


# --- YAML with line numbers -------------------------------------------------

class _Lines(dict):
    """A mapping that remembers the line of each key."""
    lines: dict[Any, int]
    line: int


class _LinesList(list):
    lines: list[int]
    line: int


class _LineLoader(yaml.SafeLoader):
    pass


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Lines:
    out = _Lines()
    out.lines = {}
    out.line = node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark) from None
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LinesList:
    out = _LinesList(loader.construct_object(child, deep=True) for child in node.value)
    out.lines = [child.start_mark.line + 1 for child in node.value]
    out.line = node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def _line_of(data: Any, path: tuple) -> int | None:
    """The line of the deepest part of `path` that the data knows."""
    line = getattr(data, "line", None)
    node = data
    for key in path:
        if isinstance(node, _Lines) and key in node:
            line = node.lines.get(key, line)
            node = node[key]
        elif isinstance(node, _LinesList) and isinstance(key, int) and key < len(node):
            line = node.lines[key]
            node = node[key]
        else:
            break
    return line


class _File:
    """One parsed knowledge file: its data and a way to raise errors at a line."""

    def __init__(self, path: Path, label: str):
        self.label = label
        self.text = path.read_text(encoding="utf-8")
        try:
            # _LineLoader is SafeLoader plus line bookkeeping: no arbitrary tags.
            self.data = yaml.load(self.text, Loader=_LineLoader)  # noqa: S506
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            raise KnowledgeError(label, mark.line + 1 if mark else None,
                                 f"bad YAML: {problem}") from None
        if not isinstance(self.data, dict):
            raise KnowledgeError(label, 1, "expected a mapping at the top of the file")

    def fail(self, path: tuple, problem: str) -> KnowledgeError:
        return KnowledgeError(self.label, _line_of(self.data, path), problem)

    def parse(self, model: type[BaseModel]):
        try:
            return model.model_validate(self.data)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(err["loc"])
            where = ".".join(str(p) for p in loc)
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = f"unknown field {loc[-1]!r}"
            raise self.fail(loc, f"{where}: {msg}" if where else msg) from None


# --- the folder ---------------------------------------------------------------

def load_knowledge(folder: str | Path | None = None) -> Knowledge:
    """Load and check a knowledge folder; raise KnowledgeError naming file and line."""
    root = Path(folder) if folder is not None else default_knowledge_dir()
    if not root.is_dir():
        raise KnowledgeError(str(root), None, "knowledge folder not found")
    files: dict[str, _File] = {}
    for name in REQUIRED + OPTIONAL:
        path = root / name
        if path.is_file():
            files[name] = _File(path, str(path))
        elif name in REQUIRED:
            raise KnowledgeError(str(path), None, "required knowledge file is missing")

    products, groups = _products(files["products.yaml"])
    attributes = _attributes(files["attributes.yaml"])
    matrix_file = files["matrix.yaml"]
    matrix = matrix_file.parse(MatrixFile)
    cells = _cells(matrix_file, matrix, products, attributes)

    glossary = files["glossary.yaml"].parse(GlossaryFile) if "glossary.yaml" in files else None
    vocab = files["vocabulary.yaml"].parse(VocabularyFile) if "vocabulary.yaml" in files else VocabularyFile()
    recs = (files["recommendations.yaml"].parse(RecommendationsFile)
            if "recommendations.yaml" in files else RecommendationsFile(needs=[]))

    given = files["profile.yaml"].parse(ProfileFile) if "profile.yaml" in files else ProfileFile()
    if "profile.yaml" in files:
        _check_profile(files["profile.yaml"], given, attributes)
    _check_words(files, products, attributes, vocab)
    _check_templates(root / "templates", attributes)
    if "recommendations.yaml" in files:
        _check_needs(files["recommendations.yaml"], recs, attributes)

    chinese = files["zh.yaml"].parse(ChineseVocabulary) if "zh.yaml" in files else None
    if chinese is not None:
        chinese_vocabulary.check(files["zh.yaml"], chinese, products, attributes)

    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].text.encode())
    return Knowledge(
        products=products, product_groups=groups, attributes=attributes, cells=cells,
        source=matrix.source, note=matrix.note,
        glossary={t.id: t for t in glossary.terms} if glossary else {},
        glossary_source=glossary.source if glossary else "general knowledge, not from the matrix",
        other_products=vocab.other_products, out_of_scope=vocab.out_of_scope,
        not_fuzzy=frozenset(w.lower() for w in vocab.not_fuzzy),
        not_products=frozenset(w.lower() for w in vocab.not_products),
        text_synonyms={k.lower(): v.lower() for k, v in vocab.text_synonyms.items()},
        needs=recs.needs, version=digest.hexdigest()[:12], folder=root, chinese=chinese,
        profile=build_profile(given, products, attributes))


def _products(f: _File) -> tuple[dict[str, Product], list[ProductGroup]]:
    parsed = f.parse(ProductsFile)
    out: dict[str, Product] = {}
    for i, p in enumerate(parsed.products):
        if p.id in out:
            raise f.fail(("products", i, "id"), f"duplicate product id {p.id!r}")
        out[p.id] = p
    for i, group in enumerate(parsed.groups):
        for j, pid in enumerate(group.products):
            if pid not in out:
                raise f.fail(("groups", i, "products", j),
                             f"unknown product {pid!r} in a group (products.yaml has: {', '.join(out)})")
    return out, parsed.groups


def _attributes(f: _File) -> dict[str, Attribute]:
    parsed = f.parse(AttributesFile)
    out: dict[str, Attribute] = {}
    for i, a in enumerate(parsed.attributes):
        if a.id in out:
            raise f.fail(("attributes", i, "id"), f"duplicate attribute id {a.id!r}")
        for group in ("values", "levels", "features"):
            ids = [x.id for x in getattr(a, group)]
            dupes = sorted({x for x in ids if ids.count(x) > 1})
            if dupes:
                raise f.fail(("attributes", i, group), f"{a.id}: duplicate {group[:-1]} id {dupes[0]!r}")
        known = {v.id for v in a.values}
        for j, v in enumerate(a.values):
            stray = [m for m in v.members if m not in known or m == v.id]
            if stray:
                raise f.fail(("attributes", i, "values", j, "members"), f"{a.id}: {v.id} names unknown member {stray[0]!r}")
        out[a.id] = a
    return out


def _cells(f: _File, matrix: MatrixFile, products: dict[str, Product],
           attributes: dict[str, Attribute]) -> dict[tuple[str, str], Cell]:
    out: dict[tuple[str, str], Cell] = {}
    for pid, row in matrix.cells.items():
        if pid not in products:
            raise f.fail(("cells", pid), f"unknown product {pid!r} (products.yaml has: {', '.join(products)})")
        for aid, cell in row.items():
            if aid not in attributes:
                raise f.fail(("cells", pid, aid),
                             f"unknown attribute {aid!r} for product {pid!r} (known: {', '.join(attributes)})")
            problem = _cell_problem(attributes[aid], cell)
            if problem:
                raise f.fail(("cells", pid, aid), f"cell {pid}.{aid}: {problem}")
            out[(pid, aid)] = cell
        missing = [a for a in attributes if a not in row]
        if missing:
            raise f.fail(("cells", pid), f"missing cell {pid}.{missing[0]}"
                         + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
    absent = [p for p in products if p not in matrix.cells]
    if absent:
        raise f.fail(("cells",), f"missing cells for product {absent[0]!r}: every product needs a full row")
    return out


def _cell_problem(attr: Attribute, cell: Cell) -> str | None:
    if attr.kind == "list":
        return None if cell.items else "a list row needs `items`"
    if not cell.text:
        return "needs `text`"
    if attr.kind in ("category", "set"):
        if not cell.values:
            return f"a {attr.kind} row needs `values`"
        if attr.kind == "category" and len(cell.values) != 1:
            return "a category row takes exactly one value"
        for v in cell.values:
            if attr.value(v) is None:
                return f"unknown value {v!r} (known: {', '.join(x.id for x in attr.values)})"
            if attr.value(v).members:
                return f"{v!r} is a family of values; a cell states one of its members"
    elif attr.kind == "ordinal":
        if cell.level is None:
            return "an ordinal row needs `level`"
        if attr.level(cell.level) is None:
            return f"unknown level {cell.level!r} (known: {', '.join(x.id for x in attr.levels)})"
    elif attr.kind == "number" and cell.number is None:
        return "a number row needs `number`"
    elif attr.kind == "flag" and cell.flag is None:
        return "a flag row needs `flag`"
    for feat in cell.features:
        if attr.feature(feat) is None:
            return f"unknown feature {feat!r}"
    return None


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _check_words(files: dict[str, _File], products: dict[str, Product],
                 attributes: dict[str, Attribute], vocab: VocabularyFile) -> None:
    """An alias may name only one thing: two products, or a product and a row, cannot share it."""
    owner: dict[str, str] = {}
    pf = files["products.yaml"]
    for i, p in enumerate(products.values()):
        for j, alias in enumerate(p.aliases):
            key = _norm(alias)
            if key in owner and owner[key] != p.id:
                raise pf.fail(("products", i, "aliases", j),
                              f"alias {alias!r} is claimed by two products: {owner[key]} and {p.id}")
            owner[key] = p.id
    af = files["attributes.yaml"]
    for i, a in enumerate(attributes.values()):
        for words in ("synonyms", "opposites"):
            for j, syn in enumerate(getattr(a, words)):
                if _norm(syn) in owner:
                    raise af.fail(("attributes", i, words, j),
                                  f"{words[:-1]} {syn!r} of {a.id} clashes with an alias of product {owner[_norm(syn)]}")
    if "vocabulary.yaml" in files:
        vf = files["vocabulary.yaml"]
        for i, other in enumerate(vocab.other_products):
            for j, alias in enumerate(other.aliases):
                if _norm(alias) in owner:
                    raise vf.fail(("other_products", i, "aliases", j),
                                  f"alias {alias!r} of {other.name} is an alias of matrix product "
                                  f"{owner[_norm(alias)]}")


def _check_needs(f: _File, recs: RecommendationsFile, attributes: dict[str, Attribute]) -> None:
    for i, need in enumerate(recs.needs):
        for j, crit in enumerate(need.criteria):
            where = ("needs", i, "criteria", j)
            attr = attributes.get(crit.attribute)
            if attr is None:
                raise f.fail(where, f"need {need.id}: unknown attribute {crit.attribute!r}")
            if crit.kind == "prefer" and not attr.rankable:
                raise f.fail(where, f"need {need.id}: cannot prefer {attr.id}, a {attr.kind} row")
            if crit.value and attr.value(crit.value) is None:
                raise f.fail(where, f"need {need.id}: unknown value {crit.value!r} of {attr.id}")
            if crit.feature and attr.feature(crit.feature) is None:
                raise f.fail(where, f"need {need.id}: unknown feature {crit.feature!r} of {attr.id}")


def _check_profile(f: _File, given: ProfileFile, attributes: dict[str, Attribute]) -> None:
    """Every row id the profile names is a row of this folder."""
    named = [(("highlights", i), a) for i, a in enumerate(given.highlights)]
    named += [(("summary", i), a) for i, a in enumerate(given.summary)]
    named += [(("verbs", a), a) for a in given.verbs] + [(("figure_noun", a), a) for a in given.figure_noun]
    for where, aid in named:
        if aid not in attributes:
            raise f.fail(where, f"{where[0]}: unknown row {aid!r} (attributes.yaml has: {', '.join(attributes)})")
    for aid in given.figure_noun:
        if attributes[aid].kind != "number":
            raise f.fail(("figure_noun", aid), f"figure_noun: {aid} is a {attributes[aid].kind} row, not a number row")


_FACTS_METHODS = frozenset(("values", "items", "keys", "get"))


def _is_facts(node) -> bool:
    """`v.facts`: the facts of an answer's view, keyed by row id."""
    from jinja2 import nodes
    return isinstance(node, nodes.Getattr) and node.attr == "facts"


def _on_facts(node, names: set[str]) -> bool:
    from jinja2 import nodes
    return (isinstance(node, nodes.Name) and node.name in names) or _is_facts(node)


def template_rows(folder: Path) -> list[tuple[Path, int, str]]:
    """The row ids a folder's own templates read (`f.language`, with `{% set f = v.facts %}`),
    each with its file and line."""
    if not folder.is_dir():
        return []
    import jinja2
    from jinja2 import nodes
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    out = []
    for path in sorted(folder.glob("*.j2")):
        try:
            tree = env.parse(path.read_text(encoding="utf-8"))
        except jinja2.TemplateSyntaxError as exc:
            raise KnowledgeError(str(path), exc.lineno, f"bad template: {exc.message}") from None
        # the names the facts are given ({% set f = v.facts %}, {% with f = v.facts %}); a loop
        # variable of the same name is no facts
        facts = {a.target.name for a in tree.find_all(nodes.Assign)
                 if isinstance(a.target, nodes.Name) and _is_facts(a.node)}
        facts |= {t.name for w in tree.find_all(nodes.With) for t, v in zip(w.targets, w.values, strict=False)
                  if isinstance(t, nodes.Name) and _is_facts(v)}
        for node in tree.find_all(nodes.Getattr):
            if _on_facts(node.node, facts) and node.attr not in _FACTS_METHODS:
                out.append((path, node.lineno, node.attr))
        for node in tree.find_all(nodes.Getitem):      # f["language"]
            if _on_facts(node.node, facts) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                out.append((path, node.lineno, node.arg.value))
    return out


def _check_templates(folder: Path, attributes: dict[str, Attribute]) -> None:
    """Each row id a folder's template reads is a row of this folder."""
    for path, line, aid in template_rows(folder):
        if aid not in attributes:
            raise KnowledgeError(str(path), line, f"unknown row {aid!r} (attributes.yaml has: {', '.join(attributes)})")
