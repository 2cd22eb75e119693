"""Every air query against golden values recomputed independently with pandas from the
shared source files (not from the warehouse), plus the agreement of our annual means
with Seoul's published statistics."""
from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

import queries
from tests.conftest import air_daily_source, requires_shared, shared_data

POLLUTANT_COLUMNS = {"pm25": "pm25_ugm3", "pm10": "pm10_ugm3", "o3": "o3_ppm", "no2": "no2_ppm",
                     "co": "co_ppm", "so2": "so2_ppm"}
AIR_QUERIES = sorted(name for name in queries.registry() if name.startswith("air/"))

# Seoul's commonly cited annual means (µg/m³), published as whole numbers.
PUBLISHED = {
    "pm25": {2015: 23, 2016: 26, 2017: 25, 2018: 23, 2019: 25, 2020: 21, 2021: 20, 2022: 18},
    "pm10": {2015: 45, 2016: 48, 2017: 44, 2018: 40, 2019: 42, 2020: 35, 2021: 38, 2022: 33},
}


def run(con, name, **params) -> pd.DataFrame:
    return queries.run(name, params, con=con).frame


@pytest.fixture(scope="module")
def daily() -> pd.DataFrame:
    """The derived per-station daily CSV, classified independently of the importer:
    district stations are named after their gu (…구), roadside stations after a road (…로)."""
    frame = air_daily_source()
    frame["kind"] = np.where(frame["station"].str.endswith("구"), "urban",
                             np.where(frame["station"].str.endswith("로"), "roadside", "other"))
    return frame


@pytest.fixture(scope="module")
def urban(daily) -> pd.DataFrame:
    return daily[daily["kind"] == "urban"]


def test_every_air_query_runs_with_defaults_and_declares_its_columns(con):
    assert len(AIR_QUERIES) >= 15
    for name in AIR_QUERIES:
        result = queries.run(name, {}, con=con)
        declared = [c for c, _ in queries.get(name).columns]
        assert list(result.frame.columns) == declared, name
        assert not result.truncated, name


def test_unknown_pollutant_is_refused_before_sql_runs(con):
    with pytest.raises(queries.QueryError):
        queries.run("air/district_day", {"pollutant": "pm1; DROP TABLE air_daily"}, con=con)


@requires_shared
def test_day_range_and_districts(con, urban):
    span = run(con, "air/day_range").iloc[0]
    assert pd.Timestamp(span["first_day"]) == urban["date"].min()
    assert pd.Timestamp(span["last_day"]) == urban["date"].max()
    assert sorted(run(con, "air/districts")["gu"]) == sorted(urban["station"].unique())


@requires_shared
@pytest.mark.parametrize("day, pollutant", [("2019-03-05", "pm25"), ("2019-10-20", "pm25"),
                                            ("2016-07-01", "no2"), ("2022-12-31", "pm10")])
def test_district_day_matches_source(con, urban, day, pollutant):
    col = POLLUTANT_COLUMNS[pollutant]
    expected = urban[urban["date"] == pd.Timestamp(day)].set_index("station")[col]
    got = run(con, "air/district_day", day=day, pollutant=pollutant).set_index("gu")
    assert len(got) == 25
    for gu, value in got["value"].items():
        if pd.isna(expected.get(gu)):
            assert pd.isna(value), f"{gu} has no value on {day}: it must stay missing, not zero"
        else:
            assert value == pytest.approx(expected[gu])
    assert got["seoul_mean"].iloc[0] == pytest.approx(expected.mean())
    assert got["stations_reporting"].iloc[0] == expected.notna().sum()


@requires_shared
def test_district_day_keeps_missing_districts_missing(con):
    # 2019-10-20: four district stations have no PM2.5 (they are grey on the map).
    got = run(con, "air/district_day", day="2019-10-20", pollutant="pm25")
    assert got["value"].isna().sum() == 4
    assert got["stations_reporting"].iloc[0] == 21


