"""Follow-ups that operate on the last answer's result: the rest of the products ("and the
others?"), some of them dropped ("drop the ones without security"), a test dropped ("if I drop
the java requirement"), turned round ("flip it"), counted, listed, compared ("compare the top
two"), measured against its figure ("which of them are above that average?"), or ranked a step on."""
from __future__ import annotations

import statistics

from .context import Condition
from .cues import RANKED, STOPWORDS, WHICH_WORDS
from .figure_conditions import AGGREGATES, OP
from .followup_turn import NO_QUESTION, Turn, turned_round
from .text import language

_LIST_ORDERS = frozenset(str(w) for w in language("en")["list_orders"])
_FIGURE_POINTERS = frozenset(str(w) for w in language("en")["figure_pointers"])
_VALUE_NOUNS = frozenset(str(w) for w in language("en")["value_nouns"])


def rest(t: Turn) -> bool:
    """"and the rest?", "what about the other four?": the products the last answer left out
    (after a filter, the same test turned round)."""
    p, c = t.p, t.context
    if not t.cues.has("others") or p.products or c.intent in ("smalltalk", "help", None):
        return False
    if c.intent in ("filter", "count") and not (p.attributes or p.conditions):
        # ("what about the remaining ones?": a "what" that only opens the follow-up asks nothing)
        opening = {s for s, _ in t.cues.at.get("followup", ())}
        if t.cues.has("list_products", "which_plural") and c.conditions:
            # ("Which ones were left out?" asks for the set: the test turned round)
            p.conditions, p.excluded = turned_round(list(c.conditions)), list(c.excluded)
            p.products, p.from_context, p.inherited = list(c.products), bool(c.products), "filter"
            return True
        if all(s in opening for s, _ in t.cues.at.get("wh", ())) or not c.attributes:
            return False    # "and the others?" after a filter: its test turned round (carry_on)
        # "What do the others use?": the same rows, read for the products the answer left out
        p.products = [pid for pid in t.kb.products if pid not in c.matches]
        p.attributes, p.from_context, p.inherited = list(c.attributes), True, "lookup"
        return bool(p.products)
    asked = c.matches if t.results else c.products
    others = [pid for pid in t.kb.products if pid not in asked]
    if not asked or not others:
        return False
    if p.attributes or p.conditions:              # "and the rest - what languages are they in?"
        p.products, p.from_context = others, True
        return True
    t.again()
    p.products = others
    p.asks_yes_no = c.intent == "yes_no"
    if c.intent in ("rank", "recommend"):
        p.inherited = "lookup" if c.attributes else "compare"
    return True

def arithmetic_on_last(t: Turn) -> bool:
    """"how many times more does CKafka do?", "how far behind CKafka is that?": a sum
    between the products named now and the last one, on the last number row ("what's the
    ratio of CMQ's to RabbitMQ's?" names both: the last turn gives the row)."""
    p, c = t.p, t.context
    if not t.cues.has("diff", "ratio") or len(p.products) > 2 or p.conditions:
        return False
    rows = p.attributes or c.attributes
    numeric = [a for a in rows if t.kb.attributes[a].kind == "number"] or [
        b.id for b in t.kb.attributes.values() if b.kind == "number"
        and b.measures in {t.kb.attributes[a].measures for a in rows} - {None}]    # "faster": the stress test
    # ("How much higher is it than Apache Kafka's?": "it", the last product, said first, is what is
    # measured; "By what percentage does CKafka exceed it?": the product said first is)
    pointer = t.cues.first("anaphor_one")
    named = t.named_at() if pointer is not None else None
    first = c.products + p.products if pointer is not None and (named is None or pointer < named) \
        else p.products + c.products
    products = list(p.products) if len(p.products) == 2 else list(dict.fromkeys(first))
    if len(products) < 2 and len(c.recent) >= 2:
        products = list(dict.fromkeys(p.products + c.recent[::-1]))[:2]     # "and Kafka's?" then "how much faster is CKafka?"
    if not numeric or len(products) != 2:
        return False
    p.products, p.attributes, p.from_context = products, numeric[:1], True
    return True

def aggregate_last(t: Turn) -> bool:
    """"add them up", "what's the average of those?" after the figures of some products: the
    sum (average, median) of the last products' figures on the last number row."""
    p, c, cues = t.p, t.context, t.cues
    ops = [a for a in ("sum", "avg", "median") if cues.has(a)]
    numeric = [a for a in c.attributes if t.kb.attributes[a].kind == "number"]
    scope = list(c.matches) if t.results else list(c.products)
    if len(scope) < 2 and c.intent == "lookup":
        # ("what did CKafka score?", "and Kafka?", "add them up": the last two looked up)
        scope = list(dict.fromkeys(c.recent))[-2:]
    # ("which of them are above that average?" measures against the figure: against_last_figure)
    if not ops or cues.has("gt", "ge", "lt", "le") or p.products or p.conditions \
            or p.attributes and p.attributes != numeric[:1] or not numeric \
            or len(scope) < 2 or c.intent in NO_QUESTION:
        return False
    p.products, p.attributes, p.aggregate = scope, numeric[:1], ops[0]
    p.from_context, p.inherited = True, "aggregate"
    return True


