"""Source and target actors of an event, read from the dependency parse and resolved to entities.

Each actor says how it was found (`via`): the phrase itself names it (parse), a description or a pronoun refers back
to an actor named earlier (coreference, pronoun), an unnamed agent takes the dateline's or the story's country
(dateline; `inferred`), or, where the parse gives no argument, the nearest actor on the right side of the trigger
within its clause (proximity). Word lists are in eventwire/data/events/arguments.yaml; docs/arguments.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from eventwire.document import Actor, Entity, Extraction
from eventwire.events.patterns import Pattern
from eventwire.events.syntax import direct_subjects, is_passive, lemma, prep_objects, subjects, with_conjuncts
from eventwire.nlp import doc_text
from eventwire.yamlfiles import load_yaml

PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them", "us", "his", "its", "their", "our"}
PERSONAL = {"he", "she", "him", "her", "his", "hers"}
MODIFIER_DEPS = ("appos", "compound", "amod", "poss", "nmod", "npadvmod")
PERSON_LIKE = {"PERSON", "ORG", "GROUP"}
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "GROUP"}
TARGET_PREPS = ("with", "against", "to", "on", "at", "toward", "towards", "into", "upon")
AGENT_NOUN_PREPS = ("by", "between", "among")
RECIPIENT_PREPS = ("to", "toward", "towards", "into")
OWNER_PREPS = ("of", "by", "from")
PLACE_PREPS = ("in", "near", "of", "outside", "inside", "around")
ADJUNCT_PREPS = {"in", "after", "during", "at", "following", "before", "since", "for", "on", "amid", "with"}
DEFINITE = {"the", "this", "that", "these", "those"}


@dataclass(frozen=True)
class ArgumentRules:
    """The word lists of eventwire/data/events/arguments.yaml (see the comments there)."""

    person_nouns: frozenset[str]
    group_heads: frozenset[str]
    owner_participles: frozenset[str]
    instrument_subjects: frozenset[str]
    receiving_verbs: frozenset[str]
    directive_verbs: frozenset[str]
    moved_object_preps: dict[str, tuple[str, ...]]
    """Verb lemma -> the prepositions whose object is its target (`moved_object_verbs`)."""
    descriptions: dict[str, str]
    alternative_conjunctions: frozenset[str]
    companion_verbs: frozenset[str]
    """Verbs whose object takes part in the event of their 'in' phrase ('joined X in the march')."""
    barrier_deps: frozenset[str]
    """Dependency labels of the parts of a clause that tell another event (`proximity_barriers`)."""
    barrier_marks: frozenset[str]
    """Conjunctions that open a time, cause or condition clause, another event (`proximity_barriers`)."""
    barrier_preps: frozenset[str]
    """Prepositions whose phrase never holds a positional target (`proximity_barriers`)."""
    venue_nouns: frozenset[str]
    """Nouns of places where events happen: 'at' one of them says where, not whom (`venue_nouns`)."""
    aimed_at_roots: tuple[str, ...]
    """CAMEO roots whose 'at' phrase is what the event is aimed at, a place too ('fired at Gaza')."""
    confidence: dict[str, float]


def load_rules(path: Path) -> ArgumentRules:
    """The rules of one file (`Resources.argument_rules` passes the data chain's `events/arguments.yaml`)."""
    data = load_yaml(path)
    try:
        return ArgumentRules(
            **{name: frozenset(str(w).lower() for w in data[name])
               for name in ("person_nouns", "group_heads", "owner_participles", "instrument_subjects", "receiving_verbs",
                            "directive_verbs", "alternative_conjunctions", "companion_verbs", "venue_nouns")},
            moved_object_preps={str(verb).lower(): tuple(str(p).lower() for p in group["preps"])
                                for group in data["moved_object_verbs"] for verb in group["verbs"]},
            descriptions={str(k).lower(): str(v) for k, v in data["descriptions"].items()},
            barrier_deps=frozenset(str(d) for d in data["proximity_barriers"]["deps"]),
            barrier_marks=frozenset(str(w).lower() for w in data["proximity_barriers"]["marks"]),
            barrier_preps=frozenset(str(w).lower() for w in data["proximity_barriers"]["target_preps"]),
            aimed_at_roots=tuple(str(code) for code in data["aimed_at_roots"]),
            confidence={str(k): float(v) for k, v in data["confidence"].items()})
    except (KeyError, TypeError, ValueError) as err:
        raise ValueError(f"{path}: bad or missing entry ({err})") from None


class ActorResolver:
    """Turns the head token of a noun phrase into actor dicts; remembers subjects for pronouns."""

    def __init__(self, result: Extraction, actor_nouns: frozenset[str], agents: dict[str, str | None],
                 light_verbs: frozenset[str], rules: ArgumentRules):
        self.result = result
        self.rules = rules
        self.actor_nouns = actor_nouns | self.rules.person_nouns
        self.agents = agents
        """Unnamed agent nouns and their PLOVER sector (eventwire/data/actors/agents.yaml)."""
        self.light_verbs = light_verbs
        self.last_subjects: list[dict[str, Any]] = []
        self._entities: dict[int, Entity | None] = {}
        """The entity at each token index asked about: a document's phrase heads are asked about again and again
        (as subjects, arguments, antecedents), and `entity_at` scans every mention."""
        self._mentions: list[tuple[int, int, Entity]] | None = None
        self._story_country: tuple[str | None, str] | None = None
        self._datelines = [(s.start, s.end) for s in result.document.sections if s.kind == "dateline"]

    def entity(self, token: Token) -> Entity | None:
        if token.i not in self._entities:
            self._entities[token.i] = self.result.entity_at(token.idx, token.idx + len(token.text))
        return self._entities[token.i]

    def mentions(self) -> list[tuple[int, int, Entity]]:
        """Every actor mention of the document in text order (start, end, entity), collected once."""
        if self._mentions is None:
            self._mentions = sorted(((m.start, m.end, e) for e in self.result.entities for m in e.mentions
                                     if e.type in ACTOR_TYPES or (e.actor is not None and e.actor.code)),
                                    key=lambda m: (m[0], m[1]))
        return self._mentions

    def _modifier_entities(self, head: Token) -> list[Entity]:
        """The entities of a phrase head's modifiers and 'of' phrase; not the dateline, which the parse may hang on
        the story's first subject ('NEW DELHI (Reuters) - Maoists attacked ...')."""
        found: list[Entity] = []
        outside = self._datelines and not self._in_dateline(head)
        for child in head.children:
            if child.dep_ in MODIFIER_DEPS:
                for token in (child, *child.subtree):
                    if outside and self._in_dateline(token):
                        continue
                    entity = self.entity(token)
                    if entity is not None and entity not in found:
                        found.append(entity)
        for _, obj in prep_objects(head, ("of", "from") if self._names_people(head) else ("of",)):
            for entity in (self.entity(obj), *self._modifier_entities(obj)):
                if entity is not None and entity not in found:
                    found.append(entity)
        return found

    def _in_dateline(self, token: Token) -> bool:
        return any(start <= token.idx < end for start, end in self._datelines)

    def _names_people(self, head: Token) -> bool:
        """Whether a noun names people without a name ('ministers', 'dissidents', 'police'): their 'from' phrase
        says whose they are ('ministers from the Georgian government', 'dissidents from Egypt')."""
        return self.entity(head) is None and (lemma(head) in self.actor_nouns or self._agent_sector(head) is not None)

    def actor(self, head: Token, depth: int = 3, things: bool = False) -> dict[str, Any] | None:
        """One actor for a phrase head: its entity, else the actor its modifiers name ("North Korean troops"),
        the one a count or part of names ("dozens of protesters"), the earlier actor a description refers to
        ("the ministry"), an unnamed agent ("police"), or (with `things`) the owner of a thing ("the rebel-held
        town")."""
        if is_pronoun(head) and self.entity(head) is None:
            return None
        own = self.entity(head)
        modifiers = [e for e in self._modifier_entities(head) if e is not own]
        with_actor = [e for e in modifiers if e.actor is not None and e.actor.code]
        own_counts = own is not None and ((own.actor is not None and own.actor.code) or own.type in PERSON_LIKE)
        candidates = [own] if own_counts else []
        candidates += [e for e in modifiers if e.type == "PERSON"] + with_actor
        if candidates:
            primary = candidates[0]
            borrowed = primary.actor if primary.actor and primary.actor.code else (with_actor[0].actor if with_actor else None)
            if primary is not own:
                borrowed = self._with_head_sector(head, borrowed)
            found = actor_dict(self.rules, primary, primary.name, borrowed, head)
            return found if primary is own else self._through_name(found, head, primary)
        if own is not None and own.actor is None:
            country = own.place.country if own.place and own.type in ("GPE", "LOC") else None
            if country is None:
                return None  # a date, a thing, a place of no known country
            return actor_dict(self.rules, own, own.name, Actor(code=country, country=country), head)  # 'the siege of Mariupol'
        if depth and lemma(head) in self.rules.group_heads:
            for _, obj in prep_objects(head, ("of",)):
                found = self.actor(obj, depth - 1)
                if found is not None:
                    return {**found, "mention": spanning(head, found["mention"]["end"])}
        named = head.pos_ == "PROPN" and (head.ent_type_ in ("PERSON", "ORG", "NORP") or head.dep_ == "nsubj")
        if named or lemma(head) in self.actor_nouns or self._agent_sector(head) is not None:
            return self._described(head) or self._unnamed(head)
        return self._owner(head, depth) if things and depth and head.pos_ == "NOUN" else None

    @staticmethod
    def _through_name(found: dict[str, Any], head: Token, named: Entity) -> dict[str, Any]:
        """An actor named after its phrase's head ('officials of Japan', 'ministers from the Georgian government'):
        the mention runs from the head's phrase to the end of the name, the phrase the actor was read from."""
        end = head.right_edge.idx + len(head.right_edge.text)
        after = [m.end for m in named.mentions if head.idx < m.start and m.end <= end]
        return {**found, "mention": spanning(head, min(after))} if after else found

    def _agent_sector(self, head: Token) -> str | None:
        """The sector of an agent noun, the two-word agent first ('armed group' UAF before 'group' SOC)."""
        for child in head.lefts:
            if child.dep_ in ("amod", "compound"):
                sector = self.agents.get(f"{child.lower_} {lemma(head)}") or self.agents.get(f"{child.lower_} {head.lower_}")
                if sector is not None:
                    return sector
        plural_name = head.lower_[:-1] if head.tag_ == "NNPS" and head.lower_.endswith("s") else None  # 'Maoists'
        return self.agents.get(lemma(head)) or self.agents.get(head.lower_) or self.agents.get(plural_name or "")

    def _with_head_sector(self, head: Token, actor: Actor | None) -> Actor | None:
        """'leaders of Hamas', 'Iran's forces': the actor named by the modifier, in the head noun's sector, when
        the modifier names a country or organisation without one."""
        sector = self._agent_sector(head)
        if actor is None or sector is None or actor.sector is not None:
            return actor
        base = actor.igo or actor.country
        return Actor(code=f"{base}{sector}" if base else actor.code, country=actor.country, igo=actor.igo,
                     sector=sector, role=actor.role)

    def _unnamed(self, head: Token) -> dict[str, Any]:
        """'police', 'an Oklahoma man', 'the protesters': an actor without a name, its sector from the agent
        list, its country from a place named in the phrase, else (inferred) from the dateline or the story."""
        sector = self._agent_sector(head)
        place = next((e for e in self._modifier_entities(head) if e.place or e.type in ("GPE", "LOC")), None)
        country = place.place.country if place is not None and place.place else None
        via, inferred = "parse", False
        if country is None and sector is not None:
            country, via = self.story_country()
            inferred = country is not None
        code = f"{country}{sector}" if country and sector else country
        found = actor_dict(self.rules, None, phrase_text(head), Actor(code=code, country=country, sector=sector), head, via)
        if inferred:
            found["inferred"] = True
            found["confidence"] = self.rules.confidence["dateline" if via == "dateline" else "inferred"]
        return found

    def story_country(self) -> tuple[str | None, str]:
        """(country, via): the dateline place's country, else the country the story names most often when it
        names it in at least half of its country mentions and at least twice; (None, 'parse') otherwise."""
        if self._story_country is None:
            document = self.result.document
            dateline = [e for s, _, e in self.mentions() if document.section_at(s) == "dateline"]
            country = next((c for e in dateline for c in (self._country(e),) if c), None)
            if country is not None:
                self._story_country = (country, "dateline")
            else:
                counts = Counter(c for _, _, e in self.mentions() for c in (self._country(e),) if c)
                top = counts.most_common(1)
                if top and top[0][1] >= 2 and 2 * top[0][1] >= sum(counts.values()):
                    self._story_country = (top[0][0], "parse")
                else:
                    self._story_country = (None, "parse")
        return self._story_country

    @staticmethod
    def _country(entity: Entity) -> str | None:
        return (entity.actor.country if entity.actor else None) or (entity.place.country if entity.place else None)

    def _described(self, head: Token) -> dict[str, Any] | None:
        """'the group', 'the ministry', 'the president': the latest actor named before it that fits (same sector,
        or any organisation for 'group'), when the phrase has a definite determiner and no name of its own."""
        wanted = self.rules.descriptions.get(lemma(head))
        if wanted is None or not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in head.children):
            return None
        if any(c.dep_ == "poss" for c in head.children) or prep_objects(head, ("of",)):
            return None  # 'the leaders of our countries' says whose
        if any(c.dep_ in ("compound", "amod", "poss") for c in head.children if c.pos_ in ("PROPN", "ADJ")
               and self.entity(c) is not None):
            return None
        for start, end, entity in reversed(self.mentions()):
            if start >= head.idx or not self._fits(entity, wanted):
                continue
            found = actor_dict(self.rules, entity, entity.name, entity.actor, head, "coreference")
            found["antecedent"] = {"start": start, "end": end, "text": doc_text(head.doc)[start:end]}
            found["confidence"] = self.rules.confidence["coreference"]
            return found
        return None

    @staticmethod
    def _fits(entity: Entity, wanted: str) -> bool:
        if wanted == "GPE":
            return entity.type == "GPE" and entity.actor is not None and bool(entity.actor.code)
        if wanted == "any":
            return entity.type in ("ORG", "GROUP") and entity.actor is not None and bool(entity.actor.code)
        return entity.actor is not None and entity.actor.sector == wanted

    def _owner(self, head: Token, depth: int) -> dict[str, Any] | None:
        """Whose thing a non-actor phrase names: its possessor ('the Croatian government's request'), an actor
        modifier ('Islamic State positions', 'the rebel-held enclave'), its 'of', 'by' or 'from' phrase ('a
        request by Mr. Erdogan'), the agent of a participle on it ('the proposal submitted by X'), else the place
        it is in ('the mosque in Mosul'). The mention stays the thing's phrase; `owner` is where the owner is
        named."""
        heads = [c for c in head.children if c.dep_ == "poss"]
        heads += [t for c in head.children if c.dep_ in ("compound", "amod", "nmod") for t in c.subtree
                  if t.i != head.i and (self.entity(t) is not None or (t.pos_ == "NOUN" and lemma(t) in self.actor_nouns))]
        heads += [obj for _, obj in prep_objects(head, OWNER_PREPS)]
        heads += [obj for c in head.children if c.dep_ == "acl" and is_passive(c) for _, obj in prep_objects(c, ("by",))]
        heads += [obj for _, obj in prep_objects(head, PLACE_PREPS)]
        for owner in heads:
            found = self.actors([owner], depth - 1, things=True)
            if found:
                return {**found[0], "mention": mention(head, phrase_start(head)),
                        "owner": found[0].get("owner", found[0]["mention"])}
        return None

    def instrument(self, head: Token) -> dict[str, Any] | None:
        """'a car bomb killed ...': the means stands for an unnamed doer, with lower confidence."""
        if lemma(head) not in self.rules.instrument_subjects:
            return None
        found = actor_dict(self.rules, None, phrase_text(head), None, head)
        found["confidence"] = self.rules.confidence["instrument"]
        return found

    def actors(self, heads: list[Token], depth: int = 3, things: bool = False) -> list[dict[str, Any]]:
        """Actors for heads and their conjuncts ("Hungarian and Romanian officials" gives two); `depth` bounds
        how far owners and antecedents are followed."""
        out: list[dict[str, Any]] = []
        if depth < 0:
            return out
        for head in [h for head in heads for h in self._outside_dateline(head)]:
            if is_pronoun(head) and self.entity(head) is None:
                found = [{**a, "mention": mention(head, head), "via": "pronoun",
                          "antecedent": a.get("antecedent") or a["mention"], "confidence": self.rules.confidence["pronoun"]}
                         for a in self._antecedents(head, depth - 1)]
                out.extend(a for a in found if not among(a, out))
                continue
            for token in self._coordinated(head):
                split = self._split_modifiers(token)
                for actor in split or [self.actor(token, depth, things)]:
                    if actor is not None and not among(actor, out):
                        out.append(actor)
        return out

    def _coordinated(self, head: Token) -> list[Token]:
        """A head and the phrases coordinated with it. A conjunct may hang on any word of a person's name ('Barack
        Obama and Vladimir Putin' parsed with 'Putin' on 'Obama' while 'Barack' is the subject), and after a named
        actor, another one set off by a comma that has conjuncts of its own starts a list, not an apposition ('The
        US, Russia, and Switzerland met')."""
        found = with_conjuncts(head)
        entity = self.entity(head)
        if head.dep_ == "conj" or entity is None or entity.actor is None or not entity.actor.code:
            return found
        name = next((m for m in entity.mentions if m.start <= head.idx < m.end), None)
        if name is not None and entity.type == "PERSON":
            found += [c for t in head.sent if name.start <= t.idx < name.end and t.i != head.i
                      for c in t.conjuncts if c.i > t.i and c not in found and not name.start <= c.idx < name.end]
        for child in head.children:
            named = self.entity(child)
            if (child.dep_ == "appos" and child.conjuncts and named is not None and named is not entity
                    and named.actor is not None and named.actor.code):
                found += [t for t in (child, *child.conjuncts) if t not in found]
        return found

    def nearest(self, trigger: Token, side: str, taken: list[dict[str, Any]], pattern: Pattern) -> list[dict[str, Any]]:
        """The fallback where the parse gives no argument: the actor mention nearest the trigger on one side
        ('left' for a source, 'right' for a target) within the trigger's clause, not one already taken."""
        clause = trigger
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        low, high = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
        used = {a["entity"] for a in taken if a.get("entity")}
        document = self.result.document
        barriers = self._other_events(clause, trigger, side, pattern)
        spots = [(s, e, entity) for s, e, entity in self.mentions() if low <= s and e <= high and entity.id not in used
                 and entity.name.split()[-1].lower() not in self.rules.venue_nouns  # 'Changi International Airport'
                 and not (trigger.idx <= s < trigger.idx + len(trigger.text)) and document.section_at(s) == "body"
                 and not any(start <= s < end for start, end in barriers)]
        spots = [m for m in spots if m[1] <= trigger.idx] if side == "left" else [m for m in spots if m[0] >= trigger.idx]
        if not spots:
            return []
        start, end, entity = spots[-1] if side == "left" else spots[0]
        if not ((entity.actor is not None and entity.actor.code) or entity.type in PERSON_LIKE):
            return []
        found = {**actor_dict(self.rules, entity, entity.name, entity.actor, trigger, "proximity"),
                 "mention": {"start": start, "end": end, "text": doc_text(trigger.doc)[start:end]},
                 "confidence": self.rules.confidence["proximity"]}
        return [found]

    def _other_events(self, clause: Token, trigger: Token, side: str, pattern: Pattern) -> list[tuple[int, int]]:
        """Character stretches inside a clause that tell another event, whose actors are not the trigger's: a
        coordinated clause ('X rose and Japan's index fell'), a relative clause, a passive's 'by' agent, a time,
        cause or condition clause ('died when his jet crashed in Yemen'); for a target also a phrase on the trigger
        that says where something comes from or who tells it ('borrowed from US banks', 'according to officials')
        or where it happened ('unveiled the phone at the conference', `aimed_at`); `proximity_barriers` in
        arguments.yaml. A stretch holding the trigger itself is not one."""
        rules = self.rules
        stretches = []
        for token in clause.subtree:
            if token.i == clause.i:
                continue
            barrier = (token.dep_ in rules.barrier_deps
                       or (side == "right" and token.dep_ == "prep" and token.head.i == trigger.i
                           and (token.lower_ in rules.barrier_preps
                                or any(c.dep_ == "pobj" and self.says_where(token.lower_, c, pattern)
                                       for c in token.children)))
                       or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"))
                       or (token.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in rules.barrier_marks
                                                         for c in token.children)))
            if barrier and not (token.left_edge.i <= trigger.i <= token.right_edge.i):
                stretches.append((token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)))
        return stretches

    def is_place(self, token: Token) -> bool:
        """Whether a phrase head is a place name ('Angul', 'Tahrir Square'), not a country's or group's actor."""
        entity = self.entity(token)
        return entity is not None and entity.type in ("GPE", "LOC", "FAC") and (entity.actor is None or not entity.actor.code)

    def is_venue(self, token: Token) -> bool:
        """Whether a phrase head names where an event happens: a place name, or a venue noun ('the Apple
        Worldwide Developers Conference', 'Terminal 3', 'NATO headquarters'), whoever's it is."""
        return self.is_place(token) or lemma(token) in self.rules.venue_nouns

    def says_where(self, prep: str, obj: Token, pattern: Pattern) -> bool:
        """Whether a phrase 'at' a place or venue tells where the pattern's event happened, not whom it was aimed
        at (`aims_at`)."""
        return prep == "at" and self.is_venue(obj) and not aims_at(pattern, self.rules)

    def names_actor(self, token: Token) -> bool:
        """Whether a phrase head itself names someone ('the Pentagon', 'officials', 'it'), not an event or thing."""
        return (self.entity(token) is not None or is_pronoun(token) or token.pos_ == "PROPN"
                or lemma(token) in self.actor_nouns)

    def _outside_dateline(self, head: Token) -> list[Token]:
        """'SEOUL (Reuters) - North Korea's foreign minister ... is': the parse makes the dateline the subject."""
        if self.result.document.section_at(head.idx) != "dateline":
            return [head]
        return [c for c in head.children if c.dep_ == "appos" and self.result.document.section_at(c.idx) != "dateline"]

    def _is_person(self, token: Token) -> bool:
        entity = self.entity(token)
        return entity.type == "PERSON" if entity is not None else lemma(token) in self.actor_nouns

    def _antecedents(self, pronoun: Token, depth: int = 3) -> list[dict[str, Any]]:
        """'Pakistan said it would retaliate': the subject of a governing clause, else the previous subject.
        'he', 'she', 'her' only take a person."""
        current = pronoun.head
        for _ in range(6):
            named = [h for t in direct_subjects(current) if not is_pronoun(t) and t.i != pronoun.i
                     for h in self._outside_dateline(t)]
            if pronoun.lower_ in PERSONAL:
                named = [t for t in named if self._is_person(t)]
            if named and current.i != pronoun.head.i:
                return self.actors(named, depth)
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
                    return [actor_dict(self.rules, e, e.name, self._with_head_sector(head, e.actor), t)  # type: ignore[union-attr]
                            for e, t in zip(entities, (child, *child.conjuncts))]
        return []

    def remember_subjects(self, sentence) -> None:
        root = sentence.root
        heads = [t for t in direct_subjects(root) if not is_pronoun(t)]
        found = self.actors(heads)
        if found:
            self.last_subjects = found


