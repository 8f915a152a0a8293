"""The quantities stage: numbers read from text, what they count, whose they are, who claims them and
which figure replaces which."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths_helpers import FIXTURES

from eventwire.quantities import numbers
from eventwire.quantities.numbers import MAX_VALUE
from eventwire.resources import Resources

QUANTITY_FIXTURES = FIXTURES / "quantities"
SHIPPED = Resources()
"""The shipped data (its quantity lexicon is read when a test first reads a number)."""


def read(text: str, **bounds):
    return numbers.read(text, SHIPPED.quantities, **bounds)


def one(text: str):
    readings = read(text)
    assert len(readings) == 1, readings
    return readings[0]


# --- reading numbers from text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, maximum",
    [
        ("10,000 troops", 10000, None),
        ("6 million refugees", 6_000_000, None),
        ("1.5bn euros", 1_500_000_000, None),
        ("$3.2 billion", 3_200_000_000, None),
        ("two women", 2, None),
        ("ten thousand five hundred and twenty-one", 10521, None),
        ("a dozen houses", 12, None),
        ("two dozen eggs", 24, None),
        ("half a million people", 500_000, None),
        ("hundreds of deaths", 200, 999),
        ("tens of thousands of people", 20_000, 99_999),
        ("several hundred people", 200, 999),
        ("3,000-5,000 protesters", 3000, 5000),
        ("between 10 and 20 people", 10, 20),
        ("3 to 5 million people", 3_000_000, 5_000_000),
        ("$3-4 billion", 3_000_000_000, 4_000_000_000),
        ("₹500 crore", 5_000_000_000, None),
        ("1-5/8 pct", 1.625, None),
        ("over one mln dlrs", 1_000_000, None),
        ("1.5 to two billion dlrs", 1_500_000_000, 2_000_000_000),
    ],
)
def test_values(text, value, maximum):
    reading = one(text)
    assert reading.value == value
    assert reading.max == (None if maximum is None else maximum)


@pytest.mark.parametrize(
    "text, qualifier",
    [
        ("more than 6 million", "more than"),
        ("over 300", "more than"),
        ("at least 30", "at least"),
        ("nearly 1,000", "about"),
        ("an estimated 5,000", "about"),
        ("up to 40", "up to"),
        ("fewer than 20", "less than"),
        ("dozens", "about"),
        ("300", None),
    ],
)
def test_qualifiers_are_normalised(text, qualifier):
    assert one(text).qualifier == qualifier


@pytest.mark.parametrize(
    "text, unit",
    [
        ("$3.2 billion", "USD"),
        ("US$5m", "USD"),
        ("£20m", "GBP"),
        ("1.5bn euros", "EUR"),
        ("500 million yuan", "CNY"),
        ("4.5 percent", "percent"),
        ("38%", "percent"),
        ("2.5 per cent", "percent"),
        ("40 percentage points", "percentage points"),
        ("120,000 tonnes", "tonnes"),
        ("20km", "km"),
        ("300", None),
    ],
)
def test_units_written_with_the_number(text, unit):
    assert one(text).unit == unit


def test_from_to_is_two_figures_and_a_unit_change_is_not_a_range():
    assert [(r.text, r.max) for r in read("raised it from 300 to 1,200")] == [("300", None), ("1,200", None)]
    assert [(r.text, r.max) for r in read("increased by two cts to 46 cts")] == [("two cts", None), ("46 cts", None)]
    assert [r.text for r in read("for 1986 to 1.14 billion stg")] == ["1986", "1.14 billion stg"]
    assert read("income, up to 561.8 mln dlrs from 540.9 mln dlrs")[0].qualifier is None
    assert read("up to 40 people")[0].qualifier == "up to"
    assert [r.text for r in read("fell 4.5 percent to 120,000 tonnes")] == ["4.5 percent", "120,000 tonnes"]
    assert [(r.value, r.max) for r in read("3% to 5%")] == [(3, 5)]


@pytest.mark.parametrize("text", ["F-16", "COVID-19", "3D", "the 1990s", "2nd", "10:30", "29/10", "won 3-1", "-5", "20m wall"])
def test_not_numbers_at_all(text):
    assert read(text) == []


def test_huge_numbers_are_kept_without_a_value_or_left_out():
    assert one("99999999999999999 people").value is None
    assert (one("1,000,000,000,000,000,000 dollars").value, one("1,000,000,000,000,000,000 dollars").unit) == (None, "USD")
    assert one("5 billion billion").value is None
    assert read("9" * 200) == []


NUMBER_SOUP = list("0123456789,.-–$€£%kmb ") + ["million ", "billion ", "to ", "and ", "between ", "hundred ", "thousands ",
                                                  "of ", "a ", "dozen ", "more than ", "two ", "twenty-", "bn ", "from "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NUMBER_SOUP), max_size=25).map("".join))
def test_reading_never_crashes_on_number_soup(text):
    for reading in read(text):
        assert text[reading.start : reading.end] == reading.text
        for number in (reading.value, reading.max):
            assert number is None or (isinstance(number, Decimal) and 0 <= number <= MAX_VALUE)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_reading_never_crashes_on_any_text(text):
    read(text)


# --- the stage on documents --------------------------------------------------------------------------------


def by_text(result, text):
    items = [q for q in result.quantities if q.text == text]
    assert len(items) == 1, result.quantities
    return items[0]


def name(result, entity_id):
    entity = result.entity(entity_id) if entity_id else None
    return entity.name if entity else None


def test_reference_article_troops_and_revision(example):
    troops, estimate = by_text(example, "10,000"), by_text(example, "3,000")
    assert (troops.value, troops.unit, troops.counted) == (10000, "troops", "troops")
    assert name(example, troops.about) == "North Korea"
    assert name(example, troops.claimant) == "Pentagon"
    assert troops.revises == estimate.id
    assert (estimate.value, estimate.unit, estimate.revises) == (3000, "troops", None)
    assert name(example, estimate.claimant) == "Pentagon"


def test_reference_article_has_no_dates_ordinals_or_durations_as_counts(example):
    assert [q.text for q in example.quantities] == ["10,000", "3,000"]
    assert [q.id for q in example.quantities] == ["n1", "n2"]


@pytest.mark.parametrize(
    "text",
    [
        "She made her second trip to Russia on January 16, 2024.",
        "Leaders met at the June 2024 summit and again six weeks later.",
        "The man, aged 45, was a 45-year-old teacher.",
        "John Smith, 45, said he would invoke Article 5.",
        "The vote was held in 2023 at 10:30 a.m. and again at 3 p.m.",
        "No one came, and one of them said a 10-day truce covered two-thirds of the city.",
        "The magnitude 6.3 quake followed a 7.8-magnitude one.",
        "Corp said John W. Johnstone Jr, 54, would retire from the Fortune 500 company.",
        "The rocket lifted off at 1805 local time (2305 GMT).",
        "Only one in five voters and 1 in 3 members backed it.",
        "iTunes replaces Wal-Mart as No. 1 U.S. music seller.",
    ],
)
def test_not_counts(extract_text, text):
    assert extract_text(text).quantities == []


def test_words_vague_amounts_and_people_verbs(extract_text):
    result = extract_text("Two women were killed and dozens injured; hundreds of deaths were reported. "
                          "More than 6 million refugees have fled Ukraine.")
    women, dozens, hundreds, refugees = result.quantities
    assert (women.value, women.unit, women.counted) == (2, "women", "women")
    assert (dozens.value, dozens.max, dozens.unit) == (24, 119, "people")
    assert (hundreds.value, hundreds.max, hundreds.unit) == (200, 999, "deaths")
    assert (refugees.value, refugees.qualifier, refugees.unit) == (6_000_000, "more than", "refugees")


def test_about_from_possessor_nationality_and_holding_verb(extract_text):
    result = extract_text("Russia's 150,000 troops massed near the border. Kyiv said it had 2 million soldiers. "
                          "Officials said 10,000 North Korean troops were in Kursk.")
    russia, kyiv, korean = result.quantities
    assert name(result, russia.about) == "Russia"
    assert (kyiv.unit, name(result, kyiv.about)) == ("troops", "Kyiv")
    assert name(result, kyiv.claimant) == "Kyiv"
    assert korean.counted == "North Korean troops" and korean.about is not None


def test_protest_fixture(extract_text):
    result = extract_text((QUANTITY_FIXTURES / "protest.txt").read_text(encoding="utf-8"))
    marchers = by_text(result, "Tens of thousands")
    assert (marchers.value, marchers.max, marchers.unit) == (20_000, 99_999, "people")
    crowd = by_text(result, "more than 50,000")
    assert (crowd.qualifier, crowd.unit, crowd.counted) == ("more than", "people", "crowd")
    detained = by_text(result, "63")
    assert detained.unit == "people"
    signatures, before = by_text(result, "120,000"), by_text(result, "80,000")
    assert signatures.revises == before.id and before.unit == signatures.unit
    assert not [q for q in result.quantities if q.text in ("52", "2024", "third")]


def test_disaster_fixture(extract_text):
    result = extract_text((QUANTITY_FIXTURES / "disaster.txt").read_text(encoding="utf-8"))
    toll, earlier = by_text(result, "2,053"), by_text(result, "1,000")
    assert (toll.unit, toll.revises, earlier.unit) == ("deaths", earlier.id, "deaths")
    assert name(result, toll.claimant) == "Taliban"
    injured = by_text(result, "At least 1,240")
    assert (injured.qualifier, injured.unit, name(result, injured.claimant)) == ("at least", "people", "United Nations")
    aid = by_text(result, "$25 million")
    assert (aid.value, aid.unit, aid.counted) == (25_000_000, "USD", "emergency aid")
    damage = by_text(result, "between $100 million and $150 million")
    assert (damage.value, damage.max, damage.unit) == (100_000_000, 150_000_000, "USD")
    assert not [q for q in result.quantities if q.text in ("6.3", "48")]


def test_economy_fixture(extract_text):
    result = extract_text((QUANTITY_FIXTURES / "economy.txt").read_text(encoding="utf-8"))
    now, before = by_text(result, "193%"), by_text(result, "211.4%")
    assert (now.unit, now.revises, name(result, now.about)) == ("percent", before.id, "Argentina")
    assert name(result, now.claimant) == "INDEC"
    tonnes = by_text(result, "3.2 million tonnes")
    assert (tonnes.value, tonnes.unit) == (3_200_000, "tonnes")
    assert by_text(result, "$1.5bn").value == 1_500_000_000
    assert by_text(result, "50,000").unit == "jobs"
    assert not [q for q in result.quantities if q.text in ("14", "2025")]


@pytest.mark.parametrize(
    "text, new, old",
    [
        ("The ministry revised the death toll to 300 from 250.", "300", "250"),
        ("The army lowered its count of the dead from 50 to 41.", "41", "50"),
        ("At least 30 people were killed, up from a previous toll of 22, the ministry said.", "At least 30", "22"),
        ("Unemployment rose to 4.3% in July from 4.1% in June.", "4.3%", "4.1%"),
    ],
)
def test_revisions(extract_text, text, new, old):
    result = extract_text(text)
    assert by_text(result, new).revises == by_text(result, old).id
    assert by_text(result, old).revises is None


def test_model_numbers_are_names_throughout(extract_text):
    result = extract_text("Qatar chose the Airbus A350 over the Boeing 787. The 787 carries up to 290 passengers. "
                          "Ryanair will buy five new aircraft from the 737-800 range. The Boeing 737-800 is reliable.")
    assert [q.text for q in result.quantities] == ["up to 290", "five"]


def test_money_written_the_wire_way(extract_text):
    result = extract_text("It declared a dividend of 25 cts per share. Net interest income, up to 561.8 mln dlrs "
                          "from year ago 540.9 mln dlrs, helped.")
    cents, now, before = result.quantities
    assert (cents.value, cents.unit) == (25, "cents")
    assert (now.value, now.unit, now.qualifier, now.revises) == (561_800_000, "USD", None, before.id)


def test_odd_input_does_not_crash(extract_text):
    result = extract_text("They counted " + "9" * 30 + " votes, 99999999999999999 ballots and $1e400 in 1,2,3,,4 piles.")
    assert all(q.value is None or q.value <= 1e15 for q in result.quantities)
    assert any(q.text == "99999999999999999" and q.value is None for q in result.quantities)


def test_reading_only_where_an_expression_can_start_finds_what_a_scan_finds():
    texts = [
        "MORE THAN 6 MILLION people, US$3.2 billion and 1.5bn euros",
        ("between 10 and 20 Kelvin-signed \u212aNOTS, hundreds of them, a dozen, 4.5 percent; from 300 to 1,200 "
         "tonnes, 5 NATO troops, \u0663 days, ½ mile"),
    ]
    for text in texts:
        assert read(text) == read(text, end=len(text))  # a bounded read scans every place
