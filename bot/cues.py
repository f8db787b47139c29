"""The words that say what kind of question it is (not facts: those live in knowledge/)."""
from __future__ import annotations

from .lexicon import Lexicon, Mention, Sense

CUES: dict[str, list[str]] = {
    "neg": ["not", "no", "none", "without", "lack", "lacks", "lacking", "missing", "neither", "nor",
            "never", "unsupported", "dont", "doesnt", "isnt", "arent", "cant"],
    # "other than CMQ", "besides RabbitMQ": the products named next are left out
    "except": ["except", "except for", "excluding", "exclude", "other than", "besides", "beside",
               "apart from", "aside from", "not counting", "leaving out", "save for",
               "with the exception of", "ignoring"],
    "gt": ["more than", "greater than", "higher than", "bigger than", "larger than", "above", "over",
           "exceeding", "exceeds", "exceed", "beyond", ">", "in excess of"],
    "ge": ["at least", "no less than", "minimum of", ">=", "or more", "or higher", "or above",
           "and above", "and up"],
    "lt": ["less than", "fewer than", "lower than", "below", "under", "smaller than", "<"],
    "le": ["at most", "no more than", "up to", "maximum of", "<=", "or less", "or fewer", "or lower",
           "and below"],
    "eq": ["exactly", "equal to", "equals", "="],
    "superl_desc": ["highest", "most", "best", "fastest", "greatest", "biggest", "largest", "top",
                    "strongest", "quickest", "safest", "leading", "leads", "tops", "on top", "comes top", "number one", "best performing",
                    "highest performing", "the more"],
    "superl_asc": ["lowest", "least", "worst", "slowest", "smallest", "weakest", "fewest", "bottom",
                   "poorest", "worst performing"],
    "compar_desc": ["more", "higher", "better", "faster", "greater", "bigger", "larger", "stronger",
                    "quicker", "safer", "outperform", "outperforms", "beat", "beats", "superior"],
    "compar_asc": ["less", "lower", "worse", "slower", "smaller", "weaker", "fewer", "inferior"],
    # a verb that compares with what follows, as "than" does: "Which products beat RabbitMQ?"
    "than": ["than", "beat", "beats", "outperform", "outperforms", "surpass", "surpasses", "ahead of",
             "superior to", "alternative to", "alternatives to", "instead of", "replacement for", "something like",
             "anything like", "similar to"],
    "same": ["the same", "same as", "identical", "in common", "alike", "equal"],
    "others": ["others", "the others", "the rest", "rest", "remaining", "the remaining ones"],
    "common": ["most common", "most popular", "most used", "most widely used", "by most", "used by most",
               "by the most", "shared", "share", "shares", "popular", "common"],
    "second": ["second", "2nd", "runner up", "runner-up", "next best"],
    "third": ["third", "3rd"],
    "order_asc": ["lowest to highest", "worst to best", "least to most", "ascending", "smallest to largest",
                  "bottom up", "low to high", "slowest to fastest"],
    "order_desc": ["highest to lowest", "best to worst", "most to least", "descending", "largest to smallest",
                   "high to low", "fastest to slowest"],
    "only": ["only", "just", "exclusively", "solely"],
    "rank": ["rank", "order", "ranking", "rankings", "ranked", "sort", "sorted", "order by", "ordered by",
             "in order of", "leaderboard", "order them"],
    "count": ["how many", "number of", "count", "count of"],
    "avg": ["average", "mean", "avg"],
    "median": ["median", "middle value", "midpoint"],
    "sum": ["sum", "total", "combined", "altogether", "add up", "sum of"],
    "diff": ["by how much", "how much higher", "how much more", "how much lower", "how much less", "how much faster",
             "how much slower", "how much bigger", "how much better", "gap", "minus", "difference",
             "differences"],
    "ratio": ["how many times", "times more", "times higher", "times faster", "ratio", "times as",
              "by what factor", "what factor", "factor of"],
    "range": ["range", "spread", "from lowest to highest value"],
    "max": ["maximum", "max", "peak"],
    "min": ["minimum", "min"],
    "compare": ["compare", "comparing", "comparison", "compared", "vs", "v", "versus", "differ",
                "differs", "difference", "differences", "different", "stack up", "stacks up",
                "against", "side by side", "contrast", "between"],
    "recommend": ["recommend", "recommendation", "recommendations", "recommended", "suggest",
                  "suggestion", "advise", "advice", "should i", "should we", "which should",
                  "what should", "best for", "good for", "ideal for", "suited", "suitable", "pick",
                  "choose", "go with", "i need", "we need", "need", "needs", "looking for",
                  "want", "right choice", "best choice", "good fit", "best fit", "fit for",
                  "would you use", "what to use", "which to use", "can i use", "could i use",
                  "should i use", "good idea", "a good choice", "must", "requirement",
                  "requirements", "cannot afford", "can not afford", "worst choice", "worst option", "worst pick",
                  "least suitable", "least suited"],
    # a recommendation turned round: which fits least
    "avoid": ["avoid", "stay away from", "steer clear of", "worst choice", "worst option", "worst pick",
              "should not use", "should i not use", "not recommended", "least suitable", "least suited"],
    "greet": ["hi", "hello", "hey", "hiya", "howdy", "greetings", "good morning", "good afternoon",
              "good evening", "yo", "sup", "morning", "what is up", "whats up", "hey there"],
    "thanks": ["thanks", "thank", "thx", "ty", "cheers", "much appreciated", "appreciate it",
               "great", "awesome", "cool", "nice", "perfect", "ok", "okay", "got it"],
    "bye": ["bye", "goodbye", "see you", "see ya", "cya", "good night", "later"],
    "complaint": ["you are wrong", "you're wrong", "that is wrong", "that's wrong", "wrong answer", "not right",
                  "is not right", "incorrect", "that is incorrect", "not what i asked", "bad answer", "nonsense",
                  "that makes no sense"],
    "trust": ["how sure are you", "are you sure", "how confident", "is that right", "is that correct",
              "is this right", "is this correct", "where is this from", "where does this come from",
              "what is your source", "your source", "can i trust", "how do you know"],
    "whoami": ["who are you", "what are you", "your name", "are you a bot", "are you human",
               "how are you", "who made you", "who built you"],
    "help": ["help", "what can you do", "what else", "what else can you do", "how can you help", "how do i use", "how does this work", "usage", "commands",
             "how to use", "instructions", "how do you work"],
    "list_attributes": ["what can i ask", "what can you tell", "which attributes", "what attributes",
                        "what features do you", "which features do you", "what criteria",
                        "what dimensions", "what rows", "what columns", "what do you know",
                        "what topics", "what aspects", "which aspects", "list attributes",
                        "list the attributes", "what information", "what questions",
                        "what can i ask you", "attributes", "criteria", "rows", "columns",
                        "dimensions", "what features", "which features", "what is compared",
                        "what do you compare", "what does the matrix compare", "what does the matrix cover"],
    "list_products": ["which products", "what products", "what queues", "which queues",
                      "which message queues", "what message queues", "which mqs", "what mqs",
                      "list products", "list the products", "what do you cover", "which ones do you",
                      "what systems", "which brokers", "what brokers", "products do you",
                      "which products do you", "what products do you", "list all products",
                      "what are the products", "all products", "the products"],
    "define": ["what is", "what are", "what does", "whats", "define", "definition", "meaning",
               "mean", "means", "stand for", "stands for", "explain", "what do you mean by",
               "what is a", "what is an", "meaning of"],
    "followup": ["and", "what about", "how about", "what of", "same for", "same question for",
                 "also", "then", "and for", "now", "ok and", "okay and", "and what about"],
    "anaphor": ["it", "its", "they", "them", "their", "those", "these", "that one", "this one",
                "the two", "the three", "both of them", "each of them", "of them", "of those",
                "which one", "same", "either", "either one", "which of", "that", "this"],
    "anaphor_one": ["it", "its", "that one", "this one", "the winner", "the top one", "the best one"],
    "all": ["all products", "every product", "each product", "all five", "all of them",
            "all the products", "across all", "every", "each", "all", "everything", "every one"],
    "overview": ["tell me about", "overview", "summary", "summarize", "summarise", "describe",
                 "introduce", "introduction", "what do you know about", "info on", "info about",
                 "information about", "details", "profile", "everything about", "tell me more",
                 "more about", "more on", "more details", "more info"],
    "or": ["or"],
    "and": ["and", "both", "as well as", "plus", "also"],
    "wh": ["which", "what", "list", "show", "name", "find", "give", "who", "tell me which",
           "any"],
    "aux": ["does", "do", "is", "are", "can", "has", "have", "will", "would", "could", "did",
            "supports", "is there", "are there", "should", "was"],
}

