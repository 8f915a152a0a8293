import json

import jsonschema

from eventwire import schema
from eventwire.document import error_record


def test_example_output_is_valid(example):
    jsonschema.validate(json.loads(example.to_json()), schema.load_schema())


def test_error_record_is_valid():
    jsonschema.validate(error_record("a.txt", "empty (no text to analyse)"), schema.load_schema())


def test_output_is_deterministic(pipeline, example):
    from paths_helpers import EXAMPLE

    from eventwire.ingest.reading import read_path

    again = pipeline.extract(read_path(EXAMPLE), published="2024-10-29")
    assert again.to_json() == example.to_json()


def actors_flattened(value):
    """`dataclasses.asdict` of an event with each actor's `found` written after its identity keys, as
    `EventActor.to_plain` writes it."""
    if isinstance(value, list):
        return [actors_flattened(item) for item in value]
    if not isinstance(value, dict):
        return value
    found = value["found"] if "found" in value and "sector" in value else {}
    return {**{key: actors_flattened(item) for key, item in value.items() if item is not found}, **found}


def test_records_are_what_dataclasses_asdict_gives(example):
    """The same as `dataclasses.asdict`, except for the classes that write themselves (`to_plain`: a place leaves
    out what does not apply to it, an event's actor puts how it was found after its identity), compared apart."""
    import dataclasses

    from eventwire import SCHEMA
    from eventwire.plain import as_plain

    unplaced = dataclasses.replace(example, entities=[dataclasses.replace(e, place=None) for e in example.entities],
                                   events=[])
    assert unplaced.to_dict() == {"schema": SCHEMA, **dataclasses.asdict(unplaced)}
    for entity, record in zip(example.entities, example.to_dict()["entities"]):
        written = {key: value for key, value in dataclasses.asdict(entity.place).items() if value is not None
                   or key not in entity.place.OPTIONAL} if entity.place else None
        assert record["place"] == written
    assert example.events and example.to_dict()["events"] == [
        actors_flattened(dataclasses.asdict(event)) for event in example.events]
    from collections import OrderedDict

    from eventwire.document import Mention

    odd = {"pair": (1, "a"), "nested": [{"k": (2.5, None)}], "mention": Mention(1, 2, "x"),
           "ordered": OrderedDict(a=[Mention(3, 4, "y")]), 7: {"kind": Mention}}
    assert as_plain(odd) == dataclasses.asdict(example.__class__(example.document, events=[odd]))["events"][0]
    assert type(as_plain(odd)["pair"]) is tuple
