"""Pipeline stage: fill `events` (runs after entities and, when present, places, times and quotes)."""

from __future__ import annotations

from eventwire.stages import Context, Stage


def apply(ctx: Context) -> None:
    ctx.result.events = ctx.resources.coder.code(ctx.doc, ctx.result)


STAGE = Stage("events", apply, requires=("entities",), assigns=("events",), uses=("places", "times", "quotes"))
