"""Is an event negated, future, conditional, possible or intended, and who reports it."""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.events.patterns import PatternLexicon
from eventwire.events.syntax import direct_subjects, lemma, subjects

REPORT_LINKS = {"ccomp", "parataxis", "advcl", "conj", "xcomp"}


def anchor(trigger: Token) -> Token:
    """The verb that carries a nominal event's tense and negation ('held talks', 'talks were not held')."""
    if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and trigger.head.pos_ in ("VERB", "AUX"):
        return trigger.head
    return trigger


def negated(trigger: Token, lexicon: PatternLexicon) -> bool:
    """'did not attack', 'no talks', or told by a denial ('denied that its troops shelled the village')."""
    words = lexicon.modality["negation"]
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in trigger.children):
        return True
    verb = anchor(trigger)
    if verb.i != trigger.i and any(c.dep_ == "neg" and c.lower_ in words for c in verb.children):
        return True
    return verb.dep_ == "ccomp" and lemma(verb.head) in lexicon.modality["denial"]


def modality(trigger: Token, lexicon: PatternLexicon) -> str | None:
    """'future', 'conditional', 'possible', 'intent' or None (reported as fact)."""
    verb = anchor(trigger)
    chain = [verb]
    while chain[-1].dep_ in ("xcomp", "conj") and chain[-1].head.i != chain[-1].i and len(chain) < 4:
        chain.append(chain[-1].head)
    for token in chain:
        for child in token.children:
            if child.dep_ == "mark" and child.lower_ in lexicon.modality["conditional"]:
                return "conditional"
    for token in chain:
        for child in token.children:
            if child.dep_ == "aux" and child.lower_ in lexicon.modality["future"]:
                return "future"
            if child.dep_ == "aux" and child.lower_ == "would" and token.dep_ == "ccomp" \
                    and lemma(token.head) in lexicon.report_verbs:
                return "future"  # future in the past: 'said it would retaliate'
            if child.dep_ == "aux" and child.lower_ in lexicon.modality["possible"]:
                return "possible"
        if token.lower_ == "going" and any(c.dep_ == "xcomp" for c in token.children):
            return "future"
    for token in chain[1:]:
        if lemma(token) in lexicon.modality["intent"]:
            return "intent"
    if trigger.pos_ == "NOUN" and verb.i != trigger.i and lemma(verb) in lexicon.modality["intent"]:
        return "intent"
    if trigger.dep_ in ("acl", "xcomp") and lemma(trigger.head) in lexicon.modality["intent"]:
        return "intent"
    return None


def reporter(trigger: Token, lexicon: PatternLexicon) -> Token | None:
    """The subject of the report verb the event is told by ('KCNA said', 'according to the Pentagon')."""
    current = anchor(trigger)
    for _ in range(6):
        for child in current.children:
            if child.dep_ in ("parataxis", "ccomp") and lemma(child) in lexicon.report_verbs:
                found = direct_subjects(child)
                if found:
                    return found[0]
            if child.dep_ == "prep" and child.lower_ == "according":
                for grandchild in child.children:
                    for obj in grandchild.children:
                        if obj.dep_ == "pobj":
                            return obj
        head = current.head
        if head.i == current.i:
            return None
        if lemma(head) in lexicon.report_verbs and current.dep_ in REPORT_LINKS | {"dobj"}:
            found = subjects(head)
            return found[0] if found else None
        current = head
    return None
