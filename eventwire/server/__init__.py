"""eventwire's HTTP API and web UI: one process serves a corpus store to browsers and scripts.

`app.create_app` builds the FastAPI application over a store; `access` owns the DuckDB file (reads on cursors
with a time bound, writes through the store's one `Writer`), `filters` turns request parameters into
parameterised SQL, `queries` reads documents, actors, events, clusters and aggregations, `security` holds the
token and size checks, `watch` polls feeds inside the server process and `demo` builds the demo corpus.
"""
