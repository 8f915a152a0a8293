"""spaCy's tokenizer, made linear in the length of its input without changing what it gives on ordinary text.

spaCy strips prefixes and suffixes off each space-separated chunk one at a time, and every suffix look-up runs
its suffix regex over the whole remaining chunk (`re.search` of `(...)$` tries each position): a chunk of k
punctuation marks costs k look-ups of up to k characters each. 8,000 characters of alternating `"` and `'` took
6.4 s of the 7 s their extraction took (bench/adversarial.py). Two bounds remove it:

- the suffix look-up searches only the chunk's last SUFFIX_WINDOW characters (`Pattern.search(text, pos)`, whose
  look-behinds still see the characters before `pos`). Every English suffix rule but one matches at most a few
  characters; the one unbounded rule, a run of full stops, matches every tail of its own matches, so a match that
  starts before the window also matches at the window's first character. Only then is the whole chunk searched:
  the result is always the one the whole search gives.
- a chunk longer than LONGEST_RUN characters (no word, URL or number is) is tokenized in pieces of that length,
  so the tokenizer's own per-step copying and hashing of the rest of the chunk stays bounded as well.

And one change of tokens, on text that is not words: a chunk of more than MARKS_RUN characters none of which is a
letter or digit becomes tokens of MARKS_RUN characters each. spaCy makes one token per quote mark or bracket, and the
model's cost is per token, so 8,000 quote marks cost four times as much as 8,000 characters of news (about 1,500
tokens); no Reuters-21578 story holds a chunk of even 9 such characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

SUFFIX_WINDOW = 64
"""Characters at the end of a chunk the suffix look-up searches first (the longest bounded English suffix rule,
a unit or currency after a digit, matches fewer than 10)."""
LONGEST_RUN = 2_000
"""Longest chunk without a space tokenized whole: the longest URL in 600 Reuters stories has fewer than 100
characters; a chunk of 2,000 punctuation marks costs about 1 microsecond a character."""
MARKS_RUN = 16
"""Longest chunk of characters that are neither letters nor digits tokenized by spaCy's rules (see the module's
docstring)."""
LONG_CHUNK = re.compile(rf"[^ ]{{{MARKS_RUN + 1},}}")
"""A chunk that may need one of the treatments above (a regex of bounded repetition: linear)."""


class BoundedSuffixSearch:
    """A compiled suffix pattern's `search`, looking at a chunk's last SUFFIX_WINDOW characters first; the same
    match every time (see the module's docstring). `__self__` is the pattern, as on the bound method it replaces,
    so spaCy serialises the tokenizer as before."""

    def __init__(self, search):
        self.__self__ = search.__self__
        self.search = search

    def __call__(self, text: str):
        start = len(text) - SUFFIX_WINDOW
        if start <= 0:
            return self.search(text)
        match = self.__self__.search(text, start)
        if match is not None and match.start() == start:
            return self.search(text)
        return match


class LinearTokenizer:
    """spaCy's `Tokenizer`, cutting chunks longer than LONGEST_RUN into pieces; everything else is the wrapped
    tokenizer's own (its attributes are read through)."""

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer = tokenizer
        if tokenizer.suffix_search is not None and hasattr(tokenizer.suffix_search, "__self__"):
            tokenizer.suffix_search = BoundedSuffixSearch(tokenizer.suffix_search)

    def __call__(self, text: str) -> Doc:
        pieces = list(self._pieces(text))
        if len(pieces) == 1 and not isinstance(pieces[0], Doc):
            return self.tokenizer(text)
        return Doc.from_docs([p if isinstance(p, Doc) else self.tokenizer(p) for p in pieces], ensure_whitespace=False)

    def _pieces(self, text: str) -> Iterator[str | Doc]:
        """The text cut into stretches for spaCy's tokenizer (str) and runs of marks already tokenized (Doc)."""
        done = 0
        for chunk in LONG_CHUNK.finditer(text):
            start, end = chunk.span()
            if any(c.isalnum() for c in chunk.group()):
                if end - start <= LONGEST_RUN:
                    continue
                cuts = range(start + LONGEST_RUN, end, LONGEST_RUN)
                for cut in cuts:
                    yield text[done:cut]
                    done = cut
                continue
            if start > done:
                yield text[done:start]
            words = [text[i:min(i + MARKS_RUN, end)] for i in range(start, end, MARKS_RUN)]
            spaces = [False] * len(words)
            if end < len(text):  # the space after the chunk belongs to its last token, as spaCy has it
                spaces[-1], end = True, end + 1
            yield Doc(self.tokenizer.vocab, words=words, spaces=spaces)
            done = end
        if done < len(text) or not done:
            yield text[done:]

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)
