"""The word lists the entity recogniser's corrections read: name shapes (`ner/names.yaml`: given names,
organisation words, event heads, headings that are no names) and sports stories (`ner/sports.yaml`, with the
ISO 3166-2 subdivision names teams are named after). `Resources.name_words` reads the data chain's files once;
the `Recognizer` passes them to `boundaries`, `shapes` and `sports`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pycountry

from eventwire.entities.kb import normalise
from eventwire.yamlfiles import load_yaml

SHAPE_LISTS = ("given_names", "organisation_words", "event_heads", "not_names")


@dataclass(frozen=True)
class NameWords:
    given_names: frozenset[str]
    organisation_words: frozenset[str]
    event_heads: frozenset[str]
    not_names: frozenset[str]
    sports: frozenset[str]
    """Names of sports ("baseball"): one in a story's first line makes it a sports story."""
    sports_vocabulary: frozenset[str]
    """The sports and the words of sports reporting: `min_sports_words` of them make a sports story."""
    min_sports_words: int
    subdivisions: frozenset[str]
    """Names of states, provinces and counties (normalised): teams are named after them too."""


def load_name_words(names_file: Path, sports_file: Path) -> NameWords:
    """The lists of two files (lower case)."""
    names, sports = load_yaml(names_file), load_yaml(sports_file)
    return NameWords(
        **{key: frozenset(w.lower() for w in names.get(key, [])) for key in SHAPE_LISTS},
        sports=frozenset(sports.get("sports", [])),
        sports_vocabulary=frozenset(sports.get("sports", []) + sports.get("vocabulary", [])),
        min_sports_words=int(sports.get("min_words", 3)),
        subdivisions=frozenset(normalise(s.name) for s in pycountry.subdivisions),
    )
