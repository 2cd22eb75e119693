"""The bicycles page's named queries against the source files.

Every figure the page shows is recomputed here independently with pandas from the
files in ../shared/data (PROVENANCE.md), not from the warehouse, so an importer or
query mistake shows up as a mismatch.
"""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

import queries
from queries import QueryError
from tests.conftest import requires_shared, shared_data

LIST_FILES = {
    2018: "bike_stations/ddareungi_stations_20180409.utf8.csv",
    2021: "bike_stations/ddareungi_stations_202106.utf8.csv",
    2023: "bike_stations/ddareungi_stations_202306.utf8.csv",
}
# The latest list that publishes racks and install dates (the Dec 2024 and Dec 2025 lists do not).
LATEST_WITH_RACKS = "bike_stations/ddareungi_stations_202406.utf8.csv"


def run(con, name, **params) -> pd.DataFrame:
    return queries.run(f"bikes/{name}", params, con=con).frame


def _list(year: int) -> pd.DataFrame:
    return pd.read_csv(shared_data() / LIST_FILES[year], encoding="utf-8")


def _gu_column(frame: pd.DataFrame) -> str:
    return "자치구" if "자치구" in frame.columns else "구"


# --- the network ----------------------------------------------------------------------

@requires_shared
def test_station_counts_per_list_match_the_files(con):
    growth = run(con, "network_growth").set_index(run(con, "network_growth")["list_date"].map(lambda d: d.year))
    for year in (2018, 2021, 2023):
        assert growth.loc[year, "stations"] == len(_list(year)), year
    assert growth.loc[2023, "stations"] == 2749 and growth.loc[2021, "stations"] == 2467
    # new = station numbers absent from the previous list
    new_2023 = set(_list(2023)["대여소번호"]) - set(_list(2021)["대여소번호"])
    assert growth.loc[2023, "new_stations"] == len(new_2023)


@requires_shared
@pytest.mark.parametrize("year", [2018, 2021, 2023])
def test_station_counts_per_district_match_the_files(con, year):
    src = _list(year)
    expected = src.groupby(src[_gu_column(src)].str.strip()).size()
    by_gu = run(con, "stations_by_gu")
    got = by_gu[by_gu["list_date"].map(lambda d: d.year) == year].set_index("gu")["stations"]
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    # the filtered map query agrees with the per-district count
    gu = expected.idxmax()
    assert len(run(con, "stations_map", list=str(year), gu=gu)) == expected[gu]


@requires_shared
def test_racks_2023_use_qr_else_lcd_never_the_sum(con):
    src = _list(2023)
    qr, lcd = pd.to_numeric(src["거치대수QR"], errors="coerce"), pd.to_numeric(src["거치대수LCD"], errors="coerce")
    expected = int(qr.fillna(lcd).sum())
    both = qr.notna() & lcd.notna()
    assert both.sum() == 148  # PROVENANCE: 148 stations list both counts
    growth = run(con, "network_growth")
    racks_2023 = int(growth.loc[growth["list_date"].map(lambda d: d.year) == 2023, "racks"].iloc[0])
    assert racks_2023 == expected
    assert racks_2023 < int(qr.fillna(0).sum() + lcd.fillna(0).sum())  # the sum would double count
    comparison = run(con, "district_comparison")
    latest = pd.read_csv(shared_data() / LATEST_WITH_RACKS)
    assert int(comparison["racks"].sum()) == int(latest["racks_qr"].fillna(latest["racks_lcd"]).sum())


@requires_shared
def test_install_years_count_the_latest_list(con):
    src = pd.read_csv(shared_data() / LATEST_WITH_RACKS)
    years = pd.to_datetime(src["installed_at"], errors="coerce").dt.year.value_counts()
    got = run(con, "install_years").set_index("install_year")["stations"]
    assert got.to_dict() == {int(k): int(v) for k, v in years.sort_index().items()}


@requires_shared
def test_lane_kilometres_match_the_smart_map_file(con):
    doc = json.loads((shared_data() / "bike_lanes/seoul_bike_lanes_smartmap.geojson").read_text(encoding="utf-8"))
    km = pd.to_numeric(pd.Series([f["properties"].get("VALUE_04") for f in doc["features"]]), errors="coerce")
    assert len(run(con, "lanes_map")) == len(doc["features"]) == 1359
    assert run(con, "lanes_by_type")["length_km"].sum() == pytest.approx(km.sum(), abs=1e-6)
    links = run(con, "road_links_map")
    assert len(links) == 12631
    assert links["length_m"].sum() / 1000 == pytest.approx(1032, rel=0.01)


