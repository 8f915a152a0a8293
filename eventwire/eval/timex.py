"""Score the times stage on TimeML files with the TempEval-3 measures (task A).

strict: the span is exactly the gold span; relaxed: it overlaps a gold span (one to one);
value F1: relaxed matches whose value is right, over all system and all gold expressions;
type accuracy: relaxed matches whose type is right. Each file's DCT is its publication date.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.eval.scores import prf, ratio, rounded
from eventwire.items import TimeExpression
from eventwire.resources import Resources
from eventwire.times.stage import publication_date, tag


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDocument:
    name: str
    text: str
    published: dt.date | None
    timexes: list[Gold] = field(default_factory=list)


def read_timeml(path: Path) -> TimeMLDocument:
    """The TEXT of a TimeML file with its TIMEX3 spans as character offsets, and its DCT."""
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    published = publication_date((dct.get("value") or "")[:10]) if dct is not None else None
    document = TimeMLDocument(path.name, "", published)
    pieces: list[str] = []

    def walk(node: ET.Element) -> None:
        pieces.append(node.text or "")
        for child in node:
            start = sum(map(len, pieces))
            walk(child)
            if child.tag == "TIMEX3":
                end = sum(map(len, pieces))
                document.timexes.append(Gold(start, end, "".join(pieces)[start:end], child.get("type", ""),
                                             child.get("value", "")))
            pieces.append(child.tail or "")

    text = root.find("TEXT")
    if text is not None:
        walk(text)
    document.text = "".join(pieces)
    return document


def timeml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in (".tml", ".xml"))


def score(pairs: list[tuple[list[Gold], list[TimeExpression]]]) -> dict[str, Any]:
    gold_total = sum(len(gold) for gold, _ in pairs)
    system_total = sum(len(system) for _, system in pairs)
    strict = relaxed = values = types = 0
    for gold, system in pairs:
        strict += len({(g.start, g.end) for g in gold} & {(s.start, s.end) for s in system})
        for g, s in relaxed_matches(gold, system):
            relaxed += 1
            values += (s.value or "") == g.value
            types += s.type == g.type
    result: dict[str, Any] = {}
    for name, hits in (("strict", strict), ("relaxed", relaxed)):
        result.update({f"{name}_{measure}": score for measure, score in
                       prf(hits, system_total, hits, gold_total).items()})
    result["value_f1"] = prf(values, system_total, values, gold_total)["f1"]
    result["value_accuracy"] = rounded(ratio(values, relaxed))
    result["type_accuracy"] = rounded(ratio(types, relaxed))
    result.update({"gold": gold_total, "system": system_total})
    return result


def relaxed_matches(gold: list[Gold], system: list[TimeExpression]) -> list[tuple[Gold, TimeExpression]]:
    """Gold and system expressions that overlap, each used once, in text order."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        for index, s in enumerate(system):
            if index not in used and s.start < g.end and g.start < s.end:
                used.add(index)
                pairs.append((g, s))
                break
    return pairs


def errors(document: TimeMLDocument, system: list[TimeExpression]) -> list[dict[str, Any]]:
    """Misses, false alarms and wrong values or types of one document, for reading."""
    matched = relaxed_matches(document.timexes, system)
    found = {id(g) for g, _ in matched}
    kept = {id(s) for _, s in matched}
    out: list[dict[str, Any]] = []
    for g, s in matched:
        if (s.value or "") != g.value or s.type != g.type or (s.start, s.end) != (g.start, g.end):
            out.append({"doc": document.name, "error": "mismatch", "gold": [g.text, g.type, g.value],
                        "system": [s.text, s.type, s.value]})
    out += [{"doc": document.name, "error": "missed", "gold": [g.text, g.type, g.value]}
            for g in document.timexes if id(g) not in found]
    out += [{"doc": document.name, "error": "spurious", "system": [s.text, s.type, s.value]}
            for s in system if id(s) not in kept]
    return out


def evaluate(directory: Path, limit: int | None = None, errors_path: Path | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    documents = [read_timeml(path) for path in timeml_files(directory)[:limit]]
    resources = Resources()
    pairs = []
    problems: list[dict[str, Any]] = []
    for document, doc in zip(documents, resources.nlp.pipe(d.text for d in documents)):
        system = tag(document.text, doc, document.published, resources.times)
        pairs.append((document.timexes, system))
        problems += errors(document, system)
    result = {"documents": len(documents), **score(pairs), "seconds": round(time.perf_counter() - started, 1)}
    if errors_path is not None:
        errors_path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in problems), encoding="utf-8")
    return result
