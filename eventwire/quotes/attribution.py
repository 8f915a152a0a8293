"""Find attributions in the dependency parse: who (source) says (cue) what (content).

A cue verb from the lexicon takes its subject as the source and, as content, the
first of: its clausal complement ("said that ..."), the clause it interrupts
("..., the statement said"), a quotation next to the cue clause ("“...,” Yoon told the
meeting"), its "to ..." or gerund complement ("wants to ..."), a one-word answer
("said no"), its object ("called the situation “very dangerous”") or the object of
a preposition ("called for talks"). "according to X" makes X the source of its
clause, a headline "Name: text" makes Name the source of text, and a reporting noun
("Trump's call for a ban") its owner the source of its complement.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.nlp import doc_text, parser_lemmas, token_lower_lemmas, token_lowers, token_pos
from eventwire.quotes.cues import CueLexicon
from eventwire.quotes.marks import Quotation
from eventwire.spans import SpanIndex

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
INHERITS_SUBJECT = {"conj", "advcl", "xcomp", "acl"}
"""A cue without its own subject borrows its head's: "smiled and said", "declined to say", "saying that"."""
SPEAKING_NAMES = {"PERSON", "ORG", "GPE", "NORP"}
"""Named-entity labels of a name that can head "NAME: what they said" ("Editor's note:" cannot)."""
MAX_COLON_SOURCE = 6
"""Longest name before a colon that is read as "NAME: what they said"."""
PHRASE_BREAKS = {",", ";", ":", "“", "”", '"', "''", "``"}
"""Tokens a source phrase does not reach back across (a closing quote before "Ramos told")."""
CLAUSE_MARKS = {"for", "that", "whether", "if"}
"""Marks of a clause the parser hung on a cue as an adverbial ("calling for the US to act")."""
OBJECTS = {"dobj", "oprd", "attr", "acomp"}
NEEDS_CLAUSE = {"cognition"}
"""Thought verbs attribute only a clause ("believes that ..."), never a bare object."""
SET_OFF = {",", "—", "–", "--", "”", "\"", "'", "''"}
"""Punctuation before a cue clause that sets it off from the clause it reports."""
EDGE_PUNCT = set(",.;:—–-()[]") | {"--"}


@dataclass
class Attribution:
    cue: tuple[int, int]
    content: list[tuple[int, int]]
    source: tuple[int, int] | None = None
    source_head: Token | None = None
    document_noun: str | None = None
    """The document the cue names ("statement" in "said in a statement")."""


