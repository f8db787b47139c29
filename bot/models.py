"""Pydantic models of the knowledge files (the shapes; cross-file checks live in loader)."""
from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Product(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    name: str
    aliases: list[str] = Field(min_length=1)


class ProductGroup(Strict):
    """Words that name several products at once ("the two Kafkas")."""
    phrases: list[str] = Field(min_length=1)
    products: list[str] = Field(min_length=2)


class ProductsFile(Strict):
    products: list[Product] = Field(min_length=1)
    groups: list[ProductGroup] = []


class Value(Strict):
    id: str
    label: str
    terms: list[str] = []
    absent: bool = False  # "None": the product has no such thing
    members: list[str] = []  # a family of values ("JVM languages": Java, Scala); no cell states it itself


class Level(Strict):
    id: str
    label: str
    rank: int
    terms: list[str] = []


class Feature(Strict):
    id: str
    label: str
    terms: list[str] = []
    # words that name the feature together, in any order, a few words apart ("promotes the
    # slave automatically", "switch from master to slave automatically"); each word matches
    # as the start of a question's word ("switch" meets "switches", "switching")
    near: list[list[str]] = []


def _first_by_id(items: list[Any]) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    for item in items:
        by_id.setdefault(item.id, item)
    return by_id


Kind = Literal["list", "category", "set", "ordinal", "number", "flag"]


class Attribute(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    label: str
    kind: Kind
    synonyms: list[str] = Field(min_length=1)
    opposites: list[str] = []      # words for the row's opposite ("lose"): "least" of them is "most" of it
    headline: bool = False
    unit: str | None = None
    better: Literal["higher", "lower"] = "higher"   # which way a number row is better (latency: lower)
    note: str | None = None                         # what the table's notes say of the row
    role: Literal["pros", "cons"] | None = None     # a list row of strengths or of weaknesses
    measures: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")   # rows measuring one thing
    values: list[Value] = []
    levels: list[Level] = []
    features: list[Feature] = []

    @model_validator(mode="after")
    def _shape_fits_kind(self) -> Attribute:
        if self.kind in ("category", "set") and not self.values:
            raise ValueError(f"a {self.kind} row needs `values`")
        if self.kind == "ordinal" and not self.levels:
            raise ValueError("an ordinal row needs `levels`")
        if self.kind not in ("category", "set") and self.values:
            raise ValueError(f"a {self.kind} row cannot have `values`")
        if self.kind != "ordinal" and self.levels:
            raise ValueError(f"a {self.kind} row cannot have `levels`")
        return self

    # by id, the first of each, worked out on first use: a question looks values up a dozen times
    @cached_property
    def values_by_id(self) -> dict[str, Value]:
        return _first_by_id(self.values)

    @cached_property
    def levels_by_id(self) -> dict[str, Level]:
        return _first_by_id(self.levels)

    @cached_property
    def features_by_id(self) -> dict[str, Feature]:
        return _first_by_id(self.features)

    def value(self, value_id: str) -> Value | None:
        return self.values_by_id.get(value_id)

    def level(self, level_id: str) -> Level | None:
        return self.levels_by_id.get(level_id)

    def feature(self, feature_id: str) -> Feature | None:
        return self.features_by_id.get(feature_id)

    @property
    def rankable(self) -> bool:
        return self.kind in ("ordinal", "number", "flag")

    @property
    def can_lack(self) -> bool:
        """A product can have none of it: a yes/no row, or one with a value meaning "none"."""
        return self.kind == "flag" or any(v.absent for v in self.values)


class AttributesFile(Strict):
    attributes: list[Attribute] = Field(min_length=1)


class Cell(Strict):
    """One matrix cell: the answered text, the seed's original, and its structure."""

    text: str | None = None
    seed: str | None = None
    detail: str | None = None
    items: list[str] | None = None
    values: list[str] | None = None
    level: str | None = None
    number: int | float | None = None
    flag: bool | None = None
    features: dict[str, bool] = {}

    @property
    def display(self) -> str:
        """The cell as stated in answers and sources."""
        if self.items is not None:
            return "; ".join(self.items)
        return f"{self.text}: {self.detail}" if self.detail else (self.text or "")

    @property
    def short(self) -> str:
        """The headline of the cell, without its explanation."""
        if self.items is not None:
            return "; ".join(self.items)
        return self.text or ""


class MatrixFile(Strict):
    source: str
    note: str | None = None
    cells: dict[str, dict[str, Cell]]


class GlossaryTerm(Strict):
    id: str
    term: str
    aliases: list[str] = Field(min_length=1)
    definition: str


class GlossaryFile(Strict):
    source: str
    terms: list[GlossaryTerm]


class OtherProduct(Strict):
    name: str
    aliases: list[str] = Field(min_length=1)


class OutOfScope(Strict):
    topic: str
    terms: list[str] = Field(min_length=1)


class VocabularyFile(Strict):
    other_products: list[OtherProduct] = []
    out_of_scope: list[OutOfScope] = []
    not_fuzzy: list[str] = []
    not_products: list[str] = []     # capitalised everyday words that name no product ("IoT", "CI")
    text_synonyms: dict[str, str] = {}   # a user's word for a word of the cells' text ("primary": "master")


class Criterion(Strict):
    prefer: str | None = None
    require: str | None = None
    mentions: str | None = None
    avoid: str | None = None
    value: str | None = None
    feature: str | None = None
    text: str | None = None
    weight: float = 1.0

    @model_validator(mode="after")
    def _one_kind(self) -> Criterion:
        kinds = [k for k in ("prefer", "require", "mentions", "avoid") if getattr(self, k)]
        if len(kinds) != 1:
            raise ValueError("a criterion needs exactly one of prefer, require, mentions, avoid")
        if kinds[0] in ("mentions", "avoid") and not self.text:
            raise ValueError(f"a `{kinds[0]}` criterion needs `text`")
        return self

    # worked out on first use: a recommendation reads them for every product it weighs
    @cached_property
    def kind(self) -> str:
        return next(k for k in ("prefer", "require", "mentions", "avoid") if getattr(self, k))

    @cached_property
    def attribute(self) -> str:
        return getattr(self, self.kind)


class Need(Strict):
    id: str
    label: str
    phrases: list[str] = Field(min_length=1)
    # what the need rules out, named ("lose messages"): a claim of it, with no negation before
    # it, claims the need is not met ("CMQ can lose messages, right?")
    against: list[str] = []
    criteria: list[Criterion] = Field(min_length=1)


class RecommendationsFile(Strict):
    needs: list[Need]


class Verb(Strict):
    """How "which products ..." reads for one row: "are written in C" rather than "have C
    implementation language". Four forms: plural, singular, and both negated."""
    plural: str
    singular: str
    plural_not: str
    singular_not: str
    after: str = ""                  # a word after the value: "support push consumption"


class ProfileFile(Strict):
    """profile.yaml: how this folder's domain is named and shown. Every field is optional;
    what is left out is worked out from the matrix (bot/profile.py)."""
    title: str | None = None                 # the page's and the CLI's name for the bot
    domain: str | None = None                # one product, as the help names it: "message queue"
    domain_plural: str | None = None         # "message queues"
    nouns: list[str] = []                    # words for a product in questions: "which brokers", "these queues"
    name_endings: list[str] = []             # an unknown word ending so names a product ("IronMQ")
    highlights: list[str] = []               # row ids named as "attributes such as ..."
    summary: list[str] = []                  # row ids an overview opens with
    examples: list[str] = []                 # questions the help and the page's chips offer
    suggestions: dict[Literal["compare", "ranked", "clarify", "start"], list[str]] = {}
    needs_hint: str | None = None            # "throughput, reliability, ...": what a recommendation can weigh
    verbs: dict[str, Verb] = {}              # row id → how "which products ..." reads
    figure_noun: dict[str, str] = {}         # number row id → the noun after its label ("stress test result")
