"""Person-KB coverage: the share of PERSON entities that get a country (or an IGO), without and with the person KB.

    python bench/person_coverage.py --reuters 2000 --meantime

On the first --reuters stories of Reuters-21578 with a body (file order, dated 1987; read as bench/ingest_reuters.py
reads them) and on the 120 MEANTIME Wikinews documents (text rebuilt from their tokens, dated by their creation
time). Only the entity stage runs, once with the person KB and once without it, on the same parse. Printed as
JSON: per corpus the PERSON entities, how many have a country or IGO from the text, from the KB, and how many KB
codings came from a surname alone. Also the time the person KB adds to the entity stage per document.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest_reuters import REUTERS, SHARED, stories  # noqa: E402

MEANTIME = SHARED / "data" / "meantime" / "intra-doc_annotation"
NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s|n't|'re|'ve|'ll|'d)")


def meantime_documents():
    """(id, published, text) of each MEANTIME document: one line per sentence, the first is the headline."""
    for path in sorted(MEANTIME.glob("*/*.xml")):
        root = ET.parse(path).getroot()
        sentences: dict[int, list[str]] = {}
        for token in root.iter("token"):
            sentences.setdefault(int(token.get("sentence")), []).append(token.text or "")
        text = "\n".join(NO_SPACE_BEFORE.sub(r"\1", " ".join(words)).replace("( ", "(").replace("$ ", "$")
                         for _, words in sorted(sentences.items()))
        created = next((t.get("value") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"),
                       None)
        yield f"meantime-{root.get('doc_id')}", created, text


def count(entities) -> dict:
    people = [e for e in entities if e.type == "PERSON"]
    coded = [e for e in people if e.actor is not None and (e.actor.country or e.actor.igo)]
    kb = [e for e in coded if e.actor.basis == "kb"]
    return {"persons": len(people), "with_country": len(coded), "from_text": len(coded) - len(kb), "from_kb": len(kb),
            "kb_surname_only": sum(1 for e in kb if e.actor.rule.startswith("surname"))}


def entity_runs(documents, seconds: dict[str, float] | None = None):
    """(id, {"without": entities, "with": entities}) per document: the entity stage on one parse, without the person KB
    and with it, alternating which goes first. `seconds` (if given) gathers each variant's stage time; its
    "load" is the time the person KB took to read."""
    from eventwire.document import Extraction
    from eventwire.entities import stage
    from eventwire.ingest.layout import analyse
    from eventwire.ingest.reading import RawArticle
    from eventwire.resources import Resources
    from eventwire.stages import Context

    seconds = {} if seconds is None else seconds
    with_kb, without_kb = Resources(), Resources()
    kb = with_kb.kb
    started = time.perf_counter()
    assert kb.persons is not None
    seconds["load"] = time.perf_counter() - started
    without_kb.kb = copy.copy(kb)
    without_kb.kb.persons_file = None
    without_kb.nlp = with_kb.nlp
    kbs = {"without": without_kb, "with": with_kb}
    parser = with_kb.nlp
    for number, (doc_id, published, text) in enumerate(documents):
        document = analyse(RawArticle(id=doc_id, text=text, origin="bench", published=published), published)
        doc = parser(document.text)
        found = {}
        for name in (("without", "with") if number % 2 else ("with", "without")):
            result = Extraction(document)
            began = time.perf_counter()
            stage.apply(Context(doc, result, kbs[name]))
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - began
            found[name] = result.entities
        yield doc_id, found


def measure(documents, limit_note: str) -> dict:
    totals: dict[str, dict[str, int]] = {"with": {}, "without": {}}
    seconds: dict[str, float] = {}
    n = 0
    for _doc_id, found in entity_runs(documents, seconds):
        for name, entities in found.items():
            for key, value in count(entities).items():
                totals[name][key] = totals[name].get(key, 0) + value
        n += 1
    share = {name: round(t["with_country"] / t["persons"], 3) if t["persons"] else None for name, t in totals.items()}
    return {"documents": n, "selection": limit_note, "without_person_kb": totals["without"],
            "with_person_kb": totals["with"], "share_with_country": share,
            "entity_stage_ms_per_doc": {k: round(1000 * seconds[k] / max(n, 1), 2) for k in ("without", "with")},
            "person_kb_added_ms_per_doc": round(1000 * (seconds["with"] - seconds["without"]) / max(n, 1), 3),
            "person_kb_load_seconds": round(seconds["load"], 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuters", type=int, default=2000, help="stories of Reuters-21578 (0: none)")
    parser.add_argument("--meantime", action="store_true", help="also the MEANTIME documents")
    args = parser.parse_args()
    report = {}
    if args.reuters:
        chosen = ((doc_id, published, text) for doc_id, _title, published, text in stories(REUTERS, args.reuters))
        report["reuters21578"] = measure(chosen, f"first {args.reuters} stories with a body, file order")
    if args.meantime:
        report["meantime"] = measure(meantime_documents(), "all documents")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
