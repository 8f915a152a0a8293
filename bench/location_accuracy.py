"""Score event locations against a hand-labelled sample (bench/location_sample.tsv).

    python bench/location_accuracy.py bench/location_sample.tsv

Rows labelled N/A (codings that are no event) are left out. precision: of the events given a place, those whose
place is the gold one (names compared case-insensitively); recall: of the events the story places, those given
that place; accuracy: events whose place, or lack of one (NONE), is right. Per basis, how many places were
right. Prints one JSON object.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path


def score(path: Path) -> dict:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = [r for r in csv.DictReader(lines, delimiter="\t") if r["gold"] != "N/A"]
    predicted = [r for r in rows if r["predicted"]]
    placed = [r for r in rows if r["gold"] != "NONE"]
    right = [r for r in predicted if r["predicted"].casefold() == r["gold"].casefold()]
    correct = len(right) + sum(1 for r in rows if not r["predicted"] and r["gold"] == "NONE")
    by_basis = Counter(r["basis"] for r in predicted)
    right_basis = Counter(r["basis"] for r in right)
    return {
        "labelled_events": len(rows), "left_out_not_events": sum(1 for _ in lines[1:]) - len(rows),
        "gold_placed": len(placed), "predicted_placed": len(predicted),
        "precision": round(len(right) / len(predicted), 3) if predicted else 0.0,
        "recall": round(len(right) / len(placed), 3) if placed else 0.0,
        "accuracy": round(correct / len(rows), 3) if rows else 0.0,
        "right_by_basis": {basis: f"{right_basis[basis]}/{count}" for basis, count in by_basis.most_common()},
    }


if __name__ == "__main__":
    print(json.dumps(score(Path(sys.argv[1] if len(sys.argv) > 1 else "bench/location_sample.tsv")), indent=2))
