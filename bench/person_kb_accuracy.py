"""Score the person KB on the hand-labelled sample `bench/person_kb_sample.tsv`: the share of PERSON entities naming
a head of state or government, a minister or a party leader in Reuters-21578 stories that get the RIGHT country,
and which rule gave it (actor.basis: text, kb, dateline).

    python bench/person_kb_accuracy.py [--show]

The entity stage runs on each story of the sample without and with the person KB (bench/person_coverage.py); an
entity is found by its name in its story. Printed as JSON: per variant the entities right, wrong (another country)
and uncoded, overall and per category (H head, M minister, P party leader); --show lists the ones not right.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest_reuters import REUTERS, stories  # noqa: E402
from bench.person_coverage import entity_runs  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "person_kb_sample.tsv"
LAST_STORY = 4600
"""The sample's stories are among the first this many with a body."""


def read_sample(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader((line for line in stream if not line.startswith("#")), delimiter="\t"))
    if not rows or set(rows[0]) != {"doc", "entity", "category", "country"}:
        raise SystemExit(f"{path}: expected the columns doc, entity, category, country")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--show", action="store_true", help="list the entities not right")
    args = parser.parse_args()
    sample = read_sample(args.sample)
    wanted = {row["doc"] for row in sample}
    documents = ((doc_id, published, text) for doc_id, _t, published, text in stories(REUTERS, LAST_STORY)
                 if doc_id in wanted)
    found = {doc_id: runs for doc_id, runs in entity_runs(documents)}
    report, misses = {}, []
    for variant in ("without", "with"):
        tally: dict[str, dict[str, int]] = {}
        for row in sample:
            entities = [e for e in found.get(row["doc"], {}).get(variant, []) if e.name == row["entity"]]
            actor = entities[0].actor if entities else None
            country = actor.country if actor is not None else None
            outcome = "missing" if not entities else "right" if country == row["country"] else \
                "uncoded" if country is None else "wrong"
            basis = getattr(actor, "basis", None) or "none"
            for key in ("all", row["category"]):
                counts = tally.setdefault(key, {"entities": 0, "right": 0, "wrong": 0, "uncoded": 0, "missing": 0,
                                                "right_by_basis": {}, "wrong_by_basis": {}})
                counts["entities"] += 1
                counts[outcome] += 1
                if outcome in ("right", "wrong"):
                    counts[f"{outcome}_by_basis"][basis] = counts[f"{outcome}_by_basis"].get(basis, 0) + 1
            if variant == "with" and outcome != "right":
                misses.append({**row, "outcome": outcome, "got": country,
                               "rule": getattr(actor, "rule", None) if actor is not None else None})
        for counts in tally.values():
            counts["share_right"] = round(counts["right"] / counts["entities"], 3)
        report[f"{variant}_person_kb"] = tally
    report["sample"] = {"file": str(args.sample.relative_to(ROOT)), "entities": len(sample), "stories": len(wanted)}
    if args.show:
        report["not_right_with_person_kb"] = misses
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
