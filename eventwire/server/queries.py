"""What the API reads from the store: pages of documents, actors, events and clusters, one of each with what
hangs off it, and the aggregations behind the timeline, dyad, network and map views.

Pages use keyset cursors (`filters.keyset`): a page costs the same deep in a large result as at its start, and
rows stored while a reader pages do not shift what it sees next.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import duckdb

from eventwire.server.access import StoreAccess
from eventwire.server.filters import (
    ACTOR_SORT,
    CLUSTER_SORTS,
    DOCUMENT_SORT,
    DYAD_LEVELS,
    SORTS,
    TIMELINE_KEYS,
    BadParameter,
    EventFilter,
    Sort,
    cursor_after,
    decode_offset,
    encode_cursor,
    keyset,
)

EVENT_COLUMNS = """
    e.doc_id, e.idx, e.event_id, e.cluster_id, e.day, e.cameo, e.cameo_name, e.plover, e.quad_class, e.goldstein,
    e.source_actor, e.source_name, e.source_code, e.source_country,
    e.target_actor, e.target_name, e.target_code, e.target_country,
    e.trigger_text, e.trigger_start, e.trigger_end, e.sentence_start, e.sentence_end,
    e.location_name, e.location_country, e.lat, e.lon, e.negated, e.hypothetical, e.modality,
    e.reported_by, e.reported_by_actor, e.rule, e.confidence"""
SENTENCE = "trim(substring(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start), chr(10) || ' ') AS sentence"
"""The event's sentence cut from its document (DuckDB counts characters from 1, the offsets from 0), without the
line breaks that may end a sentence's span."""
DOWNLOAD_ROWS = 1_000_000
"""Most rows one download streams."""
SEARCH_HITS = 1_000
"""Most full-text hits a search pages through."""


def page(access: StoreAccess, select: str, where: list[str], params: list[Any], sort: Sort, cursor: str | None,
         limit: int, names: tuple[str, ...]) -> dict[str, Any]:
    """One page of `select` (a query with {where}, {order} and {limit} slots, whose parameters come in that order)
    and the cursor of the next; `names` are the result columns holding the sort key and tiebreak values. The
    templates pick the page's rows in a subquery before joining what they show, so a page costs a top-N over
    the filtered rows, not a join of all of them."""
    order, after, after_params = keyset(sort, cursor)
    conditions = [*where, after] if after else where
    sql = select.format(where=f"WHERE {' AND '.join(conditions)}" if conditions else "", order=order, limit="LIMIT ?")
    try:
        rows = access.rows(sql, [*params, *after_params, limit + 1])
    except (duckdb.ConversionException, duckdb.BinderException, duckdb.InvalidInputException):
        if cursor is None:
            raise
        raise BadParameter("cursor", "not a cursor this API gave (use the next_cursor of the previous page)") from None
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": cursor_after(sort, rows[-1], names) if more else None}


def _split(where: str) -> list[str]:
    return [where[len("WHERE "):]] if where else []


# -- events -----------------------------------------------------------------------------------------------------

EVENTS_SELECT = f"""
    SELECT {EVENT_COLUMNS}, {SENTENCE}, d.title AS document_title, d.source AS document_source,
           d.published AS published
    FROM (SELECT * EXCLUDE (item) FROM events e {{where}} ORDER BY {{order}} {{limit}}) e
    JOIN documents d ON d.id = e.doc_id ORDER BY {{order}}"""
SORT_COLUMNS = {"day": "day", "goldstein": "goldstein", "confidence": "confidence"}


def events(access: StoreAccess, where: EventFilter, sort: str, cursor: str | None, limit: int) -> dict[str, Any]:
    clause, params = where.where()
    order = SORTS[sort]
    result = page(access, EVENTS_SELECT, _split(clause), params, order, cursor, limit,
                  (SORT_COLUMNS[sort.lstrip("-")], "doc_id", "idx"))
    result["total"] = access.one(f"SELECT count(*) AS n FROM events e {clause}", params)["n"]
    return result


