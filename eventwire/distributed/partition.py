"""What any engine runs: a partition of input records in, the partition's tables out (and written).

An input record is a plain dict, so any engine can ship it: an article's fields (`RawArticle`: id, text,
origin, title, published, url, source, author) or `{"error": {"origin", "message"}}` for an input that could not
be read. `process_partition` extracts them with this process's `eventwire.Pipeline`, built the first time and
kept (the cached loader a single-machine ingest's workers use, eventwire.ingest.batch; it reads the data
directories named by $EVENTWIRE_DATA, which `eventwire --data` sets and a LocalCluster's workers inherit): an
engine's task never carries spaCy or the knowledge base, only these records and the output folder's URL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow

from eventwire.distributed.output import Output, fingerprint
from eventwire.distributed.tables import partition_tables
from eventwire.ingest.batch import chunks, extract_records
from eventwire.ingest.reading import InputError, RawArticle, Repeated


def input_record(item: RawArticle | InputError) -> dict[str, Any]:
    """An article or input error as the plain dict a partition holds."""
    if isinstance(item, InputError):
        return {"error": {"origin": item.origin, "message": item.problem}}
    return dataclasses.asdict(item)


def input_item(record: dict[str, Any]) -> RawArticle | InputError:
    if "error" in record:
        return InputError(record["error"]["origin"], record["error"]["message"])
    return RawArticle(**record)


def process_partition(records: list[dict[str, Any]], partition: int, published: str | None = None,
                      options: dict[str, Any] | None = None) -> dict[str, pyarrow.Table]:
    """Extract one partition's input records, in order, into the Parquet tables (eventwire.distributed.tables),
    with a `Pipeline(**options)` (the limits: max_chars, on_long, doc_timeout, lang). A document that fails
    becomes a row of the errors table; nothing is dropped."""
    extracted = list(extract_records((input_item(r) for r in records), 1, published, options))
    return partition_tables(extracted, partition)


def run_partition(output_url: str, partition: int, records: list[dict[str, Any]], published: str | None = None,
                  options: dict[str, Any] | None = None) -> dict[str, Any]:
    """An engine's whole task: extract a partition and write it to the output folder; returns its marker (the
    files written and how many documents and errors they hold). `options` are the `Pipeline`'s keyword
    arguments, plain values that any engine can ship."""
    tables = process_partition(records, partition, published, options)
    return Output(output_url).write_partition(partition, fingerprint(records), tables)


def partitions(items: Iterable[RawArticle | InputError], size: int) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """The input cut into numbered partitions of `size` records, in input order. The same input always gives the
    same partitions: that is what lets a resumed run skip those already written."""
    return enumerate(chunks((input_record(item) for item in first_of_each(items)), size))


def first_of_each(items: Iterable[RawArticle | InputError]) -> Iterator[RawArticle | InputError]:
    """The input without documents whose id came earlier in it (`Repeated` corpus lines included): a single-machine
    ingest stores the first and skips the others, so the Parquet tables too hold each document once."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Repeated):
            continue
        if isinstance(item, RawArticle):
            if item.id in seen:
                continue
            seen.add(item.id)
        yield item
