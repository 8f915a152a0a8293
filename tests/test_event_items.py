"""Events as typed objects in the document (eventwire/events/records.py): read by attribute, written as the JSON."""

from __future__ import annotations

import json

import jsonschema
import pytest
from paths_helpers import EXAMPLE

import eventwire
from eventwire import schema
from eventwire.events.records import (
    Event,
    EventActor,
    EventDate,
    EventLocation,
    EventMention,
    SentenceSpan,
    Trigger,
)


@pytest.fixture(scope="module")
def doc():
    """The bundled example through the Python API, as a user calls it."""
    return eventwire.extract(EXAMPLE, published="2024-10-29")


def test_the_bundled_example_reads_its_events_by_attribute(doc):
    first = doc.events[0]
    assert isinstance(first, Event) and first.source[0].country == "PRK"
    assert (first.plover, first.cameo, first.trigger.text) == ("CONSULT", "042", "way")
    assert doc.entity(first.source[0].entity).name == "Choe Son Hui"
    assert isinstance(first.location, EventLocation) and first.location.name == "Moscow"
    assert first.source[0].found["via"] == "pronoun"  # how it was found, as the JSON writes it after the identity


def test_every_event_and_mention_is_typed_and_points_into_the_text(doc):
    text = doc.document.text
    for event in doc.events:
        assert all(isinstance(m, EventMention) for m in event.mentions) and event.mentions
        for item in (event, *event.mentions):
            assert isinstance(item.trigger, Trigger) and isinstance(item.sentence, SentenceSpan)
            assert text[item.trigger.start:item.trigger.end] == item.trigger.text
            assert item.sentence.start <= item.trigger.start < item.sentence.end
            assert isinstance(item.date, EventDate) and item.date.source in ("text", "published")
            for side in (item.source, item.target):
                assert side is None or (side and all(isinstance(actor, EventActor) for actor in side))


def test_each_event_is_its_json(doc):
    """Each record's `to_dict()` is the document JSON's event, keys in the same order, and valid as the schema's
    event; its mentions likewise."""
    record = json.loads(doc.to_json())
    assert len(record["events"]) == len(doc.events) > 10
    whole = schema.load_schema()
    event_schema = {**whole["$defs"]["event"], "$defs": whole["$defs"]}
    for event, written in zip(doc.events, record["events"]):
        assert json.dumps(event.to_dict()) == json.dumps(written)
        assert [m.to_dict() for m in event.mentions] == written["mentions"]
        jsonschema.validate(event.to_dict(), event_schema)
        for name in ("source", "target"):
            assert [actor.to_dict() for actor in getattr(event, name) or []] == (written[name] or [])
        assert (event.location and event.location.to_dict()) == written["location"]
        assert [figure.to_dict() for figure in event.magnitude] == written["magnitude"]
    assert any(event.magnitude for event in doc.events) and any(event.location for event in doc.events)
