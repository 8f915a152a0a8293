"""Places: every place entity gets a resolved place, using the document as evidence."""

import json
from pathlib import Path

import pytest
from paths_helpers import FIXTURES
from typer.testing import CliRunner

PLACE_KEYS = ["geonames_id", "name", "lat", "lon", "feature", "country", "admin1", "confidence"]


@pytest.fixture(scope="module")
def resolver(pipeline):
    return pipeline.resources.places


def resolve_together(resolver, names: list[str]):
    queries = [resolver.parse(name) for name in names]
    resolved = resolver.resolve(queries)
    return [resolved[q] for q in queries]


def entity_named(example, name):
    return next(e for e in example.entities if e.name == name or any(m.text == name for m in e.mentions))


def test_every_place_entity_has_a_place(example):
    places = [e for e in example.entities if e.type in {"GPE", "LOC"}]
    assert places
    for entity in places:
        assert entity.place is not None and list(entity.place.to_dict())[:len(PLACE_KEYS)] == PLACE_KEYS


def test_kursk_region_is_in_russia(example):
    kursk = entity_named(example, "Kursk")
    assert kursk.place.country == "RUS"
    assert abs(kursk.place.lat - 51.7) < 0.5 and abs(kursk.place.lon - 36.2) < 0.5


def test_far_east_is_a_region_of_russia(example):
    far_east = entity_named(example, "Far East")
    assert far_east.place.country == "RUS" and far_east.place.feature == "region"


def test_moscow_is_a_place_and_stays_an_actor(example):
    moscow = entity_named(example, "Moscow")
    assert moscow.place.feature == "city" and moscow.place.country == "RUS"
    assert moscow.actor is not None and moscow.actor.code == "RUSGOV"
    text = example.document.text
    literal = [m for m in moscow.mentions if text[max(0, m.start - 3):m.start] == "in " and text[m.end] != "’"]
    owner = [m for m in moscow.mentions if text[m.end:m.end + 6] == "’s war"]
    assert literal and not any(m.metonymic for m in literal)
    assert owner and all(m.metonymic for m in owner)


def test_dateline_seoul_is_in_south_korea(example):
    assert entity_named(example, "Seoul").place.country == "KOR"


def test_paris_in_a_texas_story_is_paris_texas(resolver):
    paris, _, _ = resolve_together(resolver, ["Paris", "Texas", "Dallas"])
    assert paris.place.country == "USA" and paris.place.admin1 == "Texas"
    alone, = resolve_together(resolver, ["Paris"])
    assert alone.place.country == "FRA"


def test_georgia_follows_its_neighbours(resolver):
    near_tbilisi, _ = resolve_together(resolver, ["Georgia", "Tbilisi"])
    near_atlanta, _ = resolve_together(resolver, ["Georgia", "Atlanta"])
    assert near_tbilisi.place.feature == "country" and near_tbilisi.place.country == "GEO"
    assert near_atlanta.place.feature == "admin1" and near_atlanta.place.country == "USA"


def test_kind_words_and_directions(resolver):
    region, eastern, owned = resolve_together(resolver, ["the Kursk region", "eastern Russia", "Russia's Kursk region"])
    assert region.place.feature == "admin1" and region.place.country == "RUS"
    assert eastern.place.feature == "country" and eastern.place.country == "RUS"
    assert owned.place.geonames_id == region.place.geonames_id


def test_ambiguous_name_without_evidence_is_low_confidence(resolver):
    springfield, = resolve_together(resolver, ["Springfield"])
    assert springfield.confidence == "low" and len(springfield.candidates) > 1


def test_qualifier_after_a_comma_decides(resolver):
    query = resolver.query("Alexandria", "Alexandria, Louisiana, police said.", 0, 10)
    resolution = resolver.resolve([query])[query]
    assert resolution.place.country == "USA" and resolution.place.admin1 == "Louisiana"


def test_missed_place_names_become_entities(extract_text):
    result = extract_text("Iraqi forces pushed into the Anbar desert on Monday, officials said.")
    anbar = next(e for e in result.entities if any("Anbar" in m.text for m in e.mentions))
    assert anbar.place.country == "IRQ"
    assert anbar.type in {"GPE", "LOC"}


