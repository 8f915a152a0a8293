"""The documentation stays true: docs/cli.md matches the application, and the README's tours run as pasted.

The tours are the fenced blocks after `<!-- tour: cli -->` and `<!-- tour: python -->` in README.md. Each runs in
a folder of its own holding what a checkout holds for it (`examples/`, `.venv`), with the session's cache.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from paths_helpers import ROOT

from scripts.cli_reference import REFERENCE, application, commands, render

REGENERATE = "run `python scripts/cli_reference.py` and commit docs/cli.md"
README = ROOT / "README.md"
STORE_DOC = ROOT / "docs" / "store.md"
GDELT_EVENT_COLUMNS = 61


def tour(name: str) -> str:
    """The fenced block after the README's `<!-- tour: NAME -->` marker."""
    found = re.search(rf"<!-- tour: {name} -->\s*```\w*\n(.*?)\n```", README.read_text(encoding="utf-8"), re.S)
    assert found, f"README.md has no fenced block after <!-- tour: {name} -->"
    return found.group(1)


def checkout_folder(tmp_path: Path) -> Path:
    """A folder with the checkout's examples and this interpreter's virtual environment, as the tours expect."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("the CLI tour activates .venv: run the tests from the virtual environment (make test)")
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    (tmp_path / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    return tmp_path


def sections(page: str) -> dict[str, str]:
    """docs/cli.md split by command: heading text (`eventwire ingest`) -> its section."""
    parts = re.split(r"^## `([^`]+)`$", page, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_cli_reference_is_up_to_date():
    assert REFERENCE.read_text(encoding="utf-8") == render(), f"docs/cli.md is out of date: {REGENERATE}"


def test_every_command_and_option_is_in_the_cli_reference():
    documented = sections(REFERENCE.read_text(encoding="utf-8"))
    missing = []
    for path, command in commands(application()):
        name = " ".join(path)
        section = documented.get(name)
        if section is None:
            missing.append(name)
            continue
        missing += [f"{name} {option}" for param in command.params if not getattr(param, "hidden", False)
                    for option in [*getattr(param, "opts", []), *getattr(param, "secondary_opts", [])]
                    if param.param_type_name == "option" and f"`{option}`" not in section]
    assert not missing, f"missing from docs/cli.md: {', '.join(missing)}; {REGENERATE}"


def test_render_names_the_commands_of_a_sub_application():
    """`eventwire eval` is a group: its commands get sections of their own, linked from the group's."""
    page = render()
    assert "## `eventwire eval ner`" in page
    assert "[`ner`](#eventwire-eval-ner)" in sections(page)["eventwire eval"]


def test_json_format_names_every_field_of_the_schema():
    """docs/json-format.md describes the JSON document: a field added to the schema must be described there too."""
    page = (ROOT / "docs" / "json-format.md").read_text(encoding="utf-8")
    missing = []
    for schema_file in sorted((ROOT / "eventwire" / "schema").rglob("*.json")):
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        for node in [schema, *(schema.get("$defs") or {}).values()]:
            missing += [f"{schema_file.name}: {field}" for field in node.get("properties") or {}
                        if not re.search(rf"\b{re.escape(field)}\b", page)]
    assert not missing, f"fields missing from docs/json-format.md: {', '.join(missing)}"


@pytest.mark.slow
def test_readme_cli_tour_runs_as_pasted(tmp_path):
    folder = checkout_folder(tmp_path)
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", tour("cli")], cwd=folder, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, f"the README's CLI tour failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    assert json.loads((folder / "story.json").read_text(encoding="utf-8"))["schema"] == "eventwire.document/1"
    assert "PRKGOV" in result.stdout and "CONSULT" in result.stdout
    with (folder / "events.csv").open(encoding="utf-8", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert rows and any(row["source_country"] == "PRK" for row in rows)
    columns_doc = STORE_DOC.read_text(encoding="utf-8").split("## Export columns", 1)[-1].split("\n## ", 1)[0]
    undocumented = [column for column in rows[0] if not re.search(rf"\b{column}\b", columns_doc)]
    assert not undocumented, f"export columns missing from docs/store.md, 'Export columns': {', '.join(undocumented)}"
    gdelt = (folder / "events.export.CSV").read_text(encoding="utf-8").splitlines()
    assert gdelt and {len(line.split("\t")) for line in gdelt} == {GDELT_EVENT_COLUMNS}


@pytest.mark.slow
def test_readme_python_tour_runs_as_pasted(tmp_path):
    folder = checkout_folder(tmp_path)
    (folder / "tour.py").write_text(tour("python") + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "tour.py"], cwd=folder, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"the README's Python tour failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    lines = result.stdout.splitlines()
    assert lines[0].startswith("CONSULT ")
    assert any(line.startswith("lima [('Lima', 'PER')") for line in lines)
    assert "'plover':" in lines[-1] and "PRK" in lines[-1]
