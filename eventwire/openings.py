"""Where a regex can start a match: it is tried only at the places a text begins as one of its matches can.

Scanning a text with a regex costs a match attempt at every place (a leading look-behind keeps `re` from skipping
ahead), and most attempts fail at once; the time rules (some twenty a story) and the number pattern spent most of
their time so. What any match of a regex begins with is read from the regex (re's own parser, `re._parser`,
shipped since Python 3.11): its openings, sequences of up to WIDTH one-character regexes ("j", "a", "n" or "\\d").
One scan of a text with the openings of all the regexes, behind a boundary every one of them starts with, lists the
places where one may start; which ones may start there is told by the WIDTH characters found (remembered across
documents: the same words open many stories); each regex is then matched at its own places only, left to right as
`finditer` does (`matches_at`), so it finds exactly what `finditer` finds.

The places are found in the text folded as a case-insensitive regex reads it (`fold_text`): a case-insensitive
regex's openings are read in lower case, a case-sensitive regex is one matched against the folded text itself
(as the time rules are, eventwire/times/casefold.py).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from re import _constants as sre
from re import _parser

from eventwire import datacache

WIDTH = 6
"""Characters of an opening: six tell "the 19" from "the re" (many time rules may start with "the") and "1987-0"
from "1987 "; eight found a little less and took 0.7 s to build (when not cached)."""
MAX_KNOWN = 100_000
"""Openings found in texts whose regexes are remembered; beyond this the memory starts again."""
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)
CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
              sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
ASCII_LOWER = {ord(ch): ch.lower() for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}

Opening = tuple[str, ...]


def fold_text(text: str) -> str:
    """`text` with the same length and offsets, in the case a case-insensitive regex reads it: ASCII letters
    lower-cased, a non-ASCII character that `re.IGNORECASE` takes for an ASCII letter (the Kelvin sign, dotless i,
    long s) that letter, anything else as it is."""
    if text.isascii():
        return text.lower()
    table = dict(ASCII_LOWER)
    table.update({ord(ch): fold(ch) for ch in set(text) if not ch.isascii()})
    return text.translate(table)


@lru_cache(maxsize=4096)
def fold(ch: str) -> str:
    """The ASCII letter `re.IGNORECASE` takes a non-ASCII `ch` for ("K", the Kelvin sign, is "k"), else `ch`."""
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if re.fullmatch(letter, ch, re.IGNORECASE):
            return letter
    return ch


def parse(regex: re.Pattern[str]):
    """The parse tree of `regex` (re's own parser; read once), None if unreadable."""
    return parsed(regex.pattern, regex.flags)


@lru_cache(maxsize=256)
def parsed(pattern: str, flags: int):
    try:
        return _parser.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - a private parser may change; what it cannot read is left as it is
        return None


def openings(regex: re.Pattern[str], width: int = WIDTH) -> frozenset[Opening] | None:
    """What every match of `regex` begins with, seen in the folded text: the sequences of one-character regexes
    of which its first characters match one. None when a match may begin with anything (or be empty), or the
    regex is not read."""
    tree = parse(regex)
    if tree is None or regex.flags & re.LOCALE:
        return None
    found = frozenset(following(list(tree), width, bool(regex.flags & re.IGNORECASE)))
    return None if () in found else found


def following(items: list, width: int, blind: bool) -> set[Opening]:
    """The openings of `items` matched one after the other (case-insensitively if `blind`), `width` characters
    at most; a shorter opening means that anything may follow it."""
    if width == 0 or not items:
        return {()}
    op, value = items[0]
    rest = items[1:]
    if op is sre.SUBPATTERN:
        if value[1] & re.IGNORECASE and not blind:
            return {()}  # a case-insensitive part of a case-sensitive regex: not read
        return following(list(value[3]) + rest, width, blind)
    if op is sre.BRANCH:
        return set().union(*(following(list(alternative) + rest, width, blind) for alternative in value[1]))
    if op in REPEATS:
        low, high, repeated = value
        if high > 1 and repeated.getwidth()[0] > 0:  # "x+" is "x" then "x*", "x{2,3}" is "x" then "x{1,2}"
            again = (op, (max(low - 1, 0), high if high == sre.MAXREPEAT else high - 1, repeated))
            once = following(list(repeated) + [again] + rest, width, blind)
        else:
            once = following(list(repeated) + (rest if high == 1 else []), width, blind)  # then: anything
        return once | following(rest, width, blind) if low == 0 else once
    if op in ZERO_WIDTH:
        return following(rest, width, blind)  # what it asserts is checked when the regex is matched
    character = one_character(op, value, blind)
    if character is None:
        return {()}
    return {(character, *tail) for tail in following(rest, width - 1, blind)}


def one_character(op, value, blind: bool) -> str | None:
    """The regex, for the folded text, of an item that matches exactly one character ("a", "[^x]", "[\\s-]"); None
    for any other item, and for a case-insensitive letter the folded text does not turn into an ASCII one."""
    if op in (sre.LITERAL, sre.NOT_LITERAL):
        character = folded_character(value, blind)
        if character is None:
            return None
        return character if op is sre.LITERAL else "[^" + character + "]"
    if op is not sre.IN:
        return None
    parts = []
    for kind, member in value:
        if kind is sre.NEGATE:
            parts.append("^")
        elif kind is sre.LITERAL and folded_character(member, blind) is not None:
            parts.append(folded_character(member, blind))
        elif kind is sre.RANGE and folded_range(*member, blind) is not None:
            parts.append(folded_range(*member, blind))
        elif kind is sre.CATEGORY and member in CATEGORIES:
            parts.append(CATEGORIES[member])
        else:
            return None
    return "[" + "".join(parts) + "]"


def folded_character(code: int, blind: bool) -> str | None:
    """The regex of the character `code` in the folded text; case-insensitively an ASCII letter in lower case,
    None for a non-ASCII letter (the folded text keeps "É" where such a regex matches "é")."""
    character = chr(code)
    if blind and character.isascii():
        character = character.lower()
    elif blind and (character.lower() != character or character.upper() != character):
        return None
    return re.escape(character)


def folded_range(low: int, high: int, blind: bool) -> str | None:
    """The regex of a character range in the folded text; case-insensitively only ASCII ranges of letters of one
    case ("A-Z" becomes "a-z") or of no letters ("0-9") are read."""
    first, last = chr(low), chr(high)
    one_case = high < 128 and first.isalpha() and last.isalpha() and first.isupper() == last.isupper()
    if blind and one_case:
        first, last = first.lower(), last.lower()
    elif blind and (high >= 128 or (first <= "Z" and last >= "A") or (first <= "z" and last >= "a")):
        return None
    return re.escape(first) + "-" + re.escape(last)


def alternatives(sequences) -> str:
    """One regex for the sequences, as a prefix tree ("j(?:an|u[ln])"): the scan drops a place at its first
    character instead of trying every sequence there."""
    tree: dict[str, dict] = {}
    for sequence in sequences:
        node = tree
        for character in sequence:
            node = node.setdefault(character, {})
        node[""] = {}  # an opening ends here: whatever follows

    def written(node: dict[str, dict]) -> str:
        if "" in node:
            return ""
        parts = [character + written(node[character]) for character in sorted(node)]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return written(tree)


class Starts:
    """The places of a folded text where each of a list of regexes (the time rules, in order) may start a match."""

    def __init__(self, name: str, boundary: str, regexes: list[re.Pattern[str] | None], width: int = WIDTH):
        """`boundary`: a zero-width regex that holds, in the folded text, wherever any of `regexes` starts a
        match. The openings' regexes are cached as `name` (eventwire/datacache.py): reading them takes a tenth of
        a second at start-up."""
        self.width = width
        key = datacache.fingerprint([Path(__file__)], sys.version, str(width), boundary,
                                    *(f"{regex.flags}:{regex.pattern}" if regex is not None else "" for regex in regexes))
        scan, tests = datacache.cached(name, key, lambda: written(boundary, regexes, width))
        self.scan = re.compile(scan) if scan is not None else None
        self.tests = [re.compile(*test) if test is not None else None for test in tests]
        self.known: dict[str, tuple[int, ...]] = {}

    def places(self, folded: str) -> list[list[int] | None]:
        """For each regex, the offsets of the folded text at which it may start a match (ascending), or None when
        it may start anywhere."""
        found: list[list[int] | None] = [[] if test is not None else None for test in self.tests]
        if self.scan is None:
            return found
        for place in self.scan.finditer(folded):
            start = place.start()
            for index in self.starting(folded[start : start + self.width]):
                found[index].append(start)  # type: ignore[union-attr]
        return found

    def starting(self, opening: str) -> tuple[int, ...]:
        """The regexes that may start a match where the folded text goes on with `opening`."""
        indexes = self.known.get(opening)
        if indexes is None:
            if len(self.known) >= MAX_KNOWN:
                self.known.clear()
            indexes = self.known[opening] = tuple(
                index for index, test in enumerate(self.tests) if test is not None and test.match(opening))
        return indexes


def written(boundary: str, regexes: list[re.Pattern[str] | None], width: int):
    """The regex (pattern) of the scan for all openings, and (pattern, flags) of each regex's openings, or None."""
    readings = [openings(regex, width) if regex is not None else None for regex in regexes]
    tests = [(alternatives(reading), regex.flags & re.ASCII) if reading else None
             for reading, regex in zip(readings, regexes)]
    every = set().union(*(reading for reading in readings if reading))
    return (boundary + "(?=" + alternatives(every) + ")" if every else None), tests


def matches_at(regex: re.Pattern[str], text: str, places: list[int]) -> list[re.Match[str]]:
    """What `regex.finditer(text)` gives when a match can only start at `places` (ascending) and is never empty:
    the first place that matches, then the first one at or after its end, and so on."""
    found = []
    end = 0
    for start in places:
        if start >= end:
            match = regex.match(text, start)
            if match is not None:
                found.append(match)
                end = match.end()
    return found
