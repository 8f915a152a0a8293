"""The `eventwire` command line."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler

from eventwire.document import Extraction, error_record
from eventwire.ingest.reading import MAX_CHARS, InputError, read_jsonl, read_path

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
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Text or HTML files with one article each.")] = None,
    jsonl: Annotated[
        Optional[Path], typer.Option(help='A corpus file: one {"id","text","title"?,"published"?,"url"?} a line.')
    ] = None,
    published: Annotated[
        Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs that carry none.", callback=parse_published)
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json, jsonl or table.")] = OutputFormat.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    max_chars: Annotated[int, typer.Option(help="Refuse longer documents.")] = MAX_CHARS,
) -> None:
    """Extract entities, actors and events from articles.

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
                yield read_path(path, max_chars)
            except InputError as err:
                yield err
        if jsonl is not None:
            yield from read_jsonl(jsonl, max_chars)

    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    failures = 0
    results: list[dict] = []
    try:
        pipeline = Pipeline()
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
