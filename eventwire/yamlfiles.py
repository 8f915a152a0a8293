"""Read the project's YAML data files: libyaml's C parser when PyYAML has it (several times faster), and every
file checked against `eventwire/data/formats.yaml` (its `version` and its keys) so that a typo in a user's data
file is an error naming the file, the line and the nearest key instead of a silently ignored entry."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from eventwire.datapath import SHIPPED
from eventwire.errors import DataError
from eventwire.suggest import did_you_mean

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FORMATS_FILE = SHIPPED / "formats.yaml"
VERSION = 1


def parse_yaml(source) -> Any:
    """Like `yaml.safe_load`, only faster: `source` is a string or a text stream."""
    return yaml.load(source, Loader=SafeLoader)


def load_yaml(path: Path) -> dict:
    """A data file's content (`{}` when empty), checked against its format. Raises `DataError`."""
    text = path.read_text(encoding="utf-8")
    try:
        data = parse_yaml(text) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise DataError(f"{path}{where}: not valid YAML ({getattr(err, 'problem', None) or err})") from None
    spec = format_of(path)
    if spec is not None:
        check(path, text, data, spec)
    return data


@lru_cache(maxsize=1)
def formats() -> dict[str, dict]:
    """What every data file may hold (`formats.yaml`), parsed once per process: the formats are part of the
    program, read from the shipped data only (not the data chain), so no user directory changes them."""
    return parse_yaml(FORMATS_FILE.read_text(encoding="utf-8"))["files"]


def format_of(path: Path) -> dict | None:
    """The format of `<folder>/<name>.yaml`, else of `<folder>/*.yaml`; None for files outside the data folders."""
    known = formats()
    return known.get(f"{path.parent.name}/{path.name}") or known.get(f"{path.parent.name}/*{path.suffix}")


def check(path: Path, text: str, data: Any, spec: dict) -> None:
    if "refuse" in spec:
        raise DataError(f"{path}: not read ({spec['refuse']})")
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping of keys at the top, found a {type(data).__name__}")
    expected = spec.get("version", VERSION)
    if data.get("version") != expected:
        raise DataError(f"{path}: version {data.get('version')!r}; eventwire reads version {expected} "
                        f"(add `version: {expected}` at the top)")
    allowed = ["version", *spec.get("keys", [])]
    for key in data:
        if key not in allowed:
            raise DataError(unknown(path, text, [key], key, allowed))
    for section, entry_keys in (spec.get("entries") or {}).items():
        for name, entry in (data.get(section) or {}).items():
            for key in entry if isinstance(entry, dict) else ():
                if key not in entry_keys:
                    raise DataError(unknown(path, text, [section, name, key], key, entry_keys))


def unknown(path: Path, text: str, trail: list, key: Any, allowed: list[str]) -> str:
    """"file:line: unknown key 'alias' (did you mean 'aliases'?)"."""
    line = line_of(text, trail)
    return (f"{path}{f':{line}' if line else ''}: unknown key {str(key)!r}{did_you_mean(str(key), allowed)}; "
            f"known: {', '.join(allowed)}")


def line_of(text: str, trail: list) -> int | None:
    """The 1-based line of the key reached by following `trail` through the mappings (parsed again, only for
    the error message)."""
    node = yaml.compose(text, Loader=SafeLoader)
    line = None
    for step in trail:
        if not isinstance(node, yaml.MappingNode):
            return line
        for key_node, value_node in node.value:
            if parse_yaml(yaml.serialize(key_node)) == step:
                line, node = key_node.start_mark.line + 1, value_node
                break
        else:
            return line
    return line
