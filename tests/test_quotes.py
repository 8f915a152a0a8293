import json

import pytest
from paths_helpers import FIXTURES

from eventwire.quotes.marks import find_quotations

POLNEAR_FIXTURE = FIXTURES / "quotes" / "polnear"


def quoted(text):
    return [text[q.inner_start:q.inner_end] for q in find_quotations(text)]


def find(result, kind, words):
    return next(q for q in result.quotes if q.kind == kind and words in q.text)


# --- the reference article -------------------------------------------------------------------

def test_embassy_statement_is_spoken_by_the_russian_embassy(example):
    quote = find(example, "direct", "The visit of the head of the DPRK Foreign Ministry")
    assert quote.speaker_name == "the Russian embassy" or "embassy" in quote.speaker_name.lower()
    assert quote.cue.text == "said"
    span = quote.speaker_span
    assert example.document.text[span.start:span.end] == "the statement"


def test_illegal_is_a_partial_quote_by_yoon(example):
    quote = find(example, "partial", "illegal")
    assert quote.text == "illegal"
    assert example.entity(quote.speaker).name == "Yoon Suk Yeol"
    content = example.document.text[quote.content.start:quote.content.end]
    assert content.startswith("“illegal” military cooperation") and content.endswith("international community")


def test_yoon_told_the_meeting(example):
    quote = find(example, "direct", "I want everyone")
    assert quote.text == "I want everyone to be on alert about risk management"
    assert quote.cue.text == "told"
    assert example.entity(quote.speaker).name == "Yoon Suk Yeol"
    assert example.document.text[quote.start:quote.end] == quote.text


def test_biden_called_the_situation_very_dangerous(example):
    quote = next(q for q in example.quotes if q.text == "very dangerous")
    assert quote.kind == "partial"
    assert example.entity(quote.speaker).name == "Joe Biden"


def test_reported_speech_has_source_and_content(example):
    pentagon = find(example, "indirect", "Washington would not impose new limits")
    assert pentagon.speaker_name == "Pentagon" and pentagon.text.startswith("that Washington")
    it_said = find(example, "indirect", "North Korea had sent 10,000 troops")
    assert it_said.speaker == pentagon.speaker  # "It also said" refers back to the Pentagon
    kcna = find(example, "indirect", "a delegation led by Choe left on Monday")
    assert example.entity(kcna.speaker).name == "Korean Central News Agency"


def test_items_are_ordered_and_numbered(example):
    starts = [q.start for q in example.quotes]
    assert starts == sorted(starts)
    assert [q.id for q in example.quotes] == [f"q{i}" for i in range(1, len(example.quotes) + 1)]
    assert list(example.quotes[0].to_dict()) == ["id", "kind", "text", "start", "end", "cue", "speaker", "speaker_name",
                                       "speaker_span", "content", "nested"]


def test_content_never_includes_the_dateline(example):
    first = example.quotes[0]
    assert not example.document.text[first.content.start:].startswith("SEOUL")


# --- quotation marks --------------------------------------------------------------------------

def test_typographic_straight_and_typewriter_marks():
    assert quoted("“One,” he said. \"Two,\" she said. ''Three,'' they said.") == ["One,", "Two,", "Three,"]


def test_apostrophes_are_not_quotes():
    assert quoted("Korea’s minister said the ministers’ talks were ‘useful’.") == ["useful"]


def test_nested_quotes():
    text = "“He called it ‘illegal’ on Monday,” she said."
    [outer] = find_quotations(text)
    assert [text[n.inner_start:n.inner_end] for n in outer.nested] == ["illegal"]


def test_quote_continued_over_paragraphs_is_one_quotation():
    text = "“We will stay.\n\n“We will not leave,” he said."
    [quotation] = find_quotations(text)
    assert (quotation.start, quotation.end) == (0, len(text) - len(" he said."))


def test_unclosed_quote_is_left_out():
    assert quoted("He said “this never ends.\n\nThe next paragraph is plain.") == []


