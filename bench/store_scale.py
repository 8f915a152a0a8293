"""The three questions of an event-data user, timed on synthetic events: in a store, and as Parquet partitions.

    python bench/store_scale.py --store 1000000 10000000 --parquet 100000000

--store N: a fresh store with N synthetic event mentions (bench/query_scale.py's generator: five years, 30
countries, 12 PLOVER types, five events a document, three mentions a real-world event), queried on its
real-world events (the dyads_week view over clusters), as `eventwire events` / `eventwire dyads` do.
--parquet N: N synthetic event mentions written as `eventwire ingest --engine dask` lays them out
(events/date=YYYY-MM-DD/*.parquet, Hive-partitioned by day, zstd), queried through eventwire's own DuckDB views
over the folder (eventwire.distributed.load.connect, what `eventwire sql --parquet` runs); there are no
clusters before `load`, so these count event mentions.
The questions: an actor's events in a month (PRK, October 2023), a dyad's timeline over a year (PRK -> RUS, per
week, 2023), the top dyads of a week (the week of 2 October 2023). Each is timed warm: the median of --repeat
runs after one warm-up. Goals: under 100 ms at 1M events, under 1 s at 10M, under 5 s at 100M.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from query_scale import COUNTRIES, PLOVER, generate, sql_list  # noqa: E402
from query_scale import timed as query_timed  # noqa: E402

from eventwire.distributed.load import connect  # noqa: E402
from eventwire.distributed.output import FORMAT, MANIFEST, Output  # noqa: E402
from eventwire.store import queries  # noqa: E402
from eventwire.store.schema import open_store  # noqa: E402

MONTH = (dt.date(2023, 10, 1), dt.date(2023, 10, 31))
YEAR = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
WEEK = (dt.date(2023, 10, 2), dt.date(2023, 10, 8))
STORE_QUESTIONS = {
    "actor's events in a month": lambda con: queries.events(con, "PRK", None, *MONTH),
    "dyad's timeline over a year": lambda con: queries.run(
        con, "SELECT * FROM dyads_week WHERE source_country = 'PRK' AND target_country = 'RUS' "
             "AND period BETWEEN ? AND ? ORDER BY period", list(YEAR)),
    "top dyads of a week": lambda con: queries.run(
        con, "SELECT source_country, target_country, events, mentions FROM dyads_week WHERE period = ? "
             "ORDER BY events DESC, source_country, target_country LIMIT 10", [WEEK[0]]),
}
PARQUET_QUESTIONS = {
    "actor's events in a month": lambda con: queries.run(
        con, "SELECT day, cameo, plover, source_name, source_code, target_name, target_code, goldstein, doc_id "
             "FROM events WHERE date BETWEEN ? AND ? AND (source_country = 'PRK' OR target_country = 'PRK') "
             "ORDER BY day DESC, doc_id, idx", list(MONTH)),
    "dyad's timeline over a year": lambda con: queries.run(
        con, "SELECT date_trunc('week', date) AS period, count(*) AS mentions, round(avg(goldstein), 3) AS goldstein "
             "FROM events WHERE date BETWEEN ? AND ? AND source_country = 'PRK' AND target_country = 'RUS' "
             "GROUP BY 1 ORDER BY 1", list(YEAR)),
    "top dyads of a week": lambda con: queries.run(
        con, "SELECT source_country, target_country, count(*) AS mentions FROM events WHERE date BETWEEN ? AND ? "
             "GROUP BY ALL ORDER BY mentions DESC, source_country, target_country LIMIT 10", list(WEEK)),
}


def generate_parquet(folder: Path, events: int) -> float:
    """Write `events` synthetic event mentions as a Parquet run folder (events only), with the manifest and a
    marker listing the files, so eventwire's own views read it; returns the seconds it took."""
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET memory_limit = '4GB'")  # a shared machine: spill rather than take its memory
    countries, types, codes = sql_list(COUNTRIES), sql_list([p for p, _ in PLOVER]), sql_list([c for _, c in PLOVER])
    n, k = len(COUNTRIES), len(PLOVER)
    con.execute(f"""
        COPY (
            SELECT 'doc' || (i // 5) AS doc_id, (i % 5)::INTEGER AS idx, {codes}[1 + t] AS cameo,
                   {types}[1 + t] AS plover, {types}[1 + t] AS family, (1 + t // 3)::INTEGER AS quad_class,
                   round(((hash(i * 7) % 200)::INTEGER - 100) / 10.0, 1) AS goldstein,
                   'code:' || {countries}[1 + s] || 'GOV' AS source_actor, {countries}[1 + s] AS source_name,
                   {countries}[1 + s] || 'GOV' AS source_code, {countries}[1 + s] AS source_country,
                   'code:' || {countries}[1 + o] || 'GOV' AS target_actor, {countries}[1 + o] AS target_name,
                   {countries}[1 + o] || 'GOV' AS target_code, {countries}[1 + o] AS target_country,
                   DATE '2020-01-01' + CAST((i // 5) % 1827 AS INTEGER) AS day, 'synthetic' AS rule,
                   0.5 AS confidence, DATE '2020-01-01' + CAST((i // 5) % 1827 AS INTEGER) AS date
            FROM (SELECT i, (hash(i) % {k})::INTEGER AS t, (hash(i + 1) % {n})::INTEGER AS s,
                         (hash(i + 2) % {n})::INTEGER AS o FROM range({events}) r(i)))
        TO '{folder / "events"}' (FORMAT parquet, PARTITION_BY (date), COMPRESSION zstd)""")
    con.close()
    files = sorted(str(p.relative_to(folder)) for p in (folder / "events").rglob("*.parquet"))
    (folder / MANIFEST).write_text(json.dumps({"format": FORMAT, "partition_size": events, "tables": ["events"]}))
    (folder / "_done").mkdir()
    (folder / "_done" / "part-000000.json").write_text(json.dumps(
        {"partition": 0, "fingerprint": "synthetic", "files": {"events": files}, "documents": 0, "errors": 0,
         "failures": []}))
    return time.perf_counter() - started


def timed(run, repeat: int) -> dict:
    median_ms, rows = query_timed(run, repeat)
    return {"median_ms": median_ms, "rows": rows}


def folder_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=int, nargs="*", default=[1_000_000], help="event counts for DuckDB stores")
    parser.add_argument("--parquet", type=int, nargs="*", default=[], help="event counts for Parquet folders")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    report = {"load_average_before": [round(x, 2) for x in os.getloadavg()], "store": [], "parquet": []}
    for events in args.store:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "synthetic.duckdb"
            seconds = generate(db, events)
            con = open_store(db, read_only=True)
            report["store"].append({"events": events, "generate_seconds": round(seconds, 1),
                                    "size_mb": round(db.stat().st_size / 2**20, 1),
                                    "queries": {q: timed(lambda: run(con), args.repeat)
                                                for q, run in STORE_QUESTIONS.items()}})
            con.close()
    for events in args.parquet:
        with tempfile.TemporaryDirectory() as tmp:
            seconds = generate_parquet(Path(tmp), events)
            con = connect(Output(tmp))
            report["parquet"].append({"events": events, "generate_seconds": round(seconds, 1),
                                      "size_mb": folder_mb(Path(tmp)),
                                      "files": sum(1 for _ in Path(tmp, "events").rglob("*.parquet")),
                                      "queries": {q: timed(lambda: run(con), args.repeat)
                                                  for q, run in PARQUET_QUESTIONS.items()}})
            con.close()
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
