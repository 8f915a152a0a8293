"""The one document model every stage reads and writes.

Plain dataclasses so that the JSON contract (`eventwire.document/1`, see
`eventwire/schema/document-1.schema.json`) is visible in one place. Character
offsets always index `Document.text`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from eventwire import SCHEMA
from eventwire.events.records import Event
from eventwire.items import Quantity, Quote, ResolvedPlace, TimeExpression
from eventwire.plain import as_plain
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
    place: ResolvedPlace | None = None
    """Resolved place (filled by the places stage; for a city or region of the knowledge base, its country until then)."""


@dataclass
class Extraction:
    """Everything eventwire knows about one document."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)

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
        the entity list is replaced or changes in length (places/missed.py adds entities, limits.merge builds a new
        list). Stages after the entity stage add entities but never a mention to an existing one: counting every
        entity's mentions at each question made the check itself quadratic."""
        key = (id(self.entities), len(self.entities))
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


def error_record(origin: str, message: str) -> dict[str, Any]:
    """What a batch writes in place of a document it could not process."""
    return {"schema": SCHEMA, "error": {"origin": origin, "message": message}}
