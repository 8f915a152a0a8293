"""The time rules' prefilter only skips rules that would have found nothing."""

from __future__ import annotations

import re

from eventwire.times.lexicon import rules
from eventwire.times.prefilter import DIGIT, Facts, requirements, strings_of
from eventwire.times.recognize import find, searched_strings

TEXTS = [
    "Shares rose on Tuesday, Jan. 14, 1998, from a year earlier; the 1990s were different.",
    "THE MINISTER SAID ON 3 MARCH THAT TALKS WOULD RESUME NEXT WEEK.",
    "He stayed for two and a half years, until the third quarter of last year, at 10:30 p.m. EST.",
    "Nothing temporal here at all.",
    "Talks ended at 5 o’clock in İstanbul after the ſecond round; it was mid-December.",
    "Revenue for fiscal 2024 rose; Q3 results came 12/03/2023 and 2023-12-04.",
]


def test_requirements_name_what_every_match_contains():
    needs = requirements(re.compile(r"(?<!\w)(?:(?P<m>jan\.?|feb)\s+\d{1,2}|never)(?!\w)", re.IGNORECASE))
    assert needs == (frozenset({"jan", "feb", "never"}),)
    assert requirements(re.compile(r"(?:jan|feb)\s+\d|\w+", re.IGNORECASE)) == ()  # "\w+" needs no word
    needs = requirements(re.compile(r"(?:the\s+)?(?:Jan|Feb)\s+\d{4}", re.IGNORECASE))
    assert frozenset({"jan", "feb"}) in needs and frozenset({DIGIT}) in needs


def test_text_is_folded_as_a_case_insensitive_regex_folds_it():
    facts = Facts("\u212aNOTS and İstanbul", frozenset({"knots", "is", "istanbul"}))
    assert facts.present == {"knots", "is", "istanbul"}
    assert DIGIT not in facts.present
    assert DIGIT in Facts("\u0663 troops", frozenset()).present  # an Arabic-Indic digit is a \d too


def test_every_rule_finds_the_same_with_and_without_the_prefilter():
    for text in TEXTS:
        facts = Facts(text, searched_strings())
        for rule in rules():
            if not facts.allow(rule.needs):
                assert not list(rule.regex.finditer(text)), (rule.name, text)


def test_the_prefilter_skips_rules():
    facts = Facts("Nothing temporal here at all.", strings_of(rule.needs for rule in rules()))
    assert sum(facts.allow(rule.needs) for rule in rules()) < len(rules()) / 2
    assert [m.text for m in find("Shares rose on Tuesday, Jan. 14, 1998.")] == ["Tuesday, Jan. 14, 1998"]
