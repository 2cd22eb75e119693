"""TOPIS traffic files (Seoul Transport Operation & Information Service).

Four layouts, each fixed in one visible place (PROVENANCE.md §4):

* `link_speed`   — 서울시 차량통행속도, the monthly link-speed file (XLSX or CSV):
  일자, 요일, 도로명, 링크아이디, 시점명, 종점명, 방향, 거리, 차선수, 기능유형구분,
  도심/외곽구분, 권역구분, 01시 … 24시 (mean speed km/h; 01시 = the first hour → hour 0).
* `spot_volume`  — 서울시 교통량 조사자료, the monthly survey-point file (XLSX or CSV):
  일자, 요일, 지점명, 지점번호, 방향, 구분, 0시 … 23시 (vehicles in the hour).
* `volinfo_blocks` — a 2016–2017 scrape of the VolInfo API for spot B-01 summed into
  6-hour blocks (the scraper wrote hour = 1 and asked for impossible dates).
* `trafficinfo_polls` — TrafficInfo speeds of one link polled every ~30 min in 2018.

Both monthly layouts are stored long: one row per link/spot × date × hour. Rows that come
from the catalog's bundled excerpt files are marked `is_sample`, so pages can tell a
59-row excerpt from a full month a user imported (the catalog has one `sample` flag per
dataset; this column is the per-row truth).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from . import SourceFileError, geo, read_csv, read_excel, to_number

WEEKDAYS_KO = ("월", "화", "수", "목", "금", "토", "일")

LINK_SPEED_COLUMNS = {  # published header → stored column
    "일자": "date", "요일": "weekday_ko", "도로명": "road_name", "링크아이디": "link_id",
    "시점명": "from_name", "종점명": "to_name", "방향": "direction", "거리": "length_m",
    "차선수": "lanes", "기능유형구분": "road_class", "도심/외곽구분": "area_type", "권역구분": "zone",
}
# Header spellings seen in other years' files (and the English-less short forms).
LINK_SPEED_ALIASES = {"링크ID": "링크아이디", "링크 아이디": "링크아이디", "도심외곽구분": "도심/외곽구분",
                      "도심/외곽 구분": "도심/외곽구분", "기능유형 구분": "기능유형구분", "차로수": "차선수"}
SPOT_VOLUME_COLUMNS = {
    "일자": "date", "요일": "weekday_ko", "지점명": "spot_name", "지점번호": "spot_num",
    "방향": "direction", "구분": "segment",
}
SPOT_VOLUME_ALIASES = {"지점 번호": "지점번호", "지점 명": "지점명"}
_HOUR = re.compile(r"^\s*(\d{1,2})\s*시\s*$")
_HEADER_SCAN_ROWS = 15


# --- reading ------------------------------------------------------------------------

def _decode_csv(path: Path, **kwargs) -> pd.DataFrame:
    """Real monthly CSVs come as UTF-8 (with or without BOM) or CP949."""
    last: Exception | None = None
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return read_csv(path, encoding=encoding, dtype=str, **kwargs)
        except SourceFileError as exc:
            last = exc
            if "UnicodeDecodeError" not in str(exc):
                raise
    raise SourceFileError(f"{path.name}: neither UTF-8 nor CP949 text ({last})")


def _normalise_header(values, aliases: dict[str, str]) -> list[str]:
    out = []
    for v in values:
        name = re.sub(r"\s+", " ", str(v)).strip() if v is not None and str(v) != "nan" else ""
        out.append(aliases.get(name, name))
    return out


def _with_header(grid: pd.DataFrame, required: list[str], aliases: dict[str, str]) -> pd.DataFrame | None:
    """Find the header row among the first rows (XLSX files may start with a title)."""
    for i in range(min(_HEADER_SCAN_ROWS, len(grid))):
        header = _normalise_header(grid.iloc[i].tolist(), aliases)
        if all(col in header for col in required):
            body = grid.iloc[i + 1:].copy()
            body.columns = header
            return body.reset_index(drop=True)
    return None


def _read_grid(path: Path, required: list[str], aliases: dict[str, str]) -> pd.DataFrame:
    """The table of a CSV or XLSX file as strings, whichever sheet and row holds the header."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheets = read_excel(path, sheet_name=None, header=None, dtype=str)
        candidates = list(sheets.items())
    elif suffix in (".csv", ".txt"):
        candidates = [(None, _decode_csv(path, header=None, skip_blank_lines=True))]
    else:
        raise SourceFileError(f"{path.name}: expected a .csv or .xlsx file, got '{path.suffix or 'no extension'}'")
    seen: list[str] = []
    for _sheet, grid in candidates:
        found = _with_header(grid, required, aliases)
        if found is not None:
            return found
        if len(grid):
            seen = [str(v) for v in grid.iloc[0].tolist()[:12]]
    raise SourceFileError(
        f"{path.name}: no header row with the columns {', '.join(required)} — found {', '.join(seen) or 'nothing'}. "
        "Is this the right TOPIS file?")


