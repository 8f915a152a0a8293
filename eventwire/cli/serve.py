"""`eventwire serve`: the API and web UI over a store (eventwire.server), with its feed watcher."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from eventwire.cli.app import DEFAULT_DB, DbOption, app, fail


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback is reachable from other machines.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    watch: Annotated[Path | None, typer.Option(help="A file of RSS/Atom feed URLs (one a line) to poll and store.")] = None,
    every: Annotated[str, typer.Option(help="With --watch: time between polls (15m, 1h, 90s).")] = "15m",
    allow_ingest: Annotated[bool, typer.Option("--allow-ingest", help="Accept POST /api/documents (needs the bearer token).")] = False,
    cors: Annotated[list[str] | None, typer.Option(help="Allow browser pages from this origin to call the API (repeatable).")] = None,
    cache_mb: Annotated[float, typer.Option(help="Memory for answers kept until the store changes (0: none).", min=0)] = 64,
    parquet: Annotated[Optional[str], typer.Option(
        help="Serve this Parquet folder of `ingest --engine dask` (path or fsspec URL) in place of --db, read-only: "
             "documents and events as written; actors, real-world events and search come with `eventwire load`.")] = None,
) -> None:
    """Serve the store's API (OpenAPI at /openapi.json, docs at /docs) and the web UI at / .

    [bold]Examples[/bold]

      eventwire serve --db news.duckdb                        # read-only, http://127.0.0.1:8000/

      eventwire serve --db news.duckdb --watch feeds.txt --every 15m

      EVENTWIRE_TOKEN=secret eventwire serve --db news.duckdb --allow-ingest

      eventwire serve --parquet parquet/                      # the output of ingest --engine dask, in place

    Read-only unless --allow-ingest or --watch; the server process is then the store's only writer,
    and readers keep querying while it stores.
    """
    from eventwire.distributed.output import OutputError
    from eventwire.errors import InputError
    from eventwire.server.serve import serve as run_server
    from eventwire.server.watch import parse_interval
    from eventwire.store.schema import StoreError

    try:
        seconds = parse_interval(every)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--every") from None
    if parquet and (watch or allow_ingest):
        raise typer.BadParameter("a Parquet folder is served read-only: store with --watch or --allow-ingest "
                                 "into a --db", param_hint="--parquet")
    try:
        run_server(db, host=host, port=port, watch=watch, every=seconds, allow_ingest=allow_ingest, cors=cors,
                   cache_mb=cache_mb, parquet=parquet)
    except (StoreError, OutputError, InputError) as err:
        fail(str(err))
