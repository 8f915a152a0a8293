"""Where each time rule can start: a rule is tried only at the places the text begins as one of its matches can.

Scanning a text with one rule's regex costs a whole match attempt at every word start (the rule's leading
look-behind keeps `re` from skipping ahead), and most attempts fail at once; with some twenty rules a story, the
scans were most of the stage's time. What any match of a rule begins with is read from its regex (re's parser,
as casefold.py reads it): its openings, sequences of up to WIDTH one-character regexes ("j", "a", "n" or "\\d"). One
scan of the text with the openings of all rules, behind the boundary every rule starts with, lists the places
where some rule may start; which rules may start there is told by the WIDTH characters found (remembered across
documents, the same words open many stories); each rule's regex is then matched at its own places only, left to
right as `finditer` does (`casefold.matches_at`), so it finds exactly what `finditer` finds. On Reuters stories
about 40 attempts are left of some 250 that a prefilter on the words of the text (every rule's required words,
which this replaced) let through, and of over 3,000 that scanning costs.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's opcodes, as in casefold.py

from eventwire.times.casefold import parse

WIDTH = 6
"""Characters of an opening: six tell "the 19" from "the re" (many rules may start with "the") and "1987-0" from
"1987 "; eight found a little less and took 0.7 s to build at start-up."""
MAX_KNOWN = 100_000
"""Openings found in texts whose rules are remembered; beyond this the memory starts again."""
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)
CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
              sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
UNREADABLE_FLAGS = re.IGNORECASE | re.LOCALE | re.ASCII

Opening = tuple[str, ...]


def openings(regex: re.Pattern[str], width: int = WIDTH) -> frozenset[Opening] | None:
    """What every match of `regex` begins with: the sequences of one-character regexes of which its first
    characters match one. None when a match may begin with anything (or be empty), or the regex is not read."""
    tree = parse(regex)
    if tree is None or regex.flags & UNREADABLE_FLAGS:
        return None
    found = frozenset(following(list(tree), width))
    return None if () in found else found


def following(items: list, width: int) -> set[Opening]:
    """The openings of `items` matched one after the other, `width` characters at most; a shorter opening
    means that anything may follow it."""
    if width == 0 or not items:
        return {()}
    op, value = items[0]
    rest = items[1:]
    if op is sre.SUBPATTERN:
        return following(list(value[3]) + rest, width)
    if op is sre.BRANCH:
        return set().union(*(following(list(alternative) + rest, width) for alternative in value[1]))
    if op in REPEATS:
        low, high, repeated = value
        if high > 1 and repeated.getwidth()[0] > 0:  # "x+" is "x" then "x*", "x{2,3}" is "x" then "x{1,2}"
            again = (op, (max(low - 1, 0), high if high == sre.MAXREPEAT else high - 1, repeated))
            once = following(list(repeated) + [again] + rest, width)
        else:
            once = following(list(repeated) + (rest if high == 1 else []), width)  # after two repeats: anything
        return once | following(rest, width) if low == 0 else once
    if op in ZERO_WIDTH:
        return following(rest, width)  # what it asserts is checked when the rule's regex is matched
    character = one_character(op, value)
    if character is None:
        return {()}
    return {(character, *tail) for tail in following(rest, width - 1)}


def one_character(op, value) -> str | None:
    """The regex of an item that matches exactly one character ("a", "[^x]", "[\\s-]"), None for any other."""
    if op is sre.LITERAL:
        return re.escape(chr(value))
    if op is sre.NOT_LITERAL:
        return "[^" + re.escape(chr(value)) + "]"
    if op is not sre.IN:
        return None
    parts = []
    for kind, member in value:
        if kind is sre.NEGATE:
            parts.append("^")
        elif kind is sre.LITERAL:
            parts.append(re.escape(chr(member)))
        elif kind is sre.RANGE:
            parts.append(re.escape(chr(member[0])) + "-" + re.escape(chr(member[1])))
        elif kind is sre.CATEGORY and member in CATEGORIES:
            parts.append(CATEGORIES[member])
        else:
            return None
    return "[" + "".join(parts) + "]"


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
    """The places of a text where each of a list of regexes (the time rules, in order) may start a match."""

    def __init__(self, boundary: str, regexes: list[re.Pattern[str] | None], width: int = WIDTH):
        """`boundary`: a zero-width regex that holds wherever any of `regexes` starts a match."""
        self.width = width
        readings = [openings(regex, width) if regex is not None else None for regex in regexes]
        self.tests = [re.compile(alternatives(reading), regex.flags) if reading else None
                      for reading, regex in zip(readings, regexes)]
        every = set().union(*(reading for reading in readings if reading))
        self.scan = re.compile(boundary + "(?=" + alternatives(every) + ")") if every else None
        self.known: dict[str, tuple[int, ...]] = {}

    def places(self, text: str) -> list[list[int] | None]:
        """For each regex, the offsets of `text` at which it may start a match (ascending), or None when any may."""
        found: list[list[int] | None] = [[] if test is not None else None for test in self.tests]
        if self.scan is None:
            return found
        for place in self.scan.finditer(text):
            start = place.start()
            for index in self.starting(text[start : start + self.width]):
                found[index].append(start)  # type: ignore[union-attr]
        return found

    def starting(self, opening: str) -> tuple[int, ...]:
        """The regexes that may start a match where the text goes on with `opening`."""
        indexes = self.known.get(opening)
        if indexes is None:
            if len(self.known) >= MAX_KNOWN:
                self.known.clear()
            indexes = self.known[opening] = tuple(
                index for index, test in enumerate(self.tests) if test is not None and test.match(opening))
        return indexes

