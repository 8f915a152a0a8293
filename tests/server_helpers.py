"""Stores and servers for the API and end-to-end tests.

`build_corpus` stores the reference article and the fixture stories of tests/fixtures/server (three reports of
North Korean troops sent to Russia, each with a larger number) through the real pipeline and writer.
`LiveServer` runs the app with uvicorn on a free loopback port in a thread of the test process.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn
from paths_helpers import EXAMPLE, FIXTURES

from eventwire.ingest.reading import read_path
from eventwire.store.writer import Writer

SERVER_FIXTURES = FIXTURES / "server"
CORPUS = [
    (EXAMPLE, "2024-10-29"),
    (SERVER_FIXTURES / "troops-1.txt", "2024-10-18"),
    (SERVER_FIXTURES / "troops-2.txt", "2024-10-19"),
    (SERVER_FIXTURES / "troops-3.txt", "2024-10-21"),
    (FIXTURES / "store" / "articles" / "talks-seoul.txt", "2024-10-29"),
]
TROOP_NUMBERS = [1500, 3000, 10000]
"""The troops each fixture report gives, in publication order."""


def build_corpus(pipeline, db: Path) -> Path:
    records = []
    for path, published in CORPUS:
        raw = read_path(path)
        raw.published = published
        records.append(pipeline.extract(raw).to_dict())
    with Writer(db) as writer:
        writer.write_many(records)
    return db


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """`with LiveServer(app) as base_url:` the app served on 127.0.0.1 until the block ends."""

    def __init__(self, app, start_seconds: float = 60.0):
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.start_seconds = start_seconds

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + self.start_seconds
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"the test server did not start on port {self.port}")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
