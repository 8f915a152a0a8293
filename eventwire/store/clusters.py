"""Merge event mentions from different documents into real-world events (clusters).

The rule and its thresholds are documented in eventwire/data/store/clustering.yaml; `MergeRule`
reads them and decides, `Clusterer` applies them to each batch of mentions the writer stores (inside its
transaction, with the same result as one mention at a time), and `rebuild` re-clusters a whole store with
other thresholds.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb

from eventwire.entities.kb import load_yaml
from eventwire.store import choices
from eventwire.store.bulk import insert_rows, update_rows

RULE_FILE = Path(__file__).resolve().parent.parent / "data" / "store" / "clustering.yaml"
CLUSTER_COLUMNS = ("id, key, family, cameo, plover, source_actor, target_actor, source_country, target_country, "
                   "first_day, last_day, goldstein_sum, goldstein_count, location_name, location_country, lat, lon, "
                   "mentions, documents, sources, source_names, earliest_published, earliest_doc")
CLUSTER_NAMES = tuple(c.strip() for c in CLUSTER_COLUMNS.split(","))
COPIED = ("family", "cameo", "plover", "source_actor", "target_actor", "source_country", "target_country")
"""Columns a new cluster takes from its first mention."""
PLACE = ("location_name", "location_country", "lat", "lon")
MUTABLE = ("first_day", "last_day", "mentions", "documents", "goldstein_sum", "goldstein_count", "sources",
           "source_names", "earliest_published", "earliest_doc", *PLACE)
"""Columns a joining mention may change."""


ACTOR_KEYS = choices.ACTOR_KEYS


@dataclass(frozen=True)
class MergeRule:
    window_days: int = 3
    max_km: float = 150.0
    symmetric_families: frozenset[str] = field(default_factory=frozenset)
    actors: str = "code"

    @classmethod
    def load(cls, path: Path = RULE_FILE, **overrides: Any) -> "MergeRule":
        """The rule in the data file, with any non-None override (window_days, max_km, actors) applied."""
        data = load_yaml(path)
        rule = cls(int(data["window_days"]), float(data["max_km"]),
                   frozenset(str(f) for f in data.get("symmetric_families") or []), str(data.get("actors", "code")))
        rule = replace(rule, **{k: v for k, v in overrides.items() if v is not None})
        if rule.actors not in ACTOR_KEYS:
            raise ValueError(f"clustering 'actors' must be one of {', '.join(ACTOR_KEYS)}, not '{rule.actors}'")
        return rule

    def sides(self, mention: dict[str, Any]) -> tuple[list[str], list[str]]:
        """The source and target actors compared: actor codes, or corpus-wide identities."""
        column = "codes" if self.actors == "code" else "actors"
        return list(mention[f"source_{column}"] or []), list(mention[f"target_{column}"] or [])

    def key(self, family: str | None, sources: list[str], targets: list[str]) -> str | None:
        """What two mentions must share to merge; None when the mention cannot merge at all."""
        if not family or not (sources or targets):
            return None
        left, right = "+".join(sorted(set(sources))), "+".join(sorted(set(targets)))
        if family in self.symmetric_families:
            left, right = sorted((left, right))
        return f"{family}|{left}|{right}"

    def accepts(self, cluster: dict[str, Any], mention: dict[str, Any]) -> bool:
        """Whether a mention with the cluster's key may join it (day window and location)."""
        day = mention["day"]
        window = dt.timedelta(days=self.window_days)
        if not (cluster["last_day"] - window <= day <= cluster["first_day"] + window):
            return False
        return self.compatible_places(cluster, mention)

    def compatible_places(self, a: dict[str, Any], b: dict[str, Any]) -> bool:
        if a["location_country"] and b["location_country"] and a["location_country"] != b["location_country"]:
            return False
        if None in (a["lat"], a["lon"], b["lat"], b["lon"]):
            return True
        return distance_km(a["lat"], a["lon"], b["lat"], b["lon"]) <= self.max_km


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def family_of(cameo: str | None, plover: str | None) -> str | None:
    """The event family compared by the rule: the PLOVER type, else the CAMEO root code."""
    if plover:
        return str(plover)
    if cameo:
        return str(cameo)[:2]
    return None