def among(actor: dict[str, Any], actors: list[dict[str, Any]]) -> bool:
    """Whether the same actor is in a list already: the same entity, or for an unnamed one the same name and code
    (two mentions of North Korea are one actor)."""
    key = actor["entity"] or (actor["name"], actor["code"])
    return any((other["entity"] or (other["name"], other["code"])) == key for other in actors)


def is_pronoun(token: Token) -> bool:
    """'they', 'it', but not 'US' (which is 'us' in lower case, a proper noun to the tagger)."""
    return token.lower_ in PRONOUNS and token.pos_ == "PRON"


def actor_dict(rules: ArgumentRules, entity: Entity | None, name: str, actor, head: Token,
               via: str = "parse") -> dict[str, Any]:
    """An actor as events carry it; `mention` is the phrase of the event's sentence it was read from, `via`
    how it was found (see docs/arguments.md), its confidence that of `rules` for `via`."""
    return {
        "entity": entity.id if entity else None,
        "name": name,
        "code": actor.code if actor else None,
        "country": actor.country if actor else None,
        "igo": actor.igo if actor else None,
        "sector": actor.sector if actor else None,
        "mention": mention(head, phrase_start(head)),
        "via": via,
        "confidence": rules.confidence[via] if via in ("parse", "proximity") else rules.confidence["parse"],
    }


