"""Follow-ups: operations on the last turn ("and RocketMQ?", "of those, which is faster?",
"reverse that", "where does it say that?", "why so low?", "I meant CMQ", "and the rest?",
"how far behind CKafka is that?", "how many is that?").

Each operation is one named rule: it says when it applies and what it fills in from the
context. The first rule that applies decides; `carry_on` then fills what a plain
follow-up leaves open ("and Kafka?": the same question about Kafka)."""
from __future__ import annotations

from collections.abc import Callable

from .context import Condition, Context
from .cues import RANKED, STOPWORDS, WHY_WORDS, Cues
from .followup_turn import NO_QUESTION, THEM, Turn, turned_round
from .followups_results import (
    against_last_figure,
    aggregate_last,
    arithmetic_on_last,
    break_tie,
    compare_leaders,
    count_entries,
    count_last,
    drop,
    is_it_the_top,
    leave_out,
    rank_last_row,
    rank_step,
    rest,
    reverse,
    the_placed_one,
    value_of_last,
    which_not,
    which_of_count,
)
from .followups_sets import (
    add_back,
    both_of_last,
    drop_named,
    drop_placed,
    named_by_value,
    other_than_last,
    the_named_one,
    the_other_one,
)
from .loader import Knowledge
from .parse import Parse
from .shape import pointer_left_out
from .text import language

_TWO = frozenset(str(w) for w in language("en")["set_words"]["two"])     # "of those two"

_CORRECTION_OPENERS = frozenset(str(w) for w in language("en")["correction_openers"])

# -- the operations, in the order they are tried ------------------------------------

def cite(t: Turn) -> bool:
    """"where does it say that?", "source?": the last answer again, with its cells."""
    if not t.cues.has("cite") or t.named or t.context.intent in NO_QUESTION:
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


def correct(t: Turn) -> bool:
    """"oops, meant RabbitMQ", "no, Apache Kafka not CKafka": the last question about
    other products."""
    p, c = t.p, t.context
    # ("no, Apache Kafka not CKafka": a "no" that opens a reply naming a product corrects too)
    if not (t.cues.has("correction") or t.tokens[:1] and t.tokens[0] in _CORRECTION_OPENERS) or not p.products \
            or p.attributes or p.conditions \
            or c.intent in NO_QUESTION:
        return False
    products = [pid for pid in p.products if pid not in p.excluded]
    t.again()
    p.products, p.from_context = products, False
    p.asks_yes_no = c.intent == "yes_no"
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
    p.in_common = False         # (the last row, not every row they share)
    return True


def same_as_last(t: Turn) -> bool:
    """"any other product use the same one?", "which others use the same language?", "Which
    other product uses it?" after a lookup of one product's row: the other products whose
    cell reads the same."""
    p, c = t.p, t.context
    same = t.cues.has("same") or "other" in t.tokens and t.cues.has("anaphor")
    # ("Is any other product written in that same language?": whether any is, and which)
    if not same or p.products or p.conditions or p.asks_yes_no and not t.cues.has("list_products", "others") \
            and "any" not in t.tokens \
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
            or c.intent in NO_QUESTION:
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


def why_left_out(t: Turn) -> bool:
    """"why did RabbitMQ drop out?", "why isn't CKafka on the list?" after a filter: the last
    tests asked of the product the answer left out, so what it fails shows."""
    p, c = t.p, t.context
    if "why" not in t.tokens or not p.products or p.attributes or p.conditions or p.needs \
            or c.intent not in ("filter", "count") or not c.conditions or not set(p.products).isdisjoint(c.matches):
        return False
    p.conditions, p.attributes = list(c.conditions), list(dict.fromkeys(x.attribute for x in c.conditions))
    p.any_of = False
    p.asks_yes_no, p.inherited = True, "yes_no"
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
    if "of" in t.tokens and not THEM.isdisjoint(t.tokens) and c.products:
        p.products, p.from_context = list(c.products), True     # "which of them uses it?"
    return True


