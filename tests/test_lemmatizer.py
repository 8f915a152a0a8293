"""The indexed lemmatizer sets the lemmas spaCy's English rule lemmatizer sets, from memory the second time."""

from __future__ import annotations

from spacy.lang.en.lemmatizer import EnglishLemmatizer

from eventwire.lemmatizer import IndexedLemmatizer, index_lemmatizer
from tests.test_attribute_rules import TRICKY, parsed_before


def spacy_lemmatizer(indexed: IndexedLemmatizer) -> EnglishLemmatizer:
    reference = EnglishLemmatizer(indexed.vocab, None, "reference", mode="rule")
    reference.initialize(lookups=indexed.lookups)
    return reference


def test_same_lemmas_as_spacy_first_and_again(pipeline, example):
    indexed = pipeline.nlp.get_pipe("lemmatizer")
    assert isinstance(indexed, IndexedLemmatizer)
    reference = spacy_lemmatizer(indexed)
    for text in (TRICKY, example.document.text, TRICKY):  # the second TRICKY is read from memory
        doc = parsed_before(pipeline.nlp, "lemmatizer", text)
        expected, got = reference(doc.copy()), indexed(doc.copy())
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
    assert indexed.remembered
    lemmas = {t.text: t.lemma_ for t in got}
    assert lemmas["gave"] == "give" and lemmas["rumours"] == "rumour" and lemmas["n't"] == "not"


def test_a_lemma_already_set_is_kept(pipeline):
    doc = parsed_before(pipeline.nlp, "lemmatizer", "The ministers met.")
    doc[1].lemma_ = "envoy"
    assert [t.lemma_ for t in pipeline.nlp.get_pipe("lemmatizer")(doc)] == ["the", "envoy", "meet", "."]


def test_other_lemmatizers_are_left_alone():
    from spacy.lang.en import English

    nlp = English()
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    index_lemmatizer(nlp)
    assert type(nlp.get_pipe("lemmatizer")) is EnglishLemmatizer


def test_remembered_lemmas_outlive_spacys_memory_zones(pipeline):
    """A lemma worked out in one zone (its string freed at the zone's end in spaCy) is still readable in the next."""
    nlp, text = pipeline.nlp, "The zorblaxians were seen in Quexburg."
    with nlp.memory_zone():
        first = [t.lemma_ for t in nlp(text)]
    with nlp.memory_zone():
        assert [t.lemma_ for t in nlp(text)] == first
    assert first[1] == "zorblaxian"
