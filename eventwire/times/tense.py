"""Which way a time expression points, read from the verb that governs it in the parse:
"said on Monday" is the Monday before the publication date, "will meet on Friday" the one after."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

FUTURE_AUXILIARIES = {"will", "'ll", "’ll", "shall", "wo", "would", "'d", "’d", "might", "may", "can", "ca", "must",
                      "should"}
PERFECT_AUXILIARIES = {"had", "has", "have", "'ve", "’ve"}
PAST_AUXILIARIES = {"was", "were", "did"} | PERFECT_AUXILIARIES
PRESENT_BE = {"is", "are", "am", "'s", "’s", "'re", "’re"}
MAX_HOPS = 8


def direction(doc: Doc | None, start: int, end: int, words: dict[str, Any]) -> str | None:
    """'past', 'future' or None (no verb, or a tense that does not say) for the span [start, end); `words`: the
    time lexicon's (`TimeLexicon.words`: its future and stative verbs)."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = governing_verb(span.root)
    return tense(verb, words) if verb is not None else None


def governing_verb(token: Token) -> Token | None:
    for _ in range(MAX_HOPS):
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux":
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def tense(verb: Token, words: dict[str, Any], depth: int = 0) -> str | None:
    auxiliaries = {child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")}
    future_verbs = words["future_verbs"]
    if auxiliaries & PERFECT_AUXILIARIES:
        return "past"  # "may have been", "would have left"
    if auxiliaries & FUTURE_AUXILIARIES:
        return "future"
    if "to" in auxiliaries and verb.head.i != verb.i and (
        verb.head.lemma_.lower() in future_verbs or verb.head.pos_ in ("NOUN", "PROPN")
    ):
        return "future"  # "planned to leave on Thursday", "an agreement to buy it in January"
    if verb.lemma_.lower() in future_verbs and (
        verb.tag_ in ("VB", "VBZ", "VBP", "VBG") or (verb.tag_ == "VBN" and auxiliaries & PRESENT_BE)
    ):
        return "future"  # "is scheduled for Friday"
    if verb.tag_ in ("VBD", "VBN") or auxiliaries & PAST_AUXILIARIES:
        return "past"
    if verb.tag_ == "VBG" and auxiliaries & PRESENT_BE:
        return "future"  # "is meeting on Friday"
    if verb.tag_ in ("VBZ", "VBP") and not auxiliaries and verb.lemma_.lower() not in words["stative_verbs"]:
        return "future"  # "Arafat meets Albright on Monday": the present of a scheduled event
    if "to" in auxiliaries and depth < 2 and verb.head.i != verb.i:
        head = governing_verb(verb.head)
        if head is not None:
            return tense(head, words, depth + 1)
    return None
