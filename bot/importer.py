"""`mqbot import TABLE.md --out DIR`: a knowledge folder from a Markdown comparison table.

The table is read (markdown_table), each row's kind inferred (infer), and the folder
written in the shape load_knowledge reads; the folder is loaded back before it is kept,
so an import never leaves a folder the bot cannot serve."""
from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .cues import CUE_WORDS, STOPWORDS
from .errors import KnowledgeError
from .infer import RowKind, infer
from .loader import load_knowledge
from .markdown_table import Table, read_table, slug
from .text import language, tokenize


@dataclass(frozen=True)
class Imported:
    folder: Path
    products: list[str]
    rows: list[tuple[str, str]]     # (row id, what was inferred)


# "five open-source databases", "Jenkins and other CI/CD systems": a plural after a count or "other"
_COUNTED = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|other|several|many)\s+"
                      r"(?:[\w/+.-]+\s+){0,3}?([a-z]+s)\b", re.I)


def domain_nouns(intro: str, products: list[str] = ()) -> list[str]:
    """What the table compares, from its intro ("a comparison of five open-source databases":
    databases, database): words a question uses for the products, never a row's. A product's
    name ("between Jenkins and other CI/CD systems") is no such word."""
    names = {w for p in products for w in tokenize(p)}
    found = next((m.group(1) for m in _COUNTED.finditer(intro) if m.group(1).lower() not in names), None)
    plural = (found or "products").lower()
    single = plural[:-2] if plural.endswith(("sses", "xes", "ches", "shes")) else plural[:-1]
    return list(dict.fromkeys([plural, single, "products", "product"]))


# a verb of having ("support", "offer") or a cue word names no row, even in a label ("Passkey support")
_NOT_ROW_WORDS = STOPWORDS | CUE_WORDS | frozenset(str(w) for w in language("en")["feature_verbs"])
_ROLES = language("en")["list_roles"]         # the words for a pros or a cons row
_COMPOUNDS = {str(k): v for k, v in (language("en").get("compounds") or {}).items()}


def _derived(word: str) -> list[str]:
    """"scalability" → "scalable": the adjective a question may use for a row's noun; "setup"
    → "set up": a compound as a verb is written (en.yaml `compounds`)."""
    out = [word[:-5] + "le"] if word.endswith("ability") and len(word) > 8 else []
    return out + [str(c) for c in _COMPOUNDS.get(word, ())]


def _unique_words(labels: dict[str, str], nouns: frozenset[str]) -> dict[str, list[str]]:
    """Each row's own short names: its label, the label without brackets, and the words of
    it that no other row's label uses ("Message reliability" → "reliability")."""
    words = {aid: [w for i, w in enumerate(ws) if w.isalpha() and len(w) >= 4 and w not in _NOT_ROW_WORDS
                   and w not in nouns and not (i and ws[i - 1] == "per")]      # "Price per user": no "user"
             for aid, label in labels.items() for ws in [re.sub(r"[()/-]", " ", label.lower()).split()]}
    count = Counter(w for ws in words.values() for w in set(ws))
    out = {}
    for aid, label in labels.items():
        plain = " ".join(label.lower().split())
        bare = " ".join(plain.split("(")[0].split())
        own = [w for w in words[aid] if count[w] == 1]
        own += [d for w in own for d in _derived(w)]
        own += [w + "s" for w in own if not w.endswith("s") and " " not in w]     # "the largest objects"
        tail = " ".join(plain.split()[-2:])
        out[aid] = list(dict.fromkeys([plain, bare, *([tail] if len(plain.split()) > 2 else []), *own]))
    return out


def _aliases(names: list[str]) -> dict[str, list[str]]:
    """A product's names as typed: as written, without spaces, its first or last word when no
    other product uses that word ("Apache Kafka" → "kafka", "Kestrel Sport S" → "kestrel"), and
    without a trailing letter or number ("Pulse Cargo 2" → "pulse cargo")."""
    words = {name: name.lower().split() for name in names}
    used = Counter(x for w in words.values() for x in set(w))
    out = {}
    for name, w in words.items():
        own = [x for x in dict.fromkeys([w[-1], w[0]]) if len(w) > 1 and used[x] == 1 and len(x) >= 4
               and x not in STOPWORDS and x.isalpha()]
        short = [" ".join(w[:-1])] if len(w) > 2 and len(w[-1]) <= 2 else []
        out[slug(name)] = list(dict.fromkeys([" ".join(w), slug(name).replace("_", " "), "".join(w), *short, *own]))
    return out


