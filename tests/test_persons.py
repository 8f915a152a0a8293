"""The person knowledge base: dates, name variants, the ambiguity rule, and the text-wins rule in the entity stage.

Most tests use a tiny persons file (`tests/fixtures/persons/persons.tsv`); one checks the shipped one.
"""

from __future__ import annotations

import copy
import gzip
import logging

import pytest
from paths_helpers import FIXTURES

PERSONS = FIXTURES / "persons" / "persons.tsv"


@pytest.fixture(scope="module")
def rules():
    from eventwire.entities.kb import knowledge_base

    return knowledge_base().name_rules


@pytest.fixture(scope="module")
def persons(rules):
    from eventwire.entities.persons import PersonKB

    return PersonKB(PERSONS, rules)


def resolved(persons, names, date, **context):
    match = persons.resolve(names, date, **context)
    return None if match is None else (match.person.id, match.role.country, match.sector, match.status, match.how)


# -- dates ------------------------------------------------------------------------------------
def test_role_on_the_story_date(persons):
    assert resolved(persons, ["Angela Merkel"], "2010-05-01") == ("t:merkel", "DEU", "GOV", "in office", "name")
    assert resolved(persons, ["Merkel"], "2023-05-01") == ("t:merkel", "DEU", "ELI", "former", "surname")


def test_undated_story_takes_the_latest_role(persons):
    match = persons.resolve(["Ronald Reagan"], None)
    assert (match.role.title, match.status) == ("President", "latest")


def test_before_any_office_has_the_country_but_no_sector(persons):
    assert resolved(persons, ["Mark Rutte"], "2005-01-01", countries=frozenset({"NLD"})) == (
        "t:rutte", "NLD", None, "before office", "name")
    assert persons.resolve(["Mark Rutte"], "1990-01-01", countries=frozenset({"NLD"})) is None  # 20 years before


def test_a_person_too_young_on_the_date_is_not_matched(persons):
    assert persons.resolve(["Tom Young"], "2012-06-01", countries=frozenset({"GBR"})) is None
    assert persons.resolve(["Tom Young"], "2031-06-01", countries=frozenset({"GBR"})) is not None


def test_dates_of_partial_precision_and_timestamps(persons):
    chn = frozenset({"CHN"})
    assert resolved(persons, ["Xi Wenhai"], "2018-03-20T10:00:00", countries=chn)[3] == "in office"  # end "2018-03" is the month
    assert resolved(persons, ["Xi Wenhai"], "2018-04-01", countries=chn)[3] == "former"


# -- names as people write them -------------------------------------------------------------------
def test_initials_and_titles_are_dropped(persons):
    assert resolved(persons, ["Raj K. Chohan"], "2015-01-01", countries=frozenset({"GBR"}))[0] == "t:chohan"
    assert resolved(persons, ["President Ronald Reagan"], "1987-03-03")[:3] == ("t:reagan", "USA", "GOV")


def test_hyphenated_given_names_stay_whole(rules, persons):
    assert rules.words("Cho Tae-yul") == ("cho", "tae-yul")
    kor = frozenset({"KOR"})
    assert resolved(persons, ["Cho Tae-yul"], "2024-05-01", countries=kor)[0] == "t:cho"
    assert persons.resolve(["Tae-yul"], "2024-05-01", countries=kor) is None  # a given name is not a short name
    assert resolved(persons, ["Cho"], "2024-05-01", countries=kor)[0] == "t:cho"  # family name first in Korean


def test_transliteration_variants_meet(rules, persons):
    keys = {rules.loose(rules.words(n)) for n in ("Qaddafi", "Gaddafi", "Kadhafi", "Gadhafi")}
    assert len(keys) == 1
    assert resolved(persons, ["Kadhafi"], "2005-01-01")[:2] == ("t:gaddafi", "LBY")
    assert resolved(persons, ["Moammar Kadhafi"], "2005-01-01")[-1] == "variant"
    assert resolved(persons, ["Kim Jong-un"], "2019-01-01")[0] == "t:kimju"


def test_a_title_written_in_the_name_selects_the_office(persons):
    """Two Xis hold something in 2015; "President Xi" is the one whose role is a presidency."""
    assert resolved(persons, ["President Xi"], "2015-01-01")[0] == "t:xi"


def test_among_namesakes_in_office_the_leader_is_meant(persons):
    """"Xi" alone in 2015: a legislator and the president hold office, and news naming a bare surname means the
    one who leads; before either held office nothing selects one of them."""
    assert resolved(persons, ["Xi"], "2015-01-01")[0] == "t:xi"
    assert persons.resolve(["Xi"], "2010-01-01") is None


# -- ambiguity -----------------------------------------------------------------------------------
def test_an_ambiguous_surname_alone_is_not_coded(persons):
    assert persons.resolve(["Kim"], None) is None


def test_context_selects_among_surnames(persons):
    assert resolved(persons, ["Kim"], "2015-01-01")[0] == "t:kimju"  # the only Kim holding office then
    assert resolved(persons, ["Kim"], None, countries=frozenset({"KOR"}))[0] == "t:kimbk"
    assert resolved(persons, ["Kim"], None, title="Prime Minister")[0] == "t:kimbk"
    assert resolved(persons, ["Kim", "Kim Boo-kyum"], "2021-06-01")[0] == "t:kimbk"  # the full name wins