def event_rows(access: StoreAccess, where: EventFilter, sort: str) -> Iterator[tuple[list[str], Iterator[tuple]]]:
    """The whole filtered set for a download, read in slices: (column names, rows). The filter is checked here,
    before the response starts, so a bad parameter is still a 422."""
    clause, params = where.where()
    order, _, _ = keyset(SORTS[sort], None)
    sql = EVENTS_SELECT.format(where=clause, order=order, limit="LIMIT ?")

    def stream() -> Iterator[tuple[list[str], Iterator[tuple]]]:
        with access.cursor() as cursor:
            result = cursor.execute(sql, [*params, DOWNLOAD_ROWS])
            names = [column[0] for column in result.description]

            def batches() -> Iterator[tuple]:
                while chunk := result.fetchmany(2_000):
                    yield from chunk

            yield names, batches()

    return stream()


# -- documents --------------------------------------------------------------------------------------------------

DOCUMENTS_SELECT = """
    SELECT d.id, d.title, d.source, d.url, d.published, d.origin, length(d.text) AS characters,
           (SELECT count(*) FROM events e WHERE e.doc_id = d.id) AS events
    FROM (SELECT * FROM documents d {where} ORDER BY {order} {limit}) d ORDER BY {order}"""


def documents(access: StoreAccess, q: str | None, since, until, source: str | None, cursor: str | None,
              limit: int) -> dict[str, Any]:
    """Newest first; with `q`, the full-text hits best first (then `cursor` is a position in the ranking)."""
    if q:
        return _search_documents(access, q, since, until, source, cursor, limit)
    where, params = [], []
    for clause, value in (("d.published >= ?", since), ("d.published <= ?", until), ("d.source = ?", source)):
        if value:
            where.append(clause)
            params.append(value)
    return page(access, DOCUMENTS_SELECT, where, params, DOCUMENT_SORT, cursor, limit, ("published", "id"))


def _search_documents(access, q, since, until, source, cursor, limit) -> dict[str, Any]:
    offset = decode_offset(cursor)
    hits = [hit for hit in access.search(q, SEARCH_HITS)
            if (not since or (hit.published or "") >= since.isoformat())
            and (not until or (hit.published or "9999") <= until.isoformat())]
    ids = [hit.id for hit in hits[offset:offset + limit]]
    known = {row["id"]: row for row in access.rows(
        DOCUMENTS_SELECT.format(where="WHERE d.id IN (SELECT unnest(?))" + (" AND d.source = ?" if source else ""),
                                order="d.id", limit=""), [ids, source] if source else [ids])}
    items = [{**known[hit.id], "snippet": hit.snippet, "score": hit.score}
             for hit in hits[offset:offset + limit] if hit.id in known]
    more = offset + limit < len(hits)
    return {"items": items, "next_cursor": encode_cursor([offset + limit]) if more else None}


def document(access: StoreAccess, doc_id: str) -> dict[str, Any] | None:
    """One document with everything extracted from it, each entity's corpus actor and each event's cluster."""
    row = access.one("SELECT id, title, source, url, published, origin, text, extraction, ingested_at "
                     "FROM documents WHERE id = ?", [doc_id])
    if row is None:
        return None
    extraction = json.loads(row["extraction"] or "{}")
    extraction.setdefault("document", {})["text"] = row["text"]
    actors = {r["entity_id"]: r["actor_id"] for r in access.rows(
        "SELECT entity_id, actor_id FROM entities WHERE doc_id = ?", [doc_id])}
    for entity in extraction.get("entities") or []:
        entity["corpus_actor"] = actors.get(entity.get("id"))
    clusters = {r["idx"]: r["cluster_id"] for r in access.rows(
        "SELECT idx, cluster_id FROM events WHERE doc_id = ?", [doc_id])}
    for index, event in enumerate(extraction.get("events") or []):
        event["cluster_id"] = clusters.get(index)
    return {"id": row["id"], "title": row["title"], "source": row["source"], "url": row["url"],
            "published": row["published"], "origin": row["origin"], "ingested_at": row["ingested_at"],
            "extraction": extraction}


# -- actors -----------------------------------------------------------------------------------------------------

ACTORS_SELECT = """
    SELECT * FROM (
        SELECT a.id, a.name, a.type, a.code, a.country, a.sector, coalesce(n.documents, 0) AS documents
        FROM actors a LEFT JOIN (SELECT actor_id, count(DISTINCT doc_id) AS documents FROM entities GROUP BY 1) n
             ON n.actor_id = a.id) a
    {where} ORDER BY {order} {limit}"""


