"""The CAMEO code table (`events/cameo.tsv`): name, PLOVER type/mode/context, Goldstein, quad class.
`Resources.cameo` reads the data chain's once; the coder, the merger and the evaluations are given it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eventwire.datapath import SHIPPED

DATA = SHIPPED / "events"


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    plover: str | None
    mode: str | None
    context: tuple[str, ...]
    goldstein: float
    quad_class: int


def cameo_table(path: Path) -> dict[str, CameoCode]:
    table: dict[str, CameoCode] = {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for line in lines[1:]:
        code, name, plover, mode, context, goldstein, quad = line.split("\t")
        table[code] = CameoCode(code, name, plover or None, mode or None,
                                tuple(c for c in context.split(";") if c), float(goldstein), int(quad))
    return table
