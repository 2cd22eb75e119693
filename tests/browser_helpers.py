"""Headless Chromium for the browser tests and the wait for a page to be ready (loaded as
a pytest plugin by tests/conftest.py)."""
from __future__ import annotations

import os
import time

import pytest

from devtools import browser as chromium


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, one per test module: Playwright's sync API keeps
    an asyncio loop running in the thread while it is open, so other modules' asyncio.run()
    must not meet it. Tests open their own pages (or contexts) and close them. Missing
    Chromium skips the test, except in CI, where it is an error."""
    if not chromium.chromium_installed():
        if os.environ.get("CI"):
            raise RuntimeError("chromium is required for the browser tests in CI (apt-get install chromium)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = chromium.launch(p)
        yield b
        b.close()


def settle(page, timeout_s: float = 60) -> None:
    """Wait until Streamlit has run the page's script and drawn it, and it stays so for a
    moment (a follow-up rerun or a map's first frames)."""
    chromium.wait_ready(page, timeout_s, steady_ms=400)


def wait_for_url(page, predicate, timeout_s: float = 30) -> None:
    """Wait until the page's URL satisfies `predicate` (a rerun writes it at its end)."""
    deadline = time.time() + timeout_s
    while time.time() < deadline and not predicate(page.url):
        page.wait_for_timeout(100)
    assert predicate(page.url), page.url


@pytest.fixture(scope="module")
def tab(browser):
    """`tab(width, height)`: a tab of that viewport, kept for the module's tests. Opening a
    page in a tab that has shown the app before costs Chromium about half the CPU of a new
    tab; each test still opens its URL afresh (a new Streamlit session)."""
    tabs = {}

    def get(width: int, height: int):
        page = tabs.get((width, height))
        if page is None or page.is_closed():
            page = tabs[(width, height)] = browser.new_page(viewport={"width": width, "height": height})
        return page

    yield get
    for page in tabs.values():
        page.close()
