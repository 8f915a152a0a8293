"""Time per Reuters story of two (or more) checkouts of eventwire, in alternating fresh processes.

    python bench/ab_speed.py /path/to/old/checkout /path/to/new/checkout --limit 300 --rounds 3

The "stays within 1.05x of today's speed" checks of the issues: each checkout's code is imported through
PYTHONPATH (the dependencies are this interpreter's), a fresh process per checkout per round, in the order
A B A B ... so that a change in the machine's load falls on both. Each process builds `Pipeline()`, extracts one
story to warm what loads lazily, then extracts the first --limit Reuters-21578 stories with a body
(bench/ingest_reuters.py's reader) one by one and reports CPU seconds per story (time.process_time: steadier than
wall time on a shared machine). Printed: JSON with each checkout's per-round CPU ms per story, their medians, and
the median of each round's ratio to the first checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent

CHILD = """
import json, sys, time
sys.path.insert(0, {bench!r})
from ingest_reuters import REUTERS, stories
from eventwire.ingest.reading import RawArticle
from eventwire.pipeline import Pipeline

texts = [text for *_, text in stories(REUTERS, {limit} + 1)]
pipeline = Pipeline()
pipeline.extract(RawArticle(id="warm", text=texts[0], origin="warm"))
started = time.process_time()
for number, text in enumerate(texts[1:]):
    pipeline.extract(RawArticle(id=f"r{{number}}", text=text, origin="bench"))
print(json.dumps({{"ms_per_story": (time.process_time() - started) / max(len(texts) - 1, 1) * 1000}}))
"""


def measure(checkout: Path, limit: int, cache: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(checkout), EVENTWIRE_CACHE=cache)
    out = subprocess.run([sys.executable, "-c", CHILD.format(bench=str(BENCH), limit=limit)], env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])["ms_per_story"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkouts", type=Path, nargs="+", help="folders holding an eventwire/ package")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if len(args.checkouts) < 2:
        parser.error("give at least two checkouts to compare")
    caches = {c: f"/tmp/ab-speed-cache-{index}" for index, c in enumerate(args.checkouts)}
    rounds: dict[Path, list[float]] = {c: [] for c in args.checkouts}
    for round_number in range(args.rounds):
        for checkout in args.checkouts:
            rounds[checkout].append(measure(checkout.resolve(), args.limit, caches[checkout]))
            print(f"round {round_number + 1}: {checkout}: {rounds[checkout][-1]:.1f} ms", file=sys.stderr)
    first = args.checkouts[0]
    print(json.dumps({
        "stories": args.limit,
        "ms_per_story": {str(c): [round(v, 2) for v in rounds[c]] for c in args.checkouts},
        "median_ms": {str(c): round(statistics.median(rounds[c]), 2) for c in args.checkouts},
        "ratio_to_first": {str(c): round(statistics.median(b / a for a, b in zip(rounds[first], rounds[c])), 3)
                           for c in args.checkouts[1:]},
    }, indent=2))


if __name__ == "__main__":
    main()
