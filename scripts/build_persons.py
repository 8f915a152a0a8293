"""Build the person knowledge base shipped as `eventwire/data/actors/persons.tsv.gz`.

    .venv/bin/python scripts/build_persons.py [--reference ../shared/reference/actors] [--out FILE]
                                             [--sources factbook wikidata phoenix countryinfo] [--no-legislators]

Reads the public sources in the reference directory (their licences and coverage: its README.md and each
SOURCE.md; what is used from each: `scripts/persons_sources.yaml` and `docs/persons.md`) and writes one row per
person: name, aliases, the short names used alone, birth year, and every dated role (country or IGO, PLOVER sector,
office title, start, end, source). Deterministic: the same sources give the same bytes (sorted rows, gzip without a
timestamp). Run by hand when the sources change; nothing runs it at install or run time and the raw sources are
not shipped.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventwire.entities.kb import KnowledgeBase, knowledge_base  # noqa: E402 (after the checkout is put on sys.path)
from eventwire.entities.persons import (  # noqa: E402
    COLUMNS,
    INDEX_MARK,
    NAMES_FILE,
    PERSONS_FILE,
    NameRules,
    build_index,
    pad,
    role_words,
)
from eventwire.yamlfiles import parse_yaml  # noqa: E402

CONFIG = Path(__file__).resolve().parent / "persons_sources.yaml"
DEFAULT_REFERENCE = next((p / "shared" / "reference" / "actors" for p in ROOT.parents
                          if (p / "shared" / "reference" / "actors").is_dir()), ROOT.parent / "shared" / "reference" / "actors")
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], start=1)}
SINCE = re.compile(r"\(since (?:(\d{1,2}) )?([A-Za-z]+)?\s*(\d{4})\)")
CAPS_WORD = re.compile(r"^[A-Z][A-Z'\-.]*[A-Z]\.?$|^[A-Z]$")
ROMAN = re.compile(r"^[IVX]+$")


@dataclass
class Role:
    country: str | None
    igo: str | None
    sector: str
    title: str
    start: str
    end: str
    source: str

    def row(self) -> str:
        clean = re.sub(r"[|;\t]", " ", self.title).strip()
        return "|".join([self.country or "", self.igo or "", self.sector, clean, self.start, self.end, self.source])


@dataclass
class Draft:
    """A person while the sources are merged."""

    pid: str
    name: str
    aliases: set[str] = field(default_factory=set)
    short: set[str] = field(default_factory=set)
    born: int | None = None
    roles: list[Role] = field(default_factory=list)


def title_case(word: str) -> str:
    """ "MERKEL" -> "Merkel", "O'NEILL" -> "O'Neill", "ABDULLAH II" keeps "II"."""
    if ROMAN.match(word):
        return word
    return "-".join("'".join(p[:1].upper() + p[1:].lower() for p in part.split("'")) for part in word.split("-"))


def phrase_name(phrase: str) -> str:
    """A Phoenix/CountryInfo phrase ("VLADIMIR_V._PUTIN_") as a written name."""
    return " ".join(title_case(w) for w in phrase.strip().strip("_").replace("_", " ").split() if w != ",")


class Builder:
    def __init__(self, reference: Path, config: dict, kb: KnowledgeBase, legislators: bool):
        self.reference = reference
        self.config = config
        self.kb = kb
        self.legislators = legislators
        self.rules = NameRules(NAMES_FILE.read_text(encoding="utf-8"), set(role_words(kb.roles)))
        self.sector_rules = [(re.compile(p, re.IGNORECASE), s) for p, s in config.get("sectors") or []]
        self.roles_by_length = sorted(kb.roles, key=len, reverse=True)
        self.persons: dict[str, Draft] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        self.unmapped: set[str] = set()
        self.strip_words = self.rules.dropped_first | {normalise_word(n) for n in kb.surface_forms if " " not in n}

    # -- shared helpers ------------------------------------------------------------
    def country(self, name: str) -> tuple[str | None, str | None]:
        """(ISO alpha-3, IGO code) of a jurisdiction or country name."""
        fixed = (self.config.get("jurisdictions") or {}).get(name)
        if fixed:
            return fixed, None
        plain = re.sub(r"^the |\s*\(.*$", "", html.unescape(name).replace("\xa0", " ").strip(), flags=re.IGNORECASE).strip()
        fixed = (self.config.get("jurisdictions") or {}).get(plain)
        if fixed:
            return fixed, None
        for record in self.kb.records_for(plain):
            if record.kind == "country":
                return record.country, None
            if record.kind == "igo":
                return None, record.igo
        self.unmapped.add(name)
        return None, None

    def sector(self, label: str) -> str | None:
        """The PLOVER sector of an office label; None for labels that are no office ("First Lady")."""
        for pattern, sector in self.sector_rules:
            if pattern.search(label):
                return None if sector == "SKIP" else sector
        lowered = " " + " ".join(label.lower().replace("-", " ").split()) + " "
        for role in self.roles_by_length:
            if f" {role.replace('-', ' ')} " in lowered:
                return self.kb.roles[role] or "GOV"
        return "GOV"

    def key(self, name: str) -> str:
        return " ".join(self.rules.words(name))

    def person(self, pid: str, name: str, country: str | None) -> Draft:
        """The draft for `pid`, or an earlier source's person of the same name and country (merged)."""
        key = (self.key(name), country or "")
        if pid in self.persons:
            return self.persons[pid]
        known = self.by_name.get(key)
        words = key[0].split()
        if known is None and len(words) > 2:
            known = self.by_name.get((f"{words[0]} {words[-1]}", country or ""))
        if known is None and len(words) >= 2:
            known = self.by_name.get(("~" + self.rules.loose(tuple(words)), country or ""))
        if known is not None and not (pid.startswith("wd:") and known.startswith("wd:")):  # two QIDs: homonyms
            draft = self.persons[known]
            if self.key(name) != self.key(draft.name):
                draft.aliases.add(name)
            return draft
        draft = self.persons.setdefault(pid, Draft(pid, name))
        if self.key(name) != self.key(draft.name):
            draft.aliases.add(name)
        self.by_name.setdefault(key, pid)
        if len(words) >= 2:
            self.by_name.setdefault(("~" + self.rules.loose(tuple(words)), country or ""), pid)
        if len(words) > 2:
            self.by_name.setdefault((f"{words[0]} {words[-1]}", country or ""), pid)
        return draft

    def clean_alias(self, alias: str, name: str) -> str | None:
        """An alias without the titles and country adjectives Phoenix writes before names ("Former President Ronald
        Reagan" -> "Ronald Reagan"); kept only when it still shares a word, or a spelling variant of the surname,
        with the name ("Angela Dorothea Merkel", "Muammar Qadhafi"), so "Reagan Administration" is not one."""
        words = alias.split()
        while len(words) > 1 and all(part in self.strip_words or part in JUNK_WORDS
                                     for part in normalise_word(words[0]).split("-")):
            words.pop(0)
        if not words or any(ch.isdigit() for ch in alias) or normalise_word(words[-1]) in JUNK_WORDS:
            return None
        mine, theirs = self.rules.words(" ".join(words)), self.rules.words(name)
        if not theirs or not (set(mine) & set(theirs) or self.rules.loose(mine[-1:]) == self.rules.loose(theirs[-1:])):
            return None
        return " ".join(words)

    # -- sources -------------------------------------------------------------------
    def read_wikidata(self) -> None:
        base = self.reference / self.config["sources"]["wikidata"]["path"]
        for repo in sorted(p for p in base.iterdir() if p.is_dir()):
            meta = repo / "meta.json"
            if repo.name == "world":
                self._wikidata_rows(repo / "html" / "holders21.csv", repo / "html" / "bio.csv", None, igo_from_label=True)
            elif repo.name == "world-leaders-2021":
                self._world_leaders(repo / "data" / "wikidata.csv")
            elif meta.exists():
                name = json.loads(meta.read_text(encoding="utf-8"))["jurisdiction"]["name"]
                country, _ = self.country(name)
                if country is None:
                    continue
                bio = repo / "html" / "bio.csv"
                self._wikidata_rows(repo / "html" / "holders21.csv", bio, country)
                if self.legislators:
                    self._wikidata_rows(repo / "html" / "legislators.csv", bio, country, sector="LEG")

    def _wikidata_rows(self, path: Path, bio: Path, country: str | None, sector: str | None = None,
                       igo_from_label: bool = False) -> None:
        if not path.exists():
            return
        births = read_births(bio)
        for row in read_csv(path):
            label, name, qid = row["position"], row["person"], row["personID"]
            if not name or name == qid:
                continue
            igo = self.igo_in(label) if igo_from_label else None
            if igo_from_label and igo is None:
                continue
            found = sector or self.sector(label)
            if found is None:
                continue
            draft = self.person(f"wd:{qid}", name, country or igo)
            draft.born = draft.born or births.get(qid)
            draft.roles.append(Role(country, igo, found, label, iso(row["start"]), iso(row["end"]), "wikidata"))

    def igo_in(self, label: str) -> str | None:
        """The IGO an office label names ("Secretary-General of the United Nations" -> UN)."""
        tail = re.split(r"\b(?:of|to)\b", label, maxsplit=1)
        if len(tail) < 2:
            return None
        record = self.kb.lookup(tail[1].strip())
        return record.igo if record is not None and record.kind == "igo" else None

    def _world_leaders(self, path: Path) -> None:
        for row in read_csv(path):
            country, _ = self.country(row["country"])
            name = row["officeholderLabel"]
            if country is None or not name or re.fullmatch(r"Q\d+", name):
                continue
            draft = self.person(f"wd:{row['officeholder']}", name, country)
            title = re.sub(r"\s+of\s+.*$", "", row["positionLabel"]) or row["positionLabel"]
            draft.roles.append(Role(country, None, self.sector(title) or "GOV", title, row["start_year"],
                                    row["end_year"], "wikidata"))

    def read_factbook(self) -> None:
        """Heads of state and government from every recorded version of each country's Factbook file: a spell
        starts at its "(since ...)" date and ends when a later version no longer names the person (at the
        successor's start date when the same title changed hands, else at that version's date).
        A dependency's chief of state who heads another country's government is that country's, not the
        dependency's: Guam's "President Barack H. OBAMA" is the USA's president (kept there only, or the surname
        "Obama" would name five people)."""
        path = self.reference / self.config["sources"]["factbook"]["path"]
        versions: dict[str, list[dict]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            versions.setdefault(record.get("country") or "", []).append(record)
        heads_of_government = {(name, title): country_name for country_name, records in versions.items()
                               for record in records for name, title, _, _, field_name
                               in factbook_holders(record, self.strip_words) if field_name == "head of government"}
        for country_name, records in sorted(versions.items()):
            country, igo = self.country(country_name)
            if country is None and igo is None:
                continue
            records.sort(key=lambda r: r["commit_date"])
            spells: dict[tuple[str, str], list] = {}  # (name, title) -> [start, end]
            for number, record in enumerate(records):
                holders = [(name, title, since, caps) for name, title, since, caps, field_name
                           in factbook_holders(record, self.strip_words)
                           if heads_of_government.get((name, title), country_name) == country_name
                           or field_name == "head of government"]
                for name, title, since, caps in holders:
                    spell = spells.setdefault((name, title), [since, "", caps])
                    spell[1] = ""
                following = records[number + 1] if number + 1 < len(records) else None
                if following is None:
                    continue
                nxt = [holder[:4] for holder in factbook_holders(following, self.strip_words)]
                names_next = {(n, t) for n, t, _, _ in nxt}
                for name, title, _, _ in holders:
                    if (name, title) not in names_next:
                        successor = [s for n, t, s, _ in nxt if t == title and s]
                        spells[(name, title)][1] = max(successor) if successor else following["commit_date"][:10]
            for (name, title), (start, end, caps) in sorted(spells.items()):
                draft = self.person(f"fb:{country or igo}:{self.key(name)}", name, country or igo)
                draft.short.update(caps)
                sector = self.sector(title) or "GOV"
                draft.roles.append(Role(country, igo, sector, title, start, end, "factbook"))

    def read_phoenix(self) -> None:
        """Persons of the Phoenix country dictionary (entries marked `# CountryInfo.txt`) with their aliases and
        dated CAMEO codes; codes without a date are kept only for persons that have no dated one."""
        path = self.reference / self.config["sources"]["phoenix"]["path"]
        entry: list[str] | None = None
        entries = []
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not raw.strip():
                continue
            if raw.startswith(("\t", " ")) and raw.strip().startswith("["):
                if entry is not None:
                    entry.append(raw.strip())
                continue
            if raw.startswith("+"):
                if entry is not None:
                    entry.append(raw)
                continue
            if raw.startswith("#"):
                continue
            entry = [raw]
            entries.append(entry)
        for lines in entries:
            if not any("# CountryInfo.txt" in line for line in lines if not line.startswith("[")):
                continue  # countries, cities and groups: only CountryInfo's persons carry the mark
            name = phrase_name(lines[0].split("#")[0])
            aliases = [phrase_name(line[1:].split("#")[0]) for line in lines[1:] if line.startswith("+")]
            codes = [c for line in lines[1:] if line.startswith("[") for c in cameo_codes(line)]
            dated = [c for c in codes if c[1] or c[2]]
            roles = [Role(code[:3], None, code[3:6] or "GOV", comment, start, end, "phoenix")
                     for code, start, end, comment in (dated or codes) if self.is_country(code[:3])]
            if not roles:
                continue
            draft = self.person(f"ph:{roles[0].country}:{self.key(name)}", name, roles[0].country)
            for alias in aliases:
                cleaned = self.clean_alias(alias, draft.name)
                if cleaned and self.key(cleaned) != self.key(draft.name):
                    draft.aliases.add(cleaned)
            draft.roles.extend(roles)

    def is_country(self, code: str) -> bool:
        return code in self.kb.country_names

    def read_countryinfo(self) -> None:
        """Leaders (title from the sub-tag: `<Presidents>` -> President) and government members (title from the
        line's comment) of each country block."""
        path = self.reference / self.config["sources"]["countryinfo"]["path"]
        country, section, title = None, None, ""
        for raw in path.read_text(encoding="latin-1").splitlines():
            line = raw.strip()
            found = re.match(r"<CountryCode>(\w+)</CountryCode>", line)
            if found:
                country = found.group(1)
                continue
            tag = re.match(r"^#?<(/?)([^>]+)>$", line)
            if tag:
                closing, name = tag.groups()
                if name in ("Leaders", "Government"):
                    section = None if closing else name
                elif section == "Leaders" and not closing:
                    title = singular(name)
                continue
            if section is None or line.startswith("#") or "[" not in line or country is None:
                continue
            phrase, _, rest = line.partition("[")
            comment = rest.split("#", 1)[1].strip() if "#" in rest else ""
            born = re.search(r"\[B:(\d{4})", line)
            roles = []
            for code, start, end, _ in cameo_codes("[" + rest.split("#", 1)[0]):
                if not (start or end):
                    continue
                if not code:
                    roles.append(Role(country, None, "GOV", title if section == "Leaders" else comment, start, end,
                                      "countryinfo"))
                elif self.is_country(code[:3]):
                    roles.append(Role(code[:3], None, code[3:6] or "GOV", comment or (title if section == "Leaders" else ""),
                                      start, end, "countryinfo"))
            if not roles:
                continue
            name, *synonyms = [phrase_name(n) for n in re.findall(r"\{([^}]*)\}", phrase)] or [phrase_name(phrase)]
            draft = self.person(f"ci:{roles[0].country}:{self.key(name)}", name, roles[0].country)
            draft.born = draft.born or (int(born.group(1)) if born else None)
            draft.aliases.update(a for a in synonyms if self.key(a) != self.key(draft.name))
            draft.roles.extend(roles)

    # -- output --------------------------------------------------------------------
    def finish(self) -> list[Draft]:
        """Drop duplicate roles; close an open role at its source's snapshot when a newer source knows the person
        (it would otherwise still "hold" years after that source stopped looking); set the short names."""
        sources = self.config["sources"]
        people = []
        for draft in self.persons.values():
            roles = sorted(distinct_roles(draft.roles), key=lambda r: (pad(r.start, "start") if r.start else "", r.end,
                                                                      r.source, r.title))
            newest = max(sources[r.source]["as_of"] for r in roles)
            for role in roles:
                as_of = sources[role.source]["as_of"]
                if not role.end and role.start and as_of < newest:
                    role.end = max(as_of, role.start)
            draft.roles = roles
            people.append(draft)
        return sorted(people, key=lambda d: d.pid)


def distinct_roles(roles: list[Role]) -> list[Role]:
    """One role per office spell: Phoenix's copy of a CountryInfo spell goes (CountryInfo keeps the title), and of
    the rows Wikidata holds for one spell (one per cabinet, with different ends) the longest stays."""
    titled = {(r.country, r.sector, r.start, r.end) for r in roles if r.source == "countryinfo"}
    kept: dict[tuple, Role] = {}
    for role in roles:
        if role.source == "phoenix" and (role.country, role.sector, role.start, role.end) in titled:
            continue
        key = (role.country, role.igo, role.sector, role.title, role.start, role.source)
        known = kept.get(key)
        if known is None or (known.end and (not role.end or pad(role.end, "end") > pad(known.end, "end"))):
            kept[key] = role
    return list(kept.values())


JUNK_WORDS = {"former", "administration", "government", "regime", "camp", "family", "era", "supporters", "loyalists",
              "forces", "cabinet", "govenor", "presidente", "kanzler", "bundeskanzler", "ex", "late", "new", "the"}
"""Words around names in Phoenix aliases that are not part of a name."""


def normalise_word(word: str) -> str:
    return word.lower().strip(".,")


def singular(tag: str) -> str:
    """ "Prime Ministers" -> "Prime Minister", "Secretary of State" unchanged."""
    words = tag.split()
    head = next((i for i, w in enumerate(words) if w.lower() in ("of", "for")), len(words)) - 1
    if head >= 0 and words[head].endswith("ies"):
        words[head] = words[head][:-3] + "y"
    elif head >= 0 and words[head].endswith("s") and not words[head].endswith("ss"):
        words[head] = words[head][:-1]
    return " ".join(words)


def iso(value: str) -> str:
    """A Wikidata date as given (YYYY, YYYY-MM or YYYY-MM-DD), empty when missing or malformed."""
    value = (value or "").strip()
    return value if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) else ""


