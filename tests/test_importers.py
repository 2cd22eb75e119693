"""Each importer on small real samples of its source file (tests/fixtures/sources,
cut by scripts/make_source_fixtures.py), checking that the file's known problems are
fixed (PROVENANCE.md) and that malformed files fail with a clear message."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from data_sources.importers import SourceFileError, air, bikes, geo, safety, traffic

FIX = Path(__file__).parent / "fixtures" / "sources"


def test_daily_air_reads_xlsx_and_cp949_and_fixes_the_co2_label():
    df = air.daily_by_station([FIX / "air_quality/raw_OA2218_daily/seoul_daily_air_2014.xlsx",
                               FIX / "air_quality/raw_OA2218_daily/seoul_daily_air_2018.cp949.csv"])
    assert set(df["date"].map(lambda d: d.year)) == {2014, 2018}
    first = df[(df["date"] == dt.date(2014, 1, 1)) & (df["station"] == "강남구")].iloc[0]
    # 2014 header says 이산화탄소농도 (CO2); the value 0.5 is CO in ppm.
    assert first["co_ppm"] == pytest.approx(0.5)
    assert first["pm10_ugm3"] == 117 and first["pm25_ugm3"] == 29
    # CP949 2018 file: Korean station names decode, roadside stations are classified.
    assert "강남대로" in set(df["station"])
    types = dict(zip(df["station"], df["station_type"]))
    assert types["강남구"] == "urban" and types["강남대로"] == "roadside" and types["종로"] == "roadside"
    assert df.loc[df["station_type"] == "urban", "gu"].notna().all()
    assert df.loc[df["station_type"] != "urban", "gu"].isna().all()


def test_daily_air_keeps_missing_values_missing():
    df = air.daily_by_station([FIX / "air_quality/raw_OA2218_daily/seoul_daily_air_2018.cp949.csv"])
    raw = pd.read_csv(FIX / "air_quality/raw_OA2218_daily/seoul_daily_air_2018.cp949.csv", encoding="cp949")
    assert df["pm10_ugm3"].isna().sum() == raw.iloc[:, 6].isna().sum() > 0  # blanks stay NULL, never 0


def test_hourly_air_24h_is_midnight_of_next_day_and_no2_label_fixed():
    df = air.hourly_citywide([FIX / "air_quality/seoul_citywide_hourly_air_2018_2022.csv"])
    assert pd.Timestamp("2018-01-02 00:00") in set(df["measured_at"])  # "2018-01-01 24:00"
    assert not df["measured_at"].duplicated().any()  # the doubled 2019-12-01 is kept once
    assert (df["measured_at"].dt.date == dt.date(2019, 12, 1)).sum() == 23  # 01:00 … 23:00
    first = df.iloc[0]
    assert first["measured_at"] == pd.Timestamp("2018-01-01 01:00")
    assert first["no2_ppm"] == pytest.approx(0.021)  # column headed 이산화탄소


def test_hourly_air_refuses_conflicting_duplicates(tmp_path):
    src = (FIX / "air_quality/seoul_citywide_hourly_air_2018_2022.csv").read_text()
    lines = src.splitlines()
    lines.append(lines[1].replace(",17,", ",99,", 1))  # same hour, different value
    bad = tmp_path / "hourly.csv"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(SourceFileError, match="different values for the same hour"):
        air.hourly_citywide([bad])


def test_berkeley_series_converts_utc_to_kst():
    df = air.berkeley_pm25_hourly([FIX / "air_hourly/berkeleyearth_seoul_pm25_hourly_2014_2022.txt"])
    assert df.iloc[0]["measured_at_kst"] == pd.Timestamp("2014-05-16 18:00")  # 09 UTC
    assert df.iloc[0]["pm25_ugm3"] == pytest.approx(26.8)


def test_station_lists_fix_zero_coordinates_and_double_counted_racks():
    df = bikes.station_lists([FIX / "bike_stations/ddareungi_stations_20180409.xlsx",
                              FIX / "bike_stations/ddareungi_stations_202106.utf8.csv",
                              FIX / "bike_stations/ddareungi_stations_202306.utf8.csv"])
    assert set(df["list_date"].astype(str)) == {"2018-04-09", "2021-06-01", "2023-06-01"}
    gayang = df[(df["list_date"] == dt.date(2018, 4, 9)) & (df["station_no"] == 1158)].iloc[0]
    onsu = df[(df["list_date"] == dt.date(2021, 6, 1)) & (df["station_no"] == 1686)].iloc[0]
    assert pd.isna(gayang["lat"]) and pd.isna(onsu["lon"])  # 0,0 → unknown
    gbk = df[(df["list_date"] == dt.date(2023, 6, 1)) & (df["station_no"] == 301)].iloc[0]
    assert gbk["racks_lcd"] == 20 and gbk["racks_qr"] == 20 and gbk["racks"] == 20  # not 40
    lcd_only = df[(df["list_date"] == dt.date(2021, 6, 1)) & (df["station_no"] == 102)].iloc[0]
    assert lcd_only["racks"] == 20 and pd.isna(lcd_only["racks_qr"])


def test_monthly_usage_labels_unknown_stations_and_splits_labels():
    df = bikes.station_monthly([FIX / "bike_usage/ddareungi_station_monthly_usage_2018H1.utf8.csv",
                                FIX / "bike_usage/ddareungi_station_monthly_rentals_202102_202106.utf8.csv"])
    unknown = df[df["station_no"].isna()]
    assert len(unknown) > 0 and set(unknown["station_name"]) == {"(unknown station)"}
    bongeun = df[df["station_no"] == 2419].iloc[0]  # "2419.봉은사역 1,2번 출구" (no space)
    assert bongeun["station_name"] == "봉은사역 1,2번 출구" and bongeun["station_group"] == "강남구"
    assert df.loc[df["source_period"] == "2021", "returns"].isna().all()


def test_uci_dates_are_day_first_and_latin1_is_read():
    df = bikes.uci_hourly([FIX / "bike_usage/uci_SeoulBikeData.latin1.csv"])
    assert df.iloc[0]["date"] == dt.date(2017, 12, 1)  # "01/12/2017"
    assert df.iloc[0]["hour_start"] == pd.Timestamp("2017-12-01 00:00")
    assert df.iloc[0]["temp_c"] == pytest.approx(-5.2) and df.iloc[0]["rentals"] == 254


def test_bicycle_accidents_drop_total_row_after_cross_check(tmp_path):
    src = FIX / "bike_accidents/seoul_bicycle_accidents_by_gu_yearly.csv"
    df = safety.bicycle_accidents([src])
    assert "소계" not in set(df["gu"]) and df["gu"].nunique() == 25
    tampered = tmp_path / "acc.csv"
    lines = src.read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("종로구,4,", "종로구,40,", 1)
    tampered.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceFileError, match="do not add up"):
        safety.bicycle_accidents([tampered])


def test_expressway_volumes_parse_thousands_and_rename_route():
    df = traffic.expressway_volume([FIX / "traffic/seoul_urban_expressway_volume_by_weekday_2013_2023.csv"])
    assert df["avg_daily_volume"].notna().all()
    assert df["avg_daily_volume"].max() > 100_000  # "220,272"-style values are numbers
    assert "분당수서고속화도로" not in set(df["route"])
    assert set(df["weekday_iso"]) <= set(range(1, 8))


def test_lanes_normalise_type_spelling_and_find_gu():
    df = bikes.smartmap_lanes([FIX / "bike_lanes/seoul_bike_lanes_smartmap.geojson"])
    assert not df["lane_type"].str.contains(" ").any()
    assert df.iloc[0]["gu"] == "동작구" and df.iloc[0]["length_km"] == pytest.approx(0.9)


def test_gu_boundaries_has_25_districts_with_centroids_inside_seoul():
    df = geo.gu_boundaries([FIX / "boundaries/seoul_gu_juso2015_geo_simple.json"])
    assert len(df) == 25 and df["centroid_lat"].between(37.4, 37.75).all()
    # Seoul's official area is 605.2 km²; 은평구 29.7 km², 중구 10.0 km².
    assert df["area_km2"].sum() == pytest.approx(605.2, abs=3)
    areas = dict(zip(df["gu"], df["area_km2"]))
    assert areas["은평구"] == pytest.approx(29.7, abs=0.5) and areas["중구"] == pytest.approx(10.0, abs=0.5)


@pytest.mark.parametrize("content, message", [
    ("hello,world\n1,2\n", "missing column"),
    ("", "cannot be read"),
])
def test_malformed_csv_is_rejected_with_a_clear_message(tmp_path, content, message):
    bad = tmp_path / "seoul_daily_air_2099.cp949.csv"
    bad.write_text(content, encoding="cp949")
    with pytest.raises(SourceFileError, match=message) as exc:
        air.daily_by_station([bad])
    assert bad.name in str(exc.value)


def test_garbage_xlsx_is_rejected(tmp_path):
    bad = tmp_path / "seoul_daily_air_2099.xlsx"
    bad.write_bytes(b"\x00\x01 not a workbook")
    with pytest.raises(SourceFileError, match="cannot be read as XLSX"):
        air.daily_by_station([bad])
