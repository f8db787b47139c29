"""A follow-up question beside the turn before it: what the follow-up operations read."""
from __future__ import annotations

from dataclasses import dataclass

from .context import Condition, Context
from .cues import RANKED, STOPWORDS, Cues
from .loader import Knowledge
from .parse import Parse
from .text import language

# turns that asked nothing of the matrix: nothing to cite, correct, pick from or leave out of
NO_QUESTION = frozenset(("smalltalk", "help", "unknown", "clarify", None))
THEM = frozenset(("them", "those", "these"))      # "which of them ...": the last products
_EITHER = frozenset(str(w) for w in language("en")["either_words"])    # "either ... or": a choice, no pointer


def turned_round(conditions: list[Condition]) -> list[Condition]:
    """The same tests negated: "and which don't?", "what about the others?"."""
    return [c.model_copy(update={"negated": not c.negated}) for c in conditions]


def after_greeting(tokens, cues: Cues) -> int | None:
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
        opening = after_greeting(tokens, cues)
        # "which is better?", "who wins?": nothing but a comparison, of what the last turn asked about
        bare_rank = cues.has(*RANKED) and not (p.products or p.attributes or p.conditions or p.needs or p.others) \
            and len([t for t in tokens if t not in STOPWORDS]) <= 2
        # ("rocketmq?" after "does cmq have service support?": nothing but a product's name)
        # (after an overview, another name alone is another overview, read as the first was)
        bare_names = bool(p.products) and context.intent != "overview" and all(
            t in self.kb.name_words or t in STOPWORDS for t in tokens)
        self.followup = cues.starts("followup") or (cues.has("followup") and len(tokens) <= 4) \
            or self.bare_compare or bare_rank or bare_names or (opening is not None and cues.first("followup") == opening)
        # ("written in either C++ or Java": "either ... or" points at nothing)
        pointing = [(s, e) for s, e in cues.at.get("anaphor", ())
                    if not (len(tokens[s:e]) == 1 and tokens[s] in _EITHER and "or" in tokens[e:])]
        self.refers = bool(pointing) or self.bare_compare      # "what's the difference?"
        # "reliability?" after a product: its row; "which products support rewind?" is a new question
        self.only_rows = bool(p.attributes) and not p.products and not p.conditions \
            and not cues.has("list_products") and len([t for t in tokens if t not in STOPWORDS]) <= 3
        self.results = context.intent in ("filter", "count", "rank", "recommend") and bool(context.matches)
        self.named = bool(p.products or p.attributes or p.conditions or p.others or p.needs)

    def named_at(self) -> int | None:
        """Where the follow-up first names a product."""
        return next((i for i, w in enumerate(self.tokens) if w in self.kb.name_words), None)

    def again(self, intent: str | None = None) -> None:
        """The last question again, as it was asked (its products, rows, tests and needs)."""
        p, c = self.p, self.context
        p.products, p.attributes = list(c.products), list(c.attributes)
        p.conditions, p.needs = list(c.conditions), list(c.needs)
        p.direction, p.aggregate, p.items = c.direction, c.aggregate, c.items
        p.quantifier, p.quantity = c.quantifier, c.quantity       # ("where does it say that?" after a claim)
        if (intent or c.intent) == "rank":
            p.top = c.top
        p.inherited, p.from_context = intent or c.intent, True


