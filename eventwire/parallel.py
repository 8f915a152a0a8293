"""`Pipeline.extract_many(..., workers=N)`: documents parsed in N processes, results in input order.

Each worker builds its own pipeline over the same data directories and stages (nothing heavy is pickled:
articles go out, `Extraction` objects come back). At most two chunks per worker are in flight, so memory stays
flat however long the input is. (`eventwire ingest` has its own pool in `ingest/batch.py`, which sends records
to the store's writer instead.)
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.datapath import DataPath
from eventwire.errors import ExtractionError, InputError
from eventwire.ingest.batch import CHUNK_SIZE, chunks
from eventwire.ingest.reading import RawArticle

if TYPE_CHECKING:
    from eventwire.document import Extraction
    from eventwire.pipeline import Pipeline

_worker_pipeline: Pipeline | None = None


def _start(pipeline_type: type[Pipeline], dirs: tuple[Path, ...], stages: tuple[str, ...], limits: dict) -> None:
    """Build the worker's pipeline. Its class comes with the arguments (pickled by name), so this module needs no
    import of `eventwire.pipeline`, which imports it."""
    global _worker_pipeline
    _worker_pipeline = pipeline_type(data=DataPath(dirs), stages=list(stages), **limits)


def _extract(chunk: list[RawArticle | InputError], published: str | None) -> list:
    assert _worker_pipeline is not None, "the pool's initializer builds the pipeline"
    return list(_worker_pipeline.extract_many(chunk, published))


def extract_in_processes(articles: Iterable[RawArticle | InputError], workers: int, published: str | None,
                         pipeline: Pipeline) -> Iterator[Extraction | InputError | ExtractionError]:
    """Every article's result, in order; a chunk whose worker failed gives each of its articles an error. The
    pipeline's stages must be eventwire's own (a worker builds them by name)."""
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
                               initargs=(type(pipeline), pipeline.resources.path.dirs, pipeline.stage_names,
                                         pipeline.limits))
    in_flight: deque[tuple[list, Future]] = deque()
    try:
        for chunk in chunks(articles, CHUNK_SIZE):
            in_flight.append((chunk, pool.submit(_extract, chunk, published)))
            if len(in_flight) >= 2 * workers:
                yield from _results(*in_flight.popleft())
        while in_flight:
            yield from _results(*in_flight.popleft())
    finally:
        pool.shutdown(cancel_futures=True)


def _results(chunk: list, future: Future) -> list:
    try:
        return future.result()
    except Exception as err:  # a worker that died or failed: its articles are reported, the others go on
        return [item if isinstance(item, InputError)
                else ExtractionError(item.origin, f"worker failed ({type(err).__name__}: {err})") for item in chunk]
