"""Corrections of the statistical NER: capitals lines, document agreement, sports stories, name shapes."""

from __future__ import annotations

import pytest
from paths_helpers import FIXTURES


@pytest.fixture(scope="module")
def sports(extract_text):
    result = extract_text((FIXTURES / "ner" / "sports-story.txt").read_text(encoding="utf-8"))
    return {m.text: e.type for e in result.entities for m in e.mentions}


def test_places_that_name_teams_are_organisations_in_a_sports_story(sports):
    assert sports["NEWCASTLE"] == sports["Newcastle"] == "ORG"
    assert sports["Leeds"] == "ORG"
    assert sports["Swansea"] == sports["Bath"] == "ORG"


def test_dateline_place_stays_a_place(sports):
    assert sports["LONDON"] == "GPE"


def test_surname_alone_is_the_person_named_in_full(sports):
    assert sports["Shearer"] == "PERSON"
    assert sports["Howard Wilkinson"] == "PERSON"


def test_name_before_a_bracketed_country_is_a_competitor(sports):
    assert sports["Olaf Ludwig"] == "PERSON"
    assert sports["Germany"] == "GPE"


def test_places_stay_places_outside_sport(extract_text):
    result = extract_text("The bank moved its headquarters from London to Leeds on Monday, its chairman said.\n"
                          "Leeds council welcomed the move.")
    types = {m.text: e.type for e in result.entities for m in e.mentions}
    assert types.get("Leeds") == "GPE"


def test_scores_and_separators_are_cut_from_names(pipeline):
    from spacy.tokens import Doc

    from eventwire.entities.boundaries import name_parts

    lists = pipeline.resources.name_words
    doc = Doc(pipeline.nlp.vocab, words=["Lithuania", "-", "Danius", "Gleveckas", "Kent", "108-3"])
    assert [doc[start:end].text for start, end in name_parts(doc, 0, 4, lists)] == ["Lithuania", "Danius Gleveckas"]
    assert [doc[start:end].text for start, end in name_parts(doc, 4, 6, lists)] == ["Kent"]


def test_reference_article_names_survive_the_corrections(example):
    people = [e.name for e in example.entities if e.type == "PERSON"]
    assert people.count("Choe Son Hui") == 1 and people.count("Ursula von der Leyen") == 1
    types = {m.text: e.type for e in example.entities for m in e.mentions}
    assert types["Kyiv"] == "GPE" and types["Kursk"] in {"GPE", "LOC"}
    assert not any(word in name for name in people for word in ("Leaves", "Troop", "Dispatch"))
