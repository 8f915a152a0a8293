"""CPU the store's writer spends per story, apart from parsing: what the ingest's writer thread costs.

    python bench/writer_cost.py --limit 600 --batch 32 64 128 --repeat 3

The first --limit Reuters-21578 stories with a body (the reader of bench/ingest_reuters.py) are extracted
once, as ingest records (`Extraction.to_dict()`); then, for each batch size, --repeat times, a fresh store
takes them with `Writer.write_many` in batches of that size, as the ingest's writer thread does with the
records that arrive within WRITE_WAIT (eventwire/ingest/batch.py). Reported: CPU milliseconds per story of
the writing (time.process_time: DuckDB's and SQLite's own threads included; opening and closing the store
excluded), the median over the repeats and each repeat's figure.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stage_costs import raw_articles  # noqa: E402


def records(limit: int) -> list[dict]:
    from eventwire.ingest.batch import as_record
    from eventwire.pipeline import Pipeline

    return [as_record(item) for item in Pipeline().extract_many(raw_articles(limit), None)]


def store_cost(stored: list[dict], batch: int) -> float:
    """CPU ms per story of writing `stored` into a fresh store, `batch` records a transaction."""
    from eventwire.store.writer import Writer

    stored = copy.deepcopy(stored)  # the writer must not rely on records it already saw
    with tempfile.TemporaryDirectory() as folder, Writer(Path(folder) / "store.duckdb") as writer:
        started = time.process_time()
        for start in range(0, len(stored), batch):
            writer.write_many(stored[start:start + batch])
        return (time.process_time() - started) / len(stored) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=600, help="stories to extract and store")
    parser.add_argument("--batch", type=int, nargs="+", default=[32, 64, 128], help="records per transaction")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    stored = records(args.limit)
    report: dict = {"documents": len(stored), "writer_cpu_ms_per_story": {}}
    for batch in args.batch:
        runs = [store_cost(stored, batch) for _ in range(args.repeat)]
        report["writer_cpu_ms_per_story"][batch] = {"median": round(statistics.median(runs), 3),
                                                    "runs": [round(run, 3) for run in runs]}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
