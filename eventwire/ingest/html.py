"""Main text and metadata of an HTML page, through trafilatura."""

from __future__ import annotations

from typing import Any

import trafilatura

from eventwire.ingest.reading import InputError, RawArticle, check_text, text_id

MIN_ARTICLE_WORDS = 12
"""A page whose main text is shorter (a login form, a menu) holds no article."""


def main_text(html: str, url: str | None = None) -> tuple[str | None, Any]:
    """The article body of a page (None when there is none) and trafilatura's metadata for it."""
    extracted = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_precision=False
    )
    body = getattr(extracted, "text", None) if extracted is not None else None
    return (body if body and len(body.split()) >= MIN_ARTICLE_WORDS else None), extracted


def read_html(html: str, origin: str, url: str | None = None, max_chars: int | None = None) -> RawArticle:
    """The article in a page: title, date, site name and body; a page with none is refused."""
    body, extracted = main_text(html, url)
    if body is None:
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
        author=getattr(extracted, "author", None),
    )