def is_it_the_top(t: Turn) -> bool:
    """"is that the most reliable one?" after a ranking or a pick: whether what it put first
    is also first on the row now named."""
    p, c, cues = t.p, t.context, t.cues
    if not (p.asks_yes_no and cues.has("superl_desc", "superl_asc") and cues.has("anaphor", "anaphor_one")
            and not p.products and t.results and c.intent in ("rank", "recommend")
            and any(t.kb.attributes[a].rankable for a in p.attributes)):
        return False
    p.products, p.from_context, p.inherited = list(c.matches[:1]), True, "rank"
    return True


def count_last(t: Turn) -> bool:
    """"how many is that?", "and how many don't?": the last answer's test, counted."""
    p, c = t.p, t.context
    if not t.cues.has("count") or p.products or p.attributes or p.conditions or not c.conditions:
        return False
    p.conditions = list(c.conditions)
    if t.cues.has("neg", "others"):
        p.conditions = turned_round(p.conditions)
    if c.intent in ("filter", "count") and c.products:
        p.products, p.from_context = list(c.products), True
    if c.intent in ("filter", "count"):
        p.excluded = list(c.excluded)       # ("not counting RocketMQ, which ...?" → "how many is that?")
    p.inherited = "count"
    return True


def break_tie(t: Turn) -> bool:
    """"Those two are tied. Break the tie with the stress test.": the products tied at the top
    of the last ranking (or those named), ranked by that row."""
    p, c, kb = t.p, t.context, t.kb
    rows = [a for a in p.attributes if kb.attributes[a].rankable]
    if not t.cues.has("tie_break") or not rows:
        return False
    tied = list(p.products) if len(p.products) >= 2 else c.matches[:c.top] if c.intent == "rank" and c.top >= 2 else []
    if not tied:
        return False
    p.products, p.attributes, p.conditions, p.scope = tied, rows[:1], [], []
    p.direction, p.place, p.top, p.scored = "desc", 1, 1, False
    p.from_context, p.inherited = True, "rank"
    return True


def count_entries(t: Turn) -> bool:
    """"How many are there?" after a list row was looked up ("List Kafka's disadvantages."):
    its entries, counted."""
    p, c, kb = t.p, t.context, t.kb
    if not t.cues.has("count") or p.products or p.attributes or p.conditions or c.conditions \
            or c.intent not in ("lookup", "compare") or not c.products \
            or not any(kb.attributes[a].kind == "list" for a in c.attributes):
        return False
    p.attributes = [next(a for a in c.attributes if kb.attributes[a].kind == "list")]
    p.products, p.from_context, p.items, p.inherited = list(c.products), True, True, "count"
    return True


def leave_out(t: Turn) -> bool:
    """"other than the two Kafkas?" after a question over all products: the same question
    without them."""
    p, c = t.p, t.context
    if not p.excluded or p.products or p.attributes or p.conditions \
            or c.intent in NO_QUESTION:
        return False
    excluded = list(p.excluded)
    t.again()
    p.products = [pid for pid in c.products if pid not in excluded] if c.products else []
    p.from_context = bool(p.products)
    p.excluded = excluded
    return True

def against_last_figure(t: Turn) -> bool:
    """"which of them are above that average?" after an average (or a total, a median): the
    last products whose figure stands so against the one the last answer gave."""
    p, c, cues = t.p, t.context, t.cues
    # ("which of them are above it?": a pointer where the figure goes means the one just given)
    pointed = [i + 1 for i, w in enumerate(t.tokens) if w in _FIGURE_POINTERS and i > 0]
    if c.intent != "aggregate" or c.aggregate not in ("avg", "median") or not c.attributes or p.products \
            or not (cues.has(*AGGREGATES) or pointed and cues.has("gt", "ge", "lt", "le")):
        return False
    end = max([e for name in AGGREGATES for _, e in cues.at.get(name, ())] or pointed)
    op = next((OP[name] for name in ("gt", "ge", "lt", "le") for s, e in cues.at.get(name, ()) if e < end), None)
    attribute = c.attributes[0]
    if op is None or t.kb.attributes[attribute].kind != "number":
        return False
    scope = list(c.products) or list(t.kb.products)
    figures = [t.kb.cell(pid, attribute).number or 0 for pid in scope]
    value = statistics.median(figures) if c.aggregate == "median" else sum(figures) / len(figures)
    p.conditions = [Condition(attribute, "number", op=op, number=value)]
    p.attributes, p.products, p.from_context, p.inherited = [attribute], scope, True, "filter"
    return True

