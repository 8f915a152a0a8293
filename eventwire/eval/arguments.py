"""Score who did what to whom: the source and target actors of events against five kinds of gold data.

Each gold set is read into `GoldArgumentDocument`s holding `GoldEvent`s: the event's trigger where the set gives one
(MEANTIME, RAMS, GLOCON), else the stretch of text the event is told in (ConfliBERT, PETRARCH); its gold sources,
targets and joint actors (ConfliBERT's R, PETRARCH's codes found on both sides). Every document is extracted by
the default pipeline; a last stage reads, for each gold event,

- eventwire's arguments: those of the coded event at the gold trigger (or, without a trigger, of the main event
  of the stretch: main events before background ones, then the earliest, the most confident); where the coder
  coded no event there, the argument reader is run on the trigger word (or the stretch's main verb) directly, so
  the figures measure the argument reader on every gold event, and `coded` says how many had a coded event;
- the positional baseline of the same run: the first actor eventwire recognises in the sentence is the source,
  the next different one the target.

Matching: a predicted argument with a span (its `mention`, and for a resolved pronoun or description also its
`antecedent`) matches a gold span when the two overlap by at least one character; each gold argument and each
prediction is matched at most once. PETRARCH gold is a CAMEO actor code: a prediction matches when its code starts
with the gold's country part (first three letters); when the gold country is '---' (unknown), when its sector part
matches; PETRARCH's 'IGO...' codes by their first two letters after 'IGO' (see `codes_match`). A gold joint actor counts as found when it
is predicted in either role and is never a swap.

Measures per set: source and target precision and recall, precision over the gold events that mark at least
one argument in that role (the sets are partly annotated: ConfliBERT marks no target in 'Palestinian gunmen killed
an Israeli soldier', RAMS one event a window), `precision_all` over every prediction; `both_right`, the share of gold events whose every
gold source and every gold target is found in its role with no role swap; `swaps`, the share of gold events where
some prediction takes a gold argument's other role.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.eval.scores import ratio, rounded
from eventwire.events.ontology import DATA
from eventwire.events.records import EventMention
from eventwire.plain import as_plain
from eventwire.yamlfiles import parse_yaml

Arg = tuple[int, int] | str
"""A gold argument: a character span of the document's text, or (PETRARCH) a CAMEO actor code."""

ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "GROUP"}
"""Entity types the positional baseline counts as actors (places, dates and things are not)."""


@dataclass
class GoldEvent:
    region: tuple[int, int]
    """Where the event is told: its trigger's sentence or the gold sentence (character offsets)."""
    trigger: tuple[int, int] | None = None
    sources: list[Arg] = field(default_factory=list)
    targets: list[Arg] = field(default_factory=list)
    joint: list[Arg] = field(default_factory=list)


@dataclass
class GoldArgumentDocument:
    id: str
    text: str
    events: list[GoldEvent]
    title: str | None = None
    published: str | None = None


@dataclass
class Predicted:
    sources: list[Arg]
    targets: list[Arg]


NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'", "’",
                   *(f"{mark}{clitic}" for mark in ("'", "’") for clitic in ("s", "re", "ve", "ll", "d", "m")),
                   "n't", "n’t"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


