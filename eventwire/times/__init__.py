"""Time expressions: find them in the text (recognize), give them TimeML values against the
publication date (normalise), and the pipeline stage that lists them (stage)."""
