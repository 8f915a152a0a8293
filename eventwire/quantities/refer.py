"""Which entity a token stands for: its own mention, or for a pronoun ("It also said", "its estimate")
the nearest earlier subject of a fitting type. Used for a figure's owner (`about`) and its `claimant`."""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.document import Entity, Extraction
from eventwire.quantities.lexicon import QuantityLexicon

SUBJECTS = ("nsubj", "nsubjpass")
LOOKBACK_SENTENCES = 3
"""A pronoun is resolved to a subject at most this many sentences back."""


def mentioned(token: Token, result: Extraction) -> Entity | None:
    """The entity with the shortest mention covering the token ("Pentagon" in "The Pentagon"), else the
    name it is headed by ("the Taliban administration")."""
    found = _covering(token, result)
    for child in token.lefts:
        if found is None and child.dep_ in ("compound", "flat"):
            found = _covering(child, result)
    return found


def _covering(token: Token, result: Extraction) -> Entity | None:
    covering = [(mention.end - mention.start, rank, entity)
                for mention, rank, entity in result.mentions_overlapping(token.idx, token.idx + len(token.text))]
    return min(covering, key=lambda item: item[:2])[2] if covering else None


def subject_of(verb: Token, besides: Token | None = None) -> Token | None:
    """Who does what a verb says: its subject through xcomp and conj ("agreed to send", "met and sent"),
    or the agent of a passive ("were sent by North Korea"); never `besides` (the figure's own noun)."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in SUBJECTS and child != besides:
                return child
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head != verb:
            verb = verb.head
        else:
            return None
    return None


def refer(token: Token | None, result: Extraction, lex: QuantityLexicon) -> Entity | None:
    """The entity a token names, or the one a pronoun stands for."""
    if token is None:
        return None
    entity = mentioned(token, result)
    if entity is not None or token.lower_ not in lex.pronouns:
        return entity
    return _antecedent(token, result, lex, lex.pronouns[token.lower_])


def _fits(entity: Entity | None, types: frozenset[str]) -> bool:
    return entity is not None and entity.type in types


def _antecedent(pronoun: Token, result: Extraction, lex: QuantityLexicon, types: frozenset[str]) -> Entity | None:
    # "Kyiv said it had ...": the speaker of the reporting verb the pronoun's clause hangs from
    for ancestor in pronoun.ancestors:
        if ancestor.pos_ == "VERB" and ancestor.lemma_.lower() in lex.reporting_verbs:
            speaker = subject_of(ancestor)
            if speaker is not None and speaker.i != pronoun.i and speaker.lower_ not in lex.pronouns:
                entity = mentioned(speaker, result)
                if _fits(entity, types):
                    return entity
            break
    # "The Pentagon said ... . It also said ...": the latest earlier subject of a fitting type
    doc = pronoun.doc
    sentence = pronoun.sent
    sentences = [s for s in doc.sents if s.end <= sentence.start][-LOOKBACK_SENTENCES:]
    for span in [sentence, *reversed(sentences)]:
        subjects = [t for t in span if t.dep_ in SUBJECTS and t.i < pronoun.i and t.lower_ not in lex.pronouns]
        reporting = [t for t in subjects if t.head.lemma_.lower() in lex.reporting_verbs]
        others = [t for t in subjects if t not in reporting]
        for subject in [*reversed(reporting), *reversed(others)]:
            entity = mentioned(subject, result)
            if _fits(entity, types):
                return entity
    return None
