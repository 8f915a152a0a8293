"""Give ALL-CAPS lines (wire headlines, sports tables) ordinary case before the model reads them.

The statistical model learnt names from their capital letters; in "LEICESTERSHIRE TAKE OVER AT
TOP" every word looks like one, or none does. Each word of a capitals line takes the case the same
document uses for it elsewhere ("Leicestershire", "victory"); failing that, a name the knowledge
base knows is capitalised, a function word is lowered and any other word keeps a capital initial.
Only letter case changes, so token indices and character offsets stay those of the original.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from eventwire.entities.kb import KnowledgeBase
from eventwire.nlp import token_texts

if TYPE_CHECKING:
    from spacy.language import Language

MIN_CAPS_SHARE = 0.7
"""Share of a line's words written in capitals that makes it a capitals line."""
CONTEXT_LINES = 1
"""Lines re-read on either side of a capitals line: the model reads a word with a few words of context around it,
so the lines next to a recased one may read differently; the rest of the document keeps its parse."""
ACRONYM_LENGTH = 3
"""Words this short that the document never writes otherwise stay in capitals (UN, EU, BBC)."""


def lines(doc: Doc) -> tuple[tuple[int, int], ...]:
    """Token ranges of the document's lines, found once per document (a token's trailing whitespace is a
    single space or nothing, so only a token's own text holds a line break)."""
    found = doc.user_data.get("eventwire_lines")
    if found is not None:
        return found
    ranges, start = [], 0
    for i, text in enumerate(token_texts(doc)):
        if "\n" in text:
            if i > start:
                ranges.append((start, i))
            start = i + 1
    if start < len(doc):
        ranges.append((start, len(doc)))
    found = doc.user_data["eventwire_lines"] = tuple(ranges)
    return found


def is_caps_line(doc: Doc, start: int, end: int) -> bool:
    words = [w for w in token_texts(doc)[start:end] if len(w) > 1 and w.isalpha()]
    return bool(words) and sum(map(str.isupper, words)) >= MIN_CAPS_SHARE * len(words)


def usual_forms(doc: Doc, caps: set[int]) -> dict[str, str]:
    """How the document writes each word outside capitals lines and away from a sentence start."""
    seen: dict[str, Counter] = {}
    for token in doc:
        if token.i in caps or token.is_sent_start or not token.is_alpha or token.text.isupper():
            continue
        seen.setdefault(token.lower_, Counter())[token.text] += 1
    return {word: forms.most_common(1)[0][0] for word, forms in seen.items()}


def truecased(word: str, usual: dict[str, str], kb: KnowledgeBase) -> str:
    if not word.isupper() or not any(c.isalpha() for c in word):
        return word
    lowered = word.lower()
    if lowered in usual:
        return usual[lowered]
    if not word.isalpha() or len(word) <= ACRONYM_LENGTH and kb.lookup(word) is not None:
        return word
    if lowered in STOP_WORDS:
        return lowered
    return word.capitalize()


def truecase(doc: Doc, kb: KnowledgeBase, pipeline: Language) -> Doc | None:
    """The document with its capitals lines in ordinary case and re-parsed by `pipeline`'s components, or None
    when it has none. Only the capitals lines and `CONTEXT_LINES` lines around each are parsed again; the rest keeps
    the parse it has (re-parsing a whole long document for one capitals line in it doubled its cost)."""
    ranges = lines(doc)
    capitals = [number for number, (start, end) in enumerate(ranges) if is_caps_line(doc, start, end)]
    if not capitals:
        return None
    caps = {i for number in capitals for i in range(*ranges[number])}
    usual = usual_forms(doc, caps)
    words = [truecased(t.text, usual, kb) if t.i in caps else t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    if "".join(w + (" " if s else "") for w, s in zip(words, spaces)).lower() != doc.text.lower():
        return None
    sent_starts = [bool(t.is_sent_start) for t in doc]
    pieces, done = [], 0
    for start, end in reparsed_regions(ranges, capitals, len(doc)):
        if done < start:
            pieces.append(doc[done:start].as_doc())
        recased = Doc(doc.vocab, words=words[start:end], spaces=spaces[start:end], sent_starts=sent_starts[start:end])
        for _name, component in pipeline.pipeline:
            recased = component(recased)
        pieces.append(recased)
        done = end
    if done < len(doc):
        pieces.append(doc[done:].as_doc())
    return pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)


def reparsed_regions(ranges: tuple[tuple[int, int], ...], capitals: list[int], length: int) -> list[tuple[int, int]]:
    """Token ranges to parse again: each capitals line with `CONTEXT_LINES` lines on either side, overlapping ones
    joined, each starting at a line's first token and ending after the line break that follows its last line (so
    every piece of the document starts a line)."""
    regions: list[tuple[int, int]] = []
    for number in capitals:
        first, last = max(0, number - CONTEXT_LINES), min(len(ranges) - 1, number + CONTEXT_LINES)
        start = 0 if first == 0 else ranges[first][0]
        end = length if last == len(ranges) - 1 else ranges[last + 1][0]
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], end))
        else:
            regions.append((start, end))
    return regions