def cameo_date(value: str) -> str:
    """A Phoenix/CountryInfo date: YYYYMMDD, or YYMMDD with YY <= 30 read as 20YY (as PETRARCH-2 reads it)."""
    if re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    if re.fullmatch(r"\d{6}", value):
        century = "20" if int(value[:2]) <= 30 else "19"
        return f"{century}{value[:2]}-{value[2:4]}-{value[4:]}"
    return ""


def cameo_codes(line: str) -> list[tuple[str, str, str, str]]:
    """(code, start, end, comment) of each bracket: `[RUSGOV 991231-080507]`, `[CODE >date]`, `[CODE <date]`,
    `[CODE]`, and CountryInfo's `[19810120 - 19890120]` (no code). Birth/death brackets and bad dates are skipped."""
    comment = line.split("#", 1)[1].strip() if "#" in line else ""
    found = []
    for body in re.findall(r"\[([^\]]*)\]", line.split("#", 1)[0]):
        body = body.strip()
        if body.startswith(("B:", "D:")):
            continue
        parts = body.split(None, 1)
        code = parts[0] if parts and re.fullmatch(r"[A-Z]{3}[A-Z]*", parts[0]) else ""
        when = (parts[1] if code and len(parts) > 1 else ("" if code else body)).replace(" ", "")
        start = end = ""
        if when.startswith(">"):
            start = cameo_date(when[1:])
        elif when.startswith("<"):
            end = cameo_date(when[1:])
        elif "-" in when:
            first, second = when.split("-", 1)
            start, end = cameo_date(first), cameo_date(second)
            if not (start and end):
                continue
        elif when:
            continue
        found.append((code, start, end, comment))
    return found