def actors(access: StoreAccess, q: str | None, country: str | None, actor_type: str | None, cursor: str | None,
           limit: int) -> dict[str, Any]:
    """Actors by how many documents mention them; `q` matches any part of the name or of an alias."""
    where, params = [], []
    if q:
        where.append("(contains(lower(a.name), lower(?)) OR a.id IN "
                     "(SELECT actor_id FROM actor_aliases WHERE contains(lower(alias), lower(?))))")
        params += [q, q]
    if country:
        where.append("a.country = ?")
        params.append(country.upper())
    if actor_type:
        where.append("a.type = ?")
        params.append(actor_type.upper())
    return page(access, ACTORS_SELECT, where, params, ACTOR_SORT, cursor, limit, ("documents", "id"))


def actor(access: StoreAccess, actor_id: str, limit: int = 100) -> dict[str, Any] | None:
    """One actor with its names, roles (with the dates of the documents that gave them), documents, events on
    either side, the actors it deals with most and what it was quoted as saying."""
    row = access.one("SELECT id, name, type, code, country, igo, sector, kb, first_doc FROM actors WHERE id = ?",
                     [actor_id])
    if row is None:
        return None
    row["aliases"] = access.rows(
        "SELECT alias, count(DISTINCT doc_id) AS documents FROM actor_aliases WHERE actor_id = ? "
        "GROUP BY alias ORDER BY documents DESC, alias", [actor_id])
    row["roles"] = access.rows(
        "SELECT r.role, min(d.published) AS first_seen, max(d.published) AS last_seen, "
        "count(DISTINCT r.doc_id) AS documents FROM actor_roles r JOIN documents d ON d.id = r.doc_id "
        "WHERE r.actor_id = ? GROUP BY r.role ORDER BY first_seen NULLS LAST, r.role", [actor_id])
    row["documents"] = access.rows(
        "SELECT d.id, d.title, d.source, d.published FROM documents d WHERE d.id IN "
        "(SELECT doc_id FROM entities WHERE actor_id = ?) ORDER BY d.published DESC NULLS LAST, d.id LIMIT ?",
        [actor_id, limit])
    for side in ("source", "target"):
        row[f"events_as_{side}"] = access.rows(
            f"SELECT {EVENT_COLUMNS}, {SENTENCE} FROM events e JOIN documents d ON d.id = e.doc_id "
            f"WHERE list_contains(e.{side}_actors, ?) AND NOT e.negated AND NOT e.hypothetical "
            "ORDER BY e.day DESC NULLS LAST, e.doc_id, e.idx LIMIT ?", [actor_id, limit])
    row["counterparts"] = access.rows("""
        SELECT other AS actor_id, any_value(a.name) AS name, count(*) AS events, round(avg(goldstein), 3) AS mean_goldstein
        FROM (SELECT unnest(target_actors) AS other, goldstein FROM events
              WHERE list_contains(source_actors, $id) AND NOT negated AND NOT hypothetical
              UNION ALL
              SELECT unnest(source_actors), goldstein FROM events
              WHERE list_contains(target_actors, $id) AND NOT negated AND NOT hypothetical) x
        LEFT JOIN actors a ON a.id = x.other
        WHERE other <> $id GROUP BY other ORDER BY events DESC, other LIMIT 20""", {"id": actor_id})
    row["quotes"] = quotes_by(access, actor_id, limit)
    return row


def quotes_by(access: StoreAccess, actor_id: str, limit: int) -> list[dict[str, Any]]:
    """Quotes whose speaker entity resolved to the actor, newest first."""
    rows = access.rows("""
        SELECT q.doc_id, q.idx, q.item, d.title, d.published
        FROM quotes q JOIN entities n ON n.doc_id = q.doc_id AND n.entity_id = json_extract_string(q.item, '$.speaker')
        JOIN documents d ON d.id = q.doc_id
        WHERE n.actor_id = ? ORDER BY d.published DESC NULLS LAST, q.doc_id, q.idx LIMIT ?""", [actor_id, limit])
    return [{"doc_id": r["doc_id"], "title": r["title"], "published": r["published"], **_quote(json.loads(r["item"]))}
            for r in rows]


