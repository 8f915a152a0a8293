"""spaCy's attribute ruler with its patterns looked up by value instead of run through the Matcher.

`en_core_web_sm`'s attribute ruler holds 179 one- and two-token patterns (a tag's part of speech and features,
"n't" is PART, "gon na" is "go to"). spaCy runs them through its general Matcher, which costs about 3.5 ms per
news story, a tenth of the whole parse. Nearly every pattern asks for a token attribute to take one of a few
values, so the tokens a pattern can match are read from a per-document index of those values, and only they are
checked. The outcome is the ruler's own: matches are found on the document as it stands before any is applied,
and applied in the ruler's order (pattern by pattern, a later pattern winning), so each token ends with the same
tag, part of speech, features, lemma and dependency label. A pattern this module does not run (an operator other
than IN, NOT_IN and REGEX, a quantifier, a custom attribute) keeps spaCy's own ruler.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

TESTED = {"LOWER", "ORTH", "TEXT", "NORM", "TAG", "POS", "DEP", "LEMMA", "IS_SPACE", "IS_PUNCT", "IS_ALPHA",
          "IS_DIGIT", "LIKE_NUM"}
"""Attributes a pattern may test: values `Doc.to_array` gives as the Matcher compares them (hashes or flags)."""
MOST_SELECTIVE = [IDS[name] for name in ("ORTH", "LOWER", "NORM", "LEMMA", "TAG", "DEP", "POS")]
"""Columns in the order a lookup prefers them: a word matches few tokens, a tag many, a flag half the document."""
SET = {IDS[name] for name in ("TAG", "POS", "MORPH", "LEMMA", "DEP")}
"""Attributes a pattern may set: token attributes only, so writing them with `Doc.from_array` does what the ruler's
`set_token_attrs` does (which also writes lexeme attributes; none of these is one)."""
REGEX_MEMORY = 100_000
"""Outcomes of the patterns' regular expressions remembered, one per expression and word (it never changes for a
word); all forgotten beyond that many."""


class UnsupportedPattern(ValueError):
    """A pattern only spaCy's Matcher runs."""


@dataclass(frozen=True)
class Test:
    """One condition on one document column: the value is (or, negated, is not) in `values`, or its text matches
    `regex`."""

    column: int
    values: frozenset[int] = frozenset()
    negated: bool = False
    regex: re.Pattern | None = None


@dataclass(frozen=True)
class AttributeRule:
    """One token pattern of the ruler: where to look first (`lookup`: values of a column of the first token), what
    else must hold (`checks`: token offset and test), and the attributes set on the token at `target`."""

    order: int
    length: int
    lookup: Test
    checks: tuple[tuple[int, Test], ...]
    target: int
    attrs: tuple[tuple[int, int], ...]


