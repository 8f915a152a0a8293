"""Pipeline stage: fill `entities` from the parsed text."""

from __future__ import annotations

from bisect import bisect_left

from eventwire.entities.names import recover_names
from eventwire.nlp import token_offsets
from eventwire.stages import Context, Stage


def title_tokens(doc, document) -> set[int]:
    """Indices of the tokens in the title: found by bisecting token offsets within title sections, not by
    asking every token of the story."""
    found: set[int] = set()
    titles = [section for section in document.sections if section.kind == "title"]
    starts = token_offsets(doc) if titles else ()
    for section in titles:
        for i in range(bisect_left(starts, section.start), bisect_left(starts, section.end)):
            if document.section_at(starts[i]) == "title":
                found.add(i)
    return found


def apply(ctx: Context) -> None:
    kb = ctx.resources.kb
    recognize, resolve = ctx.resources.entity_matchers
    document = ctx.result.document
    spans = recognize(ctx.doc, document)
    titles = title_tokens(ctx.doc, document)
    spans = sorted(recover_names(ctx.doc, spans, kb, titles), key=lambda s: s.span.start)
    ctx.result.entities = resolve(ctx.doc, spans, document.published, document.dateline)
    for entity in ctx.result.entities:
        for mention in entity.mentions:
            if mention.metonymic and document.section_at(mention.start) in {"dateline", "credit", "caption"}:
                mention.metonymic = False  # "SEOUL (Reuters) -" names where the story was filed


STAGE = Stage("entities", apply, assigns=("entities",))