def join_tokens(sentences: list[list[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Text of tokenised sentences as news writes it, with each token's span: no space before closing punctuation
    and clitics ('Baghdad ’ s' -> 'Baghdad’s'), none after opening brackets, none around a hyphen between words
    ('rebel - held' -> 'rebel-held'); sentences end with a newline. The parser reads this far better than tokens
    joined by spaces, and gold spans keep their offsets."""
    parts: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    offset = 0
    for tokens in sentences:
        row = []
        for j, token in enumerate(tokens):
            previous, following = tokens[j - 1] if j else "", tokens[j + 1] if j + 1 < len(tokens) else ""
            glued = (token in NO_SPACE_BEFORE or previous in NO_SPACE_AFTER or previous == "-" or token == "-"
                     or (previous in ("'", "’") and token.lower() in ("s", "t", "re", "ve", "ll", "d", "m")))
            if token in ("'", "’") and following.lower() not in ("s", "t", "re", "ve", "ll", "d", "m"):
                glued = False  # a closing quote mark, not a clitic
            if token == "-" and not (previous[-1:].isalnum() and following[:1].isalnum()):
                glued = False  # a dash between phrases, not a hyphen
            if previous == "-" and j >= 2 and not (tokens[j - 2][-1:].isalnum() and token[:1].isalnum()):
                glued = False
            if j and not glued:
                parts.append(" ")
                offset += 1
            row.append((offset, offset + len(token)))
            parts.append(token)
            offset += len(token)
        spans.append(row)
        parts.append("\n")
        offset += 1
    return "".join(parts).rstrip("\n"), spans


# --- readers -----------------------------------------------------------------------------------------------------

def read_conflibert(path: Path, limit: int | None = None) -> list[GoldArgumentDocument]:
    """ConfliBERT cameo_ner: one 'token TAG' a line, a blank line between sentences; B-/I- tags S (source),
    T (target), R (both sides of a reciprocal event), O otherwise."""
    documents: list[GoldArgumentDocument] = []
    sentence: list[tuple[str, str]] = []
    lines = path.read_text(encoding="utf-8").splitlines() + [""]
    for number, line in enumerate(lines, 1):
        if line.strip():
            parts = line.split()
            if len(parts) != 2 or not (parts[1] == "O" or re.fullmatch(r"[BI]-[STR]", parts[1])):
                raise ValueError(f"{path}:{number}: expected 'token TAG' with TAG O or B-/I- S, T, R: {line!r}")
            sentence.append((parts[0], parts[1]))
            continue
        if not sentence:
            continue
        text, spans = join_tokens([[token for token, _ in sentence]])
        event = GoldEvent(region=(0, len(text)))
        roles = {"S": event.sources, "T": event.targets, "R": event.joint}
        current: list[int] | None = None
        for (start, end), (_, tag) in zip(spans[0], sentence):
            if tag.startswith("B-") or (tag.startswith("I-") and current is None):
                current = [start, end]
                roles[tag[2]].append(current)  # type: ignore[arg-type]
            elif tag.startswith("I-"):
                current[1] = end  # type: ignore[index]
            else:
                current = None
        for role in roles.values():
            role[:] = [tuple(span) for span in role]
        documents.append(GoldArgumentDocument(id=f"conflibert-{len(documents) + 1}", text=text, events=[event]))
        sentence = []
        if limit is not None and len(documents) >= limit:
            break
    return documents


def read_meantime(folder: Path, limit: int | None = None) -> list[GoldArgumentDocument]:
    """MEANTIME NewsReader XML (one article a file, under `folder`): HAS_PARTICIPANT links from an event mention
    to entity mentions; Arg0 is the source, Arg1 the target. Sentence 0 is the headline (given as the title,
    which eventwire does not code) and sentence 1 the date line, so events are scored from sentence 2 on."""
    documents = []
    for path in sorted(folder.rglob("*.xml")):
        xml = path.read_text(encoding="utf-8")
        tokens = re.findall(r'<token [^>]*sentence="(\d+)"[^>]*t_id="(\d+)"[^>]*>([^<]*)</token>', xml)
        if not tokens:
            raise ValueError(f"{path}: no <token> elements: not a MEANTIME file")
        sentences: dict[int, list[tuple[str, str]]] = {}
        for sentence, t_id, text in tokens:
            sentences.setdefault(int(sentence), []).append((t_id, unescape(text)))
        ordered = [sentences[k] for k in sorted(sentences)]
        text, spans = join_tokens([[t for _, t in row] for row in ordered])
        where = {t_id: (span, s) for s, row in enumerate(ordered) for (t_id, _), span in zip(row, spans[s])}
        mentions = {}
        for m_id, body in re.findall(r'<(?:EVENT|ENTITY)_MENTION [^>]*m_id="(\d+)"[^>]*>(.*?)</(?:EVENT|ENTITY)_MENTION>', xml, re.S):
            anchors = [where[t] for t in re.findall(r't_id="(\d+)"', body) if t in where]
            if anchors:
                mentions[m_id] = ((min(a[0][0] for a in anchors), max(a[0][1] for a in anchors)), anchors[0][1])
        events: dict[str, GoldEvent] = {}
        for role, source, target in re.findall(
                r'<HAS_PARTICIPANT [^>]*sem_role="(Arg[01])"[^>]*>\s*<source m_id="(\d+)"/>\s*<target m_id="(\d+)"/>', xml):
            if source not in mentions or target not in mentions or mentions[source][1] < 2:
                continue
            trigger, sentence = mentions[source]
            row = spans[sentence]
            event = events.setdefault(source, GoldEvent(region=(row[0][0], row[-1][1]), trigger=trigger))
            (event.sources if role == "Arg0" else event.targets).append(mentions[target][0])
        title = " ".join(t for _, t in ordered[0])
        documents.append(GoldArgumentDocument(id=f"meantime-{path.stem}", text=text, title=title, events=list(events.values())))
        if limit is not None and len(documents) >= limit:
            break
    return documents


def unescape(text: str) -> str:
    return text.replace("&quot;", '"').replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def load_roles(path: Path = DATA / "argument_roles.yaml") -> dict[str, dict[str, str]]:
    """Which gold roles are sources, targets or either side, per gold set (eventwire/data/events/argument_roles.yaml)."""
    data = parse_yaml(path.read_text(encoding="utf-8"))
    return {corpus: {str(role): side for side, roles in sides.items() for role in roles}
            for corpus, sides in data["roles"].items()}


def read_rams(path: Path, limit: int | None = None) -> list[GoldArgumentDocument]:
    """RAMS jsonlines: five tokenised sentences, one event trigger and its role arguments (token spans, end
    inclusive). Roles map to source, target or joint by argument_roles.yaml; places, instruments, money and the
    rest are not actors and are left out."""
    roles = load_roles()["rams"]
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            sentences = record["sentences"]
            (trigger_start, trigger_end, _), = record["evt_triggers"]
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{path}:{number}: not a RAMS record ({err})") from None
        text, spans = join_tokens(sentences)
        flat = [span for row in spans for span in row]
        sentence_of = [s for s, row in enumerate(spans) for _ in row]
        row = spans[sentence_of[trigger_start]]
        event = GoldEvent(region=(row[0][0], row[-1][1]), trigger=(flat[trigger_start][0], flat[trigger_end][1]))
        for _, (start, end), role in record["gold_evt_links"]:
            side = roles.get(re.sub(r"^evt\d+arg\d+", "", role))
            if side is not None:
                {"source": event.sources, "target": event.targets, "joint": event.joint}[side].append(
                    (flat[start][0], flat[end][1]))
        if event.sources or event.targets or event.joint:
            documents.append(GoldArgumentDocument(id=f"rams-{record.get('doc_key', number)}", text=text, events=[event]))
        if limit is not None and len(documents) >= limit:
            break
    return documents


def read_glocon(folder: Path, limit: int | None = None) -> list[GoldArgumentDocument]:
    """GLOCON token-level FoLiA files: per sentence, event mentions (Event set: etype, emention, trigger), their
    participants and organisers (sources) and targets. Each sentence with an event mention and an argument gives
    one gold event whose trigger is its first event mention."""
    roles = load_roles()["glocon"]
    documents = []
    for path in sorted(folder.glob("*.xml")):
        xml = path.read_text(encoding="utf-8")
        sentences = re.findall(r'<s [^>]*xml:id="([^"]+)"[^>]*>(.*?)</s>', xml, re.S)
        if not sentences:
            raise ValueError(f"{path}: no <s> sentences: not a FoLiA file")
        words = [re.findall(r'<w [^>]*xml:id="([^"]+)"[^>]*>\s*<t>([^<]*)</t>', body) for _, body in sentences]
        text, spans = join_tokens([[unescape(t) for _, t in row] for row in words])
        where = {w_id: (span, s) for s, row in enumerate(words) for (w_id, _), span in zip(row, spans[s])}
        found: dict[int, dict[str, list[tuple[int, int]]]] = {}
        for attributes, body in re.findall(r"<entity ([^>]*)>(.*?)</entity>", xml, re.S):
            kind = re.search(r'set="[^"]*/([a-z0-9]+-[A-Za-z]+)\.foliaset\.xml"', attributes)
            label = re.search(r'class="([^"]*)"', attributes)
            refs = [where[r] for r in re.findall(r'<wref [^>]*(?<![:\w])id="([^"]+)"', body) if r in where]
            if kind is None or label is None or not refs:
                continue
            side = roles.get(kind.group(1).split("-", 1)[1]) or roles.get(label.group(1))
            if side is None:
                continue
            span = (min(r[0][0] for r in refs), max(r[0][1] for r in refs))
            bucket = found.setdefault(refs[0][1], {}).setdefault(side, [])
            if span not in bucket:
                bucket.append(span)
        events = []
        for sentence, sides in sorted(found.items()):
            if not sides.get("trigger") or not (sides.get("source") or sides.get("target")):
                continue
            row = spans[sentence]
            events.append(GoldEvent(region=(row[0][0], row[-1][1]), trigger=min(sides["trigger"]),
                                    sources=merge_overlapping(sides.get("source", [])),
                                    targets=merge_overlapping(sides.get("target", []))))
        documents.append(GoldArgumentDocument(id=f"glocon-{len(documents) + 1}", text=text, events=events))
        if limit is not None and len(documents) >= limit:
            break
    return documents


def merge_overlapping(spans: list[tuple[int, int]]) -> list[Arg]:
    """GLOCON marks one participant in several layers ('Maoists' as type and as ideology): one span each."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def read_petrarch_actors(path: Path, limit: int | None = None) -> list[GoldArgumentDocument]:
    """PETRARCH validation records: the sentence and its codings' source and target codes. A code on both sides
    of a record's codings ('Brazil and the United States are seeking to deepen a partnership') is joint."""
    from eventwire.eval.events import ATTRIBUTE, RECORD

    documents = []
    for match in RECORD.finditer(path.read_text(encoding="utf-8", errors="replace")):
        body = match.group("body")
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        codings = [dict(ATTRIBUTE.findall(c)) for c in re.findall(r"<EventCoding\b[^>]*>", body)]
        if text is None or not codings or any("error" in c for c in codings):
            continue
        sentence = " ".join(text.group(1).split())
        sources = list(dict.fromkeys(c["sourcecode"] for c in codings if c.get("sourcecode")))
        targets = list(dict.fromkeys(c["targetcode"] for c in codings if c.get("targetcode")))
        joint = [code for code in sources if code in targets]
        event = GoldEvent(region=(0, len(sentence)), sources=[c for c in sources if c not in joint],
                          targets=[c for c in targets if c not in joint], joint=joint)
        date = dict(ATTRIBUTE.findall(match.group("head"))).get("date", "")
        published = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if re.fullmatch(r"\d{8}", date) else None
        documents.append(GoldArgumentDocument(id=f"petrarch-{len(documents) + 1}", text=sentence, events=[event],
                                      published=published))
        if limit is not None and len(documents) >= limit:
            break
    return documents


# --- prediction ----------------------------------------------------------------------------------------------------

def _argument(actor: dict[str, Any], codes: bool) -> Arg | tuple[tuple[int, int], ...] | None:
    """What a predicted actor is matched by: its code, or its mention's span and, for a pronoun or description
    resolved to an earlier actor, that actor's span too, and for the owner of a thing ('the demands by protesters')
    where the owner is named (gold sets mark one or the other)."""
    if codes:
        return actor.get("code")
    spans = tuple((m["start"], m["end"]) for m in (actor.get("mention"), actor.get("antecedent"), actor.get("owner")) if m)
    return spans or None


def predictions(documents: list[GoldArgumentDocument], codes: bool) -> tuple[list[tuple[Predicted, Predicted, bool]], int]:
    """(eventwire, baseline, coded) per gold event, in document order, and the number of documents that failed."""
    from eventwire.ingest.reading import RawArticle
    from eventwire.pipeline import STAGES, Pipeline
    from eventwire.stages import Stage

    gold = {document.id: document for document in documents}
    out: dict[str, list[tuple[Predicted, Predicted, bool]]] = {}

    def read(ctx) -> None:
        document = gold[ctx.result.document.id]
        rows = []
        for event in document.events:
            sources, targets, coded = event_arguments(ctx.resources.coder, ctx.doc, ctx.result, event)
            ours = Predicted([a for a in (_argument(s, codes) for s in sources) if a],
                             [a for a in (_argument(t, codes) for t in targets) if a])
            rows.append((ours, positional(ctx.result, event, codes), coded))
        out[document.id] = rows

    pipeline = Pipeline(stages=[*STAGES, Stage("arguments-eval", read, requires=("events",))])
    raws = [RawArticle(id=d.id, text=d.text, origin=d.id, title=d.title, published=d.published) for d in documents]
    failed = sum(1 for result in pipeline.extract_many(raws) if not hasattr(result, "events"))
    nothing = (Predicted([], []), Predicted([], []), False)  # a document that failed predicts nothing
    return [row for d in documents for row in out.get(d.id, [nothing] * len(d.events))], failed


def main_first(mention: EventMention) -> tuple:
    """Main events before background ones, then the earliest sentence, the most confident, the earliest."""
    return mention.background, mention.sentence.start, -mention.confidence, mention.trigger.start


def main_chain(sentence, report_verbs: frozenset[str]) -> list:
    """The words that may tell a sentence's news, the likeliest last: its root and, for 'X said (that) ...', the
    reported clause's verb (and so on down, for a report of a report)."""
    chain = [sentence.root]
    for _ in range(4):
        clause = next((c for c in chain[-1].children if c.dep_ in ("ccomp", "parataxis")), None)
        if clause is None or chain[-1].lemma_.lower() not in report_verbs:
            break
        chain.append(clause)
    return chain


def at_word(doc, mention: EventMention, token) -> bool:
    """Whether a coded event is told at a word: its trigger is the word, or a nominal event hanging on it."""
    span = doc.char_span(mention.trigger.start, mention.trigger.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and (
        span.root.i == token.i or (span.root.head.i == token.i and span.root.pos_ == "NOUN"))


def event_arguments(coder, doc, result, gold: GoldEvent) -> tuple[list[dict], list[dict], bool]:
    """(sources, targets, coded), the actors as their JSON dicts, which the coder's own reading gives too. With a
    gold trigger: the coded mention there, else the coder's reading at the trigger word. Without one: the coded
    event the region's news is told by (at its main word, see `main_chain`, or a nominal event on it), else the
    main coded event that is not background, else the coder's reading at the main word."""
    start, end = gold.region
    # Each coded mention with the actors read at its own trigger: an event merges the mentions of one happening
    # (docs/records.md), and a gold event is one report of it.
    events = [m for e in result.events for m in e.mentions if start <= m.trigger.start < end]
    token = None
    if gold.trigger is not None:
        events = [m for m in events if m.trigger.start < gold.trigger[1] and gold.trigger[0] < m.trigger.end]
        span = doc.char_span(*gold.trigger, alignment_mode="expand")
        token = span.root if span is not None and len(span) else None
    else:
        sentence = next((s for s in doc.sents if s.end_char > start), None)
        if sentence is not None:
            chain = main_chain(sentence, coder.lexicon.report_verbs)
            token = chain[-1]
            # the reported clause's event, unless the report itself is coded ('X said Y must ...': a demand)
            at_report = [e for e in events if at_word(doc, e, chain[0])] if len(chain) > 1 else []
            at_main = at_report or [e for e in events if at_word(doc, e, token)]
            events = at_main or [m for m in events if not m.background]
    if events:
        mention = min(events, key=main_first)
        return as_plain(mention.source) or [], as_plain(mention.target) or [], True
    if token is None:
        return [], [], False
    sources, targets = coder.read_at(doc, result, token)
    return sources, targets, False


def positional(result, event: GoldEvent, codes: bool) -> Predicted:
    """The baseline: the first actor recognised in the event's sentence is the source, the next different one the
    target. With codes, only actors with a CAMEO code count."""
    start, end = event.region
    mentions = sorted((m.start, m.end, entity) for entity in result.entities for m in entity.mentions
                      if start <= m.start < end and (entity.type in ACTOR_TYPES or (entity.actor and entity.actor.code))
                      and (not codes or (entity.actor and entity.actor.code)))
    picked: list[tuple[int, int, Any]] = []
    for mention in mentions:
        if all(mention[2] is not other[2] for other in picked):
            picked.append(mention)
        if len(picked) == 2:
            break
    args = [entity.actor.code if codes else ((s, e),) for s, e, entity in picked]
    return Predicted(args[:1], args[1:2])


# --- scoring -------------------------------------------------------------------------------------------------------

def spans_match(predicted, gold: Arg) -> bool:
    """Codes by `codes_match`; spans when they overlap (a prediction may carry several spans, see `_argument`)."""
    if isinstance(gold, str):
        return isinstance(predicted, str) and codes_match(predicted, gold)
    if isinstance(predicted, str):
        return False
    if isinstance(predicted[0], tuple):
        return any(spans_match(span, gold) for span in predicted)
    return predicted[0] < gold[1] and gold[0] < predicted[1]


def codes_match(predicted: str, gold: str) -> bool:
    """'USAGOV' matches gold 'USA' and 'USAGOV'; gold '---LEG' (a legislature of no stated country) matches
    'KENLEG'; PETRARCH's IGO codes ('IGOUNO', 'IGOEUREEC') match eventwire's ('UN', 'EU') on their first two
    letters, the two code books naming IGOs differently."""
    if gold.startswith("---"):
        return gold[3:6] in (predicted[3:6], predicted[:3])
    if gold.startswith("IGO") and not predicted.startswith("IGO"):
        return predicted[:2] == gold[3:5]
    return predicted[:3] == gold[:3]


def _match(predicted: list[Arg], gold: list[Arg]) -> tuple[set[int], set[int]]:
    """Greedy one-to-one matching: (indexes of matched predictions, indexes of matched gold)."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if j not in used_g and spans_match(p, g):
                used_p.add(i)
                used_g.add(j)
                break
    return used_p, used_g


@dataclass
class ArgumentTally:
    events: int = 0
    gold: dict[str, int] = field(default_factory=lambda: {"source": 0, "target": 0})
    predicted: dict[str, int] = field(default_factory=lambda: {"source": 0, "target": 0})
    unscored: dict[str, int] = field(default_factory=lambda: {"source": 0, "target": 0})
    """Predictions in a role the gold event marks no argument for: partial annotation, so left out of precision."""
    found: dict[str, int] = field(default_factory=lambda: {"source": 0, "target": 0})
    right: dict[str, int] = field(default_factory=lambda: {"source": 0, "target": 0})
    both_right: int = 0
    swaps: int = 0

    def add(self, event: GoldEvent, predicted: Predicted) -> None:
        self.events += 1
        joint_found: set[int] = set()
        complete = True
        swapped = False
        for role, gold, other_gold, guesses in (("source", event.sources, event.targets, predicted.sources),
                                                ("target", event.targets, event.sources, predicted.targets)):
            matched_p, matched_g = _match(guesses, gold)
            rest = [g for i, g in enumerate(guesses) if i not in matched_p]
            joint_p, joint_g = _match(rest, event.joint)
            joint_found |= joint_g
            self.gold[role] += len(gold) + len(event.joint)
            if gold or event.joint:
                self.predicted[role] += len(guesses)
            else:
                self.unscored[role] += len(guesses)
            self.right[role] += len(matched_p) + len(joint_p)
            self.found[role] += len(matched_g)
            complete &= len(matched_g) == len(gold)
            leftover = [g for i, g in enumerate(rest) if i not in joint_p]
            swapped |= bool(_match(leftover, other_gold)[1])
        for role in ("source", "target"):
            self.found[role] += len(joint_found)
        complete &= len(joint_found) == len(event.joint)
        self.both_right += complete and not swapped
        self.swaps += swapped

    def report(self) -> dict[str, Any]:
        def share(part: int, whole: int) -> float | None:
            """None, not 0, when a set has nothing to score for a role."""
            return rounded(ratio(part, whole, empty=None))

        out: dict[str, Any] = {}
        for role in ("source", "target"):
            out[role] = {"precision": share(self.right[role], self.predicted[role]),
                         "recall": share(self.found[role], self.gold[role]),
                         "precision_all": share(self.right[role], self.predicted[role] + self.unscored[role]),
                         "gold": self.gold[role], "predicted": self.predicted[role],
                         "unscored": self.unscored[role]}
        out["both_right"] = share(self.both_right, self.events)
        out["swaps"] = share(self.swaps, self.events)
        return out


READERS: dict[str, tuple[Callable[[Path, int | None], list[GoldArgumentDocument]], bool]] = {
    "conflibert": (read_conflibert, False),
    "meantime": (read_meantime, False),
    "rams": (read_rams, False),
    "petrarch": (read_petrarch_actors, True),
    "glocon": (read_glocon, False),
}
"""Gold set name -> (reader, whether its gold arguments are CAMEO codes rather than spans)."""


def error_row(name: str, document: GoldArgumentDocument, event: GoldEvent, predicted: Predicted, baseline: Predicted) -> str:
    """One JSON line showing a gold event with eventwire's and the baseline's arguments, spans as text."""
    def shown(args: list) -> list[str]:
        return [a if isinstance(a, str) else " = ".join(document.text[s:e] for s, e in a) if isinstance(a[0], tuple)
                else document.text[a[0]:a[1]] for a in args]

    start, end = event.region
    return json.dumps({"set": name, "id": document.id, "sentence": document.text[start:end],
                       "trigger": shown([event.trigger]) if event.trigger else None,
                       "gold": {"source": shown(event.sources), "target": shown(event.targets), "joint": shown(event.joint)},
                       "eventwire": {"source": shown(predicted.sources), "target": shown(predicted.targets)},
                       "baseline": {"source": shown(baseline.sources), "target": shown(baseline.targets)}},
                      ensure_ascii=False)


def evaluate(sets: Iterable[tuple[str, Path]], limit: int | None = None, errors_path: Path | None = None) -> dict[str, Any]:
    """Score eventwire and the positional baseline on each (set name, path); see the module docstring. With
    `errors_path`, every gold event eventwire does not get both right, or gives an argument that matches no gold
    one, is written there as a JSON line."""
    report: dict[str, Any] = {}
    errors = errors_path.open("w", encoding="utf-8") if errors_path else None
    for name, path in sets:
        reader, codes = READERS[name]
        documents = reader(path, limit)
        rows, failed = predictions(documents, codes)
        events = [(document, event) for document in documents for event in document.events]
        ours, baseline, coded = ArgumentTally(), ArgumentTally(), ArgumentTally()
        for (document, event), (predicted, positioned, was_coded) in zip(events, rows):
            before = (ours.both_right, sum(ours.predicted.values()) - sum(ours.right.values()))
            ours.add(event, predicted)
            if errors is not None and before != (ours.both_right - 1, sum(ours.predicted.values()) - sum(ours.right.values())):
                errors.write(error_row(name, document, event, predicted, positioned) + "\n")
            baseline.add(event, positioned)
            if was_coded:
                coded.add(event, predicted)
        report[name] = {"path": str(path), "documents": len(documents), "failed": failed, "events": len(events),
                        "coded": coded.events, "eventwire": ours.report(), "baseline": baseline.report(),
                        "eventwire_coded_only": coded.report()}
    if errors is not None:
        errors.close()
    return report
