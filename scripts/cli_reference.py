"""Write docs/cli.md, the reference of every `eventwire` command and option, from the typer app itself.

    python scripts/cli_reference.py            # rewrite docs/cli.md
    python scripts/cli_reference.py --check    # exit 1 when docs/cli.md differs from what the app says

The page is generated rather than written so that it cannot drift from the code: click's own description of the
application (`typer.main.get_command`) gives every command, argument and option with its help, and
tests/test_docs.py fails when the page is out of date. Run it after adding or changing an option.
Typer carries its own copy of click, so commands and parameters are told apart by click's attributes
(`list_commands`, `param_type_name`), not by the classes of a separately installed click.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.text import Text

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "cli.md"
PROGRAM = "eventwire"
HEADER = f"""# `{PROGRAM}` command reference

Generated from the application by `python scripts/cli_reference.py`; do not edit by hand (tests/test_docs.py
fails when this page and the code differ). `{PROGRAM} COMMAND --help` prints the same on a terminal.
"""


def application():
    """The click group behind the `eventwire` typer app, every command module registered."""
    from eventwire.cli import app

    return typer.main.get_command(app)


def commands(group, path: tuple[str, ...] = (PROGRAM,)) -> Iterator[tuple]:
    """(name path, command) of the group and everything below it, depth first, in the order `--help` lists them."""
    yield path, group
    for name, command in subcommands(group, path):
        if is_group(command):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


def is_group(command) -> bool:
    return hasattr(command, "list_commands")


def subcommands(group, path: tuple[str, ...]) -> list[tuple]:
    """(name, command) of the group's visible commands, in the order `--help` lists them."""
    context = group.context_class(group, info_name=path[-1])
    found = [(name, group.get_command(context, name)) for name in group.list_commands(context)]
    return [(name, command) for name, command in found if command is not None and not command.hidden]


def plain(markup: str | None) -> str:
    """Help text without typer's rich markup (`[bold]Examples[/bold]`)."""
    return Text.from_markup(markup or "").plain.strip()


def cell(text: str) -> str:
    """One markdown table cell: a single line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def option_names(param) -> str:
    names = ", ".join(f"`{name}`" for name in param.opts)
    if getattr(param, "secondary_opts", None):
        names += " / " + ", ".join(f"`{name}`" for name in param.secondary_opts)
    return names


def value_kind(param, context) -> str:
    """What the parameter takes as `--help` shows it (`<int>`, `<local|dask>`), or "flag"."""
    if getattr(param, "is_flag", False):
        return "flag"
    kind = f"`{param.display_type(context)}`".replace("|", "\\|")
    return f"{kind}, repeatable" if getattr(param, "multiple", False) else kind


def default_text(param) -> str:
    """The default as `--help` would show it. Left out when the help states the default in words (such as "the
    number of cores"): the value would then be this machine's, and the page must not depend on the machine."""
    help_text = (getattr(param, "help", None) or "").lower()
    if "default" in help_text or param.default is None or getattr(param, "show_default", True) is False:
        return ""
    if getattr(param, "is_flag", False) and param.default is False:
        return ""
    value = param.default
    if isinstance(value, (list, tuple)):
        return ", ".join(f"`{item}`" for item in value) if value else ""
    return f"`{getattr(value, 'value', value)}`"




def section(path: tuple[str, ...], command) -> str:
    """The markdown of one command: title, usage, help, arguments and options."""
    context = command.context_class(command, info_name=" ".join(path))
    usage = " ".join([*path, *command.collect_usage_pieces(context)])
    lines = [f"## `{' '.join(path)}`", "", "```text", usage, "```", ""]
    if command.help:
        lines += ["```text", plain(command.help), "```", ""]
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    options = [p for p in command.params if p.param_type_name == "option" and not p.hidden]
    if arguments:
        lines += ["| argument | takes | help |", "|---|---|---|"]
        lines += [f"| `{p.name.upper()}` | {value_kind(p, context)} | {cell(plain(getattr(p, 'help', None)))} |"
                  for p in arguments]
        lines.append("")
    if options:
        lines += ["| option | takes | default | help |", "|---|---|---|---|"]
        lines += [f"| {option_names(p)} | {value_kind(p, context)} | {default_text(p)} | {cell(plain(p.help))}"
                  f"{' (environment: `' + p.envvar + '`)' if isinstance(p.envvar, str) else ''} |" for p in options]
        lines.append("")
    if is_group(command):
        lines += ["Commands: " + ", ".join(f"[`{name}`](#{anchor((*path, name))})"
                                         for name, _ in subcommands(command, path)), ""]
    return "\n".join(lines)


def anchor(path: tuple[str, ...]) -> str:
    """The anchor GitHub gives the heading of `path` (backticks dropped, spaces become hyphens)."""
    return "-".join(path).lower()


def render(group=None) -> str:
    """The whole page."""
    group = group or application()
    return HEADER + "\n" + "\n".join(section(path, command) for path, command in commands(group)).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with docs/cli.md instead of writing it")
    args = parser.parse_args()
    page = render()
    if args.check:
        current = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else ""
        if current != page:
            print(f"{REFERENCE.relative_to(ROOT)} is out of date: run `python scripts/cli_reference.py`", file=sys.stderr)
            return 1
        return 0
    REFERENCE.write_text(page, encoding="utf-8")
    print(f"wrote {REFERENCE.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
