"""The grammar rules that count, measure and rank (bot/intents.py tries them in order with
the rest): how many, how many distinct values, a sum or a difference on a number row,
products above or below another, the same value as another, values shared, a ranking and a
choice between products named."""
from __future__ import annotations

from .context import Condition
from .cues import RANKED
from .reading import SUPERLATIVES, Reading
from .text import language

AGGREGATE_CUES = ("sum", "avg", "median", "range", "diff", "ratio")


_ITEMS = language("en")["list_items"]
_ITEM_NOUNS, _ITEM_BETWEEN = frozenset(_ITEMS["nouns"]), frozenset(_ITEMS["between"])


def list_items(r: Reading) -> str | None:
    """"How many disadvantages does Kafka list?", "how many more advantages than RabbitMQ",
    "who lists the most disadvantages?", "count every advantage bullet": the entries of a list
    row, counted, summed, subtracted or ranked. The row must be what is counted: in "how many
    products list a disadvantage" the products are."""
    p, cues, kb, tokens = r.p, r.cues, r.kb, r.tokens
    starts = {m.start: s.ref for m in r.mentions for s in m.of("attribute") if kb.attributes[s.ref].kind == "list"}
    if not starts or not cues.has("count", "sum", "diff", *SUPERLATIVES):
        return None

    def reaches(end: int) -> str | None:
        """The list row a cue ending at `end` reaches over words that may stand between."""
        while end < len(tokens) and end not in starts and tokens[end] in _ITEM_BETWEEN:
            end += 1
        return starts.get(end)
    counted = [reaches(e) for name in ("count", "diff") for _, e in cues.at.get(name, ())]
    ranked = [(name, reaches(e)) for name in SUPERLATIVES for _, e in cues.at.get(name, ())]
    row = next((x for x in counted if x), None)
    if row is None and cues.has("count", "sum") and not _ITEM_NOUNS.isdisjoint(tokens):
        row = next(iter(starts.values()))           # "how many advantage bullets in total?"
    way = next((name for name, x in ranked if x), None)
    if row is None and way is None:
        return None
    p.items, p.attributes = True, [row or next(x for _, x in ranked if x)]
    p.conditions = [c for c in p.conditions if c.attribute != p.attributes[0]]
    if way is not None and len(p.products) != 1:
        p.direction = "desc" if way == "superl_desc" else "asc"
        return "rank"
    if cues.has("diff") and len(p.products) == 2:
        p.aggregate = "diff"
    elif cues.has("sum"):
        p.aggregate = "sum"
    return "count"


def distinct_count(r: Reading) -> str | None:
    """"How many different languages are used?" ("ignoring None": no value counts for none)."""
    p = r.p
    if r.cues.has("count") and r.cues.has("distinct") and p.attributes and all(
            c.attribute == p.attributes[0] for c in p.conditions):
        p.distinct, p.conditions = True, []
        return "count"
    return None


def count(r: Reading) -> str | None:
    """"How many products support push?" ("how many QPS can we expect?" asks for a figure)."""
    if not r.cues.has("count") or any(r.tokens[e:e + 1] and r.tokens[e] in r.units for _, e in r.cues.at["count"]):
        return None
    return "count" if r.p.conditions or not r.p.products else None


_OPS = ("ratio", "diff", "range", "median", "avg", "sum", "max", "min")     # in the order they win


def arithmetic(r: Reading) -> str | None:
    """"How much faster is CKafka than CMQ?", "the average stress test of the C++ ones":
    a sum on a number row; a row that measures the same thing in words lends its number
    row ("faster": the stress test). "above the average" is a test and "average
    throughput" a level, so neither asks for a sum."""
    p, cues, kb = r.p, r.cues, r.kb
    numeric = [a for a in p.attributes if kb.attributes[a].kind == "number"]
    # ("what's the difference between them?" compares them: "difference" is no sum)
    if not p.attributes and len(p.products) == 2 and r.numeric_rows and (
            cues.has("ratio") or cues.has("diff") and not cues.has("compare")):
        numeric = p.attributes = r.numeric_rows[:1]      # "By what factor does CKafka outperform RocketMQ?"
    if not numeric and cues.has("compare") and cues.has("diff") and any(
            kb.attributes[a].rankable for a in p.attributes):
        return None         # "kafka vs ck throughput, what's the diff": the rows compared, no sum
    if not numeric and cues.has(*AGGREGATE_CUES):
        leveled = {c.attribute for c in p.conditions if c.test in ("level", "value")}
        numeric = [b.id for a in p.attributes if kb.attributes[a].measures and a not in leveled
                   for b in kb.attributes.values()
                   if b.kind == "number" and b.measures == kb.attributes[a].measures][:1]
        if numeric:
            group = kb.attributes[numeric[0]].measures
            p.attributes = numeric + [a for a in p.attributes if kb.attributes[a].measures != group]
    ops = [a for a in _OPS if cues.has(a)] if cues.has(*_OPS) else []
    if any(c.test == "number" and c.ref for c in p.conditions):
        ops = [a for a in ops if a not in ("avg", "median")]
    if "avg" in ops and r.level_named_like(p, r.tokens, "avg"):
        ops = [a for a in ops if a != "avg"]
    if ops and ops[0] in ("diff", "ratio") and len(p.products) == 1:
        return None         # "How much faster is CKafka?" than which? not a sum of one
    if numeric and cues.has("closest") and {"avg", "median"} & set(ops):
        p.aggregate = "median" if "median" in ops else "avg"      # "closest to the mean": a ranking
        return "rank"
    if numeric and cues.has(*SUPERLATIVES) and {"diff", "ratio"} & set(ops) and len(p.products) != 2:
        # "which has the lowest stress test, and by how much does it trail the leader?":
        # a ranking that also gives the gap
        p.aggregate = "diff"
        return None
    if numeric and ops and not cues.has(*SUPERLATIVES) or (numeric and {"diff", "ratio"} & set(ops)):
        p.aggregate = ops[0]
        _claimed_figure(p, cues, numeric[0])
        return "aggregate"
    return None


