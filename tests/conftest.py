"""Shared fixtures: one pipeline per test session (spaCy loads once)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nk-russia-reuters.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def resources():
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
