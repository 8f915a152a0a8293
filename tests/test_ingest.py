"""`eventwire ingest`: folders, corpora, pages and feeds into the store; bad input; kills; parallel workers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from store_helpers import FIXTURES_STORE
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.ingest import batch
from eventwire.ingest.feeds import Fetcher, fetch_feed
from eventwire.ingest.reading import InputError
from eventwire.store.search import index_path

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("documents", "actors", "actor_aliases", "entities", "mentions", "events", "errors")
CITIES = ["Nairobi", "Lima", "Hanoi", "Oslo", "Dakar", "Quito", "Manila", "Accra", "Lisbon", "Tunis"]


@pytest.fixture
def cli(pipeline, monkeypatch):
    """Run the CLI in this process with the session's pipeline (spaCy loads once)."""
    monkeypatch.setattr(batch, "_pipeline", pipeline)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run


def table_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_folder_is_ingested_recursively_and_bad_items_are_named(cli, tmp_path):
    db = tmp_path / "news.duckdb"
    result = cli("ingest", str(FIXTURES_STORE / "articles"), str(FIXTURES_STORE / "bad"), str(tmp_path / "missing.txt"),
                 "--db", str(db), "--workers", "1")
    assert result.exit_code == 1
    for named in ("corpus.jsonl:2: not JSON", "corpus.jsonl:3: lacks a 'text' string", "not-a-feed.rss: not an RSS",
                  "no-article.html: HTML page with no article text", "missing.txt: no such file"):
        assert named in result.stderr
    assert "6 stored, 0 already stored, 5 failed" in result.stderr
    documents = dict(query(db, "SELECT coalesce(url, id), CAST(published AS VARCHAR) FROM documents"))
    assert documents["https://wire.example.net/2024/08/kenya-tanzania-trade"] == "2024-08-13"   # feed entry date
    assert documents["https://news.example.org/2024/10/chile-quake"] == "2024-10-05"            # corpus line date
    assert "2024-09-03" in documents.values()                                                  # the page's own date
    assert len(query(db, "SELECT * FROM errors")) == 5
    assert query(db, "SELECT author, source FROM documents WHERE author IS NOT NULL") == [("Jane Doe", "Example News")]
    before = table_counts(db)
    again = cli("ingest", str(FIXTURES_STORE / "articles"), "--db", str(db), "--workers", "1",
                "--published", "2024-01-01")
    assert "0 stored, 6 already stored, 2 failed" in again.stderr
    assert table_counts(db) == before


def test_published_option_fills_only_missing_dates(cli, tmp_path):
    db = tmp_path / "news.duckdb"
    cli("ingest", str(FIXTURES_STORE / "articles" / "talks-seoul.txt"), str(FIXTURES_STORE / "articles" / "agency.xml"),
        "--db", str(db), "--published", "2024-12-09", "--workers", "1")
    dates = sorted(r[0] for r in query(db, "SELECT CAST(published AS VARCHAR) FROM documents"))
    assert dates == ["2024-08-13", "2024-09-18", "2024-12-09"]


class FeedServer(BaseHTTPRequestHandler):
    hits: Counter = Counter()
    agents: set = set()

    def do_GET(self):  # noqa: N802 (http.server's name)
        FeedServer.hits[self.path] += 1
        FeedServer.agents.add(self.headers.get("User-Agent"))
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/flaky.xml" and FeedServer.hits[self.path] == 1:
            self.path = "/busy"
        files = {"/feed.xml": "server/feed.xml", "/flaky.xml": "server/feed.xml", "/relief.html": "articles/relief-geneva.html",
                 "/rescue.html": "server/rescue.html"}
        if self.path == "/not-xml.rss":
            body, status = b"<<< this is not a feed >>>", 200
        elif self.path in files:
            body = (FIXTURES_STORE / files[self.path]).read_text().replace("{base}", base).encode()
            status = 200
        elif self.path == "/busy":
            body, status = b"try again later", 503
        else:
            body, status = b"not found", 404
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    FeedServer.hits, FeedServer.agents = Counter(), set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_a_feed_is_fetched_with_its_articles_and_not_fetched_twice(cli, tmp_path, server):
    db = tmp_path / "feeds.duckdb"
    result = cli("ingest", "--feed", f"{server}/feed.xml", f"{server}/not-xml.rss", "--db", str(db), "--workers", "1",
                 "--delay", "0.05")
    assert f"{server}/gone.html: HTTP 404" in result.stderr
    assert f"{server}/not-xml.rss: not an RSS or Atom feed" in result.stderr
    documents = dict(query(db, "SELECT url, CAST(published AS VARCHAR) FROM documents"))
    assert documents == {f"{server}/relief.html": "2024-09-03",    # from the page
                         f"{server}/rescue.html": "2024-10-29"}    # the page has none: from the feed entry
    fetched = FeedServer.hits.copy()
    cli("ingest", "--feed", f"{server}/feed.xml", "--db", str(db), "--workers", "1", "--delay", "0.05")
    assert FeedServer.hits["/relief.html"] == fetched["/relief.html"] == 1
    assert FeedServer.hits["/feed.xml"] == 2


