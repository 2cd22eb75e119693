"""Each importer on small real samples of its source file (tests/fixtures/sources,
cut by scripts/make_source_fixtures.py), checking that the file's known problems are
fixed (PROVENANCE.md) and that malformed files fail with a clear message."""
from __future__ import annotations

import datetime as dt
import json
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


# --- pass-3 sources (PROVENANCE.md §10): small files written here, plus the real files ------

def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_air_2024_and_2025_layouts_and_the_provisional_flag(tmp_path):
    header = '"측정일시","측정소명","이산화질소농도(ppm)","오존농도(ppm)","일산화탄소농도(ppm)","아황산가스농도(ppm)","미세먼지농도(㎍/㎥)","초미세먼지농도(㎍/㎥)"\n'
    y2024 = tmp_path / "seoul_daily_air_2024.utf8bom.csv"
    y2024.write_text(header + '"20241231",강남구,0.02,0.01,0.5,0.003,30,\n', encoding="utf-8-sig")
    y2025 = tmp_path / "seoul_daily_air_2025.cp949.csv"
    y2025.write_bytes((header + '"20250101",강남구,0.0273,0.018,0.48,0.0027,38,20\n').encode("cp949"))
    df = air.daily_by_station([y2024, y2025]).set_index("date")
    assert df.loc[dt.date(2024, 12, 31), "station"] == "강남구" and pd.isna(df.loc[dt.date(2024, 12, 31), "pm25_ugm3"])
    assert df["provisional"].to_dict() == {dt.date(2024, 12, 31): False, dt.date(2025, 1, 1): True}


MIX_HEADER = "month,F,M,unknown,10대,20대,30대,40대,50대,60대,70대이상,~10대,기타\n"


def test_rider_mix_merges_the_teen_columns_and_refuses_a_month_with_both(tmp_path):
    good = _csv(tmp_path / "mix.csv", MIX_HEADER + "2021-12,10,20,5,0,10,5,5,3,1,1,8,2\n"
                                                  "2022-01,10,20,5,8,10,5,5,3,1,1,0,2\n")
    df = bikes.rider_mix_monthly([good])
    teens = df[(df["dimension"] == "age") & (df["group"] == "~10대")].set_index("month")["rentals"]
    assert teens.tolist() == [8, 8] and "10대" not in set(df["group"])
    assert df.groupby(["month", "dimension"])["rentals"].sum().unstack().eq(35).all().all()
    both = _csv(tmp_path / "both.csv", MIX_HEADER + "2022-01,10,20,5,4,10,5,5,3,1,1,4,2\n")
    with pytest.raises(SourceFileError, match="both 10대 and ~10대"):
        bikes.rider_mix_monthly([both])


def test_monthly_rentals_switch_source_after_the_statistics_table_ends(tmp_path):
    table = _csv(tmp_path / "ddareungi_rentals_by_gu_monthly.utf8.csv",
                 "month,gu,rentals\n2019-11,합계,30\n2019-11,강남구,20\n2019-11,기타,10\n"
                 "2019-12,합계,25\n2019-12,강남구,25\n")
    aggregate = _csv(tmp_path / "ddareungi_gu_monthly_by_station_gu.utf8.csv",
                     "month,gu,rentals\n2019-11,강남구,99\n2020-01,강남구,40\n2020-01,미상,2\n")
    city = _csv(tmp_path / "ddareungi_citywide_monthly_2019.utf8.csv",
                "month,rentals,distance_m_total,duration_min_total\n2019-11,99,5,6\n2020-01,42,7,8\n")
    gu = bikes.rentals_gu_monthly([table, aggregate])
    assert gu[["gu", "rentals", "source"]].values.tolist() == [
        ["강남구", 20, "seoul_stats_by_gu"], ["미상", 10, "seoul_stats_by_gu"],
        ["강남구", 25, "seoul_stats_by_gu"], ["강남구", 40, "oa15248_aggregate"], ["미상", 2, "oa15248_aggregate"]]
    monthly = bikes.rentals_monthly([table, aggregate, city]).set_index("month")
    assert monthly["rentals"].tolist() == [30, 25, 42]
    assert pd.isna(monthly.loc[dt.date(2019, 11, 1), "distance_m_total"])  # the table's months have none
    assert monthly.loc[dt.date(2020, 1, 1), "distance_m_total"] == 7
    broken = _csv(tmp_path / "broken_by_gu.utf8.csv", "month,gu,rentals\n2019-11,합계,31\n2019-11,강남구,30\n")
    with pytest.raises(SourceFileError, match="do not sum to 합계"):
        bikes.rentals_gu_monthly([broken, aggregate])


def test_station_lists_of_2024_and_2025_read_their_own_layouts(tmp_path):
    june = _csv(tmp_path / "ddareungi_stations_202406.utf8.csv",
                "station_no,station_name,gu,address,lat,lon,installed_at,racks_lcd,racks_qr,operation_type\n"
                "301,경복궁역 7번출구 앞,종로구,주소,37.57,126.97,2015-10-07,20,20,QR\n")
    december = _csv(tmp_path / "ddareungi_stations_202412.utf8.csv",
                    "station_no,station_name,gu,address,lat,lon,installed_at\n301,경복궁역 7번출구 앞,종로구,주소,37.57,126.97,2015-10-07\n")
    master = tmp_path / "ddareungi_stations_202512_choism4_station_master.csv"
    master.write_text("대여소번호,대여소명,자치구,경도,위도\n102, 망원역 1번출구 앞,마포구,126.91,37.55\n", encoding="utf-8-sig")
    df = bikes.station_lists([june, december, master]).set_index("list_date")
    assert df.loc[dt.date(2024, 6, 1), "racks"] == 20  # QR and LCD both 20: not 40
    assert pd.isna(df.loc[dt.date(2024, 12, 1), "racks"]) and df.loc[dt.date(2024, 12, 1), "installed_on"] == dt.date(2015, 10, 7)
    dec25 = df.loc[dt.date(2025, 12, 1)]
    assert (dec25["station_no"], dec25["station_name"], dec25["lat"]) == (102, "망원역 1번출구 앞", 37.55)


def test_od_sample_drops_only_exact_copies(tmp_path):
    row = {"origin_station_id": "ST-1", "desti_station_id": "ST-2", "community": 17, "count": 3, "origin_lat": 37.5,
           "origin_lng": 126.9, "desti_lat": 37.51, "desti_lng": 126.91, "origin_dist_to_subway": 100.0,
           "desti_dist_to_subway": 50.0}
    path = tmp_path / "od.json"
    path.write_text(json.dumps([row, row, dict(row, community=5)]), encoding="utf-8")
    df = bikes.od_sample([path])
    assert len(df) == 2 and sorted(df["community"].tolist()) == [5, 17]
