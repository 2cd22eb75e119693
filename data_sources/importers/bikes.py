"""Ttareungi (따릉이) files: station lists, usage, trips sample, live snapshot, lanes."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from .. import catalog
from ..live import SEOUL_LAT, SEOUL_LON
from . import SourceFileError, read_csv, read_excel, require_columns, split_station_label, to_number


def _null_outside_seoul(df: pd.DataFrame, lat: str = "lat", lon: str = "lon") -> pd.DataFrame:
    """0,0 (and other off-map) coordinates are 'unknown', not a place in the Atlantic."""
    bad = ~(df[lat].between(*SEOUL_LAT) & df[lon].between(*SEOUL_LON))
    df.loc[bad, [lat, lon]] = None
    return df


def _list_date(path: Path) -> str:
    """The list's vintage from its file name: ..._202306 → 2023-06, ..._20180409 → 2018-04-09."""
    m = re.search(r"_(\d{8}|\d{6})[._]", path.name)
    if not m:
        raise SourceFileError(f"{path.name}: cannot tell the list date from the file name")
    d = m.group(1)
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 else f"{d[:4]}-{d[4:6]}-01"


# Header spellings of the official OA-13252 CSVs (CP949, headers split over several
# lines or rows) → the flattened names of the UTF-8 copies. Matched after removing spaces.
_STATION_LIST_HEADER = {
    "대여소번호": "대여소번호", "보관소(대여소)명": "대여소명", "대여소명": "대여소명",
    "자치구": "자치구", "소재지(위치)자치구": "자치구", "상세주소": "상세주소", "위도": "위도", "경도": "경도",
    "설치시기": "설치시기", "운영방식": "운영방식",
    "LCD": "거치대수LCD", "거치대수LCD": "거치대수LCD", "설치형태LCD거치대수": "거치대수LCD", "LCD거치대수": "거치대수LCD",
    "QR": "거치대수QR", "거치대수QR": "거치대수QR", "QR거치대수": "거치대수QR",
}


def _station_list_grid(path: Path) -> pd.DataFrame:
    """The official files are CP949 with a header over one to five rows (merged cells
    and line breaks); the copies in ../shared are UTF-8 with a flat header. Read either."""
    for encoding in ("utf-8-sig", "cp949"):
        try:
            grid = read_csv(path, encoding=encoding, header=None, dtype=str, keep_default_na=False)
            break
        except SourceFileError as exc:
            if "UnicodeDecodeError" not in str(exc):
                raise
    else:
        raise SourceFileError(f"{path.name}: neither UTF-8 nor CP949 text — is this the station list CSV?")
    first_cells = grid.iloc[:, 0].str.strip()
    data_rows = first_cells.str.fullmatch(r"\d+")
    header_rows = int(data_rows.idxmax()) if data_rows.any() else len(grid)
    header_rows = min(header_rows, 10)
    names = []
    for col in grid.columns:
        name = "".join("".join(str(v).split()) for v in grid.iloc[:header_rows][col])
        names.append(_STATION_LIST_HEADER.get(name, name))
    body = grid.iloc[header_rows:].copy()
    body.columns = names
    return body.replace("", None).reset_index(drop=True)


def _read_station_list_csv(path: Path) -> pd.DataFrame:
    """2021-06 and 2023-06 lists (OA-13252): the official CP949 files or their UTF-8 copies."""
    raw = _station_list_grid(path)
    require_columns(raw, ["대여소번호", "대여소명", "자치구", "상세주소", "위도", "경도", "설치시기", "거치대수LCD", "거치대수QR", "운영방식"], path)
    lcd, qr = to_number(raw["거치대수LCD"]), to_number(raw["거치대수QR"])
    return pd.DataFrame({
        "station_no": to_number(raw["대여소번호"]).astype("Int64"),
        "station_name": raw["대여소명"].astype("string").str.strip(),
        "gu": raw["자치구"].astype("string").str.strip(),
        "address": raw["상세주소"].astype("string").str.strip(),
        "lat": to_number(raw["위도"]).astype("float64"), "lon": to_number(raw["경도"]).astype("float64"),
        "installed_on": pd.to_datetime(raw["설치시기"], errors="coerce").dt.date,
        "racks_lcd": lcd.astype("Int64"), "racks_qr": qr.astype("Int64"),
        # 148 stations in 2023-06 carry both counts and 119 of them are equal: the same
        # racks counted twice. Use QR when present, else LCD — never the sum.
        "racks": qr.fillna(lcd).astype("Int64"),
        "operation_type": raw["운영방식"].astype("string").str.strip(),
    })


