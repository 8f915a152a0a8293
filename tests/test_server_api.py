"""The HTTP API as a client uses it: an HTTP client against the app over real and hand-built stores."""

from __future__ import annotations

import csv
import io
import json
import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note that a newer httpx exists
    from fastapi.testclient import TestClient

from server_helpers import TROOP_NUMBERS, build_corpus
from store_helpers import meeting_report

from eventwire import SCHEMA
from eventwire.server.access import QueryTimeout, StoreAccess
from eventwire.server.app import create_app
from eventwire.store.writer import Writer

EXAMPLE_ID_PREFIX = "sha1:"
TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def corpus_db(pipeline, tmp_path_factory):
    return build_corpus(pipeline, tmp_path_factory.mktemp("corpus") / "corpus.duckdb")


@pytest.fixture(scope="module")
def client(corpus_db, pipeline):
    with TestClient(create_app(corpus_db, pipeline=pipeline)) as client:
        yield client


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """A hand-built store: talks between North Korea and Russia on twelve days, some placed, one negated, one
    hypothetical."""
    db = tmp_path_factory.mktemp("coded") / "coded.duckdb"
    moscow = {"name": "Moscow", "country": "RUS", "lat": 55.75, "lon": 37.62}
    records = [meeting_report(f"d{n}", f"2024-10-{n + 1:02d}", f"Source{n % 3}", f"2024-10-{n + 1:02d}",
                              location=moscow if n % 2 else None, goldstein=float(n - 6))
               for n in range(12)]
    records.append(meeting_report("neg", "2024-10-20", "Source0", "2024-10-20", negated=True))
    records.append(meeting_report("hyp", "2024-10-21", "Source1", "2024-10-21", hypothetical=True))
    with Writer(db) as writer:
        writer.write_many(records)
    with TestClient(create_app(db)) as client:
        yield client


def all_pages(client, path, **params):
    items, cursor, pages = [], None, 0
    while True:
        body = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})}).json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            return items, pages


def test_documents_are_listed_newest_first_searched_and_filtered_by_date(client):
    listed = client.get("/api/documents").json()["items"]
    assert len(listed) == 5
    assert [d["published"] for d in listed] == sorted((d["published"] for d in listed), reverse=True)
    found = client.get("/api/documents", params={"q": "troops Pentagon"}).json()["items"]
    assert {d["title"] for d in found} == {"Pentagon Says North Korea Has Sent Troops to Russia",
                                           "North Korea’s Foreign Minister Leaves for Russia amid Troop Dispatch"}
    october_19 = client.get("/api/documents", params={"since": "2024-10-19", "until": "2024-10-19"}).json()["items"]
    assert [d["title"] for d in october_19] == ["Seoul Raises Estimate of North Korean Troops in Russia"]


def test_one_document_comes_with_everything_extracted_and_each_entitys_corpus_actor(client):
    (reference,) = client.get("/api/documents", params={"q": "Choe Son Hui Moscow"}).json()["items"]
    doc = client.get(f"/api/documents/{reference['id']}").json()
    extraction = doc["extraction"]
    assert extraction["document"]["text"].startswith("North Korea’s Foreign Minister Leaves for Russia")
    choe = next(e for e in extraction["entities"] if e["name"] == "Choe Son Hui")
    assert choe["type"] == "PERSON" and choe["corpus_actor"] == "person:choe son hui"
    visit = next(e for e in extraction["events"] if e["cameo"] == "042" and e["source"][0]["name"] == "Choe Son Hui")
    assert isinstance(visit["cluster_id"], int)
    assert client.get("/api/documents/no-such-document").status_code == 404


