"""Request parameters to SQL: the event filters, sort orders and opaque page cursors.

Every value a client sends reaches DuckDB as a bound parameter; the only pieces of SQL chosen by a request are
column expressions picked by name from the fixed tables below (`SORTS`, `TIMELINE_KEYS`, `DYAD_LEVELS`), so a
query is never built from the client's text.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any


class BadParameter(ValueError):
    """A parameter the API refuses (422); the message names the parameter and what is allowed."""

    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


@dataclass
class EventFilter:
    """Which event mentions a request is about. Negated and hypothetical mentions are left out unless asked for:
    "talks did not take place" is not a meeting."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    country: str | None = None
    dyad: str | None = None
    plover: str | None = None
    cameo: str | None = None
    quad_class: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: str | None = None
    has_location: bool | None = None
    cluster: int | None = None
    doc: str | None = None
    include_negated: bool = False
    include_hypothetical: bool = False
    clauses: list[str] = field(default_factory=list, init=False, repr=False)
    params: list[Any] = field(default_factory=list, init=False, repr=False)

    def where(self, alias: str = "e") -> tuple[str, list[Any]]:
        """`WHERE ...` (or "") over the events table under `alias`, and its parameters."""
        self.clauses, self.params = [], []
        for side, value in (("", self.actor), ("source", self.source), ("target", self.target)):
            if value:
                self._actor(alias, value, (side,) if side else ("source", "target"))
        if self.country:
            self._add(f"({alias}.source_country = ? OR {alias}.target_country = ?)", [self.country.upper()] * 2)
        if self.dyad:
            first, second = dyad_pair(self.dyad)
            self._add(f"(({_side_match(alias, 'source')}) AND ({_side_match(alias, 'target')}) OR "
                      f"({_side_match(alias, 'source')}) AND ({_side_match(alias, 'target')}))",
                      [*_side_params(first), *_side_params(second), *_side_params(second), *_side_params(first)])
        if self.plover:
            self._add(f"{alias}.plover = ?", [self.plover.upper()])
        if self.cameo:
            if not self.cameo.isdigit():
                raise BadParameter("cameo", f"'{self.cameo}' is not a CAMEO code or prefix (digits, e.g. 04 or 042)")
            self._add(f"starts_with({alias}.cameo, ?)", [self.cameo])
        if self.quad_class is not None:
            self._add(f"{alias}.quad_class = ?", [self.quad_class])
        if self.since:
            self._add(f"{alias}.day >= ?", [self.since])
        if self.until:
            self._add(f"{alias}.day <= ?", [self.until])
        if self.bbox:
            west, south, east, north = bounding_box(self.bbox)
            self._add(f"{alias}.lat BETWEEN ? AND ? AND {alias}.lon BETWEEN ? AND ?", [south, north, west, east])
        if self.has_location is not None:
            self._add(f"{alias}.lat IS {'NOT ' if self.has_location else ''}NULL", [])
        if self.cluster is not None:
            self._add(f"{alias}.cluster_id = ?", [self.cluster])
        if self.doc:
            self._add(f"{alias}.doc_id = ?", [self.doc])
        if not self.include_negated:
            self._add(f"NOT {alias}.negated", [])
        if not self.include_hypothetical:
            self._add(f"NOT {alias}.hypothetical", [])
        return (f"WHERE {' AND '.join(self.clauses)}" if self.clauses else ""), self.params

    def _add(self, clause: str, params: list[Any]) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def _actor(self, alias: str, value: str, sides: tuple[str, ...]) -> None:
        self._add("(" + " OR ".join(_side_match(alias, side) for side in sides) + ")",
                  [p for _ in sides for p in _side_params(value)])


def _side_match(alias: str, side: str) -> str:
    """One side of an event is an actor given as a country (PRK), an actor code or its prefix (PRKGOV) or a
    corpus actor id (person:choe son hui)."""
    return (f"{alias}.{side}_country = ? OR starts_with({alias}.{side}_code, ?) "
            f"OR list_contains({alias}.{side}_actors, ?)")


def _side_params(value: str) -> list[str]:
    return [value.upper(), value.upper(), value]


def dyad_pair(value: str) -> tuple[str, str]:
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise BadParameter("dyad", f"'{value}' is not two actors or countries separated by a comma (e.g. PRK,RUS)")
    return parts[0], parts[1]


