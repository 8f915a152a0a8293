"""Whose a figure is (`about`) and who says so (`claimant`), as entities.

about: the possessor or national modifier of the counted noun ("Russia's troops", "10,000 North Korean
troops"), its "from" phrase ("troops from Chad"), the place of a measured level ("inflation in Argentina
hit 200%") or the subject of a verb of having, sending or losing ("North Korea had sent 10,000 troops").
claimant: the owner of an estimate ("its estimate of 3,000"), "according to X", or the subject of the
reporting verb the figure is said under ("The Pentagon said ...", "It also said ..." with "It" resolved).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from eventwire.document import Entity, Extraction
from eventwire.nlp import (
    lineage,
    sentence_of,
    token_lower_lemmas,
    token_lowers,
    token_pos,
)
from eventwire.quantities.counted import MODIFIERS, NOUNS, Target, governing_verb
from eventwire.quantities.lexicon import QuantityLexicon
from eventwire.quantities.refer import SUBJECTS, mentioned, refer, subject_of

HELD = ("dobj", "nsubjpass", "attr", "oprd", "dative")


def _preposition_object(noun: Token, words: tuple[str, ...]) -> Token | None:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in words:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _possessor(noun: Token) -> Token | None:
    return next((c for c in noun.children if c.dep_ == "poss"), None)


def about(span: Span, target: Target, result: Extraction, lex: QuantityLexicon) -> Entity | None:
    holder = target.holder
    if holder is None:
        return None
    if holder.pos_ not in NOUNS:
        return _holding_subject(holder, span.root, result, lex)
    if holder.lemma_.lower() in lex.placeholders:
        return None  # the owner of an estimate is its claimant, not the owner of what is counted
    possessor = _possessor(holder)
    if possessor is not None:
        return refer(possessor, result, lex)
    nationals = mentioned(holder, result)
    if nationals is not None and nationals.type in ("NORP", "GROUP"):
        return nationals  # "9 million Ukrainians", "10,000 North Korean troops" as one group actor
    for child in holder.lefts:
        if child.dep_ in MODIFIERS and child.i not in range(span.start, span.end):
            entity = mentioned(child, result)
            if entity is not None:
                return entity
    level_subject = holder.dep_ in SUBJECTS and holder.head.lemma_.lower() in lex.level_verbs
    origin = _preposition_object(holder, ("from", "in") if level_subject else ("from",))
    if origin is not None and mentioned(origin, result) is not None:
        return mentioned(origin, result)
    if holder.dep_ in HELD or (holder.dep_ == "pobj" and holder.head.dep_ == "prep"):
        verb = governing_verb(holder)
        return _holding_subject(verb, holder, result, lex) if verb is not None else None
    return None


def _holding_subject(verb: Token, held: Token | None, result: Extraction, lex: QuantityLexicon) -> Entity | None:
    """ "North Korea had sent 10,000 troops": the subject of a verb of having, sending or losing."""
    if verb.lemma_.lower() not in lex.holding_verbs:
        return None
    return refer(subject_of(verb, besides=held), result, lex)


def claimant(span: Span, target: Target, result: Extraction, lex: QuantityLexicon) -> Entity | None:
    speaker = _speaker(span, result, lex)
    holder = target.holder
    if holder is not None and holder.pos_ in NOUNS and holder.lemma_.lower() in lex.placeholders:
        possessor = _possessor(holder)
        if possessor is not None:
            # "It said ..., up from its estimate of 3,000": a possessive pronoun on an estimate is its speaker's
            types = lex.pronouns.get(possessor.lower_)
            if types is not None and speaker is not None and speaker.type in types:
                return speaker
            return refer(possessor, result, lex)
    return speaker


def _speaker(span: Span, result: Extraction, lex: QuantityLexicon) -> Entity | None:
    """Who the sentence says reports the figure: "according to X", or the subject of a reporting verb."""
    doc, root = span.doc, span.root
    source, hanging_verbs = _sentence_claims(doc, sentence_of(doc, root.i), lex)
    if source is not None:
        return refer(doc[source], result, lex)
    chain = lineage(doc, root.i)
    pos, lemmas = token_pos(doc), token_lower_lemmas(doc)
    for ancestor in chain[1:]:
        if pos[ancestor] == "VERB" and lemmas[ancestor] in lex.reporting_verbs:
            return refer(subject_of(doc[ancestor]), result, lex)
    # "30 were killed, the ministry said" parsed with "said" hanging from the clause it reports
    lineage_at = set(chain)
    for verb, head in hanging_verbs:
        if head in lineage_at:
            return refer(subject_of(doc[verb]), result, lex)
    return None


def _sentence_claims(doc: Doc, sentence: tuple[int, int], lex: QuantityLexicon) -> tuple[int | None, tuple[tuple[int, int], ...]]:
    """What a sentence says about who claims its figures, found once per sentence (every figure in it asks):
    the token after "according to" (or None) and the (token, head) of its reporting verbs that hang from
    another clause. Kept on the Doc as token indices."""
    claims = doc.user_data.setdefault("eventwire_quantity_claims", {})
    found = claims.get(sentence)
    if found is None:
        start, end = sentence
        source = _according_to(doc, start, end, lex)
        lemmas = token_lower_lemmas(doc)
        hanging = tuple(
            (i, token.head.i) for i in range(start, end) if lemmas[i] in lex.reporting_verbs
            for token in (doc[i],) if token.pos_ == "VERB" and token.dep_ in ("parataxis", "advcl")
        )
        found = claims[sentence] = (source, hanging)
    return found


def _according_to(doc: Doc, start: int, end: int, lex: QuantityLexicon) -> int | None:
    """The token index of the object of "according to", "as reported by", "per" in the sentence."""
    words = token_lowers(doc)[start:end]
    present = set(words)
    for phrase in lex.claim_prepositions:
        parts = tuple(phrase.split())
        if not present.issuperset(parts):
            continue
        for i in range(len(words) - len(parts) + 1):
            if words[i : i + len(parts)] == parts:
                last = doc[start + i + len(parts) - 1]
                obj = next((c for c in last.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj.i
    return None
