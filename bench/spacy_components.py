"""spaCy's components as shipped against eventwire's indexed attribute ruler and lemmatizer: time and sameness.

    python bench/spacy_components.py --limit 400 --repeat 2          # CPU ms per story of each component
    python bench/spacy_components.py --limit 19043 --check-only      # every token attribute compared

On the first --limit Reuters-21578 stories (the reader of bench/ingest_reuters.py), both pipelines
(`nlp.load_model(indexed=False)`, spaCy's own components, and `nlp.load_model()`, eventwire's) parse the same texts, 64
at a time inside spaCy memory zones as the ingest does, and every token's tag, part of speech, features, lemma,
dependency label, head, entity tag and sentence start are compared. Before that, unless --check-only, each
component of each pipeline is timed alone (CPU) over the same tokenised stories, --repeat times: the first pass
meets every word for the first time, later passes show a long-running process. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_reuters import REUTERS, stories

CHUNK = 64


def differing(shipped, indexed, texts: list[str]) -> int:
    """Documents on which any token attribute differs between the two pipelines."""
    from spacy.attrs import (
        DEP,
        ENT_IOB,
        ENT_TYPE,
        HEAD,
        LEMMA,
        MORPH,
        POS,
        SENT_START,
        TAG,
    )

    columns = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    count = 0
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start:start + CHUNK]
        with shipped.memory_zone(), indexed.memory_zone():
            for one, other in zip(shipped.pipe(chunk, batch_size=16), indexed.pipe(chunk, batch_size=16)):
                count += int((one.to_array(columns) != other.to_array(columns)).any()
                             or [(t.lemma_, str(t.morph)) for t in one] != [(t.lemma_, str(t.morph)) for t in other])
    return count


def component_costs(nlp, texts: list[str], repeat: int) -> dict[str, list[float]]:
    """CPU ms per story of each component, one list entry per pass."""
    costs: dict[str, list[float]] = {name: [] for name in nlp.pipe_names}
    for _ in range(repeat):
        docs = [nlp.make_doc(text) for text in texts]
        for name, component in nlp.pipeline:
            began = time.process_time()
            docs = list(component.pipe(docs, batch_size=16)) if hasattr(component, "pipe") else [component(d) for d in docs]
            costs[name].append(round(1000 * (time.process_time() - began) / len(texts), 3))
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--check-only", action="store_true", help="compare the attributes, time nothing")
    args = parser.parse_args()
    from eventwire import nlp

    texts = [text for _, _, _, text in stories(REUTERS, args.limit)]
    shipped, indexed = nlp.load_model(indexed=False), nlp.load_model()
    report = {"documents": len(texts)}
    if not args.check_only:  # before the comparison, so the first pass meets the words for the first time
        report["cpu_ms_per_story_by_pass"] = {
            "spacy": component_costs(shipped, texts, args.repeat),
            "eventwire": component_costs(indexed, texts, args.repeat),
        }
    report["documents_differing"] = differing(shipped, indexed, texts)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