def _claimed_figure(p, cues, row: str) -> None:
    """"The average of CKafka's and RabbitMQ's stress test is 160,000, right?": a figure put up
    for checking is the sum's claimed value, no test of the products ("at least" only if said)."""
    figures = [c for c in p.conditions if c.test == "number" and c.ref is None and c.attribute == row and not c.negated]
    if len(figures) != 1 or not p.asks_yes_no:
        return
    c = figures[0]
    p.claimed = c.number
    p.claimed_op = "=" if c.op == ">=" and not cues.has("ge") else c.op or "="
    p.conditions = [x for x in p.conditions if x is not c]


def than_one_product(r: Reading) -> str | None:
    """"Which products are faster than CMQ?": those ranked above it; "Is there anything
    faster than CKafka?" the same as a yes/no; "Which products does CMQ beat?" names CMQ
    before the comparison: those ranked below it."""
    p, cues = r.p, r.cues
    if r.than_product and not cues.has(*RANKED):
        lower = cues.has("lt") and not cues.has("gt")
        # ("Does Kafka lose messages less than CKafka?": less of the row's opposite is more of it)
        p.direction = "asc" if lower != p.opposite else "desc"
    if not (r.comparative and (cues.has("than") or r.than_product) and len(p.products) == 1 and r.rankable
            and (not p.asks_yes_no or cues.has("than")) and not p.from_context and not r.numbered):
        return None
    first_product = min(m.start for m in r.mentions if "product" in m.kinds)
    compared_at = cues.first("than") if cues.has("than") else min(
        s for name in ("gt", "lt") for s, _ in cues.at.get(name, ()))
    above = (p.direction == "desc") != (first_product < compared_at and cues.first("aux") is not None
                                        and cues.first("aux") < first_product)
    p.conditions = [Condition(r.rankable, "relative", p.products[0], op=">" if above else "<")]
    p.products = []
    return "count" if cues.has("count") else "filter"     # ("how many are faster than CMQ?")


def same_as(r: Reading) -> str | None:
    """"Which products have the same throughput as CMQ?" (also after "besides CMQ")."""
    p = r.p
    like = p.products or p.excluded
    if r.cues.has("same") and len(like) == 1 and len(p.attributes) == 1 and not p.asks_yes_no \
            and not p.from_context and _same_beside_row(r):
        p.conditions = [Condition(p.attributes[0], "same_as", like[0])]
        p.products = []
        return "filter"
    return None


_SAME_REACH = 2     # words between "the same" and the row it is of


def _same_beside_row(r: Reading) -> bool:
    """"the same throughput as CMQ", "is CMQ's language the same as": the word of sameness
    beside the row ("many customers share one cluster. ... security ...": not)."""
    rows = [(m.start, m.end) for m in r.mentions if m.of("attribute") or m.kinds & {"value", "level"}]
    return any(start - e <= _SAME_REACH and s - end <= _SAME_REACH for s, e in r.cues.at["same"] for start, end in rows)


def shared_values(r: Reading) -> str | None:
    """"Which products share a language?", "What language is used by most products?"."""
    return "compare" if r.p.groups_same and not r.p.products else None


def ranking(r: Reading) -> str | None:
    """"the most reliable", "rank by throughput", "is Kafka faster than RabbitMQ?"; a row
    that cannot be ranked is looked up, compared, or asked about."""
    p, cues = r.p, r.cues
    if p.scene_asked and (p.conditions or p.needs):
        return None         # "We run order processing on RocketMQ ... Does it fit?": a verdict, no ranking
    if not (cues.has("rank", "order_asc", "order_desc") or cues.has(*SUPERLATIVES) or (
            r.comparative and (cues.has("than") or r.than_product or len(p.products) != 1) and not r.numbered)):
        return None
    if cues.has("compare") and len(p.products) >= 2 and len(p.attributes) > 1:
        return None         # "compare their sync algorithms, and which is more reliable": a comparison says both
    if r.rankable:
        return "rank"
    if p.needs:
        return "recommend"
    if len(p.products) >= 2 and not p.attributes:
        return "compare"    # "What does CKafka do better than Kafka?": where each is ahead
    p.unclear = "row"
    if p.attributes:        # "What is CKafka best at?": a row that cannot be ranked
        return "lookup" if p.products else "compare"
    return "clarify"


def choice(r: Reading) -> str | None:
    """"rocket or cmq for availability": two products offered as a choice on a ranked row."""
    p = r.p
    if len(p.products) >= 2 and r.cues.has("or") and r.rankable and not p.conditions and not p.asks_yes_no:
        return "rank"
    return None
