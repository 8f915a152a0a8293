"""The extraction pipeline: spaCy parse, then each stage in turn over one `Extraction`.

A stage is a function `apply(ctx: Context) -> None` that reads what earlier stages
wrote into `ctx.result` and adds its own part. `STAGES` lists them in order.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from eventwire import nlp
from eventwire.document import Document, Extraction
from eventwire.entities import stage as entities
from eventwire.entities.kb import KnowledgeBase, default_kb
from eventwire.events import stage as events
from eventwire.gcpause import collection_paused
from eventwire.ingest.layout import analyse
from eventwire.ingest.reading import InputError, RawArticle
from eventwire.places import stage as places
from eventwire.quantities import stage as quantities
from eventwire.quotes import stage as quotes
from eventwire.times import stage as times

log = logging.getLogger(__name__)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
BATCH_CHARACTERS = 8_000
"""Most characters parsed together in one spaCy batch (a longer document is parsed alone). spaCy's networks hold
arrays for every token of a batch at once, so a batch's memory grows with its text: 16 long Reuters stories
(40,655 characters) take 114 MB more while they are parsed, the same 16 taken 4 at a time 33 MB. A Reuters story
has 880 characters on average, so a batch holds about nine. That costs a 1-process ingest 2-5 % of its time (16,000
characters: 1.5-3 %), and a long corpus, which holds longer runs of long stories, no longer raises the peak
(bench/RESULTS.md, "Memory as the corpus grows")."""


@dataclass
class Context:
    """What a stage sees: the parse, the result so far and the knowledge base."""

    doc: Doc
    result: Extraction
    kb: KnowledgeBase


Stage = Callable[[Context], None]

STAGES: list[tuple[str, Stage]] = [
    ("entities", entities.apply),
    ("places", places.apply),
    ("times", times.apply),
    ("quotes", quotes.apply),
    ("quantities", quantities.apply),
    ("events", events.apply),
]


def iso_date(value: str | None) -> str | None:
    """The YYYY-MM-DD part of a date or timestamp, or None when there is none."""
    if not value:
        return None
    match = ISO_DATE.match(value.strip())
    return match.group(0) if match else None


class Pipeline:
    """Load once, extract many: `Pipeline().extract(raw)`."""

    def __init__(self, stages: list[tuple[str, Stage]] | None = None, kb: KnowledgeBase | None = None):
        self.stages = STAGES if stages is None else stages
        with collection_paused():
            self.kb = kb or default_kb()
            self.nlp = nlp.load()
            entities.components(self.kb, self.nlp.vocab)

    def extract(self, raw: RawArticle, published: str | None = None) -> Extraction:
        return next(self.extract_many([raw], published))  # type: ignore[return-value]

    def extract_many(
        self, items: Iterable[RawArticle | InputError], published: str | None = None, batch_size: int = 16
    ) -> Iterator[Extraction | InputError]:
        """Extract in input order; input errors pass through, a crash in one document becomes its error.
        Documents are parsed `batch_size` at a time, fewer when they would exceed BATCH_CHARACTERS together."""
        pending: list[RawArticle | InputError] = []
        characters = 0
        for item in items:
            size = len(item.text) if isinstance(item, RawArticle) else 0
            if pending and (len(pending) >= batch_size or characters + size > BATCH_CHARACTERS):
                yield from self._run_batch(pending, published)
                pending, characters = [], 0
            pending.append(item)
            characters += size
        if pending:
            yield from self._run_batch(pending, published)

    def _run_batch(self, items: list[RawArticle | InputError], published: str | None) -> Iterator[Extraction | InputError]:
        """Parse and extract one batch inside a spaCy memory zone: the strings and vocabulary entries its words
        added are freed when the batch is done (an `Extraction` holds no spaCy object), so a long ingest does not
        grow with every new word it meets, as spaCy alone does."""
        documents = [analyse(item, published=iso_date(item.published) or published)
                     for item in items if isinstance(item, RawArticle)]
        with self.nlp.memory_zone():
            docs = iter(self.nlp.pipe([document.text for document in documents]))
            results = iter(documents)
            for item in items:
                if isinstance(item, InputError):
                    yield item
                    continue
                document = next(results)
                doc = nlp.parsed_from(next(docs), document.text)
                try:
                    yield self._run_stages(document, doc)
                except Exception as err:  # one bad document must not stop a batch
                    log.exception("failed on %s", item.origin)
                    yield InputError(item.origin, f"internal error while extracting ({type(err).__name__}: {err})")

    def _run_stages(self, document: Document, doc: Doc) -> Extraction:
        ctx = Context(doc=doc, result=Extraction(document=document), kb=self.kb)
        for _name, stage in self.stages:
            stage(ctx)
        return ctx.result
