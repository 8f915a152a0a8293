"""Documents above max_chars are extracted in parts with offsets kept, or refused; a time budget ends a document."""

from __future__ import annotations

import copy
import itertools
import json
import re

import jsonschema
import pytest

from eventwire import limits, schema
from eventwire.errors import EventwireError
from eventwire.ingest.reading import InputError, RawArticle
from eventwire.pipeline import Pipeline

FIRST = ("North Korea's foreign minister Choe Son Hui left for Moscow on Monday, state media said.\n\n"
         "South Korea said on Tuesday that thousands of North Korean troops had been sent to Russia. "
         "\"This is a grave threat,\" President Yoon Suk Yeol said in Seoul.")
SECOND = ("Ukraine's President Volodymyr Zelenskiy met NATO Secretary General Mark Rutte in Brussels on Thursday.\n\n"
          "\"We need more air defence,\" Zelenskiy told reporters, adding that 10,000 troops were massing near Kursk.")


def configured(pipeline: Pipeline, **settings) -> Pipeline:
    """The session's pipeline with other limits (nothing reloaded)."""
    other = copy.copy(pipeline)
    for name, value in settings.items():
        setattr(other, name, value)
    return other


def raw(text: str) -> RawArticle:
    return RawArticle(id="doc", text=text, origin="doc.txt", published="2024-10-29")


def test_parts_end_at_paragraphs_and_cover_the_text():
    text = "\n\n".join(f"Paragraph {i} " + "word " * (5 + i % 7) for i in range(200))
    found = limits.parts(text, 300)
    assert found[0][0] == 0 and found[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(found))
    assert all(end - start <= 300 for start, end in found)
    assert all(text[end - 2:end] == "\n\n" for _, end in found[:-1])


def test_a_paragraph_longer_than_the_limit_is_cut_at_a_sentence_then_a_space_then_anywhere():
    assert limits.parts("Aaaa bbbb cccc. Dddd eeee ffff gggg.", 24) == [(0, 16), (16, 36)]
    assert limits.parts("aaaa bbbb cccc dddd eeee", 12) == [(0, 10), (10, 20), (20, 24)]
    assert limits.parts("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


def test_a_long_document_is_the_sum_of_its_parts(pipeline):
    text = FIRST + "\n\n" + SECOND
    whole = configured(pipeline, max_chars=len(FIRST) + 2).extract(raw(text))
    first, second = pipeline.extract(raw(FIRST)), pipeline.extract(raw(SECOND))
    assert whole.document.text == text
    offset = len(FIRST) + 2
    assert [(e.name, [(m.start, m.end) for m in e.mentions]) for e in whole.entities] == [
        *[(e.name, [(m.start, m.end) for m in e.mentions]) for e in first.entities],
        *[(e.name, [(m.start + offset, m.end + offset) for m in e.mentions]) for e in second.entities]]
    assert [q.text for q in whole.quotes] == [q.text for q in first.quotes + second.quotes]
    assert len(whole.events) == len(first.events) + len(second.events)


def test_parts_keep_offsets_ids_and_references_valid(pipeline):
    text = "\n\n".join([FIRST, SECOND] * 6)
    result = configured(pipeline, max_chars=700).extract(raw(text))
    record = json.loads(result.to_json())
    jsonschema.validate(record, schema.load_schema())
    ids = [item["id"] for name in ("entities", "events", "quotes", "times", "quantities") for item in record[name]]
    assert len(ids) == len(set(ids))
    for entity in result.entities:
        assert all(text[m.start:m.end] == m.text for m in entity.mentions)
    for quote in result.quotes:
        assert text[quote.start:quote.end] == quote.text
        assert text[quote.cue.start:quote.cue.end] == quote.cue.text
    assert all(text[time.start:time.end] == time.text for time in result.times)
    assert all(text[number.start:number.end] == number.text for number in result.quantities)
    known = set(ids)
    references = re.findall(r'"(?:entity|speaker|about|revises|claimant)": "([a-z]\d+)"', result.to_json())
    assert references and set(references) <= known


def test_parts_move_their_event_records(pipeline):
    """Events of a split document stay `Event` records: triggers and sentences moved to the whole text once each
    (an event shares its trigger with its first mention), and participants renumbered with their entities."""
    text = "\n\n".join([FIRST, SECOND] * 3)
    result = configured(pipeline, max_chars=700).extract(raw(text))
    by_id = {entity.id: entity for entity in result.entities}
    assert [event.id for event in result.events] == [f"v{n}" for n in range(1, len(result.events) + 1)]
    assert result.events[-1].trigger.start > len(FIRST + SECOND) * 2  # the last part's events are there
    for event in result.events:
        for item in (event, *event.mentions):
            assert text[item.trigger.start:item.trigger.end] == item.trigger.text
            assert item.sentence.start <= item.trigger.start < item.sentence.end
        sentences = [(m.sentence.start, m.sentence.end) for m in event.mentions]
        for participant in event.participants:
            assert any(start <= mention.start < end for mention in by_id[participant].mentions
                       for start, end in sentences), (event.id, participant)


def test_refused_when_asked(pipeline):
    [item] = configured(pipeline, max_chars=100, on_long="refuse").extract_many([raw(FIRST)])
    assert isinstance(item, InputError)
    assert str(item).startswith(f"doc.txt: too long ({len(FIRST):,} characters, limit 100)")


def test_a_document_over_its_time_budget_becomes_an_error_and_the_next_goes_on(pipeline):
    timed = configured(pipeline, doc_timeout=1e-4)
    items = list(timed.extract_many([raw(FIRST), RawArticle(id="b", text=SECOND, origin="b.txt")]))
    assert [type(i).__name__ for i in items] == ["InputError", "InputError"]
    assert "took longer than 0.0001 s" in items[0].problem
    items = list(configured(pipeline, doc_timeout=60).extract_many([raw(FIRST)]))
    assert items[0].entities


def test_language_is_checked_by_the_pipeline(pipeline, caplog):
    german = ("Der Außenminister reiste am Montag nach Moskau, wie die staatlichen Medien berichteten. Was die "
              "Regierung in Seoul dazu sagen will, ist noch unklar, doch sie hat die Zusammenarbeit verurteilt.")
    [refused] = pipeline.extract_many([raw(german)])
    assert isinstance(refused, InputError) and "looks like 'de'" in refused.problem
    [read] = configured(pipeline, lang="off").extract_many([raw(german)])
    assert not isinstance(read, InputError)
    [short] = pipeline.extract_many([raw("Olaf Scholz met William Ruto in Nairobi on Friday.")])
    assert not isinstance(short, InputError)
    assert "read as English" in caplog.text


@pytest.mark.parametrize("settings", [{"on_long": "truncate"}, {"lang": "de"}, {"max_chars": 0}])
def test_bad_settings_are_refused(settings):
    with pytest.raises(EventwireError, match=f"{next(iter(settings))} must"):
        Pipeline(**settings)
