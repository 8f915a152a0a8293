"""Turning files, HTML pages and JSONL lines into `Document`s, with clear errors."""
