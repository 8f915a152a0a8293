"""Stage contracts and the typed context every stage receives.

A stage is a `Stage(name, run, requires, assigns, uses)`: `run(ctx)` reads what earlier stages wrote into
`ctx.result` and adds its own part. `requires` names what must have been assigned by an earlier stage,
`uses` what it reads when present (a stage assigning it must then come earlier), `assigns` what it adds.
The names are those of the parts of an `Extraction` ("entities", "times", ...) plus "places" (each place entity's
`place`). `check_order` refuses an order that breaks a contract when the pipeline is built, not on the first
document.

This module imports no stage, so stages, the pipeline and the resources can all import it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventwire.errors import EventwireError

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from eventwire.document import Extraction
    from eventwire.resources import Resources


@dataclass
class Context:
    """What a stage sees: the spaCy parse of the document, the result so far and the pipeline's resources."""

    doc: Doc
    result: Extraction
    resources: Resources


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline and its contract."""

    name: str
    run: Callable[[Context], None] = field(repr=False)
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()


def check_order(stages: Sequence[Stage]) -> None:
    """Raise `EventwireError` naming the first stage whose contract the order breaks."""
    names = [stage.name for stage in stages]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise EventwireError(f"stage {repeated[0]!r} is given twice")
    assigned_by = {part: stage.name for stage in reversed(stages) for part in stage.assigns}
    done: set[str] = set()
    for stage in stages:
        missing = [part for part in stage.requires if part not in done]
        if missing:
            remedy = (f"put {assigned_by[missing[0]]!r} before it" if missing[0] in assigned_by
                      else "add a stage that assigns it")
            raise EventwireError(f"stage {stage.name!r} requires {missing[0]!r}: {remedy}")
        late = [part for part in stage.uses if part in assigned_by and part not in done]
        if late:
            raise EventwireError(f"stage {stage.name!r} reads {late[0]!r}, which {assigned_by[late[0]]!r} assigns "
                                 f"later: put {assigned_by[late[0]]!r} first")
        done.update(stage.assigns)
