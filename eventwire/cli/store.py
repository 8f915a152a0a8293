"""The store commands (`ingest`, `search`, `events`, `actors`, `sql`, `export`, `dyads`, `timeline`, `cluster`):
each parses its options, calls `eventwire.Store` and prints the result."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from eventwire.cli.app import (
    DEFAULT_DB,
    ActorOption,
    ActorsOption,
    DbOption,
    DocTimeoutOption,
    EventTypeOption,
    ExportFormat,
    FormatOption,
    LangCheck,
    LangOption,
    MaxCharsOption,
    MaxKmOption,
    OnLong,
    OnLongOption,
    Period,
    SinceOption,
    TableFormat,
    UntilOption,
    WindowDaysOption,
    app,
    country_option,
    decoding_so_far,
    fail,
    limit_option,
    log,
    parse_published,
    pipeline_limits,
    report_decoding,
    stderr,
)
from eventwire.limits import MAX_CHARS
from eventwire.store import choices
from eventwire.suggest import either


class store_errors:
    """`with store_errors():` a `StoreError` (a store that cannot be opened or read) ends as one clear line;
    `writing=db`: so does any failure while the store is written (a full disk, a file removed), never a traceback
    (what was committed before stays)."""

    def __init__(self, writing: Path | None = None):
        self.writing = writing

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> None:
        from eventwire.store.schema import StoreError, explain_write_error

        if isinstance(exc, StoreError):
            fail(str(exc))
        if self.writing is not None and isinstance(exc, Exception) and not isinstance(exc, typer.Exit):
            log.debug("the store failed while being written", exc_info=(exc_type, exc, tb))
            fail(explain_write_error(self.writing, exc))


def open_store(db: Path):
    from eventwire.store.handle import Store

    return Store(db)


def show(table, output_format: TableFormat, wide: bool = False) -> None:
    """A query's rows as a table (`wide`: every column at its natural width), JSON or CSV."""
    from eventwire.store.output import emit

    emit(table, output_format.value, natural=wide)


class IngestEngine(str, Enum):
    local = "local"
    dask = "dask"


EngineOption = Annotated[IngestEngine, typer.Option(
    help="local: --workers processes on this machine, stored in --db. dask: a Dask cluster writes Parquet to --out "
         "(then `eventwire load`; see docs/scale.md).")]
SchedulerOption = Annotated[Optional[str], typer.Option(
    help="With --engine dask: the Dask scheduler's address (tcp://HOST:8786); without it a LocalCluster of --workers "
         "processes is started.")]
OutOption = Annotated[Optional[str], typer.Option(
    help="With --engine dask: the output folder, a path or an fsspec URL (s3://bucket/run); a stopped run given the "
         "same input and --out resumes.")]
PartitionSizeOption = Annotated[Optional[int], typer.Option(
    min=1, help="With --engine dask: input records per partition (one task, one set of files; default 256).")]


@app.command()
def ingest(
    sources: Annotated[Optional[list[str]], typer.Argument(
        help="Files or folders (walked recursively for .txt, .html, .jsonl, .xml/.rss/.atom), each file read by its "
             "content: a text or HTML article, a JSONL corpus or an RSS/Atom feed file; - reads standard input the "
             "same way. With --feed: feed URLs.", show_default=False)] = None,
    feed: Annotated[bool, typer.Option(
        "--feed", help="The arguments are feed URLs: fetch each feed and the articles it links to.")] = False,
    delay: Annotated[float, typer.Option(min=0, help="With --feed: seconds between two requests to the same site.")] = 1.0,
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option(min=1, help="Parsing processes (default: the number of cores).")] = os.cpu_count() or 1,
    published: Annotated[
        Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for articles whose page, feed or line gives none.",
                                    callback=parse_published)] = None,
    window_days: WindowDaysOption = None,
    max_km: MaxKmOption = None,
    actors: ActorsOption = None,
    max_chars: MaxCharsOption = MAX_CHARS,
    on_long: OnLongOption = OnLong.split,
    doc_timeout: DocTimeoutOption = None,
    lang: LangOption = LangCheck.auto,
    engine: EngineOption = IngestEngine.local,
    scheduler: SchedulerOption = None,
    out: OutOption = None,
    partition_size: PartitionSizeOption = None,
) -> None:
    """Extract articles and store them, their actors and events in an embedded DuckDB file.

    [bold]Examples[/bold]

      eventwire ingest news/ --db news.duckdb                   # every .txt/.html/.jsonl/.xml under news/

      eventwire ingest corpus.jsonl --workers 2 --published 2024-10-29

      eventwire ingest --feed https://example.org/world/rss.xml

      eventwire ingest news/ --engine dask --out parquet/      # Parquet, then: eventwire load parquet/

    A document's identity is its URL, else the hash of its normalised text: ingesting the same thing
    twice adds nothing. Each document is written in one transaction, so an ingest that was killed can
    simply be run again. Failures (bad files, lines, feeds, unreachable URLs) are printed, recorded in the
    errors table and never stop the batch; the exit status is then 1. Event mentions from different
    documents that report the same event are merged into clusters (see eventwire/data/store/clustering.yaml).
    """
    if engine is IngestEngine.dask:
        from eventwire.cli.scale import ingest_with_dask

        ingest_with_dask(sources or [], out, scheduler, workers, published,
                         pipeline_limits(max_chars, on_long, doc_timeout, lang), partition_size, feed)
        return
    decoded = decoding_so_far()
    with store_errors(writing=db), ingest_progress() as bar:
        summary = open_store(db).ingest(
            sources or [], workers=workers, published=published, feed=feed, delay=delay, window_days=window_days,
            max_km=max_km, actors=actors and actors.value, on_progress=bar.update,
            on_error=lambda origin, message: bar.print(f"eventwire: error: {origin}: {message}"),
            on_total=bar.set_total, **pipeline_limits(max_chars, on_long, doc_timeout, lang))
    print(f"eventwire: {db}: {summary.line()}", file=sys.stderr)
    report_decoding(decoded)
    if summary.interrupted:
        raise typer.Exit(130)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words to find, e.g. "troops Kursk" (all of them, stemmed).')],
    db: DbOption = DEFAULT_DB,
    any_word: Annotated[bool, typer.Option("--any", help="Find documents with any of the words instead of all.")] = False,
    limit: limit_option("At most this many documents.") = 20,
    output_format: FormatOption = TableFormat.table,
) -> None:
    """Full-text search over the stored documents, best match first (SQLite FTS5, BM25 ranking).

      eventwire search "troops Kursk" --db news.duckdb
    """
    from eventwire.store.queries import Table

    with store_errors():
        hits = open_store(db).search(query, limit=limit, any_word=any_word)
    columns = ["id", "published", "title", "snippet", "score", "url"]
    show(Table(columns, [tuple(getattr(h, c) for c in columns) for h in hits]), output_format)


