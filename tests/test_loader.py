"""The knowledge folder: every seed cell, corrected typos, and clear errors for broken files."""
import re
from pathlib import Path

import pytest
import yaml

from bot import KnowledgeError, load_knowledge
from bot.loader import default_knowledge_dir

from .conftest import CI, KNOWLEDGE, SHARED

BROKEN = Path(__file__).parent / "broken_knowledge"


def seed_rows():
    """The seed matrix as {row label: [cell per product]}, read from the markdown itself."""
    text = (SHARED / "seed" / "mq-comparison-matrix.md").read_text()
    rows = {}
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|:") and "Features" not in line:
            parts = [c.strip() for c in line.strip().strip("|").split("|")]
            rows[parts[0]] = parts[1:6]
    return rows


def test_loads_five_products_sixteen_rows_eighty_cells(kb):
    assert list(kb.products) == ["ckafka", "kafka", "rabbitmq", "rocketmq", "cmq"]
    assert len(kb.attributes) == 16
    assert len(kb.cells) == 80
    assert len(kb.version) == 12


@pytest.mark.skipif(not (SHARED / "seed").is_dir() and not CI, reason="needs ../shared/seed")
def test_every_seed_cell_is_held_faithfully(kb):
    """Each seed cell's words are in the stored cell (its seed text where a typo was corrected)."""
    rows = seed_rows()
    labels = {a.label.lower(): a.id for a in kb.attributes.values()}
    assert len(rows) == 16
    for label, seed_cells in rows.items():
        aid = labels[label.lower()]
        for pid, seed in zip(kb.products, seed_cells, strict=True):
            cell = kb.cell(pid, aid)
            stored = " ".join(filter(None, [cell.seed, cell.text, cell.detail] + (cell.items or [])))
            for part in re.split(r"<br>", seed):
                words = re.sub(r"\s+", " ", part).strip().rstrip(".")
                norm = lambda s: re.sub(r"[^a-z0-9%]+", " ", s.lower()).strip()  # noqa: E731
                assert norm(words) in norm(stored), f"{pid}.{aid}: seed {words!r} not in {stored!r}"


def test_typos_are_corrected_and_the_seed_kept(kb):
    rocket = kb.cell("rocketmq", "stress_test")
    assert (rocket.number, rocket.text, rocket.seed) == (100000, "Read/write 100,000 QPS", "Read/write 100,00 QPS")
    assert kb.cell("kafka", "advantages").items == ["High throughput"]
    assert kb.cell("kafka", "advantages").seed == "High throughout"
    assert "throughput" in kb.cell("cmq", "disadvantages").display


def test_structure_for_reasoning(kb):
    assert kb.cell("rabbitmq", "consumption").values == ["pull", "push"]
    assert kb.cell("cmq", "reliability").level == "extremely_high"
    assert kb.cell("kafka", "message_rewind").flag is True
    assert kb.cell("rocketmq", "availability").features == {"auto_switching": False}
    levels = {lv.id: lv.rank for lv in kb.attributes["reliability"].levels}
    assert levels["extremely_high"] > levels["higher"] > levels["high"] > levels["low"]     # the matrix's words


def test_default_folder_is_found():
    assert (default_knowledge_dir() / "matrix.yaml").is_file()


def broken_cases():
    return sorted(BROKEN.glob("*.yaml"))


@pytest.mark.parametrize("case", broken_cases(), ids=lambda p: p.stem)
def test_broken_file_names_file_line_and_problem(case, knowledge_copy):
    spec = yaml.safe_load(case.read_text())
    target = knowledge_copy / spec["file"]
    text = target.read_text()
    assert spec["find"] in text, f"{case.name}: the patch no longer applies"
    at = text.index(spec["find"])
    patched = text.replace(spec["find"], spec["replace"], 1)
    target.write_text(patched)
    line = patched[:at].count("\n") + 1
    if "line_of" in spec:
        line = patched[:patched.index(spec["line_of"])].count("\n") + 1
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(knowledge_copy)
    message = str(err.value)
    expected = spec["expect"].format(line=line)
    assert message.startswith(str(knowledge_copy) + "/"), message
    assert expected in message, message
    assert err.value.line == line


def test_missing_folder_and_missing_file(tmp_path, knowledge_copy):
    with pytest.raises(KnowledgeError, match="knowledge folder not found"):
        load_knowledge(tmp_path / "nope")
    (knowledge_copy / "matrix.yaml").unlink()
    with pytest.raises(KnowledgeError, match="matrix.yaml: required knowledge file is missing"):
        load_knowledge(knowledge_copy)


def test_broken_cases_cover_the_issue_list():
    names = {p.stem for p in broken_cases()}
    assert {"bad_yaml", "unknown_attribute", "missing_cell", "alias_two_products", "unknown_level",
            "duplicate_product_id", "synonym_clashes_alias"} <= names


def test_yaml_tags_are_not_constructed(knowledge_copy):
    """The loader is safe_load plus line numbers: arbitrary Python tags are refused."""
    target = knowledge_copy / "products.yaml"
    target.write_text(target.read_text().replace("name: CMQ", "name: !!python/object/apply:os.system ['true']"))
    with pytest.raises(KnowledgeError, match="bad YAML"):
        load_knowledge(knowledge_copy)


def test_real_folder_is_the_one_tests_use():
    assert load_knowledge(KNOWLEDGE).version == load_knowledge(default_knowledge_dir()).version


def test_template_rows_are_read_from_the_facts_only(knowledge_copy):
    from bot.loader import template_rows
    folder = knowledge_copy / "templates"
    (folder / "extra.j2").write_text('{% for f in v.items %}{{ f.label }}{% endfor %}\n'
                                     '{% set g = v.facts %}{{ g["stress_test"].short }}\n'
                                     '{% with h = v.facts %}{{ h.nosuch }}{% endwith %}\n')
    rows = {(p.name, line, aid) for p, line, aid in template_rows(folder)}
    assert ("extra.j2", 2, "stress_test") in rows and ("extra.j2", 3, "nosuch") in rows
    assert not any(aid == "label" for _, _, aid in rows)          # a loop's `f` is no facts
    with pytest.raises(KnowledgeError, match="extra.j2:3: unknown row 'nosuch'"):
        load_knowledge(knowledge_copy)
