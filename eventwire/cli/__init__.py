"""The `eventwire` command line: a thin shell over the library (`eventwire.Pipeline`, `eventwire.Store`).

One module per command group registers its commands on `app` (see `app.py`); `run` is the entry point.
"""

from __future__ import annotations

import logging
import sys

# each module registers its commands; imported in the order `eventwire --help` lists them
from eventwire.cli import extract  # noqa: F401
from eventwire.cli import store  # noqa: F401
from eventwire.cli import scale  # noqa: F401
from eventwire.cli import geocode  # noqa: F401
from eventwire.cli import evaluate  # noqa: F401
from eventwire.cli import serve  # noqa: F401
from eventwire.cli.app import app

log = logging.getLogger("eventwire")


def run() -> None:
    """Entry point: errors end as one line on stderr, never a traceback."""
    from eventwire.errors import EventwireError

    try:
        app()
    except KeyboardInterrupt:
        print("eventwire: interrupted", file=sys.stderr)
        sys.exit(130)
    except EventwireError as err:
        print(f"eventwire: error: {err}", file=sys.stderr)
        sys.exit(1)
    except Exception as err:  # the last line of defence; details with --verbose
        log.debug("unexpected error", exc_info=True)
        print(f"eventwire: error: {type(err).__name__}: {err}", file=sys.stderr)
        sys.exit(2)


__all__ = ["app", "run"]
