"""Answers to read requests kept as JSON bytes until the store changes.

A read's answer depends only on the request and the store's contents, and the server process is the store's only
writer (a read-only server holds the file so that no other process can write it), so an answer stays right until
this process writes. `StoreAccess.write` bumps `generation`, which is part of every key: nothing stale is ever
served. Aggregations over a large store cost 10-20 ms of DuckDB time each while the same few dashboards are asked
for again and again; a hit costs a dictionary look-up. The cache holds at most `max_bytes` of answers, dropping
the least recently used first.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

MAX_BYTES = 64 * 2**20


def to_json(value: Any) -> bytes:
    def plain(item: Any) -> Any:
        if isinstance(item, (dt.date, dt.datetime)):
            return item.isoformat()
        raise TypeError(f"{type(item).__name__} is not JSON")

    return json.dumps(value, ensure_ascii=False, default=plain, separators=(",", ":")).encode()


class AnswerCache:
    def __init__(self, max_bytes: int = MAX_BYTES):
        self.max_bytes = max_bytes
        self.answers: OrderedDict[tuple, bytes] = OrderedDict()
        self.size = 0
        self.generation = 0
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def changed(self) -> None:
        """The store was written: every kept answer is now possibly wrong."""
        with self.lock:
            self.generation += 1
            self.answers.clear()
            self.size = 0

    def get(self, key: tuple, compute: Callable[[], Any]) -> tuple[bytes, bool]:
        """The JSON of `compute()` for `key`, computed once per store generation, and whether it was kept."""
        with self.lock:
            full_key = (self.generation, *key)
            found = self.answers.get(full_key)
            if found is not None:
                self.answers.move_to_end(full_key)
                self.hits += 1
                return found, True
            self.misses += 1
        answer = to_json(compute())
        with self.lock:
            if full_key[0] == self.generation and len(answer) <= self.max_bytes // 8:
                if full_key not in self.answers:
                    self.answers[full_key] = answer
                    self.size += len(answer)
                while self.size > self.max_bytes:
                    _, dropped = self.answers.popitem(last=False)
                    self.size -= len(dropped)
        return answer, False
