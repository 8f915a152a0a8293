"""Scale-out: partitions to Parquet (serially and on a Dask LocalCluster), resuming, `load`, queries over Parquet.

The reference for every comparison is a single-process `ingest` of the same fixture corpus (12 stories over
six days and one without a date, a line that is not JSON, a repeated document)."""

from __future__ import annotations

import json
import os
import sys
from functools import partial
from pathlib import Path

import duckdb
import pytest

from eventwire.distributed import inputs, run
from eventwire.distributed.load import connect, store_partitions
from eventwire.distributed.output import Output, OutputError
from eventwire.store.writer import Writer

CORPUS = Path(__file__).resolve().parent / "fixtures" / "scale" / "corpus.jsonl"
STORE_TABLES = ("documents", "actors", "actor_aliases", "actor_roles", "actor_name_words", "entities", "mentions",
                "events", "clusters", "quotes", "times", "quantities", "errors")
TIMESTAMPS = {"documents": "EXCLUDE (ingested_at)", "errors": "EXCLUDE (failed_at)"}


def store_rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every store table (timestamps left out), in a fixed order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: con.execute(f"SELECT * {TIMESTAMPS.get(table, '')} FROM {table} ORDER BY ALL").fetchall()
                for table in STORE_TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, list[tuple]]:
    """The store a single-process ingest of the corpus makes."""
    from eventwire.ingest import sources
    from eventwire.ingest.batch import ingest

    db = tmp_path_factory.mktemp("reference") / "single.duckdb"
    with Writer(db) as writer:
        summary = ingest(sources.articles([CORPUS]), writer)
    assert (summary.stored, summary.skipped, summary.failed) == (12, 1, 1)
    return store_rows(db)


def loaded(folder: str, db: Path) -> dict[str, list[tuple]]:
    with Writer(db) as writer:
        _, missing = store_partitions(Output(folder), writer)
    assert missing is None
    return store_rows(db)


def assert_same_store(rows: dict[str, list[tuple]], reference: dict[str, list[tuple]]) -> None:
    for table in STORE_TABLES:
        assert rows[table] == reference[table], table
    assert len(reference["clusters"]) < len(reference["events"])  # the corpus does merge reports across documents


def test_serial_partitions_load_into_the_same_store_as_one_ingest(tmp_path, reference):
    out = str(tmp_path / "out")
    summary = run.ingest(inputs.articles([str(CORPUS)]), Output(out), run.serial, partition_size=4)
    assert (summary.stored, summary.failed) == (12, 1)  # the repeated document is left out of the partitions
    assert_same_store(loaded(out, tmp_path / "loaded.duckdb"), reference)


def test_the_pipeline_limits_reach_the_partitions_workers(tmp_path):
    """--max-chars / --on-long (and the other limits) given to a distributed ingest rule its workers' pipelines,
    as they do a single-machine ingest's: here the stories above 150 characters are refused, not split."""
    stories = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:  # the corpus's malformed line
            continue
        stories.setdefault(record["id"], record["text"])
    too_long = sum(len(text) > 150 for text in stories.values())
    assert 0 < too_long < len(stories)
    out = tmp_path / "out"
    summary = run.ingest(inputs.articles([str(CORPUS)]), Output(str(out)), run.serial, partition_size=4,
                         options={"max_chars": 150, "on_long": "refuse"})
    assert (summary.stored, summary.failed) == (len(stories) - too_long, too_long + 1)
    errors = duckdb.sql(f"SELECT message FROM read_parquet('{out}/errors/**/*.parquet')").fetchall()
    assert sum("150" in message for (message,) in errors) == too_long


def test_parquet_is_hive_partitioned_by_day_and_queryable_in_place(tmp_path):
    out = tmp_path / "out"
    run.ingest(inputs.articles([str(CORPUS)]), Output(str(out)), run.serial, partition_size=5)
    days = sorted(p.name for p in (out / "documents").iterdir())
    assert days[0] == "date=2024-10-28" and days[-1] == "date=__HIVE_DEFAULT_PARTITION__" and len(days) == 7
    con = connect(Output(str(out)))
    assert con.execute("SELECT count(*), count(DISTINCT id) FROM documents").fetchone() == (12, 12)
    assert con.execute("SELECT count(*) FROM documents WHERE date IS NULL").fetchone() == (1,)
    assert con.execute("SELECT DISTINCT typeof(date) FROM documents").fetchall() == [("DATE",)]
    events, mentions = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("events", "event_mentions"))
    assert events > 0 and mentions >= events
    undated = con.execute("SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id WHERE d.date IS NULL")
    assert undated.fetchone()[0] == con.execute("SELECT count(*) FROM events WHERE date IS NULL").fetchone()[0] > 0
    origin, message, partition = con.execute("SELECT origin, message, partition FROM errors").fetchone()
    assert origin.endswith("corpus.jsonl:5") and message.startswith("not JSON") and partition == 0
    with pytest.raises(duckdb.Error, match="disabled by configuration"):
        con.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()


