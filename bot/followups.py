"""Follow-ups: operations on the last turn ("and RocketMQ?", "of those, which is faster?",
"reverse that", "where does it say that?", "why so low?", "I meant CMQ", "and the rest?",
"how far behind CKafka is that?", "how many is that?").

Each operation is one named rule: it says when it applies and what it fills in from the
context. The first rule that applies decides; `carry_on` then fills what a plain
follow-up leaves open ("and Kafka?": the same question about Kafka)."""
from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from .conditions import AGGREGATES, OP
from .context import Condition, Context
from .cues import RANKED, STOPWORDS, WHICH_WORDS, WHY_WORDS, Cues
from .loader import Knowledge
from .parse import Parse
from .text import language

# turns that asked nothing of the matrix: nothing to cite, correct, pick from or leave out of
_NO_QUESTION = frozenset(("smalltalk", "help", "unknown", "clarify", None))
_CORRECTION_OPENERS = frozenset(str(w) for w in language("en")["correction_openers"])


_THEM = frozenset(("them", "those", "these"))      # "which of them ...": the last products

def _turned_round(conditions: list[Condition]) -> list[Condition]:
    """The same tests negated: "and which don't?", "what about the others?"."""
    return [c.model_copy(update={"negated": not c.negated}) for c in conditions]


def _after_greeting(tokens, cues: Cues) -> int | None:
    """Where the question starts after a greeting that opens it ("hey bot, ..."), if one does."""
    end = next((e for name in ("greet", "thanks") for s, e in cues.at.get(name, ()) if s == 0), None)
    while end is not None and end < len(tokens) and tokens[end] in ("bot", "mqbot", "so", "then"):
        end += 1
    return end


@dataclass
class Turn:
    """A follow-up question beside the turn before it, and what its words already say."""
    kb: Knowledge
    p: Parse
    cues: Cues
    tokens: tuple[str, ...]
    context: Context

    def __post_init__(self):
        p, cues, tokens, context = self.p, self.cues, self.tokens, self.context
        self.bare_compare = cues.has("compare") and not (p.products or p.attributes or p.others)
        opening = _after_greeting(tokens, cues)
        self.followup = cues.starts("followup") or (cues.has("followup") and len(tokens) <= 4) \
            or self.bare_compare or (opening is not None and cues.first("followup") == opening)
        self.refers = cues.has("anaphor") or self.bare_compare      # "what's the difference?"
        # "reliability?" after a product: its row; "which products support rewind?" is a new question
        self.only_rows = bool(p.attributes) and not p.products and not p.conditions \
            and not cues.has("list_products") and len([t for t in tokens if t not in STOPWORDS]) <= 3
        self.results = context.intent in ("filter", "count", "rank", "recommend") and bool(context.matches)
        self.named = bool(p.products or p.attributes or p.conditions or p.others or p.needs)

    def again(self, intent: str | None = None) -> None:
        """The last question again, as it was asked (its products, rows, tests and needs)."""
        p, c = self.p, self.context
        p.products, p.attributes = list(c.products), list(c.attributes)
        p.conditions, p.needs = list(c.conditions), list(c.needs)
        p.direction, p.aggregate = c.direction, c.aggregate
        p.inherited, p.from_context = intent or c.intent, True


# -- the operations, in the order they are tried ------------------------------------

def cite(t: Turn) -> bool:
    """"where does it say that?", "source?": the last answer again, with its cells."""
    if not t.cues.has("cite") or t.named or t.context.intent in _NO_QUESTION:
        return False
    t.again()
    return True


def about_the_answer(t: Turn) -> bool:
    """"that's not right", "are you sure?" are about the answer, not a new question."""
    return t.cues.has("complaint", "trust") and not (t.p.products or t.p.attributes or t.p.conditions)


def explain(t: Turn) -> bool:
    """"why?", "why so low?", "how come?": the last question again, so its reasons show."""
    words = set(t.tokens)
    if not ("why" in words or {"how", "come"} <= words or "reason" in words) or t.named:
        return False
    if not words <= WHY_WORDS | STOPWORDS:
        return False
    t.again()
    c = t.context
    if c.intent == "rank" and c.matches and c.attributes:
        # "why?" after "which is the most reliable?": the winner's cell, with what it says
        t.p.products, t.p.attributes, t.p.inherited = list(c.matches[:1]), list(c.attributes[:1]), "lookup"
    return True


def reverse(t: Turn) -> bool:
    """"reverse that", "now flip it", "lowest first": the last ranking, the other way round;
    after a list ("which use CRC?" → "flip it"), the products its tests leave out."""
    c = t.context
    if c.intent in ("filter", "count") and c.conditions and not t.named and t.cues.has("reverse"):
        t.again(c.intent)
        t.p.conditions = _turned_round(list(c.conditions))
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


