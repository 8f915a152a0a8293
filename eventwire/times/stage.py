"""The times stage: every time expression of the document with its TimeML type and value,
normalised against the publication date when the document has one."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc

from eventwire.items import TimeExpression
from eventwire.stages import Context, Stage
from eventwire.times.lexicon import TimeLexicon
from eventwire.times.normalise import normalise
from eventwire.times.recognize import Match, find
from eventwire.times.tense import direction

PERIOD = re.compile(r"(\d{4})(-(?:Q[1-4]|H[12]|\d\d))$")
YEAR_UNITS = re.compile(r"years?", re.IGNORECASE)
POSSESSIVE = re.compile(r"['’]s\b")
"""'Wednesday's ruling': the verb of the sentence says nothing about the day; the default (past) holds."""


def publication_date(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published) if published else None
    except ValueError:
        return None


def tag(text: str, doc: Doc | None, published: dt.date | None, lexicon: TimeLexicon) -> list[TimeExpression]:
    """The time expressions of `text` (ids t1, t2... in text order), found with `lexicon` (`Resources.times`)."""
    items = []
    matches = find(text, lexicon, doc)
    for number, match in enumerate(matches, start=1):
        pointing = None if POSSESSIVE.match(text, match.end) else direction(doc, match.start, match.end, lexicon.words)
        timex = normalise(match, published, pointing, lexicon.words)
        items.append(TimeExpression(f"t{number}", match.text, match.start, match.end, timex.type, timex.value,
                                    timex.anchor, timex.mod))
    if doc is not None and published is not None:
        compare_like_with_like(list(zip(matches, items)), doc, published)
    return items


def compare_like_with_like(pairs: list[tuple[Match, TimeExpression]], doc: Doc, published: dt.date) -> None:
    """"Third-quarter profit fell from a year earlier": the year-earlier period is that quarter (or
    month, or half) a year before, not the whole of last year. Applies when such a period comes
    first in the same sentence."""
    for index, (match, item) in enumerate(pairs):
        if match.rule.kind != "offset" or not YEAR_UNITS.fullmatch(match.groups.get("unit", "")):
            continue
        if not item.value or not item.value.isdigit():
            continue
        span = doc.char_span(match.start, match.end, alignment_mode="expand")
        if span is None:
            continue
        sentence_start = span.sent.start_char
        years_back = published.year - int(item.value)
        for _other_match, other in reversed(pairs[:index]):
            if other.start < sentence_start:
                break
            period = PERIOD.match(other.value or "")
            if period:
                item.value = f"{int(period.group(1)) - years_back:04d}{period.group(2)}"
                break


def apply(ctx: Context) -> None:
    document = ctx.result.document
    ctx.result.times = tag(document.text, ctx.doc, publication_date(document.published), ctx.resources.times)


STAGE = Stage("times", apply, assigns=("times",))
