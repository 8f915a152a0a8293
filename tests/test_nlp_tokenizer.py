"""Knowledge-base names are tokenised by the loaded pipeline's tokenizer, which is spaCy's blank English one."""

from __future__ import annotations

from spacy.lang.en import English
from spacy.vocab import Vocab

from eventwire import nlp


def test_the_pipeline_vocab_gets_the_pipeline_tokenizer(pipeline):
    assert nlp.tokenizer(pipeline.nlp.vocab) is pipeline.nlp.tokenizer


def test_the_model_tokenizer_has_the_blank_english_rules(pipeline):
    """What lets the entity matcher use it in place of a blank English tokenizer with the same matches."""
    blank = English(vocab=pipeline.nlp.vocab).tokenizer
    assert pipeline.nlp.tokenizer.to_bytes() == blank.to_bytes()


def test_another_vocab_gets_a_blank_english_tokenizer():
    vocab = Vocab()
    assert [t.text for t in nlp.tokenizer(vocab)("the U.S. didn't")] == ["the", "U.S.", "did", "n't"]
