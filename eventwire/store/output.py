"""Print a query's `Table` as a rich table, JSON (a list of objects) or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

from eventwire.store.choices import TABLE_FORMATS
from eventwire.store.queries import Table

FORMATS = TABLE_FORMATS


def plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


NATURAL_WIDTH = 100_000
"""A console width no table reaches: each column as wide as its longest cell (the terminal wraps the lines)."""


def emit(table: Table, output_format: str = "table", stream: TextIO | None = None, natural: bool = False) -> None:
    """`table` on `stream` (stdout) as a rich table (at least 120 characters wide, or with every column at its
    natural width: `natural`), JSON or CSV."""
    stream = stream or sys.stdout
    if output_format == "json":
        records = [{k: plain(v) for k, v in zip(table.columns, row)} for row in table.rows]
        stream.write(json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n")
    elif output_format == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([plain(v) for v in row] for row in table.rows)
    else:
        rich_table = RichTable(*(escape(c) for c in table.columns), show_lines=False)
        for row in table.rows:  # Text, not markup: "[sic]" in a story or "[troops]" in a snippet is shown as written
            rich_table.add_row(*(Text("" if v is None else str(plain(v))) for v in row))
        Console(file=stream, width=NATURAL_WIDTH if natural else max(120, Console().width)).print(rich_table)
        Console(file=stream).print(f"{len(table.rows)} rows")
