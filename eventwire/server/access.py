"""The server's one hold on the store file: reads on their own cursors with a time limit, writes through one lock.

DuckDB lets one process at a time open a file for writing, so the server process is the store's only owner
while it runs: read-only by default, or through the store's `Writer` when it may ingest (`--allow-ingest`,
`--watch`). Each request reads on a fresh cursor of that one connection (DuckDB cursors are safe to use from
several threads and see the last committed state), so readers never meet "database is locked" and never see
half a batch. A read that runs longer than `query_seconds` is interrupted and reported, so one heavy filter
cannot hold a worker thread for ever.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from eventwire.server.cache import MAX_BYTES, AnswerCache
from eventwire.store.schema import StoreError, open_store
from eventwire.store.search import Hit, SearchIndex

QUERY_SECONDS = 5.0
"""Longest a read may run before it is interrupted (503)."""


class QueryTimeout(Exception):
    """A read that was interrupted after the time limit."""


class StoreAccess:
    def __init__(self, path: Path, writable: bool = False, query_seconds: float = QUERY_SECONDS,
                 cache_bytes: int = MAX_BYTES, parquet: bool = False):
        """The store file at `path`; with `parquet`, the Parquet folder of `ingest --engine dask` at `path` (a
        folder or fsspec URL) instead, read in place: documents, entities, events and the rest as `load` would
        store them, but no corpus actors, real-world events (clusters) or full-text index, which only `load`
        makes (eventwire.distributed.load.connect)."""
        self.path = path
        self.query_seconds = query_seconds
        self.write_lock = threading.Lock()
        self.answers = AnswerCache(cache_bytes)
        self.writer = None
        self.parquet = parquet
        if parquet:
            from eventwire.distributed.load import connect

            self.con = connect(str(path), as_store=True)
            return
        if writable:
            from eventwire.store.writer import Writer

            self.writer = Writer(path)
            self.con = self.writer.con
        else:
            self.con = open_store(path, read_only=True)
        if not (self.path.exists() and Path(str(path) + ".fts.sqlite").exists()):
            raise StoreError(f"{path}: no search index beside the store; open it once with `eventwire ingest --db {path}`")

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one request, interrupted when it runs past the time limit."""
        cursor = self.con.cursor()
        timer = threading.Timer(self.query_seconds, cursor.interrupt)
        timer.daemon = True
        timer.start()
        try:
            yield cursor
        except duckdb.InterruptException:
            raise QueryTimeout(f"the query took longer than {self.query_seconds:g} s; narrow the filters") from None
        finally:
            timer.cancel()
            cursor.close()

    def rows(self, query: str, params: list[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self.cursor() as cursor:
            result = cursor.execute(query, params or [])
            names = [column[0] for column in result.description]
            return [dict(zip(names, row)) for row in result.fetchall()]

    def one(self, query: str, params: list[Any] | None = None) -> dict[str, Any] | None:
        found = self.rows(query, params)
        return found[0] if found else None

    def search(self, query: str, limit: int) -> list[Hit]:
        """Full-text search on a read-only connection of its own (SQLite connections belong to one thread)."""
        if self.parquet:
            raise StoreError(f"{self.path}: a Parquet folder has no full-text index; search it after "
                             f"`eventwire load {self.path} --db FILE`, or serve that store")
        index = SearchIndex(self.path, read_only=True)
        try:
            return index.search(query, limit=limit)
        finally:
            index.close()

    def write(self, records: list[dict[str, Any]]) -> list[bool]:
        """Store extraction records in one transaction; which were new."""
        if self.writer is None:
            raise RuntimeError("the store is open read-only")
        with self.write_lock:
            try:
                return self.writer.write_many(records)
            finally:
                self.answers.changed()

    def is_stored(self, doc_id: str) -> bool:
        return self.one("SELECT 1 AS found FROM documents WHERE id = ?", [doc_id]) is not None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        else:
            self.con.close()
