"""Tables of the corpus store, their version, and the migrations that bring an older file up to date.

`MIGRATIONS[n]` holds the statements (SQL, or a function of the connection for what SQL cannot compute)
that turn a version n-1 store into version n; `open_store`
applies the missing ones in one transaction each and records them in `schema_version`. To change
the schema, append a migration (never edit a released one): `SCHEMA_VERSION` follows.

Tables (version 1):
  documents      one row per stored document; `id` is its URL or the hash of its normalised text
  actors         corpus-wide identities; actor_aliases / actor_roles list what each document called them;
                 actor_name_words (version 3) indexes people by each word of their normalised name
  entities       the entities of each document with the corpus actor they resolved to; mentions their spans
  events         one row per event (a happening as one article reports it, its mentions merged), with the
                 item's JSON; event_mentions (version 4) one row per mention of it
  clusters       real-world events: event mentions merged across documents (see eventwire.store.clusters)
  quotes, times, quantities   the other extracted items, as JSON with their document
  errors         inputs that could not be stored, with the reason (cleared when the input later succeeds)
Version 4 adds to events the trigger lemma, the named participants (corpus actor ids), joint, the location's
basis, GeoNames id, admin1 and feature, and the mention count; to clusters the same place details and the sets
the clustering compares. Version 5 adds cluster_evidence: hashed pieces of each cluster's evidence with its first
day, by which a batch finds the clusters its mentions could join (eventwire.store.clusters.stored_evidence).
Views: dyads_day|week|month (country pairs) and timeline_day|week|month (per country), counting
real-world events (clusters, dated by their first day), their mentions and the mean Goldstein score of
the mentions; negated and hypothetical mentions (which belong to no cluster) are left out.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import duckdb

from eventwire.errors import EventwireError

log = logging.getLogger(__name__)


class StoreError(EventwireError):
    """A store that cannot be opened or used; the message names the file and what to do."""


def _summary_views() -> list[str]:
    """Views over clusters (real-world events), so a report repeated by many articles counts once."""
    views = []
    for period in ("day", "week", "month"):
        views.append(f"""
        CREATE OR REPLACE VIEW dyads_{period} AS
        SELECT CAST(date_trunc('{period}', first_day) AS DATE) AS period, source_country, target_country,
               count(*) AS events, sum(mentions) AS mentions,
               round(sum(goldstein_sum) / sum(goldstein_count), 3) AS mean_goldstein
        FROM clusters
        WHERE first_day IS NOT NULL AND source_country IS NOT NULL AND target_country IS NOT NULL
        GROUP BY ALL""")
        views.append(f"""
        CREATE OR REPLACE VIEW timeline_{period} AS
        SELECT CAST(date_trunc('{period}', first_day) AS DATE) AS period, country,
               count(*) AS events, sum(mentions) AS mentions,
               round(sum(goldstein_sum) / sum(goldstein_count), 3) AS mean_goldstein
        FROM (SELECT first_day, mentions, goldstein_sum, goldstein_count, source_country AS country FROM clusters
              UNION ALL
              SELECT first_day, mentions, goldstein_sum, goldstein_count, target_country FROM clusters
              WHERE target_country IS DISTINCT FROM source_country)
        WHERE first_day IS NOT NULL AND country IS NOT NULL
        GROUP BY ALL""")
    return views


def _index_person_names(con: duckdb.DuckDBPyConnection) -> None:
    """Fill actor_name_words for the people a version-2 store already holds (names normalised as the writer does)."""
    from eventwire.store.actors import KnownActor
    from eventwire.store.bulk import insert_rows

    people = con.execute("SELECT id, name FROM actors WHERE type = 'PERSON'").fetchall()
    insert_rows(con, "actor_name_words", ("word", "actor_id"),
                [row for actor_id, name in people for row in KnownActor(actor_id, name or "", "PERSON", None).name_words()])


def _index_cluster_evidence(con: duckdb.DuckDBPyConnection) -> None:
    """Fill cluster_evidence for the clusters a version-4 store already holds, oldest first (the day order a
    growing store writes it in, which DuckDB's zone maps then skip by)."""
    from eventwire.store.bulk import insert_rows
    from eventwire.store.clusters import EVIDENCE_COLUMNS, evidence_rows

    columns = ("id", "key", "first_day", "source_keys", "target_keys", "participants", "lemmas", "location_name")
    clusters = [dict(zip(columns, row)) for row in con.execute(
        f"SELECT {', '.join(columns)} FROM clusters ORDER BY first_day, id").fetchall()]
    insert_rows(con, "cluster_evidence", EVIDENCE_COLUMNS, [row for c in clusters for row in evidence_rows(c)])


LOCATION_DETAILS = ("location_geonames_id BIGINT", "location_admin1 VARCHAR", "location_admin1_code VARCHAR",
                    "location_feature VARCHAR")
"""The GeoNames id, first-level division and feature of an event's place (version 4), for GDELT's geography."""

MIGRATIONS: dict[int, list] = {
    1: [
        """CREATE TABLE documents (
            id VARCHAR PRIMARY KEY, url VARCHAR, title VARCHAR, source VARCHAR, author VARCHAR, published DATE,
            dateline VARCHAR, origin VARCHAR, text VARCHAR, ingested_at TIMESTAMP DEFAULT current_timestamp,
            extraction JSON)""",
        """CREATE TABLE actors (
            id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, code VARCHAR, country VARCHAR, igo VARCHAR,
            sector VARCHAR, kb VARCHAR, first_doc VARCHAR)""",
        "CREATE TABLE actor_aliases (actor_id VARCHAR, alias VARCHAR, doc_id VARCHAR)",
        "CREATE TABLE actor_roles (actor_id VARCHAR, role VARCHAR, doc_id VARCHAR)",
        """CREATE TABLE entities (
            doc_id VARCHAR, entity_id VARCHAR, actor_id VARCHAR, name VARCHAR, type VARCHAR, code VARCHAR,
            country VARCHAR, igo VARCHAR, sector VARCHAR, role VARCHAR, kb VARCHAR, place JSON)""",
        """CREATE TABLE mentions (
            doc_id VARCHAR, entity_id VARCHAR, "start" INTEGER, "end" INTEGER, text VARCHAR, metonymic BOOLEAN)""",
        """CREATE TABLE events (
            doc_id VARCHAR, idx INTEGER, event_id VARCHAR, cluster_id BIGINT, cameo VARCHAR, cameo_name VARCHAR,
            plover VARCHAR, family VARCHAR, mode VARCHAR, context VARCHAR[], quad_class INTEGER, goldstein DOUBLE,
            source_actors VARCHAR[], target_actors VARCHAR[], source_codes VARCHAR[], target_codes VARCHAR[],
            source_actor VARCHAR, source_name VARCHAR, source_code VARCHAR, source_country VARCHAR,
            target_actor VARCHAR, target_name VARCHAR, target_code VARCHAR, target_country VARCHAR,
            trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
            sentence_start INTEGER, sentence_end INTEGER,
            day DATE, date_value VARCHAR, date_granularity VARCHAR, date_source VARCHAR,
            location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE,
            negated BOOLEAN, hypothetical BOOLEAN, modality VARCHAR, reported_by VARCHAR, reported_by_actor VARCHAR,
            rule VARCHAR, confidence DOUBLE,
            item JSON)""",
        """CREATE TABLE clusters (
            id BIGINT PRIMARY KEY, key VARCHAR, family VARCHAR, cameo VARCHAR, plover VARCHAR,
            source_actor VARCHAR, target_actor VARCHAR, source_country VARCHAR, target_country VARCHAR,
            first_day DATE, last_day DATE, goldstein_sum DOUBLE, goldstein_count INTEGER,
            location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE,
            mentions INTEGER, documents INTEGER, sources INTEGER, source_names VARCHAR[],
            earliest_published DATE, earliest_doc VARCHAR)""",
        "CREATE INDEX clusters_key ON clusters (key)",
        "CREATE TABLE quotes (doc_id VARCHAR, idx INTEGER, item JSON)",
        "CREATE TABLE times (doc_id VARCHAR, idx INTEGER, item JSON)",
        "CREATE TABLE quantities (doc_id VARCHAR, idx INTEGER, item JSON)",
        "CREATE TABLE errors (origin VARCHAR PRIMARY KEY, message VARCHAR, failed_at TIMESTAMP DEFAULT current_timestamp)",
    ],
    2: _summary_views(),
    3: ["CREATE TABLE actor_name_words (word VARCHAR, actor_id VARCHAR)", _index_person_names],
    4: [*(f"ALTER TABLE events ADD COLUMN {column}" for column in (
            "trigger_lemma VARCHAR", "participants VARCHAR[]", "joint BOOLEAN", "location_basis VARCHAR",
            *LOCATION_DETAILS, "mention_count INTEGER")),
        *(f"ALTER TABLE clusters ADD COLUMN {column}" for column in (
            *LOCATION_DETAILS, "source_keys VARCHAR[]", "target_keys VARCHAR[]", "participants VARCHAR[]",
            "lemmas VARCHAR[]")),
        """CREATE TABLE event_mentions (
            doc_id VARCHAR, event_idx INTEGER, mention_id VARCHAR, cameo VARCHAR, plover VARCHAR,
            trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR, trigger_lemma VARCHAR,
            sentence_start INTEGER, sentence_end INTEGER, negated BOOLEAN, hypothetical BOOLEAN,
            rule VARCHAR, confidence DOUBLE, merged VARCHAR, sentence_number INTEGER, source_entity VARCHAR,
            target_entity VARCHAR)"""],
    5: ["CREATE TABLE cluster_evidence (pair BIGINT, first_day DATE, cluster_id BIGINT)", _index_cluster_evidence],
}
SCHEMA_VERSION = max(MIGRATIONS)


def open_store(path: Path, read_only: bool = False, sandbox: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating when writable) the store at `path`, with errors a user can act on.

    `sandbox` (read-only only) also forbids reading or writing any other file, attaching databases
    and loading extensions: what `eventwire sql` runs cannot touch anything but the store.
    """
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such database (create it with `eventwire ingest ... --db {path}`)")
    if not is_duckdb_file(path):
        raise StoreError(f"{path}: not a DuckDB database file (give a new file name or an eventwire store)")
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}  # never download
    if read_only and sandbox:
        config["enable_external_access"] = False
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.Error as err:
        raise StoreError(explain_open_error(path, err)) from None
    if read_only:
        version = current_version(con)
        if version > SCHEMA_VERSION:
            con.close()
            raise StoreError(f"{path}: written by a newer eventwire (schema {version} > {SCHEMA_VERSION}); "
                             "upgrade eventwire")
        if version < SCHEMA_VERSION:
            con.close()
            raise StoreError(f"{path}: store schema version {version}, this eventwire needs {SCHEMA_VERSION}; "
                             "open it once for writing (e.g. `eventwire ingest --db ...` with no input) to migrate it")
    else:
        migrate(con, path)
    return con


def is_duckdb_file(path: Path) -> bool:
    """True for a DuckDB file (magic bytes 'DUCK' at offset 8) or a file not there yet."""
    try:
        with path.open("rb") as stream:
            return stream.read(12)[8:12] == b"DUCK"
    except FileNotFoundError:
        return True
    except OSError:
        return True  # let DuckDB report what is wrong with it


def explain_open_error(path: Path, err: duckdb.Error) -> str:
    message = str(err)
    if "lock" in message.lower():
        holder = re.search(r"PID (\d+)", message)
        who = f"process {holder.group(1)}" if holder else "another process"
        return (f"{path}: database is locked by {who} (the store is being written by {who}); wait for it to finish "
                "or use another --db")
    if "not a valid DuckDB database" in message or "not a DuckDB" in message or "Magic" in message:
        return f"{path}: not a DuckDB database file (give a new file name or an eventwire store)"
    if "Could not read enough bytes" in message or "checksum" in message.lower() or "corrupt" in message.lower():
        return (f"{path}: the store file is damaged or truncated ({message.splitlines()[0]}); restore it from a "
                "backup or ingest again into a new --db")
    return explain_write_error(path, err, "cannot open database")


def explain_write_error(path: Path, err: BaseException, doing: str = "could not write the store") -> str:
    """One line for a store that failed while being opened or written: a full disk, a folder that cannot be
    written, anything else by its first line. What was committed before stays (each document is one transaction)."""
    message = (str(err).splitlines() or [type(err).__name__])[0]
    if "No space left" in message or "disk is full" in message.lower():
        return (f"{path}: {doing}: the disk is full; free some space and run the same command again (what was "
                "stored before is kept)")
    if "Permission denied" in message or "Read-only file system" in message:
        return (f"{path}: {doing}: permission denied (a read-only folder or file); choose a --db in a folder you "
                "can write to")
    return f"{path}: {doing} ({message})"


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'").fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.v{version}.bak")


def backup(con: duckdb.DuckDBPyConnection, path: Path, version: int) -> None:
    """Copy a store about to be migrated to `<name>.v<version>.bak` beside it (once: an existing backup is kept),
    after a checkpoint, so the copy is the whole store as the older eventwire left it."""
    target = backup_path(path, version)
    if target.exists():
        return
    con.execute("CHECKPOINT")
    try:
        shutil.copy2(path, target)
    except OSError as err:
        raise StoreError(explain_write_error(target, err, f"could not back up the store before migrating it from "
                                                          f"schema {version}")) from None
    log.warning("%s: migrating the store from schema %d to %d; the old one is kept as %s", path, version,
                SCHEMA_VERSION, target)


def migrate(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Apply every migration newer than the file's version, each in its own transaction."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP DEFAULT current_timestamp)")
    version = current_version(con)
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: written by a newer eventwire (schema {version} > {SCHEMA_VERSION}); upgrade eventwire")
    if 0 < version < SCHEMA_VERSION:
        backup(con, path, version)
    for number in sorted(n for n in MIGRATIONS if n > version):
        con.execute("BEGIN TRANSACTION")
        try:
            for step in MIGRATIONS[number]:
                if isinstance(step, str):
                    con.execute(step)
                else:
                    step(con)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
