"""Titles, roles and affiliations of people, and unnamed group actors, from context.

"South Korean President Yoon Suk Yeol" (pre-modifiers), "Russia's ambassador to
Pyongyang, Alexander Matsegora" (appositive), "Choe Son Hui, North Korea's foreign
minister," (appositive after the name) and "Russian officials" (group actor).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from eventwire.entities.kb import KnowledgeBase, Record
from eventwire.entities.named import NamedSpan
from eventwire.nlp import (
    noun_chunk_bounds,
    sentence_of,
    token_lower_lemmas,
    token_lowers,
    token_pos,
    token_texts,
    tokens_text,
)

MAX_ROLE_WORDS = 4
MAX_APPOSITIVE_TOKENS = 9
NAMED_BODIES = {"organisation", "igo", "media", "seat"}


@dataclass
class Role:
    """What the text says a person is: "Foreign Minister" of PRK, sector GOV."""

    title: str
    sector: str | None
    affiliation: Record | None
    start: int
    end: int


def affiliation_of(named: NamedSpan) -> Record | None:
    return named.record if named.record is not None and named.record.kind != "city" else named.affiliation


class RoleFinder:
    """Reads roles around person names and finds unnamed group actors."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.last_words = {re.split(r"[\s-]+", role)[-1] for role in kb.roles}

    def role_ending_at(self, doc: Doc, end: int, floor: int) -> tuple[int, str, str | None] | None:
        """The longest role phrase whose last token is `end - 1`, starting no earlier than `floor`. The phrases are
        cut from the document's text, not made as Spans."""
        if end < 1 or token_texts(doc)[end - 1].lower() not in self.last_words:
            return None
        for width in range(MAX_ROLE_WORDS + 2, 0, -1):
            start = end - width
            if start < floor:
                continue
            phrase = tokens_text(doc, start, end)
            known, sector = self.kb.role_sector(phrase)
            if known:
                return start, phrase, sector
        return None

    def find_role(self, doc: Doc, span: Span, by_token: dict[int, NamedSpan]) -> Role | None:
        """A role before the name, in an appositive before it, or in an appositive after it."""
        sentence_start, sentence_end = sentence_of(doc, span.start)
        found = self.role_ending_at(doc, span.start, sentence_start)
        if found is not None:
            start, title, sector = found
            return Role(title, sector, self._affiliation_before(doc, start, by_token), doc[start].idx,
                        doc[span.start - 1].idx + len(doc[span.start - 1]))
        if span.start - 1 > sentence_start and doc[span.start - 1].text == ",":
            chunk_start = max(sentence_start, span.start - 1 - MAX_APPOSITIVE_TOKENS)
            for i in range(span.start - 2, chunk_start - 1, -1):
                if doc[i].is_punct or doc[i].pos_ == "VERB":
                    chunk_start = i + 1
                    break
            role = self._role_in(doc, chunk_start, span.start - 1, by_token)
            if role is not None:
                return role
        if span.end < sentence_end and doc[span.end].text == ",":
            chunk_end = min(sentence_end, span.end + 1 + MAX_APPOSITIVE_TOKENS)
            for i in range(span.end + 1, chunk_end):
                if doc[i].is_punct or doc[i].pos_ in {"VERB", "AUX"}:
                    if doc[i].text != ",":
                        return None
                    chunk_end = i
                    break
            return self._role_in(doc, span.end + 1, chunk_end, by_token)
        return None

    def _role_in(self, doc: Doc, start: int, end: int, by_token: dict[int, NamedSpan]) -> Role | None:
        """A role phrase inside doc[start:end] with its affiliation ("Russia's ambassador to Pyongyang")."""
        for stop in range(end, start, -1):
            found = self.role_ending_at(doc, stop, start)
            if found is None:
                continue
            role_start, title, sector = found
            affiliation = self._affiliation_before(doc, role_start, by_token)
            if affiliation is None and stop + 1 < end and doc[stop].lower_ == "of":
                named = by_token.get(stop + 1)
                affiliation = affiliation_of(named) if named else None
            return Role(title, sector, affiliation, doc[role_start].idx, doc[stop - 1].idx + len(doc[stop - 1]))
        return None

    @staticmethod
    def _affiliation_before(doc: Doc, start: int, by_token: dict[int, NamedSpan]) -> Record | None:
        """The country or organisation right before a role: "South Korean", "Russia's", "NATO"."""
        i = start - 1
        while i >= 0 and (doc[i].tag_ == "POS" or doc[i].text in {"’s", "'s", "’"}):
            i -= 1
        named = by_token.get(i)
        return affiliation_of(named) if named is not None else None

    def groups(self, doc: Doc, spans: list[NamedSpan], by_token: dict[int, NamedSpan]) -> list[NamedSpan]:
        """Unnamed group actors with a known affiliation: "Russian officials", "the Russian embassy"."""
        found = []
        agents, lemmas, lowers, texts = self.kb.agents, token_lower_lemmas(doc), token_lowers(doc), token_texts(doc)
        for chunk_start, chunk_end, root in noun_chunk_bounds(doc):
            # `kb.agent_sector` of the root's lemma, else of its text, asked of the lower-case columns
            word = lemmas[root] if lemmas[root] in agents else lowers[root]
            if word not in agents or root in by_token:
                continue
            sector = agents[word]
            chunk_names = [by_token[i] for i in range(chunk_start, chunk_end) if i in by_token]
            if any(named.record is not None and named.record.kind in NAMED_BODIES for named in chunk_names):
                continue  # "Hamas fighters" are Hamas: the organisation's own mention carries the actor
            affiliation = None
            for i in range(chunk_start, chunk_end - 1 if chunk_end - 1 == root else chunk_end):
                named = by_token.get(i)
                if named is not None and named.label in {"NORP", "GPE", "ORG"} and i < root:
                    affiliation = affiliation_of(named)
                    if affiliation is not None:
                        break
            if affiliation is None:
                continue
            start = chunk_start
            while start < root and texts[start].lower() in {"the", "a", "an"}:
                start += 1
            found.append(NamedSpan(doc[start:root + 1], "GROUP", None, affiliation, sector))
        return found

    def nominals(self, doc: Doc, by_token: dict[int, NamedSpan]) -> list[tuple[NamedSpan, Role]]:
        """Role phrases standing for a person without a name: "South Korea's president", "the US leader".

        Roles written next to a name ("President Yoon", "Choe, the foreign minister,") are not nominals.
        """
        found = []
        texts, pos = token_texts(doc), token_pos(doc)
        for chunk_start, _chunk_end, root in noun_chunk_bounds(doc):
            if root in by_token or pos[root] not in {"NOUN", "PROPN"} or texts[root].lower() not in self.last_words:
                continue  # the last test is `role_ending_at`'s own, made here before it builds any Token
            role = self.role_ending_at(doc, root + 1, chunk_start)
            if role is None or self._next_to_name(doc, chunk_start, root + 1, by_token):
                continue
            role_start, title, sector = role
            affiliation = self._affiliation_within(doc, chunk_start, role_start, by_token)
            if affiliation is None and root + 2 < len(texts) and texts[root + 1].lower() == "of":
                named = by_token.get(root + 2)
                affiliation = affiliation_of(named) if named else None
            start = chunk_start
            while start < role_start and texts[start].lower() in {"the", "a", "an"}:
                start += 1
            span = doc[start:root + 1]
            if sector is None and affiliation is not None and affiliation.country:
                sector = affiliation.sector or "GOV"
            named = NamedSpan(span, "GROUP", None, affiliation, sector)
            found.append((named, Role(title, sector, affiliation, span.start_char, span.end_char)))
        return found

    @staticmethod
    def _affiliation_within(doc: Doc, start: int, end: int, by_token: dict[int, NamedSpan]) -> Record | None:
        """The nearest country or organisation before a role inside its noun phrase ("Chinese foreign ministry spokesman")."""
        for i in range(end - 1, start - 1, -1):
            named = by_token.get(i)
            if named is not None and affiliation_of(named) is not None:
                return affiliation_of(named)
        return None

    @staticmethod
    def _next_to_name(doc: Doc, start: int, end: int, by_token: dict[int, NamedSpan]) -> bool:
        def is_person(i: int) -> bool:
            return i in by_token and by_token[i].label == "PERSON"

        after = end < len(doc) and (is_person(end) or (doc[end].text == "," and is_person(end + 1)))
        before = start > 0 and (is_person(start - 1) or (doc[start - 1].text == "," and is_person(start - 2)))
        return after or before

