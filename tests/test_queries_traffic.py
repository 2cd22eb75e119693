"""Named queries of the traffic and fine-dust pages: every one runs with its defaults and
returns its declared columns, and the figures agree with the source files recomputed
independently with pandas."""
from __future__ import annotations

import calendar
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import queries
from tests.conftest import air_daily_source, requires_shared, shared_data

MINE = sorted(n for n in queries.registry() if n.split("/")[0] in ("traffic", "dust_traffic"))
EXPRESSWAY = "traffic/seoul_urban_expressway_volume_by_weekday_2013_2023.utf8.csv"
ACCIDENTS = "bike_accidents/seoul_traffic_accidents_by_gu_monthly_long.utf8.csv"
BIKES = "bike_accidents/seoul_bicycle_accidents_by_gu_yearly.csv"


def run(con, name, **params) -> pd.DataFrame:
    return queries.run(name, params, con=con).frame


@pytest.mark.parametrize("name", MINE)
def test_query_runs_with_defaults_and_declares_its_columns(con, name):
    result = queries.run(name, con=con)
    assert list(result.frame.columns) == [c for c, _ in queries.get(name).columns]
    assert not result.truncated


@pytest.fixture(scope="module")
def expressway() -> pd.DataFrame:
    return pd.read_csv(shared_data() / EXPRESSWAY)


def _monthly_adt(rows: pd.DataFrame, year: int, month: int) -> float:
    """Weekday averages weighted by how many of each weekday the month has."""
    counts = pd.Series([calendar.weekday(year, month, d) + 1 for d in range(1, calendar.monthrange(year, month)[1] + 1)]).value_counts()
    return float((rows.set_index("weekday_iso")["avg_daily_volume"] * counts).sum() / counts.sum())


@requires_shared
def test_expressway_monthly_weights_weekdays_and_leaves_the_gap_empty(con, expressway):
    frame = run(con, "traffic/expressway_monthly", routes=["올림픽대로"])
    src = expressway[(expressway["line_norm"] == "올림픽대로") & (expressway["year"] == 2023) & (expressway["month"] == 2)]
    got = frame.loc[(frame["year"] == 2023) & (frame["month"] == 2), "avg_daily_volume"].item()
    assert got == pytest.approx(_monthly_adt(src, 2023, 2))
    gap = frame[frame["year"].between(2019, 2021)]
    assert len(gap) == 36 and gap["avg_daily_volume"].isna().all() and not gap["month_in_file"].any()
    assert frame["avg_daily_volume"].notna().sum() == expressway[expressway["line_norm"] == "올림픽대로"][["year", "month"]].drop_duplicates().shape[0]


@requires_shared
def test_expressway_weekday_means_and_weekend_ratio(con, expressway):
    weekday = run(con, "traffic/expressway_weekday", year=2023).set_index(["route", "weekday_iso"])
    expected = expressway[expressway["year"] == 2023].groupby(["line_norm", "weekday_iso"])["avg_daily_volume"].mean()
    assert np.allclose(weekday["mean_volume"].sort_index().to_numpy(), expected.sort_index().to_numpy())
    ratio = run(con, "traffic/expressway_weekend_ratio").set_index(["route", "year"])
    src = expressway[(expressway["line_norm"] == "강변북로") & (expressway["year"] == 2015)]
    pct = 100 * src.loc[src["weekday_iso"] >= 6, "avg_daily_volume"].mean() / src.loc[src["weekday_iso"] <= 5, "avg_daily_volume"].mean()
    assert ratio.loc[("강변북로", 2015), "weekend_pct_of_weekday"] == pytest.approx(pct)
    assert ratio.loc[("강변북로", 2020), "weekend_pct_of_weekday"] != ratio.loc[("강변북로", 2020), "weekend_pct_of_weekday"]  # NaN


