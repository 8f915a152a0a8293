"""The corpus store: schema and migration, one transaction per document, actors and events across documents."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import duckdb
import pytest
from store_helpers import article, country, event, meeting_report, person, side

from eventwire.store import queries
from eventwire.store.clusters import MergeRule, rebuild
from eventwire.store.schema import MIGRATIONS, SCHEMA_VERSION, StoreError, open_store
from eventwire.store.search import SearchIndex
from eventwire.store.writer import Writer, encoded_items, extraction_json

COUNTED = ("documents", "actors", "actor_aliases", "actor_roles", "entities", "mentions", "events", "clusters")


@pytest.fixture
def db(tmp_path):
    return tmp_path / "corpus.duckdb"


def counts(con) -> dict[str, int]:
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTED}


def test_new_store_is_at_the_current_schema_version(db):
    con = open_store(db)
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"documents", "entities", "mentions", "events", "quotes", "times", "quantities", "errors", "clusters",
            "actors", "dyads_month", "timeline_week"} <= tables


def test_older_store_is_migrated_on_open(db):
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP DEFAULT current_timestamp)")
    for statement in MIGRATIONS[1]:
        con.execute(statement)
    con.execute("INSERT INTO schema_version (version) VALUES (1)")
    con.close()
    with pytest.raises(StoreError, match="schema version 1"):
        open_store(db, read_only=True)
    con = open_store(db)
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM dyads_day").fetchone()[0] == 0


@pytest.mark.parametrize("kind", ["text", "sqlite"])
def test_a_file_that_is_not_duckdb_is_refused_by_name(tmp_path, kind):
    import sqlite3

    bogus = tmp_path / "notes.duckdb"
    if kind == "text":
        bogus.write_text("these are my notes, not a database\n" * 200)
    else:  # DuckDB would try to download its SQLite extension for this one
        sqlite3.connect(bogus).execute("CREATE TABLE notes (line TEXT)").connection.commit()
    with pytest.raises(StoreError, match="notes.duckdb: not a DuckDB database"):
        open_store(bogus)


def test_a_store_locked_by_another_process_is_refused_clearly(db):
    open_store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match=r"corpus.duckdb: database is locked by process \d+ \(the store is being "
                                             rf"written by process {holder.pid}\)"):
            open_store(db, read_only=True)
        with pytest.raises(StoreError, match=r"corpus.duckdb: database is locked by process \d+"):
            open_store(db)
    finally:
        holder.kill()
        holder.wait()


def test_the_same_document_twice_adds_nothing(db):
    report = meeting_report("a", "2024-10-29", "Reuters", "2024-10-28")
    with Writer(db) as writer:
        assert writer.write(report) is True
        before = counts(writer.con)
        assert writer.write(report) is False
        assert counts(writer.con) == before
    assert before["documents"] == 1 and before["events"] == 1


def test_a_stored_document_clears_the_error_of_its_origin_even_from_an_earlier_run(db):
    first, second = meeting_report("a", "2024-10-29", "Reuters", "2024-10-28"), meeting_report(
        "b", "2024-10-30", "AP", "2024-10-28")
    with Writer(db) as writer:
        writer.record_error("<a>", "timed out")
        writer.record_error("<b>", "timed out")
        writer.write(first)
    with Writer(db) as writer:
        writer.write(second)
        assert writer.con.execute("SELECT origin FROM errors").fetchall() == []


def test_a_document_that_fails_midway_leaves_nothing_behind(db, monkeypatch):
    from eventwire.store.clusters import Clusterer

    report = meeting_report("a", "2024-10-29", "Reuters", "2024-10-28")
    with Writer(db) as writer:
        monkeypatch.setattr(Clusterer, "place", lambda *args: (_ for _ in ()).throw(RuntimeError("disk on fire")))
        with pytest.raises(RuntimeError):
            writer.write(report)
        assert all(n == 0 for n in counts(writer.con).values())
        monkeypatch.undo()
        assert writer.write(report) is True
        assert counts(writer.con)["events"] == 1


def merging_reports() -> list[dict]:
    """Reports that join, split and repeat clusters, in an order where later ones join earlier ones."""
    seoul = {"name": "Seoul", "country": "KOR", "lat": 37.57, "lon": 126.98}
    return [meeting_report("late", "2024-10-30", "AP", "2024-10-29", location=seoul),
            meeting_report("first", "2024-10-29", "Reuters", "2024-10-28"),
            meeting_report("accuse", "2024-10-29", "DPA", "2024-10-28", plover="ACCUSE", cameo="112", goldstein=-2.0),
            meeting_report("again", "2024-10-30", "Reuters", "2024-10-29", swap=True, goldstein=4.0),
            meeting_report("first", "2024-10-29", "Reuters", "2024-10-28"),  # the same document again
            meeting_report("weeks", "2024-11-30", "KCNA", "2024-11-29")]


def stored_rows(con) -> dict[str, list]:
    return {table: sorted(map(repr, con.execute(f"SELECT * EXCLUDE (ingested_at) FROM {table}" if table == "documents"
                                                 else f"SELECT * FROM {table}").fetchall()))
            for table in COUNTED}


def test_a_batch_stores_exactly_what_one_document_at_a_time_stores(tmp_path):
    reports = merging_reports()
    with Writer(tmp_path / "one.duckdb") as writer:
        assert [writer.write(r) for r in reports] == [True, True, True, True, False, True]
        one_by_one = stored_rows(writer.con)
    with Writer(tmp_path / "batch.duckdb") as writer:
        assert writer.write_many(reports[:2]) == [True, True]
        assert writer.write_many(reports[2:]) == [True, True, False, True]   # joins a cluster stored by the first batch
        assert stored_rows(writer.con) == one_by_one
    clusters = dict(duckdb.connect(str(tmp_path / "batch.duckdb")).execute(
        "SELECT earliest_doc, mentions FROM clusters").fetchall())
    assert clusters == {"first": 3, "accuse": 1, "weeks": 1}


def test_a_failing_batch_leaves_nothing_and_the_ingest_isolates_the_bad_record(db):
    from eventwire.ingest.batch import Summary, WritingThread

    reports = merging_reports()
    broken = meeting_report("broken", "2024-10-29", "AFP", "2024-10-28")
    broken["entities"][0].pop("id")  # the writer cannot map this entity to an actor
    with Writer(db) as writer:
        with pytest.raises(KeyError):
            writer.write_many([reports[0], broken])
        assert all(n == 0 for n in counts(writer.con).values())
        summary = Summary()
        writing = WritingThread(writer, summary, lambda: None, None)
        for record in [*reports[:3], broken, *reports[3:]]:
            writing.store(record)
        writing.close()
        assert (summary.stored, summary.skipped, summary.failed) == (5, 1, 1)
        assert writer.con.execute("SELECT origin, message LIKE 'could not be stored (KeyError%' FROM errors").fetchall() == [
            ("<broken>", True)]
        assert counts(writer.con)["documents"] == 5


def test_a_person_met_with_full_name_and_title_is_recognised_later_by_surname_and_title(db):
    first = "South Korean President Yoon Suk Yeol met Japan's prime minister in Seoul."
    later = "President Yoon told reporters the talks went well."
    other = "Yoon Mi-hyang, a lawmaker, criticised the talks."
    with Writer(db) as writer:
        writer.write(article("d1", first, "2024-10-01", "Reuters",
                             [person("e1", "Yoon Suk Yeol", first, role="President", country="KOR")], []))
        writer.write(article("d2", later, "2024-10-02", "AP", [person("e1", "Yoon", later, role="President")], []))
        writer.write(article("d3", other, "2024-10-03", "AP", [person("e1", "Yoon", other, role="lawmaker")], []))
        con = writer.con
        linked = dict(con.execute("SELECT doc_id, actor_id FROM entities").fetchall())
        assert linked["d1"] == linked["d2"] == "person:yoon suk yeol"
        assert linked["d3"] != linked["d1"]
        aliases = con.execute("SELECT alias, doc_id FROM actor_aliases WHERE actor_id = 'person:yoon suk yeol' "
                              "ORDER BY doc_id").fetchall()
        assert aliases == [("Yoon Suk Yeol", "d1"), ("Yoon", "d2")]
        roles = con.execute("SELECT role, doc_id FROM actor_roles WHERE actor_id = 'person:yoon suk yeol' "
                            "ORDER BY doc_id").fetchall()
        assert roles == [("President", "d1"), ("President", "d2")]
        listed = queries.actors(con, "KOR").records()
        assert listed[0]["id"] == "person:yoon suk yeol" and listed[0]["documents"] == 2


def test_an_ambiguous_surname_is_not_merged(db):
    texts = ["Prime Minister Kim Min-seok spoke.", "Prime Minister Kim Hwang-sik spoke.", "Prime Minister Kim spoke."]
    with Writer(db) as writer:
        for number, text in enumerate(texts):
            name = text.removeprefix("Prime Minister ").removesuffix(" spoke.")
            writer.write(article(f"d{number}", text, None, None, [person("e1", name, text, role="Prime Minister")], []))
        assert writer.con.execute("SELECT actor_id FROM entities WHERE doc_id = 'd2'").fetchone()[0] == "person:kim"


def test_reports_of_one_event_from_several_documents_become_one_cluster(db):
    with Writer(db) as writer:
        writer.write(meeting_report("late", "2024-10-30", "AP", "2024-10-29"))
        writer.write(meeting_report("first", "2024-10-29", "Reuters", "2024-10-28"))
        writer.write(meeting_report("again", "2024-10-30", "Reuters", "2024-10-29", swap=True))
        cluster = queries.run(writer.con, "SELECT * FROM clusters").records()
    assert len(cluster) == 1
    assert cluster[0]["mentions"] == 3 and cluster[0]["documents"] == 3 and cluster[0]["sources"] == 2
    assert cluster[0]["earliest_published"] == dt.date(2024, 10, 29) and cluster[0]["earliest_doc"] == "first"
    assert cluster[0]["first_day"] == dt.date(2024, 10, 28) and cluster[0]["last_day"] == dt.date(2024, 10, 29)


def test_the_merging_rule_keeps_apart_what_differs(db):
    seoul = {"name": "Seoul", "country": "KOR", "lat": 37.57, "lon": 126.98}
    busan = {"name": "Busan", "country": "KOR", "lat": 35.18, "lon": 129.08}
    moscow = {"name": "Moscow", "country": "RUS", "lat": 55.75, "lon": 37.62}
    with Writer(db) as writer:
        writer.write(meeting_report("a", "2024-10-29", "Reuters", "2024-10-28", location=seoul))
        writer.write(meeting_report("b", "2024-11-20", "Reuters", "2024-11-19", location=seoul))   # weeks later
        writer.write(meeting_report("c", "2024-10-29", "AP", "2024-10-28", location=moscow))      # elsewhere
        writer.write(meeting_report("d", "2024-10-29", "AFP", "2024-10-28", location=busan))      # 320 km away
        writer.write(meeting_report("e", "2024-10-29", "DPA", "2024-10-28", location=seoul,
                                    plover="ACCUSE", cameo="112"))                               # other family
        writer.write(meeting_report("f", "2024-10-29", "KCNA", "2024-10-28", negated=True))     # did not happen
        writer.write(meeting_report("g", "2024-10-30", "Yonhap", "2024-10-29", location=seoul))  # same event
        con = writer.con
        by_doc = dict(con.execute("SELECT doc_id, cluster_id FROM events").fetchall())
        assert by_doc["g"] == by_doc["a"]
        assert len({by_doc[d] for d in "abcde"}) == 5
        assert by_doc["f"] is None
        assert rebuild(con, MergeRule.load(window_days=30, max_km=500)) == 3   # a+b+d+g, c, e; f none
        by_doc = dict(con.execute("SELECT doc_id, cluster_id FROM events").fetchall())
        assert by_doc["a"] == by_doc["b"] == by_doc["d"] == by_doc["g"] != by_doc["c"]


def test_events_can_be_queried_by_actor_type_and_dates_and_summarised(db):
    with Writer(db) as writer:
        writer.write(meeting_report("a", "2024-10-29", "Reuters", "2024-10-28", goldstein=1.0))
        writer.write(meeting_report("b", "2024-10-29", "AP", "2024-10-28", goldstein=3.0))
        writer.write(meeting_report("c", "2024-09-02", "AP", "2024-09-01", plover="ACCUSE", cameo="112",
                                    goldstein=-2.0))
        con = writer.con
        october = queries.events(con, actor="PRK", event_type="CONSULT", since=dt.date(2024, 10, 1),
                                 until=dt.date(2024, 10, 31)).records()
        assert [e["doc_id"] for e in october] == ["a", "b"]
        assert october[0]["cluster_mentions"] == 2 and october[0]["cluster_sources"] == 2
        assert [e["doc_id"] for e in queries.events(con, actor="RUS", event_type="11").records()] == ["c"]
        assert queries.events(con, actor="KOR").rows == []
        dyads = queries.dyads(con, "month").records()
        assert [(d["period"], d["events"], d["mentions"], d["mean_goldstein"]) for d in dyads] == [
            (dt.date(2024, 9, 1), 1, 1, -2.0), (dt.date(2024, 10, 1), 1, 2, 2.0)]
        timeline = queries.timeline(con, "day", country="RUS").records()
        assert [(t["period"], t["events"]) for t in timeline] == [(dt.date(2024, 9, 1), 1), (dt.date(2024, 10, 28), 1)]


def test_event_items_with_missing_or_odd_keys_are_kept(db):
    text = "Somebody did something."
    odd = [{"cameo": "190"}, {"plover": "ASSAULT", "goldstein": "not a number", "date": "yesterday",
                              "source": "nobody", "location": {"name": "Kursk", "lat": None}}, "not even a dict"]
    with Writer(db) as writer:
        writer.write(article("odd", text, "2024-08-06", None, [], odd))
        rows = queries.run(writer.con, "SELECT idx, cameo, family, plover, goldstein, day, location_name, item "
                                       "FROM events ORDER BY idx").records()
    assert [(r["cameo"], r["family"], r["plover"]) for r in rows] == [("190", "19", None), (None, "ASSAULT", "ASSAULT"),
                                                                      (None, None, None)]
    assert rows[1]["goldstein"] is None and rows[1]["location_name"] == "Kursk"
    assert rows[0]["day"] == dt.date(2024, 8, 6)


def test_the_stored_extraction_json_is_the_records_json_without_its_text():
    record = article("odd", "Somebody did something.", "2024-08-06", None, [],
                     [{"cameo": "190", "trigger": {"text": "Kursk – «ß»"}}, "not even a dict", 1.5])
    record.update({"quotes": None, "times": {"not": "a list"}, "quantities": [], "extra": [float("nan")]})
    without_text = {**record, "document": {k: v for k, v in record["document"].items() if k != "text"}}
    assert extraction_json(record, encoded_items(record)) == json.dumps(without_text, ensure_ascii=False)


def test_values_arrow_cannot_type_as_one_column_are_cast_by_duckdb(db):
    text = "Kim met Putin."
    record = article("mixed", text, "2024-08-06", None, [person("e1", "Kim", text), person("e2", "Putin", text)], [])
    record["entities"][1]["mentions"][0]["start"] = "8"  # a string among integers: no single Arrow type
    with Writer(db) as writer:
        writer.write(record)
        assert writer.con.execute("SELECT entity_id, start FROM mentions ORDER BY 1").fetchall() == [("e1", 0), ("e2", 8)]


def test_sql_reads_but_never_writes(db):
    with Writer(db) as writer:
        writer.write(meeting_report("a", "2024-10-29", "Reuters", "2024-10-28"))
    con = open_store(db, read_only=True, sandbox=True)
    assert queries.read_only_sql(con, "SELECT count(*) AS n FROM events").records() == [{"n": 1}]
    for statement in ("DELETE FROM events", "DROP TABLE events", "CREATE TABLE x (a INT)",
                      "INSERT INTO errors VALUES ('a', 'b', now())", "UPDATE events SET goldstein = 0",
                      f"COPY events TO '{db.parent / 'out.csv'}'", f"ATTACH '{db.parent / 'other.db'}'"):
        with pytest.raises(StoreError, match="refused"):
            queries.read_only_sql(con, statement)
    with pytest.raises(StoreError):
        queries.read_only_sql(con, f"SELECT * FROM read_csv('{db.parent / 'any.csv'}')")
    assert not (db.parent / "out.csv").exists()


def test_full_text_search_finds_stored_documents_and_follows_kills(db):
    with Writer(db) as writer:
        writer.write(article("kursk", "Troops were sent to Kursk region.", None, None, [], []))
        writer.write(article("other", "Floods in Pakistan displaced families.", None, None, [], []))
    index = SearchIndex(db)
    assert [h.id for h in index.search("troop kursk")] == ["kursk"]
    assert {h.id for h in index.search("kursk floods", any_word=True)} == {"kursk", "other"}
    assert index.search("kursk floods") == []
    index.con.execute("DELETE FROM docs WHERE id = 'kursk'")   # as if killed between the two commits
    index.con.commit()
    index.close()
    Writer(db).close()                                          # the next writable open reconciles
    assert [h.id for h in SearchIndex(db, read_only=True).search("Kursk")] == ["kursk"]


def test_real_extractions_are_stored_with_their_actors(db, extract_text):
    texts = ["SEOUL (Reuters) - South Korean President Yoon Suk Yeol met NATO Secretary General Mark Rutte in "
             "Seoul on Monday to discuss North Korean troops in Russia.",
             "MOSCOW (Reuters) - Russian President Vladimir Putin met North Korean Foreign Minister Choe Son Hui "
             "in Moscow on Monday, the Kremlin said."]
    with Writer(db) as writer:
        for text in texts:
            assert writer.write(extract_text(text, published="2024-11-04").to_dict())
        con = writer.con
        assert counts(con)["documents"] == 2
        actor_ids = {r[0] for r in con.execute("SELECT actor_id FROM entities").fetchall()}
        assert {"country:PRK", "country:RUS"} & actor_ids
        assert con.execute("SELECT count(DISTINCT doc_id) FROM entities WHERE actor_id = 'country:PRK' "
                           "OR actor_id = 'demonym:PRK'").fetchone()[0] >= 1
        assert con.execute("SELECT published FROM documents LIMIT 1").fetchone()[0] == dt.date(2024, 11, 4)


def test_the_read_commands_print_tables_json_and_csv_and_refuse_writes(db, tmp_path):
    import json

    from typer.testing import CliRunner

    from eventwire.cli import app

    with Writer(db) as writer:
        writer.write(meeting_report("a", "2024-10-29", "Reuters", "2024-10-28"))
        writer.write(meeting_report("b", "2024-10-30", "AP", "2024-10-28"))
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, [*args, "--db", str(db)], catch_exceptions=False)

    events = json.loads(run("events", "--actor", "PRK", "--type", "CONSULT", "--since", "2024-10-01",
                            "--until", "2024-10-31", "--format", "json").stdout)
    assert [e["doc_id"] for e in events] == ["a", "b"] and events[0]["day"] == "2024-10-28"
    assert run("dyads", "--period", "week", "--format", "csv").stdout.splitlines() == [
        "period,source_country,target_country,events,mentions,mean_goldstein", "2024-10-28,PRK,RUS,1,2,1.0"]
    assert "North Korea" in run("actors", "--country", "PRK").stdout
    assert json.loads(run("search", "talks Reuters", "--format", "json").stdout)[0]["id"] == "a"
    refused = run("sql", "DROP TABLE events")
    assert refused.exit_code == 1 and "refused" in refused.stderr
    assert run("sql", "SELECT count(*) AS n FROM clusters", "--format", "csv").stdout == "n\n1\n"
    assert run("export", str(tmp_path / "out.tsv"), "--format", "gdelt").exit_code == 0
    assert "bad.duckdb: no such database" in runner.invoke(app, ["events", "--db", str(tmp_path / "bad.duckdb")]).stderr


def test_actors_are_compared_by_code_or_by_identity_as_the_rule_says(db):
    def report(doc_id: str, name: str, kb: str | None) -> dict:
        text = f"{name} hosted talks with Russia. More follows."
        host = country("e1", name, "PRK", text)
        host.kb, host.type, host.actor.code = kb, "ORG", "PRKGOV"
        return article(doc_id, text, "2024-10-29", doc_id, [host, country("e2", "Russia", "RUS", text)],
                       [event(host, country("e2", "Russia", "RUS", text), "2024-10-28")])

    with Writer(db) as writer:
        writer.write(report("a", "Pyongyang", "capital:PRK"))
        writer.write(report("b", "North Korean government", None))
        assert writer.con.execute("SELECT count(DISTINCT cluster_id) FROM events").fetchone()[0] == 1
        assert rebuild(writer.con, MergeRule.load(actors="identity")) == 2


def test_who_reported_an_event_is_kept_with_its_corpus_actor(db):
    text = "North Korea and Russia held talks, KCNA reported."
    prk, rus = country("e1", "North Korea", "PRK", text), country("e2", "Russia", "RUS", text)
    kcna = country("e3", "KCNA", "PRK", text)
    kcna.kb, kcna.type, kcna.actor.code, kcna.actor.sector = "media:KCNA", "ORG", "PRKJRN", "JRN"
    item = event(prk, rus, "2024-10-28", context=["diplomatic"], modality="intent", hypothetical=True,
                 reported_by=side(kcna)[0])
    with Writer(db) as writer:
        writer.write(article("a", text, "2024-10-29", "KCNA", [prk, rus, kcna], [item]))
        row = queries.run(writer.con, "SELECT event_id, reported_by, reported_by_actor, context, modality, cluster_id "
                                      "FROM events").records()[0]
    assert row == {"event_id": "v1", "reported_by": "KCNA", "reported_by_actor": "media:KCNA",
                   "context": ["diplomatic"], "modality": "intent", "cluster_id": None}


def test_writer_bounds_duckdb_memory(tmp_path):
    """DuckDB's buffer pool would otherwise keep every written block: an ingest would grow with its store."""
    with Writer(tmp_path / "bounded.duckdb") as writer:
        limit = writer.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    number, unit = limit.split()
    assert unit == "MiB" and float(number) < 1024