def test_a_match_needs_context(persons):
    """A name of a person who led no country needs the story to name their country or the text a role: elsewhere
    a homonym is as likely. A surname alone is not tried when the story names someone in full the KB lacks."""
    assert persons.resolve(["Raj Chohan"], "2015-01-01") is None
    assert resolved(persons, ["Raj Chohan"], "2015-01-01", title="MP")[0] == "t:chohan"
    assert resolved(persons, ["Reagan"], "1987-03-03")[0] == "t:reagan"  # a president needs no more
    assert persons.resolve(["Reagan", "Nancy Reagan"], "1987-03-03") is None


# -- the file -------------------------------------------------------------------------------------
def test_a_file_without_an_index_is_indexed_on_load(rules, caplog):
    from eventwire.entities.persons import PersonKB

    with caplog.at_level(logging.WARNING):
        kb = PersonKB(PERSONS, rules)
    assert len(kb) == 11 and "indexing on load" in caplog.text


def test_bad_rows_name_the_file(rules, tmp_path):
    from eventwire.entities.persons import PersonKB

    kb = PersonKB(FIXTURES / "persons" / "bad.tsv", rules)
    with pytest.raises(ValueError, match=r"bad\.tsv: t:x: a role needs 7"):
        kb.resolve(["Angela Merkel"], None)
    short = tmp_path / "short.tsv.gz"
    short.write_bytes(gzip.compress(b"id\tname\n1\tA B\n"))
    with pytest.raises(ValueError, match=r"short\.tsv\.gz: person row 1: expected 6"):
        PersonKB(short, rules)


def test_the_shipped_file_is_indexed_for_the_current_rules(caplog):
    from eventwire.entities.kb import knowledge_base

    with caplog.at_level(logging.WARNING):
        kb = copy.copy(knowledge_base())  # its own person KB, read now
        persons = kb.persons
    assert len(persons) >= 15000 and "indexing on load" not in caplog.text
    assert any("licence" in line for line in persons.header)
    match = persons.resolve(["Ronald Reagan"], "1987-06-01")
    assert (match.role.country, match.sector) == ("USA", "GOV")


# -- in the entity stage ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_pipeline():
    """The pipeline with the tiny persons file in place of the shipped one."""
    from eventwire.entities.kb import knowledge_base
    from eventwire.pipeline import Pipeline
    from eventwire.resources import Resources

    resources = Resources()
    resources.kb = copy.copy(knowledge_base())
    resources.kb.persons_file = PERSONS
    return Pipeline(resources=resources)


def people(pipeline, text, published):
    from eventwire.ingest.reading import RawArticle

    result = pipeline.extract(RawArticle(id="t", text=text, origin="<test>"), published=published)
    return {e.name: e for e in result.entities if e.type == "PERSON"}


def test_kb_codes_a_person_the_text_gives_no_country(small_pipeline):
    found = people(small_pipeline, "President Reagan said on Tuesday he would veto the bill.", "1987-03-03")
    actor = found["Reagan"].actor
    assert (actor.code, actor.role, actor.basis) == ("USAGOV", "President", "kb")
    assert actor.rule.startswith("surname; in office") and found["Reagan"].kb == "person:t:reagan"


def test_former_leader_is_elite(small_pipeline):
    found = people(small_pipeline, "Angela Merkel opened the exhibition in Berlin on Sunday.", "2023-05-01")
    actor = found["Angela Merkel"].actor
    assert (actor.code, actor.basis, actor.role) == ("DEUELI", "kb", "former Chancellor")


def test_a_role_in_the_text_wins_over_the_kb(small_pipeline):
    found = people(small_pipeline, "NATO Secretary-General Mark Rutte said the alliance would stand firm.", "2024-11-05")
    actor = found["Mark Rutte"].actor
    assert (actor.code, actor.igo, actor.basis) == ("NATO", "NATO", "text")


def test_mr_kim_is_the_kim_of_the_story(small_pipeline):
    found = people(small_pipeline, "Mr. Kim said the talks went well. North Korean leader Kim Jong Un arrived on "
                                   "Tuesday.", "2019-02-27")
    assert "Kim" not in found and found["Kim Jong Un"].actor.country == "PRK"
    assert len(found["Kim Jong Un"].mentions) == 2


def test_an_office_without_a_country_is_of_the_country_filed_from(small_pipeline):
    found = people(small_pipeline, "Japan Trade Talks\n\nTOKYO, March 13 - Finance Minister Hajime Tamura told "
                                   "parliament that Taro Sato had left.", "1987-03-13")
    actor = found["Hajime Tamura"].actor
    assert (actor.code, actor.basis, actor.role) == ("JPNGOV", "dateline", "Finance Minister")
    assert found["Taro Sato"].actor is None  # no office: the dateline says nothing about him


def test_a_known_office_holder_tagged_as_an_organisation_is_a_person(extract_text):
    """The statistical model reads 'Olaf Scholz' as an organisation; the shipped person KB knows him exactly as
    the German chancellor of 2023, so he is a person with Germany's government code. Companies stay companies."""
    found = {e.name: e for e in extract_text("Olaf Scholz met William Ruto in Nairobi on Friday.", "2023-05-05").entities}
    assert (found["Olaf Scholz"].type, found["Olaf Scholz"].actor.code) == ("PERSON", "DEUGOV")
    assert found["William Ruto"].actor.code == "KENGOV"
    companies = extract_text("Goldman Sachs hired Morgan Stanley bankers.", "2023-05-05").entities
    assert {e.type for e in companies} == {"ORG"}
