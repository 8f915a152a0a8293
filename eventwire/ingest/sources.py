"""Expand the PATHs given to `eventwire ingest` and `eventwire extract` into articles.

A folder is walked recursively (in name order) for the kinds below; a file named explicitly is read
whatever its name. Kinds, by file name:
  *.jsonl                    a corpus, one {"id"?, "text", "title"?, "published"?, "url"?} a line
  *.xml, *.rss, *.atom       an RSS or Atom feed file: each entry is an article (its content or summary)
  *.html, *.htm, *.xhtml     a web page: the article in it, through trafilatura
  anything else              by its content (`sniff`): a corpus when it starts with "{", a feed when it starts
                             as RSS or Atom XML, else plain text or an HTML page (a folder walk only picks up
                             *.txt and *.text among these)
  -                          standard input, by its content as above
Every problem is an `InputError` naming the item; the expansion goes on with the next one.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from eventwire.ingest.reading import (
    BYTES_PER_CHAR,
    MAX_CHARS,
    InputError,
    RawArticle,
    Repeated,
    jsonl_articles,
    read_jsonl,
    read_path,
    read_stream,
)
from eventwire.suggest import either

JSONL = {".jsonl"}
FEEDS = {".xml", ".rss", ".atom"}
PAGES = {".html", ".htm", ".xhtml"}
TEXTS = {".txt", ".text"}
WALKED = sorted(JSONL | FEEDS | PAGES | TEXTS)
"""The names a folder walk picks up."""


def collect(paths: Iterable[Path]) -> list[Path | InputError]:
    """The files to read, folders expanded recursively; missing paths become errors."""
    found: list[Path | InputError] = []
    for path in paths:
        if str(path) == "-":  # standard input, read by its content
            found.append(path)
        elif path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and kind(p) != "other"
                            and not p.name.startswith("."))
            found.extend(inside or [InputError(str(path), f"a folder without any {either(WALKED)} file")])
        elif path.exists():
            found.append(path)
        else:
            found.append(InputError(str(path), "no such file or folder"))
    return found


def kind(path: Path) -> str:
    """The kind a file's name says: what a folder walk picks up ("other" is left out)."""
    suffix = path.suffix.lower()
    for name, suffixes in (("jsonl", JSONL), ("feed", FEEDS), ("page", PAGES), ("text", TEXTS)):
        if suffix in suffixes:
            return name
    return "other"


def reading_kind(path: Path) -> str:
    """How a file is read: as its name says for a corpus, feed or page, else as its first bytes say (`sniff`)."""
    named = kind(path)
    if named in ("jsonl", "feed", "page"):
        return named
    try:
        with path.open("rb") as stream:
            return sniff(stream.read(SNIFF_BYTES))
    except OSError:  # the reader says why it cannot be read
        return named


SNIFF_BYTES = 2048
"""Bytes of a file's start that `sniff` looks at (an XML declaration and comments come before a feed's root)."""
FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


def sniff(head: bytes) -> str:
    """"jsonl" for data that starts with a JSON object, "feed" for RSS or Atom XML, else "text" (plain text or an
    HTML page: the text reader tells those apart)."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(FEED_ROOTS) or start.startswith(b"<?xml") and any(root in start for root in FEED_ROOTS):
        return "feed"
    return "text"


def estimate(files: list[Path | InputError]) -> int:
    """About how many articles the files hold (lines of a corpus, entries of a feed), for a progress bar; a file
    that cannot be read counts one (its reader reports it)."""
    total = 0
    for item in files:
        if isinstance(item, InputError) or str(item) == "-":
            total += 1
            continue
        try:
            found = reading_kind(item)
            if found == "jsonl":
                total += count_lines(item)
            elif found == "feed":
                data = item.read_bytes()
                total += max(1, data.count(b"<item") + data.count(b"<entry"))
            else:
                total += 1
        except OSError:
            total += 1
    return total


def count_lines(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for line in stream if line.strip())


def articles(files: list[Path | InputError], max_chars: int = MAX_CHARS) -> Iterator[RawArticle | InputError | Repeated]:
    """Every article of the files in order, the error that stopped one, or a corpus line that repeats another."""
    for item in files:
        if isinstance(item, InputError):
            yield item
        elif str(item) == "-":
            yield from stream_articles(sys.stdin.buffer, "<stdin>", max_chars)
        elif (found := reading_kind(item)) == "jsonl":
            yield from read_jsonl(item, max_chars)
        elif found == "feed":
            from eventwire.ingest.feeds import read_feed_file  # feedparser and httpx only for feeds

            yield from read_feed_file(item, max_chars)
        else:
            try:
                yield read_path(item, max_chars)
            except InputError as err:
                yield err


def stream_articles(stream: BinaryIO, origin: str, max_chars: int = MAX_CHARS) -> Iterator[RawArticle | InputError | Repeated]:
    """The articles of a stream read once (standard input), by its content (`sniff`): a corpus is read line by
    line, never held whole."""
    head = stream.read(SNIFF_BYTES)
    whole = io.BufferedReader(Prefixed(head, stream))
    found = sniff(head)
    if found == "jsonl":
        yield from jsonl_articles(whole, origin, max_chars)
    elif found == "feed":
        from eventwire.ingest.feeds import feed_file_articles

        data = whole.read(BYTES_PER_CHAR * max_chars + 1)
        if len(data) > BYTES_PER_CHAR * max_chars:
            yield InputError(origin, f"too large (more than {BYTES_PER_CHAR * max_chars:,} bytes); split the feed")
            return
        yield from feed_file_articles(data, origin, max_chars)
    else:
        try:
            yield read_stream(whole, origin, max_chars)
        except InputError as err:
            yield err


class Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read (`head`) and the stream they came from, read as one."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.head[:len(buffer)] if self.head else getattr(self.rest, "read1", self.rest.read)(len(buffer))
        self.head = self.head[len(data):]
        buffer[:len(data)] = data
        return len(data)
