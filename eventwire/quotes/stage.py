"""Pipeline stage: fill `quotes` with direct, partial and indirect (reported) speech.

One `eventwire.items.Quote` per quotation or reported clause, in text order:

    id            "q1", "q2", ... in text order
    kind          direct   the content is a quotation ("“I want ...,” Yoon told the meeting")
                  partial  a quotation inside reported content (said “illegal” military cooperation ...)
                  indirect reported content without quotation marks (KCNA said a delegation ...)
    text, start, end   the quoted words without their marks; for indirect speech, the content
    cue           {text, start, end} of the reporting words ("said", "told", "according to",
                  "said in a statement"); a quotation that continues the previous direct quote
                  (the second half of a split quote, the next paragraph) carries that quote's cue
    speaker       entity id of who speaks, or null when it cannot be resolved safely
    speaker_name  the entity's name, or the words naming the source when no entity is known
                  ("the Russian embassy"); "the statement" takes its issuer's name
    speaker_span  {start, end} of the source as written here ("Yoon", "the statement", "he", "who"),
                  or null (a continued quotation, a cue without a subject)
    content       {start, end} of everything attributed (the whole clause for partial quotes;
                  the quotation with its marks for direct ones)
    nested        [{text, start, end}] quotations inside the quotation
"""

from __future__ import annotations

from eventwire.items import Offsets, Quote, TextSpan
from eventwire.quotes.attribution import Attribution
from eventwire.quotes.marks import Quotation, find_quotations
from eventwire.quotes.speaker import Speaker, SpeakerResolver
from eventwire.stages import Context, Stage

CONTINUATION_GAP = 400
"""A quotation with no cue of its own continues the previous direct quote within this many characters."""
MIN_CONTINUATION_WORDS = 4


def apply(ctx: Context) -> None:
    text = ctx.result.document.text
    lexicon = ctx.resources.cues
    quotations = find_quotations(text)
    attributions = ctx.resources.attributions(ctx.doc, quotations)
    resolver = SpeakerResolver(lexicon, ctx.result, quotations, ctx.doc)
    items: list[Quote] = []
    for attribution in attributions:
        attribution.content = [_clip_dateline(ctx.result.document, span) for span in attribution.content]
        speaker = resolver.resolve(attribution.source_head, attribution.source, attribution.document_noun)
        items.extend(_items(text, attribution, speaker, quotations))
    items.extend(_continuations(ctx.result, items, quotations, attributions))
    items.sort(key=lambda item: (item.start, item.end))
    for number, item in enumerate(items, 1):
        item.id = f"q{number}"
    ctx.result.quotes = items


def _clip_dateline(document, span: tuple[int, int]) -> tuple[int, int]:
    """Content never starts with the dateline ("SEOUL (Reuters) –")."""
    start, end = span
    for section in document.sections:
        if section.kind == "dateline" and start < section.end < end:
            start = section.end
            while start < end and document.text[start].isspace():
                start += 1
    return start, end


def _items(text: str, attribution: Attribution, speaker: Speaker,
           quotations: list[Quotation]) -> list[Quote]:
    made = []
    for start, end in attribution.content:
        inside = [q for q in quotations if start <= q.start and q.end <= end]
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (start, end):
            kind = "partial" if _woven(text, inside[0]) else "direct"
            made.append(_item(text, kind, inside[0], (start, end), attribution, speaker))
        elif inside:
            made.extend(_item(text, "partial", q, (start, end), attribution, speaker) for q in inside)
        else:
            made.append(_item(text, "indirect", None, (start, end), attribution, speaker))
    return made


def _woven(text: str, quotation: Quotation) -> bool:
    """A fragment inside the reporter's own sentence ("called the situation “very dangerous”"), not an utterance."""
    before = text[:quotation.start].rstrip()
    inner = text[quotation.inner_start:quotation.inner_end].lstrip()
    return bool(before) and before[-1].isalnum() and bool(inner) and not inner[0].isupper()


def _inner(text: str, quotation: Quotation) -> tuple[int, int]:
    """The quoted words: without the marks and the comma news puts inside them ("management,”")."""
    start, end = quotation.inner_start, quotation.inner_end
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _item(text: str, kind: str, quotation: Quotation | None, content: tuple[int, int],
          attribution: Attribution | None, speaker: Speaker, cue: TextSpan | None = None,
          speaker_span: Offsets | None = None) -> Quote:
    """One quote without its id (given once all are in text order). Without an `attribution` (a continued
    quotation) the `cue` and `speaker_span` are given."""
    start, end = _inner(text, quotation) if quotation else content
    if attribution is not None:
        cue = _span(text, *attribution.cue)
        speaker_span = Offsets(*attribution.source) if attribution.source else None
    return Quote(
        id="",
        kind=kind,
        text=text[start:end],
        start=start,
        end=end,
        cue=cue,
        speaker=speaker.entity.id if speaker.entity else None,
        speaker_name=speaker.name,
        speaker_span=speaker_span,
        content=Offsets(*content),
        nested=[_span(text, q.inner_start, q.inner_end) for q in (quotation.nested if quotation else [])],
    )


def _span(text: str, start: int, end: int) -> TextSpan:
    return TextSpan(text[start:end], start, end)


def _continuations(result, items: list[Quote], quotations: list[Quotation],
                   attributions: list[Attribution]) -> list[Quote]:
    """Quotations without a cue of their own that carry on the previous direct quote's speech, with its cue."""
    text = result.document.text
    covered = [(a, b) for attribution in attributions for a, b in attribution.content]
    cues = sorted(attribution.cue[0] for attribution in attributions)
    made: list[Quote] = []
    for quotation in quotations:
        if any(a <= quotation.start < b for a, b in covered):
            continue
        if len(text[quotation.inner_start:quotation.inner_end].split()) < MIN_CONTINUATION_WORDS:
            continue  # a title or scare quote, not speech
        previous = [i for i in items + made if i.content.end <= quotation.start and i.kind == "direct"]
        if not previous:
            continue
        last = max(previous, key=lambda i: i.content.end)
        gap_start = last.content.end
        if quotation.start - gap_start > CONTINUATION_GAP:
            continue
        if any(gap_start <= cue < quotation.start for cue in cues if cue != last.cue.start):
            continue  # someone else has been quoted in between
        speaker = Speaker(result.entity(last.speaker) if last.speaker else None, last.speaker_name)
        made.append(_item(text, "direct", quotation, (quotation.start, quotation.end), None, speaker,
                          cue=last.cue, speaker_span=None))
    return made


STAGE = Stage("quotes", apply, requires=("entities",), assigns=("quotes",))
