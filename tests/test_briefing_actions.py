"""'Add to briefing' on the chart panels of the topic pages (dashboard.kit's chart
actions): each chart offers its page's related indicator with the chart's parameters."""
from __future__ import annotations

import datetime as dt

from dashboard import kit
from tests.apptest_helpers import assert_clean, run_page
from views import briefing_actions


def test_every_topic_page_has_a_related_indicator():
    assert "briefing" in kit._chart_actions
    assert briefing_actions.related_indicator("air", "air/annual_means").page == "air"
    assert briefing_actions.related_indicator("traffic", "traffic/accidents_yearly").id == "accidents"
    assert briefing_actions.related_indicator("dust-traffic", "dust_traffic/air_daily_by_type").id == "no2_roadside_gap"
    assert briefing_actions.related_indicator("bikes", "bikes/network_growth").id in ("stations", "racks")
    assert briefing_actions.related_indicator("desk", "examples/pm25_by_year") is None


def test_chart_parameters_become_slide_parameters():
    assert briefing_actions._as_of({"year": 2021}) == dt.date(2021, 12, 31)
    assert briefing_actions._as_of({"day": dt.date(2022, 3, 1)}) == dt.date(2022, 3, 1)
    assert briefing_actions._as_of({"year": 2999}) is None and briefing_actions._as_of({}) is None


def test_add_to_briefing_from_a_chart_on_the_air_page(warehouse):
    at = run_page("air", "en")
    assert_clean(at)
    buttons = [b for b in at.button if str(b.key).startswith("brief:chart:air:")]
    assert buttons, "every chart panel offers 'add to briefing'"
    # The embed code is built only while the share menu is open (a reader clicks inside it).
    assert not any("<iframe" in c.value for c in at.code)
    at.session_state["share:" + buttons[0].key.removeprefix("brief:")] = True
    buttons[0].click().run()
    assert_clean(at)
    links = [m.value for m in at.markdown if "Present the briefing (slides: 1)" in m.value]
    assert links and "/present?deck=" in links[0]
    assert any("<iframe" in c.value and "/embed?indicator=" in c.value for c in at.code)

