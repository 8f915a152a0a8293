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

app = typer.Typer(
    help="Turn English news into structured, explained event data: actors, events, times, quotes, numbers.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True)
log = logging.getLogger("eventwire")


def setup_logging(verbose: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING
    if stderr.is_terminal:
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=stderr, show_path=False)
    else:
        handler = logging.StreamHandler()
    logging.basicConfig(level=level, handlers=[handler], format="%(message)s", force=True)


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


def pipeline_limits(max_chars: int, on_long: OnLong, doc_timeout: Optional[float], lang: LangCheck) -> dict:
    """The `Pipeline` keyword arguments the limit options give (docs/reliability.md)."""
    return {"max_chars": max_chars, "on_long": on_long.value, "doc_timeout": doc_timeout, "lang": lang.value}


def report_decoding() -> None:
    """Say how many inputs had bytes that were not valid UTF-8 (each was read with U+FFFD in their place)."""
    from eventwire.ingest.reading import DECODING

    if DECODING["documents"]:
        print(f"eventwire: warning: {DECODING['documents']} input(s) had invalid bytes, "
              f"{DECODING['replaced']} character(s) replaced by U+FFFD", file=sys.stderr)


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
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens (per-stage timings too).")] = False,
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
