"""The web UI as an analyst uses it, in headless Chromium against the fixture corpus."""

from __future__ import annotations

import httpx
from server_helpers import TROOP_NUMBERS


def api(base_url: str, path: str, **params):
    return httpx.get(f"{base_url}{path}", params=params, timeout=60).json()


def reference_id(base_url: str) -> str:
    (hit,) = api(base_url, "/api/documents", q="Choe Son Hui Moscow")["items"]
    return hit["id"]


def chart_points(page, selector: str) -> int:
    """Data points of the first series of the ECharts chart in `selector`."""
    return page.evaluate(f"""() => {{
        const chart = echarts.getInstanceByDom(document.querySelector({selector!r}));
        return chart.getOption().series.reduce((n, s) => n + s.data.filter((d) => d !== 0 && d !== null).length, 0);
    }}""")


def test_the_reader_shows_choe_son_hui_as_a_person_and_her_visit_as_an_event(page, base_url):
    view = page.open(f"#/reader/{reference_id(base_url)}")
    view.locator("#doc-title", has_text="North Korea’s Foreign Minister Leaves for Russia").wait_for()
    assert view.locator("#article .h-PERSON", has_text="Choe Son Hui").count() >= 1
    assert view.locator("#article .h-trigger").count() >= 5
    assert view.locator("#article .h-quote").count() >= 1 and view.locator("#article .h-number").count() >= 1
    visit = view.locator("[data-group=events] button", has_text="Choe Son Hui →").filter(has_text="042").first
    visit.click()
    provenance = view.locator("#provenance")
    provenance.get_by_text("042 Make a visit (CONSULT)").wait_for()
    assert "Rule" in provenance.inner_text() and "person:choe son hui" in provenance.inner_text()
    assert view.locator("#article .sel").count() >= 1  # the trigger is marked in the text, with its two sides
    assert "Choe Son Hui" in view.locator("#article .arg-source").all_inner_texts()
    assert view.locator("#article .arg-target").count() >= 1
    page.shot("reader")


def test_the_side_panel_works_from_the_keyboard(page, base_url):
    view = page.open(f"#/reader/{reference_id(base_url)}")
    person = view.locator("[data-group=entities] button", has_text="Choe Son Hui").first
    person.focus()
    view.keyboard.press("Enter")
    view.locator("#provenance h3", has_text="Choe Son Hui (PERSON)").wait_for()
    assert person.get_attribute("aria-pressed") == "true"


def test_filtering_the_explorer_by_north_korea_shows_its_events(page, base_url):
    view = page.open("#/explorer")
    view.fill("input[name=country]", "PRK")
    view.click("form.filters button[type=submit]")
    view.wait_for_url("**country=PRK**")
    view.locator("tbody tr").first.wait_for()
    expected = api(base_url, "/api/events", country="PRK", limit=50)
    rows = view.locator("tbody tr")
    assert rows.count() == len(expected["items"]) > 0
    assert f"{expected['total']} rows in all" in view.inner_text("main")
    shown_sentences = [rows.nth(i).locator("td").nth(5).inner_text() for i in range(rows.count())]
    assert shown_sentences == [e["sentence"] for e in expected["items"]]
    assert all("PRK" in (e["source_country"], e["target_country"]) for e in expected["items"])
    csv_link = view.get_by_role("link", name="CSV").get_attribute("href")
    assert "country=PRK" in csv_link and httpx.get(f"{base_url}{csv_link}", timeout=60).text.count("\n") == expected["total"] + 1
    page.shot("explorer")
    rows.first.locator("td").nth(5).locator("a").click()  # each row opens its sentence in its article
    view.locator("#article .focus-sentence").first.wait_for()
    assert view.locator("#provenance h3").first.is_visible()


def test_timeline_dyads_network_and_map_render_non_empty(page):
    view = page.open("#/timeline")
    view.locator("#timeline-chart canvas").wait_for()
    assert chart_points(view, "#timeline-chart") > 0
    page.shot("timeline")
    view = page.open("#/dyads?a=PRK&b=RUS&period=week")
    view.locator("#dyad-chart canvas").wait_for()
    assert chart_points(view, "#dyad-chart") > 0
    page.shot("dyads")
    view = page.open("#/network")
    view.locator("#network-graph canvas").first.wait_for()
    edges = int(view.inner_text("#network-count").split()[0])
    assert edges > 0
    page.shot("network")
    view = page.open("#/map")
    view.locator("#world-map canvas").wait_for()
    assert chart_points(view, "#world-map") > 0
    page.shot("map")


def test_the_cluster_story_lists_its_reports_in_order_and_the_numbers_they_gave(page):
    view = page.open("#/stories?min_reports=3")
    view.locator("tbody a", has_text="MOBILIZE").first.click()
    reports = view.locator("#story-reports > li")
    reports.first.wait_for()
    dates = [reports.nth(i).locator("strong").first.inner_text() for i in range(reports.count())]
    assert dates[:3] == ["2024-10-18", "2024-10-19", "2024-10-21"] and dates == sorted(dates)
    numbers = view.inner_text("#story-numbers")
    positions = [numbers.index(f"{n:,}") for n in TROOP_NUMBERS]
    assert positions == sorted(positions) and "↑" in numbers
    assert "Pentagon" in reports.nth(2).inner_text()
    page.shot("story")


def test_the_paste_box_extracts_an_article_live(page):
    view = page.open("#/reader")
    view.locator("#doc-title").wait_for()
    view.fill("#paste-text", "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Tuesday, "
                             "the Kremlin said.")
    view.fill("#paste-published", "2024-05-16")
    view.click("#paste-submit")
    view.locator("#doc-title", has_text="Pasted article (not stored)").wait_for()
    assert view.locator("#article .h-PERSON", has_text="Xi Jinping").count() == 1
    assert view.locator("[data-group=events] button").count() >= 1
    page.shot("paste")


def test_pages_fit_a_phone_screen(phone, base_url):
    for name, fragment in (("reader-phone", f"#/reader/{reference_id(base_url)}"), ("explorer-phone", "#/explorer"),
                           ("story-phone", "#/stories")):
        view = phone.open(fragment)
        view.locator("main h1").wait_for()
        view.wait_for_timeout(300)
        assert view.evaluate("document.documentElement.scrollWidth") <= 390, name
        phone.shot(name)


def test_the_api_documentation_is_served_locally(page):
    view = page.open("docs")
    view.locator(".swagger-ui .title", has_text="eventwire").wait_for()
    assert view.locator(".opblock").count() >= 13
    page.shot("api-docs")
