"""Run the case-insensitive time rules as case-sensitive regexes over a lower-cased copy of the text.

Python's `re` tries every alternative of a word list one by one at each word start; case-sensitively it
skips an alternative whose first letter differs without trying it, case-insensitively it cannot, so the
same scan over folded text takes about half the time. The folded copy has the text's length and
offsets: ASCII letters are lower-cased, a non-ASCII character that `re.IGNORECASE` takes for an ASCII
letter (the Kelvin sign, dotless i, long s) becomes that letter, anything else stays as it is. Each span
found is then matched again with the rule's own regex at the same offset, which gives the Match (groups,
original case) and checks the end; any disagreement falls back to scanning the text with the rule's regex.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as sre  # the parser's opcodes; `re` has shipped these modules since 3.11
from re import _parser

ASCII_LOWER = {ord(ch): ch.lower() for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
UPPER_OUTSIDE_ESCAPES = re.compile(r"\\.|\(\?P[<=]|[A-Z]", re.DOTALL)
INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]+[:)]")  # an escaped "(" found too only costs the speed-up
CODED_CHARACTERS = re.compile(r"\\[xuUN0-7]")
"""Escapes that may stand for a capital letter ("\\x41"), which folded text never contains."""


def fold_text(text: str) -> str:
    """`text` with the same length and offsets, in the case a case-insensitive regex reads it."""
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


def folded_regex(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """`regex` without IGNORECASE and with its letters lower-cased (escapes and group syntax kept), for folded
    text; None when the pattern sets flags inline, is not plain ASCII apart from uncased characters, or does not
    compile to the same groups."""
    if not regex.flags & re.IGNORECASE or INLINE_FLAGS.search(regex.pattern) or CODED_CHARACTERS.search(regex.pattern):
        return None  # a part that is case-sensitive in the rule would match more in folded text, a coded capital less
    if any(not ch.isascii() and ch.lower() != ch.upper() for ch in regex.pattern) or mixed_range(parse(regex)):
        return None
    lowered = UPPER_OUTSIDE_ESCAPES.sub(lambda m: m.group(0).lower() if len(m.group(0)) == 1 else m.group(0),
                                       regex.pattern)
    try:
        folded = re.compile(lowered, regex.flags & ~re.IGNORECASE)
    except re.error:
        return None
    return folded if folded.groupindex == regex.groupindex else None


def finditer(regex: re.Pattern[str], folded: re.Pattern[str] | None, text: str, folded_text: str,
             places: list[int] | None = None) -> list[re.Match[str]]:
    """What `regex.finditer(text)` gives, found by `folded` over `folded_text` when there is one; `places`, when
    given, are the only offsets at which `folded` can start a match (see starts.py)."""
    if folded is None:
        return list(regex.finditer(text))
    quick_matches = folded.finditer(folded_text) if places is None else matches_at(folded, folded_text, places)
    spans = [quick.span() for quick in quick_matches]
    found = [regex.match(text, start) for start, _end in spans]
    if all(match is not None and match.end() == end for match, (_start, end) in zip(found, spans)):
        return found  # type: ignore[return-value]
    return list(regex.finditer(text))


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


def parse(regex: re.Pattern[str]):
    """The parse tree of `regex` (re's own parser; read once, shared with starts.py), None if unreadable."""
    return parsed(regex.pattern, regex.flags)


@lru_cache(maxsize=256)
def parsed(pattern: str, flags: int):
    try:
        return _parser.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - a private parser may change; what it cannot read is left as it is
        return None


def mixed_range(tree) -> bool:
    """Whether a character range holds letters and other characters ("[A-z]"): lower-casing it would drop some.
    True for a pattern that could not be parsed."""
    if tree is None:
        return True
    for item in tree if isinstance(tree, (list, tuple, _parser.SubPattern)) else ():
        if isinstance(item, tuple) and len(item) == 2 and item[0] is sre.RANGE:
            low, high = item[1]
            if any(chr(low) <= edge <= chr(high) for edge in "@AZ[`az{") and not (
                    "a" <= chr(low) <= chr(high) <= "z" or "A" <= chr(low) <= chr(high) <= "Z"):
                return True
        elif isinstance(item, (list, tuple, _parser.SubPattern)) and mixed_range(item):
            return True
    return False
