"""Person names the statistical model missed or mistyped, recovered from the document itself.

The model tags "Choe Son Hui" once and then misses "led by Choe"; it calls "Hui" a
nationality and "Olaf Scholz" an organisation after "German Chancellor". A name found
once is a name everywhere in the story, and a title before a name makes it a person.
"""

from __future__ import annotations

from itertools import compress

from spacy.tokens import Doc

from eventwire.entities.kb import KnowledgeBase, normalise
from eventwire.entities.named import NamedSpan
from eventwire.entities.recognize import CALENDAR_WORDS
from eventwire.nlp import token_pos, token_texts, tokens_text

MAX_ROLE_WORDS = 3
MAX_GIVEN_NAMES = 4
"""Most proper-noun words a re-typed name takes in front of it ("Choe Son" before "Hui"): a longer run of
capitalised compounds is not one person's name, and walking it back from every span of it was quadratic."""


def is_name_token(token) -> bool:
    return token.is_title and token.pos_ == "PROPN" and token.lower_ not in CALENDAR_WORDS


def recover_names(doc: Doc, spans: list[NamedSpan], kb: KnowledgeBase, titles: set[int] | None = None) -> list[NamedSpan]:
    """Re-type spans after a role title as people, then add later mentions of known person names.

    `titles` are token offsets in the headline, where capitals are unreliable evidence.
    """
    for named in spans:
        if named.record is None and named.label in {"ORG", "NORP", "GPE", "PRODUCT", "WORK_OF_ART"}:
            if follows_role(doc, named.span.start, kb) or is_tail_of_name(named, kb):
                start = named.span.start
                while start > max(0, named.span.start - MAX_GIVEN_NAMES) and is_name_token(doc[start - 1]) \
                        and doc[start - 1].dep_ == "compound" and kb.lookup(doc[start - 1].text) is None \
                        and not follows_role(doc, start, kb):
                    start -= 1
                named.span, named.label = doc[start:named.span.end], "PERSON"
    retype_organisation_short_forms(spans)
    return spans + later_mentions(doc, spans, titles or set())


def organisation_first_words(spans: list[NamedSpan]) -> set[str]:
    return {normalise(s.words[0]) for s in spans
            if s.label == "ORG" and s.record is None and len(s.span) >= 2 and token_pos(s.span.doc)[s.span.start] == "PROPN"}


def retype_organisation_short_forms(spans: list[NamedSpan]) -> None:
    """A lone word the model calls a person but which starts an organisation's name in the story is that organisation."""
    first_words = organisation_first_words(spans)
    person_words = {normalise(word) for s in spans if s.label == "PERSON" and len(s.span) > 1 for word in s.words}
    for named in spans:
        word = normalise(named.text)
        if named.label == "PERSON" and len(named.span) == 1 and word in first_words and word not in person_words:
            named.label = "ORG"


def follows_role(doc: Doc, start: int, kb: KnowledgeBase) -> bool:
    """Whether a role title ("Chancellor", "Foreign Minister") ends right before token `start`."""
    return any(kb.role_sector(tokens_text(doc, start - width, start))[0] for width in range(1, MAX_ROLE_WORDS + 1)
               if start - width >= 0)


def is_tail_of_name(named: NamedSpan, kb: KnowledgeBase) -> bool:
    """ "Hui" tagged NORP at the end of "Choe Son Hui": proper-noun compounds lead into it."""
    span = named.span
    first = span[0]
    return (span.start > 0 and is_name_token(span.doc[span.start - 1])
            and span.doc[span.start - 1].dep_ == "compound" and first.pos_ == "PROPN"
            and kb.lookup(tokens_text(span.doc, span.start - 1, span.end)) is None)


def later_mentions(doc: Doc, spans: list[NamedSpan], titles: set[int]) -> list[NamedSpan]:
    """Runs of capitalised tokens made only of a known person's name words: "led by Choe", "Choe's visit"."""
    name_words = {normalise(word) for s in spans if s.label == "PERSON" for word in s.words if word.isalpha()}
    covered = {i for s in spans for i in range(s.span.start, s.span.end)}
    texts = token_texts(doc)
    name_positions = set(written_as(texts, name_words)) if name_words else set()
    found = []
    end = 0
    for i in sorted(name_positions):
        if i < end or i in covered or i in titles:
            continue
        end = i + 1
        while end < len(texts) and end not in covered and end in name_positions:
            end += 1
        found.append(NamedSpan(doc[i:end], "PERSON"))
    return found + organisation_short_forms(doc, spans, covered | {i for f in found for i in range(f.span.start, f.span.end)})


def written_as(texts: tuple[str, ...], words: set[str]) -> list[int]:
    """Indices of the tokens written in title case whose folded form (`normalise`) is one of `words`: each distinct
    text is tested once and the tokens are picked without a Python step each (a test per token was most of the cost)."""
    matching = {text for text in set(texts) if text.istitle() and normalise(text) in words}
    return list(compress(range(len(texts)), map(matching.__contains__, texts)))


def organisation_short_forms(doc: Doc, spans: list[NamedSpan], covered: set[int]) -> list[NamedSpan]:
    """ "Calmos said" after "Calmos Systems Inc": the distinctive first word of a multi-word organisation name."""
    first_words = organisation_first_words(spans)
    texts, pos = token_texts(doc), token_pos(doc)
    found = []
    for i in written_as(texts, first_words) if first_words else ():
        if i in covered or pos[i] != "PROPN":
            continue
        if i + 1 == len(texts) or not texts[i + 1].istitle():
            found.append(NamedSpan(doc[i:i + 1], "ORG"))
    return found