def _read_station_list_xlsx(path: Path) -> pd.DataFrame:
    raw = read_excel(path, sheet_name=0)
    require_columns(raw, ["구", "대여소번호", "대여소명", "주소", "거치대", "위도", "경도"], path)
    return pd.DataFrame({
        "station_no": to_number(raw["대여소번호"]).astype("Int64"),
        "station_name": raw["대여소명"].astype("string").str.strip(),
        "gu": raw["구"].astype("string").str.strip(),
        "address": raw["주소"].astype("string").str.strip(),
        "lat": to_number(raw["위도"]), "lon": to_number(raw["경도"]),
        "installed_on": pd.NaT, "racks_lcd": pd.NA, "racks_qr": pd.NA,
        "racks": to_number(raw["거치대"]).astype("Int64"),
        "operation_type": pd.NA,
    })


def _read_station_list_derived(path: Path) -> pd.DataFrame:
    """June and December 2024 lists (OA-13252), derived with English headers. The December
    2024 upload dropped the rack columns, so its racks are unknown (NULL), not zero."""
    raw = read_csv(path, encoding="utf-8", dtype={"station_no": str})
    require_columns(raw, ["station_no", "station_name", "gu", "address", "lat", "lon", "installed_at"], path)
    has_racks = {"racks_lcd", "racks_qr"} <= set(raw.columns)
    lcd = to_number(raw["racks_lcd"]) if has_racks else pd.Series(pd.NA, index=raw.index, dtype="Float64")
    qr = to_number(raw["racks_qr"]) if has_racks else pd.Series(pd.NA, index=raw.index, dtype="Float64")
    return pd.DataFrame({
        "station_no": to_number(raw["station_no"]).astype("Int64"),
        "station_name": raw["station_name"].astype("string").str.strip(),
        "gu": raw["gu"].astype("string").str.strip(),
        "address": raw["address"].astype("string").str.strip(),
        "lat": to_number(raw["lat"]), "lon": to_number(raw["lon"]),
        "installed_on": pd.to_datetime(raw["installed_at"], errors="coerce").dt.date,
        "racks_lcd": lcd.astype("Int64"), "racks_qr": qr.astype("Int64"),
        "racks": qr.fillna(lcd).astype("Int64"),  # as in 2023: QR if present, else LCD
        "operation_type": raw["operation_type"].astype("string").str.strip() if "operation_type" in raw else pd.NA,
    })


def _read_station_master_2025(path: Path) -> pd.DataFrame:
    """December 2025 list: an author's extract of OA-13252 with number, name, gu and
    coordinates only (UTF-8 with BOM, names with a leading space). No racks, no install dates."""
    raw = read_csv(path, encoding="utf-8-sig", dtype={"대여소번호": str})
    require_columns(raw, ["대여소번호", "대여소명", "자치구", "경도", "위도"], path)
    return pd.DataFrame({
        "station_no": to_number(raw["대여소번호"]).astype("Int64"),
        "station_name": raw["대여소명"].astype("string").str.strip(),
        "gu": raw["자치구"].astype("string").str.strip(),
        "address": pd.NA, "lat": to_number(raw["위도"]), "lon": to_number(raw["경도"]),
        "installed_on": pd.NaT, "racks_lcd": pd.NA, "racks_qr": pd.NA, "racks": pd.NA, "operation_type": pd.NA,
    })


