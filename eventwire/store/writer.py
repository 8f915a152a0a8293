"""The store's only writer: a batch of documents, one transaction.

Each document (an `Extraction.to_dict()`) is written with its entities, mentions, actors, events,
cluster updates, quotes, times and quantities inside one DuckDB transaction, so a kill at any moment
leaves each document either whole or absent. Batching several documents into that transaction (and
each table's rows into one statement) is what makes storing cheap: DuckDB's cost is per statement and
per commit, not per row. A document whose id is already stored is skipped: ingesting the same thing
twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from eventwire.store.actors import CorpusActorResolver
from eventwire.store.bulk import insert_rows
from eventwire.store.clusters import Clusterer, MergeRule, family_of
from eventwire.store.schema import open_store
from eventwire.store.search import SearchIndex

ITEM_TABLES = ("quotes", "times", "quantities")
WRITER_MEMORY = "64MB"
"""DuckDB's memory limit for the writer. Left at DuckDB's default (80 % of RAM), it keeps every block it has
written or read in its buffer pool, so an ingest process grows with the store; with a limit, blocks already on
disk are evicted (1.2 million rows: 394 MB without, 344 MB with a 100 MB limit). At 256 MB the pool still grew by
about 3.5 MB every 1,000 Reuters stories for the whole corpus; at 64 MB it stays between 15 and 45 MB
(bench/RESULTS.md, "Memory as the corpus grows"). The writer's statements are small batches; anything larger
spills to DuckDB's temporary directory."""


