"""Pipeline stage: fill `events` (runs after entities and, when present, places, times and quotes)."""

from __future__ import annotations

from functools import lru_cache

from eventwire.events.coder import Coder


@lru_cache(maxsize=1)
def _coder() -> Coder:
    return Coder()


def apply(ctx) -> None:
    ctx.result.events = _coder().code(ctx.doc, ctx.result)
