"""Items as the plain dicts and lists of their JSON: `as_plain`, and `PlainRecord.to_dict()` built on it.

Its own module, importing no other of eventwire's, so that the document model (`eventwire.document`), the item
types (`eventwire.items`) and the event records (`eventwire.events.records`) can all use it without a cycle.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

LEAVES = frozenset((str, int, float, bool, type(None)))


def as_plain(value: Any) -> Any:
    """`dataclasses.asdict` with the same result, several times faster: it deep-copies every string and
    number of every item through the generic `copy.deepcopy`, which returns them unchanged anyway. Leaves are
    taken as they are without a call (most values of an extraction are leaves)."""
    kind = type(value)
    if kind in LEAVES:
        return value
    if kind is dict:
        return {k if type(k) in LEAVES else as_plain(k): v if type(v) in LEAVES else as_plain(v)
                for k, v in value.items()}
    if kind is list:
        return [v if type(v) in LEAVES else as_plain(v) for v in value]
    names = FIELD_NAMES[kind] if kind in FIELD_NAMES else field_names(kind)
    if callable(names):
        return names(value)
    if names is not None:
        return {name: v if type(v := getattr(value, name)) in LEAVES else as_plain(v) for name in names}
    return dataclasses.asdict(Box(value))["value"]  # tuples, namedtuples and the rest, exactly as asdict does


@dataclass
class Box:
    """Holds one value for `as_plain` to hand to `dataclasses.asdict`."""

    value: Any


FIELD_NAMES: dict[type, tuple[str, ...] | Callable[[Any], Any] | None] = {}
"""The field names of each dataclass `as_plain` met (None for other types), or its own `to_plain` method where it
writes itself (an event's actor puts how it was found after its identity): a dict look-up is cheaper than asking
`dataclasses` for every object."""


def field_names(kind: type) -> tuple[str, ...] | Callable[[Any], Any] | None:
    if kind not in FIELD_NAMES:
        if "to_plain" in vars(kind):
            FIELD_NAMES[kind] = kind.to_plain
        else:
            FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
    return FIELD_NAMES[kind]


class PlainRecord:
    """A dataclass whose JSON is `as_plain` of it: its fields in order, or what its own `to_plain` writes."""

    def to_dict(self) -> dict[str, Any]:
        return as_plain(self)