@requires_shared
def test_daily_series_seoul_and_district_with_rolling_means(con, urban):
    got = run(con, "air/daily_series", pollutant="pm10", districts=["강남구"], window=30)
    days = pd.date_range("2014-01-01", "2025-12-31", freq="D")
    assert len(got) == 2 * len(days), "one row per calendar day per series (gaps stay as rows)"
    city = got[got["is_city"]].set_index(pd.to_datetime(got.loc[got["is_city"], "date"]))
    expected_city = urban.groupby("date")["pm10_ugm3"].mean().reindex(days)
    np.testing.assert_allclose(city["value"].to_numpy(), expected_city.to_numpy(), equal_nan=True)
    expected_roll = expected_city.rolling(30, min_periods=15).mean()
    np.testing.assert_allclose(city["rolling_mean"].to_numpy(), expected_roll.to_numpy(), equal_nan=True)

    gangnam = got[got["gu"] == "강남구"].set_index(pd.to_datetime(got.loc[got["gu"] == "강남구", "date"]))
    expected_gn = urban[urban["station"] == "강남구"].set_index("date")["pm10_ugm3"].reindex(days)
    np.testing.assert_allclose(gangnam["value"].to_numpy(), expected_gn.to_numpy(), equal_nan=True)
    np.testing.assert_allclose(gangnam["rolling_mean"].to_numpy(),
                               expected_gn.rolling(30, min_periods=15).mean().to_numpy(), equal_nan=True)
    assert gangnam["value"].isna().any(), "missing days are NaN rows, never zeros"
    assert not (gangnam["value"] == 0).any()


@requires_shared
@pytest.mark.parametrize("pollutant", ["pm25", "pm10", "no2"])
def test_annual_means_per_district_and_city(con, urban, pollutant):
    col = POLLUTANT_COLUMNS[pollutant]
    got = run(con, "air/annual_means", pollutant=pollutant)
    frame = urban.assign(year=urban["date"].dt.year)
    city = got[got["is_city"]].set_index("year")
    expected_city = frame.groupby("year")[col].mean()
    np.testing.assert_allclose(city["mean"].loc[expected_city.index], expected_city, rtol=1e-12)
    station_means = frame.groupby(["year", "station"])[col].mean()
    np.testing.assert_allclose(city["mean_of_station_means"].loc[expected_city.index],
                               station_means.groupby("year").mean(), rtol=1e-12)
    days_in_year = pd.Series({y: 366 if y % 4 == 0 else 365 for y in expected_city.index})
    np.testing.assert_allclose(city["coverage"], frame.groupby("year")[col].count() / (25 * days_in_year))
    np.testing.assert_allclose(city["change"].iloc[1:], expected_city.diff().iloc[1:])

    districts = got[~got["is_city"]].set_index(["year", "gu"])["mean"].sort_index()
    np.testing.assert_allclose(districts.to_numpy(), station_means.sort_index().to_numpy(), rtol=1e-12)
    jongno = got[got["gu"] == "종로구"].set_index("year")
    counts = frame[frame["station"] == "종로구"].groupby("year")[col].count()
    np.testing.assert_allclose(jongno["coverage"], counts / days_in_year)


@requires_shared
@pytest.mark.parametrize("pollutant", ["pm25", "pm10"])
def test_annual_city_means_agree_with_seouls_published_statistics(con, pollutant):
    """Published annual means are whole numbers, so a correct mean lies within ±0.5 of
    them. Both ways of averaging (all station-days, or the 25 stations' annual means)
    must pass; they differ by less than 0.1 µg/m³ in every year."""
    got = run(con, "air/annual_means", pollutant=pollutant)
    city = got[got["is_city"]].set_index("year")
    for year, published in PUBLISHED[pollutant].items():
        for column in ("mean", "mean_of_station_means"):
            ours = city.loc[year, column]
            assert abs(ours - published) <= 0.5, f"{pollutant} {year} {column}: {ours:.2f} vs published {published}"
            assert round(ours) == published