def compare_leaders(t: Turn) -> bool:
    """"compare the top two" after a ranking: the products it put first, side by side."""
    p, c = t.p, t.context
    if c.intent != "rank" or not t.cues.has("compare") or p.top < 2 or p.products or len(c.matches) < p.top:
        return False
    p.products, p.from_context, p.inherited = list(c.matches[:p.top]), True, "compare"
    p.conditions = []
    return True


def correct(t: Turn) -> bool:
    """"oops, meant RabbitMQ", "no, Apache Kafka not CKafka": the last question about
    other products."""
    p, c = t.p, t.context
    # ("no, Apache Kafka not CKafka": a "no" that opens a reply naming a product corrects too)
    if not (t.cues.has("correction") or t.tokens[:1] and t.tokens[0] in _CORRECTION_OPENERS) or not p.products \
            or p.attributes or p.conditions \
            or c.intent in _NO_QUESTION:
        return False
    products = [pid for pid in p.products if pid not in p.excluded]
    t.again()
    p.products, p.from_context = products, False
    p.asks_yes_no = c.intent == "yes_no"
    return True


def rest(t: Turn) -> bool:
    """"and the rest?", "what about the other four?": the products the last answer left out
    (after a filter, the same test turned round)."""
    p, c = t.p, t.context
    if not t.cues.has("others") or p.products or c.intent in ("smalltalk", "help", None):
        return False
    if c.intent in ("filter", "count") and not (p.attributes or p.conditions):
        if not t.cues.has("wh") or not c.attributes:
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
    products = list(p.products) if len(p.products) == 2 else list(dict.fromkeys(p.products + c.products))
    if len(products) < 2 and len(c.recent) >= 2:
        products = list(dict.fromkeys(p.products + c.recent[::-1]))[:2]     # "and Kafka's?" then "how much faster is CKafka?"
    if not numeric or len(products) != 2:
        return False
    p.products, p.attributes, p.from_context = products, numeric[:1], True
    return True


def count_last(t: Turn) -> bool:
    """"how many is that?", "and how many don't?": the last answer's test, counted."""
    p, c = t.p, t.context
    if not t.cues.has("count") or p.products or p.attributes or p.conditions or not c.conditions:
        return False
    p.conditions = list(c.conditions)
    if t.cues.has("neg", "others"):
        p.conditions = _turned_round(p.conditions)
    if c.intent in ("filter", "count") and c.products:
        p.products, p.from_context = list(c.products), True
    p.inherited = "count"
    return True


def leave_out(t: Turn) -> bool:
    """"other than the two Kafkas?" after a question over all products: the same question
    without them."""
    p, c = t.p, t.context
    if not p.excluded or p.products or p.attributes or p.conditions \
            or c.intent in _NO_QUESTION:
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
    if c.intent != "aggregate" or c.aggregate not in ("avg", "median") or not c.attributes or p.products \
            or not cues.has(*AGGREGATES):
        return False
    end = max(e for name in AGGREGATES for _, e in cues.at.get(name, ()))
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
    if first is None or p.products or not p.conditions and not p.attributes or c.intent in _NO_QUESTION:
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
    p.conditions = _turned_round(p.conditions)
    p.from_context, p.inherited = True, "filter"
    return True


def same_for(t: Turn) -> bool:
    """"Is it the same for RocketMQ?" after a lookup: the last row, the last product beside
    the new one, and whether their cells read the same."""
    p, c = t.p, t.context
    if not t.cues.has("same") or not p.products or p.attributes or p.conditions \
            or c.intent not in ("lookup", "yes_no") or not c.attributes or not c.products:
        return False
    p.products = list(dict.fromkeys(c.products + p.products))
    p.attributes, p.asks_same, p.asks_yes_no, p.inherited = list(c.attributes), True, True, "compare"
    return True


def same_as_last(t: Turn) -> bool:
    """"any other product use the same one?", "which others use the same language?", "Which
    other product uses it?" after a lookup of one product's row: the other products whose
    cell reads the same."""
    p, c = t.p, t.context
    same = t.cues.has("same") or "other" in t.tokens and t.cues.has("anaphor")
    if not same or p.products or p.conditions or p.asks_yes_no and not t.cues.has("list_products", "others") \
            or c.intent not in ("lookup", "yes_no") or len(c.products) != 1 or len(c.attributes) != 1 \
            or p.attributes and p.attributes != c.attributes:
        return False
    p.conditions, p.attributes = [Condition(c.attributes[0], "same_as", c.products[0])], list(c.attributes)
    p.products, p.from_context, p.inherited = [], False, "filter"
    return True


