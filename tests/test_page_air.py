"""The air-quality page under AppTest in both languages, URL reproduction, odd URL
values, grade-band edge cases and the pure chart builders."""
from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import pytest

from dashboard import i18n
from domain import air_grades
from tests.apptest_helpers import assert_clean, run_page
from tests.conftest import requires_shared, shared_data
from views import air_charts

VIEWS = ("day", "trends", "patterns", "standards", "roadside", "live", "quality")
TITLES = {"ko": "서울의 공기", "en": "Seoul's air"}


def _texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption]
                    + [w.value for w in at.warning] + [i.value for i in at.info])


def _param(at, key):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


@pytest.fixture(scope="module")
def urban() -> pd.DataFrame:
    frame = pd.read_csv(shared_data() / "air_quality" / "seoul_daily_air_by_station_2014_2022.utf8.csv",
                        parse_dates=["date"])
    return frame[frame["station"].str.endswith("구")]


# --- every view, both languages ----------------------------------------------------------

@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_cleanly(warehouse, lang, view):
    at = run_page("air", lang, view=view, districts="강남구,종로구")
    assert_clean(at)
    assert at.title[0].value == TITLES[lang]
    assert not any("not valid" in i.value or "쓸 수 없어" in i.value for i in at.info)  # a clean URL: no notice
    assert _param(at, "view") == view


@pytest.mark.parametrize("lang, grade", [("ko", "매우나쁨"), ("en", "Very unhealthy")])
@requires_shared
def test_day_view_headline_matches_source(warehouse, urban, lang, grade):
    """2019-03-05, the worst PM2.5 day on record: the Seoul mean of the 25 district stations."""
    at = run_page("air", lang, view="day", date="2019-03-05", pollutant="pm25")
    assert_clean(at)
    expected = urban[urban["date"] == "2019-03-05"]["pm25_ugm3"].mean()
    html = _texts(at)
    assert f"{expected:.1f}" in html  # 135.3
    assert grade in html
    assert "25/25" in html or "25 of 25" in html


@requires_shared
def test_day_with_missing_districts_says_no_data(warehouse):
    at = run_page("air", "en", view="day", date="2019-10-20")
    assert_clean(at)
    assert "21 of 25 districts reporting" in _texts(at)


# --- the URL reproduces the view ---------------------------------------------------------

@requires_shared
def test_url_reproduces_trends_view(warehouse, urban):
    params = dict(view="trends", pollutant="pm10", districts="강남구,종로구", year="2019", roll="90",
                  date="2019-03-05", limit="who")
    first = run_page("air", "en", **params)
    assert_clean(first)
    for key, value in params.items():
        assert _param(first, key) == value, key
    assert first.multiselect[0].value == ["강남구", "종로구"]
    # The "is my district improving?" cards: annual means to one decimal from the source.
    frame = urban[urban["date"].dt.year == 2019]
    cards = {m.label: m.value for m in first.metric}
    assert cards["Seoul, 2019 mean"] == f"{frame['pm10_ugm3'].mean():.1f} µg/m³"
    assert cards["Gangnam-gu, 2019 mean"] == f"{frame[frame['station'] == '강남구']['pm10_ugm3'].mean():.1f} µg/m³"
    second = run_page("air", "en", **params)
    assert [m.value for m in second.metric] == [m.value for m in first.metric]
    assert _texts(second) == _texts(first)


def test_url_date_and_pollutant_open_that_day(warehouse):
    at = run_page("air", "ko", date="2018-03-26", pollutant="pm10")
    assert_clean(at)
    assert _param(at, "date") == "2018-03-26" and _param(at, "pollutant") == "pm10"
    assert at.date_input[0].value == dt.date(2018, 3, 26)
    assert "2018년 3월 26일" in _texts(at)


# --- odd URL values ----------------------------------------------------------------------

@pytest.mark.parametrize("params, key, fallback", [
    ({"date": "2031-01-01"}, "date", "2025-12-31"),
    ({"date": "2010-05-05"}, "date", "2014-01-01"),
    ({"date": "yesterday"}, "date", "2025-12-31"),
    ({"pollutant": "pm1"}, "pollutant", "pm25"),
    ({"view": "'; DROP TABLE air_daily;--"}, "view", "day"),
    ({"year": "1999", "view": "patterns"}, "year", "2014"),
    ({"roll": "12", "view": "trends"}, "roll", "30"),
])
def test_odd_url_values_get_a_notice_and_a_default(warehouse, params, key, fallback):
    at = run_page("air", "en", **params)
    assert_clean(at)
    assert any("not valid" in i.value and key in i.value for i in at.info), [i.value for i in at.info]
    assert _param(at, key) == fallback


