"""Entities and actors on the reference article and on small texts of our own."""

import pytest


def by_name(result, name):
    found = [e for e in result.entities if e.name == name]
    assert found, f"no entity named {name!r}; have {[e.name for e in result.entities]}"
    return found[0]


def mention_texts(entity):
    return {m.text for m in entity.mentions}


def test_full_korean_name_is_one_person(example):
    choe = by_name(example, "Choe Son Hui")
    assert choe.type == "PERSON"
    assert not [e for e in example.entities if e.name in {"Choe Son", "Hui"}]
    assert choe.actor.country == "PRK" and choe.actor.sector == "GOV" and choe.actor.code == "PRKGOV"
    assert choe.actor.role == "Foreign Minister"


def test_surname_mentions_corefer(example):
    choe = by_name(example, "Choe Son Hui")
    starts = [m.start for m in choe.mentions]
    text = example.document.text
    assert text.index("led by Choe") + len("led by ") in starts
    assert text.index("Choe’s visit") in starts
    yoon = by_name(example, "Yoon Suk Yeol")
    assert "Yoon" in mention_texts(yoon)
    assert "South Korea’s president" in mention_texts(yoon)
    assert yoon.actor.code == "KORGOV" and yoon.actor.role == "President"


def test_names_of_north_korea_are_one_entity(example):
    north_korea = by_name(example, "North Korea")
    assert {"North Korea", "DPRK", "Democratic People’s Republic of Korea"} <= mention_texts(north_korea)
    assert north_korea.actor.code == "PRK"


def test_capital_used_as_actor_is_the_government(example):
    pyongyang = by_name(example, "Pyongyang")
    assert pyongyang.actor.code == "PRKGOV"
    text = example.document.text
    flags = {m.start: m.metonymic for m in pyongyang.mentions}
    assert flags[text.index("Pyongyang’s involvement")] is True
    assert flags[text.index("Pyongyang, Alexander")] is False


def test_headline_words_are_not_people_and_places_are_places(example):
    names = {e.name for e in example.entities}
    assert "Leaves" not in names and "Troop Dispatch" not in names
    assert by_name(example, "Kyiv").type == "GPE"
    kursk = by_name(example, "Kursk")
    assert kursk.type in {"GPE", "LOC"} and kursk.place.country == "RUS"


def test_roles_from_premodifiers_and_appositives(example):
    assert by_name(example, "Alexander Matsegora").actor.code == "RUSGOV"
    assert by_name(example, "Alexander Matsegora").actor.role == "Ambassador"
    rutte = by_name(example, "Mark Rutte").actor
    assert rutte.igo == "NATO" and rutte.role == "Secretary-General"
    assert by_name(example, "Ursula von der Leyen").actor.igo == "EU"
    assert by_name(example, "Joe Biden").actor.code == "USAGOV"
    assert by_name(example, "Kim Jong Un").actor.country == "PRK"


def test_media_and_group_actors(example):
    kcna = by_name(example, "Korean Central News Agency")
    assert kcna.actor.sector == "JRN" and kcna.actor.country == "PRK"
    assert by_name(example, "Reuters").actor.sector == "JRN"
    embassy = by_name(example, "Russian embassy")
    assert embassy.type == "GROUP" and embassy.actor.code == "RUSGOV"
    assert by_name(example, "North Korean troops").actor.code == "PRKMIL"
    assert by_name(example, "Pentagon").actor.code == "USAMIL"


def test_credit_line_names_are_not_entities(example):
    credit = next(s for s in example.document.sections if s.kind == "credit")
    for entity in example.entities:
        for mention in entity.mentions:
            assert not (credit.start <= mention.start < credit.end)


def test_entity_ids_follow_first_mention(example):
    firsts = [min(m.start for m in e.mentions) for e in example.entities]
    assert [e.id for e in example.entities] == [f"e{i}" for i in range(1, len(firsts) + 1)]


@pytest.mark.parametrize("text, name, country, role", [
    ("Choe Son Hui, North Korea's foreign minister, arrived in Moscow on Monday.", "Choe Son Hui", "PRK",
     "Foreign Minister"),
    ("The president of France, Emmanuel Macron, met farmers in Paris.", "Emmanuel Macron", "FRA", "President"),
    ("German Chancellor Olaf Scholz spoke to reporters in Berlin.", "Olaf Scholz", "DEU", "Chancellor"),
])
def test_roles_generalise(extract_text, text, name, country, role):
    person = by_name(extract_text(text), name)
    assert person.actor.country == country
    assert person.actor.role == role


def test_kremlin_is_russian_government(extract_text):
    result = extract_text("The Kremlin said on Friday that talks with Kyiv were frozen.")
    kremlin = next(e for e in result.entities if e.kb and e.kb.startswith("seat:RUS"))
    assert kremlin.actor.code == "RUSGOV"
    assert by_name(result, "Kyiv").actor.code == "UKRGOV"


def test_short_form_of_organisation_corefers(extract_text):
    result = extract_text("Calmos Systems Inc will receive a grant, the government said. Calmos said it was pleased.")
    calmos = by_name(result, "Calmos Systems Inc")
    assert mention_texts(calmos) == {"Calmos Systems Inc", "Calmos"}


def test_unnamed_role_holders_are_actors(extract_text):
    result = extract_text("The Chinese foreign ministry spokesman criticised Japan. Egypt's president stayed silent.")
    assert by_name(result, "Chinese foreign ministry spokesman").actor.code == "CHNGOV"
    assert by_name(result, "Egypt's president").actor.code == "EGYGOV"


def test_role_reference_links_to_named_holder(extract_text):
    result = extract_text("Israeli Prime Minister Benjamin Netanyahu met Egypt's president on Monday. "
                          "The Israeli prime minister said the talks went well.")
    assert "Israeli prime minister" in mention_texts(by_name(result, "Benjamin Netanyahu"))


def test_named_bodies_and_local_institutions(extract_text):
    result = extract_text("Hamas fighters attacked the town, the Pentagon said. Peru's Congress voted on Monday.")
    assert by_name(result, "Hamas").actor.sector == "REB"
    assert not [e for e in result.entities if e.type == "GROUP"]
    congress = next(e for e in result.entities if "Congress" in mention_texts(e))
    assert congress.actor.code == "PERLEG"


def test_headline_and_appositive_roles_are_mentions_of_the_holder(example):
    assert "North Korea’s Foreign Minister" in mention_texts(by_name(example, "Choe Son Hui"))
    assert not [e for e in example.entities if e.type == "GROUP" and "ambassador" in e.name.lower()]


def test_dateline_place_is_not_an_actor(example):
    seoul = by_name(example, "Seoul")
    dateline = next(m for m in seoul.mentions if m.text == "SEOUL")
    assert dateline.metonymic is False
