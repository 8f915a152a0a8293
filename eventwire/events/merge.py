"""One event per happening: merge the coder's mentions of one document (rules in data/events/records.yaml).

The coder finds a trigger per clause, so a story that tells one visit five ways ("on her way to Moscow", "her
second trip", "left ... for an official visit", "the visit of the head of ...", "Choe's visit") gives five
mentions. `merge` walks them in text order and puts each into the latest event every mention of which it is
compatible with and one of which gives it a reason to join; otherwise it opens an event. What decides is data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from eventwire.events.ontology import CameoCode
from eventwire.events.records import Event, EventActor, EventDate, EventMention
from eventwire.yamlfiles import load_yaml

GRANULARITY_RANK = {"day": 3, "week": 2, "month": 2, "year": 1}
FEATURE_RANK = {"country": 0, "region": 0, "continent": 0, "admin1": 2, "admin2": 3, "city": 4}
REASONS = ("same-code", "shared-actor", "same-date", "refers-back")
"""The reasons two mentions merge, strongest first."""
BASIS_RANK = {"clause": 4, "sentence": 3, "dateline": 2, "story": 1}


@dataclass(frozen=True)
class MergeSettings:
    window_days: int
    generic_codes: frozenset[str]
    definite: frozenset[str]
    symmetric: frozenset[str]
    joint_families: frozenset[str]


def load_settings(path: Path) -> MergeSettings:
    """The merge rules of one `records.yaml` (`Resources.merge_settings` passes the data chain's)."""
    data = load_yaml(path)
    merge = data["merge"]
    return MergeSettings(int(merge["window_days"]), frozenset(str(c) for c in merge["generic_codes"]),
                         frozenset(merge["definite"]), frozenset(merge["symmetric"]),
                         frozenset(data["joint"]["families"]))


def family(mention: EventMention) -> str:
    return mention.plover or mention.cameo[:2]


def is_generic(code: str, settings: MergeSettings) -> bool:
    return len(code) == 2 or code in settings.generic_codes


def codes_compatible(a: str, b: str, settings: MergeSettings) -> bool:
    """040 (consult) fits 042 (visit); 041 (phone call) and 042 do not fit each other."""
    if a.startswith(b) or b.startswith(a) or is_generic(a, settings) or is_generic(b, settings):
        return True
    return a[:3] == b[:3] and (len(a) == 3 or len(b) == 3)


def known(side: list[EventActor] | None) -> list[EventActor]:
    return [a for a in side or [] if a.known]


def sides_compatible(a: list[EventActor] | None, b: list[EventActor] | None) -> bool:
    """No conflict: either side unknown, or some actor of one is some actor of the other."""
    left, right = known(a), known(b)
    return not left or not right or any(x.same_as(y) for x in left for y in right)


def sides_share(a: list[EventActor] | None, b: list[EventActor] | None) -> bool:
    """The same named participant on both (an entity, not just an actor code: two South Korean officials at two
    meetings share a code, not a meeting)."""
    return any(x.entity and x.entity == y.entity for x in a or [] for y in b or [])


def actors_compatible(a: EventMention, b: EventMention, symmetric: bool) -> bool:
    straight = sides_compatible(a.source, b.source) and sides_compatible(a.target, b.target)
    if straight or not symmetric:
        return straight
    return sides_compatible(a.source, b.target) and sides_compatible(a.target, b.source)


def share_actor(a: EventMention, b: EventMention, symmetric: bool) -> bool:
    if sides_share(a.source, b.source) or sides_share(a.target, b.target):
        return True
    return symmetric and (sides_share(a.source, b.target) or sides_share(a.target, b.source))


def day_of(date: EventDate) -> dt.date | None:
    try:
        return dt.date.fromisoformat(date.value) if len(date.value) == 10 else None
    except ValueError:
        return None


def dates_compatible(a: EventDate | None, b: EventDate | None, window_days: int) -> bool:
    """Two day-dates at most `window_days` apart; a coarser date ('2024-06', '2023') must contain the other's
    value. A publication date stands for 'about now': a text date within the window before it fits it."""
    if not a or not b:
        return True
    first, second = a.value, b.value
    day_a, day_b = day_of(a), day_of(b)
    if day_a and day_b:
        return abs((day_a - day_b).days) <= window_days
    if "W" in first or "W" in second:
        return first[:4] == second[:4]
    return first.startswith(second) or second.startswith(first)


def places_compatible(a: EventMention, b: EventMention) -> bool:
    countries = {m.location.country for m in (a, b) if m.location and m.location.country}
    return len(countries) <= 1


def compatible(a: EventMention, b: EventMention, settings: MergeSettings) -> bool:
    if family(a) != family(b) or (a.negated, a.hypothetical) != (b.negated, b.hypothetical):
        return False
    return (codes_compatible(a.cameo, b.cameo, settings)
            and actors_compatible(a, b, family(a) in settings.symmetric)
            and dates_compatible(a.date, b.date, settings.window_days) and places_compatible(a, b))


def reason(earlier: EventMention, later: EventMention, definite: bool, settings: MergeSettings,
           nouns: set[str] = frozenset()) -> str | None:
    """Why two compatible mentions report one happening, or None when nothing says they do. Two nominal
    triggers of different words ('a cabinet meeting', 'a phone call') name two things unless their codes agree."""
    if earlier.cameo == later.cameo and not is_generic(later.cameo, settings):
        return "same-code"
    if earlier.id in nouns and later.id in nouns and earlier.trigger.lemma != later.trigger.lemma:
        return None
    if share_actor(earlier, later, family(later) in settings.symmetric):
        return "shared-actor"
    dated = [m.date for m in (earlier, later) if m.date and m.date.source == "text"
             and GRANULARITY_RANK.get(m.date.granularity, 0) >= 2]
    if len(dated) == 2 and dated[0].value == dated[1].value:
        return "same-date"
    if definite:
        return "refers-back"
    return None


def merge(mentions: list[EventMention], definite: set[str], nouns: set[str],
          settings: MergeSettings) -> list[list[EventMention]]:
    """Group mentions (in text order) into happenings. `definite`: ids of mentions whose trigger is a definite
    noun phrase, which may refer back to an earlier event; `nouns`: ids of the nominal triggers. A mention joins
    the event with the strongest reason (`REASONS` order), the latest among equals; every member of it must be
    compatible with the mention."""
    groups: list[list[EventMention]] = []
    for mention in mentions:
        best: tuple[int, int, str] | None = None
        for index, group in enumerate(groups):
            if not all(compatible(member, mention, settings) for member in group):
                continue
            found = [r for member in group if (r := reason(member, mention, mention.id in definite, settings, nouns))]
            if found:
                why = min(found, key=REASONS.index)
                candidate = (-REASONS.index(why), index, why)
                best = candidate if best is None or candidate[:2] > best[:2] else best
        if best is None:
            groups.append([mention])
        else:
            mention.merged = best[2]
            groups[best[1]].append(mention)
    return groups


def specificity(mention: EventMention, settings: MergeSettings) -> tuple:
    """The mention whose coding the event takes: a specific code, the most coded actors, then confidence."""
    coded = len([a for a in (mention.source or []) + (mention.target or []) if a.code])
    return (not is_generic(mention.cameo, settings), len(mention.cameo), coded, mention.confidence)


def union(sides: list[list[EventActor] | None]) -> list[EventActor] | None:
    """Actors of several mentions' sides, each participant once (the first, most specific, way it was named)."""
    out: list[EventActor] = []
    named = any(a.known for side in sides for a in side or [])
    for side in sides:
        for actor in side or []:
            if named and not actor.known:  # 'a delegation' when 'Choe' is known
                continue
            if not any(actor == kept or (actor.known and kept.known and actor.same_as(kept)) for kept in out):
                out.append(actor)
    return out or None


def best_date(group: list[EventMention]) -> EventDate | None:
    dated = [m.date for m in group if m.date]
    if not dated:
        return None
    return max(dated, key=lambda d: (d.source == "text", GRANULARITY_RANK.get(d.granularity, 0)))


def best_location(group: list[EventMention]):
    """The place of the surest basis and, among those, the most precise ('Kursk region' over 'Russia')."""
    placed = [m.location for m in group if m.location]
    return max(placed, key=lambda p: (BASIS_RANK.get(p.basis, 0), FEATURE_RANK.get(p.feature or "", 1)), default=None)


def event_of(group: list[EventMention], number: int, settings: MergeSettings, table: dict[str, CameoCode]) -> Event:
    """The event record of a group of mentions: the coding of its most specific one (named as `table`, the CAMEO
    table, names it), every participant."""
    primary = max(group, key=lambda m: specificity(m, settings))
    code = table[primary.cameo]
    ordered = [primary, *(m for m in group if m is not primary)]
    source, target = union([m.source for m in ordered]), union([m.target for m in ordered])
    target = [a for a in target or [] if not any(a.known and a.is_party(s) for s in known(source))] or None
    joint = bool(family(primary) in settings.joint_families and source and len(source) > 1 and not target)
    if joint:
        source, target = source[:1], source[1:]
    return Event(
        id=f"v{number}", cameo=code.code, cameo_name=code.name, plover=code.plover, mode=code.mode,
        context=list(code.context), quad_class=code.quad_class, goldstein=code.goldstein, source=source,
        target=target, joint=joint, participants=[], trigger=primary.trigger, sentence=primary.sentence, date=best_date(group),
        location=best_location(group), magnitude=[], negated=primary.negated, hypothetical=primary.hypothetical,
        modality=primary.modality, reported_by=next((m.reported_by for m in ordered if m.reported_by), None),
        rule=primary.rule, confidence=max(m.confidence for m in group),
        background=all(m.background for m in group), mentions=group)
