"""Merge event mentions from different documents into real-world events (clusters).

The rule and its thresholds are documented in eventwire/data/store/clustering.yaml; `MergeRule`
reads them and decides, `Clusterer` applies them to each batch of mentions the writer stores (inside its
transaction, with the same result as one mention at a time), and `rebuild` re-clusters a whole store with
other thresholds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb

from eventwire.datapath import SHIPPED
from eventwire.entities.kb import load_yaml
from eventwire.store import choices
from eventwire.store.bulk import insert_rows, update_rows

RULE_FILE = SHIPPED / "store" / "clustering.yaml"
CLUSTER_COLUMNS = ("id, key, family, cameo, plover, source_actor, target_actor, source_country, target_country, "
                   "first_day, last_day, goldstein_sum, goldstein_count, location_name, location_country, lat, lon, "
                   "mentions, documents, sources, source_names, earliest_published, earliest_doc, "
                   "location_geonames_id, location_admin1, location_admin1_code, location_feature, "
                   "source_keys, target_keys, participants, lemmas")
CLUSTER_NAMES = tuple(c.strip() for c in CLUSTER_COLUMNS.split(","))
COPIED = ("family", "cameo", "plover", "source_actor", "target_actor", "source_country", "target_country")
"""Columns a new cluster takes from its first mention."""
PLACE = ("location_name", "location_country", "lat", "lon", "location_geonames_id", "location_admin1",
         "location_admin1_code", "location_feature")
SETS = ("source_keys", "target_keys", "participants", "lemmas")
"""What the cluster's mentions carry together: the actors of each side, the named participants, the trigger lemmas."""
HELD = ("arguments", "text_days")
"""What a cluster's mentions carry together while a batch is placed, not stored, because the rule compares them only
within one document and a document's mentions are placed in one batch: the argument heads
(eventwire.events.participants.argument_heads) and the days the text gives (`own_day`)."""
MUTABLE = ("first_day", "last_day", "mentions", "documents", "goldstein_sum", "goldstein_count", "sources",
           "source_names", "earliest_published", "earliest_doc", *PLACE, *SETS)
"""Columns a joining mention may change."""


ACTOR_KEYS = choices.ACTOR_KEYS
EVIDENCE_COLUMNS = ("pair", "first_day", "cluster_id")
"""The cluster_evidence table: a hashed piece of a cluster's evidence (`stored_evidence`), the cluster's first day
when the row was written, and the cluster."""