class Writer:
    def __init__(self, path: Path, rule: MergeRule | None = None):
        self.path = path
        self.con = open_store(path)
        # one thread: the writer's statements are tiny, handing them to a thread pool costs more CPU than it
        # saves, and the cores are left to parsing
        self.con.execute("SET threads = 1")
        self.con.execute(f"SET memory_limit = '{WRITER_MEMORY}'")
        self.failed_origins = {row[0] for row in self.con.execute("SELECT origin FROM errors").fetchall()}
        """Origins in the errors table: a stored document clears its origin's error, other documents skip the DELETE."""
        self.lookup = self.con.cursor()
        self.resolver = CorpusActorResolver(self.con)
        self.clusterer = Clusterer(self.con, rule or MergeRule.load())
        self.search = SearchIndex(path)
        self.search.reconcile(self.con)

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.search.close()
        self.lookup.close()
        self.con.close()

    def has(self, doc_id: str) -> bool:
        """Whether a document is stored; safe to call from another thread than the one writing."""
        return bool(self.stored_ids([doc_id]))

    def stored_ids(self, ids: list[str]) -> set[str]:
        """Which of these document ids are stored (one query); safe to call from another thread than the one writing."""
        return stored_among(self.lookup, ids)

    def write(self, record: dict[str, Any]) -> bool:
        """Store one extraction; False when a document with its id is already stored (nothing is added)."""
        return self.write_many([record])[0]

    def write_many(self, records: list[dict[str, Any]]) -> list[bool]:
        """Store extractions in order, in one transaction: all of them or, when anything fails, none (the exception
        is raised and the store is as before). For each record, False when its id is already stored or came
        earlier in the batch."""
        ids = [record["document"]["id"] for record in records]
        stored = stored_among(self.con, ids)
        fresh, outcome = [], []
        for record, doc_id in zip(records, ids):
            outcome.append(doc_id not in stored)
            if doc_id not in stored:
                stored.add(doc_id)
                fresh.append(record)
        if fresh:
            self._store(fresh)
        return outcome

    def record_error(self, origin: str, message: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO errors (origin, message, failed_at) VALUES (?, ?, current_timestamp)",
                         [origin, message])
        self.failed_origins.add(origin)

    def _store(self, records: list[dict[str, Any]]) -> None:
        """One transaction: every row of every record, a few multi-row statements per table."""
        rows = Rows()
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.resolver.load([entity for record in records for entity in record.get("entities") or []])
            placed = [self._collect(record, rows) for record in records]
            self.clusterer.load([event for _, events in placed for event in events])
            for document, events in placed:
                clusters_of_doc: set[int] = set()
                for event in events:
                    event["cluster_id"] = self.clusterer.place(event, document, clusters_of_doc)
                rows.add("events", [tuple(event.values()) for event in events], tuple(events[0]) if events else ())
            rows.insert(self.con)
            self.clusterer.flush()
            cleared = sorted({r["document"].get("origin") for r in records} & self.failed_origins)
            if cleared:
                self.con.execute(f"DELETE FROM errors WHERE origin IN ({', '.join('?' * len(cleared))})", cleared)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            self.clusterer.reset()
            raise
        finally:
            self.resolver.forget()
        self.failed_origins.difference_update(cleared)
        self.search.add_many([(d["id"], d.get("title"), d.get("published"), d.get("url"), d["text"])
                              for d in (r["document"] for r in records)])

    def _collect(self, record: dict[str, Any], rows: Rows) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Add one record's rows (events apart) and remember its actors; returns its document and events rows."""
        document = record["document"]
        doc_id = document["id"]
        entities = record.get("entities") or []
        resolution = self.resolver.resolve(entities)
        encoded = encoded_items(record)
        document_values = document_row(record, encoded)
        published, source = document_values[5], document_values[3]
        rows.add("documents", [document_values])
        self._collect_actors(entities, resolution, doc_id, rows)
        self.resolver.remember(resolution)
        for table in ITEM_TABLES:
            rows.add(table, [(doc_id, i, item) for i, item in enumerate(encoded[table])])
        events = [event_row(doc_id, index, item, resolution.actor_ids, published, item_json)
                  for index, (item, item_json) in enumerate(zip(record.get("events") or [], encoded["events"]))]
        return {"id": doc_id, "published": published, "source": source}, events

    @staticmethod
    def _collect_actors(entities: list[dict[str, Any]], resolution, doc_id: str, rows: Rows) -> None:
        actor_ids = resolution.actor_ids
        first_entity: dict[str, dict[str, Any]] = {}  # each actor's first entity: a new actor takes its fields
        aliases, mention_rows, entity_rows = set(), [], []
        for entity in entities:
            entity_id = entity["id"]
            actor_id = actor_ids[entity_id]
            first_entity.setdefault(actor_id, entity)
            for mention in entity.get("mentions") or []:
                text = mention.get("text")
                if text:
                    aliases.add((actor_id, text, doc_id))
                mention_rows.append(mention_row(doc_id, entity_id, mention))
            aliases.add((actor_id, entity.get("name"), doc_id))
            entity_rows.append(entity_row(doc_id, entity, actor_id))
        rows.add("actors", [(a.id, a.name, a.type, *actor_fields(first_entity[a.id]), doc_id)
                            for a in resolution.new_actors])
        rows.add("actor_name_words", [row for actor in resolution.new_actors for row in actor.name_words()])
        rows.add("mentions", mention_rows)
        rows.add("entities", entity_rows)
        rows.add("actor_aliases", sorted(aliases, key=str))
        rows.add("actor_roles", sorted({(a, r, doc_id) for a, r in resolution.new_roles}))


