"""Bad input gets a one-line error naming the file and the problem."""

import json

import pytest

from eventwire.ingest import reading
from eventwire.ingest.reading import InputError, LanguageDetector, read_jsonl, read_path

DETECTOR = LanguageDetector()
"""One detector for the module: its identifier is built once, when a test first needs it."""
ENGLISH = "Russian drones hit the port of Odesa overnight, Ukrainian officials said on Sunday.\n"
GERMAN = ("Der Außenminister reiste am Montag nach Moskau, wie die staatlichen Medien berichteten. Was die "
          "Regierung in Seoul dazu sagen will, ist noch unklar, doch sie hat die Zusammenarbeit verurteilt.")


def problem(path):
    with pytest.raises(InputError) as caught:
        read_path(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)
    return caught.value.problem


def test_reads_plain_utf8(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    article = read_path(path)
    assert article.text == ENGLISH
    assert article.id.startswith("sha1:")


def test_bom_and_crlf_are_normalised(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ENGLISH.replace("\n", "\r\n").encode())
    assert read_path(path).text == ENGLISH


def test_missing_file(tmp_path):
    assert problem(tmp_path / "nope.txt") == "no such file"


def test_directory(tmp_path):
    assert "directory" in problem(tmp_path)


def test_empty_and_whitespace(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    (tmp_path / "w.txt").write_text("  \n\t\n")
    assert "empty" in problem(tmp_path / "e.txt")
    assert "empty" in problem(tmp_path / "w.txt")


def test_binary(tmp_path):
    path = tmp_path / "b.bin"
    path.write_bytes(bytes(range(256)) * 8)
    assert "binary" in problem(path)


def test_not_utf8_is_decoded_with_replacement_and_counted(tmp_path, caplog):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le président a déclaré que la réunion était terminée.".encode("latin-1"))
    before = dict(reading.DECODING)
    article = read_path(path)
    assert article.text.count("\ufffd") == 6 and article.text.startswith("Le pr")
    assert f"{path}: 6 invalid UTF-8 byte sequence(s) replaced by U+FFFD (first: byte 0xe9 at offset 5)" in caplog.text
    assert reading.DECODING["replaced"] == before["replaced"] + 6


def test_mostly_undecodable_is_binary(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 4)
    assert "binary data" in problem(path)


def test_language_is_the_pipelines_to_check(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(GERMAN)
    assert read_path(path).text == GERMAN


def test_long_other_language_is_refused_naming_it():
    with pytest.raises(InputError) as caught:
        DETECTOR.check(GERMAN, "de.txt")
    assert "not English (looks like 'de', probability 1.00)" in str(caught.value)


@pytest.mark.parametrize("sentence", ["Olaf Scholz met William Ruto in Nairobi on Friday.",
                                      "Mette Frederiksen condemned Vladimir Putin on Tuesday."])
def test_short_english_is_accepted(sentence):
    """Headlines and one-sentence items were refused as Dutch; too short for the identifier, they are read."""
    warning = DETECTOR.check(sentence, "<s>")
    assert warning is None or warning.startswith("<s>: read as English")
    assert DETECTOR.check(sentence, "<s>", "off") is None


def test_short_other_language_is_accepted_with_a_warning():
    warning = DETECTOR.check("Der Außenminister reiste am Montag nach Moskau", "de.txt")
    assert warning.startswith("de.txt: read as English, though it looks like 'de'")
    with pytest.raises(InputError, match="looks like 'de'"):
        DETECTOR.check("Der Außenminister reiste am Montag nach Moskau", "de.txt", "en")


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(ENGLISH * 50)
    with pytest.raises(InputError, match="too large"):
        read_path(path, max_chars=1000)


def test_html_page(tmp_path):
    path = tmp_path / "page.html"
    body = " ".join([ENGLISH.strip()] * 6)
    path.write_text(f"<html><head><title>Drones hit Odesa</title></head><body><article><h1>Drones hit Odesa</h1>"
                    f"<p>{body}</p><p>{body}</p></article></body></html>")
    article = read_path(path)
    assert "Odesa" in article.text
    assert article.title == "Drones hit Odesa"


def test_jsonl_keeps_going_past_bad_lines(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": "a", "text": ENGLISH, "published": "2024-10-29"}), "{not json", json.dumps({"id": "b"}),
             json.dumps({"id": "c", "text": ENGLISH, "url": "https://example.org/c"})]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_jsonl(path))
    assert [type(i).__name__ for i in items] == ["RawArticle", "InputError", "InputError", "RawArticle"]
    assert items[0].id == "a" and items[0].published == "2024-10-29"
    assert items[1].origin.endswith(":2") and "not JSON" in items[1].problem
    assert "lacks a 'text'" in items[2].problem
    assert items[3].url == "https://example.org/c"


def test_tables_and_capitals_still_count_as_english(tmp_path):
    path = tmp_path / "table.txt"
    path.write_text("SHR 1.20 DLRS VS 1.05 DLRS\nNET 12.5 MLN VS 10.1 MLN\nREVS 200 MLN VS 180 MLN\nNOTE: FULL YEAR RESULTS\n")
    assert read_path(path).text.startswith("SHR")


def test_english_prose_is_settled_by_its_common_words(monkeypatch):
    def no_identifier(detector):
        raise AssertionError("the n-gram identifier should not be needed for plain English prose")

    monkeypatch.setattr(LanguageDetector, "identifier", property(no_identifier))
    prose = ("North Korea's foreign minister left for Russia on Monday, state media said, in a visit that comes as "
             "the South Korean government says thousands of troops have been sent to fight in the war with Ukraine.")
    assert DETECTOR.verdict(prose)[0] == "en"


def test_other_languages_still_go_to_the_identifier():
    german = ("Der Außenminister reiste am Montag nach Moskau, wie die staatlichen Medien berichteten. Was die "
              "Regierung in Seoul dazu sagen will, ist noch unklar, doch sie hat die Zusammenarbeit verurteilt.")
    danish = ("Nordkoreas udenrigsminister rejste mandag til Rusland, oplyser statslige medier. Det er anden gang "
              "på kort tid, og regeringen i Seoul har kaldt samarbejdet ulovligt for hele regionen.")
    assert DETECTOR.verdict(german)[0] == "de"
    assert DETECTOR.verdict(danish)[0] == "da"


def test_a_table_of_figures_is_not_refused_for_its_language():
    earnings = ("Lakeside Tooling Corp 2nd Qtr Net\n\nMILWAUKEE, May 4 - Shr 31 cts vs 28 cts\n\nNet 1,204,000 vs "
                "1,087,000\n\nSales 44.6 mln vs 41.9 mln\n\nAvg shrs 3,880,000 vs 3,874,000\n\nSix mths Shr 60 cts vs 52 "
                "cts\n\nNet 2,331,000 vs 2,015,000\n\nSales 87.2 mln vs 80.3 mln")
    assert DETECTOR.verdict(earnings)[0] == "en"