@dataclass(frozen=True)
class MergeRule:
    window_days: int = 3
    max_km: float = 150.0
    symmetric_families: frozenset[str] = field(default_factory=frozenset)
    actors: str = "code"
    unmerged: frozenset[str] = field(default_factory=frozenset)
    distinct_participants: bool = True
    distinct_arguments: bool = True
    nominalisations: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    synonyms: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """Word -> the head verb of its class of event words (`synonyms` in clustering.yaml, inverted)."""

    @classmethod
    def load(cls, path: Path = RULE_FILE, **overrides: Any) -> MergeRule:
        """The rule in the data file, with any non-None override (window_days, max_km, actors) applied."""
        data = load_yaml(path)
        rule = cls(int(data["window_days"]), float(data["max_km"]),
                   frozenset(str(f) for f in data.get("symmetric_families") or []), str(data.get("actors", "code")),
                   frozenset(str(w) for w in (data.get("speech") or []) + (data.get("light") or [])),
                   bool(data.get("distinct_participants", True)), bool(data.get("distinct_arguments", True)),
                   {str(k): str(v) for k, v in (data.get("nominalisations") or {}).items()},
                   {str(word): str(head) for head, words in (data.get("synonyms") or {}).items() for word in words})
        rule = replace(rule, **{k: v for k, v in overrides.items() if v is not None})
        if rule.actors not in ACTOR_KEYS:
            raise ValueError(f"clustering 'actors' must be one of {', '.join(ACTOR_KEYS)}, not '{rule.actors}'")
        return rule

    def sides(self, mention: dict[str, Any]) -> tuple[list[str], list[str]]:
        """The source and target actors compared: actor codes, or corpus-wide identities."""
        column = "codes" if self.actors == "code" else "actors"
        return list(mention[f"source_{column}"] or []), list(mention[f"target_{column}"] or [])

    def keys(self, mention: dict[str, Any]) -> list[str]:
        """The blocks a mention is compared within: its event family and its trigger lemma (a nominalisation
        as its verb, a synonym as the head of its class); none when it cannot merge at all (negated,
        hypothetical, undated)."""
        if mention.get("negated") or mention.get("hypothetical") or not mention.get("day"):
            return []
        lemma = mention.get("trigger_lemma")
        return ([str(mention["family"])] if mention.get("family") else []) + ([self.lemma_key(lemma)] if lemma else [])

    def lemma_key(self, lemma: str) -> str:
        """'lemma:' and the verb a trigger lemma stands for: "delivery" is "deliver" (`nominalisations`),
        "acquisition" and "purchase" are "buy" (`synonyms`); the rule's "same lemma" compares these."""
        verb = self.nominalisations.get(lemma, lemma)
        return f"lemma:{self.synonyms.get(verb, verb)}"

    def same_words(self, lemmas: set[str]) -> list[str]:
        """These lemmas and every word the rule takes as one of them (nominalisations, synonyms, their verbs): the
        trigger lemmas a stored cluster of the same blocks may hold."""
        return sorted(lemmas.union(*(self._words_by_key.get(self.lemma_key(lemma), ()) for lemma in lemmas)))

    @cached_property
    def _words_by_key(self) -> dict[str, frozenset[str]]:
        """lemma key -> the nominalisations, synonyms and verbs of the rule that have it (built once per rule:
        `same_words` runs for every mention of every batch)."""
        grouped: dict[str, set[str]] = {}
        for word in {*self.nominalisations, *self.nominalisations.values(), *self.synonyms, *self.synonyms.values()}:
            grouped.setdefault(self.lemma_key(word), set()).add(word)
        return {key: frozenset(words) for key, words in grouped.items()}

    def accepts(self, cluster: dict[str, Any], mention: dict[str, Any], same_document: bool = False) -> bool:
        """Whether a mention of the cluster's block joins it: within the day window, compatible places, actors
        and participants, and something in common that says it is the same happening (see clustering.yaml).
        `same_document`: the cluster already holds a mention of the mention's document."""
        if not self.compatible_days(cluster, mention, same_document):
            return False
        if cluster["family"] and mention.get("family") and (cluster["family"] != mention["family"] or same_document):
            return False  # two coded events of one document: the in-document merge kept them apart
        if not self.compatible_places(cluster, mention):
            return False
        sources, targets = (set(side) for side in self.sides(mention))
        theirs = set(cluster["source_keys"] or []), set(cluster["target_keys"] or [])
        straight = _fits(theirs[0], sources) and _fits(theirs[1], targets)
        swapped = cluster["family"] in self.symmetric_families and _fits(theirs[0], targets) and _fits(theirs[1], sources)
        if not (straight or swapped):
            return False
        lemma = mention.get("trigger_lemma")
        same_lemma = bool(lemma) and lemma not in self.unmerged and self.lemma_key(lemma) in self.cluster_keys(cluster)
        if same_lemma and (theirs[0] | theirs[1]) & (sources | targets):
            return True
        if (theirs[0] & sources and theirs[1] & targets) or (swapped and theirs[0] & targets and theirs[1] & sources):
            return True  # the same dyad, told with another word ("visit", "trip")
        if not same_lemma:
            return False
        names, their_names = set(mention.get("participants") or []), set(cluster["participants"] or [])
        if names & their_names or self.same_place(cluster, mention):
            return True
        return same_document and not (names and their_names and self.distinct_participants) \
            and not self.different_arguments(cluster, mention)

    def different_arguments(self, cluster: dict[str, Any], mention: dict[str, Any]) -> bool:
        """Both name what their event is about in the same role, differently, and share no name in any role
        (`argument_heads`: "subject:dow", "object:a380", "of:apple" for a noun's possessor, compound or "of"
        complement, compared with every role): "the Dow fell ... the Nikkei fell" are two falls, "cut 1,600 jobs
        ... 10,000 job cuts" two cuts. Off when `distinct_arguments` is false."""
        if not self.distinct_arguments:
            return False
        mine, theirs = _by_role(mention.get("arguments")), _by_role(cluster.get("arguments"))
        if set().union(*mine.values()) & set().union(*theirs.values()):
            return False  # a name in common, whatever its role ("Jobs launched the iPhone ... Apple launches the iPhone")
        for role in ("subject", "object"):
            if mine.get(role) and theirs.get(role) and not mine[role] & theirs[role]:
                return True
        for one, other in ((mine, theirs), (theirs, mine)):
            anything = set().union(*other.values())
            if one.get("of") and anything and not one["of"] & anything:
                return True
        return False

    def evidence(self, item: dict[str, Any], cluster: bool = False) -> set[tuple[str, tuple[str, ...]]]:
        """The (block, token) pairs a cluster and a mention of another document must share for `accepts` to join
        them. Every way it joins two documents' reports needs one: the same dyad (("dyad", source, target), in any
        block they share; swapped too in a symmetric family), or, in the block of the mention's trigger lemma
        (not a speech or light verb), an actor of either side, a named participant or a place name in common
        (("actor", "PRK"), ("name", id), ("place", "Geneva")). So `Clusterer` compares a mention only with the
        clusters it shares a pair with: its cost is that of its own actors and places, not of every cluster of
        its family in the window (a day of GDELT's volume holds thousands)."""
        if cluster:
            sources, targets = item["source_keys"] or [], item["target_keys"] or []
            blocks = self.cluster_keys(item)
            lemma_blocks = [key for key in blocks if key.startswith("lemma:")]
            symmetric = item["family"] in self.symmetric_families
        else:
            sources, targets = self.sides(item)
            blocks = self.keys(item)
            lemma = item.get("trigger_lemma")
            lemma_blocks = [self.lemma_key(lemma)] if blocks and lemma and lemma not in self.unmerged else []
            symmetric = False
        dyads = {("dyad", s, t) for s in sources for t in targets}
        if symmetric:
            dyads |= {("dyad", t, s) for s in sources for t in targets}
        shared = _shared(item, sources, targets)
        return {(key, dyad) for key in blocks for dyad in dyads} | {(key, token) for key in lemma_blocks for token in shared}

    def lookups(self, mention: dict[str, Any]) -> set[int]:
        """The cluster_evidence pairs (`stored_evidence`) to read for a mention: every stored cluster it shares an
        `evidence` pair with holds one of them. Its dyad both ways (a symmetric family joins swapped), and its
        actors, named participants and place with each word the rule takes as its trigger lemma (`same_words`)."""
        if not self.keys(mention):
            return set()
        sources, targets = self.sides(mention)
        pairs = {evidence_hash("dyad", a, b) for s in sources for t in targets for a, b in ((s, t), (t, s))}
        lemma = mention.get("trigger_lemma")
        if lemma and lemma not in self.unmerged:
            pairs |= {evidence_hash(word, *token) for word in self.same_words({lemma}) for token in _shared(mention, sources, targets)}
        return pairs

    def cluster_keys(self, cluster: dict[str, Any]) -> list[str]:
        """The blocks a cluster is found in: its key and the lemmas of its mentions."""
        return list(dict.fromkeys([*([cluster["key"]] if cluster["key"] else []),
                                   *(self.lemma_key(lemma) for lemma in cluster["lemmas"] or [])]))

    def compatible_days(self, cluster: dict[str, Any], mention: dict[str, Any], same_document: bool = False) -> bool:
        """The mention's day (its own date when the text gives a day, else its report's) within `window_days`
        of the cluster's first and last day. Within one document only days the text gives are compared: a story
        tells a happening again without its date ("the delivery"), and its report's day then says nothing."""
        window = dt.timedelta(days=self.window_days)
        if not same_document:
            return cluster["last_day"] - window <= mention["day"] <= cluster["first_day"] + window
        told = cluster.get("text_days") or []
        if not own_day(mention) or not told:
            return True
        return max(told) - window <= mention["day"] <= min(told) + window

    def compatible_places(self, a: dict[str, Any], b: dict[str, Any]) -> bool:
        if a["location_country"] and b["location_country"] and a["location_country"] != b["location_country"]:
            return False
        if None in (a["lat"], a["lon"], b["lat"], b["lon"]):
            return True
        return distance_km(a["lat"], a["lon"], b["lat"], b["lon"]) <= self.max_km

    @staticmethod
    def same_place(a: dict[str, Any], b: dict[str, Any]) -> bool:
        """Both placed by name in the same town or division (a country is too large to say 'same event')."""
        return bool(a["location_name"]) and a["location_name"] == b["location_name"] and a["lat"] is not None \
            and (a["location_name"] != a["location_country"])