@requires_shared
def test_month_and_weekday_profiles(con, urban):
    frame = urban.assign(month=urban["date"].dt.month, weekday=urban["date"].dt.dayofweek + 1,
                         year=urban["date"].dt.year)
    months = run(con, "air/period_profile", pollutant="o3", year=2019, period="month").set_index("period_no")
    np.testing.assert_allclose(months["mean_all_years"], frame.groupby("month")["o3_ppm"].mean())
    np.testing.assert_allclose(months["mean_year"], frame[frame["year"] == 2019].groupby("month")["o3_ppm"].mean())
    weekdays = run(con, "air/period_profile", pollutant="no2", year=2022, period="weekday").set_index("period_no")
    np.testing.assert_allclose(weekdays["mean_all_years"], frame.groupby("weekday")["no2_ppm"].mean())
    np.testing.assert_allclose(weekdays["mean_year"], frame[frame["year"] == 2022].groupby("weekday")["no2_ppm"].mean())
    assert weekdays["values_all_years"].sum() == frame["no2_ppm"].count()


@requires_shared
def test_hour_profile_uses_the_hour_start(con):
    raw = pd.read_csv(shared_data() / "air_quality" / "seoul_citywide_hourly_air_2018_2022.csv").drop_duplicates(
        subset=["일시", "초미세먼지", "미세먼지", "오존", "이산화탄소", "일산화탄소", "아황산가스"])
    # "HH" is the end of the hour (01–24); the hour began at HH − 1 on the same date.
    start_hour = raw["일시"].str[11:13].astype(int) - 1
    weekday = pd.to_datetime(raw["일시"].str[:10]).dt.dayofweek
    raw = raw.assign(hour=start_hour, weekend=weekday >= 5)
    got = run(con, "air/hour_profile", pollutant="no2").set_index("hour_of_day")
    np.testing.assert_allclose(got["mean_all"], raw.groupby("hour")["이산화탄소"].mean())
    np.testing.assert_allclose(got["mean_weekday"], raw[~raw["weekend"]].groupby("hour")["이산화탄소"].mean())
    np.testing.assert_allclose(got["mean_weekend"], raw[raw["weekend"]].groupby("hour")["이산화탄소"].mean())
    assert got["hours_n"].sum() == raw["이산화탄소"].count()


@requires_shared
def test_berkeley_hour_profile(con):
    raw = pd.read_csv(shared_data() / "air_hourly" / "berkeleyearth_seoul_pm25_hourly_2014_2022.utf8.csv",
                      parse_dates=["datetime_kst"])
    got = run(con, "air/berkeley_hour_profile").set_index("hour_of_day")
    np.testing.assert_allclose(got["mean_pm25"], raw.groupby(raw["datetime_kst"].dt.hour)["pm25_ugm3"].mean())


@requires_shared
def test_calendar_year(con, urban):
    got = run(con, "air/calendar_year", pollutant="pm25", year=2020)
    assert len(got) == 366
    expected = urban[urban["date"].dt.year == 2020].groupby("date")["pm25_ugm3"].agg(["mean", "count"])
    np.testing.assert_allclose(got["value"], expected["mean"].reindex(pd.to_datetime(got["date"])), equal_nan=True)
    assert list(got["stations"]) == list(expected["count"].reindex(pd.to_datetime(got["date"]), fill_value=0))


@requires_shared
@pytest.mark.parametrize("year", [0, 2019])
def test_worst_days(con, urban, year):
    frame = urban if year == 0 else urban[urban["date"].dt.year == year]
    by_day = frame.groupby("date")["pm25_ugm3"].agg(["mean", "count", "max"])
    expected = by_day[by_day["count"] >= 13].sort_values("mean", ascending=False).head(10)
    got = run(con, "air/worst_days", pollutant="pm25", year=year)
    assert list(pd.to_datetime(got["date"])) == list(expected.index)
    np.testing.assert_allclose(got["seoul_mean"], expected["mean"])
    np.testing.assert_allclose(got["worst_value"], expected["max"])
    first = got.iloc[0]
    assert (dt.date(2019, 3, 5), "성동구") == (first["date"], first["worst_gu"])


