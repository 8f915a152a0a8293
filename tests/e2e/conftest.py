"""End-to-end fixtures: the fixture corpus served on a free loopback port, and Debian's chromium driven by
Playwright (`executable_path`, never `playwright install`). Every page a test opens is checked for console errors,
and its screenshot is saved under build/screenshots.

Timeouts are generous: the machine may be a loaded 2-core one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from paths_helpers import ROOT
from server_helpers import LiveServer, build_corpus

from eventwire.server.app import STATIC, create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "build" / "screenshots"
TIMEOUT_MS = 60_000


def pytest_collection_modifyitems(items):
    missing = [what for what, there in (("chromium (apt-get install chromium; `make test` does)", Path(CHROMIUM).exists()),
                                        ("the built web UI (`make web`)", (STATIC / "index.html").exists()))
               if not there]
    if missing:
        for item in items:
            if "e2e" in item.nodeid:
                item.add_marker(pytest.mark.skip(reason="needs " + " and ".join(missing)))


@pytest.fixture(scope="session")
def base_url(pipeline, tmp_path_factory):
    db = build_corpus(pipeline, tmp_path_factory.mktemp("e2e") / "e2e.duckdb")
    with LiveServer(create_app(db, pipeline=pipeline)) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"],
                                             timeout=TIMEOUT_MS)
        yield browser
        browser.close()


class Page:
    """A browser page on the app that records console errors and saves screenshots by name."""

    def __init__(self, browser, base_url: str, width: int, height: int):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.base_url = base_url
        self.errors: list[str] = []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, fragment: str):
        self.page.goto(f"{self.base_url}/{fragment}")
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_function("document.getElementById('status') === null || "
                                    "document.getElementById('status').textContent !== 'Loading…'")
        return self.page

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def opened(browser, base_url: str, width: int, height: int):
    """A page for one test; the test fails if the page logged a console error."""
    page = Page(browser, base_url, width, height)
    yield page
    page.context.close()
    assert page.errors == [], f"console errors: {page.errors}"


@pytest.fixture
def page(browser, base_url):
    yield from opened(browser, base_url, 1280, 800)


@pytest.fixture
def phone(browser, base_url):
    yield from opened(browser, base_url, 390, 844)