def _without(last: Condition, dropped: list[Condition], rows: list[str]) -> Condition | None:
    """The last question's test with what is dropped taken out: none left, or fewer values."""
    named = [d for d in dropped if d.attribute == last.attribute]
    if not named:
        return None if last.attribute in rows and not dropped else last
    if last.test == "one_of":
        refs = {d.ref for d in named}
        left = [ref for ref in last.ref.split("|") if ref not in refs]
        if len(left) == len(last.ref.split("|")):
            return last
        return Condition(last.attribute, "value", left[0], negated=last.negated) if len(left) == 1 else (
            last.model_copy(update={"ref": "|".join(left)}) if left else None)
    return None if any(d.ref in (last.ref, None) for d in named) else last

def drop(t: Turn) -> bool:
    """"Now drop the ones without security protection." after a list: those of the last answer
    the test leaves in; "and if I drop the java requirement?": the last question without that
    test. The verb opens the sentence (after "now", "ok and if I", ...)."""
    p, c, cues = t.p, t.context, t.cues
    first = cues.first("drop")
    if first is None or p.products or not p.conditions and not p.attributes or c.intent in NO_QUESTION:
        return False
    if any(cues.has(name) and cues.first(name) < first for name in ("wh", "list_products")):
        return False        # "which ones drop messages?" asks, it orders nothing
    kept = [k for k in (_without(cond, p.conditions, p.attributes) for cond in c.conditions) if k is not None]
    if kept != list(c.conditions):
        dropped = {cond.attribute for cond in c.conditions} - {k.attribute for k in kept}
        if cues.has(*RANKED) or any(s > first for s, _ in cues.at.get("wh", ())):
            # "if I drop the java requirement, which one has the highest throughput?": a new
            # question, asked under the tests that are left
            p.conditions = kept + [o for o in p.conditions if o.attribute not in dropped and o not in c.conditions]
            p.attributes = [a for a in p.attributes if a not in dropped]
            return True
        t.again()
        p.conditions = kept
        p.attributes = [a for a in c.attributes if a not in dropped or any(k.attribute == a for k in kept)]
        p.products = [] if c.intent in ("filter", "count", "recommend") else list(c.products)
        p.from_context = bool(p.products)
        return True
    if not p.conditions or not (t.results or c.products):
        return False
    p.products = list(c.matches if t.results else c.products)
    p.conditions = turned_round(p.conditions)
    p.from_context, p.inherited = True, "filter"
    return True

def which_not(t: Turn) -> bool:
    """"which don't?", "and which not?" after a list: the same tests turned round (a question of
    nothing but its question word and a negation asks nothing else)."""
    c = t.context
    if c.intent not in ("filter", "count") or not c.conditions or t.named or not t.cues.has("neg") \
            or not set(t.tokens) <= STOPWORDS | WHICH_WORDS:
        return False
    t.again("count" if t.cues.has("count") else "filter")     # ("and how many don't?" counts them)
    t.p.conditions = turned_round(list(c.conditions))
    return True


def reverse(t: Turn) -> bool:
    """"reverse that", "now flip it", "lowest first": the last ranking, the other way round;
    after a list ("which use CRC?" → "flip it"), the products its tests leave out."""
    c = t.context
    if c.intent in ("filter", "count") and c.conditions and not t.named and t.cues.has("reverse"):
        t.again(c.intent)
        t.p.conditions = turned_round(list(c.conditions))
        return True
    if c.intent != "rank" or t.named or not t.cues.has("reverse", "order_asc", "order_desc"):
        return False
    t.again("rank")
    if t.cues.has("order_asc", "order_desc"):
        t.p.direction = "asc" if t.cues.has("order_asc") else "desc"
    else:
        t.p.direction = "asc" if c.direction == "desc" else "desc"
    # the products ranked, unless the ranking was of every product
    t.p.products = list(c.products) if len(c.products) < len(t.kb.products) else []
    return True


def rank_last_row(t: Turn) -> bool:
    """"sort them all by that", "sort all five, lowest first" after a lookup or a comparison:
    the row it asked about, ranked (of every product when it asked of one, or "all" says so;
    "sort them by throughput" names the row itself)."""
    p, c, kb, cues = t.p, t.context, t.kb, t.cues
    if c.intent == "rank" or not cues.has("rank", "order_asc", "order_desc") or p.products or p.conditions \
            or p.needs or p.others or p.topics:
        return False
    named = [a for a in p.attributes if kb.attributes[a].rankable]
    last = [a for a in c.attributes if kb.attributes[a].rankable]
    if p.attributes and not named or not (named or last):
        return False
    t.again("rank")
    p.attributes, p.conditions, p.needs, p.items = named or last[:1], [], [], False
    p.direction = "asc" if cues.has("order_asc") else "desc"
    p.products = [] if len(c.products) <= 1 or cues.has("all") else list(c.products)
    return True


