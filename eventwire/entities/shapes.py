"""Types that a name's shape settles: "Tegla Loroupe" is a person, "Fed Cup" an event.

The small model types many unfamiliar names ORG. A span of capitalised words that opens with
a common given name or an initial ("M. McCague") names a person; one that ends with a
competition word names an event. The word lists are data: `ner/names.yaml` (`NameWords`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from eventwire.entities.named import NamedSpan

if TYPE_CHECKING:
    from eventwire.entities.wordlists import NameWords

INITIAL = re.compile(r"^[A-Z]\.$")
RETYPABLE = {"ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}


def has_organisation_word(named: NamedSpan, lists: NameWords) -> bool:
    return any(word.lower() in lists.organisation_words for word in named.words)


def looks_like_person(named: NamedSpan, lists: NameWords) -> bool:
    words = named.words
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) or has_organisation_word(named, lists):
        return False
    return words[0].lower() in lists.given_names or bool(INITIAL.match(words[0]))


def looks_like_event(named: NamedSpan, lists: NameWords) -> bool:
    words = named.words
    return len(words) >= 2 and words[-1][:1].isupper() and words[-1].lower() in lists.event_heads


def is_heading_word(named: NamedSpan, lists: NameWords) -> bool:
    """A table heading, month, function word or sport's name on its own ("Attendance", "The", "SOCCER") is not a name."""
    word = named.text.lower()
    return len(named.span) == 1 and (word in lists.not_names or word in lists.sports_vocabulary or named.span[0].is_stop)


def completed_people(spans: list[NamedSpan], lists: NameWords) -> list[NamedSpan]:
    """A given name the model took alone, before a surname it missed: "Dirk" + "Medved"."""
    taken = {i for s in spans for i in range(s.span.start, s.span.end)}
    for named in spans:
        span = named.span
        doc = span.doc
        if len(span) != 1 or named.text.lower() not in lists.given_names or span.end >= len(doc):
            continue
        following = doc[span.end]
        if span.end not in taken and following.is_alpha and following.is_title and "\n" not in span[-1].whitespace_:
            named.span, named.label, named.record = doc[span.start:span.end + 1], "PERSON", None
            taken.add(span.end)
    return spans


def by_shape(spans: list[NamedSpan], lists: NameWords) -> list[NamedSpan]:
    """Re-type spans whose shape says person or event, drop headings; knowledge-base names keep their type."""
    spans = [s for s in spans if s.record is not None or not is_heading_word(s, lists)]
    spans = completed_people(spans, lists)
    for named in spans:
        if named.record is not None:
            continue
        if named.label in RETYPABLE and looks_like_person(named, lists):
            named.label = "PERSON"
        elif named.label in RETYPABLE and looks_like_event(named, lists):
            named.label = "EVENT"
    return spans