def _hour_columns(frame: pd.DataFrame, path: Path, expected: str) -> dict[str, int]:
    """Map '01시'…'24시' (speeds: 01시 is the first hour → 0) or '0시'…'23시' (volumes) to 0–23."""
    found = {c: int(m.group(1)) for c in frame.columns if (m := _HOUR.match(str(c)))}
    numbers = sorted(found.values())
    if numbers == list(range(1, 25)):
        return {c: h - 1 for c, h in found.items()}
    if numbers == list(range(0, 24)):
        return dict(found)
    raise SourceFileError(
        f"{path.name}: expected 24 hourly columns {expected}, found {len(numbers)} "
        f"({', '.join(f'{n}시' for n in numbers[:5])}{' …' if len(numbers) > 5 else ''})")


def _parse_dates(values: pd.Series, path: Path) -> pd.Series:
    text = values.astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
    compact = text.str.fullmatch(r"\d{8}").fillna(False)
    parsed = pd.to_datetime(text.where(compact), format="%Y%m%d", errors="coerce")
    other = ~compact & text.notna()
    if other.any():
        parsed[other] = pd.to_datetime(text[other].str[:10], errors="coerce")
    bad = text[parsed.isna() & text.notna()]
    if len(bad):
        raise SourceFileError(f"{path.name}: {len(bad)} unreadable date(s) in 일자, e.g. {bad.iloc[0]!r}")
    return parsed.dt.date


def _check_weekdays(values: pd.Series, path: Path) -> pd.Series:
    day = values.astype("string").str.strip().str.replace("요일", "", regex=False)
    unknown = sorted(set(day.dropna()) - set(WEEKDAYS_KO))
    if unknown:
        raise SourceFileError(f"{path.name}: unexpected 요일 value(s) {unknown[:5]}")
    return day


def _declared_samples(dataset_id: str) -> set[str]:
    """File names of the catalog's bundled excerpts for `dataset_id`."""
    from data_sources import catalog  # late import: importers are loaded by the catalog's users
    try:
        return {Path(p).name for p in catalog.get(dataset_id).source.paths}
    except KeyError:
        return set()


def _month_partition(dates: pd.Series) -> str | None:
    months = sorted({d.strftime("%Y-%m") for d in dates.dropna()})
    return months[0] if len(months) == 1 else None


def _check_duplicates(frame: pd.DataFrame, keys: list[str], path: Path) -> None:
    dupes = frame.duplicated(keys, keep=False)
    if dupes.any():
        example = frame.loc[dupes, keys].iloc[0].tolist()
        raise SourceFileError(f"{path.name}: {int(dupes.sum())} rows repeat the same {', '.join(keys)}, e.g. {example}")


def _melt_hours(frame: pd.DataFrame, hours: dict[str, int], id_cols: list[str], value: str) -> pd.DataFrame:
    long = frame[id_cols + list(hours)].melt(id_vars=id_cols, var_name="_col", value_name=value)
    long["hour"] = long["_col"].map(hours).astype("Int64")
    return long.drop(columns="_col")


# --- 차량통행속도 (link speeds) ----------------------------------------------------------

def read_link_speed_file(path: Path, *, sample: bool) -> pd.DataFrame:
    grid = _read_grid(path, list(LINK_SPEED_COLUMNS), LINK_SPEED_ALIASES)
    hours = _hour_columns(grid, path, "01시 … 24시")
    grid = grid.dropna(subset=["일자", "링크아이디"], how="all")
    if grid.empty:
        raise SourceFileError(f"{path.name}: the header is there but there are no data rows")
    frame = grid.rename(columns=LINK_SPEED_COLUMNS)
    frame["date"] = _parse_dates(frame["date"], path)
    frame["weekday_ko"] = _check_weekdays(frame["weekday_ko"], path)
    frame["link_id"] = frame["link_id"].astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
    if frame["link_id"].isna().any():
        raise SourceFileError(f"{path.name}: {int(frame['link_id'].isna().sum())} row(s) without 링크아이디")
    for col in ("road_name", "from_name", "to_name", "direction", "road_class", "area_type", "zone"):
        frame[col] = frame[col].astype("string").str.strip()
    frame["length_m"] = to_number(frame["length_m"])
    frame["lanes"] = to_number(frame["lanes"]).astype("Int64")
    _check_duplicates(frame, ["date", "link_id"], path)
    ids = list(LINK_SPEED_COLUMNS.values())
    long = _melt_hours(frame, hours, ids, "speed_kmh")
    # The converted files carry float artefacts (42.800000000000004): round to 2 dp.
    long["speed_kmh"] = to_number(long["speed_kmh"]).round(2)
    if long["speed_kmh"].notna().sum() == 0:
        raise SourceFileError(f"{path.name}: no readable speed in the 01시 … 24시 columns")
    long["is_sample"] = sample
    long["source_file"] = path.name
    return long


