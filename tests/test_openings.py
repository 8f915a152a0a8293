"""Regexes are tried only where a match can start (eventwire/openings.py): the time rules find exactly what
scanning the whole text finds."""

from __future__ import annotations

import re

from eventwire.openings import fold_text, matches_at, openings
from eventwire.times.casefold import finditer
from eventwire.times.recognize import find

TEXTS = [
    "Shares rose on Tuesday, Jan. 14, 1998, from a year earlier; the 1990s were different.",
    "THE MINISTER SAID ON 3 MARCH THAT TALKS WOULD RESUME NEXT WEEK.",
    "He stayed for two and a half years, until the third quarter of last year, at 10:30 p.m. EST.",
    "Nothing temporal here at all.",
    "Talks ended at 5 o’clock in İstanbul after the ſecond round; it was mid-December.",
    "Revenue for fiscal 2024 rose; Q3 results came 12/03/2023 and 2023-12-04, in the '90s and \u0663\u0660 days.",
    "the\u00a0past  two\tweeks, \u212aNOTS; the year-earlier period; twenty-four hours a day, every Monday",
]


def test_openings_are_what_every_match_begins_with():
    assert openings(re.compile(r"(?:jan\.?|feb)\s+\d"), width=4) == {
        ("j", "a", "n", r"\."), ("j", "a", "n", r"[\s]"), ("f", "e", "b", r"[\s]")}
    assert openings(re.compile(r"(?<!\w)(?:the\s+)?\d{2}"), width=3) == {
        ("t", "h", "e"), (r"[\d]", r"[\d]")}
    assert openings(re.compile(r"x?.b")) is None  # may begin with any character: no opening to look for
    assert openings(re.compile(r"(?:ab)*")) is None  # may be empty
    assert openings(re.compile(r"Jan\b|[A-Z]{2}", re.IGNORECASE), width=2) == {("j", "a"), ("[a-z]", "[a-z]")}
    assert openings(re.compile(r"Éta", re.IGNORECASE)) is None  # the folded text keeps "é" and "É" apart


def test_matches_at_the_places_are_those_of_finditer():
    regex = re.compile(r"(?<!\w)\d+(?: to \d+)?")
    text = "from 10 to 20 and 30, then 4"
    places = [m.start() for m in re.finditer(r"(?<!\w)\d", text)]
    assert [m.span() for m in matches_at(regex, text, places)] == [m.span() for m in regex.finditer(text)]


def test_every_rule_finds_the_same_as_a_scan_of_the_whole_text(resources):
    for text in TEXTS:
        folded = fold_text(text)
        places = resources.times.starts.places(folded)
        for order, rule in enumerate(resources.times.rules):
            found = finditer(rule.regex, rule.folded, text, folded, places[order])
            assert [m.span() for m in found] == [m.span() for m in rule.regex.finditer(text)], (rule.name, text)


def test_a_text_without_openings_tries_no_rule(resources):
    assert all(not places for places in resources.times.starts.places(fold_text("Nothing here at all.")))
    assert [m.text for m in find("Shares rose on Tuesday, Jan. 14, 1998.", resources.times)] == ["Tuesday, Jan. 14, 1998"]
