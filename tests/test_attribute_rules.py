"""The indexed attribute ruler sets exactly what spaCy's AttributeRuler sets with the same patterns."""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.lang.en import English
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from eventwire.attribute_rules import (
    IndexedAttributeRuler,
    make_indexed_attribute_ruler,
)

COLUMNS = [TAG, POS, MORPH, LEMMA, DEP]

TRICKY = (
    "I ai n't gon na say it. Y' all got ta see this, let's go. C'm on, there are nuthin' but rumours.\n\n"
    "It is what they do. Do you have it? She had given it to me, and I gave it to you.  Whether he came, "
    "nobody knows; he did n't, though he would have.\n   \nThe ministry that was named said so, but it denied that."
)


def spacy_ruler(vocab, patterns: list[dict]) -> AttributeRuler:
    ruler = AttributeRuler(vocab, "reference")
    ruler.add_patterns(patterns)
    return ruler


def parsed_before(nlp, component: str, text: str) -> Doc:
    """`text` parsed by the components that run before `component`."""
    doc = nlp.make_doc(text)
    for name, step in nlp.pipeline:
        if name == component:
            return doc
        doc = step(doc)
    raise AssertionError(f"no {component}")


def test_same_attributes_as_spacy_on_the_model_patterns(pipeline, example):
    indexed = pipeline.nlp.get_pipe("attribute_ruler")
    assert isinstance(indexed, IndexedAttributeRuler)
    reference = spacy_ruler(pipeline.nlp.vocab, indexed.patterns)
    assert len(indexed.patterns) > 100
    for text in (TRICKY, example.document.text):
        doc = parsed_before(pipeline.nlp, "attribute_ruler", text)
        expected, got = reference(doc.copy()), indexed(doc.copy())
        assert (got.to_array(COLUMNS) == expected.to_array(COLUMNS)).all()
        assert [str(t.morph) for t in got] == [str(t.morph) for t in expected]
    words = {t.text: t for t in indexed(parsed_before(pipeline.nlp, "attribute_ruler", TRICKY))}
    assert words["n't"].lemma_ == "not" and words["n't"].pos_ == "PART"  # a pattern on word and tag
    assert words["na"].lemma_ == "to"  # a two-token pattern setting its second token


@pytest.mark.parametrize("patterns", [
    [{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
     {"patterns": [[{"LOWER": "seoul"}]], "attrs": {"POS": "PROPN", "LEMMA": "Seoul"}}],
    [{"patterns": [[{"LOWER": "seoul"}]], "attrs": {"POS": "PROPN"}},
     {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}}],
    [{"patterns": [[{"LOWER": "in"}, {"TAG": {"IN": ["NN", "NNP"]}}]], "attrs": {"POS": "PROPN"}, "index": -1},
     {"patterns": [[{"TAG": {"NOT_IN": ["NN"]}, "LOWER": {"REGEX": "^s"}}]], "attrs": {"LEMMA": "S"}}],
])
def test_later_patterns_win_as_in_spacy(patterns):
    words, tags = ["In", "Seoul", "the", "seoul", "in", "city"], ["IN", "NN", "DT", "NN", "IN", "NN"]
    reference = spacy_ruler(English().vocab, patterns)
    expected = reference(Doc(reference.vocab, words=words, tags=tags))
    indexed = IndexedAttributeRuler(spacy_ruler(English().vocab, patterns))
    got = indexed(Doc(indexed.vocab, words=words, tags=tags))
    assert [(t.pos_, t.lemma_, str(t.morph)) for t in got] == [(t.pos_, t.lemma_, str(t.morph)) for t in expected]
    assert any(t.pos_ for t in got)


def test_a_pattern_it_cannot_run_keeps_spacys_ruler():
    nlp = English()
    operator = [{"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}}]
    assert isinstance(make_indexed_attribute_ruler(nlp, "ruler", operator), AttributeRuler)
    custom = [{"patterns": [[{"LENGTH": 3}]], "attrs": {"POS": "ADV"}}]
    assert isinstance(make_indexed_attribute_ruler(nlp, "ruler", custom), AttributeRuler)
    plain = [{"patterns": [[{"LOWER": "very"}]], "attrs": {"POS": "ADV"}}]
    assert isinstance(make_indexed_attribute_ruler(nlp, "ruler", plain), IndexedAttributeRuler)
