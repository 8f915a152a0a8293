"""The CoNLL-2003 scorer: reading, gold offsets, scoring, and recasing of capitals lines."""

from __future__ import annotations

from paths_helpers import FIXTURES

from eventwire.eval.ner import Score, as_doc, evaluate, read_conll

TINY = FIXTURES / "ner" / "tiny.conll"


def test_documents_split_at_markers_wherever_they_stand():
    documents = list(read_conll(TINY))
    assert len(documents) == 2
    assert [len(d.sentences) for d in documents] == [3, 1]
    assert documents[1].sentences[0][0] == ("Acme", "B-ORG")


def test_gold_spans_are_character_offsets_into_the_rebuilt_text(pipeline):
    doc, gold = as_doc(pipeline.nlp.vocab, next(read_conll(TINY)))
    assert doc.text.startswith("MERKEL VISITS PARIS\nBERLIN 1996-08-30\nGerman Chancellor")
    assert {(doc.text[s:e], t) for s, e, t in gold} == {
        ("MERKEL", "PER"), ("PARIS", "LOC"), ("BERLIN", "LOC"), ("German", "MISC"), ("Angela Merkel", "PER"),
        ("Paris", "LOC"), ("European Union", "ORG")}


def test_score_is_exact_span_and_type():
    score = Score()
    score.add(predicted={(0, 5, "PER"), (6, 9, "ORG")}, gold={(0, 5, "PER"), (6, 9, "LOC"), (10, 12, "MISC")})
    assert score.as_dict()["precision"] == 0.5
    assert score.as_dict()["recall"] == round(1 / 3, 4)


def test_evaluate_reports_eventwire_and_the_plain_model(pipeline):
    result = evaluate(TINY, baseline=True)
    assert result["documents"] == 2 and result["gold"] == 10
    assert set(result["by_type"]) == {"PER", "ORG", "LOC", "MISC"}
    assert 0.5 < result["f1"] <= 1.0
    assert 0.0 <= result["baseline"]["f1"] <= 1.0
    assert evaluate(TINY, limit=1)["gold"] == 7


def test_capitals_headline_takes_the_case_the_body_uses(pipeline):
    from eventwire.entities.truecase import truecase

    doc, _ = as_doc(pipeline.nlp.vocab, next(read_conll(TINY)))
    recased = truecase(pipeline.nlp(doc), pipeline.resources.kb, pipeline.nlp)
    assert recased.text.startswith("Merkel Visits Paris\nBerlin 1996-08-30\nGerman Chancellor")
    assert len(recased) == len(doc)


def test_only_the_capitals_lines_and_their_neighbours_are_parsed_again(pipeline):
    """A long story with one capitals line: the lines next to it are read again with it, every other token keeps
    the first parse (its annotations are those of the document as parsed), and tokens and offsets stay aligned."""
    from eventwire.entities.truecase import lines, reparsed_regions, truecase

    body = "\n".join(f"Paragraph {n} says the Foreign Minister met officials in Paris on Monday." for n in range(8))
    doc = pipeline.nlp(f"{body}\nFRANCE AND GERMANY SIGN TRADE PACT\n{body}")
    recased = truecase(doc, pipeline.resources.kb, pipeline.nlp)
    assert [t.text.lower() for t in recased] == [t.text.lower() for t in doc] and recased.text.lower() == doc.text.lower()
    assert "France and Germany Sign Trade Pact" in recased.text
    (start, end), = reparsed_regions(lines(doc), [8], len(doc))
    assert (doc[start - 1].text, doc[end - 1].text) == ("\n", "\n") and doc[start:end].text.count("\n") == 3
    kept = [i for i in range(len(doc)) if not start <= i < end]
    assert [(recased[i].tag_, recased[i].dep_, recased[i].head.i, recased[i].ent_iob_) for i in kept] == [
        (doc[i].tag_, doc[i].dep_, doc[i].head.i, doc[i].ent_iob_) for i in kept]
