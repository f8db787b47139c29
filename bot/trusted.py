"""Pydantic models built from values the engine has already checked.

`model_construct` walks every field looking for aliases and defaults, about 8 µs for an
Answer; the engine builds two models per question with every field in hand, so it sets
them directly, as model_construct would leave them."""
from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
_set = object.__setattr__


def trusted(cls: type[M], fields: dict[str, Any], private: dict[str, Any] | None = None) -> M:
    """An instance of `cls` with these field values, unchecked: `fields` must name every
    field of `cls` (their defaults are not filled in) and `private` every private attribute
    it has."""
    model = cls.__new__(cls)
    _set(model, "__dict__", fields)
    _set(model, "__pydantic_fields_set__", set(fields))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", private)
    return model