def test_unknown_district_is_dropped_with_a_notice(warehouse):
    at = run_page("air", "en", view="trends", districts="강남구,Atlantis-gu")
    assert_clean(at)
    assert any("Atlantis-gu" in i.value for i in at.info)
    assert _param(at, "districts") == "강남구"


def test_ozone_has_no_24h_standard_view(warehouse):
    at = run_page("air", "en", view="standards", pollutant="o3")
    assert_clean(at)
    assert any("no 24-hour limit" in i.value for i in at.info)


# --- live ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, phrase", [("ko", "지금 값이 아닙니다"), ("en", "This is not now")])
def test_live_bundled_capture_is_labelled_as_2021_not_now(warehouse, lang, phrase):
    at = run_page("air", lang, view="live")
    assert_clean(at)
    warnings = " ".join(w.value for w in at.warning)
    assert phrase in warnings and "2021" in warnings
    text = _texts(at)
    assert "15:00 KST" in text
    # A bundled capture is not "updated … ago": only Open API data says that.
    updated_ago = r"갱신 (방금|\d+(분|시간|일) 전)" if lang == "ko" else r"Updated (just now|\d+ (min|h|days) ago)"
    assert not re.search(updated_ago, text)


# --- grades and the builders --------------------------------------------------------------

@pytest.mark.parametrize("value, on, expected", [
    (35, dt.date(2018, 3, 27), "보통"),   # new bands from 2018-03-27: 16–35 moderate
    (36, dt.date(2018, 3, 27), "나쁨"),
    (36, dt.date(2018, 3, 26), "보통"),   # old bands: moderate up to 50
    (50, dt.date(2018, 3, 26), "보통"),
    (51, dt.date(2018, 3, 26), "나쁨"),
    (75, dt.date(2022, 1, 1), "나쁨"),
    (76, dt.date(2022, 1, 1), "매우나쁨"),
    (100, dt.date(2017, 1, 1), "나쁨"),
    (101, dt.date(2017, 1, 1), "매우나쁨"),
    (15, dt.date(2017, 1, 1), "좋음"),
    (16, dt.date(2022, 1, 1), "보통"),
    (0, dt.date(2022, 1, 1), "좋음"),
])
def test_pm25_grade_bands_as_they_applied_on_the_day(value, on, expected):
    assert air_grades.grade("pm25", value, on) == expected


def test_missing_values_have_no_grade_and_grey_colour():
    assert air_grades.grade("pm25", None) is None
    assert air_grades.grade("pm10", float("nan")) is None
    assert air_grades.grade_colour(None) == air_grades.NO_DATA_COLOUR
    assert air_grades.grade_label(None, "ko") == "자료 없음"


def test_korean_pm25_standard_in_force_on_a_day():
    assert air_grades.limit_24h("pm25", "korea", dt.date(2018, 3, 26)) == 50
    assert air_grades.limit_24h("pm25", "korea", dt.date(2018, 3, 27)) == 35
    assert air_grades.limit_24h("o3", "korea") is None and air_grades.limit_24h("co", "korea") is None
    assert air_grades.limit_24h("pm10", "who") == 45


def test_band_ranges_for_the_legend():
    i18n.set_lang("en")
    new = [air_charts.band_range_text("pm25", b) for b in air_grades.bands("pm25", dt.date(2020, 1, 1))]
    old = [air_charts.band_range_text("pm25", b) for b in air_grades.bands("pm25", dt.date(2017, 1, 1))]
    assert new == ["0–15", "16–35", "36–75", "76+"]
    assert old == ["0–15", "16–50", "51–100", "101+"]
    assert [air_charts.band_range_text("no2", b) for b in air_grades.bands("no2")][:2] == ["0.000–0.030", "0.031–0.060"]


def _day_frame() -> pd.DataFrame:
    square = '{"type": "Polygon", "coordinates": [[[127, 37.5], [127.01, 37.5], [127.01, 37.51], [127, 37.5]]]}'
    return pd.DataFrame({"gu": ["강남구", "종로구"], "gu_en": ["Gangnam-gu", "Jongno-gu"], "value": [40.0, math.nan],
                         "centroid_lat": [37.5, 37.57], "centroid_lon": [127.05, 126.98],
                         "geometry_json": [square, square]})


def test_map_colours_missing_districts_grey_not_good():
    i18n.set_lang("ko")
    deck = air_charts.district_map(_day_frame(), "pm25", dt.date(2022, 1, 1))
    features = deck.layers[0].data["features"]
    assert features[0]["properties"]["fill"][:3] == [int(air_grades.GRADE_COLOURS["나쁨"][i:i + 2], 16) for i in (1, 3, 5)]
    assert features[1]["properties"]["fill"][:3] == [200, 200, 200]
    assert "자료 없음" in features[1]["properties"]["detail"] and "나쁨" in features[0]["properties"]["detail"]


