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
    """The document re-parsed by `pipeline`'s components with its capitals lines in ordinary case, or None when
    it has none."""
    caps = {i for start, end in lines(doc) if is_caps_line(doc, start, end) for i in range(start, end)}
    if not caps:
        return None
    usual = usual_forms(doc, caps)
    words = [truecased(t.text, usual, kb) if t.i in caps else t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    if "".join(w + (" " if s else "") for w, s in zip(words, spaces)).lower() != doc.text.lower():
        return None
    recased = Doc(doc.vocab, words=words, spaces=spaces, sent_starts=[bool(t.is_sent_start) for t in doc])
    for _name, component in pipeline.pipeline:
        recased = component(recased)
    return recased