def factbook_holders(record: dict, stop: set[str]):
    """(name, title, since, caps surnames, field) of each office holder a Factbook version names; given names
    before the capitalised surname run back to a title word or a word of `stop` (country names: "...of
    Afghanistan Ashraf")."""
    for field_name in ("chief of state", "head of government", "text"):
        text = html.unescape(re.sub(r"<[^>]+>", " ", record.get(field_name) or ""))
        for chunk in re.split(r";|\)\s*,", text):
            since = SINCE.search(chunk + (")" if "(since" in chunk and not chunk.rstrip().endswith(")") else ""))
            if since is None:
                continue
            head = re.sub(r"\([^)]*\)", " ", chunk[:since.start()])
            title = ""
            for segment in head.split(","):  # "Deputy Prime Ministers Kris PEETERS, Didier REYNDERS (since ...)"
                found = factbook_name(segment.split(), stop)
                if found is not None:
                    name, segment_title, surnames = found
                    title = segment_title or title or field_name
                    yield name, title, since_date(since), surnames, field_name


def factbook_name(words: list[str], stop: set[str]) -> tuple[str, str, list[str]] | None:
    """(name, title before it, the surname when one capitalised word) of "Chancellor Friedrich MERZ"."""
    caps = [i for i, w in enumerate(words) if CAPS_WORD.match(w) and len(w.strip(".")) > 1 and not ROMAN.match(w)
            and not is_title_word(w)]
    if not caps:
        return None
    first, last = caps[0], caps[-1]
    while last + 1 < len(words) and words[last + 1][:1].isupper() and not words[last + 1].endswith("."):
        last += 1  # "PARK Geun-hye": given names after the family name
    begin = first
    while begin > 0 and words[begin - 1][:1].isupper() and not is_title_word(words[begin - 1]) \
            and normalise_word(words[begin - 1]) not in stop \
            and (not words[begin - 1].endswith(".") or INITIAL.fullmatch(words[begin - 1])):
        begin -= 1  # given names and initials: "Barack H. OBAMA", not "Gen." or "Dr."
    name = " ".join(title_case(w) if CAPS_WORD.match(w) else w for w in words[begin:last + 1])
    surnames = {title_case(w) for w in words[first:caps[-1] + 1] if CAPS_WORD.match(w)}
    return name, " ".join(words[:begin]).strip(" ,:"), sorted(surnames) if len(surnames) == 1 else []


