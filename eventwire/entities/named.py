"""`NamedSpan`, the candidate entity mention every step of the entity stage passes on.

A module of its own, so that the steps (names, roles, sports, shapes, boundaries, consistency) and the recogniser
that calls them can all import it at the top: kept in `recognize.py`, the steps it calls had to import it inside
their functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from eventwire.entities.kb import Record
from eventwire.nlp import span_text, token_texts


@dataclass
class NamedSpan:
    """A candidate entity mention: token span, type and (when known) its knowledge-base record."""

    span: Span
    label: str
    record: Record | None = None
    affiliation: Record | None = None
    """A known name inside the span ("DPRK" in "the DPRK Foreign Ministry")."""
    sector: str | None = None
    """PLOVER sector read from the span's head word ("embassy" -> GOV)."""

    _text_span: Span | None = field(default=None, init=False, repr=False, compare=False)
    _text: str = field(default="", init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        """`span.text` without a `Token` per word, cut once per span: most steps of the stage ask for it."""
        if self._text_span is not self.span:
            self._text_span, self._text = self.span, span_text(self.span)
        return self._text

    @property
    def words(self) -> tuple[str, ...]:
        """The text of each token of the span, from the document's token column."""
        return token_texts(self.span.doc)[self.span.start:self.span.end]

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char
