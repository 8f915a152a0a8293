"""Who did what to whom: one test per construction family of the argument reader, on sentences written for these
tests, plus `via`, unnamed agents and background events."""

from __future__ import annotations

import pytest

from eventwire.events.records import actors


def codes(side):
    return {a.code or a.country for a in side or []}


def event(result, trigger: str):
    """The coded mention at a trigger: an event's own coding, or one of its merged mentions (each keeps the actors
    read at its own trigger)."""
    found = [m for e in result.events for m in (e, *e.mentions) if m.trigger.text == trigger]
    assert found, f"no event at {trigger!r}: {[m.trigger.text for e in result.events for m in e.mentions]}"
    return found[0]


@pytest.mark.parametrize("text, trigger, source, target", [
    # subject and object of a verb
    ("Russian troops attacked Ukrainian soldiers near Bakhmut.", "attacked", {"RUSMIL"}, {"UKRMIL"}),
    # clausal complements: the clause's subject, the object that controls the infinitive
    ("The United States urged that Japan halt the drills.", "urged", {"USA"}, {"JPN"}),
    ("China called on South Korea to withdraw its troops from the border.", "withdraw", {"KOR"}, set()),
    # passive and its agent
    ("Iran was sanctioned by the European Union.", "sanctioned", {"EU"}, {"IRN"}),
    # noun events: possessive agent, 'of' patient, the owner of what is banned
    ("Russia's attack on Ukraine began in February.", "attack", {"RUS"}, {"UKR"}),
    ("The siege of Mariupol lasted months.", "siege", set(), {"UKR"}),
    ("Moscow's ban on Georgia's wine imports hurt farmers.", "ban", {"RUSGOV"}, {"GEO"}),
    # coordination: both sources; a prepositional target
    ("France and Germany signed an agreement with Poland.", "signed", {"FRA", "DEU"}, {"POL"}),
    # relative clause: the relative pronoun is the noun it hangs on
    ("The rebels, who attacked the Malian army on Sunday, withdrew.", "attacked", {None}, {"MLIMIL"}),
    # 'officials of X' is X in the officials' sector
    ("Officials of Japan met Chinese diplomats in Beijing.", "met", {"JPNGOV"}, {"CHNGOV"}),
    # a gerund told as a noun takes its 'by' agent
    ("Israel struck Gaza on Monday following last week's shelling by Hamas.", "shelling", {"PSEREB"}, set()),
    # a place as the target stands for its country
    ("Israel struck Gaza on Monday following last week's shelling by Hamas.", "struck", {"ISR"}, {"PSE"}),
    # what is moved is not the target: where it goes, or whom it leaves, is
    ("Iran sent weapons to the Houthis.", "sent", {"IRN"}, {"YEMREB"}),
    ("Nigeria withdrew a batch of 200 peacekeepers from Liberia.", "withdrew", {"NGA"}, {"LBR"}),
    # a demand in reported speech: the speaker demands something of the clause's subject
    ("Russia says Israel must end its attacks on Syria.", "says", {"RUS"}, {"ISR"}),
    # people named by where they come from: 'ministers from X' are X's
    ("Georgian demonstrators received ministers from the Georgian government.", "received", {"GEOCVL"}, {"GEOGOV"}),
    # a passive without an agent takes its doer from its means
    ("Four children were killed in an Israeli air strike on Friday.", "killed", {"ISR"}, {None}),
    ("A rocket was fired at Israel from the Gaza Strip on Tuesday.", "fired", {"PSE"}, {"ISR"}),
    # an event noun in an 'in' phrase: the verb's object is its target
    ("Syrian rebels engaged Filipino peacekeepers in a firefight.", "firefight", {"SYRREB"}, {"PHLMIL"}),
])
def test_construction(extract_text, text, trigger, source, target):
    found = event(extract_text(text), trigger)
    assert codes(found.source) == source
    assert codes(found.target) == target


def test_what_the_subject_receives_comes_from_the_source(pipeline, extract_text):
    """'obtained a loan from X' makes X the source (read at a verb the lexicon has no pattern for)."""
    result = extract_text("Egypt secured a loan from the International Monetary Fund.")
    doc = pipeline.nlp(result.document.text)
    sources, targets = pipeline.resources.coder.read_at(doc, result, next(t for t in doc if t.text == "secured"))
    assert codes(actors(sources)) == {"IMF"} and codes(actors(targets)) == {"EGY"}  # the coder's dicts as records