def pick_from_last(t: Turn) -> bool:
    """"so which would you pick?", "which one then?" after needs were stated: recommend on them."""
    p, c = t.p, t.context
    if not t.cues.has("recommend") or t.named or not (c.needs or c.conditions or c.attributes) \
            or c.intent in _NO_QUESTION:
        return False
    p.needs, p.conditions, p.attributes = list(c.needs), list(c.conditions), list(c.attributes)
    p.products = list(c.products) if c.intent == "recommend" and len(c.products) >= 2 else []
    p.inherited = "recommend"
    return True


def tests_add_up(t: Turn) -> bool:
    """"Which products support push?" → "ok and if I also need monitoring?": the tests add up."""
    p, c = t.p, t.context
    if c.intent not in ("filter", "count") or not c.conditions or not p.conditions or p.products \
            or not t.cues.has("addition"):
        return False
    p.conditions = list(dict.fromkeys(c.conditions + p.conditions))
    p.inherited = c.intent
    return True


def which_of_count(t: Turn) -> bool:
    """"How many support push?" → "which ones?": the same question as a list."""
    c = t.context
    # ("name them", "list them": the same, asked with an order)
    if c.intent not in ("count", "filter") or not c.conditions or not {"which", "name", "list", "show"} & set(t.tokens) \
            or not set(t.tokens) <= WHICH_WORDS:
        return False
    t.p.products, t.p.conditions = list(c.products), list(c.conditions)
    t.p.from_context, t.p.inherited = bool(c.products), "filter"
    return True


def rank_step(t: Turn) -> bool:
    """"and the second?", "in the stress test?": the same ranking, one step on."""
    p, c, kb, cues = t.p, t.context, t.kb, t.cues
    if not (c.intent == "rank" and (t.followup or t.only_rows) and not t.refers and not p.products and not p.needs
            and not p.conditions and not cues.has("overview", "compare", "count")
            and (cues.has("second", "third") or any(kb.attributes[a].rankable for a in p.attributes))):
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
    if not cues.has(*RANKED, "order_asc", "order_desc"):
        p.direction = c.direction
    p.products = [pid for pid in c.products if pid not in p.excluded] \
        if len(c.products) < len(kb.products) else []
    p.inherited = "rank"
    return True


def why_not_this_one(t: Turn) -> bool:
    """"Recommend something for finance" → "why not Kafka?", "what about RocketMQ?"."""
    p, c = t.p, t.context
    if not (c.intent == "recommend" and p.products and not (p.attributes or p.conditions or p.needs)
            and ("why" in t.tokens or t.followup)):
        return False
    p.needs, p.conditions = list(c.needs), list(c.conditions)
    p.attributes, p.inherited = list(c.attributes), "recommend"
    return True


def defined_value_is_it(t: Turn) -> bool:
    """"What is ISR?" → "which products use it?", "does Kafka use it?"."""
    p, c = t.p, t.context
    if not (c.intent == "glossary" and c.conditions and t.refers and not (p.conditions or p.attributes)):
        return False
    p.conditions, p.attributes = list(c.conditions), list(c.attributes)
    if "of" in t.tokens and not _THEM.isdisjoint(t.tokens) and c.products:
        p.products, p.from_context = list(c.products), True     # "which of them uses it?"
    return True


def needs_add_up(t: Turn) -> bool:
    """"I need high reliability" → "and push delivery too": the criteria add up."""
    p, c = t.p, t.context
    # ("does that one support rewind too?" asks of the one recommended, it adds no need)
    if not (c.intent == "recommend" and (t.followup or t.cues.has("addition")) and not p.products
            and (p.conditions or p.needs) and not t.cues.has("count", "compare")
            and not (p.asks_yes_no and t.cues.has("anaphor_one"))):
        return False
    p.needs = list(dict.fromkeys(c.needs + p.needs))
    p.conditions = list(dict.fromkeys(c.conditions + p.conditions))
    p.attributes = list(dict.fromkeys(c.attributes + p.attributes))
    p.inherited = "recommend"
    return True


def which_have_it(t: Turn) -> bool:
    """"I need push consumption." → "which products support it?": the last turn's test, asked
    of every product ("it" is the thing asked for, not a product)."""
    p, c = t.p, t.context
    # ("which of them uses it?" keeps the last products)
    if not (t.cues.has("which_plural") and t.refers and c.conditions and not (p.products or p.attributes
                                                                              or p.conditions or p.needs)) \
            or not _THEM.isdisjoint(t.tokens):
        return False
    p.conditions = list(c.conditions)
    p.products, p.inherited = [], "filter"
    return True


def priority_shift(t: Turn) -> bool:
    """"Recommend one for throughput" → "actually durability matters more": the same choice,
    weighed on the row now named first."""
    p, c = t.p, t.context
    if not (c.intent in ("recommend", "rank") and t.cues.has("priority") and p.attributes and not p.conditions):
        return False
    # ("reliability matters more than throughput": the row named first is the one that matters)
    named = [a for a in p.attributes if t.kb.attributes[a].rankable] or p.attributes
    p.attributes = named[:1]
    p.products = [] if len(c.products) == len(t.kb.products) else list(c.products)
    p.needs, p.inherited = [], "recommend"
    return True


