"""The codes the store's filters take, checked against the shipped data so that a typo is an error, not an empty
answer: countries (the ISO alpha-3 and X- codes of actors/countries.yaml) and event types (the PLOVER types and
CAMEO codes of events/cameo.tsv).

    country_code("kor")     -> "KOR"
    country_code("korea")   -> StoreError: unknown country 'korea' (KOR or PRK?)
    event_type("consult")   -> "CONSULT";  event_type("042") -> "042"

Both read the data directory chain (`DataPath.chain()`: the shipped data, then $EVENTWIRE_DATA, which `--data`
sets) each time they are asked: a command checks its options once, and nothing is kept between data chains.
"""

from __future__ import annotations

from eventwire.datapath import DataPath
from eventwire.store.schema import StoreError
from eventwire.suggest import either, nearest

COUNTRY_FILE = "actors/countries.yaml"
COUNTRY_SECTIONS = ("countries", "extra")
NAME_FIELDS = ("name", "aliases", "demonyms", "capital")
"""The fields of a country entry a user may have typed instead of its code ("korea", "Korean", "Seoul")."""
MOST_SUGGESTED = 3


def country_names(data: DataPath | None = None) -> dict[str, tuple[str, ...]]:
    """Each country code of the data chain (every directory's actors/countries.yaml) with its names, lower-cased."""
    from eventwire.yamlfiles import load_yaml

    chain = data or DataPath.chain()
    names: dict[str, list[str]] = {}
    for path in (directory / COUNTRY_FILE for directory in chain.dirs):
        if not path.is_file():
            continue
        content = load_yaml(path)
        for section in COUNTRY_SECTIONS:
            for code, entry in (content.get(section) or {}).items():
                found = names.setdefault(str(code).upper(), [])
                for field in NAME_FIELDS:
                    value = (entry or {}).get(field)
                    found.extend(v.lower() for v in ([value] if isinstance(value, str) else value or []))
    return {code: tuple(found) for code, found in names.items()}


def country_code(value: str, data: DataPath | None = None) -> str:
    """`value` as a known country code (upper-cased), else a `StoreError` suggesting the nearest codes."""
    countries = country_names(data)
    code = value.strip().upper()
    if code in countries:
        return code
    suggested = suggest_countries(value.strip().lower(), countries)
    hint = f" ({either(suggested)}?)" if suggested else " (ISO 3166 alpha-3 codes, e.g. KOR)"
    raise StoreError(f"unknown country '{value}'{hint}")


def suggest_countries(typed: str, countries: dict[str, tuple[str, ...]]) -> list[str]:
    """Codes for what was typed: the countries it names exactly, else those with a name containing it ("korea":
    KOR, PRK), else the codes and names closest in spelling."""
    for matches in (lambda name: name == typed, lambda name: len(typed) >= 3 and typed in name):
        codes = sorted(code for code, names in countries.items() if any(matches(name) for name in names))
        if codes:
            return codes[:MOST_SUGGESTED]
    by_name = {name: code for code, names in countries.items() for name in names}
    close = nearest(typed, [*countries, *by_name], count=MOST_SUGGESTED)
    return list(dict.fromkeys(by_name.get(c.lower(), c.upper()) for c in close))


def plover_types(cameo: dict) -> frozenset[str]:
    """The PLOVER types of a CAMEO table (`eventwire.events.ontology.cameo_table`)."""
    return frozenset(code.plover for code in cameo.values() if code.plover)


def event_type(value: str, data: DataPath | None = None) -> str:
    """`value` as an event type filter: a PLOVER type (upper-cased) or a CAMEO code or prefix of the data chain's
    events/cameo.tsv; else a `StoreError` naming the nearest types."""
    from eventwire.events.ontology import cameo_table

    cameo = cameo_table((data or DataPath.chain()).file("events/cameo.tsv"))
    typed = value.strip()
    if typed.upper() in plover_types(cameo):
        return typed.upper()
    if typed.isdigit() and any(code.startswith(typed) for code in cameo):
        return typed
    suggested = nearest(typed, plover_types(cameo), count=2)
    hint = f" ({either(suggested)}?)" if suggested else ""
    types = ", ".join(sorted(plover_types(cameo)))
    raise StoreError(f"unknown event type '{value}'{hint}: give a PLOVER type ({types}) or a CAMEO code or prefix "
                     "(04, 042)")