def test_a_user_file_adds_places(tmp_path):
    from eventwire.places.gazetteer import Builder, Features

    builder = Builder(Features.load(), {})
    builder.add_yaml(FIXTURES / "places" / "extra.yaml")
    gazetteer = builder.freeze()
    place, = gazetteer.candidates("Quietwater camp")
    assert place.country == "SDN" and place.lat == 12.5


def test_a_division_takes_its_state_point_only_when_plausible():
    from types import SimpleNamespace

    from eventwire.places.gazetteer import Builder, Features, Place, centre

    towns = [(40.0, -80.0), (45.0, -72.0), (41.0, -74.0)]
    states = {"XX-AA": (43.0, -75.0), "XX-BB": (10.0, 10.0), "XX-CC": (41.0, -74.0)}
    builder = Builder(Features.load(), {}, states)
    builder.add(Place(1, "Harbour", 41.0, -74.0, "city", "XXX", "Harbour", 8_000_000), ["Harbour"])

    def division(code, name):
        return SimpleNamespace(iso_code=code, name=name, country=SimpleNamespace(alpha2="XX", alpha3="XXX"))

    assert builder.division_point(division("XX-AA", "Upland"), towns) == (43.0, -75.0)
    assert builder.division_point(division("XX-BB", "Faraway"), towns) == centre(towns)  # outside its towns' box
    assert builder.division_point(division("XX-CC", "Harbour"), towns) == centre(towns)  # its namesake city's point
    assert builder.division_point(division("XX-ZZ", "Nowhere"), towns) == centre(towns)  # no point known


def test_known_divisions_have_plausible_points(resolver):
    from eventwire.places.gazetteer import distance_km

    for name, country, (lat, lon) in [("Ontario", "CAN", (49.3, -84.5)), ("Jiangsu", "CHN", (33.0, 119.8)),
                                      ("New York", "USA", (43.0, -75.5))]:
        place = next(p for p in resolver.gazetteer.candidates(name) if p.feature == "admin1" and p.country == country)
        assert distance_km(place.lat, place.lon, lat, lon) < 161, name


def test_geocode_command_prints_scored_candidates():
    from eventwire.cli import app

    outcome = CliRunner().invoke(app, ["geocode", "Kursk region"])
    assert outcome.exit_code == 0, outcome.output
    answer = json.loads(outcome.output)
    best = answer["candidates"][0]
    assert best["country"] == "RUS" and best["feature"] == "admin1" and "score" in best


def test_eval_reads_every_gold_format(tmp_path):
    from eventwire.eval.places import read_corpus

    sample = Path(tmp_path / "gold.xml")
    sample.write_text(
        "<articles><article docid='1'><text>Fire in Alexandria, Louisiana.</text><toponyms><toponym>"
        "<phrase>Alexandria</phrase><start>8</start><end>18</end><gaztag geonameid='4314550'>"
        "<lat>31.3113</lat><lon>-92.4451</lon></gaztag></toponym></toponyms></article></articles>",
        encoding="utf-8")
    article, = read_corpus(sample)
    toponym, = article.toponyms
    assert (toponym.name, toponym.geonames_id, toponym.start) == ("Alexandria", 4314550, 8)


def test_place_names_the_model_mistyped_become_places(extract_text):
    result = extract_text("Floods cut off dozens of villages in Uttar Pradesh and near Dogubayazit, Turkey, on Monday.")
    for name, country in (("Uttar Pradesh", "IND"), ("Dogubayazit", "TUR")):
        entity = next(e for e in result.entities if any(m.text == name for m in e.mentions))
        assert entity.type in {"GPE", "LOC"} and entity.place.country == country


def test_region_words_used_as_modifiers_are_regions_not_towns(extract_text):
    result = extract_text("SEOUL, Oct 29 (Reuters) - South Korea and the United States discussed Indo-Pacific and "
                          "Euro-Atlantic security on Tuesday, officials in Seoul said. Troops also train in West Africa.")
    for name in ("Indo-Pacific", "Euro-Atlantic", "West Africa"):
        entity = next(e for e in result.entities if any(m.text == name for m in e.mentions))
        assert entity.place.feature == "region" and entity.place.basis == "region"
        assert entity.place.lat is None and entity.place.name == name


