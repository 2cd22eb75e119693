"""Normalizers in data_sources/live.py, checked against the captured samples.

Golden values were read off tests/fixtures/api/* by hand (see each test), and the
expected columns/dtypes are written out here rather than imported, so a schema change
has to be made on purpose in both places.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from data_sources import live
from data_sources.openapi import SeoulOpenAPI, parse_body
from tests.fake_seoul_api import TEST_KEY

pytest_plugins = ["tests.conftest_api"]

FIXTURES = Path(__file__).parent / "fixtures" / "api"
TS = "datetime64[us]"
FETCHED_AT = datetime(2026, 9, 14, 12, 30)  # naive = KST

EXPECTED = {
    "bike_list": {
        "station_id": "str", "station_no": "Int64", "station_name": "str", "lat": "float64", "lon": "float64",
        "rack_total": "Int64", "bikes_parked": "Int64", "shared_pct": "Int64", "snapshot_at_kst": TS,
    },
    "air": {
        "measured_at": TS, "zone": "str", "station": "str", "pm10": "float64", "pm25": "float64",
        "o3": "float64", "no2": "float64", "co": "float64", "so2": "float64", "cai": "float64",
        "cai_grade": "str", "main_pollutant": "str",
    },
    "traffic_info": {"link_id": "str", "speed_kmh": "float64", "travel_time_s": "float64", "fetched_at": TS},
    "vol_info": {"spot_num": "str", "date": TS, "hour": "Int64", "io_type": "Int64", "lane_num": "Int64",
                 "volume": "Int64"},
    "road": {"area_code": "str", "area_name": "str", "observed_at": TS, "avg_speed_kmh": "float64",
             "traffic_index": "str", "road_message": "str", "fetched_at": TS},
    "road_links": {"area_code": "str", "link_id": "str", "road_name": "str", "start_node": "str",
                   "end_node": "str", "distance_m": "float64", "speed_kmh": "float64", "traffic_index": "str"},
    "weather": {"area_code": "str", "area_name": "str", "observed_at": TS, "temp_c": "float64",
                "humidity_pct": "float64", "pm10": "float64", "pm25": "float64", "air_index": "float64",
                "air_grade": "str"},
    "bikes": {"area_code": "str", "station_id": "str", "station_name": "str", "lat": "float64", "lon": "float64",
              "rack_total": "Int64", "bikes_parked": "Int64"},
    "trips": {
        "bike_id": "str", "rent_at": TS, "rent_station_no": "Int64", "rent_station_name": "str",
        "rent_dock": "str", "return_at": TS, "return_station_no": "Int64", "return_station_name": "str",
        "return_dock": "str", "duration_min": "float64", "distance_m": "float64", "birth_year": "Int64",
        "gender": "str", "user_type": "str", "rent_station_id": "str", "return_station_id": "str",
    },
    "station_info": {
        "station_id": "str", "station_no": "Int64", "station_name": "str", "station_label": "str", "gu": "str",
        "racks": "Int64", "address1": "str", "address2": "str", "lat": "float64", "lon": "float64",
    },
}


def sample_rows(name: str, service: str = "") -> list[dict]:
    return parse_body((FIXTURES / name).read_text(encoding="utf-8"), service).rows


def schema_of(frame: pd.DataFrame) -> dict[str, str]:
    return {name: str(dtype) for name, dtype in frame.dtypes.items()}


# ----------------------------------------------------------------------- bikeList


def test_bike_list_golden_values():
    frame = live.normalize_bike_list(sample_rows("bikeList.json", "bikeList"), FETCHED_AT)

    assert schema_of(frame) == EXPECTED["bike_list"]
    first = frame.iloc[0]
    assert first.station_id == "ST-4"
    assert first.station_no == 102
    assert first.station_name == "망원역 1번출구 앞"
    assert first.lat == pytest.approx(37.5556488)
    assert first.lon == pytest.approx(126.91062927)
    assert (first.rack_total, first.bikes_parked) == (15, 16)
    assert frame.station_no.tolist() == [102, 103, 104, 105, 106]
    assert frame.station_name.tolist()[-1] == "합정역 7번출구 앞"
    # Recomputed occupancy agrees with the API's own `shared` when the API got it right:
    # 16/15→107, 19/14→136, 1/13→8, 1/5→20, 3/12→25 (over 100 is real: bikes chained outside docks).
    assert frame.shared_pct.tolist() == [107, 136, 8, 20, 25]
    assert (frame.snapshot_at_kst == pd.Timestamp("2026-09-14 12:30")).all()


def test_bike_list_recomputes_shared_pct_on_the_2020_zero_capture():
    rows = sample_rows("bikeList_2020_shared_zero.json", "bikeList")
    assert {row["shared"] for row in rows} == {"0"}  # the capture's own values are useless

    frame = live.normalize_bike_list(rows, FETCHED_AT)

    # 3/22=13.6→14, 1/16=6.25→6, 4/15=26.7→27, 2/7=28.6→29, 7/12=58.3→58
    assert frame.shared_pct.tolist() == [14, 6, 27, 29, 58]
    assert frame.rack_total.tolist() == [22, 16, 15, 7, 12]


def test_bike_list_name_variants_bbox_and_zero_racks():
    rows = [
        {"stationId": "ST-1", "stationName": "184.망원우체국사거리", "rackTotCnt": "0", "parkingBikeTotCnt": "2",
         "stationLatitude": "0.00000000", "stationLongitude": "0.00000000"},
        {"stationId": " ST-2 ", "stationName": "  105.   합정역   5번출구 앞 ", "rackTotCnt": "8",
         "parkingBikeTotCnt": "1", "stationLatitude": "35.1796", "stationLongitude": "129.0756"},  # Busan
        {"stationId": "ST-3", "stationName": "번호 없는 대여소", "rackTotCnt": "", "parkingBikeTotCnt": "-",
         "stationLatitude": "37.55", "stationLongitude": "126.91", "START_INDEX": 0, "RNUM": "3"},
    ]

    frame = live.normalize_bike_list(rows, FETCHED_AT)

    assert len(frame) == 3  # out-of-Seoul coordinates are blanked, not dropped
    assert frame.station_id.tolist() == ["ST-1", "ST-2", "ST-3"]
    assert frame.station_no.tolist()[:2] == [184, 105] and pd.isna(frame.station_no[2])
    assert frame.station_name.tolist() == ["망원우체국사거리", "합정역 5번출구 앞", "번호 없는 대여소"]
    assert frame.lat.isna().tolist() == [True, True, False]
    assert frame.lon.isna().tolist() == [True, True, False]
    assert pd.isna(frame.shared_pct[0])  # 0 racks: no occupancy
    assert frame.shared_pct[1] == 13  # 1/8 = 12.5 rounds half up
    assert frame.rack_total.isna()[2] and frame.bikes_parked.isna()[2]
    assert "START_INDEX" not in frame.columns and "RNUM" not in frame.columns


def test_bike_list_fetched_at_is_converted_to_naive_kst():
    rows = sample_rows("bikeList_samplekey_2026_excerpt.json", "bikeList")
    aware = datetime(2026, 9, 14, 3, 0, tzinfo=UTC)

    frame = live.normalize_bike_list(rows, aware)

    assert frame.snapshot_at_kst.tolist() == [pd.Timestamp("2026-09-14 12:00")]
    assert frame.shared_pct.tolist() == [40]  # 6/15


# ---------------------------------------------------------------------------- air

LEGACY_TO_CURRENT = {
    "MSRDT": "MSRMT_DT", "MSRRGN_NM": "SAREA_NM", "MSRSTE_NM": "MSRSTN_NM", "PM10": "PM", "PM25": "FPM",
    "O3": "OZON", "NO2": "NTDX", "CO": "CBMX", "SO2": "SPDX", "IDEX_NM": "CAI_GRD", "IDEX_MVL": "CAI_IDX",
    "ARPLT_MAIN": "CRST_SBSTN",
}


def test_realtime_air_legacy_golden_values():
    frame = live.normalize_realtime_air(sample_rows("RealtimeCityAir_legacy_2021.json", "RealtimeCityAir"))

    assert schema_of(frame) == EXPECTED["air"]
    assert len(frame) == 25
    assert (frame.measured_at == pd.Timestamp("2021-05-11 15:00")).all()
    junggu = frame.iloc[0]
    assert (junggu.zone, junggu.station, junggu.cai_grade, junggu.main_pollutant) == ("도심권", "중구", "보통", "O3")
    assert [junggu.pm10, junggu.pm25, junggu.o3, junggu.no2, junggu.co, junggu.so2, junggu.cai] == pytest.approx(
        [25.0, 9.0, 0.048, 0.022, 0.4, 0.001, 66.0])
    geumcheon = frame.set_index("station").loc["금천구"]
    assert (geumcheon.pm25, geumcheon.cai) == (17.0, 70.0)
    assert frame.pm10.max() == 42.0  # 중랑구
    assert frame.zone.value_counts().to_dict() == {"동북권": 8, "서남권": 7, "도심권": 3, "서북권": 3, "동남권": 4}


def test_both_air_schemas_give_identical_frames():
    legacy = sample_rows("RealtimeCityAir_legacy_2021.json", "RealtimeCityAir")
    # The current schema renames every field and (per 2025–26 code) sends strings.
    current = [{LEGACY_TO_CURRENT[k]: str(v) for k, v in row.items()} for row in legacy]

    assert_frame_equal(live.normalize_realtime_air(current), live.normalize_realtime_air(legacy))


def test_air_sentinels_and_blanks_are_missing():
    rows = [{"MSRMT_DT": "202602011300", "SAREA_NM": "도심권", "MSRSTN_NM": "중구", "PM": "-999", "FPM": "",
             "OZON": "-", "NTDX": "점검중", "CBMX": "0.5", "SPDX": -1, "CAI_IDX": "0", "CAI_GRD": "", "CRST_SBSTN": "-"}]

    row = live.normalize_realtime_air(rows).iloc[0]

    assert all(np.isnan(row[c]) for c in ("pm10", "pm25", "o3", "no2", "so2"))
    assert (row.co, row.cai) == (0.5, 0.0)
    assert pd.isna(row.cai_grade) and pd.isna(row.main_pollutant)


def test_time_average_air_legacy_and_current():
    rows = [
        {"MSRDT": "202602011300", "MSRSTE_NM": "중구", "NO2": "0.021", "O3": "0.01", "CO": "0.4", "SO2": "0.003",
         "PM10": "31", "PM25": "18"},
        {"MSRMT_DT": "202602012400", "MSRSTN_NM": "종로구", "NTDX": "0.02", "OZON": "0.011", "CBMX": "0.5",
         "SPDX": "0.002", "PM": "28", "FPM": "-999"},
    ]

    frame = live.normalize_time_average_air(rows)

    assert schema_of(frame) == EXPECTED["air"]
    assert frame.station.tolist() == ["중구", "종로구"]
    # Hour 24 is the last hour of the day: 00:00 of the next day.
    assert frame.measured_at.tolist() == [pd.Timestamp("2026-02-01 13:00"), pd.Timestamp("2026-02-02 00:00")]
    assert frame.pm10.tolist() == [31.0, 28.0] and np.isnan(frame.pm25[1])
    assert frame[["zone", "cai_grade", "main_pollutant"]].isna().all().all() and frame.cai.isna().all()


# ------------------------------------------------------------------------ traffic


def test_traffic_info_from_the_real_xml():
    rows = sample_rows("TrafficInfo.xml", "TrafficInfo")

    frame = live.normalize_traffic_info(rows, FETCHED_AT)

    assert schema_of(frame) == EXPECTED["traffic_info"]
    assert frame.to_dict("records") == [
        {"link_id": "1220003800", "speed_kmh": 89.0, "travel_time_s": 121.0, "fetched_at": pd.Timestamp(FETCHED_AT)}
    ]


def test_traffic_info_upper_case_json_keys_and_numbers():
    rows = [{"LINK_ID": 1220003800, "PRCS_SPD": "89.5", "PRCS_TRV_TIME": 121}]
    frame = live.normalize_traffic_info(rows, FETCHED_AT)
    assert (frame.link_id[0], frame.speed_kmh[0], frame.travel_time_s[0]) == ("1220003800", 89.5, 121.0)


def vol_info_rows() -> list[dict]:
    """The R-printed table in the sample → the rows the API returned."""
    lines = (FIXTURES / "VolInfo_A-01_20160301_12.txt").read_text(encoding="utf-8").splitlines()
    header = lines[0].split()
    return [dict(zip(header, line.split()[1:])) for line in lines[1:] if line.strip()]


def test_vol_info_golden_values():
    frame = live.normalize_vol_info(vol_info_rows())

    assert schema_of(frame) == EXPECTED["vol_info"]
    assert frame.volume.tolist() == [807, 972, 796, 711]
    assert frame.volume.sum() == 3286  # the spot's total for 12:00–13:00
    assert frame.io_type.tolist() == [1, 1, 2, 2] and frame.lane_num.tolist() == [1, 2, 3, 4]
    assert (frame.date == pd.Timestamp("2016-03-01")).all() and (frame.hour == 12).all()
    assert (frame.spot_num == "A-01").all()


# ----------------------------------------------------------------------- citydata


def full_citydata(as_arrays: bool) -> dict:
    """A citydata document with the field names of spec §7.3."""

    def block(obj):
        return [obj] if as_arrays else obj

    return {"CITYDATA": {
        "AREA_NM": "강남역", "AREA_CD": "POI014",
        "LIVE_PPLTN_STTS": block({"AREA_CONGEST_LVL": "붐빔", "AREA_CONGEST_MSG": "사람이 많아요.",
                                  "AREA_PPLTN_MIN": "36000", "AREA_PPLTN_MAX": "38000",
                                  "PPLTN_TIME": "2026-09-14 12:25"}),
        "ROAD_TRAFFIC_STTS": block({
            "AVG_ROAD_DATA": block({"ROAD_MSG": "전체도로 소통이 원활하지 않아요.", "ROAD_TRAFFIC_IDX": "서행",
                                    "ROAD_TRAFFIC_SPD": 17, "ROAD_TRAFFIC_TIME": "2026-09-14 12:30"}),
            "ROAD_TRAFFIC_STTS": [
                {"LINK_ID": "1220003800", "ROAD_NM": "강남대로", "START_ND_NM": "강남역", "END_ND_NM": "신논현역",
                 "DIST": "640", "SPD": "15.2", "IDX": "서행"},
                {"LINK_ID": "1220003900", "ROAD_NM": "테헤란로", "START_ND_NM": "강남역", "END_ND_NM": "역삼역",
                 "DIST": "820.5", "SPD": "31", "IDX": "원활"},
            ],
        }),
        "WEATHER_STTS": block({"WEATHER_TIME": "2026-09-14 12:20", "TEMP": "-2.5", "HUMIDITY": "45",
                               "PM10": "38", "PM25": "-", "AIR_IDX": "보통", "AIR_IDX_MVL": "62"}),
        "SBIKE_STTS": [
            {"SBIKE_SPOT_NM": "2301. 강남역 10번출구", "SBIKE_SPOT_ID": "ST-100", "SBIKE_SHARED": "50",
             "SBIKE_PARKING_CNT": "5", "SBIKE_RACK_CNT": "10", "SBIKE_X": "127.0276", "SBIKE_Y": "37.4979"},
            {"SBIKE_SPOT_NM_KO": "2302. 강남역 11번출구", "SBIKE_SPOT_ID": "ST-101", "SBIKE_PARKING_CNT": "0",
             "SBIKE_RACK_CNT": "8", "SBIKE_X": "37.4985", "SBIKE_Y": "127.0270"},
        ],
    }}


def test_citydata_full_document():
    frames = live.normalize_citydata(full_citydata(as_arrays=False), FETCHED_AT)

    for name in ("road", "road_links", "weather", "bikes"):
        assert schema_of(frames[name]) == EXPECTED[name], name
    road = frames["road"].iloc[0]
    assert (road.area_code, road.area_name, road.traffic_index, road.avg_speed_kmh) == ("POI014", "강남역", "서행", 17.0)
    assert road.observed_at == pd.Timestamp("2026-09-14 12:30") and road.fetched_at == pd.Timestamp(FETCHED_AT)
    assert road.road_message == "전체도로 소통이 원활하지 않아요."
    links = frames["road_links"]
    assert links.link_id.tolist() == ["1220003800", "1220003900"]
    assert links.distance_m.tolist() == [640.0, 820.5] and links.speed_kmh.tolist() == [15.2, 31.0]
    assert (links.area_code == "POI014").all()
    weather = frames["weather"].iloc[0]
    assert (weather.temp_c, weather.humidity_pct, weather.pm10, weather.air_index, weather.air_grade) == (
        -2.5, 45.0, 38.0, 62.0, "보통")
    assert np.isnan(weather.pm25)
    bikes = frames["bikes"]
    assert bikes.station_id.tolist() == ["ST-100", "ST-101"]
    assert bikes.station_name.tolist() == ["2301. 강남역 10번출구", "2302. 강남역 11번출구"]
    # X/Y were (lon, lat) in one row and (lat, lon) in the other.
    assert bikes.lat.tolist() == [37.4979, 37.4985] and bikes.lon.tolist() == [127.0276, 127.0270]
    assert bikes.rack_total.tolist() == [10, 8] and bikes.bikes_parked.tolist() == [5, 0]
    population = frames["population"].iloc[0]
    assert (population.congestion_level, population.population_min, population.population_max) == ("붐빔", 36000, 38000)


def test_citydata_blocks_as_arrays_or_objects_are_the_same():
    as_objects = live.normalize_citydata(full_citydata(as_arrays=False), FETCHED_AT)
    as_arrays = live.normalize_citydata(full_citydata(as_arrays=True)["CITYDATA"], FETCHED_AT)
    assert as_objects.keys() == as_arrays.keys()
    for name in as_objects:
        assert_frame_equal(as_objects[name], as_arrays[name])


def test_citydata_sample_excerpt_has_only_population():
    document = json.loads((FIXTURES / "citydata.json").read_text(encoding="utf-8"))

    frames = live.normalize_citydata(document, FETCHED_AT)

    for name in ("road", "road_links", "weather", "bikes"):
        assert frames[name].empty and schema_of(frames[name]) == EXPECTED[name], name
    population = frames["population"]
    assert population[["area_code", "area_name", "congestion_level"]].values.tolist() == [
        ["POI009", "광화문·덕수궁", "여유"]]


def test_citydata_real_sbike_item_has_latitude_in_x():
    item = json.loads((FIXTURES / "citydata_SBIKE_STTS_item.json").read_text(encoding="utf-8"))

    bikes = live.normalize_citydata({"AREA_CD": "POI010", "SBIKE_STTS": [item]}, FETCHED_AT)["bikes"]

    assert bikes.station_name.tolist() == ["379. 서울역9번출구"]  # from SBIKE_SPOT_NM_KO
    assert bikes.lat[0] == pytest.approx(37.55599976) and bikes.lon[0] == pytest.approx(126.97335815)
    assert bikes.bikes_parked.tolist() == [5] and pd.isna(bikes.rack_total[0])


@pytest.mark.parametrize("document", [None, {}, {"CITYDATA": {}}])
def test_citydata_missing_everything(document):
    frames = live.normalize_citydata(document, FETCHED_AT)
    for name in ("road", "road_links", "weather", "bikes"):
        assert frames[name].empty and schema_of(frames[name]) == EXPECTED[name]


# -------------------------------------------------------------- trips and stations


def test_rent_data_golden_values():
    frame = live.normalize_rent_data(sample_rows("tbCycleRentData.json", "tbCycleRentData"))

    assert schema_of(frame) == EXPECTED["trips"]
    assert frame.to_dict("records") == [{
        "bike_id": "SPB-33174",
        "rent_at": pd.Timestamp("2022-10-01 01:00:21"),
        "rent_station_no": 1118,
        "rent_station_name": "증미역 3번출구뒤(등촌두산위브센티움오피스텔)",
        "rent_dock": "0",
        "return_at": pd.Timestamp("2022-10-01 01:00:31"),
        "return_station_no": 1118,
        "return_station_name": "증미역 3번출구뒤(등촌두산위브센티움오피스텔)",
        "return_dock": "0",
        "duration_min": 0.0,
        "distance_m": 0.0,
        "birth_year": 1998,
        "gender": "M",
        "user_type": "내국인",
        "rent_station_id": "ST-516",
        "return_station_id": "ST-516",
    }]


def test_rent_data_codes_and_blanks():
    base = sample_rows("tbCycleRentData.json", "tbCycleRentData")[0]
    variants = [
        {"USR_CLS_CD": "USR_002", "SEX_CD": "f", "BIRTH_YEAR": ""},
        {"USR_CLS_CD": "USR_003", "SEX_CD": "", "BIRTH_YEAR": "\\N"},
        {"USR_CLS_CD": "USR_009", "SEX_CD": "X", "BIRTH_YEAR": "1987", "RTN_DT": "", "USE_DST": "1520.75"},
    ]
    rows = [{**base, **change} for change in variants]
    for row in rows[1:]:
        del row["BIKE_SE_CD"]  # dropped from the 2026 responses

    frame = live.normalize_rent_data(rows)

    assert frame.user_type.tolist() == ["외국인", "비회원", "USR_009"]
    assert frame.gender.tolist()[0] == "F" and frame.gender[1:].isna().all()
    assert frame.birth_year.isna().tolist() == [True, True, False]
    assert pd.isna(frame.return_at[2]) and frame.distance_m[2] == 1520.75


def test_station_info_golden_values():
    rows = sample_rows("tbCycleStationInfo.fixture.json", "tbCycleStationInfo")
    rows.append({**rows[0], "RENT_ID": "ST-99", "RENT_NO": "09999", "STA_LAT": "0", "STA_LONG": "0.0"})

    frame = live.normalize_station_info(rows)

    assert schema_of(frame) == EXPECTED["station_info"]
    first = frame.iloc[0]
    assert (first.station_id, first.station_no, first.station_name, first.station_label, first.gu) == (
        "ST-10", 108, "서교동 사거리", "108. 서교동 사거리", "마포구")
    assert (first.racks, first.address1, first.address2) == (12, "서울특별시 마포구 양화로 93", "427")
    assert (first.lat, first.lon) == pytest.approx((37.55274582, 126.91861725))
    assert frame.station_no.tolist() == [108, 109, 110, 9999]
    assert pd.isna(frame.address2[1])  # "" in the capture
    assert np.isnan(frame.lat[3]) and np.isnan(frame.lon[3])  # 0 coordinates


# ---------------------------------------------------------- empties and services

NORMALIZERS = {
    "bike_list": lambda rows: live.normalize_bike_list(rows, FETCHED_AT),
    "air": live.normalize_realtime_air,
    "traffic_info": lambda rows: live.normalize_traffic_info(rows, FETCHED_AT),
    "vol_info": live.normalize_vol_info,
    "trips": live.normalize_rent_data,
    "station_info": live.normalize_station_info,
}


@pytest.mark.parametrize("name", NORMALIZERS)
def test_no_rows_give_an_empty_frame_with_the_schema(name):
    frame = NORMALIZERS[name]([])
    assert frame.empty and schema_of(frame) == EXPECTED[name]
    assert schema_of(live.normalize_time_average_air([])) == EXPECTED["air"]


def test_services_describe_root_keys_params_and_normalizers():
    expected_roots = {
        "bikeList": ("rentBikeStatus", "bikeList.json"),
        "tbCycleRentData": ("rentData", "tbCycleRentData.json"),
        "tbCycleStationInfo": ("stationInfo", "tbCycleStationInfo.fixture.json"),
        "RealtimeCityAir": ("RealtimeCityAir", "RealtimeCityAir_legacy_2021.json"),
    }
    for service, (root, sample) in expected_roots.items():
        spec = live.SERVICES[service]
        assert spec.root_keys[0] == root
        assert root in json.loads((FIXTURES / sample).read_text(encoding="utf-8"))
        assert not spec.normalize(sample_rows(sample, service), FETCHED_AT).empty
    assert live.SERVICES["tbCycleRentData"].params == ("RENT_DT (YYYY-MM-DD)", "RENT_HR (0-23)")
    assert live.SERVICES["citydata"].document
    assert set(live.SERVICES["citydata"].normalize({}, FETCHED_AT)) >= {"road", "road_links", "weather", "bikes"}
    for spec in live.SERVICES.values():
        assert callable(spec.normalizer) and spec.root_keys


def test_fetch_normalized_end_to_end(fake_api):
    fake_api.serve_file("bikeList", "bikeList.json")
    fake_api.serve_file("citydata", "citydata.json")
    client = SeoulOpenAPI(TEST_KEY, base_url=fake_api.url, sleep=fake_api.fake_sleep)

    bikes = live.fetch_normalized(client, "bikeList")
    city = live.fetch_normalized(client, "citydata", "POI009")

    assert schema_of(bikes.data) == EXPECTED["bike_list"] and len(bikes.data) == 5
    assert bikes.request_url == f"{fake_api.url}/***KEY***/json/bikeList/1/1000"
    assert bikes.raw_rows == 5
    assert abs(bikes.fetched_at - pd.Timestamp.now(tz="Asia/Seoul").tz_localize(None)) < timedelta(minutes=1)
    assert city.data["population"].area_code.tolist() == ["POI009"]
    assert city.request_url == f"{fake_api.url}/***KEY***/json/citydata/1/5/POI009"
