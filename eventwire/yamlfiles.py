"""Parse the project's YAML data files, with libyaml's C parser when PyYAML has it (several times faster)."""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(source) -> Any:
    """Like `yaml.safe_load`, only faster: `source` is a string or a text stream."""
    return yaml.load(source, Loader=SafeLoader)
