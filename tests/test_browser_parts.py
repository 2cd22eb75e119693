"""In headless Chromium: a control that changes one part of a view redraws that part only
(the rest of the page is not sent again), a control the whole view depends on redraws it
all, a part that comes to show a dataset the footer does not credit redraws the footer
too, and a chart's CSV is written when its button is pressed and holds the chart's rows."""
from __future__ import annotations

import csv
import io

import pytest

from tests.browser_helpers import settle, wait_for_url

pytestmark = pytest.mark.browser


class Frames:
    """The websocket messages the page receives (Streamlit's deltas), from `mark()` on."""

    def __init__(self, page) -> None:
        self.received: list[bytes] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._keep))

    def _keep(self, payload) -> None:
        self.received.append(payload if isinstance(payload, bytes) else payload.encode())

    def mark(self) -> None:
        self.received.clear()

    def mention(self, text: str) -> bool:
        return any(text.encode() in frame for frame in self.received)


def _main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def test_a_station_list_redraws_the_map_part_and_a_district_the_whole_section(dashboard_server, browser):
    """The map's unchanging layers (outlines, river, lanes) come once, as files named by
    their content, and are not fetched or sent again when the station list changes."""
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    frames = Frames(page)
    geometry: list[str] = []
    page.on("request", lambda r: geometry.append(r.url) if "/api/geometry/" in r.url else None)
    try:
        page.goto(f"{dashboard_server}/bikes?lang=en&view=network", timeout=60_000)
        settle(page)
        assert frames.mention("chart:bikes:growth")  # the charts under the map came with the page
        assert len(set(geometry)) >= 3, geometry  # outlines, river and lanes
        reply = page.request.get(geometry[0])
        assert reply.ok and reply.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert reply.json()  # the rows themselves
        fetched = len(geometry)
        opened = page.evaluate("history.length")

        frames.mark()
        page.get_by_role("radio", name="Dec 2025", exact=True).click()
        wait_for_url(page, lambda url: "list=2025" in url)
        settle(page)
        assert "Stations (Dec 2025 list)" in _main_text(page)
        assert "Stations and bike lanes — Dec 2025 list, All of Seoul" in _main_text(page)
        assert frames.mention("bikes:network_map")  # the map was redrawn ...
        assert not frames.mention("chart:bikes:growth")  # ... and the charts under it were not sent again
        assert page.locator("[data-testid='stPlotlyChart']").count() == 6  # still there
        assert page.evaluate("history.length") == opened + 1
        assert len(geometry) == fetched  # the same lanes, outlines and river: nothing fetched again

        frames.mark()
        page.get_by_role("combobox", name="District").click()
        page.get_by_role("option", name="Gangnam-gu", exact=True).click()
        wait_for_url(page, lambda url: "gu=" in url)
        settle(page)
        text = _main_text(page)
        assert "Dec 2025 list, Gangnam-gu" in text  # the map part, with the list kept
        assert frames.mention("chart:bikes:growth")  # the district reran the whole section
        assert "Gangnam-gu" in page.locator("h4").filter(has_text="grew").inner_text()
        assert "list=2025" in page.url
        assert page.evaluate("history.length") == opened + 2
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.close()


def _footer(page) -> str:
    return page.locator(".osd-footer").inner_text()


def test_a_pollutant_redraws_the_section_not_the_page_around_it(dashboard_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    frames = Frames(page)
    try:
        page.goto(f"{dashboard_server}/air?lang=en", timeout=60_000)
        settle(page)
        assert frames.mention("osd-footer")
        opened = page.evaluate("history.length")
        frames.mark()
        page.get_by_role("radio", name="PM10", exact=True).click()
        wait_for_url(page, lambda url: "pollutant=pm10" in url)
        settle(page)
        assert "PM10" in page.locator("h4").filter(has_text="grade by district").inner_text()
        assert not frames.mention("osd-footer")  # header, sidebar and footer were not sent again
        assert page.evaluate("history.length") == opened + 1
        assert "Seoul daily average air pollution" in _footer(page)  # still there, still crediting the data
    finally:
        page.close()


def test_a_part_showing_a_dataset_the_footer_lacks_redraws_the_footer(dashboard_server, browser):
    """The daily patterns show Berkeley Earth's hourly PM2.5 only for PM2.5, and the bicycle
    network shows the road links only when asked: the footer then credits them."""
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    try:
        page.goto(f"{dashboard_server}/air?lang=en&view=patterns&pollutant=pm10", timeout=60_000)
        settle(page)
        assert "Berkeley Earth" not in _footer(page)
        page.get_by_role("radio", name="PM2.5", exact=True).click()
        wait_for_url(page, lambda url: "view=patterns" in url)
        page.wait_for_function("() => !location.search.includes('pollutant=pm10')")
        settle(page)
        assert "Berkeley Earth" in _footer(page)

        page.goto(f"{dashboard_server}/bikes?lang=en", timeout=60_000)
        settle(page)
        assert "bicycle-road link network" not in _footer(page)
        page.get_by_text("Show all 12,631 bike-road links").click()
        wait_for_url(page, lambda url: "links=1" in url)
        settle(page)
        assert "bicycle-road link network" in _footer(page)
    finally:
        page.close()


def test_a_charts_csv_is_written_on_the_click_with_the_charts_rows(dashboard_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1600}, accept_downloads=True)
    try:
        page.goto(f"{dashboard_server}/air?lang=en", timeout=60_000)
        settle(page)
        opened = page.evaluate("history.length")
        button = page.locator("[data-testid='stDownloadButton'] button").filter(has_text="Download CSV").first
        with page.expect_download(timeout=30_000) as download:
            button.click()
        assert download.value.suggested_filename == "air_district_day.csv"
        raw = download.value.path().read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheet programs read the Hangul
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) == 25 and len({r["gu"] for r in rows}) == 25  # one row per district
        assert "강남구" in {r["gu"] for r in rows}
        page.wait_for_timeout(500)
        assert page.evaluate("history.length") == opened  # the download did not rerun or move the page
    finally:
        page.close()
