"""The command line: formats, batches with failures, one-line errors."""

import json
import subprocess
import sys

from paths_helpers import EXAMPLE
from typer.testing import CliRunner

from eventwire.cli import app

runner = CliRunner()
ENGLISH = "Russian drones hit the port of Odesa overnight, Ukrainian officials said on Sunday.\n"


def test_extract_json_on_stdout():
    result = runner.invoke(app, ["extract", str(EXAMPLE), "--published", "2024-10-29"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "eventwire.document/1"
    assert data["document"]["dateline"] == "SEOUL"


def test_batch_jsonl_records_failures_and_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["extract", str(empty), str(good), str(tmp_path / "missing.txt"), "--format", "jsonl"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [("error" in r) for r in records] == [True, False, True]
    assert records[0]["error"]["origin"] == str(empty)
    assert records[1]["document"]["text"] == ENGLISH
    assert "missing.txt: no such file" in result.stderr


def test_jsonl_corpus_input(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "x1", "text": ENGLISH, "title": "Drones", "published": "2024-10-27"}) + "\n")
    result = runner.invoke(app, ["extract", "--jsonl", str(corpus), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["document"]["id"] == "x1"
    assert record["document"]["published"] == "2024-10-27"


def test_table_format_is_readable():
    result = runner.invoke(app, ["extract", str(EXAMPLE), "--format", "table"])
    assert result.exit_code == 0
    assert "Choe Son Hui" in result.stdout and "Entities" in result.stdout


def test_tables_show_square_brackets_as_written(tmp_path):
    """Text from a story is never read as rich markup: "[sic]" and "[the army]" stay in the table."""
    import io

    from eventwire.store.output import emit
    from eventwire.store.queries import Table

    story = tmp_path / "brackets.txt"
    story.write_text('Brackets in a quote\n\nMoscow said "they [the army] will stay [sic]" on Monday, officials said.\n')
    result = runner.invoke(app, ["extract", str(story), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "[the army]" in result.stdout and "[sic]" in result.stdout
    out = io.StringIO()
    emit(Table(["snippet"], [("... cut [oil] [prices] ...",)]), "table", out)
    assert "[oil] [prices]" in out.getvalue()


def test_bad_published_date():
    result = runner.invoke(app, ["extract", str(EXAMPLE), "--published", "29/10/2024"])
    assert result.exit_code == 2
    assert "ISO date" in result.output


def test_error_is_one_line_without_traceback(tmp_path):
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    completed = subprocess.run([sys.executable, "-m", "eventwire.cli", "extract", str(binary)],
                               capture_output=True, text=True)
    assert completed.returncode == 1
    assert completed.stderr.strip() == f"eventwire: error: {binary}: binary data, not text"
    assert "Traceback" not in completed.stderr


def test_version():
    from eventwire import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"eventwire {__version__}"


def test_extract_a_subset_of_stages(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text(ENGLISH)
    result = runner.invoke(app, ["extract", str(text), "--stages", "entities,times"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["entities"] and data["times"] and data["events"] == [] and data["quotes"] == []
    wrong = runner.invoke(app, ["extract", str(text), "--stages", "entities,tims"])
    assert wrong.exit_code == 2 and "unknown stage 'tims' (did you mean 'times'?)" in wrong.output


def test_data_option_reaches_the_pipeline(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_DATA", "")  # restored afterwards: --data extends it for this process
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "organisations.yaml").write_text(
        "version: 1\norganisations:\n  Zorblatt Brigade: {country: UKR, sector: REB}\n")
    article = tmp_path / "a.txt"
    article.write_text("The Zorblatt Brigade attacked a convoy near Kharkiv on Monday, officials said.\n")
    result = runner.invoke(app, ["--data", str(tmp_path), "extract", str(article), "--stages", "entities"])
    assert result.exit_code == 0, result.output
    names = {e["name"]: e["actor"] for e in json.loads(result.stdout)["entities"]}
    assert names["Zorblatt Brigade"]["code"] == "UKRREB"