def _shared(item: dict[str, Any], sources: list[str], targets: list[str]) -> set[tuple[str, str]]:
    """What a mention or cluster may have in common with another in its trigger lemma's block: an actor of either
    side, a named participant, a place name."""
    return ({("actor", actor) for actor in (*sources, *targets)}
            | {("name", name) for name in item.get("participants") or []}
            | ({("place", item["location_name"])} if item.get("location_name") else set()))


def stored_evidence(cluster: dict[str, Any]) -> set[int]:
    """The hashed pieces of evidence a stored cluster is found by (cluster_evidence): each dyad of its actors, and
    each trigger lemma of its mentions with each of its actors, named participants and place. They are the
    cluster's own words and actors, not the rule's blocks, so a rule with other synonyms or windows reads the same
    rows (`MergeRule.lookups` asks for every word the rule takes as a mention's lemma). A cluster without a block
    (an undated mention's) is never joined and has none."""
    if not cluster["key"]:
        return set()
    sources, targets = cluster["source_keys"] or [], cluster["target_keys"] or []
    shared = _shared(cluster, sources, targets)
    return ({evidence_hash("dyad", s, t) for s in sources for t in targets}
            | {evidence_hash(lemma, *token) for lemma in cluster["lemmas"] or [] for token in shared})


def evidence_rows(cluster: dict[str, Any], before: tuple[dt.date | None, set[int]] = (None, set())) -> list[tuple[int, dt.date, int]]:
    """cluster_evidence rows for a cluster: its evidence under its first day, less what `before` (the first day and
    evidence it was stored with) already holds; under an earlier first day all of it again, which a batch of those
    days must find."""
    first_day, stored = before
    return [(pair, cluster["first_day"], cluster["id"]) for pair in sorted(stored_evidence(cluster))
            if cluster["first_day"] != first_day or pair not in stored]


