"""An independent oracle and a seeded question generator.

The oracle reads knowledge/*.yaml with plain yaml, never through the bot package, so a loader or
reasoner bug cannot also hide in the expected answers. Queries drawn from a small algebra (filter,
yes/no, count, rank, difference, ratio, average/sum) are rendered into several English wordings from
this file's phrase tables, answered in-process and checked against the oracle. Only what the engine
gets right today is generated: KNOWN_GAPS lists the wordings it misreads and "gap:" comments the query
shapes; delete one once the engine handles it, and the test covers it from then on.
"""
import operator
import random
import re
from pathlib import Path

import pytest
import yaml

from bot.answer import Engine
from bot.loader import load_knowledge

K = Path(__file__).resolve().parent.parent / "knowledge"
CELLS = yaml.safe_load((K / "matrix.yaml").read_text())["cells"]
ATTRS = {a["id"]: a for a in yaml.safe_load((K / "attributes.yaml").read_text())["attributes"]}
PRODUCTS = yaml.safe_load((K / "products.yaml").read_text())["products"]
IDS = [p["id"] for p in PRODUCTS]
RANK = {row: {lv["id"]: lv["rank"] for lv in a["levels"]} for row, a in ATTRS.items() if a["kind"] == "ordinal"}
OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}

# ---------------------------------------------------------------- the oracle
# A condition: ("flag", row) | ("value", row, value) | ("level", row, op, level) |
# ("number", row, op, n) | ("not", c) | ("and" | "or", c1, c2). Level op "is" is
# that very level; the other ops compare ranks, so tied levels compare equal.


def holds(c, pid):
    if c[0] == "not":
        return not holds(c[1], pid)
    if c[0] in ("and", "or"):
        return (all if c[0] == "and" else any)(holds(x, pid) for x in c[1:])
    cell = CELLS[pid][c[1]]
    if c[0] == "flag":
        return cell["flag"]
    if c[0] == "value":                 # category (one value) and set (any of them) read alike
        return c[2] in cell["values"]
    if c[0] == "level":
        return cell["level"] == c[3] if c[2] == "is" else OPS[c[2]](RANK[c[1]][cell["level"]], RANK[c[1]][c[3]])
    return OPS[c[2]](cell["number"], c[3])


def select(c):
    return {p for p in IDS if holds(c, p)}


def score(row, pid):
    cell = CELLS[pid][row]
    return cell["number"] if "number" in cell else RANK[row][cell["level"]]


# ------------------------------------------------------------ phrase tables
# A clause is (verb, object) in the plain form: ("support", "rewind"), ("be", "written in C++");
# ("not", clause) negates one. conjugate() makes "doesn't support", "aren't", "without", "using".
FLAG_WORDS = {  # attributes.yaml synonyms that read as nouns
    "message_rewind": ["message rewind", "rewind", "replay", "message backtracking", "offset reset"],
    "security": ["security", "security protection", "authentication", "encryption", "access control", "ACLs"],
    "monitoring": ["monitoring", "alarming", "monitoring and alarming", "alerting", "metrics", "dashboards"],
    "service_support": ["service support", "customer support", "technical support", "commercial support", "vendor support"]}
FLAG_VERBS = ["support", "have", "offer", "provide"]
VALUE_TERMS = {  # value labels and terms from attributes.yaml; Go, Python, Rust and Paxos match nothing
    "language": {"cpp": ["C++", "cpp"], "java": ["Java"], "scala": ["Scala"], "erlang": ["Erlang"],
                 "golang": ["Go", "golang"], "python": ["Python"], "rust": ["Rust"]},
    "sync_algorithm": {"isr": ["ISR", "in-sync replicas"], "raft": ["Raft"], "gm": ["GM", "guaranteed multicast"],
                       "double_sync": ["double synchronous writes"], "paxos": ["Paxos"]},
    "data_verification": {"crc": ["CRC", "crc32"], "checksum": ["checksum", "checksums"]},
    "consumption": {"pull": ["pull"], "push": ["push"]}}
