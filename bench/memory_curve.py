"""Memory of a 1-process ingest as the corpus grows, on Reuters-21578 bodies.

    python bench/memory_curve.py --limit 19043 --every 1000

Ingests the first --limit stories with a body (as bench/ingest_reuters.py writes them) into a fresh store with
one process (parse and writer in the same process, the worst case for memory) and, every --every stored
stories, prints one JSON line: the process's resident memory now and its peak so far, the memory DuckDB
accounts for (its buffer pool, by tag), and glibc's heap in use and free. With `--pipeline` nothing is stored:
the same samples for the pipeline alone. With `--rounds N` the stories come N times (new ids, same texts).
Memory is flat when the peak stops rising once the caches are warm; bench/RESULTS.md ("Memory as the corpus
grows") gives the figures.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_reuters import REUTERS, stories  # noqa: E402
from scale import round_copy  # noqa: E402


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


def _glibc_heap():
    """glibc's mallinfo2, or None on another C library."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _Mallinfo2
        return libc.mallinfo2
    except (OSError, AttributeError):
        return None


MALLINFO = _glibc_heap()


def memory_mb() -> dict:
    """Resident memory now, peak so far, and glibc's heap in use (MB)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    sample = {"rss_mb": round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20),
              "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    if MALLINFO:
        info = MALLINFO()
        sample["heap_in_use_mb"] = round((info.uordblks + info.hblkhd) / 2**20)
        sample["heap_free_mb"] = round(info.fordblks / 2**20)  # held by glibc, not in use: fragmentation
    return sample


def duckdb_mb(cursor) -> dict:
    """What DuckDB's buffer manager holds, by tag (MB, tags of 1 MB or more)."""
    rows = cursor.execute("SELECT tag, memory_usage_bytes FROM duckdb_memory()").fetchall()
    return {"duckdb_mb": round(sum(size for _, size in rows) / 2**20),
            "duckdb_by_tag": {tag: round(size / 2**20) for tag, size in rows if size >= 2**20}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=6000, help="stories to ingest (19,043 have a body)")
    parser.add_argument("--every", type=int, default=1000, help="stories between samples")
    parser.add_argument("--pipeline", action="store_true", help="run the pipeline alone, nothing stored")
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--rounds", type=int, default=1,
                        help="the stories over again, new ids, same texts: growth after the first round is not new "
                             "vocabulary or new cache entries")
    args = parser.parse_args()

    from eventwire.ingest import sources
    from eventwire.ingest.batch import extract_records, ingest
    from eventwire.store.writer import Writer

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "reuters.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            rows = [{"id": i, "title": t, "published": p, "text": x} for i, t, p, x in stories(args.reuters, args.limit)]
            for round_number in range(args.rounds):
                for row in rows:
                    out.write(json.dumps(round_copy(row, round_number, shift_years=False)) + "\n")
        if args.pipeline:
            articles = (a for a in sources.articles([corpus]) if not isinstance(a, Exception))
            for done, _ in enumerate(extract_records(articles, 1, None), 1):
                if done % args.every == 0:
                    print(json.dumps({"documents": done, **memory_mb()}), flush=True)
            return
        with Writer(Path(tmp) / "store.duckdb") as writer:
            monitor = writer.con.cursor()
            next_sample = [args.every]

            def sample(summary) -> None:
                if summary.stored >= next_sample[0]:
                    next_sample[0] += args.every
                    print(json.dumps({"stored": summary.stored, **memory_mb(), **duckdb_mb(monitor)}), flush=True)

            summary = ingest(sources.articles([corpus]), writer, workers=1, on_progress=sample)
            print(json.dumps({"stored": summary.stored, "failed": summary.failed, "final": True, **memory_mb(),
                              **duckdb_mb(monitor)}), flush=True)
            monitor.close()


if __name__ == "__main__":
    main()
