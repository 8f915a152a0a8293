"""Wrong place resolutions (> 161 km from gold) on a development gold set, grouped by kind of place.

Resolution only (gold names given, like `eventwire eval places`), no pipeline run, so it takes seconds:

    PYTHONPATH=. python bench/place_errors.py ../shared/data/geoparsing/GeoVirus.xml [--show 40]

Prints accuracy within 161 km per kind of the answer's gold place (the kind of our best candidate whose name
matches, else "other"), then the wrong answers with gold name, our answer and distance. Run it on a dev set
only: looking at a test set's errors is tuning on it.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from eventwire.eval.places import MILES_100_KM, read_corpus
from eventwire.places.gazetteer import distance_km
from eventwire.places.resolve import PlaceResolver
from eventwire.resources import Resources


def gold_kind(resolver: PlaceResolver, query, lat: float, lon: float) -> str:
    """The kind of the candidate nearest the gold point (country, admin1, city...), "missing" without one."""
    candidates = resolver.candidates(query)
    if not candidates:
        return "missing"
    nearest = min(candidates, key=lambda p: distance_km(p.lat, p.lon, lat, lon))
    kind = nearest.feature if nearest.feature in ("country", "admin1", "city") else "other"
    return kind if distance_km(nearest.lat, nearest.lon, lat, lon) <= 3 * MILES_100_KM else "other"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--show", type=int, default=1000)
    arguments = parser.parse_args()
    resolver = Resources().places
    right, total, errors = Counter(), Counter(), []
    for article in read_corpus(arguments.corpus):
        queries = [resolver.query(t.name, article.text, t.start, t.end) for t in article.toponyms]
        resolved = resolver.resolve(queries)
        for toponym, query in zip(article.toponyms, queries):
            place = resolved[query].place
            kind = gold_kind(resolver, query, toponym.lat, toponym.lon)
            km = distance_km(place.lat, place.lon, toponym.lat, toponym.lon) if place else float("inf")
            total[kind] += 1
            if km <= MILES_100_KM:
                right[kind] += 1
            else:
                answer = f"{place.name} ({place.feature}, {place.country})" if place else "-"
                errors.append((kind, toponym.name, answer, round(km), article.id,
                               f"{toponym.lat:.2f},{toponym.lon:.2f}"))
    for kind in sorted(total):
        print(f"{kind:8} {right[kind]:5}/{total[kind]:5} {right[kind] / total[kind]:.3f}")
    print(f"{'all':8} {sum(right.values()):5}/{sum(total.values()):5} {sum(right.values()) / sum(total.values()):.4f}")
    for error in sorted(errors)[:arguments.show]:
        print(*error, sep="\t")


if __name__ == "__main__":
    main()
