"""`eventwire events --format table` reads at 100 columns, marks negated and hypothetical mentions, and `--wide`
shows every column."""

import json

import pytest
from store_helpers import meeting_report, meetings_store
from typer.testing import CliRunner

from eventwire.cli import app

runner = CliRunner(env={"COLUMNS": "100"})


@pytest.fixture
def db(tmp_path):
    return meetings_store(tmp_path / "news.duckdb",
                          meeting_report("c", "2024-10-30", "AP", "2024-10-30", negated=True),
                          meeting_report("d", "2024-10-31", "AP", "2024-10-31", hypothetical=True))


def test_the_table_fits_100_columns_and_marks_what_did_not_happen(db):
    result = runner.invoke(app, ["events", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert [cell.strip() for cell in lines[1].strip("┃").split("┃")] == [
        "day", "event", "source", "target", "where", "trigger", "reports"]
    rows = [line for line in lines if line.startswith("│")]
    dated = [i for i, line in enumerate(rows) if "2024-" in line]
    under = {rows[i].split("│")[1].strip(): [cell.strip() for cell in rows[i + 1].split("│")[2:4]] for i in dated}
    assert under["2024-10-31"] == ["hypothetical", "PRK"] and under["2024-10-30"] == ["negated", "PRK"]
    assert under["2024-10-28"] == ["", "PRK"]  # no mark; the source's code under its name
    assert "CONSULT 040" in rows[dated[0]] and "North Korea" in rows[dated[0]]
    assert sum("2 from 2 sources" in row for row in rows) == 2
    assert lines[-1] == "4 rows"


def test_wide_shows_every_column(db):
    result = runner.invoke(app, ["events", "--db", str(db), "--wide"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[1]
    assert all(column in header for column in ("goldstein", "cluster_mentions", "cluster_sources", "doc_id",
                                               "negated", "hypothetical"))


def test_json_and_csv_give_the_flags(db):
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    flags = {e["doc_id"]: (e["negated"], e["hypothetical"]) for e in json.loads(result.stdout)}
    assert flags == {"a": (False, False), "b": (False, False), "c": (True, False), "d": (False, True)}