TITLE_WORDS = {"president", "vice", "prime", "minister", "chancellor", "king", "queen", "emir", "amir", "sultan",
               "prince", "princess", "crown", "supreme", "leader", "governor", "general", "chairman", "chairwoman",
               "premier", "deputy", "first", "second", "state", "council", "acting", "interim", "heir", "apparent",
               "grand", "duke", "duchess", "co-prince", "captain", "regent", "chief", "executive", "secretary",
               "presidents", "ministers", "head", "government", "pope", "sheikh", "shaykh", "monarch", "federal",
               "lord", "taoiseach", "tanaiste", "of", "the", "and", "commission", "european", "to", "for", "senior",
               "field", "marshal", "lieutenant", "transitional", "sovereign", "emperor", "yang", "di-pertuan", "agong",
               "raja", "permaisuri", "prime-minister", "mayor", "administrator", "commissioner", "high", "republic",
               "ceo", "coprince", "prefect", "islamic", "people's", "democratic", "national", "union", "confederation"}


INITIAL = re.compile(r"[A-Z]\.")


def is_title_word(word: str) -> bool:
    """A word of an office's title; a hyphenated one when each part is ("Governor-General")."""
    word = word.lower().strip(",")
    return word in TITLE_WORDS or ("-" in word and all(part in TITLE_WORDS for part in word.split("-")))


