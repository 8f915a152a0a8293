"""`serve --watch feeds.txt --every 15m`: the server process polls RSS/Atom feeds and stores new articles.

The server is the store's one writer (see `access`), so polling happens inside it, on a thread of its own,
and readers go on querying while a batch is written (they see it once it commits). A feed is fetched with a
conditional GET: the ETag and Last-Modified of its last answer are sent back, and a 304 costs nothing more.
Articles already stored are not fetched again (`fetch_feed`'s rule); each new article is extracted with the
server's pipeline and stored; failures are logged and recorded in the store's errors table and never stop
the watcher. The feeds file is read at every round, so feeds can be added or removed while it runs.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from eventwire.errors import DocumentError, InputError
from eventwire.ingest.batch import Summary
from eventwire.ingest.feeds import (
    TIMEOUT,
    USER_AGENT,
    Fetcher,
    feed_articles,
    parse_feed,
)
from eventwire.ingest.reading import RawArticle
from eventwire.server.access import StoreAccess

log = logging.getLogger(__name__)
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
SHORTEST = 10.0
"""Seconds: the least time between two polls of the same feeds (feeds are other people's servers)."""


def parse_interval(text: str, shortest: float = SHORTEST) -> float:
    """Seconds in '15m', '1h', '90s' or '90'; ValueError with the reason otherwise."""
    match = INTERVAL.match(text)
    if not match:
        raise ValueError(f"'{text}' is not an interval such as 15m, 1h or 90s")
    seconds = float(match.group(1)) * UNITS[match.group(2) or "s"]
    if seconds < shortest:
        raise ValueError(f"'{text}' is shorter than {shortest:g} s; poll feeds less often")
    return seconds


def read_feed_list(path: Path) -> list[str]:
    """The feed URLs of a feeds file: one a line, blank lines and # comments ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(str(path), f"cannot be read ({err.strerror})") from None
    urls = [line.split("#", 1)[0].strip() for line in lines]
    bad = [u for u in urls if u and not u.startswith(("http://", "https://"))]
    if bad:
        raise InputError(str(path), f"'{bad[0]}' is not an http(s) URL (one feed URL a line)")
    return [u for u in urls if u]


@dataclass
class Round(Summary):
    """What one poll of every feed did: an ingest's counts, and how many feeds had not changed."""

    feeds: int = 0
    not_modified: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.feeds} feeds ({self.not_modified} unchanged): {super().line()}"


class FeedWatcher:
    def __init__(self, feeds_file: Path, every: float, access: StoreAccess, extract_many,
                 fetcher: Fetcher | None = None):
        read_feed_list(feeds_file)  # a bad file is refused at start, not found out a round later
        self.feeds_file = feeds_file
        self.every = every
        self.access = access
        self.extract_many = extract_many
        self.fetcher = fetcher or Fetcher()
        self.client = httpx.Client(timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT})
        self.validators: dict[str, dict[str, str]] = {}
        """Per feed URL, the headers of its last answer to send back (If-None-Match, If-Modified-Since)."""
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        self.rounds = 0
        self.last: Round | None = None

    def poll(self) -> Round:
        """Fetch every feed once and store its new articles."""
        result, started = Round(), time.monotonic()
        try:
            urls = read_feed_list(self.feeds_file)
        except InputError as err:
            result.problems.append(str(err))
            log.warning("watch: %s", err)
            return result
        for url in urls:
            result.feeds += 1
            try:
                data = self._fetch_feed(url)
            except InputError as err:
                self._fail(result, err)
                continue
            if data is None:
                result.not_modified += 1
                continue
            try:
                parsed = parse_feed(data, url)
            except InputError as err:
                self._fail(result, err)
                continue
            self._store(feed_articles(parsed, url, self.fetcher, self.access.is_stored), result)
        result.seconds = time.monotonic() - started
        self.rounds += 1
        self.last = result
        log.info("watch: %s", result.line())
        return result

    def _fetch_feed(self, url: str) -> bytes | None:
        """The feed's bytes, or None when it has not changed since the last poll."""
        try:
            response = self.client.get(url, headers=self.validators.get(url, {}))
        except httpx.HTTPError as err:
            raise InputError(url, f"unreachable ({type(err).__name__})") from None
        if response.status_code == 304:
            return None
        if response.status_code >= 400:
            raise InputError(url, f"HTTP {response.status_code}")
        validators = {}
        if response.headers.get("etag"):
            validators["If-None-Match"] = response.headers["etag"]
        if response.headers.get("last-modified"):
            validators["If-Modified-Since"] = response.headers["last-modified"]
        self.validators[url] = validators
        return response.content

    def _store(self, items, result: Round) -> None:
        raws: list[RawArticle] = []
        for item in items:
            if isinstance(item, str):
                result.skipped += 1
            elif isinstance(item, InputError):
                self._fail(result, item)
            else:
                raws.append(item)
        if not raws:
            return
        records = []
        for item in self.extract_many(raws):
            if isinstance(item, DocumentError):  # refused, or a stage failed on it
                self._fail(result, item)
            else:
                records.append(item.to_dict())
        stored = self.access.write(records) if records else []
        result.stored += sum(stored)
        result.skipped += len(stored) - sum(stored)

    def _fail(self, result: Round, err: DocumentError) -> None:
        result.failed += 1
        result.problems.append(str(err))
        log.warning("watch: %s", err)
        if self.access.writer is not None:
            with self.access.write_lock:
                self.access.writer.record_error(err.origin, err.problem)

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="eventwire-watch", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.poll()
            except Exception:  # the watcher must outlive any one bad round
                log.exception("watch: a polling round failed")
            self.stopping.wait(self.every)

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=30)
        self.client.close()
        self.fetcher.close()
