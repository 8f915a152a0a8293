"""Seconds per 10,000 characters on hostile and very long inputs, against ordinary news in the same run.

    python bench/adversarial.py                      # generated inputs at 2k and 20k, saved inputs, news 10k/100k/1M
    python bench/adversarial.py --sizes 2000 8000 --long 10000 100000 --only quotes brackets

Every figure is one `Pipeline().extract` in one warm process (model loaded, one story extracted first), CPU
seconds of the process (`--clock cpu`, the default: fair on a shared machine, and "on one core" since extraction is
single-threaded) or wall seconds (`--clock wall`), scaled to 10,000 characters, and its ratio to ordinary news: the
first --stories Reuters-21578 stories (bench/ingest_reuters.py's reader), each extracted alone. The inputs:
  generated   each generator of eventwire/fuzzing.py (runs of quote marks, brackets, dashes, digits, URLs, repeated
              and very long tokens, capitals lines, ...) at each of --sizes characters; the per-character time at
              the largest size over that at the smallest shows whether a generator's cost grows faster than its
              length (linear: about 1)
  saved       every file in tests/data/adversarial/ (the worst inputs found, `make fuzz` adds to them)
  news        the Reuters stories joined into one document of each --long size (above the pipeline's max_chars
              it is split at paragraph boundaries and extracted in parts)
Goal: no input above 3x the per-character time of ordinary news; a 1,000,000-character document under 60 s.
Run against other code with PYTHONPATH=/path/to/other/checkout (the limits then are that code's own).
Prints a Markdown table, and with --json one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_reuters import REUTERS, stories

ROOT = Path(__file__).resolve().parent.parent
SAVED = ROOT / "tests" / "data" / "adversarial"


CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}


def seconds(pipeline, text: str, clock=time.process_time) -> float:
    from eventwire.ingest.reading import RawArticle

    started = clock()
    pipeline.extract(RawArticle(id="bench", text=text, origin="bench"))
    return clock() - started


def this_checkouts_generators() -> dict:
    """The input generators of this checkout's eventwire/fuzzing.py, loaded by path: under PYTHONPATH=older code
    the `eventwire` package is the older one, which may have no generators, and both must get the same inputs."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_fuzzing", ROOT / "eventwire" / "fuzzing.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.GENERATORS


def per_10k(elapsed: float, characters: int) -> float:
    return elapsed / max(characters, 1) * 10_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000])
    parser.add_argument("--long", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--only", nargs="*", help="generators to run (default: all)")
    parser.add_argument("--no-saved", action="store_true", help="skip tests/data/adversarial/")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu", help="CPU (default) or wall seconds")
    args = parser.parse_args()
    clock = CLOCKS[args.clock]

    import inspect

    from eventwire.pipeline import Pipeline

    # Hostile inputs are rarely English: the language check is off so that each is extracted, not refused
    # (older code has no check). Documents above max_chars are split, as the pipeline does by default.
    pipeline = Pipeline(lang="off") if "lang" in inspect.signature(Pipeline).parameters else Pipeline()
    news = [text for *_, text in stories(REUTERS, max(args.stories, 1))]
    seconds(pipeline, news[0], clock)  # warm: lazy loads are not an input's cost
    news_seconds = sum(seconds(pipeline, text, clock) for text in news[:args.stories])
    baseline = per_10k(news_seconds, sum(map(len, news[:args.stories])))
    rows = [{"input": f"news: {args.stories} Reuters stories, one by one", "characters": sum(map(len, news)),
             "seconds": round(news_seconds, 2), "per_10k": round(baseline, 3), "ratio": 1.0}]

    def measure(name: str, text: str) -> dict:
        elapsed = seconds(pipeline, text, clock)
        row = {"input": name, "characters": len(text), "seconds": round(elapsed, 2),
               "per_10k": round(per_10k(elapsed, len(text)), 3),
               "ratio": round(per_10k(elapsed, len(text)) / baseline, 2)}
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
        return row

    GENERATORS = this_checkouts_generators()
    growth = {}
    for name, generate in GENERATORS.items():
        if args.only and name not in args.only:
            continue
        measured = [measure(f"generated: {name}", generate(size, seed=0)) for size in args.sizes]
        growth[name] = round(measured[-1]["per_10k"] / max(measured[0]["per_10k"], 1e-9), 2)
    if not args.no_saved and SAVED.is_dir():
        for path in sorted(SAVED.glob("*.txt")):
            measure(f"saved: {path.name}", path.read_text(encoding="utf-8"))
    joined = "\n\n".join(text for *_, text in stories(REUTERS, 3_000))
    while len(joined) < max(args.long):
        joined += "\n\n" + joined
    for size in args.long:
        measure(f"news: {size:,} characters as one document", joined[:size])

    if args.json:
        print(json.dumps({"rows": rows, "growth": growth}, indent=2))
        return
    print(f"| input | characters | {args.clock} seconds | s / 10k chars | x news |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['input']} | {row['characters']:,} | {row['seconds']} | {row['per_10k']} | {row['ratio']} |")
    if growth:
        print(f"\nPer-character time at {args.sizes[-1]:,} over {args.sizes[0]:,} characters: "
              + ", ".join(f"{name} {value}" for name, value in growth.items()))


if __name__ == "__main__":
    main()