def _char_span(tokens: list[Token]) -> tuple[int, int] | None:
    """Character span of a token run, without punctuation at the edges (quote marks stay)."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].text in EDGE_PUNCT or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in EDGE_PUNCT or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _subject(verb: Token) -> Token | None:
    """The verb's own subject, or for a dependent verb without one, its head's."""
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(c.dep_ in SUBJECTS for c in verb.children):
        return _nearest_subject_before(verb) or _governing_subject(verb)
    return _governing_subject(verb)


def _nearest_subject_before(participle: Token) -> Token | None:
    """", saying ..." speaks for the closest subject before it: the parser often hangs it on the wrong verb."""
    subjects = [t for t in participle.sent if t.dep_ == "nsubj" and t.i < participle.i and t.head.i < participle.i
                and t.lower_ not in ("it", "there")]
    return subjects[-1] if subjects else None


def _governing_subject(verb: Token) -> Token | None:
    seen = 0
    while verb is not None and seen < 4:
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                return child
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return verb.head
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            verb, seen = verb.head.head, seen + 1  # "... by saying that": the subject of what "by" modifies
            continue
        if verb.dep_ not in INHERITS_SUBJECT or verb.head.i == verb.i:
            return None
        verb, seen = verb.head, seen + 1
    return None


def _source_span(subject: Token) -> tuple[int, int] | None:
    """The subject's noun phrase: the words right before its head ("Former Arkansas governor Mike Huckabee"),
    up to an appositive, relative clause or comma after it ("Rutte, after a meeting ...")."""
    cut = {t.i for child in subject.children if child.dep_ in ("relcl", "acl", "appos", "prep", "advcl")
           and child.i > subject.i for t in child.subtree}
    members = {t.i for t in subject.subtree if t.i not in cut}
    keep = [subject]
    for t in reversed(subject.doc[subject.left_edge.i:subject.i]):  # leftwards while still the phrase
        if t.i not in members or t.text in PHRASE_BREAKS or t.is_space:
            break
        keep.append(t)
    for t in subject.doc[subject.i + 1:min(subject.right_edge.i + 1, subject.i + 13)]:
        if t.i not in members or t.text == ",":
            break
        keep.append(t)
    return _char_span(keep)


def _inside(offset: int, quotations: list[Quotation]) -> Quotation | None:
    return next((q for q in quotations if q.start <= offset < q.end), None)


def _snap(span: tuple[int, int], quotations: list[Quotation]) -> tuple[int, int]:
    """Widen content to whole quotations it cuts: a parse may leave a closing mark or earlier sentences out."""
    start, end = span
    for quotation in quotations:
        if quotation.start < end and start < quotation.end:
            start, end = min(start, quotation.start), max(end, quotation.end)
    return start, end


def _only_punct(doc: Doc, start: int, end: int) -> bool:
    return all(not ch.isalnum() for ch in doc_text(doc)[start:end])


class AttributionFinder:
    """`finder(doc, quotations)` -> attributions in text order, outermost only."""

    def __init__(self, lexicon: CueLexicon):
        self.lexicon = lexicon
        self.phrases_by_first = {words[0]: [p for p in lexicon.phrases if not p or p[0] == words[0]]
                                 for words in lexicon.phrases if words}
        """The phrases (in lexicon order) a token can start, by its lower-cased text: most tokens start none."""
        self.phrases_of_other_tokens = [words for words in lexicon.phrases if not words]
        self.verb_lemmas = parser_lemmas(lexicon.verb_class.keys(), lexicon.lemma_fixes)
        """Lower-cased lemmas, as the parser gives them, that are a cue verb once corrected."""
        self.noun_lemmas = parser_lemmas(lexicon.nominal, lexicon.lemma_fixes)
        """Lower-cased lemmas, as the parser gives them, that are a reporting noun once corrected."""

    def __call__(self, doc: Doc, quotations: list[Quotation]) -> list[Attribution]:
        found: list[Attribution] = []
        for i in self._possible_cues(token_lowers(doc), token_lower_lemmas(doc), token_pos(doc)):
            token = doc[i]
            if _inside(token.idx, quotations):
                continue
            attribution = (self._phrase_cue(doc, token) or self._colon_cue(doc, token)
                           or self._verb_cue(doc, token, quotations) or self._noun_cue(token))
            if attribution is not None:
                attribution.content = [_snap(span, quotations) for span in attribution.content]
                found.append(attribution)
        return self._outermost(found)

    def _possible_cues(self, lowers: tuple[str, ...], lemmas: tuple[str, ...], pos: tuple[str, ...]) -> list[int]:
        """The tokens that can open any cue: the exact precheck of the four cues below (a cue verb's lemma on a
        verb, a reporting noun's on a noun, a phrase's first word, a colon), on the token columns, so most
        tokens never become `Token` objects."""
        if self.phrases_of_other_tokens:
            return list(range(len(lowers)))
        verb_lemmas, noun_lemmas, first_words = self.verb_lemmas, self.noun_lemmas, self.phrases_by_first
        return [i for i, (lower, lemma, tag) in enumerate(zip(lowers, lemmas, pos))
                if (lemma in verb_lemmas and tag in ("VERB", "AUX")) or (lemma in noun_lemmas and tag == "NOUN")
                or lower in first_words or lower == ":"]

    def _phrase_cue(self, doc: Doc, token: Token) -> Attribution | None:
        """"according to X, ..." : X is the source of the clause the phrase hangs on."""
        for words in self.phrases_by_first.get(token.lower_, self.phrases_of_other_tokens):
            end = token.i + len(words)
            if end > len(doc) or tuple(t.lower_ for t in doc[token.i:end]) != words:
                continue
            last = doc[end - 1]
            objects = ([c for c in last.children if c.dep_ == "pobj"]
                       or [c for c in last.rights if c.pos_ in ("NOUN", "PROPN", "PRON")])
            if not objects:
                return None
            source = objects[0]
            phrase_tokens = {t.i for t in doc[token.i:end]} | {t.i for t in source.subtree}
            anchor = token.head if token.head.i not in phrase_tokens else token.sent.root
            if anchor.i in phrase_tokens:
                anchor = token.sent.root
            if anchor.i in phrase_tokens:
                return None
            content = _char_span([t for t in anchor.subtree if t.i not in phrase_tokens and t.i not in
                                  {u.i for u in token.subtree}])
            if content is None:
                return None
            return Attribution(cue=(token.idx, last.idx + len(last)), content=[content], source=_source_span(source),
                               source_head=source)
        return None

    @staticmethod
    def _colon_cue(doc: Doc, token: Token) -> Attribution | None:
        """"Roger Stone: Don't trust the machines" -- a name, a colon, then what the name said."""
        if token.text != ":":
            return None
        sentence = token.sent
        left = doc[sentence.start:token.i]
        if not 1 <= len(left) <= MAX_COLON_SOURCE or any(t.pos_ in ("VERB", "AUX") for t in left):
            return None
        names = [t for t in left if t.pos_ == "PROPN" and t.ent_type_ in SPEAKING_NAMES]
        content = _char_span(list(doc[token.i + 1:sentence.end]))
        source = _char_span(list(left))
        if not names or content is None or source is None:
            return None
        return Attribution(cue=(token.idx, token.idx + 1), content=[content], source=source, source_head=names[-1])

    def _noun_cue(self, token: Token) -> Attribution | None:
        """"Trump's call for a ban", "her claim that ...", "Rubio raised questions about ...": the owner
        (or the subject of a light verb) speaks, the complement is the content."""
        if token.pos_ != "NOUN" or self.lexicon.lemma(token) not in self.lexicon.nominal:
            return None
        owners = [c for c in token.children if c.dep_ == "poss"]
        owners += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "by"
                   for g in c.children if g.dep_ == "pobj"]
        if not owners and token.dep_ == "dobj" and self.lexicon.lemma(token.head) in self.lexicon.light_verbs:
            owners = [c for c in token.head.children if c.dep_ == "nsubj"]  # "Rubio raised questions about"
        owners = [o for o in owners if o.pos_ in ("PROPN", "PRON", "NOUN")]
        clauses = [c for c in token.children if c.dep_ in ("acl", "ccomp") and c.i > token.i]
        clauses += [g for c in token.children if c.dep_ == "prep" and c.lower_ in self.lexicon.prepositions
                    and c.i > token.i for g in c.children if g.dep_ in ("pobj", "pcomp")]
        if not owners or not clauses:
            return None
        content = _char_span(list(clauses[0].subtree))
        source = _char_span(list(owners[0].subtree))
        if content is None or source is None:
            return None
        return Attribution(cue=(token.idx, token.idx + len(token)), content=[content], source=source,
                           source_head=owners[0])

    def _verb_cue(self, doc: Doc, token: Token, quotations: list[Quotation]) -> Attribution | None:
        lemma = self.lexicon.lemma(token)
        cue_class = self.lexicon.verb_class.get(lemma)
        if cue_class is None or token.pos_ not in ("VERB", "AUX") or token.dep_ in ("amod", "compound"):
            return None
        if token.dep_ in ("acl", "relcl") and token.tag_ == "VBN":
            return None  # "a statement posted on ...": a participle describing a noun reports nothing
        if token.pos_ == "AUX" and lemma != "say":
            return None
        subject = _subject(token)
        cue_end = token.idx + len(token)
        document_noun = None
        for child in token.rights:
            if child.dep_ == "prt":
                cue_end = child.idx + len(child)
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "via", "through"):
                nouns = [c for c in child.children if c.dep_ == "pobj" and c.lemma_.lower() in self.lexicon.nouns]
                if nouns:
                    document_noun = nouns[0].lemma_.lower()
                    if child.i == token.i + 1:
                        cue_end = nouns[0].idx + len(nouns[0])
        content = self._content(doc, token, lemma, cue_class, subject, quotations)
        if not content:
            return None
        if subject is not None and subject.dep_ == "nsubjpass":
            subject = None  # "Trump was asked about ...": who asked is not said
        source = _source_span(subject) if subject is not None else None
        if source and any(a <= source[0] < b for a, b in content):
            source, subject = None, None  # the "subject" is part of what is reported
        return Attribution(cue=(token.idx, cue_end), content=content, source=source, source_head=subject,
                           document_noun=document_noun)

    def _content(self, doc: Doc, cue: Token, lemma: str, cue_class: str, subject: Token | None,
                 quotations: list[Quotation]) -> list[tuple[int, int]]:
        clause = [c for c in cue.children if c.dep_ == "ccomp" and (subject is None or c.i != subject.i)]
        if clause:
            return [s for s in (_char_span(list(c.subtree)) for c in clause) if s]
        interrupted = self._interrupted_clause(cue, subject)
        if interrupted:
            return [interrupted]
        adjacent = self._adjacent_quotation(doc, cue, lemma, subject, quotations)
        if adjacent is not None:
            return [(adjacent.start, adjacent.end)]
        complements = [c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i
                       and (lemma in self.lexicon.infinitive or not any(a.lower_ == "to" for a in c.children))]
        complements += [c for c in cue.children if c.dep_ == "advcl" and c.i > cue.i
                        and any(m.dep_ == "mark" and m.lower_ in CLAUSE_MARKS for m in c.children)]
        if complements:
            return [s for s in (_char_span(list(c.subtree)) for c in complements[:1]) if s]
        answers = [c for c in cue.children if c.lower_ in self.lexicon.answers and c.i > cue.i]
        if answers:
            return [s for s in (_char_span([c]) for c in answers[:1]) if s]
        if cue_class in NEEDS_CLAUSE:
            return self._predication(cue)
        objects = [c for c in cue.children if c.dep_ in OBJECTS and c.i > cue.i]
        if lemma in self.lexicon.addressee_object:
            objects = [c for c in objects if c.dep_ != "dobj"]
        if not objects:
            objects = [g for c in cue.children if c.dep_ == "prep" and c.lower_ in self.lexicon.prepositions
                       and c.i > cue.i for g in c.children if g.dep_ in ("pobj", "pcomp")][:1]
        tokens = [t for c in objects for t in c.subtree]
        span = _char_span(tokens) if tokens else None
        return [span] if span else []

    @staticmethod
    def _predication(cue: Token) -> list[tuple[int, int]]:
        """"sees golf courses as wasted space": an object with what it is thought to be."""
        objects = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
        predicates = [c for c in cue.children if c.i > cue.i and (c.dep_ in ("oprd", "ccomp") or
                                                                 (c.dep_ == "prep" and c.lower_ == "as"))]
        if not objects or not predicates:
            return []
        span = _char_span([t for c in objects + predicates[:1] for t in c.subtree])
        return [span] if span else []

    @staticmethod
    def _interrupted_clause(cue: Token, subject: Token | None) -> tuple[int, int] | None:
        """"X did Y, the embassy said" or "Y, they believe, will Z": the cue hangs off the clause it reports."""
        if cue.dep_ not in ("parataxis", "advcl") or cue.head.i == cue.i:
            return None
        if cue.dep_ == "advcl" and cue.tag_ == "VBG":
            return None  # "..., saying that ..." reports its own complement
        if cue.head.i > cue.i and cue.dep_ != "parataxis":
            return None
        if subject is None or (subject.i < cue.head.i < cue.i):
            return None
        first = min(subject.left_edge.i, cue.i)
        if first == 0 or cue.doc[first - 1].text not in SET_OFF:
            return None  # not set off from the clause it would report
        own = {t.i for t in cue.subtree}
        return _char_span([t for t in cue.head.subtree if t.i not in own])

    def _adjacent_quotation(self, doc: Doc, cue: Token, lemma: str, subject: Token | None,
                            quotations: list[Quotation]) -> Quotation | None:
        """A quotation that only punctuation separates from the cue clause, before or after it.

        One before the clause counts only when the cue has a subject, is not a participle borrowing it
        ("..., he said, referring to ..."), has no object of its own ("X called the plan ...") and the
        quotation is not a finished sentence of its own ("“... amnesty.” Huckabee called ...").
        """
        sentence = cue.sent
        nearby = [q for q in quotations if q.end >= sentence.start_char - 3 and q.start < sentence.end_char]
        if not nearby:
            return None  # every quotation `before` or `after` would take touches the cue's sentence
        clause = [cue] + ([t for t in subject.subtree if not _inside(t.idx, quotations)] if subject is not None else [])
        clause += [t for c in cue.children if c.dep_ in ("dobj", "npadvmod", "advmod", "prep", "aux", "neg", "prt")
                   for t in c.subtree if not _inside(t.idx, quotations)]
        clause_start = min(t.idx for t in clause)
        clause_end = max(t.idx + len(t) for t in clause)
        has_object = any(c.dep_ in ("dobj", "oprd", "attr") and not (c.dep_ == "dobj" and lemma in
                                                                    self.lexicon.addressee_object)
                         for c in cue.children)
        own_subject = subject is not None and (subject.head.i == cue.i or cue.dep_ != "advcl")
        before = [q for q in nearby if q.end <= clause_start and q.end >= sentence.start_char - 3
                  and _only_punct(doc, q.end, clause_start) and not has_object and own_subject
                  and (q.end > sentence.start_char or not doc_text(doc)[q.inner_start:q.inner_end].rstrip().endswith("."))]
        if before:
            return before[-1]
        after = [q for q in nearby if clause_end <= q.start < sentence.end_char
                 and _only_punct(doc, clause_end, q.start)]
        return after[0] if after else None

    @staticmethod
    def _outermost(found: list[Attribution]) -> list[Attribution]:
        """Drop attributions reported inside another's content: "X said Y believes Z" is X's. The contents that
        hold a cue are looked up in an index (comparing every pair made this quadratic in a document's quotes)."""
        def reports(outer: Attribution, inner: Attribution) -> bool:
            return outer is not inner and any(a <= inner.cue[0] < b for a, b in outer.content)

        contents = SpanIndex((a, b, other) for other in found for a, b in other.content)
        return [a for a in found
                if not any(reports(other, a) and not reports(a, other) for other in contents.holding(a.cue[0]))]