class Rows:
    """The rows of a batch, per table, in the order they were added; inserted a few statements per table."""

    COLUMNS = {
        "documents": ("id", "url", "title", "source", "author", "published", "dateline", "origin", "text", "extraction"),
        "actors": ("id", "name", "type", "code", "country", "igo", "sector", "kb", "first_doc"),
        "actor_aliases": ("actor_id", "alias", "doc_id"),
        "actor_roles": ("actor_id", "role", "doc_id"),
        "actor_name_words": ("word", "actor_id"),
        "entities": ("doc_id", "entity_id", "actor_id", "name", "type", "code", "country", "igo", "sector", "kb",
                     "role", "place"),
        "mentions": ("doc_id", "entity_id", "start", "end", "text", "metonymic"),
        **{table: ("doc_id", "idx", "item") for table in ITEM_TABLES},
    }

    def __init__(self) -> None:
        self.tables: dict[str, tuple[tuple[str, ...], list[tuple]]] = {}

    def add(self, table: str, rows: list[tuple], columns: tuple[str, ...] = ()) -> None:
        if rows:
            self.tables.setdefault(table, (columns or self.COLUMNS[table], []))[1].extend(rows)

    def insert(self, con) -> None:
        for table, (columns, rows) in self.tables.items():
            insert_rows(con, table, columns, rows)


