"""Read inputs into text, refusing bad input with a message that names the problem.

Every refusal is an `InputError` whose message fits on one line; a batch records it
and goes on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from eventwire import datacache
from eventwire.errors import InputError

MAX_CHARS = 1_000_000
"""spaCy's own default limit; longer texts should be split by the caller."""


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


def decode(data: bytes, origin: str) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is refused."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(origin, "binary data, not text")
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            origin, f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); re-encode it as UTF-8"
        ) from None


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0d-\x1f]")
"""Control characters that text does not contain (tab, line feed, vertical tab and form feed it may)."""


def check_text(text: str, origin: str, max_chars: int = MAX_CHARS) -> str:
    """Refuse empty, control-character-laden, oversized or non-English text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(origin, "empty (no text to analyse)")
    if len(text) > max_chars:
        raise InputError(origin, f"too large ({len(text):,} characters, limit {max_chars:,}); split it into articles")
    controls = len(CONTROL_CHARACTERS.findall(text, 0, 20000))
    if controls > 0.01 * min(len(text), 20000):
        raise InputError(origin, "binary data, not text")
    language = detect_language(text)
    if language != "en":
        raise InputError(origin, f"not English (looks like '{language}'); eventwire reads English news")
    return text


NEWS_LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "pl", "cs", "ro", "hu", "sv", "da", "no", "fi",
                  "el", "tr", "ar", "fa", "he", "hi", "ur", "bn", "zh", "ja", "ko", "vi", "th", "id", "ms", "sw"]
"""Languages the detector chooses among: English-based creoles and 'no language' codes misfire on tables and caps."""


@lru_cache(maxsize=1)
def language_identifier() -> LanguageIdentifier:
    """py3langid's identifier restricted to NEWS_LANGUAGES, kept unpacked in the cache: py3langid unpacks its
    LZMA-compressed model on every start (0.6 s of CPU per process)."""

    def build() -> LanguageIdentifier:
        identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
        identifier.set_languages(NEWS_LANGUAGES)
        return identifier

    key = datacache.fingerprint([Path(__file__)], version("py3langid"), *NEWS_LANGUAGES)
    return datacache.cached("langid", key, build)


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


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; short, wordless or mostly numeric texts are given the benefit of the
    doubt. Plain English prose is recognised by its commonest words, ten times faster than by the identifier's
    n-grams."""
    tokens = text[:5000].split()
    words = [w for w in tokens if w.isalpha()]
    if len(words) < 4 or sum(1 for t in tokens if DIGIT.search(t)) >= FIGURES_SHARE * len(tokens):
        return "en"
    lowered = [w.lower() for w in words]
    if len(words) >= 20 and sum(w in ENGLISH_MARKERS for w in lowered) >= MARKED_SHARE * len(words):
        return "en"
    language, _ = language_identifier().classify(" ".join(lowered))
    return language


def read_path(path: Path, max_chars: int = MAX_CHARS) -> RawArticle:
    """A text or HTML file as a `RawArticle`."""
    origin = str(path)
    if not path.exists():
        raise InputError(origin, "no such file")
    if path.is_dir():
        raise InputError(origin, "is a directory, not a file")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(origin, f"cannot be read ({err.strerror})") from None
    if not data.strip():
        raise InputError(origin, "empty (no text to analyse)")
    text = decode(data, origin)
    if path.suffix.lower() in {".html", ".htm", ".xhtml"} or looks_like_html(text):
        from eventwire.ingest.html import read_html

        return read_html(text, origin, max_chars=max_chars)
    text = check_text(text, origin, max_chars)
    return RawArticle(id=text_id(text), text=text, origin=origin)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def read_jsonl(path: Path, max_chars: int = MAX_CHARS) -> Iterator[RawArticle | InputError]:
    """Each line `{"id", "text", "title"?, "published"?, "url"?}`; bad lines come out as errors."""
    if not path.exists():
        yield InputError(str(path), "no such file")
        return
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            origin = f"{path}:{number}"
            if not line.strip():
                continue
            try:
                record = json.loads(decode(line, origin))
            except InputError as err:
                yield err
                continue
            except json.JSONDecodeError as err:
                yield InputError(origin, f"not JSON ({err.msg} at column {err.colno})")
                continue
            try:
                yield record_article(record, origin, max_chars)
            except InputError as err:
                yield err


def record_article(record: object, origin: str, max_chars: int = MAX_CHARS) -> RawArticle:
    """One `{"id"?, "text", "title"?, "published"?, "url"?}` record (a JSONL line, a dict given to the API)."""
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(origin, "lacks a 'text' string")
    text = check_text(record["text"], origin, max_chars)
    url = record.get("url")
    return RawArticle(
        id=str(record.get("id") or url or text_id(text)),
        text=text,
        origin=origin,
        title=record.get("title"),
        published=record.get("published"),
        url=url,
    )