def test_an_actor_has_aliases_dated_roles_documents_events_and_counterparts(client):
    (choe,) = [a for a in client.get("/api/actors", params={"q": "choe"}).json()["items"] if a["type"] == "PERSON"]
    actor = client.get(f"/api/actors/{choe['id']}").json()
    assert "Choe" in {a["alias"] for a in actor["aliases"]}
    assert {"role": "Foreign Minister", "first_seen": "2024-10-29"}.items() <= actor["roles"][0].items()
    assert actor["events_as_source"] and all("person:choe son hui" == e["source_actor"] for e in actor["events_as_source"])
    assert any(c["actor_id"].endswith("RUS") for c in actor["counterparts"])
    singh = client.get("/api/actors", params={"q": "Sabrina Singh"}).json()["items"][0]
    quotes = client.get(f"/api/actors/{singh['id']}").json()["quotes"]
    assert any("We are concerned" in q["text"] for q in quotes)
    assert client.get("/api/actors/person:nobody").status_code == 404


def test_event_filters_select_what_they_say(coded):
    assert coded.get("/api/events").json()["total"] == 12  # negated and hypothetical left out
    assert coded.get("/api/events", params={"include_negated": True, "include_hypothetical": True}).json()["total"] == 14
    placed = coded.get("/api/events", params={"has_location": True}).json()["items"]
    assert len(placed) == 6 and all(e["location_name"] == "Moscow" for e in placed)
    assert coded.get("/api/events", params={"bbox": "30,50,40,60"}).json()["total"] == 6
    assert coded.get("/api/events", params={"bbox": "0,0,10,10"}).json()["total"] == 0
    dated = coded.get("/api/events", params={"since": "2024-10-03", "until": "2024-10-05"}).json()["items"]
    assert sorted(e["day"] for e in dated) == ["2024-10-03", "2024-10-04", "2024-10-05"]
    for params in ({"country": "PRK"}, {"dyad": "RUS,PRK"}, {"source": "PRK", "target": "RUS"}, {"plover": "consult"},
                   {"cameo": "04"}, {"quad_class": 1}):
        assert coded.get("/api/events", params=params).json()["total"] == 12, params
    for params in ({"country": "USA"}, {"source": "RUS"}, {"cameo": "19"}, {"quad_class": 4}, {"dyad": "PRK,USA"}):
        assert coded.get("/api/events", params=params).json()["total"] == 0, params


def test_cursor_pages_cover_the_filtered_set_once_in_sort_order(coded):
    for sort in ("-day", "day", "goldstein", "-goldstein"):
        items, pages = all_pages(coded, "/api/events", sort=sort, limit=5)
        assert pages == 3 and len(items) == 12
        assert len({(e["doc_id"], e["idx"]) for e in items}) == 12
        key = "day" if "day" in sort else "goldstein"
        values = [e[key] for e in items]
        assert values == sorted(values, reverse=sort.startswith("-")), sort


def test_the_filtered_set_downloads_as_csv_and_json_lines(coded):
    response = coded.get("/api/events/download", params={"format": "csv", "has_location": True})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 6 and {r["location_name"] for r in rows} == {"Moscow"}
    lines = coded.get("/api/events/download", params={"format": "jsonl", "since": "2024-10-10"}).text.splitlines()
    assert len(lines) == 3 and all(json.loads(line)["day"] >= "2024-10-10" for line in lines)


def test_aggregations_count_the_filtered_events(coded):
    timeline = coded.get("/api/timeline", params={"period": "day", "by": "quad_class"}).json()["rows"]
    assert len(timeline) == 12 and sum(r["events"] for r in timeline) == 12 and {r["series"] for r in timeline} == {1}
    month = coded.get("/api/timeline", params={"period": "month", "by": "none"}).json()["rows"]
    assert month == [{"period": "2024-10-01", "series": None, "events": 12, "clusters": month[0]["clusters"],
                      "mean_goldstein": -0.5}]
    (edge,) = coded.get("/api/dyads").json()["edges"]
    assert (edge["source"], edge["target"], edge["events"]) == ("PRK", "RUS", 12)
    actors = coded.get("/api/dyads", params={"level": "actor"}).json()["edges"]
    assert actors[0]["source_name"] == "North Korea" and actors[0]["target_name"] == "Russia"
    (place,) = coded.get("/api/places").json()["places"]
    assert (place["name"], place["events"]) == ("Moscow", 6)


