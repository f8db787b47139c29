"""Question text + previous context → Parse: what is asked, about which products and rows."""
from __future__ import annotations

from .cell_text import CellText
from .claim_parsing import ClaimParsing
from .claims import ClaimReader
from .clauses import ROWS, TESTED, Clauses
from .conditions import RATE_BEFORE, ConditionReader
from .context import Condition, Context
from .coverage import Coverage
from .cue_parsing import CueParsing
from .cues import CUE_WORDS, CUES, RANKED, STOPWORDS, TRUE_FALSE, WHICH_WORDS, Cues, cue_lexicon, noun_phrases
from .described import Described
from .focus import Focus, clause_starts, focus, last_sentence, sentence_starts, several
from .followups import resolve
from .intents import decide
from .lexicon import Lexicon, Mention, Sense
from .loader import Knowledge
from .parse import Parse
from .picked import Picker
from .query import Query
from .reading import Reading
from .ruling_out import RulingOut
from .scene_parsing import SceneParsing
from .scoring import read_scoring
from .shape import (
    either_way,
    excluded,
    how_many_top,
    row_named_outright,
    terse,
    terse_yes_no,
    unknown_names,
    yes_no_after_preamble,
)
from .text import clean, language, parse_number, tokenize

__all__ = ["Parse", "Understander"]

# the words that start a "true or false" tag: most questions have none, and skip the search
_LIKENESS = tuple(tuple(str(w).split()) for w in language("en")["likeness"])
_LONE_BLOCKERS = frozenset(str(w) for w in language("en")["lone_pointer_before"])
_TRUE_FALSE_WORDS = frozenset(tokenize(str(p))[0] for p in language("en")["true_false"])

_ROW_OR_TEST = ROWS | TESTED


