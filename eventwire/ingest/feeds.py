"""RSS and Atom feeds (feedparser): feed files on disk, and feeds fetched over HTTP with their articles.

A feed file's entries are articles in themselves (their full content, else their summary). A fetched
feed's entries point to pages: each page is fetched and read like any HTML page, and its publication
date, when the page has none, comes from the feed entry. Fetching is polite and patient: a user agent
that says who we are, a pause between requests to the same host, timeouts, a few retries with back-off
on network errors and 429/5xx answers.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import feedparser
import httpx
import lxml.html

from eventwire.ingest.reading import MAX_CHARS, InputError, RawArticle, check_text, decode, text_id

USER_AGENT = "eventwire/0.1 (+offline news event coder)"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
RETRIES = 3
BACKOFF_SECONDS = 1.0
DELAY_SECONDS = 1.0
"""Pause between two requests to the same host."""
BLOCK_TAGS = re.compile(r"(?i)<(?:/?(?:p|div|li|h[1-6]|blockquote|tr|section|article)\b[^>]*|br\s*/?)>")


def parse_feed(data: bytes, origin: str) -> Any:
    """The parsed feed, or an InputError when the data is not an RSS/Atom feed."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = getattr(parsed, "bozo_exception", None)
        reason = f" ({str(problem).splitlines()[0]})" if problem else ""
        raise InputError(origin, f"not an RSS or Atom feed, or a feed with no entries{reason}")
    return parsed


def entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (an entry's content), one paragraph a line."""
    if "<" not in html:
        return html.strip()
    root = lxml.html.fragment_fromstring(BLOCK_TAGS.sub("\n", html), create_parent="div")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def entry_article(entry: Any, origin: str, feed_title: str | None, max_chars: int) -> RawArticle:
    """An entry of a feed file as an article: its title, then its content or summary."""
    content = entry.get("content") or []
    body = fragment_text(content[0].get("value", "") if content else entry.get("summary", ""))
    title = entry.get("title")
    text = f"{title}\n\n{body}" if title and body and not body.startswith(title) else body
    text = check_text(text, origin, max_chars)
    link = entry.get("link")
    return RawArticle(id=link or text_id(text), text=text, origin=origin, title=title, published=entry_date(entry),
                      url=link, source=feed_title, author=entry.get("author"))


def read_feed_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[RawArticle | InputError]:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        yield InputError(origin, f"cannot be read ({err.strerror})")
        return
    yield from feed_file_articles(data, origin, max_chars)


def feed_file_articles(data: bytes, origin: str, max_chars: int = MAX_CHARS) -> Iterator[RawArticle | InputError]:
    """The entries of a feed file's bytes (a file, standard input), each an article named `origin#N`."""
    try:
        parsed = parse_feed(decode(data, origin).encode("utf-8"), origin)
    except InputError as err:
        yield err
        return
    feed_title = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        entry_origin = f"{origin}#{number}"
        try:
            yield entry_article(entry, entry_origin, feed_title, max_chars)
        except InputError as err:
            yield err


class Fetcher:
    """GET with a polite user agent, timeouts, retries and a pause between requests to the same host;
    failures are InputErrors naming the URL."""

    def __init__(self, timeout: httpx.Timeout = TIMEOUT, retries: int = RETRIES, backoff: float = BACKOFF_SECONDS,
                 delay: float = DELAY_SECONDS):
        self.client = httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})
        self.retries = retries
        self.backoff = backoff
        self.delay = delay
        self.last_request: dict[str, float] = {}

    def get(self, url: str) -> bytes:
        problem = "unknown error"
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_for_turn(url)
            try:
                response = self.client.get(url)
            except httpx.HTTPError as err:
                problem = f"unreachable ({type(err).__name__}: {err})" if str(err) else f"unreachable ({type(err).__name__})"
                continue
            if response.status_code == 429 or response.status_code >= 500:
                problem = f"HTTP {response.status_code}"
                continue
            if response.status_code >= 400:
                raise InputError(url, f"HTTP {response.status_code}")
            return response.content
        raise InputError(url, f"{problem} after {self.retries + 1} attempts")

    def _wait_for_turn(self, url: str) -> None:
        host = urlparse(url).netloc
        wait = self.last_request.get(host, -self.delay) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last_request[host] = time.monotonic()

    def close(self) -> None:
        self.client.close()


def fetch_feed(url: str, fetcher: Fetcher, is_stored: Callable[[str], bool],
               max_chars: int = MAX_CHARS) -> Iterator[RawArticle | InputError | str]:
    """The articles a feed links to, fetched; a link already stored comes out as its URL string, unfetched."""
    try:
        parsed = parse_feed(fetcher.get(url), url)
    except InputError as err:
        yield err
        return
    yield from feed_articles(parsed, url, fetcher, is_stored, max_chars)


def feed_articles(parsed: Any, url: str, fetcher: Fetcher, is_stored: Callable[[str], bool],
                  max_chars: int = MAX_CHARS) -> Iterator[RawArticle | InputError | str]:
    """The articles a parsed feed (fetched from `url`) links to, as `fetch_feed` yields them."""
    from eventwire.ingest.html import read_html

    feed_title = parsed.feed.get("title")
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            yield InputError(f"{url} entry '{entry.get('title', '?')}'", "has no link to an article")
            continue
        if is_stored(link):
            yield link
            continue
        try:
            page = read_html(decode(fetcher.get(link), link), link, url=link, max_chars=max_chars)
        except InputError as err:
            yield err
            continue
        page.published = page.published or entry_date(entry)
        page.title = page.title or entry.get("title")
        page.source = page.source or feed_title
        page.author = page.author or entry.get("author")
        yield page
