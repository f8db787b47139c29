"""The question on top of a reading: each construction is one named rule, tried in order;
the first that recognises the question decides its intent (and may settle what the
construction implies, such as the row an arithmetic question is about).

Rules read cue groups (bot/language/en.yaml) and what was found (products, rows, tests),
never literal sentences."""
from __future__ import annotations

from collections.abc import Callable

from .context import Condition
from .cues import RANKED
from .intents_measures import (
    AGGREGATE_CUES,
    arithmetic,
    choice,
    count,
    distinct_count,
    list_items,
    ranking,
    same_as,
    shared_values,
    than_one_product,
)
from .reading import SUPERLATIVES, Reading
from .text import language

ROW_WORDS = frozenset(("attribute", "value", "level", "feature"))     # sense kinds that name or test a row

SMALLTALK = ("complaint", "trust", "whoami", "greet", "thanks", "bye")


Rule = Callable[[Reading], "str | None"]


# -- what nothing or little names ------------------------------------------------------

def empty(r: Reading) -> str | None:
    return "help" if not r.tokens else None


def ambiguous_product(r: Reading) -> str | None:
    """"cafka throughput": a word too close to two products to call."""
    if r.p.ambiguous and not r.p.products:
        r.p.unclear = "product"
        return "clarify"
    return None


def inherited(r: Reading) -> str | None:
    """A follow-up that is the last question again ("why?", "and the second?")."""
    return r.p.inherited


def factor_claim(r: Reading) -> str | None:
    """"Is CKafka more than twice as fast as CMQ?"."""
    return "verify" if r.p.factor is not None or r.p.margin is not None else None


def quantified_claim(r: Reading) -> str | None:
    """"exactly two products support push, right?"."""
    p = r.p
    return "verify" if p.quantifier and p.conditions and not p.topics else None


def need_claim(r: Reading) -> str | None:
    """"CKafka guarantees zero message loss, right?": a claim that a product meets a need,
    checked on the need's hard criteria."""
    p = r.p
    # (a scene asked of: only needs that rule products in or out settle it; others weigh, a recommendation)
    hard = any(c.kind in ("require", "avoid") for n in r.kb.needs if n.id in p.needs for c in n.criteria)
    # ("Is RabbitMQ a fit for ingesting millions of events per second?": whether the one product
    # asked about meets the need; "should I use RabbitMQ for ...?" asks for advice, the others too)
    fit = p.asks_yes_no and len(p.products) == 1 and r.cues.has("fit") and not r.cues.has(*SUPERLATIVES)
    if p.claim and p.products and p.needs and not p.conditions and not r.cues.has("recommend", *SUPERLATIVES) \
            or p.scene_asked and p.needs and not p.conditions and hard or fit and p.needs and not p.conditions \
            or p.asks_yes_no and p.against and p.products and not p.conditions:   # "Does CKafka ever lose messages?"
        p.quantifier = "fails" if p.against else "meets"
        return "verify"
    return None


def found_in_cells(r: Reading) -> str | None:
    """"Does Kafka need zookeeper?": the cells that use a term no row names."""
    return "lookup" if r.p.found else None


def term_in_product(r: Reading) -> str | None:
    """"what's the name server in RocketMQ?"."""
    p = r.p
    if p.glossary and p.products and p.pure_term and r.cues.has("define") and not p.attributes:
        return "glossary"
    return None


def definition(r: Reading) -> str | None:
    """"What is ISR?", "define CRC" ("the throughput of the products that support push"
    asks of products, and "what is the total QPS of ..." sums: neither defines)."""
    p, cues, tokens = r.p, r.cues, r.tokens
    if p.glossary and not p.products and not p.others and not p.needs and not cues.has("all", "list_products") \
            and (cues.has("define") or p.bare_term) and not cues.has("count", "recommend", *AGGREGATE_CUES) \
            and not (cues.first("wh") == 0 and tokens[0] in ("which", "list", "show")):
        return "glossary"
    return None


