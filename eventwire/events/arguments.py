"""Source and target actors of an event, read from the dependency parse and resolved to entities."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from eventwire.document import Entity, Extraction
from eventwire.events.patterns import Pattern
from eventwire.events.syntax import (direct_subjects, is_passive, lemma, prep_objects, subjects, with_conjuncts)
from eventwire.nlp import doc_text

PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them", "us", "his", "its", "their", "our"}
PERSONAL = {"he", "she", "him", "her", "his", "hers"}
MODIFIER_DEPS = ("appos", "compound", "amod", "poss", "nmod", "npadvmod")
PERSON_LIKE = {"PERSON", "ORG", "GROUP"}
TARGET_PREPS = ("with", "against", "to", "on", "at", "toward", "towards", "into", "upon")
SOURCE_NOUN_PREPS = ("by", "between", "among", "from")
ADJUNCT_PREPS = {"in", "after", "during", "at", "following", "before", "since", "for", "on", "amid", "with"}


class ActorResolver:
    """Turns the head token of a noun phrase into actor dicts; remembers subjects for pronouns."""

    def __init__(self, result: Extraction, actor_nouns: frozenset[str] = frozenset()):
        self.result = result
        self.actor_nouns = actor_nouns
        self.last_subjects: list[dict[str, Any]] = []
        self._entities: dict[int, Entity | None] = {}
        """The entity at each token index asked about: a document's phrase heads are asked about again and again
        (as subjects, arguments, antecedents), and `entity_at` scans every mention."""

    def entity(self, token: Token) -> Entity | None:
        if token.i not in self._entities:
            self._entities[token.i] = self.result.entity_at(token.idx, token.idx + len(token.text))
        return self._entities[token.i]

    def _modifier_entities(self, head: Token) -> list[Entity]:
        found: list[Entity] = []
        for child in head.children:
            if child.dep_ in MODIFIER_DEPS:
                for token in (child, *child.subtree):
                    entity = self.entity(token)
                    if entity is not None and entity not in found:
                        found.append(entity)
        for _, obj in prep_objects(head, ("of",)):
            for entity in (self.entity(obj), *self._modifier_entities(obj)):
                if entity is not None and entity not in found:
                    found.append(entity)
        return found

    def actor(self, head: Token) -> dict[str, Any] | None:
        """One actor for a phrase head: its entity, else the actor its modifiers name ("North Korean troops")."""
        if head.lower_ in PRONOUNS and self.entity(head) is None:
            return None
        own = self.entity(head)
        modifiers = [e for e in self._modifier_entities(head) if e is not own]
        with_actor = [e for e in modifiers if e.actor is not None and e.actor.code]
        own_counts = own is not None and ((own.actor is not None and own.actor.code) or own.type in PERSON_LIKE)
        candidates = [own] if own_counts else []
        candidates += [e for e in modifiers if e.type == "PERSON"] + with_actor
        if not candidates:
            named = head.pos_ == "PROPN" and head.ent_type_ in ("PERSON", "ORG", "NORP")
            if not (named or lemma(head) in self.actor_nouns) or (own is not None and own.actor is None):
                return None
            return actor_dict(None, phrase_text(head), None, head)
        primary = candidates[0]
        borrowed = primary.actor if primary.actor and primary.actor.code else (with_actor[0].actor if with_actor else None)
        return actor_dict(primary, primary.name, borrowed, head)

    def actors(self, heads: list[Token]) -> list[dict[str, Any]]:
        """Actors for heads and their conjuncts ("Hungarian and Romanian officials" gives two)."""
        out: list[dict[str, Any]] = []
        for head in [h for head in heads for h in self._outside_dateline(head)]:
            if head.lower_ in PRONOUNS and self.entity(head) is None:
                found = [{**a, "mention": mention(head, head), "via": "pronoun",
                          "antecedent": a.get("antecedent") or a["mention"]}
                         for a in self._antecedents(head)]
                out.extend(a for a in found if a not in out)
                continue
            for token in with_conjuncts(head):
                split = self._split_modifiers(token)
                for actor in split or [self.actor(token)]:
                    if actor is not None and actor not in out:
                        out.append(actor)
        return out

    def names_actor(self, token: Token) -> bool:
        """Whether a phrase head itself names someone ('the Pentagon', 'officials', 'it'), not an event or thing."""
        return (self.entity(token) is not None or token.lower_ in PRONOUNS or token.pos_ == "PROPN"
                or lemma(token) in self.actor_nouns)

    def _outside_dateline(self, head: Token) -> list[Token]:
        """'SEOUL (Reuters) - North Korea's foreign minister ... is': the parse makes the dateline the subject."""
        if self.result.document.section_at(head.idx) != "dateline":
            return [head]
        return [c for c in head.children if c.dep_ == "appos" and self.result.document.section_at(c.idx) != "dateline"]

    def _is_person(self, token: Token) -> bool:
        entity = self.entity(token)
        return entity.type == "PERSON" if entity is not None else lemma(token) in self.actor_nouns

    def _antecedents(self, pronoun: Token) -> list[dict[str, Any]]:
        """'Pakistan said it would retaliate': the subject of a governing clause, else the previous subject.
        'he', 'she', 'her' only take a person."""
        current = pronoun.head
        for _ in range(6):
            named = [h for t in direct_subjects(current) if t.lower_ not in PRONOUNS and t.i != pronoun.i
                     for h in self._outside_dateline(t)]
            if pronoun.lower_ in PERSONAL:
                named = [t for t in named if self._is_person(t)]
            if named and current.i != pronoun.head.i:
                return self.actors(named)
            if current.head.i == current.i:
                break
            current = current.head
        return self.last_subjects

    def _split_modifiers(self, head: Token) -> list[dict[str, Any]]:
        """'Hungarian and Romanian officials': one actor per conjoined modifier when the head is no entity."""
        if self.entity(head) is not None:
            return []
        for child in head.children:
            if child.dep_ in ("amod", "compound") and child.conjuncts:
                entities = [self.entity(t) for t in (child, *child.conjuncts)]
                if all(e is not None and e.actor is not None for e in entities):
                    return [actor_dict(e, e.name, e.actor, t)  # type: ignore[union-attr]
                            for e, t in zip(entities, (child, *child.conjuncts))]
        return []

    def remember_subjects(self, sentence) -> None:
        root = sentence.root
        heads = [t for t in direct_subjects(root) if t.lower_ not in PRONOUNS]
        found = self.actors(heads)
        if found:
            self.last_subjects = found


