"""Throughput of the ways to ingest, against bare spaCy in the same run; and the cost curve of the Dask engine.

    python bench/scale.py throughput --limit 300 --long 40
    python bench/scale.py curve --sizes 1000 10000

throughput: on two corpora made from Reuters-21578 (/work/shared/data/reuters21578, as bench/ingest_reuters.py
reads it): the first --limit stories, and --long articles of 600-900 words, each made by joining consecutive
stories of the same first topic. For each corpus, in fresh processes:
  spacy     bare en_core_web_sm (its whole pipeline), one process: the yardstick
  ingest_1  `eventwire ingest --workers 1` into a fresh store
  ingest_2  `eventwire ingest --workers 2`
  dask_2    `eventwire ingest --engine dask` on a LocalCluster of 2 workers into a Parquet folder (cluster start
            included), then, timed apart, `eventwire load` of that folder into a fresh store
Reported per run: documents/s and tokens/s (tokens: spaCy's tokenizer over the corpus), the ratio of its
documents/s to bare spaCy's (wall clock: what the parallel runs are for), the ratio of its CPU seconds per
document to bare spaCy's (CPU of every process of the run: steadier on a shared machine), the peak resident
memory of each process (the driver, and each parsing process or Dask worker) and the store's size.
curve: the Dask engine with 2 local workers and the load at each size (Reuters stories cycled with new ids, so
every document is new; `--dates shifted`, the default, publishes each round a year after the last, so the archive
grows at Reuters' daily volume; `--dates same` keeps every round on its stories' days, each day denser): seconds,
documents/s, each worker's peak memory and its resident memory sampled during the run (`worker_rss_mb`: flat or
growing), load seconds, store size.
Each configuration runs in a fresh interpreter (clean memory figures); a shared machine distorts the ratios,
so the JSON records the load average seen before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_reuters import REUTERS, STORY, stories  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TOPIC = re.compile(r"<TOPICS><D>([^<]+)</D>")
LONG_WORDS = (600, 900)


def own_peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def own_usage() -> tuple[float, float]:
    """(peak MB, CPU seconds) of this process: what each Dask worker reports."""
    return own_peak_mb(), cpu_seconds()


def first_topics(folder: Path) -> dict[str, str]:
    """Each story's first topic, by its id as `stories` names it."""
    topics = {}
    for path in sorted(folder.glob("reut2-*.sgm")):
        for newid, block in STORY.findall(path.read_text(encoding="latin-1")):
            found = TOPIC.search(block)
            if found:
                topics[f"reuters-{newid}"] = found.group(1)
    return topics


def long_articles(folder: Path, count: int) -> list[dict]:
    """`count` articles of 600-900 words: consecutive stories of one topic joined (the first one's title and
    date), a story that would pass 900 words starting the next article."""
    topics = first_topics(folder)
    articles, open_by_topic = [], {}
    for doc_id, title, published, text in stories(folder, 10**6):
        topic = topics.get(doc_id)
        if topic is None:
            continue
        article = open_by_topic.get(topic)
        words = len(text.split())
        if article and article["words"] + words > LONG_WORDS[1]:
            article = None
        if article is None:
            article = open_by_topic[topic] = {"id": f"long-{doc_id}", "title": title, "published": published,
                                              "parts": [], "words": 0}
        article["parts"].append(text)
        article["words"] += words
        if article["words"] >= LONG_WORDS[0]:
            articles.append({"id": article["id"], "title": article["title"], "published": article["published"],
                             "text": "\n\n".join(article["parts"])})
            del open_by_topic[topic]
            if len(articles) == count:
                break
    return articles