def scoring(r: Reading) -> str | None:
    """"Score each candidate, 1 point per requirement met; who comes out on top?": ranked by points."""
    if not (r.p.scored and r.p.conditions):
        return None
    r.p.direction, r.p.avoid = "desc", False       # (most points first; "eliminate must-failures" avoids nothing)
    return "rank"


def drop_tests(r: Reading) -> str | None:
    """"Drop the ones written in C++." opening a conversation (or after a list): the products
    the tests leave out are dropped, so those that fail them remain."""
    p, cues = r.p, r.cues
    first = cues.first("drop")
    # ("Eliminate any candidate developed in Scala or Java. Who is left?": ruled out, then what remains)
    if first is None and cues.has("avoid") and not _REMAINDER.isdisjoint(r.tokens):
        first = cues.first("avoid")
    if first is None or first > 1 or not p.conditions or p.products or p.inherited or p.asks_yes_no:
        return None
    p.avoid = False
    p.conditions = [c.model_copy(update={"negated": not c.negated}) for c in p.conditions]
    p.any_of = not p.any_of and len(p.conditions) > 1      # (not (A and B)) is (not A) or (not B)
    return "filter"


def what_is_left(r: Reading) -> str | None:
    """"Avoid anything whose disadvantages mention losing messages. What's left?": the products
    the ruling leaves, when the question asks nothing else of them."""
    p = r.p
    return "count" if p.ruled_out and not (p.products or p.attributes or p.conditions or p.needs) else None


def nothing_named(r: Reading) -> str | None:
    """No product, row, test or need: small talk, help, a list, or a question to ask back."""
    p, cues, tokens = r.p, r.cues, r.tokens
    if r.entity or p.topics:
        return None
    for kind in SMALLTALK:
        if cues.has(kind) and not cues.has("help", "list_attributes", "list_products"):
            p.smalltalk = kind
            return "smalltalk"
    if cues.has("help"):
        return "help"
    if cues.has("overview", "compare") and cues.has("all"):
        return "compare"                  # "an overview of all products"
    if cues.has("count") and cues.has("list_attributes"):
        return "list_attributes"
    if cues.has("list_products") or (cues.has("count") and "products" in tokens):
        return "count" if cues.has("count") else "list_products"
    if cues.has("list_attributes"):
        return "list_attributes"
    if cues.has("compare"):
        return "compare"                  # "compare all five", "compare everything"
    if cues.has("recommend") and (p.needs or cues.has("superl_desc")):
        return "recommend"
    if cues.has("recommend"):
        p.unclear = "needs"
        return "clarify"
    if cues.has(*RANKED):
        p.unclear = "row"
        return "clarify"
    return "unknown"


def unknown_product(r: Reading) -> str | None:
    """"Is Kestrel written in Java?": a product outside the matrix, and none in it."""
    return "unknown" if r.p.others and not r.p.products else None


def unknown_beside_known(r: Reading) -> str | None:
    """"Is ActiveMQ faster than RabbitMQ?", "nats vs rabbit?": a comparison with a product the
    matrix lacks has no answer from it; the known side alone is no comparison ("tell me about
    RabbitMQ and Kafka, and NATS" still describes the two it has)."""
    p = r.p
    if not p.others:
        return None
    if r.comparative or r.cues.has("compare", "than", *SUPERLATIVES) or r.than_product:
        return "unknown"
    if p.attributes:
        return "lookup"
    return "overview" if len(p.products) == 1 else "compare"


def topic_only(r: Reading) -> str | None:
    """"Does Kafka guarantee ordering?": a subject the matrix lacks, and no row it has;
    "Which version numbers were used in the stress test?", "which cloud regions is CMQ in?":
    the question asks for the subject the matrix lacks, whatever rows it names besides."""
    p = r.p
    if p.topics and not p.attributes and not p.conditions \
            and not (p.needs and r.cues.has("recommend", "superl_desc")):
        return "unknown"
    # ("What license is RocketMQ under, and what language does it use?" asks a row too)
    if p.topics and r.asked_topic and not r.asked_row:
        p.attributes, p.conditions = [], []
        return "unknown"
    if p.topics and p.from_context and not p.needs and not any(m.kinds & ROW_WORDS for m in r.mentions):
        # "which of them is cheapest per month?": the subject is the one asked of the last turn's
        # products, not the row that turn asked
        p.attributes, p.conditions = [], []
        return "unknown"
    return None


