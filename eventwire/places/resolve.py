"""Which place a name means, given the other places of the same document.

Each distinct name gets candidates from the gazetteer (its kind word and direction words read from
`features.yaml`: "the Kursk region", "eastern Russia", "Anbar desert"). A candidate's score is a prior
(population, national capital, and kind: countries and first-level divisions before towns) plus document
evidence: the countries and first-level divisions the other names of the document resolve to, the nearest
other town, the dateline, and a qualifier written next to the name ("Russia's Kursk region", "Alexandria,
La."). Scores are recomputed a few rounds so that evidence settles. A name whose best candidate does not
clearly beat the next is marked low confidence; a name the gazetteer lacks gets the place its sentence names,
else the story's main place.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from eventwire.entities.kb import normalise
from eventwire.places.gazetteer import Features, Gazetteer, Place, distance_km

FEATURE_PRIOR = {"country": 4.0, "continent": 4.0, "admin1": 1.0, "admin2": 0.5, "city": 0.0}
CAPITAL_PRIOR = 2.5
"""National capitals are named in the news far beyond their size."""
CAPITAL_EVIDENCE = 3.0
"""A capital of a country the story names by name ("the United States ... Washington") is that country's seat
of government more likely than a namesake division or town."""
EXTRA_PLACE_PRIOR = 2.5
"""Seas, straits and regions from the data files: named because they are news places."""
PRIMARY_NAME_BONUS = 0.7
FULL_NAME_BONUS = 2.0
"""A place the gazetteer knows under the whole name as written ("West Kasai", a former province) is meant rather
than one found once a direction or kind word is dropped (Kasaï)."""
KIND_HINT_BONUS = 3.0
LIST_BONUS = 3.0
"""A name listed beside a country's first-level divisions ("Utah, Washington and Wisconsin") is a division of that
country; beside countries ("Armenia, Georgia and Azerbaijan"), a country."""
COUNTRY_HINT_BONUS = 5.0
COUNTRY_EVIDENCE = 4.0
ADMIN1_EVIDENCE = 3.0
DATELINE_WEIGHT = 2.0
PROXIMITY_EVIDENCE = 3.0
PROXIMITY_KM = 100.0
POINT_FEATURES = {"city", "admin2"}
LOCAL_FEATURES = POINT_FEATURES | {"admin1"}
FOREIGN_SUPPORT = 0.5
FOREIGN_VILLAGE_POPULATION = 20_000
"""Below this a town in a country no other name of the story points to is a namesake, not the place meant."""
POOL_SIZE = 30
SEAT_STEM = 4
"""The division seated at X is "the X region" only when its own name starts like X ("Kursk" - "Kurskaya
oblast'"), not when it is a larger state that happens to hold X ("the Houston region" is not Texas)."""
ELSEWHERE_MAX_POPULATION = 1_000_000
"""A name with a place this big is not dropped for a qualifier none of its places lies in (see `_elsewhere`)."""
ROUNDS = 3
MAX_CANDIDATES = 5
HIGH, MEDIUM = 0.8, 0.6
WORD = re.compile(r"[\w'’.-]+")
NAME = r"([A-Z][\w.-]*(?:\s[A-Z][\w.-]*){0,3})"
NAME_GROUP = re.compile(NAME)
POSSESSOR = re.compile(NAME + r"(?:'s|’s|')\s+(?:\w+\s+){0,2}$")
APPOSED = re.compile(r",\s+" + NAME)
FOLLOWED = re.compile(NAME + r",\s+$")
"""The name written before this one and a comma: "Buffalo, [New York]", "Missouri, [New York]"."""
LIST_JOINT = r"(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
LISTED_BEFORE = re.compile(NAME + LIST_JOINT + "$")
LISTED_AFTER = re.compile(LIST_JOINT + NAME)
"""Names listed beside this one: "[Utah], Washington and [Wisconsin]"."""
LISTED_FEATURES = ("admin1", "country")
NEARBY_BONUS = 1.5
"""A town or county in a first-level division named in the same sentence ("swans in Michigan on the coast of Lake
Erie near ... Monroe County"): weaker than a qualifier next to the name, stronger than a mention elsewhere."""
SENTENCE_REACH = 300
"""Characters looked at on each side of a name for its sentence."""
LIKELY_CACHE = 65536
POOL_CACHE = 4096
"""Ranked candidates kept for this many distinct queries (a few kB each)."""
SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z])|\n")
KIND_WORD = re.compile(r"\s+([a-z]+'?)(?=\W|$)(?:\s+([a-z]+)\b)?")
"""A kind word after a name ("Kursk region"), and the lowercase word after it, if any."""
NEXT_WORD = re.compile(r"\s+([A-Za-z]+)\b")
KIND_BEFORE = re.compile(r"\b([a-z]+) of\s+$")
"""A kind word before a name: "the state of Washington"."""
FUNCTION_WORDS = {"on", "of", "in", "and", "or", "to", "near", "with", "where", "which", "that", "for", "from", "at",
                  "is", "was", "has", "had", "were", "are", "said", "as", "by", "since", "after", "before", "but"}
