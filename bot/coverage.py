"""Coverage: every word of a question is either read into its query or explained. A word
nothing reads, that could change the answer, turns a would-be answer into an honest one:
"Does Kafka support sharding?" gets "the matrix has nothing on sharding", not an overview
of Kafka, and "Which product is twice as fast?" is asked back, not ranked."""
from __future__ import annotations

from .cues import STOPWORDS, language
from .parse import Parse


class Coverage:
    def __init__(self, known_words: frozenset[str]):
        self.known = known_words | STOPWORDS
        self.factors = frozenset(str(k) for k in language("en")["factors"])
        self.feature_verbs = frozenset(str(v) for v in language("en")["feature_verbs"])

    def unread(self, tokens, taken: set[int]) -> list[str]:
        """Content words no mention, cue or term took, after a verb that asks for a feature:
        "sharding" in "Does Kafka support sharding?" ("Is moving to CKafka worth it?" has none)."""
        verb = next((i for i, t in enumerate(tokens) if t in self.feature_verbs and i > 0), None)
        if verb is None:
            return []
        return [t for i, t in enumerate(tokens) if i > verb and i not in taken and t.isalpha() and len(t) > 1
                and t not in self.known]

    def factors_unread(self, tokens, inside: set[int]) -> list[str]:
        """"twice", "double" standing alone (not inside a value such as "double synchronous writes")."""
        return [t for i, t in enumerate(tokens) if t in self.factors and i not in inside]

    def apply(self, p: Parse, tokens, unread: list[str], missed: list[str], understood) -> None:
        """Settle what the unread words mean for the answer, in place; `understood` gives the
        query line the rest was read as."""
        content = [t for t in tokens if t.isalpha() and t not in STOPWORDS]
        if content and p.intent not in ("smalltalk", "help", "clarify"):
            read = 1 - len(unread) / len(content)
            p.confidence = min(p.confidence, round(0.5 + 0.5 * read, 3))
        if unread and p.asks_yes_no and p.rule == "about_products" and not p.claim:
            # a yes/no about a product on something no row covers: say so, do not describe the product
            p.intent, p.rule = "unknown", "unread_feature"
            p.topics = [f"“{' '.join(unread)}”"]
            return
        if missed and p.factor is None and p.aggregate not in ("ratio", "diff") and p.intent in ("filter", "rank", "yes_no", "lookup", "compare"):
            # "Which product is twice as fast as RabbitMQ?": a factor no rule took would be dropped
            p.understood, p.unclear = understood(), "words"
            p.intent, p.rule, p.unread = "clarify", "unread_factor", missed
            p.confidence = min(p.confidence, 0.4)
