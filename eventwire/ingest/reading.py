"""Read inputs into text, refusing bad input with a message that names the problem.

Every refusal is an `InputError` whose message fits on one line; a batch records it
and goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import version
from pathlib import Path
from typing import BinaryIO

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from eventwire import datacache
from eventwire.errors import InputError

log = logging.getLogger(__name__)

MAX_CHARS = 5_000_000
"""Longest text read at all (about 5 minutes of extraction, bench/adversarial.py); the pipeline extracts a text
longer than its own `max_chars` (200,000 by default) in parts."""


@dataclass
class RawArticle:
    """Text and whatever metadata came with it, before layout analysis."""

    id: str
    text: str
    origin: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None


def text_id(text: str) -> str:
    """Identity of a document without URL: hash of its whitespace-normalised text."""
    normalised = " ".join(text.split())
    return "sha1:" + hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:16]


REPLACEMENT = "\ufffd"
MOSTLY_REPLACED = 0.3
"""Share of a text's characters that, once replaced for bytes that are not UTF-8, makes it binary, not text."""


def decode(data: bytes, origin: str) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16. Bytes that are not valid in it are replaced (U+FFFD) and
    counted in a warning naming the file and the first bad byte; mostly undecodable data is refused as binary."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(origin, "binary data, not text")
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        text = data.decode(encoding, errors="replace")
        replaced = text.count(REPLACEMENT) - data.decode(encoding, errors="ignore").count(REPLACEMENT)
        name = "UTF-16" if encoding == "utf-16" else "UTF-8"
        if replaced > MOSTLY_REPLACED * len(text):
            raise InputError(origin, f"binary data, not text ({replaced:,} of {len(text):,} characters are not "
                                     f"valid {name})") from None
        log.warning("%s: %d invalid %s byte sequence(s) replaced by U+FFFD (first: byte 0x%02x at offset %d)",
                    origin, replaced, name, data[err.start], err.start)
        DECODING["replaced"] += replaced
        DECODING["documents"] += 1
        return text


DECODING = {"documents": 0, "replaced": 0}
"""Inputs decoded with replacement in this process and the characters replaced (shown in a run's summary)."""


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0d-\x1f]")
"""Control characters that text does not contain (tab, line feed, vertical tab and form feed it may)."""


