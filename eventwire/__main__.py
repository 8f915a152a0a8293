"""`python -m eventwire` is the `eventwire` command."""

from eventwire.cli import run

run()
