"""The Dask adapter: run `run_partition` on a Dask cluster, a few partitions in flight at a time.

Without a scheduler address a `LocalCluster` is started (one single-threaded worker process per core asked
for: spaCy's parse holds the interpreter's lock, so threads in one process would not parse in parallel).
Each worker loads the pipeline once, the first time it runs a partition, and keeps it; the task carries only
the partition's records and the output folder's URL. A worker that dies (killed, out of memory) loses only the
partition it was running: Dask gives that task to another worker, which writes the partition again under the
same file names (eventwire.distributed.output), so nothing is lost or doubled.
Processes are spawned: a script that calls `run` needs the `if __name__ == "__main__":` guard.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from typing import Any

IN_FLIGHT_PER_WORKER = 2
"""Partitions submitted per worker before one must finish: each worker has the next one queued while it runs one,
and the driver holds at most this many partitions' text, however long the input."""


def has_dashboard() -> bool:
    """Whether Dask can serve its dashboard here (it needs bokeh, which eventwire does not install)."""
    return importlib.util.find_spec("bokeh") is not None


def local_cluster(workers: int):
    """A LocalCluster of `workers` single-threaded processes (with its dashboard where bokeh is installed)."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        dashboard_address=":8787" if has_dashboard() else None)


def run(client, task: Callable[[int, list[dict[str, Any]]], dict[str, Any]],
        partitions: Iterable[tuple[int, list[dict[str, Any]]]], on_done: Callable[[dict[str, Any]], None]) -> None:
    """Run `task(number, records)` for each partition on the client's cluster; `on_done` gets each result as it
    comes. A task that raises (the output cannot be written) stops the run with its error."""
    from distributed import as_completed

    pending = as_completed()
    in_flight = 0
    for number, records in partitions:
        pending.add(client.submit(task, number, records, key=f"eventwire-partition-{number}", pure=False))
        in_flight += 1
        while in_flight >= IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {}))):
            on_done(next(pending).result())
            in_flight -= 1
    for future in pending:
        on_done(future.result())