def link_speed(paths: list[Path]) -> pd.DataFrame:
    samples = _declared_samples("topis_link_speed")
    parts = [read_link_speed_file(p, sample=p.name in samples) for p in paths]
    df = pd.concat(parts, ignore_index=True)
    _check_duplicates(df, ["date", "link_id", "hour"], paths[0])
    df = df.sort_values(["date", "link_id", "hour"], ignore_index=True)
    df.attrs["partition"] = _month_partition(df["date"])
    return df


# --- 교통량 조사자료 (survey-point volumes) ----------------------------------------------

def read_spot_volume_file(path: Path, *, sample: bool) -> pd.DataFrame:
    grid = _read_grid(path, list(SPOT_VOLUME_COLUMNS), SPOT_VOLUME_ALIASES)
    hours = _hour_columns(grid, path, "0시 … 23시")
    grid = grid.dropna(subset=["일자", "지점번호"], how="all")
    if grid.empty:
        raise SourceFileError(f"{path.name}: the header is there but there are no data rows")
    frame = grid.rename(columns=SPOT_VOLUME_COLUMNS)
    frame["date"] = _parse_dates(frame["date"], path)
    # TOPIS writes 요일 = 일 on public holidays (e.g. Seollal on a Tuesday); kept as published.
    frame["weekday_ko"] = _check_weekdays(frame["weekday_ko"], path)
    for col in ("spot_name", "spot_num", "direction", "segment"):
        frame[col] = frame[col].astype("string").str.strip()
    if frame["spot_num"].isna().any():
        raise SourceFileError(f"{path.name}: {int(frame['spot_num'].isna().sum())} row(s) without 지점번호")
    frame["segment"] = frame["segment"].fillna("")
    _check_duplicates(frame, ["date", "spot_num", "direction", "segment"], path)
    long = _melt_hours(frame, hours, list(SPOT_VOLUME_COLUMNS.values()), "volume")
    volume = to_number(long["volume"])
    if volume.notna().sum() == 0:
        raise SourceFileError(f"{path.name}: no readable count in the 0시 … 23시 columns")
    if (volume.dropna() % 1 != 0).any():
        raise SourceFileError(f"{path.name}: vehicle counts must be whole numbers")
    long["volume"] = volume.astype("Int64")
    long["is_sample"] = sample
    long["source_file"] = path.name
    return long


def spot_volume(paths: list[Path]) -> pd.DataFrame:
    samples = _declared_samples("topis_spot_volume")
    parts = [read_spot_volume_file(p, sample=p.name in samples) for p in paths]
    df = pd.concat(parts, ignore_index=True)
    _check_duplicates(df, ["date", "spot_num", "direction", "segment", "hour"], paths[0])
    df = df.sort_values(["spot_num", "direction", "segment", "date", "hour"], ignore_index=True)
    df.attrs["partition"] = _month_partition(df["date"])
    return df


# --- VolInfo scrape, spot B-01, 6-hour blocks (2016–2017) ------------------------------

VOLINFO_BLOCKS = (0, 6, 12, 18)  # row order within a day in the scrape


