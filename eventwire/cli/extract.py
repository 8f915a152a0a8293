"""`eventwire extract`: articles in, JSON (or a table) out, over `eventwire.Pipeline`."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from eventwire.cli.app import (
    DocTimeoutOption,
    LangCheck,
    LangOption,
    MaxCharsOption,
    OnLong,
    OnLongOption,
    app,
    decoding_so_far,
    log,
    parse_published,
    pipeline_limits,
    report_decoding,
    stderr,
)
from eventwire.document import Extraction, error_record
from eventwire.errors import DocumentError, InputError
from eventwire.ingest import sources
from eventwire.ingest.reading import RawArticle, Repeated, read_jsonl
from eventwire.limits import MAX_CHARS


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


@app.command()
def extract(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Files or folders (walked recursively for .txt, .html, .jsonl, .xml/.rss/.atom), each file read by "
             "its content: a text or HTML article, a JSONL corpus or an RSS/Atom feed file. - reads standard "
             "input the same way.", show_default=False)] = None,
    jsonl: Annotated[Optional[Path], typer.Option(
        help="Deprecated: give the corpus file as an argument (read as a corpus whatever its name).")] = None,
    published: Annotated[
        Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs that carry none.", callback=parse_published)
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json, jsonl or table.")] = OutputFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    max_chars: MaxCharsOption = MAX_CHARS,
    on_long: OnLongOption = OnLong.split,
    doc_timeout: DocTimeoutOption = None,
    lang: LangOption = LangCheck.auto,
    stages: Annotated[Optional[str], typer.Option(
        help="Run only these stages, comma-separated, e.g. entities,times (default: all).")] = None,
) -> None:
    """Extract actors, places, times, quotes, numbers and coded events from articles.

    [bold]Examples[/bold]

      eventwire extract examples/nk-russia-reuters.txt --published 2024-10-29

      eventwire extract a.txt b.html feed.xml --format jsonl

      eventwire extract corpus.jsonl news/ --format jsonl -o out.jsonl

      curl -s https://example.org/story.html | eventwire extract - --format table

    A corpus has one {"id", "text", "title"?, "published"?, "url"?} a line. Inputs that cannot be
    read (missing, binary, empty, not English, a corpus line without text, with a published that
    is no date, or whose id already names another text) are listed on stderr with the reason,
    written as error records in the output and make the exit status 1; the other documents are
    still processed. A corpus line repeating an earlier one (same id, same text) is skipped and
    counted in the summary.
    """
    if not paths and jsonl is None:
        raise typer.BadParameter("give at least one file or folder (- reads standard input)")
    if jsonl is not None:
        print(f"eventwire: warning: --jsonl is deprecated: give the corpus as an argument (eventwire extract "
              f"{jsonl})", file=sys.stderr)
    from eventwire.errors import EventwireError
    from eventwire.pipeline import Pipeline

    started, decoded = time.perf_counter(), decoding_so_far()
    try:
        pipeline = Pipeline(stages=stages, **pipeline_limits(max_chars, on_long, doc_timeout, lang))
    except EventwireError as err:
        raise typer.BadParameter(str(err), param_hint="--stages") from None
    log.debug("pipeline ready in %.2f s", time.perf_counter() - started)
    files = sources.collect(paths or [])
    tally = Tally()
    inputs = tally.count_repeats(chain(sources.articles(files), read_jsonl(jsonl) if jsonl is not None else ()))
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    results: list[dict] = []
    try:
        total = sources.estimate(files) if stderr.is_terminal and jsonl is None else None
        with progress_bar(total) as advance:
            for item in pipeline.extract_many(inputs, published):
                advance()
                if isinstance(item, DocumentError):
                    tally.failed += 1
                    print(f"eventwire: error: {item}", file=sys.stderr)
                    write(stream, output_format, error_record(item.origin, item.problem), results)
                else:
                    tally.extracted += 1
                    write(stream, output_format, item, results)
        if output_format is OutputFormat.json:
            payload = results[0] if len(results) == 1 else results
            if payload:
                stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    finally:
        if output:
            stream.close()
    if tally.worth_a_summary:
        print(f"eventwire: {tally.line()} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    report_decoding(decoded)
    if tally.failed:
        raise typer.Exit(1)


@dataclass
class Tally:
    """What became of an extract's inputs, for its closing line."""

    extracted: int = 0
    failed: int = 0
    repeated: int = 0

    def count_repeats(self, items: Iterable[RawArticle | InputError | Repeated]) -> Iterator[RawArticle | InputError]:
        """The items without the corpus lines that repeat an earlier one, which are counted."""
        for item in items:
            if isinstance(item, Repeated):
                log.debug("%s: repeats %s (id '%s'); skipped", item.origin, item.first, item.id)
                self.repeated += 1
            else:
                yield item

    @property
    def worth_a_summary(self) -> bool:
        """More than one input, or a repeat: one document's outcome (or error line) says it all."""
        return self.repeated > 0 or self.extracted + self.failed > 1

    def line(self) -> str:
        line = f"{self.extracted} extracted, {self.failed} skipped" + (" (listed above)" if self.failed else "")
        if self.repeated:
            line += f", {self.repeated} repeated corpus line(s) skipped (same id and text as an earlier line)"
        return line


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