# -- the question families ---------------------------------------------------------------

# a yes/no that asks what a product can do, not what to choose ("can I use ...", "could we ...")
ABILITY = frozenset((str(w),) for w in language("en")["ability_words"])
_REMAINDER = frozenset(str(w) for w in language("en")["compound"]["scene_remainder"])
_OPENERS = frozenset(str(w) for w in language("en")["openers"] + language("en")["lead_fillers"])


def _first_word(tokens) -> tuple[str, ...]:
    """The first word after the ones a question may open with ("quick one - does ...": does)."""
    return next(((t,) for t in tokens if t not in _OPENERS), ())

def compliance(r: Reading) -> str | None:
    """"Requirement: at least 150,000 QPS. Which candidates comply?": the products that pass
    the tests, not a pick (needs a scene states beside them weigh nothing: "auditors ... Which
    products tick all three boxes?")."""
    p = r.p
    return "filter" if r.cues.has("comply") and p.conditions and not p.products else None


def recommendation(r: Reading) -> str | None:
    """"What should I use for payments?", "the best for high throughput"."""
    p, cues = r.p, r.cues
    if cues.has("which_plural") and p.conditions and not cues.has(*SUPERLATIVES) and not (
            p.needs and cues.has("recommend")):
        return None         # "we need rewind and 150k QPS: which products qualify?" lists them all
                            # (needs the scene states too: "auditors ... must have X and Y. Which products tick both?")
    if p.asks_yes_no and len(p.products) == 1 and p.conditions and (
            not p.needs and _first_word(r.tokens) in ABILITY or p.scene_asked or r.cues.has("fit")):
        return None         # "can I use RabbitMQ for push delivery?": whether it has it, a yes or no
                            # ("should I use RabbitMQ if I need replay?" asks for advice: the others too)
    weighable = p.needs or p.conditions or any(r.kb.attributes[a].rankable for a in p.attributes)
    # ("the lowest operations burden": the need says which way is better)
    # ("our cluster grows and shrinks every week": a need stated, with no question, asks for a pick)
    stated = p.stated and p.needs and not p.products and not p.attributes and not p.asks_yes_no
    if (cues.has("recommend") and weighable or p.needs and cues.has(*SUPERLATIVES) and not p.attributes
            or stated) and not cues.has("count"):
        return "recommend"
    if p.needs and len(p.products) >= 2 and not p.asks_yes_no and (r.comparative or "which" in r.tokens) \
            and not cues.has("count", *SUPERLATIVES):
        return "recommend"      # ("Between those, which is cheaper to keep running for a tiny ops crew?")
    return None


def all_products_yes_no(r: Reading) -> str | None:
    """"Do all products support pull?": each one's answer."""
    p = r.p
    if p.conditions and not p.products and p.asks_yes_no and r.cues.has("all"):
        p.products = list(r.kb.products)
        return "yes_no"
    return None


def which_of_named(r: Reading) -> str | None:
    """"Of RabbitMQ and RocketMQ, which supports push?": the products named that pass the test."""
    p = r.p
    if len(p.products) >= 2 and p.conditions and r.cues.has("which_of") and not p.asks_yes_no \
            and not p.from_context and all(c.test not in ("relative", "same_as") for c in p.conditions):
        return "filter"
    return None


