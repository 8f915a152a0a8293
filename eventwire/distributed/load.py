"""Bring a distributed ingest's Parquet folder into the store, or query the folder where it lies.

`store_partitions` replays the partitions' records in input order through the store's own writer (the same writing thread
as `eventwire ingest`): corpus actor identities, duplicate documents, event clusters and errors come out as a
single-machine ingest of the same input would make them, record for record. Loading again adds nothing
(stored documents are skipped), so a load can follow each resumed run.

`connect` opens an in-memory DuckDB whose views (documents, entities, mentions, events, event_mentions,
quotes, times, quantities, errors) read the folder's Parquet files directly, each with its Hive `date` column:
a corpus too large for one DuckDB file stays queryable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow
from fsspec.implementations.local import LocalFileSystem

from eventwire.distributed.output import Output
from eventwire.distributed.run import reporter
from eventwire.distributed.tables import DATE_KEY, TABLES, schemas
from eventwire.ingest.batch import Summary, WritingThread
from eventwire.store.schema import migrate
from eventwire.store.writer import Writer


def store_partitions(output: Output, writer: Writer, on_progress: Callable[[Summary], None] | None = None,
                     on_error: Callable[[str, str], None] | None = None) -> tuple[Summary, int | None]:
    """Store every written partition, in order, up to the first one not written yet. Returns the summary and,
    when the ingest has not finished, the number of the first partition still missing (None when complete)."""
    output.require()
    markers = output.done()
    total = output.complete()
    summary = Summary()
    report = reporter(summary, on_progress)
    writing = WritingThread(writer, summary, report, on_error)
    number = 0
    try:
        while number in markers:
            for record in partition_records(output, markers[number]):
                if "error" in record:
                    writing.fail(record["error"]["origin"], record["error"]["message"])
                else:
                    writing.store(record)
            number += 1
    finally:
        writing.close()
    report()
    return summary, None if total is not None and number >= total else number


def partition_records(output: Output, marker: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A partition's extraction records and errors in input order, as `Extraction.to_dict()` and {"error": ...}."""
    files = marker["files"]
    documents = concat([output.read_table(f, ["seq", "text", "extraction"]) for f in files.get("documents", [])])
    errors = concat([output.read_table(f, ["seq", "origin", "message"]) for f in files.get("errors", [])])
    found: list[tuple[int, dict[str, Any]]] = []
    for seq, text, extraction in zip(*(documents.column(c).to_pylist() for c in ("seq", "text", "extraction"))):
        record = json.loads(extraction)
        record["document"]["text"] = text
        found.append((seq, record))
    for seq, origin, message in zip(*(errors.column(c).to_pylist() for c in ("seq", "origin", "message"))):
        found.append((seq, {"error": {"origin": origin, "message": message}}))
    for _, record in sorted(found, key=lambda pair: pair[0]):
        yield record


def concat(tables: list[pyarrow.Table]) -> pyarrow.Table:
    return pyarrow.concat_tables(tables) if tables else pyarrow.table({"seq": [], "text": [], "extraction": [],
                                                                         "origin": [], "message": []})


def connect(output: Output | str, sandbox: bool = True, as_store: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per table over the files of the partitions written so far (files of a
    partition still being written are not read). With `sandbox`, the connection can read nothing but the
    folder: no other file, no ATTACH, no extension, settings locked (on a local folder; over an fsspec URL the
    connection reads through fsspec and only the read-only statement check of `eventwire sql` applies).
    With `as_store`, the store's own tables that only `load` fills (actors and their aliases, roles and name
    words; clusters) are there too, empty, with the store's summary views: so the store's queries, the API's
    among them, run on the folder unchanged."""
    output = output if isinstance(output, Output) else Output(output)
    output.require()
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    local = isinstance(output.fs, LocalFileSystem)
    if not local:
        con.register_filesystem(output.fs)
    store_only = store_only_columns(con) if as_store else {}
    markers = output.done().values()
    for table in TABLES:
        files = [file for marker in markers for file in marker["files"].get(table, [])]
        extra = "".join(f", NULL::{kind} AS {name}" for name, kind in store_only.get(table, []))
        if files:
            paths = ", ".join(f"'{location(output, file, local)}'" for file in files)
            con.execute(f"CREATE VIEW {table} AS SELECT *{extra} FROM read_parquet([{paths}], hive_partitioning = "
                        f"true, hive_types = {{'{DATE_KEY}': DATE}})")
        else:  # nothing written yet: an empty view with the table's columns
            con.register(f"{table}_empty", schemas()[table].empty_table())
            con.execute(f"CREATE VIEW {table} AS SELECT *, NULL::DATE AS {DATE_KEY}{extra} FROM {table}_empty")
    if sandbox and local:
        con.execute(f"SET allowed_directories = ['{output.root}/']")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con


def store_only_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Give `con` every table and view of the store, empty, then drop the tables the folder holds (they become
    its views): returns, per such table, the store's columns its Parquet files do not have (such as a document's
    `ingested_at`, which `load` sets), each with its type, to be added as nulls."""
    migrate(con, Path(":memory:"))
    missing = {}
    for table in TABLES:
        written = set(schemas()[table].names)
        columns = con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                              "ORDER BY ordinal_position", [table]).fetchall()
        missing[table] = [(f'"{name}"', kind) for name, kind in columns if name not in written]
        con.execute(f"DROP TABLE {table}")
    return missing


def location(output: Output, relative: str, local: bool) -> str:
    path = output.path(relative)
    return path if local else output.fs.unstrip_protocol(path)