VALUE_CLAUSES = {
    "language": [("be", "written in {}"), ("be", "implemented in {}"), ("be", "developed in {}"),
                 ("be", "coded in {}"), ("use", "{}")],
    "sync_algorithm": [("use", "{}"), ("use", "{} replication"), ("replicate", "with {}"), ("rely", "on {}")],
    "data_verification": [("use", "{}"), ("use", "{} verification"), ("verify", "data with {}"),
                          ("check", "data with {}")],
    "consumption": [("support", "{}"), ("support", "{} consumption"), ("use", "{}"), ("use", "{} delivery"),
                    ("deliver", "by {}")]}
NO_VERIFICATION = [("have", "no data verification"), ("lack", "data verification")]   # the `absent` value
LEVEL_ROWS = {"reliability": ["reliability", "message reliability", "durability"], "throughput": ["throughput"]}
LEVEL_CLAUSES = {  # {L} the level's label, {R} a word for the row; op "is" uses the level's own terms
    ">=": [("have", "{R} of at least {L}"), ("have", "at least {L} {R}"), ("have", "{R} of {L} or better"),
           ("have", "{L} {R} or better")],
    ">": [("have", "{R} better than {L}"), ("have", "{R} above {L}"), ("have", "more than {L} {R}")],
    "<=": [("have", "{R} of at most {L}"), ("have", "at most {L} {R}"), ("have", "{R} of {L} or worse")],
    "<": [("have", "{R} below {L}"), ("have", "{R} worse than {L}"), ("have", "less than {L} {R}")]}
THRESHOLDS = [90000, 100000, 110000, 120000, 150000, 200000, 210000, 220000, 250000]
NUM_OPS = {">": ["more than {}", "over {}", "above {}", "greater than {}"],
           ">=": ["at least {}", "no less than {}", "{} or more"],
           "<": ["under {}", "below {}", "less than {}", "fewer than {}"],
           "<=": ["at most {}", "no more than {}", "{} or less"]}
NUM_CLAUSES = [("have", "{} QPS"), ("have", "a stress test result of {}"), ("score", "{} in the stress test"),
               ("have", "{} QPS in the 2C 4GB stress test"), ("handle", "{} queries per second")]
PLURAL_SUBJ = ["which products", "which ones", "what queues", "list the MQs that", "which message queues",
               "show me the products that", "which brokers", "what products"]
SING_SUBJ = ["which product", "which queue"]
MOD_SUBJ = ["which products", "list the products", "show me the MQs", "what queues are there", "name the brokers"]
COUNT_SUBJ = ["how many products", "how many of them", "how many of the five MQs", "how many queues",
              "how many brokers"]
COUNT_MOD = ["count the products", "number of products", "how many products are there"]
ALL_KINDS = ("flag", "flag", "value", "value", "level", "number")
NOT = {(True, "pl"): ["aren't", "are not"], (True, "sg"): ["isn't", "is not"],
       (False, "pl"): ["don't", "do not"], (False, "sg"): ["doesn't", "does not"]}

KNOWN_GAPS = [  # (family regex or "*", pattern): wordings the engine misreads today, so not generated
    ("filter|count", r"(data verification|verify data)\b.*\b(crc|checksum)|\b(crc|checksum).*data verification"),
    # one row twice: "have data verification or don't use checksum" -> only "don't use checksum"
    ("pick", r"(crc|checksum).*(lacking|with no|without) data verification|(lacking|with no|without) data verification"
             r".*(crc|checksum)"),   # one row twice, a value and none: the value alone is weighed
    ("aggregate", r"(lack|not supporting) message backtracking and verify"),  # "lack X and verify Y" carries the
    # negation over to "verify", which is a word of the data verification row
]


def conjugate(rng, clause, form):
    """form: "pl" (which products ...), "sg" (which product ...), "mod" (products ...)."""
    if clause[0] == "not":
        verb, obj = clause[1]
        if form == "mod":
            return f"without {obj}" if verb == "have" else f"not {conjugate(rng, clause[1], 'mod')}"
        aux = rng.choice(NOT[verb == "be", form])
        return f"{aux} {obj}" if verb == "be" else f"{aux} {verb} {obj}"
    verb, obj = clause
    if form == "mod":
        return obj if verb == "be" else f"with {obj}" if verb == "have" else f"{verb.removesuffix('e')}ing {obj}"
    if form == "pl":
        return f"{'are' if verb == 'be' else verb} {obj}"
    third = {"be": "is", "have": "has"}.get(verb) or re.sub("y$", "ie", verb) + "s"
    return f"{third} {obj}"