@requires_shared
def test_consistent_route_total_and_route_coverage(con, expressway):
    total = run(con, "traffic/expressway_citywide_monthly")
    months = expressway.groupby("line_norm")[["year", "month"]].apply(lambda d: len(d.drop_duplicates()))
    consistent = sorted(months[months == months.max()].index)
    assert total["route_names"].iloc[0].split(", ") == consistent and len(consistent) == 7
    src = expressway[(expressway["year"] == 2016) & (expressway["month"] == 7) & expressway["line_norm"].isin(consistent)]
    expected = sum(_monthly_adt(part, 2016, 7) for _, part in src.groupby("line_norm"))
    assert total.loc[(total["year"] == 2016) & (total["month"] == 7), "total_volume"].item() == pytest.approx(expected)
    assert total.loc[total["year"].between(2019, 2021), "total_volume"].isna().all()
    routes = run(con, "traffic/expressway_routes").set_index("route")
    assert str(routes.loc["강남순환로", "first_month"]) == "2016-07-01"
    assert str(routes.loc["서부간선도로", "first_month"]) == "2013-11-01"
    assert routes.loc["분당수서로", "published_names"] == "분당수서고속화도로 · 분당수서로"


@requires_shared
def test_accident_queries_match_the_long_file(con):
    src = pd.read_csv(shared_data() / ACCIDENTS)
    src = src[src["gu"] != "소계"].assign(year=lambda d: d["month"].str[:4].astype(int))
    yearly = run(con, "traffic/accidents_yearly").set_index("year")
    expected = src.groupby("year")[["accidents", "deaths", "injuries"]].sum()
    assert (yearly[["accidents", "deaths", "injuries"]] == expected).all().all()
    assert yearly.loc[2024, "accidents"] == 33465
    by_gu = run(con, "traffic/accidents_gu_year", year=2019).set_index("gu")
    assert (by_gu["accidents"] == src[src["year"] == 2019].groupby("gu")["accidents"].sum().reindex(by_gu.index)).all()
    gangnam = run(con, "traffic/accidents_yearly", gu="강남구").set_index("year")
    assert gangnam.loc[2010, "deaths"] == src[(src["gu"] == "강남구") & (src["year"] == 2010)]["deaths"].sum()


@requires_shared
def test_month_profile_divides_by_days(con):
    src = pd.read_csv(shared_data() / ACCIDENTS)
    src = src[src["gu"] != "소계"]
    profile = run(con, "traffic/accidents_month_profile", year=2020).set_index("month")
    feb = src[src["month"].str.endswith("-02")].groupby("month")["accidents"].sum()
    days = [calendar.monthrange(int(m[:4]), 2)[1] for m in feb.index]
    assert profile.loc[2, "long_run_per_day"] == pytest.approx(feb.sum() / sum(days))
    assert profile.loc[2, "selected_per_day"] == pytest.approx(feb["2020-02"] / 29)


@requires_shared
def test_bicycle_share_per_year_and_district(con):
    bikes = pd.read_csv(shared_data() / BIKES, encoding="utf-8-sig")
    bikes = bikes[bikes["자치구"] != "소계"]
    acc = pd.read_csv(shared_data() / ACCIDENTS)
    acc = acc[acc["gu"] != "소계"]
    share = run(con, "traffic/bike_share_yearly").set_index("year")
    victims_2023 = bikes.loc[bikes["연도"] == 2023, "피해_발생건수"].sum()
    all_2023 = acc.loc[acc["month"].str.startswith("2023"), "accidents"].sum()
    assert share.loc[2023, "cyclist_victim"] == victims_2023
    assert share.loc[2023, "victim_pct"] == pytest.approx(100 * victims_2023 / all_2023)
    assert share.index.max() == 2023  # the bicycle file ends in 2023
    by_gu = run(con, "traffic/bike_share_gu", year=2023).set_index("gu")
    mapo = bikes[(bikes["연도"] == 2023) & (bikes["자치구"] == "마포구")]["가해_발생건수"].item()
    assert by_gu.loc["마포구", "cyclist_at_fault"] == mapo


