"""`eventwire serve`: start the API and web UI over a store, with the token, warnings and feed watcher it asks for."""

from __future__ import annotations

import sys
from pathlib import Path

from eventwire.server.security import TOKEN_VARIABLE, ingest_token, is_loopback


def say(message: str) -> None:
    print(f"eventwire: {message}", file=sys.stderr, flush=True)


def serve(db: Path, host: str = "127.0.0.1", port: int = 8000, watch: Path | None = None, every: float = 900.0,
          allow_ingest: bool = False, cors: list[str] | None = None, query_seconds: float | None = None,
          cache_mb: float = 64, parquet: str | None = None) -> None:
    """Run the server until interrupted; over the Parquet folder `parquet` (read-only) instead of the store `db`
    when given. Raises StoreError, OutputError or InputError (bad store or folder, bad feeds file)."""
    import uvicorn

    from eventwire.server.app import create_app

    if watch is not None:
        from eventwire.server.watch import read_feed_list

        read_feed_list(watch)  # a bad feeds file stops the start, not a later round
    token = None
    if allow_ingest:
        token, generated = ingest_token()
        if generated:
            say(f"ingest token (send as 'Authorization: Bearer <token>'; set {TOKEN_VARIABLE} to choose it): {token}")
        else:
            say(f"ingest token taken from {TOKEN_VARIABLE}")
    if not is_loopback(host):
        say(f"warning: listening on {host}, reachable from other machines; "
            + ("writes need the bearer token" if allow_ingest else "the server is read-only"))

    def start_watcher(app):
        from eventwire.server.watch import FeedWatcher

        watcher = FeedWatcher(watch, every, app.state.access, app.state.pipeline.extract_many)
        watcher.start()
        say(f"watching the feeds in {watch} every {every:g} s")
        return watcher.stop

    app = create_app(parquet or db, allow_ingest=allow_ingest, token=token, cors_origins=cors,
                     query_seconds=query_seconds, writable=watch is not None, on_start=start_watcher if watch else None,
                     cache_bytes=int(cache_mb * 2**20), parquet=parquet is not None)
    if parquet:
        say(f"{parquet}: a Parquet folder has no corpus actors, real-world events or search index until "
            "`eventwire load` stores it; documents and events are served as written")
    say(f"serving {parquet or db} at http://{host if ':' not in host else f'[{host}]'}:{port}/ (API documentation at /docs)"
        + ("" if allow_ingest or watch else ", read-only"))
    uvicorn.run(app, host=host, port=port, log_level="warning")