def level_terms(row, level):
    """attributes.yaml terms for one level: "large throughput" -> have it, "unreliable" -> be it."""
    lv = next(lv for lv in ATTRS[row]["levels"] if lv["id"] == level)
    return [("have", t) if t.endswith(row) else ("be", t) for t in lv.get("terms", []) if t.endswith((row, "reliable"))]


def atom(rng, kinds):
    """A random atomic condition, the clauses saying it holds, and those saying it doesn't."""
    kind = rng.choice(kinds)
    if kind == "flag":
        row = rng.choice(list(FLAG_WORDS))
        word = rng.choice(FLAG_WORDS[row])
        pos = [(v, word) for v in FLAG_VERBS if not (v == "support" and "support" in word)]
        return ("flag", row), pos, [("lack", word)] + [("not", c) for c in pos]
    if kind == "value":
        row = rng.choice(list(VALUE_TERMS))
        if row == "data_verification" and rng.random() < 0.25:
            return ("value", row, "none"), NO_VERIFICATION, [("have", "data verification"), ("verify", "data")]
        value = rng.choice(list(VALUE_TERMS[row]))
        term = rng.choice(VALUE_TERMS[row][value])
        pos = [(v, t.format(term)) for v, t in VALUE_CLAUSES[row]]
        return ("value", row, value), pos, [("not", c) for c in pos]
    if kind == "level":
        row, op = rng.choice(list(LEVEL_ROWS)), rng.choice(["is", *LEVEL_CLAUSES])
        level = rng.choice([lv for lv in RANK[row] if op != "is" or level_terms(row, lv) or lv != "higher"])
        if op == "is":   # the yaml's terms, and the bare label before a word for the row ("low durability");
            # a label that is itself a comparative ("higher reliability") compares, so is left out
            label = next(lv["label"] for lv in ATTRS[row]["levels"] if lv["id"] == level).lower()
            pos = level_terms(row, level) + ([("have", f"{label} {rng.choice(LEVEL_ROWS[row])}")]
                                             if label not in ("higher", "lower") else [])
            return ("level", row, op, level), pos, [("not", c) for c in pos]
        label = next(lv["label"] for lv in ATTRS[row]["levels"] if lv["id"] == level).lower()
        word = rng.choice(LEVEL_ROWS[row])
        # ("High or better" after the label; nobody writes "higher or better")
        pos = [(v, t.format(L=label, R=word)) for v, t in LEVEL_CLAUSES[op]
               if not (t.startswith(("{L} ", "{R} of {L} ")) and label in ("higher", "lower"))]
        return ("level", row, op, level), pos, [("not", c) for c in pos]
    op, n = rng.choice(list(NUM_OPS)), rng.choice(THRESHOLDS)
    q = rng.choice(NUM_OPS[op]).format(rng.choice([f"{n // 1000}k", f"{n:,}", str(n), f"{n // 1000}K",
                                                   f"{n // 1000} thousand"]))
    pos = [(v, t.format(q)) for v, t in NUM_CLAUSES]
    return ("number", "stress_test", op, n), pos, [("not", c) for c in pos]


def maybe_negated(rng, p_neg, kinds):
    cond, pos, neg = atom(rng, kinds)
    return (("not", cond), neg) if neg and rng.random() < p_neg else (cond, pos)


def conditions(rng, joins=("and", "or"), kinds=ALL_KINDS):
    """One condition, or two joined by and/or, with a renderer for a subject form."""
    if rng.random() < 0.6:
        cond, clauses = maybe_negated(rng, 0.4, kinds)
        return cond, lambda form: conjugate(rng, rng.choice(clauses), form)
    (c1, k1), (c2, k2) = maybe_negated(rng, 0.25, kinds), maybe_negated(rng, 0.25, kinds)
    if [c[0] == "not" or c[-1] == "none" for c in (c1, c2)] == [True, False]:
        (c1, k1), (c2, k2) = (c2, k2), (c1, k1)     # not "don't have X or use Y" (ambiguous) but "use Y or ..."
    join = rng.choice(joins)
    pre = {"and": ["", "both "], "or": ["", "either "]}[join]
    return (join, c1, c2), lambda form: (f"{rng.choice(pre)}{conjugate(rng, rng.choice(k1), form)} {join} "
                                         f"{conjugate(rng, rng.choice(k2), form)}")