@requires_shared
def test_topis_speed_queries_shift_01h_to_hour_0(con):
    raw = pd.read_csv(shared_data() / "traffic/topis_link_speed_sample_20230101_59links.csv", dtype={"링크아이디": str})
    slow = run(con, "traffic/link_speed_slowest", hour=18, top=3)
    expected = raw.assign(v=raw["19시"].round(2)).nsmallest(3, "v")  # hour 18 = the 19시 column
    assert slow["link_id"].tolist() == expected["링크아이디"].tolist()
    assert slow["mean_speed"].tolist() == pytest.approx(expected["v"].tolist())
    assert slow["sample_only"].all()
    by_hour = run(con, "traffic/link_speed_by_hour").set_index(["road_class", "hour"])
    cls = raw[raw["기능유형구분"] == "보조간선도로"]
    assert by_hour.loc[("보조간선도로", 0), "mean_speed"] == pytest.approx(cls["01시"].round(2).mean())
    assert by_hour.loc[("보조간선도로", 0), "links"] == len(cls)
    cov = run(con, "traffic/topis_coverage").set_index("dataset")
    assert cov.loc["topis_link_speed", "places"] == 59 and cov.loc["topis_link_speed", "is_sample"]


@requires_shared
def test_spot_volume_profile_uses_published_weekdays(con):
    raw = pd.read_csv(shared_data() / "traffic/topis_volume_survey_sample_A-01_202301.csv")
    profile = run(con, "traffic/spot_volume_profile", spot="A-01").set_index(["direction", "day_type", "hour"])
    inflow = raw[raw["방향"] == "유입"]
    weekend = inflow[inflow["요일"].isin(["토", "일"])]
    assert profile.loc[("유입", "weekend", 8), "mean_volume"] == pytest.approx(weekend["8시"].mean())
    assert profile.loc[("유입", "weekend", 8), "days"] == len(weekend)
    daily = run(con, "traffic/spot_volume_daily", spot="A-01")
    first = daily[(daily["direction"] == "유입")].iloc[0]
    assert first["daily_volume"] == inflow.iloc[0][[f"{h}시" for h in range(24)]].sum()


@requires_shared
def test_volinfo_days_with_a_missing_block_have_no_total(con):
    derived = pd.read_csv(shared_data() / "traffic/topis_volinfo_spot_B-01_6h_blocks_2016_2017.utf8.csv")
    daily = run(con, "traffic/volinfo_daily")
    ok = derived[~derived["suspect_zero"]].groupby("date").filter(lambda d: len(d) == 4).groupby("date")["vol_total"].sum()
    got = daily.dropna(subset=["daily_volume"]).set_index(daily.dropna(subset=["daily_volume"])["date"].astype(str))["daily_volume"]
    assert got.to_dict() == ok.to_dict()
    span = (pd.Timestamp(derived["date"].max()) - pd.Timestamp(derived["date"].min())).days + 1
    assert len(daily) == span  # every calendar day listed, gaps as NULL


def test_live_queries_are_empty_offline(con):
    assert run(con, "traffic/live_link_speeds").empty and run(con, "traffic/live_citydata_road").empty


def _edited_import(tmp_path) -> pd.DataFrame:
    from data_sources.importers import topis
    fixture = Path(__file__).parent / "fixtures" / "topis" / "link_speed_5links_20230101.cp949.csv"
    raw = pd.read_csv(fixture, encoding="cp949", dtype=str)
    raw.loc[:, "19시"] = "5"  # every imported link at 5 km/h at 18–19 h
    edited = tmp_path / "2023년 01월 서울시 차량통행속도.csv"
    raw.to_csv(edited, index=False, encoding="cp949")
    return edited, topis.link_speed([edited])


def _speed_queries():
    from data_sources import warehouse
    con = warehouse.connect_read_only(warehouse.build().path)
    try:
        return (queries.run("traffic/link_speed_slowest", {"hour": 18, "top": 5}, con=con).frame,
                queries.run("traffic/link_speed_by_hour", con=con).frame)
    finally:
        con.close()


def test_an_imported_file_is_served_instead_of_the_sample(tmp_var, tmp_path):
    """`import` writes the month's partition (2023-01), which the warehouse serves
    instead of the bundled January excerpt; its rows say they are not a sample."""
    from data_sources import pipeline
    edited, _ = _edited_import(tmp_path)
    pipeline.import_from_source_files("topis_link_speed", paths=[edited])
    slow, per_hour = _speed_queries()
    assert slow["mean_speed"].tolist() == [5.0] * 5 and not slow["sample_only"].any()
    assert per_hour.groupby("hour")["links"].sum().max() == 5


