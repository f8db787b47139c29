"""Reading a long post, for the Understander: which of its questions to read and with what,
whether the sentence that asks stands on its own, which products the scene names, and the
value a pointer before a row means ("without giving up that performance?"). A mixin: it uses
the Understander's lexicon and words."""
from __future__ import annotations

from .context import Context
from .focus import Focus, figure_pointed_at
from .parse import Parse
from .text import clean, tokenize


class SceneParsing:
    """Mixed into the Understander."""

    def _value_pointed_at(self, text: str, at: Focus) -> Focus:
        """"We still need million-level QPS. ... without giving up that performance?": "that"
        before a row means the value the scene gave the row, which takes its place."""
        asked = at.text.split()
        pointers = [i for i, w in enumerate(asked[:-1]) if w.lower() in self.value_pointers]
        if not pointers or at.text not in text:
            return at
        scene = tokenize(text[:text.rfind(at.text)])
        values: dict[str, str] = {}
        for m in self.words.find(scene)[0]:
            for s in m.senses:
                if s.kind in ("level", "value") and s.attribute:
                    values.setdefault(s.attribute, m.surface)
        if not values:
            return at
        for i in reversed(pointers):
            rows = self.words.find(tokenize(" ".join(asked[i + 1:i + 4])))[0]
            row = next((s.ref for m in rows if m.start == 0 for s in m.of("attribute") if s.ref in values), None)
            if row:
                asked[i] = values[row]
        return Focus(" ".join(asked), at.claim, at.whole, at.skip, at.cut, at.asking)

    def _read_post(self, cleaned, context: Context | None, at: Focus) -> Parse:
        """A long post: its last question, if that names what it asks on its own; else that
        question with the one before it, or with the products the scene names; else the whole
        message, the question marked."""
        # a long post: its last question, if that names what it asks on its own
        at = self._value_pointed_at(cleaned.text, figure_pointed_at(cleaned.text, at))
        asked = clean(at.text)          # (read again below, with the scene's products)
        p = self._read(asked, context, at)
        # ("Which product's scalability description supports that?": what it must do is in the
        # scene; "... let us rewind messages like that?" says what it must do itself)
        last = tokenize(at.text)[-1:]
        points_back = last and last[0] in self.value_pointers and not (p.conditions or p.needs) \
            or not self.scene_remainder.isdisjoint(tokenize(at.text))     # "Rank whatever is left by throughput."
        # ("Kafka and CMQ are tied. Use the throughput row as the tie-breaker. Who takes second
        # place?": a follow-up's last sentence leaves what it operates by to the ones before)
        follows = p.inherited is not None and context is not None and not self._scene_products(tokenize(at.text))
        if self._stands_alone(p) and not points_back and not follows:
            p.text = cleaned.text
            return p
        if at.before and not self.clauses.alternative(at.text):
            # ("Is there a product with both push and rewind? Which would you recommend?": the
            # question before it says what the last one leaves out)
            joined = self._read(clean(f"{at.before} {at.text}"), context, Focus(f"{at.before} {at.text}", False, False))
            if self._stands_alone(joined) and not joined.refers:
                joined.text = cleaned.text
                return joined
        scene = self._scene_products(cleaned.tokens) if p.refers and not p.products and context is None else []
        if scene:
            # "Half want RabbitMQ, half RocketMQ. ... Which one is more reliable?": the
            # pronoun means the products the scene named, as if they were the last turn
            p = self._read(asked, Context(intent="lookup", products=scene, recent=scene), at)
            # (a sentence that only names them, "which of the two should we choose?", leaves
            # what matters to the scene: the whole message is read)
            if p.products and p.rule not in ("about_products", "nothing_named", "unread_feature"):
                p.text = cleaned.text
                return p
        asking = at.text
        at = Focus(cleaned.text, at.claim, True, asking=at.text,
                   asked=tuple(p.products) if p.asks_yes_no else ())
        whole = self._read(cleaned, context, at)
        if whole.intent == "recommend" and not whole.asks_yes_no and not whole.from_context:
            # ("We considered Kafka ... RabbitMQ's mirroring didn't inspire confidence. Which would
            # you recommend?": the products the scene mentions are no field to pick from; the
            # question's own are)
            named = set(self._scene_products(tokenize(asking)))
            whole.products = [pid for pid in whole.products if pid in named]
        return whole

    def _scene_products(self, tokens) -> list[str]:
        mentions, _ = self.words.find(tokens)
        return list(dict.fromkeys(s.ref for m in mentions for s in m.of("product")))

    @staticmethod
    def _stands_alone(p: Parse) -> bool:
        """A sentence read alone answers the post: it names what it asks, and leaves
        nothing (needs, an "it") to the sentences before it."""
        if p.topics and not p.conditions:
            return True                 # "Does RocketMQ guarantee FIFO ordering?": the matrix has nothing on it
        if p.intent in ("unknown", "clarify", "help", "smalltalk", "glossary") or p.from_context:
            return False
        if p.intent == "recommend" and not p.needs:
            return False
        if p.refers and not p.products:
            return False                # "Which one is rated more reliable?": the products are in the scene
        if p.intent == "overview" and (p.asks_yes_no or p.refers):
            return False                # "Does RocketMQ fit that requirement?": what it must do is in the scene
        return bool(p.products or p.conditions or p.attributes or p.needs)