class IndexedAttributeRuler:
    """A pipeline component doing what an `AttributeRuler` with the same patterns does (see the module's docstring)."""

    def __init__(self, ruler: AttributeRuler):
        self.patterns = ruler.patterns
        """The ruler's patterns, as `AttributeRuler.patterns` gives them."""
        self.vocab, self.strings = ruler.vocab, ruler.vocab.strings
        self.columns: list[int] = []
        self.rules = [rule for order, (entry, attrs) in enumerate(zip(ruler.patterns, ruler.attrs))
                      for rule in self._compile(order, entry, attrs)]
        self.set_columns = sorted({attribute for rule in self.rules for attribute, _ in rule.attrs})
        self.slot = {attribute: i for i, attribute in enumerate(self.set_columns)}
        """Each set attribute's row in the array written back."""
        self._regex_outcomes: dict[tuple[re.Pattern, int], bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self.rules:
            return doc
        columns = doc.to_array(self.columns).T.tolist()
        indexes = [_positions(column) for column in columns]
        matches = [(rule.order, start, rule) for rule in self.rules for start in self._starts(rule, columns, indexes)]
        if not matches:
            return doc
        matches.sort(key=lambda match: match[:2])
        values = doc.to_array(self.set_columns).T.tolist()
        for _, start, rule in matches:
            for attribute, value in rule.attrs:
                values[self.slot[attribute]][start + rule.target] = value
        doc.from_array(self.set_columns, numpy.array(values, dtype=numpy.uint64).T)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _compile(self, order: int, entry: dict, attrs: dict) -> Iterator[AttributeRule]:
        """The rules of one pattern entry; `attrs` are the ruler's own, as it sets them (ids and hashes)."""
        if any(attribute not in SET for attribute in attrs):
            raise UnsupportedPattern(f"pattern {order} sets {list(entry['attrs'])}")
        for tokens in entry["patterns"]:
            target = entry["index"] if entry["index"] >= 0 else len(tokens) + entry["index"]
            if not tokens or not 0 <= target < len(tokens):
                raise UnsupportedPattern(f"pattern {order}: index {entry['index']} outside its {len(tokens)} tokens")
            tests = [(offset, test) for offset, token in enumerate(tokens) for test in self._tests(order, token)]
            first = [test for offset, test in tests if offset == 0]
            lookups = [test for test in first if test.regex is None and not test.negated] or first
            lookup = min(lookups, key=self._selectivity)
            checks = tuple(check for check in tests if check != (0, lookup))
            yield AttributeRule(order, len(tokens), lookup, checks, target, tuple(attrs.items()))

    def _selectivity(self, test: Test) -> int:
        attribute = self.columns[test.column]
        return MOST_SELECTIVE.index(attribute) if attribute in MOST_SELECTIVE else len(MOST_SELECTIVE)

    def _tests(self, order: int, token: dict) -> Iterator[Test]:
        if not token:
            raise UnsupportedPattern(f"pattern {order} has a token with no test")
        for name, wanted in token.items():
            name = "ORTH" if name.upper() == "TEXT" else name.upper()
            if name not in TESTED:
                raise UnsupportedPattern(f"pattern {order} tests {name}")
            if IDS[name] not in self.columns:
                self.columns.append(IDS[name])
            column = self.columns.index(IDS[name])
            if not isinstance(wanted, dict):
                yield Test(column, frozenset([self._value(wanted)]))
                continue
            if len(wanted) != 1 or next(iter(wanted)) not in ("IN", "NOT_IN", "REGEX"):
                raise UnsupportedPattern(f"pattern {order}: {name} {wanted}")
            operator, operand = next(iter(wanted.items()))
            if operator == "REGEX":
                yield Test(column, regex=re.compile(operand))
            else:
                yield Test(column, frozenset(self._value(v) for v in operand), negated=operator == "NOT_IN")

    def _value(self, wanted) -> int:
        """A tested value as `Doc.to_array` gives it: a flag as 0/1, a string as its hash ("" as 0)."""
        if isinstance(wanted, (bool, int)):
            return int(wanted)
        return self.strings.add(wanted) if wanted else 0

    def _starts(self, rule: AttributeRule, columns: list[list[int]], indexes: list[dict[int, list[int]]]) -> list[int]:
        """Where `rule` matches: the positions its lookup allows, kept when every other test holds."""
        index = indexes[rule.lookup.column]
        if rule.lookup.regex is None and not rule.lookup.negated:
            starts = [p for value in rule.lookup.values for p in index.get(value, ())]
        else:
            starts = [p for value, found in index.items() if self._holds(rule.lookup, value) for p in found]
        size = len(columns[0])
        if not rule.checks:
            return starts if rule.length == 1 else [start for start in starts if start + rule.length <= size]
        return [start for start in starts if start + rule.length <= size
                and all(self._holds(test, columns[test.column][start + offset]) for offset, test in rule.checks)]

    def _holds(self, test: Test, value: int) -> bool:
        if test.regex is None:
            return (value in test.values) != test.negated
        key = (test.regex, value)
        outcome = self._regex_outcomes.get(key)
        if outcome is None:
            if len(self._regex_outcomes) >= REGEX_MEMORY:
                self._regex_outcomes.clear()
            outcome = self._regex_outcomes[key] = test.regex.search(self.strings[value]) is not None
        return outcome


def _positions(column: list[int]) -> dict[int, list[int]]:
    """Each value of a document column and the token positions that have it."""
    positions: dict[int, list[int]] = defaultdict(list)
    for position, value in enumerate(column):
        positions[value].append(position)
    return positions


@Language.factory("indexed_attribute_ruler", default_config={"patterns": []})
def make_indexed_attribute_ruler(nlp: Language, name: str, patterns: list[dict]):
    """The indexed ruler for `patterns` (an AttributeRuler's `.patterns`), or spaCy's ruler when it cannot run them."""
    ruler = AttributeRuler(nlp.vocab, name)
    ruler.add_patterns(patterns)
    try:
        return IndexedAttributeRuler(ruler)
    except UnsupportedPattern:
        return ruler


def index_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> None:
    """Put the indexed ruler in the place of `nlp`'s attribute ruler, with the same patterns."""
    if name in nlp.pipe_names:
        nlp.replace_pipe(name, "indexed_attribute_ruler", config={"patterns": nlp.get_pipe(name).patterns})