# --- sentences --------------------------------------------------------------------------------

def test_quote_before_and_after_the_cue(extract_text):
    result = extract_text("Maria Lopez spoke on Friday. “We need more buses,” Lopez said. "
                          "She added: “The city cannot wait.”")
    first = find(result, "direct", "We need more buses")
    second = find(result, "direct", "The city cannot wait")
    assert first.speaker is not None and first.speaker == second.speaker
    assert result.entity(first.speaker).type == "PERSON"
    assert second.cue.text == "added"


def test_according_to(extract_text):
    result = extract_text("Prices rose by 5 percent last year, according to the World Bank.")
    quote = find(result, "indirect", "Prices rose")
    assert quote.cue.text == "according to"
    assert "World Bank" in quote.speaker_name


def test_malformed_quote_does_not_crash_or_invent_a_quote(extract_text):
    result = extract_text("The minister said “the talks failed.\n\nOfficials declined to comment.")
    assert all("“" not in q.text for q in result.quotes)
    assert not [q for q in result.quotes if q.kind == "direct"]


@pytest.mark.parametrize("text", ["", "“", "” said.", "\"\"\"", "‘’‘’", "“a\n\n“b\n\n“c"])
def test_odd_marks_never_crash(text):
    find_quotations(text)


# --- evaluation on PolNeAR-format files ---------------------------------------------------------

def test_read_brat_attributions():
    from eventwire.eval.quotes import read_ann

    gold = read_ann(POLNEAR_FIXTURE / "attributions" / "town-council_aaaa.ann")
    assert len(gold) == 2
    text = (POLNEAR_FIXTURE / "text" / "town-council.txt").read_text(encoding="utf-8")
    assert "".join(text[i] for i in sorted(gold[0]["cue"])) == "said"


def test_articles_annotated_twice_are_grouped():
    from eventwire.eval.quotes import articles

    [(name, _, annotations)] = articles(POLNEAR_FIXTURE)
    assert name == "town-council" and len(annotations) == 2


def test_eval_scores_the_fixture(pipeline):
    from eventwire.eval.quotes import evaluate

    report = evaluate(POLNEAR_FIXTURE)
    json.dumps(report)
    assert report["articles"] == 1 and report["annotations"] == 2
    assert report["gold_attributions"] == 1.5  # averaged over the two annotations
    assert report["content_recall"] == 1.0 and report["source_recall"] == 1.0
    assert report["attribution_recall"] == 1.0
    for key in ("source_f1", "cue_f1", "content_f1"):
        assert 0.0 <= report[key] <= 1.0


def test_split_quote_and_continued_paragraph_keep_the_speaker(extract_text):
    result = extract_text("Officials met on Monday.\n\n“We will win,” said Maria Lopez, “and we will stay.”\n\n"
                          "“Nobody can stop this city from building its future,” she added.\n\n"
                          "“It is our turn now and everyone knows it.”")
    first = find(result, "direct", "We will win")
    second = find(result, "direct", "and we will stay")
    last = find(result, "direct", "It is our turn now")
    assert first.speaker_name == "Maria Lopez"
    assert second.cue == first.cue and second.speaker == first.speaker
    assert last.cue.text == "added" and last.speaker == first.speaker


def test_nominal_cue_with_owner(extract_text):
    result = extract_text("Senator Maria Lopez spoke in Denver on Monday. "
                          "Lopez's call for new elections angered the governor.")
    quote = find(result, "indirect", "new elections")
    assert quote.cue.text == "call"
    assert quote.speaker_name == "Maria Lopez"


def test_pronoun_prefers_the_recent_subject(extract_text):
    result = extract_text("Paul Ryan visited Prime Minister Benjamin Netanyahu in Jerusalem on Monday. "
                          "He said the talks had been useful.")
    quote = find(result, "indirect", "the talks had been useful")
    assert quote.speaker_name == "Paul Ryan"
