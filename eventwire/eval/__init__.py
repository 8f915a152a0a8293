"""Scoring eventwire's stages against public gold sets (`eventwire eval ...`)."""
