"""Score the event coder on CASE 2021 Task 2: one ACLED-style type per news snippet, mapped to PLOVER.

Each snippet is extracted like an article; its main event (the first factual, non-negated event with the highest
confidence) is compared with the PLOVER type and mode its gold type maps to (eventwire/data/events/case2021.yaml).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from eventwire.events.ontology import DATA


def load_mapping(path: Path = DATA / "case2021.yaml") -> tuple[dict[str, dict[str, list[str]]], set[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["types"], set(data["unmapped"])


def read_snippets(path: Path, limit: int | None = None) -> list[tuple[str, str, str]]:
    """(id, snippet, gold type) rows of the Task 2 TSV (header: id, EventSnippet, SubType)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row.get("EventSnippet") and row.get("SubType"):
                rows.append((row["id"], row["EventSnippet"], row["SubType"].strip()))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def main_event(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The event a snippet is about: factual and affirmed, in the earliest sentence that has one (news leads with
    its main event), the most confident there, then the earliest."""
    candidates = [e for e in events if e["plover"] and not e["negated"]]
    if not candidates:
        return None
    return min(candidates, key=lambda e: (e["hypothetical"], e["sentence"]["start"], -e["confidence"],
                                          e["trigger"]["start"]))


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = sorted({gold for gold, _ in pairs})
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def evaluate(path: Path, limit: int | None = None) -> dict[str, Any]:
    from eventwire.ingest.reading import RawArticle
    from eventwire.pipeline import Pipeline

    mapping, unmapped = load_mapping()
    rows = read_snippets(path, limit)
    scored = [(i, text, gold) for i, text, gold in rows if gold in mapping]
    pipeline = Pipeline()
    raws = [RawArticle(id=f"case2021-{i}", text=text, origin=f"case2021:{i}") for i, text, _ in scored]
    pairs: list[tuple[str, str]] = []
    type_hits = mode_hits = mode_total = no_event = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for (_, _, gold), result in zip(scored, pipeline.extract_many(raws)):
        event = main_event(getattr(result, "events", []))
        wanted = mapping[gold]
        predicted = event["plover"] if event else "NONE"
        no_event += event is None
        hit = predicted in wanted["plover"]
        type_hits += hit
        pairs.append((predicted if hit else wanted["plover"][0], predicted))
        confusion[(gold, predicted)] += 1
        if wanted.get("mode"):
            mode_total += 1
            mode_hits += hit and event is not None and event["mode"] in wanted["mode"]
    n = len(scored)
    return {
        "file": str(path),
        "snippets": len(rows),
        "scored": n,
        "unmapped": sum(1 for _, _, gold in rows if gold in unmapped),
        "unknown_types": sorted({gold for _, _, gold in rows if gold not in mapping and gold not in unmapped}),
        "type_accuracy": round(type_hits / n, 4) if n else None,
        "type_mode_accuracy": round(mode_hits / mode_total, 4) if mode_total else None,
        "mode_scored": mode_total,
        "macro_f1": round(macro_f1(pairs), 4),
        "no_event": no_event,
        "per_gold_type": {
            gold: {"n": total, "correct": sum(c for (g, p), c in confusion.items() if g == gold and p in mapping[gold]["plover"]),
                   "predicted": dict(Counter({p: c for (g, p), c in confusion.items() if g == gold}).most_common(3))}
            for gold, total in sorted(Counter(gold for _, _, gold in scored).items())
        },
    }
