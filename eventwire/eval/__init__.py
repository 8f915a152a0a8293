"""Scoring eventwire's stages on public gold sets."""