# --- use ------------------------------------------------------------------------------

@requires_shared
def test_monthly_rentals_totals_match_the_files(con):
    got = run(con, "monthly_totals").set_index(run(con, "monthly_totals")["month"].map(lambda d: d.strftime("%Y-%m")))
    m21 = pd.read_csv(shared_data() / "bike_usage/ddareungi_station_monthly_rentals_202102_202106.utf8.csv")
    exp21 = m21.groupby(m21["대여월"].astype(str).str.strip())["대여건수"].sum()
    for month, total in exp21.items():
        key = f"{month[:4]}-{month[4:6]}"
        assert got.loc[key, "rentals"] == total, key
    m18 = pd.read_csv(shared_data() / "bike_usage/ddareungi_station_monthly_usage_2018H1.utf8.csv", dtype=str)
    m18["month"] = m18["대여일자"].str.strip().str[:6]
    rentals18 = pd.to_numeric(m18["대여건수"]).groupby(m18["month"]).sum()
    returns18 = pd.to_numeric(m18["반납건수"]).groupby(m18["month"]).sum()
    for month in rentals18.index:
        key = f"{month[:4]}-{month[4:6]}"
        assert got.loc[key, "rentals"] == rentals18[month], key
        assert got.loc[key, "returns"] == returns18[month], key
    assert got["rentals"].sum() == rentals18.sum() + exp21.sum()


@requires_shared
def test_district_monthly_2021_matches_station_groups(con):
    m21 = pd.read_csv(shared_data() / "bike_usage/ddareungi_station_monthly_rentals_202102_202106.utf8.csv")
    m21 = m21[~m21["대여소그룹(자치구)"].isin(["정비센터", "그룹명 없음"])]
    expected = m21.groupby("대여소그룹(자치구)")["대여건수"].sum()
    dm = run(con, "district_monthly")
    got = dm[dm["month"].map(lambda d: d.year) == 2021].groupby("gu")["rentals"].sum()
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    # one district through the filtered query
    one = run(con, "monthly_totals", gu="마포구")
    assert one.loc[one["source_period"] == "2021", "rentals"].sum() == expected["마포구"]


@requires_shared
def test_busiest_station_and_imbalance_match_the_files(con):
    m21 = pd.read_csv(shared_data() / "bike_usage/ddareungi_station_monthly_rentals_202102_202106.utf8.csv")
    june = m21[m21["대여월"].astype(str) == "202106"].sort_values("대여건수", ascending=False)
    top = run(con, "top_stations", month="2021-06", limit=5)
    assert top["rentals"].iloc[0] == june["대여건수"].iloc[0]
    assert str(top["station_no"].iloc[0]) == june["대여소명"].iloc[0].split(".")[0].strip()
    m18 = pd.read_csv(shared_data() / "bike_usage/ddareungi_station_monthly_usage_2018H1.utf8.csv", dtype=str)
    # rows without a numeric station number (repair centres, unknown stations) are not stations
    number = pd.to_numeric(m18["대여소번호"].str.strip(), errors="coerce")
    m18 = m18[number.notna()].assign(no=number.dropna().astype(int))
    per_station = m18.assign(r=pd.to_numeric(m18["대여건수"]), b=pd.to_numeric(m18["반납건수"])) \
        .groupby("no")[["r", "b"]].sum()
    net = (per_station["b"] - per_station["r"])
    imb = run(con, "station_imbalance").set_index("station_no")
    assert imb["net"].sort_index().to_dict() == net.sort_index().to_dict()
    assert imb["net"].idxmax() == net.idxmax() and imb["net"].idxmin() == net.idxmin()


@requires_shared
def test_daily_rentals_and_profiles_match_the_files(con):
    daily = pd.read_csv(shared_data() / "bike_usage/ddareungi_daily_rentals_202102_202106.utf8.csv")
    got = run(con, "daily_rentals")
    assert len(got) == len(daily) == 150 and got["rentals"].sum() == daily["대여건수"].sum()
    hours = pd.read_csv(shared_data() / "bike_usage/ddareungi_rentals_by_hour_of_day_202401_202504.csv")
    assert run(con, "rental_profiles", dimension="hour")["rentals"].sum() == hours["대여건수"].sum() == 52_572_719


