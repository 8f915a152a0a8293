"""Pipeline stage: give every place entity a resolved place, and add the place names the entity stage missed.

All places of a document are resolved together (see `resolve.py`): the dateline, the countries named
and the demonyms used ("North Korean troops") are evidence for the others. A capital used for its
government ("Moscow said") keeps its actor and its metonymic mention; the entity still gets its place,
which its literal mentions ("in Moscow") refer to, and a metonymic mention says a national capital is meant
("Washington said" is not the state).

A name the gazetteer lacks gets a place only when it is a facility (a building, a street, an airport lies in a
town): the town, county or division named in its sentence, else the story's main place; a named region of the
actor knowledge base ("Indo-Pacific") is given as that region, with its countries and no point; any other unknown
name stays unresolved.
"""

from __future__ import annotations

from pathlib import Path

from eventwire.document import Entity
from eventwire.entities.kb import load_yaml
from eventwire.items import PlaceCandidate, ResolvedPlace
from eventwire.places.missed import find_missed, reclaim_places
from eventwire.places.resolve import PlaceResolution, PlaceResolver, Query
from eventwire.stages import Context, Stage

PLACE_TYPES = {"GPE", "LOC", "FAC"}
PLACE_KB_KINDS = {"country", "capital", "city", "region"}
EVIDENCE_KB_KINDS = {"demonym"}
"""Entities that are not places but say which countries a story is about."""
ALTERNATIVES = 3
LOCAL_TYPES = {"FAC"}
"""Entities that lie inside a town: the story's main place is a fair guess for them, not for an unknown region."""


def region_countries(files: list[Path]) -> dict[str, list[str]]:
    """Knowledge-base key of each named region ("region:Baltics") -> the countries the `regions.yaml` files list
    for it (a later file's entry replaces an earlier one's). `Resources.regions` reads them once."""
    found: dict[str, list[str]] = {}
    for path in files:
        regions = load_yaml(path).get("regions") or {}
        found.update({f"region:{name}": list((entry or {}).get("countries") or []) for name, entry in regions.items()})
    return found


def kb_kind(entity: Entity) -> str | None:
    return entity.kb.split(":", 1)[0] if entity.kb else None


def is_place(entity: Entity) -> bool:
    kind = kb_kind(entity)
    return kind in PLACE_KB_KINDS or (entity.type in PLACE_TYPES and kind is None)


def kb_country(entity: Entity) -> str | None:
    """The country the knowledge base ties the entity to by name ("capital:PRK" -> PRK). A city record is
    left out: the knowledge base picks the largest city of a name, which is the question here."""
    if kb_kind(entity) in ("country", "capital", "demonym"):
        return entity.kb.split(":")[1]
    return None


def known_country(entity: Entity) -> str | None:
    """Any country the earlier stages gave the entity, for a name the gazetteer lacks."""
    if entity.actor is not None and entity.actor.country:
        return entity.actor.country
    return kb_country(entity) or (entity.place.country if entity.place else None)


def entity_query(entity: Entity, text: str, engine: PlaceResolver) -> Query:
    """One query from all mentions: literal mentions first, qualifiers ("Russia's", ", Texas") from all."""
    mentions = sorted(entity.mentions, key=lambda m: (m.metonymic, m.start))
    country = kb_country(entity)
    seat = kb_kind(entity) == "capital" and any(m.metonymic for m in mentions)
    queries = [engine.query(m.text, text, m.start, m.end, country=country, seat=seat) for m in mentions]
    return engine.merge(queries) if queries else engine.query(entity.name, country=country, seat=seat)


def region_record(entity: Entity, regions: dict[str, list[str]]) -> ResolvedPlace:
    """A named region the gazetteer has no point for: the region itself, its countries, no coordinates."""
    countries = regions.get(entity.kb, [])
    return ResolvedPlace(None, entity.kb.split(":", 1)[1], None, None, "region",
                         countries[0] if len(countries) == 1 else None, None, "low", "region", countries=countries)


def entity_place(entity: Entity, resolution: PlaceResolution, engine: PlaceResolver,
                 regions: dict[str, list[str]]) -> ResolvedPlace:
    """The `place` of one entity: the gazetteer's, else its named region, else (a facility) the place of its sentence
    or the story's main place.
    A named region takes the gazetteer's place only under its own name: "West Africa" is not Africa."""
    region = entity.kb.split(":", 1)[1] if kb_kind(entity) == "region" else None
    if region and resolution.place not in [*engine.gazetteer.candidates(resolution.query.text),
                                           *engine.gazetteer.candidates(region)]:
        return region_record(entity, regions)
    if not resolution.candidates and entity.type not in LOCAL_TYPES:
        resolution = PlaceResolution(resolution.query)
    return place_record(resolution, known_country(entity))


def place_record(resolution: PlaceResolution, fallback_country: str | None) -> ResolvedPlace:
    """The JSON `place` of an entity. `basis` "document": the gazetteer lacks the name ("Carnegie Library"),
    so the place is the one its sentence names or the story's main place, with low confidence; with no place at
    all only a country is kept."""
    place = resolution.place
    if place is None:
        return ResolvedPlace.unresolved(fallback_country)
    runners_up = None
    if resolution.confidence != "high" and len(resolution.candidates) > 1:
        runners_up = [PlaceCandidate(c.place.geonames_id, c.place.name, c.place.feature, c.place.country,
                                     c.place.admin1, c.place.lat, c.place.lon, c.score)
                      for c in resolution.candidates[1:1 + ALTERNATIVES]]
    return ResolvedPlace(place.geonames_id, place.name, place.lat, place.lon, place.feature, place.country,
                         place.admin1, resolution.confidence, resolution.basis, candidates=runners_up)


def apply(ctx: Context) -> None:
    result = ctx.result
    text = result.document.text
    engine = ctx.resources.places
    reclaim_places(result, engine)
    result.entities.extend(find_missed(ctx.doc, result, engine))
    places = [e for e in result.entities if is_place(e)]
    evidence = [engine.query(e.name, country=kb_country(e)) for e in result.entities
                if kb_kind(e) in EVIDENCE_KB_KINDS and kb_country(e)]
    queries = [entity_query(e, text, engine) for e in places]
    resolved = engine.resolve(queries + evidence, dateline=result.document.dateline)
    for entity, query in zip(places, queries):
        entity.place = entity_place(entity, resolved[query], engine, ctx.resources.regions)


STAGE = Stage("places", apply, requires=("entities",), assigns=("places",))
