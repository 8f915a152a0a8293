"""Memoise what is derived from a loaded resource (a regex compiled from a lexicon) once per resource object.

Lexicons are frozen dataclasses holding dicts, so they cannot be hashed for `functools.lru_cache`; they are
few (one per data file and `Resources`), so results are kept by object identity. The memo holds the resource
only weakly: when the last `Resources` holding a lexicon goes, its derived regexes go with it, so a process that
builds many pipelines (tests, a server reloading its data) does not keep every old lexicon alive.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def per_object(build: Callable[[Any], T]) -> Callable[[Any], T]:
    """`build(resource)`, computed once per resource object (which must accept weak references)."""
    made: dict[int, tuple[weakref.ref, T]] = {}

    def get(resource: Any) -> T:
        hit = made.get(id(resource))
        if hit is None or hit[0]() is not resource:
            key = id(resource)
            hit = made[key] = (weakref.ref(resource, lambda _gone: made.pop(key, None)), build(resource))
        return hit[1]

    get.__doc__ = build.__doc__
    get.__name__ = build.__name__
    return get