def product_name(rng, pid):
    p = next(p for p in PRODUCTS if p["id"] == pid)
    name = rng.choice([p["name"]] + p["aliases"])
    return name if rng.random() < 0.5 else name.lower()


def style(rng, text):
    """Capitals vary (ALL CAPS sometimes) and the question mark is optional."""
    r = rng.random()
    text = text.upper() if r < 0.1 else text[0].upper() + text[1:] if r < 0.5 else text
    return text + rng.choice(["?", "?", "", " ?"])


# ---------------------------------------------------------------- families
# A generator returns (expected, [wordings]).

def gen_set(subjects):
    """subjects: {form: subject phrases}; three plural wordings, one for each other form."""
    def gen(rng):
        cond, render = conditions(rng)
        forms = ["pl", "pl", *subjects]
        return select(cond), [f"{rng.choice(subjects[form])} {render(form)}" for form in forms]
    return gen


def gen_yes_no(rng):
    pid = rng.choice(IDS)
    cond, clauses = maybe_negated(rng, 0.3, ALL_KINDS)
    texts = []
    for clause in rng.choices(clauses, k=3):
        how, (verb, obj) = ("not ", clause[1]) if clause[0] == "not" else ("", clause)
        name = product_name(rng, pid)
        texts.append(f"is {name} {how}{obj}" if verb == "be" else f"does {name} {how}{verb} {obj}")
    return {pid} & select(cond), texts


RANK_ROWS = {"reliability": ["reliability", "message reliability", "durability"], "throughput": ["throughput", "thruput"],
             "stress_test": ["stress test", "QPS", "2C 4GB stress test", "benchmark", "load test"],
             "scalability": ["scalability", "elasticity"], "availability": ["availability", "uptime"],
             "performance": ["performance", "general performance"]}
RANK_TEMPLATES = ["rank the {n} by {r}{d}", "rank {n} by {r}{d}", "sort the {n} by {r}{d}",
                  "order the {n} by {r}{d}", "rank by {r}{d}", "{n} ranked by {r}{d}"]
RANK_NOUNS = ["products", "MQs", "queues", "message queues", "brokers", "them", "all five"]
RANK_DIRS = {"highest": ["", ", highest first", " from highest to lowest", " descending", ", best first"],
             "lowest": [", lowest first", " from lowest to highest", " ascending", " in ascending order",
                        " from worst to best"]}


def gen_rank(rng):
    row, way = rng.choice(list(RANK_ROWS)), rng.choice(list(RANK_DIRS))
    return (row, way), [rng.choice(RANK_TEMPLATES).format(n=rng.choice(RANK_NOUNS), r=rng.choice(RANK_ROWS[row]),
                                                          d=rng.choice(RANK_DIRS[way])) for _ in range(4)]


DIFF_TEMPLATES = ["what's the gap between {a} and {b} in the stress test", "what is the difference between {a} and {b} in QPS",
                  "how much higher is {a}'s stress test than {b}'s", "difference in stress test between {a} and {b}",
                  "by how much does {a} beat {b} in the stress test", "{a} vs {b} stress test difference",
                  "how many more QPS does {a} have than {b}", "what's the QPS gap between {a} and {b}"]
RATIO_TEMPLATES = ["how many times faster is {a} than {b}", "what's the ratio of {a}'s stress test to {b}'s",
                   "how many times more QPS does {a} have than {b}", "{a} is how many times {b} in the stress test",
                   "ratio of {a} to {b} in the stress test", "how many times faster is {a} than {b} in QPS"]


def gen_pair(templates):
    def gen(rng):
        a, b = rng.sample(IDS, 2)
        return (a, b), [rng.choice(templates).format(a=product_name(rng, a), b=product_name(rng, b)) for _ in range(4)]
    return gen


