"""Maps against the browser. The layout that keeps district names apart
(`dashboard.maps.layout_labels`) estimates each label's width: Chromium measures the same
text in the labels' font, and the estimate must not fall short of it. And the first page's
district map, as Chromium draws it on a phone and on a desktop, has all of Seoul inside
its frame."""
from __future__ import annotations

import pytest

from dashboard import i18n, maps
from tests.browser_helpers import settle

pytestmark = pytest.mark.browser


def test_label_width_estimates_cover_the_rendered_text(con, browser):
    frame = con.execute("SELECT gu, gu_en FROM gu_boundaries").df()
    texts = []
    for language in ("ko", "en"):
        i18n.set_lang(language)
        texts += [maps.district_name(row) for _, row in frame.iterrows()]
    i18n.set_lang("ko")
    texts += ["한강", "Han River", "12.5", "1,234", "–"]
    page = browser.new_page()
    try:
        page.set_content("<canvas id='c'></canvas>")
        widths = page.evaluate("""([texts, font]) => {
            const ctx = document.getElementById('c').getContext('2d');
            ctx.font = '700 100px ' + font;
            return texts.map(t => ctx.measureText(t).width / 100);
        }""", [texts, maps.LABEL_FONT])
    finally:
        page.close()
    short = [(text, round(real, 2)) for text, real in zip(texts, widths) if maps.text_box([text], 1)[0] < real * 0.99]
    assert not short, short


def _assert_seoul_whole(dashboard_server, browser, path: str, viewport: dict, drawn: float = 0.2) -> None:
    """The visible map at `path` has Seoul whole in its frame: no coloured district pixel
    on the frame's border, and district colour on at least `drawn` of it inside."""
    import io

    from PIL import Image

    page = browser.new_page(viewport=viewport)
    try:
        page.goto(f"{dashboard_server}{path}", timeout=60_000)
        settle(page)
        chart = next(c for c in page.locator("[data-testid='stDeckGlJsonChart']").all() if c.is_visible())
        chart.scroll_into_view_if_needed()
        page.mouse.move(0, 0)  # no hover highlight or tooltip
        settle(page)
        shot = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    finally:
        page.close()
    w, h = shot.size
    assert w > 280 and h > 250
    border = [(x, y) for x in range(w) for y in (0, 1, h - 2, h - 1)] + \
             [(x, y) for y in range(h) for x in (0, 1, w - 2, w - 1)]
    coloured = [xy for xy in border if max(shot.getpixel(xy)) - min(shot.getpixel(xy)) > 40]
    assert not coloured, coloured[:5]
    inside = [shot.getpixel((x, y)) for x in range(0, w, 7) for y in range(0, h, 7)]
    assert sum(max(px) - min(px) > 40 for px in inside) > len(inside) * drawn


@pytest.mark.parametrize("width", [390, 1440])
def test_the_district_map_shows_all_of_seoul_with_nothing_at_its_edges(dashboard_server, browser, width):
    """The map a page shows at this width (the phone or the wide fit) has Seoul whole in
    its frame: no coloured district pixel on the frame's border."""
    _assert_seoul_whole(dashboard_server, browser, "/?lang=en", {"width": width, "height": 1000})


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1920, "height": 1080}])
def test_the_slide_map_shows_all_of_seoul_on_a_phone_and_a_projector(dashboard_server, browser, viewport):
    """A presentation slide's district map (the first slide has one) fits Seoul whole on a
    phone as on a 1920×1080 screen (its palest districts barely differ from white: a lower
    share of colour)."""
    _assert_seoul_whole(dashboard_server, browser, "/present?lang=en&slide=1", viewport, drawn=0.12)
