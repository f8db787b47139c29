"""Coverage: every word of a question is either read into its query or explained. A word
nothing reads, that could change the answer, turns a would-be answer into an honest one:
"Does Kafka support sharding?" gets "the matrix has nothing on sharding", not an overview
of Kafka, and "Which product is twice as fast?" is asked back, not ranked."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from rapidfuzz import fuzz, process

from .cues import STOPWORDS
from .parse import Parse
from .text import language


class Coverage:
    def __init__(self, known_words: frozenset[str], cell_words: frozenset[str] = frozenset()):
        self.known = known_words | STOPWORDS
        # fuzz.ratio is 2 * common letters / both lengths, so a score of 80 needs the longer word
        # at most half as long again as the shorter: each length's candidates, listed once
        longest = max(map(len, self.known), default=0)
        self._same_length = {n: [w for w in self.known if max(n, len(w)) <= 1.5 * min(n, len(w))]
                             for n in range(4, longest * 3 // 2 + 1)}
        self.cell_words = cell_words        # the words of the cells' own text
        self.factors = frozenset(str(k) for k in language("en")["factors"])
        self.feature_verbs = frozenset(str(v) for v in language("en")["feature_verbs"])
        self.property_openers = frozenset(str(v) for v in language("en")["property_openers"])
        self.open_questions = frozenset(str(v) for v in language("en")["open_questions"])
        self.what_is = [tuple(str(v).split()) for v in language("en")["what_is"]]
        # a word's verdict depends on the word alone, and one test scans a thousand known words
        # (about 60 µs): slips come back ("suport", "mesage"), so each is tested once
        self._typo = lru_cache(maxsize=4096)(self._typo_uncached)

    def _typo_uncached(self, word: str) -> bool:
        """A slip of a word the bot knows ("suport", "mesage")."""
        return len(word) > 3 and process.extractOne(word, self._same_length.get(len(word), ()), scorer=fuzz.ratio,
                                                    score_cutoff=80) is not None

    def _property_asked(self, p: Parse, tokens, unread: list[int], named: Callable[[], set[int]]) -> bool:
        """"What is the colour of CMQ?", "when was KeepCloud founded?": a property no row covers,
        asked of a product the question would otherwise describe; say so, in place."""
        opened = next((i for i in unread if i > 0 and tokens[i - 1] in self.property_openers), None)
        if opened is None and any(tokens[:len(w)] == w for w in self.what_is):
            # "what is Passly's refund policy?": the possessive is gone, the word after the product is asked
            spans = named()
            opened = next((i for i in unread if i - 1 in spans and not self._typo(tokens[i])), None)
        if opened is None and tokens[0] in self.open_questions and self.cell_words.isdisjoint(tokens[i] for i in unread):
            # "how much does P charge for egress?": an open question whose words name nothing the
            # matrix has (not even in its cells' text)
            opened = next((i for i in unread if not self._typo(tokens[i])), None)
        if opened is None or p.found_cells:
            return False            # (words found in the product's own cells were read there)
        p.intent, p.rule = "unknown", "unread_property"
        p.topics = [f"“{' '.join(tokens[i] for i in unread if i >= opened)}”"]
        return True

    def apply(self, p: Parse, tokens, taken: Callable[[], set[int]], named: Callable[[], set[int]],
              understood: Callable[[], str], rows: Callable[[], dict[int, tuple[int, set[str]]]]) -> None:
        """Settle what unread words mean for the answer, in place. `taken` gives the positions
        some mention, cue or term read, `named` those of mentions, `understood` the query line
        the rest was read as, `rows` where each mention of a row or value starts, and its end
        and rows: each is worked out only when a word needs it."""
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
        if unread and p.asks_yes_no and not (p.claim or p.scene_asked) and p.intent == "yes_no" and len(tokens) <= 12:
            # "Does GitHub Actions support Windows ARM runners?": words nothing reads, right before
            # the row's word, ask about another thing than the row ("macOS hosted runners")
            # (the row its test asks about, not a typo of a known word: "suport mesage rewind")
            tested = {c.attribute for c in p.conditions}
            spans = {start: end for start, (end, ids) in rows().items() if ids & tested}
            # (next to the row first: the typo test is the costly one)
            qualified = next((i for i in unread if (i + 1 in spans or i + 1 in unread and i + 2 in spans
                                                    and not self._typo(tokens[i + 1])) and not self._typo(tokens[i])), None)
            if qualified is not None:
                head = qualified + 1 if qualified + 1 in spans else qualified + 2
                p.intent, p.rule = "unknown", "qualified_row"
                p.topics = [f"“{' '.join(tokens[qualified:spans[head]])}”"]
                return
        if p.rule == "about_products" and not (p.claim or p.asks_yes_no or p.from_context) \
                and self._property_asked(p, tokens, unread, named):
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
