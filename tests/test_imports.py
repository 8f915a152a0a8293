"""No import cycles among eventwire's modules.

The graph is read from the source with `ast`: an edge for every import a module makes when it is imported (the
module's own statements, those under `if`/`try` included; not those inside functions or classes, nor those under
`if TYPE_CHECKING:`, which never run). Importing `eventwire.a.b` also runs `eventwire/a/__init__.py`, so a module
depends on the packages above what it imports too. A cycle means one of its modules finds the other half-built
when it is imported first; shared types belong in a module of their own (eventwire/items.py, eventwire/plain.py,
eventwire/stages.py), not behind an import inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "eventwire"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def run_at_import(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """The import statements among those a module runs when it is imported."""
    found: list[ast.Import | ast.ImportFrom] = []
    for statement in body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            found.append(statement)
        elif isinstance(statement, ast.If):
            found += run_at_import(statement.orelse if is_type_checking(statement.test) else
                                   statement.body + statement.orelse)
        elif isinstance(statement, ast.Try):
            found += run_at_import(statement.body + statement.orelse + statement.finalbody
                                   + [s for handler in statement.handlers for s in handler.body])
        elif isinstance(statement, (ast.With, ast.For, ast.While)):
            found += run_at_import(statement.body)
    return found


def imported(statement: ast.Import | ast.ImportFrom, importer: str, modules: set[str], is_package: bool) -> set[str]:
    """The eventwire modules one import statement runs: what it names (a name imported from a package is a module
    when there is one of that name) and the packages above them, except the importer's own: those are being
    imported already (a package's `__init__` that imports its modules is no cycle, one of its modules that
    takes a name from that `__init__` is)."""
    if isinstance(statement, ast.Import):
        targets = {alias.name for alias in statement.names}
    else:
        base = statement.module or ""
        if statement.level:
            package = importer.split(".") if is_package else importer.split(".")[:-1]
            package = package[:len(package) - statement.level + 1]
            base = ".".join(package + ([base] if base else []))
        targets = {f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in statement.names}
    own = {".".join(importer.split(".")[:n]) for n in range(1, importer.count(".") + 1)}
    found = set()
    for target in targets & modules:
        parts = target.split(".")
        found |= {target} | ({".".join(parts[:n]) for n in range(1, len(parts))} - own)
    return found & modules


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    modules = set(paths)
    graph = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        graph[name] = {target for statement in run_at_import(tree.body)
                       for target in imported(statement, name, modules, is_package)} - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_imports_that_run():
    graph = import_graph()
    assert "eventwire.items" in graph["eventwire.document"]
    assert "eventwire.quotes.stage" in graph["eventwire.pipeline"]  # `from eventwire.quotes import stage`
    assert "eventwire.quotes" in graph["eventwire.pipeline"]  # its package runs first
    assert "eventwire.cli.extract" in graph["eventwire.cli"] and "eventwire.cli" not in graph["eventwire.cli.extract"]
    assert "eventwire.resources" not in graph["eventwire.stages"]  # under `if TYPE_CHECKING:`
    assert graph["eventwire.plain"] == set()


def test_a_cycle_is_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    assert cycles(import_graph()) == []