def phrase_start(head: Token) -> Token:
    """The first of the head's left compounds and adjectives ('military units' starts at 'military')."""
    return next((c for c in head.lefts if c.dep_ in ("compound", "amod", "nummod")), head)


def mention(head: Token, first: Token) -> dict[str, Any]:
    start, end = first.idx, head.idx + len(head.text)
    return {"start": start, "end": end, "text": doc_text(head.doc)[start:end]}


def spanning(head: Token, end: int) -> dict[str, Any]:
    """The mention from the start of a head's phrase to a character offset after it ('dozens of protesters')."""
    start = phrase_start(head).idx
    return {"start": start, "end": end, "text": doc_text(head.doc)[start:end]}


def phrase_text(head: Token) -> str:
    """The head with its compounds and adjectives ('military units')."""
    return mention(head, phrase_start(head))["text"]


def verb_arguments(trigger: Token, pattern: Pattern, resolver: ActorResolver):
    """(sources, targets) of a verbal event: subject and object, the 'by' agent and subject of a passive, the
    doer of a participle ('a statement calling on X'), the giver of what the subject receives ('obtained a loan
    from X'), the subject of a directive's clause ('urged that Tokyo halt'), and targets in a prepositional
    phrase on the verb or on its event-noun object ('launched an attack on X', 'held talks with X')."""
    rules = resolver.rules
    passive = is_passive(trigger)
    agents = [obj for prep, obj in prep_objects(trigger, ("by",))] if passive else []
    patients = ([c for c in trigger.children if c.dep_ == "nsubjpass"] if passive
                else [c for c in trigger.children if c.dep_ in ("dobj", "dative")])
    if passive and not (agents and patients):  # 'were arrested and beaten by police': coordinated passives share
        shared = [c for c in trigger.conjuncts if c.tag_ == "VBN" and is_passive(c)]
        agents = agents or [obj for verb in shared for _, obj in prep_objects(verb, ("by",))]
        patients = patients or [c for verb in shared for c in verb.children if c.dep_ == "nsubjpass"]
    if trigger.dep_ in ("acl", "relcl") and passive:
        patients.append(trigger.head)
    source_heads = agents if passive else subjects(trigger)
    if not source_heads and not passive and trigger.dep_ == "acl":
        source_heads = participle_doers(trigger, resolver)
    if not source_heads and trigger.tag_ == "VBG" and trigger.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass"):
        # a gerund told as a noun: 'following last week's shelling by Hamas'
        source_heads = [c for c in trigger.children if c.dep_ == "poss"] + [o for _, o in prep_objects(trigger, ("by",))]
    sources = resolver.actors(source_heads, things=True)
    if passive and not agents:
        sources = agentless_doers(trigger, patients, resolver)
    if not passive and lemma(trigger) in rules.receiving_verbs and not any(resolver.names_actor(p) for p in patients):
        givers = resolver.actors([obj for host in (trigger, *patients) for _, obj in prep_objects(host, ("from",))])
        if givers:  # 'obtained a loan from X': X gives, the subject receives (not 'received a delegation from X')
            return givers, [a for a in sources if not among(a, givers)]
    if not sources and not passive:
        sources = [a for a in (resolver.instrument(h) for h in source_heads) if a is not None]
    if not sources:  # 'a truce was agreed between the army and the rebels', 'a truce between them was reached'
        sources = resolver.actors([obj for host in (trigger, *patients)
                                   for _, obj in prep_objects(host, ("between", "among"))])
    theme = pattern.theme
    if theme and not sources:
        sources = [a for a in resolver.actors(patients) if a["code"]]
    preps = (*pattern.preps, *TARGET_PREPS)  # 'crack down on X': the particle and the preposition
    goal_preps = rules.moved_object_preps.get(lemma(trigger), ())
    moved = [*patients, *(obj for p in patients for _, obj in prep_objects(p, ("of",)))]  # 'a batch of troops'
    goals = resolver.actors([obj for host in (trigger, *moved) for _, obj in prep_objects(host, goal_preps)],
                            things=True) if goal_preps else []
    if goals:  # 'returned the artifacts to Iraq', 'withdrew peacekeepers from Liberia': where the object goes
        targets = [a for a in goals if not among(a, sources)]
    elif theme:
        targets = []
    elif lemma(trigger) in resolver.light_verbs:  # 'held talks with X': the noun's phrase names the target
        targets = resolver.actors(aimed_at(patients, TARGET_PREPS, resolver, pattern), things=True)
        targets = targets or resolver.actors([p for p in patients if resolver.names_actor(p)])
    else:  # the object when it is someone; else who receives it ('returned the artifacts to Egypt'); else the
        # owner of the thing ('rejected the government's request'); else a phrase on it ('a ban imposed on X')
        targets = resolver.actors(patients, things=False)
        if not targets and patients:
            targets = resolver.actors([obj for _, obj in prep_objects(trigger, RECIPIENT_PREPS)])
        targets = targets or resolver.actors(patients, things=True)
        if not targets:
            hosts = [*patients, *(c for p in patients for c in p.children if c.dep_ == "acl")]
            targets = resolver.actors(aimed_at(hosts, TARGET_PREPS, resolver, pattern), things=True)
    if not targets:  # 'lifted sanctions imposed on Eritrea': the theme's own phrase and participle too
        hosts = [trigger, *((*patients, *(c for p in patients for c in p.children if c.dep_ == "acl")) if theme else ())]
        pairs = [(prep, obj) for prep, obj in at_filtered(hosts, preps, resolver, pattern) if prep != "by"]
        targets = resolver.actors([obj for prep, obj in pairs if prep not in TARGET_PREPS])
        targets += [a for a in resolver.actors([obj for prep, obj in pairs if prep in TARGET_PREPS], things=True)
                    if not among(a, targets)]  # 'fired at the rebel-held town': whose the town is
    if not targets and lemma(trigger) in rules.directive_verbs:  # 'urged that Tokyo halt the drills'
        targets = resolver.actors([t for c in trigger.children if c.dep_ == "ccomp" for t in direct_subjects(c)])
    return sources, targets


