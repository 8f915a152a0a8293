"""The person knowledge base: who held which office, for which country, when.

Read from `eventwire/data/actors/persons.tsv.gz`, which `scripts/build_persons.py` derives from public sources
(see `docs/persons.md`); nothing is built from the sources at install or run time. A story's person is looked up
by the names it is written with and the story's publication date: "Merkel" is Germany's government (DEUGOV) in a
2010 story and a former leader (DEUELI) in a 2023 one. The KB only fills what the text leaves open; the resolver
(`eventwire/entities/resolve.py`) keeps a role or country the text states.

Names are matched as people write them: titles and initials dropped ("President Raj K. Chohan" = "Raj Chohan"),
hyphenated given names kept whole ("Cho Tae-yul"), transliteration variants meeting in a loose key ("Qaddafi",
"Gaddafi", "Kadhafi"; rules in `person_names.yaml`). A surname alone is coded only when it selects one person.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from eventwire.yamlfiles import parse_yaml

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
PERSONS_FILE = DATA_DIR / "persons.tsv.gz"
NAMES_FILE = DATA_DIR / "person_names.yaml"
FORMER_SECTOR = "ELI"
"""Sector of a person on a date after every office they held: a former leader is an elite, as CAMEO codes it."""
ADULT_AGE = 18
"""A person born less than this many years before a story is not the politician the story names."""
COLUMNS = ("id", "name", "aliases", "short", "born", "roles")
LOOSE = "~"
"""Prefix of a variant (loose) key in the index."""
SHORT = "="
"""Prefix of a short-name (surname) key in the index; full-name keys have none."""
MIN_LOOSE_SHORT = 5
"""Shortest surname matched by its variant key: short words meet too many others ("Inc", "Ink")."""
INDEX_MARK = "# index"
"""The line after the person rows that starts the index: `key<TAB>row,row,...` (0-based rows), sorted."""


@dataclass(frozen=True, slots=True)
class PersonRole:
    """One office held: "Chancellor" of DEU, sector GOV, 2005-11-22 to 2021-12-08, from the Factbook."""

    country: str | None
    igo: str | None
    sector: str
    title: str
    start: str  # ISO date, possibly only "YYYY" or "YYYY-MM"; "" when unknown
    end: str  # "" when open (in office at the source's snapshot)
    source: str

    def holds_on(self, date: str) -> bool:
        """Whether the role was held on `date`; a role without any date holds on none."""
        return bool(self.start or self.end) and (not self.start or pad(self.start, "start") <= date) and (
            not self.end or date <= pad(self.end, "end"))

    def ended_before(self, date: str) -> bool:
        return bool(self.end) and pad(self.end, "end") < date


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    born: int | None
    roles: tuple[PersonRole, ...]

    def countries(self) -> set[str]:
        return {role.country or role.igo for role in self.roles}


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """What the KB says a name in a story is; `how` tells which rule matched and `status` where the date falls."""

    person: Person
    role: PersonRole
    status: str  # "in office", "former", "before office", "latest" (undated story)
    how: str  # "name", "variant", "surname"

    @property
    def sector(self) -> str | None:
        if self.status == "former":
            return FORMER_SECTOR
        return None if self.status == "before office" else self.role.sector


def pad(date: str, side: str) -> str:
    """A partial ISO date as the first ("start") or last ("end") day it may mean."""
    if len(date) >= 10:
        return date[:10]
    return date + ("-01-01"[len(date) - 4:] if side == "start" else "-12-31"[len(date) - 4:])


def story_day(date: str | None) -> str | None:
    """A publication date as an ISO day ("1987-03-02T15:01" -> "1987-03-02", "1987" -> "1987-01-01"); None when
    it is missing or not ISO."""
    found = re.match(r"\d{4}(-\d{2}){0,2}", date or "")
    return pad(found.group(0), "start") if found else None


class NameRules:
    """How names are folded into matching keys, from `person_names.yaml` and the role titles of `roles.yaml`."""

    def __init__(self, text: str, role_words: set[str]):
        data = parse_yaml(text) or {}
        self.honorifics = {w.lower() for w in data.get("honorifics") or []}
        self.dropped_first = self.honorifics | role_words
        self.suffixes = {w.lower() for w in data.get("suffixes") or []}
        self.particles = {w.lower() for w in data.get("particles") or []}
        self.family_first = set(data.get("family_name_first") or [])
        self.folding = str.maketrans({k: v for k, v in (data.get("folding") or {}).items()})
        self.variants = [(re.compile(pattern), replacement) for pattern, replacement in data.get("variants") or []]
        self.prominent = re.compile(data.get("prominent_titles") or r"^$")
        self.before_office_years = int(data.get("before_office_years") or 0)
        self.fingerprint = hashlib.sha256(text.encode()).hexdigest()[:16]
        """Names the rules the index of a persons file was made with (the index's first line carries it). The index
        drops honorifics but not role titles, so it does not go stale when roles.yaml gains a role."""

    def split(self, name: str, roles: bool = True) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(leading titles, name words) of a written name, folded: "President Raj K. Chohan's" ->
        (("president",), ("raj", "chohan")); initials, a possessive and a generational suffix go. With `roles`
        False only honorifics count as titles (how the index is keyed)."""
        dropped = self.dropped_first if roles else self.honorifics
        text = unicodedata.normalize("NFKD", name.translate(self.folding))
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
        words = [w.strip(".,;:()\"") for w in text.replace("_", " ").split()]
        words = [w for w in words if w]
        if words and words[-1].endswith(("'s", "'")):
            words[-1] = words[-1].removesuffix("'s").removesuffix("'")
        titles = []
        while len(words) > 1 and words[0] in dropped:
            titles.append(words.pop(0))
        while len(words) > 1 and words[-1] in self.suffixes:
            words.pop()
        named = [w for w in words if len(w.strip("'-")) > 1]
        return tuple(titles), tuple(named or words)

    def words(self, name: str, roles: bool = True) -> tuple[str, ...]:
        return self.split(name, roles)[1]

    def loose(self, words: tuple[str, ...]) -> str:
        """A key where transliteration and spacing variants of a name meet ("kdf" for Qaddafi, Gaddafi, Kadhafi;
        "Yoon Suk-yeol" and "Yoon Suk Yeol" alike): particles dropped ("al-Assad" = "Assad"), each hyphen-separated
        part rewritten by the variant rules, the parts joined."""
        parts = [part for word in words for part in word.split("-") if part and part not in self.particles]
        out = []
        for part in parts or [w for word in words for w in word.split("-")]:
            for pattern, replacement in self.variants:
                part = pattern.sub(replacement, part)
            out.append(part)
        return "".join(out)

    def name_keys(self, words: tuple[str, ...]) -> list[str]:
        """The keys a written full name is looked up and indexed by: all its words, first and last ("Vladimir
        Vladimirovich Putin" is "Vladimir Putin"), the last two ("Lopez Obrador"), and the variant key of each."""
        if len(words) < 2:
            return []
        keys = [" ".join(words)] + ([f"{words[0]} {words[-1]}"] if len(words) > 2 else [])
        return keys + [LOOSE + self.loose(tuple(k.split())) for k in keys] + (
            [" ".join(words[-2:])] if len(words) > 2 else [])

    def person_keys(self, name: str, aliases: list[str], short: list[str], countries: set[str]) -> list[str]:
        """The index keys of a person: its name keys, then its short names (`=`), the family name of each written
        name (the first word where names put it first, "Kim" of "Kim Jong-un", else the last) and those in `short`."""
        full: dict[str, None] = {}
        shorts: dict[str, None] = {}
        for written in (name, *aliases):
            words = self.words(written, roles=False)
            full.update(dict.fromkeys(self.name_keys(words)))
            if len(words) >= 2:
                shorts[words[0] if countries & self.family_first else words[-1]] = None
            elif words:
                shorts[words[0]] = None
        for word in short:
            shorts.update(dict.fromkeys(self.words(word, roles=False)[-1:]))
        return [*full, *(SHORT + w for w in shorts),
                *(SHORT + LOOSE + self.loose((w,)) for w in shorts if len(w) >= MIN_LOOSE_SHORT)]


def role_words(roles) -> frozenset[str]:
    """The words of the role titles (`KnowledgeBase.roles`), dropped before a name: "Prime Minister Li"."""
    return frozenset(w for role in roles for w in role.replace("-", " ").split())


def name_rules(role_words: frozenset[str], path: Path = NAMES_FILE) -> NameRules:
    """The name rules of `path`, dropping `role_words` before names (`KnowledgeBase.name_rules` keeps its base's)."""
    return NameRules(path.read_text(encoding="utf-8"), set(role_words))


def row_fields(row: str, where: str) -> list[str]:
    fields = row.split("\t")
    if len(fields) != len(COLUMNS):
        raise ValueError(f"{where}: expected {len(COLUMNS)} tab-separated fields, got {len(fields)}")
    return fields


def build_index(rows: list[str], rules: NameRules, where: Path) -> dict[str, str]:
    """key -> "row,row,..." for every person row (what the build writes after `# index`)."""
    index: dict[str, list[str]] = {}
    for number, row in enumerate(rows):
        _pid, name, aliases, short, _born, roles = row_fields(row, f"{where}: person row {number + 1}")
        countries = {role.split("|", 1)[0] for role in roles.split(";")}
        for key in rules.person_keys(name, aliases.split("|") if aliases else [], short.split("|") if short else [],
                                     countries):
            bucket = index.setdefault(key, [])
            if not bucket or bucket[-1] != str(number):
                bucket.append(str(number))
    return {key: ",".join(numbers) for key, numbers in index.items()}


def parse_roles(field: str, where: str) -> tuple[PersonRole, ...]:
    roles = []
    for item in filter(None, field.split(";")):
        parts = item.split("|")
        if len(parts) != 7:
            raise ValueError(f"{where}: a role needs 7 '|'-separated fields, got {item!r}")
        country, igo, sector, title, start, end, source = parts
        roles.append(PersonRole(country or None, igo or None, sector, title, start, end, source))
    return tuple(roles)


class PersonKB:
    """Persons by full name and by short name (surname), each also by its variant key, with their dated roles.

    The file carries the index the build made (full-name keys, `=` short-name keys, `~` variant keys -> rows), so
    loading is two splits and one dict, and a person's row stays text until a lookup asks for it: the KB loads in a
    fraction of a second. An index made with other name rules (its fingerprint differs) is rebuilt on load, more
    slowly and with a warning."""

    def __init__(self, path: Path = PERSONS_FILE, rules: NameRules | None = None):
        self.path = path
        self.rules = rules or name_rules(frozenset())
        self._parsed: dict[int, Person] = {}
        opener = gzip.open if path.suffix == ".gz" else open
        try:
            with opener(path, "rt", encoding="utf-8") as stream:
                text = stream.read()
        except (OSError, EOFError, UnicodeDecodeError) as err:
            raise ValueError(f"{path}: unreadable persons file ({err})") from err
        data, mark, index = text.partition("\n" + INDEX_MARK)
        lines = data.splitlines()
        body = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
        self.header = [line[1:].strip() for line in lines[:body]]
        if body < len(lines) and lines[body].startswith("id\t"):
            body += 1
        self.rows = lines[body:]
        marked, _, entries = index.partition("\n")
        if mark and marked.strip() == f"keys {self.rules.fingerprint}":
            self.index = dict(line.split("\t", 1) for line in entries.splitlines())
        else:
            log.warning("%s: no index for the current name rules; indexing on load (rerun scripts/build_persons.py)", path)
            self.index = build_index(self.rows, self.rules, path)

    def __len__(self) -> int:
        return len(self.rows)

    def person(self, index: int) -> Person:
        """The person of row `index`, parsed the first time it is asked for."""
        found = self._parsed.get(index)
        if found is None:
            fields = row_fields(self.rows[index], f"{self.path}: person row {index + 1}")
            pid, name, _aliases, _short, born, roles = fields
            found = self._parsed[index] = Person(pid, name, int(born) if born.isdigit() else None,
                                                 parse_roles(roles, f"{self.path}: {pid}"))
        return found

    def rows_for(self, key: str) -> list[int]:
        found = self.index.get(key)
        return [int(i) for i in found.split(",")] if found else []

    # -- lookups -------------------------------------------------------------
    def candidates(self, names: list[str]) -> tuple[list[Person], str]:
        """Every person the names may be, and how they were found: the longest written name first, by its exact
        keys, then by its variant keys; a one-word name only as a short name (surname), exact before variant."""
        split = sorted({self.rules.words(n) for n in names if n.strip()}, key=lambda w: (-len(w), w))
        for words in split:
            keys = self.rules.name_keys(words)
            for how, wanted in (("name", [k for k in keys if not k.startswith(LOOSE)]),
                                ("variant", [k for k in keys if k.startswith(LOOSE)])):
                found = [i for key in wanted for i in self.rows_for(key)]
                if found:
                    return [self.person(i) for i in dict.fromkeys(found)], how
        if any(len(words) > 1 for words in split):
            return [], ""  # the story names someone in full the KB does not know: not one of its surnames
        singles = [w[0] for w in split]
        keys = [SHORT + w for w in singles] + [SHORT + LOOSE + self.rules.loose((w,)) for w in singles
                                               if len(w) >= MIN_LOOSE_SHORT]
        for key in keys:
            found = self.rows_for(key)
            if found:
                return [self.person(i) for i in found], "surname"
        return [], ""

    def title_in(self, names: list[str]) -> str | None:
        """A role title written as part of a name ("President Xi"), honorifics ("Mr.") left out."""
        for name in names:
            titles = [w for w in self.rules.split(name)[0] if w not in self.rules.honorifics]
            if titles:
                return " ".join(titles)
        return None

    def resolve(self, names: list[str], date: str | None, title: str | None = None, sector: str | None = None,
                countries: frozenset[str] = frozenset()) -> PersonMatch | None:
        """The one person `names` mean in a story of `date` (ISO, or None when undated), and the role that holds.

        `title`/`sector` are a role the text gives without a country ("President Reagan"; a title written inside
        a name counts too), `countries` the countries the story names. Candidates too young on the date are
        dropped, then narrowed by a role held on the date, by a matching office, by the story's countries and by a
        leader's office held on the date, each step kept only when it leaves someone. A full name may then name
        several homonyms of one country; a surname alone must leave exactly one person and either be unique or have
        been narrowed by a step."""
        found, how = self.candidates(names)
        if not found:
            return None
        title = title or self.title_in(names)
        day = story_day(date)
        steps = []  # each a test on a person; narrowing by one is context that selects
        if day:
            year = int(day[:4])
            found = [p for p in found if p.born is None or p.born <= year - ADULT_AGE]
            if not found:
                return None  # everyone of that name was a child at the time
            steps.append(lambda p: any(r.holds_on(day) for r in p.roles))
        if title or sector:
            steps.append(lambda p: any(self._same_office(r, title, sector) for r in p.roles))
        if countries:
            steps.append(lambda p: bool(p.countries() & countries))
        if day:  # last: among the namesakes still in office, the one who leads ("Obama", not a minister Obama)
            steps.append(lambda p: any(self.rules.prominent.search(r.title.lower()) and r.holds_on(day)
                                       for r in p.roles))
        people, narrowed = found, False
        for keep in steps:
            kept = [p for p in people if keep(p)]
            if kept and len(kept) < len(people):
                people, narrowed = kept, True
        if how == "surname" and (len(people) != 1 or not (narrowed or len(found) == 1)):
            return None
        if len(people) != 1 and len({c for p in people for c in p.countries()}) != 1:
            return None
        role, status = self.role_on(people[0], day, title, sector)
        if status == "before office" and day and role.start and \
                int(role.start[:4]) - int(day[:4]) > self.rules.before_office_years:
            return None
        if not (title or sector or people[0].countries() & countries or self.prominent_on(people[0], day)):
            return None  # no context: a homonym of someone abroad is as likely as the office holder
        return PersonMatch(people[0], role, status, how)

    def prominent_on(self, person: Person, day: str | None) -> bool:
        """Whether the person held a leader's office (`prominent_titles`) on `day` or before it."""
        return any(self.rules.prominent.search(r.title.lower()) and (day is None or r.holds_on(day) or r.ended_before(day))
                   for r in person.roles)

    @staticmethod
    def _same_office(role: PersonRole, title: str | None, sector: str | None) -> bool:
        """Whether a KB role is the office the text names: the title's head word ("minister" of "Foreign
        Minister") is in the role's title, else the sectors agree."""
        if title:
            last = title.lower().replace("-", " ").split()[-1]
            return last in role.title.lower().replace("-", " ").split()
        return role.sector == sector

    def role_on(self, person: Person, day: str | None, title: str | None = None,
                sector: str | None = None) -> tuple[PersonRole, str]:
        """The role valid on `day` (one matching the text's office first), else the last one before it ("former"),
        else the first one after it ("before office"); undated story: the latest role ("latest"). A person whose
        roles carry no dates at all gets the last of them ("undated")."""
        dated = [r for r in person.roles if r.start or r.end]
        if not dated:
            return person.roles[-1], "undated"
        roles = sorted(dated, key=lambda r: (pad(r.start, "start") if r.start else "", pad(r.end, "end") if r.end else "9999"))
        if day is None:
            return roles[-1], "latest"
        holding = [r for r in roles if r.holds_on(day)]
        if holding:
            fitting = [r for r in holding if (title or sector) and self._same_office(r, title, sector)]
            return (fitting or holding)[-1], "in office"
        before = [r for r in roles if r.ended_before(day)]
        if before:
            return max(before, key=lambda r: pad(r.end, "end")), "former"
        return roles[0], "before office"