def check_text(text: str, origin: str, max_chars: int = MAX_CHARS) -> str:
    """Refuse empty, control-character-laden or oversized text (the language is the pipeline's to check:
    `LanguageDetector.check`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(origin, "empty (no text to analyse)")
    if len(text) > max_chars:
        raise InputError(origin, f"too large ({len(text):,} characters, limit {max_chars:,}); split it into articles")
    controls = len(CONTROL_CHARACTERS.findall(text, 0, 20000))
    if controls > 0.01 * min(len(text), 20000):
        raise InputError(origin, "binary data, not text")
    return text


NEWS_LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "pl", "cs", "ro", "hu", "sv", "da", "no", "fi",
                  "el", "tr", "ar", "fa", "he", "hi", "ur", "bn", "zh", "ja", "ko", "vi", "th", "id", "ms", "sw"]
"""Languages the detector chooses among: English-based creoles and 'no language' codes misfire on tables and caps."""


ENGLISH_MARKERS = frozenset(["the", "and", "that", "with", "said", "from", "which", "were", "has", "have", "its", "this"])
"""Frequent English words that no other news language writes often (unlike "to", "of", "in", "is", "was" or "for")."""
MARKED_SHARE = 0.05
"""Share of ENGLISH_MARKERS among a text's words that settles it as English: about 13 % in wire news, near 0 in other
languages. Below it (tables, short items, other languages) the statistical identifier decides."""
FIGURES_SHARE = 0.25
"""Share of tokens holding a digit that makes a text a table (prices, earnings, exchange rates), whose few words the
identifier misjudges (Reuters earnings tables come out as Danish or French); such texts get the benefit of the doubt.
Wire prose has well under a tenth."""
DIGIT = re.compile(r"\d")


LANG_CHECKS = ("auto", "en", "off")
"""`auto`: refuse only what the identifier is sure of (RELIABLE_WORDS words or more and a probability of SURE),
accept shorter texts with a warning; `en`: refuse whatever it does not call English, however short; `off`: no
check."""
RELIABLE_WORDS = 12
"""Fewest words from which the identifier's verdict refuses a text (bench/language_check.py: below it, English
sentences and headlines are called another language too often)."""
SURE = 0.95
"""Least probability of another language that refuses a text of RELIABLE_WORDS words or more."""


class LanguageDetector:
    """Which language a text is in: plain English by its commonest words, anything else by py3langid's identifier,
    built on first need. `Resources.languages` holds the pipeline's."""

    @cached_property
    def identifier(self) -> LanguageIdentifier:
        """py3langid's identifier restricted to NEWS_LANGUAGES, kept unpacked in the cache: py3langid unpacks its
        LZMA-compressed model on every start (0.6 s of CPU per process)."""

        def build() -> LanguageIdentifier:
            identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
            identifier.set_languages(NEWS_LANGUAGES)
            return identifier

        key = datacache.fingerprint([Path(__file__)], version("py3langid"), *NEWS_LANGUAGES)
        return datacache.cached("langid", key, build)

    def verdict(self, text: str) -> tuple[str, float, int]:
        """(ISO 639-1 code, its probability among NEWS_LANGUAGES, number of words) of the text's first 5,000
        characters; short, wordless or mostly numeric texts are given the benefit of the doubt (English, 1.0).
        Plain English prose is recognised by its commonest words, ten times faster than by the identifier's
        n-grams."""
        tokens = text[:5000].split()
        words = [w for w in tokens if w.isalpha()]
        if len(words) < 4 or sum(1 for t in tokens if DIGIT.search(t)) >= FIGURES_SHARE * len(tokens):
            return "en", 1.0, len(words)
        lowered = [w.lower() for w in words]
        if len(words) >= 20 and sum(w in ENGLISH_MARKERS for w in lowered) >= MARKED_SHARE * len(words):
            return "en", 1.0, len(words)
        ranked = self.identifier.rank(" ".join(lowered))
        best = ranked[0][1]
        total = sum(math.exp(score - best) for _, score in ranked)
        return ranked[0][0], 1.0 / total, len(words)

    def check(self, text: str, origin: str, lang: str = "auto") -> str | None:
        """Raise InputError for a text the check `lang` (LANG_CHECKS) refuses, naming the language detected and
        its probability; return a warning for a text that looks like another language but is too short to tell,
        else None."""
        if lang == "off":
            return None
        language, probability, words = self.verdict(text)
        if language == "en":
            return None
        if lang == "en" or words >= RELIABLE_WORDS and probability >= SURE:
            raise InputError(origin, f"not English (looks like '{language}', probability {probability:.2f}); "
                                     "eventwire reads English news (--lang off reads it anyway)")
        return (f"{origin}: read as English, though it looks like '{language}' (probability {probability:.2f}, "
                f"{words} words: too short to tell)")


def read_path(path: Path, max_chars: int = MAX_CHARS) -> RawArticle:
    """A text or HTML file as a `RawArticle`."""
    origin = str(path)
    if not path.exists():
        raise InputError(origin, "no such file")
    if path.is_dir():
        raise InputError(origin, "is a directory, not a file")
    try:
        size = path.stat().st_size
        if size > BYTES_PER_CHAR * max_chars:  # refused before it is read into memory
            raise InputError(origin, f"too large ({size:,} bytes, limit {max_chars:,} characters); split it into "
                                     "articles")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(origin, f"cannot be read ({err.strerror})") from None
    return read_bytes(data, origin, max_chars, html=path.suffix.lower() in {".html", ".htm", ".xhtml"})


BYTES_PER_CHAR = 4
"""Most bytes a character takes in UTF-8: a file above 4 x max_chars bytes is too large whatever it holds."""


def read_stream(stream: BinaryIO, origin: str, max_chars: int = MAX_CHARS) -> RawArticle:
    """A binary stream holding one text or HTML article, read up to its limit (never held whole when larger)."""
    data = stream.read(BYTES_PER_CHAR * max_chars + 1)
    if len(data) > BYTES_PER_CHAR * max_chars:
        raise InputError(origin, f"too large (more than {BYTES_PER_CHAR * max_chars:,} bytes); split it into "
                                 "articles")
    return read_bytes(data, origin, max_chars)


