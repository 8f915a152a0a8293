"""Byte-for-byte snapshot of `eventwire extract` output, to check that a refactoring changes nothing.

    python bench/snapshot.py write DIR      # record the current output
    python bench/snapshot.py compare DIR    # run again and compare with what DIR holds

Two inputs: the bundled example (`--published 2024-10-29`, JSON) and the first --limit Reuters-21578 stories
with a body (read as bench/ingest_reuters.py reads them; JSONL). Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_reuters import REUTERS, ROOT, stories  # noqa: E402

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))
CORPUS = Path("/tmp/eventwire-snapshot-reuters.jsonl")


def outputs(limit: int) -> dict[str, bytes]:
    """The two outputs, by file name."""
    example = subprocess.run([EVENTWIRE, "extract", str(ROOT / "examples" / "nk-russia-reuters.txt"),
                              "--published", "2024-10-29"], capture_output=True, check=True).stdout
    corpus = CORPUS.with_name(f"{CORPUS.stem}-{limit}.jsonl")  # a fixed name: it is each record's origin
    with corpus.open("w", encoding="utf-8") as out:
        for doc_id, title, published, text in stories(REUTERS, limit):
            out.write(json.dumps({"id": doc_id, "title": title, "published": published, "text": text}) + "\n")
    reuters = subprocess.run([EVENTWIRE, "extract", "--jsonl", str(corpus), "--format", "jsonl"],
                             capture_output=True, check=True).stdout
    return {"example.json": example, f"reuters-{limit}.jsonl": reuters}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["write", "compare"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=600)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    differ = 0
    for name, data in outputs(args.limit).items():
        path = args.folder / name
        if args.action == "write":
            path.write_bytes(data)
            print(f"{path}: {len(data)} bytes")
        elif path.read_bytes() == data:
            print(f"{name}: identical ({len(data)} bytes)")
        else:
            differ += 1
            old, new = path.read_bytes().splitlines(), data.splitlines()
            first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
            print(f"{name}: DIFFERS from line {first + 1} ({len(old)} lines before, {len(new)} now)")
            (args.folder / f"{name}.now").write_bytes(data)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
