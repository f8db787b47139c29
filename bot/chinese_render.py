"""Answers in Chinese: the package's templates/zh/ (and a knowledge folder's templates/zh/)
with filters that show a row, a value or a level by the Chinese the knowledge gives
(zh.yaml) beside the matrix's own words; an intent with no Chinese template is answered
by the English renderer."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .chinese_vocabulary import ZhProfile
from .loader import Knowledge
from .render import TEMPLATES, Renderer
from .text import language


def join_zh(items, last: str = "and") -> str:
    """"CKafka、Kafka和CMQ" ("或" for a choice)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    joiner = language("zh")["render"]["or" if last == "or" else "and"]
    return "、".join(items[:-1]) + joiner + items[-1]


def chinese_renderer(kb: Knowledge, english: Renderer) -> Renderer:
    zh = kb.chinese
    rows = zh.attributes if zh is not None else {}
    words = language("zh")["render"]
    label = {aid: row.zh for aid, row in rows.items()}
    by_label = {a.label: label.get(a.id, a.label) for a in kb.attributes.values()}
    # (row, the label a condition or a cell shows) → its Chinese
    shown: dict[tuple[str, str], str] = {}
    for a in kb.attributes.values():
        row = rows.get(a.id)
        if row is None:
            continue
        for part, known in (("values", a.values), ("levels", a.levels), ("features", a.features)):
            names = getattr(row, part)
            for x in known:
                if x.id in names:
                    shown[(a.id, x.label)] = names[x.id].zh
    cells: dict[tuple[str, str], str] = {}
    for (pid, aid), cell in kb.cells.items():
        a = kb.attributes[aid]
        zh_words = []
        if cell.level:
            zh_words = [shown.get((aid, a.level(cell.level).label), "")]
        elif cell.values:
            by_id = {v.id: v.label for v in a.values}
            zh_words = [shown.get((aid, by_id[v]), "") for v in cell.values]
        elif cell.flag is not None:
            zh_words = [words["yes" if cell.flag else "no"]]
        zh_words = [w for w in zh_words if w]
        if zh_words and "、".join(zh_words) != cell.display:
            cells[(pid, aid)] = "、".join(zh_words)

    def row_label(aid_or_label: str) -> str:
        return label.get(aid_or_label) or by_label.get(aid_or_label, aid_or_label)

    def cell_zh(fact: Mapping[str, Any]) -> str:
        """The cell as the matrix writes it, and its Chinese after it where the knowledge gives one."""
        text = "; ".join(fact["items"]) if fact["kind"] == "list" else fact["short"]
        extra = cells.get((fact["product"], fact["attribute"]))
        return f"{text}（{extra}）" if extra and fact["kind"] != "list" else text

    def ref_zh(c: Mapping[str, Any]) -> str:
        """A condition's value or level: the matrix's word, with its Chinese."""
        refs = str(c["ref"]).split("|") if c["test"] == "one_of" else [str(c["ref"])]
        out = []
        for ref in refs:
            extra = shown.get((c["attribute"], ref))
            out.append(f"{ref}（{extra}）" if extra and extra != ref else ref)
        return join_zh(out, "or")

    profile = dict(english.env.globals["profile"])
    profile["highlights_ids"] = list(kb.profile.highlights)
    profile["zh"] = (zh.profile if zh is not None else ZhProfile()).model_dump()
    renderer = Renderer(TEMPLATES / "zh", overrides=kb.folder / "templates" / "zh" if kb.folder else None,
                        profile=profile, labels={a.id: a.label for a in kb.attributes.values()},
                        fallback=english, words=words,
                        filters={"names": join_zh, "zh_label": row_label, "zh_cell": cell_zh, "zh_ref": ref_zh,
                                 "attr_value": cell_zh, "cell_texts": lambda facts: [cell_zh(f) for f in facts]})
    return renderer
