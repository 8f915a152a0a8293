"""Resolve a source phrase to the entity that speaks.

In order: an entity the phrase names ("Yoon" is Yoon Suk Yeol when the entity stage
linked the surname, or when only one person mentioned earlier bears that name); a
relative pronoun speaks as its antecedent ("Reid, who said"); a pronoun refers back to
the previous speaker nearby, else to the most recent entity of a compatible type
mentioned outside quotations; a document ("the statement said") speaks for whoever
last issued that kind of document ("the Russian embassy said in a statement").
Otherwise the speaker stays unknown (null) and only the words are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token

from eventwire.document import Entity, Extraction
from eventwire.quotes.cues import CueLexicon
from eventwire.quotes.marks import Quotation

SPEAKER_TYPES = {"PERSON", "ORG", "GPE", "GROUP", "NORP", "FAC"}
RELATIVE_PRONOUNS = {"who", "that", "which"}
LAST_SPEAKER_REACH = 600
"""Characters within which a pronoun source prefers the previous speaker to the last-mentioned entity."""


def _is_subject(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span.root.dep_ in ("nsubj", "nsubjpass")


@dataclass
class Speaker:
    entity: Entity | None
    name: str | None


class SpeakerResolver:
    def __init__(self, lexicon: CueLexicon, result: Extraction, quotations: list[Quotation], doc: Doc):
        self.lexicon = lexicon
        self.result = result
        self.quotations = quotations
        self.doc = doc
        self.issued: dict[str, Speaker] = {}
        """Who last issued each kind of document, from cues like "said in a statement"."""
        self.last: tuple[int, Entity] | None = None
        """Where the last resolved speaker spoke, and who."""

    @cached_property
    def mentions(self) -> list[tuple[int, int, Entity]]:
        """(start, end, entity) of the mentions of possible speakers outside quotations, in text order; found
        when a source first needs them (most documents have no source that does)."""
        return sorted(
            ((m.start, m.end, e) for e in self.result.entities if e.type in SPEAKER_TYPES for m in e.mentions
             if not any(q.start <= m.start < q.end for q in self.quotations)),
            key=lambda item: (item[0], item[1]),
        )

    @cached_property
    def subject_mentions(self) -> list[tuple[int, int, Entity]]:
        """The `mentions` that are the subject of their clause."""
        return [(start, end, e) for start, end, e in self.mentions if _is_subject(self.doc, start, end)]

    def resolve(self, head: Token | None, span: tuple[int, int] | None, document_noun: str | None) -> Speaker:
        speaker = self._resolve(head, span)
        if document_noun and (speaker.entity is not None or speaker.name):
            self.issued[document_noun] = speaker
        if speaker.entity is not None and span is not None:
            self.last = (span[0], speaker.entity)
        return speaker

    def _resolve(self, head: Token | None, span: tuple[int, int] | None) -> Speaker:
        if head is None or span is None:
            return Speaker(None, None)
        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" and head.head.head.i != head.head.i:
            head = head.head.head  # "Reid, who said ..." speaks as Reid
            span = (head.left_edge.idx, head.idx + len(head))
        text = self.result.document.text[span[0]:span[1]]
        entity = self.result.entity_at(head.idx, head.idx + len(head))
        if entity is not None and entity.type in SPEAKER_TYPES:
            return Speaker(entity, entity.name)
        if head.pos_ == "PROPN":
            entity = self._by_name_part(head.text, span[0])
            if entity is not None:
                return Speaker(entity, entity.name)
        lower = head.lower_
        if lower in self.lexicon.pronouns:
            entity = self._antecedent(span[0], self.lexicon.pronouns[lower])
            return Speaker(entity, entity.name if entity else None)
        if head.lemma_.lower() in self.lexicon.nouns:
            issuer = self._issuer(head)
            if issuer is not None:
                return issuer
        return Speaker(None, text)

    def _by_name_part(self, word: str, before: int) -> Entity | None:
        """A surname the entity stage left unlinked ("Lopez" after "Maria Lopez"), when only one person fits."""
        people = {id(e): e for start, _end, e in self.mentions
                  if start < before and e.type == "PERSON" and word in e.name.split()[1:]}
        return next(iter(people.values())) if len(people) == 1 else None

    def _antecedent(self, before: int, types: tuple[str, ...]) -> Entity | None:
        """The last speaker when near and compatible ("It also said" after "The Pentagon said"), else the
        most recent compatible subject nearby ("He visited Netanyahu" is about the visitor), else the most
        recent compatible mention."""
        if self.last is not None and before - self.last[0] <= LAST_SPEAKER_REACH and self.last[1].type in types:
            return self.last[1]
        for start, _end, entity in reversed(self.subject_mentions):
            if before - LAST_SPEAKER_REACH <= start < before and entity.type in types:
                return entity
        for start, _end, entity in reversed(self.mentions):
            if start < before and entity.type in types:
                return entity
        return None

    def _issuer(self, head: Token) -> Speaker | None:
        """"the statement" -> who issued it: a named owner ("the embassy's statement") or the last issuer."""
        for child in head.children:
            if child.dep_ in ("poss", "compound"):
                entity = self.result.entity_at(child.idx, child.idx + len(child))
                if entity is not None and entity.type in SPEAKER_TYPES:
                    return Speaker(entity, entity.name)
        return self.issued.get(head.lemma_.lower())
