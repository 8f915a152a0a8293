"""An ingest killed at any point and run again gives the store one uninterrupted run gives, record for record;
SIGTERM ends the worker processes too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from eventwire.ingest import sources
from eventwire.ingest.batch import ingest
from eventwire.store.writer import Writer

CORPUS = Path(__file__).resolve().parent / "fixtures" / "reliability" / "corpus.jsonl"
TIMESTAMPS = {"ingested_at", "failed_at", "applied_at"}
KILLED_INGEST = """
import os, signal, sys
from eventwire.ingest import batch
from eventwire.store import writer
from eventwire.cli import app

batch.WRITE_BATCH, batch.WRITE_WAIT = 3, 0.0  # many small transactions: more places to be killed at
after, mode = int(sys.argv[1]), sys.argv[2]
stored = [0]
write_many, insert_rows = writer.Writer.write_many, writer.insert_rows

def counting_write_many(self, records):
    armed[0] = stored[0] + len(records) > after
    outcome = write_many(self, records)
    stored[0] += len(records)
    if mode == "after" and stored[0] >= after:
        os.kill(os.getpid(), signal.SIGKILL)
    return outcome

def killing_insert_rows(con, table, *args, **kwargs):
    insert_rows(con, table, *args, **kwargs)
    if mode == "during" and armed[0] and table == "mentions":  # inside the transaction, half its tables written
        os.kill(os.getpid(), signal.SIGKILL)

armed = [False]
writer.Writer.write_many, writer.insert_rows = counting_write_many, killing_insert_rows
app(["ingest", sys.argv[3], "--db", sys.argv[4], "--workers", "1"])
"""


def run_ingest(db: Path) -> None:
    with Writer(db) as writer:
        ingest(sources.articles(sources.collect([CORPUS])), writer, workers=1)


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the columns that record when a row was written."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        found = {}
        for table in tables:
            columns = [row[0] for row in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table]).fetchall() if row[0] not in TIMESTAMPS]
            quoted = ", ".join(f'"{c}"' for c in columns)
            found[table] = sorted(con.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr)
        return found
    finally:
        con.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("reference") / "store.duckdb"
    run_ingest(db)
    stored = dump(db)
    assert len(stored["documents"]) == 20 and stored["events"] and stored["clusters"] and stored["errors"]
    return stored


EVERY_POINT = os.environ.get("EVENTWIRE_FUZZ") == "1"
"""`make fuzz` kills at more points and sends SIGINT as well; CI takes one point of each kind and SIGTERM."""


@pytest.mark.parametrize(("after", "mode"), [(7, "after"), (4, "during")]
                         + ([(1, "after"), (16, "after"), (13, "during")] if EVERY_POINT else []))
def test_a_run_killed_and_run_again_stores_what_one_run_stores(tmp_path, reference, after, mode):
    db = tmp_path / "store.duckdb"
    killed = subprocess.run([sys.executable, "-c", KILLED_INGEST, str(after), mode, str(CORPUS), str(db)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    partial = dump(db)
    assert 0 < len(partial["documents"]) < 20
    run_ingest(db)
    assert dump(db) == reference


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (read from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, *([signal.SIGINT] if EVERY_POINT else [])])
def test_sigterm_and_sigint_end_the_workers_and_a_rerun_completes_the_store(tmp_path, reference, stop):
    db = tmp_path / "store.duckdb"
    command = [sys.executable, "-m", "eventwire", "ingest", str(CORPUS), "--db", str(db), "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and process.poll() is None:
        time.sleep(0.2)
        workers = {pid for pid in descendants(process.pid) if "spawn" in _command_line(pid)}
    assert len(workers) >= 2, "the ingest never started its workers"
    os.kill(process.pid, stop)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode in (130, 0), stderr  # 0: it had finished before the signal arrived
    if process.returncode == 130:
        assert "interrupted: run the same command again" in stderr
    time.sleep(0.5)
    assert not {pid for pid in workers if Path(f"/proc/{pid}").exists() and _state(pid) != "Z"}
    assert "Traceback" not in stderr
    run_ingest(db)
    assert dump(db) == reference


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
