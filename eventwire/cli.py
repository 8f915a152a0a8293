"""The `eventwire` command line."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler

from eventwire.document import Extraction, error_record
from eventwire.ingest.reading import InputError, read_jsonl, read_path, read_stdin
from eventwire.limits import MAX_CHARS as LIMIT_CHARS

app = typer.Typer(
    help="Turn English news into structured, explained event data: actors, events, times, quotes, numbers.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score eventwire's stages on public gold sets (prints JSON).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

stderr = Console(stderr=True)
log = logging.getLogger("eventwire")


class OnLong(str, Enum):
    split = "split"
    refuse = "refuse"


class LangCheck(str, Enum):
    auto = "auto"
    en = "en"
    off = "off"


MaxCharsOption = Annotated[int, typer.Option(
    "--max-chars", help="Longer documents are split at paragraph boundaries and extracted in parts (see --on-long).")]
OnLongOption = Annotated[OnLong, typer.Option(
    "--on-long", help="What to do with a document above --max-chars: split (extract it in parts) or refuse.")]
DocTimeoutOption = Annotated[Optional[float], typer.Option(
    "--doc-timeout", help="Seconds a document may take; a slower one is recorded as an error and the run goes on.")]
LangOption = Annotated[LangCheck, typer.Option(
    "--lang", help="Language check: auto (refuse only long text the detector is sure is not English; warn on short "
                   "text), en (refuse whatever it does not call English), off.")]


def pipeline_limits(max_chars: int, on_long: OnLong, doc_timeout: Optional[float], lang: LangCheck) -> dict:
    """The `Pipeline` keyword arguments the limit options give."""
    return {"max_chars": max_chars, "on_long": on_long.value, "doc_timeout": doc_timeout, "lang": lang.value}


def report_decoding() -> None:
    """Say how many inputs had bytes that were not valid UTF-8 (each was read with U+FFFD in their place)."""
    from eventwire.ingest.reading import DECODING

    if DECODING["documents"]:
        print(f"eventwire: warning: {DECODING['documents']} input(s) had invalid bytes, "
              f"{DECODING['replaced']} character(s) replaced by U+FFFD", file=sys.stderr)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def setup_logging(verbose: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING
    handler = RichHandler(console=stderr, show_path=False) if stderr.is_terminal else logging.StreamHandler()
    logging.basicConfig(level=level, handlers=[handler], format="%(message)s")


def parse_published(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not an ISO date (YYYY-MM-DD)") from None


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False) -> None:
    setup_logging(verbose)


@app.command()
def extract(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Text or HTML files with one article each (- reads one from standard input).")] = None,
    jsonl: Annotated[
        Optional[Path], typer.Option(help='A corpus file: one {"id","text","title"?,"published"?,"url"?} a line.')
    ] = None,
    published: Annotated[
        Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs that carry none.", callback=parse_published)
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json, jsonl or table.")] = OutputFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    max_chars: MaxCharsOption = LIMIT_CHARS,
    on_long: OnLongOption = OnLong.split,
    doc_timeout: DocTimeoutOption = None,
    lang: LangOption = LangCheck.auto,
) -> None:
    """Extract actors, places, times, quotes, numbers and coded events from articles.

    [bold]Examples[/bold]

      eventwire extract examples/nk-russia-reuters.txt --published 2024-10-29

      eventwire extract a.txt b.html --format jsonl

      eventwire extract --jsonl corpus.jsonl --format jsonl -o out.jsonl

    Bad inputs are reported on stderr, written as error records in the output and
    make the exit status 1; the other documents are still processed.
    """
    if not paths and jsonl is None:
        raise typer.BadParameter("give at least one file, or --jsonl FILE")
    from eventwire.pipeline import Pipeline

    def inputs():
        for path in paths or []:
            try:
                yield read_stdin() if str(path) == "-" else read_path(path)
            except InputError as err:
                yield err
        if jsonl is not None:
            yield from read_jsonl(jsonl)

    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    failures = 0
    results: list[dict] = []
    try:
        pipeline = Pipeline(**pipeline_limits(max_chars, on_long, doc_timeout, lang))
        with progress_bar(len(paths or []) if jsonl is None else None) as advance:
            for item in pipeline.extract_many(inputs(), published):
                advance()
                if isinstance(item, InputError):
                    failures += 1
                    print(f"eventwire: error: {item}", file=sys.stderr)
                    record = error_record(item.origin, item.problem)
                    write(stream, output_format, record, results)
                else:
                    write(stream, output_format, item, results)
        if output_format is OutputFormat.json:
            payload = results[0] if len(results) == 1 else results
            if payload:
                stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    finally:
        if output:
            stream.close()
    report_decoding()
    if failures:
        raise typer.Exit(1)


def write(stream, output_format: OutputFormat, item, results: list[dict]) -> None:
    record = item.to_dict() if isinstance(item, Extraction) else item
    if output_format is OutputFormat.jsonl:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        stream.flush()
    elif output_format is OutputFormat.json:
        results.append(record)
    elif isinstance(item, Extraction):
        from eventwire.render import render_table

        render_table(item, Console(file=stream, width=max(100, Console().width)))


class progress_bar:
    """A rich progress bar on a terminal for more than one document; silent otherwise."""

    def __init__(self, total: Optional[int]):
        self.total = total
        self.progress = None

    def __enter__(self):
        if stderr.is_terminal and (self.total is None or self.total > 1):
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                     console=stderr)
            self.progress.start()
            self.task = self.progress.add_task("extract", total=self.total)
        return self.advance

    def advance(self) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()


DEFAULT_DB = Path("eventwire.duckdb")
DbOption = Annotated[Path, typer.Option("--db", help="The store, a DuckDB file (`eventwire ingest` creates it).")]


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"
    gdelt = "gdelt"


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"


def parse_day(value: Optional[str]) -> Optional[dt.date]:
    return None if value is None else dt.date.fromisoformat(parse_published(value))


class ActorKey(str, Enum):
    code = "code"
    identity = "identity"


ActorsOption = Annotated[Optional[ActorKey], typer.Option(
    help="Compare event actors by actor code (PRKGOV, GDELT's way) or by corpus-wide identity (default: clustering.yaml).")]
FormatOption = Annotated[TableFormat, typer.Option("--format", "-f", help="table, json or csv.")]
SinceOption = Annotated[Optional[str], typer.Option(help="First day (YYYY-MM-DD), inclusive.", callback=parse_published)]
UntilOption = Annotated[Optional[str], typer.Option(help="Last day (YYYY-MM-DD), inclusive.", callback=parse_published)]


def fail(message: str) -> None:
    print(f"eventwire: error: {message}", file=sys.stderr)
    raise typer.Exit(1)


class reading_store:
    """`with reading_store(db) as con:` a read-only connection; store problems end as one clear line."""

    def __init__(self, db: Path, sandbox: bool = False):
        self.db, self.sandbox = db, sandbox

    def __enter__(self):
        from eventwire.store.schema import StoreError, open_store

        try:
            self.con = open_store(self.db, read_only=True, sandbox=self.sandbox)
        except StoreError as err:
            fail(str(err))
        return self.con

    def __exit__(self, exc_type, exc, tb):
        from eventwire.store.schema import StoreError

        self.con.close()
        if isinstance(exc, StoreError):
            fail(str(exc))


@app.command()
def ingest(
    sources: Annotated[Optional[list[str]], typer.Argument(
        help="Files or folders (walked recursively): .txt, .html pages, .jsonl corpora, .xml/.rss/.atom feed files. "
             "With --feed: feed URLs.", show_default=False)] = None,
    feed: Annotated[bool, typer.Option("--feed", help="The arguments are feed URLs: fetch each feed and the articles it links to.")] = False,
    delay: Annotated[float, typer.Option(help="With --feed: seconds between two requests to the same site.")] = 1.0,
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option(help="Parsing processes (default: the number of cores).")] = os.cpu_count() or 1,
    published: Annotated[
        Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for articles whose page, feed or line gives none.",
                                    callback=parse_published)] = None,
    window_days: Annotated[Optional[int], typer.Option(help="Merge event mentions at most this many days apart (default: clustering.yaml).")] = None,
    max_km: Annotated[Optional[float], typer.Option(help="Merge event mentions at most this far apart (default: clustering.yaml).")] = None,
    actors: ActorsOption = None,
    max_chars: MaxCharsOption = LIMIT_CHARS,
    on_long: OnLongOption = OnLong.split,
    doc_timeout: DocTimeoutOption = None,
    lang: LangOption = LangCheck.auto,
) -> None:
    """Extract articles and store them, their actors and events in an embedded DuckDB file.

    [bold]Examples[/bold]

      eventwire ingest news/ --db news.duckdb                   # every .txt/.html/.jsonl/.xml under news/

      eventwire ingest corpus.jsonl --workers 2 --published 2024-10-29

      eventwire ingest --feed https://example.org/world/rss.xml

    A document's identity is its URL, else the hash of its normalised text: ingesting the same thing
    twice adds nothing. Each document is written in one transaction, so an ingest that was killed can
    simply be run again. Failures (bad files, lines, feeds, unreachable URLs) are printed, recorded in the
    errors table and never stop the batch; the exit status is then 1. Event mentions from different
    documents that report the same event are merged into clusters (see eventwire/data/store/clustering.yaml).
    """
    from eventwire.ingest import sources as expand
    from eventwire.ingest.batch import CHUNK_SIZE
    from eventwire.ingest.batch import ingest as run_ingest
    from eventwire.store.clusters import MergeRule
    from eventwire.store.schema import StoreError
    from eventwire.store.writer import Writer

    try:
        writer = Writer(db, MergeRule.load(window_days=window_days, max_km=max_km, actors=actors and actors.value))
    except StoreError as err:
        fail(str(err))
    fetcher = None
    try:
        with writer, ingest_progress() as bar:
            if feed:
                from eventwire.ingest.feeds import Fetcher, fetch_feed

                fetcher = Fetcher(delay=delay)
                items = (item for url in sources or [] for item in fetch_feed(url, fetcher, writer.has))
            else:
                files = expand.collect(Path(s) for s in sources or [])
                bar.total = expand.estimate(files)
                workers = min(workers, -(-bar.total // CHUNK_SIZE))  # no process without a chunk to parse
                items = expand.articles(files)
            summary = run_ingest(items, writer, workers=max(1, workers), published=published, on_progress=bar.update,
                                 on_error=lambda origin, message: bar.print(f"eventwire: error: {origin}: {message}"),
                                 options=pipeline_limits(max_chars, on_long, doc_timeout, lang))
            if fetcher:
                fetcher.close()
    except Exception as err:  # the store failed while writing (disk full, file removed): one line, not a traceback
        from eventwire.store.schema import explain_write_error

        log.debug("ingest failed", exc_info=True)
        fail(explain_write_error(db, err))
    print(f"eventwire: {db}: {summary.line()}", file=sys.stderr)
    report_decoding()
    if summary.interrupted:
        raise typer.Exit(130)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words to find, e.g. "troops Kursk" (all of them, stemmed).')],
    db: DbOption = DEFAULT_DB,
    any_word: Annotated[bool, typer.Option("--any", help="Find documents with any of the words instead of all.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many documents.")] = 20,
    output_format: FormatOption = TableFormat.table,
) -> None:
    """Full-text search over the stored documents, best match first (SQLite FTS5, BM25 ranking).

      eventwire search "troops Kursk" --db news.duckdb
    """
    from eventwire.store.output import emit
    from eventwire.store.queries import Table
    from eventwire.store.schema import StoreError
    from eventwire.store.search import SearchIndex

    try:
        index = SearchIndex(db, read_only=True)
        hits = index.search(query, limit=limit, any_word=any_word)
    except StoreError as err:
        fail(str(err))
    columns = ["id", "published", "title", "snippet", "score", "url"]
    emit(Table(columns, [tuple(getattr(h, c) for c in columns) for h in hits]), output_format.value)


@app.command()
def events(
    actor: Annotated[Optional[str], typer.Option(help="Country (PRK), actor code or its prefix (PRKGOV), or actor id, on either side.")] = None,
    event_type: Annotated[Optional[str], typer.Option("--type", help="PLOVER type (CONSULT) or CAMEO code or prefix (04, 042).")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many rows.")] = None,
    db: DbOption = DEFAULT_DB,
    output_format: FormatOption = TableFormat.table,
) -> None:
    """List stored event mentions, newest first, with the real-world event (cluster) each belongs to.

      eventwire events --actor PRK --type CONSULT --since 2024-10-01 --until 2024-10-31 --format csv

    cluster_mentions and cluster_sources say how many reports (and distinct sources) the same event has.
    """
    from eventwire.store import queries
    from eventwire.store.output import emit

    with reading_store(db) as con:
        emit(queries.events(con, actor, event_type, parse_day(since), parse_day(until), limit), output_format.value)


@app.command()
def actors(
    country: Annotated[Optional[str], typer.Option(help="Only actors of this country (ISO alpha-3, e.g. KOR).")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many rows.")] = None,
    db: DbOption = DEFAULT_DB,
    output_format: FormatOption = TableFormat.table,
) -> None:
    """List corpus-wide actors (one identity across documents) with their roles, aliases and document counts.

      eventwire actors --country KOR
    """
    from eventwire.store import queries
    from eventwire.store.output import emit

    with reading_store(db) as con:
        emit(queries.actors(con, country, limit), output_format.value)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help='One SELECT statement, e.g. "SELECT plover, count(*) FROM events GROUP BY 1".')],
    db: DbOption = DEFAULT_DB,
    output_format: FormatOption = TableFormat.table,
) -> None:
    """Run a read-only SQL query on the store; anything that writes (or touches other files) is refused.

    Tables: documents, actors, actor_aliases, actor_roles, entities, mentions, events, clusters, quotes,
    times, quantities, errors, schema_version. Views: dyads_day|week|month, timeline_day|week|month.
    """
    from eventwire.store import queries
    from eventwire.store.output import emit

    with reading_store(db, sandbox=True) as con:
        emit(queries.read_only_sql(con, query), output_format.value)


@app.command("export")
def export_events(
    out: Annotated[Path, typer.Argument(help="The file to write.")],
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, parquet, jsonl or gdelt.")] = ExportFormat.csv,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export events: csv, parquet or jsonl (one row per event mention), or gdelt (one row per real-world event).

    gdelt writes the 61 columns of the GDELT 2.0 event table in its order, tab-separated without a header,
    as eventwire/data/store/gdelt_columns.yaml describes.

      eventwire export --format gdelt events.export.CSV
    """
    from eventwire.store.export import export

    with reading_store(db) as con:
        count = export(con, output_format.value, out)
    print(f"eventwire: wrote {count} rows to {out}", file=sys.stderr)


