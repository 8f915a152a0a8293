"""eventwire: English news in, structured and explained event data out.

The pipeline runs small stages over one document model (see `eventwire.document`):
ingest -> NLP -> entities/actors -> time -> events -> quotes/quantities -> store.
"""

__version__ = "0.1.0"
SCHEMA = "eventwire.document/1"