# --- demand ---------------------------------------------------------------------------

@requires_shared
def test_uci_total_matches_the_file(con):
    uci = pd.read_csv(shared_data() / "bike_usage/uci_SeoulBikeData.latin1.csv", encoding="latin-1")
    count = uci["Rented Bike Count"] if "Rented Bike Count" in uci.columns else uci["Rented Bicycle Count"]
    s = run(con, "uci_summary").iloc[0]
    assert s["rentals_total"] == count.sum() == 6_172_314
    assert s["hours"] == len(uci) == 8760
    down = uci["Functioning Day"].str.strip().eq("No")
    assert s["non_operating_hours"] == down.sum() == 295
    assert s["rentals_in_non_operating_hours"] == count[down].sum() == 0
    assert s["mean_per_operating_hour"] == pytest.approx(count[~down].mean())
    # the demand charts use operating hours only
    season = run(con, "weather_hour_season")
    assert season["hours"].sum() == (~down).sum()


@requires_shared
def test_dust_grades_exclude_missing_readings(con):
    raw = pd.read_csv(shared_data() / "bike_usage/aivle_sbikedata_hourly_2021.csv")
    day = raw[raw["hour"].between(7, 22)]
    bands = run(con, "dust_bands", pollutant="pm10")
    assert bands["hours"].sum() == day["PM10"].notna().sum()
    assert bands["hours_without_reading"].iloc[0] == day["PM10"].isna().sum()
    good = day[day["PM10"] <= 30]
    assert bands.set_index("grade").loc["좋음", "mean_rentals"] == pytest.approx(good["count"].mean())


# --- routes ---------------------------------------------------------------------------

@requires_shared
def test_od_sample_totals_match_the_json(con):
    rows = pd.DataFrame(json.loads((shared_data() / "bike_trips/ddareungi_od_2023_weekday_gangseo_agg.json")
                                   .read_text(encoding="utf-8"))).drop_duplicates()
    s = run(con, "od_summary").iloc[0]
    assert s["trips"] == rows["count"].sum() == 25_896
    assert s["pairs"] == len(rows.groupby(["origin_station_id", "desti_station_id"]))
    flows = run(con, "od_flows")
    assert flows["trips"].sum() == rows["count"].sum()
    assert flows["round_trip"].sum() == (rows.drop_duplicates(["origin_station_id", "desti_station_id"])
                                         .pipe(lambda r: (r["origin_station_id"] == r["desti_station_id"]).sum()))
    assert (run(con, "od_flows", min_trips=10)["trips"] >= 10).all()


def test_trip_views_show_only_the_bundled_gangnam_month(con):
    months = run(con, "trips_by_month")
    assert list(months.month) == ["2023-01"] and months.trips[0] == 34_937
    scope = run(con, "trips_months")
    assert list(scope.month) == ["2023-01"] and scope.scope[0] == "gangnam_internal" and not scope.synthetic[0]
    assert run(con, "station_coords")["lat"].notna().all()


# --- safety and districts ----------------------------------------------------------

@requires_shared
def test_accidents_match_the_file(con):
    raw = pd.read_csv(shared_data() / "bike_accidents/seoul_bicycle_accidents_by_gu_yearly.csv", encoding="utf-8-sig")
    raw = raw[raw["자치구"] != "소계"]
    by_year = raw.groupby("연도")[["피해_발생건수", "가해_발생건수"]].sum()
    trend = run(con, "accidents_trend").set_index("year")
    assert trend["accidents_victim"].to_dict() == by_year["피해_발생건수"].to_dict()
    assert trend["accidents_at_fault"].to_dict() == by_year["가해_발생건수"].to_dict()
    y23 = raw[raw["연도"] == 2023].set_index("자치구")
    rates = run(con, "accident_rates", year=2023).set_index("gu")
    # One definition (issue 11): accidents hurting a cyclist, never victim + at fault (they overlap).
    total = y23["피해_발생건수"]
    assert rates["accidents"].to_dict() == total.to_dict()
    lanes = run(con, "lanes_by_gu").groupby("gu")["length_km"].sum()
    assert rates.loc["중랑구", "per_lane_km"] == pytest.approx(total["중랑구"] / lanes["중랑구"])