def test_the_api_serves_a_parquet_folder_in_place(tmp_path):
    """`eventwire serve --parquet DIR`: the store's queries run on the folder; what only `load` makes (actors,
    clusters, the search index) is empty or refused with the way to get it."""
    from fastapi.testclient import TestClient

    from eventwire.server.app import create_app

    out = tmp_path / "out"
    run.ingest(inputs.articles([str(CORPUS)]), Output(str(out)), run.serial, partition_size=5)
    in_place = connect(Output(str(out)))
    events = in_place.execute("SELECT count(*) FROM events WHERE NOT negated AND NOT hypothetical").fetchone()[0]
    first = in_place.execute("SELECT id, title FROM documents ORDER BY published, id LIMIT 1").fetchone()
    with TestClient(create_app(str(out), parquet=True)) as client:
        overview = client.get("/api/overview").json()
        assert (overview["documents"], overview["actors"], overview["clusters"]) == (12, 0, 0)
        listed = client.get("/api/events", params={"limit": 500}).json()
        assert listed["total"] == len(listed["items"]) == events > 0
        document = client.get(f"/api/documents/{first[0]}").json()
        assert document["title"] == first[1] and document["extraction"]["document"]["title"] == first[1]
        assert len(client.get("/api/documents", params={"limit": 50}).json()["items"]) == 12
        assert client.get("/api/actors").json()["items"] == []
        searched = client.get("/api/documents", params={"q": "missile"})
        assert searched.status_code == 503 and "eventwire load" in searched.json()["detail"]
    with pytest.raises(ValueError, match="read-only"):
        create_app(str(out), parquet=True, writable=True)


class Stop(Exception):
    """Raised by an engine to stop a run part-way, as a kill would."""


def engine_stopping_after(count: int, ran: list[int]) -> run.Engine:
    """The serial engine, stopped (as if killed) when `count` partitions are done; `ran` gets each one run."""
    def engine(task, work, on_done):
        for number, records in work:
            if len(ran) == count:
                raise Stop()
            ran.append(number)
            on_done(task(number, records))
    return engine


def test_a_stopped_run_resumes_with_only_the_missing_partitions(tmp_path, reference):
    out, ran = str(tmp_path / "out"), []
    with pytest.raises(Stop):
        run.ingest(inputs.articles([str(CORPUS)]), Output(out), engine_stopping_after(2, ran), partition_size=3)
    # a partition whose worker died half-way: some of its files written, no marker
    half = tmp_path / "out" / "documents" / "date=2024-10-31" / "part-000002.parquet"
    half.parent.mkdir(parents=True, exist_ok=True)
    half.write_bytes(b"half-written")
    with Writer(tmp_path / "early.duckdb") as writer:  # loading now stores what is written, and says what is missing
        summary, missing = store_partitions(Output(out), writer)
    assert missing == 2 and summary.stored + summary.failed == 6
    summary = run.ingest(inputs.articles([str(CORPUS)]), Output(out), engine_stopping_after(99, ran := []),
                         partition_size=3)
    assert ran == [2, 3, 4] and summary.skipped == 6
    assert half.read_bytes()[:4] == b"PAR1"  # written again over its own name
    assert_same_store(loaded(out, tmp_path / "early.duckdb"), reference)  # the second load adds the rest


def test_a_folder_is_never_completed_from_other_input_or_partition_size(tmp_path):
    out = str(tmp_path / "out")
    run.ingest(inputs.articles([str(CORPUS)]), Output(out), run.serial, partition_size=3)
    other = tmp_path / "other.jsonl"
    other.write_text(CORPUS.read_text().split("\n", 1)[1])
    with pytest.raises(OutputError, match="part-000000 was written from other input"):
        run.ingest(inputs.articles([str(other)]), Output(out), run.serial, partition_size=3)
    with pytest.raises(OutputError, match="started with --partition-size 3"):
        run.ingest(inputs.articles([str(CORPUS)]), Output(out), run.serial, partition_size=4)


