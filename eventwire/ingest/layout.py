"""Find the parts of a news text: headline, photo credit, caption, dateline, body.

Wire copy pasted as text keeps a recognisable shape: a headline line, sometimes a
photo credit and caption, then a lead paragraph opening with a dateline such as
"SEOUL (Reuters) –". Knowing the parts keeps captions out of the event count.
"""

from __future__ import annotations

import re

from eventwire.document import Document, Section
from eventwire.ingest.reading import RawArticle

DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z.'’\- ]{2,40}?(?:/[A-Z][A-Z.'’\- ]{2,40})?)          # SEOUL, NEW YORK, KYIV/MOSCOW
        (?:,\s*(?P<region>[A-Z][A-Za-z.'’\- ]{1,30}?))?                          # , Ukraine   (optional)
        (?:,?\s*(?:[A-Z][a-z]{2}\.?|[A-Z][a-z]{3,8})\s+\d{1,2}(?:,\s*\d{4})?)?   # , Oct 29    (optional)
        \s*(?:\((?P<source>[A-Za-z][A-Za-z .&’'-]{1,40})\))?                     # (Reuters)
        \s*[-–—]{1,2}\s+""",
    re.VERBOSE,
)
CREDIT = re.compile(
    r"(?:\bvia\s+(?:REUTERS|Reuters|AP|AFP|Getty)\b|\bREUTERS/|/\s*Reuters\b|\bAP Photo\b|\bAFP\b.*\bGetty\b|"
    r"Getty Images|File Photo|^\s*\(?Photo(?:graph)?(?: by)?\s*[:/]|\bPhoto:|/Pool\b|^\s*Image:|\bCredit:)",
    re.IGNORECASE,
)
TRAILING_DATE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
                           r"\s+\d{1,2},\s+\d{4}\.?\s*$")


def is_hard_wrapped(text: str) -> bool:
    """Wire archives break lines at ~70 columns inside paragraphs; such breaks are not boundaries."""
    lengths = [len(line.rstrip()) for line in text.split("\n") if line.strip()]
    if len(lengths) < 4 or max(lengths) > 100:
        return False
    return sum(40 <= n <= 90 for n in lengths) >= 0.6 * len(lengths)


def unwrap(text: str) -> str:
    """Join hard-wrapped lines by turning their line breaks into spaces (offsets stay the same).

    A blank line or an indented line still starts a new paragraph.
    """
    chars = list(text)
    for i, ch in enumerate(text):
        if ch != "\n" or i == 0 or i + 1 >= len(text):
            continue
        if text[i - 1] == "\n" or text[i + 1] in "\n \t":
            continue
        chars[i] = " "
    return "".join(chars)


def lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """Non-empty lines as (start, end, stripped text), offsets into `text`."""
    found = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + raw.index(stripped)
            found.append((start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return found


def is_headline(line: str) -> bool:
    return len(line) <= 200 and not line.endswith((".", ":", ";", ",")) and len(line.split()) >= 2


def analyse(raw: RawArticle, published: str | None = None) -> Document:
    """Build the `Document` with its sections from a `RawArticle`."""
    text = unwrap(raw.text) if is_hard_wrapped(raw.text) else raw.text
    lines = lines_with_offsets(text)
    sections: list[Section] = []
    title = raw.title
    credit = caption = dateline = None
    source = raw.source
    body_from = 0

    index = 0
    if lines and (lines[0][2] == (title or "").strip() or (title is None and is_headline(lines[0][2]) and len(lines) > 1)):
        start, end, line = lines[0]
        title = line
        sections.append(Section("title", start, end))
        index = 1
        body_from = end

    dateline_at = next((i for i in range(index, min(len(lines), index + 6)) if DATELINE.match(lines[i][2])), None)
    lead_limit = dateline_at if dateline_at is not None else min(len(lines), index + 3)
    for i in range(index, lead_limit):
        start, end, line = lines[i]
        if credit is None and len(line) < 200 and CREDIT.search(line) and not line.endswith("."):  # bounded search
            credit = line
            sections.append(Section("credit", start, end))
            body_from = max(body_from, end)
        elif caption is None and (credit is not None or dateline_at is not None) and (
            credit is not None or TRAILING_DATE.search(line)
        ):
            caption = line
            sections.append(Section("caption", start, end))
            body_from = max(body_from, end)

    if dateline_at is not None:
        start, end, line = lines[dateline_at]
        match = DATELINE.match(line)
        dateline = match.group("place").strip()
        source = source or (match.group("source").strip() if match.group("source") else None)
        sections.append(Section("dateline", start, start + match.end()))
        body_from = start + match.end()

    body_start = next((s for s, _, _ in lines if s >= body_from), len(text)) if dateline is None else body_from
    sections.append(Section("body", body_start, max(body_start, len(text.rstrip()))))  # whitespace only: empty
    sections.sort(key=lambda s: s.start)
    return Document(
        id=raw.id,
        text=text,
        title=title,
        source=source,
        author=raw.author,
        dateline=dateline,
        published=published or raw.published,
        credit=credit,
        caption=caption,
        url=raw.url,
        origin=raw.origin,
        sections=sections,
    )
