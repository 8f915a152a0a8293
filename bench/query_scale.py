"""Time typical queries on a store with a million synthetic events (generated with SQL inside DuckDB).

    python bench/query_scale.py --events 1000000

The store has the real schema; events are spread over five years (2020-2024), 30 countries, 12 PLOVER
types, five events per document and three mentions per cluster
(whose countries are those of one of its mentions). Each query is the one the CLI runs
(eventwire.store.queries), timed warm: the median of --repeat runs after one warm-up. Goal: < 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventwire.store import queries  # noqa: E402
from eventwire.store.schema import open_store  # noqa: E402

COUNTRIES = ["PRK", "KOR", "RUS", "UKR", "USA", "CHN", "JPN", "IND", "PAK", "IRN", "ISR", "PSE", "SYR", "TUR", "DEU",
             "FRA", "GBR", "BRA", "NGA", "ZAF", "EGY", "SAU", "MEX", "COL", "VEN", "AFG", "IRQ", "POL", "KEN", "ETH"]
PLOVER = [("CONSULT", "040"), ("AGREE", "030"), ("COOPERATE", "050"), ("AID", "070"), ("REQUEST", "020"),
          ("ACCUSE", "112"), ("REJECT", "120"), ("THREATEN", "130"), ("PROTEST", "140"), ("SANCTION", "163"),
          ("COERCE", "170"), ("ASSAULT", "190")]


def sql_list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def generate(db: Path, events: int) -> float:
    """Fill a fresh store with `events` synthetic event mentions; returns the seconds it took."""
    started = time.perf_counter()
    con = open_store(db)
    con.execute("SET enable_progress_bar = false")
    countries, types, codes = sql_list(COUNTRIES), sql_list([p for p, _ in PLOVER]), sql_list([c for _, c in PLOVER])
    n, k = len(COUNTRIES), len(PLOVER)
    con.execute(f"""
        INSERT INTO documents (id, url, title, source, published, origin, text)
        SELECT 'doc' || i, 'https://news.example.org/' || i, 'Synthetic story ' || i, 'source' || (i % 50),
               DATE '2020-01-01' + CAST(i % 1827 AS INTEGER), 'synthetic', 'synthetic story ' || i
        FROM range({events // 5 + 1}) t(i)""")
    con.execute(f"""
        INSERT INTO events (doc_id, idx, cluster_id, cameo, plover, family, quad_class, goldstein,
                            source_actors, target_actors, source_actor, source_name, source_code, source_country,
                            target_actor, target_name, target_code, target_country, day, date_value,
                            date_granularity, date_source, negated, hypothetical, rule, confidence, item)
        SELECT 'doc' || (i // 5), i % 5, i // 3, {codes}[1 + t], {types}[1 + t], {types}[1 + t], 1 + t // 3,
               round(((hash(i * 7) % 200)::INTEGER - 100) / 10.0, 1),
               ['country:' || {countries}[1 + s]], ['country:' || {countries}[1 + o]],
               'country:' || {countries}[1 + s], {countries}[1 + s], {countries}[1 + s] || 'GOV', {countries}[1 + s],
               'country:' || {countries}[1 + o], {countries}[1 + o], {countries}[1 + o] || 'GOV', {countries}[1 + o],
               DATE '2020-01-01' + CAST((i // 5) % 1827 AS INTEGER), NULL, 'day', 'published', false, false,
               'synthetic', 0.5, '{{}}'
        FROM (SELECT i, (hash(i) % {k})::INTEGER AS t, (hash(i + 1) % {n})::INTEGER AS s,
                     (hash(i + 2) % {n})::INTEGER AS o FROM range({events}) r(i))""")
    con.execute("""
        INSERT INTO clusters (id, key, family, cameo, plover, source_actor, target_actor, source_country,
                              target_country, first_day, last_day, goldstein_sum, goldstein_count, mentions, documents,
                              sources, source_names, earliest_published, earliest_doc)
        SELECT cluster_id, any_value(family) || '|' || any_value(source_actor) || '|' || any_value(target_actor),
               any_value(family), any_value(cameo), any_value(plover), any_value(source_actor), any_value(target_actor),
               any_value(source_country), any_value(target_country), min(day), max(day), sum(goldstein),
               count(goldstein), count(*), count(DISTINCT doc_id), 1, ['synthetic'], min(day), min(doc_id)
        FROM events GROUP BY cluster_id""")
    con.execute("CHECKPOINT")
    con.close()
    return time.perf_counter() - started


def timed(run, repeat: int) -> tuple[float, int]:
    rows = len(run().rows)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "synthetic.duckdb"
        seconds = generate(db, args.events)
        con = open_store(db, read_only=True)
        october, year = (dt.date(2023, 10, 1), dt.date(2023, 10, 31)), (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
        cases = {
            "events of one actor in a month (--actor PRK, Oct 2023)": lambda: queries.events(con, "PRK", None, *october),
            "events of one actor and type in a month (+ --type CONSULT)":
                lambda: queries.events(con, "PRK", "CONSULT", *october),
            "dyad summary of a year, per month (all pairs, 2023)": lambda: queries.dyads(con, "month", *year),
            "dyad summary of a year, per day, one country (PRK, 2023)":
                lambda: queries.dyads(con, "day", *year, country="PRK"),
            "timeline of a year, per week, one country (KOR, 2023)":
                lambda: queries.timeline(con, "week", *year, country="KOR"),
        }
        report = {"events": args.events, "generate_seconds": round(seconds, 1),
                  "store_mb": round(db.stat().st_size / 2**20, 1), "queries_ms": {}}
        for name, run in cases.items():
            median, rows = timed(run, args.repeat)
            report["queries_ms"][name] = {"median_ms": median, "rows": rows}
        con.close()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
