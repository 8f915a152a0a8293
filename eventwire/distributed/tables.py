"""The Parquet tables a distributed ingest writes: a partition's extraction records as typed rows.

Each table's columns and types are those of the store's table of the same name (taken from the store's own
schema, eventwire.store.schema, through an empty in-memory store), so a query written for the store reads the
Parquet folders unchanged. What only the store can decide is left out or empty: corpus-wide actor identities
(entities have no actor_id; an event's source_actor/target_actor is `code:<CODE>` when coded, else null) and
clusters (events.cluster_id is null). `eventwire load` decides those, in input order, as a single-machine ingest
does. Tables:
  documents       one row per document, with the whole extraction's JSON (`extraction`, as in the store), the
                  number of its input partition and its place in it (`partition`, `seq`): what `eventwire load` replays
  entities, mentions, events, quotes, times, quantities   as in the store
  event_mentions  one row per mention of an event: its `mentions` list when it has one, else the event itself
  errors          inputs that could not be processed, with their partition and place
Every row carries its document's publication day as `date` (null when unknown), the Hive partition key its
file is written under.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pyarrow

from eventwire.store.writer import (
    ITEM_TABLES,
    Rows,
    as_dict,
    as_number,
    as_text,
    document_row,
    encoded_items,
    entity_row,
    event_row,
    mention_row,
    to_json,
)

DATE_KEY = "date"
"""The Hive partition column: `documents/date=2024-10-29/part-000003.parquet`."""
TABLE_QUERIES = {
    "documents": "SELECT * EXCLUDE (ingested_at), 0::INTEGER AS partition, 0::INTEGER AS seq FROM documents",
    "entities": "SELECT * EXCLUDE (actor_id) FROM entities",
    "mentions": "SELECT * FROM mentions",
    "events": "SELECT * FROM events",
    "event_mentions": "SELECT doc_id, idx AS event_idx, idx, trigger_start, trigger_end, trigger_text, "
                      "sentence_start, sentence_end, rule, confidence, item FROM events",
    **{table: f"SELECT * FROM {table}" for table in ITEM_TABLES},
    "errors": "SELECT origin, message, 0::INTEGER AS partition, 0::INTEGER AS seq FROM errors",
}
"""Each Parquet table as a query on an empty store: its columns and their types."""
TABLES = tuple(TABLE_QUERIES)


@cache
def schemas() -> dict[str, pyarrow.Schema]:
    """The Arrow schema of each table (without the partition key), read off an empty in-memory store."""
    from eventwire.store.schema import open_store

    con = open_store(Path(":memory:"))
    try:
        return {table: con.sql(f"{query} LIMIT 0").to_arrow_table().schema for table, query in TABLE_QUERIES.items()}
    finally:
        con.close()


def partition_tables(records: list[dict[str, Any]], partition: int) -> dict[str, pyarrow.Table]:
    """Every table's rows for one partition's records (`Extraction.to_dict()`, or {"error": ...}), in order; each
    table has the partition key column `date` (a string, YYYY-MM-DD, or null) last."""
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    for seq, record in enumerate(records):
        if "error" in record:
            error = record["error"]
            rows["errors"].append({"origin": error.get("origin"), "message": error.get("message"),
                                   "partition": partition, "seq": seq, DATE_KEY: None})
        else:
            add_record(rows, record, partition, seq)
    tables = {}
    for table, schema in schemas().items():
        full = schema.append(pyarrow.field(DATE_KEY, pyarrow.string()))
        tables[table] = pyarrow.Table.from_pylist(rows[table], schema=full)
    return tables


def add_record(rows: dict[str, list[dict[str, Any]]], record: dict[str, Any], partition: int, seq: int) -> None:
    """Add the rows of one document's record to each table."""
    encoded = encoded_items(record)
    document = dict(zip(Rows.COLUMNS["documents"], document_row(record, encoded)))
    doc_id, published = document["id"], document["published"]
    key = {DATE_KEY: published.isoformat() if published else None}
    rows["documents"].append({**document, "partition": partition, "seq": seq, **key})
    for entity in record.get("entities") or []:
        entity_values = dict(zip(Rows.COLUMNS["entities"], entity_row(doc_id, entity, None)))
        del entity_values["actor_id"]
        rows["entities"].append({**entity_values, **key})
        rows["mentions"].extend({**dict(zip(Rows.COLUMNS["mentions"], mention_row(doc_id, entity["id"], mention))),
                                 **key} for mention in entity.get("mentions") or [])
    for index, (item, item_json) in enumerate(zip(record.get("events") or [], encoded["events"])):
        rows["events"].append({**event_row(doc_id, index, item, {}, published, item_json), **key})
        rows["event_mentions"].extend({**mention, **key} for mention in event_mentions(doc_id, index, item, item_json))
    for table in ITEM_TABLES:
        rows[table].extend({"doc_id": doc_id, "idx": i, "item": item, **key} for i, item in enumerate(encoded[table]))


def event_mentions(doc_id: str, event_idx: int, item: Any, item_json: str) -> list[dict[str, Any]]:
    """The mentions of one event: the items of its `mentions` list, or the event itself when it has none."""
    listed = item.get("mentions") if isinstance(item, dict) else None
    mentions = [(m, to_json(m)) for m in listed if isinstance(m, dict)] if isinstance(listed, list) else []
    if not mentions:
        mentions = [(as_dict(item), item_json)]
    found = []
    for idx, (mention, mention_json) in enumerate(mentions):
        trigger, sentence = as_dict(mention.get("trigger")), as_dict(mention.get("sentence"))
        found.append({
            "doc_id": doc_id, "event_idx": event_idx, "idx": idx,
            "trigger_start": as_number(trigger.get("start"), int), "trigger_end": as_number(trigger.get("end"), int),
            "trigger_text": as_text(trigger.get("text")),
            "sentence_start": as_number(sentence.get("start"), int),
            "sentence_end": as_number(sentence.get("end"), int),
            "rule": as_text(mention.get("rule")), "confidence": as_number(mention.get("confidence"), float),
            "item": mention_json,
        })
    return found