def test_a_named_region_lists_its_countries(resolver, pipeline):
    from eventwire.document import Entity
    from eventwire.places.resolve import PlaceResolution, Query
    from eventwire.places.stage import entity_place

    baltics = Entity("e1", "Baltics", "LOC", None, [], "region:Baltics")
    record = entity_place(baltics, PlaceResolution(Query("Baltics", "Baltics")), resolver, pipeline.resources.regions)
    assert record.countries == ["EST", "LVA", "LTU"] and record.basis == "region"


def test_washington_in_a_story_about_the_us_government_is_the_capital(extract_text):
    result = extract_text("The U.S. government said Washington will send more aid to Ukraine, the State Department "
                          "said on Friday.")
    washington = next(e for e in result.entities if any(m.text == "Washington" for m in e.mentions))
    assert washington.place.feature == "city" and washington.place.confidence == "high"
    assert abs(washington.place.lat - 38.9) < 0.2 and abs(washington.place.lon + 77.0) < 0.2


def test_washington_state_stays_the_state(resolver):
    state, _, _ = resolve_together(resolver, ["Washington state", "Seattle", "Spokane"])
    assert state.place.feature == "admin1" and state.place.country == "USA"


def test_only_a_facility_the_gazetteer_lacks_gets_the_story_main_place(resolver):
    from eventwire.document import Entity
    from eventwire.places.resolve import PlaceResolution, Query
    from eventwire.places.stage import entity_place

    dallas = resolver.gazetteer.by_id(4684888)
    unknown = PlaceResolution(Query("Zorblatt", "Zorblatt"), focus=dallas)
    library = entity_place(Entity("e1", "Zorblatt Library", "FAC", None, []), unknown, resolver, {})
    town = entity_place(Entity("e2", "Zorblatt", "GPE", None, []), unknown, resolver, {})
    assert library.basis == "document" and library.name == "Dallas" and library.confidence == "low"
    assert town.lat is None and town.confidence == "none"


def test_division_point_is_the_middle_of_its_towns_across_the_antimeridian():
    from eventwire.places.gazetteer import centre

    assert centre([(60.0, 170.0), (62.0, -170.0), (61.0, 179.0)]) == (61.0, 180.0)
    assert centre([(10.0, 20.0), (20.0, 40.0), (12.0, 25.0)]) == (15.0, 30.0)


def test_a_name_after_a_town_and_a_comma_may_be_its_division(resolver):
    def resolve_in(text, name):
        start = text.index(name)
        query = resolver.query(name, text, start, start + len(name))
        return resolver.resolve([query])[query].place

    assert resolve_in("A girl from Buffalo, New York, died.", "New York").feature == "admin1"
    assert resolve_in("Cases in Missouri, New York and Ohio.", "New York").feature == "admin1"
    assert resolve_in("He flew in from New York on Monday.", "New York").feature == "city"
    assert resolve_in("Shelling hit Kyiv, Kharkiv and Odesa.", "Kharkiv").feature == "city"


def test_a_list_of_divisions_is_not_read_as_town_and_division(resolver):
    text = "Cases were found in Georgia, Oklahoma, Pennsylvania and Ohio."
    start = text.index("Oklahoma")
    query = resolver.query("Oklahoma", text, start, start + len("Oklahoma"))
    assert resolver.resolve([query])[query].place.feature == "admin1"
    text = "He was born in Paris, Texas."
    start = text.index("Paris")
    query = resolver.query("Paris", text, start, start + len("Paris"))
    assert resolver.resolve([query])[query].place.admin1 == "Texas"


def test_a_kind_word_before_or_before_a_noun_names_a_division(resolver):
    def resolve_in(text, name, others=()):
        queries = [resolver.query(n, text, text.index(n), text.index(n) + len(n)) for n in (name, *others)]
        return resolver.resolve(queries)[queries[0]].place

    story = "The disease was found in the state of Washington, United States officials said."
    assert resolve_in(story, "Washington", ["United States"]).feature == "admin1"
    story = "A cow from a Washington state farm tested positive, United States officials said."
    assert resolve_in(story, "Washington", ["United States"]).feature == "admin1"
    assert resolve_in("China state media reported the outbreak.", "China").feature == "country"
    assert resolve_in("Washington said the United States would act.", "Washington", ["United States"]).feature == "city"