def test_people_are_found_in_the_store_not_in_memory_so_a_reopened_store_still_knows_them(db):
    first = "South Korean President Yoon Suk Yeol met Japan's prime minister in Seoul."
    later = "President Yoon told reporters the talks went well."
    with Writer(db) as writer:
        writer.write(article("d1", first, "2024-10-01", "Reuters",
                             [person("e1", "Yoon Suk Yeol", first, role="President", country="KOR")], []))
        assert writer.resolver.by_id == {}  # nothing kept between batches: memory does not grow with the corpus
    with Writer(db) as writer:
        writer.write(article("d2", later, "2024-10-02", "AP", [person("e1", "Yoon", later, role="President")], []))
        assert writer.con.execute("SELECT actor_id FROM entities WHERE doc_id = 'd2'").fetchone()[0] == \
            "person:yoon suk yeol"


def test_a_version_2_store_gets_its_people_indexed_by_name_word(db):
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP DEFAULT current_timestamp)")
    for version in (1, 2):
        for statement in MIGRATIONS[version]:
            con.execute(statement)
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
    con.execute("INSERT INTO actors (id, name, type, country) VALUES ('person:choe son hui', 'Choe Son Hui', "
                "'PERSON', 'PRK'), ('country:PRK', 'North Korea', 'GPE', 'PRK')")
    con.close()
    con = open_store(db)
    assert sorted(con.execute("SELECT word, actor_id FROM actor_name_words").fetchall()) == [
        ("choe", "person:choe son hui"), ("hui", "person:choe son hui"), ("son", "person:choe son hui")]