class Clusterer:
    """Places mentions into clusters, a batch at a time, through the given connection (the caller owns the
    transaction): `load` the stored clusters a batch's mentions could join, `place` each mention in order (in
    memory), then `flush` the new and changed clusters in a few statements. The result is the same as placing
    the mentions one by one against the store."""

    def __init__(self, con: duckdb.DuckDBPyConnection, rule: MergeRule):
        self.con = con
        self.rule = rule
        self.reset()

    def reset(self) -> None:
        """Forget the batch (after a rollback, or at start) and re-read the next free id."""
        self.next_id = self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM clusters").fetchone()[0]
        self._forget()

    def _forget(self) -> None:
        self.by_key: dict[str, list[dict[str, Any]]] = {}
        self.created: dict[int, dict[str, Any]] = {}
        self.changed: dict[int, dict[str, Any]] = {}

    def key_of(self, mention: dict[str, Any]) -> str | None:
        """The merge key of an events row; None when it joins no cluster (negated, hypothetical, undated...)."""
        if mention.get("negated") or mention.get("hypothetical") or not mention["day"]:
            return None
        return self.rule.key(mention["family"], *self.rule.sides(mention))

    def load(self, mentions: list[dict[str, Any]]) -> None:
        """Read the stored clusters that any of these mentions could join (same key, days within the window);
        once per batch, before its first `place`."""
        keyed = [(key, m["day"]) for m in mentions if (key := self.key_of(m))]
        if not keyed:
            return
        keys = sorted({key for key, _ in keyed})
        window = dt.timedelta(days=self.rule.window_days)
        rows = self.con.execute(
            f"SELECT {CLUSTER_COLUMNS} FROM clusters WHERE key IN ({', '.join('?' * len(keys))}) "
            "AND last_day >= ? AND first_day <= ? ORDER BY id",
            [*keys, min(day for _, day in keyed) - window, max(day for _, day in keyed) + window]).fetchall()
        for row in rows:
            cluster = dict(zip(CLUSTER_NAMES, row))
            self.by_key.setdefault(cluster["key"], []).append(cluster)

    def place(self, mention: dict[str, Any], document: dict[str, Any], clusters_of_doc: set[int]) -> int | None:
        """The cluster id of one event mention (joining or creating a cluster), or None when it is not an event.

        `mention` is the events row; `document` has id, published (date or None) and source;
        `clusters_of_doc` is the set of clusters this document already counted in.
        """
        if mention.get("negated") or mention.get("hypothetical"):
            return None
        key = self.key_of(mention)
        cluster = self._find(key, mention) if key else None
        if cluster is None:
            return self._create(key, mention, document, clusters_of_doc)
        self._join(cluster, mention, document, clusters_of_doc)
        return cluster["id"]

    def flush(self) -> None:
        """Write the batch's new clusters and the changes to stored ones, then forget the batch."""
        insert_rows(self.con, "clusters", CLUSTER_NAMES, [tuple(c[n] for n in CLUSTER_NAMES) for c in self.created.values()])
        update_rows(self.con, "clusters", "id", MUTABLE,
                    [(cluster["id"], *(cluster[c] for c in MUTABLE)) for cluster in self.changed.values()])
        self._forget()

    def _find(self, key: str, mention: dict[str, Any]) -> dict[str, Any] | None:
        candidates = [c for c in self.by_key.get(key, []) if self.rule.accepts(c, mention)]
        if not candidates:
            return None
        return min(candidates, key=lambda c: (abs((c["first_day"] - mention["day"]).days), c["id"]))

    def _create(self, key: str | None, mention: dict[str, Any], document: dict[str, Any], clusters_of_doc: set[int]) -> int:
        cluster_id = self.next_id
        self.next_id += 1
        source = document.get("source")
        cluster = {
            "id": cluster_id, "key": key, **{c: mention[c] for c in COPIED}, "first_day": mention["day"],
            "last_day": mention["day"], "goldstein_sum": mention["goldstein"],
            "goldstein_count": 0 if mention["goldstein"] is None else 1,
            **{c: mention[c] for c in PLACE}, "mentions": 1, "documents": 1, "sources": 1 if source else 0,
            "source_names": [source] if source else [], "earliest_published": document.get("published"),
            "earliest_doc": document["id"]}
        self.created[cluster_id] = cluster
        if key:
            self.by_key.setdefault(key, []).append(cluster)
        clusters_of_doc.add(cluster_id)
        return cluster_id

    def _join(self, cluster: dict[str, Any], mention: dict[str, Any], document: dict[str, Any],
              clusters_of_doc: set[int]) -> None:
        source = document.get("source")
        names = list(cluster["source_names"] or [])
        if source and source not in names:
            names.append(source)
        published, earliest = document.get("published"), cluster["earliest_published"]
        earlier = published is not None and (earliest is None or published < earliest)
        if cluster["location_name"] is None and cluster["lat"] is None:
            cluster.update({c: mention[c] for c in PLACE})
        goldstein = mention["goldstein"]
        cluster.update({
            "first_day": min(cluster["first_day"], mention["day"]), "last_day": max(cluster["last_day"], mention["day"]),
            "mentions": cluster["mentions"] + 1,
            "documents": cluster["documents"] + (0 if cluster["id"] in clusters_of_doc else 1),
            "goldstein_sum": float((cluster["goldstein_sum"] or 0) + (goldstein or 0)),
            "goldstein_count": cluster["goldstein_count"] + (0 if goldstein is None else 1),
            "sources": len(names), "source_names": names,
            "earliest_published": published if earlier else earliest,
            "earliest_doc": document["id"] if earlier else cluster["earliest_doc"]})
        if cluster["id"] not in self.created:
            self.changed[cluster["id"]] = cluster
        clusters_of_doc.add(cluster["id"])