def _read_station_list(path: Path) -> pd.DataFrame:
    if path.suffix == ".xlsx":
        return _read_station_list_xlsx(path)
    # Only the first line, decoded leniently: the official lists are CP949 (read below).
    with open(path, "rb") as fh:
        header = fh.readline(4096).decode("utf-8-sig", errors="replace")
    if header.startswith("station_no,"):
        return _read_station_list_derived(path)
    if header.startswith("대여소번호,대여소명,자치구,경도"):
        return _read_station_master_2025(path)
    return _read_station_list_csv(path)


def station_lists(paths: list[Path]) -> pd.DataFrame:
    frames = []
    for path in sorted(paths):
        df = _read_station_list(path)
        if df.empty:  # every layout: a list without stations must not replace one with them
            raise SourceFileError(f"{path.name}: the header is there but there are no stations")
        df.insert(0, "list_date", pd.Timestamp(_list_date(path)).date())
        frames.append(_null_outside_seoul(df))
    return pd.concat(frames, ignore_index=True)


def station_info(paths: list[Path]) -> pd.DataFrame:
    """tbCycleStationInfo (May 2025): the bridge between ST-ids, station numbers and gu."""
    (path,) = paths
    raw = read_csv(path, encoding="utf-8", dtype={"station_id": str})
    cols = catalog.get("bike_station_info").column_names  # the derived CSV already uses them
    require_columns(raw, cols, path)
    df = raw[cols].copy()
    df["station_no"] = to_number(df["station_no"]).astype("Int64")
    df["racks"] = to_number(df["racks"]).astype("Int64")
    df["lat"], df["lon"] = to_number(df["lat"]), to_number(df["lon"])
    return _null_outside_seoul(df)


def live_snapshot_csv(paths: list[Path]) -> pd.DataFrame:
    """A bikeList snapshot saved as CSV (bundled 2026-09-09 11:09 KST capture)."""
    (path,) = paths
    raw = read_csv(path, encoding="utf-8")
    cols = catalog.get("bike_live").column_names  # saved with the normaliser's columns
    require_columns(raw, cols, path)
    df = raw[cols].copy()
    for c in ["station_no", "rack_total", "bikes_parked"]:
        df[c] = to_number(df[c]).astype("Int64")
    df["lat"], df["lon"] = to_number(df["lat"]), to_number(df["lon"])
    # Recompute occupancy rather than trust `shared` (a 2020 capture had "0" everywhere).
    racks = df["rack_total"].astype("Float64")
    df["shared_pct"] = (100 * df["bikes_parked"] / racks.where(racks > 0)).round().astype("Int64")
    df["snapshot_at_kst"] = pd.to_datetime(df["snapshot_at_kst"], errors="coerce")
    return _null_outside_seoul(df)


def daily_rentals(paths: list[Path]) -> pd.DataFrame:
    (path,) = paths
    raw = read_csv(path, encoding="utf-8")
    require_columns(raw, ["대여일자", "대여건수"], path)
    return pd.DataFrame({"date": pd.to_datetime(raw["대여일자"], errors="coerce").dt.date,
                         "rentals": to_number(raw["대여건수"]).astype("Int64")})


