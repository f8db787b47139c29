"""`mqbot import TABLE.md --into DIR`: a new version of the table merged into a curated folder.

What curation added stays: ids, aliases, synonyms, levels, values, glossary, recommendations
and the corrections of a cell whose table text still equals its recorded original (`seed:`).
What the table changed is applied and said, one line each. The files are edited line by line,
where the change is, so every comment and line break of the curator's stays; a file nothing
changed is not written; and the merged folder must load before anything is written."""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .cues import CUES
from .errors import KnowledgeError
from .importer import _aliases, _unique_words, domain_nouns
from .infer import _SPLIT, _flag, _number, headline, infer
from .loader import Knowledge, _File, _norm, load_knowledge, template_rows
from .markdown_table import Row, read_table, slug
from .models import Attribute, Cell, ProfileFile

_NEGATIONS = frozenset(w for w in CUES["neg"] if " " not in w)     # "not", "no", "without", ...
FILES = ("products.yaml", "attributes.yaml", "matrix.yaml", "vocabulary.yaml", "zh.yaml")


@dataclass(frozen=True)
class Merged:
    folder: Path
    changes: list[str]          # one line each: "changed kafka.reliability: Low -> High"
    written: list[str]          # the files written (none on a dry run or when nothing changed)


def _flow(data: Any) -> str:
    """One YAML line, as the curated files write short entries: {text: 'Yes', flag: true}."""
    line = yaml.safe_dump([data], default_flow_style=True, sort_keys=False, width=10**6, allow_unicode=True).strip()
    return line[1:-1]            # dumped inside a list: a bare scalar gets no document-end marker


def _feature_said(terms: list[str], items: list[str]) -> bool | None:
    """Whether the cell's words give the feature: a term in a clause with no negation says yes,
    in a negated clause ("automatic switching is not supported") no; no term says nothing."""
    said = None
    for clause in (c for item in items for c in re.split(r"[,;.]", item)):
        words = _norm(clause)
        if any(f" {_norm(t)} " in f" {words} " for t in terms):
            if _NEGATIONS.isdisjoint(words.split()):
                return True
            said = False
    return said


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@dataclass
class _Text:
    """One file's lines and the edits planned on them, applied from the bottom up."""
    lines: list[str]
    newline: str = "\n"          # the file's own line ending, kept
    edits: list[tuple[int, int, list[str]]] = field(default_factory=list)    # [start, end) → new lines

    def block(self, start: int) -> tuple[int, int]:
        """The lines of the entry that starts at `start` (0-based): it and what is indented under it."""
        own = _indent(self.lines[start])
        end = start + 1
        while end < len(self.lines) and (not self.lines[end].strip() or self.lines[end].lstrip().startswith("#")
                                         or _indent(self.lines[end]) > own):
            end += 1
        while end > start + 1 and (not self.lines[end - 1].strip() or self.lines[end - 1].lstrip().startswith("#")):
            end -= 1            # trailing blank lines and comments belong to what follows
        return start, end

    def replace(self, start: int, new: list[str]) -> None:
        self.edits.append((*self.block(start), new))

    def delete(self, start: int) -> None:
        self.replace(start, [])

    def insert_after(self, start: int, new: list[str]) -> None:
        end = self.block(start)[1]
        self.edits.append((end, end, new))

    def text(self) -> str:
        lines = list(self.lines)
        # bottom up; of two inserts at one spot the later is applied first, so they read in order
        order = sorted(range(len(self.edits)), key=lambda k: (self.edits[k][0], self.edits[k][1], k), reverse=True)
        for k in order:
            start, end, new = self.edits[k]
            lines[start:end] = new
        return self.newline.join(lines) + self.newline


