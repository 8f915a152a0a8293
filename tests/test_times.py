"""The times stage: spans in TimeML form, values against the publication date, no wrong values."""

from __future__ import annotations

import datetime as dt

import pytest
from paths_helpers import FIXTURES

from eventwire.eval.timex import read_timeml, score
from eventwire.times.stage import tag

PUBLISHED = "2024-10-29"  # a Tuesday


def values(result) -> list[tuple[str, str | None]]:
    return [(item.text, item.value) for item in result.times]


def value_of(extract_text, sentence: str, expression: str, published: str | None = PUBLISHED) -> dict:
    items = [item for item in extract_text(sentence, published=published).times if item.text == expression]
    assert items, f"{expression!r} not found in {sentence!r}"
    return items[0]


def test_reference_article(example):
    assert values(example) == [
        ("January 16, 2024", "2024-01-16"),
        ("Tuesday", "2024-10-29"),
        ("six weeks", "P6W"),
        ("Monday", "2024-10-28"),
        ("June 2024", "2024-06"),
        ("Monday", "2024-10-28"),
        ("Wednesday", "2024-10-23"),
        ("Monday", "2024-10-28"),
        ("last year", "2023"),
        ("June this year", "2024-06"),
    ]


def test_items_point_into_the_text(example):
    text = example.document.text
    for item in example.times:
        assert text[item.start:item.end] == item.text
    assert [item.id for item in example.times] == [f"t{n}" for n in range(1, len(example.times) + 1)]
    caption_date = example.times[0]
    assert (caption_date.type, caption_date.anchor) == ("DATE", "absolute")
    assert example.times[2].type == "DURATION"
    assert example.times[1].anchor == "published"


@pytest.mark.parametrize(
    ("sentence", "expression", "type_", "value"),
    [
        ("The talks began earlier this month.", "earlier this month", "DATE", "2024-10"),
        ("Prices rose last week.", "last week", "DATE", "2024-W43"),
        ("The ceasefire collapsed in December.", "December", "DATE", "2023-12"),
        ("The elections will be held in December.", "December", "DATE", "2024-12"),
        ("Inflation was high in the 1990s.", "the 1990s", "DATE", "199"),
        ("The minister resigned yesterday.", "yesterday", "DATE", "2024-10-28"),
        ("The minister resigns today.", "today", "DATE", "2024-10-29"),
        ("The plant closed two years ago.", "two years ago", "DATE", "2022"),
        ("The treaty was signed on Feb. 13.", "Feb. 13", "DATE", "2024-02-13"),
        ("Protests began on March 26.", "March 26", "DATE", "2024-03-26"),
        ("The envoys will meet next Monday.", "next Monday", "DATE", "2024-11-04"),
        ("The leaders will meet on Friday.", "Friday", "DATE", "2024-11-01"),
        ("The leaders met on Friday.", "Friday", "DATE", "2024-10-25"),
        ("They met again in June this year.", "June this year", "DATE", "2024-06"),
        ("The siege lasted six weeks.", "six weeks", "DURATION", "P6W"),
        ("The vote is at 3 p.m. today.", "3 p.m. today", "TIME", "2024-10-29T15:00"),
        ("Inspectors visit every week.", "every week", "SET", "P1W"),
        ("Exports fell in the third quarter.", "the third quarter", "DATE", "2024-Q3"),
        ("Fighting is heavy now.", "now", "DATE", "PRESENT_REF"),
    ],
)
def test_values_against_the_publication_date(extract_text, sentence, expression, type_, value):
    item = value_of(extract_text, sentence, expression)
    assert (item.type, item.value) == (type_, value)


def test_without_publication_date_relative_expressions_get_no_value(extract_text):
    result = extract_text("The talks on Monday followed a summit in June 2024 and lasted six weeks, two years ago.")
    found = {item.text: item for item in result.times}
    assert (found["Monday"].type, found["Monday"].value, found["Monday"].anchor) == ("DATE", None, None)
    assert found["two years ago"].value is None
    assert (found["June 2024"].value, found["June 2024"].anchor) == ("2024-06", "absolute")
    assert found["six weeks"].value == "P6W"


@pytest.mark.parametrize("sentence", ["The deal was signed on February 30.", "It ends on Feb. 30, 2024.",
                                      "The vote is at 25:00 GMT.", "It started at 13 p.m. on Monday."])
def test_impossible_dates_get_no_value(extract_text, sentence):
    for item in extract_text(sentence, published=PUBLISHED).times:
        assert "-02-30" not in (item.value or "")
        assert "T25" not in (item.value or "") and "T13" not in (item.value or "")


def test_numbers_that_count_things_are_not_years(extract_text):
    texts = [item.text for item in extract_text("Russia sent 2000 troops to the border in 2023.").times]
    assert texts == ["2023"]


def test_tagging_without_a_parse_still_works(resources):
    items = tag("He left on Monday, May 5, 2025.", None, dt.date(2025, 5, 6), resources.times)
    assert [(item.text, item.value) for item in items] == [("Monday, May 5, 2025", "2025-05-05")]


def test_timeml_reader_and_scores(resources):
    document = read_timeml(FIXTURES / "times" / "sample.tml")
    assert document.published == dt.date(2024, 10, 29)
    assert [(g.text, g.value) for g in document.timexes] == [
        ("Monday", "2024-10-28"), ("three hours", "PT3H"), ("six weeks", "P6W"), ("next month", "2024-11")]
    for gold in document.timexes:
        assert document.text[gold.start:gold.end] == gold.text
    system = tag(document.text, None, document.published, resources.times)
    scores = score([(document.timexes, system)])
    assert scores["strict_f1"] == 1.0
    assert scores["type_accuracy"] == 1.0
    assert scores["value_f1"] == 1.0


@pytest.mark.parametrize("published", [None, dt.date(2023, 3, 1), dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_odd_text_never_crashes_and_gives_only_calendar_values(published, resources):
    text = ("Feb. 29 , 99:99 p.m., the 0000s, the past century, next May, 13 p.m. Friday, Jan. 32, 2024, "
            "twenty a year, 1/2 hours, \u00bd day, MAY 5, Valentine\u2019s Day, the 99th century, \U0001F600 Tuesday")
    for item in tag(text, None, published, resources.times):
        assert text[item.start:item.end] == item.text
        assert item.value is None or not item.value.startswith(("-", "10000"))
        assert (item.value is None) == (item.anchor is None)


def test_a_year_earlier_is_the_same_period_a_year_before(extract_text):
    result = extract_text("Third-quarter profit fell 5% from a year earlier. The company was founded a year ago.",
                          published="1989-10-25")
    assert values(result) == [("Third-quarter", "1989-Q3"), ("a year earlier", "1988-Q3"), ("a year ago", "1988")]
