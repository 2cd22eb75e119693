"""'Traffic & road safety' under AppTest: every view in both languages, numbers checked
against the source files, the 2019–2021 gap and the samples visible as such, and the
view state in the URL."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.apptest_helpers import assert_clean, figures, plotly_values, run_page
from tests.conftest import requires_shared, shared_data
from views import traffic_charts as charts


def _text(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption]
                    + [w.value for w in at.warning] + [i.value for i in at.info])



def _annotations(fig: dict) -> list[str]:
    return [a.get("text", "") for a in fig["layout"].get("annotations", [])]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_expressway_view_shows_the_gap_as_a_gap(warehouse, lang):
    at = run_page("traffic", lang)  # offline, the default view is the expressway series
    assert_clean(at)
    assert at.title[0].value == ("교통과 도로 안전" if lang == "ko" else "Traffic and road safety")
    trend = figures(at)[0]
    assert any("2019–2021" in a for a in _annotations(trend)), "the missing years are labelled on the chart"
    assert all(t.get("connectgaps") is False for t in trend["data"])
    for trace in trend["data"]:  # no value is drawn inside the gap
        xs, ys = trace["x"], plotly_values(trace["y"])
        assert all(y is None or y != y for x, y in zip(xs, ys) if "2019" <= str(x)[:4] <= "2021")
    text = _text(at)
    assert ("강남순환로: 2016년 7월부터" in text) if lang == "ko" else ("Gangnam Ring Road: data start in Jul 2016" in text)
    assert "분당수서고속화도로" in text  # the renamed route is explained
    # trend, weekday profile, hour-of-day profile (2025 file), weekend ratio, season heatmap
    assert len(at.get("plotly_chart")) == 5 and len(at.get("download_button")) >= 6
    hourly = figures(at)[2]
    olympic = [tr for tr in hourly["data"] if tr["name"] in ("올림픽대로", "Olympic-daero")]
    assert olympic and sum(plotly_values(olympic[0]["y"])) == 243_177  # both directions, PROVENANCE.md §10.5


@requires_shared
def test_expressway_weekday_chart_matches_the_file(warehouse):
    at = run_page("traffic", "en", view="expressway", year="2015", routes="올림픽대로")
    assert_clean(at)
    src = pd.read_csv(shared_data() / "traffic/seoul_urban_expressway_volume_by_weekday_2013_2023.utf8.csv")
    expected = src[(src["line_norm"] == "올림픽대로") & (src["year"] == 2015)].groupby("weekday_iso")["avg_daily_volume"].mean()
    weekday = figures(at)[1]
    assert len(weekday["data"]) == 1 and weekday["data"][0]["name"] == "Olympic-daero"
    assert plotly_values(weekday["data"][0]["y"]) == pytest.approx(expected.tolist())


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_speeds_view_labels_the_sample(warehouse, lang):
    at = run_page("traffic", lang, view="speeds", day="weekend", hour="8")
    assert_clean(at)
    text = _text(at)
    sample_word = "표본" if lang == "ko" else "sample"
    assert sample_word in text.lower() and "59" in text
    shown = figures(at)
    assert len(shown) == 5
    for fig in shown:  # a 'sample' stamp inside every chart of this view
        assert any(a in ("표본 자료", "sample data") for a in _annotations(fig))
    assert at.query_params["hour"] in (["8"], "8") and at.query_params["day"] in (["weekend"], "weekend")


@requires_shared
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_safety_view_numbers_match_the_accident_file(warehouse, lang):
    at = run_page("traffic", lang, view="safety", ayear="2019", gu="강남구")
    assert_clean(at)
    src = pd.read_csv(shared_data() / "bike_accidents/seoul_traffic_accidents_by_gu_monthly_long.utf8.csv")
    gangnam = src[(src["gu"] == "강남구") & src["month"].str.startswith("2019")]
    values = [m.value for m in at.metric]
    assert any(f"{gangnam['accidents'].sum():,}" in v for v in values)
    assert any(f"{gangnam['deaths'].sum():,}" in v for v in values)
    yearly = figures(at)[0]
    seoul_like = src[src["gu"] == "강남구"].assign(y=lambda d: d["month"].str[:4].astype(int)).groupby("y")["accidents"].sum()
    assert plotly_values(yearly["data"][0]["y"]) == seoul_like.tolist()
    assert len(at.get("plotly_chart")) == 4


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_live_view_offline_says_a_key_is_needed_and_shows_the_labelled_sample(warehouse, lang):
    at = run_page("traffic", lang, view="live")
    assert_clean(at)
    info = " ".join(i.value for i in at.info)
    assert ("API 키" in info) if lang == "ko" else ("API key" in info)
    assert "1220003800" in _text(at)
    assert len(at.get("plotly_chart")) == 2
    for fig in figures(at):
        assert any(a in ("표본 자료", "sample data") for a in _annotations(fig))


def test_odd_url_values_are_explained_and_ignored(warehouse):
    at = run_page("traffic", "en", view="teleport", routes="Autobahn")
    assert_clean(at)
    notices = [i.value for i in at.info if "not valid" in i.value]
    assert len(notices) == 2
    assert len(at.get("plotly_chart")) == 5  # the default view, all routes


def test_gap_bands_builder_marks_unpublished_months():
    months = pd.date_range("2018-11-01", "2022-02-01", freq="MS")
    frame = pd.DataFrame({"month_start": months, "route": "A", "avg_daily_volume": np.where(
        (months.year >= 2019) & (months.year <= 2021), np.nan, 100.0), "month_in_file": ~months.year.isin([2019, 2020, 2021])})
    fig = charts.expressway_trend(frame, route_label=str, gap_label="gap", y_title="v", hover_unit="v")
    shapes = fig.layout.shapes
    assert len(shapes) == 1 and str(shapes[0].x0)[:7] == "2019-01" and str(shapes[0].x1)[:7] == "2021-12"
    assert [a.text for a in fig.layout.annotations] == ["gap"]


def test_live_view_with_live_rows_shows_them_with_their_age(tmp_var):
    """With live snapshots (as the refresh writes them), the live view shows the newest
    value per link and per place and says how old they are."""
    from data_sources import catalog, pipeline, warehouse
    now = pd.Timestamp.now(tz="Asia/Seoul").tz_localize(None).floor("s")
    pipeline.snapshot_frame(catalog.get("traffic_speed_live"), pd.DataFrame({
        "link_id": ["1220003800", "1220003800"], "speed_kmh": [31.0, 42.0], "travel_time_s": [300.0, 220.0],
        "fetched_at": [now - pd.Timedelta(minutes=10), now - pd.Timedelta(minutes=3)]}),
        source="test", source_kind="openapi")
    pipeline.snapshot_frame(catalog.get("citydata_road"), pd.DataFrame({
        "area_code": ["POI009"], "area_name": ["광화문·덕수궁"], "observed_at": [now - pd.Timedelta(minutes=5)],
        "avg_speed_kmh": [17.0], "traffic_index": ["서행"], "road_message": ["-"], "fetched_at": [now - pd.Timedelta(minutes=3)]}),
        source="test", source_kind="openapi")
    warehouse.build()
    at = run_page("traffic", "en")  # live rows make the live view the default
    assert_clean(at)
    assert at.query_params["view"] in (["live"], "live")
    shown = figures(at)
    assert plotly_values(shown[0]["data"][0]["x"]) == [17.0] and "slow" in shown[0]["data"][0]["text"][0]
    assert plotly_values(shown[1]["data"][0]["x"]) == [42.0]  # the newest poll of the link
    assert sum(c.value.startswith("Updated") and "KST" in c.value for c in at.caption) == 2
    assert not any("API key" in i.value for i in at.info)
