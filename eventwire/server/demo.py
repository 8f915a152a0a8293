"""The demo corpus behind `make demo`: the bundled example and a few hundred generated newswire stories.

The stories come from the templates in eventwire/data/demo/stories.yaml, drawn with the file's fixed seed, so every
build is the same: incidents between weighted pairs of countries, each told by one to three agencies on
following days with the number it gives changed from report to report. They go through the real pipeline and
writer (`eventwire.ingest.batch.ingest`), like any other input.

    python -m eventwire.server.demo --db demo.duckdb
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.entities.kb import load_yaml
from eventwire.ingest.reading import RawArticle, read_path

STORIES = Path(__file__).resolve().parent.parent / "data" / "demo" / "stories.yaml"
EXAMPLE = Path(__file__).resolve().parent.parent.parent / "examples" / "nk-russia-reuters.txt"
EXAMPLE_PUBLISHED = "2024-10-29"


def stories(spec: dict[str, Any]) -> Iterator[RawArticle]:
    """Every report of every incident the spec draws, in incident order."""
    rng = random.Random(spec["seed"])
    countries = {c["name"]: c for c in spec["countries"]}
    pairs = [(a, b) for a, b, _ in spec["pairs"]]
    pair_weights = [w for _, _, w in spec["pairs"]]
    templates = spec["templates"]
    start = dt.date(spec["year"], 1, 1)
    for number in range(spec["incidents"]):
        a, b = rng.choices(pairs, pair_weights)[0]
        if rng.random() < 0.5:
            a, b = b, a
        template = rng.choices(templates, [t["weight"] for t in templates])[0]
        day = start + dt.timedelta(days=rng.randrange(360))
        numbers = template.get("numbers")
        value = rng.randint(numbers["low"], numbers["high"]) if numbers else 0
        agencies = rng.sample(spec["agencies"], rng.choice((1, 1, 2, 3)))
        for report, agency in enumerate(agencies):
            published = day + dt.timedelta(days=report)
            fields = {"a": countries[a]["name"], "b": countries[b]["name"], "a_adj": countries[a]["adjective"],
                      "b_adj": countries[b]["adjective"], "a_city": countries[a]["city"], "b_city": countries[b]["city"],
                      "a_minister": countries[a]["minister"], "b_minister": countries[b]["minister"],
                      "day": day.strftime("%A"), "n": f"{round(value * (numbers['growth'] if numbers else 1) ** report):,}"}
            headline = template["headline"].format(**fields)
            place = countries[a if template.get("dateline") == "a" else b]
            dateline = f"{place['city'].upper()} ({agency}) – "
            body = "\n\n".join(paragraph.format(**fields) for paragraph in template["body"])
            text = f"{headline[0].upper()}{headline[1:]}\n\n{dateline}{body}"
            origin = f"demo:{number + 1}/{report + 1}"  # the identity: two reports may read alike
            yield RawArticle(id=origin, text=text, origin=origin, title=headline,
                             published=published.isoformat(), source=agency)


def build(db: Path, workers: int = 1, spec_file: Path = STORIES):
    """Store the example and the generated stories in `db` (what is already there is skipped); the ingest summary."""
    from eventwire.ingest.batch import ingest
    from eventwire.store.writer import Writer

    example = read_path(EXAMPLE)
    example.published = EXAMPLE_PUBLISHED
    with Writer(db) as writer:
        return ingest([example, *stories(load_yaml(spec_file))], writer, workers=workers)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the eventwire demo store.")
    parser.add_argument("--db", type=Path, default=Path("demo.duckdb"))
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    summary = build(args.db, args.workers)
    print(f"eventwire: {args.db}: {summary.line()}", file=sys.stderr)


if __name__ == "__main__":
    main()
