"""The changes that make extraction linear in its input give what the quadratic code gave on ordinary text."""

from __future__ import annotations

import random

import pytest
from spacy.lang.en import English

from eventwire.fuzzing import GENERATORS
from eventwire.linear_tokenizer import LONGEST_RUN, MARKS_RUN, SUFFIX_WINDOW
from eventwire.quotes.marks import find_quotations

NEWS = ("He said: \"no\" (really) -- it's 5km, $5.. the U.S. ... ok. 'Fine,' she said.\n\n"
        "“We will,” Mr. Kim told reporters in Seoul on Tuesday... 10,000 troops; 3.5% (Reuters)")


@pytest.fixture(scope="module")
def spacy_tokens():
    tokenizer = English().tokenizer
    return lambda text: [t.text for t in tokenizer(text)]


def test_news_is_tokenized_as_spacy_does(pipeline, spacy_tokens):
    assert [t.text for t in pipeline.nlp.tokenizer(NEWS)] == spacy_tokens(NEWS)


@pytest.mark.parametrize("tail", ["." * (SUFFIX_WINDOW + 40), "'" * (SUFFIX_WINDOW + 3), "5km" + ")" * SUFFIX_WINDOW,
                                  "x" * SUFFIX_WINDOW + "'s", "a" * (SUFFIX_WINDOW - 1) + ".."])
def test_suffixes_longer_than_the_window_are_found_whole(pipeline, spacy_tokens, tail):
    """A chunk whose suffixes reach past the searched window (a long run of full stops) splits as spaCy splits it."""
    text = "word" + tail if len(tail) <= MARKS_RUN or any(c.isalnum() for c in tail) else "word" + tail[:MARKS_RUN]
    assert [t.text for t in pipeline.nlp.tokenizer(text)] == spacy_tokens(text)


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_tokens_cover_the_text_exactly(pipeline, name):
    for seed in range(3):
        text = GENERATORS[name](3 * LONGEST_RUN, seed)
        doc = pipeline.nlp.tokenizer(text)
        assert doc.text == text
        assert all(len(t.text) <= max(LONGEST_RUN, MARKS_RUN) for t in doc)


def test_a_run_of_marks_becomes_few_tokens(pipeline):
    doc = pipeline.nlp.tokenizer('a ' + '"\'' * 40 + ' b')
    assert [len(t.text) for t in doc] == [1, MARKS_RUN, MARKS_RUN, MARKS_RUN, MARKS_RUN, MARKS_RUN, 1]
    assert [t.whitespace_ for t in doc] == [" ", "", "", "", "", " ", ""]


def test_a_very_long_word_is_cut_into_pieces(pipeline):
    doc = pipeline.nlp.tokenizer("x" * (2 * LONGEST_RUN + 5) + " end")
    assert [len(t.text) for t in doc] == [LONGEST_RUN, LONGEST_RUN, 5, 3]


def test_nested_quotations_are_those_inside():
    text = 'He said: "They told us \'go\' and \'stay\' and “wait ‘here’ now”," he added. "Again."'
    found = find_quotations(text)
    assert [(text[q.inner_start:q.inner_end]) for q in found] == [
        "They told us 'go' and 'stay' and “wait ‘here’ now”,", "Again."]
    assert [text[q.inner_start:q.inner_end] for q in found[0].nested] == ["go", "stay", "wait ‘here’ now"]
    assert [text[q.inner_start:q.inner_end] for q in found[0].nested[2].nested] == ["here"]


def test_quotation_nesting_holds_on_random_marks():
    """Every nested quotation lies inside its parent, its marks inside the text."""
    rng = random.Random(7)
    alphabet = list('"\'“”‘’ ab\n(') + ["``", "''"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        found = find_quotations(text)
        assert all(0 <= q.start < q.inner_start <= q.inner_end < q.end <= len(text) for q in found)
        stack = list(found)
        while stack:
            parent = stack.pop()
            assert all(parent.start < q.start and q.end <= parent.end for q in parent.nested)
            stack.extend(parent.nested)


def test_line_breaks_start_sentences(pipeline):
    doc = pipeline.nlp("HEADLINE HERE\nSome text. More\n\n  text \n x\n\nend")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["HEADLINE", "Some", "More", "text", "x", "end"]
