"""Follow-ups: what a question leaves to the previous turn ("and RocketMQ?", "which of
them is faster?", "and the second?", "why?", "which ones?")."""
from __future__ import annotations

from .context import Condition, Context
from .cues import STOPWORDS, WHICH_WORDS, WHY_WORDS, Cues
from .loader import Knowledge
from .parse import Parse



def _turned_round(conditions: list[Condition]) -> list[Condition]:
    """The same tests negated: "and which don't?", "what about the others?"."""
    return [c.model_copy(update={"negated": not c.negated}) for c in conditions]


def _after_greeting(tokens, cues: Cues) -> int | None:
    """Where the question starts after a greeting that opens it ("hey bot, ..."), if one does."""
    end = next((e for name in ("greet", "thanks") for s, e in cues.at.get(name, ()) if s == 0), None)
    while end is not None and end < len(tokens) and tokens[end] in ("bot", "mqbot", "so", "then"):
        end += 1
    return end


def resolve(kb: Knowledge, p: Parse, cues: Cues, tokens, context: Context | None) -> None:
    """Fill in what the question leaves to the last turn, in place."""
    if context is None or not context.intent:
        return
    if cues.has("complaint", "trust") and not (p.products or p.attributes or p.conditions):
        return          # "that's not right", "are you sure?" are about the answer, not a new question
    if "why" in tokens and set(tokens) <= WHY_WORDS:
        # "why?": the last question again, so its reasons are shown
        p.products, p.attributes = list(context.products), list(context.attributes)
        p.conditions, p.needs = list(context.conditions), list(context.needs)
        p.direction, p.aggregate = context.direction, context.aggregate
        p.inherited, p.from_context = context.intent, True
        return
    if context.intent in ("count", "filter") and context.conditions and "which" in tokens \
            and set(tokens) <= WHICH_WORDS:
        # "How many support push?" → "which ones?": the same question as a list
        p.products, p.conditions = list(context.products), list(context.conditions)
        p.from_context, p.inherited = bool(context.products), "filter"
        return
    bare_compare = cues.has("compare") and not (p.products or p.attributes or p.others)
    opening = _after_greeting(tokens, cues)
    followup = cues.starts("followup") or (cues.has("followup") and len(tokens) <= 4) or bare_compare \
        or (opening is not None and cues.first("followup") == opening)     # "hey bot, what about RocketMQ?"
    refers = cues.has("anaphor") or bare_compare      # "what's the difference?"
    # "reliability?" after a product: its row; "which products support rewind?" is a new question
    only_rows = bool(p.attributes) and not p.products and not p.conditions and not cues.has("list_products") \
        and len([t for t in tokens if t not in STOPWORDS]) <= 3
    results = context.intent in ("filter", "count", "rank", "recommend") and context.matches
    if context.intent == "rank" and (followup or only_rows) and not refers and not p.products and not p.conditions \
            and not cues.has("overview", "compare", "count") and (cues.has("second", "third") or any(
                kb.attributes[a].rankable for a in p.attributes)):
        # "and the second?", "in the stress test?": the same ranking, one step on
        p.attributes = [a for a in p.attributes if kb.attributes[a].rankable] or list(context.attributes)
        if not cues.has("superl_desc", "superl_asc", "compar_desc", "compar_asc", "order_asc", "order_desc"):
            p.direction = context.direction
        p.products = [pid for pid in context.products if pid not in p.excluded] \
            if len(context.products) < len(kb.products) else []
        p.inherited = "rank"
        return
    if context.intent == "recommend" and p.products and not (p.attributes or p.conditions or p.needs) \
            and ("why" in tokens or followup):
        # "Recommend something for finance" → "why not Kafka?", "what about RocketMQ?"
        p.needs, p.conditions = list(context.needs), list(context.conditions)
        p.attributes, p.inherited = list(context.attributes), "recommend"
        return
    if context.intent == "glossary" and context.conditions and refers and not (p.conditions or p.attributes):
        # "What is ISR?" → "which products use it?", "does Kafka use it?"
        p.conditions, p.attributes = list(context.conditions), list(context.attributes)
        if "of" in tokens and not {"them", "those", "these"}.isdisjoint(tokens) and context.products:
            p.products, p.from_context = list(context.products), True     # "which of them uses it?"
        return
    if context.intent == "recommend" and followup and not p.products and (p.conditions or p.needs) \
            and not cues.has("count", "compare"):
        # "I need high reliability" → "and push delivery too": the criteria add up
        p.needs = list(dict.fromkeys(context.needs + p.needs))
        p.conditions = list(dict.fromkeys(context.conditions + p.conditions))
        p.attributes = list(dict.fromkeys(context.attributes + p.attributes))
        p.inherited = "recommend"
        return
    if not p.products and not p.others and not cues.has("all") and (
            followup or refers or only_rows or cues.has("overview")):     # "more details please"
        # "which of those ...": the last result ("it" after a ranking: its winner);
        # "and its throughput?": the last products
        if results and refers:
            one = cues.has("anaphor_one") and context.intent in ("rank", "recommend")
            scope = context.matches[:1] if one else context.matches
        else:
            scope = context.products
        if len(scope) < 2 and len(context.recent) >= 2 and (cues.has("compare") or refers and cues.has(
                "compar_desc", "compar_asc", "superl_desc", "superl_asc") and not cues.has("anaphor_one")):
            # "what's the difference?", "which of them is faster?" after lookups of one product each
            scope = context.recent
        if scope and p.top <= len(scope) and not (
                len(scope) == 1 and cues.has("superl_desc", "superl_asc") and not p.asks_yes_no):
            # (one product is no field to rank: "and the slowest?" after a lookup ranks all;
            # nor are two a top three)
            p.products = list(scope)
            p.from_context = True
    elif p.products and refers and cues.has("compare"):
        # "how does it compare to CKafka?": the last products and the new one
        p.products = list(dict.fromkeys(context.products + p.products))
        p.from_context = True
    if cues.has("count") and not (p.products or p.attributes or p.conditions) and context.conditions:
        p.conditions = list(context.conditions)        # "how many are there?": of the last answer's scope
        if cues.has("neg", "others"):                              # "and how many don't?"
            p.conditions = _turned_round(p.conditions)
        if context.intent in ("filter", "count") and context.products:
            p.products, p.from_context = list(context.products), True
    if context.intent == "yes_no" and (followup or only_rows) and p.from_context and p.conditions:
        p.asks_yes_no, p.inherited = True, "yes_no"      # "Does CKafka support rewind?" → "and security?"
    ranks = [a for a in context.attributes if kb.attributes[a].rankable]
    if not p.attributes and ranks and (followup or refers) and not cues.has("overview") and cues.has(
            "compar_desc", "compar_asc", "superl_desc", "superl_asc"):
        p.attributes = ranks[:1]                      # "which one is better?" on the last row
    if followup and not p.attributes and not p.conditions and not p.others \
            and not cues.has("overview") and (bare_compare or not cues.has("compare")):
        # "What about RocketMQ?" / "and Kafka?": the same question about new products
        p.attributes = list(context.attributes)
        p.conditions = list(context.conditions)
        if context.intent in ("filter", "count") and cues.has("neg", "others"):
            # "and which don't?", "what about the others?": the same test, turned round
            p.conditions = _turned_round(p.conditions)
        if bare_compare:
            pass                            # the intent follows from "difference"/"compare"
        elif p.products and context.intent == "compare" and not p.from_context:
            p.products = list(dict.fromkeys(context.products + p.products))
            p.inherited = "compare"
        elif p.products and context.intent in ("yes_no", "overview", "lookup"):
            p.asks_yes_no = context.intent == "yes_no"
            p.inherited = context.intent
        elif p.products and context.intent in ("filter", "count") and p.conditions:
            p.asks_yes_no = True
            p.inherited = "yes_no"