def compare_leaders(t: Turn) -> bool:
    """"compare the top two" after a ranking: the products it put first, side by side."""
    p, c = t.p, t.context
    if c.intent != "rank" or not t.cues.has("compare") or p.top < 2 or p.products or len(c.matches) < p.top:
        return False
    p.products, p.from_context, p.inherited = list(c.matches[:p.top]), True, "compare"
    p.conditions = []
    return True

def which_of_count(t: Turn) -> bool:
    """"How many support push?" → "which ones?": the same question as a list."""
    c = t.context
    # ("name them", "list them": the same, asked with an order)
    if c.intent not in ("count", "filter") or not c.conditions or _LIST_ORDERS.isdisjoint(t.tokens) \
            or not set(t.tokens) <= WHICH_WORDS:
        return False
    t.p.products, t.p.conditions, t.p.excluded = list(c.products), list(c.conditions), list(c.excluded)
    t.p.from_context, t.p.inherited = bool(c.products), "filter"
    return True

def the_placed_one(t: Turn) -> bool:
    """"Does the runner-up have monitoring?", "what's the last one written in?" after a
    ranking: the question, of the product at that place in it."""
    p, c, kb, cues = t.p, t.context, t.kb, t.cues
    asks_of_it = p.conditions or any(not kb.attributes[a].rankable for a in p.attributes)
    if c.intent not in ("rank", "recommend") or not t.results or p.products or p.others or not asks_of_it \
            or not cues.has("second", "third", "last_place") or cues.has(*RANKED):
        return False
    at = 1 if cues.has("second") else 2 if cues.has("third") else -1
    if len(c.matches) <= max(at, 1):
        return False
    p.products, p.from_context = [c.matches[at]], True
    return True


def rank_step(t: Turn) -> bool:
    """"and the second?", "in the stress test?": the same ranking, one step on."""
    p, c, kb, cues = t.p, t.context, t.kb, t.cues
    # ("only show me the top two": a cut of the last ranking; "who's second?", "who's last?": a place in it)
    placed = not t.named and (p.top > 1 or cues.has("second", "third", "last_place"))
    if not (c.intent == "rank" and (t.followup or t.only_rows or placed) and not t.refers
            and not p.products and not p.needs
            and not p.conditions and not cues.has("overview", "compare", "count")
            and (placed or cues.has("second", "third") or any(kb.attributes[a].rankable for a in p.attributes))):
        return False
    named = [a for a in p.attributes if kb.attributes[a].rankable]
    # "and the slowest?" after a stress-test ranking: "slowest" names speed, which the
    # stress test measures, so the ranking stays on the stress test
    measures = {kb.attributes[a].measures for a in c.attributes} - {None}
    ranked_at = {j for name in RANKED for start, end in cues.at.get(name, ()) for j in range(start, end)}
    said = [w for j, w in enumerate(t.tokens) if j not in ranked_at and w not in STOPWORDS]
    if named and not said and all(kb.attributes[a].measures in measures for a in named):
        named = []
    p.attributes = named or list(c.attributes)
    p.items = c.items and not named                 # ("and the second?" after "who lists the most advantages?")
    if not cues.has(*RANKED, "order_asc", "order_desc"):
        p.direction = c.direction
    if cues.has("last_place"):          # the last place of a ranking is the first of it turned round
        p.direction, p.place = ("asc" if c.direction == "desc" else "desc"), 1
    p.products = [pid for pid in c.products if pid not in p.excluded] \
        if len(c.products) < len(kb.products) else []
    p.inherited = "rank"
    return True


def value_of_last(t: Turn) -> bool:
    """"what's the number?", "and the figure?" after a ranking or a list: the cell of the
    last row for what the last answer put first (a ranking, a pick) or named (a list)."""
    p, c = t.p, t.context
    if t.named or c.intent not in ("rank", "recommend", "filter", "compare", "lookup") or not c.attributes \
            or _VALUE_NOUNS.isdisjoint(t.tokens) or not set(t.tokens) <= STOPWORDS | WHICH_WORDS | _VALUE_NOUNS:
        return False
    picked = c.intent in ("rank", "recommend")
    p.products = list(c.matches[:1] if picked else c.matches or c.products)
    p.attributes, p.from_context, p.inherited = list(c.attributes[:1]), True, "lookup"
    return bool(p.products)