def rebuild(con: duckdb.DuckDBPyConnection, rule: MergeRule) -> int:
    """Re-cluster every stored mention with `rule`, oldest first, in one transaction; returns the cluster count.

    The mentions and their clusters are held in memory (a few hundred bytes each): fine for millions, not for
    billions.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM clusters")
        con.execute("UPDATE events SET cluster_id = NULL")
        clusterer = Clusterer(con, rule)
        rows = con.execute(
            "SELECT e.*, d.published AS doc_published, d.source AS doc_source FROM events e JOIN documents d "
            "ON d.id = e.doc_id ORDER BY e.day NULLS LAST, d.published NULLS LAST, e.doc_id, e.idx").fetchall()
        names = [column[0] for column in con.description]
        seen: dict[str, set[int]] = {}
        placed = []
        for row in rows:
            mention = dict(zip(names, row))
            document = {"id": mention["doc_id"], "published": mention["doc_published"], "source": mention["doc_source"]}
            placed.append((mention["doc_id"], mention["idx"],
                           clusterer.place(mention, document, seen.setdefault(mention["doc_id"], set()))))
        clusterer.flush()
        con.execute("CREATE TEMP TABLE placed (doc_id VARCHAR, idx INTEGER, cluster_id BIGINT)")
        insert_rows(con, "placed", ("doc_id", "idx", "cluster_id"), placed)
        con.execute("UPDATE events SET cluster_id = placed.cluster_id FROM placed "
                    "WHERE events.doc_id = placed.doc_id AND events.idx = placed.idx")
        con.execute("DROP TABLE placed")
        count = con.execute("SELECT count(*) FROM clusters").fetchone()[0]
        con.execute("COMMIT")
        return count
    except Exception:
        con.execute("ROLLBACK")
        raise

