"""`eventwire.extract`: one call from an article to its `Extraction`, for notebooks and scripts.

The first call builds a `Pipeline` (about two seconds: the spaCy model, the knowledge base, the gazetteer) and
keeps it for the next calls with the same `data` and `stages`; build your own `eventwire.Pipeline` to control
its lifetime.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from eventwire.inputs import Source, as_article

if TYPE_CHECKING:
    from eventwire.document import Extraction
    from eventwire.pipeline import Pipeline

_pipelines: dict[tuple, Pipeline] = {}


def extract(source: Source, published: str | None = None, *, title: str | None = None, url: str | None = None,
            id: str | None = None, data: str | Sequence[str] | None = None,
            stages: Sequence[str] | str | None = None) -> Extraction:
    """Extract one article: text, HTML, a dict `{text, title?, published?, url?, id?}`, or a path.

        doc = eventwire.extract("SEOUL (Reuters) - ...", published="2024-10-29")
        doc.entities[0].name, doc.events[0].plover, doc.events[0].source[0].country, doc.to_json()

    `published` (YYYY-MM-DD) anchors relative dates when the input carries no date of its own; `title`, `url` and
    `id` fill what a plain string lacks. Raises `eventwire.InputError` for input it refuses (the CLI's message),
    `eventwire.ExtractionError` when a stage fails.
    """
    article = as_article(source)
    for name, value in (("title", title), ("url", url), ("id", id)):
        if value is not None:
            setattr(article, name, value)
    return pipeline_for(data, stages).extract(article, published)


def pipeline_for(data: str | Sequence[str] | None, stages: Sequence[str] | str | None) -> Pipeline:
    """The kept pipeline for these arguments, built on first use."""
    from eventwire.pipeline import Pipeline

    key = (data if data is None or isinstance(data, str) else tuple(map(str, data)),
           stages if stages is None or isinstance(stages, str) else tuple(stages))
    if key not in _pipelines:
        _pipelines[key] = Pipeline(data=data, stages=stages)
    return _pipelines[key]
