"""Follow-ups that change the set of products the last answer was about: some named ones
dropped ("drop apache kafka", "remove RocketMQ from that") or added back ("add RocketMQ
back"), the others than the last product ("which other product lists ...?"), both of the
last two ("do both support rewind?"), the other one of them ("the other one"), and a
product named by its value ("same question for the Java one")."""
from __future__ import annotations

from .context import Condition
from .cues import RANKED
from .facts import satisfies
from .followup_turn import NO_QUESTION, Turn
from .text import language

_WORDS = language("en")
_ADD = frozenset(str(w) for w in _WORDS["set_words"]["add"])
_OTHER = frozenset(str(w) for w in _WORDS["set_words"]["other"])
_BOTH = frozenset(str(w) for w in _WORDS["set_words"]["both"])
_ONE = frozenset(str(w) for w in _WORDS["set_words"]["one"])
_PICKING = frozenset(str(w) for w in _WORDS["set_words"]["picking"])
_FIRST = frozenset(str(w) for w in _WORDS["set_words"]["first_placed"])


def _the_x_one(words, x: int = 2) -> bool:
    """"the Java one", "that other one": a picking word, a word or two, then "one" (or "product")."""
    return any(w in _PICKING and any(words[i + k:i + k + 1] and words[i + k] in _ONE for k in range(2, x + 2))
               for i, w in enumerate(words))


def _last_set(t: Turn) -> list[str]:
    """What the last answer was about: its result for a list or a ranking, else its products."""
    c = t.context
    return list(c.matches) if t.results else list(c.products)


def drop_named(t: Turn) -> bool:
    """"drop apache kafka", "remove RocketMQ from that" after a list: the last result without them."""
    p, c = t.p, t.context
    if not t.cues.has("drop") or not p.products or p.conditions or p.attributes or not t.results:
        return False
    named = list(p.products)
    t.again(c.intent)
    p.products = [pid for pid in c.matches if pid not in named]
    p.from_context = True
    return bool(p.products)


def drop_placed(t: Turn) -> bool:
    """"drop the top one", "now without the last one" after a ranking: the same ranking
    without the product at that place."""
    p, c, cues = t.p, t.context, t.cues
    if not cues.has("drop") or p.products or p.conditions or c.intent != "rank" or len(c.matches) < 3:
        return False
    at = 1 if cues.has("second") else -1 if cues.has("last_place") else 0 if not _FIRST.isdisjoint(t.tokens) else None
    if at is None:
        return False
    gone = c.matches[at]
    attributes = list(p.attributes)
    t.again("rank")
    p.products = [pid for pid in c.matches if pid != gone]
    p.attributes = attributes or p.attributes
    return True


def add_back(t: Turn) -> bool:
    """"add RocketMQ back", "include CMQ too" after a list: the last result with them; the
    last question is asked of that set."""
    p, c = t.p, t.context
    if _ADD.isdisjoint(t.tokens) or not p.products or p.conditions or p.attributes or c.intent in NO_QUESTION:
        return False
    named = list(p.products)
    t.again(c.intent)
    p.products = list(dict.fromkeys(_last_set(t) + named))
    p.conditions = [] if c.intent in ("filter", "count") else p.conditions
    p.attributes = list(c.attributes)
    p.inherited = "lookup" if c.intent in ("filter", "count") else c.intent
    p.from_context = True
    return True


def other_than_last(t: Turn) -> bool:
    """"Which other product lists inflexible scalability as a disadvantage?" after one
    product's row: the question, asked of the products other than the last one."""
    p, c = t.p, t.context
    # ("what other disadvantages does it have?": other rows of the same product)
    if _OTHER.isdisjoint(t.tokens) or t.cues.has("same", "anaphor_one") or p.products and not p.found \
            or t.cues.has(*RANKED) and t.cues.first("wh") == 0 \
            or not (p.conditions or p.found or p.attributes) \
            or not c.products or len(c.products) == len(t.kb.products) or c.intent in NO_QUESTION:
        return False
    p.excluded = list(dict.fromkeys(p.excluded + list(c.products)))
    if p.found:
        p.found_in = [pid for pid in p.found_in if pid not in p.excluded]
        p.found_cells = [cell for cell in p.found_cells if cell[0] not in p.excluded]
        p.products = [pid for pid in p.products if pid not in p.excluded]
    return True


def both_of_last(t: Turn) -> bool:
    """"Do both support message rewind?" after two products: the question of those two."""
    p, c = t.p, t.context
    if _BOTH.isdisjoint(t.tokens) or p.products or len(c.products) != 2 or not (p.conditions or p.attributes) \
            or t.cues.has("list_products", "which_plural"):
        return False            # ("Which products let me do both push and pull?" asks of all five)
    p.products, p.from_context = list(c.products), True
    return True


def the_other_one(t: Turn) -> bool:
    """"what language is the other one written in?" after one of two products was picked:
    the one of the two it did not pick."""
    p, c = t.p, t.context
    words = t.tokens
    # ("Which of the two is more reliable, and why is the other one lower?" ranks the two itself)
    if p.products or _OTHER.isdisjoint(words) or not _the_x_one(words, 1) or len(c.recent) < 2 \
            or t.cues.has(*RANKED) and t.cues.first("wh") == 0:
        return False
    picked = c.matches[:1] if c.matches else c.products[-1:]
    pair = c.recent[-2:] if len(c.products) < 2 else c.products[:2]
    other = [pid for pid in pair if pid not in picked]
    if len(other) != 1:
        return False
    p.products, p.from_context = other, True
    if not (p.attributes or p.conditions):
        p.attributes = list(c.attributes)
    return True


def named_by_value(t: Turn) -> bool:
    """"Same question for the Java one." after a lookup: the product whose cell has that
    value, asked the last question."""
    p, c = t.p, t.context
    if p.products or len(p.conditions) != 1 or not _the_x_one(t.tokens) or c.intent not in ("lookup", "yes_no") \
            or not c.attributes or p.conditions[0].negated:
        return False
    test: Condition = p.conditions[0]
    holders = [pid for pid in t.kb.products if satisfies(t.kb, pid, test)]
    if len(holders) != 1 or test.attribute in c.attributes:
        return False
    t.again(c.intent)
    p.products, p.conditions = holders, list(c.conditions) if c.intent == "yes_no" else []
    return True


def the_named_one(t: Turn) -> bool:
    """"the cloud one", "the self-managed one", "what about the Tencent one?": the product whose
    own names use that word; of several, the one the conversation was about, or the one that
    shares a name with the last product ("not Apache Kafka, the cloud one": CKafka)."""
    p, c = t.p, t.context
    if p.products or p.conditions or c.intent in NO_QUESTION:
        return False
    said = next((t.tokens[i + 1:i + 1 + k] for i, w in enumerate(t.tokens) if w in _PICKING
                 for k in (1, 2) if t.tokens[i + 1 + k:i + 2 + k] and t.tokens[i + 1 + k] in _ONE), None)
    if not said or not set(said).isdisjoint(_OTHER):
        return False
    holders = [pid for pid in t.kb.products if set(said) <= t.kb.product_words[pid]]
    talked = [pid for pid in holders if pid in c.products or pid in c.recent]
    last = set().union(*(t.kb.product_words[pid] for pid in (c.products or c.recent[-1:]))) - set(said)
    alike = [pid for pid in holders if t.kb.product_words[pid] & last]
    pick = holders if len(holders) == 1 else talked if len(talked) == 1 else alike if len(alike) == 1 else []
    if not pick:
        return False
    p.products, p.from_context = pick, True
    if not p.attributes:
        p.attributes = list(c.attributes)
    return True

