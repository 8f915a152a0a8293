"""A store that cannot be opened or written ends the command with one line naming the file and what to do."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreError,
    backup_path,
    open_store,
)
from eventwire.store.writer import Writer

runner = CliRunner()
ENGLISH = "Russian drones hit the port of Odesa overnight, Ukrainian officials said on Sunday.\n"


def one_line_error(result, *parts: str) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("eventwire: error:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert all(part in lines[0] for part in parts), lines[0]
    return lines[0]


@pytest.fixture
def stored(tmp_path) -> Path:
    db = tmp_path / "news.duckdb"
    with Writer(db):
        pass
    return db


def test_a_truncated_store_is_named_damaged(tmp_path, stored):
    truncated = tmp_path / "truncated.duckdb"
    truncated.write_bytes(stored.read_bytes()[:20_000])
    one_line_error(runner.invoke(app, ["events", "--db", str(truncated)]), str(truncated), "damaged or truncated")
    text = tmp_path / "a.txt"
    text.write_text(ENGLISH)
    one_line_error(runner.invoke(app, ["ingest", str(text), "--db", str(truncated)]), "damaged or truncated")


def test_a_file_that_is_not_a_store(tmp_path):
    notes = tmp_path / "notes.duckdb"
    notes.write_text("my notes\n" * 100)
    one_line_error(runner.invoke(app, ["events", "--db", str(notes)]), str(notes), "not a DuckDB database file")


def test_a_store_from_a_newer_eventwire_is_refused_for_reading_and_writing(stored):
    con = duckdb.connect(str(stored))
    con.execute("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION + 1])
    con.close()
    for mode in (True, False):
        with pytest.raises(StoreError, match=f"written by a newer eventwire .schema {SCHEMA_VERSION + 1}"):
            open_store(stored, read_only=mode)


def test_an_older_store_is_migrated_with_a_backup(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP DEFAULT current_timestamp)")
    for statement in MIGRATIONS[1]:
        con.execute(statement)
    con.execute("INSERT INTO documents (id, text) VALUES ('d1', 'kept')")
    con.execute("INSERT INTO schema_version (version) VALUES (1)")
    con.close()
    open_store(db).close()
    backup = backup_path(db, 1)
    old = duckdb.connect(str(backup), read_only=True)
    assert old.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
    assert old.execute("SELECT text FROM documents").fetchall() == [("kept",)]
    old.close()
    new = open_store(db, read_only=True)
    assert new.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    new.close()


def test_a_folder_that_cannot_be_written(tmp_path):
    if os.geteuid() == 0:  # root writes anywhere but in /sys
        if not Path("/sys").is_dir():
            pytest.skip("no unwritable folder for root")
        db = Path("/sys/eventwire-test.duckdb")
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        db = folder / "news.duckdb"
    text = tmp_path / "a.txt"
    text.write_text(ENGLISH)
    one_line_error(runner.invoke(app, ["ingest", str(text), "--db", str(db)]), str(db), "permission denied")


def test_a_full_disk_while_writing_ends_with_one_line_and_keeps_what_was_stored(tmp_path, monkeypatch):
    db = tmp_path / "news.duckdb"
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ENGLISH)
    assert runner.invoke(app, ["ingest", str(first), "--db", str(db), "--workers", "1"]).exit_code == 0
    second.write_text("Ukrainian forces shot down 20 Russian drones over Kyiv on Monday, the air force said.\n")

    def full(self, records):
        raise duckdb.IOException('IO Error: Could not write file "news.duckdb": No space left on device')

    monkeypatch.setattr(Writer, "write_many", full)
    monkeypatch.setattr(Writer, "write", lambda self, record: full(self, [record]))
    result = runner.invoke(app, ["ingest", str(second), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    monkeypatch.undo()
    con = open_store(db, read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    con.close()
