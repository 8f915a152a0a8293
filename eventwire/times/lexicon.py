"""The words and patterns of time expressions (`times/lexicon.yaml`, `times/patterns.yaml`), read into one
`TimeLexicon` per data directory chain: `Resources.times` builds it, the times stage passes it down."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from eventwire.openings import Starts
from eventwire.times.casefold import folded_regex
from eventwire.yamlfiles import load_yaml

SECTIONS = ("months", "weekdays", "numbers", "units", "seasons", "parts_of_day", "ordinals", "decades", "vague",
            "frequencies", "holidays", "modifiers", "approximations")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
WORD_START = r"(?<![\w'’$])"
"""Where every rule's match starts: not inside a word, a quote or an amount."""


@dataclass(frozen=True)
class TimeRule:
    name: str
    type: str
    kind: str
    regex: re.Pattern[str]
    after: frozenset[str]
    folded: re.Pattern[str] | None = None
    """The same regex for the folded text (see casefold.py)."""


def key(phrase: str) -> str:
    """How a phrase is looked up in a lexicon section: lower case, single spaces, straight quotes, no final dot."""
    return re.sub(r"\s+", " ", phrase.lower().replace("’", "'")).rstrip(".")


def alternation(words: list[str]) -> str:
    """A regex matching any of the words, longest first; a final '.' is optional, spaces are any whitespace."""
    parts = []
    for word in sorted(words, key=lambda w: (-len(w), w)):
        body = word.rstrip(".")
        part = r"\s+".join(re.escape(piece) for piece in body.split()).replace("'", "['’]")
        parts.append(part + (r"\.?" if word.endswith(".") else ""))
    return "(?:" + "|".join(parts) + ")"


@dataclass(frozen=True)
class TimeLexicon:
    """What the times stage knows: the words of lexicon.yaml (`words`, keys normalised by `key` so look-ups ignore
    case and final dots) and the compiled rules of patterns.yaml (`rules`, in priority order)."""

    words: dict[str, Any]
    rules: tuple[TimeRule, ...]

    @cached_property
    def starts(self) -> Starts:
        """Where in a folded text each rule may start a match (see `eventwire.openings`)."""
        return Starts("time-openings", WORD_START, [rule.folded for rule in self.rules])


def load_times(lexicon_file: Path, patterns_file: Path) -> TimeLexicon:
    """The lexicon of two files (`Resources.times` passes the data chain's)."""
    words = read_words(load_yaml(lexicon_file))
    return TimeLexicon(words, compile_rules(load_yaml(patterns_file), words["_alternations"]))


def read_words(raw: dict[str, Any]) -> dict[str, Any]:
    """lexicon.yaml's sections with normalised keys, and a regex alternation of each section's words."""
    words: dict[str, Any] = {name: {key(k): v for k, v in raw[name].items()} for name in SECTIONS}
    words["month_abbreviations"] = frozenset(key(k) for k in raw["months"] if k.endswith("."))
    words["time_zones"] = list(raw["time_zones"])
    words["future_verbs"] = frozenset(raw["future_verbs"])
    words["stative_verbs"] = frozenset(raw["stative_verbs"])
    words["_alternations"] = {name: alternation(list(raw[name])) for name in SECTIONS}
    words["_alternations"]["time_zones"] = alternation(list(raw["time_zones"]))
    return words


def compile_rules(raw: dict[str, Any], alternations: dict[str, str]) -> tuple[TimeRule, ...]:
    """The rules of patterns.yaml, their `{placeholders}` filled with its pieces and the lexicon's alternations."""
    pieces = {**alternations, **raw["pieces"]}

    def expand(match: re.Match[str]) -> str:
        return pieces.get(match.group(1), match.group(0))

    compiled = []
    for spec in raw["rules"]:
        pattern = PLACEHOLDER.sub(expand, PLACEHOLDER.sub(expand, spec["pattern"]))  # pieces may name sections
        regex = re.compile(WORD_START + "(?:" + pattern + r")(?!\w)", re.IGNORECASE)
        compiled.append(TimeRule(spec["name"], spec["type"], spec["kind"], regex, frozenset(spec.get("after", [])),
                             folded_regex(regex)))
    return tuple(compiled)