def _folder(table: Table, kinds: list[RowKind]) -> dict[str, Any]:
    aliases = _aliases(table.products)
    taken = {a for names in aliases.values() for a in names}
    nouns = frozenset(domain_nouns(table.intro, table.products))
    synonyms = _unique_words({k.attribute["id"]: k.attribute["label"] for k in kinds}, nouns)
    attributes = []
    for k in kinds:
        attr = dict(k.attribute)
        for group in ("values", "levels"):
            # a value named like a product ("Licence: PostgreSQL") is no word for the value
            for v in attr.get(group, []):
                v["terms"] = [t for t in v["terms"] if t not in taken]
        words = synonyms[attr["id"]] + [str(w) for w in _ROLES.get(attr.get("role"), ())]   # "downsides"
        attr["synonyms"] = list(dict.fromkeys(s for s in words if s not in taken)) or [attr["id"].replace("_", " ")]
        if k.notes:
            attr["note"] = " ".join(k.notes)
        # a headline row is one a two-product comparison shows: every row that is not a list
        attr["headline"] = attr["kind"] != "list"
        attributes.append(attr)
    cells = {slug(name): {k.attribute["id"]: k.cells[i] for k in kinds} for i, name in enumerate(table.products)}
    products = [{"id": slug(n), "name": n, "aliases": aliases[slug(n)]} for n in table.products]
    note = " ".join(n.removeprefix("Note:").strip() for n in table.notes) or None
    plural, single = domain_nouns(table.intro, table.products)[:2]
    return {
        "products.yaml": {"products": products},
        "attributes.yaml": {"attributes": attributes},
        "matrix.yaml": {"source": table.intro or table.corner, **({"note": note} if note else {}), "cells": cells},
        # the rest of the profile (examples, suggestions, highlights) is worked out from the rows
        "profile.yaml": {"domain": single, "domain_plural": plural,
                         "nouns": [n for n in (plural, single) if n not in ("products", "product")]},
    }


_HEADERS = {
    "products.yaml": "# The products of the table, in its column order (written by `mqbot import`).\n"
                     "# Add the names people use for each to `aliases`.\n",
    "attributes.yaml": "# The rows of the table, in its order, with the kind `mqbot import` inferred for each.\n"
                       "# Add the words people use for a row to its `synonyms`.\n",
    "matrix.yaml": "# Every cell of the table, product by product (written by `mqbot import`).\n",
    "profile.yaml": "# How the domain is named (written by `mqbot import` from the table's intro line).\n"
                    "# Add examples, highlights, summary, suggestions or verbs to change what the bot offers.\n",
}


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)


def import_table(table_path: Path, out: Path, force: bool = False) -> Imported:
    """Write a new knowledge folder at `out` from the table; raise KnowledgeError when the
    table cannot be read or the folder would not load. Nothing is left behind on failure."""
    table = read_table(table_path)
    kinds = [infer(row, table.notes) for row in table.rows]
    files = _folder(table, kinds)
    if out.exists() and any(out.iterdir()) and not force:
        raise KnowledgeError(str(out), None, "the folder exists and is not empty (use --force to replace it)")
    with tempfile.TemporaryDirectory(prefix="mqbot-import-") as tmp:
        staged = Path(tmp) / "knowledge"
        staged.mkdir()
        for name, data in files.items():
            (staged / name).write_text(_HEADERS[name] + _dump(data), encoding="utf-8")
        load_knowledge(staged)          # the folder must load before it replaces anything
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(staged, out)
    return Imported(out, [p["name"] for p in files["products.yaml"]["products"]],
                    [(k.attribute["id"], k.said) for k in kinds])
