"""Normalizers: raw Seoul Open API rows → typed pandas DataFrames.

Each `normalize_*` takes what `SeoulOpenAPI.fetch_all(...).rows` (or `fetch_document`)
returns and gives a frame with a fixed set of columns and dtypes, whatever the API sent:

- numbers arrive as strings, JSON numbers or blanks → `pd.to_numeric(errors="coerce")`;
  `""` and `"-"` count as missing everywhere;
- key casing and names vary between captures (TrafficInfo XML is lower-case; the air
  services renamed every field around 2022–25) → keys are looked up case-insensitively,
  through a list of aliases;
- paging metadata (START_INDEX, END_INDEX, RNUM) is never copied;
- timestamps are naive `datetime64[us]` in Korea Standard Time (what the API writes);
  `fetched_at` may be aware (converted to KST) or naive (taken as KST);
- an empty input gives an empty frame with the same columns and dtypes.

The column schemas come from the catalog (`catalog.frame_schema`) as the module-level
`*_COLUMNS` dicts (name → dtype). `SERVICES` maps each supported service to its root
key(s), path parameters and normalizer so a refresh job can stay generic (`fetch_normalized`).

No Streamlit here: this module is shared by the app, the CLI and the tests.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from . import catalog, openapi
from .settings import KST

TIMESTAMP = "datetime64[us]"
# Seoul's extent with a small margin; station coordinates outside it are data errors
# (0.0 placeholders, swapped axes) and are blanked rather than plotted in the sea.
SEOUL_LAT = (37.4, 37.75)
SEOUL_LON = (126.7, 127.2)

# Every frame's columns and types are declared once, in the catalog (catalog/*.toml).
BIKE_LIST_COLUMNS = catalog.frame_schema("bike_live")
AIR_COLUMNS = catalog.frame_schema("air_realtime")
TRAFFIC_INFO_COLUMNS = catalog.frame_schema("traffic_speed_live")
VOL_INFO_COLUMNS = catalog.frame_schema("traffic_volume_spot")
CITY_ROAD_COLUMNS = catalog.frame_schema("citydata_road")
CITY_ROAD_LINK_COLUMNS = catalog.frame_schema("citydata_road", "road_links")
CITY_WEATHER_COLUMNS = catalog.frame_schema("citydata_road", "weather")
CITY_BIKE_COLUMNS = catalog.frame_schema("citydata_road", "bikes")
CITY_POPULATION_COLUMNS = catalog.frame_schema("citydata_road", "population")
TRIP_COLUMNS = catalog.frame_schema("rental_history")
STATION_INFO_COLUMNS = catalog.frame_schema("bike_station_info")

USER_TYPES = {"USR_001": "내국인", "USR_002": "외국인", "USR_003": "비회원"}

# --------------------------------------------------------------------------- helpers

_MISSING_TEXT = {"", "-"}


def _blank_to_none(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        return None if value in _MISSING_TEXT else value
    return value


class _Rows:
    """Raw rows as an object frame, read by case-insensitive aliases."""

    def __init__(self, rows: Iterable[Mapping] | None):
        records = [dict(r) for r in (rows or []) if isinstance(r, Mapping)]
        self.size = len(records)
        self.frame = pd.DataFrame(records, dtype=object) if records else pd.DataFrame()
        self._columns = {}
        for column in self.frame.columns:
            self._columns.setdefault(str(column).lower(), column)

    def get(self, *aliases: str) -> pd.Series:
        """The first non-blank value among `aliases`, row by row (object dtype)."""
        out = pd.Series([None] * self.size, dtype=object)
        for alias in aliases:
            column = self._columns.get(alias.lower())
            if column is not None:
                values = self.frame[column].map(_blank_to_none).astype(object)
                out = out.where(out.notna(), values)
        return out

    def repeat(self, value: object) -> pd.Series:
        return pd.Series([value] * self.size, dtype=object)


def _text(values: pd.Series) -> pd.Series:
    """Trimmed text with runs of whitespace collapsed; integral numbers without ".0"."""

    def fmt(value: object) -> object:
        value = _blank_to_none(value)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split()) or None

    return values.map(fmt).astype("str")


def _float(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.map(_blank_to_none), errors="coerce").astype("float64")


def _nonnegative(values: pd.Series) -> pd.Series:
    """Measurements below zero are sentinels (-999 for 'not measured')."""
    numbers = _float(values)
    return numbers.where(numbers >= 0)


def _int(values: pd.Series) -> pd.Series:
    numbers = _float(values)
    return numbers.where(numbers == np.floor(numbers)).astype("Int64")


_COMPACT_FORMATS = {8: "%Y%m%d", 10: "%Y%m%d%H", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}


def _datetime(values: pd.Series) -> pd.Series:
    """Naive KST timestamps from `YYYYMMDD[HH[MM[SS]]]` or ISO-like text.

    Hour "24" (used by hourly averages for the last hour of a day) rolls over to 00:00
    of the next day.
    """

    def as_text(value: object) -> object:
        value = _blank_to_none(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return None if value is None else str(value)

    text = values.map(as_text).astype(object)
    out = pd.Series(pd.NaT, index=values.index, dtype=TIMESTAMP)
    is_digits = text.map(lambda v: isinstance(v, str) and v.isdigit()).astype(bool)
    lengths = text.map(lambda v: len(v) if isinstance(v, str) else 0)
    for length, fmt in _COMPACT_FORMATS.items():
        mask = is_digits & (lengths == length)
        if not mask.any():
            continue
        part = text[mask].astype(str)
        rollover = (part.str.slice(8, 10) == "24") if length >= 10 else pd.Series(False, index=part.index)
        part = part.where(~rollover, part.str.slice(0, 8) + "00" + part.str.slice(10))
        parsed = pd.to_datetime(part, format=fmt, errors="coerce")
        out[mask] = (parsed + pd.to_timedelta(rollover.astype(int), unit="D")).astype(TIMESTAMP)
    others = text.notna() & ~is_digits
    if others.any():
        out[others] = _parse_free_datetime(text[others].astype(str))
    return out.astype(TIMESTAMP)


def _parse_free_datetime(text: pd.Series) -> pd.Series:
    try:
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    except (ValueError, TypeError):  # e.g. a mix of offsets: go value by value
        parsed = pd.Series([_naive_kst_or_nat(v) for v in text], index=text.index)
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert(KST).dt.tz_localize(None)
    return parsed.astype(TIMESTAMP)


def _naive_kst_or_nat(value: str) -> pd.Timestamp:
    try:
        return _naive_kst(value)
    except (ValueError, TypeError):
        return pd.NaT


def _naive_kst(moment: object) -> pd.Timestamp:
    """A naive KST timestamp from an aware or naive datetime/str; None → now."""
    ts = pd.Timestamp.now(tz=KST) if moment is None else pd.Timestamp(moment)
    if ts.tzinfo is not None:
        ts = ts.tz_convert(KST).tz_localize(None)
    return ts.as_unit("us")


def _in_seoul(lat: pd.Series, lon: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Blank both coordinates of points outside Seoul's bounding box (rows are kept)."""
    inside = lat.between(*SEOUL_LAT) & lon.between(*SEOUL_LON)
    return lat.where(inside), lon.where(inside)


