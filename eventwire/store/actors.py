"""One corpus-wide identity per actor, across documents.

Rules, in order (an entity is one document's `Entity` as a dict):
1. An entity resolved to a knowledge-base record keeps that key as its identity (`country:PRK`,
   `igo:NATO`, `media:KCNA`): the knowledge base already says who it is.
2. A person whose normalised full name is known is that actor.
3. A person named by part of a known person's name ("Yoon", "President Yoon") is that person when the
   two are compatible: this mention carries a role the actor has held before, or no role but the same
   country. Only an unambiguous match (one candidate) is taken.
4. Anything else is a new actor `<type>:<normalised name>`.
Aliases (every surface form) and roles accumulate per document in actor_aliases and actor_roles.
The actors a batch may need are read from the store for that batch (people through actor_name_words), so the
writer keeps no corpus-sized index in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from eventwire.entities.kb import normalise


@dataclass
class KnownActor:
    id: str
    name: str
    type: str
    country: str | None
    roles: set[str] = field(default_factory=set)

    @property
    def tokens(self) -> set[str]:
        return set(normalise(self.name).split())

    def name_words(self) -> list[tuple[str, str]]:
        """(word, actor id) rows of the store's actor_name_words table: a person is found by any word of its name."""
        return [(word, self.id) for word in sorted(self.tokens)] if self.type == "PERSON" else []


@dataclass
class ActorResolution:
    """What one document's entities resolved to, and what is new, to write then remember on commit."""

    actor_ids: dict[str, str] = field(default_factory=dict)
    new_actors: list[KnownActor] = field(default_factory=list)
    new_roles: list[tuple[str, str]] = field(default_factory=list)


class CorpusActorResolver:
    """The store's actors that a batch's entities could resolve to, read from the store for each batch (`load`)
    and forgotten after it, so the writer's memory does not grow with the corpus. The batch's working set holds
    every actor the rules can reach: the entities' own actor ids, and every person holding all the words of a person
    named in the batch (a person matched "by part of a name" has all of the name's words)."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None):
        self.con = con
        self.forget()

    def forget(self) -> None:
        self.by_id: dict[str, KnownActor] = {}
        self.people_by_token: dict[str, set[str]] = {}

    def load(self, entities: list[dict[str, Any]]) -> None:
        """Read from the store the actors these entities (one batch's) could be, with their roles."""
        self.forget()
        if self.con is None or not entities:
            return
        ids = sorted({self._new_id(entity) for entity in entities})
        names = sorted({tuple(sorted(set(normalise(entity.get("name") or "").split()))) for entity in entities
                        if entity.get("type") == "PERSON" and not entity.get("kb")} - {()})
        # the people holding every word of a name ("Yoon" -> Yoon Suk Yeol), not every person sharing one of its
        # words: a common first name is shared by more people the larger the corpus
        rows = self.con.execute(
            "WITH wanted AS (SELECT n.i, unnest(n.words) AS word, len(n.words) AS need "
            "                FROM (SELECT unnest($names) AS words, generate_subscripts($names, 1) AS i) n), "
            "holders AS (SELECT w.actor_id FROM wanted JOIN actor_name_words w USING (word) "
            "            GROUP BY wanted.i, wanted.need, w.actor_id HAVING count(DISTINCT word) = wanted.need) "
            "SELECT id, name, type, country FROM actors WHERE id IN (SELECT unnest($ids)) "
            "OR id IN (SELECT actor_id FROM holders)",
            {"ids": ids, "names": [list(name) for name in names]}).fetchall()
        for actor_id, name, type_, country in rows:
            self._add(KnownActor(actor_id, name, type_, country))
        roles = self.con.execute("SELECT DISTINCT actor_id, role FROM actor_roles WHERE actor_id IN "
                                 "(SELECT unnest($ids))", {"ids": sorted(self.by_id)}).fetchall()
        for actor_id, role in roles:
            self.by_id[actor_id].roles.add(normalise(role))

    def resolve(self, entities: list[dict[str, Any]]) -> ActorResolution:
        """Map each entity id of one document to a corpus actor id (without changing the index)."""
        resolution = ActorResolution()
        pending: dict[str, KnownActor] = {}
        for entity in entities:
            actor = entity.get("actor") or {}
            role = actor.get("role")
            known = self._find(entity, role, pending)
            if known is None:
                known = KnownActor(self._new_id(entity), entity.get("name") or "", entity.get("type") or "",
                                   actor.get("country"))
                if known.id not in pending:
                    pending[known.id] = known
                    resolution.new_actors.append(known)
                known = pending[known.id]
            resolution.actor_ids[entity["id"]] = known.id
            if role:
                resolution.new_roles.append((known.id, role))
                if known.id in pending:
                    known.roles.add(normalise(role))
        return resolution

    def remember(self, resolution: ActorResolution) -> None:
        """Add a committed document's new actors and roles to the index."""
        for actor in resolution.new_actors:
            self._add(actor)
        for actor_id, role in resolution.new_roles:
            self.by_id[actor_id].roles.add(normalise(role))

    def _find(self, entity: dict[str, Any], role: str | None, pending: dict[str, KnownActor]) -> KnownActor | None:
        actor_id = self._new_id(entity)
        if actor_id in pending or actor_id in self.by_id:
            return pending.get(actor_id) or self.by_id[actor_id]
        if entity.get("type") != "PERSON" or entity.get("kb"):
            return None
        return self._person_by_part(normalise(entity.get("name") or ""), role, (entity.get("actor") or {}).get("country"))

    def _person_by_part(self, name: str, role: str | None, country: str | None) -> KnownActor | None:
        tokens = set(name.split())
        if not tokens:
            return None
        candidate_ids = set.intersection(*(self.people_by_token.get(token, set()) for token in tokens))
        candidates = [self.by_id[i] for i in sorted(candidate_ids) if len(self.by_id[i].tokens) > len(tokens)]
        if role:
            compatible = [c for c in candidates if normalise(role) in c.roles]
        else:
            compatible = [c for c in candidates if country and c.country == country]
        return compatible[0] if len(compatible) == 1 else None

    @staticmethod
    def _new_id(entity: dict[str, Any]) -> str:
        if entity.get("kb"):
            return str(entity["kb"])
        return f"{(entity.get('type') or 'thing').lower()}:{normalise(entity.get('name') or '')}"

    def _add(self, actor: KnownActor) -> None:
        self.by_id[actor.id] = actor
        if actor.type == "PERSON":
            for token in actor.tokens:
                self.people_by_token.setdefault(token, set()).add(actor.id)
