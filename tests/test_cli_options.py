"""The command line's options: `-v` anywhere, bad values refused in one line (exit status 2) before any store is
opened, format choices and `export -`."""

import csv
import io
import json

import pytest
from store_helpers import meetings_store
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store import choices
from eventwire.store.codes import country_code, event_type
from eventwire.store.handle import Store
from eventwire.store.schema import StoreError

runner = CliRunner(env={"COLUMNS": "250"})  # error boxes wide enough to hold each message on one line
ENGLISH = "Russian drones hit the port of Odesa overnight, Ukrainian officials said on Sunday.\n"
STAGE_TIMING = ": entities "


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH)
    return path


@pytest.fixture
def db(tmp_path):
    return meetings_store(tmp_path / "news.duckdb")


@pytest.mark.parametrize("where", ["before", "after", "between"])
def test_verbose_logs_stage_timings_before_or_after_the_command(article, where):
    options = ["--stages", "entities,times"]
    args = {"before": ["-v", "extract", str(article), *options], "after": ["extract", str(article), *options, "-v"],
            "between": ["extract", "--verbose", str(article), *options]}[where]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    timings = [line for line in result.stderr.splitlines() if STAGE_TIMING in line]
    assert len(timings) == 1 and timings[0].startswith(f"{article}: entities ") and timings[0].endswith(" ms")
    assert f"{article}: times " in result.stderr
    assert json.loads(result.stdout)["entities"]


def test_without_verbose_nothing_is_logged(article):
    result = runner.invoke(app, ["extract", str(article), "--stages", "entities"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_double_dash_ends_the_options(tmp_path):
    result = runner.invoke(app, ["extract", "--stages", "entities", "--", "-v"])
    assert result.exit_code == 1
    assert "eventwire: error: -v: no such file or folder" in result.stderr


@pytest.mark.parametrize("args", [["events", "--limit", "0"], ["events", "--limit", "-5"], ["actors", "--limit", "0"],
                                  ["search", "troops", "--limit", "0"]])
def test_a_limit_below_one_is_refused(db, args):
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2
    assert "Invalid value for '--limit'" in result.output and "greater than or equal to 1" in result.output


@pytest.mark.parametrize("args", [["cluster", "--window-days", "-1"], ["cluster", "--max-km", "-3"],
                                  ["ingest", "x.txt", "--window-days", "-2"]])
def test_negative_clustering_thresholds_are_refused(db, args):
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2
    assert "greater than or equal to 0" in result.output


@pytest.mark.parametrize("command", [["actors"], ["dyads"], ["timeline"], ["export", "out.csv"]])
def test_an_unknown_country_is_refused_with_the_nearest_codes(db, command):
    result = runner.invoke(app, [*command, "--country", "korea", "--db", str(db)])
    assert result.exit_code == 2
    assert "unknown country 'korea' (KOR or PRK?)" in result.output


def test_an_unknown_event_type_is_refused_with_the_nearest(db):
    result = runner.invoke(app, ["events", "--type", "consul", "--db", str(db)])
    assert result.exit_code == 2
    assert "unknown event type 'consul' (CONSULT?)" in result.output
    digits = runner.invoke(app, ["export", "out.csv", "--type", "99", "--db", str(db)])
    assert digits.exit_code == 2 and "a CAMEO code or prefix" in digits.output


def test_known_codes_are_taken_in_any_case(db):
    result = runner.invoke(app, ["events", "--type", "consult", "--actor", "prk", "--format", "json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert [e["doc_id"] for e in json.loads(result.stdout)] == ["a", "b"]
    countries = runner.invoke(app, ["dyads", "--country", "prk", "--format", "json", "--db", str(db)])
    assert countries.exit_code == 0 and json.loads(countries.stdout)[0]["source_country"] == "PRK"


def test_codes_are_checked_against_the_shipped_data():
    assert country_code(" kor ") == "KOR" and country_code("xkx") == "XKX"
    assert event_type("Consult") == "CONSULT" and event_type("042") == "042"
    for typed, hint in (("South Korea", "(KOR?)"), ("Congo", "(COD or COG?)"), ("Seoul", "(KOR?)")):
        with pytest.raises(StoreError, match=f"unknown country '{typed}' {hint.replace('(', '[(]').replace('?)', '[?][)]')}"):
            country_code(typed)
    with pytest.raises(StoreError, match="unknown event type '0x'"):
        event_type("0x")


def test_export_into_a_missing_folder_is_refused_before_the_store_is_read(tmp_path, db):
    result = runner.invoke(app, ["export", str(tmp_path / "missing" / "events.csv"), "--db", str(db)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'missing'}: no such folder" in result.output
    folder = runner.invoke(app, ["export", str(tmp_path), "--db", str(db)])
    assert folder.exit_code == 2 and "is a folder: give a file name" in folder.output
    with pytest.raises(StoreError, match="no such folder"):
        Store(db).export(tmp_path / "missing" / "events.csv")


def test_export_to_standard_output(db):
    result = runner.invoke(app, ["export", "-", "--format", "csv", "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["doc_id"] for row in rows] == ["a", "b"]
    assert "eventwire: wrote 2 rows to standard output" in result.stderr
    stream = io.BytesIO()
    assert Store(db).export(stream, "jsonl") == 2
    assert [json.loads(line)["doc_id"] for line in stream.getvalue().splitlines()] == ["a", "b"]


def test_format_choices_and_their_help_come_from_the_store():
    export_help = runner.invoke(app, ["export", "--help"], terminal_width=200).stdout
    assert ", ".join(choices.EXPORT_FORMATS[:-1]) + f" or {choices.EXPORT_FORMATS[-1]}." in export_help
    wrong = runner.invoke(app, ["events", "--format", "xml"])
    assert wrong.exit_code == 2
    assert all(f"'{name}'" in wrong.output for name in choices.TABLE_FORMATS)


def test_the_store_can_be_named_by_the_environment(db, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_DB", str(db))
    result = runner.invoke(app, ["events", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 2


def test_verbose_ingest_logs_stage_timings(tmp_path, article):
    result = runner.invoke(app, ["ingest", str(article), "--db", str(tmp_path / "news.duckdb"), "--workers", "1", "-v"])
    assert result.exit_code == 0, result.output
    assert f"{article}: entities " in result.stderr and f"{article}: events " in result.stderr


def test_an_evaluation_limit_below_one_is_refused(tmp_path):
    result = runner.invoke(app, ["eval", "quotes", "--polnear", str(tmp_path), "--limit", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--limit'" in result.output
