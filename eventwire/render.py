"""A readable summary of an `Extraction` for a person at a terminal (rich tables).

Every value from a document is a `Text`, never markup: "[sic]" in a quote is shown as written."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from eventwire.document import Extraction


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
        ("Events", result.events, ("cameo", "plover", "source", "target", "date", "location", "trigger")),
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
