"""In a sports story a place name usually names a team: "Leicestershire beat Somerset", "CHICAGO 74 58".

News annotation (CoNLL, ACE, OntoNotes) types such mentions ORG. A country or capital stays a place (national
sides are annotated as their country), and so does a place after a locative preposition ("at
Headingley", "in Chicago") or a place alone on its line with a date (a dateline). The words that
mark a sports story are data: `ner/sports.yaml` (`NameWords`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from eventwire.entities.kb import KnowledgeBase, normalise
from eventwire.entities.named import NamedSpan
from eventwire.entities.shapes import has_organisation_word, looks_like_person
from eventwire.entities.truecase import lines
from eventwire.nlp import token_texts

if TYPE_CHECKING:
    from eventwire.entities.wordlists import NameWords

PLACE_LABELS = {"GPE", "LOC"}
LOCATIVE = {"in", "at", "near", "outside", "inside", "between"}
STAYS_A_PLACE = {"country", "capital", "region", "demonym"}
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b",
                  re.IGNORECASE)


def is_sports_story(doc: Doc, lists: NameWords) -> bool:
    """Enough sporting words, or a sport named in the first line ("BASEBALL - MAJOR LEAGUE STANDINGS")."""
    texts = token_texts(doc)
    first_line = lines(doc)[:1]
    if any(text.lower() in lists.sports for start, end in first_line for text in texts[start:end]):
        return True
    # counted without a Python step per token
    return sum(map(lists.sports_vocabulary.__contains__, map(str.lower, texts))) >= lists.min_sports_words


def is_dateline(named: NamedSpan) -> bool:
    """A short line that opens with the place and holds a date ("LANDGRAAF , Netherlands 1996-08-31")."""
    span = named.span
    line = next(((start, end) for start, end in lines(span.doc) if start <= span.start < end), None)
    if line is None or line[0] != span.start or line[1] - line[0] > 8:
        return False
    return DATE.search(span.doc[span.end:line[1]].text) is not None


def is_fixture(named: NamedSpan) -> bool:
    """A schedule line "Chicago at Toronto": both names are teams."""
    span = named.span
    line = next(((start, end) for start, end in lines(span.doc) if start <= span.start < end), None)
    if line is None or span.end != line[1] or span.start - line[0] < 2:
        return False
    home = span.doc[line[0]:span.start - 1]
    return span.doc[span.start - 1].lower_ == "at" and all(is_name_word(t) for t in home)


def after_locative(named: NamedSpan) -> bool:
    """"at Headingley", "between Roermond and Landgraaf": a place where something happens, not a team."""
    span = named.span
    if span.start > 0 and span.doc[span.start - 1].lower_ in LOCATIVE:
        return not is_fixture(named)
    token = span.root
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE


def names_a_team(named: NamedSpan, people_words: set[str], kb: KnowledgeBase, lists: NameWords) -> bool:
    span = named.span
    record = named.record or kb.lookup(span.text)
    if record is not None and record.kind in STAYS_A_PLACE:
        return False
    if after_locative(named):
        return False
    if named.label in PLACE_LABELS:
        return not is_dateline(named)
    return (named.label == "PERSON" and len(span) == 1 and normalise(span.text) in lists.subdivisions
            and normalise(span.text) not in people_words)


def has_digit(token) -> bool:
    return any(c.isdigit() for c in token.text)


def is_name_word(token) -> bool:
    return token.text[:1].isupper() and any(c.isalpha() for c in token.text) and not has_digit(token)


def scored_names(doc: Doc, spans: list[NamedSpan], kb: KnowledgeBase, lists: NameWords) -> list[NamedSpan]:
    """Names directly followed by a score on a results or standings line ("Swansea 2 Bath 1"), as teams."""
    taken = {i for s in spans for i in range(s.span.start, s.span.end)}
    found = []
    for start, end in lines(doc):
        if sum(has_digit(t) for t in doc[start:end]) < 2:
            continue
        i = start
        while i < end:
            if not is_name_word(doc[i]) or i in taken:
                i += 1
                continue
            j = i
            while j < end and (is_name_word(doc[j]) or doc[j].lower_ == "of" and j + 1 < end
                               and is_name_word(doc[j + 1])) and j not in taken:
                j += 1
            if j < end and has_digit(doc[j]):
                record = kb.lookup(doc[i:j].text)
                named = NamedSpan(doc[i:j], "ORG")
                if record is not None and record.kind == "country":
                    named = NamedSpan(doc[i:j], "GPE", record)
                elif looks_like_person(named, lists):
                    named.label = "PERSON"
                found.append(named)
            i = max(j, i + 1)
    return sorted(spans + found, key=lambda s: s.span.start)


def listed_athletes(doc: Doc, spans: list[NamedSpan], kb: KnowledgeBase, lists: NameWords) -> list[NamedSpan]:
    """A name followed by a country in brackets is a competitor: "Olaf Ludwig ( Germany )"."""
    taken = {i for s in spans for i in range(s.span.start, s.span.end)}
    ending_at = {s.span.end: s for s in spans}
    found = []
    for token in doc[1:-2]:
        if token.text != "(" or doc[token.i + 2].text != ")":
            continue
        record = kb.lookup(doc[token.i + 1].text)
        if record is None or record.kind != "country":
            continue
        named = ending_at.get(token.i)
        if named is not None and named.record is None and len(named.span) >= 2 and not has_organisation_word(named, lists):
            named.label = "PERSON"
        start = token.i
        while start > 0 and token.i - start < 4 and is_name_word(doc[start - 1]) and start - 1 not in taken:
            start -= 1
        if token.i - start >= 2:
            found.append(NamedSpan(doc[start:token.i], "PERSON"))
    return sorted(spans + found, key=lambda s: s.span.start)


def teams_in_sports(doc: Doc, spans: list[NamedSpan], kb: KnowledgeBase, lists: NameWords) -> list[NamedSpan]:
    """Re-type place names that stand for teams when the story is about sport; add teams on score lines."""
    if not is_sports_story(doc, lists):
        return spans
    people_words = {normalise(t.text) for s in spans if s.label == "PERSON" and len(s.span) > 1 for t in s.span}
    for named in spans:
        if names_a_team(named, people_words, kb, lists):
            named.label, named.record = "ORG", None
    return listed_athletes(doc, scored_names(doc, spans, kb, lists), kb, lists)