"""After these a kind word is a noun ("the Kursk region on the border"), not an adjective ("state media")."""
LOCATED_IN = re.compile(r",?\s+(?:(?:located|situated)\s+)?in\s+(?:the\s+(?:state|province)\s+of\s+)?(?:([a-z-]+)\s+)?"
                        + r"([A-Z][\w-]*(?:\s[A-Z][\w-]*){0,3})(?=\s*[.,;:)!?]|\s*$|\s+(?:"
                        + "|".join(sorted(FUNCTION_WORDS)) + r")\b)")
"""A town's division or country after "in": "Fulton County located in Illinois.", "Kisumu in western Kenya,", "Leiden
in the Netherlands"."""


@dataclass(frozen=True)
class Query:
    """A place name taken apart: "Russia's eastern Kursk region" -> core "Kursk", kind admin, country RUS.

    `countries` and `admin1s` come from the words around the name: "Russia's Kursk", "Paris, Texas".
    """

    text: str
    core: str
    kind: str | None = None  # "admin", "landform" or "town"
    countries: frozenset[str] = frozenset()
    admin1s: frozenset[int] = frozenset()
    seat: bool = False
    """Used for a government ("Washington said"): a national capital is meant."""
    follows: frozenset[str] = frozenset()
    """Names written just before this one and a comma ("Buffalo, New York", "Missouri, New York")."""
    listed: frozenset[tuple[str, str]] = frozenset()
    """(feature, country) of the divisions and countries it is listed beside ("Utah, Washington and Wisconsin":
    a first-level division of the USA)."""
    named: str = ""
    """The name without its kind word but with its direction: "East Java" in "East Java province"."""
    nearby: frozenset[int] = frozenset()
    """GeoNames ids of the first-level divisions named in the same sentence."""
    sentence: frozenset[str] = field(default=frozenset(), compare=False)
    """The other names of its sentence (normalised, with and without leading words): where a name the gazetteer
    lacks most likely lies. Not part of the name's identity: mentions of one name are ranked together."""


@dataclass
class Candidate:
    place: Place
    score: float


