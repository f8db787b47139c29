"""Coverage: every word of a question is either read into its query or explained. A word
nothing reads, that could change the answer, turns a would-be answer into an honest one:
"Does Kafka support sharding?" gets "the matrix has nothing on sharding", not an overview
of Kafka, and "Which product is twice as fast?" is asked back, not ranked."""
from __future__ import annotations

from collections.abc import Callable

from .cues import STOPWORDS
from .parse import Parse
from .text import language


class Coverage:
    def __init__(self, known_words: frozenset[str]):
        self.known = known_words | STOPWORDS
        self.factors = frozenset(str(k) for k in language("en")["factors"])
        self.feature_verbs = frozenset(str(v) for v in language("en")["feature_verbs"])

    def apply(self, p: Parse, tokens, taken: Callable[[], set[int]], named: Callable[[], set[int]],
              understood: Callable[[], str]) -> None:
        """Settle what unread words mean for the answer, in place. `taken` gives the positions
        some mention, cue or term read, `named` those of mentions, `understood` the query line
        the rest was read as: each is worked out only when a word needs it."""
        strangers = [i for i, t in enumerate(tokens) if t not in self.known and t.isalpha() and len(t) > 1]
        missed = [i for i, t in enumerate(tokens) if t in self.factors]
        if not strangers and not missed:
            return                      # every word is one the bot knows: the common case
        read = taken() if strangers else set()
        unread = [i for i in strangers if i not in read]
        content = sum(1 for t in tokens if t.isalpha() and t not in STOPWORDS)
        if unread and content and p.intent not in ("smalltalk", "help", "clarify"):
            p.confidence = min(p.confidence, round(0.5 + 0.5 * (1 - len(unread) / content), 3))
        verb = next((i for i, t in enumerate(tokens) if t in self.feature_verbs and i > 0), None)
        asked = [tokens[i] for i in unread if verb is not None and i > verb]
        if asked and p.asks_yes_no and p.rule == "about_products" and not p.claim:
            # "Does Kafka support sharding?": a feature no row covers; say so, do not describe Kafka
            p.intent, p.rule = "unknown", "unread_feature"
            p.topics = [f"“{' '.join(asked)}”"]
            return
        inside = named() if missed else set()
        factors = [tokens[i] for i in missed if i not in inside]     # not "double synchronous writes"
        by_factor = any(c.test == "relative" and c.number for c in p.conditions)     # "more than twice CMQ's"
        if factors and p.factor is None and not by_factor and p.aggregate not in ("ratio", "diff") \
                and p.intent in ("filter", "rank", "yes_no", "lookup", "compare"):
            # "Which product is twice as fast as RabbitMQ?": a factor no rule took would be dropped
            p.understood, p.unclear = understood(), "words"
            p.intent, p.rule, p.unread = "clarify", "unread_factor", factors
            p.confidence = min(p.confidence, 0.4)