class Understander(ClaimParsing, CueParsing, SceneParsing, RulingOut):
    """Built once per knowledge; `parse` is pure."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        entries: list[tuple[str, Sense]] = []
        for p in kb.products.values():
            entries += [(a, Sense("product", p.id)) for a in p.aliases + [p.name, p.id]]
        for g in kb.product_groups:       # "the two Kafkas": every product of the group
            entries += [(phrase, Sense("product", pid)) for phrase in g.phrases for pid in g.products]
        for o in kb.other_products:
            entries += [(a, Sense("other", o.name)) for a in o.aliases + [o.name]]
        for a in kb.attributes.values():
            entries += [(w, Sense("attribute", a.id)) for w in a.synonyms + a.opposites + [a.label]]
            for v in a.values:
                entries += [(t, Sense("value", v.id, a.id)) for t in v.terms]
            for lv in a.levels:
                entries += [(t, Sense("level", lv.id, a.id)) for t in lv.terms]
            for f in a.features:
                entries += [(t, Sense("feature", f.id, a.id)) for t in f.terms]
        for topic in kb.out_of_scope:
            entries += [(t, Sense("oos", topic.topic)) for t in topic.terms]
        self.words = Lexicon(entries, no_fuzzy=kb.not_fuzzy,
                             skip=STOPWORDS | CUE_WORDS | {w for n in kb.profile.nouns for w in n.split()})
        self.glossary = Lexicon([(alias, Sense("glossary", t.id))
                                 for t in kb.glossary.values() for alias in t.aliases + [t.term]])
        self.needs = Lexicon([(ph, Sense("need", n.id)) for n in kb.needs for ph in n.phrases + n.against])
        self.against = frozenset(tokenize(ph) for n in kb.needs for ph in n.against)
        self.sheltered = frozenset(str(w) for w in language("en")["sheltered"])
        domain = noun_phrases(kb.profile.nouns, sorted({a.unit for a in kb.attributes.values() if a.unit}))
        self.cues = cue_lexicon(domain)
        self.opposites = {tokenize(w): a.id for a in kb.attributes.values() for w in a.opposites}
        # every word the bot knows: a capitalised word outside it may name another product
        self.known_words = frozenset(w for lex in (self.words, self.glossary, self.needs, self.cues)
                                     for key in lex.phrases() for w in key) | STOPWORDS \
            | {w for a in kb.attributes.values() if a.unit for w in tokenize(a.unit)}     # "above 100 TB"
        # long comparatives and superlatives, typo-tolerant like the rows' words ("fastets"); the
        # other cue words are matched exactly
        self.comparatives = Lexicon([(phrase, Sense("cue", name))
                                     for name in ("superl_desc", "superl_asc", "compar_desc", "compar_asc", "quality")
                                     for phrase in CUES[name] if phrase.isalpha() and len(phrase) >= 6],
                                    skip=self.known_words)
        self.conditions = ConditionReader(kb)
        self.cell_text = CellText(kb)
        self.described = Described(kb)
        self.claims = ClaimReader(domain["claims"])
        self.aux_words = frozenset(w for w in CUES["aux"] if " " not in w)
        self.openers = frozenset(str(w) for w in language("en")["openers"])
        self.objects = frozenset(str(w) for w in language("en")["object_pronouns"])
        self.clauses = Clauses(kb)
        self.picker = Picker(kb, kb.profile.nouns)
        self.value_pointers = frozenset(str(w) for w in language("en")["value_pointers"])
        self.scene_remainder = frozenset(str(w) for w in language("en")["compound"]["scene_remainder"])
        cue_phrases = {tuple(ph.split()) for phrases in CUES.values() for ph in phrases}
        self.labels_as_cues = frozenset(tokenize(a.label) for a in kb.attributes.values()) & cue_phrases
        self.judged = {str(k): frozenset(map(str, v)) for k, v in language("en")["judged_rows"].items()}
        self.judged_words = list(self.judged)
        self.label_words = {a.id: frozenset(tokenize(a.label)) for a in kb.attributes.values() if a.rankable}
        self.not_products = kb.not_products | {str(w).lower() for w in language("en")["everyday_capitals"]}
        self.coverage = Coverage(self.known_words, frozenset(
            w for c in kb.cells.values() for w in tokenize(c.display) if len(w) > 3))

    # -- entry point ---------------------------------------------------------
    def parse(self, question: str, context: Context | None = None) -> Parse:
        cleaned = clean(question)
        at = focus(cleaned.text, cleaned.tokens)
        if not at.whole:
            return self._read_post(cleaned, context, at)
        if at.text != cleaned.text:
            p = self._read(clean(at.text), context, at)      # the claim without its "Is that right?"
            # ("Statement: ... True or false?": the tag left out still asks for a true or false)
            p.true_false = p.true_false or TRUE_FALSE.search(cleaned.text) is not None
            p.text = cleaned.text
            return p
        return self._read(cleaned, context, at)

    def _read(self, cleaned, context: Context | None, at: Focus) -> Parse:
        tokens = cleaned.tokens[at.skip:len(cleaned.tokens) - at.cut]
        mentions, ambiguous = self.words.find(tokens)
        mentions = self.clauses.verbs_dropped(tokens, self.clauses.predicates_dropped(tokens, mentions))
        cues = Cues(self._cue_words(tokens, mentions))
        mentions = self.clauses.inside_fit(mentions, cues)
        p = Parse(intent="unknown", text=cleaned.text)
        p.confidence = min((m.score for m in mentions), default=1.0)

        for m in mentions:
            # one phrase, several rows ("lose messages"): the rated row before the list row
            senses = sorted(m.senses, key=lambda s: s.kind == "attribute" and self.kb.attributes[s.ref].kind == "list")
            for s in senses:
                if s.kind == "product" and s.ref not in p.products:
                    p.products.append(s.ref)
                elif s.kind == "other" and s.ref not in p.others:
                    p.others.append(s.ref)
                elif s.kind == "oos" and s.ref not in p.topics:
                    p.topics.append(s.ref)
                elif s.kind == "attribute" and s.ref not in p.attributes:
                    p.attributes.append(s.ref)
                elif s.kind in ("value", "level", "feature") and s.attribute not in p.attributes \
                        and not (m.start and tokens[m.start - 1] in RATE_BEFORE):     # ("per million messages")
                    p.attributes.append(s.attribute)
        if not p.attributes:
            # "how much does NimbusStore cost per TB-month?": a unit only one row is measured in
            # names that row (a unit after a figure is the figure's, read as a test)
            figures = {i + 1 for i, t in enumerate(tokens) if parse_number(t) is not None}
            row = None if figures else self.conditions.row_by_unit(tokens) or self._judged_row(tokens, cues)
            p.attributes = [row] if row else []
        self.clauses.prefer_named_rows(p, mentions, cues)
        if cues.has("superl_desc", "superl_asc"):
            # "What language is the most reliable product written in?": asked of the products picked
            self.picker.apply(p, tokens, mentions, cues, lambda: self.conditions.read(tokens, mentions, cues))
        p.excluded, used = excluded(tokens, mentions, cues)
        if used:        # a "not" that left a product out negates no row ("..., not ckafka) let you rewind")
            cues.keep("neg", [span for span in cues.at["neg"] if span not in used])
        p.products = [pid for pid in p.products if pid not in p.excluded]
        if (at.claim or p.asks_yes_no and p.conditions) and len(p.products) > 1:
            # ("CMQ is pull-only like Kafka": the claim is CMQ's; Kafka is what it is likened to;
            # "Is CKafka written in Scala like upstream Kafka?" asks it of CKafka)
            likened = {s.ref for m in mentions if any(tokens[max(0, m.start - len(w)):m.start] == w for w in _LIKENESS)
                       for s in m.of("product")}
            p.products = [pid for pid in p.products if pid not in likened] or p.products
        if not p.others and (not p.products and (p.attributes or cues.has("overview", "compare") or cues.starts("aux"))
                             or len(p.products) == 1 and cues.has("compare", "than")):
            # names the scene mentions ("our CI", "the RFP") are not what is asked about
            p.others = unknown_names(at.asking or cleaned.text, self.known_words, self.not_products,
                                     self.kb.profile.name_endings)
        for word, senses in ambiguous:
            ids = list(dict.fromkeys(s.ref for s in senses if s.kind == "product"))
            if len(ids) > 1:
                p.ambiguous.append((word, ids))
        many = several(cleaned.text)
        starts = frozenset(i - at.skip for i in sentence_starts(cleaned.text) if i > at.skip) if many else frozenset()
        # ("Mandatory: no message loss; desirable: push": a negation ends at a semicolon too)
        clauses = frozenset(i - at.skip for i in clause_starts(cleaned.text) if i > at.skip) if ";" in cleaned.text \
            else frozenset()
        terms = self.glossary.find(tokens, fuzzy=False)[0]      # (the glossary's terms, found once)
        mentions = self._ruled_out(p, tokens, mentions, cues, starts, terms)
        mentions = self._turned_down(tokens, mentions, cues)
        placed = self.conditions.read_placed(tokens, mentions, cues, starts | clauses)
        if starts or ":" in cleaned.text:
            # a test and its opposite in different sentences ("we don't want dashboards again ...
            # must ship with monitoring"), or on either side of a colon ("the odd one out on data
            # verification: which performs no data verification?"): the later one, nearer the question, stands
            placed = [(at, c) for at, c in placed if not any(
                later > at and o.attribute == c.attribute and o.test == c.test and o.ref == c.ref
                and o.negated != c.negated for later, o in placed)]
            # "we don't want them spinning in a poll loop ... we want messages pushed": what the
            # scene rules out of a row that it also asks a value of is how they work today, a
            # preference; the value asked for is the test (products with both still qualify)
            placed = [(at, c) for at, c in placed if not (
                c.negated and c.test == "value" and starts and at < max(starts) and any(
                    o.attribute == c.attribute and o.test == "value" and not o.negated for _, o in placed))]
        # "Excluding the products written in Scala or Java, which use CRC?": the tests of an
        # exception clause leave out what passes them (either of its values, if they share a row)
        clause = self.clauses.exception_clause(tokens, mentions, cues)
        if clause:
            placed = self.clauses.excepted(placed, clause)
        workload = self.clauses.workload(tokens, starts)
        if workload:        # ("For logs and metrics we ...": what it is for, a yes/no row, tests nothing)
            placed = [(at, c) for at, c in placed if at not in workload or c.test != "has"]
            p.attributes = [a for a in p.attributes if any(c.attribute == a for _, c in placed) or any(
                (s.attribute or s.ref) == a and m.start not in workload for m in mentions for s in m.senses)]
        # ("... but can live without security protection": a test waved away is no test)
        # ("... so push support isn't needed": waved away after it, a word or two on)
        if cues.has("dismiss", "waive"):
            placed = self.clauses.waived(placed, cues)
        # "dont support passkeys": two words of one row side by side are one test, negated as the first is
        placed = [(at, c) for at, c in placed if not any(
            o.negated and not c.negated and (o.attribute, o.test, o.ref) == (c.attribute, c.test, c.ref)
            and 0 < at - other <= 2 for other, o in placed)]
        either = False
        if starts and cues.has("neg"):
            # "... we want integrity checks. Which product would NOT give us that?": the tests
            # turned round, and what they want asks which products lack it, not for a pick
            turned = self.clauses.negated_back(tokens, placed, cues, starts)
            if turned is not placed:
                # (not all of them: "We need push and rewind. Which don't offer it?" lacks either)
                placed, either = turned, len(turned) > 1
                cues.keep("recommend", [])
        placed, ors = self.clauses.or_joined_values(mentions, placed, cues)
        cues.keep("or", ors)
        p.conditions = self.conditions.levels_joined(tokens, mentions, [c for _, c in placed])
        read_scoring(p, tokens, placed)       # ("1 point per requirement met")
        if cues.has("except_which") and len(p.conditions) == 1:
            # "all use CRC except which ones?": those that do not
            p.conditions = [p.conditions[0].model_copy(update={"negated": not p.conditions[0].negated})]
        found = [m for m in terms if m.start not in p.ruled_at]
        inside = {j for m in found for j in range(m.start, m.end)}
        if p.topics and inside:         # a subject the matrix lacks inside a term it has ("ops cost")
            p.topics = [t for t in p.topics if not any(
                s.ref == t and set(range(m.start, m.end)) <= inside for m in mentions for s in m.of("oos"))]
        p.glossary = list(dict.fromkeys(s.ref for m in found for s in m.senses))
        # a definition question names nothing but glossary terms ("what does QPS stand for")
        self_contained = all(j in inside for m in mentions for j in range(m.start, m.end)
                             if not ROWS.isdisjoint(m.kinds))
        # a term that is no row or value of the matrix ("name server", "mirror queue")
        rows_at = {j for m in mentions if not ROWS.isdisjoint(m.kinds)
                   for j in range(m.start, m.end)}
        p.pure_term = bool(found) and all(not rows_at.intersection(range(m.start, m.end)) for m in found)
        # a bare row name ("throughput") asks for every product's cell, not a definition
        p.bare_term = len(found) == 1 and found[0].end - found[0].start == len(tokens) and not any(
            "attribute" in m.kinds for m in mentions)
        # needs matter only when asked for, or claimed of a product ("Kafka never loses messages, right?")
        # "two people run all our infra": a statement, neither asking nor ranking, may state needs
        p.stated = not cues.has("wh", "rank", "compare", "count", "order_asc", "order_desc", *RANKED) \
            and not cues.starts("aux") and "?" not in cleaned.text
        # ("We run payments and can't lose a message. Small ops team. Which one?": a bare "which
        # one?" after a scene asks for a pick on what the scene states)
        bare_ask = tokenize(at.asking or last_sentence(cleaned.text)) if many else ()
        # ("... STRONG consistency needed. which mq": the domain's noun in place of "one")
        if bare_ask and len(bare_ask) <= 3 and set(bare_ask) <= WHICH_WORDS | self.kb.counted_nouns \
                and not cues.has(*RANKED):
            cues.keep("recommend", [*cues.at.get("recommend", ()), (len(tokens) - len(bare_ask), len(tokens))])
        needs = self.needs.find(tokens, fuzzy=False)[0]
        in_needs = {j for m in needs for j in range(m.start, m.end)}
        # ("will cost us the least operational effort": the verb of the need after its object)
        in_needs |= {j for m in mentions if m.of("oos") and tokens[m.end:m.end + 1] and tokens[m.end] in self.objects
                     and in_needs.intersection(range(m.end + 1, m.end + 5)) for j in range(m.start, m.end)}
        topics = len(p.topics)
        if p.topics and in_needs:       # "cheapest to run" is a need the matrix speaks to, not a price
            p.topics = [t for t in p.topics if not any(
                s.ref == t and set(range(m.start, m.end)) <= in_needs for m in mentions for s in m.of("oos"))]
        p.true_false = not _TRUE_FALSE_WORDS.isdisjoint(cleaned.tokens) and TRUE_FALSE.search(cleaned.text) is not None
        # ("Does CKafka ever lose messages?": what a need rules out, asked of a product, is a claim checked)
        opening = next((i for i, t in enumerate(tokens) if t not in self.openers), len(tokens))
        # ("kafka is lose message sometime?": terse, no verb first)
        asks_against = bool(p.products or context is not None and cues.has("anaphor_one")) and not cues.has("says") \
            and any(tokens[m.start:m.end] in self.against for m in needs) and (cues.first("aux") == opening or terse(
                cleaned.text, tokens) or yes_no_after_preamble(cleaned.text, mentions, cues))
        if cues.has("recommend", "fit", "superl_desc", "compar_desc", "superl_asc") or p.stated or at.claim and any(
                m.of("product") for m in mentions) or len(p.topics) < topics or asks_against:
            # ("strong consistency doesn't matter to us": a need waved away is none, and so is a row)
            needs, gone = self.clauses.not_waved(tokens, mentions, needs, cues)
            p.needs = list(dict.fromkeys(s.ref for m in needs for s in m.senses))
            # ("CMQ can lose messages, right?" claims what "never lose" rules out; a negation, a
            # comparison, or "safe from" anywhere turns or weighs it, and is left to the need itself)
            p.against = bool(needs) and all(tokens[m.start:m.end] in self.against for m in needs) \
                and not cues.has("neg", "than", "wh", "gt", "lt", "ge", "le", *RANKED) \
                and self.sheltered.isdisjoint(tokens if p.true_false else cleaned.tokens)
            if cues.has("recommend") and not cues.has(*RANKED):
                p.needs, p.attributes = self.clauses.floors_met(p)     # (a pick asked for, not the most)
            p.attributes = [a for a in p.attributes if a not in gone]
        p.any_of = either or self.clauses.any_of(mentions, cues) and not self.clauses.none_of_list(p, cues) and not (
            clause and all(start in clause for start, _ in cues.at.get("or", ())))
        if p.any_of and len(p.conditions) > 1 and all(c.negated for c in p.conditions) \
                and len(cues.at.get("neg", ())) == 1 and not either:
            p.any_of = False    # "not written in C++ or Java": one negation over "or" is neither
            if len({c.attribute for c in p.conditions}) == 1 and all(c.test == "value" for c in p.conditions):
                p.conditions = [Condition(p.conditions[0].attribute, "one_of", "|".join(c.ref for c in p.conditions),
                                          negated=True)]
        p.claim = at.claim
        # ("how well they protect", after "rank all five products", points back within itself)
        # ("these five queues" names the set; "a figure that meets this?" points back)
        own = {j for s, e in cues.at.get("own_result", ()) for j in range(s, e)}
        pointing = [s for s, e in cues.at.get("refer_back", ()) if not self.claims.noun_after(tokens, e) and s not in own]
        lone = {s for s, e in cues.at.get("lone_pointer", ()) if not self.claims.noun_after(tokens, e)
                and (tokens[e] if e < len(tokens) else None) not in _LONE_BLOCKERS}
        every = [s for s, _ in cues.at.get("all", ()) if s not in lone]
        p.refers = (bool(pointing or lone) or tokens[-1:] in (("this",), ("that",))) and not every \
            and not cues.has("list_products")
        # "We need failover with no human in the loop. Does RocketMQ fit that requirement?": the
        # scene says what it must do, its last sentence asks whether the one product it names does
        p.scene_asked = len(at.asked) == 1 and p.products == list(at.asked)
        if at.asked and set(at.asked) <= set(p.products):
            # "We run Apache Kafka. Is moving to CKafka worth it?": the product asked about comes first
            p.products = list(at.asked) + [pid for pid in p.products if pid not in at.asked]
        p.asks_yes_no = at.claim or p.scene_asked or cues.starts("aux") or asks_against and p.against or (
            opening and cues.first("aux") == opening) or (cues.starts("followup") and cues.first("aux") == 1) \
            or yes_no_after_preamble(cleaned.text, mentions, cues) \
            or terse_yes_no(cleaned.text, tokens, p.products, p.conditions, cues)
        if p.asks_yes_no and either_way(tokens):
            p.asks_yes_no = False       # "Is that better or worse than RabbitMQ's?" asks which way
        if p.asks_yes_no and p.conditions:
            p.also = self.clauses.asked_besides(tokens, mentions, p.conditions)
        if at.asking and self.clauses.alternative(at.asking):
            # "... like you can with Kafka offsets? If not, which of the products would have let us do this?"
            p.asks_yes_no = p.scene_asked = False
            p.products = []
        p.top = how_many_top(tokens, cues)
        p.place = 3 if cues.has("third") else 2 if cues.has("second") and p.top == 1 else 1
        p.asks_same = cues.has("same") and p.asks_yes_no
        p.in_common = cues.has("same", "common") and not p.asks_yes_no and not p.attributes and not p.conditions
        # ("use the same data verification method": the row named, not a test that it is there)
        bare = all(c.test == "has" and not c.negated and c.attribute in p.attributes for c in p.conditions)
        # ("the performance level shared by most products": a ranked row groups too, when one is named)
        one_row = len([a for a in p.attributes if not self.kb.attributes[a].rankable]) == 1 or (
            (cues.has("common", "most_common") or not p.products) and len(p.attributes) == 1)
        # ("Do any two products list the same advantage?": a yes or no on whether any share one)
        p.groups_same = cues.has("same", "common", "most_common") and (not p.asks_yes_no or not p.products) \
            and bare and one_row or (cues.has("tie") and len(p.attributes) == 1 and not p.conditions)
        p.most_shared = p.groups_same and cues.has("most_common")
        if p.groups_same:
            p.conditions = []
        p.avoid = cues.has("avoid")      # "Which products should I avoid for finance?"
        if p.avoid and cues.has("recommend") and p.conditions and cues.first("avoid") < min(
                s for s, _ in cues.at["recommend"]) and cues.first("avoid") <= 1:
            # ("Avoid anything written in Java, what do you recommend?": a pick among the rest)
            p.avoid, p.any_of = False, not p.any_of and len(p.conditions) > 1
            p.conditions = [c.model_copy(update={"negated": not c.negated}) for c in p.conditions]
        self._direction(p, tokens, mentions, cues)
        if not self_contained:
            p.glossary = []
        if p.asks_yes_no and p.products and not p.conditions:
            p.conditions = self.conditions.level_by_label(tokens, p.attributes)
        if not p.products and not p.any_of:
            p.conditions = self.conditions.one_of(p.conditions)
        if found and not (p.attributes or p.conditions or p.topics or p.others or p.needs or p.ambiguous) \
                and not cues.has("overview", "define"):
            self.cell_text.read_terms(p, found, tokens, p.asks_yes_no)
        if found and p.products and p.attributes and not p.conditions and p.pure_term:
            # "rabbitmq mirror queue: can the slave serve consumers?": the rows whose text uses the term too
            p.attributes += [a for a in self.cell_text.rows_using(found, p.products) if a not in p.attributes]
        if not p.found and any(t.endswith("%") for t in tokens):
            self.cell_text.read_figures(p, tokens, cues)
        elif not p.found and cues.has("wh") and not cues.has("than", "count", *RANKED):
            self.cell_text.read_stated(p, tokens)
        if not p.found and p.asks_yes_no and p.products and not p.conditions:
            self.cell_text.read_counted(p, tokens)         # "keeps two copies, right?" (the matrix: three)
        # ("Does RabbitMQ write messages to disk?": a yes/no on nothing the rows name is a claim
        # about the product, checked against what its cells say)
        unnamed = p.asks_yes_no and p.products and not (p.attributes or p.conditions or p.needs or p.topics)
        if not p.found and (cues.has("says") or at.claim and not at.whole or unnamed) and not p.conditions:
            # (a claim in a post: "the sales engineer told us that <what a cell says>. Is that so?")
            about = p.products or (list(context.products) if context is not None and p.refers else [])
            # (a claim is looked for in its products' cells only: one that names none waits
            # for the scene to name them)
            if about or not at.claim:
                self.cell_text.read_phrases(p, tokens, cues, {j for m in mentions if m.of("product")
                                                              for j in range(m.start, m.end)},
                                            claimed=at.claim or unnamed, within=about if at.claim or unnamed else None,
                                            named_rows=self.clauses.rows_by_name(mentions))
        elif not p.found and not p.conditions and not p.needs and cues.has("list_products", "which_plural") \
                and not cues.has("behaviour"):         # ("... which product works that way?": read below)
            asking = max(e for name in ("list_products", "which_plural") for _, e in cues.at.get(name, ()))
            self.cell_text.read_described(p, tokens, asking, {j for m in mentions if m.of("product")
                                                               for j in range(m.start, m.end)})
            if not p.found and not p.products:
                self.cell_text.read_row_phrase(p, tokens, mentions)    # "which ... the broker address ...?"
            if not p.found and not p.products and len(p.attributes) == 1:
                self.cell_text.read_row_described(p, tokens, mentions)
        elif not p.found and p.products and not (p.attributes or p.conditions or p.needs or p.topics) \
                and not p.asks_yes_no and (cues.has("wh") or "?" in cleaned.text):
            # ("in rocketmq the sender and receiver connect to where?": the product's cell with those words)
            self.cell_text.read_described(p, tokens, 0, {j for m in mentions if m.of("product")
                                                         for j in range(m.start, m.end)})
        elif not p.found and not p.products and len(p.attributes) == 1 and not (p.conditions or p.needs or p.topics) \
                and not p.asks_yes_no and cues.has("wh") and not cues.has("than", "count", *RANKED):
            self.cell_text.read_row_described(p, tokens, mentions)
        if not p.found and not p.products and cues.has("behaviour"):
            # "Which product works that way?": the behaviour the message describes (alone, the
            # sentence points back at the scene)
            self.described.read(p, tokens, mentions, cues)
            p.refers = p.refers or not p.described
        if p.asks_yes_no and p.conditions:
            self._read_claim(p, tokens, mentions, placed, cues)
        if p.asks_yes_no and len(p.products) == 2:
            self._read_factor(p, tokens, cues)
        resolve(self.kb, p, cues, tokens, context)
        if p.excluded:
            p.products = [pid for pid in p.products if pid not in p.excluded]
        if (at.claim or p.asks_yes_no and p.conditions) and len(p.products) > 1:
            # ("CMQ is pull-only like Kafka": the claim is CMQ's; Kafka is what it is likened to;
            # "Is CKafka written in Scala like upstream Kafka?" asks it of CKafka)
            likened = {s.ref for m in mentions if any(tokens[max(0, m.start - len(w)):m.start] == w for w in _LIKENESS)
                       for s in m.of("product")}
            p.products = [pid for pid in p.products if pid not in likened] or p.products
        p.intent = self._intent(p, cues, tokens, mentions)
        if p.topics and p.intent == "lookup" and p.conditions and not p.asks_yes_no \
                and not any(m.of("attribute") for m in mentions):
            # "how much does CMQ cost per million messages?": a subject the matrix lacks, and a
            # level's word ("million") that asks nothing of its row: say what is missing, no more
            p.intent, p.rule, p.conditions, p.attributes = "unknown", "topic_only", [], []
        p.row_named = p.intent == "rank" and p.asks_yes_no and row_named_outright(p.attributes, mentions, cues)
        if p.intent == "filter" and len(p.conditions) == 1 and p.conditions[0].test == "relative":
            self._relative_factor(p, tokens)
        named = lambda: {j for m in mentions for j in range(m.start, m.end)}  # noqa: E731
        self.coverage.apply(
            p, tokens, lambda: named() | inside | {j for spans in cues.at.values() for s, e in spans for j in range(s, e)},
            named, lambda: str(Query.of(p)),
            lambda: {m.start: (m.end, {s.attribute or s.ref for s in m.senses if s.kind in _ROW_OR_TEST})
                     for m in mentions if not m.kinds.isdisjoint(_ROW_OR_TEST)})
        if p.intent == "clarify" or p.ambiguous:
            p.confidence = min(p.confidence, 0.5)
        elif p.intent == "unknown" and not (p.others or p.topics):
            p.confidence = 0.2          # nothing recognised at all
        return p

    # -- intent --------------------------------------------------------------------
    def _intent(self, p: Parse, cues: Cues, tokens, mentions: list[Mention]) -> str:
        intent, p.rule = decide(Reading(self.kb, p, cues, tokens, mentions, self.conditions.numeric,
                                        self._level_named_like, self.conditions.units))
        return intent