def test_fsspec_urls_for_input_and_output(tmp_path):
    import fsspec

    memory = fsspec.filesystem("memory")
    memory.pipe("/news/day1/corpus.jsonl", CORPUS.read_bytes())
    summary = run.ingest(inputs.articles(["memory://news/"]), Output("memory://runs/one"), run.serial,
                         partition_size=6)
    assert (summary.stored, summary.failed) == (12, 1)
    origins = [r[0] for r in connect(Output("memory://runs/one")).execute("SELECT origin FROM documents").fetchall()]
    assert all(o.startswith("memory:///news/day1/corpus.jsonl:") for o in origins)
    with Writer(tmp_path / "from-memory.duckdb") as writer:
        assert store_partitions(Output("memory://runs/one"), writer)[0].stored == 12
    assert list(inputs.articles(["memory://nothing/here"]))[0].problem == "no such file or folder"


def test_load_refuses_a_folder_that_holds_no_run(tmp_path):
    with Writer(tmp_path / "x.duckdb") as writer, pytest.raises(OutputError, match="no eventwire Parquet folder"):
        store_partitions(Output(str(tmp_path)), writer)


# --- Dask -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    from eventwire.distributed import dask_engine

    with dask_engine.local_cluster(2) as cluster, distributed.Client(cluster) as connected:
        yield connected


def test_local_workers_run_without_the_statistical_profiler(client):
    def profiling() -> bool:
        import dask

        return bool(dask.config.get("distributed.worker.profile.enabled"))

    assert set(client.run(profiling).values()) == {False}


def test_local_workers_keep_the_c_librarys_own_heap_trimming(client):
    def trim_threshold() -> str | None:
        import os

        return os.environ.get("MALLOC_TRIM_THRESHOLD_")

    assert set(client.run(trim_threshold).values()) == {None}


def crash_once_while_writing(flag: str) -> None:
    """Run in each Dask worker: the first worker to write the events of partition 2 dies right there (once)."""
    from eventwire.distributed.output import Output as WorkerOutput

    write = WorkerOutput._write_bytes

    def dying_write(self, relative, data):
        if relative.startswith("events/") and "part-000002" in relative:
            try:
                os.close(os.open(flag, os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                pass
            else:
                os._exit(1)
        write(self, relative, data)

    WorkerOutput._write_bytes = dying_write


@pytest.mark.slow
def test_dask_with_two_workers_gives_the_same_store_as_one_process(client, tmp_path, reference):
    """Through the CLI, on the module's LocalCluster of two workers (given as --scheduler)."""
    from typer.testing import CliRunner

    from eventwire.cli import app

    assert len(client.scheduler_info()["workers"]) == 2
    runner, out, db = CliRunner(), str(tmp_path / "out"), tmp_path / "dask.duckdb"
    refused = runner.invoke(app, ["ingest", str(CORPUS), "--engine", "dask"])
    assert refused.exit_code == 1 and "give --out DIR" in refused.output
    done = runner.invoke(app, ["ingest", str(CORPUS), "--engine", "dask", "--scheduler", client.scheduler.address,
                               "--out", out, "--partition-size", "2"])
    assert done.exit_code == 1  # the line that is not JSON
    assert "corpus.jsonl:5: not JSON" in done.output and "12 stored, 0 already stored, 1 failed" in done.output
    assert runner.invoke(app, ["load", out, "--db", str(db)]).exit_code == 0
    assert_same_store(store_rows(db), reference)
    counted = runner.invoke(app, ["sql", "--parquet", out, "--format", "csv", "SELECT count(*) AS n FROM documents"])
    assert counted.output.split() == ["n", "12"]


def test_a_worker_killed_mid_partition_loses_and_doubles_nothing(client, tmp_path, reference):
    import cloudpickle

    from eventwire.distributed import dask_engine

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    flag = tmp_path / "crashed"
    client.run(crash_once_while_writing, str(flag))
    out = str(tmp_path / "out")
    summary = run.ingest(inputs.articles([str(CORPUS)]), Output(out), partial(dask_engine.run_on, client),
                         partition_size=2)
    assert flag.exists()  # a worker did die, with partition 2's documents written and its events not
    assert (summary.stored, summary.failed) == (12, 1)
    counts = connect(Output(out)).execute("SELECT count(*), count(DISTINCT id) FROM documents").fetchone()
    assert counts == (12, 12)
    assert_same_store(loaded(out, tmp_path / "killed.duckdb"), reference)
