"""Named-entity spans: spaCy's statistical NER corrected by the knowledge base.

The small English model splits Korean names ("Choe Son" + "Hui"), calls Kyiv a person,
Kursk a product and headline words people. Here its spans are trimmed, extended and
re-typed; knowledge-base names it missed are added.

Around that core: ALL-CAPS lines are re-read in ordinary case (`truecase`), spans are cut at
separators and scores (`boundaries`), name shapes settle types (`shapes`), mentions of one
name agree across the document (`consistency`) and place names stand for teams in sports
stories (`sports`). `eventwire eval ner` measures the whole on CoNLL-2003.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from eventwire.document import Document
from eventwire.entities.boundaries import NAME_PARTICLES, joined, name_parts
from eventwire.entities.consistency import harmonise
from eventwire.entities.kb import KnowledgeBase
from eventwire.entities.named import NamedSpan
from eventwire.entities.shapes import by_shape
from eventwire.entities.sports import teams_in_sports
from eventwire.entities.truecase import truecase
from eventwire.nlp import entity_bounds, token_tags, token_texts, tokens_text

if TYPE_CHECKING:
    from spacy.language import Language

    from eventwire.entities.wordlists import NameWords

NUMERIC_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
"""Left to the time and quantity stages."""
CALENDAR_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
                  "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
RETYPABLE_AS_CITY = {"PRODUCT", "WORK_OF_ART", "ORG", "NORP", "FAC", "LOC", "GPE", "EVENT", "LAW", "LANGUAGE"}
KNOWN_KINDS_OVERRIDING_PERSON = {"country", "capital", "igo", "media", "region", "demonym", "seat"}
CONNECTORS = {"of", "the", "and", "for", "de", "-", "&", "'s", "’s"}


class Recognizer:
    """Finds entity spans in a parsed document; build once per knowledge base."""

    def __init__(self, kb: KnowledgeBase, nlp: Language, lists: NameWords):
        """`nlp`: the pipeline whose parses it reads (its tokenizer splits the knowledge base's names, its components
        re-read capitals lines); `lists`: the word lists of the corrections (`Resources.name_words`)."""
        self.kb = kb
        self.nlp = nlp
        self.lists = lists
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.matcher.add("KB", list(nlp.tokenizer.pipe(kb.aliases())))
        self.role_words = {word for role in kb.roles for word in role.replace("-", " ").split()}

    def __call__(self, doc: Doc, document: Document) -> list[NamedSpan]:
        recased = truecase(doc, self.kb, self.nlp)
        parsed = recased or doc
        spans = by_shape(joined(self._recognize(parsed, document)), self.lists)
        spans = teams_in_sports(parsed, harmonise(parsed, spans, self.kb), self.kb, self.lists)
        if recased is not None:
            for named in spans:
                named.span = doc[named.span.start:named.span.end]
        return spans

    def _recognize(self, doc: Doc, document: Document) -> list[NamedSpan]:
        statistical = [NamedSpan(doc[part_start:part_end], label) for start, end, label in entity_bounds(doc)
                       if label not in NUMERIC_LABELS for line_start, line_end in split_at_line_breaks(doc, start, end)
                       for part_start, part_end in name_parts(doc, line_start, line_end, self.lists)]
        statistical = [s for s in (self._tidy(s) for s in statistical) if s is not None]
        statistical = [self._extend_person(s, doc) if s.label == "PERSON" else s for s in statistical]
        known = self._known_names(doc)
        spans = self._merge(statistical, known)
        spans = [s for s in spans if document.section_at(s.start) != "credit"]
        return self._corroborate_headline(spans, document)

    # -- steps ---------------------------------------------------------------
    def _tidy(self, named: NamedSpan) -> NamedSpan | None:
        """Drop a leading article and a trailing possessive; re-type known cities. Read from the token columns, as
        most spans need no trimming."""
        span = named.span
        start, end = span.start, span.end
        doc = span.doc
        texts, tags = token_texts(doc), token_tags(doc)
        while start < end and texts[start].lower() in {"the", "a", "an"}:
            start += 1
        while end > start and (tags[end - 1] == "POS" or texts[end - 1] in {"’s", "'s", "’", "'"}):
            end -= 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        if start >= end or not any(text[:1].isupper() for text in texts[start:end]):
            return None  # a name has a capital letter somewhere: "cts" is cents, not a company
        if (start, end) != (span.start, span.end):
            named.span = doc[start:end]
        if named.label in RETYPABLE_AS_CITY:
            record = self.kb.lookup(named.text)
            if record is not None and record.kind == "city":
                named.label, named.record = "GPE", record
        return named

    def _extend_person(self, named: NamedSpan, doc: Doc) -> NamedSpan:
        """Swallow name parts the model cut off: "Choe Son" + "Hui", "Ursula von" + "der Leyen"."""
        end = named.span.end
        while end < len(doc):
            token = doc[end]
            if token.lower_ in NAME_PARTICLES and end + 1 < len(doc) and doc[end + 1].is_title:
                end += 2
                continue
            if "\n" in doc[end - 1].whitespace_ or not self._is_name_part(token):
                break
            if self.kb.lookup(token.text) is not None or token.ent_type_ in {"GPE", "ORG", "DATE", "LOC", "FAC"}:
                break
            end += 1
        if end != named.span.end:
            named.span = doc[named.span.start:end]
        return named

    @staticmethod
    def _is_name_part(token) -> bool:
        return token.is_title and token.pos_ == "PROPN" and token.lower_ not in CALENDAR_WORDS

    def _known_names(self, doc: Doc) -> list[NamedSpan]:
        """Knowledge-base names written like names (capitalised), longest first. Matches are read from the token
        texts; a Span is made only for the names kept."""
        found = []
        texts = token_texts(doc)
        for _, start, end in self.matcher(doc):
            words = [word for word in texts[start:end] if any(c.isalpha() for c in word)
                     and word.lower() not in CONNECTORS and word.lower() not in NAME_PARTICLES]
            if not words or any(word.islower() for word in words):
                continue
            text = tokens_text(doc, start, end)
            if "\n" in text:
                continue
            record = self.kb.lookup(text)
            while texts[start].lower() == "the" and end - start > 1:
                start += 1
            if record is not None:
                found.append(NamedSpan(doc[start:end], record.type, record))
        found.sort(key=lambda s: (s.span.start, -(s.span.end - s.span.start)))
        kept: list[NamedSpan] = []
        for named in found:
            if kept and named.span.start < kept[-1].span.end:
                continue
            kept.append(named)
        return kept

    def _merge(self, statistical: list[NamedSpan], known: list[NamedSpan]) -> list[NamedSpan]:
        """Knowledge wins over statistics, except inside a longer name the model found."""
        result = []
        used_known: set[int] = set()
        for named in statistical:
            overlapping = [(i, k) for i, k in enumerate(known) if k.span.start < named.span.end and named.span.start < k.span.end]
            if not overlapping:
                result.append(named)
                continue
            inside = [(i, k) for i, k in overlapping
                      if named.span.start <= k.span.start and k.span.end <= named.span.end]
            longer_name = len(inside) == len(overlapping) and any(
                (k.span.end - k.span.start) < (named.span.end - named.span.start) for _, k in inside)
            if longer_name and named.label == "PERSON":
                result.append(named)
                used_known.update(i for i, _ in inside)
                continue
            if longer_name and not self._only_roles_outside(named, [k for _, k in inside]):
                named.affiliation = inside[0][1].record
                result.append(named)
                used_known.update(i for i, _ in inside)
        result.extend(k for i, k in enumerate(known) if i not in used_known)
        result.sort(key=lambda s: s.span.start)
        deduplicated: list[NamedSpan] = []
        for named in result:
            if deduplicated and named.span.start < deduplicated[-1].span.end:
                continue
            deduplicated.append(named)
        return deduplicated

    def _only_roles_outside(self, named: NamedSpan, inside: list[NamedSpan]) -> bool:
        covered = {i for k in inside for i in range(k.span.start, k.span.end)}
        rest = [t for t in named.span if t.i not in covered and not t.is_punct]
        return all(t.lower_ in self.role_words or t.lower_ in CONNECTORS for t in rest)

    def _corroborate_headline(self, spans: list[NamedSpan], document: Document) -> list[NamedSpan]:
        """Headline case makes words look like names: keep a headline name only if the KB or the body knows it."""
        body_words = {word.lower() for s in spans if document.section_at(s.start) != "title" for word in s.words}
        kept = []
        for named in spans:
            if document.section_at(named.start) == "title" and named.record is None:
                if not any(word.lower() in body_words for word in named.words if word.isalpha()):
                    continue
            kept.append(named)
        return kept


def split_at_line_breaks(doc: Doc, first: int, last: int) -> list[tuple[int, int]]:
    """A name never runs across a line break: split tokens `first` to `last` (excluded) there, as (start, end) token
    ranges. A token's trailing whitespace is a single space or nothing, so only a token's own text holds a line
    break: the token texts are read, no `Token` or `Span` is made."""
    texts = token_texts(doc)
    parts, start = [], first
    for i in range(first, last):
        if "\n" in texts[i]:
            if i > start:
                parts.append((start, i))
            start = i + 1
    if start < last:
        parts.append((start, last))
    return parts
