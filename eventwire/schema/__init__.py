"""The JSON Schema of `eventwire.document/1`, with the item schemas of each stage merged in."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_schema() -> dict:
    """The document schema with `defs/*.json` added under `$defs` (event, quote, time, quantity)."""
    schema = json.loads((HERE / "document-1.schema.json").read_text(encoding="utf-8"))
    for path in sorted((HERE / "defs").glob("*.json")):
        schema["$defs"][path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return schema
