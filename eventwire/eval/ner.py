"""Score the entity recogniser on CoNLL-2003 (BIO): exact span and type, conlleval style.

Each CoNLL document is rebuilt as text (tokens joined by spaces, one sentence a line),
parsed by eventwire's spaCy pipeline over the gold tokens, and passed through the real
entity stage. Its types are mapped to CoNLL's four (see `CONLL_TYPE`); GROUP (unnamed
group actors) and numeric types have no CoNLL counterpart and are dropped.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from eventwire.eval.scores import prf

CONLL_TYPE = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "PRODUCT": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
}
"""eventwire/spaCy entity type -> CoNLL-2003 type; types not listed are not scored."""

DOCUMENT_MARKER = "-DOCSTART-"

Span = tuple[int, int, str]
"""(start, end, CONLL type) with character offsets into the rebuilt text."""


@dataclass
class ConllDocument:
    """One CoNLL document: its sentences as (token, BIO tag) pairs."""

    sentences: list[list[tuple[str, str]]] = field(default_factory=list)


def read_conll(path: Path) -> Iterator[ConllDocument]:
    """Documents of a CoNLL file; a `-DOCSTART-` line ends one wherever it stands (this copy shifts them)."""
    document, sentence = ConllDocument(), []
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.split()
            if not fields or fields[0] == DOCUMENT_MARKER:
                if sentence:
                    document.sentences.append(sentence)
                    sentence = []
                if fields and document.sentences:
                    yield document
                    document = ConllDocument()
                continue
            sentence.append((fields[0], fields[-1]))
    if sentence:
        document.sentences.append(sentence)
    if document.sentences:
        yield document


def as_doc(vocab, document: ConllDocument) -> tuple[Doc, set[Span]]:
    """The gold tokens as a spaCy Doc (a line per sentence) and the gold spans as character offsets."""
    words, spaces, sent_starts = [], [], []
    gold: set[Span] = set()
    offset = 0
    for number, sentence in enumerate(document.sentences):
        if number:
            words.append("\n"), spaces.append(False), sent_starts.append(False)
            offset += 1
        open_span: tuple[int, str] | None = None
        last_end = offset
        for index, (token, tag) in enumerate(sentence):
            if open_span and not tag.startswith("I-"):
                gold.add((open_span[0], last_end, open_span[1]))
                open_span = None
            if tag.startswith("B-") or (tag.startswith("I-") and open_span is None):
                open_span = (offset, tag[2:])
            last_end = offset + len(token)
            words.append(token)
            spaces.append(index < len(sentence) - 1)
            sent_starts.append(index == 0)
            offset = last_end + (1 if index < len(sentence) - 1 else 0)
        if open_span:
            gold.add((open_span[0], last_end, open_span[1]))
    return Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts), gold


def mapped(label: str, start: int, end: int) -> Span | None:
    conll = CONLL_TYPE.get(label)
    return (start, end, conll) if conll else None


def eventwire_spans(doc: Doc, recognizer) -> set[Span]:
    """Entity spans from eventwire's recogniser (spaCy corrected by the knowledge base), mapped to CoNLL types.

    The recogniser, not the whole entity stage, is scored: the stage folds a demonym into the group actor it
    qualifies ("Iraqi officials"), which CoNLL still counts as a MISC name.
    """
    from eventwire.ingest.layout import analyse
    from eventwire.ingest.reading import RawArticle, text_id

    document = analyse(RawArticle(id=text_id(doc.text), text=doc.text, origin="<conll>"))
    found = (mapped(named.label, named.start, named.end) for named in recognizer(doc, document))
    return {span for span in found if span}


def model_spans(doc: Doc) -> set[Span]:
    """The plain model's entities, same mapping: the baseline."""
    found = (mapped(ent.label_, ent.start_char, ent.end_char) for ent in doc.ents)
    return {span for span in found if span}


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: set[Span], gold: set[Span]) -> None:
        self.true_positives += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    def as_dict(self) -> dict[str, float | int]:
        return {**prf(self.true_positives, self.predicted, self.true_positives, self.gold),
                "gold": self.gold, "predicted": self.predicted, "correct": self.true_positives}


def evaluate(path: Path, limit: int | None = None, baseline: bool = False) -> dict:
    """Precision, recall and F1 over exact (span, type) matches, overall and per CoNLL type."""
    from eventwire.resources import Resources

    started = time.perf_counter()
    resources = Resources()
    nlp = resources.nlp
    recognizer = resources.entity_matchers[0]
    documents = list(read_conll(path))[:limit]
    pairs = [as_doc(nlp.vocab, document) for document in documents]
    overall, by_type = Score(), {t: Score() for t in ("PER", "ORG", "LOC", "MISC")}
    base, base_by_type = Score(), {t: Score() for t in ("PER", "ORG", "LOC", "MISC")}
    for doc, (_, gold) in zip(nlp.pipe(d for d, _ in pairs), pairs):
        predicted = eventwire_spans(doc, recognizer)
        _add(overall, by_type, predicted, gold)
        if baseline:
            _add(base, base_by_type, model_spans(doc), gold)
    result = {"file": str(path), "documents": len(pairs), **overall.as_dict(),
              "by_type": {t: s.as_dict() for t, s in by_type.items()}}
    if baseline:
        result["baseline"] = {"model": "en_core_web_sm 3.8.0, same type mapping", **base.as_dict(),
                              "by_type": {t: s.as_dict() for t, s in base_by_type.items()}}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _add(overall: Score, by_type: dict[str, Score], predicted: set[Span], gold: set[Span]) -> None:
    overall.add(predicted, gold)
    for conll_type, score in by_type.items():
        score.add({s for s in predicted if s[2] == conll_type}, {s for s in gold if s[2] == conll_type})
