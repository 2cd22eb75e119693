"""Map label sizes against the browser: the layout that keeps district names apart
(`dashboard.maps.layout_labels`) estimates each label's width; Chromium measures the same
text in the labels' font, and the estimate must not fall short of it."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dashboard import i18n, maps

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("chromium is required for the browser tests in CI (apt-get install chromium)")
    pytest.skip("chromium not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.browser


def test_label_width_estimates_cover_the_rendered_text(con):
    from playwright.sync_api import sync_playwright

    frame = con.execute("SELECT gu, gu_en FROM gu_boundaries").df()
    texts = []
    for language in ("ko", "en"):
        i18n.set_lang(language)
        texts += [maps.district_name(row) for _, row in frame.iterrows()]
    i18n.set_lang("ko")
    texts += ["한강", "Han River", "12.5", "1,234", "–"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content("<canvas id='c'></canvas>")
            widths = page.evaluate("""([texts, font]) => {
                const ctx = document.getElementById('c').getContext('2d');
                ctx.font = '700 100px ' + font;
                return texts.map(t => ctx.measureText(t).width / 100);
            }""", [texts, maps.LABEL_FONT])
        finally:
            browser.close()
    short = [(text, round(real, 2)) for text, real in zip(texts, widths) if maps.text_box([text], 1)[0] < real * 0.99]
    assert not short, short
