"""Run the case-insensitive time rules as case-sensitive regexes over a lower-cased copy of the text.

Python's `re` tries every alternative of a word list one by one at each word start; case-sensitively it
skips an alternative whose first letter differs without trying it, case-insensitively it cannot, so the
same scan over folded text takes about half the time. The folded copy has the text's length and offsets
(`eventwire.openings.fold_text`). Each span found is then matched again with the rule's own regex at the same
offset, which gives the Match (groups, original case) and checks the end; any disagreement falls back to scanning
the text with the rule's regex.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's opcodes; `re` has shipped these modules since 3.11
from re import _parser

from eventwire.openings import matches_at, parse

UPPER_OUTSIDE_ESCAPES = re.compile(r"\\.|\(\?P[<=]|[A-Z]", re.DOTALL)
INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]+[:)]")  # an escaped "(" found too only costs the speed-up
CODED_CHARACTERS = re.compile(r"\\[xuUN0-7]")
"""Escapes that may stand for a capital letter ("\\x41"), which folded text never contains."""


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
    given, are the only offsets at which `folded` can start a match (see eventwire/openings.py)."""
    if folded is None:
        return list(regex.finditer(text))
    quick_matches = folded.finditer(folded_text) if places is None else matches_at(folded, folded_text, places)
    spans = [quick.span() for quick in quick_matches]
    found = [regex.match(text, start) for start, _end in spans]
    if all(match is not None and match.end() == end for match, (_start, end) in zip(found, spans)):
        return found  # type: ignore[return-value]
    return list(regex.finditer(text))


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
