"""Insert or update many rows in one DuckDB statement.

DuckDB's cost is per statement and per bound parameter, not per row: `executemany` pays a statement per
row, a multi-row VALUES list a parameter per value. Inserts hand DuckDB the rows as one Arrow table, which it
scans in C++ without Python's lock (turning each value of a Python list parameter into a DuckDB value holds
the lock and costs about a third more CPU). Updates, and values Arrow cannot put in one typed column, pass each
column as one list parameter unnested side by side: a handful of parameters for any number of rows.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Append `rows` (tuples in the order of `columns`) to `table`; DuckDB casts each column to its type."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    values = [list(column) for column in zip(*rows)]
    try:
        batch_rows = pyarrow.table(dict(zip(columns, values)))  # noqa: F841 (DuckDB reads it by its name, below)
    except (ValueError, TypeError, OverflowError):  # a column Arrow cannot type (1 and "5"): DuckDB's own casts
        unnested = ", ".join(["unnest(?)"] * len(columns))
        con.execute(f"INSERT INTO {table} ({names}) SELECT {unnested}", values)
        return
    con.execute(f"INSERT INTO {table} ({names}) SELECT * FROM batch_rows")  # DuckDB finds the local by its name


def update_rows(con: duckdb.DuckDBPyConnection, table: str, key: str, columns: tuple[str, ...],
                rows: list[tuple[Any, ...]]) -> None:
    """Set `columns` of the rows of `table` whose `key` column has the given values: each of `rows` is the key
    then the new values in the order of `columns` (a statement for all of them, not one per row)."""
    if not rows:
        return
    names = (key, *columns)
    changed = ", ".join(f'unnest(?) AS "{c}"' for c in names)
    assignments = ", ".join(f'"{c}" = changed."{c}"' for c in columns)
    con.execute(f'UPDATE {table} SET {assignments} FROM (SELECT {changed}) AS changed '
                f'WHERE {table}."{key}" = changed."{key}"', [list(column) for column in zip(*rows)])
