"""What the Python API accepts as one article, turned into a `RawArticle`.

    RawArticle                        as it is
    dict                              {"text", "title"?, "published"?, "url"?, "id"?}
    pathlib.Path                      a text or HTML file
    str starting with "<html" or "<!doctype html"   an HTML page (its article is extracted)
    str naming an existing file (one line)           that file
    any other str                                    the article's text

Every refusal is an `InputError` with the message the CLI prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.ingest.reading import (
    MAX_CHARS,
    RawArticle,
    check_text,
    looks_like_html,
    read_path,
    record_article,
    text_id,
)

Source = RawArticle | dict[str, Any] | Path | str
MAX_PATH = 4096
"""Longest string tried as a file name."""


def as_article(source: Source, origin: str | None = None, max_chars: int = MAX_CHARS) -> RawArticle:
    """`source` as one article; `origin` names it in error messages ("<string>", "<dict>" by default)."""
    if isinstance(source, RawArticle):
        return source
    if isinstance(source, dict):
        return record_article(source, origin or "<dict>", max_chars)
    if isinstance(source, Path):
        return read_path(source, max_chars)
    if not isinstance(source, str):
        raise InputError(origin or "<input>", f"cannot read a {type(source).__name__}: give a str, dict or Path")
    if looks_like_html(source):
        from eventwire.ingest.html import read_html

        return read_html(source, origin or "<html>", max_chars=max_chars)
    if len(source) < MAX_PATH and "\n" not in source and source.strip() and names_file(source):
        return read_path(Path(source), max_chars)
    text = check_text(source, origin or "<string>", max_chars)
    return RawArticle(id=text_id(text), text=text, origin=origin or "<string>")


def names_file(text: str) -> bool:
    """Whether `text` is the name of an existing file (a name the system refuses is not)."""
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False