def filtering(r: Reading) -> str | None:
    """"Which products support push?", "of those, which have rewind?"."""
    p = r.p
    numeric_filter = any(c.test == "number" for c in p.conditions)     # "between 110k and 210k"
    if p.from_context and len(p.products) == 1 and all(c.test == "has" and c.attribute in p.attributes
                                                       for c in p.conditions) \
            and "which" not in r.tokens and not {"what", "how"}.isdisjoint(r.tokens):
        return None         # ("Not CKafka, the other one. What does it use for data verification?": its cell)
    if p.conditions and (not p.products or (p.from_context and not p.asks_yes_no)) \
            and (numeric_filter or not r.cues.has("compare")):
        return "filter"
    return None


def which_of_values(r: Reading) -> str | None:
    """"Is Kafka written in Scala or Java?" asks which one, not whether either."""
    p = r.p
    if p.products and p.asks_yes_no and p.any_of and len(p.conditions) > 1 and len(
            {(c.attribute, c.negated) for c in p.conditions}) == 1 and not p.conditions[0].negated \
            and all(c.test in ("value", "level", "only") for c in p.conditions):
        attribute = p.conditions[0].attribute
        p.attributes = [attribute]
        if p.conditions[-1].test == "only" and len(p.conditions) == 2:
            # ("does Kafka support push, or only pull?": whether the first; the other is what is left)
            p.conditions, p.any_of = p.conditions[:1], False
            return "yes_no"
        values_at = min((m.start for m in r.mentions for s in m.senses if s.attribute == attribute
                         and s.kind in ("value", "level")), default=None)
        if values_at is not None and any(e == values_at for _, e in r.cues.at.get("examples", ())) \
                and r.kb.attributes[attribute].can_lack:
            # ("any data verification like CRC or checksums?": whether it has the row at all)
            p.conditions = [Condition(attribute, "has")]
            return "yes_no"
        return "lookup"
    return None


def yes_no(r: Reading) -> str | None:
    """"Does RabbitMQ support push?", "rabbit supports push, doesn't it?"."""
    p = r.p
    return "yes_no" if p.products and p.asks_yes_no and p.conditions else None


def comparison(r: Reading) -> str | None:
    """"Compare Kafka and RabbitMQ", "do they use the same replication?"."""
    p = r.p
    if (r.cues.has("compare") or p.asks_same or p.groups_same or p.in_common and len(p.products) > 1) \
            and (len(p.products) > 1 or not p.products):
        return "compare"
    return None


def lacks(r: Reading) -> str | None:
    """"What does RocketMQ lack?": the rows where the matrix gives it nothing."""
    p = r.p
    if len(p.products) == 1 and not p.attributes and not p.conditions and r.cues.has("neg") and not p.asks_yes_no:
        p.lacks = True
        p.attributes = [a.id for a in r.kb.attributes.values() if a.can_lack or a.role == "cons"]
        return "lookup"
    return None


def about_products(r: Reading) -> str | None:
    """"Tell me about CMQ", "Kafka vs RabbitMQ"."""
    p = r.p
    if p.products and not p.attributes:
        return "overview" if len(p.products) == 1 else "compare"
    return None


def rows_of_all(r: Reading) -> str | None:
    """"throughput?": every product's cell of the row."""
    return "compare" if r.p.attributes and not r.p.products else None


def lookup(r: Reading) -> str | None:
    """"What language is RabbitMQ written in?"."""
    return "lookup" if r.p.products and r.p.attributes else None


RULES: tuple[Rule, ...] = (
    empty, ambiguous_product, inherited, scoring, factor_claim, quantified_claim, need_claim, found_in_cells, term_in_product,
    definition, drop_tests, what_is_left, nothing_named, unknown_product, unknown_beside_known, topic_only,
    compliance, recommendation, list_items, distinct_count, count, arithmetic, than_one_product, same_as,
    shared_values, ranking, choice, all_products_yes_no, which_of_named, filtering, which_of_values, yes_no,
    comparison, lacks, about_products, rows_of_all, lookup)


def decide(r: Reading) -> tuple[str, str]:
    """The intent of the first rule that recognises the question, and that rule's name."""
    for rule in RULES:
        intent = rule(r)
        if intent is not None:
            return intent, rule.__name__
    return "unknown", "none"