def evidence_hash(*parts: str) -> int:
    """A stable signed 64-bit hash of a piece of evidence (the same in every process and run, unlike `hash`).
    Two pieces that collide only make a batch read a cluster the rule then turns down."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def own_day(mention: dict[str, Any]) -> bool:
    """The mention's day is a day its text gives (not its report's, nor a coarser date)."""
    return mention.get("date_source") == "text" and mention.get("date_granularity") == "day"


def _by_role(arguments: list[str] | None) -> dict[str, set[str]]:
    """"role:name" argument heads as role -> names."""
    out: dict[str, set[str]] = {}
    for argument in arguments or []:
        role, _, name = argument.partition(":")
        out.setdefault(role, set()).add(name)
    return out


def _fits(cluster_side: set[str], mention_side: set[str]) -> bool:
    """One side of a mention fits the cluster's: either is unknown, or they share an actor."""
    return not cluster_side or not mention_side or bool(cluster_side & mention_side)


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
    the mentions one by one against the store. Without a connection it clusters in memory only
    (`cluster_mentions`, the evaluation)."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None, rule: MergeRule):
        self.con = con
        self.rule = rule
        self.reset()

    def reset(self) -> None:
        """Forget the batch (after a rollback, or at start) and re-read the next free id."""
        self.next_id = self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM clusters").fetchone()[0] if self.con else 1
        self._forget()

    def _forget(self) -> None:
        self.blocks: dict[tuple[str, tuple[str, ...]], dict[int, dict[str, Any]]] = {}
        """(block key, evidence token) -> the clusters filed under that pair (`MergeRule.evidence`), by id."""
        self.indexed: dict[int, dict[str, Any]] = {}
        self.created: dict[int, dict[str, Any]] = {}
        self.changed: dict[int, dict[str, Any]] = {}
        self.stored: dict[int, tuple[dt.date, set[int]]] = {}
        """Each loaded cluster's first day and evidence as stored, so `flush` writes only the evidence it adds."""

    def load(self, mentions: list[dict[str, Any]]) -> None:
        """Read the stored clusters that any of these mentions could join (days within the window, an evidence
        pair in common, `MergeRule.evidence`); once per batch, before its first `place`. The candidates come from
        cluster_evidence, a table of hashed numbers and days whose zone maps let DuckDB skip the days outside the
        batch's: the cost of a batch is that of its own evidence, not of the whole store.

        Each pair is read within its own mention's window: a cluster that accepts a mention has its first day
        within `window_days` of the mention's day (`MergeRule.accepts`). One window for the whole batch would
        reach from its earliest day to its latest, and a single mention of a day years back (a story's
        background, dated by its text) would then bring every cluster of those years that shares a common pair
        ("say" with the United States), more of them the larger the store."""
        if self.con is None:
            return
        window = dt.timedelta(days=self.rule.window_days)
        by_day: dict[dt.date, set[int]] = {}
        for mention in mentions:
            by_day.setdefault(mention["day"], set()).update(self.rule.lookups(mention))
        wanted = sorted((day, pair) for day, pairs in by_day.items() for pair in pairs)
        if not wanted:
            return
        earliest, latest = wanted[0][0] - window, wanted[-1][0] + window
        ids = [row[0] for row in self.con.execute(
            "SELECT DISTINCT e.cluster_id FROM cluster_evidence e JOIN (SELECT unnest(?::BIGINT[]) AS pair, "
            "unnest(?::DATE[]) AS day) w ON e.pair = w.pair AND e.first_day BETWEEN w.day - ? AND w.day + ? "
            "WHERE e.first_day BETWEEN ? AND ?",
            [[pair for _, pair in wanted], [day for day, _ in wanted], window, window, earliest, latest]).fetchall()]
        if not ids:
            return
        rows = self.con.execute(
            f"SELECT {CLUSTER_COLUMNS} FROM clusters WHERE id IN (SELECT unnest(?::BIGINT[])) "
            "AND last_day >= ? AND first_day <= ? ORDER BY id", [ids, earliest, latest]).fetchall()
        for row in rows:
            cluster = dict(zip(CLUSTER_NAMES, row))
            self.stored[cluster["id"]] = (cluster["first_day"], stored_evidence(cluster))
            self._index(cluster)

    def _index(self, cluster: dict[str, Any]) -> None:
        """File a cluster under each of its blocks and evidence tokens (again after a join adds to them)."""
        self.indexed[cluster["id"]] = cluster
        for pair in self.rule.evidence(cluster, cluster=True):
            self.blocks.setdefault(pair, {})[cluster["id"]] = cluster

    def place(self, mention: dict[str, Any], document: dict[str, Any], clusters_of_doc: set[int]) -> int | None:
        """The cluster id of one event mention (joining or creating a cluster), or None when it is not an event.

        `mention` is the events row; `document` has id, published (date or None) and source;
        `clusters_of_doc` is the set of clusters this document already counted in.
        """
        if mention.get("negated") or mention.get("hypothetical"):
            return None
        keys = self.rule.keys(mention)
        cluster = self._find(keys, mention, clusters_of_doc)
        if cluster is None:
            return self._create(keys[0] if keys else None, mention, document, clusters_of_doc)
        self._join(cluster, mention, document, clusters_of_doc)
        return cluster["id"]

    def flush(self) -> None:
        """Write the batch's new clusters and the changes to stored ones, then forget the batch."""
        insert_rows(self.con, "clusters", CLUSTER_NAMES, [tuple(c[n] for n in CLUSTER_NAMES) for c in self.created.values()])
        update_rows(self.con, "clusters", "id", MUTABLE,
                    [(cluster["id"], *(cluster[c] for c in MUTABLE)) for cluster in self.changed.values()])
        insert_rows(self.con, "cluster_evidence", EVIDENCE_COLUMNS,
                    [row for cluster in (*self.created.values(), *self.changed.values())
                     for row in evidence_rows(cluster, self.stored.get(cluster["id"], (None, set())))])
        self._forget()


    def _find(self, keys: list[str], mention: dict[str, Any], clusters_of_doc: set[int]) -> dict[str, Any] | None:
        """The cluster the mention joins: among its blocks' clusters that share evidence with it or already hold a
        mention of its document (`MergeRule.evidence`), the accepting one nearest in days (then the oldest)."""
        blocked = {i: c for pair in self.rule.evidence(mention) for i, c in self.blocks.get(pair, {}).items()}
        blocked.update((i, c) for i in clusters_of_doc if (c := self.indexed.get(i))
                       and not set(keys).isdisjoint(self.rule.cluster_keys(c)))
        candidates = [c for c in blocked.values() if self.rule.accepts(c, mention, c["id"] in clusters_of_doc)]
        if not candidates:
            return None
        return min(candidates, key=lambda c: (abs((c["first_day"] - mention["day"]).days), c["id"]))

    def _sets(self, mention: dict[str, Any]) -> dict[str, list[str]]:
        sources, targets = self.rule.sides(mention)
        lemma = mention.get("trigger_lemma")
        return {"source_keys": sorted(set(sources)), "target_keys": sorted(set(targets)),
                "participants": sorted(set(mention.get("participants") or [])), "lemmas": [lemma] if lemma else [],
                "arguments": sorted(set(mention.get("arguments") or [])),
                "text_days": [mention["day"]] if own_day(mention) else []}

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
            "earliest_doc": document["id"], **self._sets(mention)}
        self.created[cluster_id] = cluster
        if key:
            self._index(cluster)
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
        added = self._sets(mention)
        cluster.update({
            "first_day": min(cluster["first_day"], mention["day"]), "last_day": max(cluster["last_day"], mention["day"]),
            "mentions": cluster["mentions"] + 1,
            "documents": cluster["documents"] + (0 if cluster["id"] in clusters_of_doc else 1),
            "goldstein_sum": float((cluster["goldstein_sum"] or 0) + (goldstein or 0)),
            "goldstein_count": cluster["goldstein_count"] + (0 if goldstein is None else 1),
            "sources": len(names), "source_names": names,
            "earliest_published": published if earlier else earliest,
            "earliest_doc": document["id"] if earlier else cluster["earliest_doc"],
            **{name: sorted(set(cluster.get(name) or []) | set(added[name])) for name in (*SETS, *HELD)}})
        if cluster["id"] not in self.created:
            self.changed[cluster["id"]] = cluster
        self._index(cluster)
        clusters_of_doc.add(cluster["id"])