def _quote(item: dict[str, Any]) -> dict[str, Any]:
    return {key: item.get(key) for key in ("id", "kind", "text", "start", "end", "speaker_name")}


# -- clusters (real-world events) -------------------------------------------------------------------------------

CLUSTERS_SELECT = """
    SELECT c.id, c.family, c.cameo, c.plover, c.source_actor, c.target_actor, c.source_country, c.target_country,
           c.first_day, c.last_day, round(c.goldstein_sum / nullif(c.goldstein_count, 0), 3) AS mean_goldstein,
           c.location_name, c.location_country, c.lat, c.lon, c.mentions, c.documents, c.sources, c.source_names,
           c.earliest_published, c.earliest_doc,
           (SELECT any_value(e.source_name) FROM events e WHERE e.cluster_id = c.id) AS source_name,
           (SELECT any_value(e.target_name) FROM events e WHERE e.cluster_id = c.id) AS target_name
    FROM (SELECT * FROM clusters c {where} ORDER BY {order} {limit}) c ORDER BY {order}"""
CLUSTER_KEYS = {"-mentions": "mentions", "-first_day": "first_day", "first_day": "first_day"}


def clusters(access: StoreAccess, where: EventFilter, sort: str, cursor: str | None, limit: int,
             min_reports: int) -> dict[str, Any]:
    """Real-world events with at least one mention passing the filter."""
    clause, params = where.where()
    conditions = [f"c.id IN (SELECT e.cluster_id FROM events e {clause})", "c.mentions >= ?"]
    return page(access, CLUSTERS_SELECT, conditions, [*params, min_reports], CLUSTER_SORTS[sort], cursor, limit,
                (CLUSTER_KEYS[sort], "id"))


def story(access: StoreAccess, cluster_id: int) -> dict[str, Any] | None:
    """A real-world event as its reports tell it: each report in publication order with its sentence, who it
    was attributed to, the quotes and the numbers of that passage; and how each counted thing's number moved
    from report to report."""
    found = access.rows(CLUSTERS_SELECT.format(where="WHERE c.id = ?", order="c.id", limit=""), [cluster_id])
    if not found:
        return None
    cluster = found[0]
    reports = access.rows(f"""
        SELECT {EVENT_COLUMNS}, {SENTENCE}, d.title AS document_title, d.source AS document_source, d.url,
               d.published, d.text AS _text
        FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.cluster_id = ?
        ORDER BY d.published NULLS LAST, e.day NULLS LAST, e.doc_id, e.idx""", [cluster_id])
    doc_ids = sorted({r["doc_id"] for r in reports})
    items = _items_of(access, doc_ids)
    names = {(r["doc_id"], r["entity_id"]): r["name"] for r in access.rows(
        "SELECT doc_id, entity_id, name FROM entities WHERE doc_id IN (SELECT unnest(?))", [doc_ids])}
    for report in reports:
        text = report.pop("_text")
        start, end = passage(text, report["sentence_start"] or 0, report["sentence_end"] or 0)
        report["passage"] = {"start": start, "end": end, "text": text[start:end]}
        doc_items = items.get(report["doc_id"], {})
        report["quotes"] = [_quote(q) for q in doc_items.get("quotes", []) if _within(q, start, end)]
        report["numbers"] = [_number(n, names, report["doc_id"]) for n in doc_items.get("quantities", [])
                             if _within(n, start, end)]
    cluster["reports"] = reports
    cluster["numbers"] = number_changes(reports)
    return cluster


