"""Events as records on real news: mentions and events per document, and the share with a place and a magnitude.

    python bench/records_reuters.py --limit 2000
    python bench/records_reuters.py --meantime ../shared/data/meantime/intra_cross-doc_annotation
    python bench/records_reuters.py --limit 2000 --sample 60 --sample-out bench/location_sample.tsv

The first --limit Reuters-21578 stories with a body (the reader of bench/ingest_reuters.py), or with --meantime
the MEANTIME articles (text rebuilt from their tokens, as `eventwire eval clusters` does), are extracted by the
default pipeline. Before in-document merging a document had one event per mention; `mentions_per_doc` and
`events_per_doc` compare the two. A mention's clause place is what every event carried before this change
(`mentions_with_clause_place`); `events_with_location` counts the places of the merged events by basis.
`--sample N` writes N events drawn at random (seed 17) with their sentence and place, to be labelled by hand
(bench/location_accuracy.py scores the labels). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_reuters import REUTERS, stories  # noqa: E402


def articles(limit: int, meantime: Path | None):
    from eventwire.ingest.reading import RawArticle

    if meantime is not None:
        from eventwire.eval.clusters import read_corpus

        return [RawArticle(id=d.name, text=d.text, origin=d.name,
                           published=d.published.isoformat() if d.published else None) for d in read_corpus(meantime)]
    return [RawArticle(id=i, text=text, origin=i, published=published) for i, _title, published, text in stories(REUTERS, limit)]


def measure(results) -> tuple[dict, list[tuple]]:
    documents = mentions = clause_mentions = with_magnitude = 0
    events: list[tuple] = []
    bases: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for result in results:
        documents += 1
        text = result.document.text
        for event in result.events:
            mentions += len(event.mentions)
            clause_mentions += sum(1 for m in event.mentions if m.location and m.location.basis == "clause")
            place = event.location
            bases[place.basis if place else "none"] += 1
            with_magnitude += bool(event.magnitude)
            kinds.update(m.kind for m in event.magnitude)
            sentence = text[event.sentence.start:event.sentence.end].replace("\t", " ").replace("\n", " ")
            events.append((result.document.id, event.id, event.trigger.text, event.plover or event.cameo,
                           place.name if place else "", place.basis if place else "", sentence))
    total = len(events)
    report = {
        "documents": documents, "mentions": mentions, "events": total,
        "mentions_per_doc": round(mentions / documents, 3), "events_per_doc": round(total / documents, 3),
        "mentions_with_clause_place": round(clause_mentions / mentions, 4) if mentions else 0.0,
        "events_with_location": round((total - bases["none"]) / total, 4) if total else 0.0,
        "events_by_location_basis": dict(bases.most_common()),
        "events_with_magnitude": round(with_magnitude / total, 4) if total else 0.0,
        "magnitudes_by_kind": dict(kinds.most_common()),
    }
    return report, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=2000, help="Reuters stories (19,043 have a body)")
    parser.add_argument("--meantime", type=Path, help="measure the MEANTIME articles instead")
    parser.add_argument("--sample", type=int, default=0, help="events to write for labelling")
    parser.add_argument("--sample-out", type=Path, default=Path("location_sample.tsv"))
    args = parser.parse_args()
    from eventwire.pipeline import Pipeline

    report, events = measure(Pipeline().extract_many(articles(args.limit, args.meantime)))
    if args.sample:
        chosen = random.Random(17).sample(events, min(args.sample, len(events)))
        lines = ["doc\tevent\ttrigger\ttype\tpredicted\tbasis\tgold\tsentence"]
        lines += ["\t".join([*row[:6], "", row[6]]) for row in chosen]
        args.sample_out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        report["sample"] = {"events": len(chosen), "file": str(args.sample_out)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
