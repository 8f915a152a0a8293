"""Where eventwire's data files are found: the one helper every loader asks.

The data directory chain is the shipped `eventwire/data`, then each directory of `$EVENTWIRE_DATA`
(separated by the OS path separator, `:` on Unix), then the directories given to `Pipeline(data=...)` or
`eventwire --data DIR`. A user directory is laid out like the shipped one (`actors/`, `places/`, `quotes/`...):

- additive folders (`actors/`, `places/`): every `*.yaml` of every directory is read, later ones after
  earlier ones, so a user's `actors/my-actors.yaml` adds actors to the shipped lists;
- any other file the stages read (`times/*.yaml`, `ner/*.yaml`, `quotes/cues.yaml`, `quantities/*.yaml`,
  `events/patterns.yaml`, `events/arguments.yaml`, `events/records.yaml`, `events/cameo.tsv`): the last directory
  that has the file wins, so a user's copy replaces the shipped one (`eventwire.resources.Resources` reads each).

Read from the shipped data only: `formats.yaml` (what a valid file is), the files of the additive folders that
are not additions (`places/features.yaml`, `actors/person_names.yaml`, `actors/persons.tsv.gz`), the store's
export tables (`store/`) and the evaluations' files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "data"
ENVIRONMENT = "EVENTWIRE_DATA"


@dataclass(frozen=True)
class DataPath:
    """An ordered chain of data directories, the shipped one first."""

    dirs: tuple[Path, ...] = (SHIPPED,)

    @classmethod
    def chain(cls, extra: str | Path | Iterable[str | Path] | None = None) -> "DataPath":
        """The shipped data, then `$EVENTWIRE_DATA`, then `extra` (one directory or several).
        A directory that does not exist is refused: a typo must not silently run on the shipped data only."""
        from eventwire.errors import DataError

        named = [p for p in os.environ.get(ENVIRONMENT, "").split(os.pathsep) if p]
        if isinstance(extra, (str, Path)):
            named.append(str(extra))
        elif extra is not None:
            named.extend(str(p) for p in extra)
        dirs = [SHIPPED]
        for name in named:
            path = Path(name).expanduser()
            if not path.is_dir():
                raise DataError(f"{name}: no such data directory")
            if path.resolve() not in dirs:
                dirs.append(path.resolve())
        return cls(tuple(dirs))

    def file(self, relative: str) -> Path:
        """`relative` (e.g. "quotes/cues.yaml") from the last directory that has it (the shipped one else)."""
        for directory in reversed(self.dirs):
            path = directory / relative
            if path.is_file():
                return path
        return self.dirs[0] / relative

    def files(self, folder: str, pattern: str = "*.yaml") -> list[Path]:
        """Every file of `folder` matching `pattern` in every directory, directory by directory, by name within one."""
        return [path for directory in self.dirs for path in sorted((directory / folder).glob(pattern))]

    def folders(self, folder: str) -> tuple[Path, ...]:
        """`folder` in each directory that has it, in chain order."""
        return tuple(d / folder for d in self.dirs if (d / folder).is_dir())

    @property
    def user_dirs(self) -> tuple[Path, ...]:
        return self.dirs[1:]


SHIPPED_PATH = DataPath()
"""The shipped data alone."""