def test_fetching_retries_a_busy_server_and_says_who_it_is(server):
    items = list(fetch_feed(f"{server}/flaky.xml", Fetcher(retries=2, backoff=0, delay=0), lambda link: False))
    assert FeedServer.hits["/flaky.xml"] == 2
    assert sum(1 for item in items if not isinstance(item, InputError)) == 2
    assert FeedServer.agents == {"eventwire/0.1 (+offline news event coder)"}


def test_an_unreachable_url_is_an_error_naming_it(tmp_path):
    with socket_closed_port() as port:
        url = f"http://127.0.0.1:{port}/feed.xml"
        fetcher = Fetcher(retries=1, backoff=0, delay=0)
        items = list(fetch_feed(url, fetcher, lambda link: False))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].origin == url and "unreachable" in items[0].problem and "after 2 attempts" in items[0].problem


class socket_closed_port:
    """A loopback port with nothing listening on it."""

    def __enter__(self) -> int:
        import socket

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        sock.close()
        return self.port

    def __exit__(self, *exc):
        return False


def test_a_store_locked_by_another_process_is_reported(tmp_path):
    db = tmp_path / "locked.duckdb"
    holder = duckdb.connect(str(db))
    try:
        result = subprocess.run([sys.executable, "-m", "eventwire.cli", "ingest",
                                 str(FIXTURES_STORE / "articles" / "talks-seoul.txt"), "--db", str(db)],
                                capture_output=True, text=True, env=env(), timeout=120)
    finally:
        holder.close()
    assert result.returncode == 1
    assert "locked.duckdb: database is locked by process" in result.stderr


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def write_articles(folder: Path, count: int) -> Path:
    folder.mkdir(exist_ok=True)
    for number in range(count):
        city = CITIES[number % len(CITIES)]
        (folder / f"{number:03d}.txt").write_text(
            f"Report {number}: officials in {city} met foreign envoys\n\n"
            f"{city.upper()} (Reuters) - Officials in {city} met envoys from {CITIES[(number + 3) % 10]} on day "
            f"{number} of the talks and agreed to meet again, the foreign ministry said in statement number {number}.\n")
    return folder


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory) -> Path:
    return write_articles(tmp_path_factory.mktemp("many"), 60)


@pytest.mark.slow
def test_an_ingest_killed_midway_finishes_when_run_again(tmp_path, cli):
    articles = write_articles(tmp_path / "articles", 200)  # more than one transaction's worth (WRITE_BATCH)
    db = tmp_path / "killed.duckdb"
    process = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "ingest", str(articles), "--db", str(db),
                                "--workers", "1"], env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored_when_killed = wait_for_documents(db, 5, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < stored_when_killed < 200
    cli("ingest", str(articles), "--db", str(db), "--workers", "1")
    clean = tmp_path / "clean.duckdb"
    cli("ingest", str(articles), "--db", str(clean), "--workers", "1")
    assert table_counts(db) == table_counts(clean)
    assert table_counts(db)["documents"] == 200
    assert query(db, "SELECT count(*) FROM (SELECT DISTINCT doc_id, entity_id FROM entities)") == \
        query(db, "SELECT count(*) FROM entities")
    assert sqlite3.connect(index_path(db)).execute("SELECT count(*) FROM docs").fetchone()[0] == 200


def wait_for_documents(db: Path, at_least: int, process: subprocess.Popen, timeout: float = 120) -> int:
    """Watch the search side index (readable while DuckDB is locked) until enough documents are stored."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if index_path(db).exists():
            try:
                count = sqlite3.connect(f"file:{index_path(db)}?mode=ro", uri=True).execute(
                    "SELECT count(*) FROM docs").fetchone()[0]
            except sqlite3.OperationalError:
                count = 0
            if count >= at_least:
                return count
        time.sleep(0.02)
    raise AssertionError("the ingest finished or stalled before it could be killed")


def test_parallel_workers_store_the_same_as_one(many_articles, tmp_path, cli):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    files = sorted(many_articles.iterdir())[:8]
    folder = tmp_path / "eight"
    folder.mkdir()
    for path in files:
        (folder / path.name).write_text(path.read_text())
    cli("ingest", str(folder), "--db", str(one), "--workers", "1")
    cli("ingest", str(folder), "--db", str(two), "--workers", "2")
    assert table_counts(one) == table_counts(two)
    same = "SELECT doc_id, entity_id, actor_id, name FROM entities ORDER BY ALL"
    assert query(one, same) == query(two, same)