def agentless_doers(verb: Token, patients: list[Token], resolver: ActorResolver) -> list[dict[str, Any]]:
    """The doer of a passive told without a 'by' agent, from the means it names: 'killed in an Israeli air strike',
    'killed in shelling by the army' (the strike's actor), 'a rocket was fired from Gaza' (where the means was
    sent from stands for who sent it). Means are the `instrument_subjects` of arguments.yaml."""
    means = resolver.rules.instrument_subjects
    found = resolver.actors([obj for _, obj in prep_objects(verb, ("in",)) if lemma(obj) in means], things=True)
    if not found and any(lemma(p) in means for p in patients):
        found = resolver.actors([obj for _, obj in prep_objects(verb, ("from",))])
    return found


def aimed_at(hosts: list[Token], preps, resolver: ActorResolver, pattern: Pattern) -> list[Token]:
    """The objects of the target prepositions on phrase heads, but not a place or venue 'at' which the event
    happens ('held a rally at Angul', 'talks at Camp David', 'unveiled the phone at the conference'): that says
    where, not whom; unless the event is aimed at it ('fired at Gaza', 'an arson attack at a ski resort',
    `aims_at`)."""
    return [obj for _, obj in at_filtered(hosts, preps, resolver, pattern)]


def at_filtered(hosts: list[Token], preps, resolver: ActorResolver, pattern: Pattern) -> list[tuple[str, Token]]:
    """(preposition, object) of the prepositions on the hosts, less the places and venues of `aimed_at`."""
    return [(prep, obj) for host in hosts for prep, obj in prep_objects(host, preps)
            if not resolver.says_where(prep, obj, pattern)]


