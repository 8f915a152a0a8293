"""`serve --watch`: the server process polls feeds with conditional GETs and stores new articles while readers read."""

from __future__ import annotations

import threading
import time
import warnings
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from test_ingest import FeedServer

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from eventwire.errors import InputError
from eventwire.ingest.feeds import Fetcher
from eventwire.server.access import StoreAccess
from eventwire.server.app import PipelineHolder, create_app
from eventwire.server.watch import FeedWatcher, parse_interval, read_feed_list


class ConditionalFeeds(FeedServer):
    """The ingest tests' feed server (a feed, its articles, one link that is gone) whose feed carries an ETag and
    answers 304 to a request that sends the current one back."""

    etag = '"v1"'
    conditional: ClassVar[list] = []

    def do_GET(self):
        if self.path == "/feed.xml":
            ConditionalFeeds.conditional.append(self.headers.get("If-None-Match"))
            if self.headers.get("If-None-Match") == ConditionalFeeds.etag:
                FeedServer.hits[self.path] += 1
                self.send_response(304)
                BaseHTTPRequestHandler.end_headers(self)
                return
        super().do_GET()

    def end_headers(self):
        if self.path == "/feed.xml":
            self.send_header("ETag", ConditionalFeeds.etag)
        super().end_headers()


@pytest.fixture
def feeds(tmp_path):
    ConditionalFeeds.etag, ConditionalFeeds.conditional = '"v1"', []
    FeedServer.hits, FeedServer.agents = Counter(), set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ConditionalFeeds)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# the loopback test feed\nhttp://127.0.0.1:{httpd.server_port}/feed.xml\n\n")
    yield listing
    httpd.shutdown()
    httpd.server_close()


def test_feeds_are_polled_conditionally_and_only_new_articles_are_fetched(feeds, tmp_path, pipeline):
    access = StoreAccess(tmp_path / "watch.duckdb", writable=True)
    watcher = FeedWatcher(feeds, 60, access, PipelineHolder(pipeline).extract_many, fetcher=Fetcher(delay=0, retries=0))
    try:
        first = watcher.poll()
        assert (first.feeds, first.stored, first.failed, first.not_modified) == (1, 2, 1, 0)
        assert any("gone.html: HTTP 404" in problem for problem in first.problems)
        assert access.one("SELECT count(*) AS n FROM documents")["n"] == 2
        unchanged = watcher.poll()
        assert (unchanged.not_modified, unchanged.stored) == (1, 0)
        assert ConditionalFeeds.conditional == [None, '"v1"']
        ConditionalFeeds.etag = '"v2"'
        changed = watcher.poll()
        assert (changed.not_modified, changed.stored, changed.skipped) == (0, 0, 2)
        assert FeedServer.hits["/rescue.html"] == 1  # a stored article is not fetched again
        assert access.one("SELECT count(*) AS n FROM errors")["n"] == 1
    finally:
        watcher.stop()
        access.close()


def test_the_server_stores_what_it_watches_while_readers_query(feeds, tmp_path, pipeline):
    def start(app):
        watcher = FeedWatcher(feeds, 3600, app.state.access, app.state.pipeline.extract_many,
                              fetcher=Fetcher(delay=0, retries=0))
        watcher.start()
        return watcher.stop

    from eventwire.store.writer import Writer

    db = tmp_path / "served.duckdb"
    Writer(db).close()
    with TestClient(create_app(db, writable=True, pipeline=pipeline, on_start=start)) as client:
        deadline = time.monotonic() + 120
        seen = []
        while time.monotonic() < deadline:
            response = client.get("/api/documents")
            assert response.status_code == 200  # never "database is locked"
            seen.append(len(response.json()["items"]))
            if seen[-1] == 2:
                break
            time.sleep(0.1)
        assert seen[-1] == 2 and seen == sorted(seen)
        assert client.post("/api/documents", json={"text": "x"}).status_code == 403  # watching is not ingest


def test_bad_feed_lists_and_intervals_are_refused_clearly(tmp_path):
    listing = tmp_path / "feeds.txt"
    listing.write_text("https://example.org/rss\nexample.org/atom\n")
    with pytest.raises(InputError, match="'example.org/atom' is not an http"):
        read_feed_list(listing)
    with pytest.raises(InputError, match="cannot be read"):
        read_feed_list(tmp_path / "missing.txt")
    assert parse_interval("15m") == 900 and parse_interval("1h") == 3600 and parse_interval("90") == 90
    for bad in ("soon", "5s", "-1m"):
        with pytest.raises(ValueError):
            parse_interval(bad)
