"""Data files are checked when read: `version: 1`, known keys only (file:line: key, nearest key suggested)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.datapath import SHIPPED
from eventwire.errors import DataError
from eventwire.yamlfiles import format_of, load_yaml


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_data_file_has_a_format_and_passes_it():
    for path in sorted(SHIPPED.glob("*/*.yaml")):
        assert format_of(path) is not None, path
        load_yaml(path)


def test_an_unknown_entry_key_is_named_with_its_line_and_the_nearest_key(tmp_path):
    path = write(tmp_path / "actors", "countries.yaml",
                 "version: 1\ncountries:\n  PRK:\n    name: North Korea\n    alias: [DPRK]\n")
    with pytest.raises(DataError, match=r"countries.yaml:5: unknown key 'alias' \(did you mean 'aliases'\?\)"):
        load_yaml(path)


def test_an_unknown_top_level_key_and_a_missing_version_are_refused(tmp_path):
    with pytest.raises(DataError, match=r"cues.yaml:2: unknown key 'verb' \(did you mean 'verbs'\?\)"):
        load_yaml(write(tmp_path / "quotes", "cues.yaml", "version: 1\nverb: {speech: [say]}\n"))
    with pytest.raises(DataError, match=r"units.yaml: version None; eventwire reads version 1"):
        load_yaml(write(tmp_path / "quantities", "units.yaml", "scales: {}\n"))


def test_an_actor_file_with_another_name_is_refused_not_ignored(tmp_path):
    with pytest.raises(DataError, match="mine.yaml: not read .actor files are named"):
        load_yaml(write(tmp_path / "actors", "mine.yaml", "version: 1\norganisations: {}\n"))


def test_broken_yaml_names_the_line(tmp_path):
    with pytest.raises(DataError, match=r"roles.yaml:4: not valid YAML"):
        load_yaml(write(tmp_path / "actors", "roles.yaml", "version: 1\nroles:\n  - [unclosed\n"))


def test_a_user_data_directory_is_checked_when_the_pipeline_loads_it(tmp_path):
    import eventwire

    write(tmp_path / "actors", "igos.yaml", "version: 1\nigos:\n  ZZZ: {nmae: Zorblatt Union}\n")
    pipeline = eventwire.Pipeline(data=tmp_path, stages=["times"])
    with pytest.raises(DataError, match=r"igos.yaml:3: unknown key 'nmae' \(did you mean 'name'\?\)"):
        pipeline.resources.kb  # noqa: B018
