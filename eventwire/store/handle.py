"""`eventwire.Store`: the corpus store as one object, over the store modules (the CLI's store commands use it).

    store = eventwire.Store("news.duckdb")
    store.ingest(["news/", "corpus.jsonl"], workers=2)
    store.events(actor="PRK", since="2024-10-01").records()    # a Table: .columns, .rows, .records()
    store.search("troops Kursk"); store.actors(country="KOR"); store.sql("SELECT count(*) FROM events")
    store.export("events.csv"); store.dyads(period="week"); store.cluster(window_days=3)
    store.load("parquet/")     # the output of a distributed ingest (eventwire.distributed)

Every problem is a `StoreError` (an `EventwireError`) whose message names the file and what to do.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from eventwire.datapath import ENVIRONMENT, DataPath
from eventwire.limits import MAX_CHARS

if TYPE_CHECKING:
    from eventwire.ingest.batch import Summary
    from eventwire.store.queries import Table
    from eventwire.store.search import Hit

Day = dt.date | str | None


def as_day(value: Day) -> dt.date | None:
    """A date from a date or an ISO string ("2024-10-01")."""
    from eventwire.store.schema import StoreError

    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise StoreError(f"'{value}' is not an ISO date (YYYY-MM-DD)") from None


class Store:
    """One DuckDB store file (created by the first `ingest`)."""

    def __init__(self, path: str | Path, data: DataPath | str | Path | None = None):
        self.path = Path(path)
        self.data = data if isinstance(data, DataPath) or data is None else DataPath.chain(data)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @contextmanager
    def reading(self, sandbox: bool = False):
        """A read-only DuckDB connection (`sandbox`: no file access at all, for user SQL)."""
        from eventwire.store.schema import open_store

        con = open_store(self.path, read_only=True, sandbox=sandbox)
        try:
            yield con
        finally:
            con.close()

    def ingest(self, sources: Iterable[str | Path], workers: int = 1, published: str | None = None,
               feed: bool = False, delay: float = 1.0, window_days: int | None = None, max_km: float | None = None,
               actors: str | None = None, max_chars: int = MAX_CHARS,
               on_progress: Callable[[Summary], None] | None = None,
               on_error: Callable[[str, str], None] | None = None,
               on_total: Callable[[int], None] | None = None, on_long: str = "split",
               doc_timeout: float | None = None, lang: str = "auto") -> Summary:
        """Extract and store files and folders (or feed URLs with `feed=True`); returns the `Summary`.
        `on_total` hears how many articles the files hold (about), `on_progress` each step, `on_error` each failure.
        `max_chars`, `on_long`, `doc_timeout` and `lang` are the `Pipeline`'s limits (docs/reliability.md); SIGINT
        or SIGTERM ends the run with `Summary.interrupted` (run it again to go on)."""
        from eventwire.ingest import sources as expand
        from eventwire.ingest.batch import CHUNK_SIZE
        from eventwire.ingest.batch import ingest as run_ingest
        from eventwire.store.clusters import MergeRule
        from eventwire.store.writer import Writer

        writer = Writer(self.path, MergeRule.load(window_days=window_days, max_km=max_km, actors=actors))
        fetcher = None
        with writer, self._data_for_workers():
            if feed:
                from eventwire.ingest.feeds import Fetcher, fetch_feed

                fetcher = Fetcher(delay=delay)
                items = (item for url in sources for item in fetch_feed(str(url), fetcher, writer.has))
            else:
                files = expand.collect(Path(s) for s in sources)
                total = expand.estimate(files)
                if on_total:
                    on_total(total)
                workers = min(workers, -(-total // CHUNK_SIZE))  # no process without a chunk to parse
                items = expand.articles(files)
            limits = {"max_chars": max_chars, "on_long": on_long, "doc_timeout": doc_timeout, "lang": lang}
            try:
                return run_ingest(items, writer, workers=max(1, workers), published=published,
                                  on_progress=on_progress, on_error=on_error, options=limits)
            finally:
                if fetcher:
                    fetcher.close()

    def load(self, folder: str, window_days: int | None = None, max_km: float | None = None,
             actors: str | None = None, on_progress: Callable[[Summary], None] | None = None,
             on_error: Callable[[str, str], None] | None = None) -> tuple[Summary, int | None]:
        """Store the Parquet folder (path or fsspec URL) of a distributed ingest, in input order, as `ingest`
        would have stored the same input. Returns the summary and, when that ingest has not finished, the first
        partition still missing (None when complete); see eventwire.distributed.load."""
        from eventwire.distributed.load import store_partitions
        from eventwire.distributed.output import Output
        from eventwire.store.clusters import MergeRule
        from eventwire.store.writer import Writer

        output = Output(folder)
        output.require()  # before the store file is created
        with Writer(self.path, MergeRule.load(window_days=window_days, max_km=max_km, actors=actors)) as writer:
            return store_partitions(output, writer, on_progress=on_progress, on_error=on_error)

    @contextmanager
    def _data_for_workers(self):
        """The parsing processes build their pipeline from `$EVENTWIRE_DATA`: point it at this store's data."""
        if self.data is None or not self.data.user_dirs:
            yield
            return
        before = os.environ.get(ENVIRONMENT)
        os.environ[ENVIRONMENT] = os.pathsep.join(str(d) for d in self.data.user_dirs)
        try:
            yield
        finally:
            if before is None:
                os.environ.pop(ENVIRONMENT, None)
            else:
                os.environ[ENVIRONMENT] = before

    def events(self, actor: str | None = None, type: str | None = None, since: Day = None, until: Day = None,
               limit: int | None = None) -> Table:
        """Event mentions, newest first, with their real-world event (cluster); see `store.queries.events`."""
        from eventwire.store import queries

        with self.reading() as con:
            return queries.events(con, actor, type, as_day(since), as_day(until), limit)

    def actors(self, country: str | None = None, limit: int | None = None) -> Table:
        """Corpus-wide actors with their roles, aliases and document counts."""
        from eventwire.store import queries

        with self.reading() as con:
            return queries.actors(con, country, limit)

    def dyads(self, period: str = "month", since: Day = None, until: Day = None, country: str | None = None) -> Table:
        """Real-world events and mean Goldstein score per pair of countries per day, week or month."""
        from eventwire.store import queries

        with self.reading() as con:
            return queries.dyads(con, period, as_day(since), as_day(until), country)

    def timeline(self, period: str = "month", since: Day = None, until: Day = None,
                 country: str | None = None) -> Table:
        """Real-world events and mean Goldstein score per country per day, week or month."""
        from eventwire.store import queries

        with self.reading() as con:
            return queries.timeline(con, period, as_day(since), as_day(until), country)

    def sql(self, query: str) -> Table:
        """One read-only SQL statement; anything that writes or touches files is refused."""
        from eventwire.store import queries

        with self.reading(sandbox=True) as con:
            return queries.read_only_sql(con, query)

    def search(self, query: str, limit: int = 20, any_word: bool = False) -> list[Hit]:
        """Full-text search over the stored documents, best match first."""
        from eventwire.store.search import SearchIndex

        index = SearchIndex(self.path, read_only=True)
        try:
            return index.search(query, limit=limit, any_word=any_word)
        finally:
            index.close()

    def export(self, out: str | Path | BinaryIO, format: str = "csv", actor: str | None = None,
               type: str | None = None, since: Day = None, until: Day = None, country: str | None = None) -> int:
        """Write the events to `out` (csv, parquet, jsonl, gdelt, gdelt-mentions or polecat), those the filters
        select (see `store.export.Filters`); returns the rows written. `out` is a file, or a binary stream
        (`sys.stdout.buffer`) that receives what the file would hold."""
        from eventwire.store.export import Filters, export

        if not isinstance(out, (str, Path)):
            with tempfile.TemporaryDirectory(prefix="eventwire-export-") as folder:
                written = Path(folder) / f"events.{format}"
                count = self.export(written, format, actor, type, since, until, country)
                with written.open("rb") as data:
                    shutil.copyfileobj(data, out)
            return count
        with self.reading() as con:
            return export(con, format, Path(out), Filters(actor, type, as_day(since), as_day(until), country))

    def cluster(self, window_days: int | None = None, max_km: float | None = None, actors: str | None = None) -> int:
        """Rebuild every real-world event from the stored mentions with other thresholds; returns the clusters."""
        from eventwire.store.clusters import MergeRule, rebuild
        from eventwire.store.schema import open_store

        con = open_store(self.path)
        try:
            return rebuild(con, MergeRule.load(window_days=window_days, max_km=max_km, actors=actors))
        finally:
            con.close()
