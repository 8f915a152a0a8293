"""Built resources are cached by a fingerprint of their sources, rebuilt when those change, never required."""

from __future__ import annotations

import pytest

from eventwire import datacache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("EVENTWIRE_CACHE", str(folder))
    return folder


def counting_builder():
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}

    return build, calls


def test_first_run_builds_and_stores_later_runs_load(cache):
    build, calls = counting_builder()
    assert datacache.cached("thing", "k1", build) == {"built": 1}
    assert datacache.cached("thing", "k1", build) == {"built": 1}
    assert len(calls) == 1
    assert [p.name for p in cache.iterdir()] == ["thing-k1.pickle"]


def test_a_changed_data_file_changes_the_fingerprint_and_rebuilds(cache, tmp_path):
    data = tmp_path / "words.yaml"
    data.write_text("version: 1\nwords: [a]\n", encoding="utf-8")
    build, calls = counting_builder()
    first = datacache.fingerprint([data], "v1")
    datacache.cached("thing", first, build)
    data.write_text("version: 1\nwords: [a, b]\n", encoding="utf-8")
    second = datacache.fingerprint([data], "v1")
    assert second != first and datacache.fingerprint([data], "v2") != second
    assert datacache.cached("thing", second, build) == {"built": 2}
    assert [p.name for p in cache.iterdir()] == [f"thing-{second}.pickle"]  # the stale version is gone


def test_a_damaged_cache_file_is_rebuilt(cache):
    cache.mkdir()
    (cache / "thing-k1.pickle").write_bytes(b"not a pickle")
    build, calls = counting_builder()
    assert datacache.cached("thing", "k1", build) == {"built": 1}
    assert datacache.cached("thing", "k1", build) == {"built": 1} and len(calls) == 1


def test_an_unwritable_cache_only_costs_a_rebuild(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("EVENTWIRE_CACHE", str(blocker / "cache"))  # a directory cannot be made under a file
    build, calls = counting_builder()
    assert datacache.cached("thing", "k1", build) == {"built": 1}
    assert datacache.cached("thing", "k1", build) == {"built": 2}


def test_the_cached_knowledge_base_equals_a_freshly_built_one(cache):
    from eventwire.entities.kb import KnowledgeBase, knowledge_base

    knowledge_base()  # builds and stores
    loaded, fresh = knowledge_base(), KnowledgeBase()
    assert any(cache.glob("actors-*.pickle"))
    assert loaded.records == fresh.records and loaded.names == fresh.names
    assert loaded.roles == fresh.roles and loaded.agents == fresh.agents
    assert loaded.aliases() == fresh.aliases() and loaded.country_names == fresh.country_names
