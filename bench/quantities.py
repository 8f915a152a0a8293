"""Benchmark the quantities stage on raw news (Reuters-21578 bodies): speed, how much of each item is filled,
and agreement with spaCy's own number entities (CARDINAL, MONEY, PERCENT, QUANTITY). There is no gold set
for numbers, so the agreement figures describe overlap with another reader, not accuracy.

    PYTHONPATH=. python bench/quantities.py ../shared/data/reuters21578 --limit 300

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import time
from pathlib import Path

NUMBER_LABELS = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
FILLED = ("value", "unit", "counted", "about", "claimant", "revises")


def reuters_bodies(folder: Path, limit: int) -> list[str]:
    """Article bodies in file order, without the trailing 'Reuter' signature and with hard-wrapped lines joined
    (the parser starts a sentence at every line break)."""
    bodies: list[str] = []
    for path in sorted(folder.glob("reut2-*.sgm")):
        raw = path.read_text(encoding="latin-1")
        for body in re.findall(r"<BODY>(.*?)</BODY>", raw, re.S):
            body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", html.unescape(body).replace("\x03", "")).strip()
            bodies.append(re.sub(r"\n(?! )", " ", body))  # unwrap lines; an indented line starts a paragraph
            if len(bodies) >= limit:
                return bodies
    return bodies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the reuters21578 folder with reut2-*.sgm")
    parser.add_argument("--limit", type=int, default=300, help="number of articles")
    args = parser.parse_args()

    from eventwire.ingest.reading import RawArticle, text_id
    from eventwire.pipeline import Pipeline
    from eventwire.quantities import stage
    from eventwire.stages import Context

    pipeline = Pipeline()
    texts = reuters_bodies(args.folder, args.limit)
    items, spacy_spans, matched_spacy, matched_items, stage_seconds = 0, 0, 0, 0, 0.0
    filled = dict.fromkeys(FILLED, 0)
    for raw_text in texts:
        result = pipeline.extract(RawArticle(id=text_id(raw_text), text=raw_text, origin="<bench>"))
        doc = pipeline.nlp(raw_text)
        started = time.perf_counter()
        stage.apply(Context(doc=doc, result=result, resources=pipeline.resources))
        stage_seconds += time.perf_counter() - started
        quantities = result.quantities
        items += len(quantities)
        for key in FILLED:
            filled[key] += sum(1 for q in quantities if getattr(q, key) is not None)
        numbers = [e for e in doc.ents if e.label_ in NUMBER_LABELS]
        spacy_spans += len(numbers)
        overlaps = lambda q, e: q.start < e.end_char and e.start_char < q.end  # noqa: E731
        matched_spacy += sum(1 for e in numbers if any(overlaps(q, e) for q in quantities))
        matched_items += sum(1 for q in quantities if any(overlaps(q, e) for e in numbers))
    print(
        json.dumps(
            {
                "articles": len(texts),
                "quantities": items,
                "per_article": round(items / max(len(texts), 1), 2),
                "filled": {key: round(count / max(items, 1), 3) for key, count in filled.items()},
                "spacy_number_entities": spacy_spans,
                "spacy_entities_found": round(matched_spacy / max(spacy_spans, 1), 3),
                "quantities_spacy_also_marks": round(matched_items / max(items, 1), 3),
                "stage_ms_per_article": round(1000 * stage_seconds / max(len(texts), 1), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
