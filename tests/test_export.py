"""`eventwire export`: event mentions as csv/parquet/jsonl, real-world events as GDELT 2.0 rows."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from store_helpers import meeting_report

from eventwire.entities.kb import load_yaml
from eventwire.store.export import (
    GDELT_COLUMNS,
    GDELT_MENTIONS_COLUMNS,
    POLECAT_COLUMNS,
    Filters,
    cameo_code,
    export,
)
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
    assert meeting["SOURCEURL"] == ""  # no URL: empty, not the document id


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


CODEBOOKS = Path(__file__).resolve().parent / "fixtures" / "codebooks"
DUCKDB_TYPES = {"INTEGER": "BIGINT", "FLOAT": "DOUBLE", "STRING": "VARCHAR", "DATE": "DATE"}


def codebook(name: str) -> list[tuple[str, str]]:
    lines = (CODEBOOKS / name).read_text().splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def real_store(tmp_path_factory, example):
    """The reference article stored, plus a report of the same visit from another source and a UN statement."""
    db = tmp_path_factory.mktemp("real") / "corpus.duckdb"
    record = example.to_dict()
    again = json.loads(json.dumps(record))
    again["document"].update(id="again", url="https://example.org/again", source="example.org")
    with Writer(db) as writer:
        writer.write(record)
        writer.write(again)
    con = open_store(db, read_only=True)
    yield con
    con.close()


def load_typed(path, columns: list[tuple[str, str]], header: bool):
    """Read a tab-separated export with DuckDB, each column as its codebook type (fails on a wrong type)."""
    spec = {name: DUCKDB_TYPES[kind] for name, kind in columns}
    return duckdb.sql(f"SELECT * FROM read_csv('{path}', delim = '\t', header = {str(header).lower()}, "
                      f"columns = {spec!r}, quote = '\"', auto_detect = false)").fetchall()


@pytest.mark.parametrize("output_format, columns_file, book", [
    ("gdelt", GDELT_COLUMNS, "gdelt_events.tsv"),
    ("gdelt-mentions", GDELT_MENTIONS_COLUMNS, "gdelt_mentions.tsv"),
    ("polecat", POLECAT_COLUMNS, "polecat.tsv"),
])
def test_each_format_has_its_codebooks_columns_in_order_and_types(real_store, tmp_path, output_format, columns_file,
                                                                   book):
    columns = codebook(book)
    assert [c["name"] for c in load_yaml(columns_file)["columns"]] == [name for name, _ in columns]
    out = tmp_path / "out.tsv"
    count = export(real_store, output_format, out)
    rows = load_typed(out, columns, header=output_format == "polecat")
    assert len(rows) == count > 0
    if output_format == "polecat":
        assert pacsv.read_csv(out, parse_options=pacsv.ParseOptions(delimiter="\t")).column_names == [n for n, _ in columns]


def test_gdelt_rows_have_geography_sources_and_stable_ids(real_store, tmp_path):
    out = tmp_path / "events.export.CSV"
    export(real_store, "gdelt", out)
    names = [name for name, _ in codebook("gdelt_events.tsv")]
    rows = [dict(zip(names, line.split("\t"))) for line in out.read_text().splitlines()]
    visit = next(r for r in rows if r["EventCode"] == "042")
    assert (visit["ActionGeo_FullName"], visit["ActionGeo_Type"], visit["ActionGeo_CountryCode"]) == ("Moscow", "4", "RS")
    assert visit["ActionGeo_ADM1Code"] == "RS48" and visit["ActionGeo_FeatureID"] == "524901"
    assert (visit["Actor1Geo_Type"], visit["Actor1Geo_CountryCode"], visit["Actor1Geo_FullName"]) == ("1", "KN", "North Korea")
    assert visit["NumArticles"] == "2" and visit["NumSources"] == "2"  # one report without a source counts as one
    assert {r["SOURCEURL"] for r in rows} <= {"", "https://example.org/again"}
    assert all(r["Actor1Code"] or r["Actor2Code"] or r["Actor1Name"] or r["Actor2Name"] for r in rows)
    nato = next(r for r in rows if r["Actor1Name"] == "MARK RUTTE" and r["EventRootCode"] == "04")
    assert nato["Actor1Code"] == "IGOWSTNAT" and nato["Actor1KnownGroupCode"] == "NAT"
    stored = real_store.execute("SELECT count(*) FROM clusters").fetchone()[0]
    assert len(rows) < stored  # real-world events without any actor are left out
    assert sorted(int(r["GLOBALEVENTID"]) for r in rows) == [int(r["GLOBALEVENTID"]) for r in rows]


def test_gdelt_mentions_point_at_the_events_and_their_text(real_store, tmp_path):
    events, mentions = tmp_path / "e.tsv", tmp_path / "m.tsv"
    export(real_store, "gdelt", events)
    export(real_store, "gdelt-mentions", mentions)
    ids = {line.split("\t")[0] for line in events.read_text().splitlines()}
    names = [name for name, _ in codebook("gdelt_mentions.tsv")]
    rows = [dict(zip(names, line.split("\t"))) for line in mentions.read_text().splitlines()]
    assert {r["GLOBALEVENTID"] for r in rows} == ids
    text = real_store.execute("SELECT text FROM documents WHERE id = 'again'").fetchone()[0]
    visits = [r for r in rows if r["MentionIdentifier"] == "https://example.org/again"
              and text[int(r["ActionCharOffset"]):].startswith(("way", "trip", "left", "visit"))]
    assert len(visits) == 5 and {r["MentionDocLen"] for r in visits} == {str(len(text))}
    assert all(r["Actor1CharOffset"] == "-1" or text[int(r["Actor1CharOffset"]):][:1].isupper() for r in rows)


def test_export_filters_select_events_like_the_events_command(real_store, tmp_path):
    out = tmp_path / "out.csv"
    everything = export(real_store, "csv", out)
    assert 0 < export(real_store, "csv", out, Filters(actor="PRK")) < everything
    assert export(real_store, "csv", out, Filters(event_type="MOBILIZE")) == 4  # two documents, two each
    assert export(real_store, "csv", out, Filters(since=dt.date(2025, 1, 1))) == 0
    assert export(real_store, "gdelt", out, Filters(country="USA", until=dt.date(2024, 12, 31))) >= 1
    assert export(real_store, "gdelt", out, Filters(country="FRA")) == 0


def test_cameo_actor_codes_follow_the_mapping_file():
    mapping = load_yaml(Path(__file__).resolve().parent.parent / "eventwire" / "data" / "store" / "cameo_actors.yaml")
    assert cameo_code("UN", None, mapping) == ("IGOUNO", "UNO", None)
    assert cameo_code("RUSJRN", "RUS", mapping) == ("RUSMED", None, "MED")
    assert cameo_code("PRKGOV", "PRK", mapping) == ("PRKGOV", None, "GOV")
    assert cameo_code("PRK", "PRK", mapping) == ("PRK", None, None)
    assert cameo_code("QUAD", None, mapping) == ("IGOQUAD", None, None)


def test_export_help_says_rows_without_actors_are_left_out():
    from typer.testing import CliRunner

    from eventwire.cli import app

    result = CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "200"})
    assert "without any actor" in " ".join(result.stdout.split())