def stored_among(con, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    rows = con.execute(f"SELECT id FROM documents WHERE id IN ({', '.join('?' * len(ids))})", ids).fetchall()
    return {row[0] for row in rows}


ENCODED_LISTS = ("events", *ITEM_TABLES)
"""The record's lists whose items are stored one a row as JSON besides the whole extraction's JSON."""


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def encoded_items(record: dict[str, Any]) -> dict[str, list[str]]:
    """The JSON of each item of the events, quotes, times and quantities lists (none when a list is missing)."""
    return {key: [to_json(item) for item in record.get(key) or []] for key in ENCODED_LISTS}


def extraction_json(record: dict[str, Any], encoded: dict[str, list[str]] | None = None) -> str:
    """The whole extraction as JSON, without the text (kept once, in documents.text).

    The items already encoded for their own rows (`encoded_items`) are joined, not encoded again: the text is
    what `json.dumps` of the whole record gives (its default separators), for about half the encoding work."""
    encoded = encoded or {}
    members = []
    for key, value in record.items():
        if key == "document":
            text = to_json({name: field for name, field in value.items() if name != "text"})
        elif key in encoded and type(value) is list:
            text = "[" + ", ".join(encoded[key]) + "]"
        else:
            text = to_json(value)
        members.append(f"{to_json(key)}: {text}")
    return "{" + ", ".join(members) + "}"


def document_row(record: dict[str, Any], encoded: dict[str, list[str]]) -> tuple:
    """The documents row of a record, in the order of `Rows.COLUMNS["documents"]` (its source: the record's, else
    the URL's host)."""
    document = record["document"]
    source = document.get("source") or urlparse(document.get("url") or "").hostname
    return (document["id"], document.get("url"), document.get("title"), source, document.get("author"),
            to_date(document.get("published")), document.get("dateline"), document.get("origin"), document["text"],
            extraction_json(record, encoded))


def entity_row(doc_id: str, entity: dict[str, Any], actor_id: str | None) -> tuple:
    """The entities row of an entity, in the order of `Rows.COLUMNS["entities"]`."""
    place = entity.get("place")
    return (doc_id, entity["id"], actor_id, entity.get("name"), entity.get("type"), *actor_fields(entity),
            (entity.get("actor") or {}).get("role"), json.dumps(place) if place else None)


def mention_row(doc_id: str, entity_id: str, mention: dict[str, Any]) -> tuple:
    """The mentions row of one mention of an entity, in the order of `Rows.COLUMNS["mentions"]`."""
    return (doc_id, entity_id, mention.get("start"), mention.get("end"), mention.get("text"),
            bool(mention.get("metonymic")))


def actor_fields(entity: dict[str, Any]) -> tuple:
    """code, country, igo, sector, kb of an entity (None where unknown)."""
    actor = entity.get("actor") or {}
    return actor.get("code"), actor.get("country"), actor.get("igo"), actor.get("sector"), entity.get("kb")


def event_row(doc_id: str, index: int, item: dict[str, Any], actor_ids: dict[str, str],
              published: dt.date | None, item_json: str | None = None) -> dict[str, Any]:
    """The events row of one event item (`item_json` its JSON when already encoded); missing or malformed keys
    become nulls."""
    if not isinstance(item, dict):
        item, item_json = {}, None
    sources, targets = sides(item.get("source"), actor_ids), sides(item.get("target"), actor_ids)
    trigger, sentence = as_dict(item.get("trigger")), as_dict(item.get("sentence"))
    date, location = as_dict(item.get("date")), as_dict(item.get("location"))
    cameo, plover = as_text(item.get("cameo")), as_text(item.get("plover"))
    reporter = sides([item["reported_by"]] if isinstance(item.get("reported_by"), dict) else None, actor_ids)
    reporter_id, reporter_item = reporter[0] if reporter else (None, {})
    return {
        "doc_id": doc_id, "idx": index, "event_id": as_text(item.get("id")), "cluster_id": None, "cameo": cameo,
        "cameo_name": as_text(item.get("cameo_name")), "plover": plover, "family": family_of(cameo, plover),
        "mode": as_text(item.get("mode")), "context": as_texts(item.get("context")),
        "quad_class": as_number(item.get("quad_class"), int), "goldstein": as_number(item.get("goldstein"), float),
        "source_actors": [a for a, _ in sources if a], "target_actors": [a for a, _ in targets if a],
        "source_codes": codes(sources), "target_codes": codes(targets),
        **side_columns("source", sources), **side_columns("target", targets),
        "trigger_start": as_number(trigger.get("start"), int), "trigger_end": as_number(trigger.get("end"), int),
        "trigger_text": as_text(trigger.get("text")),
        "sentence_start": as_number(sentence.get("start"), int), "sentence_end": as_number(sentence.get("end"), int),
        "day": to_date(date.get("value")) or published, "date_value": as_text(date.get("value")),
        "date_granularity": as_text(date.get("granularity")), "date_source": as_text(date.get("source")),
        "location_name": as_text(location.get("name")), "location_country": as_text(location.get("country")),
        "lat": as_number(location.get("lat"), float), "lon": as_number(location.get("lon"), float),
        "negated": bool(item.get("negated")), "hypothetical": bool(item.get("hypothetical")),
        "modality": as_text(item.get("modality")),
        "reported_by": as_text(reporter_item.get("name")) if reporter else as_text(item.get("reported_by")),
        "reported_by_actor": reporter_id, "rule": as_text(item.get("rule")),
        "confidence": as_number(item.get("confidence"), float), "item": item_json or to_json(item),
    }


def sides(value: Any, actor_ids: dict[str, str]) -> list[tuple[str | None, dict[str, Any]]]:
    """(corpus actor id, participant) for each participant of one side of an event."""
    participants = [p for p in value if isinstance(p, dict)] if isinstance(value, list) else []
    found = []
    for participant in participants:
        actor_id = actor_ids.get(str(participant.get("entity")))
        if actor_id is None and participant.get("code"):
            actor_id = f"code:{participant['code']}"
        found.append((actor_id, participant))
    return found


def codes(participants: list[tuple[str | None, dict[str, Any]]]) -> list[str]:
    """Each participant's actor code (PRKGOV), or its corpus actor id when it has none."""
    return [str(p.get("code") or a) for a, p in participants if p.get("code") or a]


def side_columns(side: str, participants: list[tuple[str | None, dict[str, Any]]]) -> dict[str, Any]:
    actor_id, first = participants[0] if participants else (None, {})
    return {f"{side}_actor": actor_id, f"{side}_name": as_text(first.get("name")),
            f"{side}_code": as_text(first.get("code")), f"{side}_country": as_text(first.get("country"))}


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def as_texts(value: Any) -> list[str] | None:
    """A list of labels (a lone string is a list of one)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [as_text(v) for v in value if v is not None]
    return None


def as_number(value: Any, kind: type) -> Any:
    try:
        return kind(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def to_date(value: Any) -> dt.date | None:
    """The day of a YYYY-MM-DD[...] string; None for coarser or malformed values."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