class _Merge:
    def __init__(self, table_path: Path, folder: Path):
        self.table = read_table(table_path)
        self.folder = folder
        self.kb: Knowledge = load_knowledge(folder)
        self.data = {name: _File(folder / name, str(folder / name)).data for name in FILES if (folder / name).is_file()}
        self.texts = {}
        for name in self.data:
            raw = (folder / name).read_bytes().decode("utf-8")
            self.texts[name] = _Text(raw.splitlines(), "\r\n" if "\r\n" in raw else "\n")
        # the profile as written: rows it names itself (the worked-out defaults name none for good)
        given = folder / "profile.yaml"
        self.profile = _File(given, str(given)).parse(ProfileFile) if given.is_file() else ProfileFile()
        self.changes: list[str] = []
        self.new_values: dict[str, dict[str, str]] = {}     # row id → value text → the id given it

    # -- who is who ------------------------------------------------------------
    def product_id(self, name: str) -> str | None:
        for p in self.kb.products.values():
            if _norm(p.name) == _norm(name) or p.id == slug(name) or _norm(name) in map(_norm, p.aliases):
                return p.id
        return None

    def _taken(self, name: str) -> None:
        """A new product may not be named like a word another product answers to."""
        for p in self.kb.products.values():
            if any(_norm(a) in _norm(name).split() and len(_norm(a)) >= 4 for a in p.aliases) and slug(name) != p.id:
                raise self._refuse("products.yaml", f"the new column {name!r} uses {p.name}'s alias; rename the "
                                                    "column or the alias")
        return None

    def row_id(self, label: str) -> str | None:
        for a in self.kb.attributes.values():
            if _norm(a.label) == _norm(label) or a.id == slug(label) or _norm(label) in map(_norm, a.synonyms):
                return a.id
        return None

    # where an entry starts (0-based), from the loader's line bookkeeping
    def _key_line(self, name: str, *path: Any) -> int:
        node = self.data[name]
        for key in path[:-1]:
            node = node[key]
        return node.lines[path[-1]] - 1

    def _item(self, name: str, group: str, key: str, value: str) -> int:
        """The index of the entry of list `group` whose `key` is `value`."""
        return next(i for i, e in enumerate(self.data[name][group]) if e.get(key) == value)

    # -- the merge ---------------------------------------------------------------
    def run(self) -> None:
        columns = [(name, self.product_id(name) or self._taken(name)) for name in self.table.products]
        rows = [(row, self.row_id(row.label)) for row in self.table.rows]
        # two columns or rows of the table on one product or row would overwrite each other
        for what, pairs in (("columns", [(n, pid) for n, pid in columns]), ("rows", [(r.label, a) for r, a in rows])):
            seen: dict[str, str] = {}
            for label, known in pairs:
                if known and known in seen:
                    raise self._refuse("matrix.yaml", f"the {what} {seen[known]!r} and {label!r} both name {known} "
                                                      "(by its name, id or one of its words); rename one in the table")
                if known:
                    seen[known] = label
        kept_products = {pid for _, pid in columns if pid}
        kept_rows = {aid for _, aid in rows if aid}
        gone_products = [pid for pid in self.kb.products if pid not in kept_products]
        gone_rows = [aid for aid in self.kb.attributes if aid not in kept_rows]
        self._remove_products(gone_products)
        self._remove_rows(gone_rows, gone_products)
        new = [name for name, pid in columns if pid is None]
        ids = self._new_ids(new)
        pids = [pid or ids[name] for name, pid in columns]
        new_cells: dict[str, list[str]] = {ids[name]: [] for name in new}
        added_rows: dict[str, list[str]] = {}
        for row, aid in rows:
            if aid is None:
                for pid, line in self._add_row(row, pids).items():
                    (new_cells[pid] if pid in new_cells else added_rows.setdefault(pid, [])).append(line)
                continue
            attr = self.kb.attributes[aid]
            for i, pid in enumerate(pids):
                cell = self._cell(pid, attr, row.cells[i])
                if cell is not None and pid in new_cells:
                    new_cells[pid].append(f"    {aid}: {_flow(cell)}")
                elif cell is not None:
                    self.texts["matrix.yaml"].replace(self._key_line("matrix.yaml", "cells", pid, aid),
                                                      [f"    {aid}: {_flow(cell)}"])
        for pid, lines in added_rows.items():
            self.texts["matrix.yaml"].insert_after(self._key_line("matrix.yaml", "cells", pid), lines)
        self._add_products(new, ids, new_cells)

    def _remove_products(self, gone: list[str]) -> None:
        text = self.texts["products.yaml"]
        for i, group in enumerate(self.kb.product_groups):
            left = [pid for pid in group.products if pid not in gone]
            if len(left) == len(group.products):
                continue
            if len(left) >= 2:
                at = self._key_line("products.yaml", "groups", i, "products")
                text.replace(at, [text.lines[at][:_indent(text.lines[at])] + f"products: {_flow(left)}"])
            else:       # a group of one names no group: "the two Kafkas" with one Kafka left
                text.delete(self._key_line("products.yaml", "groups", i))
                self.changes.append(f"removed group {group.phrases[0]!r} (of {', '.join(group.products)})")
        left = [g for g in self.kb.product_groups if len([pid for pid in g.products if pid not in gone]) >= 2]
        if self.kb.product_groups and not left:
            at = self.data["products.yaml"].lines["groups"] - 1
            text.edits.append((at, at + 1, ["groups: []"]))     # none left: an empty list, not a bare key
        for pid in gone:
            i = self._item("products.yaml", "products", "id", pid)
            self.texts["products.yaml"].delete(self._key_line("products.yaml", "products", i))
            self.texts["matrix.yaml"].delete(self._key_line("matrix.yaml", "cells", pid))
            self._forget_chinese("products", pid)
            self.changes.append(f"removed product {pid} ({self.kb.name(pid)})")

    def _remove_rows(self, gone: list[str], gone_products: list[str]) -> None:
        users = self._row_users()
        for aid in gone:
            if aid in users:
                raise self._refuse("attributes.yaml", f"row {aid} is not in the table, but {users[aid]} uses it")
            i = self._item("attributes.yaml", "attributes", "id", aid)
            self.texts["attributes.yaml"].delete(self._key_line("attributes.yaml", "attributes", i))
            for pid in self.kb.products:
                if pid not in gone_products:
                    self.texts["matrix.yaml"].delete(self._key_line("matrix.yaml", "cells", pid, aid))
            self._forget_chinese("attributes", aid)
            self.changes.append(f"removed row {aid} ({self.kb.attributes[aid].label})")

    def _forget_chinese(self, part: str, key: str) -> None:
        """A product or a row that goes takes its Chinese names in zh.yaml with it."""
        if self.kb.chinese is not None and key in getattr(self.kb.chinese, part) and "zh.yaml" in self.texts:
            self.texts["zh.yaml"].delete(self._key_line("zh.yaml", part, key))

    def _row_users(self) -> dict[str, str]:
        """Which part of the folder names each row: a row they need cannot go."""
        users: dict[str, str] = {}
        for need in self.kb.needs:
            for c in need.criteria:
                users.setdefault(c.attribute, f"recommendations.yaml (need {need.id})")
        p = self.profile
        for aid in (*p.highlights, *p.summary, *p.verbs, *p.figure_noun):
            users.setdefault(aid, "profile.yaml")
        for path, line, aid in template_rows(self.folder / "templates"):
            users.setdefault(aid, f"templates/{path.name}:{line}")
        return users

    def _new_ids(self, names: list[str]) -> dict[str, str]:
        return {name: slug(name) for name in names}

    def _add_products(self, names: list[str], ids: dict[str, str], cells: dict[str, list[str]]) -> None:
        if not names:
            return
        taken = {_norm(a) for p in self.kb.products.values() for a in [p.name, *p.aliases]}
        aliases = _aliases(names + [p.name for p in self.kb.products.values()])
        entries, blocks = [], []
        for name in names:
            pid = ids[name]
            mine = [a for a in aliases.get(pid, []) if _norm(a) not in taken] or [name.lower()]
            mine = list({_norm(a): a for a in mine + self._no_longer_other(name, mine)}.values())
            entries += [f"  - id: {pid}", f"    name: {_flow(name)}", f"    aliases: {_flow(mine)}"]
            blocks += [f"  {pid}:", *cells[pid]]
            self.changes.append(f"added product {pid} ({name})")
        last = len(self.data["products.yaml"]["products"]) - 1
        self.texts["products.yaml"].insert_after(self._key_line("products.yaml", "products", last), entries)
        self.texts["matrix.yaml"].insert_after(
            self._key_line("matrix.yaml", "cells", list(self.data["matrix.yaml"]["cells"])[-1]), blocks)

    def _no_longer_other(self, name: str, aliases: list[str]) -> list[str]:
        """A product the vocabulary listed as outside the matrix is in it now: its entry goes,
        and its words become the product's."""
        others = (self.data.get("vocabulary.yaml") or {}).get("other_products") or []
        words = {_norm(name), *map(_norm, aliases)}
        for i, entry in enumerate(others):
            theirs = [entry["name"], *entry.get("aliases", [])]
            if words & set(map(_norm, theirs)):
                self.texts["vocabulary.yaml"].delete(self._key_line("vocabulary.yaml", "other_products", i))
                self.changes.append(f"moved {entry['name']} from the vocabulary's other products into the matrix")
                return [a.lower() for a in theirs]
        return []

    def _add_row(self, row: Row, pids: list[str]) -> dict[str, str]:
        """The row added to attributes.yaml; its cell line for each product."""
        kind = infer(row, self.table.notes)
        attr = dict(kind.attribute)
        nouns = frozenset(domain_nouns(self.table.intro, self.table.products))
        labels = {a.id: a.label for a in self.kb.attributes.values()} | {attr["id"]: attr["label"]}
        attr["synonyms"] = _unique_words(labels, nouns)[attr["id"]]
        if kind.notes:
            attr["note"] = " ".join(kind.notes)
        attr["headline"] = attr["kind"] != "list"
        dumped = yaml.safe_dump([attr], sort_keys=False, allow_unicode=True, width=110).splitlines()
        last = len(self.data["attributes.yaml"]["attributes"]) - 1
        self.texts["attributes.yaml"].insert_after(self._key_line("attributes.yaml", "attributes", last),
                                                   ["  " + line for line in dumped])
        self.changes.append(f"added row {attr['id']} ({row.label}): {kind.said}")
        return {pid: f"    {attr['id']}: {_flow(cell)}" for pid, cell in zip(pids, kind.cells, strict=True)}

    # -- one cell ----------------------------------------------------------------
    def _cell(self, pid: str, attr: Attribute, items: list[str]) -> dict[str, Any] | None:
        """The cell to write, or None when the table says what the folder records."""
        old = self.kb.cells.get((pid, attr.id))
        if old is not None and self._same(old, attr, items):
            return None                  # as recorded: the curated cell, corrections and all, stays
        new = self._build(pid, attr, items, old)
        if old is not None:
            self.changes.append(f"changed {pid}.{attr.id}: {old.display} -> {Cell.model_validate(new).display}")
        return new

    @staticmethod
    def _parts(items: list[str]) -> tuple[str, str | None]:
        """A cell's headline and detail: "Higher<br>Improved ..." or "Very flexible, easy to scale"."""
        return (items[0], " ".join(items[1:])) if len(items) > 1 else headline(" ".join(items))

    def _same(self, old: Cell, attr: Attribute, items: list[str]) -> bool:
        if attr.kind == "list":
            return (old.seed or "; ".join(old.items or [])) == "; ".join(items)
        head, detail = self._parts(items)
        return (old.seed or old.text, old.detail or None) == (head, detail or None)

    def _build(self, pid: str, attr: Attribute, items: list[str], old: Cell | None = None) -> dict[str, Any]:
        where = f"{pid}.{attr.id}"
        if attr.kind == "list":
            return {"items": list(items)}
        head, detail = self._parts(items)
        cell: dict[str, Any] = {"text": head, **({"detail": detail} if detail else {})}
        if old is not None and head == (old.seed or old.text):
            # only the detail changed: the headline's curated reading (level, values, features) stays
            kept = old.model_dump(exclude_none=True, exclude={"detail", "features"})
            return {**kept, **({"detail": detail} if detail else {}), **({"features": old.features} if old.features else {})}
        if attr.kind == "flag":
            if (flag := _flag(head)) is None:
                raise self._refuse("matrix.yaml", f"cell {where}: {head!r} is no yes or no")
            cell["flag"] = flag
        elif attr.kind == "number":
            if (found := _number(head)) is None:
                raise self._refuse("matrix.yaml", f"cell {where}: {head!r} holds no number")
            cell["number"] = int(found[0]) if float(found[0]).is_integer() else found[0]
        elif attr.kind == "ordinal":
            cell["level"] = self._level(where, attr, head)
        elif attr.kind in ("category", "set"):
            parts = [head] if attr.kind == "category" else [p for p in _SPLIT.split(head) if p]
            cell["values"] = list(dict.fromkeys(self._value(attr, part) for part in parts))
        features = {f.id: said for f in attr.features if (said := _feature_said(f.terms, items)) is not None}
        if features:
            cell["features"] = features
        return cell

    def _level(self, where: str, attr: Attribute, head: str) -> str:
        # "High availability" on the Availability row is its level "High"
        bare = " ".join(w for w in _norm(head).split() if w not in set(_norm(attr.label).split()))
        for lv in attr.levels:
            if {_norm(head), bare} & {_norm(lv.label), *map(_norm, lv.terms)}:
                return lv.id
        raise self._refuse("matrix.yaml", f"cell {where}: {head!r} is not a level of {attr.label} (known: "
                                          f"{', '.join(lv.label for lv in attr.levels)}); add it to attributes.yaml first")

    def _value(self, attr: Attribute, part: str) -> str:
        """The row's value this text names, or a new value of the row (said as a change)."""
        for v in attr.values:
            if not v.members and _norm(part) in {_norm(v.label), *map(_norm, v.terms)}:
                return v.id
        added = self.new_values.setdefault(attr.id, {})
        if _norm(part) in added:
            return added[_norm(part)]
        taken = {v.id for v in attr.values} | set(added.values())
        vid = base = slug(part.replace("++", "pp").replace("#", "sharp")) or "value"
        n = 1
        while vid in taken:
            n += 1
            vid = f"{base}_{n}"
        added[_norm(part)] = vid
        i = self._item("attributes.yaml", "attributes", "id", attr.id)
        values = self.data["attributes.yaml"]["attributes"][i]["values"]
        at = self._key_line("attributes.yaml", "attributes", i, "values", len(values) - 1)
        lead = self.texts["attributes.yaml"].lines[at][:_indent(self.texts["attributes.yaml"].lines[at])]
        self.texts["attributes.yaml"].insert_after(at, [f"{lead}- {_flow({'id': vid, 'label': part, 'terms': [part.lower()]})}"])
        self.changes.append(f"added value {attr.id}.{vid} ({part})")
        return vid

    def _refuse(self, name: str, problem: str) -> KnowledgeError:
        return KnowledgeError(str(self.folder / name), None, f"refused: {problem}")

    def written(self) -> dict[str, str]:
        return {name: t.text() for name, t in self.texts.items() if t.edits}