@dataclass
class PlaceResolution:
    """The best place for a name, how sure we are, and the runners-up."""

    query: Query
    candidates: list[Candidate] = field(default_factory=list)
    probability: float = 0.0
    focus: Place | None = None
    """For a name the gazetteer lacks ("Frenchmen Street", "Carnegie Library"): the town, county or division its
    sentence names, else the story's main place."""

    @property
    def place(self) -> Place | None:
        return self.candidates[0].place if self.candidates else self.focus

    @property
    def basis(self) -> str:
        """ "name" when the gazetteer knows the name, "document" when the place is taken from the story."""
        return "name" if self.candidates else "document"

    @property
    def confidence(self) -> str:
        if not self.candidates:
            return "low" if self.focus else "none"
        return "high" if self.probability >= HIGH else "medium" if self.probability >= MEDIUM else "low"


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, features: Features | None = None):
        self.gazetteer = gazetteer
        self.features = features or Features.load()
        self.likely_place = lru_cache(maxsize=LIKELY_CACHE)(self._likely_place)
        """A name's most likely place without context, remembered: the names of every sentence are looked up."""
        self.pool = lru_cache(maxsize=POOL_CACHE)(self._pool)
        """A query's ranked candidates, remembered: a story's usual names ("Washington", "Moscow") come back in
        the same words across stories, and ranking their dozens of namesakes cost more than the scoring rounds."""
        self.bare_name_places = lru_cache(maxsize=LIKELY_CACHE)(self._bare_name_places)
        """The places a name written before a comma means, remembered: common names ("Washington") have dozens of
        towns and divisions to compare."""
        self.name_places = lru_cache(maxsize=LIKELY_CACHE)(self._name_places)
        """The places a name means without context, remembered: every capitalised word after "in" is asked."""

    # -- reading a name --------------------------------------------------------
    def query(self, name: str, text: str | None = None, start: int | None = None, end: int | None = None,
              country: str | None = None, seat: bool = False) -> Query:
        """A name with what its surroundings in `text` say: "Russia's Kursk", "Alexandria, Louisiana"."""
        countries: set[str] = {country} if country else set()
        admin1s: set[int] = set()
        follows: frozenset[str] = frozenset()
        listed: frozenset[tuple[str, str]] = frozenset()
        nearby: frozenset[int] = frozenset()
        sentence: list[str] = []
        division = town = False
        if text is not None and start is not None and end is not None:
            sentence = self._sentence_names(text, start, end)
            nearby = self._divisions_among(sentence)
            before = FOLLOWED.search(text[max(0, start - 40):start])
            follows = frozenset([before.group(1)] if before else [])
            listed = self._listed_beside(text, start, end)
            for place in self._qualifiers(text, start, end, listed=self._in_a_list(follows)):
                if place.feature == "country":
                    countries.add(place.country)
                else:
                    admin1s.add(place.admin1_id)
                    countries.add(place.country)
            kind_word = KIND_WORD.match(text[end:end + 40])
            kind_before = KIND_BEFORE.search(text[max(0, start - 30):start])
            if kind_word and kind_word.group(1).lower() in self.features.admin_words | self.features.landform_words \
                    and (not kind_word.group(2) or kind_word.group(2) in FUNCTION_WORDS):
                name = f"{name} {kind_word.group(1)}"
            else:
                division = (kind_word is not None and self._is_division(name, kind_word.group(1), adjective=True)
                            or kind_before is not None and self._is_division(name, kind_before.group(1))
                            or self._governed(name, text[end:end + 30]))
                town = kind_before is not None and kind_before.group(1).lower() in self.features.settlement_words
        parsed = self.parse(name, frozenset(countries), frozenset(admin1s))
        return Query(parsed.text, parsed.core, parsed.kind or ("admin" if division else "town" if town else None),
                     parsed.countries, parsed.admin1s, seat, follows, listed, parsed.named, nearby,
                     frozenset(normalise(" ".join(name.split()[i:])) for name in sentence for i in range(len(name.split()))))

    @staticmethod
    def merge(queries: list[Query]) -> Query:
        """One query for several mentions of one place: the most specific wording, all the qualifiers."""
        first = next((q for q in queries if q.kind), queries[0])
        return Query(first.text, first.core, first.kind, frozenset().union(*(q.countries for q in queries)),
                     frozenset().union(*(q.admin1s for q in queries)), any(q.seat for q in queries),
                     frozenset().union(*(q.follows for q in queries)), frozenset().union(*(q.listed for q in queries)),
                     first.named, frozenset().union(*(q.nearby for q in queries)),
                     frozenset().union(*(q.sentence for q in queries)))

    def _is_division(self, name: str, word: str, adjective: bool = False) -> bool:
        """An admin word next to a division's name: "the state of Washington", "a Washington state farm" (but not
        "China state media", nor, used as an adjective, next to a country's name: "Georgia state television")."""
        places = self.gazetteer.candidates(name)
        return word.lower() in self.features.admin_words and any(p.feature in ("admin1", "admin2") for p in places) \
            and not (adjective and any(p.feature == "country" for p in places))

    def _governed(self, name: str, after: str) -> bool:
        """A title only a division has after a division's name: "New York Governor", "the Texas legislature"."""
        title = NEXT_WORD.match(after)
        return title is not None and title.group(1).lower() in self.features.division_titles and any(
            p.feature in ("admin1", "admin2") for p in self.gazetteer.candidates(name))

    def _in_a_list(self, follows: frozenset[str]) -> bool:
        """Written after a division or country and a comma: one of a list ("Georgia, Oklahoma, Pennsylvania")."""
        return any(p.feature in ("admin1", "country")
                   for name in follows for p in self.bare_name_places(name))

    def _listed_beside(self, text: str, start: int, end: int) -> frozenset[tuple[str, str]]:
        """What the names listed just before and after this one most likely are, when divisions or countries."""
        before = LISTED_BEFORE.search(text[max(0, start - 40):start])
        kinds = {self._likely_kind(before.group(1)) if before else None, self._listed_after(text, end)}
        return frozenset(kinds - {None})

    def _listed_after(self, text: str, end: int) -> tuple[str, str] | None:
        after = LISTED_AFTER.match(text[end:end + 40])
        return self._likely_kind(after.group(1)) if after else None

    def _likely_kind(self, name: str) -> tuple[str, str] | None:
        """(feature, country) of a name's most likely place without context, when a first-level division or a
        country ("Utah" -> admin1 USA; "Kyiv" is a city)."""
        place = self.likely_place(name)
        return (place.feature, place.country) if place and place.feature in LISTED_FEATURES and place.country else None

    def _likely_place(self, name: str) -> Place | None:
        """A name's most likely place without context. Leading capitalised words that are not part of the name
        ("In Utah") are dropped."""
        words, place = name.split(), None
        while words and place is None:
            pool = self.pool(self.parse(" ".join(words)))
            place = pool[0][0] if pool else None
            words = words[1:]
        return place

    @staticmethod
    def _sentence_names(text: str, start: int, end: int) -> list[str]:
        """The capitalised word groups of the sentence around `start`-`end`, the name itself left out."""
        before = text[max(0, start - SENTENCE_REACH):start]
        after = text[end:end + SENTENCE_REACH]
        ends = [match.end() for match in SENTENCE_END.finditer(before)]
        before = before[ends[-1]:] if ends else before
        stop = SENTENCE_END.search(after)
        after = after[:stop.start()] if stop else after
        return [match.group(1) for part in (before, after) for match in NAME_GROUP.finditer(part)]

    def _divisions_among(self, names: list[str]) -> frozenset[int]:
        """The first-level divisions these names most likely are."""
        places = (self.likely_place(name) for name in names)
        return frozenset(p.geonames_id for p in places if p is not None and p.feature == "admin1" and p.geonames_id)

    def _qualifiers(self, text: str, start: int, end: int, listed: bool = False) -> list[Place]:
        """Countries and first-level divisions written as "X's NAME" or "NAME, X" (unless NAME is `listed`: the next
        name is then the list's next item, not NAME's division; nor when X is followed by another division or
        country: "Washington, Pennsylvania and California" is a list of three)."""
        found = []
        before = POSSESSOR.search(text[max(0, start - 40):start])
        after = None if listed else APPOSED.match(text[end:end + 40])
        if after and self._listed_after(text, end + after.end(1)):
            after = None
        for match in (before, after):
            if match:  # "Paris, Texas." ends a sentence; "Alexandria, La." is an abbreviation
                name = match.group(1)
                places = self.gazetteer.candidates(name) or self.gazetteer.candidates(name.rstrip("."))
                found += [p for p in places if p.feature in ("country", "admin1")]
        return found or self._located_in(text, start, end)

    def _located_in(self, text: str, start: int, end: int) -> list[Place]:
        """The division or country a town or county is said to lie in ("Fulton County located in Illinois"); not
        for a name that is itself a division or country ("troops from Russia in Ukraine")."""
        match = LOCATED_IN.match(text[end:end + 60])
        if not match or match.group(1) and match.group(1) not in self.features.directions | {"the"} or any(
                p.feature in ("country", "admin1") for p in self.gazetteer.candidates(text[start:end])):
            return []
        return [p for p in self.gazetteer.candidates(match.group(2)) if p.feature in ("country", "admin1")]

    def parse(self, text: str, countries: frozenset[str] = frozenset(), admin1s: frozenset[int] = frozenset()) -> Query:
        """Strip kind words, directions and a possessive country from a name."""
        words = WORD.findall(text.replace("’", "'"))
        if words and words[0].lower() == "the":
            words = words[1:]
        if len(words) > 1 and words[0].endswith("'s"):
            owner = [p.country for p in self.gazetteer.candidates(words[0][:-2]) if p.feature == "country"]
            if owner:
                countries = countries | {owner[0]}
                words = words[1:]
        kind_words = self.features.admin_words | self.features.landform_words
        named = list(words)
        while len(named) > 1 and named[-1].lower() in kind_words:
            named = named[:-1]
        kind = None
        while len(words) > 1 and words[0].lower() in self.features.directions:
            words = words[1:]
        while len(words) > 1 and words[-1].lower() in kind_words:
            kind = kind or ("admin" if words[-1].lower() in self.features.admin_words else "landform")
            words = words[:-1]
        core = " ".join(words) if words else text
        directions_only = all(word.lower() in self.features.directions for word in named)
        return Query(text, core, kind, countries, admin1s, named="" if directions_only else " ".join(named))

    def written(self, query: Query) -> list[Place]:
        """Places known under the name as written, or as written without its kind word ("East Java province")."""
        found = self.gazetteer.candidates(query.text)
        return found or (self.gazetteer.candidates(query.named) if query.named not in ("", query.text) else [])

    def candidates(self, query: Query) -> list[Place]:
        """Places the name may mean: the full name ("West Virginia"); its core only when the full name is unknown
        or has a kind word ("Kursk region": the Kursk divisions and the division seated at Kursk)."""
        found = list(self.written(query))
        if query.core != query.text and (not found or query.kind == "admin"):
            found += self.gazetteer.candidates(query.core)
        if query.kind == "admin":
            stem = normalise(query.core)[:SEAT_STEM]
            found += [d for d in self.gazetteer.divisions_seated_at(query.core) if normalise(d.name).startswith(stem)]
        if not found:
            for prefix in self.features.name_prefixes:
                if query.core.lower().startswith(prefix):
                    found += self.gazetteer.candidates(query.core[len(prefix):])
        unique: dict[tuple, Place] = {}
        for place in found:
            unique.setdefault((place.geonames_id, place.name, place.feature), place)
        places = list(unique.values())
        if query.kind == "admin":
            return drop_divisions_dwarfed_by_cities(places, query.text)
        kept = {p.geonames_id for p in places if p.feature == "admin1" and (
            self._written_after_a_part(query, p) or (p.feature, p.country) in query.listed)}
        return drop_divisions_named_after_cities(places, kept)

    def _bare_name_places(self, name: str) -> tuple[Place, ...]:
        """The gazetteer's places of `name` less the divisions named after one of its cities."""
        return tuple(drop_divisions_named_after_cities(self.gazetteer.candidates(name)))

    def _name_places(self, name: str) -> tuple[Place, ...]:
        """`candidates` of the name read alone (`parse`)."""
        return tuple(self.candidates(self.parse(name)))

    def _written_after_a_part(self, query: Query, division: Place) -> bool:
        """The name before it and a comma is a town of `division` ("Buffalo, New York") or another division of its
        country ("Missouri, New York"): the division is meant, though a big city shares its name."""
        return any(p.country == division.country and (p.feature == "admin1" or p.admin1_id == division.geonames_id)
                   for name in query.follows for p in self.bare_name_places(name))

    # -- scoring ---------------------------------------------------------------
    def prior(self, query: Query, place: Place) -> float:
        score = math.log10(place.population + 1) + FEATURE_PRIOR.get(place.feature, EXTRA_PLACE_PRIOR)
        if normalise(place.name) in (normalise(query.text), normalise(query.core)):
            score += PRIMARY_NAME_BONUS
        if self.is_capital(place):
            score += CAPITAL_PRIOR + (KIND_HINT_BONUS if query.seat else 0.0)
        if query.kind == "admin" and place.feature in ("admin1", "admin2"):
            score += KIND_HINT_BONUS
        if query.kind == "landform" and place.feature not in ("city",):
            score += KIND_HINT_BONUS / 2
        if query.kind == "town" and place.feature == "city":
            score += KIND_HINT_BONUS
        if query.core != query.text and place in self.written(query):
            score += FULL_NAME_BONUS
        if place.country in query.countries:
            score += COUNTRY_HINT_BONUS
        if place.admin1_id in query.admin1s and place.feature != "admin1":
            score += COUNTRY_HINT_BONUS
        elif place.admin1_id in query.nearby and place.feature in POINT_FEATURES:
            score += NEARBY_BONUS
        if place.feature in LISTED_FEATURES and (place.feature, place.country) in query.listed \
                or place.feature == "country" and any(feature == "country" for feature, _ in query.listed):
            score += LIST_BONUS
        return score

    def is_seat(self, query: Query, place: Place) -> bool:
        """A capital that may stand for its country's government: not when a kind word says a division ("the state
        of Washington")."""
        return query.kind != "admin" and ("admin1", place.country) not in query.listed and self.is_capital(place)

    def is_capital(self, place: Place) -> bool:
        return place.geonames_id is not None and place.geonames_id in self.gazetteer.capitals

    def resolve(self, queries: list[Query], dateline: str | None = None) -> dict[Query, PlaceResolution]:
        """Resolve each distinct query of a document together; the dateline counts as evidence."""
        asked = share_qualifiers(queries)
        queries = [asked[q] for q in queries]
        keys = list(dict.fromkeys(queries))
        dateline_key = self.parse(dateline) if dateline else None
        pools = {key: self.pool(key) for key in [*keys, *([dateline_key] if dateline_key else [])]}
        # The rounds work on lists in the order of `pools` (distinct names, so position k is name k): a `Query` is
        # hashed and compared field by field, which cost more than the scoring itself when done per place.
        names, name_pools = list(pools), list(pools.values())
        weights = [DATELINE_WEIGHT if key == dateline_key else 1.0 for key in names]
        seats = [[self.is_seat(key, place) for place, _ in pool] for key, pool in pools.items()]
        score_lists = [[s for _, s in pool] for pool in name_pools]
        for _ in range(ROUNDS):
            probability_lists = [softmax(scores) for scores in score_lists]
            vote_lists = [self._votes(pool, probabilities) for pool, probabilities in zip(name_pools, probability_lists)]
            anchors = [self._anchor(pool, scores, probabilities)
                       for pool, scores, probabilities in zip(name_pools, score_lists, probability_lists)]
            total_countries, total_admin1, total_named = self._totals(vote_lists, weights)
            all_countries, all_admin1 = sum(total_countries.values()), sum(total_admin1.values())
            for k, (pool, (own_countries, own_admin1, own_named), weight) in enumerate(zip(name_pools, vote_lists, weights)):
                country_mass = all_countries - sum(own_countries.values()) * weight
                admin_mass = all_admin1 - sum(own_admin1.values()) * weight
                others = [anchor for other, anchor in enumerate(anchors) if other != k and anchor is not None]
                score_lists[k] = [
                    prior + self._evidence(place, total_countries, own_countries, country_mass, weight,
                                           total_admin1, own_admin1, admin_mass) + proximity(place, others)
                    + (self._named_country(place, total_named, own_named, weight) if seat else 0.0)
                    for (place, prior), seat in zip(pool, seats[k])]
        scores = dict(zip(names, score_lists))
        votes = dict(zip(names, vote_lists))
        for key in keys:
            if self._foreign_guess(key, pools[key], scores[key], total_countries, votes[key][0]):
                pools[key], scores[key] = [], []
        resolutions = {key: self._resolution(key, pools[key], scores[key]) for key in keys}
        focus = self._focus(queries, resolutions)
        for key, resolution in resolutions.items():
            if not resolution.candidates:
                resolution.focus = self._local_focus(key, resolutions) or focus
        return {original: resolutions[shared] for original, shared in asked.items()}

    def _foreign_guess(self, query: Query, pool: Sequence[tuple[Place, float]], scores: list[float],
                       total_countries: dict[str, float], own_countries: dict[str, float]) -> bool:
        """A best place in a country none of the story's other names points to is not meant when it is a guess:
        the name is known only once its direction word is dropped ("North Eastern" in a story about Kenya found
        as "Eastern", a province of Uganda), or the place is a village ("Piccadilly" in a story about London is
        not the Australian hamlet, the only Piccadilly the gazetteer has)."""
        if not pool:
            return False
        place = pool[max(range(len(pool)), key=lambda i: scores[i])][0]
        words = [word for word in query.text.lower().split() if word != "the"]
        narrowed = bool(words) and words[0] in self.features.directions and not self.written(query)
        if not narrowed and not (place.feature == "city" and place.population < FOREIGN_VILLAGE_POPULATION):
            return False
        others = {code: total - own_countries.get(code, 0.0) for code, total in total_countries.items()}
        return bool(place.country) and sum(others.values()) > 0 and others.get(place.country, 0.0) < FOREIGN_SUPPORT

    @staticmethod
    def _focus(queries: list[Query], resolutions: dict[Query, PlaceResolution]) -> Place | None:
        """The story's main place: in the country its names point to most (by mention count), the town (else the
        division, else the country itself) they point to most; not a town named once abroad."""
        mentions = Counter(queries)
        weight: dict[Place, float] = defaultdict(float)
        for key, resolution in resolutions.items():
            if resolution.candidates:
                weight[resolution.place] += mentions[key] * resolution.probability
        countries: dict[str, float] = defaultdict(float)
        for place, value in weight.items():
            if place.country:
                countries[place.country] += value
        main = max(countries, key=lambda code: (countries[code], code), default=None)
        inside = [p for p in weight if p.country == main]
        towns = [p for p in inside if p.feature in POINT_FEATURES]
        pool = towns or [p for p in inside if p.feature in ("admin1", "country")]
        return max(pool, key=lambda p: (weight[p], p.population, p.geonames_id or 0), default=None)

    @staticmethod
    def _local_focus(query: Query, resolutions: dict[Query, PlaceResolution]) -> Place | None:
        """For a name the gazetteer lacks, a town, county or first-level division named in the same sentence ("the
        Mouillee game area in Monroe County"), the most specific and surest first; else None."""
        near = [r for key, r in resolutions.items()
                if r.candidates and normalise(key.text) in query.sentence and r.place.feature in LOCAL_FEATURES]
        best = max(near, key=lambda r: (r.place.feature in POINT_FEATURES, r.probability), default=None)
        return best.place if best else None

    def _pool(self, query: Query) -> tuple[tuple[Place, float], ...]:
        """The candidates with their priors, the most likely `POOL_SIZE` only."""
        places = self.candidates(query)
        if self._elsewhere(query, places):
            return ()
        if query.nearby and any(p.feature in LISTED_FEATURES for p in places):
            query = replace(query, nearby=frozenset())  # "Wales" near "England" is the nation, not a village there
        scored = [(p, self.prior(query, p)) for p in places]
        scored.sort(key=lambda item: (-item[1], item[0].geonames_id or 0))
        return tuple(scored[:POOL_SIZE])

    @staticmethod
    def _elsewhere(query: Query, places: list[Place]) -> bool:
        """ "Stroud, Ontario" when no Stroud the gazetteer knows lies in Ontario: the name is none of them. (A country
        of the name, "Benin, Ghana", says the comma joins a list, not a town and its country; so does a big city:
        "New York City, Long Island, New York" does not put New York City on the Bahamas' Long Island.)"""
        if not query.countries or any(p.feature == "country" or p.population >= ELSEWHERE_MAX_POPULATION
                                      for p in places):
            return False
        return not any(p.country in query.countries for p in places)

    @staticmethod
    def _anchor(pool: Sequence[tuple[Place, float]], scores: list[float], probabilities: list[float]) -> tuple[Place, float] | None:
        """A name's current best point and its probability (`probabilities`: the softmax of `scores`), when it is a
        point (a town, a county)."""
        if not pool:
            return None
        best = max(range(len(pool)), key=lambda i: scores[i])
        place = pool[best][0]
        return (place, probabilities[best]) if place.feature in POINT_FEATURES else None

    @staticmethod
    def _named_country(place: Place, total_named: dict[str, float], own_named: dict[str, float],
                       weight: float) -> float:
        """Evidence for a capital: its country is named elsewhere in the story (as a country, not as a town in it)."""
        named = total_named.get(place.country, 0.0) - own_named.get(place.country, 0.0) * weight
        return CAPITAL_EVIDENCE * min(1.0, max(0.0, named))

    @staticmethod
    def _evidence(place, total_countries, own_countries, country_mass, weight, total_admin1, own_admin1, admin_mass):
        score = 0.0
        if place.country and country_mass > 0:
            others = total_countries.get(place.country, 0.0) - own_countries.get(place.country, 0.0) * weight
            score += COUNTRY_EVIDENCE * max(0.0, others) / country_mass
        elif place.country is None and country_mass > 0:
            # a sea, a continent or a region across borders fits whatever countries the story is about
            best = max(total - own_countries.get(code, 0.0) * weight for code, total in total_countries.items())
            score += COUNTRY_EVIDENCE * max(0.0, best) / country_mass
        if place.admin1_id and admin_mass > 0 and place.feature != "country":
            others = total_admin1.get(place.admin1_id, 0.0) - own_admin1.get(place.admin1_id, 0.0) * weight
            score += ADMIN1_EVIDENCE * max(0.0, others) / admin_mass
        return score

    @staticmethod
    def _votes(pool: Sequence[tuple[Place, float]], probabilities: list[float]) -> tuple[dict, dict, dict]:
        """How much one name speaks for each country, each first-level division and each country named as
        such (its candidates' probabilities)."""
        countries: dict[str, float] = defaultdict(float)
        admin1: dict[int, float] = defaultdict(float)
        named: dict[str, float] = defaultdict(float)
        for (place, _), probability in zip(pool, probabilities):
            if place.country:
                countries[place.country] += probability
                if place.feature == "country":
                    named[place.country] += probability
            if place.admin1_id:
                admin1[place.admin1_id] += probability
        return countries, admin1, named

    @staticmethod
    def _totals(votes: list[tuple[dict, dict, dict]], weights: list[float]) -> tuple[dict, dict, dict]:
        """The votes of all names summed, each name's counting its weight (the dateline's `DATELINE_WEIGHT`) times."""
        totals: tuple[dict, dict, dict] = (defaultdict(float), defaultdict(float), defaultdict(float))
        for own, weight in zip(votes, weights):
            for total, part in zip(totals, own):
                for code, value in part.items():
                    total[code] += value * weight
        return totals

    @staticmethod
    def _resolution(query: Query, pool: Sequence[tuple[Place, float]], scores: list[float]) -> PlaceResolution:
        ranked = sorted(zip(pool, scores, softmax(scores)),
                        key=lambda item: (-item[1], item[0][0].geonames_id or 0, item[0][0].name))
        candidates = [Candidate(place, round(score, 3)) for (place, _), score, _ in ranked[:MAX_CANDIDATES]]
        probability = ranked[0][2] if ranked else 0.0
        return PlaceResolution(query, candidates, probability)