def bounding_box(value: str) -> tuple[float, float, float, float]:
    """west,south,east,north in degrees."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise BadParameter("bbox", f"'{value}' is not four numbers west,south,east,north (e.g. 120,30,135,45)") from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise BadParameter("bbox", f"'{value}' is not west<=east within -180..180 and south<=north within -90..90")
    return west, south, east, north


@dataclass(frozen=True)
class Sort:
    """A sort order: a key expression made total with `missing` (so keyset pages never skip a NULL), its
    direction, and the unique columns that break ties."""

    key: str
    descending: bool
    missing: str
    tiebreak: tuple[str, ...]


EVENT_TIEBREAK = ("e.doc_id", "e.idx")
SORTS = {
    "-day": Sort("e.day", True, "DATE '0001-01-01'", EVENT_TIEBREAK),
    "day": Sort("e.day", False, "DATE '9999-12-31'", EVENT_TIEBREAK),
    "-goldstein": Sort("e.goldstein", True, "-100.0", EVENT_TIEBREAK),
    "goldstein": Sort("e.goldstein", False, "100.0", EVENT_TIEBREAK),
    "-confidence": Sort("e.confidence", True, "-1.0", EVENT_TIEBREAK),
    "confidence": Sort("e.confidence", False, "2.0", EVENT_TIEBREAK),
}
CLUSTER_SORTS = {
    "-mentions": Sort("c.mentions", True, "0", ("c.id",)),
    "-first_day": Sort("c.first_day", True, "DATE '0001-01-01'", ("c.id",)),
    "first_day": Sort("c.first_day", False, "DATE '9999-12-31'", ("c.id",)),
}
DOCUMENT_SORT = Sort("d.published", True, "DATE '0001-01-01'", ("d.id",))
ACTOR_SORT = Sort("documents", True, "0", ("a.id",))


def keyset(sort: Sort, cursor: str | None) -> tuple[str, str, list[Any]]:
    """(ORDER BY ..., the cursor's condition or "", its parameters): the page after the cursor's row."""
    key = f"coalesce({sort.key}, {sort.missing})"
    direction = "DESC" if sort.descending else "ASC"
    order = ", ".join([f"{key} {direction}", *(f"{column} ASC" for column in sort.tiebreak)])
    if cursor is None:
        return order, "", []
    tag, *values = decode_cursor(cursor, 2 + len(sort.tiebreak))
    if tag != sort.key:
        raise BadParameter("cursor", "this cursor belongs to another sort order (keep `sort` while paging)")
    comparison = "<" if sort.descending else ">"
    # key beyond the cursor's, or the same key and the tiebreak columns beyond: (k, t1, t2) in row order
    terms, params = [], []
    columns = [key, *sort.tiebreak]
    for index, column in enumerate(columns):
        equal = [f"{columns[i]} = ?" for i in range(index)]
        operator = comparison if index == 0 else ">"
        terms.append("(" + " AND ".join([*equal, f"{column} {operator} ?"]) + ")")
        params.extend([*values[:index], values[index]])
    return order, "(" + " OR ".join(terms) + ")", params


def cursor_after(sort: Sort, row: dict[str, Any], names: tuple[str, ...]) -> str:
    """The cursor of the page after `row`: which sort it follows, the row's sort key (with `missing` filled in) and
    tiebreak values, whose result columns are `names`."""
    values = [row[name] for name in names]
    return encode_cursor([sort.key, values[0] if values[0] is not None else _missing_value(sort.missing), *values[1:]])


def _missing_value(literal: str) -> Any:
    if literal.startswith("DATE "):
        return literal[6:-1]
    return float(literal)


def encode_cursor(values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, length: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != length or \
            not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values):
        raise BadParameter("cursor", "not a cursor this API gave (use the next_cursor of the previous page)")
    return values


def decode_offset(cursor: str | None) -> int:
    """A cursor that is a position in a ranked list (search results)."""
    if cursor is None:
        return 0
    (offset,) = decode_cursor(cursor, 1)
    if not isinstance(offset, int) or offset < 0:
        raise BadParameter("cursor", "not a cursor this API gave (use the next_cursor of the previous page)")
    return offset


TIMELINE_KEYS = {
    "type": "e.plover",
    "quad_class": "e.quad_class",
    "country": "e.source_country",
    "none": "NULL",
}
"""What a timeline's series are: PLOVER type, quad class, the source's country, or one series."""
DYAD_LEVELS = {
    "country": ("e.source_country", "e.target_country"),
    "actor": ("e.source_actor", "e.target_actor"),
}
