"""Presentation mode and embeds under AppTest: the default deck, slide numbers in the URL,
keyboard buttons, the deck editor, bad input, and one indicator alone for an iframe."""
from __future__ import annotations

import datetime as dt

import indicators
import queries
from indicators import deck as decks
from tests.apptest_helpers import assert_clean, run_page


def _param(at, key):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def _markdown(at) -> str:
    return " ".join(m.value for m in at.markdown)


def _reading(con, ind_id, lang, **kw):
    return indicators.evaluate(indicators.get(ind_id), lambda n, p: queries.run(n, p, con=con), lang=lang, **kw)


def test_default_deck_first_slide_in_both_languages(warehouse, con):
    for lang in ("ko", "en"):
        at = run_page("present", lang)
        assert_clean(at)
        first = decks.parse(None).slides[0].indicator
        r = _reading(con, first, lang)
        assert at.title[0].value == r.title
        html = _markdown(at)
        assert r.number_text in html and r.takeaway.split(",")[0] in html.replace("&#x27;", "'")
        assert r.judgement.label in html
        assert f"1 / {len(decks.parse(None).slides)}" in html
        assert _param(at, "slide") in (None, "1"), "slide 1 is the default and may stay out of the URL"


def test_slide_number_in_url_and_next_button(warehouse, con):
    deck = "accidents.pm25_annual.bike_acc"
    at = run_page("present", "en", deck=deck, slide="2")
    assert_clean(at)
    assert at.title[0].value == indicators.get("pm25_annual").title.en
    at.button(key="present_next").click().run()
    assert _param(at, "slide") == "3"
    assert at.title[0].value == indicators.get("bike_acc").title.en
    at.button(key="present_first").click().run()
    assert _param(at, "slide") == "1" and _reading(con, "accidents", "en").number_text in _markdown(at)


def test_slide_out_of_range_and_malformed_deck_are_explained(warehouse):
    at = run_page("present", "en", deck="accidents.nope.bike_acc*zzz", slide="99")
    assert_clean(at)
    infos = " ".join(i.value for i in at.info)
    assert "no indicator 'nope'" in infos and "could not be read" in infos and "not valid" in infos
    assert _param(at, "slide") == "2", "an out-of-range slide goes to the nearest (last) one"
    assert at.title[0].value == indicators.get("bike_acc").title.en


def test_a_200_slide_deck_is_refused(warehouse):
    at = run_page("present", "en", deck=".".join(["accidents"] * 200))
    assert not at.exception
    assert at.error and "200 slides" in at.error[0].value
    assert not at.button, "a refused deck must not render slides or controls"


def test_slide_with_district_as_of_and_note(warehouse, con):
    slides = [decks.Slide("accidents", gu="Gangnam-gu", as_of=dt.date(2022, 6, 30),
                          note="작년 회의 때 수치")]
    at = run_page("present", "ko", deck=decks.encode(slides))
    assert_clean(at)
    r = _reading(con, "accidents", "ko", gu="Gangnam-gu", as_of=slides[0].as_of)
    html = _markdown(at)
    assert r.number_text in html and "2021년" in html and "작년 회의 때 수치" in html
    assert "강남구" in at.title[0].value


def test_deck_editor_moves_and_removes_slides(warehouse):
    at = run_page("present", "en", deck="accidents.pm25_annual.bike_acc")
    at.button(key="present:down:0").click().run()
    assert _param(at, "deck") == "pm25_annual.accidents.bike_acc"
    at.button(key="present:remove:2").click().run()
    assert _param(at, "deck") == "pm25_annual.accidents"
    assert_clean(at)


def test_embed_shows_one_indicator_with_attribution_and_link(warehouse, con):
    at = run_page("embed", "en", indicator="accidents", gu="Mapo-gu")
    assert_clean(at)
    r = _reading(con, "accidents", "en", gu="Mapo-gu")
    html = _markdown(at)
    assert r.number_text in html and "Mapo-gu" in at.title[0].value
    assert "Licence" in html and "/present?deck=accidents" in html
    bad = run_page("embed", "ko", indicator="<script>")
    assert_clean(bad)
    assert any("올바르지" in i.value or "not valid" in i.value or "indicator" in i.value for i in bad.info)
    assert bad.title[0].value == indicators.get("pm25_day").title.ko


def test_auto_advance_moves_on_when_the_interval_has_passed(warehouse):
    at = run_page("present", "en", deck="accidents.pm25_annual", auto="15")
    assert_clean(at)
    assert at.title[0].value == indicators.get("accidents").title.en
    at.session_state["present:since"] = 0.0  # the slide has been up for longer than 15 s
    at.run()
    assert _param(at, "slide") == "2" and _param(at, "auto") == "15"
    assert at.title[0].value == indicators.get("pm25_annual").title.en
    at.session_state["present:since"] = 0.0
    at.run()
    assert _param(at, "slide") in (None, "1"), "after the last slide it starts again"