def share_qualifiers(queries: list[Query]) -> dict[Query, Query]:
    """One sense per story: "Alexandria" means the place a later "Alexandria, La." names, and "New York" the
    division "New York state" names (unless it stands for a government)."""
    countries: dict[str, set[str]] = defaultdict(set)
    admin1s: dict[str, set[int]] = defaultdict(set)
    divisions = {normalise(q.core) for q in queries if q.kind == "admin"}
    for query in queries:
        countries[normalise(query.text)] |= query.countries
        admin1s[normalise(query.text)] |= query.admin1s

    def shared(q: Query) -> Query:
        division = q.kind is None and not q.seat and normalise(q.text) in divisions
        return replace(q, countries=frozenset(countries[normalise(q.text)]), admin1s=frozenset(admin1s[normalise(q.text)]),
                       kind="admin" if division else q.kind)

    return {q: shared(q) for q in queries}


def proximity(place: Place, anchors: list[tuple[Place, float]]) -> float:
    """Evidence from the nearest other town of the story (local news names places near each other); a country
    or first-level division gets it from a town inside it."""
    if not anchors:
        return 0.0
    if place.feature in POINT_FEATURES:
        best = max(probability * math.exp(-distance_km(place.lat, place.lon, anchor.lat, anchor.lon) / PROXIMITY_KM)
                   for anchor, probability in anchors)
    elif place.feature in ("country", "admin1"):
        inside = [probability for anchor, probability in anchors
                  if anchor.country == place.country and (place.feature == "country" or place.geonames_id is not None
                                                          and anchor.admin1_id == place.geonames_id)]
        best = max(inside, default=0.0)
    else:
        return 0.0
    return PROXIMITY_EVIDENCE * best