def test_calendar_marks_missing_days_as_no_data_and_uses_the_bands_of_each_day():
    i18n.set_lang("en")
    frame = pd.DataFrame({"date": [dt.date(2018, 3, 26), dt.date(2018, 3, 27), dt.date(2018, 3, 28)],
                          "value": [40.0, 40.0, math.nan], "stations": [25, 25, 0]})
    fig = air_charts.calendar_figure(frame, "pm25", 2018, "t")
    z = fig.data[0].z
    order = [None, *air_grades.GRADES]
    assert z[2][25] == order.index("보통")  # 26 March: old bands, 40 is moderate
    assert z[2][26] == order.index("나쁨")  # 27 March: new bands, 40 is unhealthy
    assert z[2][27] == 0  # no data


def test_trend_figure_keeps_gaps_as_gaps():
    i18n.set_lang("en")
    dates = pd.date_range("2020-01-01", periods=4, freq="D")
    frame = pd.DataFrame({"date": dates, "gu": [None] * 4, "gu_en": [None] * 4, "is_city": [True] * 4,
                          "value": [10.0, math.nan, math.nan, 12.0], "stations": [25, 0, 0, 25],
                          "window_days": [1, 1, 1, 2], "rolling_mean": [10.0, math.nan, math.nan, 11.0]})
    fig = air_charts.trend_figure(frame, "pm25", 30, "t")
    for trace in fig.data:
        assert not trace.connectgaps
        assert math.isnan(trace.y[1]), "a missing day must stay NaN (a break in the line), never zero"


def test_a_daily_trend_sends_its_first_day_and_step_not_a_date_per_value():
    """Twelve years of days as dates were two thirds of the trend's bytes; plotly spaces
    the values itself from the first day and a one-day step, landing each on its day."""
    i18n.set_lang("en")
    dates = pd.date_range("2020-02-27", periods=5, freq="D")  # across a leap day
    frame = pd.DataFrame({"date": dates, "gu": [None] * 5, "gu_en": [None] * 5, "is_city": [True] * 5,
                          "value": [1.0, 2.0, 3.0, 4.0, 5.0], "stations": [25] * 5, "window_days": [1] * 5,
                          "rolling_mean": [1.0, 1.5, 2.0, 2.5, 3.0]})
    fig = air_charts.trend_figure(frame, "pm25", 30, "t")
    assert fig.layout.xaxis.type == "date"
    for trace in fig.data:
        assert trace.x is None and trace.x0 == "2020-02-27"
        days = [pd.Timestamp(trace.x0) + pd.Timedelta(milliseconds=i * trace.dx) for i in range(len(trace.y))]
        assert days == list(dates)
    gap = dates.delete(2)  # a missing day without its empty row: dates are sent as they are
    assert list(air_charts.daily_x(pd.Series(gap))["x"]) == list(gap)


def test_choosing_the_limit_redraws_the_heatmap_and_writes_the_link(warehouse):
    """The limit control lives in a fragment (it reruns only the heatmap): its choice still
    reaches the chart and the URL."""
    at = run_page("air", "en", view="standards", pollutant="pm10")
    at.segmented_control(key="air:limit").set_value("who").run()
    assert_clean(at)
    assert _param(at, "limit") == "who"
    assert any("WHO" in m.value for m in at.markdown if m.value.startswith("**Days above"))


def test_trend_controls_redraw_the_section_and_write_the_link(warehouse):
    at = run_page("air", "en", view="trends")
    at.segmented_control(key="air:roll").set_value("90").run()
    assert_clean(at)
    assert _param(at, "roll") == "90" and _param(at, "view") == "trends"
    assert any("90" in m.value for m in at.markdown if m.value.startswith("**"))


def test_the_provisional_year_is_said_to_be_provisional(warehouse):
    at = run_page("air", "en", view="trends")
    assert_clean(at)
    assert any("2025 values are provisional" in c.value for c in at.caption)


def test_a_charts_sql_is_shown_once_the_reader_opens_it(warehouse):
    """"View SQL" builds its highlighted code block only when opened (every chart has one)."""
    at = run_page("air", "en")
    assert_clean(at)
    assert not [c for c in at.code if c.language == "sql"]
    at.session_state["sql:air:day"] = True
    at.run()
    assert_clean(at)
    sql = [c.value for c in at.code if c.language == "sql"]
    assert len(sql) == 1 and "FROM" in sql[0]
    assert any("tab=console" in m.value for m in at.markdown)
