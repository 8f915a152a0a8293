"""The exceptions eventwire raises to its users, in one module that imports nothing else of eventwire.

    EventwireError          anything eventwire refuses or fails at (catch this one)
      InputError            the input cannot be processed (not English, empty, not UTF-8, a bad option value...)
      ExtractionError       eventwire itself failed on an input it accepted (a bug: please report it)
      DataError             a data file (actor lists, lexicons, patterns) is malformed

Each message fits on one line and names what it is about (a file, a line, an option); the CLI prints it as
`eventwire: error: MESSAGE`.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""


class DocumentError(EventwireError):
    """An error about one document; `origin` names it (a file, `file:line`, a URL, `<string>`)."""

    def __init__(self, origin: str, problem: str):
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem

    def __reduce__(self):  # worker processes send these back: rebuild from both arguments, not the message
        return type(self), (self.origin, self.problem)


class InputError(DocumentError):
    """A document that cannot be processed (not English, empty, not UTF-8, too long...)."""


class ExtractionError(DocumentError):
    """An accepted document on which a stage crashed."""


class DataError(EventwireError):
    """A data file eventwire cannot use: the message names the file, the line and the key."""
