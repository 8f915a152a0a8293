"""The Python API: `eventwire.extract`, `Pipeline` with data overlays and stage subsets, errors, `Store`."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import eventwire
from eventwire.datapath import SHIPPED, DataPath
from eventwire.errors import DataError, EventwireError, ExtractionError, InputError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nk-russia-reuters.txt"
STORY = ("SEOUL (Reuters) - North Korea sent troops to Russia, South Korea said on Tuesday, and President Yoon Suk Yeol "
         "called the deployment a grave threat to the security of the region.")


def test_import_loads_nothing_heavy():
    """`import eventwire` must not import spaCy or DuckDB: the names load on first use."""
    code = "import sys, eventwire; print(any(m in sys.modules for m in ('spacy', 'duckdb', 'typer')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
    assert "Pipeline" in dir(eventwire) and "extract" in eventwire.__all__


def test_every_public_name_resolves():
    for name in eventwire.__all__:
        assert getattr(eventwire, name) is not None
    with pytest.raises(AttributeError):
        eventwire.no_such_name  # noqa: B018


def test_extract_a_string(pipeline):
    doc = eventwire.extract(STORY, published="2024-10-29")
    assert isinstance(doc, eventwire.Extraction)
    names = [e.name for e in doc.entities]
    assert "North Korea" in names and "Yoon Suk Yeol" in names
    assert doc.events[0].source[0].country == "PRK"
    assert doc.to_dict()["schema"] == eventwire.SCHEMA and '"North Korea"' in doc.to_json()


def test_extract_a_dict_a_path_and_html_give_the_same_text(pipeline):
    from_dict = eventwire.extract({"text": STORY, "title": "Troops", "id": "a1", "published": "2024-10-29"})
    assert (from_dict.document.id, from_dict.document.title, from_dict.document.published) == \
           ("a1", "Troops", "2024-10-29")
    from_path = eventwire.extract(EXAMPLE, published="2024-10-29")
    from_name = eventwire.extract(str(EXAMPLE), published="2024-10-29")
    assert from_path.to_dict() == from_name.to_dict()
    page = f"<!DOCTYPE html><html><head><title>Troops</title></head><body><article><p>{STORY}</p>" \
           f"<p>{STORY}</p></article></body></html>"
    assert "North Korea" in eventwire.extract(page).document.text


def test_title_url_and_id_fill_what_a_string_lacks(pipeline):
    doc = eventwire.extract(STORY, title="Troops", url="https://example.org/a", id="x1")
    assert (doc.document.title, doc.document.url, doc.document.id) == ("Troops", "https://example.org/a", "x1")


def test_bad_input_raises_input_error_with_the_cli_message():
    with pytest.raises(InputError, match=r"<string>: empty \(no text to analyse\)"):
        eventwire.extract("   ")
    with pytest.raises(InputError, match="lacks a 'text' string"):
        eventwire.extract({"title": "no text"})
    with pytest.raises(InputError, match="cannot read a int"):
        eventwire.extract(42)  # type: ignore[arg-type]
    assert issubclass(InputError, EventwireError) and issubclass(ExtractionError, EventwireError)


def test_a_failing_stage_raises_extraction_error(pipeline):
    def broken(ctx):
        raise RuntimeError("boom")

    staged = eventwire.Pipeline(stages=["entities", eventwire.Stage("broken", broken)], resources=pipeline.resources)
    with pytest.raises(ExtractionError, match=r"internal error while extracting \(RuntimeError: boom\)"):
        staged.extract(STORY)


def test_errors_survive_pickling():
    """Worker processes send errors back to the parent."""
    for error in (InputError("a.txt", "empty"), ExtractionError("b.txt", "boom")):
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), copy.origin, copy.problem, str(copy)) == (type(error), error.origin, error.problem,
                                                                        str(error))


def test_a_subset_of_stages(pipeline):
    staged = eventwire.Pipeline(stages=["entities", "times"], resources=pipeline.resources)
    doc = staged.extract(STORY, published="2024-10-29")
    assert doc.entities and doc.times and not doc.events and not doc.quotes
    assert staged.stage_names == ("entities", "times")
    assert eventwire.Pipeline(stages="times", resources=pipeline.resources).extract(STORY).times


@pytest.mark.parametrize("stages, message", [
    (["events"], "stage 'events' requires 'entities': add a stage that assigns it"),
    (["quotes", "entities"], "stage 'quotes' requires 'entities': put 'entities' before it"),
    (["entities", "events", "times"], "stage 'events' reads 'times', which 'times' assigns later"),
    (["entites"], "unknown stage 'entites' (did you mean 'entities'?)"),
    (["times", "times"], "stage 'times' is given twice"),
])
def test_stage_order_is_checked_when_the_pipeline_is_built(pipeline, stages, message):
    with pytest.raises(EventwireError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        eventwire.Pipeline(stages=stages, resources=pipeline.resources)


def test_extract_many_takes_strings_and_dicts_and_reports_bad_items_in_place(pipeline):
    results = list(pipeline.extract_many([STORY, {"text": ""}, {"text": STORY, "id": "d"}]))
    assert isinstance(results[0], eventwire.Extraction) and results[2].document.id == "d"
    assert isinstance(results[1], InputError) and results[1].origin == "<item 2>"


@pytest.mark.slow
def test_extract_many_in_worker_processes_gives_the_same_results_in_order(pipeline):
    texts = [STORY, STORY.replace("Tuesday", "Monday"), "   ", STORY.replace("Russia", "Ukraine")]
    alone = [r.to_dict() if isinstance(r, eventwire.Extraction) else str(r) for r in pipeline.extract_many(texts)]
    shared = [r.to_dict() if isinstance(r, eventwire.Extraction) else str(r)
              for r in pipeline.extract_many(texts, workers=2)]
    assert shared == alone and alone[2] == "<item 3>: empty (no text to analyse)"


def test_worker_processes_refuse_a_stage_of_the_users_own(pipeline):
    """A worker builds its stages by name: one the user wrote cannot reach it."""
    mine = eventwire.Pipeline(stages=["entities", eventwire.Stage("mine", lambda ctx: None)],
                              resources=pipeline.resources)
    with pytest.raises(EventwireError, match="runs eventwire's own stages only"):
        next(mine.extract_many([STORY], workers=2))


def test_user_data_adds_actors(tmp_path, pipeline):
    actors = tmp_path / "actors"
    actors.mkdir()
    (actors / "organisations.yaml").write_text("version: 1\norganisations:\n  Zorblatt Brigade: {aliases: [Zorblatt], "
                                      "country: UKR, sector: REB}\n", encoding="utf-8")
    mine = eventwire.Pipeline(data=tmp_path, stages=["entities"])
    text = "The Zorblatt Brigade attacked a convoy near Kharkiv on Monday, officials said."
    found = {e.name: e.actor for e in mine.extract(text).entities}
    assert found["Zorblatt Brigade"].code == "UKRREB"
    shipped = {e.name: e.actor for e in pipeline.extract(text).entities}
    assert shipped.get("Zorblatt Brigade") is None or shipped["Zorblatt Brigade"].code != "UKRREB"


def test_data_path_overlays_files_and_adds_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_DATA", "")
    (tmp_path / "quotes").mkdir()
    (tmp_path / "quotes" / "cues.yaml").write_text("version: 1\n", encoding="utf-8")
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "extra.yaml").write_text("version: 1\n", encoding="utf-8")
    path = DataPath.chain(tmp_path)
    assert path.file("quotes/cues.yaml") == tmp_path.resolve() / "quotes" / "cues.yaml"
    assert path.file("events/patterns.yaml") == SHIPPED / "events" / "patterns.yaml"
    assert path.files("actors")[-1] == tmp_path.resolve() / "actors" / "extra.yaml"
    assert SHIPPED / "actors" / "countries.yaml" in path.files("actors")
    assert path.folders("actors") == (SHIPPED / "actors", tmp_path.resolve() / "actors")


def test_data_path_reads_the_environment_and_refuses_a_missing_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_DATA", str(tmp_path))
    assert DataPath.chain().user_dirs == (tmp_path.resolve(),)
    with pytest.raises(DataError, match="no-such-dir: no such data directory"):
        DataPath.chain(tmp_path / "no-such-dir")


def test_store_ingests_and_answers(tmp_path):
    store = eventwire.Store(tmp_path / "news.duckdb")
    summary = store.ingest([EXAMPLE], workers=1, published="2024-10-29")
    assert (summary.stored, summary.failed) == (1, 0)
    events = store.events(actor="PRK", since="2024-10-01").records()
    assert events and all("PRK" in (e["source_code"] or "") + (e["target_code"] or "") for e in events)
    assert store.actors(country="KOR").records()
    assert store.sql("SELECT count(*) AS n FROM documents").records() == [{"n": 1}]
    assert store.search("troops")[0].title
    assert store.export(tmp_path / "events.csv") == len(store.events().rows)
    with pytest.raises(eventwire.StoreError, match="not an ISO date"):
        store.events(since="October")
