"""Find and read number expressions in plain text: "more than 6 million", "$3.2 billion", "1.5bn euros",
"3,000-5,000", "between 10 and 20", "hundreds of", "a dozen", "4.5 percent", "120,000 tonnes".

String-level on purpose (no parse needed), so it can be tested and fuzzed on its own; the stage decides
from the parse which of these readings are counts. Values are exact decimals; a value above `MAX_VALUE`
is kept as None rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from text_to_num import text2num

from eventwire.memo import per_object
from eventwire.openings import Starts, fold_text, matches_at
from eventwire.quantities.lexicon import QuantityLexicon

MAX_VALUE = Decimal(10) ** 15
"""Figures beyond this are kept without a value: no news count is that large, so it is a misreading."""

CHANGE_BEFORE = re.compile(r"\b(from|by)\s+$", re.IGNORECASE)
"""Before "X to Y", these make two figures (a change), not a range."""
FROM_AFTER = re.compile(r"\s+from\b", re.IGNORECASE)

MAX_RANGE_RATIO = 1000
"""A range whose top is more than this many times its bottom is two figures, not a range."""

MAX_DIGITS = 40
"""Longer digit runs are not figures (identifiers, hashes); they are left out."""

NOT_AFTER = r"(?<![\w.,/:#+\-$€£¥₹₽₩₴₪₺₦'’])"
"""An expression starts where no word, figure, amount or quote goes on."""


@dataclass(frozen=True)
class NumberReading:
    """One number expression as written: offsets into the text it was read from."""

    start: int
    end: int
    text: str
    value: Decimal | None
    max: Decimal | None
    qualifier: str | None
    unit: str | None  # ISO currency code or measure unit ("percent", "tonnes"), None for a bare count
    vague: bool  # "hundreds", "dozens of": value and max are conventional bounds


def _alternation(forms) -> str:
    """The forms as one alternation, longest first so that "US$" wins over "$"; spaces match any run of white
    space. Written as a prefix tree ("t(?:en|hree|wo)"): the engine drops most forms at their first letter instead
    of trying each one at every word, which halves the time of reading a story. The matches are the same: forms
    that match at one place are prefixes of each other, and the tree tries the longer first. Forms that differ
    only in case where they part (which both match under IGNORECASE) stay a plain list, longest first."""
    ordered = sorted({f for f in forms if f}, key=lambda f: (-len(f), f))
    tree: dict[str, dict] = {}
    for form in ordered:
        node = tree
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here
    branches = _branches(tree)
    return branches if branches is not None else "|".join(_piece(f) for f in ordered)


def _piece(text: str) -> str:
    return re.escape(text).replace(r"\ ", r"\s+")


def _branches(node: dict[str, dict]) -> str | None:
    """The regex of a prefix-tree node: its continuations, then (when a form ends here) nothing more."""
    chars = sorted(char for char in node if char)
    if len({char.casefold() for char in chars}) != len(chars):
        return None
    parts = []
    for char in chars:
        rest = _branches(node[char])
        if rest is None:
            return None
        parts.append(_piece(char) + rest)
    if not parts:
        return ""
    if len(parts) == 1 and "" not in node:
        return parts[0]
    return "(?:" + "|".join(parts) + (")?" if "" in node else ")")


def _core(lex: QuantityLexicon, n: int) -> str:
    """One number: a vague plural, or digits or number words with an optional scale word ("one mln")."""
    word = rf"(?:{_alternation(lex.number_words)})\b"
    scale_words = _alternation(w for w in lex.number_words if w in lex.scales or w == "dozen")
    vague_of = _alternation(w for w in lex.vague if lex.vague[w] >= 1000)
    vague = (
        rf"(?P<vague{n}>(?:{_alternation(lex.vague)})\b(?:\s+of\s+(?:{vague_of})\b)?"
        rf"|(?:{_alternation(lex.vague_words)})\s+(?:{scale_words})\b)"
    )
    digits = rf"(?P<digits{n}>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    fraction = rf"(?P<fraction{n}>[-\s]\d{{1,2}}/\d{{1,3}}(?![\d/]))?"  # "1-5/8 pct", "10 3/4"
    scales = _alternation(lex.scales)
    scale = (
        rf"(?:\s*(?P<scale{n}>(?:{scales})\b(?:\s+(?:{scales})\b)*)"
        rf"|(?P<mscale{n}>{_alternation(lex.money_scales)})\b)?"
    )
    article = rf"(?:an?\s+(?=(?:{scale_words})\b)|half\s+an?\s+(?=(?:{scale_words})\b))?"
    after_scale = "".join(rf"(?<={w})" if i == 0 else rf"|(?<={w})" for i, w in enumerate(sorted(lex.scales)))
    joiner = rf"(?:(?:{after_scale})\s+and\s+|[\s-]+)"
    words = rf"(?P<words{n}>{article}{word}(?:{joiner}{word})*)"
    return rf"(?:{vague}|(?:{digits}{fraction}|{words}){scale})"


@per_object
def _pattern(lex: QuantityLexicon) -> re.Pattern[str]:
    qualifier = rf"(?P<qual>{_alternation(lex.qualifiers)})\s+"
    symbol = rf"(?-i:{_alternation(lex.currency_symbols)})"
    currency_before = rf"(?:{symbol})\s?"
    measure = rf"\s?(?:{_alternation(lex.measures)})(?!\w)"
    after = rf"(?:(?:\s+|-)(?P<cname>{_alternation(lex.currency_names)})\b|\s(?P<ccode>(?-i:[A-Z]{{3}}))\b|(?P<measure>{measure}))"
    first = rf"(?P<cur1>{currency_before})?{_core(lex, 1)}(?P<unit1>{measure})?"
    second = rf"(?P<cur2>{currency_before})?{_core(lex, 2)}"
    separator = r"\s*[-–—]\s*|\s+(?:to|or)\s+"
    expression = (
        rf"{NOT_AFTER}(?:{qualifier})?(?P<between>between\s+)?{first}"
        rf"(?:(?P<sep>(?(between)\s+and\s+|(?:{separator}))){second})?{after}?"
        r"(?![\w%]|[.,:/]\d)"
    )
    return re.compile(expression, re.IGNORECASE)


def _words_value(words: str, lex: QuantityLexicon) -> Decimal | None:
    """ "two hundred and fifty thousand", "a dozen", "half a million" -> a number (text2num does the grammar)."""
    words = " ".join(words.lower().replace("-", " ").split())
    if words in lex.scales:
        return None  # a bare "million" or "thousand" names no number ("the Million Man March")
    factor = Decimal(1)
    if words.startswith("half "):
        factor, words = Decimal("0.5"), words[5:]
    if words.startswith(("a ", "an ")):
        words = "one " + words.split(" ", 1)[1]
    if words.endswith("dozen"):
        factor *= 12
        words = words[: -len("dozen")].strip() or "one"
    try:
        return Decimal(text2num(words, "en")) * factor
    except ValueError:
        return None


def _vague_base(text: str, lex: QuantityLexicon) -> Decimal | None:
    """ "hundreds" -> 100, "tens of thousands" -> 10,000, "several hundred" -> 100."""
    words = text.lower().split()
    if words[-1] in lex.vague:
        base = lex.vague[words[-1]]
        return base * lex.vague[words[0]] if len(words) == 3 else base
    return lex.scales.get(words[-1], Decimal(12) if words[-1] == "dozen" else None)


def _core_value(m: re.Match[str], n: int, lex: QuantityLexicon, money: bool) -> tuple[Decimal | None, bool] | None:
    """(value, vague) of core n, or None when the text is not a number after all."""
    if m.group(f"vague{n}"):
        return _vague_base(m.group(f"vague{n}"), lex), True
    value = _words_value(m.group(f"words{n}"), lex) if m.group(f"words{n}") else _digits_value(m, n)
    if value is None:
        return None
    if m.group(f"mscale{n}") and not money:
        return None  # "20m" without a currency may be metres
    if m.group(f"scale{n}") or m.group(f"mscale{n}"):
        value *= _scale(m, n, lex)  # "a billion billion" multiplies twice
    return value, False


def _digits_value(m: re.Match[str], n: int) -> Decimal | None:
    digits = m.group(f"digits{n}")
    if len(digits) > MAX_DIGITS:
        return None
    try:
        value = Decimal(digits.replace(",", ""))
        if m.group(f"fraction{n}"):
            numerator, denominator = m.group(f"fraction{n}")[1:].split("/")
            value += Decimal(numerator) / Decimal(denominator)
    except (InvalidOperation, ZeroDivisionError):
        return None
    return value


def _scale(m: re.Match[str], n: int, lex: QuantityLexicon) -> Decimal:
    """The multiplier written after core n: "million" in "5 million" or "two million", else 1."""
    if m.group(f"scale{n}"):
        factor = Decimal(1)
        for word in m.group(f"scale{n}").lower().split():
            factor *= lex.scales[word]
        return factor
    if m.group(f"mscale{n}"):
        return lex.money_scales[m.group(f"mscale{n}").lower()]
    last = m.group(f"words{n}").lower().split()[-1] if m.group(f"words{n}") else ""
    return lex.scales.get(last, Decimal(1))


def _key(form: str) -> str:
    """A matched form as the lexicon keys it: lower case, single spaces."""
    return " ".join(form.lower().split())


def _unit(m: re.Match[str], lex: QuantityLexicon) -> tuple[str | None, bool]:
    """(unit, is money) from a currency before or after the number, or a measure after it."""
    for group in ("cur1", "cur2"):
        if m.group(group):
            return lex.currency_symbols[m.group(group).strip()], True
    if m.group("cname"):
        return lex.currency_names[_key(m.group("cname"))], True
    if m.group("ccode") and m.group("ccode") in lex.currency_symbols:
        return lex.currency_symbols[m.group("ccode")], True
    for group in ("unit1", "measure"):
        if m.group(group):
            return lex.measures[_key(m.group(group))], False
    return None, False


def _bounded(value: Decimal | None) -> Decimal | None:
    return value if value is not None and value <= MAX_VALUE else None


def _readings(m: re.Match[str], text: str, lex: QuantityLexicon) -> list[NumberReading]:
    """The reading(s) of one match: one figure or range, or two figures for "from X to Y"."""
    unit, money = _unit(m, lex)
    if m.group("ccode") and not money:
        return _readings_without_code(m, text, lex)
    first = _core_value(m, 1, lex, money)
    if first is None:
        return []
    value, vague = first
    qualifier = lex.qualifiers[_key(m.group("qual"))] if m.group("qual") else None
    if qualifier == "up to" and FROM_AFTER.match(text, m.end()):
        qualifier = None  # "income, up to 561.8 mln dlrs from 540.9 mln": a rise, not a bound
    maximum = None
    if m.group("sep"):
        second = _core_value(m, 2, lex, money)
        if second is None or second[0] is None or value is None:
            return []
        high = second[0]
        if _scale(m, 1, lex) == 1 and not m.group("vague1") and value < 1000:
            value *= _scale(m, 2, lex)  # "3-5 million", "1.5 to two billion": both in millions or billions
        change = CHANGE_BEFORE.search(text[max(0, m.start() - 10) : m.start()])
        # "from 300 to 1,200", "by 2 cts to 46 cts"; but "by 10 to 15 pct" is a range
        after_from = change and (change.group(1).lower() == "from" or m.group("unit1"))
        same_unit = m.group("measure") and _key(m.group("measure")) == _key(m.group("unit1") or "")
        if m.group("unit1") and not same_unit:
            return _split(m, text, lex)  # "fell 4.5 percent to 120,000 tonnes": two figures
        if after_from and m.group("sep").strip().lower() == "to":
            return _split(m, text, lex)
        if high <= value:  # a score ("won 3-1"): no figure; "205,000 or 12.8 pct": two
            return [] if m.group("sep").strip() in "-–—" else _split(m, text, lex)
        if high > value * MAX_RANGE_RATIO:
            return _split(m, text, lex)  # "profits for 1986 to 1.14 billion": a year, then an amount
        maximum = high
    if vague and value is not None:
        value, maximum = 2 * value, 10 * value - 1
    return [
        NumberReading(
            start=m.start(),
            end=m.end(),
            text=m.group(0),
            value=_bounded(value),
            max=_bounded(maximum),
            qualifier=qualifier or ("about" if vague else None),
            unit=unit,
            vague=vague,
        )
    ]


def _readings_without_code(m: re.Match[str], text: str, lex: QuantityLexicon) -> list[NumberReading]:
    """Re-read a match whose trailing capitals were not a currency code ("5 NATO ...")."""
    return read(text, lex, start=m.start(), end=m.start("ccode") - 1)


def _split(m: re.Match[str], text: str, lex: QuantityLexicon) -> list[NumberReading]:
    """Two figures where a range was matched: "from 300 to 1,200" (the stage links them as a revision)."""
    first = read(text, lex, start=m.start(), end=m.start("sep"))
    second = read(text, lex, start=m.end("sep"), end=m.end())
    return first[:1] + second[:1]


OPENING_WIDTH = 4
"""Characters of the expression's openings (eventwire/openings.py): about 17 places a Reuters story are tried; six
would leave 14 but take 1.9 s to read when not cached."""


@per_object
def _starts(lex: QuantityLexicon) -> Starts:
    return Starts("number-openings", NOT_AFTER, [_pattern(lex)], OPENING_WIDTH)


def read(text: str, lex: QuantityLexicon, start: int = 0, end: int | None = None) -> list[NumberReading]:
    """Every number expression in `text[start:end]` (offsets stay those of `text`), in order, as `lex` (the quantity
    lexicon, `Resources.quantities`) reads them."""
    if start == 0 and end is None and (places := _starts(lex).places(fold_text(text))[0]) is not None:
        matches = matches_at(_pattern(lex), text, places)
    else:
        matches = list(_pattern(lex).finditer(text, start, len(text) if end is None else end))
    readings: list[NumberReading] = []
    for m in matches:
        readings.extend(_readings(m, text, lex))
    return readings
