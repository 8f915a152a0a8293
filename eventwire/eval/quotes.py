"""Score the quotes stage on PolNeAR (brat standoff: Source, Cue and Content spans per attribution).

Overlap rule: a predicted span and a gold span match when they share at least one
letter or digit (spans are sets of character offsets; a discontinuous brat span or a
quote split around its cue is one set). Matching is one-to-one, largest overlap
first, and done separately for sources, cues and contents; precision is matched
predicted / predicted and recall matched gold / gold. `exact_*` scores the same
spans when they must be equal once punctuation and spaces at their edges are ignored.

`attribution_recall`: the share of gold attributions for which one predicted
attribution has a content matching the gold content and a source matching the
gold source (gold attributions annotated without a source need the content only).

Predicted attributions are the stage's items grouped by cue: a quote split around
"he said" gives two items with one cue, that is one attribution with one content.

Articles annotated more than once (a few in dev and test, by up to six annotators)
count once: each annotation is scored and the counts are averaged over them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from eventwire.document import Extraction
from eventwire.eval.scores import prf, ratio, rounded
from eventwire.ingest.reading import RawArticle

ROLES = ("source", "cue", "content")
SpanSet = frozenset[int]


def read_ann(path: Path) -> list[dict[str, SpanSet | None]]:
    """Gold attributions of one brat file: {source, cue, content} as character sets (source may be None)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        if fields[0].startswith("T"):
            label, _, offsets = fields[1].partition(" ")
            pieces = [piece.split() for piece in offsets.split(";")]
            spans[fields[0]] = (label, [(int(a), int(b)) for a, b in pieces])
        elif fields[0].startswith("E"):
            relations.append(dict(arg.split(":", 1) for arg in fields[1].split() if ":" in arg))
    gold = []
    for relation in relations:
        parts = {role: _charset(spans[relation[name]][1]) if relation.get(name) in spans else None
                 for role, name in (("source", "Source"), ("cue", "Cue"), ("content", "Content"))}
        if parts["content"]:
            gold.append(parts)
    return gold


def _charset(pieces: list[tuple[int, int]]) -> SpanSet:
    return frozenset(i for a, b in pieces for i in range(a, b))


def predicted(extraction: Extraction) -> list[dict[str, SpanSet | None]]:
    """The stage's items grouped into attributions by their cue."""
    groups: dict[tuple[int, int], dict[str, set[int] | None]] = {}
    for item in extraction.quotes:
        cue = item.cue
        group = groups.setdefault((cue.start, cue.end),
                                  {"source": None, "cue": set(range(cue.start, cue.end)), "content": set()})
        group["content"] |= set(range(item.content.start, item.content.end))
        if item.speaker_span:
            span = item.speaker_span
            group["source"] = (group["source"] or set()) | set(range(span.start, span.end))
    return [{role: frozenset(value) if value is not None else None for role, value in group.items()}
            for group in groups.values()]


def _core(text: str, span: SpanSet) -> SpanSet:
    return frozenset(i for i in span if text[i].isalnum())


def _match(text: str, gold: list[SpanSet], pred: list[SpanSet], exact: bool) -> int:
    """Number of one-to-one matches, largest overlap first."""
    gold_cores = [_core(text, g) for g in gold]
    pred_cores = [_core(text, p) for p in pred]
    pairs = []
    for gi, g in enumerate(gold_cores):
        for pi, p in enumerate(pred_cores):
            if exact:
                if g and _edges(g) == _edges(p):
                    pairs.append((len(g), gi, pi))
            else:
                overlap = len(g & p)
                if overlap:
                    pairs.append((overlap, gi, pi))
    used_g, used_p, matched = set(), set(), 0
    for _, gi, pi in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matched += 1
    return matched


def _edges(core: SpanSet) -> tuple[int, int] | None:
    return (min(core), max(core)) if core else None


def score_article(text: str, gold: list[dict], pred: list[dict]) -> dict[str, float]:
    counts: dict[str, float] = {}
    for role in ROLES:
        gold_spans = [g[role] for g in gold if g[role]]
        pred_spans = [p[role] for p in pred if p[role]]
        counts[f"{role}_gold"] = len(gold_spans)
        counts[f"{role}_pred"] = len(pred_spans)
        counts[f"{role}_match"] = _match(text, gold_spans, pred_spans, exact=False)
        counts[f"exact_{role}_match"] = _match(text, gold_spans, pred_spans, exact=True)
    counts["attributions_gold"] = len(gold)
    counts["attributions_pred"] = len(pred)
    counts["attributions_found"] = sum(1 for g in gold if _found(text, g, pred))
    return counts


def _found(text: str, gold: dict, pred: list[dict]) -> bool:
    content = _core(text, gold["content"])
    source = _core(text, gold["source"]) if gold["source"] else None
    for p in pred:
        if not (content & _core(text, p["content"])):
            continue
        if source is None or (p["source"] and source & _core(text, p["source"])):
            return True
    return False


def articles(split: Path, limit: int | None = None) -> list[tuple[str, Path, list[Path]]]:
    """(name, text file, annotation files) for each article of a PolNeAR split directory, by name."""
    annotations: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((split / "attributions").glob("*.ann")):
        annotations[re.sub(r"_[0-9a-f]{4}$", "", ann.stem)].append(ann)
    found = [(name, split / "text" / f"{name}.txt", anns) for name, anns in sorted(annotations.items())
             if (split / "text" / f"{name}.txt").is_file()]
    return found[:limit] if limit is not None else found


def evaluate(split: Path, limit: int | None = None) -> dict[str, Any]:
    from eventwire.pipeline import Pipeline

    split = Path(split)
    listing = articles(split, limit)
    if not listing:
        raise ValueError(f"{split}: no PolNeAR articles (expected text/*.txt and attributions/*.ann)")
    pipeline = Pipeline()
    raws = [RawArticle(id=name, text=path.read_text(encoding="utf-8"), origin=str(path)) for name, path, _ in listing]
    totals: dict[str, float] = defaultdict(float)
    annotation_count = 0
    for (name, _, anns), raw, extraction in zip(listing, raws, pipeline.extract_many(raws)):
        if not isinstance(extraction, Extraction):
            raise RuntimeError(f"{name}: {extraction}")
        pred = predicted(extraction)
        annotation_count += len(anns)
        for ann in anns:
            for key, value in score_article(raw.text, read_ann(ann), pred).items():
                totals[key] += value / len(anns)
    report: dict[str, Any] = {
        "split": split.name,
        "articles": len(listing),
        "annotations": annotation_count,
        "overlap_rule": "spans match when they share a letter or digit; one-to-one, largest overlap first",
        "gold_attributions": round(totals["attributions_gold"], 2),
        "predicted_attributions": round(totals["attributions_pred"], 2),
    }
    for role in ROLES:
        scores = prf(totals[f"{role}_match"], totals[f"{role}_pred"], totals[f"{role}_match"], totals[f"{role}_gold"])
        report.update({f"{role}_{measure}": score for measure, score in scores.items()})
    for role in ROLES:
        m = totals[f"exact_{role}_match"]
        report[f"exact_{role}_f1"] = prf(m, totals[f"{role}_pred"], m, totals[f"{role}_gold"])["f1"]
    report["attribution_recall"] = rounded(ratio(totals["attributions_found"], totals["attributions_gold"]))
    return report
