"""Load the API: concurrent clients against the events, timeline and dyads endpoints of `eventwire serve`.

    python bench/load_api.py --events 100000 --clients 20 --seconds 60

Builds a synthetic store with `--events` event mentions (bench/query_scale.py's generator: 30 countries, 12 PLOVER
types, five years, five events a document), starts `eventwire serve` on it on a free loopback port (127.0.0.1
only: the benchmark sends traffic nowhere else), and runs `--clients` threads, each with its own keep-alive HTTP
connection, for `--seconds`: each request is drawn from a fixed mix (events pages with and without filters, the
next page by cursor, timelines, dyads), seeded so runs are comparable. Every request is bounded by a timeout and
the run by its duration and `--max-requests`. Prints requests/s, p50/p99 latency per endpoint and overall, and
errors (any non-200 answer or failed request) as JSON, and how many answers the server's cache had kept
(`X-Answer: kept`); `--cache-mb 0` turns that cache off, so every request is computed by DuckDB. Goal: no errors,
p99 under 200 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from query_scale import COUNTRIES, PLOVER, generate  # noqa: E402

HOST = "127.0.0.1"
REQUEST_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def build_store(db: Path, events: int) -> float:
    """The synthetic store and its search index (the server refuses a store without one)."""
    from eventwire.store.writer import Writer

    started = time.perf_counter()
    generate(db, events)
    Writer(db).close()  # opening it for writing builds the full-text index of the generated documents
    return time.perf_counter() - started


def requests_mix(rng: random.Random) -> tuple[str, str, dict]:
    """(endpoint label, path, parameters) of one request."""
    country = rng.choice(COUNTRIES)
    year = rng.choice((2020, 2021, 2022, 2023, 2024))
    kind = rng.random()
    if kind < 0.25:
        return "events", "/api/events", {"limit": 50}
    if kind < 0.45:
        return "events", "/api/events", {"country": country, "since": f"{year}-01-01", "until": f"{year}-12-31",
                                         "limit": 50}
    if kind < 0.55:
        return "events", "/api/events", {"actor": country, "plover": rng.choice(PLOVER)[0], "sort": "-goldstein",
                                         "limit": 50}
    if kind < 0.65:
        return "timeline", "/api/timeline", {"period": "month", "by": "type"}
    if kind < 0.78:
        return "timeline", "/api/timeline", {"period": "week", "by": "quad_class", "country": country,
                                             "since": f"{year}-01-01", "until": f"{year}-12-31"}
    if kind < 0.88:
        return "dyads", "/api/dyads", {"level": "country", "limit": 200}
    return "dyads", "/api/dyads", {"level": "country", "since": f"{year}-01-01", "until": f"{year}-12-31",
                                   "limit": 200}


def client(base: str, seed: int, deadline: float, max_requests: int, results: list, errors: list) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as http:
        cursor = None
        for _ in range(max_requests):
            if time.monotonic() >= deadline:
                return
            if cursor and rng.random() < 0.5:
                label, path, params = "events (next page)", "/api/events", {"limit": 50, "cursor": cursor}
            else:
                label, path, params = requests_mix(rng)
            started = time.perf_counter()
            try:
                response = http.get(path, params=params)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    errors.append(f"{label}: HTTP {response.status_code} {response.text[:200]}")
                    continue
                if path == "/api/events" and set(params) <= {"limit", "cursor"}:  # a reader paging the newest events
                    cursor = response.json().get("next_cursor")
            except httpx.HTTPError as err:
                errors.append(f"{label}: {type(err).__name__}: {err}")
                continue
            results.append((label, elapsed, response.headers.get("X-Answer") == "kept"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def summarise(results: list[tuple[str, float, bool]], errors: list[str], seconds: float) -> dict:
    report = {"requests": len(results) + len(errors), "errors": len(errors),
              "requests_per_second": round((len(results) + len(errors)) / seconds, 1), "endpoints": {}}
    for label in sorted({label for label, _, _ in results}):
        times = [ms for name, ms, _ in results if name == label]
        report["endpoints"][label] = {"requests": len(times), "p50_ms": percentile(times, 0.5),
                                      "p99_ms": percentile(times, 0.99), "mean_ms": round(statistics.mean(times), 1)}
    every = [ms for _, ms, _ in results]
    report["kept_answers"] = sum(kept for _, _, kept in results)
    if every:
        report["p50_ms"], report["p99_ms"] = percentile(every, 0.5), percentile(every, 0.99)
    report["first_errors"] = errors[:5]
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=100_000, help="Per client, a bound on the run.")
    parser.add_argument("--db", type=Path, help="Reuse this store (built there when missing).")
    parser.add_argument("--cache-mb", type=float, default=64, help="The server's answer cache (0: every answer computed).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "load.duckdb"
        build_seconds = build_store(db, args.events) if not db.exists() else 0.0
        port = free_port()
        log = (Path(tmp) / "server.log").open("w")
        server = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--host", HOST,
                                   "--port", str(port), "--cache-mb", str(args.cache_mb)], stderr=log,
                                  env={**os.environ, "PYTHONUNBUFFERED": "1"})
        base = f"http://{HOST}:{port}"
        try:
            wait_until_up(base, server, Path(log.name))
            results: list[tuple[str, float, bool]] = []
            errors: list[str] = []
            started = time.monotonic()
            deadline = started + args.seconds
            threads = [threading.Thread(target=client, args=(base, seed, deadline, args.max_requests, results, errors))
                       for seed in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(args.seconds + REQUEST_TIMEOUT + 10)
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
        report = {"events": args.events, "clients": args.clients, "cache_mb": args.cache_mb, "seconds": round(elapsed, 1),
                  "build_seconds": round(build_seconds, 1), **summarise(results, errors, elapsed)}
    print(json.dumps(report, indent=2))


def wait_until_up(base: str, server: subprocess.Popen, log: Path, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {log.read_text()}")
        try:
            if httpx.get(f"{base}/api/overview", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {base} within {seconds:g} s")


if __name__ == "__main__":
    main()
