"""Main text and metadata of an HTML page, through trafilatura."""

from __future__ import annotations

import trafilatura

from eventwire.ingest.reading import InputError, RawArticle, check_text, text_id


def read_html(html: str, origin: str, url: str | None = None, max_chars: int | None = None) -> RawArticle:
    """The article in a page: title, date, site name and body; a page with none is refused."""
    extracted = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_precision=False
    )
    body = getattr(extracted, "text", None) if extracted is not None else None
    if not body or not body.strip():
        raise InputError(origin, "HTML page with no article text")
    title = getattr(extracted, "title", None)
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    text = check_text(text, origin, max_chars) if max_chars else check_text(text, origin)
    return RawArticle(
        id=url or text_id(text),
        text=text,
        origin=origin,
        title=title,
        published=getattr(extracted, "date", None),
        url=url or getattr(extracted, "url", None),
        source=getattr(extracted, "sitename", None),
    )
