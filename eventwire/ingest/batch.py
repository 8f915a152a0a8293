"""Ingest a stream of articles into the store: parse in parallel, write in one process.

Worker processes each load the spaCy pipeline once (nothing heavy is pickled); they receive small
chunks of articles and send back `Extraction.to_dict()` records. The main process is the store's only
writer and takes results in submission order, so a run is deterministic whatever the number of
workers. Few chunks are in flight at a time, so memory stays flat however long the corpus is.
Articles already stored are skipped before parsing; failures are recorded in the errors table.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eventwire.errors import DocumentError
from eventwire.ingest.reading import InputError, RawArticle, Repeated

if TYPE_CHECKING:  # worker processes import this module: they need neither DuckDB nor the store
    from eventwire.store.writer import Writer

log = logging.getLogger(__name__)
CHUNK_SIZE = 16
"""Articles per task: one spaCy batch of the pipeline (16), so the last chunks share the workers evenly and memory
stays flat."""
LOOKUP_BATCH = 64
"""Inputs checked against the store in one query before parsing (a query costs about the same for 16 ids or 128:
per Reuters story 0.05 ms of CPU in groups of 16, 0.02 in groups of 64)."""
WRITE_BATCH = 128
"""Most records stored in one transaction (DuckDB's cost is per statement and commit, hardly per row)."""
WRITE_WAIT = 3.0
"""Longest a record waits for others to share its transaction, in seconds. A statement costs DuckDB about the same
for 1 row or 100 and a transaction makes about 18: one process hands over 16 records every 0.6-1 s, so waiting 3 s
instead of 1 s stores 32-100 records a transaction instead of 16-48 (bench/RESULTS.md, "Writer CPU per story")."""
_pipeline = None
_pipeline_options: dict[str, Any] = {}
"""This process's pipeline and the options it was built with: a worker builds it once; in one process (tests, the
serial engine) a later call with other limits gets a pipeline of its own instead of the first one's."""


@dataclass
class Summary:
    stored: int = 0
    skipped: int = 0
    repeated: int = 0
    """Of the skipped: corpus lines that repeat an earlier line (same id, same text)."""
    failed: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    """Ended by SIGINT or SIGTERM: what was extracted is stored, the rest is for the next run of the same command."""

    @property
    def done(self) -> int:
        return self.stored + self.skipped + self.failed

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        line = (f"{self.stored} stored, {self.skipped} already stored, {self.failed} failed "
                f"in {self.seconds:.1f} s ({self.rate:.1f} documents/s)")
        if self.repeated:
            line += f"; {self.repeated} repeated corpus line(s) among the already stored"
        return line + ("; interrupted: run the same command again to go on" if self.interrupted else "")


COLLECT_AFTER = 20_000
"""New container objects between the garbage collector's youngest-generation passes (Python's default is 700): a
parsed story makes thousands, nearly all freed by reference counting, so the default pass runs every few
sentences for nothing."""


def _start_worker(options: dict[str, Any] | None = None) -> None:
    """Load the pipeline once for this process (`options`: the `Pipeline`'s limits); what was loaded lives as long
    as the process, so it is moved out of the garbage collector's sight (`gc.freeze`): each full collection would
    otherwise scan it again."""
    global _pipeline, _pipeline_options
    from eventwire.pipeline import Pipeline

    _pipeline, _pipeline_options = Pipeline(**(options or {})), dict(options or {})
    gc.freeze()
    gc.set_threshold(COLLECT_AFTER, *gc.get_threshold()[1:])


def _start_pool_worker(options: dict[str, Any] | None = None, log_level: int = logging.WARNING) -> None:
    """A worker process of ingest's own pool: it leaves SIGINT to its parent and ends with it, logs as its parent
    does (`log_level`, the `eventwire` logger's), then loads."""
    _die_with_parent()
    if log_level < logging.WARNING:  # `eventwire -v`: the per-stage timings of every process, on the shared stderr
        logging.basicConfig(level=logging.WARNING, format="%(message)s")
        logging.getLogger("eventwire").setLevel(log_level)
    _start_worker(options)


PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Make this worker process end when its parent does, however the parent ended (SIGKILL included): Linux's
    parent-death signal, where there is one. Ctrl-C reaches every process of the terminal's group: a worker
    ignores it and its parent ends it (`_stop_workers`), so one interrupt gives one message, not one per process.
    A Dask worker loads the pipeline in a thread of its own, where signals cannot be set: there nothing is changed."""
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the parent's own shutdown ends the workers
        return
    if os.getppid() == 1:  # the parent died before the signal was asked for
        os._exit(1)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool now: queued chunks are cancelled and running workers terminated (their chunks' articles are
    not stored, so a rerun extracts them). `shutdown` alone would wait for every running chunk."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)


def _extract_chunk(raws: list[RawArticle], published: str | None) -> list[dict[str, Any]]:
    return [as_record(item) for item in _pipeline.extract_many(raws, published)]


def as_record(item) -> dict[str, Any]:
    if isinstance(item, DocumentError):
        return {"error": {"origin": item.origin, "message": item.problem}}
    return item.to_dict()


def extract_records(raws: Iterable[RawArticle], workers: int, published: str | None,
                    options: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Extraction records (or {"error": ...}) in input order, from `workers` processes (1: this one), each with a
    `Pipeline(**options)`.

    spaCy is loaded only once there is something to parse, so a re-run over stored input is quick.
    """
    if workers <= 1:
        for chunk in chunks(raws, CHUNK_SIZE):
            if _pipeline is None or _pipeline_options != (options or {}):
                _start_worker(options)
            yield from _extract_chunk(chunk, published)
        return
    context = multiprocessing.get_context("spawn")
    pool = None
    in_flight: deque[tuple[list[RawArticle], Future]] = deque()
    start = functools.partial(_start_pool_worker, options, logging.getLogger("eventwire").getEffectiveLevel())
    try:
        for chunk in chunks(raws, CHUNK_SIZE):
            pool = pool or ProcessPoolExecutor(workers, mp_context=context, initializer=start)
            in_flight.append((chunk, pool.submit(_extract_chunk, chunk, published)))
            while len(in_flight) >= 2 * workers:
                chunk_done, future = in_flight.popleft()
                pool, records = _collect(pool, chunk_done, future, workers, start, context)
                yield from records
        while in_flight:
            chunk_done, future = in_flight.popleft()
            pool, records = _collect(pool, chunk_done, future, workers, start, context)
            yield from records
    except BaseException:  # interrupted, or the writer failed: no worker outlives the run
        if pool is not None:
            _stop_workers(pool)
        raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _collect(pool, chunk: list[RawArticle], future: Future, workers: int, start, context):
    """The records of a chunk; a crashed worker makes its chunk's articles errors and a fresh pool."""
    try:
        return pool, future.result()
    except BrokenProcessPool as err:
        pool.shutdown(cancel_futures=True)
        failed = [{"error": {"origin": raw.origin, "message": f"worker process died ({err})"}} for raw in chunk]
        return ProcessPoolExecutor(workers, mp_context=context, initializer=start), failed
    except Exception as err:
        return pool, [{"error": {"origin": raw.origin, "message": f"worker failed ({type(err).__name__}: {err})"}}
                      for raw in chunk]


def runs_of_records(tasks: list) -> Iterator[list]:
    """Writer tasks grouped in order: each run of extraction records together, every other task alone."""
    run: list = []
    for task in tasks:
        if task[0] == "record" and "error" not in task[1]:
            run.append(task)
            continue
        if run:
            yield run
            run = []
        yield [task]
    if run:
        yield run


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class WritingThread:
    """The writer's work on a thread of its own: DuckDB and SQLite release the GIL while they execute and
    commit, so storing overlaps with parsing. Records that arrive close together (see WRITE_WAIT) are
    stored together in one transaction. Every change to the store and to the summary happens on this thread,
    in the order the tasks were queued. (Storing on the parsing thread instead, between batches, was measured
    slower: 0.74 against 0.78 of bare spaCy's throughput with 1 process on 2,000 Reuters stories.)"""

    def __init__(self, writer: Writer, summary: Summary, report: Callable[[], None],
                 on_error: Callable[[str, str], None] | None):
        self.writer, self.summary, self.report, self.on_error = writer, summary, report, on_error
        self.tasks: queue.Queue = queue.Queue(maxsize=32)
        self.crash: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="eventwire-writer", daemon=True)
        self.thread.start()

    def store(self, record: dict[str, Any]) -> None:
        self._put(("record", record))

    def fail(self, origin: str, message: str) -> None:
        self._put(("error", origin, message))

    def skip(self, repeated: bool = False) -> None:
        self._put(("skip", repeated))

    def close(self) -> None:
        self._put(None)
        self.thread.join()
        if self.crash is not None:
            raise self.crash

    def _put(self, task) -> None:
        if self.crash is not None:
            raise self.crash
        self.tasks.put(task)

    def _run(self) -> None:
        finished = False
        while not finished:
            tasks = self._next_tasks()
            finished = tasks[-1] is None
            for group in runs_of_records(tasks[:-1] if finished else tasks):
                if self.crash is not None:
                    break
                try:
                    self._do(group)
                except BaseException as err:  # the store itself failed (disk full...): stop the run, loudly
                    self.crash = err
                self.report()

    def _next_tasks(self) -> list:
        """The next task and those that follow within WRITE_WAIT seconds, up to WRITE_BATCH (or the end of input):
        one transaction stores their records."""
        tasks = [self.tasks.get()]
        deadline = time.monotonic() + WRITE_WAIT
        while tasks[-1] is not None and len(tasks) < WRITE_BATCH:
            try:
                tasks.append(self.tasks.get(timeout=max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                break
        return tasks

    def _do(self, group: list) -> None:
        task = group[0]
        if task[0] == "skip":
            self.summary.skipped += 1
            self.summary.repeated += task[1]
        elif task[0] == "error":
            self._record_error(task[1], task[2])
        elif "error" in task[1]:
            self._record_error(task[1]["error"]["origin"], task[1]["error"]["message"])
        else:
            self._store([record for _, record in group])

    def _store(self, records: list[dict[str, Any]]) -> None:
        """Store records in one transaction; when that fails, one by one, so only the failing one is an error."""
        try:
            outcome = self.writer.write_many(records)
        except Exception as err:
            if len(records) > 1:
                for record in records:
                    self._store([record])
                return
            log.debug("write failed", exc_info=True)
            record = records[0]
            self._record_error(record["document"].get("origin") or record["document"]["id"],
                               f"could not be stored ({type(err).__name__}: {err})")
            return
        self.summary.stored += sum(outcome)
        self.summary.skipped += len(outcome) - sum(outcome)

    def _record_error(self, origin: str, message: str) -> None:
        self.summary.failed += 1
        self.writer.record_error(origin, message)
        if self.on_error:
            self.on_error(origin, message)


def ingest(items: Iterable[RawArticle | InputError | Repeated | str], writer: Writer, workers: int = 1,
           published: str | None = None, on_progress: Callable[[Summary], None] | None = None,
           on_error: Callable[[str, str], None] | None = None, options: dict[str, Any] | None = None) -> Summary:
    """Store every article; an InputError is recorded, a string is an already-stored URL and a `Repeated` corpus
    line a document given before (both skipped). `options`
    are the `Pipeline`'s limits (max_chars, on_long, doc_timeout, lang).

    SIGINT or SIGTERM ends the run: the worker processes are terminated, the records already extracted are
    stored (each transaction is whole or absent) and the summary says `interrupted`; running the same ingest
    again skips what is stored and goes on, so an interrupted run followed by a rerun stores what one run does."""
    summary = Summary()
    started = time.perf_counter()

    def report() -> None:
        summary.seconds = time.perf_counter() - started
        if on_progress:
            on_progress(summary)

    writing = WritingThread(writer, summary, report, on_error)

    def to_parse() -> Iterator[RawArticle]:
        for group in chunks(items, LOOKUP_BATCH):
            stored = writer.stored_ids([item.id for item in group if isinstance(item, RawArticle)])
            for item in group:
                if isinstance(item, InputError):
                    writing.fail(item.origin, item.problem)
                elif isinstance(item, (str, Repeated)) or item.id in stored:
                    writing.skip(repeated=isinstance(item, Repeated))
                else:
                    yield item

    try:
        with terminate_as_interrupt():
            for record in extract_records(to_parse(), workers, published, options):
                writing.store(record)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        writing.close()
    report()
    return summary


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM handled as SIGINT (KeyboardInterrupt) in the block, so that `kill PID` ends an ingest as Ctrl-C
    does: workers terminated, extracted records stored. Only the main thread can take signals; elsewhere a no-op."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