def aims_at(pattern: Pattern, rules: ArgumentRules) -> bool:
    """Whether an event's 'at' phrase names what it is aimed at: the pattern asks for 'at' ('fire +at', 'arrive
    +at'), or its CAMEO root is one of `aimed_at_roots` (an assault: 'shot at the town')."""
    return "at" in pattern.preps or pattern.code.startswith(rules.aimed_at_roots)


def participle_doers(participle: Token, resolver: ActorResolver) -> list[Token]:
    """'protesters demanding reform': the noun the participle describes, when it names an actor; 'X issued a
    statement calling on Y': the subject of the verb whose object that noun is."""
    head = participle.head
    if resolver.names_actor(head):
        return [head]
    if head.dep_ in ("dobj", "attr") and head.head.pos_ in ("VERB", "AUX"):
        return subjects(head.head)
    return []


def noun_arguments(trigger: Token, pattern: Pattern, of_role: str, resolver: ActorResolver, light_verbs):
    sources: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    of_objects = [obj for prep, obj in prep_objects(trigger, ("of",))]
    sources += resolver.actors([c for c in trigger.children if c.dep_ == "poss"])
    sources += resolver.actors([obj for prep, obj in prep_objects(trigger, AGENT_NOUN_PREPS)])
    if not sources:  # 'the attack from Gaza'; with an agent named, 'a march by X from Manoharpur' only says where
        sources = resolver.actors([obj for prep, obj in prep_objects(trigger, ("from",))])
    if (pattern.of_role or of_role) == "source":
        sources += [a for a in resolver.actors(of_objects) if not among(a, sources)
                    and ((a["code"] and not a.get("inferred")) or not sources)]
    else:
        targets += resolver.actors(of_objects)
    if not sources:
        sources = [a for a in resolver.actors([c for c in trigger.children if c.dep_ in ("amod", "compound")])
                   if a["code"] and not a.get("inferred")]  # 'military operation' names no one
    if not sources:
        sources = resolver.actors(governing_subjects(trigger, light_verbs))
    hosts = [trigger, *of_objects]
    if trigger.dep_ == "dobj":
        hosts.append(trigger.head)
    objects = aimed_at(hosts, pattern.preps or TARGET_PREPS, resolver, pattern)
    targets += [a for a in resolver.actors(objects, things=True) if not among(a, targets) and not among(a, sources)]
    host = trigger.head.head
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "in" and host.pos_ == "VERB":
        # 'Syrian rebels engaged Filipino peacekeepers in a firefight': whom the verb the event is told in acts on;
        # 'joined X in the march': X takes part too (`companion_verbs`)
        companions = lemma(host) in resolver.rules.companion_verbs
        patients = [c for c in host.children if c.dep_ == "dobj" and resolver.names_actor(c)]
        if companions or not targets:
            found = [a for a in resolver.actors(patients) if not among(a, sources) and not among(a, targets)]
            if companions:
                sources += found
            else:
                targets = found
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
