"""The gazetteer kept on disk as an SQLite file and read one name at a time.

Unpickling the whole index (270,000 places under 460,000 names) cost every process over half a second
and 100 MB before its first document; a story looks up a few dozen names. Here a process opens the file
(read-only: a cache file is replaced, never changed in place) and reads only the names it is asked
for, each once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from threading import Lock

from eventwire.places.gazetteer import Gazetteer, Place

PLACE_COLUMNS = Place._fields
PLACES_KEPT = 50_000
"""Most places kept once read (about 15 MB): all 19,043 Reuters stories read fewer, and a long ingest over ever
new places must not grow towards the whole gazetteer (over 100 MB)."""
NAMES_KEPT = 100_000
"""Most names kept with their places once read."""
ABSENT_KEPT = 100_000
"""Most names remembered as absent (a few MB): a long ingest meets ever new words, and memory must stay flat."""


def keep(memory: dict | set, most: int) -> None:
    """Make room for one more entry: a memory that is full is forgotten whole (cheaper on every hit than keeping
    the order of use, and a story's names are read again in one query each)."""
    if len(memory) >= most:
        memory.clear()


def save(gazetteer: Gazetteer, path: Path) -> None:
    """Write `gazetteer` to a new SQLite file (columns without types: values come back as they went in)."""
    db = sqlite3.connect(path)
    try:
        with db:
            db.execute(f"CREATE TABLE places (position INTEGER PRIMARY KEY, {', '.join(PLACE_COLUMNS)})")
            marks = ", ".join("?" * (len(PLACE_COLUMNS) + 1))
            db.executemany(f"INSERT INTO places VALUES ({marks})", ((i, *p) for i, p in enumerate(gazetteer.places)))
            for table, index in (("names", gazetteer.names), ("seats", gazetteer.seats)):
                db.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY, positions TEXT) WITHOUT ROWID")
                db.executemany(f"INSERT INTO {table} VALUES (?, ?)",
                               ((key, ",".join(map(str, positions))) for key, positions in index.items()))
            db.execute("CREATE TABLE capitals (geonames_id INTEGER)")
            db.executemany("INSERT INTO capitals VALUES (?)", ((c,) for c in sorted(gazetteer.capitals)))
    finally:
        db.close()


def open_stored(path: Path) -> Gazetteer:
    """A `Gazetteer` reading from the file at `path` as it is asked."""
    reader = Reader(path)
    capitals = {row[0] for row in reader.query("SELECT geonames_id FROM capitals")}
    return Gazetteer(StoredPlaces(reader), StoredIndex(reader, "names"), StoredIndex(reader, "seats"), capitals)


class Reader:
    """One read-only connection per process, shared by its threads: opened once, it keeps reading even if
    another process replaces or removes the file (a connection must not cross a fork, so a child opens its own)."""

    def __init__(self, path: Path):
        self.uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        self.lock = Lock()
        self.pid: int | None = None
        self.connection: sqlite3.Connection | None = None
        self.query("SELECT 1 FROM places LIMIT 1")  # fail now, not mid-document, on a damaged file

    def query(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        with self.lock:
            if self.connection is None or self.pid != os.getpid():
                self.connection = sqlite3.connect(self.uri, uri=True, check_same_thread=False)
                self.pid = os.getpid()
            return self.connection.execute(sql, parameters).fetchall()


class StoredPlaces(Sequence):
    """`Gazetteer.places`: a place by its position, read when first asked for."""

    def __init__(self, reader: Reader):
        self.reader = reader
        self.read: dict[int, Place] = {}

    def __getitem__(self, position: int) -> Place:  # type: ignore[override]
        place = self.read.get(position)
        if place is None:
            rows = self.reader.query(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places WHERE position = ?", (position,))
            if not rows:
                raise IndexError(position)
            keep(self.read, PLACES_KEPT)
            place = self.read[position] = Place(*rows[0])
        return place

    def __len__(self) -> int:
        return self.reader.query("SELECT count(*) FROM places")[0][0]

    def __iter__(self) -> Iterator[Place]:
        for row in self.reader.query(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places ORDER BY position"):
            yield Place(*row)


class StoredIndex(Mapping):
    """`Gazetteer.names` or `.seats`: normalised name -> positions of its places, read when first asked for
    (iterated in key order, not in the order the names were added)."""

    def __init__(self, reader: Reader, table: str):
        self.reader = reader
        self.table = table
        self.read: dict[str, list[int]] = {}
        self.absent: set[str] = set()
        """Names asked for and not found: most words a story's places are looked up under are no place's name, and
        are asked again in every story."""

    def __getitem__(self, key: str) -> list[int]:
        positions = self.read.get(key)
        if positions is None:
            if key in self.absent:
                raise KeyError(key)
            rows = self.reader.query(f"SELECT positions FROM {self.table} WHERE key = ?", (key,))
            if not rows:
                keep(self.absent, ABSENT_KEPT)
                self.absent.add(key)
                raise KeyError(key)
            keep(self.read, NAMES_KEPT)
            positions = self.read[key] = [int(p) for p in rows[0][0].split(",") if p]
        return positions

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self.reader.query(f"SELECT key FROM {self.table} ORDER BY key"))

    def __len__(self) -> int:
        return self.reader.query(f"SELECT count(*) FROM {self.table}")[0][0]