def read_bytes(data: bytes, origin: str, max_chars: int = MAX_CHARS, html: bool = False) -> RawArticle:
    """A text or HTML document's bytes (HTML when `html` or when it starts like a page) as a `RawArticle`."""
    if not data.strip():
        raise InputError(origin, "empty (no text to analyse)")
    text = decode(data, origin)
    if html or looks_like_html(text):
        from eventwire.ingest.html import read_html

        return read_html(text, origin, max_chars=max_chars)
    text = check_text(text, origin, max_chars)
    return RawArticle(id=text_id(text), text=text, origin=origin)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


@dataclass
class Repeated:
    """A JSONL line that repeats an earlier line's id with the same text: nothing new, so it is skipped quietly
    (the run's summary counts it)."""

    id: str
    origin: str
    first: str
    """Where the id came first (file:line)."""


def read_jsonl(path: Path, max_chars: int = MAX_CHARS) -> Iterator[RawArticle | InputError | Repeated]:
    """Each line `{"id", "text", "title"?, "published"?, "url"?}`; bad lines come out as errors (see
    `jsonl_articles`)."""
    if not path.exists():
        yield InputError(str(path), "no such file")
        return
    with path.open("rb") as stream:
        yield from jsonl_articles(stream, str(path), max_chars)


def jsonl_articles(stream: BinaryIO, name: str, max_chars: int = MAX_CHARS) -> Iterator[RawArticle | InputError | Repeated]:
    """The articles of a JSONL stream `name`, each line's problem an `InputError` naming `name:line`. A line whose
    id came earlier with another text is such an error (two documents cannot share an identity); with the same
    text it is `Repeated`. Ids are remembered with a hash of their text, a few dozen bytes a line."""
    first_seen: dict[str, tuple[int, str]] = {}
    limit = BYTES_PER_CHAR * max_chars + 1024
    for number, line in _lines(stream, limit):
        origin = f"{name}:{number}"
        if line is None:
            yield InputError(origin, f"line too long (more than {limit:,} bytes); skipped")
            continue
        if not line.strip():
            continue
        try:
            article = record_article(json.loads(decode(line, origin)), origin, max_chars)
        except InputError as err:
            yield err
            continue
        except json.JSONDecodeError as err:
            cut = "" if line.endswith(b"\n") else "; the last line has no end: the file looks truncated"
            yield InputError(origin, f"not JSON ({err.msg} at column {err.colno}){cut}")
            continue
        fingerprint = text_id(article.text)
        earlier = first_seen.setdefault(article.id, (number, fingerprint))
        if earlier[0] == number:
            yield article
        elif earlier[1] == fingerprint:
            yield Repeated(article.id, origin, f"{name}:{earlier[0]}")
        else:
            yield InputError(origin, f"id '{article.id}' already names another text (line {earlier[0]}); skipped")


def record_article(record: object, origin: str, max_chars: int = MAX_CHARS) -> RawArticle:
    """One `{"id"?, "text", "title"?, "published"?, "url"?}` record (a JSONL line, a dict given to the API); a
    `published` that is not an ISO date or timestamp is refused rather than silently replaced by the default."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(origin, "lacks a 'text' string")
    text = check_text(record["text"], origin, max_chars)
    published = record.get("published")
    if published not in (None, "") and not iso_date(published):
        raise InputError(origin, f"'published' is not a date: {json.dumps(published, ensure_ascii=False)[:60]} "
                                 "(give YYYY-MM-DD or an ISO timestamp)")
    url = record.get("url")
    return RawArticle(
        id=str(record.get("id") or url or text_id(text)),
        text=text,
        origin=origin,
        title=record.get("title"),
        published=published,
        url=url,
    )


ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_date(value: object) -> str | None:
    """The YYYY-MM-DD part of a date or timestamp ("2024-10-29", "2024-10-29T08:00:00Z"), or None when there is
    none or it is no day of the calendar ("2024-13-45")."""
    match = ISO_DATE.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def _lines(stream, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, line) of a binary stream, None for a line longer than `limit` bytes (read past, never held whole)."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line
            continue
        while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
            pass
        yield number, None