def _frame(columns: Mapping[str, pd.Series], schema: Mapping[str, str]) -> pd.DataFrame:
    data = {name: columns[name].reset_index(drop=True).astype(dtype) for name, dtype in schema.items()}
    return pd.DataFrame(data, columns=list(schema))


def _empty(schema: Mapping[str, str]) -> pd.DataFrame:
    return _frame({name: pd.Series([], dtype=object) for name in schema}, schema)


def _field(obj: object, *names: str) -> object:
    """obj[name] for the first name present, case-insensitively."""
    if not isinstance(obj, Mapping):
        return None
    lowered = {str(k).lower(): v for k, v in obj.items()}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def _as_object(value: object) -> dict:
    """citydata blocks come as objects or one-element arrays; accept both."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, list):
        return next((dict(v) for v in value if isinstance(v, Mapping)), {})
    return {}


def _as_records(value: object) -> list[dict]:
    if isinstance(value, Mapping):
        return [dict(value)]
    if isinstance(value, list):
        return [dict(v) for v in value if isinstance(v, Mapping)]
    return []


# ------------------------------------------------------------------------ bikes


_NUMBERED_NAME = r"^(?:(\d+)\s*\.\s*)?(.*)$"  # "102. 망원역 1번출구 앞", also "184.망원우체국사거리"


def _split_numbered_name(names: pd.Series) -> tuple[pd.Series, pd.Series]:
    parts = _text(names).str.extract(_NUMBERED_NAME)
    number = _int(parts[0].astype(object))
    name = parts[1].str.strip().replace("", np.nan).astype("str")
    return number, name


def normalize_bike_list(rows: Iterable[Mapping], fetched_at: datetime | str | None) -> pd.DataFrame:
    """bikeList (and bikeListHist) rows → one row per station → `BIKE_LIST_COLUMNS`.

    - `station_no`/`station_name` are split from "102. 망원역 1번출구 앞" (space optional).
    - `shared_pct` is recomputed as round(100 × bikes_parked / rack_total) (halves round
      up; NA when rack_total is 0 or missing): 2020 captures sent "0" on every row.
    - Coordinates outside Seoul's bounding box (lat 37.4–37.75, lon 126.7–127.2) become
      NaN; the station row is kept so counts and occupancy still show.
    - `snapshot_at_kst` is `fetched_at` in KST, or the row's `stationDt` (bikeListHist).
    """
    raw = _Rows(rows)
    station_no, station_name = _split_numbered_name(raw.get("stationName"))
    lat, lon = _in_seoul(_float(raw.get("stationLatitude")), _float(raw.get("stationLongitude")))
    racks = _int(raw.get("rackTotCnt"))
    parked = _int(raw.get("parkingBikeTotCnt"))
    racks_f = pd.Series(racks.to_numpy(dtype="float64", na_value=np.nan))
    parked_f = pd.Series(parked.to_numpy(dtype="float64", na_value=np.nan))
    share = (100 * parked_f / racks_f.where(racks_f > 0)).pipe(lambda s: np.floor(s + 0.5))
    snapshot = _datetime(raw.get("stationDt")).fillna(_naive_kst(fetched_at))
    return _frame({
        "station_id": _text(raw.get("stationId")),
        "station_no": station_no,
        "station_name": station_name,
        "lat": lat,
        "lon": lon,
        "rack_total": racks,
        "bikes_parked": parked,
        "shared_pct": share.astype("Int64"),
        "snapshot_at_kst": snapshot,
    }, BIKE_LIST_COLUMNS)


def normalize_station_info(rows: Iterable[Mapping]) -> pd.DataFrame:
    """tbCycleStationInfo rows → `STATION_INFO_COLUMNS`.

    `station_no` comes from the zero-padded RENT_NO ("00108" → 108). Coordinates of 0 or
    outside Seoul's bounding box become NaN (row kept).
    """
    raw = _Rows(rows)
    lat, lon = _in_seoul(_float(raw.get("STA_LAT")), _float(raw.get("STA_LONG")))
    return _frame({
        "station_id": _text(raw.get("RENT_ID")),
        "station_no": _int(raw.get("RENT_NO")),
        "station_name": _text(raw.get("RENT_NM")),
        "station_label": _text(raw.get("RENT_ID_NM")),
        "gu": _text(raw.get("STA_LOC")),
        "racks": _int(raw.get("HOLD_NUM")),
        "address1": _text(raw.get("STA_ADD1")),
        "address2": _text(raw.get("STA_ADD2")),
        "lat": lat,
        "lon": lon,
    }, STATION_INFO_COLUMNS)


def _gender(values: pd.Series) -> pd.Series:
    upper = _text(values).str.upper()
    return upper.where(upper.isin(["M", "F"])).astype("str")


def _user_type(values: pd.Series) -> pd.Series:
    codes = _text(values)
    return codes.map(lambda c: USER_TYPES.get(c, c) if isinstance(c, str) else c).astype("str")


def normalize_rent_data(rows: Iterable[Mapping]) -> pd.DataFrame:
    """tbCycleRentData trip rows → the canonical trips schema `TRIP_COLUMNS`.

    Station numbers come from the zero-padded RENT_ID/RTN_ID ("01118" → 1118); gender is
    upper-cased M/F (anything else NA); USR_001/002/003 become 내국인/외국인/비회원.
    BIKE_SE_CD (present only in some years) is not part of the schema.
    """
    raw = _Rows(rows)
    return _frame({
        "bike_id": _text(raw.get("BIKE_ID")),
        "rent_at": _datetime(raw.get("RENT_DT")),
        "rent_station_no": _int(raw.get("RENT_ID")),
        "rent_station_name": _text(raw.get("RENT_NM")),
        "rent_dock": _text(raw.get("RENT_HOLD")),
        "return_at": _datetime(raw.get("RTN_DT")),
        "return_station_no": _int(raw.get("RTN_ID")),
        "return_station_name": _text(raw.get("RTN_NM")),
        "return_dock": _text(raw.get("RTN_HOLD")),
        "duration_min": _float(raw.get("USE_MIN")),
        "distance_m": _float(raw.get("USE_DST")),
        "birth_year": _int(raw.get("BIRTH_YEAR")),
        "gender": _gender(raw.get("SEX_CD")),
        "user_type": _user_type(raw.get("USR_CLS_CD")),
        "rent_station_id": _text(raw.get("RENT_STATION_ID")),
        "return_station_id": _text(raw.get("RETURN_STATION_ID")),
    }, TRIP_COLUMNS)


# -------------------------------------------------------------------------- air

# Canonical column → (legacy 2021 name, current name). Spec §6.1/§6.2.
_AIR_FIELDS: dict[str, tuple[str, ...]] = {
    "measured_at": ("MSRDT", "MSRMT_DT"),
    "zone": ("MSRRGN_NM", "SAREA_NM"),
    "station": ("MSRSTE_NM", "MSRSTN_NM"),
    "pm10": ("PM10", "PM"),
    "pm25": ("PM25", "FPM"),
    "o3": ("O3", "OZON"),
    "no2": ("NO2", "NTDX"),
    "co": ("CO", "CBMX"),
    "so2": ("SO2", "SPDX"),
    "cai": ("IDEX_MVL", "CAI_IDX"),
    "cai_grade": ("IDEX_NM", "CAI_GRD"),
    "main_pollutant": ("ARPLT_MAIN", "CRST_SBSTN"),
}
_AIR_MEASURES = ("pm10", "pm25", "o3", "no2", "co", "so2", "cai")


def _normalize_air(rows: Iterable[Mapping]) -> pd.DataFrame:
    raw = _Rows(rows)
    columns = {
        "measured_at": _datetime(raw.get(*_AIR_FIELDS["measured_at"])),
        **{name: _nonnegative(raw.get(*_AIR_FIELDS[name])) for name in _AIR_MEASURES},
        **{name: _text(raw.get(*_AIR_FIELDS[name])) for name in ("zone", "station", "cai_grade", "main_pollutant")},
    }
    return _frame(columns, AIR_COLUMNS)


def normalize_realtime_air(rows: Iterable[Mapping]) -> pd.DataFrame:
    """RealtimeCityAir rows (legacy MSRDT/PM10/... or current MSRMT_DT/PM/FPM/... names)
    → `AIR_COLUMNS`. Values below 0 (e.g. -999 sentinels) become NaN."""
    return _normalize_air(rows)


def normalize_time_average_air(rows: Iterable[Mapping]) -> pd.DataFrame:
    """TimeAverageAirQuality rows → `AIR_COLUMNS`; zone, cai, cai_grade and
    main_pollutant are NA when the service does not send them."""
    return _normalize_air(rows)


# ---------------------------------------------------------------------- traffic


def normalize_traffic_info(rows: Iterable[Mapping], fetched_at: datetime | str | None) -> pd.DataFrame:
    """TrafficInfo rows (XML tags are lower-case, JSON may be upper) → `TRAFFIC_INFO_COLUMNS`."""
    raw = _Rows(rows)
    return _frame({
        "link_id": _text(raw.get("link_id")),
        "speed_kmh": _float(raw.get("prcs_spd")),
        "travel_time_s": _float(raw.get("prcs_trv_time")),
        "fetched_at": raw.repeat(_naive_kst(fetched_at)),
    }, TRAFFIC_INFO_COLUMNS)


def normalize_vol_info(rows: Iterable[Mapping]) -> pd.DataFrame:
    """VolInfo rows (one per direction × lane) → `VOL_INFO_COLUMNS`; sum `volume` over
    rows for a spot's hourly total."""
    raw = _Rows(rows)
    return _frame({
        "spot_num": _text(raw.get("spot_num")),
        "date": _datetime(raw.get("ymd")),
        "hour": _int(raw.get("hh")),
        "io_type": _int(raw.get("io_type")),
        "lane_num": _int(raw.get("lane_num")),
        "volume": _int(raw.get("vol")),
    }, VOL_INFO_COLUMNS)