def summary_command(kind: str):
    def command(
        period: Annotated[Period, typer.Option(help="day, week or month.")] = Period.month,
        country: Annotated[Optional[str], typer.Option(help="Only this country (ISO alpha-3), on either side.")] = None,
        since: SinceOption = None,
        until: UntilOption = None,
        db: DbOption = DEFAULT_DB,
        output_format: FormatOption = TableFormat.table,
    ) -> None:
        from eventwire.store import queries
        from eventwire.store.output import emit

        with reading_store(db) as con:
            query = queries.dyads if kind == "dyads" else queries.timeline
            emit(query(con, period.value, parse_day(since), parse_day(until), country), output_format.value)

    return command


app.command("dyads", help="""Count real-world events and mean Goldstein score per pair of countries per day, week or month.

  eventwire dyads --period week --country PRK --since 2024-01-01

Also in the store as the views dyads_day, dyads_week and dyads_month.""")(summary_command("dyads"))
app.command("timeline", help="""Count real-world events and mean Goldstein score per country per day, week or month.

  eventwire timeline --country KOR --period month

Also in the store as the views timeline_day, timeline_week and timeline_month.""")(summary_command("timeline"))


@app.command()
def cluster(
    window_days: Annotated[Optional[int], typer.Option(help="Merge event mentions at most this many days apart.")] = None,
    max_km: Annotated[Optional[float], typer.Option(help="Merge event mentions at most this many kilometres apart.")] = None,
    actors: ActorsOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Rebuild every real-world event (cluster) from the stored event mentions with other thresholds.

    The rule is documented in eventwire/data/store/clustering.yaml; options override its numbers.
    """
    from eventwire.store.clusters import MergeRule, rebuild
    from eventwire.store.schema import StoreError, open_store

    try:
        con = open_store(db)
        count = rebuild(con, MergeRule.load(window_days=window_days, max_km=max_km, actors=actors and actors.value))
        con.close()
    except StoreError as err:
        fail(str(err))
    print(f"eventwire: {db}: {count} clusters", file=sys.stderr)


@eval_app.command("html")
def eval_html(
    benchmark: Annotated[Path, typer.Option(help="The article-extraction-benchmark folder (html/*.html.gz, ground-truth.json).")],
    limit: Annotated[Optional[int], typer.Option(help="Score only the first N pages.")] = None,
) -> None:
    """Main-text precision, recall and F1 of the HTML reader against hand-written article bodies.

    The benchmark's own measure: 4-word shingles, per page precision and recall, averaged over pages.
    """
    from eventwire.eval.html import evaluate

    print(json.dumps(evaluate(benchmark, limit=limit), indent=2))


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
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self.progress = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[rate]:.1f} docs/s"), TextColumn("{task.fields[errors]} errors"),
                                     TimeElapsedColumn(), TimeRemainingColumn(), console=stderr,
                                     refresh_per_second=PROGRESS_REFRESH)
            self.progress.start()
            self.task = self.progress.add_task("ingest", total=None, rate=0.0, errors=0)
        return self

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


@eval_app.command("ner")
def eval_ner(
    conll: Annotated[Path, typer.Option(help="A CoNLL-2003 file in BIO form, e.g. ../shared/data/conll2003/bio/dev.txt")],
    limit: Annotated[Optional[int], typer.Option(help="Score only the first N documents.")] = None,
    baseline: Annotated[bool, typer.Option(help="Also score plain en_core_web_sm with the same type mapping.")] = False,
) -> None:
    """Span-level precision, recall and F1 of the entity recogniser on CoNLL-2003 (PER/ORG/LOC/MISC).

    Types map PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC, NORP/EVENT/WORK_OF_ART/PRODUCT/LAW/LANGUAGE->MISC;
    a prediction counts only when its span and type match the gold exactly. Tune on train/dev, report test.
    """
    from eventwire.eval.ner import evaluate

    print(json.dumps(evaluate(conll, limit=limit, baseline=baseline), indent=2))


@eval_app.command("events")
def eval_events(
    case2021: Annotated[Optional[Path], typer.Option(
        help="CASE 2021 Task 2 TSV (id, EventSnippet, SubType), e.g. "
             "../shared/data/case2021/task2/test_dataset/test_set_final_release_with_labels.tsv")] = None,
    petrarch: Annotated[Optional[Path], typer.Option(
        help="PETRARCH validation XML with CAMEO gold codings, e.g. "
             "../shared/data/petrarch_validation/PETR2_GSR_validation.xml")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Score only the first N snippets or records.")] = None,
) -> None:
    """Score the event coder on a gold set: give exactly one of --case2021 or --petrarch.

    --case2021: each snippet's gold ACLED-style type is mapped to a PLOVER type and mode
    (eventwire/data/events/case2021.yaml); types with no PLOVER counterpart (disasters,
    crime, ...) are left out and counted as `unmapped`. Prints type_accuracy,
    type_mode_accuracy, macro_f1 over PLOVER types, and the counts per gold type.

    --petrarch: each record's main event is compared with its CAMEO gold codings. Prints
    root_accuracy (CAMEO root of the main event), root_recall_any_event (any event has a gold
    root), plover_type_accuracy, and how many `noevents` records stayed without an event.
    Records coded with non-CAMEO test codes (the UnitTest file's toy dictionary) are skipped.
    """
    from eventwire.eval.events import evaluate, evaluate_petrarch

    if (case2021 is None) == (petrarch is None):
        raise typer.BadParameter("give exactly one of --case2021 or --petrarch")
    report = evaluate(case2021, limit=limit) if case2021 is not None else evaluate_petrarch(petrarch, limit=limit)
    print(json.dumps(report, indent=2))


@eval_app.command("timex")
def eval_timex(
    tempeval: Annotated[
        Path, typer.Option(help="A directory of TimeML files, e.g. ../shared/data/tempeval3/Evaluation/te3-platinum")
    ],
    limit: Annotated[Optional[int], typer.Option(help="Score only the first N files (sorted by name).")] = None,
    errors: Annotated[
        Optional[Path], typer.Option(help="Write every miss, false alarm and wrong value here, one JSON a line.")
    ] = None,
) -> None:
    """TempEval-3 (task A) scores of the times stage on TimeML files.

    strict: spans identical to the gold ones; relaxed: spans that overlap them.
    value F1: relaxed matches whose TimeML value is right, over all found and all gold expressions.
    type accuracy: relaxed matches with the right type (DATE, TIME, DURATION, SET).

    Each file's document creation time (DCT) is its publication date; only the TEXT element is scored.
    Spans are compared by characters (the official TempEval-3 scorer uses tokens).

    [bold]Example[/bold]

      eventwire eval timex --tempeval ../shared/data/tempeval3/Training/TBAQ-cleaned --errors /tmp/timex-errors.jsonl
    """
    from eventwire.eval.timex import evaluate

    print(json.dumps(evaluate(tempeval, limit=limit, errors_path=errors), indent=2))


@eval_app.command("places")
def eval_places(
    paths: Annotated[list[Path], typer.Argument(
        help="Gold sets from ../shared/data/geoparsing/: GWN.xml (GeoWebNews), TR-News.xml, lgl.xml, GeoVirus.xml.")],
    corpus: Annotated[Optional[list[str]], typer.Option(
        help="A name for each PATH, in order (repeatable); the file name when left out.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Score only the first N articles of each set.")] = None,
    recognition: Annotated[bool, typer.Option(help="Also run the whole pipeline and score toponym recognition.")] = True,
) -> None:
    """Place resolution given the gold names (acc_161km, exact_geonames) and end-to-end toponym F1.

    Resolution: each gold toponym with coordinates is resolved with the other gold names of its article as
    evidence; acc_161km is the share within 161 km of the gold point, exact_geonames the share with the gold
    GeoNames id. Recognition runs the whole pipeline and matches place mention spans with the gold spans.

    [bold]Examples[/bold]

      eventwire eval places --corpus GeoWebNews ../shared/data/geoparsing/GWN.xml

      eventwire eval places --corpus TR-News --corpus LGL ../shared/data/geoparsing/TR-News.xml ../shared/data/geoparsing/lgl.xml
    """
    from eventwire.eval.places import evaluate

    names = list(corpus or [])
    corpora = [(names[i] if i < len(names) else path.stem, path) for i, path in enumerate(paths)]
    print(json.dumps(evaluate(corpora, limit=limit, recognition=recognition), indent=2))


@app.command()
def geocode(
    name: Annotated[str, typer.Argument(help='A place name as written in the news: "Kursk region", "eastern Russia".')],
    context: Annotated[Optional[str], typer.Option(
        help="Other place names of the story, comma-separated, as evidence: --context 'Texas, Dallas'.")] = None,
    dateline: Annotated[Optional[str], typer.Option(help="The story's dateline place, as evidence.")] = None,
) -> None:
    """Show the gazetteer candidates for a place name with their scores (best first) as JSON.

    The first call builds the local gazetteer index (about half a minute); later calls load it.

    [bold]Examples[/bold]

      eventwire geocode "Kursk region"

      eventwire geocode Paris --context "Texas, Lamar County"
    """
    from eventwire.places.gazetteer import load
    from eventwire.places.resolve import Resolver

    resolver = Resolver(load())
    query = resolver.parse(name)
    others = [resolver.parse(part.strip()) for part in (context or "").split(",") if part.strip()]
    resolution = resolver.resolve([query, *others], dateline=dateline)[query]
    print(json.dumps({
        "query": name, "core": query.core, "kind": query.kind, "confidence": resolution.confidence,
        "candidates": [{"score": c.score, **c.place._asdict()} for c in resolution.candidates],
    }, ensure_ascii=False, indent=2))


@eval_app.command("quotes")
def eval_quotes(
    polnear: Annotated[Path, typer.Option(help="A PolNeAR split directory with text/ and attributions/, "
                                               "e.g. ../shared/data/polnear/dev")],
    limit: Annotated[Optional[int], typer.Option(help="Score only the first N articles (by file name).")] = None,
) -> None:
    """Precision, recall and F1 of quote and attribution spans (source, cue, content) on PolNeAR.

    Spans match when they share a letter or digit (one-to-one); exact_* needs equal
    boundaries. attribution_recall is the share of gold attributions whose content and
    source are both found by one predicted attribution. Articles annotated several
    times count once (their scores are averaged over the annotations).

    [bold]Example[/bold]

      eventwire eval quotes --polnear ../shared/data/polnear/dev --limit 20
    """
    from eventwire.eval.quotes import evaluate

    print(json.dumps(evaluate(polnear, limit=limit), indent=2))


def run() -> None:
    """Entry point: errors end as one line on stderr, never a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        print("eventwire: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as err:  # the last line of defence; details with --verbose
        log.debug("unexpected error", exc_info=True)
        print(f"eventwire: error: {type(err).__name__}: {err}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    run()