def test_the_region_of_a_big_city_is_not_a_small_namesake_county(resolver):
    region, = resolve_together(resolver, ["the Houston region"])
    county, = resolve_together(resolver, ["Houston County"])
    moscow, = resolve_together(resolver, ["the Moscow region"])
    assert region.place.feature == "city" and region.place.admin1 == "Texas"
    assert county.place.feature == "admin2"
    assert moscow.place.feature == "admin1" and moscow.place.country == "RUS"


def test_a_direction_word_does_not_lead_abroad(resolver):
    west_midlands, _, _ = resolve_together(resolver, ["West Midlands", "Birmingham", "England"])
    assert west_midlands.basis == "document" and west_midlands.place.country == "GBR"
    eastern, _ = resolve_together(resolver, ["eastern Ukraine", "Kyiv"])
    assert eastern.place.feature == "country" and eastern.place.country == "UKR"


def test_state_as_an_adjective_keeps_a_country(resolver):
    text = "Georgia state television said Tbilisi was calm."
    queries = [resolver.query(n, text, text.index(n), text.index(n) + len(n)) for n in ("Georgia", "Tbilisi")]
    assert resolver.resolve(queries)[queries[0]].place.feature == "country"


def resolve_in_text(resolver, text, name, others=()):
    queries = [resolver.query(n, text, text.index(n), text.index(n) + len(n)) for n in (name, *others)]
    return resolver.resolve(queries)[queries[0]].place


def test_a_name_listed_beside_divisions_is_a_division(resolver):
    story = "The United States reported cases in Texas, Utah, Washington and Wisconsin."
    assert resolve_in_text(resolver, story, "Washington", ["United States"]).feature == "admin1"
    story = "Canada reported illnesses in British Columbia, Alberta, Ontario and New Brunswick."
    brunswick = resolve_in_text(resolver, story, "New Brunswick", ["Canada"])
    assert brunswick.feature == "admin1" and brunswick.country == "CAN"
    story = "United States officials are investigating cases in Washington, Pennsylvania and California."
    assert resolve_in_text(resolver, story, "Washington", ["United States"]).feature == "admin1"
    story = "Storms hit Florida, Georgia and Alabama."
    georgia = resolve_in_text(resolver, story, "Georgia")
    assert georgia.feature == "admin1" and georgia.country == "USA"
    story = "Talks between Armenia, Georgia and Azerbaijan resumed in Atlanta."
    assert resolve_in_text(resolver, story, "Georgia").country == "GEO"
    assert resolve_in_text(resolver, "Shelling hit Kyiv, Kharkiv and Odesa.", "Kharkiv").feature == "city"
    assert resolve_in_text(resolver, "He was born in Washington, Pennsylvania.", "Washington").admin1 == "Pennsylvania"


def test_a_former_division_lies_amid_the_towns_of_its_parts():
    from eventwire.places.gazetteer import Builder, Features, Place

    builder = Builder(Features.load(), {})
    for name, feature, lat, lon in [("Upland", "admin1", 40.0, -80.0), ("Lowland", "admin2", 44.0, -76.0),
                                    ("Harbour", "city", 46.0, -70.0)]:
        index = builder.add(Place(1, name, lat, lon, feature, "XXX", name, 1000), [name])
        if feature != "city":
            builder.towns[index] = [(lat - 1, lon - 1), (lat + 1, lon + 1)]
    builder.add_former_divisions(FIXTURES / "places" / "former.yaml")
    gazetteer = builder.freeze()
    marches, = gazetteer.candidates("Old Marches")  # the kind word dropped
    assert gazetteer.candidates("The Marches") == [marches] == gazetteer.candidates("Old Marches Province")
    assert marches.feature == "admin1" and marches.country == "XXX" and marches.population == 3000
    assert (marches.lat, marches.lon) == (42.5, -75.5)  # the box of all its parts' towns: 39-46 N, 81-70 W


def test_former_divisions_resolve_in_their_country(resolver):
    from eventwire.places.gazetteer import distance_km

    nyanza, _ = resolve_together(resolver, ["Nyanza Province", "Kenya"])
    rift, _, _ = resolve_together(resolver, ["Rift Valley", "Nakuru", "Kenya"])
    rhone, = resolve_together(resolver, ["Rhône-Alpes"])
    for place, country, (lat, lon) in [(nyanza.place, "KEN", (-0.5, 34.6)), (rift.place, "KEN", (0.5, 36.0)),
                                       (rhone.place, "FRA", (45.5, 5.3))]:
        assert place.feature == "admin1" and place.country == country
        assert distance_km(place.lat, place.lon, lat, lon) < 161, place.name


