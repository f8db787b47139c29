"""Parse: what one question asks, as understand.py builds it up word by word; its reading
is the frozen Query the reasoner reads (query.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .context import Condition


@dataclass(slots=True)
class Parse:
    intent: str
    text: str = ""
    products: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    others: list[str] = field(default_factory=list)      # products outside the matrix
    excluded: list[str] = field(default_factory=list)    # "other than CMQ": left out of the scope
    found: list[str] = field(default_factory=list)       # terms read in the cells' own text ("zookeeper")
    found_in: list[str] = field(default_factory=list)    # the products whose cells use them
    found_cells: list[tuple[str, str]] = field(default_factory=list)   # and the cells to show
    figure: bool = False                                 # what was found is a percentage ("99.95%")
    described: bool = False                              # ... or a behaviour described, matched to a cell's text
    quoted: bool = False                                 # ... or a claim's words, in the cells of its products
    topics: list[str] = field(default_factory=list)      # subjects the matrix lacks
    glossary: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    against: bool = False                                # the needs are claimed unmet ("CMQ can lose messages")
    direction: str = "desc"
    opposite: bool = False                               # the row is named by its opposite ("lose messages")
    avoid: bool = False                                  # "which should I avoid for ...?"
    lacks: bool = False                                  # "What does RocketMQ lack?"
    aggregate: str | None = None
    any_of: bool = False
    asks_yes_no: bool = False
    row_named: bool = False                              # the row ranked was named by its own words, not by "faster"
    also: list[str] = field(default_factory=list)        # "..., and what sync algorithm does it use?": rows asked besides
    quantifier: str | None = None                        # all | none | exactly | at_least | at_most | most | only_named
    quantity: int | None = None                          # "exactly two": 2
    scope: list[Condition] = field(default_factory=list) # the set a quantifier ranges over ("products written in C++")
    factor: float | None = None                          # "more than twice": 2
    factor_op: str = ">="                                # ... and how the ratio must stand to it
    margin: float | None = None                          # "100k higher than CMQ's": the first's number minus the second's
    margin_op: str = "="
    claimed: float | None = None                         # "the sum is 540,000, right?": the figure a sum is claimed to be
    claimed_op: str = "="                                 # ... and how the difference must stand to it ("within": its size)
    refers: bool = False                                 # "it", "that one", "which of them": an earlier turn or sentence
    stated: bool = False                                 # a statement: it neither asks nor ranks ("two people run our infra")
    true_false: bool = False                             # asked as "true or false": the verdict says so
    claim: bool = False                                  # a statement put up for checking ("..., right?")
    scene_asked: bool = False                            # a scene, then "Does RocketMQ fit that?": a verdict on it
    from_context: bool = False
    ambiguous: list[tuple[str, list[str]]] = field(default_factory=list)
    smalltalk: str | None = None
    inherited: str | None = None                         # intent carried from the last turn
    unclear: str | None = None                           # for clarify: "product", "needs" or "row"
    bare_term: bool = False                              # the question is only a glossary term ("ISR?")
    place: int = 1                                       # "the second highest": 2
    top: int = 1                                         # "the two highest", "top 3": 2, 3
    asks_same: bool = False                              # "do they use the same ...?"
    groups_same: bool = False                            # "which use the same ...?", "the most common ..."
    most_shared: bool = False                            # "the most common ...": the largest group alone
    picked: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # "the most reliable product": row, way, who
    distinct: bool = False                               # "how many different languages": values are counted
    ruled_out: list[str] = field(default_factory=list)  # left out as their cell of ruled_row uses ruled_words
    ruled_row: str | None = None
    ruled_words: str = ""
    ruled_at: list[int] = field(default_factory=list)   # where a term that ruled products out stands
    scored: bool = False                                 # "1 point per requirement met": the tests scored, ranked
    weights: list[float] = field(default_factory=list)   # ... a test's points ("R1 rewind - 3 pts"), by its place
    items: bool = False                                  # "how many disadvantages does Kafka list?": a list row's entries
    in_common: bool = False                              # "what do CKafka and CMQ have in common?"
    pure_term: bool = False                              # glossary terms that are no matrix row
    confidence: float = 1.0
    rule: str = ""                                       # the grammar rule that decided the intent
    operation: str = ""                                  # the follow-up operation on the last turn, if any
    unread: list[str] = field(default_factory=list)      # words that could change the answer, not read
    understood: str = ""                                 # what the rest was read as, when asking back

    def reading(self):
        """The Query this parse reads as: what reason() and the templates see, and the key
        under which wordings of one question share an answer."""
        from .query import Query
        return Query.of(self)
