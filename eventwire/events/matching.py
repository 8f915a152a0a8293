"""Find the most specific pattern a token fires."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from eventwire.events.patterns import Pattern, PatternLexicon
from eventwire.events.syntax import hyphenated, is_passive, lemma, prep_objects, subjects, words
from eventwire.nlp import token_lower_lemmas, token_lowers

OBJECT_DEPS = {"dobj", "attr", "oprd", "xcomp", "ccomp", "dative", "acomp"}
NOT_PARTICLES = {"aux", "auxpass", "mark"}  # 'to protest': the infinitive's 'to' is no preposition


def objects(token: Token, pattern: Pattern) -> list[Token]:
    """What the obj= constraint of a pattern is tested against."""
    if pattern.pos == "noun":
        found = [obj for prep, obj in prep_objects(token, ("of",))]
        found += [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
        return found
    found = [c for c in token.children if c.dep_ in OBJECT_DEPS or c.dep_ == "nsubjpass"]
    found += [obj for _, obj in prep_objects(token, pattern.preps or None)]
    if token.dep_ in ("acl", "relcl") and is_passive(token):
        found.append(token.head)
    return found


def modifier_words(token: Token) -> set[str]:
    out: set[str] = set()
    for child in token.children:
        if child.dep_ in ("punct", "cc", "conj", "relcl", "ccomp"):
            continue
        out |= words(child)
        if child.dep_ in ("prep", "agent"):
            for grandchild in child.children:
                out |= words(grandchild)
        if child.dep_ in ("dobj", "nsubjpass", "pobj"):
            for grandchild in child.children:
                out.add(lemma(grandchild))
    return out


def subject_words(token: Token) -> set[str]:
    """Words of the doer: the subject, or for a passive the 'by' agent ('picked up BY POLICE')."""
    out: set[str] = set()
    passive = is_passive(token)
    for child in token.children:
        if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and not passive):
            out |= words(child)
        elif child.dep_ == "agent":
            for obj in child.children:
                out |= words(obj)
    if token.dep_ in ("relcl", "acl", "amod") and not passive:  # 'striking TEACHERS'
        out |= words(token.head)
    if not out and not passive:  # 'protesters gathered and blockaded the road': the subject of a conjunct
        for subject in subjects(token):
            out |= words(subject)
    for head in [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]:  # 'thousands OF PROTESTERS'
        for _, obj in prep_objects(head, ("of",)):
            out |= words(obj)
    return out


def _fires(token: Token, pattern: Pattern, children_text: set[str]) -> bool:
    if any(prep not in children_text for prep in pattern.preps):
        return False
    if pattern.obj is not None and (pattern.obj.isdisjoint(_document_words(token.doc))
                                    or not any(words(obj) & pattern.obj for obj in objects(token, pattern))):
        return False
    if pattern.subj is not None and not subject_words(token) & pattern.subj:
        return False
    if pattern.mod is not None and not modifier_words(token) & pattern.mod:
        return False
    return True


def _document_words(doc: Doc) -> frozenset[str]:
    """Every word of the document and its lemma, in lower case, collected once: an obj= constraint none of whose
    words occurs anywhere in the document cannot hold, and that is how most of them fail."""
    words = doc.user_data.get("eventwire_events_words")
    if words is None:
        words = frozenset(token_lowers(doc)) | frozenset(token_lower_lemmas(doc))
        doc.user_data["eventwire_events_words"] = words
    return words


def best_pattern(token: Token, lexicon: PatternLexicon, pos: str | None = None) -> Pattern | None:
    """The most specific pattern of the token's word, read as `pos` (default: its tag's); a hyphenated word
    ('sit-in') is looked up whole first."""
    indexes = {"VERB": lexicon.verbs, "NOUN": lexicon.nouns}
    pos = pos or token.pos_
    if pos not in indexes:
        return None
    children_text = {c.lower_ for c in token.children if c.dep_ not in NOT_PARTICLES}
    for form in hyphenated(token):
        for index in (lexicon.nouns, lexicon.verbs):
            found = _most_specific(token, index.get(lexicon.lemma_fixes.get(form, form)), children_text)
            if found is not None:
                return found
    word = lemma(token)
    return _most_specific(token, indexes[pos].get(lexicon.lemma_fixes.get(word, word)), children_text)


def _most_specific(token: Token, candidates: list[Pattern] | None, children_text: set[str]) -> Pattern | None:
    best: Pattern | None = None
    for pattern in candidates or ():
        if (best is None or pattern.specificity > best.specificity) and _fires(token, pattern, children_text):
            best = pattern
    return best
