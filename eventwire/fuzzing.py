"""Generators of hostile text: the kinds of input that once made extraction slow (runs of quote marks, brackets
and dashes took time growing with the square of their length) and the shapes news feeds break into.

Each generator is `generate(size, seed) -> str` with exactly `size` characters, the same for the same seed, so
bench/adversarial.py and the property tests (tests/test_fuzz.py) draw the same inputs. Only the standard library is
used: this module ships with the package so that `make fuzz` and the benchmark need nothing else.
"""

from __future__ import annotations

import random
from collections.abc import Callable

WORDS = ("the", "minister", "said", "on", "Friday", "that", "Russia", "troops", "police", "Kenya", "talks", "and",
         "percent", "million", "Olaf", "Scholz", "met", "in", "Nairobi", "protest", "killed", "of", "to", "a")
PUNCTUATION = "\"'“”‘’„«»()[]{}<>-–—‐―.,;:!?…/\\|*&%$#@^~`_+="
URLS = ("https://www.reuters.com/world/europe/ukraine-talks-2024-10-29/", "http://example.com/a?b=c&d=e#f",
        "www.bbc.co.uk/news/world-africa-12345678", "mailto:desk@example.org")


def _fit(pieces: Callable[[random.Random], str], size: int, seed: int) -> str:
    rng = random.Random(seed)
    out, length = [], 0
    while length < size:
        piece = pieces(rng)
        out.append(piece)
        length += len(piece)
    return "".join(out)[:size]


def _cycle(unit: str) -> Callable[[int, int], str]:
    return lambda size, seed=0: (unit * (size // len(unit) + 1))[:size]


def _choices(alphabet: str, spaces: float = 0.0) -> Callable[[int, int], str]:
    return lambda size, seed=0: _fit(lambda rng: " " if rng.random() < spaces else rng.choice(alphabet), size, seed)


def _words_with(marks: str, share: float) -> Callable[[int, int], str]:
    """News-like words with marks from `marks` stuck to them or between them."""

    def piece(rng: random.Random) -> str:
        word = rng.choice(WORDS)
        while rng.random() < share:
            mark = rng.choice(marks)
            word = mark + word if rng.random() < 0.5 else word + mark
        return word + rng.choice("  \n" if rng.random() < 0.05 else " ")

    return lambda size, seed=0: _fit(piece, size, seed)


def _digits(size: int, seed: int = 0) -> str:
    return _fit(lambda rng: rng.choice(("1", "12", "1,000", "3.5", "2024-10-29", "10:45", "$5", "5%", "1/2", "-7",
                                        "19", "000", "1.2.3.4", "9" * rng.randint(1, 40))) + rng.choice(" -/.:,"),
                size, seed)


def _urls(size: int, seed: int = 0) -> str:
    return _fit(lambda rng: rng.choice(URLS) + rng.choice((" ", "", ". ", ", ")), size, seed)


def _repeated_token(size: int, seed: int = 0) -> str:
    return _fit(lambda rng: rng.choice(("Obama ", "the ", "said ", "Russia ", "UN ")) * rng.randint(1, 200), size, seed)


def _long_token(size: int, seed: int = 0) -> str:
    return _fit(lambda rng: rng.choice(("a", "Ab", "x1", "-", "é")) * rng.randint(500, 5000) + " ", size, seed)


def _capitals(size: int, seed: int = 0) -> str:
    return _fit(lambda rng: " ".join(rng.choice(WORDS).upper() for _ in range(rng.randint(1, 12))) + "\n", size, seed)


def _lines(size: int, seed: int = 0) -> str:
    return _fit(lambda rng: rng.choice(("\n", "\n\n", "a\n", "Kenya\n", "-\n", " \n", "\t\n")), size, seed)


def _unicode(size: int, seed: int = 0) -> str:
    """Any code point outside the surrogates, as a property test's alphabet would give."""
    return _fit(lambda rng: chr(rng.choice((rng.randint(0x20, 0x7E), rng.randint(0xA0, 0xD7FF),
                                            rng.randint(0xE000, 0x10FFFF)))), size, seed)


GENERATORS: dict[str, Callable[[int, int], str]] = {
    "alternating quotes": _cycle("\"'"),
    "double quotes": _cycle('"'),
    "curly quotes": _choices("“”‘’"),
    "quotes and spaces": _choices("\"'“”‘’", spaces=0.3),
    "brackets": _cycle("([{"),
    "closing brackets": _cycle(")]}"),
    "nested brackets": _choices("()[]{}"),
    "dashes": _choices("-–—‐―"),
    "punctuation": _choices(PUNCTUATION),
    "punctuation and spaces": _choices(PUNCTUATION, spaces=0.2),
    "words in quotes": _words_with("\"'“”‘’", 0.5),
    "words in brackets": _words_with("()[]{}", 0.5),
    "words and dashes": _words_with("-–—", 0.5),
    "digits": _digits,
    "urls": _urls,
    "repeated token": _repeated_token,
    "long tokens": _long_token,
    "capitals lines": _capitals,
    "empty lines": _lines,
    "unicode": _unicode,
}
