"""Readable summaries for a person at a terminal (rich tables): an `Extraction`, and the store's event list.

Every value from a document is a `Text`, never markup: "[sic]" in a quote is shown as written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from eventwire.document import Extraction

if TYPE_CHECKING:
    from eventwire.store.queries import Table as Rows


def actor_text(actor) -> str:
    if actor is None:
        return ""
    parts = [actor.code or "", actor.role or ""]
    return " ".join(p for p in parts if p)


def render_table(result: Extraction, console: Console) -> None:
    document = result.document
    header = Table.grid(padding=(0, 2))
    for label, value in (("title", document.title), ("source", document.source), ("dateline", document.dateline),
                         ("published", document.published), ("credit", document.credit), ("caption", document.caption),
                         ("origin", document.origin)):
        if value:
            header.add_row(Text(label, style="bold"), Text(str(value)))
    console.print(header)

    entities = Table(title=f"Entities ({len(result.entities)})", title_justify="left")
    for column in ("id", "name", "type", "actor", "mentions"):
        entities.add_column(column)
    for entity in result.entities:
        mentions = ", ".join(sorted({m.text for m in entity.mentions}))
        entities.add_row(*(Text(v) for v in (entity.id, entity.name, entity.type, actor_text(entity.actor), mentions)))
    console.print(entities)

    for title, rows, columns in (
        ("Events", [event.to_dict() for event in result.events], ("cameo", "plover", "source", "target", "date", "location", "trigger")),
        ("Quotes", [quote.to_dict() for quote in result.quotes], ("speaker_name", "kind", "cue", "text")),
        ("Times", [time.to_dict() for time in result.times], ("text", "type", "value")),
        ("Quantities", [quantity.to_dict() for quantity in result.quantities], ("text", "value", "unit")),
    ):
        if not rows:
            continue
        table = Table(title=f"{title} ({len(rows)})", title_justify="left")
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(Text(cell_text(row.get(column))) for column in columns))
        console.print(table)


def cell_text(value) -> str:
    """Short text for a table cell: actors by name or code, dates by value."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        for key in ("name", "value", "code", "text"):
            if value.get(key):
                return str(value[key])
        return ""
    return str(value)


EVENT_COLUMNS = ("day", "event", "source", "target", "where", "trigger", "reports")
"""The columns of `eventwire events --format table` (`--wide` prints every column of the query instead)."""
EVENT_MARKS = (("negated", "negated", "bold red"), ("hypothetical", "hypothetical", "bold yellow"))
"""(column, mark, style): a mention that says an event did not happen, or might, is marked under its type."""


def render_events(rows: Rows, console: Console) -> None:
    """Event mentions (`store.queries.events`) in seven columns that wrap, so they read at 100 characters: the
    type with its CAMEO code and a mark for negated or hypothetical mentions, each actor's name over its code,
    and how many reports (from how many sources) the real-world event has."""
    table = Table(*EVENT_COLUMNS)
    for record in rows.records():
        event = Text(" ".join(v for v in (record["plover"], record["cameo"]) if v))
        for column, mark, style in EVENT_MARKS:
            if record.get(column):
                event.append(f"\n{mark}", style=style)
        sources = record["cluster_sources"]
        reports = "" if record["cluster_mentions"] is None else (
            f"{record['cluster_mentions']} from {sources} source{'' if sources == 1 else 's'}")
        table.add_row(Text(cell_text(record["day"])), event, actor_cell(record, "source"), actor_cell(record, "target"),
                      Text(cell_text(record["location_name"])), Text(cell_text(record["trigger_text"])), Text(reports))
    console.print(table)
    console.print(f"{len(rows.rows)} rows")


def actor_cell(record: dict, side: str) -> Text:
    """An event actor's name over its code ("Choe Son Hui" / "PRKGOV")."""
    return Text("\n".join(v for v in (record[f"{side}_name"], record[f"{side}_code"]) if v))
