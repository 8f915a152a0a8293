"""Every input path refuses what it cannot read with one line naming the file, the line and the reason, and goes on;
the exit status says whether anything was skipped."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.ingest.reading import InputError, read_jsonl, read_path

runner = CliRunner()
ENGLISH = "Russian drones hit the port of Odesa overnight, Ukrainian officials said on Sunday.\n"


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("eventwire: error:")]


def test_a_binary_file_among_good_ones_is_skipped_and_the_status_says_so(tmp_path):
    good, binary = tmp_path / "good.txt", tmp_path / "photo.txt"
    good.write_text(ENGLISH)
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    result = runner.invoke(app, ["extract", str(binary), str(good), "--format", "jsonl"])
    assert result.exit_code == 1
    assert errors(result) == [f"eventwire: error: {binary}: binary data, not text"]
    assert json.loads(result.stdout.splitlines()[1])["document"]["text"] == ENGLISH
    assert runner.invoke(app, ["extract", str(good), "--format", "jsonl"]).exit_code == 0


def test_deeply_nested_html_is_refused_in_one_line(tmp_path):
    page = tmp_path / "bomb.html"
    page.write_text("<html><body>" + "<div>" * 20_000 + ENGLISH * 5 + "</div>" * 20_000 + "</body></html>")
    result = runner.invoke(app, ["extract", str(page)])
    assert result.exit_code == 1
    assert errors(result) == [f"eventwire: error: {page}: HTML page with no article text"]


def test_a_10_mb_line_is_refused_as_too_large(tmp_path):
    line = tmp_path / "line.txt"
    line.write_text("word " * 2_000_000)  # one 10 MB line
    result = runner.invoke(app, ["extract", str(line)])
    assert result.exit_code == 1
    [error] = errors(result)
    assert error == f"eventwire: error: {line}: too large (10,000,000 characters, limit 5,000,000); split it into articles"


def test_a_jsonl_line_of_10_mb_is_refused_and_the_next_line_read(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w") as out:
        out.write(json.dumps({"id": "big", "text": "word " * 2_000_000}) + "\n")
        out.write(json.dumps({"id": "ok", "text": ENGLISH}) + "\n")
    items = list(read_jsonl(corpus))
    assert isinstance(items[0], InputError) and items[0].origin == f"{corpus}:1"
    assert "too large (10,000,000 characters" in items[0].problem
    assert items[1].id == "ok"
    small = list(read_jsonl(corpus, max_chars=1000))
    assert "line too long" in small[0].problem and small[1].id == "ok"


def test_a_truncated_last_jsonl_line_is_named(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": ENGLISH}) + "\n" + json.dumps({"id": "b", "text": ENGLISH})[:30])
    first, last = read_jsonl(corpus)
    assert first.id == "a"
    assert last.origin == f"{corpus}:2" and "the file looks truncated" in last.problem


def test_malformed_bytes_are_replaced_counted_and_reported(tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("The president of Côte d'Ivoire met the prime minister in Abidjan on Monday.\n".encode("latin-1"))
    result = runner.invoke(app, ["extract", str(latin), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "\ufffd" in json.loads(result.stdout)["document"]["text"]
    assert "eventwire: warning: 1 input(s) had invalid bytes, 1 character(s) replaced by U+FFFD" in result.stderr


def test_standard_input_is_one_article():
    result = runner.invoke(app, ["extract", "-", "--format", "jsonl"], input=ENGLISH)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["document"]["origin"] == "<stdin>"
    empty = runner.invoke(app, ["extract", "-"], input="")
    assert empty.exit_code == 1 and errors(empty) == ["eventwire: error: <stdin>: empty (no text to analyse)"]


def test_a_directory_without_articles_given_to_extract(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert errors(result) == [f"eventwire: error: {tmp_path}: a folder without any .atom, .htm, .html, .jsonl, "
                              ".rss, .text, .txt, .xhtml or .xml file"]


def test_long_documents_follow_on_long(tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join([ENGLISH.strip()] * 40))
    split = runner.invoke(app, ["extract", str(long), "--max-chars", "1000", "--format", "jsonl"])
    assert split.exit_code == 0, split.output
    record = json.loads(split.stdout)
    assert record["document"]["text"] == long.read_text()
    assert max(m["end"] for e in record["entities"] for m in e["mentions"]) > 3000
    refused = runner.invoke(app, ["extract", str(long), "--max-chars", "1000", "--on-long", "refuse"])
    assert refused.exit_code == 1 and "too long (3,398 characters, limit 1,000)" in errors(refused)[0]


def test_read_path_names_the_file_in_every_refusal(tmp_path):
    for name, data in [("empty.txt", b""), ("nul.txt", b"\x00\x01\x02" * 100)]:
        path = tmp_path / name
        path.write_bytes(data)
        try:
            read_path(path)
        except InputError as err:
            assert str(err).startswith(f"{path}: ") and "\n" not in str(err)
        else:
            raise AssertionError(f"{name} was read")
