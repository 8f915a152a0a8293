"""Which time rules can match a text at all, told cheaply before any rule's regex runs.

Every rule's regex is taken apart (with the parser of Python's `re`) into what any match must
contain: clauses such as {"jan", "feb", ...} (at least one of these letters, in any case) or {DIGIT}.
A rule whose clauses the text cannot satisfy is skipped: it would find nothing, so the matches are
exactly those of running every rule. Scanning a text costs each regex about as much as a whole
match (its leading look-behind keeps `re` from skipping ahead), so most of the stage's time went to
rules that found nothing.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's opcodes; `re` has shipped these modules since 3.11

from eventwire.times.casefold import fold_text, parse

DIGIT = "\\d"
"""Stands in a clause for "a digit" (any character `\\d` matches)."""
ANY_DIGIT = re.compile(r"\d")
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
DIGIT_CLASS = [(sre.CATEGORY, sre.CATEGORY_DIGIT)]

Clause = frozenset[str]


def requirements(regex: re.Pattern[str]) -> tuple[Clause, ...]:
    """What every match of `regex` contains: all the clauses hold, each by one of its strings. Empty when
    nothing can be said (a pattern the parser cannot read is simply always run)."""
    tree = parse(regex)
    if tree is None:
        return ()
    return tuple(dict.fromkeys(simplest(clause) for clause in sequence(list(tree))))


def sequence(items: list) -> list[Clause]:
    """The clauses of items matched one after the other: runs of letters, plus those of each required part."""
    clauses: list[Clause] = []
    run: list[str] = []
    for op, value in items:
        if op is sre.LITERAL and value < 128:
            run.append(chr(value).lower())
            continue
        if run:
            clauses.append(frozenset(["".join(run)]))
            run = []
        clauses.extend(part(op, value))
    if run:
        clauses.append(frozenset(["".join(run)]))
    return clauses


def part(op, value) -> list[Clause]:
    if op is sre.SUBPATTERN:
        return sequence(list(value[3]))
    if op is sre.ATOMIC_GROUP:
        return sequence(list(value))
    if op in REPEATS:
        return sequence(list(value[2])) if value[0] >= 1 else []
    if op is sre.BRANCH:
        chosen = []
        for alternative in value[1]:
            clauses = sequence(list(alternative))
            if not clauses:
                return []  # this alternative needs nothing, so neither does the branch
            chosen.append(max(clauses, key=selectivity))
        return [frozenset().union(*chosen)]
    if op is sre.IN and (value == DIGIT_CLASS or all(o is sre.RANGE and 48 <= v[0] <= v[1] <= 57
                                                     or o is sre.LITERAL and 48 <= v <= 57 for o, v in value)):
        return [frozenset([DIGIT])]
    return []


def selectivity(clause: Clause) -> tuple[int, int]:
    """Longer strings, fewer of them: the clause least likely to hold by chance."""
    return min(len(s) for s in clause), -len(clause)


def simplest(clause: Clause) -> Clause:
    """Drop strings that contain another string of the clause: wherever "january" is, "jan" is too."""
    return frozenset(s for s in clause if not any(o != s and o in s for o in clause))


class Facts:
    """Which of the clauses' strings a text contains, looked for in its folded copy (`casefold.fold_text`)."""

    def __init__(self, text: str, strings: frozenset[str]):
        self.folded = fold_text(text)
        self.present = {s for s in strings if s in self.folded}
        if ANY_DIGIT.search(text):
            self.present.add(DIGIT)

    def allow(self, clauses: tuple[Clause, ...]) -> bool:
        """Whether the text satisfies every clause (so the rule may match)."""
        return all(not clause.isdisjoint(self.present) for clause in clauses)


def strings_of(clause_lists) -> frozenset[str]:
    """Every string the clauses name (the digit marker apart): what `Facts` looks for in a text."""
    return frozenset(s for clauses in clause_lists for clause in clauses for s in clause if s != DIGIT)