RULES: tuple[Callable[[Turn], bool], ...] = (
    cite, about_the_answer, explain, reverse, compare_leaders, correct, same_as_last, rest, arithmetic_on_last,
    count_last, leave_out, drop, against_last_figure, same_for, pick_from_last, which_have_it,
    tests_add_up, which_of_count, rank_step, why_not_this_one, defined_value_is_it, needs_add_up, priority_shift)


def carry_on(t: Turn) -> None:
    """What a plain follow-up leaves open: "which of those ..." is about the last result,
    "and its throughput?" about the last products, "and Kafka?" asks the same of Kafka."""
    p, c, kb, cues = t.p, t.context, t.kb, t.cues
    # ("and which product uses GM?" asks a new set question of every product)
    new_set = bool(p.conditions) and (cues.has("list_products") and not t.refers or cues.has("instead"))
    # "higher than RabbitMQ's" (a comparison of products, not of a figure: no test of its own)
    comparing = cues.has(*RANKED) or (cues.has("gt", "lt") and bool(p.products) and not p.conditions)
    if not p.products and not p.others and not cues.has("all") and not new_set and (
            t.followup or t.refers or t.only_rows or cues.has("overview")):     # "more details please"
        if t.results and t.refers:
            one = cues.has("anaphor_one") and c.intent in ("rank", "recommend")
            scope = c.matches[:1] if one else c.matches
        elif t.results and t.only_rows and c.intent in ("filter", "recommend"):
            scope = c.matches[:3]       # "any downside?" after a recommendation: of what it named
        else:
            scope = c.products
        if len(scope) < 2 and len(c.recent) >= 2 and (cues.has("compare") or t.refers and cues.has(
                *RANKED) and not cues.has("anaphor_one")):
            # "what's the difference?", "which of them is faster?" after lookups of one product each
            scope = c.recent
        if scope and p.top <= len(scope) and not (
                len(scope) == 1 and cues.has("superl_desc", "superl_asc") and not p.asks_yes_no):
            # (one product is no field to rank: "and the slowest?" after a lookup ranks all;
            # nor are two a top three)
            p.products = list(scope)
            p.from_context = True
    elif p.products and t.refers and (cues.has("compare") or comparing) and not p.attributes:
        # "how does it compare to CKafka?", "is that higher than RabbitMQ's?": the last products and the new one
        p.products = list(dict.fromkeys(c.products + p.products))
        p.from_context = True
    if c.intent == "yes_no" and (t.followup or t.only_rows) and p.from_context and p.conditions:
        p.asks_yes_no, p.inherited = True, "yes_no"      # "Does CKafka support rewind?" → "and security?"
    ranks = [a for a in c.attributes if kb.attributes[a].rankable]
    if not any(kb.attributes[a].rankable for a in p.attributes) and ranks and (t.followup or t.refers) \
            and not cues.has("overview") and comparing and not p.needs:
        # "which one is better?" on the last row; "among the pull-only ones, which has the
        # lowest?": the new tests pick the field, the last row is ranked
        p.attributes = list(p.attributes) + ranks[:1]
    if t.followup and not p.attributes and not p.conditions and not p.others and not p.topics \
            and not cues.has("overview") and (t.bare_compare or not cues.has("compare")):
        # "What about RocketMQ?" / "and Kafka?": the same question about new products
        p.attributes = list(c.attributes)
        p.conditions = list(c.conditions)
        if c.intent in ("filter", "count") and cues.has("neg", "others"):
            # "and which don't?", "what about the others?": the same test, turned round
            p.conditions = _turned_round(p.conditions)
        if t.bare_compare:
            pass                            # the intent follows from "difference"/"compare"
        elif p.products and c.intent == "compare" and not p.from_context:
            p.products = list(dict.fromkeys(c.products + p.products))
            p.inherited = "compare"
        elif p.products and c.intent in ("yes_no", "overview", "lookup"):
            p.asks_yes_no = c.intent == "yes_no"
            p.inherited = c.intent
        elif p.products and c.intent in ("filter", "count") and p.conditions:
            p.asks_yes_no = True
            p.inherited = "yes_no"


def resolve(kb: Knowledge, p: Parse, cues: Cues, tokens, context: Context | None) -> None:
    """Fill in what the question leaves to the last turn, in place."""
    if context is None or not context.intent:
        return
    turn = Turn(kb, p, cues, tokens, context)
    for rule in RULES:
        if rule(turn):
            return
    carry_on(turn)