def test_every_actor_says_how_it_was_found(extract_text):
    found = event(extract_text("Pakistan said it would retaliate against India."), "retaliate")
    source, = found.source
    assert (source.code, source.found["via"], source.found["mention"]["text"], source.found["antecedent"]["text"]) == \
        ("PAK", "pronoun", "it", "Pakistan")
    target, = found.target
    assert (target.found["via"], target.found["mention"]["text"]) == ("parse", "India")
    assert source.found["confidence"] < target.found["confidence"]


def test_a_description_refers_back_to_the_named_actor(extract_text):
    result = extract_text("Hamas fired rockets at Israel on Monday. The group also attacked an army post.")
    source, = event(result, "attacked").source
    assert (source.code, source.found["via"], source.found["mention"]["text"]) == ("PSEREB", "coreference", "group")
    assert source.found["antecedent"]["text"] == "Hamas"


def test_unnamed_agents_take_the_dateline_country_as_inferred(extract_text):
    found = event(extract_text("SEOUL (Reuters) - Police arrested three protesters on Monday."), "arrested")
    police, = found.source
    assert (police.code, police.sector, police.found["via"], police.found["inferred"]) == ("KORCOP", "COP", "dateline", True)
    assert police.found["confidence"] < 0.9
    assert codes(found.target) == {"KORCVL"}


@pytest.mark.parametrize("text", ["Maoists attacked a police station on Monday.",
                                  "NEW DELHI (Reuters) - Maoists attacked a police station on Monday."])
def test_maoists_are_rebels_and_the_dateline_modifies_no_one(extract_text, text):
    found = event(extract_text(text), "attacked")
    maoists, = found.source  # the parse hangs 'NEW DELHI' on 'Maoists': it is not the attacker (INDGOV)
    assert (maoists.name, maoists.sector) == ("Maoists", "REB")


def test_a_place_in_the_phrase_gives_an_unnamed_actor_its_country(extract_text):
    found = event(extract_text("Police arrested an Oklahoma man on Tuesday."), "arrested")
    man, = found.target
    assert (man.country, man.found["via"]) == ("USA", "parse") and "inferred" not in man.found


def test_the_instrument_stands_for_an_unnamed_doer(extract_text):
    found = event(extract_text("A car bomb killed five soldiers in Kabul."), "killed")
    bomb, = found.source
    assert bomb.code is None and bomb.found["mention"]["text"] == "car bomb" and bomb.found["confidence"] < 0.9


def test_the_nearest_actor_when_the_parse_gives_no_subject(pipeline, extract_text):
    """A verb whose subject the parse did not find takes the nearest actor before it in its clause."""
    from eventwire.events.patterns import Pattern

    result = extract_text("Turkey, in a surprise move on Monday, attacked Kurdish fighters.")
    coder = pipeline.resources.coder
    doc = pipeline.nlp(result.document.text)
    verb = next(t for t in doc if t.text == "attacked")
    for child in list(verb.children):  # take the subject away, as a failed parse would
        if child.dep_ == "nsubj":
            child.dep_ = "dep"
    sources, _ = coder.arguments(verb, Pattern(code="180", lemma="attack", pos="verb", text="attack"),
                                 coder.resolver(result))
    turkey, = sources
    assert (turkey["code"], turkey["via"]) == ("TUR", "proximity")


def read_at(pipeline, extract_text, text: str, word: str, published: str | None = None):
    """(source codes, target codes) the argument reader gives at a word, coded event or not."""
    result = extract_text(text, published)
    doc = pipeline.nlp(result.document.text)
    sources, targets = pipeline.resources.coder.read_at(doc, result, next(t for t in doc if t.text == word))
    return codes(actors(sources)), codes(actors(targets))


@pytest.mark.parametrize("text, word", [
    ("The pilot died when his jet crashed in Yemen.", "died"),  # a time clause tells another event
    ("Shares fell sharply and Japan's index rose.", "fell"),  # so does a coordinated clause
    ("Turkey attacked, and the rebels who fled to Syria regrouped.", "attacked"),
    ("Iran agreed to the talks, according to Pakistani officials.", "agreed"),  # who tells it is not the target
    ("The price was reduced in the United States.", "reduced"),  # the passive's subject is the parse's patient
])
def test_the_positional_target_stays_in_the_trigger_s_own_event(pipeline, extract_text, text, word):
    _, targets = read_at(pipeline, extract_text, text, word)
    assert targets == set()


def test_lists_the_parse_splits_are_coordinated(pipeline, extract_text):
    """The parse may hang 'Vladimir Putin' on 'Obama' while 'Barack' is the subject, or make 'Russia' an apposition
    of 'The US' in a list: every name is a source (the event record makes a joint dyad of them)."""
    sources, _ = read_at(pipeline, extract_text, "Barack Obama and Vladimir Putin will meet in Zurich.", "meet",
                         published="2015-06-01")
    assert sources == {"USAGOV", "RUSGOV"}
    sources, _ = read_at(pipeline, extract_text, "The US, Russia, and Switzerland met yesterday.", "met")
    assert sources == {"USA", "RUS", "CHE"}