def since_date(found: re.Match) -> str:
    day, month, year = found.groups()
    number = MONTHS.get((month or "").lower())
    if number is None:
        return year
    return f"{year}-{number:02d}-{int(day):02d}" if day else f"{year}-{number:02d}"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def read_births(path: Path) -> dict[str, int]:
    if not path.exists():
        return {}
    return {row["id"]: int(row["dob"][:4]) for row in read_csv(path) if re.match(r"\d{4}", row.get("dob") or "")}


def write(people: list[Draft], config: dict, out: Path, used: list[str], rules: NameRules) -> None:
    """The TSV (a comment header crediting each source, then one row per person), gzipped without a timestamp so
    the bytes depend only on the content."""
    lines = ["# eventwire person knowledge base, version 1: built by scripts/build_persons.py (see docs/persons.md)",
             "# Derived facts (who held which office, for which country, when); the raw sources are not included.",
             "# Sources:"]
    for name in used:
        source = config["sources"][name]
        lines.append(f"#   {name}: {source['credit']}; licence: {source['licence']}; snapshot {source['as_of']}")
    lines += ["# Columns: id, name, aliases (|), short names used alone (|), birth year, roles (;) each",
              "#   country|igo|sector|title|start|end|source (ISO alpha-3, IGO code, PLOVER sector, office, ISO dates",
              "#   possibly YYYY or YYYY-MM, empty end = open at the source's snapshot)",
              "# After the rows, '# index keys <fingerprint of the name rules>' and one line per match key:",
              "#   key, then the 0-based rows it names (= short name, ~ variant key; eventwire/entities/persons.py)",
              "\t".join(COLUMNS)]
    rows = []
    for draft in people:
        rows.append("\t".join([draft.pid, draft.name, "|".join(sorted(a for a in draft.aliases if "|" not in a)),
                               "|".join(sorted(draft.short)), str(draft.born or ""),
                               ";".join(r.row() for r in draft.roles)]))
    index = build_index(rows, rules, out)
    lines += rows + [f"{INDEX_MARK} keys {rules.fingerprint}"] + [f"{key}\t{index[key]}" for key in sorted(index)]
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as stream:
        stream.write(("\n".join(lines) + "\n").encode("utf-8"))
    out.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=PERSONS_FILE)
    parser.add_argument("--sources", nargs="+", default=["wikidata", "factbook", "phoenix", "countryinfo"],
                        help="sources to read, in merge order (the first names a merged person)")
    parser.add_argument("--legislators", action="store_true",
                        help="add Wikidata's 75,000 national legislators (about 6 MB; not in the shipped file)")
    args = parser.parse_args(argv)
    with CONFIG.open(encoding="utf-8") as stream:
        config = parse_yaml(stream)
    if not args.reference.is_dir():
        parser.error(f"{args.reference}: no such directory (the reference sources)")
    builder = Builder(args.reference, config, knowledge_base(), legislators=args.legislators)
    for name in args.sources:
        getattr(builder, f"read_{name}")()
    people = builder.finish()
    write(people, config, args.out, args.sources, builder.rules)
    roles = sum(len(p.roles) for p in people)
    print(f"{args.out}: {len(people)} persons, {roles} roles, {args.out.stat().st_size} bytes", file=sys.stderr)
    if builder.unmapped:
        print("jurisdictions without a country: " + ", ".join(sorted(builder.unmapped)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
