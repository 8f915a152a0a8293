"""Types that a name's shape settles: "Tegla Loroupe" is a person, "Fed Cup" an event.

The small model types many unfamiliar names ORG. A span of capitalised words that opens with
a common given name or an initial ("M. McCague") names a person; one that ends with a
competition word names an event. The word lists are data: `eventwire/data/ner/names.yaml`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from eventwire.datapath import SHIPPED
from eventwire.entities.kb import load_yaml
from eventwire.entities.named import NamedSpan

NAMES_FILE = SHIPPED / "ner" / "names.yaml"
INITIAL = re.compile(r"^[A-Z]\.$")
RETYPABLE = {"ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    data = load_yaml(NAMES_FILE)
    return {key: frozenset(w.lower() for w in data.get(key, [])) for key in
            ("given_names", "organisation_words", "event_heads", "not_names")}


def has_organisation_word(named: NamedSpan) -> bool:
    return any(word.lower() in lexicon()["organisation_words"] for word in named.words)


def looks_like_person(named: NamedSpan) -> bool:
    words = named.words
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) or has_organisation_word(named):
        return False
    return words[0].lower() in lexicon()["given_names"] or bool(INITIAL.match(words[0]))


def looks_like_event(named: NamedSpan) -> bool:
    words = named.words
    return len(words) >= 2 and words[-1][:1].isupper() and words[-1].lower() in lexicon()["event_heads"]


def is_heading_word(named: NamedSpan) -> bool:
    """A table heading, month, function word or sport's name on its own ("Attendance", "The", "SOCCER") is not a name."""
    from eventwire.entities.sports import sports_words

    word = named.text.lower()
    return len(named.span) == 1 and (word in lexicon()["not_names"] or word in sports_words()[0] or named.span[0].is_stop)


def completed_people(spans: list[NamedSpan]) -> list[NamedSpan]:
    """A given name the model took alone, before a surname it missed: "Dirk" + "Medved"."""
    taken = {i for s in spans for i in range(s.span.start, s.span.end)}
    for named in spans:
        span = named.span
        doc = span.doc
        if len(span) != 1 or named.text.lower() not in lexicon()["given_names"] or span.end >= len(doc):
            continue
        following = doc[span.end]
        if span.end not in taken and following.is_alpha and following.is_title and "\n" not in span[-1].whitespace_:
            named.span, named.label, named.record = doc[span.start:span.end + 1], "PERSON", None
            taken.add(span.end)
    return spans


def by_shape(spans: list[NamedSpan]) -> list[NamedSpan]:
    """Re-type spans whose shape says person or event, drop headings; knowledge-base names keep their type."""
    spans = [s for s in spans if s.record is not None or not is_heading_word(s)]
    spans = completed_people(spans)
    for named in spans:
        if named.record is not None:
            continue
        if named.label in RETYPABLE and looks_like_person(named):
            named.label = "PERSON"
        elif named.label in RETYPABLE and looks_like_event(named):
            named.label = "EVENT"
    return spans
