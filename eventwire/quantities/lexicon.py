"""The quantity stage's knowledge, from `quantities/units.yaml` and `quantities/context.yaml` (`Resources.quantities`
reads the data chain's once and the stage passes it down)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from eventwire.yamlfiles import load_yaml

UNIT_WORD_SETS = ("number_words", "vague_words", "placeholders")
CONTEXT_WORD_SETS = (
    "time_words", "age_before", "labels", "reporting_verbs", "holding_verbs", "level_verbs", "people_verbs",
    "revision_words", "hyphen_counts", "scale_readings",
)


def _words(items) -> frozenset[str]:
    return frozenset(" ".join(str(item).lower().split()) for item in items)


@dataclass(frozen=True)
class QuantityLexicon:
    scales: dict[str, Decimal]
    money_scales: dict[str, Decimal]
    vague: dict[str, Decimal]
    number_words: frozenset[str]
    vague_words: frozenset[str]
    currency_symbols: dict[str, str]  # "$" -> USD (case-sensitive)
    currency_names: dict[str, str]  # "euros" -> EUR (lower case)
    measures: dict[str, str]  # "per cent" -> percent (lower case)
    counted: dict[str, str]  # "soldier" -> troops (lower case)
    placeholders: frozenset[str]
    qualifiers: dict[str, str]  # "more than" / "over" -> "more than"
    time_words: frozenset[str]
    age_before: frozenset[str]
    age_after: tuple[str, ...]
    labels: frozenset[str]
    reporting_verbs: frozenset[str]
    claim_prepositions: tuple[str, ...]
    holding_verbs: frozenset[str]
    level_verbs: frozenset[str]
    people_verbs: frozenset[str]
    revision_words: frozenset[str]
    hyphen_counts: frozenset[str]
    scale_readings: frozenset[str]
    pronouns: dict[str, frozenset[str]]  # "its" -> {ORG, GPE, ...}


def _inverse(mapping: dict, lower: bool = True) -> dict[str, str]:
    """{normal: [forms]} -> {form: normal}; the first normal form listing a form keeps it."""
    inverse: dict[str, str] = {}
    for normal, forms in mapping.items():
        for form in forms:
            key = " ".join(str(form).split())
            inverse.setdefault(key.lower() if lower else key, str(normal))
    return inverse


def load_quantities(units_file: Path, context_file: Path) -> QuantityLexicon:
    """The lexicon of two files."""
    units, context = load_yaml(units_file), load_yaml(context_file)
    currencies = units["currencies"]
    return QuantityLexicon(
        scales={str(k).lower(): Decimal(v) for k, v in units["scales"].items()},
        money_scales={str(k).lower(): Decimal(v) for k, v in units["money_scales"].items()},
        vague={str(k).lower(): Decimal(v) for k, v in units["vague"].items()},
        currency_symbols=_inverse({code: c["symbols"] for code, c in currencies.items()}, lower=False),
        currency_names=_inverse({code: c["names"] for code, c in currencies.items()}),
        measures=_inverse(units["measures"]),
        counted=_inverse(units["counted"]),
        qualifiers=_inverse(context["qualifiers"]),
        age_after=tuple(sorted(_words(context["age_after"]), key=len, reverse=True)),
        claim_prepositions=tuple(sorted(_words(context["claim_prepositions"]), key=len, reverse=True)),
        **{name: _words(units[name]) for name in UNIT_WORD_SETS},
        **{name: _words(context[name]) for name in CONTEXT_WORD_SETS},
        pronouns={str(p).lower(): frozenset(types) for p, types in context["pronouns"].items()},
    )
