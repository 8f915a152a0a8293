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
    found: list[tuple[int, str]] = []
    for entity in result.entities:
        first = next((m.start for m in entity.mentions if start <= m.start < end
                      and result.document.section_at(m.start) not in SKIPPED), None)
        if first is not None:
            found.append((first, entity.id))
    return [entity_id for _, entity_id in sorted(found)]
