"""`eventwire serve`: what it prints and refuses before it starts serving (uvicorn itself is replaced here)."""

from __future__ import annotations

import uvicorn
from store_helpers import meeting_report
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store.writer import Writer


def run_serve(monkeypatch, *args: str, env: dict[str, str] | None = None):
    served = {}

    def fake_run(application, host, port, log_level):
        served.update(app=application, host=host, port=port)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = CliRunner().invoke(app, ["serve", *args], env=env or {}, catch_exceptions=False)
    return result, served


def small_store(tmp_path):
    db = tmp_path / "small.duckdb"
    with Writer(db) as writer:
        writer.write(meeting_report("d1", "2024-10-01", "Reuters", "2024-10-01"))
    return db


def test_a_read_only_server_says_so_and_needs_no_token(monkeypatch, tmp_path):
    result, served = run_serve(monkeypatch, "--db", str(small_store(tmp_path)), "--port", "8123")
    assert result.exit_code == 0
    assert "read-only" in result.stderr and "token" not in result.stderr
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)


def test_ingest_prints_a_generated_token_or_takes_the_given_one(monkeypatch, tmp_path):
    db = str(small_store(tmp_path))
    generated, _ = run_serve(monkeypatch, "--db", db, "--allow-ingest")
    (line,) = [line for line in generated.stderr.splitlines() if "ingest token" in line]
    assert len(line.rsplit(": ", 1)[1]) >= 24
    given, _ = run_serve(monkeypatch, "--db", db, "--allow-ingest", env={"EVENTWIRE_TOKEN": "chosen-secret"})
    assert "taken from EVENTWIRE_TOKEN" in given.stderr and "chosen-secret" not in given.stderr


def test_listening_beyond_loopback_is_warned_about(monkeypatch, tmp_path):
    result, served = run_serve(monkeypatch, "--db", str(small_store(tmp_path)), "--host", "0.0.0.0", "--allow-ingest")
    assert "warning: listening on 0.0.0.0" in result.stderr and "writes need the bearer token" in result.stderr
    assert served["host"] == "0.0.0.0"  # nothing was bound: uvicorn is replaced


def test_bad_stores_and_options_are_one_line_errors(monkeypatch, tmp_path):
    missing, served = run_serve(monkeypatch, "--db", str(tmp_path / "none.duckdb"))
    assert missing.exit_code == 1 and not served
    assert missing.stderr.strip() == (f"eventwire: error: {tmp_path / 'none.duckdb'}: no such database "
                                      f"(create it with `eventwire ingest ... --db {tmp_path / 'none.duckdb'}`)")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("not a url\n")
    bad_feeds, served = run_serve(monkeypatch, "--db", str(small_store(tmp_path)), "--watch", str(feeds))
    assert bad_feeds.exit_code == 1 and not served and "'not a url' is not an http(s) URL" in bad_feeds.stderr
    too_often, _ = run_serve(monkeypatch, "--db", str(small_store(tmp_path)), "--watch", str(feeds), "--every", "2s")
    assert too_often.exit_code == 2 and "shorter than 10 s" in too_often.stderr


def test_a_parquet_folder_is_served_read_only_and_must_be_one(monkeypatch, tmp_path):
    refused, served = run_serve(monkeypatch, "--parquet", str(tmp_path), "--allow-ingest")
    assert refused.exit_code != 0 and "read-only" in refused.output and not served
    missing, served = run_serve(monkeypatch, "--parquet", str(tmp_path / "nothing"))
    assert missing.exit_code == 1 and "nothing" in missing.stderr and not served
