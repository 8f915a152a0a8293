"""The named participants of an event: the entities of its trigger's clause, whatever their role.

Source and target are what the coder could read from the parse; most mentions have neither. The names in the
clause ("Airbus won an order from Qatar Airways for up to 60 A350 jets") still say which happening it is, and
they are what `eventwire.store.clusters` compares when reports of one event lack actors. The argument heads
(`argument_heads`) are narrower: the names in the trigger's own subject, object, possessor or "of" complement,
which tell two happenings told with one word apart ("the Dow fell ... the Nikkei fell").
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.document import Extraction
from eventwire.events.anchors import predicate
from eventwire.events.syntax import lemma, prep_objects

SKIPPED = {"dateline", "credit", "caption"}
"""Sections whose names are not participants (the dateline's town, the photographer's agency)."""
VERB_OBJECTS = {"nsubjpass", "dobj"}
"""What a verb's event is done to: its direct object, or its subject when passive."""
NOUN_ARGUMENTS = {"poss", "compound"}
"""Besides its "of" complement, what a noun's event is about: its possessor and compound modifiers."""
NOT_NAMES = {"DATE", "TIME", "ORDINAL"}
"""Entity types that date or rank an event rather than say what it is about."""


def clause_entities(trigger: Token, result: Extraction) -> list[str]:
    """Ids of the entities mentioned in the clause of the verb that governs the trigger, in text order."""
    clause = predicate(trigger)
    start, end = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
    first: dict[str, int] = {}  # each entity's first mention starting in the clause, from the mention index
    for mention, _, entity in result.mentions_overlapping(start, end):
        if start <= mention.start < end and result.document.section_at(mention.start) not in SKIPPED:
            first[entity.id] = min(first.get(entity.id, mention.start), mention.start)
    return [entity_id for _, entity_id in sorted((at, entity_id) for entity_id, at in first.items())]


def argument_heads(trigger: Token) -> list[str]:
    """What the trigger's event is about, as the names and amounts of its own arguments, each "role:lemma":
    for a verb its own subject and "by" agent as `subject` (not a subject inherited from another verb: a misread
    control verb gives the wrong one, "defeated Boeing to win"), its direct object and passive subject as
    `object`; for a noun its possessor, compound modifiers and "of" complement as `of` ("Apple's launch", "the
    Air Canada deal", "shares of Apple"), whose role the parse does not tell. Each argument comes with its
    compound parts, possessor, "of" complement and coordinated words. Only proper nouns, named entities and
    numbers count: a common noun ("the company", "the plane") may stand for any named one, a pronoun for
    anything. "The Dow fell ... the Nikkei fell" give ["subject:dow"] and ["subject:nikkei"]: two falls.
    Read by the evaluation of clustering (`eventwire.store.clusters.MergeRule.different_arguments`)."""
    if trigger.pos_ in ("VERB", "AUX"):
        roles = [("subject", c) for c in trigger.children if c.dep_ == "nsubj"]
        roles += [("subject", obj) for c in trigger.children if c.dep_ == "agent" for obj in c.children
                  if obj.dep_ == "pobj"]
        roles += [("object", c) for c in trigger.children if c.dep_ in VERB_OBJECTS]
    else:
        roles = [("of", c) for c in trigger.children if c.dep_ in NOUN_ARGUMENTS]
        roles += [("of", obj) for _, obj in prep_objects(trigger, ("of",))]
    names = {f"{role}:{lemma(token)}" for role, argument in roles for token in nucleus(argument)
             if token.pos_ in ("PROPN", "NUM") or (token.ent_type_ and token.ent_type_ not in NOT_NAMES)}
    return sorted(names)


def nucleus(argument: Token) -> list[Token]:
    """An argument's head with the words that name it: compound parts and possessor ("Air Canada", "Apple's"),
    its "of" complement ("shares of Apple"), and the arguments coordinated with it ("Northrop and EADS")."""
    out, stack = [], [argument]
    while stack:
        token = stack.pop()
        out.append(token)
        stack += [c for c in token.children if c.dep_ in ("compound", "poss", "conj")]
        stack += [obj for _, obj in prep_objects(token, ("of",))]
    return out
