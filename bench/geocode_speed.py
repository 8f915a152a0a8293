"""How fast the gazetteer answers: index load time, one name lookup, and one name ranked with its candidates.

    PYTHONPATH=. python bench/geocode_speed.py

Prints one JSON object. The first run also builds the index (reported as `load_seconds`).
"""

from __future__ import annotations

import json
import time

from eventwire.places.gazetteer import load_gazetteer
from eventwire.places.resolve import PlaceResolver

NEWS_NAMES = ["Kursk region", "Moscow", "Paris", "Georgia", "Springfield", "eastern Russia", "Anbar province",
              "Washington", "Gaza Strip", "Texas", "Kyiv", "Seoul", "Alexandria", "Black Sea", "Lamar County"]


def per_call_microseconds(function, names: list[str], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        for name in names:
            function(name)
        best = min(best, (time.perf_counter() - began) / len(names))
    return round(best * 1e6, 2)


def main() -> None:
    began = time.perf_counter()
    gazetteer = load_gazetteer()
    load_seconds = round(time.perf_counter() - began, 2)
    resolver = PlaceResolver(gazetteer)
    keys = sorted(gazetteer.names)
    sample = keys[:: max(1, len(keys) // 5000)] + NEWS_NAMES
    print(json.dumps({
        "places": len(gazetteer.places),
        "names": len(gazetteer.names),
        "load_seconds": load_seconds,
        "lookup_us": per_call_microseconds(gazetteer.candidates, sample),
        "resolve_one_name_us": per_call_microseconds(lambda n: resolver.resolve([resolver.parse(n)]), sample),
        "sample_names": len(sample),
    }, indent=2))


if __name__ == "__main__":
    main()