def merge_table(table_path: Path, into: Path, dry_run: bool = False) -> Merged:
    """Merge the table into the folder `into`; raise KnowledgeError (nothing written) when
    the table cannot be read, a change would break the folder, or the result would not load."""
    if not into.is_dir():
        raise KnowledgeError(str(into), None, "knowledge folder not found (use --out for a new one)")
    merge = _Merge(table_path, into)
    merge.run()
    texts = merge.written()
    if texts:
        with tempfile.TemporaryDirectory(prefix="mqbot-merge-") as tmp:
            staged = Path(tmp) / "knowledge"
            shutil.copytree(into, staged)
            for name, text in texts.items():
                (staged / name).write_text(text, encoding="utf-8")
            try:
                load_knowledge(staged)      # the merged folder must load before it replaces anything
            except KnowledgeError as exc:
                raise KnowledgeError(str(into / Path(exc.file).name), exc.line,
                                     f"refused, the merged folder would not load: {exc.problem}") from None
    if dry_run or not texts:
        return Merged(into, merge.changes, [])
    for name, text in texts.items():
        target = into / name
        part = target.with_name(target.name + ".part")
        part.write_text(text, encoding="utf-8")
        part.replace(target)               # each file whole or not at all
    return Merged(into, merge.changes, sorted(texts))
