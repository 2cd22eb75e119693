"""Browser smoke test: the real server in headless Chromium (Debian's chromium, driven
by Playwright — no browser download). Every page in the registry opens in Korean and
English without an exception element or an untranslated message key, maps draw, and a
screenshot of each is saved under artifacts/screenshots/ for people to look at."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_helpers import settle, wait_for_url
from views import PAGES

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "screenshots"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(dashboard_server):
    return dashboard_server


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.key)
def test_page_opens_cleanly_in_chromium(server, tab, spec, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = tab(1400, 2400)
    errors: list[str] = []

    def on_error(exc) -> None:
        errors.append(str(exc))

    page.on("pageerror", on_error)
    try:
        path = "" if spec.default else spec.url_path  # the default page lives at "/"
        page.goto(f"{server}/{path}?lang={lang}", timeout=60_000)
        settle(page)
        assert page.get_by_text("Page not found").count() == 0, "Streamlit did not recognise the URL"
        page.screenshot(path=str(SHOTS / f"{spec.key}_{lang}.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0, "exception shown on the page"
        body = page.locator("[data-testid='stMain']").inner_text()
        assert "⟦" not in body, "untranslated message key"
        assert "Traceback" not in body
        assert page.locator("h1").first.inner_text().strip()
        # The provenance footer is on every page.
        assert ("출처" in body) if lang == "ko" else ("Sources" in body)
        assert not [e for e in errors if "ResizeObserver" not in e], errors
    finally:
        page.remove_listener("pageerror", on_error)


def test_glance_map_draws_on_a_phone(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 2600}, device_scale_factor=2)
    try:
        page.goto(f"{server}/?lang=ko&ind=stations", timeout=60_000)
        settle(page)
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator("[data-testid='stDeckGlJsonChart'] canvas").count() >= 1
        page.screenshot(path=str(SHOTS / "glance_phone_ko.png"), full_page=True)
    finally:
        page.close()


def _segment(page, label: str):
    """A segmented-control option button by its visible text."""
    return page.locator("[data-testid='stButtonGroup'] button[role='radio']").filter(has_text=label).first


def test_browser_history_one_entry_per_view_and_back_returns(server, browser):
    """Opening a page adds one history entry, each choice of view adds exactly one, and
    Back returns to the view chosen before (the widgets follow the URL)."""
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    try:
        page.goto(f"{server}/air?lang=en", timeout=60_000)
        settle(page)
        opened = page.evaluate("history.length")
        assert opened == 2, opened  # the blank tab and the page, nothing pushed by the first run
        assert "view=" not in page.url and "pollutant=" not in page.url  # defaults stay out of the link

        _segment(page, "Trends").click()
        wait_for_url(page, lambda u: "view=trends" in u)
        settle(page)
        assert page.evaluate("history.length") == opened + 1

        _segment(page, "PM10").click()
        wait_for_url(page, lambda u: "pollutant=pm10" in u)
        settle(page)
        assert page.evaluate("history.length") == opened + 2

        page.go_back()
        wait_for_url(page, lambda u: "view=trends" in u and "pollutant=" not in u)
        settle(page)
        assert _segment(page, "PM2.5").get_attribute("aria-checked") == "true"  # the control follows
        assert "Trend" in page.locator("[data-testid='stMain']").inner_text()

        page.go_back()
        wait_for_url(page, lambda u: "view=" not in u)
        settle(page)
        assert "grade by district" in page.locator("[data-testid='stMain']").inner_text()  # the map of a day again
        assert _segment(page, "Map of a day").get_attribute("aria-checked") == "true"
        assert page.evaluate("history.length") == opened + 2  # Back moved within history, added nothing
    finally:
        page.close()
