"""The one precision/recall/F1 helper of the evaluations (eventwire/eval/scores.py)."""

from __future__ import annotations

from eventwire.eval.scores import f1, prf, ratio, rounded


def test_prf_counts_each_side_on_its_own():
    # 3 of 4 predictions right, 3 of 6 gold found: F1 from the unrounded 0.75 and 0.5
    assert prf(3, 4, 3, 6) == {"precision": 0.75, "recall": 0.5, "f1": 0.6}
    # clustering counts links: the two numerators differ
    assert prf(2, 3, 1, 3) == {"precision": 0.6667, "recall": 0.3333, "f1": 0.4444}


def test_nothing_to_score():
    assert prf(0, 0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert f1(0.0, 0.0) == 0.0
    assert ratio(1, 0) == 0.0 and ratio(1, 0, empty=None) is None
    assert rounded(None) is None and rounded(2 / 3) == 0.6667
