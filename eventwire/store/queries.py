"""Read the store: events, actors, dyad and timeline summaries, and read-only SQL.

Each query returns a `Table` (column names and rows) that the CLI prints as a table, JSON or CSV.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from eventwire.store import choices
from eventwire.store.schema import StoreError

PERIODS = choices.PERIODS
READ_STATEMENTS = {"SELECT", "EXPLAIN"}


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def run(con: duckdb.DuckDBPyConnection, query: str, params: list | None = None) -> Table:
    cursor = con.execute(query, params or [])
    return Table([c[0] for c in cursor.description], cursor.fetchall())


def date_filters(column: str, since: dt.date | None, until: dt.date | None) -> tuple[list[str], list]:
    clauses, params = [], []
    if since:
        clauses.append(f"{column} >= ?")
        params.append(since)
    if until:
        clauses.append(f"{column} <= ?")
        params.append(until)
    return clauses, params


def event_filters(actor: str | None, event_type: str | None, since: dt.date | None, until: dt.date | None,
                  day: str = "e.day") -> tuple[list[str], list]:
    """SQL conditions on an events row `e` (dated by the `day` expression) and their parameters: `actor` on either
    side by country, actor code or its prefix, or corpus actor id; `event_type` a PLOVER type or CAMEO prefix."""
    clauses, params = date_filters(day, since, until)
    if actor:
        clauses.append("(e.source_country = ? OR e.target_country = ? OR starts_with(e.source_code, ?) "
                       "OR starts_with(e.target_code, ?) OR list_contains(e.source_actors, ?) "
                       "OR list_contains(e.target_actors, ?))")
        params += [actor.upper()] * 4 + [actor] * 2
    if event_type:
        clauses.append("(e.plover = ? OR starts_with(e.cameo, ?))")
        params += [event_type.upper(), event_type]
    return clauses, params


def events(con, actor: str | None = None, event_type: str | None = None, since: dt.date | None = None,
           until: dt.date | None = None, limit: int | None = None) -> Table:
    """Event mentions, newest first, with the size of the real-world event (cluster) each belongs to, negated and
    hypothetical mentions ("talks did not take place") included and flagged.

    `actor` matches either side by country (PRK), actor code or its prefix (PRKGOV, PRK), or corpus actor
    id (person:yoon suk yeol); `event_type` a PLOVER type (CONSULT) or a CAMEO code or its prefix (04, 042).
    """
    clauses, params = event_filters(actor, event_type, since, until)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return run(con, f"""
        SELECT e.day, e.cameo, e.plover, e.source_name, e.source_code, e.target_name, e.target_code, e.goldstein,
               e.location_name, e.trigger_text, e.cluster_id, c.mentions AS cluster_mentions,
               c.sources AS cluster_sources, e.doc_id, e.negated, e.hypothetical
        FROM events e LEFT JOIN clusters c ON c.id = e.cluster_id
        {where}
        ORDER BY e.day DESC NULLS LAST, e.doc_id, e.idx
        {f'LIMIT {int(limit)}' if limit else ''}""", params)


def actors(con, country: str | None = None, limit: int | None = None) -> Table:
    """Corpus actors with how many documents mention them, their roles and other names."""
    where, params = ("WHERE a.country = ?", [country.upper()]) if country else ("", [])
    return run(con, f"""
        SELECT a.id, a.name, a.type, a.code, a.country, a.sector,
               (SELECT count(DISTINCT doc_id) FROM entities n WHERE n.actor_id = a.id) AS documents,
               (SELECT string_agg(DISTINCT role, '; ' ORDER BY role) FROM actor_roles r WHERE r.actor_id = a.id) AS roles,
               (SELECT string_agg(DISTINCT alias, '; ' ORDER BY alias) FROM actor_aliases s
                WHERE s.actor_id = a.id AND s.alias <> a.name) AS aliases
        FROM actors a {where}
        ORDER BY documents DESC, a.id
        {f'LIMIT {int(limit)}' if limit else ''}""", params)


def dyads(con, period: str = "month", since: dt.date | None = None, until: dt.date | None = None,
          country: str | None = None) -> Table:
    """Real-world events, mentions and mean Goldstein score per (source country, target country, period)."""
    return summary(con, "dyads", ("source_country", "target_country"), period, since, until, country)


def timeline(con, period: str = "month", since: dt.date | None = None, until: dt.date | None = None,
             country: str | None = None) -> Table:
    """Real-world events, mentions and mean Goldstein score per (country, period), either side."""
    return summary(con, "timeline", ("country",), period, since, until, country)


def summary(con, view: str, country_columns: tuple[str, ...], period: str, since: dt.date | None,
            until: dt.date | None, country: str | None) -> Table:
    """Rows of the view `<view>_<period>` in a date range, optionally for one country in any of its columns."""
    check_period(period)
    clauses, params = date_filters("period", since, until)
    if country:
        clauses.append("(" + " OR ".join(f"{column} = ?" for column in country_columns) + ")")
        params += [country.upper()] * len(country_columns)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return run(con, f"SELECT * FROM {view}_{period} {where} ORDER BY period, {', '.join(country_columns)}", params)


def check_period(period: str) -> None:
    if period not in PERIODS:
        raise StoreError(f"unknown period '{period}' (use {', '.join(PERIODS)})")


def read_only_sql(con, query: str) -> Table:
    """Run a query that only reads; anything else is refused before it runs.

    Belt and braces: the statement types are checked here, and the connection itself is read-only
    with external access disabled (no COPY TO, ATTACH, file reads or extension loading).
    """
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as err:
        raise StoreError(f"SQL error: {str(err).splitlines()[0]}") from None
    if not statements:
        raise StoreError("no SQL statement given")
    for statement in statements:
        kind = statement.type.name
        if kind not in READ_STATEMENTS:
            raise StoreError(f"refused: `eventwire sql` only reads (SELECT, EXPLAIN); this is a {kind} statement")
    if len(statements) > 1:
        raise StoreError("give one statement at a time")
    try:
        return run(con, query)
    except duckdb.Error as err:
        raise StoreError(f"SQL error: {str(err).splitlines()[0]}") from None
