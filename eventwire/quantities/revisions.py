"""Which figure replaces which: "10,000 troops ..., up from its estimate of 3,000", "raised its estimate of
the toll from 300 to 1,200", "fell to 120,000 tonnes, down from 130,000". The later figure `revises` the
earlier one; a figure that does not say its unit, owner or claimant takes them from its partner."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from eventwire.items import Quantity
from eventwire.nlp import sentence_of
from eventwire.quantities.lexicon import QuantityLexicon

INHERITED = ("unit", "about", "claimant")


@dataclass
class Figure:
    """A figure being built: its parse span and the item it will become."""

    span: Span
    item: Quantity


def _from_preposition(root: Token) -> Token | None:
    """The "from" the figure is the object of, through its noun or the noun it gives ("from its estimate of 3,000",
    "up from a toll of 22")."""
    token = root
    for _ in range(4):
        head = token.head
        if token.dep_ == "pobj" and head.lower_ == "from":
            return head
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
            token = head.head
        elif token.dep_ in ("nummod", "quantmod", "compound") and head != token:
            token = head
        else:
            return None
    return None


def _in(figure: Figure, subtree: Token) -> bool:
    return subtree.left_edge.i <= figure.span.root.i <= subtree.right_edge.i


def _kind(unit: str, lex: QuantityLexicon) -> str:
    if unit in lex.currency_symbols.values():
        return "money"
    return "measure" if unit in lex.measures.values() else "count"


def _compatible(a: Figure, b: Figure, lex: QuantityLexicon) -> bool:
    """Two figures can replace each other unless their units differ in kind or, for money and measures, at all
    ("30 people were killed, up from a toll of 22": people and deaths are both counts)."""
    units = (a.item.unit, b.item.unit)
    if None in units or units[0] == units[1]:
        return True
    return _kind(units[0], lex) == _kind(units[1], lex) == "count"


def _replacement(old: Figure, preposition: Token, figures: list[Figure], lex: QuantityLexicon) -> Figure | None:
    """The figure of `figures` (those of `old`'s sentence) that replaces `old`: the one after "to", else the nearest
    one the change word governs."""
    change = preposition.head
    others = [f for f in figures if f is not old and _compatible(f, old, lex)]
    doc = old.span.doc
    following = [f for f in others if f.span.start > old.span.start and doc[f.span.start - 1].lower_ == "to"]
    if following and _in(following[0], preposition):
        return following[0]  # "from 50 to 41" parsed as one phrase
    for prep in [*change.children, *preposition.children]:
        if prep.lower_ == "to":
            inside = [f for f in others if _in(f, prep)]
            if inside:
                return inside[0]
    scope = change.head if change.pos_ in ("ADV", "ADP") else change
    scoped = [f for f in others if _in(f, scope) and not _in(f, preposition)]
    before = [f for f in scoped if f.span.start < old.span.start]
    after = [f for f in scoped if f.span.start > old.span.start]
    return before[-1] if before else after[0] if after else None


def link(figures: list[Figure], lex: QuantityLexicon) -> None:
    """Set `revises` on each replacing figure and share what one of a pair leaves unsaid. A figure and its
    replacement are told in one sentence, so each sentence's figures are paired among themselves (comparing every
    figure of a long document with every other made this quadratic)."""
    by_sentence: dict[tuple[int, int], list[Figure]] = {}
    for figure in figures:
        by_sentence.setdefault(sentence_of(figure.span.doc, figure.span.start), []).append(figure)
    for sentence_figures in by_sentence.values():
        _link_sentence(sentence_figures, lex)


def _link_sentence(figures: list[Figure], lex: QuantityLexicon) -> None:
    for old in figures:
        preposition = _from_preposition(old.span.root)
        if preposition is None:
            continue
        # "561.8 mln dlrs from 540.9 mln dlrs": a "from" hanging on a figure is a change of that figure
        holder = next((f for f in figures if f is not old and f.span.start <= preposition.head.i < f.span.end), None)
        if holder is None and preposition.head.lemma_.lower() not in lex.revision_words:
            continue
        new = holder or _replacement(old, preposition, figures, lex)
        if new is None or new.item.revises is not None:
            continue
        new.item.revises = old.item.id
        for name in INHERITED:
            old_value, new_value = getattr(old.item, name), getattr(new.item, name)
            setattr(old.item, name, new_value if old_value is None else old_value)
            setattr(new.item, name, old_value if new_value is None else new_value)