def actor_dict(entity: Entity | None, name: str, actor, head: Token, via: str = "parse") -> dict[str, Any]:
    """An actor as events carry it; `mention` is the phrase of the event's sentence it was read from and `via`
    how it was found (see docs/arguments.md)."""
    return {
        "entity": entity.id if entity else None,
        "name": name,
        "code": actor.code if actor else None,
        "country": actor.country if actor else None,
        "igo": actor.igo if actor else None,
        "sector": actor.sector if actor else None,
        "mention": mention(head, phrase_start(head)),
        "via": via,
    }


def phrase_start(head: Token) -> Token:
    """The first of the head's left compounds and adjectives ('military units' starts at 'military')."""
    return next((c for c in head.lefts if c.dep_ in ("compound", "amod", "nummod")), head)


def mention(head: Token, first: Token) -> dict[str, Any]:
    start, end = first.idx, head.idx + len(head.text)
    return {"start": start, "end": end, "text": doc_text(head.doc)[start:end]}


def phrase_text(head: Token) -> str:
    """The head with its compounds and adjectives ('military units')."""
    return mention(head, phrase_start(head))["text"]


def verb_arguments(trigger: Token, pattern: Pattern, resolver: ActorResolver):
    passive = is_passive(trigger)
    agents = [obj for prep, obj in prep_objects(trigger, ("by",))] if passive else []
    patients = [c for c in trigger.children if c.dep_ == "nsubjpass"] if passive else [c for c in trigger.children if c.dep_ in ("dobj", "dative")]
    if trigger.dep_ in ("acl", "relcl") and passive:
        patients.append(trigger.head)
    source_heads = agents if passive else subjects(trigger)
    sources = resolver.actors(source_heads)
    if not sources:  # 'a truce was agreed between the army and the rebels', 'a truce between them was reached'
        sources = resolver.actors([obj for host in (trigger, *patients)
                                   for _, obj in prep_objects(host, ("between", "among"))])
    theme = pattern.theme
    if theme and not sources:
        sources = [a for a in resolver.actors(patients) if a["code"]]
    targets = [] if theme else resolver.actors(patients)
    if not targets:
        preps = pattern.preps or TARGET_PREPS
        hosts = [trigger, *(patients if theme else [])]
        objects = [obj for host in hosts for prep, obj in prep_objects(host, preps) if prep != "by"]
        targets = resolver.actors(objects)
    return sources, targets


def noun_arguments(trigger: Token, pattern: Pattern, of_role: str, resolver: ActorResolver, light_verbs):
    sources: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    of_objects = [obj for prep, obj in prep_objects(trigger, ("of",))]
    sources += resolver.actors([c for c in trigger.children if c.dep_ == "poss"])
    sources += resolver.actors([obj for prep, obj in prep_objects(trigger, SOURCE_NOUN_PREPS)])
    if (pattern.of_role or of_role) == "source":
        sources += [a for a in resolver.actors(of_objects) if a not in sources and (a["code"] or not sources)]
    else:
        targets += resolver.actors(of_objects)
    if not sources:
        sources = [a for a in resolver.actors([c for c in trigger.children if c.dep_ in ("amod", "compound")])
                   if a["code"]]
    if not sources:
        sources = resolver.actors(governing_subjects(trigger, light_verbs))
    hosts = [trigger, *of_objects]
    if trigger.dep_ == "dobj":
        hosts.append(trigger.head)
    objects = [obj for host in hosts for prep, obj in prep_objects(host, pattern.preps or TARGET_PREPS)]
    targets += [a for a in resolver.actors(objects) if a not in targets and a not in sources]
    return sources, targets


def governing_subjects(noun: Token, light_verbs) -> list[Token]:
    """'X held talks', 'X, in a phone call with Y, said': the subject of the verb the nominal event hangs on."""
    head = noun.head
    if noun.dep_ == "dobj" and lemma(head) in light_verbs:
        return subjects(head)
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ADJUNCT_PREPS:
        host = head.head
        if host.pos_ in ("VERB", "AUX"):
            return subjects(host)
        if host.dep_ in ("nsubj", "nsubjpass"):  # 'the president, in a phone call with X, said'
            return [host]
    return []
