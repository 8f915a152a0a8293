"""Score the event coder on gold sets it was not built on.

CASE 2021 Task 2: one ACLED-style type per news snippet, mapped to PLOVER. Each snippet is extracted like an
article; its main event (the first factual, non-negated event with the highest confidence) is compared with the
PLOVER type and mode its gold type maps to (eventwire/data/events/case2021.yaml).

PETRARCH validation records: sentences with CAMEO codings (XML). The main event's CAMEO root and PLOVER type are
compared with the gold codings'; sentences coded `noevents` count as right when the coder reports no event.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.eval.scores import f1, ratio, rounded
from eventwire.events.ontology import DATA, CameoCode
from eventwire.yamlfiles import load_yaml

if TYPE_CHECKING:
    from eventwire.pipeline import Pipeline


def load_mapping(path: Path = DATA / "case2021.yaml") -> tuple[dict[str, dict[str, list[str]]], set[str]]:
    data = load_yaml(path)
    return data["types"], set(data["unmapped"])


def load_yields(path: Path = DATA / "case2021.yaml") -> list[dict[str, str]]:
    """The events that yield to a protest as a snippet's main event (ACLED's protest with intervention)."""
    return load_yaml(path).get("yields_to_protest", [])


def read_snippets(path: Path, limit: int | None = None) -> list[tuple[str, str, str]]:
    """(id, snippet, gold type) rows of the Task 2 TSV (header: id, EventSnippet, SubType)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row.get("EventSnippet") and row.get("SubType"):
                rows.append((row["id"], row["EventSnippet"], row["SubType"].strip()))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def main_event(events: list[dict[str, Any]], yields: list[dict[str, str]] | None = None) -> dict[str, Any] | None:
    """The event a snippet is about: factual and affirmed, in the earliest sentence that has one (news leads with
    its main event), the most confident there, then the earliest. With `yields` (see load_yields), an intervention
    matching one of them gives way to a protest the snippet reports."""
    candidates = [e for e in events if e["plover"] and not e["negated"]]
    if not candidates:
        return None

    def order(event: dict[str, Any]) -> tuple:
        return event["hypothetical"], event["sentence"]["start"], -event["confidence"], event["trigger"]["start"]

    best = min(candidates, key=order)
    protests = [e for e in candidates if e["plover"] == "PROTEST"]
    if protests and any(best["plover"] == y["plover"] and y.get("mode", best["mode"]) == best["mode"] for y in yields or []):
        return min(protests, key=order)
    return best


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = sorted({gold for gold, _ in pairs})
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        scores.append(f1(ratio(tp, tp + fp), ratio(tp, tp + fn)))
    return ratio(sum(scores), len(scores))


def _extract_events(prefix: str, items: list[tuple[str, str]], pipeline: Pipeline) -> list[list[dict[str, Any]]]:
    """The events of each (id, text), extracted like articles, as their JSON (`Event.to_dict()`): `main_event`
    and the scorers read the records as the output writes them."""
    from eventwire.ingest.reading import RawArticle

    raws = [RawArticle(id=f"{prefix}-{i}", text=text, origin=f"{prefix}:{i}") for i, text in items]
    return [[event.to_dict() for event in getattr(result, "events", [])] for result in pipeline.extract_many(raws)]


def evaluate(path: Path, limit: int | None = None) -> dict[str, Any]:
    from eventwire.pipeline import Pipeline

    mapping, unmapped = load_mapping()
    yields = load_yields()
    rows = read_snippets(path, limit)
    scored = [(i, text, gold) for i, text, gold in rows if gold in mapping]
    pairs: list[tuple[str, str]] = []
    type_hits = mode_hits = mode_total = no_event = 0
    confusion: Counter[tuple[str, str]] = Counter()
    correct: Counter[str] = Counter()
    for (_, _, gold), events in zip(scored, _extract_events("case2021", [(i, text) for i, text, _ in scored], Pipeline())):
        event = main_event(events, yields)
        wanted = mapping[gold]
        predicted = event["plover"] if event else "NONE"
        no_event += event is None
        hit = predicted in wanted["plover"]
        type_hits += hit
        pairs.append((predicted if hit else wanted["plover"][0], predicted))
        confusion[(gold, predicted)] += 1
        correct[gold] += hit
        if wanted.get("mode"):
            mode_total += 1
            mode_hits += hit and event is not None and event["mode"] in wanted["mode"]
    n = len(scored)
    return {
        "file": str(path),
        "snippets": len(rows),
        "scored": n,
        "unmapped": sum(1 for _, _, gold in rows if gold in unmapped),
        "unknown_types": sorted({gold for _, _, gold in rows if gold not in mapping and gold not in unmapped}),
        "type_accuracy": rounded(ratio(type_hits, n, empty=None)),
        "type_mode_accuracy": rounded(ratio(mode_hits, mode_total, empty=None)),
        "mode_scored": mode_total,
        "macro_f1": rounded(macro_f1(pairs)),
        "no_event": no_event,
        "per_gold_type": {
            gold: {"n": total, "correct": correct[gold],
                   "predicted": dict(Counter({p: c for (g, p), c in confusion.items() if g == gold}).most_common(3))}
            for gold, total in sorted(Counter(gold for _, _, gold in scored).items())
        },
    }


