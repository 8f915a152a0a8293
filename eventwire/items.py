"""The items the stages other than entities and events make: quotes, time expressions, quantities and the resolved
place of a place entity.

Each is a dataclass whose fields are the keys of its JSON, in the JSON's order (`eventwire/schema/defs/quote.json`,
`time.json`, `quantity.json`, `place.json`), so `to_dict()` gives that JSON and a user reads
`doc.quotes[0].speaker` or `doc.times[0].value`. Ids ("q1", "t1", "n1") are given by the stage once it knows the
text order of all its items. This module imports only `eventwire.plain`: the document model, the stages and every
reader of the items can import it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eventwire.plain import PlainRecord, as_plain


@dataclass
class TextSpan(PlainRecord):
    """Words of the text and where they stand: a quote's cue ("said"), a quotation nested in a quote."""

    text: str
    start: int
    end: int


@dataclass
class Offsets(PlainRecord):
    """Where something stands, without its words: a quote's speaker as written, everything a quote attributes."""

    start: int
    end: int


@dataclass
class Quote(PlainRecord):
    """A quotation or a reported clause and who says it (see `eventwire.quotes.stage` for every field)."""

    id: str
    kind: str
    """direct, partial or indirect."""
    text: str
    start: int
    end: int
    cue: TextSpan
    """The reporting words; a quotation continuing an earlier direct quote shares that quote's cue."""
    speaker: str | None
    """Entity id of who speaks, or None when it cannot be resolved safely."""
    speaker_name: str | None
    speaker_span: Offsets | None
    content: Offsets
    nested: list[TextSpan] = field(default_factory=list)


@dataclass
class TimeExpression(PlainRecord):
    """A time expression with its TimeML (TIMEX3) type and value, normalised against the publication date."""

    id: str
    text: str
    start: int
    end: int
    type: str
    """DATE, TIME, DURATION or SET."""
    value: str | None
    """The TimeML value (2024-10-29, P6W ...), or None when it cannot be known."""
    anchor: str | None
    """"published" (worked out from the publication date), "absolute" (from the text alone), or None."""
    mod: str | None


@dataclass
class Quantity(PlainRecord):
    """A count or an amount of the text, what it counts, whose it is, who gives it and which figure it revises."""

    id: str
    text: str
    start: int
    end: int
    value: int | float | None
    """The figure, or the low end of a range; None when it cannot be read safely."""
    max: int | float | None
    qualifier: str | None
    unit: str | None
    counted: str | None
    about: str | None
    """Id of the entity the counted thing belongs to."""
    revises: str | None
    """Id of the quantity this one replaces ("10,000 ..., up from its estimate of 3,000")."""
    claimant: str | None
    """Id of the entity that gives the figure."""


@dataclass
class PlaceCandidate(PlainRecord):
    """A runner-up of a place resolution that is not sure of itself."""

    geonames_id: int | None
    name: str
    feature: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    score: float


@dataclass
class ResolvedPlace(PlainRecord):
    """Where a place entity is: the gazetteer's place, a named region with its countries, or only a country.

    `countries` (a named region's) and `candidates` (runners-up when the resolution is unsure) are written only
    when they apply, after the other keys, as the JSON Schema lays them out."""

    geonames_id: int | None
    name: str | None
    lat: float | None
    lon: float | None
    feature: str | None
    country: str | None
    admin1: str | None
    confidence: str
    """high, medium, low, or none (no place found)."""
    basis: str | None
    """name (the gazetteer knows the name), document (the story's main place), region, or None."""
    countries: list[str] | None = None
    candidates: list[PlaceCandidate] | None = None

    OPTIONAL = ("countries", "candidates")

    @classmethod
    def unresolved(cls, country: str | None) -> ResolvedPlace:
        """No place, at most the country the earlier stages know for the name."""
        return cls(None, None, None, None, None, country, None, "none", None)

    def to_plain(self) -> dict[str, Any]:
        """The place's JSON: its keys, then `countries` and `candidates` where they apply (see `as_plain`)."""
        plain = {"geonames_id": self.geonames_id, "name": self.name, "lat": self.lat, "lon": self.lon,
                 "feature": self.feature, "country": self.country, "admin1": self.admin1,
                 "confidence": self.confidence, "basis": self.basis}
        plain.update({name: as_plain(getattr(self, name)) for name in self.OPTIONAL
                      if getattr(self, name) is not None})
        return plain
