"""The indicator registry: every declaration is consistent with the named queries and
the catalog, every indicator evaluates on the real warehouse in both languages, and an
as-of date shows the indicator from data up to that day only."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import indicators
import queries
from data_sources import catalog
from indicators import text
from tests.conftest import requires_shared, shared_data

IDS = indicators.ids()


@pytest.fixture(scope="module")
def run(con):
    return lambda name, params: queries.run(name, params, con=con)


def test_registry_has_the_first_page_and_topic_headlines():
    assert len(IDS) >= 15
    pages = {i.page for i in indicators.registry().values()}
    assert {"air", "bikes", "traffic", "dust-traffic"} <= pages
    sections = {i.glance for i in indicators.registry().values()}
    assert {"air", "bikes", "safety"} <= sections
    assert len([i for i in indicators.registry().values() if i.glance_map]) >= 4


@pytest.mark.parametrize("ind_id", IDS)
def test_declaration_matches_queries_and_catalog(ind_id):
    ind = indicators.get(ind_id)
    series = queries.get(ind.series.query)
    params = {p.name for p in series.params}
    assert "as_of" in params, "every indicator must accept an as-of date"
    assert set(ind.series.fixed()) <= params
    assert not ind.districts or "gu" in params, "districts = true needs a gu parameter"
    columns = {c for c, _ in series.columns}
    assert {"period", ind.series.value} <= columns
    assert {d.column for d in ind.details} <= columns
    assert set(series.datasets) <= set(ind.datasets), "the indicator must list the datasets its figures come from"
    known = set(catalog.load_catalog())
    assert set(ind.datasets) <= known
    if ind.map is not None:
        layer = queries.get(ind.map.query)
        assert {p.name for p in layer.params} & {"period", "as_of"}
        assert {"gu", "gu_en", "geometry_json", ind.map.value} <= {c for c, _ in layer.columns}
    for field in ("title", "short", "subject", "what", "why", "caveats"):
        value = getattr(ind, field)
        assert value.ko and value.en and value.ko != value.en or field == "unit"


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("ind_id", IDS)
def test_every_indicator_evaluates_with_a_takeaway(run, ind_id, lang):
    r = indicators.evaluate(indicators.get(ind_id), run, lang=lang)
    assert r.ok, f"{ind_id} has no value on the bundled data"
    assert r.value_text() in r.takeaway
    assert not r.notices
    assert r.key_numbers()[1][1] == r.value_text()
    if r.indicator.map is not None:
        assert r.map_frame is not None and len(r.map_frame) == 25 and r.map_frame["value"].notna().any()


def test_headlines_equal_the_source_figures(run, con):
    """Each headline recomputed straight from the warehouse tables."""
    con = con.cursor()  # its own cursor: another test may have left a result open on the shared connection
    yearly = con.sql("SELECT year(month) AS y, sum(accidents) AS n FROM traffic_accidents GROUP BY 1 "
                     "HAVING count(DISTINCT month) = 12 ORDER BY 1 DESC LIMIT 2").fetchall()
    accidents = indicators.evaluate(indicators.get("accidents"), run, lang="en")
    assert (pd.Timestamp(accidents.period).year, accidents.value, accidents.prev_value) == (yearly[0][0], yearly[0][1],
                                                                                          yearly[1][1])
    change = yearly[0][1] - yearly[1][1]
    word = "fewer" if change < 0 else "more"
    assert f"{abs(change):,} ({abs(100 * change / yearly[1][1]):.1f}%) {word} than in {yearly[1][0]}" in accidents.takeaway
    pm25 = indicators.evaluate(indicators.get("pm25_day"), run, lang="ko")
    last_day, direct = con.sql("SELECT date, avg(pm25_ugm3) FROM air_daily WHERE station_type = 'urban' "
                               "AND pm25_ugm3 IS NOT NULL GROUP BY date ORDER BY date DESC LIMIT 1").fetchall()[0]
    assert pm25.period == last_day and pm25.value == pytest.approx(direct)
    from domain import air_grades
    grade = air_grades.grade("pm25", direct, last_day)
    assert pm25.judgement.label == grade and f"'{grade}' 등급" in pm25.takeaway
    window = con.sql("SELECT avg(v) FROM (SELECT date, avg(pm25_ugm3) v FROM air_daily WHERE station_type = 'urban' "
                     "AND date >= $first AND date < $last GROUP BY date)",
                     params={"first": last_day - dt.timedelta(days=30), "last": last_day}).fetchall()[0][0]
    assert pm25.prev_value == pytest.approx(window)
    lists = con.sql("SELECT list_date, count(*) FROM bike_stations GROUP BY 1 ORDER BY 1 DESC LIMIT 2").fetchall()
    stations = indicators.evaluate(indicators.get("stations"), run, lang="en")
    assert (stations.value, stations.prev_value) == (lists[0][1], lists[1][1])
    annual = indicators.evaluate(indicators.get("pm25_annual"), run, lang="en")
    assert annual.value > 15 and annual.judgement.label.startswith("Above the Korean annual standard (15")


@pytest.mark.parametrize("ind_id", IDS)
def test_as_of_uses_only_data_up_to_that_day(run, ind_id):
    as_of = dt.date(2021, 12, 31)
    r = indicators.evaluate(indicators.get(ind_id), run, as_of=as_of, lang="en")
    periods = pd.to_datetime(r.series["period"])
    if r.notices:  # no data that early: the earliest figure, said plainly
        assert "earliest" in r.notices[0]
        assert len(r.series) == 1
    else:
        assert (periods.dt.date <= as_of).all()


def test_a_year_back_shows_what_the_dashboard_showed_then(run):
    r = indicators.evaluate(indicators.get("accidents"), run, as_of=dt.date(2024, 6, 30), lang="en")
    assert pd.Timestamp(r.period).year == 2023 and r.value == 33811
    month = indicators.evaluate(indicators.get("accidents_month"), run, as_of=dt.date(2024, 6, 29), lang="en")
    assert month.period == dt.date(2024, 5, 1), "June is not over on 29 June"
    day = indicators.evaluate(indicators.get("pm25_day"), run, as_of=dt.date(2021, 12, 31), lang="en")
    assert day.period == dt.date(2021, 12, 31)


def test_bad_input_becomes_a_notice_and_the_nearest_view(run):
    future = indicators.evaluate(indicators.get("accidents"), run, as_of=dt.date(2999, 1, 1), lang="en",
                                 today=dt.date(2026, 11, 30))
    assert future.ok and "future" in future.notices[0] and future.as_of == dt.date(2026, 11, 30)
    early = indicators.evaluate(indicators.get("accidents"), run, as_of=dt.date(1990, 1, 1), lang="ko")
    assert early.ok and pd.Timestamp(early.period).year == 2005 and "가장 이른" in early.notices[0]
    odd = indicators.evaluate(indicators.get("accidents"), run, gu="<script>", lang="en")
    assert odd.ok and odd.gu == "" and "not a Seoul district" in odd.notices[0]
    no_gu = indicators.evaluate(indicators.get("expressway"), run, gu="Gangnam-gu", lang="en")
    assert no_gu.ok and "no district figures" in no_gu.notices[0]
    district = indicators.evaluate(indicators.get("accidents"), run, gu="gangnam", lang="ko")
    assert district.gu == "강남구" and district.value < 33465 and district.map_frame is None


def test_korean_particles_and_signs():
    assert text.ro("33,465건") == "으로" and text.ro("1,128,190대/일") == "로" and text.ro("34일") == "로"
    assert text.number(-3.25, 1, sign=True) == "−3.2" or text.number(-3.25, 1, sign=True) == "−3.3"
    assert text.number(1234567) == "1,234,567"


@requires_shared
def test_rentals_headline_runs_to_december_2025(run):
    raw = pd.read_csv(shared_data() / "bike_usage/ddareungi_citywide_monthly_201901_202512.utf8.csv").set_index("month")
    reading = indicators.evaluate(indicators.get("rentals_month"), run, lang="en", with_map=False)
    assert reading.period == dt.date(2025, 12, 1)
    assert (reading.value, reading.prev_value) == (raw.loc["2025-12", "rentals"], raw.loc["2024-12", "rentals"])
