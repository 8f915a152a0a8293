"""Knowledge-base names are tokenised by the loaded pipeline's tokenizer, which is spaCy's blank English one."""

from __future__ import annotations

from spacy.lang.en import English


def test_the_model_tokenizer_has_the_blank_english_rules(pipeline):
    """What lets the entity matcher use it in place of a blank English tokenizer with the same matches."""
    blank = English(vocab=pipeline.nlp.vocab).tokenizer
    assert pipeline.nlp.tokenizer.to_bytes() == blank.to_bytes()

