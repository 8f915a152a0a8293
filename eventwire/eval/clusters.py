"""Score cross-document event clustering on MEANTIME's corpus-level annotation (`eventwire eval clusters`).

Gold: every EVENT_MENTION of the intra_cross-doc_annotation files that REFERS_TO an event instance (an EVENT with
an `instance_id`, shared across documents); mentions of the same instance form one gold cluster. Mentions the
annotators tied to no instance are left out (the corpus-level annotation covers a selection of events).

System: each document is extracted by the default pipeline (text rebuilt from the tokens, published on its
creation date). A gold mention takes the features of the eventwire event whose mention covers its trigger, or,
when the coder found none there, the features its token gives (trigger lemma, the time expression dating it,
the named participants of its clause, its place); its trigger lemma and argument heads (the names of the
trigger's own subject, object, possessor ..., `eventwire.events.participants.argument_heads`) come from its
token in either case; `eventwire.store.clusters` then clusters them exactly as the
store does, mention by mention in the order of the documents' dates. Gold mentions inside one eventwire event
stay together, as they do in the store.

Baselines, in the same run on the same mentions: `singletons` (every mention alone) and `lemma` (same trigger
lemma within 3 days of the documents' dates, GDELT-style). Measures: MUC, B-cubed, CEAF-e and their average
(CoNLL F1), the usual coreference scores.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.document import Entity, Extraction
from eventwire.entities.kb import normalise
from eventwire.eval.scores import prf, rounded
from eventwire.events.anchors import event_date
from eventwire.events.location import Locator
from eventwire.events.participants import argument_heads, clause_entities
from eventwire.store.clusters import MergeRule, cluster_mentions, family_of
from eventwire.store.writer import to_date

LEMMA_WINDOW_DAYS = 3


@dataclass
class GoldMention:
    doc: str
    id: str
    start: int
    end: int
    text: str
    instance: str


@dataclass
class GoldClusterDocument:
    name: str
    text: str
    published: dt.date | None
    mentions: list[GoldMention] = field(default_factory=list)


def read_document(path: Path) -> GoldClusterDocument:
    """A MEANTIME file: its text rebuilt from the tokens (title, date line, then the body, one space between
    tokens) with each instance-linked event mention as character offsets, and its creation date (else the date
    line's)."""
    root = ET.parse(path).getroot()
    name = root.get("doc_name") or path.stem
    offsets: dict[str, tuple[int, int]] = {}
    pieces: list[str] = []
    length, previous_sentence = 0, None
    for token in root.iter("token"):
        sentence = token.get("sentence")
        if previous_sentence is not None:
            separator = "\n\n" if sentence != previous_sentence and int(sentence or 0) <= 2 else " "
            pieces.append(separator)
            length += len(separator)
        text = token.text or ""
        offsets[token.get("t_id") or ""] = (length, length + len(text))
        pieces.append(text)
        length += len(text)
        previous_sentence = sentence
    document = GoldClusterDocument(name, "".join(pieces), None)
    markables = root.find("Markables")
    if markables is None:
        return document
    for timex in markables.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            try:
                document.published = dt.date.fromisoformat((timex.get("value") or "")[:10])
            except ValueError:
                pass
    if document.published is None:
        document.published = date_line(document.text)
    instances = {e.get("m_id"): e.get("instance_id") for e in markables.iter("EVENT") if e.get("instance_id")}
    anchors = {m.get("m_id"): [offsets[a.get("t_id")] for a in m.iter("token_anchor") if a.get("t_id") in offsets]
               for m in markables.iter("EVENT_MENTION")}
    for relation in root.iter("REFERS_TO"):
        target = relation.find("target")
        instance = instances.get(target.get("m_id")) if target is not None else None
        if instance is None:
            continue
        for source in relation.iter("source"):
            spans = anchors.get(source.get("m_id"))
            if spans:
                start, end = spans[0][0], spans[-1][1]
                document.mentions.append(GoldMention(name, source.get("m_id") or "", start, end,
                                                     document.text[start:end], instance))
    document.mentions.sort(key=lambda m: m.start)
    return document


def date_line(text: str) -> dt.date | None:
    """The date written under the title ('June 13, 2005'), for a file without a creation time."""
    from dateutil import parser

    lines = text.split("\n\n")
    try:
        return parser.parse(lines[1], fuzzy=False).date() if len(lines) > 1 else None
    except (ValueError, OverflowError):
        return None


def read_corpus(directory: Path) -> list[GoldClusterDocument]:
    files = sorted(p for p in directory.rglob("*.xml") if p.is_file())
    if not files:
        raise ValueError(f"{directory}: no MEANTIME .xml files (give intra_cross-doc_annotation/ or a corpus_* folder)")
    return [read_document(p) for p in files]


# --- scores ---------------------------------------------------------------------------------------------------

Clustering = list[frozenset[str]]


def as_clusters(labels: dict[str, Any]) -> Clustering:
    groups: dict[Any, set[str]] = defaultdict(set)
    for mention, label in labels.items():
        groups[label].add(mention)
    return [frozenset(g) for g in groups.values()]


def muc(key: Clustering, response: Clustering) -> dict[str, float]:
    """Vilain et al. 1995: links kept, counted over the partitions of each chain by the other side."""
    def links(chains: Clustering, other: Clustering) -> tuple[int, int]:
        where = {m: i for i, c in enumerate(other) for m in c}
        kept = total = 0
        for chain in chains:
            parts = {where.get(m, ("alone", m)) for m in chain}
            kept += len(chain) - len(parts)
            total += len(chain) - 1
        return kept, total
    recall_num, recall_den = links(key, response)
    precision_num, precision_den = links(response, key)
    return prf(precision_num, precision_den, recall_num, recall_den)


def b_cubed(key: Clustering, response: Clustering) -> dict[str, float]:
    """Bagga and Baldwin 1998: per mention, the overlap of its two clusters over each one's size."""
    key_of = {m: c for c in key for m in c}
    response_of = {m: c for c in response for m in c}
    mentions = list(key_of)
    precision = sum(len(key_of[m] & response_of.get(m, frozenset([m]))) / len(response_of.get(m, frozenset([m])))
                    for m in mentions)
    recall = sum(len(key_of[m] & response_of.get(m, frozenset([m]))) / len(key_of[m]) for m in mentions)
    return prf(precision, len(mentions), recall, len(mentions))


def ceaf_e(key: Clustering, response: Clustering) -> dict[str, float]:
    """Luo 2005, entity-based: the best one-to-one alignment of clusters under phi4 = 2|K & R| / (|K| + |R|),
    solved exactly per connected group of overlapping clusters (the Hungarian method)."""
    total = 0.0
    for keys, responses in components(key, response):
        matrix = [[2 * len(k & r) / (len(k) + len(r)) for r in responses] for k in keys]
        total += best_assignment(matrix)
    return prf(total, len(response), total, len(key))


def components(key: Clustering, response: Clustering) -> Iterable[tuple[Clustering, Clustering]]:
    """Groups of key and response clusters linked by shared mentions (an alignment never crosses groups)."""
    response_of = defaultdict(list)
    for j, cluster in enumerate(response):
        for m in cluster:
            response_of[m].append(j)
    key_of = defaultdict(list)
    for i, cluster in enumerate(key):
        for m in cluster:
            key_of[m].append(i)
    seen_keys: set[int] = set()
    for start in range(len(key)):
        if start in seen_keys:
            continue
        keys, responses, stack = {start}, set(), [("k", start)]
        while stack:
            side, index = stack.pop()
            cluster = key[index] if side == "k" else response[index]
            for m in cluster:
                for j in (response_of[m] if side == "k" else []):
                    if j not in responses:
                        responses.add(j)
                        stack.append(("r", j))
                for i in (key_of[m] if side == "r" else []):
                    if i not in keys:
                        keys.add(i)
                        stack.append(("k", i))
        seen_keys |= keys
        if responses:
            yield [key[i] for i in sorted(keys)], [response[j] for j in sorted(responses)]


def best_assignment(weights: list[list[float]]) -> float:
    """The largest sum of a one-to-one assignment of rows to columns (Kuhn-Munkres on costs 1 - weight)."""
    rows, columns = len(weights), len(weights[0])
    size = max(rows, columns)
    cost = [[1.0 - (weights[i][j] if i < rows and j < columns else 0.0) for j in range(size)] for i in range(size)]
    u, v, p, way = [0.0] * (size + 1), [0.0] * (size + 1), [0] * (size + 1), [0] * (size + 1)
    for i in range(1, size + 1):
        p[0], j0 = i, 0
        minv, used = [float("inf")] * (size + 1), [False] * (size + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], float("inf"), 0
            for j in range(1, size + 1):
                if not used[j]:
                    current = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if current < minv[j]:
                        minv[j], way[j] = current, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(size + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return sum(weights[p[j] - 1][j - 1] for j in range(1, size + 1) if p[j] and p[j] - 1 < rows and j - 1 < columns)


def score(key: Clustering, response: Clustering) -> dict[str, Any]:
    scores = {"muc": muc(key, response), "b_cubed": b_cubed(key, response), "ceaf_e": ceaf_e(key, response)}
    scores["conll_f1"] = rounded(sum(s["f1"] for s in scores.values()) / 3)
    return scores


# --- baselines and the system --------------------------------------------------------------------------------

def lemma_baseline(mentions: list[dict[str, Any]], window_days: int = LEMMA_WINDOW_DAYS) -> dict[str, Any]:
    """Every gold mention by itself: same trigger lemma and report days at most `window_days` apart from a
    cluster's first and last day."""
    clusters: dict[str, list[dict[str, Any]]] = defaultdict(list)
    labels: dict[str, Any] = {}
    for mention in mentions:
        day, lemma = mention["published"], mention["lemma"]
        found = next((c for c in clusters[lemma] if day is None or c["first"] is None
                      or (c["last"] - dt.timedelta(days=window_days) <= day <= c["first"] + dt.timedelta(days=window_days))), None)
        if found is None:
            found = {"id": len(labels) + 1, "first": day, "last": day}
            clusters[lemma].append(found)
        elif day is not None and found["first"] is not None:
            found["first"], found["last"] = min(found["first"], day), max(found["last"], day)
        labels[mention["key"]] = found["id"]
    return labels


def system_labels(units: list[dict[str, Any]], rule: MergeRule) -> dict[str, Any]:
    """Each gold mention's cluster; a unit the store leaves out of every cluster (negated, hypothetical) is a
    cluster of its own, not one cluster with all the others left out."""
    assigned = cluster_mentions(units, rule)
    return {mention: assigned[i] if assigned[i] is not None else f"unclustered:{unit['gold'][0]}"
            for i, unit in enumerate(units) for mention in unit["gold"]}


def identity(entity: Entity) -> str:
    """An entity's corpus-wide identity as the store gives it: its knowledge-base key, else type and name."""
    return entity.kb or f"{entity.type.lower()}:{normalise(entity.name)}"


def side_keys(actors: list[dict[str, Any]] | None, result: Extraction, rule: MergeRule) -> list[str]:
    keys = []
    for actor in actors or []:
        entity = result.entity(actor.get("entity") or "")
        known = identity(entity) if entity is not None else None
        key = (actor.get("code") or known) if rule.actors == "code" else known
        if key:
            keys.append(key)
    return keys


EVENT_PRONOUNS = {"this", "that", "which", "these", "those", "it"}
"""Words that stand for an event told before ('shares fell 5%. This was the largest drop ...')."""


def refers_to(token, units_by_token: dict[int, dict[str, Any]]) -> dict[str, Any] | None:
    """The unit an event pronoun refers back to: for 'which', the noun its clause describes; else the nearest
    event mention before it in its sentence or the one before."""
    if token.lower_ not in EVENT_PRONOUNS:
        return None
    if token.lower_ == "which" and token.head.dep_ == "relcl" and token.head.head.i in units_by_token:
        return units_by_token[token.head.head.i]
    earlier = [i for i in units_by_token if i < token.i and token.doc[i].sent.start >= token.sent.start - 60]
    return units_by_token[max(earlier)] if earlier else None


class FeatureStage:
    """A pipeline stage run after the others: the clustering features of each gold mention of the document."""

    def __init__(self, documents: list[GoldClusterDocument], rule: MergeRule):
        self.gold = {d.name: d for d in documents}
        self.rule = rule
        self.units: list[dict[str, Any]] = []
        self.mentions: list[dict[str, Any]] = []

    def __call__(self, ctx) -> None:
        result, doc = ctx.result, ctx.doc
        gold = self.gold[result.document.id]
        published = gold.published
        locator = Locator(result, ctx.resources.admin1_codes)
        by_event: dict[str, dict[str, Any]] = {}
        by_token: dict[int, dict[str, Any]] = {}
        for mention in gold.mentions:
            key = f"{gold.name}#{mention.id}"
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            token = span.root if span is not None else doc[0]
            lemma = token.lemma_.lower()
            self.mentions.append({"key": key, "lemma": lemma, "published": published})
            antecedent = refers_to(token, by_token)
            if antecedent is not None:  # 'this', 'which': the event told just before, as in-document merging does
                antecedent["gold"].append(key)
                continue
            event = next((e for e in result.events if any(
                m.trigger.start < mention.end and mention.start < m.trigger.end for m in e.mentions)), None)
            if event is not None and event.id in by_event:
                by_event[event.id]["gold"].append(key)
                continue
            unit = self._unit(event.to_dict() if event is not None else None, token, lemma, result, locator, published)
            unit.update({"gold": [key], "doc_id": gold.name, "doc_published": published, "doc_source": None,
                         "order": (published or dt.date.max, gold.name, mention.start)})
            if event is not None:
                by_event[event.id] = unit
            by_token[token.i] = unit
            self.units.append(unit)

    def _unit(self, event, token, lemma: str, result: Extraction, locator: Locator, published) -> dict[str, Any]:
        """The events-row fields the clustering reads, from the eventwire event's JSON (`Event.to_dict()`, the
        record the store's events rows are made from) or from the token alone."""
        if event is None:
            date = event_date(token, token.sent, result)
            place = locator.locate(None, token, set())
            names = clause_entities(token, result)
            event = {"cameo": None, "plover": None, "source": None, "target": None, "negated": False,
                     "hypothetical": False, "date": date, "participants": names, "goldstein": None,
                     "location": place.__dict__ if place else None}
        location = event["location"] or {}
        entities = [result.entity(e) for e in event["participants"]]
        sources, targets = side_keys(event["source"], result, self.rule), side_keys(event["target"], result, self.rule)
        return {
            "family": family_of(event["cameo"], event["plover"]), "cameo": event["cameo"], "plover": event["plover"],
            "trigger_lemma": lemma, "arguments": argument_heads(token), "day": to_date((event["date"] or {}).get("value")) or published,
            **{f"date_{name}": (event["date"] or {}).get(name) for name in ("value", "granularity", "source")},
            "negated": event["negated"], "hypothetical": event["hypothetical"], "goldstein": event["goldstein"],
            "source_codes": sources, "target_codes": targets, "source_actors": sources, "target_actors": targets,
            "source_actor": sources[0] if sources else None, "target_actor": targets[0] if targets else None,
            "source_country": None, "target_country": None,
            "participants": sorted({identity(e) for e in entities if e is not None}),
            "location_name": location.get("name"), "location_country": location.get("country"),
            "lat": location.get("lat"), "lon": location.get("lon"),
            **{f"location_{name}": location.get(name) for name in ("geonames_id", "admin1", "admin1_code", "feature")}}


def features(documents: list[GoldClusterDocument], rule: MergeRule) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(units in clustering order, gold mentions in document order) of the extracted documents."""
    from eventwire.ingest.reading import RawArticle
    from eventwire.pipeline import STAGES, Pipeline
    from eventwire.stages import Stage

    stage = FeatureStage(documents, rule)
    raws = [RawArticle(id=d.name, text=d.text, origin=d.name, published=d.published.isoformat() if d.published else None)
            for d in documents]
    failed = [str(r) for r in Pipeline(stages=[*STAGES, Stage("clustering features", stage, requires=("events",))]).extract_many(raws)
              if not isinstance(r, Extraction)]
    if failed:
        raise ValueError(f"could not extract: {'; '.join(failed)}")
    order = sorted(range(len(stage.units)), key=lambda i: stage.units[i]["order"])
    mentions = sorted(stage.mentions, key=lambda m: (m["published"] or dt.date.max, m["key"].split("#")[0]))
    return [stage.units[i] for i in order], mentions


def evaluate(directory: Path, limit: int | None = None, rule: MergeRule | None = None) -> dict[str, Any]:
    documents = read_corpus(directory)[:limit]
    rule = rule or MergeRule.load()
    units, mentions = features(documents, rule)
    gold = {f"{m.doc}#{m.id}": m.instance for d in documents for m in d.mentions}
    key = as_clusters(gold)
    singletons = {m: m for m in gold}
    report = {
        "documents": len(documents), "mentions": len(gold), "gold_clusters": len(key),
        "gold_cross_document_clusters": sum(1 for c in key if len({m.split("#")[0] for m in c}) > 1),
        "units": len(units), "coded_units": sum(1 for u in units if u["family"]),
        "system": score(key, as_clusters(system_labels(units, rule))),
        "baselines": {"singletons": score(key, as_clusters(singletons)),
                      "lemma_3_days": score(key, as_clusters(lemma_baseline(mentions)))},
    }
    report["system_minus_lemma_conll_f1"] = rounded(report["system"]["conll_f1"]
                                                    - report["baselines"]["lemma_3_days"]["conll_f1"])
    return report