def station_monthly(paths: list[Path]) -> pd.DataFrame:
    """Monthly rentals per station: 2018 H1 (with returns, XLSX-derived) and 2021 Feb–Jun."""
    frames = []
    for path in sorted(paths):
        raw = read_csv(path, encoding="utf-8", dtype=str)
        if "반납건수" in raw.columns:  # 2018 H1 layout
            require_columns(raw, ["대여일자", "대여소번호", "대여소", "대여건수", "반납건수"], path)
            df = pd.DataFrame({
                "month": pd.to_datetime(raw["대여일자"].str.strip(), format="%Y%m", errors="coerce").dt.date,
                "station_no": to_number(raw["대여소번호"]).astype("Int64"),
                "station_name": raw["대여소"].astype("string").str.strip(),
                "station_group": pd.NA,
                "rentals": to_number(raw["대여건수"]).astype("Int64"),
                "returns": to_number(raw["반납건수"]).astype("Int64"),
            })
            # 8 rows have no station number: returns to an unknown station. Keep their
            # counts (they are real) under an explicit label instead of a blank name.
            df.loc[df["station_no"].isna(), "station_name"] = "(unknown station)"
        else:  # 2021 layout: "2301. 현대고등학교 건너편" labels, station group = gu
            require_columns(raw, ["대여소그룹(자치구)", "대여소명", "대여월", "대여건수"], path)
            number, name = split_station_label(raw["대여소명"])
            df = pd.DataFrame({
                "month": pd.to_datetime(raw["대여월"].str.strip(), format="%Y%m", errors="coerce").dt.date,
                "station_no": number, "station_name": name,
                "station_group": raw["대여소그룹(자치구)"].astype("string").str.strip(),
                "rentals": to_number(raw["대여건수"]).astype("Int64"),
                "returns": pd.array([pd.NA] * len(raw), dtype="Int64"),
            })
        df.insert(0, "source_period", "2018H1" if "반납건수" in raw.columns else "2021")
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    if out["month"].isna().any():
        raise SourceFileError("station monthly usage: unparseable month values")
    return out


def station_totals(paths: list[Path]) -> pd.DataFrame:
    (path,) = paths
    raw = read_csv(path, encoding="utf-8")
    cols = catalog.get("bike_station_totals").column_names  # the derived CSV already uses them
    require_columns(raw, cols, path)
    df = raw[cols].copy()
    df["station_no"] = to_number(df["station_no"]).astype("Int64")
    df["rentals"] = to_number(df["rentals"]).astype("Int64")
    return _null_outside_seoul(df)


_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def rental_profiles(paths: list[Path]) -> pd.DataFrame:
    """Citywide whole-period totals by hour of day and by weekday (2024-01 … 2025-04)."""
    frames = []
    for path in sorted(paths):
        raw = read_csv(path, encoding="utf-8")
        if "대여_시간" in raw.columns:
            frames.append(pd.DataFrame({"dimension": "hour", "key": to_number(raw["대여_시간"]).astype("Int64"),
                                        "label": raw["대여_시간"].astype(str) + "h", "rentals": to_number(raw["대여건수"]).astype("Int64")}))
        elif "대여_요일" in raw.columns:
            label = raw["대여_요일"].astype(str).str.strip()
            if not label.isin(_WEEKDAYS).all():
                raise SourceFileError(f"{path.name}: unexpected weekday names {sorted(set(label) - set(_WEEKDAYS))}")
            frames.append(pd.DataFrame({"dimension": "weekday", "key": label.map(lambda d: _WEEKDAYS.index(d) + 1).astype("Int64"),
                                        "label": label, "rentals": to_number(raw["대여건수"]).astype("Int64")}))
        else:
            raise SourceFileError(f"{path.name}: expected a 대여_시간 or 대여_요일 column")
    return pd.concat(frames, ignore_index=True)


def uci_hourly(paths: list[Path]) -> pd.DataFrame:
    """UCI Seoul Bike Sharing Demand. The original is Latin-1 (°) with DAY-FIRST dates
    (01/12/2017 is 1 December)."""
    (path,) = paths
    raw = read_csv(path, encoding="latin-1")
    raw.columns = [c.replace("Rented Bicycle Count", "Rented Bike Count").strip() for c in raw.columns]
    names = {"Date": "date", "Rented Bike Count": "rentals", "Hour": "hour", "Temperature(°C)": "temp_c",
             "Humidity(%)": "humidity_pct", "Wind speed (m/s)": "wind_ms", "Visibility (10m)": "visibility_10m",
             "Dew point temperature(°C)": "dew_point_c", "Solar Radiation (MJ/m2)": "solar_mj_m2",
             "Rainfall(mm)": "rainfall_mm", "Snowfall (cm)": "snowfall_cm", "Seasons": "season",
             "Holiday": "holiday", "Functioning Day": "functioning_day"}
    require_columns(raw, list(names), path)
    df = raw.rename(columns=names)[list(names.values())]
    df["date"] = pd.to_datetime(df["date"], format="%d/%m/%Y", errors="raise").dt.date
    df["holiday"] = df["holiday"].str.strip().eq("Holiday")
    # 295 hours with Functioning Day = No have 0 rentals because the system was down:
    # keep them, flagged, so demand views can exclude them.
    df["functioning_day"] = df["functioning_day"].str.strip().eq("Yes")
    df.insert(0, "hour_start", pd.to_datetime(df["date"]) + pd.to_timedelta(df["hour"], unit="h"))
    return df


