"""`python -m eventwire.cli`."""

from eventwire.cli import run

run()
