"""What a figure counts, read from the parse: the noun it qualifies ("10,000 troops"), the "of" phrase of a
vague or measured amount ("hundreds of deaths", "120,000 tonnes of grain"), the noun that holds it
("revenue of $3.2 billion", "an army of 10,000") or the subject of a level verb ("the death toll rose to 300").

`Target.holder` is the noun the figure belongs to in the sentence (whose owner is the figure's `about`);
`Target.noun` is what is counted, None when the text does not say (a placeholder: "its estimate of 3,000").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from eventwire.quantities.lexicon import QuantityLexicon

MODIFIERS = ("compound", "amod", "nmod")
QUALIFYING = ("nummod", "quantmod", "compound", "amod", "nmod")
NOUNS = ("NOUN", "PROPN")


@dataclass(frozen=True)
class Target:
    noun: Token | None  # the counted noun
    holder: Token | None  # the noun or verb the figure hangs from
    people: bool = False  # a bare figure under a verb that counts people ("killed at least 30")


def _object_of(token: Token, preposition: str) -> Token | None:
    """The noun after "of" ("hundreds of deaths") or "in" ("$5 billion in aid"), never a date or a number."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == preposition:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ in NOUNS and obj.ent_type_ not in ("DATE", "TIME", "CARDINAL"):
                    return obj
    return None


def through_placeholders(noun: Token | None, lex: QuantityLexicon) -> Token | None:
    """ "the number of refugees" -> refugees; a placeholder without an "of" phrase counts nothing said."""
    for _ in range(3):
        if noun is None or noun.lemma_.lower() not in lex.placeholders:
            return noun
        noun = _object_of(noun, "of")
    return noun


def governing_verb(token: Token) -> Token | None:
    """The verb a figure (or its noun) is an argument of: directly, or through prepositions ("rose to 300",
    "raised ... from 300 to 1,200")."""
    head = token.head
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX") or head.dep_ != "prep" and head.dep_ != "pobj":
            break
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") and head != token else None


def target(span: Span, lex: QuantityLexicon, vague: bool = False) -> Target:
    """What the figure at `span` counts and the noun it belongs to. A vague amount ("thousands") is a noun
    itself: it counts only its "of" phrase."""
    root = span.root
    # a span that ends in its unit ("120,000 tonnes") counts its "of" or "in" phrase, not the noun it modifies
    ends_in_unit = root.lemma_.lower() in lex.measures or root.lemma_.lower() in lex.currency_names
    if not ends_in_unit and not vague and root.dep_ in QUALIFYING and root.head.pos_ in NOUNS and root.head != root:
        return Target(through_placeholders(root.head, lex), root.head)
    of_object = _object_of(root, "of") or _object_of(root, "in")
    if of_object is not None:
        return Target(through_placeholders(of_object, lex), of_object)
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ in NOUNS:
        holder = root.head.head  # "its estimate of 3,000", "revenue of $3.2 billion", "an army of 10,000"
        noun = None if holder.lemma_.lower() in lex.placeholders else holder
        return Target(noun, holder)
    verb = governing_verb(root)
    if verb is None:
        return Target(None, None)
    measured = _measured(root, verb, lex)
    if measured is not None:
        return Target(through_placeholders(measured, lex), measured)
    return Target(None, verb, people=verb.lemma_.lower() in lex.people_verbs)


def _measured(root: Token, verb: Token, lex: QuantityLexicon) -> Token | None:
    """What a verb of change or level measures: its object ("raised its estimate of the toll from 300 to
    1,200", "put the crowd at 50,000"), else its subject ("the toll rose to 300")."""
    lemma = verb.lemma_.lower()
    put_at = root.dep_ == "pobj" and root.head.lower_ == "at"
    if lemma in lex.level_verbs or lemma in lex.revision_words or put_at:
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in NOUNS and c != root]
        if objects:
            return objects[0]
    if lemma in lex.level_verbs and root.dep_ not in ("nsubj", "nsubjpass"):
        subjects = [c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUNS]
        if subjects:  # the nearest: a dateline ("HERAT (Reuters) - The toll rose") may parse as one too
            return subjects[-1]
    return None


def phrase(noun: Token, span: Span) -> Span:
    """The counted noun with its modifiers, never overlapping the figure ("North Korean troops")."""
    start = noun.i
    for child in noun.lefts:
        if child.dep_ in MODIFIERS:
            start = min(start, child.left_edge.i)
    if noun.i >= span.end:
        start = max(start, span.end)
    while start < noun.i and (noun.doc[start].is_punct or noun.doc[start].i in range(span.start, span.end)):
        start += 1
    return noun.doc[start : noun.i + 1]


def unit_of(noun: Token, lex: QuantityLexicon) -> str:
    """The unit a counted noun gives: the lexicon's name for it, else its lemma ("signatures" -> "signature")."""
    lemma = noun.lemma_.lower()
    compounds = " ".join([c.lower_ for c in noun.lefts if c.dep_ == "compound"] + [lemma])
    for key in (compounds, lemma, noun.lower_):
        for names in (lex.counted, lex.currency_names, lex.measures):
            if key in names:
                return names[key]
    return lemma