def test_bad_parameters_are_refused_with_a_message_naming_them(coded):
    for params, named in (({"limit": 1000}, "limit"), ({"cameo": "abc"}, "cameo"), ({"bbox": "1,2,3"}, "bbox"),
                          ({"bbox": "10,0,0,10"}, "bbox"), ({"cursor": "bm90IGEgY3Vyc29y"}, "cursor"),
                          ({"since": "yesterday"}, "since"), ({"quad_class": 7}, "quad_class"),
                          ({"dyad": "PRK"}, "dyad"), ({"sort": "name"}, "sort")):
        response = coded.get("/api/events", params=params)
        assert response.status_code == 422, params
        assert response.json()["detail"].startswith(named), response.json()
    download = coded.get("/api/events/download", params={"bbox": "north"})  # checked before the stream starts
    assert download.status_code == 422 and download.json()["detail"].startswith("bbox")


def test_the_story_of_a_real_world_event_lists_its_reports_in_order_with_the_numbers(client):
    stories = client.get("/api/clusters", params={"min_reports": 3, "plover": "MOBILIZE"}).json()["items"]
    troops = next(s for s in stories if s["source_country"] == "PRK" and s["target_country"] == "RUS")
    story = client.get(f"/api/clusters/{troops['id']}").json()
    published = [r["published"] for r in story["reports"]]
    assert published[:3] == ["2024-10-18", "2024-10-19", "2024-10-21"] and published == sorted(published)
    (counted,) = [n for n in story["numbers"] if n["counted"] == "troops"]
    assert [v["value"] for v in counted["values"]][:3] == TROOP_NUMBERS
    pentagon = story["reports"][2]
    assert pentagon["reported_by"] == "Pentagon" and "Pentagon" in {q["speaker_name"] for q in pentagon["quotes"]}
    assert counted["values"][2]["claimant"] == "Pentagon" and counted["values"][2]["source"] == "AP"
    assert client.get("/api/clusters/999999").status_code == 404


def test_extract_returns_the_document_schema_and_stores_nothing(client):
    before = client.get("/api/overview").json()["documents"]
    text = "North Korean Foreign Minister Choe Son Hui met Russian President Vladimir Putin in Moscow on Monday."
    result = client.post("/api/extract", json={"text": text, "published": "2024-11-04"}).json()
    assert result["schema"] == SCHEMA and result["document"]["published"] == "2024-11-04"
    assert any(e["name"] == "Choe Son Hui" and e["type"] == "PERSON" for e in result["entities"])
    page = f"<html><head><title>Talks</title></head><body><article><p>{text}</p><p>{text}</p></article></body></html>"
    assert client.post("/api/extract", json={"html": page}).status_code == 200
    assert client.get("/api/overview").json()["documents"] == before
    both = client.post("/api/extract", json={"text": text, "html": page})
    assert both.status_code == 422 and "exactly one of 'text' and 'html'" in both.json()["detail"]
    assert client.post("/api/extract", json={"text": "   "}).json()["detail"] == "empty (no text to analyse)"


def test_request_bodies_are_bounded(corpus_db, pipeline):
    with TestClient(create_app(corpus_db, pipeline=pipeline, max_body=1000)) as small:
        response = small.post("/api/extract", json={"text": "Talks were held. " * 200})
        assert response.status_code == 413 and "1,000 bytes" in response.json()["detail"]


