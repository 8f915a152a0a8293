"""Pipeline stage: fill `entities` from the parsed text."""

from __future__ import annotations

from functools import lru_cache

from eventwire.entities.kb import KnowledgeBase, default_kb
from eventwire.entities.names import recover_names
from eventwire.entities.recognize import Recognizer
from eventwire.entities.resolve import Resolver


@lru_cache(maxsize=2)
def _components(kb: KnowledgeBase, vocab) -> tuple[Recognizer, Resolver]:
    return Recognizer(kb, vocab), Resolver(kb)


def apply(ctx) -> None:
    kb = ctx.kb or default_kb()
    recognize, resolve = _components(kb, ctx.doc.vocab)
    document = ctx.result.document
    spans = recognize(ctx.doc, document)
    titles = {t.i for t in ctx.doc if document.section_at(t.idx) == "title"}
    spans = sorted(recover_names(ctx.doc, spans, kb, titles), key=lambda s: s.span.start)
    ctx.result.entities = resolve(ctx.doc, spans)
    for entity in ctx.result.entities:
        for mention in entity.mentions:
            if mention.metonymic and document.section_at(mention.start) in {"dateline", "credit", "caption"}:
                mention.metonymic = False  # "SEOUL (Reuters) -" names where the story was filed
