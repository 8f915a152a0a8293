"""The cue lexicon (`quotes/cues.yaml`): which words report speech or thought (`Resources.cues` reads the data
chain's)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eventwire.yamlfiles import load_yaml


@dataclass(frozen=True)
class CueLexicon:
    verb_class: dict[str, str]
    """Verb lemma -> class (speech, cognition, evidence)."""
    infinitive: frozenset[str]
    prepositions: frozenset[str]
    addressee_object: frozenset[str]
    nouns: frozenset[str]
    nominal: frozenset[str]
    light_verbs: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    """Multi-word cues as lower-case word tuples, longest first."""
    pronouns: dict[str, tuple[str, ...]]
    answers: frozenset[str]
    lemma_fixes: dict[str, str]

    def lemma(self, token) -> str:
        """The token's lemma in lower case, corrected where the parser is known to be wrong."""
        lemma = token.lemma_.lower()
        return self.lemma_fixes.get(lemma, lemma)


def load_cues(path: Path) -> CueLexicon:
    """The cue lexicon of one file."""
    data = load_yaml(path)
    verb_class: dict[str, str] = {}
    for name, lemmas in data["verbs"].items():
        for lemma in lemmas:
            verb_class.setdefault(str(lemma).lower(), name)
    phrases = sorted((tuple(str(p).lower().split()) for p in data.get("phrases", [])), key=len, reverse=True)
    return CueLexicon(
        verb_class=verb_class,
        infinitive=frozenset(str(v).lower() for v in data.get("infinitive", [])),
        prepositions=frozenset(str(p).lower() for p in data.get("prepositions", [])),
        addressee_object=frozenset(str(v).lower() for v in data.get("addressee_object", [])),
        nouns=frozenset(str(n).lower() for n in data.get("nouns", [])),
        nominal=frozenset(str(n).lower() for n in data.get("nominal", [])),
        light_verbs=frozenset(str(v).lower() for v in data.get("light_verbs", [])),
        phrases=tuple(phrases),
        pronouns={str(k).lower(): tuple(v) for k, v in data.get("pronouns", {}).items()},
        answers=frozenset(str(a).lower() for a in data.get("answers", [])),
        lemma_fixes={str(k).lower(): str(v).lower() for k, v in data.get("lemma_fixes", {}).items()},
    )
