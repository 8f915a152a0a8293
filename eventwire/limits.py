"""Bounds on the work one document may cost: its length (split into parts or refused) and its time.

A document longer than `max_chars` is extracted in parts cut at paragraph boundaries, each part as a document of
its own, and the parts' results are put back together with their offsets moved to the whole text and their ids
renumbered, so the output is one valid extraction of the whole text. What is lost is what crosses a cut: an entity
named in two parts is two entities (each with its own mentions), a quotation or sentence cut in two is two. A
time budget ends a document's extraction with `DocumentTimeout` (the pipeline records it as that document's
error and goes on).
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, is_dataclass, replace
from typing import Any

from eventwire.document import Document, Extraction, Section

MAX_CHARS = 200_000
"""Longest document extracted whole (about 40 times the longest Reuters story, a quarter of a book)."""
ON_LONG = ("split", "refuse")
BREAKS = ("\n\n", "\n", ". ", " ")
"""Where a part may end, best first: a blank line, a line break, a sentence's end, a space."""
SMALLEST_PART = 0.5
"""Share of `max_chars` a part must reach for a break of a kind to be used; below it the next kind is tried (a long
paragraph is cut at a line or sentence, not left as a sliver)."""
ID = re.compile(r"([a-z])(\d+)")
REFERENCES = frozenset(("id", "entity", "speaker", "about", "revises", "claimant"))
"""Keys whose values are item ids ("e3", "n12") in an extraction's records."""
REFERENCE_LISTS = frozenset(("participants",))
"""Keys whose values are lists of item ids: the entities named in an event's clauses."""


def parts(text: str, max_chars: int) -> list[tuple[int, int]]:
    """[start, end) of consecutive parts of at most `max_chars` characters covering `text`, each ending just after
    the best break (BREAKS) in its second half, else cut at `max_chars`. One pass of `rfind` per part."""
    found, start = [], 0
    while len(text) - start > max_chars:
        limit = start + max_chars
        end = limit
        for mark in BREAKS:
            at = text.rfind(mark, start + int(max_chars * SMALLEST_PART), limit)
            if at >= 0:
                end = at + len(mark)
                break
        found.append((start, end))
        start = end
    found.append((start, len(text)))
    return found


def part_document(whole: Document, start: int, end: int, index: int) -> Document:
    """The part [start, end) of `whole` as a document: its text, the sections it overlaps (cut to it) and the
    whole's metadata; title and dateline only in the first part, where they are."""
    sections = [Section(s.kind, max(s.start, start) - start, min(s.end, end) - start)
                for s in whole.sections if s.start < end and start < s.end]
    first = index == 0
    return replace(whole, text=whole.text[start:end], sections=sections, title=whole.title if first else None,
                   dateline=whole.dateline if first else None, id=f"{whole.id}#part{index + 1}")


def merge(whole: Document, extractions: list[tuple[int, Extraction]]) -> Extraction:
    """One extraction of `whole` from its parts' (start offset, extraction): offsets moved by each part's start,
    ids renumbered after those of the parts before (references follow their items)."""
    merged = Extraction(document=whole)
    used: dict[str, int] = {}
    for offset, part in extractions:
        shift = dict(used)
        for entity in part.entities:
            entity.id = _renumbered(entity.id, shift, used)
            entity.mentions = [replace(m, start=m.start + offset, end=m.end + offset) for m in entity.mentions]
            entity.place = _moved(entity.place, offset, shift, used)
            merged.entities.append(entity)
        for name in ("events", "quotes", "times", "quantities"):
            getattr(merged, name).extend(_moved(item, offset, shift, used) for item in getattr(part, name))
    return merged


def _renumbered(value: str, shift: dict[str, int], used: dict[str, int]) -> str:
    match = ID.fullmatch(value)
    if match is None:
        return value
    kind, number = match.group(1), int(match.group(2)) + shift.get(match.group(1), 0)
    used[kind] = max(used.get(kind, 0), number)
    return f"{kind}{number}"


def _moved(value: Any, offset: int, shift: dict[str, int], used: dict[str, int]) -> Any:
    """A record (a dict, or a dataclass such as a `Quote` or an `Event`) with every `start` and `end` offset moved
    by `offset` and every id in REFERENCES and REFERENCE_LISTS renumbered. A dataclass is copied, never changed in
    place: a cue that two quotes share, or the trigger an event shares with its first mention, is moved in each
    copy, not twice."""
    if isinstance(value, list):
        return [_moved(v, offset, shift, used) for v in value]
    if isinstance(value, dict):
        return {key: _moved_member(key, item, offset, shift, used) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _moved_member(f.name, getattr(value, f.name), offset, shift, used)
                                 for f in fields(value)})
    return value


def _moved_member(key: str, item: Any, offset: int, shift: dict[str, int], used: dict[str, int]) -> Any:
    if key in ("start", "end") and type(item) is int:
        return item + offset
    if key in REFERENCES and isinstance(item, str):
        return _renumbered(item, shift, used)
    if key in REFERENCE_LISTS and isinstance(item, list):
        return [_renumbered(value, shift, used) for value in item]
    return _moved(item, offset, shift, used)


class DocumentTimeout(BaseException):
    """A document's extraction ran past its time budget. A BaseException, so that the pipeline's guard against a
    crash in one document (`except Exception`) does not take it for a bug."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in the block once `seconds` of wall time have passed. It needs a signal (SIGALRM), so
    it acts in a process's main thread (the CLI, each ingest worker) and is a no-op in other threads; a step inside
    spaCy's compiled code ends before the exception is raised."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(_signum, _frame):
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
