"""Cut the model's spans back to names: no scores, dates or list separators inside.

In results tables and datelines the model runs a name into what follows it ("Kent 108-3",
"LONDON 1996-08-30") or joins two names across a separator ("Lithuania - Danius Gleveckas",
"Grace Road , Leicestershire", "Yorkshire at Headingley").
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from eventwire.entities.named import NamedSpan
from eventwire.nlp import token_texts

if TYPE_CHECKING:
    from eventwire.entities.wordlists import NameWords

DASHES = {"-", "--", "–", "—"}
SEPARATORS = {",", ";", ":", "(", ")", "/", "at", "in", "on", "v", "vs", "vs.", "versus", "b", "c", "st", "lbw"}
"""Tokens that end one name and start another when they stand between words (b, c, st, lbw: cricket scorecards).
A number does too ("Pohang 3 Ulsan"), and so does a conjunction between names ("Derbyshire and Surrey")."""
CONJUNCTIONS = {"and", "or", "&"}
NAME_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "bin", "ibn", "al", "el", "le", "la"}


def is_separator(doc: Doc, texts: tuple[str, ...], i: int, joins_names: bool) -> bool:
    """Whether token `i` (`texts`: the document's token texts) ends one name and starts another."""
    text = texts[i]
    if text.isdigit() or joins_names and text.lower() in CONJUNCTIONS:
        return True
    if text in DASHES:
        return bool(doc[i].whitespace_) and i > 0 and bool(doc[i - 1].whitespace_)
    return text in SEPARATORS


def lists_names(words: tuple[str, ...], lists: NameWords) -> bool:
    """ "Derbyshire and Surrey", "Mercantile or Commerce": names joined by a conjunction, not one name with "and"
    in it ("Organisation for Security and Cooperation", "Procter and Gamble Co")."""
    lowercase = [word.lower() for word in words if word.islower()]
    return bool(lowercase) and all(word in CONJUNCTIONS for word in lowercase) and not any(
        word.lower() in lists.organisation_words for word in words)


def has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


def name_parts(doc: Doc, first: int, last: int, lists: NameWords) -> list[tuple[int, int]]:
    """The names inside tokens `first` to `last` (excluded), as (start, end) token ranges: split at separators and
    scores; numbers and lower-case words ("Interfax news agency") trimmed from both ends; letterless parts dropped.
    Read from the token texts: no `Token` per word, no `Span` per part."""
    texts = token_texts(doc)
    parts, start = [], first
    joins_names = lists_names(texts[first:last], lists)
    for i in range(first, last):
        if is_separator(doc, texts, i, joins_names):
            parts.append((start, i))
            start = i + 1
    parts.append((start, last))
    found = []
    for start, end in parts:
        while start < end and (not has_letters(texts[start]) or texts[start].islower()):
            start += 1
        # a trailing particle stays: "Ursula von" + "der Leyen" is joined later
        while end > start and (not has_letters(texts[end - 1]) or texts[end - 1].islower()
                               and texts[end - 1].lower() not in NAME_PARTICLES):
            end -= 1
        if end > start:
            found.append((start, end))
    return found


def joined(spans: list[NamedSpan]) -> list[NamedSpan]:
    """Join two spans of one type that touch ("Natalia" + "Karimova", "Iraqi" + "Kurds"), or an initial and a name."""
    result: list[NamedSpan] = []
    for named in spans:
        previous = result[-1] if result else None
        if previous is not None and previous.span.end == named.span.start and previous.span.doc[previous.span.end - 1].whitespace_ == " ":
            initial = len(previous.span) == 1 and len(previous.span.text) == 2 and previous.span.text.endswith(".")
            if previous.label == named.label or initial:
                label = named.label if initial else previous.label
                result[-1] = replace(previous, span=previous.span.doc[previous.span.start:named.span.end], label=label,
                                     record=None)
                continue
        result.append(named)
    return result
