"""`eventwire export`: event mentions as csv/parquet/jsonl, real-world events as GDELT 2.0 rows."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
from store_helpers import meeting_report

from eventwire.entities.kb import load_yaml
from eventwire.store.export import GDELT_COLUMNS, export
from eventwire.store.schema import open_store
from eventwire.store.writer import Writer


@pytest.fixture
def store(tmp_path):
    db = tmp_path / "corpus.duckdb"
    seoul = {"name": "Seoul", "country": "KOR", "lat": 37.57, "lon": 126.98}
    with Writer(db) as writer:
        writer.write(meeting_report("a", "2024-10-29", "Reuters", "2024-10-28", location=seoul, goldstein=1.0))
        writer.write(meeting_report("b", "2024-10-30", "AP", "2024-10-28"))
        writer.write(meeting_report("c", "2024-09-02", "AP", "2024-09-01", plover="ACCUSE", cameo="112", goldstein=-2.0))
    con = open_store(db, read_only=True)
    yield con
    con.close()


def test_gdelt_columns_are_the_61_of_gdelt_2_in_order():
    names = [column["name"] for column in load_yaml(GDELT_COLUMNS)["columns"]]
    assert len(names) == 61 and len(set(names)) == 61
    assert names[:6] == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code"]
    assert names[15] == "Actor2Code" and names[25:35] == [
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
        "NumSources", "NumArticles", "AvgTone"]
    assert names[35] == "Actor1Geo_Type" and names[51] == "ActionGeo_Type" and names[-2:] == ["DATEADDED", "SOURCEURL"]


def test_gdelt_export_has_one_row_per_real_world_event(store, tmp_path):
    out = tmp_path / "events.export.CSV"
    assert export(store, "gdelt", out) == 2
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert all(len(row) == 61 for row in rows)
    names = [column["name"] for column in load_yaml(GDELT_COLUMNS)["columns"]]
    meeting = dict(zip(names, next(r for r in rows if r[names.index("EventCode")] == "040")))
    assert meeting["SQLDATE"] == "20241028" and meeting["Actor1Code"] == "PRK" and meeting["Actor2Code"] == "RUS"
    assert meeting["Actor1Name"] == "NORTH KOREA" and meeting["EventRootCode"] == "04"
    assert (meeting["NumMentions"], meeting["NumSources"], meeting["NumArticles"]) == ("2", "2", "2")
    assert meeting["ActionGeo_FullName"] == "Seoul" and meeting["ActionGeo_Type"] == "4"
    assert meeting["ActionGeo_CountryCode"] == "KS"  # FIPS 10-4, as GDELT (ISO would be KOR)
    assert meeting["SOURCEURL"] == "a"


@pytest.mark.parametrize("output_format", ["csv", "parquet", "jsonl"])
def test_mention_exports_have_one_row_per_event_mention(store, tmp_path, output_format):
    out = tmp_path / f"events.{output_format}"
    assert export(store, output_format, out) == 3
    if output_format == "csv":
        rows = list(csv.DictReader(out.open()))
    elif output_format == "parquet":
        rows = pq.read_table(out).to_pylist()
    else:
        rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 3
    assert {str(r["cluster_mentions"]) for r in rows} == {"1", "2"}
    assert {r["plover"] for r in rows} == {"CONSULT", "ACCUSE"}
