"""`eventwire geocode`: the gazetteer's candidates for one place name."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from eventwire.cli.app import app


@app.command()
def geocode(
    name: Annotated[str, typer.Argument(help='A place name as written in the news: "Kursk region", "eastern Russia".')],
    context: Annotated[Optional[str], typer.Option(
        help="Other place names of the story, comma-separated, as evidence: --context 'Texas, Dallas'.")] = None,
    dateline: Annotated[Optional[str], typer.Option(help="The story's dateline place, as evidence.")] = None,
) -> None:
    """Show the gazetteer candidates for a place name with their scores (best first) as JSON.

    The first call builds the local gazetteer index (about half a minute); later calls load it.

    [bold]Examples[/bold]

      eventwire geocode "Kursk region"

      eventwire geocode Paris --context "Texas, Lamar County"
    """
    from eventwire.resources import Resources

    resolver = Resources().places
    query = resolver.parse(name)
    others = [resolver.parse(part.strip()) for part in (context or "").split(",") if part.strip()]
    resolution = resolver.resolve([query, *others], dateline=dateline)[query]
    print(json.dumps({
        "query": name, "core": query.core, "kind": query.kind, "confidence": resolution.confidence,
        "candidates": [{"score": c.score, **c.place._asdict()} for c in resolution.candidates],
    }, ensure_ascii=False, indent=2))
