"""`eventwire extract`: articles in, JSON (or a table) out, over `eventwire.Pipeline`."""

from __future__ import annotations

import json
import sys
from enum import Enum
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
    parse_published,
    pipeline_limits,
    report_decoding,
    stderr,
)
from eventwire.document import Extraction, error_record
from eventwire.errors import DocumentError, InputError
from eventwire.ingest.reading import read_jsonl, read_path, read_stdin
from eventwire.limits import MAX_CHARS


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


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

      eventwire extract a.txt b.html --format jsonl

      eventwire extract --jsonl corpus.jsonl --format jsonl -o out.jsonl

    Bad inputs are reported on stderr, written as error records in the output and
    make the exit status 1; the other documents are still processed.
    """
    if not paths and jsonl is None:
        raise typer.BadParameter("give at least one file, or --jsonl FILE")
    from eventwire.errors import EventwireError
    from eventwire.pipeline import Pipeline

    def inputs():
        for path in paths or []:
            try:
                yield read_stdin() if str(path) == "-" else read_path(path)
            except InputError as err:
                yield err
        if jsonl is not None:
            yield from read_jsonl(jsonl)

    try:
        pipeline = Pipeline(stages=stages, **pipeline_limits(max_chars, on_long, doc_timeout, lang))
    except EventwireError as err:
        raise typer.BadParameter(str(err), param_hint="--stages") from None
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    failures = 0
    results: list[dict] = []
    try:
        with progress_bar(len(paths or []) if jsonl is None else None) as advance:
            for item in pipeline.extract_many(inputs(), published):
                advance()
                if isinstance(item, DocumentError):
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
