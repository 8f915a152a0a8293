"""Find quotations by their marks: “…” ‘…’ "…" '…', nested, over sentences and paragraphs.

News continues a long quote into the next paragraph by opening it again without
closing the first one; such a paragraph-long run is one quotation. An opening mark
that is never closed, and not continued, is malformed: it is dropped rather than
guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
STRAIGHT = "\"'"
ANY_MARK = re.compile("[" + re.escape(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT) + "]")
"""Where a scan has something to do: every other character leaves its state as it is."""


TWO_CHAR_MARKS = {"``": "“", "''": '"'}
"""Typewriter conventions for double quotes (``like this'' and ''like this''), read as one mark."""
PAIRED = "\x00"


@dataclass
class Quotation:
    """A quoted stretch: `start`/`end` include the marks, `inner_*` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    nested: list["Quotation"] = field(default_factory=list)


def _marks_as_one(text: str) -> str:
    """The text with each two-character mark made one mark and a placeholder, offsets unchanged."""
    for pair, mark in TWO_CHAR_MARKS.items():
        text = text.replace(pair, mark + PAIRED)
    return text


def _opens(text: str, i: int) -> bool:
    """A straight or single mark opens when it follows a space, a bracket, a dash or the start."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-/“‘\""


def _closes(text: str, i: int) -> bool:
    """A mark closes when no letter or digit follows it (so the ’ of "Korea’s" does not)."""
    return i + 1 >= len(text) or not text[i + 1].isalnum()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _scan(text: str, start: int, end: int) -> tuple[list[Quotation], int | None]:
    """Quotations closed inside [start, end), and the offset of a double quote left open."""
    found: list[Quotation] = []  # outermost so far: disjoint, in order, so those a new quotation holds end the list
    stack: list[tuple[str, int]] = []  # (kind, offset) of open marks: kind "d" double, "s" single
    singles = 0  # single marks on the stack, counted so that a closing ’ does not search it
    for mark_at in ANY_MARK.finditer(text, start, end):
        i, char = mark_at.start(), mark_at.group()
        kind = None
        if char in DOUBLE_OPEN:
            stack.append(("d", i))
            continue
        if char in SINGLE_OPEN and _opens(text, i):
            stack.append(("s", i))
            singles += 1
            continue
        if char in DOUBLE_CLOSE:
            kind = "d"
        elif char == SINGLE_CLOSE and _closes(text, i) and singles:
            kind = "s"
        elif char in STRAIGHT:
            mark = "d" if char == '"' else "s"
            if stack and stack[-1][0] == mark and text[stack[-1][1]] == char and _closes(text, i):
                kind = mark
            elif _opens(text, i) and not (mark == "s" and i + 1 < end and text[i + 1].isspace()):
                stack.append((mark, i))
                singles += mark == "s"
                continue
        if kind is None:
            continue
        while stack and stack[-1][0] != kind:  # an unclosed inner mark does not survive its outer quote
            singles -= stack.pop()[0] == "s"
        if not stack:
            continue
        _, opened = stack.pop()
        singles -= kind == "s"
        end_at = i + 2 if i + 1 < len(text) and text[i + 1] == PAIRED else i + 1
        inner_start = opened + 2 if text[opened + 1] == PAIRED else opened + 1
        quotation = Quotation(opened, end_at, inner_start, i)
        held = len(found)
        while held and found[held - 1].start > opened:
            held -= 1
        quotation.nested = found[held:]
        del found[held:]
        found.append(quotation)
    left_open = next((offset for k, offset in stack if k == "d"), None)
    return found, left_open


def find_quotations(text: str) -> list[Quotation]:
    """All well-formed outermost quotations of `text` in order, each with its nested quotations."""
    text = _marks_as_one(text)
    result: list[Quotation] = []
    paragraphs = _paragraphs(text)
    pending: tuple[int, int] | None = None  # (start, inner start) of a quote carried over from the last paragraph
    for index, (start, end) in enumerate(paragraphs):
        found, left_open = _scan(text, start, end)
        if pending is not None:
            if found and found[0].start == start and text[start] in DOUBLE_OPEN + '"':
                first = found[0]
                found[0] = Quotation(pending[0], first.end, pending[1], first.inner_end, first.nested)
            elif left_open == start:
                left_open = pending[0]
        result.extend(found)
        pending = None
        following = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
        if left_open is not None and following is not None and text[following] in DOUBLE_OPEN + '"':
            pending = (left_open, left_open + (2 if text[left_open + 1] == PAIRED else 1))  # continued next paragraph
    return sorted(result, key=lambda q: q.start)
