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


def test_records_are_what_dataclasses_asdict_gives(example):
    import dataclasses

    from eventwire import SCHEMA
    from eventwire.document import as_plain

    assert example.to_dict() == {"schema": SCHEMA, **dataclasses.asdict(example)}
    from collections import OrderedDict

    from eventwire.document import Mention

    odd = {"pair": (1, "a"), "nested": [{"k": (2.5, None)}], "mention": Mention(1, 2, "x"),
           "ordered": OrderedDict(a=[Mention(3, 4, "y")]), 7: {"kind": Mention}}
    assert as_plain(odd) == dataclasses.asdict(example.__class__(example.document, events=[odd]))["events"][0]
    assert type(as_plain(odd)["pair"]) is tuple
