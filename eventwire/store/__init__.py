"""The corpus store: an embedded DuckDB file (one file, no server) with a full-text side index.

`schema` defines and migrates the tables, `writer` stores one extraction per transaction,
`actors` and `clusters` resolve actors and events across documents, `search`, `queries`
and `export` read it back.
"""
