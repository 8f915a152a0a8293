"""Score place resolution and place recognition on the geoparsing gold sets.

Reads GeoWebNews (GWN.xml), TR-News, LGL (gaztag XML) and GeoVirus (locations XML). Two measures:

- resolution given the gold place names (the measure Mordecai 3 reports): every gold toponym that has
  coordinates is resolved with the other gold names of its article as context; `acc_161km` is the share
  resolved within 161 km (100 miles) of the gold point, `exact_geonames` the share with the gold GeoNames
  id among those that have one;
- end-to-end recognition: the full pipeline runs on the article; each mention of a place entity whose name
  the gazetteer resolved (basis "name") is a predicted toponym, correct when its span equals a gold toponym
  span (`toponym_f1`, with precision and recall). Gold toponyms are those with coordinates.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.places.gazetteer import distance_km, load
from eventwire.places.resolve import Resolver

MILES_100_KM = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float
    lon: float
    geonames_id: int | None = None


@dataclass
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def number(element, tag: str) -> float | None:
    found = element.find(tag) if element is not None else None
    if found is None or not (found.text or "").strip():
        return None
    try:
        return float(found.text)
    except ValueError:
        return None


def read_corpus(path: Path) -> list[GoldArticle]:
    """Any of the four formats, told apart by their tags."""
    root = ElementTree.parse(path).getroot()
    articles = []
    for number_, article in enumerate(root.iter("article")):
        text = article.findtext("text") or ""
        identifier = article.get("docid") or article.get("file") or str(number_)
        gold = GoldArticle(identifier, text)
        for toponym in [*article.iter("toponym"), *article.iter("location")]:
            start, end = number(toponym, "start"), number(toponym, "end")
            if start is None or end is None:
                continue
            gaztag = toponym.find("gaztag")
            if gaztag is not None:
                lat, lon = number(gaztag, "lat"), number(gaztag, "lon")
                geonames_id = gaztag.get("geonameid")
            else:
                lat = number(toponym, "latitude") if toponym.find("latitude") is not None else number(toponym, "lat")
                lon = number(toponym, "longitude") if toponym.find("longitude") is not None else number(toponym, "lon")
                geonames_id = (toponym.findtext("geonamesID") or "").strip() or None
            if lat is None or lon is None:
                continue
            name = (toponym.findtext("phrase") or toponym.findtext("extractedName") or toponym.findtext("name")
                    or text[int(start):int(end)]).strip()
            start, end = align(text, name, int(start), int(end))
            gold.toponyms.append(GoldToponym(start, end, name, lat, lon,
                                             int(geonames_id) if geonames_id and geonames_id.isdigit() else None))
        articles.append(gold)
    return articles


def align(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """Gold offsets of some sets are shifted by a character or two: move them onto the name."""
    if text[start:end] == name:
        return start, end
    found = text.find(name, max(0, start - 5), end + 5 + len(name))
    return (found, found + len(name)) if found >= 0 else (start, end)


def score_resolution(articles: list[GoldArticle], resolver: Resolver) -> dict:
    """Resolve every gold name with its article's other gold names as evidence."""
    within = exact = with_id = total = 0
    seconds = 0.0
    for article in articles:
        queries = [resolver.query(t.name, article.text, t.start, t.end) for t in article.toponyms]
        began = time.perf_counter()
        resolved = resolver.resolve(queries)
        seconds += time.perf_counter() - began
        for toponym, query in zip(article.toponyms, queries):
            place = resolved[query].place
            total += 1
            if place is not None and distance_km(place.lat, place.lon, toponym.lat, toponym.lon) <= MILES_100_KM:
                within += 1
            if toponym.geonames_id is not None:
                with_id += 1
                exact += int(place is not None and place.geonames_id == toponym.geonames_id)
    return {"toponyms": total, "acc_161km": ratio(within, total), "with_geonames_id": with_id,
            "exact_geonames": ratio(exact, with_id),
            "ms_per_toponym": round(1000 * seconds / total, 4) if total else None}


def score_recognition(articles: list[GoldArticle]) -> dict:
    """Run the whole pipeline and compare place mention spans with gold toponym spans."""
    from eventwire.ingest.reading import RawArticle
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline()
    raws = [RawArticle(id=a.id, text=a.text, origin=a.id) for a in articles]
    found = correct = gold_total = 0
    for article, result in zip(articles, pipeline.extract_many(raws)):
        gold = {(t.start, t.end) for t in article.toponyms}
        gold_total += len(gold)
        if not hasattr(result, "entities"):
            continue
        predicted = {(m.start, m.end) for e in result.entities
                     if e.place and e.place.get("basis") == "name" for m in e.mentions}
        found += len(predicted)
        correct += len(predicted & gold)
    precision, recall = ratio(correct, found), ratio(correct, gold_total)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision and recall else 0.0
    return {"precision": precision, "recall": recall, "toponym_f1": f1}


def ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def evaluate(corpora: list[tuple[str, Path]], limit: int | None = None, recognition: bool = True) -> dict:
    resolver = Resolver(load())
    report = {}
    for name, path in corpora:
        articles = read_corpus(path)[:limit] if limit else read_corpus(path)
        scores = {"articles": len(articles), **score_resolution(articles, resolver)}
        if recognition:
            scores.update(score_recognition(articles))
        report[name] = scores
    return report