def aivle_hourly(paths: list[Path]) -> pd.DataFrame:
    (path,) = paths
    raw = read_csv(path, encoding="utf-8")
    require_columns(raw, ["date", "hour", "PM10", "PM2.5", "ozone", "temperature", "precipitation", "windspeed", "humidity", "visibility", "count"], path)
    return pd.DataFrame({
        "date": pd.to_datetime(raw["date"]).dt.date, "hour": raw["hour"].astype(int),
        "pm10_ugm3": to_number(raw["PM10"]), "pm25_ugm3": to_number(raw["PM2.5"]), "o3_ppm": to_number(raw["ozone"]),
        "temp_c": to_number(raw["temperature"]),
        "rain_flag": to_number(raw["precipitation"]).astype("Int64").astype("boolean"),  # a 0/1 flag, not mm
        "wind_ms": to_number(raw["windspeed"]), "humidity_pct": to_number(raw["humidity"]),
        "visibility_10m": to_number(raw["visibility"]), "rentals": to_number(raw["count"]).astype("Int64"),
    })


def od_sample(paths: list[Path]) -> pd.DataFrame:
    """2023 weekday OD pairs around Gangseo/Magok: a SAMPLE, not a full month."""
    (path,) = paths
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceFileError(f"{path.name}: not valid JSON ({exc})") from None
    raw = pd.DataFrame(rows)
    # 40 rows are exact copies of another row (same pair, community 17 and count; 32 pairs,
    # 179 trips): copies from the author's aggregation, not other communities. Drop them.
    raw = raw.drop_duplicates()
    require_columns(raw, ["origin_station_id", "desti_station_id", "community", "count", "origin_lat", "origin_lng", "desti_lat", "desti_lng"], path)
    return pd.DataFrame({
        "origin_station_id": raw["origin_station_id"], "dest_station_id": raw["desti_station_id"],
        "community": raw["community"].astype("Int64"), "trips": raw["count"].astype("Int64"),
        "origin_lat": raw["origin_lat"], "origin_lon": raw["origin_lng"],
        "dest_lat": raw["desti_lat"], "dest_lon": raw["desti_lng"],
        "origin_dist_to_subway_m": to_number(raw.get("origin_dist_to_subway")),
        "dest_dist_to_subway_m": to_number(raw.get("desti_dist_to_subway")),
    })


def _load_geojson(path: Path) -> list[dict]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return doc["features"]
    except (OSError, ValueError, KeyError) as exc:
        raise SourceFileError(f"{path.name}: not a GeoJSON FeatureCollection ({exc})") from None


