"""'Seoul at a glance' under AppTest, in both languages, with numbers checked against
the source files."""
from __future__ import annotations

import pytest

from tests.apptest_helpers import assert_clean, run_page


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_glance_renders_cleanly(warehouse, lang):
    at = run_page("glance", lang)
    assert_clean(at)
    expected_title = "한눈에 보는 서울" if lang == "ko" else "Seoul at a glance"
    assert at.title[0].value == expected_title
    html = " ".join(m.value for m in at.markdown)
    # Headline numbers from the real files: 2,799 stations in the December 2025 list,
    # 31,721 bikes docked in the 2026-09-09 11:09 capture, 33,465 accidents in 2024.
    assert "2,799" in html and "31,721" in html and "33,465" in html
    # The air card carries a Korean grade name (or its English label) and its date:
    # PM2.5 8.5 µg/m³ on 31 December 2025 is 'good'.
    assert ("좋음" in html) if lang == "ko" else ("Good" in html)


def test_glance_indicator_in_url_is_used_and_bad_value_is_explained(warehouse):
    at = run_page("glance", "en", ind="accidents")
    assert_clean(at)
    assert at.query_params["ind"] == ["accidents"] or at.query_params["ind"] == "accidents"
    bad = run_page("glance", "en", ind="'; DROP TABLE air_daily;--")
    assert_clean(bad)
    assert any("not valid" in i.value for i in bad.info), "odd URL value should be explained"


def test_glance_bad_language_falls_back_to_korean(warehouse):
    at = run_page("glance", "xx")
    assert not at.exception
    assert at.title[0].value == "한눈에 보는 서울"


def test_glance_as_of_shows_the_city_as_it_stood_then(warehouse):
    at = run_page("glance", "en", as_of="2024-06-30")
    assert_clean(at)
    html = " ".join(m.value for m in at.markdown)
    # On 30 June 2024 the latest complete year of accidents was 2023 (33,811), not 2024.
    assert "33,811" in html and "33,465" not in html
    bad = run_page("glance", "en", as_of="2024-13-45")
    assert_clean(bad)
    assert any("not valid" in i.value for i in bad.info)


def test_glance_cards_come_from_the_registry(warehouse):
    import indicators
    from views import glance
    at = run_page("glance", "ko")
    labels = " ".join(m.value for m in at.markdown)
    for ind in indicators.registry().values():
        if ind.glance and not ind.supersedes:
            assert ind.title.ko in labels, f"{ind.id} declares glance = {ind.glance!r} but has no card"
    assert set(glance.map_indicators()) == {i.id for i in indicators.registry().values() if i.glance_map}


def test_add_to_briefing_builds_a_deck_link(warehouse):
    at = run_page("glance", "en")
    at.session_state["share:glance:accidents"] = True  # the reader opens the card's share menu
    at.button(key="brief:glance:accidents").click().run()
    at.button(key="brief:glance:stations").click().run()
    assert_clean(at)
    links = [m.value for m in at.markdown if "Present the briefing (slides: 2)" in m.value]
    assert links and "/present?deck=accidents.stations" in links[0]
    assert at.button(key="brief:glance:accidents").disabled
    snippets = [c.value for c in at.code if "<iframe" in c.value]
    assert any("/embed?indicator=accidents" in s and 'title="Road accidents in Seoul (per year)"' in s for s in snippets)
