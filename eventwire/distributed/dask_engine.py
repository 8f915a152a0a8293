"""The Dask adapter: run `run_partition` on a Dask cluster, a few partitions in flight at a time (`run_on`), and
`ingest`, the whole distributed ingest on Dask (what `eventwire ingest --engine dask` calls).

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
import logging
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from eventwire.ingest.reading import MAX_CHARS

if TYPE_CHECKING:
    from eventwire.ingest.batch import Summary

IN_FLIGHT_PER_WORKER = 2
"""Partitions submitted per worker before one must finish: each worker has the next one queued while it runs one,
and the driver holds at most this many partitions' text, however long the input."""


LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
"""Dask settings of the local workers, each measured on this machine's 2 cores:
- no statistical profiler: it samples each worker's stack every 10 ms, which on the parse's deep stacks cost 2-3 %
  of a run (800 Reuters stories, 23.2-23.8 s against 23.9-24.3 s);
- glibc's own heap trimming: a nanny starts its worker with MALLOC_TRIM_THRESHOLD_=65536 so that freed memory
  goes back to the system at once, which for spaCy's many short-lived arrays costs system calls and page faults:
  the same 300 Reuters stories took 13.6-15.4 CPU s in a worker with it and 12.6-12.7 without (12.7-12.8 in a
  plain process). Remote workers get the same from a Dask configuration file (docs/scale.md)."""


def has_dashboard() -> bool:
    """Whether Dask can serve its dashboard here (it needs bokeh, which eventwire does not install)."""
    return importlib.util.find_spec("bokeh") is not None


def local_cluster(workers: int):
    """A LocalCluster of `workers` single-threaded processes (with its dashboard where bokeh is installed),
    set up for parsing rather than for Dask's defaults (`LOCAL_WORKER_CONFIG`)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_WORKER_CONFIG):  # read by each nanny as it starts its worker
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            dashboard_address=":8787" if has_dashboard() else None)


def run_on(client, task: Callable[[int, list[dict[str, Any]]], dict[str, Any]],
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


def ingest(sources: list[str], out: str, scheduler: str | None = None, workers: int = 2,
           partition_size: int | None = None, published: str | None = None, max_chars: int = MAX_CHARS,
           on_progress: Callable[[Summary], None] | None = None,
           on_error: Callable[[str, str], None] | None = None,
           on_total: Callable[[int], None] | None = None,
           on_dashboard: Callable[[str], None] | None = None,
           options: dict[str, Any] | None = None) -> Summary:
    """Extract files, folders or fsspec URLs on a Dask cluster into the Parquet folder `out` (a path or URL):
    the scheduler at `scheduler`, else a LocalCluster of `workers` processes started for the run. A folder that
    holds a stopped run of the same input is completed. `on_dashboard` hears the dashboard's address when
    there is one. `options` are the workers' `Pipeline` keyword arguments (the limits of docs/reliability.md:
    max_chars, on_long, doc_timeout, lang), as a single-machine ingest gives them."""
    from distributed import Client

    from eventwire.distributed import inputs, run
    from eventwire.distributed.output import Output, OutputError

    partition_size = partition_size or run.PARTITION_SIZE
    output = Output(out)
    output.start(partition_size)  # a folder that cannot be used is refused before any cluster starts
    total = inputs.estimate(sources)
    if on_total and total is not None:
        on_total(total)
    if not logging.getLogger("eventwire").isEnabledFor(logging.DEBUG):  # Dask logs each worker's start and stop
        logging.getLogger("distributed").setLevel(logging.WARNING)
    cluster = None
    try:
        cluster = None if scheduler else local_cluster(max(1, workers))
        with Client(scheduler or cluster) as client:
            if on_dashboard and (scheduler or has_dashboard()):
                on_dashboard(client.dashboard_link)
            return run.ingest(inputs.articles(sources, max_chars), output, partial(run_on, client), partition_size,
                              published, on_progress=on_progress, on_error=on_error, options=options)
    except OSError as err:
        raise OutputError(f"{scheduler or 'the local Dask cluster'}: cannot be reached ({err})") from None
    finally:
        if cluster is not None:
            cluster.close()
