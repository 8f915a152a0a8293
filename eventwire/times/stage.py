"""The times stage: every time expression of the document with its TimeML type and value,
normalised against the publication date when the document has one."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from spacy.tokens import Doc

from eventwire.times.normalize import normalise
from eventwire.times.recognize import find
from eventwire.times.tense import direction


POSSESSIVE = re.compile(r"['’]s\b")
"""'Wednesday's ruling': the verb of the sentence says nothing about the day; the default (past) holds."""


def publication_date(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published) if published else None
    except ValueError:
        return None


def tag(text: str, doc: Doc | None, published: dt.date | None) -> list[dict[str, Any]]:
    """The time expressions of `text` as `times` items (ids t1, t2... in text order)."""
    items = []
    for number, match in enumerate(find(text, doc), start=1):
        pointing = None if POSSESSIVE.match(text, match.end) else direction(doc, match.start, match.end)
        timex = normalise(match, published, pointing)
        items.append({"id": f"t{number}", "text": match.text, "start": match.start, "end": match.end,
                      "type": timex.type, "value": timex.value, "anchor": timex.anchor, "mod": timex.mod})
    return items


def apply(ctx) -> None:
    document = ctx.result.document
    ctx.result.times = tag(document.text, ctx.doc, publication_date(document.published))
