"""Ingest throughput against the bare spaCy pipeline, on Reuters-21578 bodies.

    python bench/ingest_reuters.py --limit 300 --workers 1 2

For each number of workers N, in fresh processes and on the same documents (the first --limit stories
with a body, in file order, title + dateline + unwrapped body):
  spacy      en_core_web_sm with eventwire's components, nlp.pipe(n_process=N): tagger, parser, NER only
  eventwire  the whole ingest: read the JSONL corpus, N parsing processes running every stage, the
             single writer storing each document in its own transaction (DuckDB + FTS5 side index)
Both times are wall clock from a cold start to the last document, model loading included.
Reported: documents/s of each, their ratio (goal: eventwire >= 0.8x spaCy), the peak resident memory
of the largest process of each run, and the size of the store. A second eventwire run on half the
slice shows whether memory stays flat as the corpus grows.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "data").is_dir()), ROOT.parent / "shared")
REUTERS = SHARED / "data" / "reuters21578"
STORY = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}


def tag(block: str, name: str) -> str | None:
    found = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    return html.unescape(found.group(1)) if found else None


def stories(folder: Path, limit: int):
    """(id, title, published, text) of the first `limit` stories with a body."""
    count = 0
    for path in sorted(folder.glob("reut2-*.sgm")):
        for newid, block in STORY.findall(path.read_text(encoding="latin-1")):
            body = tag(block, "BODY")
            if not body:
                continue
            title = " ".join((tag(block, "TITLE") or "").split()).title()
            dateline = " ".join((tag(block, "DATELINE") or "").split())
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n {3,}", body.replace("\x03", ""))]
            paragraphs = [re.sub(r"\s*\bReuter\s*$", "", p) for p in paragraphs]
            paragraphs = [p for p in paragraphs if p]
            day, month, year = (tag(block, "DATE") or "").strip()[:11].split("-")
            published = f"{year}-{MONTHS[month]:02d}-{int(day):02d}"
            text = "\n\n".join(filter(None, [title, f"{dateline} {paragraphs[0]}".strip(), *paragraphs[1:]]))
            yield f"reuters-{newid}", title, published, text
            count += 1
            if count == limit:
                return


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def run_spacy(corpus: Path, workers: int) -> dict:
    started = time.perf_counter()
    from eventwire import nlp

    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    count = sum(1 for _ in nlp.load().pipe(texts, n_process=workers, batch_size=16))
    return {"documents": count, "seconds": time.perf_counter() - started, "peak_mb": peak_mb()}


def run_eventwire(corpus: Path, workers: int, db: Path) -> dict:
    started = time.perf_counter()
    from eventwire.ingest import sources
    from eventwire.ingest.batch import ingest
    from eventwire.store.writer import Writer

    with Writer(db) as writer:
        summary = ingest(sources.articles([corpus]), writer, workers=workers)
    seconds = time.perf_counter() - started
    size = db.stat().st_size + Path(str(db) + ".fts.sqlite").stat().st_size
    return {"documents": summary.stored, "failed": summary.failed, "seconds": seconds, "peak_mb": peak_mb(),
            "store_mb": round(size / 2**20, 2)}


def child(kind: str, corpus: Path, workers: int, db: Path) -> dict:
    """Run one measurement in a fresh interpreter (clean memory figures)."""
    command = [sys.executable, __file__, "--child", kind, "--corpus", str(corpus), "--workers", str(workers),
               "--db", str(db)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise SystemExit(f"{kind} run failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=300, help="stories to ingest (19,043 have a body)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--child", choices=["spacy", "eventwire"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = run_spacy(args.corpus, args.workers[0]) if args.child == "spacy" else \
            run_eventwire(args.corpus, args.workers[0], args.db)
        print(json.dumps(run))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus, half = folder / "reuters.jsonl", folder / "half.jsonl"
        rows = [json.dumps({"id": i, "title": t, "published": p, "text": x}) for i, t, p, x in stories(args.reuters, args.limit)]
        if not rows:
            raise SystemExit(f"no Reuters stories found in {args.reuters} (give --reuters FOLDER)")
        corpus.write_text("\n".join(rows) + "\n", encoding="utf-8")
        half.write_text("\n".join(rows[: len(rows) // 2]) + "\n", encoding="utf-8")
        report = {"documents": len(rows), "characters": sum(len(json.loads(r)["text"]) for r in rows), "runs": []}
        for workers in args.workers:
            spacy_run = child("spacy", corpus, workers, folder / "unused.duckdb")
            eventwire_run = child("eventwire", corpus, workers, folder / f"w{workers}.duckdb")
            report["runs"].append({
                "workers": workers,
                "spacy_docs_per_s": round(spacy_run["documents"] / spacy_run["seconds"], 2),
                "eventwire_docs_per_s": round(eventwire_run["documents"] / eventwire_run["seconds"], 2),
                "ratio": round(spacy_run["seconds"] / eventwire_run["seconds"], 3),
                "spacy_peak_mb": spacy_run["peak_mb"], "eventwire_peak_mb": eventwire_run["peak_mb"],
                "store_mb": eventwire_run["store_mb"], "failed": eventwire_run["failed"],
            })
        half_run = child("eventwire", half, 1, folder / "half.duckdb")
        report["memory_flat"] = {"documents": len(rows) // 2, "eventwire_peak_mb": half_run["peak_mb"],
                                 "full_slice_peak_mb": next(r["eventwire_peak_mb"] for r in report["runs"])}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