# --------------------------------------------------------------------- citydata


def _coordinates_by_range(x: pd.Series, y: pd.Series) -> tuple[pd.Series, pd.Series]:
    """SBIKE_X/SBIKE_Y were seen both as (lat, lon) and (lon, lat). In Korea latitudes
    (~37) are always smaller than longitudes (~127), so the smaller one is the latitude."""
    both = x.notna() & y.notna()
    lat = np.fmin(x, y).where(both)
    lon = np.fmax(x, y).where(both)
    return _in_seoul(lat, lon)


def normalize_citydata(doc: Mapping | None, fetched_at: datetime | str | None) -> dict[str, pd.DataFrame]:
    """A citydata document (the CITYDATA object, or the whole response) → frames:

    - "road": one row, `CITY_ROAD_COLUMNS` (ROAD_TRAFFIC_STTS.AVG_ROAD_DATA)
    - "road_links": `CITY_ROAD_LINK_COLUMNS` (ROAD_TRAFFIC_STTS.ROAD_TRAFFIC_STTS[])
    - "weather": one row, `CITY_WEATHER_COLUMNS` (WEATHER_STTS)
    - "bikes": `CITY_BIKE_COLUMNS` (SBIKE_STTS[]; X/Y assigned to lat/lon by value)
    - "population": one row, `CITY_POPULATION_COLUMNS` (LIVE_PPLTN_STTS)

    Blocks may be objects or arrays; a missing block gives an empty frame.
    """
    doc = _as_object(doc)
    if isinstance(_field(doc, "CITYDATA"), (Mapping, list)):
        doc = _as_object(_field(doc, "CITYDATA"))
    area_code = _blank_to_none(_field(doc, "AREA_CD"))
    area_name = _blank_to_none(_field(doc, "AREA_NM"))
    fetched = _naive_kst(fetched_at)

    road_block = _as_object(_field(doc, "ROAD_TRAFFIC_STTS"))
    average = _as_object(_field(road_block, "AVG_ROAD_DATA"))
    road = _Rows([average] if average else [])
    links = _Rows(_as_records(_field(road_block, "ROAD_TRAFFIC_STTS")))
    weather_block = _as_object(_field(doc, "WEATHER_STTS"))
    weather = _Rows([weather_block] if weather_block else [])
    bikes = _Rows(_as_records(_field(doc, "SBIKE_STTS")))
    population_block = _as_object(_field(doc, "LIVE_PPLTN_STTS"))
    population = _Rows([population_block] if population_block else [])
    bike_lat, bike_lon = _coordinates_by_range(_float(bikes.get("SBIKE_X")), _float(bikes.get("SBIKE_Y")))

    return {
        "road": _frame({
            "area_code": _text(road.repeat(area_code)),
            "area_name": _text(road.repeat(area_name)),
            "observed_at": _datetime(road.get("ROAD_TRAFFIC_TIME")),
            "avg_speed_kmh": _float(road.get("ROAD_TRAFFIC_SPD")),
            "traffic_index": _text(road.get("ROAD_TRAFFIC_IDX")),
            "road_message": _text(road.get("ROAD_MSG")),
            "fetched_at": road.repeat(fetched),
        }, CITY_ROAD_COLUMNS),
        "road_links": _frame({
            "area_code": _text(links.repeat(area_code)),
            "link_id": _text(links.get("LINK_ID")),
            "road_name": _text(links.get("ROAD_NM")),
            "start_node": _text(links.get("START_ND_NM")),
            "end_node": _text(links.get("END_ND_NM")),
            "distance_m": _float(links.get("DIST")),
            "speed_kmh": _float(links.get("SPD")),
            "traffic_index": _text(links.get("IDX")),
        }, CITY_ROAD_LINK_COLUMNS),
        "weather": _frame({
            "area_code": _text(weather.repeat(area_code)),
            "area_name": _text(weather.repeat(area_name)),
            "observed_at": _datetime(weather.get("WEATHER_TIME")),
            "temp_c": _float(weather.get("TEMP")),
            "humidity_pct": _nonnegative(weather.get("HUMIDITY")),
            "pm10": _nonnegative(weather.get("PM10")),
            "pm25": _nonnegative(weather.get("PM25")),
            "air_index": _nonnegative(weather.get("AIR_IDX_MVL")),
            "air_grade": _text(weather.get("AIR_IDX")),
        }, CITY_WEATHER_COLUMNS),
        "bikes": _frame({
            "area_code": _text(bikes.repeat(area_code)),
            "station_id": _text(bikes.get("SBIKE_SPOT_ID")),
            "station_name": _text(bikes.get("SBIKE_SPOT_NM", "SBIKE_SPOT_NM_KO")),
            "lat": bike_lat,
            "lon": bike_lon,
            "rack_total": _int(bikes.get("SBIKE_RACK_CNT")),
            "bikes_parked": _int(bikes.get("SBIKE_PARKING_CNT")),
        }, CITY_BIKE_COLUMNS),
        "population": _frame({
            "area_code": _text(population.repeat(area_code)),
            "area_name": _text(population.repeat(area_name)),
            "observed_at": _datetime(population.get("PPLTN_TIME")),
            "congestion_level": _text(population.get("AREA_CONGEST_LVL")),
            "congestion_message": _text(population.get("AREA_CONGEST_MSG")),
            "population_min": _int(population.get("AREA_PPLTN_MIN")),
            "population_max": _int(population.get("AREA_PPLTN_MAX")),
            "fetched_at": population.repeat(fetched),
        }, CITY_POPULATION_COLUMNS),
    }