@requires_shared
@pytest.mark.parametrize("pollutant, korea, who", [("pm25", 35, 15), ("pm10", 100, 45), ("so2", 0.05, 0.015)])
def test_exceedance_days(con, urban, pollutant, korea, who):
    col = POLLUTANT_COLUMNS[pollutant]
    frame = urban.assign(year=urban["date"].dt.year)
    got = run(con, "air/exceedance_days", pollutant=pollutant, korea_limit=korea, who_limit=who)
    per_gu = got[~got["is_city"]].set_index(["year", "gu"]).sort_index()
    grouped = frame.groupby(["year", "station"])[col]
    np.testing.assert_array_equal(per_gu["days_over_korea"], grouped.apply(lambda s: (s > korea).sum()).sort_index())
    np.testing.assert_array_equal(per_gu["days_over_who"], grouped.apply(lambda s: (s > who).sum()).sort_index())
    np.testing.assert_array_equal(per_gu["days_with_data"], grouped.count().sort_index())
    city_daily = frame.groupby(["year", "date"])[col].mean()
    city = got[got["is_city"]].set_index("year")
    np.testing.assert_array_equal(city["days_over_korea"], (city_daily > korea).groupby("year").sum())
    np.testing.assert_array_equal(city["days_over_who"], (city_daily > who).groupby("year").sum())


@requires_shared
def test_exceedance_without_a_korean_24h_standard_is_null_not_zero(con):
    got = run(con, "air/exceedance_days", pollutant="co", korea_limit=-1, who_limit=3.5)
    assert got["days_over_korea"].isna().all()
    assert got["days_over_who"].notna().all()


@requires_shared
def test_roadside_against_urban(con, daily):
    got = run(con, "air/station_type_annual")
    frame = daily.assign(year=daily["date"].dt.year)
    for pollutant in ("no2", "pm10", "pm25"):
        col = POLLUTANT_COLUMNS[pollutant]
        part = got[got["pollutant"] == pollutant].set_index("year")
        by = frame.groupby(["kind", "year"])[col]
        np.testing.assert_allclose(part["urban_mean"], by.mean().loc["urban"])
        np.testing.assert_allclose(part["roadside_mean"], by.mean().loc["roadside"])
        np.testing.assert_allclose(part["ratio"], by.mean().loc["roadside"] / by.mean().loc["urban"])
        roadside_stations = frame[frame["kind"] == "roadside"].dropna(subset=[col]).groupby("year")["station"].nunique()
        np.testing.assert_array_equal(part["roadside_stations"], roadside_stations)
    # Roadside NO2 is well above the district stations' in every year.
    assert (got[got["pollutant"] == "no2"]["ratio"] > 1.3).all()


@requires_shared
def test_station_annual(con, daily):
    got = run(con, "air/station_annual", pollutant="no2", year=2022).set_index("station")
    frame = daily[(daily["date"].dt.year == 2022) & daily["kind"].isin(["urban", "roadside"])]
    expected = frame.groupby("station")["no2_ppm"].agg(["mean", "count"])
    expected = expected[expected["count"] > 0]
    assert set(got.index) == set(expected.index)
    np.testing.assert_allclose(got.loc[expected.index, "mean"], expected["mean"])
    np.testing.assert_allclose(got.loc[expected.index, "coverage"], expected["count"] / 365)


@requires_shared
def test_completeness(con, daily):
    got = run(con, "air/completeness").set_index(["year", "station"])
    frame = daily.assign(year=daily["date"].dt.year)
    counts = frame.groupby(["year", "station"])[["pm25_ugm3", "so2_ppm"]].count()
    days = pd.Series([366 if y % 4 == 0 else 365 for y in counts.index.get_level_values(0)], index=counts.index)
    np.testing.assert_allclose(got.loc[counts.index, "share_pm25"], counts["pm25_ugm3"] / days)
    np.testing.assert_allclose(got.loc[counts.index, "share_so2"], counts["so2_ppm"] / days)
    assert got.loc[(2018, "시흥대로"), "days_with_row"] == frame[(frame["year"] == 2018) & (frame["station"] == "시흥대로")].shape[0]


