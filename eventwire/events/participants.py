"""The named participants of an event: the entities of its trigger's clause, whatever their role.

Source and target are what the coder could read from the parse; most mentions have neither. The names in the
clause ("Airbus won an order from Qatar Airways for up to 60 A350 jets") still say which happening it is, and
they are what `eventwire.store.clusters` compares when reports of one event lack actors.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.document import Extraction
from eventwire.events.anchors import predicate

SKIPPED = {"dateline", "credit", "caption"}
"""Sections whose names are not participants (the dateline's town, the photographer's agency)."""


def clause_entities(trigger: Token, result: Extraction) -> list[str]:
    """Ids of the entities mentioned in the clause of the verb that governs the trigger, in text order."""
    clause = predicate(trigger)
    start, end = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
    first: dict[str, int] = {}  # each entity's first mention starting in the clause, from the mention index
    for mention, _, entity in result.mentions_overlapping(start, end):
        if start <= mention.start < end and result.document.section_at(mention.start) not in SKIPPED:
            first[entity.id] = min(first.get(entity.id, mention.start), mention.start)
    return [entity_id for _, entity_id in sorted((at, entity_id) for entity_id, at in first.items())]
