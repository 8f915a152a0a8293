"""Speed of the event stage: full extraction of a 500-word article against the bare spaCy parse of it.

    PYTHONPATH=. python bench/events_speed.py [--repeat 5]

Prints JSON: seconds for the parse alone, for the whole pipeline, for the event stage alone, and the ratio
of the whole extraction (parse + all stages) to the bare parse. The issue's budget is a ratio of at most 1.5.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from eventwire.ingest.reading import read_path
from eventwire.pipeline import Pipeline
from eventwire.stages import Context

ROOT = Path(__file__).resolve().parent.parent


def five_hundred_words() -> str:
    """The reference article repeated up to about 500 words, paragraph boundaries kept."""
    text = read_path(ROOT / "examples" / "nk-russia-reuters.txt").text
    body = text.split("\n\n", 3)[-1]
    out = text
    while len(out.split()) < 500:
        out += "\n\n" + body
    return " ".join(out.split(" ")[:520])


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from eventwire.ingest.reading import RawArticle

    text = five_hundred_words()
    raw = RawArticle(id="bench", text=text, origin="bench")
    pipeline = Pipeline()
    pipeline.extract(raw, published="2024-10-29")  # warm up: load data files once
    parse = best_of(args.repeat, lambda: pipeline.nlp(text))
    full = best_of(args.repeat, lambda: pipeline.extract(raw, published="2024-10-29"))
    doc = pipeline.nlp(text)
    result = pipeline.extract(raw, published="2024-10-29")
    events_stage = {stage.name: stage.run for stage in pipeline.stages}["events"]
    ctx = Context(doc=doc, result=result, resources=pipeline.resources)
    events = best_of(args.repeat, lambda: events_stage(ctx))
    print(json.dumps({"words": len(text.split()), "events": len(result.events), "parse_s": round(parse, 4),
                      "extract_s": round(full, 4), "events_stage_s": round(events, 4),
                      "events_stage_vs_parse": round(events / parse, 3), "extract_vs_parse": round(full / parse, 3)},
                     indent=2))


if __name__ == "__main__":
    main()
