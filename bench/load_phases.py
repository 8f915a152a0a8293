"""Where `eventwire load` spends its time as the store grows: the writer's phases, cumulative, every --every stories.

    python bench/load_phases.py PARQUET_DIR [--every 4096] [--db STORE.duckdb] > phases.json

PARQUET_DIR is the output of `eventwire ingest --engine dask ... --out PARQUET_DIR` (bench/scale.py's `curve`
makes one per size in a temporary folder; `reuters_rows(19043, cycle_to=N)` of bench/scale.py writes the cycled
corpus). The folder is loaded into a fresh store (--db, else a temporary file) by `Store.load`, as the CLI does,
with the writer's steps wrapped in timers (wall seconds, cumulative):
  actors_load     `CorpusActorResolver.load`: the stored corpus actors a batch's names could be
  clusters_load   `Clusterer.load`: the stored clusters a batch's mentions could join
  collect         `Writer._collect`: each record's rows and its actors resolved
  place           `Clusterer.place`: each mention joined to a cluster or starting one
  insert          `Rows.insert`: every row of the batch, a few multi-row statements per table
  clusters_flush  `Clusterer.flush`: new and changed clusters and their evidence
  search          `SearchIndex.add_many`: the full-text side index
  store           `Writer._store`: the whole transaction, COMMIT and the search index included
`rest` is `store` minus the phases: mostly DuckDB's COMMIT and the checkpoints it triggers. Each row
also gives the marginal milliseconds per story of each phase since the previous row, so growth shows directly.

Prints a JSON list, one object per --every stories, and one at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventwire.store.actors import CorpusActorResolver  # noqa: E402
from eventwire.store.clusters import Clusterer  # noqa: E402
from eventwire.store.handle import Store  # noqa: E402
from eventwire.store.search import SearchIndex  # noqa: E402
from eventwire.store.writer import Rows, Writer  # noqa: E402

PHASES = {
    "actors_load": (CorpusActorResolver, "load"),
    "clusters_load": (Clusterer, "load"),
    "collect": (Writer, "_collect"),
    "place": (Clusterer, "place"),
    "insert": (Rows, "insert"),
    "clusters_flush": (Clusterer, "flush"),
    "search": (SearchIndex, "add_many"),
    "store": (Writer, "_store"),
}


def timed(totals: dict[str, float], name: str, method):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - start
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", help="a Parquet folder written by `eventwire ingest --engine dask --out`")
    parser.add_argument("--every", type=int, default=4096, help="stories between two rows")
    parser.add_argument("--db", type=Path, help="the store to create (default: a temporary file)")
    args = parser.parse_args()
    totals: dict[str, float] = defaultdict(float)
    for name, (owner, attribute) in PHASES.items():
        setattr(owner, attribute, timed(totals, name, getattr(owner, attribute)))
    rows: list[dict] = []
    start = time.perf_counter()

    def snapshot(stored: int) -> None:
        row = {"stored": stored, "seconds": round(time.perf_counter() - start, 2),
               **{name: round(totals[name], 2) for name in PHASES}}
        row["rest"] = round(totals["store"] - sum(totals[n] for n in PHASES if n != "store"), 2)
        if rows:
            before, stories = rows[-1], stored - rows[-1]["stored"]
            row["ms_per_story_since_last"] = {name: round(1000 * (row[name] - before[name]) / stories, 3)
                                              for name in (*PHASES, "rest") if stories}
        rows.append(row)

    def on_progress(summary) -> None:
        if summary.stored - (rows[-1]["stored"] if rows else 0) >= args.every:
            snapshot(summary.stored)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.db or Path(tmp) / "load.duckdb")
        summary, missing = store.load(args.folder, on_progress=on_progress)
        if not rows or rows[-1]["stored"] != summary.stored:
            snapshot(summary.stored)
        rows[-1].update(failed=summary.failed, missing_partition=missing,
                        store_mb=round(Path(store.path).stat().st_size / 1e6, 2))
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
