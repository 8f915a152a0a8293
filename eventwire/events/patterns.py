"""The event lexicon (eventwire/data/events/patterns.yaml), compiled into dicts keyed by lemma.

Matching a token costs one dict lookup plus a few set tests on the patterns of its lemma.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.events.ontology import CameoCode
from eventwire.yamlfiles import load_yaml


@dataclass(frozen=True)
class Pattern:
    code: str
    lemma: str
    pos: str  # "verb" or "noun"
    text: str  # the line as written, shown in `rule`
    preps: tuple[str, ...] = ()
    obj: frozenset[str] | None = None
    mod: frozenset[str] | None = None
    subj: frozenset[str] | None = None
    of_role: str | None = None
    theme: bool = False  # the object is what is moved or used ("deploy TROOPS"), not the target

    @property
    def specificity(self) -> int:
        return len(self.preps) + sum(c is not None for c in (self.obj, self.mod, self.subj))


@dataclass
class Refinement:
    code: str
    words: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    triggers: frozenset[str] = frozenset()  # only for these trigger lemmas ("143 (strike): ..."); empty: any


@dataclass
class PatternLexicon:
    verbs: dict[str, list[Pattern]]
    nouns: dict[str, list[Pattern]]
    report_verbs: frozenset[str]
    evaluations: dict[str, str]  # word -> CAMEO code
    reported_demands: dict[str, Any]  # {'code': CAMEO code, 'modals': the clause's modals that make a demand}
    light_verbs: frozenset[str]
    stative_governors: frozenset[str]
    modality: dict[str, frozenset[str]]
    future_recode: dict[str, str]
    refinements: dict[str, list[Refinement]]  # CAMEO root -> ordered refinements
    actor_nouns: frozenset[str] = frozenset()
    protest_topics: frozenset[str] = frozenset()
    requires_recipient: frozenset[str] = frozenset()
    protester_violence: dict | None = None  # {'from': PLOVER types, 'subjects': words, 'code': CAMEO, 'two_sided': lemmas}
    of_role: dict[str, str] = field(default_factory=dict)  # PLOVER type -> "source" | "target"
    lemma_fixes: dict[str, str] = field(default_factory=dict)  # the parser's wrong lemma -> the right one
    weak_alone: frozenset[str] = frozenset()  # PLOVER types whose bare, actorless mentions are weak evidence
    weak_confidence: float = 0.3
    objectless: frozenset[str] = frozenset()  # verbs that are events only without an object or clause
    unabsorbed: frozenset[str] = frozenset()  # PLOVER types of nominal events a verb of another type does not absorb
    background_preps: frozenset[str] = frozenset()  # 'after the attack': a nominal event that is background


def _words(spec: str, classes: dict[str, list[str]]) -> frozenset[str]:
    words: set[str] = set()
    for item in spec.split("|"):
        if item.startswith("@"):
            words.update(classes[item[1:]])
        else:
            words.add(item)
    return frozenset(w.lower() for w in words)


def parse_pattern(line: str, code: str, pos: str, classes: dict[str, list[str]],
                  theme_words: frozenset[str] = frozenset()) -> Pattern:
    """'fire obj=rocket|@weapons +at' -> Pattern; raises ValueError on an unknown part."""
    parts = line.split()
    lemma, options = parts[0].lower(), {"preps": [], "obj": None, "mod": None, "subj": None, "of_role": None}
    for part in parts[1:]:
        if part.startswith("+"):
            options["preps"].append(part[1:].lower())
        elif "=" in part:
            key, value = part.split("=", 1)
            if key == "of":
                options["of_role"] = value
            elif key in ("obj", "mod", "subj"):
                options[key] = _words(value, classes)
            else:
                raise ValueError(f"unknown part '{part}' in pattern '{line}'")
        else:
            raise ValueError(f"unknown part '{part}' in pattern '{line}'")
    return Pattern(code=code, lemma=lemma, pos=pos, text=line, preps=tuple(options["preps"]), obj=options["obj"],
                   mod=options["mod"], subj=options["subj"], of_role=options["of_role"],
                   theme=bool(options["obj"]) and 2 * len(options["obj"] & theme_words) >= len(options["obj"]))


def _index(section: dict, pos: str, classes: dict[str, list[str]], theme_words: frozenset[str],
           table: dict[str, CameoCode]) -> dict[str, list[Pattern]]:
    index: dict[str, list[Pattern]] = {}
    for code, lines in section.items():
        code = str(code)
        if code not in table:
            raise ValueError(f"pattern code {code} is not a CAMEO code")
        for line in lines:
            pattern = parse_pattern(str(line), code, pos, classes, theme_words)
            index.setdefault(pattern.lemma, []).append(pattern)
    return index


def _refinements(section: dict) -> dict[str, list[Refinement]]:
    out: dict[str, list[Refinement]] = {}
    for root, items in section.items():
        for item in items:
            head, cues = (s.strip() for s in item.split(":", 1))
            code, _, triggers = head.partition(" ")
            words = [c.strip().lower() for c in cues.split("|")]
            out.setdefault(str(root), []).append(Refinement(
                code=code,
                triggers=frozenset(t.lower() for t in triggers.strip("() ").split("|") if t),
                words=frozenset(w for w in words if " " not in w),
                bigrams=frozenset(tuple(w.split(" ", 1)) for w in words if " " in w),  # type: ignore[misc]
            ))
    return out


def load_lexicon(path: Path, table: dict[str, CameoCode]) -> PatternLexicon:
    """The patterns of one file; each pattern's code must be one of `table` (the CAMEO table)."""
    data = load_yaml(path)
    classes = {name: [str(w) for w in words] for name, words in data["classes"].items()}
    evaluations = {str(w).lower(): str(code) for code, words in data["evaluations"].items() for w in words}
    of_role = {ptype: role for role, ptypes in data["of_role"].items() for ptype in ptypes}
    theme_words = _words("|".join(f"@{name}" for name in data["theme_classes"]), classes)
    return PatternLexicon(
        verbs=_index(data["verbs"], "verb", classes, theme_words, table),
        nouns=_index(data["nouns"], "noun", classes, theme_words, table),
        report_verbs=frozenset(data["report"]["verbs"]),
        evaluations=evaluations,
        reported_demands={"code": str(data["reported_demands"]["code"]),
                          "modals": frozenset(str(w).lower() for w in data["reported_demands"]["modals"])},
        light_verbs=frozenset(data["light_verbs"]),
        stative_governors=frozenset(data["stative_governors"]),
        modality={k: frozenset(str(w).lower() for w in v) for k, v in data["modality"].items()},
        future_recode={k: str(v) for k, v in data["future_recode"].items()},
        refinements=_refinements(data["refinements"]),
        of_role=of_role,
        lemma_fixes={str(k): str(v) for k, v in data["lemma_fixes"].items()},
        weak_alone=frozenset(data["weak_alone"]["types"]),
        weak_confidence=float(data["weak_alone"]["confidence"]),
        background_preps=frozenset(data["background_preps"]),
        objectless=frozenset(data["objectless"]),
        unabsorbed=frozenset(data["unabsorbed"]),
        actor_nouns=_words("@actors|@protesters|@people|@police", classes),
        protest_topics=frozenset(data["protest_topics"]),
        requires_recipient=frozenset(data["requires_recipient"]),
        protester_violence={"from": frozenset(data["protester_violence"]["from"]),
                            "subjects": _words(data["protester_violence"]["subjects"], classes),
                            "code": str(data["protester_violence"]["code"]),
                            "two_sided": frozenset(data["protester_violence"].get("two_sided", []))},
    )