@app.command()
def events(
    actor: ActorOption = None,
    event_type: EventTypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: limit_option("At most this many rows.") = None,
    db: DbOption = DEFAULT_DB,
    output_format: FormatOption = TableFormat.table,
    wide: Annotated[bool, typer.Option(
        "--wide", help="With --format table: every column (as json and csv give them), none cut short.")] = False,
) -> None:
    """List stored event mentions, newest first, with the real-world event (cluster) each belongs to.

    [bold]Examples[/bold]

      eventwire events --actor PRK --since 2024-10-01 --limit 20

      eventwire events --type CONSULT --until 2024-10-31 --format csv > consult.csv

      eventwire events --type 042 --wide

    The table shows the type (PLOVER and CAMEO), both actors, place, trigger word and how many
    reports the same real-world event has; a mention that denies the event ("talks did not take
    place") is marked negated, one that only considers it hypothetical. --wide, json and csv give
    every column (cluster_id, cluster_mentions, cluster_sources, goldstein, doc_id, negated, ...).
    """
    with store_errors():
        found = open_store(db).events(actor=actor, type=event_type, since=since, until=until, limit=limit)
    if output_format is TableFormat.table and not wide:
        from rich.console import Console

        from eventwire.render import render_events

        render_events(found, Console(width=max(100, Console().width)))
    else:
        show(found, output_format, wide)


@app.command()
def actors(
    country: country_option("Only actors of this country (ISO alpha-3, e.g. KOR).") = None,
    limit: limit_option("At most this many rows.") = None,
    db: DbOption = DEFAULT_DB,
    output_format: FormatOption = TableFormat.table,
) -> None:
    """List corpus-wide actors (one identity across documents) with their roles, aliases and document counts.

    [bold]Examples[/bold]

      eventwire actors --country KOR --limit 10

      eventwire actors --format json > actors.json
    """
    with store_errors():
        show(open_store(db).actors(country=country, limit=limit), output_format)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help='One SELECT statement, e.g. "SELECT plover, count(*) FROM events GROUP BY 1".')],
    db: DbOption = DEFAULT_DB,
    output_format: FormatOption = TableFormat.table,
    parquet: Annotated[Optional[str], typer.Option(
        help="Query this Parquet folder of `ingest --engine dask` (path or fsspec URL) instead of the store.")] = None,
) -> None:
    """Run a read-only SQL query on the store; anything that writes (or touches other files) is refused.

    Tables: documents, actors, actor_aliases, actor_roles, entities, mentions, events, clusters, quotes,
    times, quantities, errors, schema_version. Views: dyads_day|week|month, timeline_day|week|month.
    With --parquet: documents, entities, mentions, events, event_mentions, quotes, times, quantities and
    errors, each with its partition column `date` (see docs/scale.md).

    [bold]Examples[/bold]

      eventwire sql "SELECT plover, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC" --db news.duckdb

      eventwire sql "SELECT * FROM dyads_month WHERE source_country = 'PRK'" --format csv
    """
    if parquet:
        from eventwire.cli.scale import query_parquet

        query_parquet(parquet, query, output_format)
        return
    with store_errors():
        show(open_store(db).sql(query), output_format)


