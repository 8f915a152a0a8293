"""Small readings of the spaCy dependency parse shared by matching, arguments and modality."""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.nlp import token_texts

SUBJECT_DEPS = {"nsubj", "csubj"}
CLAUSE_LINKS = {"xcomp", "conj", "advcl", "pcomp"}
PREP_DEPS = {"prep", "agent", "dative", "prt"}  # a particle with an object is a misparsed preposition ("handed over X")


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def words(token: Token) -> set[str]:
    """A token's lemma and surface form with those of its compound and adjective modifiers."""
    out = {lemma(token), token.lower_}
    for child in token.children:
        if child.dep_ in ("compound", "amod", "nmod"):
            out.add(lemma(child))
            out.add(child.lower_)
    return out


def hyphenated(token: Token) -> list[str]:
    """The whole hyphenated word a token heads ('sit-in', 'lathi-charged' -> 'lathi-charge'), last part as written
    and lemmatised; [] when the token is not the head of one. spaCy splits these words at the hyphens."""
    doc, start, end = token.doc, token.i, token.i
    if not next_to_hyphen(token_texts(doc), token.i):
        return []
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and not doc[start - 2].whitespace_:
        start -= 2
    while end + 2 < len(doc) and doc[end + 1].text == "-" and not doc[end].whitespace_ and not doc[end + 1].whitespace_:
        end += 2
    if start == end or doc[start:end + 1].root.i != token.i:
        return []
    stem = "".join(t.lower_ + t.whitespace_ for t in doc[start:end]).replace(" ", "")
    return list(dict.fromkeys([stem + doc[end].lower_, stem + lemma(doc[end])]))


def next_to_hyphen(texts: tuple[str, ...], i: int) -> bool:
    """Whether token `i` (of a document with these token texts) touches a hyphen token: the cheap test every
    part of a hyphenated word passes, read from the token texts before any spaCy object is made."""
    return (i > 0 and texts[i - 1] == "-") or (i + 1 < len(texts) and texts[i + 1] == "-")


def is_passive(verb: Token) -> bool:
    return (any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (verb.dep_ == "acl" and verb.tag_ == "VBN")
            or is_passive_conjunct(verb))


def is_passive_conjunct(verb: Token) -> bool:
    """'Two journalists were arrested and beaten by police': a past participle coordinated with a passive verb,
    with no auxiliary or subject of its own, is passive too (and shares the passive's subject)."""
    return (verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.i != verb.i
            and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)
            and is_passive(verb.head))


def prep_objects(token: Token, preps: set[str] | tuple[str, ...] | None = None) -> list[tuple[str, Token]]:
    """(preposition, object) pairs hanging on a token: 'visit to Moscow' -> [('to', Moscow)]."""
    pairs = []
    for child in token.children:
        if child.dep_ in PREP_DEPS and (preps is None or child.lower_ in preps):
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    pairs.append((child.lower_, obj))
                    pairs.extend((child.lower_, c) for c in obj.conjuncts)
    return pairs


def with_conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts] if token.dep_ != "conj" else [token]


def direct_subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in SUBJECT_DEPS]


def subjects(verb: Token, depth: int = 4) -> list[Token]:
    """The subject of a verb, inherited through xcomp, conjunction, participle and purpose clauses."""
    found = direct_subjects(verb)
    if verb.dep_ == "relcl" and found and all(t.tag_ in ("WP", "WDT") for t in found):
        return [verb.head]  # 'the rebels, who attacked the army': who is the rebels
    if found or depth == 0:
        return found
    if verb.dep_ == "relcl" and not is_passive(verb):
        return [verb.head]
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head
    if verb.dep_ == "xcomp" and is_passive(head):  # 'Obama is scheduled to attend': the raised subject
        raised = [c for c in head.children if c.dep_ == "nsubjpass"]
        if raised:
            return raised
    if verb.dep_ == "xcomp" and head.pos_ in ("VERB", "AUX"):  # 'urged Seoul to withdraw', 'called on X to act'
        controllers = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        controllers = controllers or [obj for _, obj in prep_objects(head, ("on", "upon"))]
        if controllers:
            return controllers
    if verb.dep_ in CLAUSE_LINKS and head.i != verb.i and head.pos_ in ("VERB", "AUX"):
        return subjects(head, depth - 1)
    return []