def write_corpus(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def reuters_rows(limit: int, cycle_to: int | None = None, shift_years: bool = True) -> list[dict]:
    """The first `limit` stories; with `cycle_to`, the corpus over and over with new ids. With `shift_years`, round r
    is published r years later (the news of later years at the same daily volume, as a growing archive is); without
    it, every round lands on its stories' own days, so each day holds r+1 copies of its news (a denser day)."""
    rows = [{"id": i, "title": t, "published": p, "text": x} for i, t, p, x in stories(REUTERS, limit)]
    if cycle_to:
        rows = [round_copy(rows[n % len(rows)], n // len(rows), shift_years) for n in range(cycle_to)]
    return rows


def round_copy(row: dict, round_number: int, shift_years: bool) -> dict:
    published = row["published"]
    if shift_years:  # 1987's dates exist in every year, leap or not
        published = f"{int(published[:4]) + round_number}{published[4:]}"
    return {**row, "id": f"{row['id']}-r{round_number}", "published": published}


# --- the runs, each in its own interpreter -------------------------------------------------------------------

def run_spacy(corpus: Path, folder: Path) -> dict:
    started = time.perf_counter()
    from eventwire import nlp

    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    done = sum(1 for _ in nlp.load_model(indexed=False).pipe(texts, batch_size=16))
    return {"documents": done, "seconds": time.perf_counter() - started, "cpu_seconds": cpu_seconds(),
            "peak_mb": {"main": own_peak_mb()}}


def run_ingest(corpus: Path, folder: Path, workers: int) -> dict:
    started = time.perf_counter()
    from eventwire.ingest import sources
    from eventwire.ingest.batch import ingest
    from eventwire.store.writer import Writer

    db = folder / f"ingest{workers}.duckdb"
    with Writer(db) as writer:
        summary = ingest(sources.articles([corpus]), writer, workers=workers)
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peaks = {"main": own_peak_mb(), **({"largest_worker": round(children, 1)} if workers > 1 else {})}
    return {"documents": summary.stored, "failed": summary.failed, "seconds": seconds, "peak_mb": peaks,
            "cpu_seconds": cpu_seconds() + cpu_seconds(resource.RUSAGE_CHILDREN), "store_mb": store_mb(db)}


def run_dask(corpus: Path, folder: Path, workers: int = 2) -> dict:
    """Partitions of a sixteenth of the corpus (16 to 256 records), so the last ones spread over the workers."""
    started = time.perf_counter()
    partition_size = max(16, min(256, sum(1 for _ in corpus.open(encoding="utf-8")) // 16))
    from functools import partial

    from distributed import Client

    from eventwire.distributed import dask_engine, inputs, run
    from eventwire.distributed.load import store_partitions
    from eventwire.distributed.output import Output
    from eventwire.store.writer import Writer

    out = Output(str(folder / "parquet"))
    with dask_engine.local_cluster(workers) as cluster, Client(cluster) as client:
        memory = MemoryLog(client)
        summary = run.ingest(inputs.articles([str(corpus)]), out, partial(dask_engine.run_on, client), partition_size,
                             on_progress=memory.sample)
        workers_usage = list(client.run(own_usage).values())
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() + sum(used for _, used in workers_usage)
    db = folder / "dask.duckdb"
    loading = time.perf_counter()
    with Writer(db) as writer:
        loaded, _ = store_partitions(out, writer)
    load_seconds = time.perf_counter() - loading
    parquet = sum(p.stat().st_size for p in (folder / "parquet").rglob("*") if p.is_file())
    return {"documents": summary.stored, "failed": summary.failed, "seconds": seconds, "cpu_seconds": cpu,
            "peak_mb": {"main": own_peak_mb(), **{f"worker_{i}": mb for i, (mb, _) in enumerate(workers_usage)}},
            "load_seconds": round(load_seconds, 2), "loaded": loaded.stored, "store_mb": store_mb(db),
            "parquet_mb": round(parquet / 2**20, 2), "partition_size": partition_size,
            "worker_rss_mb": memory.samples}


def resident_mb() -> float:
    """This process's resident memory now (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class MemoryLog:
    """Each Dask worker's resident memory, sampled as partitions finish (at most every `every` seconds): what shows
    whether memory per worker stays flat as documents accumulate, which a peak alone does not."""

    def __init__(self, client, every: float = 30.0):
        self.client, self.every, self.last, self.samples = client, every, 0.0, []

    def sample(self, summary) -> None:
        if time.perf_counter() - self.last < self.every:
            return
        self.last = time.perf_counter()
        rss = sorted(round(mb, 1) for mb in self.client.run(resident_mb).values())
        self.samples.append({"documents": summary.stored, "seconds": round(summary.seconds, 1), "rss_mb": rss})


def store_mb(db: Path) -> float:
    return round((db.stat().st_size + Path(f"{db}.fts.sqlite").stat().st_size) / 2**20, 2)


RUNS = {"spacy": run_spacy, "ingest_1": lambda c, f: run_ingest(c, f, 1), "ingest_2": lambda c, f: run_ingest(c, f, 2),
        "dask_2": run_dask}


def child(kind: str, corpus: Path, folder: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "child", kind, str(corpus), str(folder)],
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise SystemExit(f"{kind} run failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def token_count(corpus: Path) -> int:
    from eventwire import nlp

    tokenizer = nlp.load_model(indexed=False).tokenizer
    return sum(len(tokenizer(json.loads(line)["text"])) for line in corpus.open(encoding="utf-8"))


def throughput(args, folder: Path) -> dict:
    corpora = {"reuters": reuters_rows(args.limit), "long": long_articles(REUTERS, args.long)}
    report = {}
    for name, rows in corpora.items():
        corpus = folder / f"{name}.jsonl"
        write_corpus(corpus, rows)
        tokens = token_count(corpus)
        runs = {}
        for kind in RUNS:
            run_folder = folder / f"{name}-{kind}"
            run_folder.mkdir()
            runs[kind] = child(kind, corpus, run_folder)
        bare, bare_cpu = (runs["spacy"][key] / runs["spacy"]["documents"] for key in ("seconds", "cpu_seconds"))
        for result in runs.values():
            rate = result["documents"] / result["seconds"]
            result.update(seconds=round(result["seconds"], 2), cpu_seconds=round(result["cpu_seconds"], 2),
                          docs_per_s=round(rate, 2), tokens_per_s=round(tokens * rate / len(rows)),
                          ratio_to_spacy=round(rate * bare, 3),
                          cpu_ratio_to_spacy=round(bare_cpu * result["documents"] / result["cpu_seconds"], 3))
        report[name] = {"documents": len(rows), "tokens": tokens,
                        "words_per_document": round(sum(len(r["text"].split()) for r in rows) / len(rows)),
                        "runs": runs}
    return report


def curve(args, folder: Path) -> dict:
    points = []
    for size in args.sizes:
        corpus = folder / f"cycled-{size}.jsonl"
        write_corpus(corpus, reuters_rows(min(size, 19_043), cycle_to=size, shift_years=args.dates == "shifted"))
        run_folder = folder / f"curve-{size}"
        run_folder.mkdir()
        result = child("dask_2", corpus, run_folder)
        result.update(seconds=round(result["seconds"], 1), docs_per_s=round(result["documents"] / result["seconds"], 2))
        points.append({"size": size, "dates": args.dates, **result})
        corpus.unlink()
    return {"points": points}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("throughput")
    one.add_argument("--limit", type=int, default=300, help="Reuters stories")
    one.add_argument("--long", type=int, default=40, help="articles of 600-900 words")
    two = sub.add_parser("curve")
    two.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    two.add_argument("--dates", choices=["shifted", "same"], default="shifted",
                     help="a cycled round's dates: a year later per round (the archive grows at a steady daily "
                          "volume) or the stories' own (every day denser)")
    inner = sub.add_parser("child")
    inner.add_argument("kind", choices=list(RUNS))
    inner.add_argument("corpus", type=Path)
    inner.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.command == "child":
        print(json.dumps(RUNS[args.kind](args.corpus, args.folder)))
        return
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        report = (throughput if args.command == "throughput" else curve)(args, Path(tmp))
    report["machine"] = {"cores": os.cpu_count(), "load_average_before": [round(x, 2) for x in load_before],
                         "load_average_after": [round(x, 2) for x in os.getloadavg()]}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