def test_ingest_is_off_by_default_and_needs_the_token_when_on(tmp_path, pipeline, corpus_db, client):
    article = {"text": "Japan and South Korea agreed on Tuesday to share missile warning data, officials said.",
               "published": "2024-11-05", "url": "https://example.org/warning-data"}
    assert client.post("/api/documents", json=article).status_code == 403
    db = tmp_path / "ingest.duckdb"
    Writer(db).close()
    with TestClient(create_app(db, allow_ingest=True, token=TOKEN, pipeline=pipeline)) as writable:
        assert writable.get("/api/overview").json()["documents"] == 0  # an answer kept until the store changes
        assert writable.post("/api/documents", json=article).status_code == 401
        assert writable.post("/api/documents", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        (first,) = writable.post("/api/documents", json=article, headers=auth).json()["results"]
        assert writable.get("/api/overview").json()["documents"] == 1
        assert first == {"id": "https://example.org/warning-data", "stored": True, "events": first["events"]}
        batch = {"documents": [article, {"text": ""}, {"text": "Protesters marched in Nairobi on Sunday."}]}
        results = writable.post("/api/documents", json=batch, headers=auth).json()["results"]
        assert results[0]["stored"] is False and results[1]["error"] == "empty (no text to analyse)"
        assert results[2]["stored"] is True
        assert writable.get("/api/overview").json()["documents"] == 2
    with pytest.raises(ValueError):
        create_app(db, allow_ingest=True)


def test_cors_is_off_unless_asked(corpus_db):
    origin = {"Origin": "https://elsewhere.example"}
    with TestClient(create_app(corpus_db)) as closed:
        assert "access-control-allow-origin" not in closed.get("/api/overview", headers=origin).headers
    with TestClient(create_app(corpus_db, cors_origins=["https://elsewhere.example"])) as open_:
        assert open_.get("/api/overview", headers=origin).headers["access-control-allow-origin"] == origin["Origin"]


def test_a_read_running_past_the_time_limit_is_interrupted(corpus_db):
    access = StoreAccess(corpus_db, query_seconds=0.3)
    try:
        with pytest.raises(QueryTimeout, match="longer than 0.3 s"):
            access.rows("SELECT count(*) FROM range(1000000000000) a")
        assert access.one("SELECT count(*) AS n FROM documents")["n"] == 5  # the store is still usable
    finally:
        access.close()


def test_the_docs_page_uses_the_local_swagger_ui(client):
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/openapi.json").json()["info"]["title"] == "eventwire"


def test_a_cursor_works_only_with_the_sort_it_came_from(coded):
    cursor = coded.get("/api/events", params={"sort": "-goldstein", "limit": 2}).json()["next_cursor"]
    refused = coded.get("/api/events", params={"sort": "-day", "cursor": cursor})
    assert refused.status_code == 422 and "another sort order" in refused.json()["detail"]
    from eventwire.server.filters import encode_cursor

    forged = encode_cursor(["e.day", 12.5, "d1", 0])  # the right sort, a value of the wrong type
    assert coded.get("/api/events", params={"cursor": forged}).status_code == 422


def test_an_answer_is_kept_until_the_store_changes_and_the_cache_can_be_off(corpus_db):
    with TestClient(create_app(corpus_db)) as cached:
        first, second = (cached.get("/api/timeline", params={"by": "quad_class"}) for _ in range(2))
        assert (first.headers["X-Answer"], second.headers["X-Answer"]) == ("computed", "kept")
        assert first.json() == second.json()
        assert cached.get("/api/timeline", params={"by": "type"}).headers["X-Answer"] == "computed"
    with TestClient(create_app(corpus_db, cache_bytes=0)) as uncached:
        assert {uncached.get("/api/overview").headers["X-Answer"] for _ in range(2)} == {"computed"}


class FailingPipeline:
    """A pipeline whose stages fail on every document, as a bug would."""

    def extract_many(self, raws):
        from eventwire.errors import ExtractionError

        return [ExtractionError(raw.origin, "internal error while extracting (ValueError: boom)") for raw in raws]


def test_a_stage_failing_is_a_server_error_for_extract_and_a_result_for_ingest(tmp_path):
    db = tmp_path / "failing.duckdb"
    Writer(db).close()
    with TestClient(create_app(db, allow_ingest=True, token=TOKEN, pipeline=FailingPipeline())) as failing:
        response = failing.post("/api/extract", json={"text": "Talks were held in Geneva on Monday."})
        assert response.status_code == 500 and "ValueError: boom" in response.json()["detail"]
        (result,) = failing.post("/api/documents", json={"text": "Talks were held in Geneva on Monday."},
                                 headers={"Authorization": f"Bearer {TOKEN}"}).json()["results"]
        assert result == {"origin": "<request #1>", "error": "internal error while extracting (ValueError: boom)"}
