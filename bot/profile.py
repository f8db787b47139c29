"""A knowledge folder's domain profile: what its products are called, which rows an answer
names as examples, the questions the help and the page offer. profile.yaml gives any of it;
the rest is worked out from the matrix, so an imported folder needs none of it by hand."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .models import ProfileFile, Verb
from .text import join_names, lower_first

if TYPE_CHECKING:
    from .models import Attribute, Product


@dataclass(frozen=True)
class Profile:
    title: str
    domain: str
    domain_plural: str
    nouns: tuple[str, ...]
    name_endings: tuple[str, ...]
    highlights: tuple[str, ...]
    summary: tuple[str, ...]
    examples: tuple[str, ...]
    suggestions: dict[str, tuple[str, ...]]
    needs_hint: str
    verbs: dict[str, Verb] = field(default_factory=dict)
    figure_noun: dict[str, str] = field(default_factory=dict)

    def view(self, products: Mapping[str, Product], attributes: Mapping[str, Attribute]) -> dict[str, Any]:
        """What templates see as `profile`: labels in place of row ids."""
        label = lambda aid: attributes[aid].label  # noqa: E731
        names = [p.name for p in products.values()]
        number = next((a for a in attributes.values() if a.kind == "number"), None)
        return {
            "title": self.title, "domain": self.domain, "domain_plural": self.domain_plural,
            "highlights": [lower_first(label(a)) for a in self.highlights],
            "summary": list(self.summary), "examples": list(self.examples),
            "suggestions": {k: list(v) for k, v in self.suggestions.items()},
            "needs_hint": self.needs_hint,
            "verbs": {aid: [v.plural, v.singular, v.plural_not, v.singular_not, v.after]
                      for aid, v in self.verbs.items()},
            "figure_noun": dict(self.figure_noun),
            # "how many times CKafka's stress test is CMQ's": a factor asked of the first number row
            "products": names,
            "cons": next((lower_first(a.label) for a in attributes.values() if a.role == "cons"), None),
            "factor_example": [names[0], names[-1], lower_first(number.label)] if number else [],
        }


def build_profile(given: ProfileFile, products: Mapping[str, Product],
                  attributes: Mapping[str, Attribute]) -> Profile:
    """The folder's profile, with what it leaves out worked out from the matrix."""
    rows = list(attributes.values())
    summary_rows = [a.id for a in rows if a.kind != "list"]
    ranked = [a for a in rows if a.rankable]
    highlights = tuple(given.highlights) or tuple(summary_rows[:4])
    plural = given.domain_plural or (given.domain + "s" if given.domain else "products")
    examples = tuple(given.examples) or _examples(products, rows, plural)
    suggestions = {key: tuple(given.suggestions.get(key) or default)
                   for key, default in _suggestions(rows, examples, plural).items()}
    hint = given.needs_hint or join_names([lower_first(a.label) for a in (ranked or rows)[:4]], "or")
    return Profile(
        title=given.title or "mqbot", domain=given.domain or "product",
        domain_plural=plural,
        nouns=tuple(given.nouns), name_endings=tuple(e.lower() for e in given.name_endings),
        highlights=highlights, summary=tuple(given.summary) or tuple(summary_rows[:4]),
        examples=examples, suggestions=suggestions, needs_hint=hint,
        verbs=dict(given.verbs), figure_noun=dict(given.figure_noun))


def _examples(products: Mapping[str, Product], rows: list[Attribute], plural: str) -> tuple[str, ...]:
    """Five questions of different kinds, in the matrix's own words."""
    names = [p.name for p in products.values()]
    first, second = names[0], names[1 % len(names)]
    out = []
    looked = next((a for a in rows if a.kind in ("category", "set", "text")), None)
    if looked:
        out.append(f"What is {names[-1]}'s {lower_first(looked.label)}?")
    out.append(f"Compare {first} and {second}")
    flag = next((a for a in rows if a.kind == "flag"), None)
    if flag:
        out.append(f"Which {plural} have {lower_first(flag.label)}?")
    ranked = next((a for a in rows if a.rankable), None)
    if ranked:
        out.append(f"Rank the {plural} by {lower_first(ranked.label)}")
    out.append(f"Tell me about {names[len(names) // 2]}")
    return tuple(out)


def _suggestions(rows: list[Attribute], examples: tuple[str, ...], plural: str) -> dict[str, tuple[str, ...]]:
    ranked = [a for a in rows if a.rankable]
    by = [f"Rank them by {lower_first(a.label)}" for a in ranked[:2]]
    flag = next((a for a in rows if a.kind == "flag"), None)
    have = [f"Which {plural} have {lower_first(flag.label)}?"] if flag else []
    return {
        "compare": tuple(by or [f"Compare all {plural}"]),
        "ranked": tuple(["Compare them"] + have),
        "clarify": tuple(f"Which is the best on {lower_first(a.label)}?" for a in ranked[:3]) or examples[:3],
        "start": tuple([f"Which {plural} do you know about?"] + list(examples[1:3])),
    }
