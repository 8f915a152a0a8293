"""The per-document token columns stages read instead of `Token` objects hold what the tokens say."""

from __future__ import annotations

from eventwire import nlp
from eventwire.entities.truecase import lines

TEXT = "SEOUL TALKS END\n\nNorth Korea's Choe Son Hui met Sergei Lavrov in Moscow on Friday, officials said.\n“We agree,” he said."


def test_columns_match_the_tokens(pipeline):
    doc = pipeline.nlp(TEXT)
    assert nlp.token_texts(doc) == tuple(t.text for t in doc)
    assert nlp.token_lemmas(doc) == tuple(t.lemma_ for t in doc)
    assert nlp.token_pos(doc) == tuple(t.pos_ for t in doc)
    assert nlp.noun_chunk_bounds(doc) == tuple((c.start, c.end, c.root.i) for c in doc.noun_chunks)


def test_lines_are_the_token_ranges_between_line_breaks(pipeline):
    doc = pipeline.nlp(TEXT)
    assert [doc[start:end].text for start, end in lines(doc)] == [line for line in TEXT.split("\n") if line]


def test_a_doc_told_its_text_does_not_rebuild_it(pipeline):
    doc = nlp.parsed_from(pipeline.nlp(TEXT), TEXT)
    assert nlp.doc_text(doc) is TEXT