def test_a_town_word_before_the_name_makes_it_the_town(resolver):
    sao_paulo = resolve_in_text(resolver, "The city of Sao Paulo reported 327 deaths.", "Sao Paulo")
    assert sao_paulo.feature == "city" and sao_paulo.country == "BRA"
    assert resolve_in_text(resolver, "The state of Sao Paulo reported 327 deaths.", "Sao Paulo").feature == "admin1"


def test_the_whole_written_name_beats_its_core(resolver):
    west_kasai = resolve_in_text(resolver, "Supplies reached the province of West Kasai.", "West Kasai")
    assert west_kasai.name == "Kasai-Occidental"


def test_a_town_qualified_by_a_division_where_no_namesake_lies_stays_unknown(resolver):
    stroud = resolve_in_text(resolver, "The truck was stopped in Stroud, Ontario, Canada.", "Stroud")
    assert stroud is None
    assert resolve_in_text(resolver, "He lived in Stroud, England.", "Stroud").country == "GBR"
    benin = resolve_in_text(resolver, "Flooding hit Benin, Ghana and Niger.", "Benin")
    assert benin.feature == "country" and benin.country == "BEN"


def test_congo_is_either_congo_as_the_story_says(resolver):
    drc, _ = resolve_together(resolver, ["Congo", "Kinshasa"])
    republic, _ = resolve_together(resolver, ["Congo", "Brazzaville"])
    assert drc.place.country == "COD" and republic.place.country == "COG"


def test_a_village_abroad_is_not_a_guess_for_a_name_in_another_country(resolver):
    piccadilly, _, _ = resolve_together(resolver, ["Piccadilly", "London", "United Kingdom"])
    assert piccadilly.basis == "document" and piccadilly.place.name == "London"
    alone, = resolve_together(resolver, ["Piccadilly"])
    assert alone.place.country == "AUS"


def test_the_story_main_place_lies_in_its_main_country(resolver):
    unknown, *_ = resolve_together(resolver, ["Zorblatt Delta", "Hohhot", "Romania", "Romania", "Cluj-Napoca"])
    assert unknown.basis == "document" and unknown.place.name == "Cluj-Napoca"


def test_a_name_with_its_direction_and_kind_word_is_the_division_of_that_name(resolver):
    east_java = resolve_in_text(resolver, "The boy died in Tulungagung, East Java province, on Monday.",
                                "East Java province", ["Tulungagung"])
    assert east_java.feature == "admin1" and east_java.name == "Jawa Timur"


def test_an_indonesian_regency_answers_to_its_name_without_kabupaten(resolver):
    karo, _ = resolve_together(resolver, ["Karo", "Medan"])
    assert karo.place.country == "IDN" and karo.place.feature == "admin2"


def test_a_county_located_in_a_state_is_that_state_s(resolver):
    story = "The birds were found in Fulton County located in Illinois. Officials said more tests were due."
    assert resolve_in_text(resolver, story, "Fulton County").admin1 == "Illinois"
    assert resolve_in_text(resolver, "Clashes broke out in Kisumu in western Kenya.", "Kisumu").country == "KEN"
    assert resolve_in_text(resolver, "Troops from Georgia in Iraq came home.", "Georgia").country == "GEO"
    assert resolve_in_text(resolver, "He died in Perth in the United Kingdom.", "Perth").country == "GBR"
    assert resolve_in_text(resolver, "He died in Perth.", "Perth").country == "AUS"


def test_a_division_named_in_the_same_sentence_places_a_county(resolver):
    story = ("Ames, Iowa, confirmed the tests. The swans were found in Michigan near the game area in Monroe County. "
             "Iowa officials said more tests were due.")
    names = ["Monroe County", "Ames", "Iowa", "Michigan"]
    assert resolve_in_text(resolver, story, *names[:1], names[1:]).admin1 == "Michigan"
    story = "Floods hit England and Wales on Monday."
    assert resolve_in_text(resolver, story, "Wales", ["England"]).feature == "admin1"


