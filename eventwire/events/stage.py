"""Pipeline stage: fill `events` (runs after entities and, when present, places, times, quotes and quantities).

The coder codes every trigger; the mentions are then located, merged into one event per happening, and given
the quantities that measure them (`Event` records, see eventwire/events/records.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from eventwire.events import magnitude, merge
from eventwire.events.location import Locator
from eventwire.events.participants import clause_entities
from eventwire.events.records import Event, EventMention
from eventwire.stages import Context, Stage

if TYPE_CHECKING:
    from eventwire.resources import Resources


def trigger_token(doc: Doc, start: int, end: int) -> Token:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None else doc[0]


def is_definite(token: Token, words: frozenset[str]) -> bool:
    """A nominal trigger that can refer back to an event told before: 'the visit', "Choe's visit"."""
    return token.pos_ == "NOUN" and any(
        (c.dep_ == "det" and c.lower_ in words) or c.dep_ == "poss" for c in token.children)


def records(doc: Doc, result, coded: list[dict], resources: Resources) -> list[Event]:
    """The coder's mention dicts of one document as event records, merged, located and measured with the rules
    of `resources`."""
    settings = resources.merge_settings
    locator = Locator(result, resources.admin1_codes)
    tokens = [trigger_token(doc, item["trigger"]["start"], item["trigger"]["end"]) for item in coded]
    numbers = {sentence.start: number for number, sentence in enumerate(doc.sents, 1)} if coded else {}
    triggers = {token.i for token in tokens}
    mentions, definite, nouns, named = [], set(), set(), {}
    for number, (item, token) in enumerate(zip(coded, tokens), 1):
        mention = EventMention.from_coded(item, number, token.lemma_.lower(), numbers[token.sent.start])
        mention.location = locator.locate(item.get("location"), token, triggers)
        if is_definite(token, settings.definite):
            definite.add(mention.id)
        if token.pos_ == "NOUN":
            nouns.add(mention.id)
        named[mention.id] = clause_entities(token, result)
        mentions.append(mention)
    events = [merge.event_of(group, number, settings, resources.cameo)
              for number, group in enumerate(merge.merge(mentions, definite, nouns, settings), 1)]
    for event in events:
        event.location = event.location or locator.local(event)
        event.participants = list(dict.fromkeys(e for m in event.mentions for e in named[m.id]))
    magnitude.measure(events, result.quantities, doc, resources.magnitude_kinds)
    return events


def apply(ctx: Context) -> None:
    """The extraction keeps the `Event` records themselves: a user reads `doc.events[0].source[0].country`, and
    `Extraction.to_dict()` writes each as the JSON the schema describes."""
    coded = ctx.resources.coder.code(ctx.doc, ctx.result)
    ctx.result.events = records(ctx.doc, ctx.result, coded, ctx.resources)


STAGE = Stage("events", apply, requires=("entities",), assigns=("events",),
              uses=("places", "times", "quotes", "quantities"))
