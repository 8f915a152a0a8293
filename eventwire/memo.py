"""Memoise what is derived from a loaded resource (a regex compiled from a lexicon) once per resource object.

Lexicons are frozen dataclasses holding dicts, so they cannot be hashed for `functools.lru_cache`; they are
few (one per data file, see `Resources`), so results are kept by object identity, with the object itself
held so that its id is never reused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def per_object(build: Callable[[Any], T]) -> Callable[[Any], T]:
    """`build(resource)`, computed once per resource object."""
    made: dict[int, tuple[Any, T]] = {}

    def get(resource: Any) -> T:
        hit = made.get(id(resource))
        if hit is None or hit[0] is not resource:
            hit = made[id(resource)] = (resource, build(resource))
        return hit[1]

    get.__doc__ = build.__doc__
    get.__name__ = build.__name__
    return get
