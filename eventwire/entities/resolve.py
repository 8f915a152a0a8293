"""Group mentions into entities (within-document coreference of names) and give each an actor.

"Yoon" after "Yoon Suk Yeol", "Choe's" after "Choe Son Hui" and "South Korea's president"
after "South Korean President Yoon Suk Yeol" are mentions of one person.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from eventwire.document import Actor, Entity, Mention
from eventwire.entities.kb import KnowledgeBase, Record, normalise
from eventwire.entities.named import NamedSpan
from eventwire.entities.persons import PersonMatch
from eventwire.entities.roles import Role, RoleFinder
from eventwire.items import ResolvedPlace

LOCATIVE_PREPOSITIONS = {"in", "at", "to", "from", "near", "into", "inside", "outside", "across", "toward", "towards", "via"}
ACTOR_LABELS = {"ORG", "GROUP"}
"""Types whose affiliation ("DPRK" in "DPRK Foreign Ministry") makes them an actor; an EVENT or a LAW is not one."""
ACTOR_PREPOSITIONS = {"between", "with", "against", "by", "on"}


@dataclass(frozen=True)
class StoryContext:
    """What the whole story says that helps pick a person: its date and the countries it names."""

    published: str | None
    countries: frozenset[str]
    dateline: Record | None = None
    """The place the story was filed from ("TOKYO, March 13 -"), when the actor KB knows its country."""


@dataclass
class Cluster:
    """Mentions believed to name one thing, before they become an `Entity`."""

    spans: list[NamedSpan] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    extra_mentions: list[Mention] = field(default_factory=list)
    _name_tokens: tuple[int, int, frozenset[str]] | None = field(default=None, repr=False, compare=False)
    """(spans counted, id of the first span, their words): see `name_tokens`."""

    @property
    def first(self) -> NamedSpan:
        return self.spans[0]

    def name_tokens(self) -> frozenset[str]:
        """The normalised words of its names. Every name of a story is compared with the persons before it, and a
        person's spans grow one by one: the words are kept and only those of spans appended since are added
        (rebuilt from all spans when spans were put in front), or a story naming one person hundreds of times was
        quadratic in its length."""
        kept = self._name_tokens
        if kept is not None and kept[0] == len(self.spans):
            return kept[2]
        if kept is not None and self.spans and kept[0] < len(self.spans) and kept[1] == id(self.spans[0]):
            words = kept[2] | {normalise(word) for s in self.spans[kept[0]:] for word in s.words if word.isalpha()}
        else:
            words = frozenset(normalise(word) for s in self.spans for word in s.words if word.isalpha())
        self._name_tokens = (len(self.spans), id(self.spans[0]) if self.spans else 0, frozenset(words))
        return self._name_tokens[2]


def is_metonymic(named: NamedSpan) -> bool:
    """A capital or seat of government used for its government ("Moscow said", "Pyongyang's dispatch")."""
    span = named.span
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and (after.tag_ == "POS" or after.text in {"’s", "'s"}):
        return True
    root = span.root
    if root.dep_ in {"nsubj", "nsubjpass", "dobj", "agent"}:
        return True
    if root.dep_ == "pobj" and root.head.lower_ in ACTOR_PREPOSITIONS:
        return True
    if root.dep_ == "conj" and root.head.ent_type_ in {"GPE", "ORG", "NORP"}:
        return is_metonymic_token(root.head)
    return False


def is_metonymic_token(token) -> bool:
    if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS:
        return False
    return token.dep_ in {"nsubj", "nsubjpass", "dobj", "poss", "agent"} or (
        token.dep_ == "pobj" and token.head.lower_ in ACTOR_PREPOSITIONS)


class EntityResolver:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.roles = RoleFinder(kb)
        self.names = kb.name_rules
        self.persons = kb.persons  # read here, when the stage is built, not in the first story

    def __call__(self, doc: Doc, spans: list[NamedSpan], published: str | None = None,
                 dateline: str | None = None) -> list[Entity]:
        """The story's entities; `published` (ISO date) picks the role a person held then from the person KB, and
        `dateline` (the place the story was filed from) is the country of an office holder nothing else places."""
        spans = [self._known_person_named_as_organisation(s, published) for s in spans]
        by_token = {i: s for s in spans for i in range(s.span.start, s.span.end)}
        for named in spans:
            self._localise_institution(doc, named, by_token)
        groups = self.roles.groups(doc, spans, by_token)
        group_tokens = {i for g in groups for i in range(g.span.start, g.span.end)}
        spans = [s for s in spans if not (s.label == "NORP" and s.span.start in group_tokens)] + groups
        spans.sort(key=lambda s: s.span.start)

        clusters: list[Cluster] = []
        by_key: dict[str, Cluster] = {}
        people: list[Cluster] = []
        for named in spans:
            if named.label == "PERSON":
                cluster = self._person_cluster(named, people)
                if cluster is None:
                    cluster = Cluster()
                    people.append(cluster)
                    clusters.append(cluster)
                cluster.spans.append(named)
                role = self.roles.find_role(doc, named.span, by_token)
                if role is not None:
                    cluster.roles.append(role)
                continue
            key = self._key(named)
            cluster = by_key.get(key) or self._organisation_cluster(named, by_key)
            if cluster is None:
                cluster = by_key[key] = Cluster()
                clusters.append(cluster)
            cluster.spans.append(named)
        self._join_short_names(people, clusters)
        nominals = self.roles.nominals(doc, {i: s for s in spans for i in range(s.span.start, s.span.end)})
        for named in self._link_role_references(people, nominals):
            cluster = by_key.setdefault(self._key(named), Cluster())
            if not cluster.spans:
                clusters.append(cluster)
            cluster.spans.append(named)
        clusters.sort(key=lambda c: c.first.span.start)
        story = StoryContext(published, frozenset(
            s.record.country for s in spans if s.record is not None and s.record.country
            and s.record.kind in {"country", "demonym", "capital"}), self._dateline_place(dateline))
        return [self._entity(f"e{n}", cluster, story) for n, cluster in enumerate(clusters, start=1)]

    def _known_person_named_as_organisation(self, named: NamedSpan, published: str | None) -> NamedSpan:
        """'Olaf Scholz' tagged as an organisation by the statistical model: a full name (two capitalised words or
        more, naming no known actor) that the person KB knows exactly, as someone in office or prominent in the
        story's time, is that person."""
        if named.label != "ORG" or named.record is not None or named.affiliation is not None or self.persons is None:
            return named
        if len(named.span) < 2 or not all(t.is_title for t in named.span):
            return named
        _, how = self.persons.candidates([named.text])
        if how != "name" or self.persons.resolve([named.text], published) is None:
            return named
        return replace(named, label="PERSON")

    @staticmethod
    def _localise_institution(doc: Doc, named: NamedSpan, by_token: dict[int, NamedSpan]) -> None:
        """ "Peru's Congress" is Peru's legislature, not the U.S. Congress the bare name would mean."""
        record = named.record
        if record is None or record.kind not in {"organisation", "seat"} or record.country is None:
            return
        i = named.span.start - 1
        while i >= 0 and (doc[i].tag_ == "POS" or doc[i].text in {"’s", "'s"}):
            i -= 1
        owner = by_token.get(i)
        country = owner.record if owner is not None and owner.record is not None else None
        if country is not None and country.kind in {"country", "demonym"} and country.country != record.country:
            named.record, named.affiliation, named.sector, named.label = None, country, record.sector, "ORG"

    # -- grouping ------------------------------------------------------------
    @staticmethod
    def _key(named: NamedSpan) -> str:
        if named.record is not None:
            return named.record.key
        if named.label == "GROUP":
            affiliation = named.affiliation.key if named.affiliation else "-"
            return f"group:{affiliation}:{named.sector}:{named.span.root.lemma_.lower()}"
        return f"{named.label}:{normalise(named.text)}"

    def _person_cluster(self, named: NamedSpan, people: list[Cluster]) -> Cluster | None:
        """The person a (usually shorter) name refers back to; the most recent one wins. Titles and honorifics
        written inside the name do not count ("Mr. Kim" is the story's Kim)."""
        words = {normalise(word) for word in named.words if word.isalpha()}
        words -= {w for w in words if w in self.names.dropped_first} if len(words) > 1 else set()
        if not words:
            return None
        for cluster in reversed(people):
            if words <= cluster.name_tokens():
                return cluster
        return None

    def _join_short_names(self, people: list[Cluster], clusters: list[Cluster]) -> None:
        """ "Mr. Kim said" before the story names "Kim Jong Un": a one-word name joins the one person of the story
        whose full name has that word (after the name, so `_person_cluster` did not see it); with two such persons
        it stays apart."""
        for cluster in list(people):
            words = cluster.name_tokens() - self.names.dropped_first
            if len(words) != 1:
                continue
            owners = [c for c in people if c is not cluster and words <= c.name_tokens() and len(c.name_tokens()) > 1]
            if len(owners) == 1:
                owners[0].spans[:0] = cluster.spans
                owners[0].roles[:0] = cluster.roles
                people.remove(cluster)
                clusters.remove(cluster)

    @staticmethod
    def _organisation_cluster(named: NamedSpan, by_key: dict[str, Cluster]) -> Cluster | None:
        """ "Calmos" after "Calmos Systems Inc": a short form that starts an organisation's name."""
        if named.label != "ORG" or named.record is not None:
            return None
        short = normalise(named.text)
        for key, cluster in by_key.items():
            if key.startswith("ORG:") and key[4:].startswith(short + " "):
                return cluster
        return None

    @staticmethod
    def _link_role_references(people: list[Cluster], nominals: list[tuple[NamedSpan, Role]]) -> list[NamedSpan]:
        """ "South Korea's president" is the president of South Korea named in the story (the nearest one
        before, else the first after: a headline's "Foreign Minister" is named in the body); the rest stay group actors."""
        unlinked = []
        for named, role in nominals:
            same_role = [c for c in people if any(
                normalise(r.title) == normalise(role.title)
                and (role.affiliation is None or (r.affiliation is not None and r.affiliation.country == role.affiliation.country
                                                  and r.affiliation.igo == role.affiliation.igo))
                for r in c.roles)]
            if len(same_role) == 1 or (same_role and role.affiliation is not None):
                earlier = [c for c in same_role if c.first.start < named.start]
                holder = earlier[-1] if earlier else same_role[0]
                holder.extra_mentions.append(Mention(named.start, named.end, named.text))
            elif role.affiliation is not None:
                unlinked.append(named)
        return unlinked

    # -- output --------------------------------------------------------------
    def _entity(self, entity_id: str, cluster: Cluster, story: StoryContext) -> Entity:
        first = cluster.first
        mentions = [Mention(s.start, s.end, s.text, metonymic=self._metonymic(s)) for s in cluster.spans]
        mentions += cluster.extra_mentions
        mentions.sort(key=lambda m: m.start)
        if first.label == "PERSON":
            longest = max(cluster.spans, key=lambda s: (len(s.span), -s.start))
            actor = self._person_actor(cluster)
            match = None
            if self.persons is not None and (actor is None or not (actor.country or actor.igo)):
                actor, match = self._known_person(cluster, actor, story)
            if actor is not None and not (actor.country or actor.igo):
                actor = self._filed_from(cluster, actor, story)
            return Entity(entity_id, longest.text, "PERSON", actor, mentions,
                          kb=f"person:{match.person.id}" if match is not None else None)
        record = first.record
        if record is not None and record.kind in {"city", "region"}:
            return Entity(entity_id, record.name, record.type, None, mentions, kb=record.key,
                          place=ResolvedPlace.unresolved(record.country))
        if record is not None:
            actor = Actor(record.actor_code, record.country, record.igo, record.sector) if (
                record.country or record.igo) else None
            return Entity(entity_id, record.name, record.type, actor, mentions, kb=record.key)
        affiliation = first.affiliation
        sector = first.sector or self._sector_from_head(first)
        actor = None
        if affiliation is not None and (affiliation.country or affiliation.igo) and first.label in ACTOR_LABELS:
            country, igo = affiliation.country, affiliation.igo
            code = (country + (sector or "")) if country else igo
            actor = Actor(code, country, igo, sector)
        name = max((s.text for s in cluster.spans), key=len)
        return Entity(entity_id, name, first.label, actor, mentions)

    def _sector_from_head(self, named: NamedSpan) -> str | None:
        known, sector = self.kb.agent_sector(named.span.root.lemma_)
        return sector if known else None

    @staticmethod
    def _metonymic(named: NamedSpan) -> bool:
        return named.record is not None and named.record.kind in {"capital", "seat"} and is_metonymic(named)

    def _known_person(self, cluster: Cluster, actor: Actor | None, story: StoryContext) -> tuple[Actor | None, PersonMatch | None]:
        """The person KB's actor for a person the text gives no country: country (or IGO) from the KB, the role
        the text gives kept ("President Reagan" stays President, USA from the KB) and the KB's role otherwise."""
        title = cluster.roles[0].title if cluster.roles else None
        sector = actor.sector if actor is not None else None
        match = self.persons.resolve([s.text for s in cluster.spans], story.published, title, sector, story.countries)
        if match is None:
            return actor, None
        role = match.role
        country, igo = role.country, role.igo
        kept_sector = sector if title else match.sector
        code = (country + (kept_sector or "")) if country else igo
        rule = f"{match.how}; {match.status}; {role.source}"
        title_held = (actor.role if actor else None) or role.title or None
        if title_held and match.status == "former" and not (actor and actor.role):
            title_held = f"former {title_held}"
        return Actor(code, country, igo, kept_sector, title_held, basis="kb", rule=rule), match

    def _dateline_place(self, dateline: str | None) -> Record | None:
        record = self.kb.lookup(dateline) if dateline else None
        return record if record is not None and record.country and record.kind in {"capital", "city", "country"} else None

    @staticmethod
    def _filed_from(cluster: Cluster, actor: Actor, story: StoryContext) -> Actor:
        """ "TOKYO - Finance Minister Kiichi Miyazawa said": an office the text names without a country, held by a
        person the KB does not place, is taken to be of the country the story was filed from. Only for offices of
        a fixed sector (a minister, not a "chairman" of something unnamed), and marked as inferred."""
        place = story.dateline
        if place is None or not any(r.sector for r in cluster.roles) or any(r.affiliation for r in cluster.roles):
            return actor
        return Actor(place.country + (actor.sector or ""), place.country, None, actor.sector, actor.role,
                     basis="dateline", rule=f"office without a country; filed from {place.name}")

    @staticmethod
    def _person_actor(cluster: Cluster) -> Actor | None:
        roles = cluster.roles
        if not roles:
            return None
        role = next((r for r in roles if r.affiliation is not None), roles[0])
        affiliation = role.affiliation
        sector = role.sector or (affiliation.sector if affiliation else None) or "GOV"
        country = affiliation.country if affiliation else None
        igo = affiliation.igo if affiliation else None
        code = (country + sector) if country else igo
        title = " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in role.title.split())
        return Actor(code, country, igo, sector, title, basis="text")