def export_target(out: Path) -> Path:
    """`out`, refused when it cannot be written: a folder, or a file in a folder that does not exist."""
    if str(out) == "-":
        return out
    if out.is_dir():
        raise typer.BadParameter(f"{out} is a folder: give a file name")
    if not out.parent.is_dir():
        raise typer.BadParameter(f"{out.parent}: no such folder (create it first)")
    return out


@app.command("export")
def export_events(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The file to write; - writes to standard output.",
                                        callback=export_target)],
    output_format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help=f"{either(choices.EXPORT_FORMATS)}.")] = ExportFormat.csv,
    actor: ActorOption = None,
    event_type: EventTypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: country_option("Country (ISO alpha-3) of either actor or of the place.") = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export events: csv, parquet or jsonl (one row per event a document reports), or one row per real-world event.

    gdelt writes the 61 columns of the GDELT 2.0 event table in its order, tab-separated without a header
    (eventwire/data/store/gdelt_columns.yaml); gdelt-mentions the GDELT 2.0 mentions table, one row per mention
    of those events; polecat a POLECAT-style table with a header. These three leave out real-world events
    without any actor (GDELT has none). The filters select events as `eventwire events` does (for the
    real-world formats: by the first report, dated by the event's first day).

    [bold]Examples[/bold]

      eventwire export --format gdelt events.export.CSV --actor PRK --since 2024-10-01

      eventwire export - --format jsonl --type CONSULT | head
    """
    to_stdout = str(out) == "-"
    if to_stdout and output_format.value == "parquet" and sys.stdout.isatty():
        raise typer.BadParameter("parquet is binary: give a file, or send standard output to one", param_hint="OUT")
    with store_errors():
        count = open_store(db).export(sys.stdout.buffer if to_stdout else out, output_format.value, actor=actor,
                                      type=event_type, since=since, until=until, country=country)
    print(f"eventwire: wrote {count} rows to {'standard output' if to_stdout else out}", file=sys.stderr)


def summary_command(kind: str):
    def command(
        period: Annotated[Period, typer.Option(help=f"{either(choices.PERIODS)}.")] = Period.month,
        country: country_option("Only this country (ISO alpha-3), on either side.") = None,
        since: SinceOption = None,
        until: UntilOption = None,
        db: DbOption = DEFAULT_DB,
        output_format: FormatOption = TableFormat.table,
    ) -> None:
        store = open_store(db)
        query = store.dyads if kind == "dyads" else store.timeline
        with store_errors():
            show(query(period.value, since, until, country), output_format)

    return command


app.command("dyads", help="""Count real-world events and mean Goldstein score per pair of countries per day, week or month.

  eventwire dyads --period week --country PRK --since 2024-01-01

Also in the store as the views dyads_day, dyads_week and dyads_month.""")(summary_command("dyads"))
app.command("timeline", help="""Count real-world events and mean Goldstein score per country per day, week or month.

  eventwire timeline --country KOR --period month

Also in the store as the views timeline_day, timeline_week and timeline_month.""")(summary_command("timeline"))


@app.command()
def cluster(
    window_days: WindowDaysOption = None,
    max_km: MaxKmOption = None,
    actors: ActorsOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Rebuild every real-world event (cluster) from the stored event mentions with other thresholds.

    The rule is documented in eventwire/data/store/clustering.yaml; options override its numbers.

    [bold]Example[/bold]

      eventwire cluster --window-days 3 --max-km 50 --actors identity --db news.duckdb
    """
    with store_errors():
        count = open_store(db).cluster(window_days=window_days, max_km=max_km, actors=actors and actors.value)
    print(f"eventwire: {db}: {count} clusters", file=sys.stderr)


PROGRESS_REFRESH = 1
"""Redraws of the ingest's progress bar per second. Each redraw is Python work that holds the lock the parsing
thread needs: rich's default of 10 a second cost 11 ms of CPU a second (about 0.4 ms per story with 1 process),
1 a second about 1 ms; the figures change once per transaction (WRITE_WAIT) and the clock once a second."""


class ingest_progress:
    """Documents done, documents/s, errors and time left, on a terminal; error lines either way."""

    def __init__(self):
        self.total: Optional[int] = None
        self.progress = None

    def __enter__(self) -> "ingest_progress":
        if stderr.is_terminal:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[rate]:.1f} docs/s"), TextColumn("{task.fields[errors]} errors"),
                                     TimeElapsedColumn(), TimeRemainingColumn(), console=stderr,
                                     refresh_per_second=PROGRESS_REFRESH)
            self.progress.start()
            self.task = self.progress.add_task("ingest", total=None, rate=0.0, errors=0)
        return self

    def set_total(self, total: int) -> None:
        self.total = total

    def update(self, summary) -> None:
        if self.progress is not None:
            self.progress.update(self.task, completed=summary.done, total=self.total, rate=summary.rate,
                                 errors=summary.failed)

    def print(self, message: str) -> None:
        if self.progress is not None:
            stderr.print(message, markup=False, highlight=False)
        else:
            print(message, file=sys.stderr)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()