@requires_shared
def test_district_comparison_columns_are_consistent(con):
    table = run(con, "district_comparison").set_index("gu")
    assert len(table) == 25
    # boundary areas sum to Seoul's 605 km² (official 605.2 km²)
    assert table["area_km2"].sum() == pytest.approx(605.2, rel=0.01)
    stations = pd.read_csv(shared_data() / LATEST_WITH_RACKS).groupby("gu").size()
    assert table["stations"].to_dict() == stations.to_dict()
    assert table["stations_per_km2"].to_dict() == pytest.approx((table["stations"] / table["area_km2"]).to_dict())
    totals = pd.read_csv(shared_data() / "bike_usage/ddareungi_station_rental_totals_202401_202504.utf8.csv")
    assert table["rentals_2024_25"].sum() == totals["rentals"].sum() == 52_572_694


@requires_shared
def test_live_counts_match_the_capture(con):
    live = pd.read_csv(shared_data() / "bike_live/seoul_bike_stations_live_20260909.utf8.csv")
    s = run(con, "live_summary").iloc[0]
    assert s["stations"] == len(live) == 2731
    assert s["bikes"] == live["bikes_parked"].sum() == 31_721
    assert s["empty_stations"] == (live["bikes_parked"] == 0).sum() == 349
    full = (live["bikes_parked"] >= live["rack_total"]) & (live["rack_total"] > 0)
    assert s["full_stations"] == full.sum()
    assert s["stations_without_district"] == 70
    status = run(con, "live_stations")["status"].value_counts()
    assert status["empty"] == 349 and status["full"] == full.sum()


def test_bad_parameters_are_refused(con):
    with pytest.raises(QueryError, match="not one of"):
        run(con, "stations_map", list="1999")
    with pytest.raises(QueryError, match="not one of"):
        run(con, "dust_bands", pollutant="'; DROP TABLE bike_live; --")
    with pytest.raises(QueryError, match="not a valid INTEGER"):
        run(con, "top_stations", limit="many")
    # an unknown district or month is just an empty result, never an error
    assert run(con, "top_stations", month="1999-01").empty
    assert run(con, "stations_map", gu="없는구").empty


# --- monthly rentals 2017–2025 and the rider mix (PROVENANCE.md §10.3) ------------------------

USAGE = "bike_usage/"


@requires_shared
def test_yearly_rentals_follow_the_chosen_source_per_month(con):
    table = pd.read_csv(shared_data() / (USAGE + "ddareungi_rentals_by_gu_monthly_201701_202305.utf8.csv"))
    aggregate = pd.read_csv(shared_data() / (USAGE + "ddareungi_citywide_monthly_201901_202512.utf8.csv"))
    table_total = table[table["gu"] == "합계"].set_index("month")["rentals"]
    expected = pd.concat([table_total, aggregate.set_index("month")["rentals"].loc["2023-06":]])
    yearly = run(con, "rentals_yearly")
    city = yearly[yearly["gu"].isna()].set_index("year")
    assert city["rentals"].to_dict() == expected.groupby(expected.index.str[:4].astype(int)).sum().to_dict()
    # Seoul's published yearly totals (PROVENANCE.md §10.3b) and the aggregate's own years.
    assert city.loc[[2017, 2018, 2019], "rentals"].tolist() == [5_031_039, 10_061_684, 19_074_794]
    assert city.loc[[2024, 2025], "rentals"].tolist() == [43_849_559, 37_373_054]
    assert (city["months"] == 12).all()  # 2019-12 comes from the statistics table
    monthly = run(con, "rentals_monthly").set_index("month")
    assert monthly.loc[dt.date(2019, 12, 1), "rentals"] == 882_078
    assert monthly.loc[dt.date(2019, 12, 1), "source"] == "seoul_stats_by_gu"
    assert monthly.loc[dt.date(2023, 6, 1), "source"] == "oa15248_aggregate"
    # Districts add up to Seoul in every year.
    districts = yearly[yearly["gu"].notna()].groupby("year")["rentals"].sum()
    assert districts.to_dict() == city["rentals"].to_dict()


