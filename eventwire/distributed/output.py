"""A distributed ingest's output folder: Hive-partitioned Parquet, written so that a killed run can be resumed.

Layout (a local path or any fsspec URL: s3://bucket/run, gs://..., memory://... in tests):

    _eventwire.json                              the format and the partition size the run was started with
    documents/date=2024-10-29/part-000003.parquet   one file per table, publication day and input partition
    errors/date=__HIVE_DEFAULT_PARTITION__/part-000003.parquet   (no day: the Hive convention DuckDB reads as null)
    _done/part-000003.json                       written last: the partition's input fingerprint and its files
    _done/complete.json                          once every partition is written: how many there are

Every file is written under `_tmp/` and then moved to its name, so no reader sees half a file; a partition
counts as written only once its `_done` marker is there. A partition is always written under the same file
names, so one whose worker died half-way is simply written again over its own files: nothing is doubled, and
readers (`load`, the DuckDB views) read only the files the markers list, so nothing half-written is read.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from typing import Any

import fsspec
import pyarrow
import pyarrow.compute
import pyarrow.parquet

from eventwire.distributed.tables import DATE_KEY, TABLES
from eventwire.errors import EventwireError

FORMAT = "eventwire-parquet/1"
MANIFEST = "_eventwire.json"
COMPLETE = "_done/complete.json"
NO_DATE = "__HIVE_DEFAULT_PARTITION__"


class OutputError(EventwireError):
    """An output folder that cannot be used as asked; the message names it and says what to do."""


def partition_name(partition: int) -> str:
    return f"part-{partition:06d}"


def fingerprint(records: list[dict[str, Any]]) -> str:
    """What identifies a partition's input: the ids (or, for an input error, the origin) of its records in order.
    A resumed run checks it, so a folder is never completed from different input."""
    digest = hashlib.sha1()
    for record in records:
        digest.update((record.get("id") or "error:" + record["error"]["origin"]).encode("utf-8") + b"\n")
    return digest.hexdigest()


class Output:
    """The output folder at `url`; picklable (it is its URL), so a task can be handed it."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.fs, self.root = fsspec.core.url_to_fs(self.url)

    def __reduce__(self):
        return Output, (self.url,)

    def path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])

    def start(self, partition_size: int) -> None:
        """Create the folder, or check that the run it holds was made with the same partition size (partitions
        are counted in input records: another size would cut the input elsewhere); drop unfinished temporary
        files of an earlier run."""
        manifest = self.manifest()
        if manifest is None:
            self.fs.makedirs(self.root, exist_ok=True)
            self._write_bytes(MANIFEST, json.dumps({"format": FORMAT, "partition_size": partition_size,
                                                    "tables": list(TABLES)}, indent=2).encode("utf-8"))
        elif manifest.get("partition_size") != partition_size:
            raise OutputError(f"{self.url}: was started with --partition-size {manifest.get('partition_size')}; "
                              f"resume it with that size or give another --out")
        if self.fs.exists(self.path("_tmp")):
            self.fs.rm(self.path("_tmp"), recursive=True)

    def manifest(self) -> dict[str, Any] | None:
        """The folder's manifest; None when there is no folder or no manifest yet."""
        try:
            with self.fs.open(self.path(MANIFEST), "rb") as stream:
                manifest = json.loads(stream.read())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as err:
            raise OutputError(f"{self.url}: {MANIFEST} cannot be read ({err})") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise OutputError(f"{self.url}: not an eventwire Parquet folder ({MANIFEST} is not {FORMAT})")
        return manifest

    def require(self) -> dict[str, Any]:
        """The manifest of a folder that must already hold a run."""
        manifest = self.manifest()
        if manifest is None:
            raise OutputError(f"{self.url}: no eventwire Parquet folder here (make one with `eventwire ingest "
                              "--engine dask ... --out DIR`)")
        return manifest

    def done(self) -> dict[int, dict[str, Any]]:
        """The marker of every partition written completely, by partition number."""
        markers = {}
        for path in sorted(self.fs.glob(self.path("_done", "part-*.json"))):
            with self.fs.open(path, "rb") as stream:
                marker = json.loads(stream.read())
            markers[int(marker["partition"])] = marker
        return markers

    def write_partition(self, partition: int, input_fingerprint: str, tables: dict[str, pyarrow.Table]) -> dict:
        """Write one partition's tables, a file per table and day, then its marker; returns the marker."""
        name = partition_name(partition)
        files: dict[str, list[str]] = {}
        for table, rows in tables.items():
            files[table] = []
            for day, part in split_by_day(rows):
                relative = f"{table}/{DATE_KEY}={day or NO_DATE}/{name}.parquet"
                buffer = io.BytesIO()
                pyarrow.parquet.write_table(part, buffer, compression="zstd")
                self._write_bytes(relative, buffer.getvalue())
                files[table].append(relative)
        errors = tables["errors"]
        marker = {"partition": partition, "fingerprint": input_fingerprint, "files": files,
                  "documents": tables["documents"].num_rows, "errors": errors.num_rows,
                  "failures": [list(pair) for pair in zip(errors.column("origin").to_pylist(),
                                                          errors.column("message").to_pylist())]}
        self._write_bytes(f"_done/{name}.json", json.dumps(marker, indent=1).encode("utf-8"))
        return marker

    def finish(self, partitions: int) -> None:
        """Mark the run complete: the input made `partitions` partitions, all written."""
        self._write_bytes(COMPLETE, json.dumps({"partitions": partitions}).encode("utf-8"))

    def complete(self) -> int | None:
        """How many partitions a complete run made; None while the run has not finished."""
        try:
            with self.fs.open(self.path(COMPLETE), "rb") as stream:
                return int(json.loads(stream.read())["partitions"])
        except FileNotFoundError:
            return None

    def read_table(self, relative: str, columns: list[str] | None = None) -> pyarrow.Table:
        with self.fs.open(self.path(relative), "rb") as stream:
            return pyarrow.parquet.read_table(stream, columns=columns)

    def _write_bytes(self, relative: str, data: bytes) -> None:
        """Write a file whole or not at all: under `_tmp/` first, then moved to its name."""
        temporary = self.path("_tmp", f"{uuid.uuid4().hex}.part")
        target = self.path(relative)
        self.fs.makedirs(self.path("_tmp"), exist_ok=True)
        self.fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
        with self.fs.open(temporary, "wb") as stream:
            stream.write(data)
        self.fs.mv(temporary, target)


def split_by_day(table: pyarrow.Table) -> list[tuple[str | None, pyarrow.Table]]:
    """The table's rows per value of its `date` column (null last), each without that column; an empty table
    gives nothing."""
    days = table.column(DATE_KEY)
    values = sorted({d for d in days.to_pylist() if d is not None})
    rows = table.drop_columns([DATE_KEY])
    parts = [(day, rows.filter(pyarrow.compute.equal(days, day))) for day in values]
    if days.null_count:
        parts.append((None, rows.filter(pyarrow.compute.is_null(days))))
    return parts
