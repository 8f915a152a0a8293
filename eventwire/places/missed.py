"""Place names the entity stage did not make place entities: "the Anbar desert", "near Kramatorsk".

Two shapes are taken as places when the gazetteer knows the name: capitalised proper nouns followed by a
kind word from `features.yaml` ("Anbar desert", "Donetsk region"), and proper nouns after a locative
preposition ("fighting near Pokrovsk"). Text already covered by an entity is left alone, except that an
entity the statistical model called an organisation or a person, with no actor and no knowledge-base
record, becomes a place when every mention of it stands where places stand ("in Uttar Pradesh",
"Dogubayazit, Turkey") and the gazetteer knows its name.
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.document import Entity, Extraction, Mention
from eventwire.entities.kb import normalise
from eventwire.nlp import token_entity_types, token_pos, token_texts
from eventwire.places.resolve import APPOSED, PlaceResolver

LOCATIVE = {"in", "near", "at", "outside", "around", "from", "into", "across", "toward", "towards", "inside"}
BLOCKING_ENTITY_TYPES = {"PERSON", "ORG", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY",
                         "WORK_OF_ART", "LAW", "EVENT", "LANGUAGE", "PRODUCT", "NORP"}
LOCATIVE_MIN_POPULATION = 1_000
SETTLED_FEATURES = {"country", "admin1", "admin2", "continent"}
RECLAIMABLE_TYPES = {"ORG", "PERSON", "NORP"}


def proper_runs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of consecutive capitalised proper nouns within a line. Read from the token columns: a `Token`
    per word of the story cost more than the test itself."""
    runs, start, previous = [], None, -1
    texts, entity_types = token_texts(doc), token_entity_types(doc)
    names = [i for i, pos in enumerate(token_pos(doc)) if pos == "PROPN" and texts[i][:1].isupper()
             and entity_types[i] not in BLOCKING_ENTITY_TYPES]  # most tokens are none: only these are walked
    for i in names:
        if start is not None and (i != previous + 1 or "\n" in doc[i - 1].whitespace_):
            runs.append((start, previous + 1))
            start = None
        if start is None:
            start = i
        previous = i
    if start is not None:
        runs.append((start, previous + 1))
    return runs


def find_missed(doc: Doc, result: Extraction, engine: PlaceResolver) -> list[Entity]:
    covered = [(m.start, m.end) for e in result.entities for m in e.mentions]
    kind_words = engine.features.admin_words | engine.features.landform_words
    found: dict[str, list[Mention]] = {}
    texts = token_texts(doc)
    for start, end in proper_runs(doc):
        span = doc[start:end]
        following = texts[end] if end < len(texts) else None
        if following is not None and following.lower() in kind_words and following.islower():
            mention_end = doc[end].idx + len(following)
        elif start > 0 and texts[start - 1].lower() in LOCATIVE and is_known_place(engine, span.text):
            mention_end = span.end_char
        else:
            continue
        if any(s < mention_end and span.start_char < e for s, e in covered):
            continue
        text = result.document.text[span.start_char:mention_end]
        if not engine.name_places(text):
            continue
        found.setdefault(normalise(text), []).append(Mention(span.start_char, mention_end, text))
    next_id = 1 + max((int(e.id[1:]) for e in result.entities if e.id[1:].isdigit()), default=0)
    entities = []
    for number, mentions in enumerate(found.values()):
        entity_type = "LOC" if engine.parse(mentions[0].text).kind else "GPE"
        entities.append(Entity(f"e{next_id + number}", mentions[0].text, entity_type, None, mentions))
    return entities


def reclaim_places(result: Extraction, engine: PlaceResolver) -> None:
    """Re-type as places the unknown ORG/PERSON/NORP entities whose every mention is in a place's position."""
    text = result.document.text
    for entity in result.entities:
        if entity.type not in RECLAIMABLE_TYPES or entity.kb or entity.actor is not None:
            continue
        if not is_known_place(engine, entity.name):
            continue
        if all(in_place_position(text, m.start, m.end, engine) for m in entity.mentions):
            entity.type = "LOC" if engine.query(entity.name, text, entity.mentions[0].start,
                                                entity.mentions[0].end).kind else "GPE"


def in_place_position(text: str, start: int, end: int, engine: PlaceResolver) -> bool:
    """After "in", "near", ...; before ", <country or state>"; or before a kind word ("province")."""
    before = text[max(0, start - 12):start].split()
    if before and before[-1].lower() in LOCATIVE:
        return True
    if engine.query(text[start:end], text, start, end).kind == "admin":
        return True
    apposed = APPOSED.match(text[end:end + 40])
    return bool(apposed) and any(p.feature in ("country", "admin1") for p in engine.gazetteer.candidates(apposed.group(1)))


def is_known_place(engine: PlaceResolver, name: str) -> bool:
    """A settled place or a town big enough that a capitalised word after "in" is likely to mean it."""
    return any(p.feature in SETTLED_FEATURES or p.population >= LOCATIVE_MIN_POPULATION
               for p in engine.name_places(name))
