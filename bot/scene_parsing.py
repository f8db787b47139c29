"""Reading a long post, for the Understander: whether the sentence that asks stands on its
own, which products the scene names, and the value a pointer before a row means ("without
giving up that performance?"). A mixin: it uses the Understander's lexicon and words."""
from __future__ import annotations

from .focus import Focus
from .parse import Parse
from .text import tokenize


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