@requires_shared
def test_district_rentals_match_the_source_tables(con):
    got = run(con, "rentals_monthly", gu="강남구").set_index("month")["rentals"]
    table = pd.read_csv(shared_data() / (USAGE + "ddareungi_rentals_by_gu_monthly_201701_202305.utf8.csv"))
    aggregate = pd.read_csv(shared_data() / (USAGE + "ddareungi_gu_monthly_by_station_gu_201901_202512.utf8.csv"))
    assert got[dt.date(2018, 5, 1)] == table[(table["gu"] == "강남구") & (table["month"] == "2018-05")]["rentals"].iloc[0]
    assert got[dt.date(2025, 5, 1)] == aggregate[(aggregate["gu"] == "강남구") & (aggregate["month"] == "2025-05")]["rentals"].iloc[0]
    # Gangnam's first rentals are in June 2017; from then on every month is there.
    assert (got.index.min(), got.index.max(), len(got)) == (dt.date(2017, 6, 1), dt.date(2025, 12, 1), 103)


@requires_shared
def test_rider_mix_sums_to_the_month_and_merges_the_teen_columns(con):
    raw = pd.read_csv(shared_data() / (USAGE + "ddareungi_citywide_monthly_by_gender_age_201901_202512.utf8.csv"))
    ages = run(con, "rider_mix", dimension="age")
    genders = run(con, "rider_mix", dimension="gender")
    y2022 = ages[ages["year"] == 2022].set_index("group")["rentals"]
    in_2022 = raw[raw["month"].str.startswith("2022")]
    assert y2022["~10대"] == in_2022["10대"].sum() + in_2022["~10대"].sum() > in_2022["~10대"].sum()
    assert ages.groupby("year")["rentals"].sum().to_dict() == genders.groupby("year")["rentals"].sum().to_dict()
    assert ages.groupby("year")["share"].sum().round(12).eq(1).all()
    assert ages.loc[ages["year"] == 2019, "months"].iloc[0] == 11  # 2019-12 missing in this source


@requires_shared
def test_network_growth_runs_to_december_2025(con):
    growth = run(con, "network_growth").set_index("list_date")
    latest = growth.loc[dt.date(2025, 12, 1)]
    assert (latest["stations"], latest["new_stations"], latest["closed_stations"]) == (2799, 70, 37)
    assert pd.isna(latest["racks"]) and latest["stations_with_racks"] == 0  # racks not published in that list
    june_2024 = pd.read_csv(shared_data() / LATEST_WITH_RACKS)
    assert growth.loc[dt.date(2024, 6, 1), "stations"] == len(june_2024) == 2763


@requires_shared
def test_every_page_counts_bicycle_accidents_the_same_way(con):
    """The first page, the bicycles page and the traffic page give the same count and deaths."""
    raw = pd.read_csv(shared_data() / "bike_accidents/seoul_bicycle_accidents_by_gu_yearly.csv", encoding="utf-8-sig")
    raw = raw[raw["자치구"] != "소계"].groupby("연도")[["피해_발생건수", "피해_사망자수", "가해_발생건수"]].sum()
    counts = run(con, "accident_counts").set_index("year")
    assert counts["accidents"].to_dict() == raw["피해_발생건수"].to_dict()
    assert counts["deaths"].to_dict() == raw["피해_사망자수"].to_dict()
    assert counts["at_fault_accidents"].to_dict() == raw["가해_발생건수"].to_dict()
    year = int(counts.index.max())
    first_page = queries.run("indicators/bike_accidents_yearly", {}, con=con).frame
    first_page = first_page.assign(year=pd.to_datetime(first_page["period"]).dt.year).set_index("year")
    glance = queries.run("glance/bike_accidents_summary", {}, con=con).frame.iloc[0]
    traffic = queries.run("traffic/bike_share_yearly", {}, con=con).frame.set_index("year")
    by_gu = run(con, "accidents_by_gu", year=year)
    assert first_page.loc[year, "accidents"] == glance["victim_accidents"] == counts.loc[year, "accidents"] == by_gu["accidents_victim"].sum()
    assert first_page.loc[year, "deaths"] == glance["victim_deaths"] == counts.loc[year, "deaths"] == by_gu["deaths"].sum()
    shared = traffic.index.intersection(counts.index)
    assert (traffic.loc[shared, "cyclist_victim"] == counts.loc[shared, "accidents"]).all()
    assert (traffic.loc[shared, "cyclist_deaths"] == counts.loc[shared, "deaths"]).all()
