"""How many: tie the document's quantities to the events they measure (rules in data/events/records.yaml).

A quantity measures an event when it stands in the sentence of one of the event's mentions and its kind (killed,
injured, arrested, displaced, participants, troops, money) fits the event's family. The kind comes from the
quantity's unit ("10,000 troops", "$3 billion") or, for a bare count of people, from the verb that governs it
("police arrested 40", "killing at least 30 people"). A figure another one revises ("up from its estimate of
3,000") is not a magnitude of its own: it is listed under the revising figure's `revisions`, with its claimant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from eventwire.events.records import Estimate, Event, Magnitude
from eventwire.items import Quantity
from eventwire.yamlfiles import load_yaml


@dataclass(frozen=True)
class Kind:
    name: str
    units: frozenset[str]
    verbs: frozenset[str]
    families: frozenset[str]


def load_kinds(path: Path, currencies: Iterable[str]) -> tuple[Kind, ...]:
    """The kinds of one `records.yaml` (`Resources.magnitude_kinds` passes the data chain's); `currencies`, the
    quantity lexicon's currency codes, are units of the "money" kind besides those the file lists."""
    data = load_yaml(path)["magnitude"]["kinds"]
    return tuple(Kind(name, frozenset(spec["units"]) | (frozenset(currencies) if name == "money" else frozenset()),
                      frozenset(spec["verbs"]), frozenset(spec["families"]))
                 for name, spec in data.items())


def governing_verb(doc: Doc, start: int, end: int) -> str | None:
    """The lemma of the verb a figure hangs on ('arrested 40 people' -> arrest)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    for _ in range(4):
        if token.pos_ == "VERB":
            return token.lemma_.lower()
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def kind_of(quantity: Quantity, verb: str | None, kinds: tuple[Kind, ...]) -> Kind | None:
    unit = quantity.unit
    for kind in kinds:
        if unit in kind.units:
            return kind
    if unit in (None, "people"):
        return next((kind for kind in kinds if verb in kind.verbs), None)
    return None


def earlier_estimates(quantity: Quantity, by_id: dict[str, Quantity]) -> list[Estimate]:
    out, seen = [], {quantity.id}
    current = quantity
    while current.revises in by_id and current.revises not in seen:
        current = by_id[current.revises]
        seen.add(current.id)
        out.append(Estimate(current.id, current.value, current.max, current.claimant))
    return out


def measure(events: list[Event], quantities: list[Quantity], doc: Doc, kinds: tuple[Kind, ...]) -> None:
    """Fill each event's `magnitude` (a quantity measures at most one event: the first of `kinds` it fits)."""
    if not quantities or not events:
        return
    by_id = {q.id: q for q in quantities if q.id}
    revised = {q.revises for q in quantities if q.revises}
    taken: set[str] = set()
    for quantity in quantities:
        if quantity.id in revised or quantity.value is None:
            continue
        start, end = quantity.start, quantity.end
        kind = kind_of(quantity, governing_verb(doc, start, end), kinds)
        if kind is None:
            continue
        for event in events:
            if quantity.id in taken or not any(
                    m.sentence.start <= start < m.sentence.end for m in event.mentions):
                continue
            if (event.plover or event.cameo[:2]) not in kind.families or event.negated:
                continue
            event.magnitude.append(Magnitude(kind.name, quantity.value, quantity.max, quantity.qualifier,
                                             quantity.unit, quantity.id, quantity.claimant,
                                             earlier_estimates(quantity, by_id)))
            taken.add(quantity.id)
