"""Words of the matrix's own cells: a glossary term no row names ("Does Kafka need
zookeeper?") or a percentage ("an SLA above 99.9%") is looked for where a cell states it."""
from __future__ import annotations

import math
import re

from .cues import CUES, NUMBER_WORDS, STOPWORDS, Cues, small_count
from .lexicon import Mention
from .loader import Knowledge
from .parse import Parse
from .text import language, parse_number, tokenize


def _contains(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return any(tokens[i:i + len(phrase)] == phrase for i in range(len(tokens) - len(phrase) + 1))


class CellText:
    """Built once per knowledge: each cell's words, percentages and glossary terms."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        self.cell_tokens = {key: tokenize(cell.display) for key, cell in kb.cells.items()}
        self.cell_stems = {key: frozenset(stem(w) for w in words) for key, words in self.cell_tokens.items()}
        self.cell_vocabulary = frozenset().union(*self.cell_stems.values())
        # each cell's clauses, as tokens, read apart ("... is not supported: Slave only reads")
        self.cell_clauses = {key: [tokenize(c) for c in _CLAUSE.split(cell.display)] for key, cell in kb.cells.items()}
        # product names and the domain's nouns: no words of what a question asks of a cell
        self.kb_words = kb.name_words | frozenset(w for n in kb.profile.nouns for w in tokenize(n))
        self.cell_pairs = {key: _pairs([stem(w) for w in words if w.isalpha() and w not in STOPWORDS])
                           for key, words in self.cell_tokens.items()}
        # percentages the cells state ("guarantees an availability of 99.95%")
        figures = {key: [float(w[:-1]) for w in words if w.endswith("%") and parse_number(w[:-1])]
                   for key, words in self.cell_tokens.items()}
        self.cell_figures = {key: found for key, found in figures.items() if found}
        # the cells whose text uses each glossary term, under any of its names
        self.term_cells: dict[str, list[tuple[str, str]]] = {}
        for term in kb.glossary.values():
            phrases = [tokenize(alias) for alias in term.aliases + [term.term]]
            self.term_cells[term.id] = [key for key, words in self.cell_tokens.items() if any(
                _contains(words, ph) for ph in phrases if ph)]

    def read_terms(self, p: Parse, terms: list[Mention], tokens: tuple[str, ...] = (), yes_no: bool = False) -> None:
        """Cells whose text uses a term the question names and no row does: "Does Kafka need
        zookeeper?" reads Kafka's scalability, where the matrix mentions it. The words as
        typed are looked for first ("asynchronous flush" is not "synchronous flush"), then
        the term's other names. Asked about a product whose cells do not use the term, the
        same rows of the products whose cells do are shown beside it."""
        cells: list[tuple[str, str]] = []
        for m in terms:
            typed = tuple(m.surface.lower().split())
            forms = {typed, typed[:-1] + (typed[-1].rstrip("s"),), typed[:-1] + (typed[-1] + "s",)}
            hits = [key for key, words in self.cell_tokens.items() if any(_contains(words, f) for f in forms)]
            name = m.surface
            before = tokens[m.start - 1] if 0 < m.start <= len(tokens) else None
            if hits and before and before.isalpha() and before not in STOPWORDS:
                # ("which one has large ops?": the word before the term, where some of its cells have it too)
                qualified = [key for key in hits if any(_contains(self.cell_tokens[key], (before,) + f) for f in forms)]
                if qualified:
                    hits, name = qualified, f"{before} {name}"
            if not hits:     # under another of its names: say the term's own ("OPS", not "cheaper to operate")
                hits = [c for s in m.senses for c in self.term_cells.get(s.ref, ())]
                name = " or ".join(dict.fromkeys(self.kb.glossary[s.ref].term for s in m.senses))
            if hits:
                p.found.append(name)
                cells += [c for c in hits if c not in cells]
        if not cells:
            return
        p.found_in = [pid for pid in self.kb.products if any(c[0] == pid for c in cells)]
        shown = [c for c in cells if c[0] in p.products] if p.products else cells
        missing = [pid for pid in p.products if pid not in p.found_in]
        if missing:
            # the asked products' same rows, beside those of the products that use the term
            rows = [aid for aid in self.kb.attributes if any(c[1] == aid for c in cells)]
            shown = [(pid, aid) for pid in missing for aid in rows] + (shown or cells)
        p.found_cells = shown
        p.products = list(dict.fromkeys(pid for pid, _ in p.found_cells))
        p.attributes = list(dict.fromkeys(aid for _, aid in p.found_cells))
        if yes_no and not missing:
            p.quoted = self._says_the_rest(tokens, terms, p.found_cells)

    def _says_the_rest(self, asked: tuple[str, ...], terms: list[Mention], cells: list[tuple[str, str]]) -> bool:
        """"does kafka need zookeeper to receive msgs?" is so where one cell of the product uses
        the term and most of the question's other words ("need", "receive", "messages"), denying
        none of them ("do slaves in the mirror queue serve traffic?" is not: "slave for backup only")."""
        inside = {j for m in terms for j in range(m.start, m.end)}
        if not _ONLY.isdisjoint(asked):
            return False        # ("connect only the sender?": the cell would have to say "only")
        # (words no cell uses, "per the matrix pls", say nothing of a cell)
        said = {stem(w) for i, w in enumerate(asked) if i not in inside and (w.isalpha() or w.isdigit())
                and (w not in STOPWORDS or w in NUMBER_WORDS) and w not in self.kb_words} & self.cell_vocabulary
        # (asked only whether it has or uses the term: the term's own words, undenied, say so)
        term = {stem(asked[j]) for j in inside}
        # every other word in the clause of the cell that uses the term ("... required to receive
        # messages" says nothing of sending), and no word denied in one and not the other
        return any(said <= clause and self._same_polarity(key, asked, said | term)
                   for key in cells for clause in self._clauses_with(key, term))

    def rows_using(self, terms: list[Mention], products: list[str]) -> list[str]:
        """The rows in which these products' cells use one of the terms, under any name."""
        return list(dict.fromkeys(aid for m in terms for s in m.senses for pid, aid in self.term_cells.get(s.ref, ())
                                  if pid in products))

    def read_stated(self, p: Parse, tokens) -> None:
        """"which one gives an explicit SLA number?": the cells of the rows asked about that
        state a percentage (of the products named, if any)."""
        if _STATED.isdisjoint(tokens) or not p.attributes:
            return
        cells = [key for key in self.cell_figures if key[1] in p.attributes and (not p.products or key[0] in p.products)]
        if cells:
            p.found, p.found_cells, p.figure, p.conditions = ["a figure"], cells, True, []
            p.found_in = p.products = [pid for pid in self.kb.products if any(c[0] == pid for c in cells)]
            p.attributes = list(dict.fromkeys(aid for _, aid in cells))

    def read_figures(self, p: Parse, tokens, cues: Cues) -> None:
        """A percentage is read where cells state one: "Which products guarantee 99.95%
        availability?", "Which ones have an SLA above 99.9%?" (only CKafka's cell says)."""
        words = {"gt": "above", "ge": "of at least", "lt": "below", "le": "of at most"}
        for i, token in enumerate(tokens):
            value = parse_number(token[:-1]) if token.endswith("%") else None
            if value is None:
                continue
            # (a percentage guaranteed, claimed or required is met by a higher one: "claim 2 nines"
            # by 99.95%; one a cell "is" is that figure)
            op = next((c for c in ("gt", "ge", "lt", "le", "eq") if cues.ends_at(c, i)),
                      "ge" if not _AT_LEAST.isdisjoint(tokens) else "eq")
            test = {"gt": value.__lt__, "ge": value.__le__, "lt": value.__gt__, "le": value.__ge__,
                    "eq": value.__eq__}[op]
            stating = [key for key, figures in self.cell_figures.items() if any(test(f) for f in figures)
                       and (not p.attributes or key[1] in p.attributes)]
            if not stating and p.asks_yes_no and p.products:
                # "CKafka guarantees 99.99% availability, right?": no cell states that figure, but
                # the product's own cells state another: show them, the claim is denied
                own = [key for key in self.cell_figures if key[0] in p.products
                       and (not p.attributes or key[1] in p.attributes)]
                if own:
                    p.found, p.found_in, p.found_cells, p.figure = [token], [], own, True
                    p.attributes = list(dict.fromkeys(aid for _, aid in own))
                    p.conditions = []
                    return
            cells = [key for key in stating if not p.products or key[0] in p.products]
            if not cells and stating and p.products:
                # "CMQ has the 99.95% guarantee, right?": the asked product's same rows beside
                # the cells that do state it, so the answer says whose they are
                rows = list(dict.fromkeys(aid for _, aid in stating))
                cells = [(pid, aid) for pid in p.products for aid in rows] + stating
                asked = list(p.products)
            else:
                asked = list(dict.fromkeys(pid for pid, _ in cells))
            if cells:
                p.found = [f"a figure {words[op]} {token}" if op in words else token]
                p.found_in = [pid for pid in self.kb.products if any(c[0] == pid for c in stating)]
                p.found_cells, p.figure = cells, True
                p.products = asked
                p.attributes = list(dict.fromkeys(aid for _, aid in cells))
                p.conditions = []
                return

    def read_phrases(self, p: Parse, tokens, cues: Cues, taken: set[int], claimed: bool = False,
                     within: list[str] | None = None,
                     named_rows: dict[str, list[tuple[int, int]]] | None = None) -> None:
        """"Which product's availability notes warn that messages may be lost after
        switching?": the cells whose own text has most of the words the question quotes
        after a verb of saying; a claim put up for checking ("the broker keeps serving as
        long as it has 2 nodes, right?") quotes all of its words. Only the rows named are
        searched, when some are; a claim about products (`within`: named, or pointed at) is
        looked for in their cells only, so finding it there confirms it."""
        # the last verb of saying, unless the words after it are too few to find: then it is
        # a word of what is quoted ('says "Slave only reads and does not write"')
        ends = sorted((e for s, e in cues.at.get("says", ())), reverse=True)
        said = next((e for e in ends if len(set(self._words(tokens, range(e, len(tokens)), taken))) >= 2),
                    ends[0] if ends else 0 if claimed else None)
        if said is None:
            return
        # ("whose disadvantages mention message loss", "mention OPS in their disadvantages"): a
        # row named before the verb, or after "in" past it, is where to look, not words to find
        start = min((s for s, e in cues.at.get("says", ()) if e == said), default=said)
        # ("Is occasional message loss listed as a CKafka disadvantage?": passive, the words
        # to find come between the verb that opens the question and the verb of saying)
        aux = cues.first("aux")
        passive = said > start and tokens[said - 1].endswith("ed") and aux is not None and aux < start
        rows = {j: aid for aid, spans in (named_rows or {}).items() for s, e in spans
                if e <= start and not passive or s > said and (passive or _after_within(tokens, s, taken))
                for j in range(s, e)}
        if passive:
            span = range(aux + 1, start)
        else:
            # (what is quoted ends where another clause starts, once it has a word)
            end = next((i for i in range(said + 1, len(tokens)) if tokens[i] in _BREAKS), len(tokens))
            span = range(said, end)
        words = self._words(tokens, span, taken | set(rows))
        unique = len(set(words))
        if unique < (1 if rows else 2):
            return
        products = within or p.products
        cells = self._cells_with(words, set(rows.values()) or p.attributes, products, unique * 2 / 3)
        # ("does the matrix say CMQ loses messages?": "Message loss is avoided" says the opposite;
        # 'says "Slave only reads and does not write"' quotes the denial too)
        cells = [key for key in cells if self._same_polarity(key, tokens, set(words))]
        if cells:
            # found in the cells of the products it names or points at, the words are confirmed; asked
            # with a verb of saying of named products ("does the matrix mention any risk of message
            # loss with CKafka?"), found in theirs, they are too
            p.quoted = bool(within) if claimed else bool(p.products)
            self._found(p, tokens, [i for i in span if i not in rows], cells)

    def ruled_out(self, tokens, mentions: list[Mention], cues: Cues,
                  starts: frozenset[int]) -> tuple[range, list[str], str, str]:
        """"avoid anything whose disadvantages mention losing messages", "skip every product
        whose disadvantages talk about performance or throughput": the products whose cell of
        that row uses the words (those of any one part, when "or" joins parts), to be left out,
        the row and the words looked for, and the span of words that said so (empty when the
        question says nothing of the kind)."""
        none: tuple[range, list[str], str, str] = (range(0), [], "", "")
        if _WHOSE.isdisjoint(tokens) or not cues.has("says"):
            return none
        for i, token in enumerate(tokens):
            before = range(max(0, i - 4), i)
            if token not in _WHOSE or not (any(tokens[j] in _RULE_OUT for j in before) or any(
                    e in before or e == i for name in ("avoid", "except", "neg") for _, e in cues.at.get(name, ()))):
                continue
            row_at = next(((m.end, s.ref) for m in mentions if i < m.start <= i + 3 for s in m.of("attribute")), None)
            said = next((e for s, e in cues.at["says"] if row_at and row_at[0] <= s <= row_at[0] + 3), None)
            if row_at is None or said is None:
                continue
            row = row_at[1]
            end = min([j for j in starts if j > said] + [j for j in range(said, len(tokens)) if tokens[j] in _BREAKS]
                      + [len(tokens)])
            parts = [self._words(tokens, range(a, b), set()) for a, b in _split_at(tokens, said, end, "or")]
            # (half the words of a part: "inflexible scaling" meets "Not flexible scalability")
            out = [pid for pid in self.kb.products if any(
                part and len(set(part) & self.cell_stems[(pid, row)]) * 2 >= len(set(part)) for part in parts)]
            return range(max(0, i - 4), end), out, row, " ".join(tokens[said:end])
        return none

    def read_counted(self, p: Parse, tokens) -> None:
        """"CKafka keeps two copies of each message, right?": a count claimed of a noun that the
        product's own cells count too ("three copies"). Another count denies the claim, with the
        cell that says so; the same count confirms it."""
        hits = []
        for rows in (p.attributes, ()):         # (the rows named, else any of the product's)
            for i in range(len(tokens) - 1):
                n, noun = _count(tokens[i]), tokens[i + 1]
                if n is None or not noun.isalpha():
                    continue
                for key, words in self.cell_tokens.items():
                    if key[0] in p.products and (not rows or key[1] in rows):
                        hits += [(key, n, _count(words[j]), " ".join(tokens[i:i + 2])) for j in range(len(words) - 1)
                                 if stem(words[j + 1]) == stem(noun) and _count(words[j]) is not None]
            if hits:
                break
        if not hits:
            return
        cells = list(dict.fromkeys(key for key, *_ in hits))
        same = all(claimed == stated for _, claimed, stated, _ in hits)
        p.found, p.found_cells, p.figure, p.conditions = [f"“{hits[0][3]}”"], cells, True, []
        p.found_in = list(dict.fromkeys(pid for pid, _ in cells)) if same else []
        p.attributes = list(dict.fromkeys(aid for _, aid in cells))

    def read_row_phrase(self, p: Parse, tokens, mentions: list[Mention]) -> None:
        """"Which products make the sender specify the broker address?": a row named by words
        that some of its cells use as they stand ("broker address": Kafka's and RabbitMQ's
        scalability, not CKafka's "vip address") asks which cells say them."""
        for m in mentions:
            words = tuple(tokens[m.start:m.end])
            rows = [s.ref for s in m.of("attribute")]
            if len(words) < 2 or len(rows) != 1:
                continue
            cells = [(pid, rows[0]) for pid in self.kb.products if _contains(self.cell_tokens[(pid, rows[0])], words)]
            if cells and len(cells) < len(self.kb.products):
                self._found(p, tokens, list(range(m.start, m.end)), cells)
                return

    def read_row_described(self, p: Parse, tokens, mentions: list[Mention]) -> None:
        """"Which product's scalability description matches a single queue serving across
        multiple clusters?": the words after the one row named, looked for in that row's cells
        only (two words at least, and most of them there: the row is named, so fewer suffice)."""
        named = [m for m in mentions if any(s.ref == p.attributes[0] for s in m.of("attribute"))]
        if not named:
            return
        start = named[-1].end
        taken = {j for m in mentions for j in range(m.start, m.end)}
        span = range(start, len(tokens))
        words = [w for w in self._words(tokens, span, taken) if w not in _WORDING]
        if len(set(words)) < 2:
            return
        cells = self._cells_with(words, p.attributes, (), max(2, math.ceil(_MOST * len(set(words)))), side_by_side=True)
        if cells and len({pid for pid, _ in cells}) < len(self.kb.products):
            self._found(p, tokens, list(span), cells)

    def read_described(self, p: Parse, tokens, start: int, taken: set[int]) -> None:
        """"Which products require the broker address to be specified to send messages?": a
        question that quotes, without a verb of saying, what some products' cells say word for
        word (three words at least, all but one of them in the cell), asks which cells say it."""
        span = range(start, len(tokens))
        words = self._words(tokens, span, taken)
        if len(set(words)) < 3:
            return
        cells = self._cells_with(words, p.attributes, p.products, len(set(words)) - 1, side_by_side=True)
        if cells and len({pid for pid, _ in cells}) < len(self.kb.products):
            self._found(p, tokens, list(span), cells)

    def _clauses_with(self, key: tuple[str, str], term: set[str]) -> list[frozenset[str]]:
        """The stems of each clause of a cell (split at commas, semicolons and full stops) that uses the term."""
        clauses = [frozenset(stem(w) for w in words) for words in self.cell_clauses[key]]
        return [c for c in clauses if term <= c]

    def _same_polarity(self, key: tuple[str, str], asked: tuple[str, ...], said: set[str]) -> bool:
        """Each shared word is denied in the cell exactly when it is denied in the question
        ("does the slave write?" against "Slave only reads and does not write": not so)."""
        def ways(words, w) -> set[bool]:
            return {denied_at(words, i) for i, x in enumerate(words) if stem(x) == w}
        clauses = self.cell_clauses[key]
        for w in said:
            asked_ways, cell_ways = ways(asked, w), set().union(*(ways(c, w) for c in clauses))
            if asked_ways and cell_ways and not asked_ways & cell_ways:
                return False
        return True

    @staticmethod
    def _words(tokens, span, left_out: set[int]) -> list[str]:
        return [stem(tokens[i]) for i in span if tokens[i].isalpha()
                and tokens[i] not in STOPWORDS and i not in left_out]

    def _cells_with(self, said: list[str], rows, products, least: float,
                    side_by_side: bool = False) -> list[tuple[str, str]]:
        """The cells with the most of these words, if they have `least` of them; between
        those, the ones with most of them side by side as the question has them (or, with
        `side_by_side`, of those with `least`, the ones with most side by side)."""
        words, pairs = set(said), _pairs(said)
        scored = []
        for key, cell_words in self.cell_stems.items():
            if rows and key[1] not in rows or products and key[0] not in products:
                continue
            hit = len(words & cell_words)
            if hit >= least:
                pair_hits = len(pairs & self.cell_pairs[key])
                scored.append(((pair_hits,) if side_by_side else (hit, pair_hits), key))
        best = max((h for h, _ in scored), default=None)
        return [key for h, key in scored if h == best]

    def _found(self, p: Parse, tokens, span: list[int], cells: list[tuple[str, str]]) -> None:
        # the words quoted back are those from the first to the last that the cells have
        met = frozenset().union(*(self.cell_stems[key] for key in cells))
        quoted = [tokens[i] for i in span]
        while quoted and (stem(quoted[-1]) not in met or quoted[-1] in STOPWORDS):
            quoted.pop()
        while quoted and (stem(quoted[0]) not in met or quoted[0] in STOPWORDS):
            quoted.pop(0)
        p.found = ["“" + " ".join(quoted) + "”"]
        p.found_in = [pid for pid in self.kb.products if any(c[0] == pid for c in cells)]
        p.found_cells = cells
        p.products = list(dict.fromkeys(pid for pid, _ in cells))
        p.attributes = list(dict.fromkeys(aid for _, aid in cells))
        p.conditions = []


_WITHIN = frozenset(str(w) for w in language("en")["row_within"])
_CLAUSE = re.compile(r"[,;.:]\s+")
_ONLY = frozenset(w for w in CUES["only"] if " " not in w)
_AT_LEAST = frozenset(str(w) for w in language("en")["at_least_verbs"])
_STATED = frozenset(str(w) for w in language("en")["stated_figures"])
DENIALS = frozenset(str(w) for w in language("en")["denials"])
_MOST = 0.6             # of a description's words, in a cell of the row it names
_DENIAL_REACH = 3       # words between a denial and what it denies
_BREAKS = frozenset(str(w) for w in language("en")["clause_breaks"])
_WHOSE = frozenset(str(w) for w in language("en")["ruled_out"]["whose"])
_RULE_OUT = frozenset(str(w) for w in language("en")["ruled_out"]["rule_out"])
_FORMS = {str(k): str(v) for k, v in language("en")["word_forms"].items()}
_DETERMINERS = frozenset(str(w) for w in language("en")["determiners"])


def denied_at(words, at: int, denials: frozenset[str] = DENIALS) -> bool:
    """A denial a few words either side of the word at `at` ("does not write", "loss is avoided")."""
    return any(x in denials and abs(i - at) <= _DENIAL_REACH for i, x in enumerate(words))


def _after_within(tokens, at: int, taken: set[int]) -> bool:
    """"in their disadvantages", "as a CKafka disadvantage": the row comes after "in" or "as",
    past any determiner or product."""
    at -= 1
    while at > 0 and (tokens[at] in _DETERMINERS or at in taken):
        at -= 1
    return at >= 0 and tokens[at] in _WITHIN


def stem(word: str) -> str:
    """A crude stem, enough to meet a cell's words: "messages" meets "message"."""
    word = _FORMS.get(word, word)
    for end in ("ing", "ed", "es", "ly", "s"):
        if word.endswith(end) and len(word) - len(end) >= 3:
            word = word[:-len(end)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word      # "require" meets "required"


def _count(token: str) -> float | None:
    return small_count(token, digits=2)     # ("2 nodes", "three copies")


def _split_at(tokens, start: int, end: int, joiner: str) -> list[tuple[int, int]]:
    """The spans between `start` and `end`, split where `joiner` stands."""
    cuts = [j for j in range(start, end) if tokens[j] == joiner]
    bounds = [start] + [c + 1 for c in cuts]
    return list(zip(bounds, cuts + [end], strict=True))


def _pairs(stems: list[str]) -> frozenset[tuple[str, str]]:
    """Words side by side, stopwords left out: "broker address" is not "vip address"."""
    return frozenset(zip(stems, stems[1:], strict=False))


# (after stem(): the wording words are compared as stems)
_WORDING = frozenset(stem(str(w)) for w in language("en")["cell_wording"])
