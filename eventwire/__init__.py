"""eventwire: English news in, structured and explained event data out.

    import eventwire
    doc = eventwire.extract("SEOUL (Reuters) - ...", published="2024-10-29")   # an Extraction
    doc.entities, doc.events, doc.quotes, doc.times, doc.quantities, doc.to_json()
    nlp = eventwire.Pipeline(data="my-data/")      # load once; my-data/actors/*.yaml overlays the shipped files
    for doc in nlp.extract_many(texts_or_dicts, workers=2): ...
    store = eventwire.Store("news.duckdb"); store.ingest(["news/"]); store.events(actor="PRK").records()

The pipeline runs small stages over one document model (see `eventwire.document`):
ingest -> NLP -> entities/actors -> places -> times -> quotes -> quantities -> events -> store.
Names are imported on first use, so `import eventwire` stays quick.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
SCHEMA = "eventwire.document/1"

if TYPE_CHECKING:
    from eventwire.api import extract
    from eventwire.document import Document, Extraction
    from eventwire.errors import DataError, EventwireError, ExtractionError, InputError
    from eventwire.pipeline import Pipeline
    from eventwire.resources import Resources
    from eventwire.stages import Context, Stage
    from eventwire.store.handle import Store
    from eventwire.store.schema import StoreError

LAZY = {
    "extract": "eventwire.api",
    "Pipeline": "eventwire.pipeline",
    "Resources": "eventwire.resources",
    "Stage": "eventwire.stages",
    "Context": "eventwire.stages",
    "Store": "eventwire.store.handle",
    "StoreError": "eventwire.store.schema",
    "Extraction": "eventwire.document",
    "Document": "eventwire.document",
    "EventwireError": "eventwire.errors",
    "InputError": "eventwire.errors",
    "ExtractionError": "eventwire.errors",
    "DataError": "eventwire.errors",
}
__all__ = ["SCHEMA", "__version__", "extract", "Pipeline", "Resources", "Stage", "Context", "Store", "StoreError",
           "Extraction", "Document", "EventwireError", "InputError", "ExtractionError", "DataError"]


def __getattr__(name: str) -> Any:
    if name in LAZY:
        value = getattr(import_module(LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
