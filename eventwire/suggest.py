"""Did-you-mean suggestions for error messages: "unknown key 'alias' (did you mean 'aliases'?)"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(word: str, choices: Iterable[str], count: int = 1, cutoff: float = 0.6) -> list[str]:
    """The `count` choices closest to `word` (case ignored), best first; none when nothing is close."""
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(choice.lower(), choice)
    return [by_folded[m] for m in difflib.get_close_matches(word.lower(), list(by_folded), n=count, cutoff=cutoff)]


def did_you_mean(word: str, choices: Iterable[str], count: int = 1) -> str:
    """" (did you mean 'X'?)", " (did you mean 'X' or 'Y'?)", or "" when nothing is close."""
    found = nearest(word, choices, count)
    if not found:
        return ""
    return " (did you mean " + " or ".join(f"'{f}'" for f in found) + "?)"


def either(values: Iterable[str]) -> str:
    """"a", "a or b", "a, b or c": alternatives in a message or an option's help."""
    listed = list(values)
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} or {listed[-1]}"
