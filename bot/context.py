"""What one turn leaves for the next: a small value the caller stores and passes back."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Condition(BaseModel):
    """A test on one matrix row: has it, has this value/level/feature, or a number compared."""
    model_config = ConfigDict(frozen=True)

    attribute: str
    test: str                      # has | value | one_of | only | level | feature | number | relative | same_as
    ref: str | None = None         # value, level or feature id
    op: str | None = None          # > >= < <= =
    number: float | None = None
    negated: bool = False

    def __init__(self, attribute: str, test: str, ref: str | None = None, **kw):
        super().__init__(attribute=attribute, test=test, ref=ref, **kw)


class Context(BaseModel):
    """The previous turn: its intent, products, rows, conditions and result."""
    intent: str | None = None
    products: list[str] = Field(default_factory=list)
    attributes: list[str] = Field(default_factory=list)
    conditions: list[Condition] = Field(default_factory=list)
    matches: list[str] = Field(default_factory=list)
    needs: list[str] = Field(default_factory=list)
    direction: str = "desc"
    aggregate: str | None = None
    top: int = Field(default=1, ge=1)                  # a ranking's cut ("the top two"), kept for "source?"
    recent: list[str] = Field(default_factory=list)   # products of the last few turns, latest last
    excluded: list[str] = Field(default_factory=list)  # the products its question left out ("other than CMQ")
    quantifier: str | None = None                      # a claim's: all | none | exactly | ... | meets | fails
    quantity: int | None = None
    items: bool = False                                # it counted a list row's entries ("how many disadvantages?")
