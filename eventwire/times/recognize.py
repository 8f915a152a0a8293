"""Find time expressions: every rule of patterns.yaml over the text, then the longest
non-overlapping matches. Spans follow TimeML (no leading preposition, "the" kept)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from eventwire.openings import fold_text
from eventwire.times.casefold import finditer
from eventwire.times.lexicon import TimeLexicon, TimeRule, key

PREVIOUS_WORD = re.compile(r"([\w.,]*\w|%)[\s-]*$")
LOOK_BACK = 40
AGE = re.compile(r"[\s-]+old\b", re.IGNORECASE)
CAPITALISED_GROUPS = ("month", "weekday")


@dataclass
class Match:
    """One time expression found in the text, with the pieces its rule captured."""

    start: int
    end: int
    text: str
    rule: TimeRule
    groups: dict[str, str]


def find(text: str, lexicon: TimeLexicon, doc: Doc | None = None) -> list[Match]:
    """Time expressions in `text`, in text order; `doc` (its spaCy parse) lets numbers that
    count things ("2000 troops") be told from years."""
    candidates: list[tuple[int, int, int, re.Match[str], TimeRule]] = []
    shouting = text.isupper()
    folded = fold_text(text)
    places = lexicon.starts.places(folded)
    for order, rule in enumerate(lexicon.rules):
        if places[order] == []:
            continue  # nowhere in the text opens as the rule's matches do
        for found in finditer(rule.regex, rule.folded, text, folded, places[order]):
            if acceptable(text, found, rule, shouting, lexicon.words) and not not_a_time(found, rule, doc):
                candidates.append((found.start(), found.end(), order, found, rule))
    chosen: list[tuple[int, int, int, re.Match[str], TimeRule]] = []
    taken = bytearray(len(text))  # characters already inside a chosen match
    for candidate in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        start, end = candidate[0], candidate[1]
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            chosen.append(candidate)
    chosen.sort(key=lambda c: c[0])
    return [Match(start, end, found.group(0), rule, {k: v for k, v in found.groupdict().items() if v is not None})
            for start, end, _order, found, rule in chosen]


def acceptable(text: str, found: re.Match[str], rule: TimeRule, shouting: bool, words: dict[str, Any]) -> bool:
    """Checks a regex cannot make: capitalised month and weekday names, the word before bare
    forms, no ages ("five years old"), a real count for units that need one ("a second try"),
    month abbreviations only with a day or year."""
    for group in CAPITALISED_GROUPS:
        if group in found.re.groupindex and found.group(group) and not shouting:
            if not text[found.start(group)].isupper():
                return False
    if rule.after:
        previous = PREVIOUS_WORD.search(text, max(0, found.start() - LOOK_BACK), found.start())
        word = previous.group(1).lower() if previous else ""
        if word not in rule.after and not (word[:1].isdigit() and "NUMBER" in rule.after):
            return False
    if rule.kind in ("duration", "offset") and AGE.match(text, found.end()):
        return False
    groups = found.groupdict()
    unit = words["units"].get(key(groups.get("unit") or ""), {})
    if unit.get("counted") and key(groups.get("number") or "") in ("a", "an", ""):
        return False
    if unit.get("code") == "Q" and "-" in found.group(0):
        return False  # "three-quarters" is a fraction
    month = groups.get("month")
    if month and not groups.get("day") and not groups.get("year") and key(month) in words["month_abbreviations"]:
        return False  # "Jan" alone is a name; "Jan. 14" and "Jan 1998" are dates
    return True


def not_a_time(found: re.Match[str], rule: TimeRule, doc: Doc | None) -> bool:
    """What the parse shows is no time: a bare four-digit number that counts a plural noun
    ("1500 troops", but not "the 1990 elections"), a frequency word used as an adjective ("a
    quarterly dividend")."""
    if doc is None or rule.name not in ("year", "frequency") or (rule.name == "year" and len(found.group(0)) != 4):
        return False
    span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    if rule.name == "frequency":
        return token.dep_ == "amod"
    previous = token.nbor(-1) if token.i > 0 else None
    determined = previous is not None and previous.tag_ in ("DT", "PRP$", "POS")  # "the 1990 elections"
    return token.dep_ == "nummod" and token.head.tag_ in ("NNS", "NNPS") and token.head.i > token.i and not determined
