"""Small hand-built extractions for the store tests: articles with entities and events."""

from __future__ import annotations

from pathlib import Path

from paths_helpers import FIXTURES

from eventwire.document import Actor, Document, Entity, Extraction, Mention

FIXTURES_STORE = FIXTURES / "store"


def person(entity_id: str, name: str, text: str, role: str | None = None, country: str | None = None) -> Entity:
    start = text.index(name)
    actor = Actor(code=f"{country}GOV" if country else None, country=country, sector="GOV" if role else None, role=role)
    return Entity(entity_id, name, "PERSON", actor if (role or country) else None, [Mention(start, start + len(name), name)])


def country(entity_id: str, name: str, iso: str, text: str) -> Entity:
    start = text.index(name)
    return Entity(entity_id, name, "GPE", Actor(code=iso, country=iso), [Mention(start, start + len(name), name)],
                  kb=f"country:{iso}")


def side(entity: Entity) -> list[dict]:
    actor = entity.actor or Actor()
    return [{"entity": entity.id, "name": entity.name, "code": actor.code, "country": actor.country, "igo": actor.igo,
             "sector": actor.sector}]


def event(source: Entity, target: Entity, day: str, plover: str = "CONSULT", cameo: str = "040",
          location: dict | None = None, goldstein: float = 1.0, **extra) -> dict:
    """An events item with the keys of eventwire/schema/defs/event.json."""
    return {"id": "v1", "cameo": cameo, "cameo_name": "test", "plover": plover, "mode": None, "context": [],
            "quad_class": 1, "goldstein": goldstein, "source": side(source), "target": side(target),
            "trigger": {"start": 0, "end": 3, "text": "met"}, "sentence": {"start": 0, "end": 10},
            "date": {"value": day, "granularity": "day", "text": None, "source": "text"}, "location": location,
            "negated": False, "hypothetical": False, "modality": None, "reported_by": None, "rule": "test",
            "confidence": 0.9, **extra}


def article(doc_id: str, text: str, published: str | None, source: str | None, entities: list[Entity],
            events: list[dict], url: str | None = None) -> dict:
    document = Document(id=doc_id, text=text, title=text.split("\n")[0], source=source, published=published, url=url,
                        origin=f"<{doc_id}>")
    return Extraction(document=document, entities=entities, events=events).to_dict()


def meeting_report(doc_id: str, published: str, source: str, day: str, swap: bool = False,
                   location: dict | None = None, **extra) -> dict:
    """A report that North Korea and Russia held talks on `day`."""
    text = f"North Korea and Russia held talks, {source} reported. The meeting was on {day}."
    prk, rus = country("e1", "North Korea", "PRK", text), country("e2", "Russia", "RUS", text)
    source_entity, target_entity = (rus, prk) if swap else (prk, rus)
    return article(doc_id, text, published, source, [prk, rus],
                   [event(source_entity, target_entity, day, location=location, **extra)])


def meetings_store(path: Path, *more: dict) -> Path:
    """A store at `path` holding two reports (Reuters, AP) of one North Korea-Russia meeting, then `more` records."""
    from eventwire.store.writer import Writer

    with Writer(path) as writer:
        for record in (meeting_report("a", "2024-10-29", "Reuters", "2024-10-28"),
                       meeting_report("b", "2024-10-29", "AP", "2024-10-28"), *more):
            writer.write(record)
    return path
