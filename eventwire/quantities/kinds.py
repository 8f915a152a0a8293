"""Tell counts and amounts from the other numbers of news text: dates and durations ("January 16, 2024",
"six weeks"), years, times, ages ("aged 45", "a 45-year-old"), names and indexes ("Article 5", "Boeing 737"),
hyphenated adjectives ("a 10-day truce", "two-thirds") and the pronoun "one"."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span

from eventwire.nlp import doc_text, entity_bounds, per_doc, token_lemmas, token_lowers, token_texts
from eventwire.quantities.lexicon import QuantityLexicon
from eventwire.quantities.numbers import NumberReading

DATE_LABELS = ("DATE", "TIME")
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "NORP", "LANGUAGE")
YEAR = re.compile(r"\d{4}")
HYPHENATED = re.compile(r"[-‐‑]([A-Za-z]+)")
MAX_AGE = 130
PREVIOUS_WORD = re.compile(r"(\S+)\s*$")
MODEL = re.compile(r"\d+(?:-\d+)?")


def not_a_count(reading: NumberReading, span: Span, lex: QuantityLexicon) -> str | None:
    """Why the number read at `span` does not count or measure anything (date, year, name, age, label,
    scale, adjective, pronoun, ratio), or None when it does."""
    return next((reason for reason, check in CHECKS if check(reading, span, lex)), None)


def model_number(reading: NumberReading) -> str | None:
    """The digits of a bare figure that could be a model or series number ("787", "737-800"), else None."""
    if reading.unit or reading.qualifier:
        return None
    digits = re.match(r"\d{3,}", reading.text)
    return digits.group(0) if digits and "," not in reading.text else None


def _dates_over(span: Span) -> list[tuple[int, int]]:
    """(start, end) tokens of the date and time entities that overlap the span."""
    return [(start, end) for start, end in per_doc(span.doc, "eventwire_quantity_dates", _date_bounds)
            if start < span.end and span.start < end]


def _date_bounds(doc) -> tuple[tuple[int, int], ...]:
    """(start, end) tokens of the document's date and time entities, picked once: every figure asks."""
    return tuple((start, end) for start, end, label in entity_bounds(doc) if label in DATE_LABELS)


def _in_date(reading: NumberReading, span: Span, lex: QuantityLexicon) -> bool:
    """Inside a date or time that names a calendar or clock word: "six weeks", "June 2024", "3 p.m."."""
    texts, lemmas = token_texts(span.doc), token_lemmas(span.doc)
    for start, end in _dates_over(span):
        if any(texts[i].lower() in lex.time_words or lemmas[i].lower() in lex.time_words for i in range(start, end)):
            return True
    head = span.root.head
    if span.root.dep_ == "nummod" and (head.lower_ in lex.time_words or head.lemma_.lower() in lex.time_words):
        return True  # "12 mths", "two nights": a duration
    if reading.unit is not None or not reading.text.isdigit():
        return False
    before = span.doc[span.start - 1] if span.start > 0 else None  # "January 16", "16 January"
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return any(
        t is not None and t.lower_.rstrip(".") in lex.time_words and (t.is_title or t.is_upper) for t in (before, after)
    )


def _is_year(reading: NumberReading, span: Span, lex: QuantityLexicon) -> bool:
    """A bare four-digit number in the calendar range, unless it plainly counts people or things."""
    if reading.unit or reading.qualifier or not YEAR.fullmatch(reading.text.strip()):
        return False
    if not 1000 <= int(reading.text) <= 2100:
        return False
    if _dates_over(span):
        return True
    head = span.root.head
    return not (span.root.dep_ == "nummod" and head.lemma_.lower() in lex.counted)


def _is_name(reading: NumberReading, span: Span, lex: QuantityLexicon) -> bool:
    return _in_name(span) or _after_name(reading, span)


def _in_name(span: Span) -> bool:
    """Part of a name: "Boeing 737", "Article 5 of the NATO treaty" (the number itself, not its unit)."""
    numbers = [t for t in span if t.like_num]
    return any(t.ent_type_ in NAME_LABELS for t in numbers)


