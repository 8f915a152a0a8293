"""Expand the PATHs given to `eventwire ingest` into articles.

A folder is walked recursively (in name order) for the kinds below; a file named explicitly is read
whatever its name. Kinds, by file name:
  *.jsonl                    a corpus, one {"id"?, "text", "title"?, "published"?, "url"?} a line
  *.xml, *.rss, *.atom       an RSS or Atom feed file: each entry is an article (its content or summary)
  *.html, *.htm, *.xhtml     a web page: the article in it, through trafilatura
  anything else              plain text (a folder walk only picks up *.txt and *.text)
  -                          standard input: one text or HTML article
Every problem is an `InputError` naming the item; the expansion goes on with the next one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from eventwire.ingest.reading import MAX_CHARS, InputError, RawArticle, read_jsonl, read_path, read_stdin

JSONL = {".jsonl"}
FEEDS = {".xml", ".rss", ".atom"}
PAGES = {".html", ".htm", ".xhtml"}
TEXTS = {".txt", ".text"}


def collect(paths: Iterable[Path]) -> list[Path | InputError]:
    """The files to read, folders expanded recursively; missing paths become errors."""
    found: list[Path | InputError] = []
    for path in paths:
        if str(path) == "-":  # standard input: one article
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and kind(p) != "other"
                                and not p.name.startswith(".")))
        elif path.exists():
            found.append(path)
        else:
            found.append(InputError(str(path), "no such file or folder"))
    return found


def kind(path: Path) -> str:
    suffix = path.suffix.lower()
    for name, suffixes in (("jsonl", JSONL), ("feed", FEEDS), ("page", PAGES), ("text", TEXTS)):
        if suffix in suffixes:
            return name
    return "other"


def estimate(files: list[Path | InputError]) -> int:
    """About how many articles the files hold (lines of a corpus, entries of a feed), for a progress bar."""
    total = 0
    for item in files:
        if isinstance(item, InputError):
            total += 1
        elif kind(item) == "jsonl":
            total += count_lines(item)
        elif kind(item) == "feed":
            data = item.read_bytes()
            total += max(1, data.count(b"<item") + data.count(b"<entry"))
        else:
            total += 1
    return total


def count_lines(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for line in stream if line.strip())


def articles(files: list[Path | InputError], max_chars: int = MAX_CHARS) -> Iterator[RawArticle | InputError]:
    """Every article of the files in order, or the error that stopped one."""
    for item in files:
        if isinstance(item, InputError):
            yield item
        elif kind(item) == "jsonl":
            yield from read_jsonl(item, max_chars)
        elif kind(item) == "feed":
            from eventwire.ingest.feeds import read_feed_file  # feedparser and httpx only for feeds

            yield from read_feed_file(item, max_chars)
        else:
            try:
                yield read_stdin(max_chars) if str(item) == "-" else read_path(item, max_chars)
            except InputError as err:
                yield err
