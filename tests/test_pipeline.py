"""The pipeline's batching: what is parsed together, in what order results come back."""

from __future__ import annotations

import pytest

from eventwire import pipeline as pipeline_module
from eventwire.ingest.reading import InputError, RawArticle


@pytest.fixture
def parsed_batches(pipeline, monkeypatch):
    """The texts of each spaCy batch the pipeline parses."""
    batches: list[list[str]] = []
    parse = pipeline.nlp.pipe

    def recording_pipe(texts, *args, **kwargs):
        texts = list(texts)
        batches.append(texts)
        return parse(texts, *args, **kwargs)

    monkeypatch.setattr(pipeline.nlp, "pipe", recording_pipe)
    return batches


def article(n: int, sentences: int) -> RawArticle:
    text = " ".join(f"Officials in Nairobi met envoys from Lima on Monday, report {n}." for _ in range(sentences))
    return RawArticle(id=f"a{n}", text=text, origin=f"a{n}.txt", published="2024-10-29")


def test_short_documents_are_parsed_sixteen_at_a_time(pipeline, parsed_batches):
    articles = [article(n, 1) for n in range(20)]
    results = list(pipeline.extract_many(articles))
    assert [len(batch) for batch in parsed_batches] == [16, 4]
    assert [r.document.id for r in results] == [a.id for a in articles]


def test_long_documents_are_split_into_batches_within_the_character_budget(pipeline, parsed_batches, monkeypatch):
    monkeypatch.setattr(pipeline_module, "BATCH_CHARACTERS", 1_000)
    articles = [article(n, 4) for n in range(6)]  # about 280 characters each
    longest = article(99, 20)  # longer than the whole budget: parsed alone
    assert len(longest.text) > 1_000
    results = list(pipeline.extract_many([*articles, longest, article(7, 1)]))
    sizes = [sum(len(text) for text in batch) for batch in parsed_batches]
    assert [len(batch) for batch in parsed_batches] == [3, 3, 1, 1]
    assert all(size <= 1_000 for size, batch in zip(sizes, parsed_batches) if len(batch) > 1)
    assert [r.document.id for r in results] == ["a0", "a1", "a2", "a3", "a4", "a5", "a99", "a7"]


def test_batching_does_not_change_what_is_extracted(pipeline, monkeypatch):
    articles = [article(n, 3) for n in range(4)]
    together = [r.to_dict() for r in pipeline.extract_many(articles)]
    monkeypatch.setattr(pipeline_module, "BATCH_CHARACTERS", 1)  # every document its own batch
    alone = [r.to_dict() for r in pipeline.extract_many(articles)]
    assert alone == together
    assert together[0]["events"], "the fixture sentence is coded (Nairobi officials meet Lima envoys)"


def test_input_errors_pass_through_in_place(pipeline):
    bad = InputError("broken.txt", "empty (no text to analyse)")
    results = list(pipeline.extract_many([article(1, 1), bad, article(2, 1)]))
    assert isinstance(results[1], InputError) and results[1].origin == "broken.txt"
    assert [r.document.id for r in (results[0], results[2])] == ["a1", "a2"]
