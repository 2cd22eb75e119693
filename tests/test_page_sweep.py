"""Every registered page, in both languages, opened at each of its sections through the
URL: no exception, no untranslated key, a title, the provenance footer and map data within
the budget of a view. A page added
to views/__init__.py is swept without touching this file; its sections come from the
kit skeleton (`SECTIONS`, `?view=`) or, for the data desk, its tabs (`?tab=`)."""
from __future__ import annotations

import importlib

import pytest

from dashboard import kit
from tests.apptest_helpers import MAP_BUDGET_BYTES, assert_clean, map_bytes, run_page
from views import PAGES


def _sections(key: str) -> list[tuple[str, str] | None]:
    module = importlib.import_module(f"views.{key}")
    sections = [s for s in getattr(module, "SECTIONS", ()) if isinstance(s, kit.Section)]
    if len(sections) > 1:
        return [("view", s.key) for s in sections]
    if getattr(module, "TABS", None):
        return [("tab", tab) for tab in module.TABS]
    return [None]


CASES = [pytest.param(spec.key, lang, section, id=f"{spec.key}-{lang}-{section[1] if section else 'page'}")
         for spec in PAGES for section in _sections(spec.key) for lang in ("ko", "en")]


@pytest.mark.parametrize("key, lang, section", CASES)
def test_every_page_and_section_opens_cleanly(warehouse, key, lang, section):
    params = dict([section]) if section else {}
    at = run_page(key, lang, **params)
    assert_clean(at)
    assert map_bytes(at) <= MAP_BUDGET_BYTES, f"{map_bytes(at):,} bytes of map data"
    if section:  # the section asked for is the one shown, with no 'odd value' notice
        assert at.query_params.get(section[0]) in (section[1], [section[1]])
        assert not any("not valid" in i.value or "쓸 수 없어" in i.value for i in at.info)


def test_every_page_is_swept():
    assert {p.values[0] for p in CASES} == {spec.key for spec in PAGES}


def test_language_switch_atop_the_page_changes_the_language_everywhere(warehouse):
    """The phone's switch (top of the page) and the sidebar's stay in step."""
    at = run_page("air", "ko", view="trends")
    at.segmented_control(key="lang_switch_top").set_value("en").run()
    assert_clean(at)
    assert at.title[0].value == "Seoul's air"
    assert at.query_params.get("lang") in ("en", ["en"]) and at.query_params.get("view") in ("trends", ["trends"])
    assert at.segmented_control(key="lang_switch").value == "en"
    at.segmented_control(key="lang_switch").set_value("ko").run()
    assert at.title[0].value != "Seoul's air" and at.segmented_control(key="lang_switch_top").value == "ko"


def test_chart_actions_run_under_every_chart_and_a_failing_one_is_skipped(warehouse):
    """The extension point other modules use (e.g. 'add to briefing'): every chart panel
    calls each registered action with the chart; an action that fails never breaks a page."""
    seen = []
    kit.register_chart_action("test-seen", lambda ref: seen.append((ref.page, ref.key, ref.result.name)))
    kit.register_chart_action("test-broken", lambda ref: 1 / 0)
    try:
        at = run_page("air", "en", view="trends")
        assert_clean(at)
        assert ("air", "air:trend", "air/daily_series") in seen
    finally:
        kit.unregister_chart_action("test-seen")
        kit.unregister_chart_action("test-broken")