def test_a_month_partition_overlapping_the_sample_replaces_its_rows(tmp_var, tmp_path):
    """One snapshot per month: an imported month replaces the bundled excerpt of the
    same month (a full month holds every link the excerpt had), so no row is counted
    twice and nothing of the excerpt is mixed into the imported month."""
    from data_sources import catalog, pipeline
    _, frame = _edited_import(tmp_path)
    pipeline.snapshot_frame(catalog.get("topis_link_speed"), frame, source="test", source_kind="file",
                            partition=frame.attrs["partition"])
    slow, per_hour = _speed_queries()
    assert slow["mean_speed"].tolist() == [5.0] * 5 and not slow["sample_only"].any()
    assert per_hour.groupby("hour")["links"].sum().max() == 5  # the imported file's links only


def test_a_different_month_is_kept_beside_the_sample(tmp_var, tmp_path):
    """Importing February keeps the bundled January excerpt: months accumulate."""
    from data_sources import catalog, pipeline, snapshots
    _, frame = _edited_import(tmp_path)
    frame = frame.copy()
    frame["date"] = pd.to_datetime(frame["date"]) + pd.DateOffset(months=1)
    frame.attrs["partition"] = "2023-02"
    pipeline.snapshot_frame(catalog.get("topis_link_speed"), frame, source="test", source_kind="file",
                            partition="2023-02")
    used = snapshots.current_snapshots("topis_link_speed")
    assert sorted(s.partition for s in used) == ["2023-01", "2023-02"]
    assert [s.source_kind for s in sorted(used, key=lambda s: s.partition)] == ["bundled", "file"]


@requires_shared
def test_air_daily_by_type_matches_the_station_file(con):
    daily = run(con, "dust_traffic/air_daily_by_type")
    src = air_daily_source()
    urban = src[src["station"].str.endswith("구")]
    day = urban[urban["date"] == "2019-03-05"]
    row = daily[(daily["station_type"] == "urban") & (daily["date"].astype(str) == "2019-03-05")].iloc[0]
    assert row["pm25"] == pytest.approx(day["pm25_ugm3"].mean())
    assert row["no2_ppb"] == pytest.approx(1000 * day["no2_ppm"].mean())
    assert row["n_pm25"] == day["pm25_ugm3"].notna().sum()
    sets = run(con, "dust_traffic/station_sets")
    assert sets.loc[sets["station_type"] == "roadside", "included"].sum() == 14
    assert "시흥대로" in set(sets.loc[~sets["included"], "station"])


@requires_shared
def test_expressway_hourly_profile_matches_the_file(con):
    src = pd.read_csv(shared_data() / "traffic/seoul_urban_expressway_hourly_volume_by_route_dir_20250507.utf8.csv")
    got = run(con, "traffic/expressway_hourly")
    assert len(got) == len(src) == 384
    assert got.groupby("route")["volume"].sum().to_dict() == src.groupby("route")["volume"].sum().to_dict()
    assert got[got["route"] == "올림픽대로"]["volume"].sum() == 243_177  # PROVENANCE.md §10.5
    one = run(con, "traffic/expressway_hourly", route="강변북로")
    assert set(one["route"]) == {"강변북로"} and one.groupby("direction")["share_of_day"].sum().round(12).eq(1).all()


@requires_shared
def test_every_sampled_link_has_a_shape_for_the_map(con):
    links = run(con, "traffic/link_speed_map", hour=8)
    sample = pd.read_csv(shared_data() / "traffic/topis_link_speed_sample_20230101_59links.csv", dtype=str)
    assert len(links) == 59 and links["path_json"].notna().all()
    assert set(links["link_id"]) == set(sample[[c for c in sample.columns if "링크" in c][0]])
    first = json.loads(links["path_json"].iloc[0])
    assert len(first) >= 2 and all(126.7 < lon < 127.3 and 37.4 < lat < 37.75 for lon, lat in first)
