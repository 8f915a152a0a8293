"""`eventwire extract` reads what `eventwire ingest` reads, by content: corpora, feed files, pages, folders and
standard input; unreadable inputs and bad corpus lines are listed on stderr and make the exit status 1."""

import json

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.ingest.sources import sniff

runner = CliRunner()
ENGLISH = "Russian drones hit the port of Odesa overnight, Ukrainian officials said on Sunday."
OTHER = "Ukrainian troops advanced in the Kursk region on Monday, the defence ministry in Kyiv said."
FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<rss version="2.0"><channel><title>World news</title>
<item><title>Drones hit Odesa</title><link>https://example.org/odesa</link>
<description>{ENGLISH}</description><pubDate>Sun, 27 Oct 2024 08:00:00 GMT</pubDate></item>
<item><title>Troops in Kursk</title><link>https://example.org/kursk</link>
<description>{OTHER}</description></item>
</channel></rss>
"""
PAGE = f"""<!doctype html><html><head><title>Drones hit Odesa</title></head><body><article>
<h1>Drones hit Odesa</h1><p>{ENGLISH} {OTHER}</p></article></body></html>"""


def corpus_line(**fields) -> str:
    return json.dumps(fields) + "\n"


def extract(*args: str, input: str | None = None):
    """`eventwire extract ARGS --stages entities --format jsonl` and its records."""
    result = runner.invoke(app, ["extract", *args, "--stages", "entities", "--format", "jsonl"], input=input)
    return result, [json.loads(line) for line in result.stdout.splitlines()]


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("eventwire: error:")]


@pytest.mark.parametrize(("head", "kind"), [
    (b'{"id": "a", "text": "x"}\n', "jsonl"),
    (b'\xef\xbb\xbf  {"text": "x"}', "jsonl"),
    (FEED.encode(), "feed"),
    (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
    (b'<?xml version="1.0"?><note>not a feed</note>', "text"),
    (PAGE.encode(), "text"),
    (ENGLISH.encode(), "text"),
])
def test_sniff_tells_corpora_and_feeds_from_articles(head, kind):
    assert sniff(head) == kind


def test_a_corpus_named_on_the_command_line_is_read_line_by_line(tmp_path):
    corpus = tmp_path / "corpus.data"  # not named .jsonl: read by its content
    corpus.write_text(corpus_line(id="x1", text=ENGLISH, published="2024-10-27") + corpus_line(id="x2", text=OTHER))
    result, records = extract(str(corpus))
    assert result.exit_code == 0, result.output
    assert [(r["document"]["id"], r["document"]["origin"]) for r in records] == [
        ("x1", f"{corpus}:1"), ("x2", f"{corpus}:2")]
    assert records[0]["document"]["published"] == "2024-10-27"
    assert "eventwire: 2 extracted, 0 skipped in" in result.stderr


def test_feed_files_and_pages_are_read_as_ingest_reads_them(tmp_path):
    feed = tmp_path / "world.txt"
    feed.write_text(FEED)
    page = tmp_path / "story"
    page.write_text(PAGE)
    result, records = extract(str(feed), str(page))
    assert result.exit_code == 0, result.output
    assert [r["document"]["url"] for r in records[:2]] == ["https://example.org/odesa", "https://example.org/kursk"]
    assert records[0]["document"]["published"] == "2024-10-27"
    assert records[0]["document"]["origin"] == f"{feed}#1"
    assert records[2]["document"]["title"] == "Drones hit Odesa" and ENGLISH in records[2]["document"]["text"]


def test_standard_input_is_read_by_its_content(tmp_path):
    result, records = extract("-", input=corpus_line(id="a", text=ENGLISH) + corpus_line(id="b", text=OTHER))
    assert result.exit_code == 0, result.output
    assert [(r["document"]["id"], r["document"]["origin"]) for r in records] == [("a", "<stdin>:1"), ("b", "<stdin>:2")]
    feed, entries = extract("-", input=FEED)
    assert feed.exit_code == 0 and [r["document"]["origin"] for r in entries] == ["<stdin>#1", "<stdin>#2"]
    text, [article] = extract("-", input=ENGLISH)
    assert text.exit_code == 0 and article["document"]["text"] == ENGLISH


def test_a_folder_is_walked_and_what_cannot_be_read_is_listed(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text(corpus_line(id="b1", text=OTHER))
    (tmp_path / "sub" / "empty.txt").write_text("")
    (tmp_path / "sub" / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / ".hidden.txt").write_text(OTHER)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    result, records = extract(str(tmp_path))
    assert result.exit_code == 1
    assert [r["document"]["text"] for r in records if "document" in r] == [ENGLISH, OTHER]
    assert error_lines(result) == [f"eventwire: error: {tmp_path / 'sub' / 'blob.txt'}: binary data, not text",
                                   f"eventwire: error: {tmp_path / 'sub' / 'empty.txt'}: empty (no text to analyse)"]
    assert "eventwire: 2 extracted, 2 skipped (listed above) in" in result.stderr


def test_the_jsonl_option_still_reads_a_corpus_and_says_it_is_deprecated(tmp_path):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(corpus_line(id="x1", text=ENGLISH))
    result, [record] = extract("--jsonl", str(corpus))
    assert result.exit_code == 0, result.output
    assert record["document"]["id"] == "x1"
    assert "--jsonl is deprecated: give the corpus as an argument" in result.stderr


def test_bad_corpus_lines_are_reported_and_repeats_skipped(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(corpus_line(id="a", text=ENGLISH, published="yesterday")
                      + corpus_line(id="b", text=ENGLISH, published="2024-10-27T08:00:00Z")
                      + corpus_line(id="b", text=ENGLISH + "  ")  # the same text, but for spacing: a repeat
                      + corpus_line(id="b", text=OTHER)
                      + corpus_line(id="c", text=OTHER, published="2024-02-30")
                      + corpus_line(id="d", text=OTHER, published=20241027))
    result, records = extract(str(corpus))
    assert result.exit_code == 1
    assert error_lines(result) == [
        f'eventwire: error: {corpus}:1: \'published\' is not a date: "yesterday" (give YYYY-MM-DD or an ISO timestamp)',
        f"eventwire: error: {corpus}:4: id 'b' already names another text (line 2); skipped",
        f'eventwire: error: {corpus}:5: \'published\' is not a date: "2024-02-30" (give YYYY-MM-DD or an ISO timestamp)',
        f"eventwire: error: {corpus}:6: 'published' is not a date: 20241027 (give YYYY-MM-DD or an ISO timestamp)"]
    assert [r["document"]["published"] for r in records if "document" in r] == ["2024-10-27"]
    assert [r["error"]["origin"] for r in records if "error" in r] == [f"{corpus}:{n}" for n in (1, 4, 5, 6)]
    assert result.stderr.count("repeated") == 1
    assert "1 extracted, 4 skipped (listed above), 1 repeated corpus line(s) skipped" in result.stderr


def test_a_repeat_alone_is_no_failure(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(corpus_line(id="a", text=ENGLISH) * 2)
    result, [record] = extract(str(corpus))
    assert result.exit_code == 0, result.output
    assert "1 extracted, 0 skipped, 1 repeated corpus line(s) skipped" in result.stderr


def test_ingest_reports_the_same_corpus_lines(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(corpus_line(id="a", text=ENGLISH) * 2 + corpus_line(id="a", text=OTHER)
                      + corpus_line(id="b", text=OTHER, published="29/10/2024"))
    db = tmp_path / "news.duckdb"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"eventwire: error: {corpus}:3: id 'a' already names another text (line 1); skipped",
        f'eventwire: error: {corpus}:4: \'published\' is not a date: "29/10/2024" (give YYYY-MM-DD or an ISO timestamp)']
    assert "1 stored, 1 already stored, 2 failed" in result.stderr
    assert "; 1 repeated corpus line(s) among the already stored" in result.stderr
