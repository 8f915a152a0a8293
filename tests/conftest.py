"""Shared fixtures: a private cache for the session, one pipeline per test session (spaCy loads once).

Helpers that test modules import (paths, hand-built records, servers) live in the *_helpers.py modules.
"""

from __future__ import annotations

import os

import pytest
from paths_helpers import EXAMPLE

CACHE_VARIABLE = "EVENTWIRE_CACHE"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Built resources (knowledge base, gazetteer, language model) go to a folder of this session, never to the
    user's ~/.cache/eventwire: a test run must not leave files in the home directory or pick up a cache built by
    other code. A cache folder the caller names in $EVENTWIRE_CACHE is kept (the caller chose it, and a warm cache
    saves the gazetteer's build); subprocesses inherit the variable."""
    with pytest.MonkeyPatch.context() as patch:
        if not os.environ.get(CACHE_VARIABLE):
            patch.setenv(CACHE_VARIABLE, str(tmp_path_factory.mktemp("eventwire-cache")))
        yield os.environ[CACHE_VARIABLE]


@pytest.fixture(scope="session")
def resources(private_cache):
    """The shipped data's resources, each part loaded when a test first asks for it (the session pipeline's)."""
    from eventwire.resources import Resources

    return Resources()


@pytest.fixture(scope="session")
def pipeline(resources):
    from eventwire.pipeline import Pipeline

    return Pipeline(resources=resources)


@pytest.fixture(scope="session")
def example(pipeline):
    """The reference article extracted with its publication date."""
    from eventwire.ingest.reading import read_path

    return pipeline.extract(read_path(EXAMPLE), published="2024-10-29")


@pytest.fixture(scope="session")
def extract_text(pipeline):
    """Extract a string as if it were a file."""
    from eventwire.ingest.reading import RawArticle, text_id

    def run(text: str, published: str | None = None):
        return pipeline.extract(RawArticle(id=text_id(text), text=text, origin="<test>"), published=published)

    return run
