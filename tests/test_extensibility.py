"""Knowledge is data: a sixth product, an alias or a synonym is a YAML edit, no code change."""
import yaml

from bot import Engine, load_knowledge

from .conftest import cells

KESTREL_CELLS = {
    "advantages": {"items": ["Tiny footprint"]},
    "disadvantages": {"items": ["No clustering"]},
    "language": {"text": "Rust", "values": ["rust"]},
    "scalability": {"text": "Not flexible enough", "level": "not_flexible"},
    "throughput": {"text": "Large", "level": "large"},
    "performance": {"text": "100-thousand-level QPS", "level": "hundred_thousand"},
    "stress_test": {"text": "Read/write 250,000 QPS", "number": 250000},
    "sync_algorithm": {"text": "Raft", "values": ["raft"]},
    "availability": {"text": "High availability", "level": "high"},
    "consumption": {"text": "Push", "values": ["push"]},
    "reliability": {"text": "High", "level": "high"},
    "data_verification": {"text": "CRC", "values": ["crc"]},
    "message_rewind": {"text": "Yes", "flag": True},
    "security": {"text": "No", "flag": False},
    "monitoring": {"text": "Yes", "flag": True},
    "service_support": {"text": "No", "flag": False},
}


def add_product(folder):
    products = yaml.safe_load((folder / "products.yaml").read_text())
    products["products"].append({"id": "kestrel", "name": "Kestrel", "aliases": ["kestrel", "kestrel mq"]})
    (folder / "products.yaml").write_text(yaml.safe_dump(products, sort_keys=False))
    matrix = yaml.safe_load((folder / "matrix.yaml").read_text())
    matrix["cells"]["kestrel"] = KESTREL_CELLS
    (folder / "matrix.yaml").write_text(yaml.safe_dump(matrix, sort_keys=False))


def test_a_sixth_product_is_answered(knowledge_copy):
    add_product(knowledge_copy)
    engine = Engine(load_knowledge(knowledge_copy))
    a = engine.answer("What language is Kestrel written in?")
    assert "Rust" in a.answer and cells(a) == {"kestrel.language"}
    a = engine.answer("Which product did best in the stress test?")
    assert a.matches[0] == "kestrel" and "250,000" in a.answer
    a = engine.answer("Which products support push?")
    assert a.matches == ["rabbitmq", "cmq", "kestrel"]
    a = engine.answer("What is the average stress test QPS?")
    assert "165,000" in a.answer      # (740,000 + 250,000) / 6
    assert "Kestrel" in engine.answer("Which products do you know about?").answer
    assert len(engine.answer("Tell me about kestrel mq").sources) == 16


def test_an_alias_and_a_synonym_are_yaml_edits(knowledge_copy):
    products = knowledge_copy / "products.yaml"
    products.write_text(products.read_text().replace("aliases: [cmq,", "aliases: [cmq, bunny queue,"))
    attributes = knowledge_copy / "attributes.yaml"
    attributes.write_text(attributes.read_text().replace("synonyms: [message rewind,", "synonyms: [message rewind, time travel,"))
    engine = Engine(load_knowledge(knowledge_copy))
    a = engine.answer("Does bunny queue support time travel?")
    assert a.intent == "yes_no" and cells(a) == {"cmq.message_rewind"} and a.matches == ["cmq"]
