"""Which of many [start, end) spans overlap a range, in time proportional to the spans near it."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Spans sorted by start (ties in the order given). A span that overlaps [start, end) starts before `end` and
    at most `longest` characters before `start`, so a question looks only at the spans starting in that window:
    for mentions and quotations, a few."""

    def __init__(self, spans: Iterable[tuple[int, int, T]]):
        self.spans = sorted(spans, key=lambda span: span[0])
        self.starts = [span[0] for span in self.spans]
        self.longest = max((b - a for a, b, _ in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[T]:
        """The values of the spans with span.start < end and start < span.end, in start order."""
        low = bisect_left(self.starts, start - self.longest)
        high = bisect_left(self.starts, end)
        return [value for a, b, value in self.spans[low:high] if start < b]

    def holding(self, offset: int) -> list[T]:
        """The values of the spans with span.start <= offset < span.end."""
        return self.overlapping(offset, offset + 1)
