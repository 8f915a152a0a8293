"""Ingest throughput against the bare spaCy pipeline, on Reuters-21578 bodies.

    python bench/ingest_reuters.py --limit 300 --workers 1 2

For each number of workers N, in fresh processes and on the same documents (the first --limit stories
with a body, in file order, title + dateline + unwrapped body):
  spacy      en_core_web_sm as shipped, every component spaCy's own (its whole default pipeline: tok2vec,
             tagger, parser, attribute ruler, lemmatizer, NER; plus eventwire's line-break sentence rule),
             nlp.pipe(n_process=N); eventwire's own runs the attribute ruler and the lemmatizer by look-ups
             (eventwire/attribute_rules.py, eventwire/lemmatizer.py: the same token attributes, about 3.5 ms
             less per story)
  pipeline   every eventwire stage in the same N worker processes as ingest, nothing stored
  eventwire  the whole ingest: read the JSONL corpus, N parsing processes running every stage, the
             single writer storing the documents, a batch per transaction (DuckDB + FTS5 side index)
Times are wall clock from a cold start to the last document, model loading included, and CPU seconds of
the whole process tree (steadier than wall time on a shared machine).
With --repeat R the three runs are made R times, interleaved, and medians are reported (the ratios are
the medians of each round's ratio).
Reported: documents/s of each, the ratio eventwire/spacy by wall and by CPU time (goal: >= 0.8), the share
of ingest CPU spent outside the pipeline (reading, storing), the peak resident memory of the largest
process of each run, and the size of the store. A second eventwire run on half the
slice shows whether memory stays flat as the corpus grows; bench/memory_curve.py follows it sample by sample over
the whole corpus.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import resource
import statistics
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
            day, month, year = (tag(block, "DATE") or "").split()[0].split("-")
            published = f"{year}-{MONTHS[month]:02d}-{int(day):02d}"
            text = "\n\n".join(filter(None, [title, f"{dateline} {paragraphs[0]}".strip(), *paragraphs[1:]]))
            yield f"reuters-{newid}", title, published, text
            count += 1
            if count == limit:
                return


def usage(started: float, documents: int) -> dict:
    """Wall seconds, CPU seconds of this process and its finished children, and the largest peak RSS."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {"documents": documents, "seconds": time.perf_counter() - started, "cpu_seconds": cpu,
            "peak_mb": round(max(own.ru_maxrss, children.ru_maxrss) / 1024, 1)}


def run_spacy(corpus: Path, workers: int) -> dict:
    started = time.perf_counter()
    from eventwire import nlp

    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    return usage(started, sum(1 for _ in nlp.load_model(indexed=False).pipe(texts, n_process=workers, batch_size=16)))


def run_pipeline(corpus: Path, workers: int) -> dict:
    """Every stage, the same worker processes as ingest, but nothing stored: what the store adds is the rest."""
    started = time.perf_counter()
    from eventwire.ingest import sources
    from eventwire.ingest.batch import extract_records

    articles = (a for a in sources.articles([corpus]) if not isinstance(a, Exception))
    return usage(started, sum(1 for r in extract_records(articles, workers, None) if "error" not in r))


def run_eventwire(corpus: Path, workers: int, db: Path) -> dict:
    started = time.perf_counter()
    from eventwire.ingest import sources
    from eventwire.ingest.batch import ingest
    from eventwire.store.writer import Writer

    with Writer(db) as writer:
        summary = ingest(sources.articles([corpus]), writer, workers=workers)
    size = db.stat().st_size + Path(str(db) + ".fts.sqlite").stat().st_size
    return {**usage(started, summary.stored), "failed": summary.failed, "store_mb": round(size / 2**20, 2)}


RUNS = {"spacy": run_spacy, "pipeline": run_pipeline, "eventwire": run_eventwire}


def child(kind: str, corpus: Path, workers: int, db: Path) -> dict:
    """Run one measurement in a fresh interpreter (clean memory figures)."""
    command = [sys.executable, __file__, "--child", kind, "--corpus", str(corpus), "--workers", str(workers),
               "--db", str(db)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise SystemExit(f"{kind} run failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def median_run(runs: list[dict]) -> dict:
    """The run with the median wall time."""
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def median_of(rounds: list[dict], ratio) -> float:
    return round(statistics.median(ratio(r) for r in rounds), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=300, help="stories to ingest (19,043 have a body)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of the three runs; medians are reported")
    parser.add_argument("--child", choices=list(RUNS), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = RUNS[args.child]
        print(json.dumps(run(args.corpus, args.workers[0], args.db) if args.child == "eventwire"
                         else run(args.corpus, args.workers[0])))
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
            rounds = [{kind: child(kind, corpus, workers, folder / f"w{workers}-{r}.duckdb") for kind in RUNS}
                      for r in range(args.repeat)]  # interleaved, so a slow spell of the machine hits every kind
            runs = {kind: median_run([r[kind] for r in rounds]) for kind in RUNS}
            report["runs"].append({
                "workers": workers, "rounds": args.repeat,
                **{f"{kind}_docs_per_s": round(r["documents"] / r["seconds"], 2) for kind, r in runs.items()},
                "ratio": median_of(rounds, lambda r: r["spacy"]["seconds"] / r["eventwire"]["seconds"]),
                "ratio_cpu": median_of(rounds, lambda r: r["spacy"]["cpu_seconds"] / r["eventwire"]["cpu_seconds"]),
                "pipeline_ratio": median_of(rounds, lambda r: r["spacy"]["seconds"] / r["pipeline"]["seconds"]),
                "store_share_of_cpu": median_of(
                    rounds, lambda r: 1 - r["pipeline"]["cpu_seconds"] / r["eventwire"]["cpu_seconds"]),
                **{f"{kind}_peak_mb": r["peak_mb"] for kind, r in runs.items()},
                "store_mb": runs["eventwire"]["store_mb"], "failed": runs["eventwire"]["failed"],
            })
        half_run = child("eventwire", half, 1, folder / "half.duckdb")
        report["memory_flat"] = {"documents": len(rows) // 2, "eventwire_peak_mb": half_run["peak_mb"],
                                 "full_slice_peak_mb": next(r["eventwire_peak_mb"] for r in report["runs"])}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