def volinfo_blocks(paths: list[Path]) -> pd.DataFrame:
    """geusan/scrapper's trafficPerPoint2.txt: four rows a day (00–05, 06–11, 12–17, 18–23 h),
    `hour` always 1 (bug), x = y (bug), impossible dates (02-30) answered with zeros."""
    (path,) = paths
    raw = read_csv(path, dtype=str)
    missing = [c for c in ("ymd", "spot_num", "spot_nm", "io1", "io2") if c not in raw.columns]
    if missing:
        raise SourceFileError(f"{path.name}: missing column(s) {', '.join(missing)} — is this the VolInfo scrape?")
    raw["block"] = raw.groupby(["ymd", "spot_num"]).cumcount()
    if (raw["block"] > 3).any():
        raise SourceFileError(f"{path.name}: more than four 6-hour blocks on one day")
    date = pd.to_datetime(raw["ymd"], format="%Y%m%d", errors="coerce")
    raw = raw[date.notna()].copy()  # 2016-02-30, 2017-02-29/30 do not exist
    io1, io2 = to_number(raw["io1"]), to_number(raw["io2"])
    zero = (io1 == 0) & (io2 == 0)  # detector gaps, not an empty road: stored as missing
    out = pd.DataFrame({
        "date": pd.to_datetime(raw["ymd"], format="%Y%m%d").dt.date,
        "block_start_hour": raw["block"].map(dict(enumerate(VOLINFO_BLOCKS))).astype("Int64"),
        "spot_num": raw["spot_num"].str.strip(), "spot_name": raw["spot_nm"].str.strip(),
        "volume_io1": io1.mask(zero).astype("Int64"), "volume_io2": io2.mask(zero).astype("Int64"),
        "suspect_zero": zero,
    })
    out["volume_total"] = (out["volume_io1"] + out["volume_io2"]).astype("Int64")
    return out.sort_values(["date", "block_start_hour"], ignore_index=True)


# --- TrafficInfo polls of one link (2018) ---------------------------------------------

def trafficinfo_polls(paths: list[Path]) -> pd.DataFrame:
    """soomin-jeong/seoul-traffic-ml's traffic_volume_train.csv: despite the name, speeds."""
    (path,) = paths
    raw = read_csv(path, dtype=str)
    missing = [c for c in ("check_date", "link_id", "prcs_spd", "prcs_trv_time") if c not in raw.columns]
    if missing:
        raise SourceFileError(f"{path.name}: missing column(s) {', '.join(missing)} — is this a TrafficInfo export?")
    polled = pd.to_datetime(raw["check_date"], errors="coerce")
    if polled.isna().any():
        raise SourceFileError(f"{path.name}: {int(polled.isna().sum())} unreadable check_date value(s)")
    out = pd.DataFrame({
        "polled_at": polled.dt.floor("s"), "link_id": raw["link_id"].str.strip(),
        "speed_kmh": to_number(raw["prcs_spd"]), "travel_time_s": to_number(raw["prcs_trv_time"]),
    })
    return out.sort_values(["link_id", "polled_at"], ignore_index=True)


# --- service-link geometry -------------------------------------------------------------

def service_links(paths: list[Path]) -> pd.DataFrame:
    """TOPIS service links (자료실 LINK_VERTEX 2025, reprojected EPSG:5181 → WGS84 when derived):
    one polyline per link ID, the key of the link-speed files and the TrafficInfo API.
    Coordinates are rounded to 5 decimals (about 1 m), well inside the source's own precision
    for drawing, which keeps the bundled file small."""
    (path,) = paths
    rows = []
    for feature in geo.read_features(path):
        props, geometry = feature["properties"], feature["geometry"]
        if geometry["type"] != "LineString":
            raise SourceFileError(f"{path.name}: link {props.get('link_id')} is a {geometry['type']}, not a LineString")
        coords = [[round(x, 5), round(y, 5)] for x, y, *_ in geometry["coordinates"]]
        mid = coords[len(coords) // 2]
        rows.append({"link_id": str(props["link_id"]), "vertices": len(coords), "length_m": props.get("length_m_tm"),
                     "mid_lat": mid[1], "mid_lon": mid[0], "path_json": json.dumps(coords, separators=(",", ":"))})
    return pd.DataFrame(rows)


def expressway_hourly(paths: list[Path]) -> pd.DataFrame:
    """서울시설공단 average hourly volume per urban-expressway route and direction (version
    2025-05-07; reference period not stated). Hours 00–23 as published."""
    (path,) = paths
    raw = read_csv(path, encoding="utf-8", dtype={"hour": str})
    missing = [c for c in ("route", "direction", "hour", "volume") if c not in raw.columns]
    if missing:
        raise SourceFileError(f"{path.name}: missing column(s) {', '.join(missing)}")
    return pd.DataFrame({"route": raw["route"].astype("string").str.strip(),
                         "direction": raw["direction"].astype("string").str.strip(),
                         "hour": to_number(raw["hour"]).astype("Int64"), "volume": to_number(raw["volume"])})
