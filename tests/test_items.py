"""The typed items (eventwire/items.py): built by their stages, read by attribute, written as the schema's JSON."""

from __future__ import annotations

import json

import jsonschema
import pytest

import eventwire
from eventwire import schema
from eventwire.items import (
    Offsets,
    PlaceCandidate,
    Quantity,
    Quote,
    ResolvedPlace,
    TextSpan,
    TimeExpression,
)

SENTENCE = ("SEOUL (Reuters) - “We will respond firmly,” South Korean President Yoon Suk Yeol said on Tuesday. "
            "North Korea has sent 10,000 troops to Russia, up from an estimate of 3,000, the Pentagon said.")


def item_schema(name: str) -> dict:
    """The schema of one kind of item, with the document schema's definitions it refers to."""
    whole = schema.load_schema()
    return {**whole["$defs"][name], "$defs": whole["$defs"]}


@pytest.fixture(scope="module")
def extracted(pipeline):
    return pipeline.extract({"text": SENTENCE, "published": "2024-10-29"})


def test_each_type_built_by_hand_is_valid_json_of_its_kind():
    quote = Quote("q1", "direct", "We will respond", 1, 16, TextSpan("said", 20, 24), "e1", "Yoon", Offsets(25, 29),
                  Offsets(0, 17), [TextSpan("respond", 9, 16)])
    time = TimeExpression("t1", "Tuesday", 30, 37, "DATE", "2024-10-29", "published", None)
    quantity = Quantity("n1", "10,000", 40, 46, 10000, None, None, "troops", "troops", "e2", None, "e3")
    place = ResolvedPlace(1835848, "Seoul", 37.566, 126.9784, "city", "KOR", "Seoul", "medium", "name",
                          candidates=[PlaceCandidate(1, "Seoul", "admin1", "KOR", "Seoul", 37.5, 127.0, 0.2)])
    for item, name in ((quote, "quote"), (time, "time"), (quantity, "quantity"), (place, "place")):
        jsonschema.validate(item.to_dict(), item_schema(name))
    assert quote.to_dict()["cue"] == {"text": "said", "start": 20, "end": 24}
    assert quote.to_dict()["speaker_span"] == {"start": 25, "end": 29}
    assert list(place.to_dict())[-2:] == ["basis", "candidates"]


def test_a_place_writes_only_the_keys_that_apply():
    alone = ResolvedPlace.unresolved("PRK")
    assert alone.to_dict() == {"geonames_id": None, "name": None, "lat": None, "lon": None, "feature": None,
                               "country": "PRK", "admin1": None, "confidence": "none", "basis": None}
    region = ResolvedPlace(None, "Baltics", None, None, "region", None, None, "low", "region",
                           countries=["EST", "LVA", "LTU"])
    assert list(region.to_dict())[-1] == "countries" and "candidates" not in region.to_dict()
    jsonschema.validate(region.to_dict(), item_schema("place"))


def test_items_of_a_sentence_are_what_its_json_holds(extracted):
    record = json.loads(extracted.to_json())
    assert record["quotes"] == [quote.to_dict() for quote in extracted.quotes]
    assert record["times"] == [time.to_dict() for time in extracted.times]
    assert record["quantities"] == [quantity.to_dict() for quantity in extracted.quantities]
    placed = [entity for entity in extracted.entities if entity.place is not None]
    assert placed
    by_id = {entity["id"]: entity for entity in record["entities"]}
    assert all(by_id[entity.id]["place"] == entity.place.to_dict() for entity in placed)
    jsonschema.validate(record, schema.load_schema())


def test_items_of_a_sentence_read_by_attribute(extracted):
    [quote] = [q for q in extracted.quotes if q.kind == "direct"]
    assert quote.text == "We will respond firmly" and quote.cue.text == "said"
    assert extracted.entity(quote.speaker).name == "Yoon Suk Yeol"
    assert SENTENCE[quote.content.start:quote.content.end] == "“We will respond firmly,”"
    [tuesday] = extracted.times
    assert (tuesday.text, tuesday.value, tuesday.anchor) == ("Tuesday", "2024-10-29", "published")
    troops, estimate = extracted.quantities
    assert (troops.value, troops.unit, troops.revises) == (10000, "troops", estimate.id)
    assert extracted.entity(troops.claimant).name == "Pentagon"
    seoul = next(e for e in extracted.entities if e.name == "Seoul")
    assert (seoul.place.country, seoul.place.feature) == ("KOR", "city")


def test_the_python_api_gives_attributes(pipeline):
    doc = eventwire.extract(SENTENCE, published="2024-10-29")
    assert doc.entity(doc.quotes[0].speaker).name == "Yoon Suk Yeol"
    assert doc.times[0].value == "2024-10-29"
    assert doc.quantities[0].value == 10000
