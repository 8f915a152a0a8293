"""`serve --watch`: the server process polls feeds with conditional GETs and stores new articles while readers read."""

from __future__ import annotations

import threading
import time
import warnings
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from store_helpers import FIXTURES_STORE

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from eventwire.ingest.feeds import Fetcher
from eventwire.ingest.reading import InputError
from eventwire.server.access import StoreAccess
from eventwire.server.app import PipelineHolder, create_app
from eventwire.server.watch import FeedWatcher, parse_interval, read_feed_list


class ConditionalFeeds(BaseHTTPRequestHandler):
    """A feed that answers 304 to a request carrying its current ETag; its articles; one link that is gone."""

    etag = '"v1"'
    hits: Counter = Counter()
    conditional: list = []
    files = {"/feed.xml": "server/feed.xml", "/relief.html": "articles/relief-geneva.html",
             "/rescue.html": "server/rescue.html"}

    def do_GET(self):
        cls = type(self)
        cls.hits[self.path] += 1
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/feed.xml":
            cls.conditional.append(self.headers.get("If-None-Match"))
            if self.headers.get("If-None-Match") == cls.etag:
                self.send_response(304)
                self.end_headers()
                return
        if self.path in self.files:
            body, status = (FIXTURES_STORE / self.files[self.path]).read_text().replace("{base}", base).encode(), 200
        else:
            body, status = b"not found", 404
        self.send_response(status)
        if self.path == "/feed.xml":
            self.send_header("ETag", cls.etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feeds(tmp_path):
    ConditionalFeeds.etag, ConditionalFeeds.hits, ConditionalFeeds.conditional = '"v1"', Counter(), []
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
        assert ConditionalFeeds.hits["/rescue.html"] == 1  # a stored article is not fetched again
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