def needs_add_up(t: Turn) -> bool:
    """"I need high reliability" → "and push delivery too": the criteria add up."""
    p, c = t.p, t.context
    # ("does that one support rewind too?" asks of the one recommended, it adds no need)
    if not (c.intent == "recommend" and (t.followup or t.cues.has("addition")) and not p.products
            and (p.conditions or p.needs) and not t.cues.has("count", "compare", "which_plural")
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
            or not THEM.isdisjoint(t.tokens):
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
    cite, about_the_answer, explain, why_left_out, break_tie, which_not, reverse, rank_last_row, compare_leaders,
    drop_placed, drop_named, add_back, correct, same_as_last, rest, arithmetic_on_last, aggregate_last, is_it_the_top,
    count_last,
    count_entries, value_of_last, the_named_one, leave_out, drop, against_last_figure, same_for, pick_from_last,
    which_have_it, tests_add_up, which_of_count, the_placed_one, rank_step, why_not_this_one, defined_value_is_it,
    needs_add_up, priority_shift, the_other_one, other_than_last, both_of_last, named_by_value)


def carry_on(t: Turn) -> None:
    """What a plain follow-up leaves open: "which of those ..." is about the last result,
    "and its throughput?" about the last products, "and Kafka?" asks the same of Kafka."""
    p, c, kb, cues = t.p, t.context, t.kb, t.cues
    # ("and which product uses GM?" asks a new set question of every product)
    # ("it also has to support push. Which products do?": "it" is what is wanted, no product)
    new_set = bool(p.conditions) and (cues.has("list_products", "which_plural") and (not t.refers or THEM.isdisjoint(t.tokens))
                                      or cues.has("instead"))
    # "higher than RabbitMQ's" (a comparison of products, not of a figure: no test of its own)
    comparing = cues.has(*RANKED) or (cues.has("gt", "lt") and bool(p.products) and not p.conditions)
    # ("Then who is written in Java?" → "And which one in Scala?": another value of a one-value
    # row, in place of the last; of the last result it could only be nothing)
    if p.conditions and c.intent in ("filter", "count") and c.conditions and all(
            x.test == "value" and not x.negated and kb.attributes[x.attribute].kind == "category"
            and any(y.attribute == x.attribute and y.test == "value" and y.ref != x.ref for y in c.conditions)
            for x in p.conditions):
        new_set = True
    # ("is that the top of all five?": "all" is the field ranked, "that" the last product)
    # ("What did each reach?": "each" alone points back, it asks of no new set)
    lone = set(cues.at.get("lone_pointer", ())) if p.refers else set()
    of_all = any(span not in lone for span in cues.at.get("all", ())) \
        and not (p.asks_yes_no and cues.has("superl_desc", "superl_asc"))
    # ("How does RocketMQ handle HA?" → "so if the master dies, does the slave take over?": a yes/no
    # that names no product and no set asks it of the one the conversation is about)
    of_it = p.asks_yes_no and bool(p.conditions) and len(c.products) == 1 and c.intent in ("lookup", "yes_no") \
        and not cues.has("all", "list_products", "which_plural", "wh", "count") \
        and kb.counted_nouns.isdisjoint(t.tokens)
    if not p.products and not p.others and not of_all and not new_set and (
            t.followup or t.refers or p.refers or t.only_rows or of_it or cues.has("overview")):     # "more details please"
        if t.results and t.refers:
            one = cues.has("anaphor_one") and c.intent in ("rank", "recommend")
            scope = c.matches[:1] if one else c.matches
        elif t.results and t.only_rows and c.intent in ("filter", "recommend"):
            scope = c.matches[:3]       # "any downside?" after a recommendation: of what it named
        else:
            scope = c.products
        # ("Of those two, which ...?" after one product each: the two named last)
        two = t.refers and not _TWO.isdisjoint(t.tokens)
        if len(scope) < 2 and len(c.recent) >= 2 and (cues.has("compare") or two or t.refers and cues.has(
                *RANKED) and not cues.has("anaphor_one")):
            # "what's the difference?", "which of them is faster?" after lookups of one product each
            scope = c.recent
        if scope and p.top <= len(scope) and not (
                len(scope) == 1 and cues.has("superl_desc", "superl_asc") and not p.asks_yes_no):
            # (one product is no field to rank: "and the slowest?" after a lookup ranks all;
            # nor are two a top three)
            p.products = list(scope)
            p.from_context = True
    elif p.products and t.refers and (cues.has("compare") or comparing) and not p.conditions:
        # "how does it compare to CKafka?", "is that higher than RabbitMQ's?": the last products and the new one
        # ("compare that one with CKafka" after a ranking: the one it put first)
        # ("how does its stress test compare with ckafka's?" after a list: what the list found)
        last = c.matches[:1] if t.results and cues.has("anaphor_one") and c.intent in ("rank", "recommend") \
            else list(c.matches) if t.results and c.intent == "filter" else c.products
        p.products = list(dict.fromkeys(last + p.products))
        p.from_context = True
        if not p.attributes and c.intent == "lookup" and cues.has("compare"):
            p.attributes = list(c.attributes)     # ("Compare that with how RocketMQ does it.": the row looked up)
    elif comparing and (p.asks_yes_no or t.followup and len(t.tokens) <= 5) and len(p.products) == 1 \
            and not cues.has("than") and c.products and p.products[0] not in c.products and len(c.products) == 1:
        # "Is CMQ's reliability rated higher?", "and ckafka is more?" after RocketMQ's: than the last product
        p.products = p.products + list(c.products)
        p.from_context = p.asks_yes_no = True
    if t.only_rows and p.from_context and c.intent in ("yes_no", "lookup") and all(
            kb.attributes[a].role == "cons" for a in p.attributes):
        # "any catch?" after "does Kafka fail over automatically?": its downsides, and the row
        # asked about, whose own text may hold the catch ("may be lost after switching")
        p.attributes = list(dict.fromkeys(p.attributes + [a for a in c.attributes if kb.attributes[a].role != "pros"]))
    if c.intent == "yes_no" and (t.followup or t.only_rows) and p.from_context and p.conditions:
        p.asks_yes_no, p.inherited = True, "yes_no"      # "Does CKafka support rewind?" → "and security?"
    ranks = [a for a in c.attributes if kb.attributes[a].rankable]
    if not any(kb.attributes[a].rankable for a in p.attributes) and ranks and (t.followup or t.refers) \
            and not cues.has("overview") and comparing and not p.needs:
        # "which one is better?" on the last row; "among the pull-only ones, which has the
        # lowest?": the new tests pick the field, the last row is ranked
        p.attributes = list(p.attributes) + ranks[:1]
    # ("and which has the lowest OPS cost?" states a need of its own: no row carried)
    if t.followup and not p.attributes and not p.conditions and not p.needs and not p.others and not p.topics \
            and not cues.has("overview") and (t.bare_compare or not cues.has("compare")
                                              or c.intent == "rank" and not cues.starts("compare")):
        # "What about RocketMQ?" / "and Kafka?": the same question about new products
        p.attributes = list(c.attributes)
        p.conditions = list(c.conditions)
        if c.items:
            p.items, p.inherited = True, c.intent       # "and for RabbitMQ?" after "how many disadvantages ...?"
        elif c.intent in ("filter", "count") and cues.has("neg", "others"):
            # "and which don't?", "what about the others?": the same test, turned round
            p.conditions = turned_round(p.conditions)
        if t.bare_compare:
            pass                            # the intent follows from "difference"/"compare"
        elif p.products and c.intent == "compare" and not p.from_context:
            p.products = list(dict.fromkeys(c.products + p.products))
            p.inherited = "compare"
        elif p.products and c.intent == "rank" and len(p.products) >= 2:
            p.direction, p.inherited = c.direction, "rank"      # "and between rocketmq and cmq?"
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
    if pointer_left_out(tokens, cues) and context.matches and not p.products:
        # ("Leaving that one out, ...": the one the last answer put first is left out)
        picked = context.matches[:1] if context.intent in ("rank", "recommend") else context.matches
        p.excluded = list(dict.fromkeys(p.excluded + picked))
    for rule in RULES:
        if rule(turn):
            p.operation = rule.__name__
            return
    carry_on(turn)
    p.operation = "carry_on"
