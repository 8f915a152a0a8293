"""The model's rule lemmatizer, remembering every lemma it has worked out by the values it depends on.

spaCy's English lemmatizer works a lemma out of the word, its part of speech and its features, and caches it under
those three, except base forms (a singular noun, an infinitive), which are most words and are worked out again
every time, through a Token object made for every token: about 0.6 ms per news story. Here the three values are
read for the whole document at once and each lemma, once worked out by spaCy's own `lemmatize`, is remembered
under them (its string's hash; a string spaCy has freed at the end of a memory zone is worked out again). As in
spaCy, a token that already has a lemma (the attribute ruler's "n't" is "not") keeps it, so every lemma is the one
spaCy would set.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en import English
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc

REMEMBERED = 200_000
"""Lemmas kept at most (about 27 MB; all 19,043 Reuters-21578 stories need 92,570, 12 MB); beyond that, new words
are lemmatised each time, as by spaCy."""


class IndexedLemmatizer(EnglishLemmatizer):
    """`EnglishLemmatizer` in rule mode, without overwriting, with a quicker `__call__` (see the module's docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.remembered: dict[int, int] = {}
        """The string hash of each lemma worked out, under its word, part of speech and features (`key`): the lemma
        is a function of those three (`rule_lemmatize` reads nothing else), also where spaCy does not cache it."""

    def __call__(self, doc: Doc) -> Doc:
        words, tags, features, lemmas = doc.to_array([ORTH, POS, MORPH, LEMMA]).T.tolist()
        strings = doc.vocab.strings
        for i, lemma in enumerate(lemmas):
            if lemma == 0:
                key = words[i] << 96 | tags[i] << 64 | features[i]
                found = self.remembered.get(key)
                if found is None or found not in strings:  # new, or its string freed with a memory zone since
                    found = strings.add(self.lemmatize(doc[i])[0])
                    if tags[i] and (key in self.remembered or len(self.remembered) < REMEMBERED):
                        self.remembered[key] = found
                lemmas[i] = found
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@English.factory("indexed_lemmatizer", assigns=["token.lemma"], default_config={"model": None})
def make_indexed_lemmatizer(nlp: Language, model, name: str) -> IndexedLemmatizer:
    return IndexedLemmatizer(nlp.vocab, model, name, mode="rule", overwrite=False)


def index_lemmatizer(nlp: Language, name: str = "lemmatizer") -> None:
    """Put the indexed lemmatizer in the place of `nlp`'s, with its tables, when that one is the English rule
    lemmatizer that keeps existing lemmas (what `en_core_web_sm` ships); otherwise change nothing."""
    original = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if type(original) is not EnglishLemmatizer or original.mode != "rule" or original.overwrite:
        return
    nlp.replace_pipe(name, "indexed_lemmatizer").initialize(lookups=original.lookups)