def test_a_name_the_gazetteer_lacks_lies_where_its_sentence_says(resolver):
    story = ("Officials in Lansing, Michigan, said on Monday. Swans died near the Zorblatt game area in Monroe County. "
             "Lansing asked for calm. Lansing officials met again.")
    names = ["Zorblatt", "Lansing", "Michigan", "Monroe County", "Lansing", "Lansing"]
    queries = [resolver.query(n, story, story.index(n), story.index(n) + len(n)) for n in names]
    unknown = resolver.resolve(queries)[queries[0]]
    assert unknown.basis == "document" and unknown.place.name == "Monroe County"
    alone = resolver.resolve([resolver.query("Zorblatt"), *queries[1:]])[resolver.query("Zorblatt")]
    assert alone.place.name == "Lansing"


def test_a_division_without_a_geonames_id_holds_no_town_by_default():
    from eventwire.places.gazetteer import Place
    from eventwire.places.resolve import drop_divisions_named_after_cities, proximity

    former = Place(None, "Old Marches", 10.0, 10.0, "admin1", "XXX", "Old Marches", 2_000_000)
    town = Place(7, "Old Marches", 30.0, 30.0, "city", "XXX", None, 1_000_000)
    assert proximity(former, [(town, 1.0)]) == 0.0
    assert drop_divisions_named_after_cities([former, town]) == [former, town]


def test_new_york_beside_a_state_or_with_a_governor_is_the_state(resolver):
    story = "He scheduled concerts in New Jersey and New York for the tour."
    assert resolve_in_text(resolver, story, "New York", ["New Jersey"]).feature == "admin1"
    story = "Flights between London and New York resumed."
    assert resolve_in_text(resolver, story, "New York", ["London"]).feature == "city"
    story = "New York Governor Andrew Cuomo declared an emergency."
    assert resolve_in_text(resolver, story, "New York").feature == "admin1"


def test_a_bare_name_follows_the_division_its_story_names(resolver):
    story = "The governor declared a disaster throughout New York state. Nine people died in New York since April."
    first = story.index("New York")
    second = story.index("New York", first + 1)
    queries = [resolver.query("New York", story, first, first + 8), resolver.query("New York", story, second, second + 8)]
    resolved = resolver.resolve(queries)
    assert [resolved[q].place.feature for q in queries] == ["admin1", "admin1"]
    alone = "Nine people died in New York since April."
    assert resolve_in_text(resolver, alone, "New York").feature == "city"


def test_eval_scores_mordecai_3s_selection_apart(tmp_path, resources):
    """Mordecai 3 scores only gold names with a GeoNames id that spaCy's NER tags GPE or LOC: a demonym and a
    name without an id are left out of that figure, not out of the main one."""
    from eventwire.eval.places import mordecai_selection, read_corpus, score_resolution
    from eventwire.places.gazetteer import load_gazetteer
    from eventwire.places.resolve import PlaceResolver

    text = "Fire in Alexandria, Louisiana, hurt French tourists near Bourbon Street."
    toponyms = [("Alexandria", 8, 18, "4314550", 31.3113, -92.4451), ("French", 36, 42, "3017382", 46.0, 2.0),
                ("Bourbon Street", 57, 71, "", 29.958, -90.065)]
    sample = Path(tmp_path / "gold.xml")
    sample.write_text(
        f"<articles><article docid='1'><text>{text}</text><toponyms>" + "".join(
            f"<toponym><phrase>{name}</phrase><start>{start}</start><end>{end}</end><gaztag geonameid='{gid}'>"
            f"<lat>{lat}</lat><lon>{lon}</lon></gaztag></toponym>" for name, start, end, gid, lat, lon in toponyms)
        + "</toponyms></article></articles>", encoding="utf-8")
    articles = read_corpus(sample)
    selection = mordecai_selection(articles, resources.nlp)
    assert selection == [[True, False, False]]
    scores = score_resolution(articles, PlaceResolver(load_gazetteer()), selection)
    assert scores["toponyms"] == 3 and scores["with_geonames_id"] == 2
    assert scores["mordecai_selection"] == {"toponyms": 1, "acc_161km": 1.0, "with_geonames_id": 1,
                                            "exact_geonames": 1.0}
