"""Score the HTML reader's main text against the article-extraction-benchmark's hand-written bodies.

The measure is the benchmark's own (scrapinghub/article-extraction-benchmark): texts are split into
word tokens (\\w+), compared as multisets of 4-token shingles; each page gets true positives, false
positives and false negatives normalised to sum to one, precision and recall are averaged over pages
and F1 is their harmonic mean. A page the reader finds no article in scores as an empty prediction.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from statistics import mean

from eventwire.eval.scores import f1, ratio, rounded
from eventwire.ingest.html import main_text

TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> Counter:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)) if tokens[i:i + SHINGLE])


def page_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, normalised so that every page weighs the same."""
    true, pred = shingles(gold), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    """A page's precision; 1 for a page extracted exactly (even an empty one), as the benchmark counts it."""
    return 1.0 if fp == fn == 0 else ratio(tp, tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    """A page's recall; 1 for a page extracted exactly (even an empty one), as the benchmark counts it."""
    return 1.0 if fp == fn == 0 else ratio(tp, tp + fn)


def evaluate(benchmark: Path, limit: int | None = None) -> dict:
    truth = json.loads((benchmark / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    counts, empty = [], 0
    for key in keys:
        html = gzip.decompress((benchmark / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", errors="replace")
        body, _ = main_text(html, truth[key].get("url"))
        empty += body is None
        counts.append(page_counts(truth[key].get("articleBody", ""), body or ""))
    p = mean(precision(*c) for c in counts if c[0] + c[1] > 0)
    r = mean(recall(*c) for c in counts if c[0] + c[2] > 0)
    return {"pages": len(keys), "no_article_found": empty, "precision": rounded(p), "recall": rounded(r),
            "f1": rounded(f1(p, r))}