@requires_shared
def test_longest_gaps(con, daily):
    got = run(con, "air/longest_gaps", pollutant="pm25", min_days=7)
    # Independently: for one station, runs of missing days between its first and last day.
    station = daily[daily["station"] == "화랑로"].set_index("date")["pm25_ugm3"]
    span = station.reindex(pd.date_range(station.index.min(), station.index.max(), freq="D"))
    missing = span.isna()
    run_id = (missing != missing.shift()).cumsum()
    runs = span[missing].groupby(run_id[missing]).apply(lambda s: (s.index.min(), s.index.max(), len(s)))
    expected = sorted((r for r in runs if r[2] >= 7), key=lambda r: (-r[2], r[0]))
    mine = got[got["station"] == "화랑로"].sort_values(["gap_days", "gap_start"], ascending=[False, True])
    assert [(pd.Timestamp(a), pd.Timestamp(b), n) for a, b, n in mine[["gap_start", "gap_end", "gap_days"]].itertuples(index=False)] == expected
    assert got.iloc[0]["gap_days"] == max(r[2] for r in expected) == 95


@requires_shared
def test_realtime_districts_match_the_2021_capture(con):
    from tests.conftest import ROOT
    sample = ROOT.parent / "shared" / "specs" / "samples" / "RealtimeCityAir_legacy_2021.json"
    rows = json.loads(sample.read_text(encoding="utf-8"))["RealtimeCityAir"]["row"]
    got = run(con, "air/realtime_districts", pollutant="pm25").set_index("gu")
    assert got["measured_at"].dropna().unique().tolist() == [pd.Timestamp("2021-05-11 15:00")]
    for row in rows:
        assert got.loc[row["MSRSTE_NM"], "value"] == row["PM25"]
        assert got.loc[row["MSRSTE_NM"], "pm10"] == row["PM10"]
    assert got["seoul_mean"].iloc[0] == pytest.approx(np.mean([r["PM25"] for r in rows]))
    assert got["stations_reporting"].iloc[0] == 25


# --- 2023–2025 (PROVENANCE.md §10.1), checked against the derived 2023–2025 file -------------

@requires_shared
def test_new_years_match_the_source_and_the_published_checks(con, daily):
    annual = run(con, "air/annual_means", pollutant="pm25")
    city = annual[annual["is_city"]].set_index("year")
    new = daily[(daily["kind"] == "urban") & (daily["date"].dt.year >= 2023)]
    expected = new.groupby(new["date"].dt.year)["pm25_ugm3"].mean()
    np.testing.assert_allclose(city.loc[[2023, 2024, 2025], "mean"], expected.loc[[2023, 2024, 2025]])
    # PROVENANCE.md §10.1 check 3: 19.7, 17.5 and 18.4 µg/m³ over the 25 district stations.
    assert [round(city.loc[y, "mean"], 1) for y in (2023, 2024, 2025)] == [19.7, 17.5, 18.4]
    assert city.loc[2024, "possible_n"] == 25 * 366
    # Only 2025 is provisional, in district and Seoul rows alike.
    assert annual.groupby("year")["provisional"].agg(["min", "max"]).loc[2025].tolist() == [True, True]
    assert not annual.loc[annual["year"] < 2025, "provisional"].any()


@requires_shared
def test_the_daily_record_runs_to_the_last_day_of_2025(con, daily):
    assert run(con, "air/day_range").iloc[0].tolist() == [dt.date(2014, 1, 1), dt.date(2025, 12, 31)]
    got = run(con, "air/district_day", day="2025-12-31", pollutant="pm10").set_index("gu")["value"]
    src = daily[(daily["date"] == "2025-12-31") & (daily["kind"] == "urban")].set_index("station")["pm10_ugm3"]
    assert got.to_dict() == pytest.approx(src.to_dict(), nan_ok=True)
    # 2025's missing PM2.5 values stay missing (84 station-days in the raw file, PROVENANCE.md §10.1).
    completeness = run(con, "air/completeness")
    year = completeness[completeness["year"] == 2025]
    assert int(round(((1 - year["share_pm25"]) * year["days_in_year"]).sum())) == 84
