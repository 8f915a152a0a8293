"""The `eventwire` application object, its global options and what every command shares.

Command groups live in their own modules (`extract`, `store`, `evaluate`, `geocode`; `serve`, `load` and
engine options are added the same way): each registers its commands on `app` (or a sub-application) and stays a
thin shell over the library: parse options, call `eventwire.Pipeline` / `eventwire.Store`, print.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console
from typer.core import TyperGroup

from eventwire.store import choices
from eventwire.suggest import either

VERBOSE_FLAGS = ("-v", "--verbose")


class VerboseAnywhere(TyperGroup):
    """The application's `-v/--verbose` is accepted after the command too (`eventwire extract x.txt -v`): it is
    moved in front of the command before the arguments are parsed (not after `--`, which ends the options)."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        options = [arg for arg in args[:end] if arg not in VERBOSE_FLAGS]
        verbose = ["--verbose"] if len(options) < end else []
        return super().parse_args(ctx, verbose + options + args[end:])


app = typer.Typer(
    cls=VerboseAnywhere,
    help="Turn English news into structured, explained event data: actors, events, times, quotes, numbers.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True)
log = logging.getLogger("eventwire")


def setup_logging(verbose: bool) -> None:
    """Warnings from everything; with `verbose`, everything the `eventwire` loggers say too (per-stage timings
    are at debug level), without the debug chatter of the libraries underneath."""
    if stderr.is_terminal:
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=stderr, show_path=False)
    else:
        handler = logging.StreamHandler()
    logging.basicConfig(level=logging.WARNING, handlers=[handler], format="%(message)s", force=True)
    log.setLevel(logging.DEBUG if verbose else logging.NOTSET)


def parse_published(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not an ISO date (YYYY-MM-DD)") from None


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


def choice(name: str, values: tuple[str, ...]) -> type[Enum]:
    """An option type (Typer wants an Enum) from one of the store's lists."""
    return Enum(name, {value: value for value in values}, type=str)


TableFormat = choice("TableFormat", choices.TABLE_FORMATS)
ExportFormat = choice("ExportFormat", choices.EXPORT_FORMATS)
Period = choice("Period", choices.PERIODS)
ActorKey = choice("ActorKey", choices.ACTOR_KEYS)


def store_code(check: str):
    """An option callback: `eventwire.store.codes.<check>` of a code (country_code, event_type), its error a
    bad-parameter one. The module (and DuckDB) is imported only when the option is given."""
    def callback(value: Optional[str]) -> Optional[str]:
        if value is None:
            return None
        from eventwire.store import codes
        from eventwire.store.schema import StoreError

        try:
            return getattr(codes, check)(value)
        except StoreError as err:
            raise typer.BadParameter(str(err)) from None

    return callback


def limit_option(help: str):
    """A `--limit N` option (N at least 1) with its own help."""
    return Annotated[Optional[int], typer.Option(min=1, help=help)]


DEFAULT_DB = Path("eventwire.duckdb")
DbOption = Annotated[Path, typer.Option("--db", envvar="EVENTWIRE_DB",
                                        help="The store, a DuckDB file (`eventwire ingest` creates it; also $EVENTWIRE_DB).")]
FormatOption = Annotated[TableFormat, typer.Option("--format", "-f", help=f"{either(choices.TABLE_FORMATS)}.")]
SinceOption = Annotated[Optional[str], typer.Option(help="First day (YYYY-MM-DD), inclusive.", callback=parse_published)]
UntilOption = Annotated[Optional[str], typer.Option(help="Last day (YYYY-MM-DD), inclusive.", callback=parse_published)]
ActorOption = Annotated[Optional[str], typer.Option(
    help="Country (PRK), actor code or its prefix (PRKGOV), or actor id, on either side.")]
EventTypeOption = Annotated[Optional[str], typer.Option(
    "--type", help="PLOVER type (CONSULT) or CAMEO code or prefix (04, 042).", callback=store_code("event_type"))]


def country_option(help: str):
    """A `--country CODE` option checked against the shipped country data ("korea": "KOR or PRK?")."""
    return Annotated[Optional[str], typer.Option(help=help, callback=store_code("country_code"))]


ActorsOption = Annotated[Optional[ActorKey], typer.Option(
    help="Compare event actors by actor code (PRKGOV, GDELT's way) or by corpus-wide identity (default: clustering.yaml).")]
WindowDaysOption = Annotated[Optional[int], typer.Option(
    min=0, help="Merge event mentions at most this many days apart (default: clustering.yaml).")]
MaxKmOption = Annotated[Optional[float], typer.Option(
    min=0, help="Merge event mentions at most this many kilometres apart (default: clustering.yaml).")]


def pipeline_limits(max_chars: int, on_long: OnLong, doc_timeout: Optional[float], lang: LangCheck) -> dict:
    """The `Pipeline` keyword arguments the limit options give (docs/reliability.md)."""
    return {"max_chars": max_chars, "on_long": on_long.value, "doc_timeout": doc_timeout, "lang": lang.value}


def decoding_so_far() -> dict[str, int]:
    """How many inputs this process has decoded with replacement characters, for `report_decoding`."""
    from eventwire.ingest.reading import DECODING

    return dict(DECODING)


def report_decoding(before: dict[str, int]) -> None:
    """Say how many inputs read since `before` (`decoding_so_far()`) had bytes that were not valid UTF-8 (each was
    read with U+FFFD in their place). A process may run several commands (tests, a notebook): only this one's count."""
    now = decoding_so_far()
    documents, replaced = now["documents"] - before["documents"], now["replaced"] - before["replaced"]
    if documents:
        print(f"eventwire: warning: {documents} input(s) had invalid bytes, {replaced} character(s) replaced by "
              "U+FFFD", file=sys.stderr)


def fail(message: str) -> NoReturn:
    print(f"eventwire: error: {message}", file=sys.stderr)
    raise typer.Exit(1)


def show_version(value: bool) -> None:
    if value:
        from eventwire import __version__

        print(f"eventwire {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Log what happens, per-stage timings too; accepted after the command as well "
                                "(eventwire extract a.txt -v).")] = False,
    data: Annotated[Optional[list[Path]], typer.Option(
        "--data", help="A data directory overlaying the shipped data files (repeatable; also $EVENTWIRE_DATA).",
        show_default=False)] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", callback=show_version,
                                          is_eager=True)] = False,
) -> None:
    setup_logging(verbose)
    if data:
        from eventwire.datapath import ENVIRONMENT

        os.environ[ENVIRONMENT] = os.pathsep.join([*filter(None, [os.environ.get(ENVIRONMENT)]), *map(str, data)])
