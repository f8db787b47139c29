"""The knowledge folder's zh.yaml: Chinese names of its products, rows, values, levels and
features, and Chinese words for anything else it knows (needs, subjects it lacks), each
checked against the folder with file and line like the other knowledge files."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ZhName(_Strict):
    """A value's, a level's or a feature's Chinese: how an answer shows it, and the words
    that name it in a question (`zh` names it too)."""
    zh: str
    terms: list[str] = []


class ZhRow(_Strict):
    zh: str = Field(description="the row's label in Chinese")
    terms: list[str] = []
    values: dict[str, ZhName] = {}
    levels: dict[str, ZhName] = {}
    features: dict[str, ZhName] = {}


class ZhProfile(_Strict):
    domain: str = ""
    nouns: list[str] = []                 # words for a product: "哪些消息队列" reads "which products"
    examples: list[str] = []              # example questions the page offers in Chinese


class ChineseVocabulary(_Strict):
    profile: ZhProfile = ZhProfile()
    products: dict[str, list[str]] = {}
    products_word: str = ""
    attributes: dict[str, ZhRow] = {}
    phrases: dict[str, str] = {}          # Chinese word → the English words the folder knows it by


def check(f, vocab: ChineseVocabulary, products, attributes) -> None:
    """Every id names something the folder has; no Chinese word means two things. `f` is
    the loader's file, whose `fail(path, problem)` gives the error its line."""
    owner: dict[str, str] = {}

    def claim(word: str, what: str, path: tuple) -> None:
        key = "".join(word.lower().split())
        if key in owner and owner[key] != what:
            raise f.fail(path, f"the word {word!r} names both {owner[key]} and {what}")
        owner[key] = what

    for pid, names in vocab.products.items():
        if pid not in products:
            raise f.fail(("products", pid), f"unknown product {pid!r} (products.yaml has: {', '.join(products)})")
        for j, name in enumerate(names):
            claim(name, f"product {pid}", ("products", pid, j))
    for aid, row in vocab.attributes.items():
        if aid not in attributes:
            raise f.fail(("attributes", aid), f"unknown row {aid!r} (attributes.yaml has: {', '.join(attributes)})")
        a = attributes[aid]
        for j, term in enumerate(row.terms):
            claim(term, f"row {aid}", ("attributes", aid, "terms", j))
        for part, known in (("values", a.values), ("levels", a.levels), ("features", a.features)):
            ids = [x.id for x in known]
            for xid, name in getattr(row, part).items():
                if xid not in ids:
                    raise f.fail(("attributes", aid, part, xid),
                                 f"{aid}: unknown {part[:-1]} {xid!r} (known: {', '.join(ids) or 'none'})")
                for j, term in enumerate(name.terms):
                    claim(term, f"{part[:-1]} {aid}.{xid}", ("attributes", aid, part, xid, "terms", j))
    for word, english in vocab.phrases.items():
        if not english.strip():
            raise f.fail(("phrases", word), f"the word {word!r} is glossed to nothing")
        claim(word, f"the phrase {english!r}", ("phrases", word))