RECORD = re.compile(r"<Sentence\b(?P<head>[^>]*)>(?P<body>.*?)(?=<Sentence\b|</Sentences>|\Z)", re.S)
ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*["']([^"']*)["']""")


def read_petrarch(path: Path, limit: int | None = None) -> list[tuple[str, str, list[str] | None]]:
    """(id, text, gold CAMEO codes) per record of a PETRARCH validation file; codes are [] for `noevents` and None
    for records marked as coding errors. Read with regular expressions: some files are not well-formed XML."""
    rows: list[tuple[str, str, list[str] | None]] = []
    for match in RECORD.finditer(path.read_text(encoding="utf-8", errors="replace")):
        body = match.group("body")
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if text is None or not text.group(1).split():
            continue
        codings = [dict(ATTRIBUTE.findall(c)) for c in re.findall(r"<EventCoding\b[^>]*>", body)]
        if not codings or any("error" in c for c in codings):
            codes = None
        else:
            codes = [c["eventcode"] for c in codings if c.get("eventcode")]
        record_id = dict(ATTRIBUTE.findall(match.group("head"))).get("id", str(len(rows)))
        rows.append((record_id, " ".join(text.group(1).split()), codes))
        if limit is not None and len(rows) >= limit:
            break
    return rows


def _cameo(code: str, table: dict[str, CameoCode]) -> str | None:
    """The code itself if CAMEO (`table`) knows it, else its nearest parent ('0352' -> '035'); None for a non-CAMEO
    code."""
    while code and code not in table:
        code = code[:-1]
    return code if len(code) >= 2 else None


def evaluate_petrarch(path: Path, limit: int | None = None) -> dict[str, Any]:
    """Root-code and PLOVER-type accuracy of the main event against the gold codings of each record.

    Records whose codes are not CAMEO are skipped and counted. `verb_dictionary` names the dictionary the gold was
    coded with: the UnitTest file's (PETR.Validate.verbs.txt) is a toy one whose codes test the coder's mechanics,
    not CAMEO's meanings, so only a CAMEO-coded file (PETR2_GSR_validation.xml) gives a meaningful figure.
    """
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline()
    table = pipeline.resources.cameo
    rows = read_petrarch(path, limit)
    usable = []
    for record_id, text, codes in rows:
        cameo = [c for c in (_cameo(code, table) for code in codes or []) if c]
        if codes is not None and len(cameo) == len(codes):
            usable.append((record_id, text, cameo))
    root_hits = any_root_hits = type_hits = type_total = quiet_hits = quiet_total = 0
    for (_, _, gold), events in zip(usable, _extract_events("petrarch", [(i, t) for i, t, _ in usable], pipeline)):
        event = main_event(events)
        if not gold:
            quiet_total += 1
            quiet_hits += event is None
            continue
        roots = {code[:2] for code in gold}
        root_hits += event is not None and event["cameo"][:2] in roots
        any_root_hits += any(e["cameo"][:2] in roots for e in events if not e["negated"])
        types = {table[code].plover for code in gold} - {None}
        if types:
            type_total += 1
            type_hits += event is not None and event["plover"] in types
    coded = len(usable) - quiet_total
    dictionary = re.search(r"<Verbfile>(.*?)</Verbfile>", path.read_text(encoding="utf-8", errors="replace"))
    return {
        "file": str(path),
        "verb_dictionary": dictionary.group(1).strip() if dictionary else None,
        "records": len(rows),
        "scored": len(usable),
        "skipped_not_cameo": len(rows) - len(usable),
        "coded": coded,
        "root_accuracy": rounded(ratio(root_hits, coded, empty=None)),
        "root_recall_any_event": rounded(ratio(any_root_hits, coded, empty=None)),
        "plover_type_accuracy": rounded(ratio(type_hits, type_total, empty=None)),
        "plover_scored": type_total,
        "noevents": quiet_total,
        "noevents_right": quiet_hits,
    }