# Function words never worth a typo match.
STOPWORDS = frozenset("""a an the of in on at to for by with from and or but if then than so as is are
was were be been being do does did doing have has had having can could will would should shall may
might must i me my we our you your he she it its they them their this that these those which what who
whom whose when where why how not no yes any all each every both either neither some such only own
same too very just also about above after again against below between into through during before
under over out off up down here there more most less least other another much many few one two three
use uses used using like want need please thanks hello tell show give list name find know ask""".split())


CUE_WORDS = frozenset(w for phrases in CUES.values() for p in phrases for w in p.split())


def cue_lexicon() -> Lexicon:
    return Lexicon([(phrase, Sense("cue", name)) for name, phrases in CUES.items() for phrase in phrases])


# Cues whose words must not also count on their own: "at least" is no superlative,
# "more than 150k" no comparison of products, "how many times" no count.
COMPARATORS = ("gt", "ge", "lt", "le", "eq")
ENCLOSING = frozenset(COMPARATORS + ("diff", "ratio", "except"))
JOINERS = frozenset(("and", "or", "nor"))


class Cues:
    """Where the cue words of one question are."""

    def __init__(self, mentions: list[Mention]):
        self.at: dict[str, list[tuple[int, int]]] = {}
        outer = [(m.start, m.end) for m in mentions if m.end - m.start > 1
                 and any(s.ref in ENCLOSING for s in m.senses)]
        for m in mentions:
            inside = any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in outer)
            if inside:
                continue
            for s in m.senses:
                self.at.setdefault(s.ref, []).append((m.start, m.end))

    def has(self, *names: str) -> bool:
        return not self.at.keys().isdisjoint(names)

    def first(self, name: str) -> int | None:
        spans = self.at.get(name)
        return min(s for s, _ in spans) if spans else None

    def starts(self, name: str) -> bool:
        return self.first(name) == 0

    def ends_at(self, name: str, index: int) -> bool:
        return any(e == index for _, e in self.at.get(name, ()))
