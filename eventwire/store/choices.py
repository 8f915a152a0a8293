"""The store's lists of choices, in a module that imports nothing (the CLI builds its option types from them
without loading DuckDB)."""

TABLE_FORMATS = ("table", "json", "csv")
"""How a query's rows are printed (`store/output.py`)."""
EXPORT_FORMATS = ("csv", "parquet", "jsonl", "gdelt")
"""What `export` writes (`store/export.py`)."""
PERIODS = ("day", "week", "month")
"""The periods of the dyads and timeline views (`store/queries.py`)."""
ACTOR_KEYS = ("code", "identity")
"""How clustering compares event actors (`store/clusters.py`)."""
