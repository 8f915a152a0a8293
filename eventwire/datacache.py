"""Built resources kept between runs: what costs a second to build from data files loads in a fraction from a pickle.

A cache file is named by a fingerprint of everything the resource is built from (its data files, the code
that builds it, package versions), so changing any of them builds it anew; stale files of the same name
are removed. The cache is never required: an unreadable file is rebuilt, an unwritable directory only
makes the next start slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from eventwire.gcpause import collection_paused

log = logging.getLogger(__name__)
T = TypeVar("T")


def cache_dir() -> Path:
    """Where built resources are kept: $EVENTWIRE_CACHE, else the user's cache directory."""
    explicit = os.environ.get("EVENTWIRE_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "eventwire"


def fingerprint(files: Iterable[Path], *parts: str) -> str:
    """Changes when any file's bytes, name or the `parts` (versions, format numbers) change."""
    digest = hashlib.sha256("|".join(parts).encode())
    for path in files:
        digest.update(f"|{path.name}|".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached(name: str, key: str, build: Callable[[], T], save: Callable[[T, Path], None] | None = None,
           load: Callable[[Path], T] | None = None, suffix: str = "pickle") -> T:
    """The resource from `<cache_dir>/<name>-<key>.<suffix>` when it is there and readable, else `build()`
    (then saved for next time). By default the resource is pickled; `save`/`load` write and open another format."""
    save = save or save_pickle
    load = load or load_pickle
    path = cache_dir() / f"{name}-{key}.{suffix}"
    with collection_paused():
        if path.exists():
            try:
                return load(path)
            except Exception as err:  # noqa: BLE001 - a damaged or foreign cache file is rebuilt, never fatal
                log.warning("%s: unreadable cache (%s); rebuilding", path, err)
        value = build()
        store(path, f"{name}-*", lambda temporary: save(value, temporary))
    return value


def save_pickle(value: Any, path: Path) -> None:
    with path.open("wb") as stream:
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)


def load_pickle(path: Path) -> Any:
    with path.open("rb") as stream:
        return pickle.load(stream)


def store(path: Path, versions: str, write: Callable[[Path], None]) -> None:
    """Write atomically (other processes may be reading), then remove the other `versions` (a glob) of the resource,
    whatever their format."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        write(temporary)
        temporary.replace(path)
        for stale in path.parent.glob(versions):
            if stale != path and not stale.name.endswith(".tmp"):  # another process's file being written stays
                stale.unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as err:  # a full disk, or a cache folder other processes write at once
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        log.info("cannot cache %s (%s); it is rebuilt next time", path, err)