AGG_WORDS = {"average": ["average stress test", "mean QPS", "average QPS", "average 2C 4GB stress test result"],
             "sum": ["sum of the stress test", "total QPS", "total stress test", "combined QPS"]}
AGG_TEMPLATES = ["{w} of products {m}", "what's the {w} of the products that {p}", "{w} of the ones that {p}",
                 "what is the {w} of the MQs {m}", "{w} across products {m}"]
AGG_ALL = ["{w}", "what's the {w} across all products", "{w} of all products", "{w} over all five"]


def gen_agg(rng):
    how = rng.choice(list(AGG_WORDS))
    if rng.random() < 0.25:
        return (how, set(IDS)), [rng.choice(AGG_ALL).format(w=rng.choice(AGG_WORDS[how])) for _ in range(3)]
    while True:   # gap: "or" and thresholds inside an aggregate are misread; an average over nothing is no question
        cond, render = conditions(rng, ("and",), ("flag", "value", "level"))
        if select(cond):
            break
    return (how, select(cond)), [rng.choice(AGG_TEMPLATES).format(w=rng.choice(AGG_WORDS[how]), m=render("mod"),
                                                                  p=render("pl")) for _ in range(3)]


# quantified claims: the quantifier's words, its subject's form, and whether it holds of how many of five
CLAIM_QUANTIFIERS = {
    "all": (["all products", "all five products", "every one of the products"], "pl", lambda k, n: k == 5),
    "none": (["no product", "not a single product"], "sg", lambda k, n: k == 0),
    "not_all": (["not all products", "not every one of the products"], "pl", lambda k, n: k < 5),
    "exactly": (["exactly {n} products", "precisely {n} products"], "pl", lambda k, n: k == n),
    "at_least": (["at least {n} products", "no fewer than {n} products"], "pl", lambda k, n: k >= n),
    "at_most": (["at most {n} products", "no more than {n} products"], "pl", lambda k, n: k <= n),
}
CLAIM_FRAMES = ["{c}, right", "true or false: {c}", "is it true that {c}", "{c}. Is that right", "{c}, correct"]
NUMBER_NAMES = {2: ["two", "2"], 3: ["three", "3"], 4: ["four", "4"]}


def gen_claim(rng):
    kind = rng.choice(list(CLAIM_QUANTIFIERS))
    subjects, form, verdict = CLAIM_QUANTIFIERS[kind]
    n = rng.choice([2, 3, 4])
    def row(c):
        return row(c[1]) if c[0] == "not" else c[1]
    while True:     # (not "X or not X": a claim of nothing)
        cond, render = conditions(rng, ("and", "or"), ALL_KINDS)
        if cond[0] not in ("and", "or") or row(cond[1]) != row(cond[2]):
            break
    texts = []
    for _ in range(3):
        subject = rng.choice(subjects).format(n=rng.choice(NUMBER_NAMES[n]))
        claim = f"{subject} {render(form)}"
        texts.append(rng.choice(CLAIM_FRAMES).format(c=claim))
    return verdict(len(select(cond)), n), texts


# a pick asked for with stated tests: it must pass them all, or say that none does
PICK_TEMPLATES = ["we need a queue {m}, which one should we pick", "which product would you recommend {m}",
                  "I want something {m}. What should I use", "recommend a broker {m}"]


def gen_pick(rng):
    # gap: a negated requirement ("recommend a broker without metrics") weighs nothing: "No product stands out"
    parts = [atom(rng, ("flag", "value")) for _ in range(rng.choice([1, 2]))]
    cond = parts[0][0] if len(parts) == 1 else ("and", parts[0][0], parts[1][0])
    texts = [rng.choice(PICK_TEMPLATES).format(m=" and ".join(conjugate(rng, rng.choice(pos), "mod")
                                                               for _, pos, _ in parts)) for _ in range(3)]
    return select(cond), texts


# ---------------------------------------------------------------- checks

def has_number(text, value, tolerance=0.5):
    """value is in text, read without commas ("20,000" is 20000); rounding to the digits shown is fine."""
    numbers = [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]
    return None if any(abs(n - value) <= tolerance for n in numbers) else f"no {value:,}"


