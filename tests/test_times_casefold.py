"""The time rules scanned case-sensitively over folded text find exactly what they find case-insensitively."""

from __future__ import annotations

import re

from eventwire.openings import fold_text
from eventwire.times.casefold import finditer, folded_regex

TEXTS = [
    "Shares rose on TUESDAY, JAN. 14, 1998, from a year earlier; the 1990S were different.",
    "THE MINISTER SAID ON 3 MARCH THAT TALKS WOULD RESUME NEXT WEEK.",
    "He stayed for Two And A Half Years, until the third quarter of last year, at 10:30 P.M. EST.",
    "Talks ended at 5 o’clock in İstanbul after the ſecond round; it was mid-December. Été 2024.",
    "\u212aNOTS fell yesterday; Revenue for fiscal 2024 rose 12/03/2023 and 2023-12-04, every Monday morning.",
]


def test_folded_text_keeps_length_and_offsets():
    for text in TEXTS:
        folded = fold_text(text)
        assert len(folded) == len(text)
    assert fold_text("\u212aelvin İı ſ Été") == "kelvin ii s Été"  # only letters re takes for ASCII ones change


def test_every_rule_finds_the_same_matches_with_the_same_groups(resources):
    for text in TEXTS:
        folded = fold_text(text)
        for rule in resources.times.rules:
            expected = [(m.span(), m.groupdict()) for m in rule.regex.finditer(text)]
            got = [(m.span(), m.groupdict()) for m in finditer(rule.regex, rule.folded, text, folded)]
            assert got == expected, (rule.name, text)
            assert all(m.re is rule.regex for m in finditer(rule.regex, rule.folded, text, folded))


def test_patterns_that_cannot_be_folded_are_scanned_as_they_are():
    assert folded_regex(re.compile("Jan", re.IGNORECASE)).pattern == "jan"
    assert folded_regex(re.compile(r"(?P<Month>Jan)\S+", re.IGNORECASE)) is None  # a group name would change
    assert folded_regex(re.compile(r"(?P<month>Jan)\S+\d", re.IGNORECASE)).pattern == r"(?P<month>jan)\S+\d"
    assert folded_regex(re.compile("Été", re.IGNORECASE)) is None
    assert folded_regex(re.compile("Jan")) is None  # already case-sensitive
    assert folded_regex(re.compile(r"\d+ (?-i:[A-Z]{3})", re.IGNORECASE)) is None  # "5 USD", not "5 usd"
    assert folded_regex(re.compile(r"\x41\d", re.IGNORECASE)) is None  # "A" written as a code
    assert folded_regex(re.compile(r"[A-z]+", re.IGNORECASE)) is None  # holds "_" and "^", which "[a-z]" lacks
    assert folded_regex(re.compile(r"(?:x|[A-F0-9])+", re.IGNORECASE)).pattern == "(?:x|[a-f0-9])+"
    assert [m.group(0) for m in finditer(re.compile("jan", re.I), None, "JAN jan", "jan jan")] == ["JAN", "jan"]
