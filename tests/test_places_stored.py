"""The gazetteer read from its SQLite cache file answers exactly as the one built in memory."""

from __future__ import annotations

from pathlib import Path

from eventwire import datacache
from eventwire.places import stored
from eventwire.places.gazetteer import Gazetteer, Place

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def small_gazetteer() -> Gazetteer:
    places = [
        Place(2988507, "Paris", 48.85341, 2.3488, "city", "FRA", "Île-de-France", 2138551, 3012874),
        Place(4717560, "Paris", 33.66094, -95.55551, "city", "USA", "Texas", 24782, 4736286),
        Place(None, "Quietwater camp", 12.5, 30.0, "region", "SDN", None, 1_000_000),
        Place(3017382, "France", 46.0, 2.0, "country", "FRA", None, 66_000_000),
    ]
    names = {"paris": [0, 1], "quietwater camp": [2], "france": [3], "république française": [3]}
    return Gazetteer(places, names, {"paris": [0]}, {2988507})


def test_stored_gazetteer_answers_like_the_built_one(tmp_path):
    built = small_gazetteer()
    stored.save(built, tmp_path / "places.sqlite")
    loaded = stored.open_stored(tmp_path / "places.sqlite")
    for name in ["Paris", "paris", "Quietwater Camp", "République française", "Nowhere"]:
        assert loaded.candidates(name) == built.candidates(name)
    assert loaded.divisions_seated_at("Paris") == built.divisions_seated_at("Paris")
    assert loaded.capitals == {2988507}
    assert loaded.country("FRA") == built.country("FRA") and loaded.by_id(4717560) == built.by_id(4717560)
    assert list(loaded.places) == built.places and len(loaded.places) == 4
    assert dict(loaded.names) == built.names and len(loaded.names) == 4 and "nowhere" not in loaded.names
    assert all(type(p.lat) is float and type(p.population) is int for p in loaded.places)


def test_a_damaged_sqlite_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path))
    (tmp_path / "places-k1.sqlite").write_bytes(b"not a database at all" * 100)
    calls = []

    def build():
        calls.append(1)
        return small_gazetteer()

    first = datacache.cached("places", "k1", build, save=stored.save, load=stored.open_stored, suffix="sqlite")
    again = datacache.cached("places", "k1", build, save=stored.save, load=stored.open_stored, suffix="sqlite")
    assert len(calls) == 1 and first.candidates("Paris") == again.candidates("Paris")
    assert [p.name for p in tmp_path.iterdir()] == ["places-k1.sqlite"]


def test_an_open_gazetteer_keeps_reading_when_its_file_is_replaced(tmp_path):
    import threading

    path = tmp_path / "places.sqlite"
    stored.save(small_gazetteer(), path)
    loaded = stored.open_stored(path)
    path.unlink()  # another process rebuilt the cache and removed this version
    answers = []
    reader = threading.Thread(target=lambda: answers.append(loaded.candidates("Quietwater camp")))
    reader.start()
    reader.join()
    assert [p.name for p in answers[0]] == ["Quietwater camp"]


def test_what_was_read_is_kept_up_to_a_bound_and_read_again_after(tmp_path, monkeypatch):
    monkeypatch.setattr(stored, "PLACES_KEPT", 2)
    monkeypatch.setattr(stored, "NAMES_KEPT", 2)
    monkeypatch.setattr(stored, "ABSENT_KEPT", 2)
    built = small_gazetteer()
    stored.save(built, tmp_path / "places.sqlite")
    loaded = stored.open_stored(tmp_path / "places.sqlite")
    for _ in range(2):  # the second round reads again what the bound made it forget
        for name in ["Paris", "Quietwater Camp", "France", "Nowhere", "Elsewhere", "Atlantis"]:
            assert loaded.candidates(name) == built.candidates(name)
        for position in range(4):
            assert loaded.places[position] == built.places[position]
        assert len(loaded.places.read) <= 2 and len(loaded.names.read) <= 2 and len(loaded.names.absent) <= 2