def check(family, a, expected):
    """None, or what is wrong with the answer."""
    if family == "rank":
        row, way = expected
        scores = [score(row, p) for p in a.matches]     # ties may come in any order
        ok = sorted(a.matches) == sorted(IDS) and scores == sorted(scores, reverse=way == "highest")
        return None if ok else f"order {a.matches}"
    if family in ("diff", "ratio"):
        x, y = (score("stress_test", p) for p in expected)
        if family == "ratio":
            return has_number(a.answer, round(x / y, 2), 0.0051)
        return has_number(a.answer, abs(x - y)) if x != y else None if "same" in a.answer else "no 'same'"
    if family == "yes_no" and a.answer.startswith("Yes") and not expected:
        return "FALSE CLAIM: Yes"                       # never a false claim
    if family == "pick":
        if not expected:
            return None if a.answer.startswith("No product") or not a.matches else f"picked {a.matches}"
        if not set(a.matches) <= expected:
            return f"FALSE CLAIM: picked {sorted(a.matches)}"
        return None if a.matches else "picked none"
    if family == "claim":
        said = "Yes" if a.answer.startswith("Yes") else "No" if a.answer.startswith("No") else None
        return None if said == ("Yes" if expected else "No") else f"verdict {said}"
    how, ids = expected if family == "aggregate" else (None, expected)
    if set(a.matches) != ids:
        return f"matches {sorted(a.matches)}"
    if family == "count":
        return has_number(a.answer.splitlines()[0], len(ids), 0)
    total = sum(score("stress_test", p) for p in ids)
    return has_number(a.answer, total if how == "sum" else total / len(ids)) if how else None


FAMILIES = {  # family: (generator, queries drawn)
    "filter": (gen_set({"pl": PLURAL_SUBJ, "sg": SING_SUBJ, "mod": MOD_SUBJ}), 1000),
    "count": (gen_set({"pl": COUNT_SUBJ, "mod": COUNT_MOD}), 600),
    "yes_no": (gen_yes_no, 800),
    "rank": (gen_rank, 300),
    "diff": (gen_pair(DIFF_TEMPLATES), 300),
    "ratio": (gen_pair(RATIO_TEMPLATES), 300),
    "aggregate": (gen_agg, 700),
    "claim": (gen_claim, 500),
    "pick": (gen_pick, 300),
}


def cases(family):
    """Unique (wording, expected) pairs, the same every run."""
    gen, n = FAMILIES[family]
    gaps = [pattern for f, pattern in KNOWN_GAPS if f == "*" or re.fullmatch(f, family)]
    rng, seen = random.Random(1234), {}
    for _ in range(n):
        expected, texts = gen(rng)
        for text in (style(rng, t) for t in texts):
            if not any(re.search(pattern, text, re.IGNORECASE) for pattern in gaps):
                seen.setdefault(text, expected)
    return list(seen.items())


@pytest.fixture(scope="module")
def engine():
    return Engine(load_knowledge(None), memo_size=0)


def test_oracle_reads_the_matrix():
    """The oracle itself, on facts checked by hand against the seed matrix."""
    assert select(("flag", "security")) == {"ckafka", "cmq"}
    assert select(("value", "consumption", "push")) == {"rabbitmq", "cmq"}
    assert select(("level", "reliability", ">=", "high")) == {"ckafka", "rabbitmq", "rocketmq", "cmq"}
    assert select(("and", ("number", "stress_test", ">", 150000), ("not", ("value", "language", "scala")))) == {"ckafka"}
    assert sum(score("stress_test", p) for p in IDS) == 740000


@pytest.mark.parametrize("family", FAMILIES)
def test_generated(engine, family):
    generated, failures = cases(family), []
    for text, expected in generated:
        a = engine.answer(text)
        if error := check(family, a, expected):
            failures.append(f"{text!r}\n    expected {expected}; got {error}: {a.answer.splitlines()[0]!r}")
    assert not failures, f"{len(failures)} of {len(generated)} {family} wordings fail:\n" + "\n".join(failures[:20])
