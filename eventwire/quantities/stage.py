"""Pipeline stage: fill `quantities` with the counts and amounts of the text.

Each item an `eventwire.items.Quantity` (id, text, start, end, value, max, qualifier, unit, counted, about, revises,
claimant); see `eventwire/schema/defs/quantity.json`.
"""

from __future__ import annotations

from decimal import Decimal

from eventwire.items import Quantity
from eventwire.nlp import doc_text
from eventwire.quantities import counted, kinds, numbers, owners, refer, revisions
from eventwire.stages import Context, Stage

NAMES = ("GPE", "ORG", "PERSON", "LOC", "FAC")
"""A counted "noun" that spaCy reads as one of these is a name next to the figure, not what it counts."""


def _number(value: Decimal | None) -> int | float | None:
    """JSON form: an int when whole, else a float."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _item(reading: numbers.NumberReading, span, result, lex) -> Quantity:
    """The quantity of one reading, without its id (given in text order) and `revises` (`revisions.link`)."""
    target = counted.target(span, lex, vague=reading.vague)
    if target.noun is not None and target.noun.ent_type_ in NAMES:
        target = counted.Target(None, target.holder, target.people)  # "0.2 ECUADOR" in a table: a name
    unit = reading.unit
    if unit is None and target.noun is not None:
        nationals = refer.mentioned(target.noun, result)  # "9 million Ukrainians"
        unit = lex.counted.get("people") if nationals and nationals.type == "NORP" else counted.unit_of(target.noun, lex)
    if unit is None and target.people:
        unit = lex.counted.get("people")
    about = owners.about(span, target, result, lex)
    claimant = owners.claimant(span, target, result, lex)
    return Quantity(
        id="",
        text=reading.text,
        start=reading.start,
        end=reading.end,
        value=_number(reading.value),
        max=_number(reading.max),
        qualifier=reading.qualifier,
        unit=unit,
        counted=counted.phrase(target.noun, span).text if target.noun is not None else None,
        about=about.id if about is not None else None,
        revises=None,
        claimant=claimant.id if claimant is not None else None,
    )


def apply(ctx: Context) -> None:
    lex = ctx.resources.quantities
    doc, result = ctx.doc, ctx.result
    counts, model_numbers = [], set()
    for reading in numbers.read(doc_text(doc), lex):
        if result.document.section_at(reading.start) == "credit":
            continue
        span = doc.char_span(reading.start, reading.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        reason = kinds.not_a_count(reading, span, lex)
        if reason is None:
            counts.append((reading, span))
        elif reason == "name" and kinds.model_number(reading):
            model_numbers.add(kinds.model_number(reading))
    # "the Boeing 787 ... the 787": a number the text uses as a name is a name wherever it stands bare
    figures = [
        revisions.Figure(span, _item(reading, span, result, lex))
        for reading, span in counts
        if kinds.model_number(reading) not in model_numbers
    ]
    for number, figure in enumerate(figures, start=1):
        figure.item.id = f"n{number}"
    revisions.link(figures, lex)
    result.quantities = [figure.item for figure in figures]


STAGE = Stage("quantities", apply, requires=("entities",), assigns=("quantities",))