def _items_of(access: StoreAccess, doc_ids: list[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    found: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table in ("quotes", "quantities"):
        for row in access.rows(f"SELECT doc_id, item FROM {table} WHERE doc_id IN (SELECT unnest(?)) "
                               "ORDER BY doc_id, idx", [doc_ids]):
            found.setdefault(row["doc_id"], {}).setdefault(table, []).append(json.loads(row["item"]))
    return found


def passage(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (line) holding a sentence: a news story's attribution and numbers sit beside its claim."""
    end = start + len(text[start:end].rstrip())  # a sentence's span may end with the paragraph break
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return first, len(text) if last < 0 else last


def _within(item: dict[str, Any], start: int, end: int) -> bool:
    return isinstance(item.get("start"), int) and start <= item["start"] < end


def _number(item: dict[str, Any], names: dict[tuple[str, str], str], doc_id: str) -> dict[str, Any]:
    """A quantity with its claimant's name (the item holds the entity id)."""
    number = {key: item.get(key) for key in ("text", "value", "max", "qualifier", "unit", "counted", "revises",
                                             "start", "end")}
    number["claimant"] = names.get((doc_id, item.get("claimant") or ""))
    return number


def number_changes(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per counted thing ("troops"), its value in each report that gives one, in report order."""
    series: dict[str, list[dict[str, Any]]] = {}
    for report in reports:
        for number in report["numbers"]:
            what = number.get("counted") or number.get("unit")
            if what is None or number.get("value") is None:
                continue
            series.setdefault(str(what), []).append({
                "value": number["value"], "text": number["text"], "claimant": number.get("claimant"),
                "published": report["published"], "source": report["document_source"], "doc_id": report["doc_id"]})
    return [{"counted": what, "values": values} for what, values in series.items()]


# -- aggregations -----------------------------------------------------------------------------------------------

def timeline(access: StoreAccess, where: EventFilter, period: str, by: str) -> list[dict[str, Any]]:
    """Event mentions, real-world events and mean Goldstein per period and series."""
    clause, params = where.where()
    return access.rows(f"""
        SELECT CAST(date_trunc(?, e.day) AS DATE) AS period, {TIMELINE_KEYS[by]} AS series,
               count(*) AS events, count(DISTINCT e.cluster_id) AS clusters, round(avg(e.goldstein), 3) AS mean_goldstein
        FROM events e {clause}{' AND' if clause else ' WHERE'} e.day IS NOT NULL
        GROUP BY ALL ORDER BY period, series NULLS LAST""", [period, *params])


def dyads(access: StoreAccess, where: EventFilter, level: str, limit: int) -> list[dict[str, Any]]:
    """Weighted edges: events from one country (or actor) to another, with their mean Goldstein score."""
    source, target = DYAD_LEVELS[level]
    clause, params = where.where()
    rows = access.rows(f"""
        SELECT {source} AS source, {target} AS target, count(*) AS events, count(DISTINCT e.cluster_id) AS clusters,
               round(avg(e.goldstein), 3) AS mean_goldstein, any_value(e.source_name) AS source_name,
               any_value(e.target_name) AS target_name
        FROM events e {clause}{' AND' if clause else ' WHERE'} {source} IS NOT NULL AND {target} IS NOT NULL
        GROUP BY 1, 2 ORDER BY events DESC, source, target LIMIT ?""", [*params, limit])
    if level == "actor" and rows:
        names = {r["id"]: r["name"] for r in access.rows(
            "SELECT id, name FROM actors WHERE id IN (SELECT unnest(?))",
            [sorted({r["source"] for r in rows} | {r["target"] for r in rows})])}
        for row in rows:
            row["source_name"] = names.get(row["source"], row["source_name"])
            row["target_name"] = names.get(row["target"], row["target_name"])
    elif rows:
        for row in rows:
            row["source_name"], row["target_name"] = row["source"], row["target"]
    return rows


def places(access: StoreAccess, where: EventFilter, limit: int) -> list[dict[str, Any]]:
    """Event mentions per located place."""
    clause, params = where.where()
    return access.rows(f"""
        SELECT e.location_name AS name, e.location_country AS country, round(e.lat, 4) AS lat, round(e.lon, 4) AS lon,
               count(*) AS events, round(avg(e.goldstein), 3) AS mean_goldstein
        FROM events e {clause}{' AND' if clause else ' WHERE'} e.lat IS NOT NULL AND e.lon IS NOT NULL
        GROUP BY 1, 2, 3, 4 ORDER BY events DESC, name LIMIT ?""", [*params, limit])


def overview(access: StoreAccess) -> dict[str, Any]:
    """Sizes of the store and its date range, for the UI's header."""
    return access.one("""
        SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM events) AS events,
               (SELECT count(*) FROM clusters) AS clusters, (SELECT count(*) FROM actors) AS actors,
               (SELECT min(day) FROM events) AS first_day, (SELECT max(day) FROM events) AS last_day""")
