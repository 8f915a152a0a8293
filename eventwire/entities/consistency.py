"""Document-level agreement between the mentions of one name.

A news story names the same thing the same way: once "Alan Shearer" is a person, a bare
"Shearer" is that person; a name typed PERSON twice and ORG once is a person; a name the
model found once and missed later is still a name. The small statistical model decides each
mention alone, so these corrections come from the whole document.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from itertools import compress
from operator import itemgetter

from spacy.tokens import Doc

from eventwire.entities.kb import KnowledgeBase, normalise
from eventwire.entities.named import NamedSpan
from eventwire.nlp import token_texts


def surname_people(spans: list[NamedSpan], kb: KnowledgeBase) -> list[NamedSpan]:
    """A one-word span equal to the first or last word of a person named in full elsewhere is that person
    ("Shearer" after "Alan Shearer", "Wang" after "Wang Donghai")."""
    surnames = {normalise(word) for s in spans if s.label == "PERSON" and len(s.span) > 1 for word in (s.words[0], s.words[-1])
                if len(word) > 2 and word.isalpha() and kb.lookup(word) is None}
    for named in spans:
        if len(named.span) == 1 and named.label != "PERSON" and normalise(named.text) in surnames:
            named.label, named.record = "PERSON", None
    return spans


def majority_types(spans: list[NamedSpan]) -> list[NamedSpan]:
    """Every mention of a name takes the type most of its mentions have (knowledge-base types count double)."""
    votes: dict[str, dict[str, int]] = {}
    names = [normalise(named.text) for named in spans]
    for named, name in zip(spans, names):
        counts = votes.setdefault(name, {})
        counts[named.label] = counts.get(named.label, 0) + (2 if named.record is not None else 1)
    # the label with most votes, on a tie the one met first (as `Counter.most_common(1)` picks it)
    winners = {name: max(counts.items(), key=itemgetter(1))[0] for name, counts in votes.items()}
    for named, name in zip(spans, names):
        label = winners[name]
        if label != named.label and named.record is None:
            named.label = label
    return spans


def repeated_mentions(doc: Doc, spans: list[NamedSpan]) -> list[NamedSpan]:
    """Add mentions the model missed of a name it found, and a person's first or last name alone ("Choe", "Shearer")."""
    texts = token_texts(doc)
    by_text: dict[tuple[str, ...], NamedSpan] = {}
    for named in spans:
        words = texts[named.span.start:named.span.end]
        if any(w[:1].isupper() for w in words):
            by_text.setdefault(words, named)
    for named in spans:
        if named.label == "PERSON" and len(named.span) > 1:
            for end in (named.span.start, named.span.end - 1):
                word = texts[end]
                if word.isalpha() and word[:1].isupper() and len(word) > 1 and (word,) not in by_text \
                        and not doc[end].is_stop:
                    by_text[(word,)] = replace(named, record=None)
    taken = {i for s in spans for i in range(s.span.start, s.span.end)}
    first_words = {words[0] for words in by_text}
    positions: dict[str, list[int]] = defaultdict(list)
    # only where a known name may start (most tokens are no name's first word), the test made in C for every token
    for i in compress(range(len(texts)), map(first_words.__contains__, texts)):
        positions[texts[i]].append(i)
    added = []
    for words, model in sorted(by_text.items(), key=lambda item: -len(item[0])):
        size = len(words)
        for start in positions[words[0]]:
            if not taken.isdisjoint(range(start, start + size)):
                continue
            if texts[start:start + size] != words:
                continue
            added.append(replace(model, span=doc[start:start + size]))
            taken.update(range(start, start + size))
    return sorted(spans + added, key=lambda s: s.span.start)


def harmonise(doc: Doc, spans: list[NamedSpan], kb: KnowledgeBase) -> list[NamedSpan]:
    return repeated_mentions(doc, majority_types(surname_people(spans, kb)))