def _paths_of(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "LineString":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiLineString":
        return geometry["coordinates"]
    raise SourceFileError(f"unexpected geometry type {geometry['type']}")


_GU_IN_ADDRESS = re.compile(r"서울특별시\s+(\S+구)")


def smartmap_lanes(paths: list[Path]) -> pd.DataFrame:
    """Seoul Smart Map bike-lane theme: one row per lane feature (a road's lane)."""
    (path,) = paths
    rows = []
    for f in _load_geojson(path):
        p = f["properties"]
        address = p.get("ADDR_NEW") or p.get("ADDR_OLD") or ""
        gu = _GU_IN_ADDRESS.search(address)
        lines = _paths_of(f["geometry"])
        rows.append({
            "lane_id": p.get("CONTS_ID"), "name": (p.get("CONTS_NAME") or "").strip(),
            # 9 features lie outside Seoul (고양, 하남, …): gu stays NULL for them.
            "gu": gu.group(1) if gu else None,
            # One feature spells the type with an extra space; normalise whitespace.
            "lane_type": re.sub(r"\s+", "", p.get("VALUE_03") or "") or None,
            "length_km": pd.to_numeric(p.get("VALUE_04"), errors="coerce"),
            "start_point": p.get("VALUE_01"), "end_point": p.get("VALUE_02"),
            "department": p.get("VALUE_05"), "address": address or None,
            "path_json": json.dumps([[round(x, 6), round(y, 6)] for line in lines for x, y, *_ in line], separators=(",", ":")),
            "segments": len(lines),
        })
    return pd.DataFrame(rows)


def road_network(paths: list[Path]) -> pd.DataFrame:
    """Bicycle-road link network (12,631 links, ≈1,032 km). TRACK/ROAD_CATE codes are
    undocumented upstream, so they are kept as codes."""
    (path,) = paths
    rows = []
    for f in _load_geojson(path):
        p = f["properties"]
        coords = _paths_of(f["geometry"])[0]
        mid = coords[len(coords) // 2]
        rows.append({
            "link_id": int(p["LINK_ID"]), "length_m": float(p["LENGTH"]),
            "road_name": (p.get("ROAD_NAME") or "").strip() or None,
            "track_code": p.get("TRACK"), "road_cate_code": p.get("ROAD_CATE"), "oneway": p.get("ONEWAY"),
            "mid_lat": mid[1], "mid_lon": mid[0],
            "path_json": json.dumps(coords, separators=(",", ":")),
        })
    return pd.DataFrame(rows)


# --- monthly rentals 2017–2025: two publications reconciled (PROVENANCE.md §10.3a/b) ---------

# The official statistics table (rentals by gu and month, 2017-01 … 2023-05) matches Seoul's
# published yearly totals and has 2019-12, which the OA-15248 aggregate lacks; it also places
# each rental in the gu of its station at the time. The aggregate runs on to 2025-12. So: the
# statistics table up to its last month, the aggregate after it. One switch month, one place.
GU_TABLE = "seoul_stats_by_gu"
AGGREGATE = "oa15248_aggregate"
_UNASSIGNED = "미상"  # rentals not placed in one of the 25 gu (the table's 기타, the aggregate's 미상)


def _month(values: pd.Series, path: Path) -> pd.Series:
    months = pd.to_datetime(values.astype("string").str.strip(), format="%Y-%m", errors="coerce")
    if months.isna().any():
        raise SourceFileError(f"{path.name}: unparseable month values {values[months.isna()].head(3).tolist()}")
    return months.dt.date


def _monthly_sources(paths: list[Path]) -> tuple[pd.DataFrame, pd.DataFrame, Path, Path]:
    """(gu table long, aggregate gu long) from the declared files, recognised by their columns."""
    gu_table = aggregate = None
    for path in paths:
        raw = read_csv(path, encoding="utf-8")
        if "합계" in set(raw.get("gu", [])):
            gu_table = (raw, path)
        elif {"month", "gu", "rentals"} <= set(raw.columns):
            aggregate = (raw, path)
    if gu_table is None or aggregate is None:
        raise SourceFileError("monthly rentals: need the by-gu statistics table (with 합계) and the OA-15248 gu aggregate")
    return gu_table[0], aggregate[0], gu_table[1], aggregate[1]


def _reconciled_gu_monthly(paths: list[Path]) -> pd.DataFrame:
    table, agg, table_path, agg_path = _monthly_sources(paths)
    require_columns(table, ["month", "gu", "rentals"], table_path)
    table = table.assign(month=_month(table["month"], table_path), rentals=to_number(table["rentals"]))
    agg = agg.assign(month=_month(agg["month"], agg_path), rentals=to_number(agg["rentals"]))
    parts = table[table["gu"] != "합계"]
    totals = table[table["gu"] == "합계"].set_index("month")["rentals"]
    check = parts.groupby("month")["rentals"].sum()
    if not check.equals(totals.reindex(check.index)):
        raise SourceFileError(f"{table_path.name}: the districts do not sum to 합계 in some month")
    switch = parts["month"].max()
    out = pd.concat([parts.assign(source=GU_TABLE), agg[agg["month"] > switch].assign(source=AGGREGATE)],
                    ignore_index=True)
    out["gu"] = out["gu"].astype("string").str.strip().replace({"기타": _UNASSIGNED})
    return out[["month", "gu", "rentals", "source"]].sort_values(["month", "gu"], ignore_index=True)


def rentals_gu_monthly(paths: list[Path]) -> pd.DataFrame:
    return _reconciled_gu_monthly(paths)


def rentals_monthly(paths: list[Path]) -> pd.DataFrame:
    """Citywide month totals, 2017-01 … 2025-12, reconciled as `_reconciled_gu_monthly`;
    distance and duration exist only in the aggregate's citywide file (2019 on)."""
    city_path = next((p for p in paths if "citywide_monthly_2" in p.name), None)
    if city_path is None:
        raise SourceFileError("monthly rentals: the OA-15248 citywide monthly file is not among the sources")
    gu = _reconciled_gu_monthly([p for p in paths if p != city_path])
    totals = gu.groupby(["month", "source"], as_index=False)["rentals"].sum()
    city = read_csv(city_path, encoding="utf-8")
    require_columns(city, ["month", "rentals", "distance_m_total", "duration_min_total"], city_path)
    city = city.assign(month=_month(city["month"], city_path))
    merged = totals.merge(city[["month", "rentals", "distance_m_total", "duration_min_total"]], on="month",
                          how="left", suffixes=("", "_city"))
    aggregate_rows = merged["source"] == AGGREGATE
    if not (merged.loc[aggregate_rows, "rentals"] == merged.loc[aggregate_rows, "rentals_city"]).all():
        raise SourceFileError(f"{city_path.name}: citywide totals differ from the sum of the gu file")
    # Distance and duration belong to the aggregate's counts: shown only where those are the total.
    merged.loc[~aggregate_rows, ["distance_m_total", "duration_min_total"]] = None
    return merged.drop(columns="rentals_city")


_GENDERS = {"F": "F", "M": "M", "unknown": "unknown"}
_AGE_BANDS = ["~10대", "20대", "30대", "40대", "50대", "60대", "70대이상", "기타"]


def rider_mix_monthly(paths: list[Path]) -> pd.DataFrame:
    """OA-15248 rentals by gender and by age band per month (2019-01 … 2025-12, no 2019-12), long."""
    (path,) = paths
    raw = read_csv(path, encoding="utf-8")
    require_columns(raw, ["month", *_GENDERS, "10대", *_AGE_BANDS], path)
    # Teenagers are published under ~10대 in every month except 2022-01 … 06, where they sit in
    # 10대 and ~10대 is 0 (PROVENANCE.md §10.3a says 10대 is always 0: it is not). One band, the
    # sum of both columns; refuse a month that fills both, since that would be a new layout.
    teen, under_teen = to_number(raw["10대"]).fillna(0), to_number(raw["~10대"]).fillna(0)
    if ((teen > 0) & (under_teen > 0)).any():
        raise SourceFileError(f"{path.name}: a month has both 10대 and ~10대 rentals; review the age bands")
    raw["~10대"] = teen + under_teen
    month = _month(raw["month"], path)
    frames = [pd.DataFrame({"month": month, "dimension": "gender", "group": code, "rentals": to_number(raw[col])})
              for col, code in _GENDERS.items()]
    frames += [pd.DataFrame({"month": month, "dimension": "age", "group": band, "rentals": to_number(raw[band])})
               for band in _AGE_BANDS]
    out = pd.concat(frames, ignore_index=True)
    totals = out.groupby(["month", "dimension"])["rentals"].sum().unstack()
    if not totals["gender"].equals(totals["age"]):
        raise SourceFileError(f"{path.name}: gender and age columns no longer sum to the same monthly total")
    return out
