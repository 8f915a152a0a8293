"""The driver of a distributed ingest: cut the input into partitions, skip those already written, hand the rest
to an engine, count what comes back.

An engine is a function `engine(task, partitions, on_done)`: it must call `task(number, records)` for every
partition, anywhere (a worker process, another machine), and give each result to `on_done` on the driver.
`serial` below is the whole contract in four lines; eventwire.distributed.dask_engine is the Dask one. The
task (`run_partition` with the output URL and publication date bound) writes its own partition, so results are
small and partitions can finish in any order.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from eventwire.distributed.output import Output, OutputError, fingerprint, partition_name
from eventwire.distributed.partition import partitions, run_partition
from eventwire.ingest.batch import Summary
from eventwire.ingest.reading import InputError, RawArticle

Partitions = Iterable[tuple[int, list[dict[str, Any]]]]
Task = Callable[[int, list[dict[str, Any]]], dict[str, Any]]
Engine = Callable[[Task, Partitions, Callable[[dict[str, Any]], None]], None]
PARTITION_SIZE = 256
"""Input records per partition. A partition is a task, a set of files (one per table and day) and the unit a
resumed run redoes: at about 0.1 s a Reuters story per core it is half a minute of work, long enough that scheduling and
file creation cost nothing beside it, short enough that a killed worker loses little and the last partitions
spread over the workers."""


def serial(task: Task, work: Partitions, on_done: Callable[[dict[str, Any]], None]) -> None:
    """The simplest engine: every partition in this process, in order."""
    for number, records in work:
        on_done(task(number, records))


def reporter(summary: Summary, on_progress: Callable[[Summary], None] | None) -> Callable[[], None]:
    """A function that brings the summary's clock up to date and shows it."""
    started = time.perf_counter()

    def report() -> None:
        summary.seconds = time.perf_counter() - started
        if on_progress:
            on_progress(summary)

    return report


def ingest(items: Iterable[RawArticle | InputError], output: Output, engine: Engine,
           partition_size: int = PARTITION_SIZE, published: str | None = None,
           on_progress: Callable[[Summary], None] | None = None,
           on_error: Callable[[str, str], None] | None = None,
           options: dict[str, Any] | None = None) -> Summary:
    """Extract every input item into the output folder, each worker with a `Pipeline(**options)`. Partitions
    already written (by a run that was stopped) are skipped, after checking they were cut from the same input;
    `stored` counts the documents written now, `skipped` those found written, `failed` the inputs that became
    errors (each also given to `on_error`)."""
    output.start(partition_size)
    written = output.done()
    summary = Summary()
    report = reporter(summary, on_progress)
    count = 0

    def to_run() -> Partitions:
        nonlocal count
        for number, records in partitions(items, partition_size):
            count = number + 1
            marker = written.get(number)
            if marker is None:
                yield number, records
                continue
            if marker["fingerprint"] != fingerprint(records):
                raise OutputError(f"{output.url}: {partition_name(number)} was written from other input than this "
                                  "run's; give the same input as the run that made the folder, or another --out")
            summary.skipped += marker["documents"] + marker["errors"]
            report()

    def finished(marker: dict[str, Any]) -> None:
        summary.stored += marker["documents"]
        summary.failed += marker["errors"]
        for origin, message in marker["failures"] if on_error else []:
            on_error(origin, message)
        report()

    engine(partial(run_partition, output.url, published=published, options=options), to_run(), finished)
    output.finish(count)
    report()
    return summary