def test_an_actor_named_after_its_head_is_mentioned_through_its_name(extract_text):
    """'Officials of Japan', 'Dozens of protesters': the mention is the phrase the actor was read from, not the head."""
    officials, = event(extract_text("Officials of Japan met Chinese diplomats in Beijing."), "met").source
    assert (officials.code, officials.found["mention"]["text"]) == ("JPNGOV", "Officials of Japan")
    crowd, = event(extract_text("Dozens of protesters attacked the police station."), "attacked").source
    assert crowd.found["mention"]["text"] == "Dozens of protesters"


def test_a_place_at_which_a_noun_s_event_happens_is_no_target(pipeline, extract_text):
    _, targets = read_at(pipeline, extract_text, "The party organised a rally at Angul on Sunday.", "organised")
    assert targets == set()
    sources, _ = read_at(pipeline, extract_text, "The rocket attack from Gaza wounded two Israelis.", "attack")
    assert sources == {"PSE"}  # with no agent named, where the attack came from stands for who made it


@pytest.mark.parametrize("text, word", [
    ("The first A380 landed at Singapore's Changi International Airport on Tuesday.", "landed"),
    ("Apple unveiled the new phone at the Macworld Conference in San Francisco.", "unveiled"),
    ("Hundreds of supporters gathered at Terminal 3 of Changi Airport on Sunday.", "gathered"),
])
def test_a_place_or_venue_at_which_an_event_happens_is_no_target(pipeline, extract_text, text, word):
    _, targets = read_at(pipeline, extract_text, text, word)
    assert targets == set()


@pytest.mark.parametrize("text, word", [
    ("Soldiers fired at Gaza on Monday.", "fired"),  # the pattern asks for 'at': 'fire +at'
    ("Gunmen shot at Gaza on Monday.", "shot"),  # an assault is aimed at what its 'at' names
])
def test_an_attack_is_aimed_at_the_place_it_names(pipeline, extract_text, text, word):
    _, targets = read_at(pipeline, extract_text, text, word)
    assert targets == {"PSE"}


@pytest.mark.parametrize("word", ["arrested", "beaten"])
def test_coordinated_passives_share_their_agent_and_subject(pipeline, extract_text, word):
    sources, targets = read_at(pipeline, extract_text, "Two Egyptian journalists were arrested and beaten by "
                               "Israeli soldiers on Monday.", word)
    assert (sources, targets) == ({"ISRMIL"}, {"EGYJRN"})


def test_who_is_joined_in_an_event_takes_part_in_it(pipeline, extract_text):
    sources, targets = read_at(pipeline, extract_text,
                               "Opposition leaders joined Hamas supporters in a march on the parliament.", "march")
    assert sources == {None, "PSEREB"} and "PSEREB" not in targets


def test_undergoing_verbs_take_the_giver_as_source(pipeline, extract_text):
    sources, _ = read_at(pipeline, extract_text, "Obama faces pressure from Congress to help Iran.", "faces")
    assert sources == {"USALEG"}


def test_background_events_are_marked_and_come_after_the_main_one(extract_text):
    result = extract_text("Israel struck Gaza on Monday following last week's shelling by Hamas.")
    assert [(e.trigger.text, e.background) for e in result.events] == [("struck", False), ("shelling", True)]
    purpose = extract_text("Iran released two prisoners in a bid to ease sanctions.")
    assert event(purpose, "released").background is False
    assert event(purpose, "ease").background is True
    alternative = extract_text("He must leave the country or face arrest.")
    assert event(alternative, "arrest").background is True


def test_one_actor_is_listed_once(example):
    for found in example.events:
        for role in ("source", "target"):
            keys = [a.entity or (a.name, a.code) for a in getattr(found, role) or []]
            assert len(keys) == len(set(keys)), found


def test_a_thing_stands_for_its_owner_and_says_where_the_owner_is_named(extract_text):
    text = "Nepal's government accepted the demands by protesters in the southeast."
    target = event(extract_text(text), "accepted").target[0]
    assert (target.name, target.found["mention"]["text"], target.found["owner"]["text"]) == ("protesters", "demands", "protesters")


def test_a_reported_demand_says_its_rule_and_keeps_the_clauses_own_event(extract_text):
    result = extract_text("The United States said North Korea must end its missile launches.")
    demand = event(result, "said")
    assert demand.cameo == "100" and "reported demand" in demand.rule and "'must'" in demand.rule
    assert extract_text("Officials said action must be taken.").events == []  # a demand of no one named
