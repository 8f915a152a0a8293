"""When and where: the time expression and the place attached to an event."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span, Token

from eventwire.document import Entity, Extraction
from eventwire.events.syntax import prep_objects
from eventwire.items import ResolvedPlace

GRANULARITY = [(re.compile(r"^\d{4}-\d{2}-\d{2}$"), "day"), (re.compile(r"^\d{4}-\d{2}$"), "month"),
               (re.compile(r"^\d{4}-W\d{2}$"), "week"), (re.compile(r"^\d{4}$"), "year")]
LOCATIVE_PREPS = ("in", "at", "near", "to", "into", "outside", "inside", "across", "around", "from", "on")
PLACE_TYPES = {"GPE", "LOC", "FAC"}


def granularity(value: str | None) -> str | None:
    if not value:
        return None
    return next((name for pattern, name in GRANULARITY if pattern.match(value)), None)


def predicate(token: Token) -> Token:
    """The verb that governs a token (itself when it is one): where a time expression or an event hangs."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def dates_event(time_root: Token, trigger: Token) -> bool:
    """Whether a time expression dates this event: it sits inside the trigger's phrase ("Choe's visit on Monday"),
    or the verb it hangs on is the event's own verb or one the event depends on ("met in June to sign"). A date
    inside another clause ("an agreement reached during the June 2024 summit") dates that clause's event only."""
    if time_root in trigger.subtree:
        return True
    governing = predicate(time_root)
    event_verb = predicate(trigger)
    return governing.i == event_verb.i or governing in event_verb.ancestors


def event_date(trigger: Token, sentence: Span, result: Extraction) -> dict[str, Any] | None:
    """The closest time expression that dates the event (see `dates_event`), else the publication date."""
    best, best_distance = None, None
    for time in result.times:
        start, end, value = time.start, time.end, time.value
        if not (sentence.start_char <= start < sentence.end_char) or granularity(value) is None:
            continue
        tokens = sentence.doc.char_span(start, end, alignment_mode="expand")
        if tokens is None or not dates_event(tokens.root, trigger):
            continue
        distance = min(abs(start - trigger.idx), abs(end - trigger.idx))
        if best_distance is None or distance < best_distance:
            best, best_distance = time, distance
    if best is not None:
        return {"value": best.value, "granularity": granularity(best.value), "text": best.text, "source": "text"}
    published = result.document.published
    if published:
        return {"value": published, "granularity": granularity(published), "text": None, "source": "published"}
    return None


def _place_entities(head: Token, result: Extraction) -> list[Entity]:
    """Place entities in a phrase, the most specific first ('Russia's Kursk region': Kursk, then Russia)."""
    found: list[Entity] = []
    ordered = [head] + [c for c in head.children if c.dep_ in ("compound", "appos", "amod")]
    ordered += [obj for _, obj in prep_objects(head, ("of",))]
    ordered += [c for c in head.children if c.dep_ == "poss"]
    for token in ordered:
        entity = result.entity_at(token.idx, token.idx + len(token.text))
        if entity is not None and entity not in found and (entity.type in PLACE_TYPES or entity.place):
            found.append(entity)
    return found


def event_location(trigger: Token, result: Extraction) -> dict[str, Any] | None:
    """The place the text puts the event in: the object of a locative preposition on the trigger or its verb."""
    hosts = [trigger]
    if trigger.pos_ == "NOUN" and trigger.head.pos_ in ("VERB", "AUX"):
        hosts.append(trigger.head)
    for host in hosts:
        for _, obj in prep_objects(host, LOCATIVE_PREPS):
            places = _place_entities(obj, result)
            if places:
                return location_dict(places, result)
    return None


def location_dict(places: list[Entity], result: Extraction) -> dict[str, Any]:
    place = places[0]
    info = place.place or ResolvedPlace.unresolved(None)
    country = info.country or (place.actor.country if place.actor else None)
    if country is None:
        country = next((p.actor.country for p in places[1:] if p.actor and p.actor.country), None)
    return {"entity": place.id, "name": place.name, "country": country,
            "lat": info.lat, "lon": info.lon}
