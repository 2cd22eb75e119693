"""The meeting room in Chromium: stepping through a deck with the keyboard (the slide
number stays in the URL across a reload), and an automated accessibility check
(axe-core, injected through Playwright, offline) of every page, the presentation and an
embed. Screenshots of the slides go to artifacts/screenshots/ for people to look at."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import indicators
from indicators import deck as decks
from tests.browser_helpers import settle
from views import PAGES

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "screenshots"
AXE = ROOT / "tests" / "vendor" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser

DECK = "accidents.pm25_annual.bike_acc"
# Pages whose serious/critical axe findings belong to other owners and were reported to
# them with selectors; the check still runs and records them (artifacts/axe-*.json).
KNOWN_ELSEWHERE: dict[str, str] = {}


@pytest.fixture(scope="module")
def server(dashboard_server):
    return dashboard_server


def _h1(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def _wait_for_keys(page) -> None:
    """The slide's keyboard listener is installed from a small frame once it has loaded."""
    page.wait_for_function("() => document.__osdPresentKeys === true", timeout=30_000)


def _wait_for_title(page, title: str) -> None:
    deadline = time.time() + 60
    while time.time() < deadline and _h1(page) != title:
        page.wait_for_timeout(250)
    assert _h1(page) == title


def test_keyboard_steps_through_the_deck_and_reload_stays(server, tab):
    titles = [indicators.get(i).title.en for i in DECK.split(".")]
    page = tab(1920, 1080)
    page.goto(f"{server}/present?lang=en&deck={DECK}", timeout=60_000)
    settle(page)
    assert _h1(page) == titles[0]
    assert page.locator("[data-testid='stSidebar']").is_hidden(), "no sidebar in presentation mode"
    _wait_for_keys(page)
    page.keyboard.press("ArrowRight")
    _wait_for_title(page, titles[1])
    assert "slide=2" in page.url
    page.reload()
    settle(page)
    assert _h1(page) == titles[1], "a reload stays on the slide"
    _wait_for_keys(page)
    page.keyboard.press("PageDown")
    _wait_for_title(page, titles[2])
    page.keyboard.press("PageUp")
    _wait_for_title(page, titles[1])
    page.keyboard.press("Home")
    _wait_for_title(page, titles[0])
    assert "slide=1" in page.url


DEFAULT_SLIDES = decks.parse(None).slides


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("number", range(1, len(DEFAULT_SLIDES) + 1))
def test_every_default_slide_at_1920(server, tab, lang, number):
    """Screenshots of the default deck as a projector shows it (looked at by people)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    slide = indicators.get(DEFAULT_SLIDES[number - 1].indicator)
    page = tab(1920, 1080)
    page.goto(f"{server}/present?lang={lang}&slide={number}", timeout=60_000)
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert _h1(page) == slide.title(lang)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    if slide.map is not None:
        page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas:visible", timeout=60_000)
    page.screenshot(path=str(SHOTS / f"present_{number:02d}_{lang}.png"))


def _targets() -> list[tuple[str, str]]:
    out = [(spec.key, ("" if spec.default else spec.url_path) + "?lang=ko") for spec in PAGES if not spec.hidden]
    out += [("present-en", f"present?lang=en&deck={DECK}&slide=2"),
            ("embed", "embed?indicator=pm25_day&lang=ko"), ("embed-en", "embed?indicator=accidents&lang=en")]
    return out


@pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed (scripts/setup.sh dev)")
@pytest.mark.parametrize("name,path", _targets(), ids=[n for n, _ in _targets()])
def test_no_serious_accessibility_violations(server, tab, name, path):
    page = tab(1400, 1600)
    page.goto(f"{server}/{path}", timeout=60_000)
    settle(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 8).map(n => ({target: n.target, html: n.html.slice(0, 160)}))}));
    }""")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    out = ROOT / "artifacts" / f"axe-{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    if serious and name.split("-")[0] in KNOWN_ELSEWHERE:
        pytest.xfail(KNOWN_ELSEWHERE[name.split("-")[0]])
    assert not serious, json.dumps(serious, ensure_ascii=False, indent=1)[:3000]
