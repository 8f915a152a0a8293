"""The event record: one happening a document reports, with every mention that reports it.

`EventMention` is one coded trigger (what the coder finds in one clause); `Event` is what the in-document merge
(`eventwire.events.merge`) makes of one or more mentions: the most specific coding, actors, date and place among
them, plus `mentions` so that nothing a mention said is lost. `Extraction.events` holds the `Event` records, so a
user reads `doc.events[0].source[0].country` or `doc.events[0].trigger.text`. Each class's fields are the keys of
its JSON in the JSON's order, so `to_dict()` gives the JSON of `eventwire/schema/defs/event.json`; its keys are the
ones an event had before merging, plus `joint`, `magnitude` and `mentions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eventwire.plain import PlainRecord, as_plain


@dataclass
class EventActor(PlainRecord):
    """A participant of an event, as `eventwire.events.arguments.actor_dict` makes it."""

    entity: str | None
    name: str
    code: str | None = None
    country: str | None = None
    igo: str | None = None
    sector: str | None = None
    found: dict[str, Any] = field(default_factory=dict, compare=False)
    """How the argument reader found it, as it wrote it (`mention`, `via`, `confidence`, and `antecedent` or
    `inferred` where they apply; docs/arguments.md): kept whole and written after the identity keys, so the
    record carries every explanation the coder gave."""

    IDENTITY = ("entity", "name", "code", "country", "igo", "sector")

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> EventActor:
        return cls(value.get("entity"), str(value.get("name") or ""), value.get("code"), value.get("country"),
                   value.get("igo"), value.get("sector"),
                   {key: item for key, item in value.items() if key not in cls.IDENTITY})

    def to_plain(self) -> dict[str, Any]:
        """The actor's JSON: its identity, then how it was found (see `eventwire.plain.as_plain`)."""
        return {"entity": self.entity, "name": self.name, "code": self.code, "country": self.country,
                "igo": self.igo, "sector": self.sector, **as_plain(self.found)}

    def is_party(self, other: EventActor) -> bool:
        """The very same party: the same entity or name, or codes where one is the other or a prefix of it.
        Stricter than `same_as`: police and the protesters they arrest (KORCOP, KORCVL) share a country but are
        the two sides of one event."""
        if (self.entity and self.entity == other.entity) or (self.name and self.name.lower() == other.name.lower()):
            return True
        return bool(self.code and other.code and (self.code.startswith(other.code) or other.code.startswith(self.code)))

    @property
    def known(self) -> bool:
        """Whether the actor can be told apart from another: an entity or an actor code, not just a common noun
        ('a delegation')."""
        return bool(self.entity or self.code)

    def same_as(self, other: EventActor) -> bool:
        """The same participant at the granularity event data uses: the same entity or name, or actor codes
        where one is the other or a prefix of it (PRK and PRKGOV), or, without codes that say otherwise, the
        same country."""
        return self.is_party(other) or bool(self.country and self.country == other.country)


@dataclass
class Trigger(PlainRecord):
    """The words the event was coded from ("visit", "shelled") and their lemma, which the merge compares: two
    nominal triggers of different words name two things."""

    start: int
    end: int
    text: str
    lemma: str


@dataclass
class SentenceSpan(PlainRecord):
    """The sentence a mention stands in, with its number in the document (the first is 1)."""

    start: int
    end: int
    number: int


@dataclass
class EventDate(PlainRecord):
    """When an event happened, as precisely as the text says: a time expression attached to it, else the
    publication date ("about now")."""

    value: str
    """A TimeML date: 2024-10-29, 2024-W44, 2024-06 or 2024."""
    granularity: str
    """day, week, month or year."""
    text: str | None
    """The time expression's words; None for the publication date."""
    source: str
    """text or published."""


@dataclass
class EventLocation(PlainRecord):
    """Where an event happened and why eventwire says so (`basis`: clause, sentence, dateline or story)."""

    entity: str | None
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    basis: str
    geonames_id: int | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    feature: str | None = None


@dataclass
class Estimate(PlainRecord):
    """An earlier figure for the same magnitude ('up from its estimate of 3,000') and who gave it."""

    quantity: str
    value: float | int | None
    max: float | int | None
    claimant: str | None


@dataclass
class Magnitude(PlainRecord):
    """How many: a quantity of the text that measures the event (killed, troops, money ...)."""

    kind: str
    value: float | int | None
    max: float | int | None
    qualifier: str | None
    unit: str | None
    quantity: str
    claimant: str | None
    revisions: list[Estimate] = field(default_factory=list)
    """Earlier estimates this figure replaces, most recent first."""


@dataclass
class EventMention(PlainRecord):
    """One report of the event in the text: a trigger coded by one rule."""

    id: str
    cameo: str
    plover: str | None
    trigger: Trigger
    sentence: SentenceSpan
    source: list[EventActor] | None
    target: list[EventActor] | None
    date: EventDate | None
    location: EventLocation | None
    negated: bool
    hypothetical: bool
    modality: str | None
    reported_by: EventActor | None
    rule: str
    confidence: float
    background: bool
    """Told as the setting of the sentence's news ('following last week's shelling'), not as the news itself."""
    merged: str
    """Why the mention belongs to its event: 'first' for the mention that opened it, else the merge rule."""

    @classmethod
    def from_coded(cls, item: dict[str, Any], number: int, lemma: str, sentence_number: int) -> EventMention:
        """A mention from the coder's dict (see `eventwire.events.coder.build_event`), given its trigger's lemma
        and its sentence's number, which the coder does not know; its location is set later."""
        trigger, sentence = item["trigger"], item["sentence"]
        return cls(f"m{number}", item["cameo"], item["plover"],
                   Trigger(trigger["start"], trigger["end"], trigger["text"], lemma),
                   SentenceSpan(sentence["start"], sentence["end"], sentence_number),
                   actors(item["source"]), actors(item["target"]),
                   EventDate(**item["date"]) if item["date"] else None, None, item["negated"],
                   item["hypothetical"], item["modality"],
                   EventActor.from_dict(item["reported_by"]) if item.get("reported_by") else None,
                   item["rule"], item["confidence"], item.get("background", False), "first")


@dataclass
class Event(PlainRecord):
    """One happening: the coding of its most specific mention, the participants of all, and every mention."""

    id: str
    cameo: str
    cameo_name: str
    plover: str | None
    mode: str | None
    context: list[str]
    quad_class: int
    goldstein: float
    source: list[EventActor] | None
    target: list[EventActor] | None
    joint: bool
    participants: list[str]
    """Ids of the entities named in the clauses of its mentions, actors or not (eventwire.events.participants)."""
    trigger: Trigger
    sentence: SentenceSpan
    date: EventDate | None
    location: EventLocation | None
    magnitude: list[Magnitude]
    negated: bool
    hypothetical: bool
    modality: str | None
    reported_by: EventActor | None
    rule: str
    confidence: float
    background: bool
    """Every mention of it is background: reported in a main clause once, it is news."""
    mentions: list[EventMention]


def actors(value: list[dict[str, Any]] | None) -> list[EventActor] | None:
    return [EventActor.from_dict(a) for a in value] if value else None