NAMESAKE_SHARE = 0.25
NAMESAKE_KM = 150.0


def drop_divisions_named_after_cities(places: list[Place], kept: set[int] = frozenset()) -> list[Place]:
    """ "Moscow", "Paris", "Kyiv" without a kind word mean the city, not the division around it (those `kept` stay).
    A common name has dozens of cities and divisions: only the cities big enough to dominate a division are
    compared with it, found by bisecting the cities sorted by population."""
    cities = sorted((p for p in places if p.feature == "city"), key=lambda c: c.population, reverse=True)
    descending = [-c.population for c in cities]

    def dominated(division: Place) -> bool:
        big_enough = cities[:bisect_right(descending, -NAMESAKE_SHARE * division.population)]
        return any(division.admin1_id is not None and c.admin1_id == division.admin1_id
                   or distance_km(c.lat, c.lon, division.lat, division.lon) < NAMESAKE_KM for c in big_enough)

    return [p for p in places if p.feature not in ("admin1", "admin2") or p.geonames_id in kept or not dominated(p)]


DWARF_RATIO = 10


def drop_divisions_dwarfed_by_cities(places: list[Place], text: str) -> list[Place]:
    """ "The Houston region" is the area of a city of two million, not a county of 15,000 that shares its name; a
    division written out in full ("Houston County") stays, and so does one at least a tenth the city's size
    ("the Moscow region")."""
    biggest = max((p.population for p in places if p.feature == "city"), default=0)
    return [p for p in places if p.feature not in ("admin1", "admin2") or normalise(p.name) == normalise(text)
            or p.population * DWARF_RATIO >= biggest]


def softmax(scores: list[float]) -> list[float]:
    if not scores:
        return []
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]