# --------------------------------------------------------------------- services


@dataclass(frozen=True)
class ServiceSpec:
    """How to fetch and normalize one service.

    `params` are the required path parameters after START/END, in URL order;
    `optional_params` may follow them. `document` services are fetched with
    `fetch_document` and normalized to a dict of frames.
    """

    name: str
    root_keys: tuple[str, ...]
    params: tuple[str, ...]
    normalizer: Callable[..., object]
    takes_fetched_at: bool
    optional_params: tuple[str, ...] = ()
    document: bool = False

    def normalize(self, payload: object, fetched_at: datetime | str | None = None) -> object:
        if self.takes_fetched_at:
            return self.normalizer(payload, fetched_at)
        return self.normalizer(payload)


def _service(name: str, params: tuple[str, ...], normalizer: Callable, takes_fetched_at: bool, **extra) -> ServiceSpec:
    roots = (openapi.DOCUMENT_KEYS[name],) if extra.get("document") else openapi.ROOT_KEYS[name]
    return ServiceSpec(name, roots, params, normalizer, takes_fetched_at, **extra)


SERVICES: dict[str, ServiceSpec] = {s.name: s for s in (
    _service("bikeList", (), normalize_bike_list, True),
    _service("bikeListHist", ("YYYYMMDDHH",), normalize_bike_list, True),
    _service("tbCycleStationInfo", (), normalize_station_info, False),
    _service("tbCycleRentData", ("RENT_DT (YYYY-MM-DD)", "RENT_HR (0-23)"), normalize_rent_data, False),
    _service("RealtimeCityAir", (), normalize_realtime_air, False, optional_params=("SAREA_NM", "MSRSTN_NM")),
    _service("TimeAverageAirQuality", ("DATE (YYYYMMDD or YYYYMMDDHHMM)",), normalize_time_average_air, False,
             optional_params=("MSRSTE_NM",)),
    _service("TrafficInfo", ("LINK_ID",), normalize_traffic_info, True),
    _service("VolInfo", ("spot_num", "YYYYMMDD", "HH"), normalize_vol_info, False),
    _service("citydata", ("AREA_NM or AREA_CD",), normalize_citydata, True, document=True),
)}


@dataclass
class LiveData:
    data: object  # a DataFrame, or a dict of DataFrames for document services
    request_url: str  # key redacted
    fetched_at: pd.Timestamp  # naive KST
    raw_rows: int


def fetch_normalized(client: openapi.SeoulOpenAPI, service: str, *params: object,
                     progress: Callable[[int], None] | None = None) -> LiveData:
    """Fetch every row of `service` and normalize it — the generic refresh step."""
    spec = SERVICES[service]
    fetched_at = _naive_kst(None)
    if spec.document:
        document = client.fetch_document(service, *params)
        url = client.request_url(service, *openapi.DOCUMENT_RANGE, *params)
        return LiveData(spec.normalize(document, fetched_at), url, fetched_at, 1 if document else 0)
    result = client.fetch_all(service, *params, progress=progress)
    return LiveData(spec.normalize(result.rows, fetched_at), result.request_url, fetched_at, len(result.rows))
