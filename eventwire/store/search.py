"""Full-text search over stored documents, offline.

DuckDB's FTS extension is downloaded at run time, so eventwire keeps the index in SQLite FTS5 (in
Python's standard library) in a side file next to the store: `eventwire.duckdb` -> `eventwire.duckdb.fts.sqlite`.
The writer adds each batch of documents after its DuckDB transaction commits; on every writable open the two
are reconciled (documents missing from the index, e.g. after a kill between the two commits, are
added; entries whose document is gone are removed), so the index never lags for long and never lies.
Words are stemmed (Porter) and matched case- and accent-insensitively; results are ranked by BM25.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import duckdb

from eventwire.store.schema import StoreError


def index_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".fts.sqlite")


@dataclass
class Hit:
    id: str
    title: str | None
    published: str | None
    url: str | None
    snippet: str
    score: float


class SearchIndex:
    def __init__(self, db_path: Path, read_only: bool = False):
        self.path = index_path(db_path)
        if read_only:
            if not self.path.exists():
                raise StoreError(f"{self.path}: no search index; run `eventwire ingest --db {db_path}` to rebuild it")
            self.con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        else:
            self.con = sqlite3.connect(self.path, check_same_thread=False)  # one user at a time: the writer
            # WAL without a sync per commit: the index can always be rebuilt from the store (reconcile)
            self.con.execute("PRAGMA journal_mode=WAL")
            self.con.execute("PRAGMA synchronous=NORMAL")
            self.con.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5("
                "id UNINDEXED, published UNINDEXED, url UNINDEXED, title, text, tokenize='porter unicode61 remove_diacritics 2')")

    def add_many(self, documents: list[tuple[str, str | None, str | None, str | None, str]]) -> None:
        """Index (id, title, published, url, text) of each document, in one SQLite transaction."""
        with self.con:
            self.con.executemany("INSERT INTO docs (id, published, url, title, text) VALUES (?, ?, ?, ?, ?)",
                                 [(doc_id, published, url, title or "", text)
                                  for doc_id, title, published, url, text in documents])

    def reconcile(self, store: duckdb.DuckDBPyConnection) -> int:
        """Make the index hold exactly the store's documents; returns how many entries changed."""
        stored = store.execute("SELECT count(*) FROM documents").fetchone()[0]
        indexed = self.con.execute("SELECT count(*) FROM docs").fetchone()[0]
        if stored == indexed:
            return 0
        stored_ids = {row[0] for row in store.execute("SELECT id FROM documents").fetchall()}
        indexed_ids = {row[0] for row in self.con.execute("SELECT id FROM docs").fetchall()}
        with self.con:
            for doc_id in indexed_ids - stored_ids:
                self.con.execute("DELETE FROM docs WHERE id = ?", [doc_id])
        missing = sorted(stored_ids - indexed_ids)
        for doc_id in missing:
            title, published, url, text = store.execute(
                "SELECT title, CAST(published AS VARCHAR), url, text FROM documents WHERE id = ?", [doc_id]).fetchone()
            self.add_many([(doc_id, title, published, url, text)])
        return len(missing) + len(indexed_ids - stored_ids)

    def search(self, query: str, limit: int = 20, any_word: bool = False) -> list[Hit]:
        """Documents containing all the words of `query` (any of them with `any_word`), best first."""
        words = [w.replace('"', '""') for w in query.split() if w.strip('"')]
        if not words:
            return []
        match = (" OR " if any_word else " ").join(f'"{w}"' for w in words)
        rows = self.con.execute(
            "SELECT id, title, published, url, snippet(docs, 4, '[', ']', ' … ', 16), bm25(docs) "
            "FROM docs WHERE docs MATCH ? ORDER BY bm25(docs), id LIMIT ?", [match, limit]).fetchall()
        return [Hit(r[0], r[1] or None, r[2], r[3], " ".join(r[4].split()), round(-r[5], 4)) for r in rows]

    def close(self) -> None:
        self.con.close()