def cluster_mentions(mentions: list[dict[str, Any]], rule: MergeRule, clusterer: Clusterer | None = None) -> list[int | None]:
    """Cluster events rows in the order given, as the store does (in memory unless `clusterer` has a
    connection; nothing is flushed); each row also has `doc_id`, `doc_published` and `doc_source`. Returns
    each row's cluster id."""
    clusterer = clusterer or Clusterer(None, rule)
    seen: dict[str, set[int]] = {}
    return [clusterer.place(m, {"id": m["doc_id"], "published": m["doc_published"], "source": m["doc_source"]},
                            seen.setdefault(m["doc_id"], set())) for m in mentions]


def rebuild(con: duckdb.DuckDBPyConnection, rule: MergeRule) -> int:
    """Re-cluster every stored mention with `rule`, oldest first, in one transaction; returns the cluster count.

    A cluster whose mentions are exactly those of a cluster before the rebuild keeps that cluster's id (so
    GLOBALEVENTIDs and links to clusters survive a rebuild that changes nothing for them); other clusters get
    ids above every earlier one. The mentions and their clusters are held in memory (a few hundred bytes each):
    fine for millions, not for billions.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        before = members(con.execute("SELECT cluster_id, doc_id, idx FROM events WHERE cluster_id IS NOT NULL").fetchall())
        first_free = con.execute("SELECT coalesce(max(id), 0) + 1 FROM clusters").fetchone()[0]
        con.execute("DELETE FROM clusters")
        con.execute("DELETE FROM cluster_evidence")
        con.execute("UPDATE events SET cluster_id = NULL")
        clusterer = Clusterer(con, rule)
        rows = con.execute(
            "SELECT e.*, d.published AS doc_published, d.source AS doc_source FROM events e JOIN documents d "
            "ON d.id = e.doc_id ORDER BY e.day NULLS LAST, d.published NULLS LAST, e.doc_id, e.idx").fetchall()
        names = [column[0] for column in con.description]
        mentions = [dict(zip(names, row)) for row in rows]
        assigned = cluster_mentions(mentions, rule, clusterer)
        placed = [(m["doc_id"], m["idx"], cluster_id) for m, cluster_id in zip(mentions, assigned)]
        renumber = stable_ids(members(placed, cluster_first=False), before, first_free)
        clusterer.created = {renumber[i]: {**c, "id": renumber[i]} for i, c in clusterer.created.items()}
        clusterer.flush()
        con.execute("CREATE TEMP TABLE placed (doc_id VARCHAR, idx INTEGER, cluster_id BIGINT)")
        insert_rows(con, "placed", ("doc_id", "idx", "cluster_id"),
                    [(doc, idx, renumber.get(cluster_id)) for doc, idx, cluster_id in placed])
        con.execute("UPDATE events SET cluster_id = placed.cluster_id FROM placed "
                    "WHERE events.doc_id = placed.doc_id AND events.idx = placed.idx")
        con.execute("DROP TABLE placed")
        count = con.execute("SELECT count(*) FROM clusters").fetchone()[0]
        con.execute("COMMIT")
        return count
    except Exception:
        con.execute("ROLLBACK")
        raise


def members(rows: list[tuple], cluster_first: bool = True) -> dict[int, frozenset[tuple[str, int]]]:
    """cluster id -> its mentions (doc id, index), from (cluster, doc, idx) or (doc, idx, cluster) rows."""
    out: dict[int, set[tuple[str, int]]] = {}
    for row in rows:
        cluster_id, doc_id, idx = row if cluster_first else (row[2], row[0], row[1])
        if cluster_id is not None:
            out.setdefault(cluster_id, set()).add((doc_id, idx))
    return {k: frozenset(v) for k, v in out.items()}


def stable_ids(new: dict[int, frozenset], old: dict[int, frozenset], first_free: int) -> dict[int, int]:
    """New cluster id -> final id: the old id of a cluster with exactly the same mentions, else a fresh one."""
    by_members = {mentions: cluster_id for cluster_id, mentions in old.items()}
    out, fresh = {}, first_free
    for cluster_id in sorted(new):
        kept = by_members.get(new[cluster_id])
        if kept is None:
            kept, fresh = fresh, fresh + 1
        out[cluster_id] = kept
    return out
