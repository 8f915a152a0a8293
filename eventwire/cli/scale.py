"""The scale-out commands: `ingest --engine dask` (its body; the options are `ingest`'s), `load`, and
`sql --parquet` (its body): thin shells over eventwire.distributed and `eventwire.Store.load`."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from eventwire.cli.app import (
    DEFAULT_DB,
    ActorsOption,
    DbOption,
    MaxKmOption,
    TableFormat,
    WindowDaysOption,
    app,
    fail,
)
from eventwire.cli.store import ingest_progress, open_store, show


def ingest_with_dask(sources: list[str], out: Optional[str], scheduler: Optional[str], workers: int,
                     published: Optional[str], limits: dict, partition_size: Optional[int], feed: bool) -> None:
    """`eventwire ingest --engine dask`: the input in partitions on a Dask cluster, Parquet in --out."""
    from eventwire.distributed import dask_engine
    from eventwire.errors import EventwireError

    if feed:
        fail("--feed is not read by --engine dask; ingest feeds with the local engine")
    if not out:
        fail("--engine dask writes Parquet: give --out DIR (a folder or fsspec URL), then `eventwire load DIR`")
    with ingest_progress() as bar:
        try:
            summary = dask_engine.ingest(
                sources, out, scheduler, workers, partition_size, published, limits["max_chars"], on_progress=bar.update,
                on_error=lambda origin, message: bar.print(f"eventwire: error: {origin}: {message}"),
                on_total=bar.set_total, on_dashboard=lambda link: bar.print(f"eventwire: Dask dashboard: {link}"), options=limits)
        except (ValueError, ImportError) as err:  # an fsspec URL whose protocol is unknown or not installed
            fail(f"{out}: cannot be used as an output folder ({err})")
        except EventwireError as err:
            fail(str(err))
    print(f"eventwire: {out}: {summary.line()}; store it with `eventwire load {out} --db ...`", file=sys.stderr)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def load(
    folder: Annotated[str, typer.Argument(
        help="The --out folder (or fsspec URL) of `eventwire ingest --engine dask`.")],
    db: DbOption = DEFAULT_DB,
    window_days: WindowDaysOption = None,
    max_km: MaxKmOption = None,
    actors: ActorsOption = None,
) -> None:
    """Store the Parquet output of `eventwire ingest --engine dask`, as a single-machine ingest would have.

    Documents are replayed in input order through the store's writer: the same actor identities, duplicate
    documents and event clusters as `eventwire ingest` of the same input. Loading again adds nothing; a folder
    whose ingest has not finished is loaded up to its first missing partition (exit status 1).

      eventwire load parquet/ --db news.duckdb
    """
    from eventwire.errors import EventwireError

    try:
        with ingest_progress() as bar:
            summary, missing = open_store(db).load(folder, window_days, max_km, actors and actors.value,
                                                   on_progress=bar.update)
    except EventwireError as err:
        fail(str(err))
    print(f"eventwire: {db}: {summary.line()}", file=sys.stderr)
    if missing is not None:
        fail(f"{folder}: the ingest has not finished (partition {missing} is not written); "
             "run it again with the same input and --out, then load again")


def query_parquet(folder: str, query: str, output_format: TableFormat) -> None:
    """`eventwire sql --parquet DIR`: the query on DuckDB views over the folder's Parquet files."""
    from eventwire.distributed.load import connect
    from eventwire.distributed.output import Output
    from eventwire.errors import EventwireError
    from eventwire.store import queries

    try:
        show(queries.read_only_sql(connect(Output(folder)), query), output_format)
    except EventwireError as err:
        fail(str(err))
