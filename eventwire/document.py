"""The one document model every stage reads and writes.

Plain dataclasses so that the JSON contract (`eventwire.document/1`, see
`eventwire/schema/document-1.schema.json`) is visible in one place. Character
offsets always index `Document.text`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eventwire import SCHEMA
from eventwire.spans import SpanIndex


@dataclass
class Section:
    """A labelled stretch of the text: title, credit, caption or body."""

    kind: str
    start: int
    end: int


@dataclass
class Document:
    id: str
    text: str
    title: str | None = None
    source: str | None = None
    author: str | None = None
    dateline: str | None = None
    published: str | None = None
    credit: str | None = None
    caption: str | None = None
    url: str | None = None
    origin: str | None = None
    sections: list[Section] = field(default_factory=list)

    def section_at(self, offset: int) -> str:
        """The kind of section an offset falls in ('body' when none is marked)."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section.kind
        return "body"


@dataclass
class Mention:
    start: int
    end: int
    text: str
    metonymic: bool = False


@dataclass
class Actor:
    """Who an entity is in event-data terms (PLOVER country + sector)."""

    code: str | None = None
    country: str | None = None
    igo: str | None = None
    sector: str | None = None
    role: str | None = None
    basis: str | None = None
    """Where a person's coding came from: "text" (a role or country written with the name), "kb" (the person
    knowledge base, `eventwire/entities/persons.py`) or "dateline" (inferred: an office the text names without a
    country, taken to be of the country the story was filed from)."""
    rule: str | None = None
    """For "kb": how the name matched and where the story's date falls, e.g. "surname; in office; countryinfo";
    for "dateline": the place."""


@dataclass
class Entity:
    id: str
    name: str
    type: str
    actor: Actor | None
    mentions: list[Mention]
    kb: str | None = None
    """Key of the knowledge-base record the entity was resolved to, e.g. 'country:PRK'."""
    place: dict[str, Any] | None = None
    """Resolved place (filled by the places stage)."""


@dataclass
class Extraction:
    """Everything eventwire knows about one document."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    times: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping [start, end), if any (the first such in `entities`)."""
        found = self.mentions_overlapping(start, end)
        return min(found, key=lambda item: item[1])[2] if found else None

    def mentions_overlapping(self, start: int, end: int) -> list[tuple[Mention, int, Entity]]:
        """(mention, rank of its entity in `entities`, entity) of every mention overlapping [start, end), from an
        index of the mentions by offset: scanning every mention for each question made the stages that ask (event
        arguments, quote speakers, figures' owners) quadratic in a document's length. The index is rebuilt when
        the entities or their mentions change in number (stages after the entity stage only read them)."""
        key = (id(self.entities), len(self.entities), sum(len(entity.mentions) for entity in self.entities))
        index = self.__dict__.get("_mention_index")
        if index is None or index[0] != key:
            spans = SpanIndex((m.start, m.end, (m, rank, entity))
                              for rank, entity in enumerate(self.entities) for m in entity.mentions)
            index = self.__dict__["_mention_index"] = (key, spans)
        return index[1].overlapping(start, end)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, **as_plain(self)}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


LEAVES = frozenset((str, int, float, bool, type(None)))


def as_plain(value: Any) -> Any:
    """`dataclasses.asdict` with the same result, several times faster: it deep-copies every string and
    number of every item through the generic `copy.deepcopy`, which returns them unchanged anyway. Leaves are
    taken as they are without a call (most values of an extraction are leaves)."""
    kind = type(value)
    if kind in LEAVES:
        return value
    if kind is dict:
        return {k if type(k) in LEAVES else as_plain(k): v if type(v) in LEAVES else as_plain(v)
                for k, v in value.items()}
    if kind is list:
        return [v if type(v) in LEAVES else as_plain(v) for v in value]
    names = FIELD_NAMES[kind] if kind in FIELD_NAMES else field_names(kind)
    if callable(names):
        return names(value)
    if names is not None:
        return {name: v if type(v := getattr(value, name)) in LEAVES else as_plain(v) for name in names}
    return dataclasses.asdict(Box(value))["value"]  # tuples, namedtuples and the rest, exactly as asdict does


@dataclass
class Box:
    """Holds one value for `as_plain` to hand to `dataclasses.asdict`."""

    value: Any


FIELD_NAMES: dict[type, tuple[str, ...] | Callable[[Any], Any] | None] = {}
"""The field names of each dataclass `as_plain` met (None for other types), or its own `to_plain` method where it
writes itself (an event's actor puts how it was found after its identity): a dict look-up is cheaper than asking
`dataclasses` for every object."""


def field_names(kind: type) -> tuple[str, ...] | Callable[[Any], Any] | None:
    if kind not in FIELD_NAMES:
        if "to_plain" in vars(kind):
            FIELD_NAMES[kind] = kind.to_plain
        else:
            FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    return FIELD_NAMES[kind]


def error_record(origin: str, message: str) -> dict[str, Any]:
    """What a batch writes in place of a document it could not process."""
    return {"schema": SCHEMA, "error": {"origin": origin, "message": message}}