def _is_age(reading: NumberReading, span: Span, lex: QuantityLexicon) -> bool:
    text = doc_text(span.doc)
    rest = " ".join(text[reading.end : reading.end + 16].lower().split())  # never starts with a space
    if rest.startswith(lex.age_after):
        return True
    before = " ".join(text[max(0, reading.start - 12) : reading.start].lower().split())
    if before in lex.age_before or before.endswith(_word_endings(lex.age_before)):
        return True
    # "John Smith, 45, said": a number in commas or brackets right after a person's name (the brackets read from
    # the token texts, so most figures make no Token)
    texts = token_texts(span.doc)
    if span.start < 2 or span.end >= len(texts) or texts[span.start - 1] not in (",", "(") \
            or texts[span.end] not in (",", ")"):
        return False
    previous = span.doc[span.start - 2]
    return (
        (previous.ent_type_ == "PERSON" or previous.pos_ == "PROPN" and span.root.dep_ == "appos")
        and reading.unit is None
        and reading.text.isdigit()
        and int(reading.text) < MAX_AGE
    )


@lru_cache(maxsize=4)
def _word_endings(words: frozenset[str]) -> tuple[str, ...]:
    """The words as a text's last words ("... aged"), for one `str.endswith` instead of a test per word."""
    return tuple(" " + word for word in words)


def _is_label(reading: NumberReading, span: Span, lex: QuantityLexicon) -> bool:
    """ "Article 5", "No. 10", "Flight 17": an index, not a count."""
    if reading.qualifier or reading.unit:
        return False
    previous = PREVIOUS_WORD.search(doc_text(span.doc), max(0, reading.start - 24), reading.start)  # "No. 1" is 3 tokens
    return previous is not None and previous.group(1).lower() in lex.labels


def _after_name(reading: NumberReading, span: Span) -> bool:
    """ "Fortune 500", "Boeing 737-800": a bare number right after a proper name that it does not count."""
    if reading.qualifier or reading.unit or span.start == 0 or not MODEL.fullmatch(reading.text):
        return False
    previous = span.doc[span.start - 1]
    text = previous.text
    mixed_case = any(c.isupper() for c in text[1:]) and any(c.islower() for c in text)  # "iOS 5", "iPad 2"
    named = mixed_case or previous.pos_ == "PROPN" and any(c.isupper() for c in text)
    return named and not (span.root.dep_ == "nummod" and span.root.head.i >= span.end)


def _is_scale_reading(reading: NumberReading, span: Span, lex: QuantityLexicon) -> bool:
    """ "magnitude 6.3", "a 7.8-magnitude quake": a reading on a scale, not an amount."""
    doc = span.doc
    lowers = token_lowers(doc)
    words = {lowers[i] for i in (span.start - 1, span.end) if 0 <= i < len(lowers)}
    hyphen = HYPHENATED.match(doc_text(doc), reading.end)
    words |= {hyphen.group(1).lower()} if hyphen else set()
    return reading.unit is None and bool(words & lex.scale_readings)


def _is_hyphenated(reading: NumberReading, span: Span, lex: QuantityLexicon) -> bool:
    """ "a 10-day truce", "two-thirds": an adjective or fraction; "a 3,000-strong force" still counts."""
    match = HYPHENATED.match(doc_text(span.doc), reading.end)
    if match is None:
        return False
    word = match.group(1).lower()
    return not (word in lex.hyphen_counts or word in lex.measures or word in lex.currency_names)


def _is_ratio(reading: NumberReading, span: Span, lex: QuantityLexicon) -> bool:
    """ "one in five voters", "1 in 3": a proportion, neither side a count ("25 cts in 1986" is not one)."""
    doc = span.doc

    def small(token) -> bool:
        return token.like_num and not YEAR.fullmatch(token.text) and "," not in token.text

    if reading.unit is not None or not small(span.root):
        return False
    before = span.start >= 2 and doc[span.start - 1].lower_ == "in" and small(doc[span.start - 2])
    after = span.end + 1 < len(doc) and doc[span.end].lower_ == "in" and small(doc[span.end + 1])
    return bool(before or after)


def _is_pronoun_one(reading: NumberReading, span: Span, lex: QuantityLexicon) -> bool:
    """ "no one", "one of them", "one another": "one" counts only when it qualifies a noun."""
    return reading.text.lower() == "one" and span.root.dep_ != "nummod"


CHECKS = (
    ("date", _in_date),
    ("year", _is_year),
    ("name", _is_name),
    ("age", _is_age),
    ("label", _is_label),
    ("scale", _is_scale_reading),
    ("adjective", _is_hyphenated),
    ("pronoun", _is_pronoun_one),
    ("ratio", _is_ratio),
)
"""The reasons a number is no count, tried in this order; each test takes (reading, span, lexicon)."""
