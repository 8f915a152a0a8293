"""Precision, recall and F1 the one way every evaluation computes them.

`prf` takes the numerator of each measure on its own, because they differ where matching is not one to one
(clustering: links kept in the response over the key's; attribution spans averaged over annotations). Scores are
rounded to DIGITS only when reported; F1 is taken from the unrounded precision and recall.
"""

from __future__ import annotations

DIGITS = 4


def ratio(part: float, whole: float, empty: float | None = 0.0) -> float | None:
    """part / whole, or `empty` when there is nothing to divide by (None where "no score" must differ from 0)."""
    return part / whole if whole else empty


def rounded(value: float | None) -> float | None:
    """A score as reported: DIGITS decimals (None stays None)."""
    return round(value, DIGITS) if value is not None else None


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf(right: float, predicted: float, found: float, gold: float) -> dict[str, float]:
    """Rounded precision (`right` of the `predicted`), recall (`found` of the `gold`) and their F1."""
    precision, recall = ratio(right, predicted), ratio(found, gold)
    return {"precision": rounded(precision), "recall": rounded(recall), "f1": rounded(f1(precision, recall))}
