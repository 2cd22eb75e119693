"""Air-quality files (OA-2218 daily by station; cleanair hourly citywide; Berkeley Earth)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import catalog
from . import SourceFileError, read_csv, read_excel, require_columns, to_number

# The raw yearly files name the columns in Korean; 2014–2017 label CO as
# "이산화탄소농도" (carbon DIOXIDE) although the values are carbon MONOXIDE in ppm.
# PROVENANCE.md §3. Both spellings map to co_ppm here.
_DAILY_COLUMNS = {
    "측정일시": "date",
    "측정소명": "station",
    "이산화질소농도(ppm)": "no2_ppm",
    "오존농도(ppm)": "o3_ppm",
    "이산화탄소농도(ppm)": "co_ppm",  # mislabelled in 2014–2017: it is CO
    "일산화탄소농도(ppm)": "co_ppm",
    "아황산가스(ppm)": "so2_ppm",
    "아황산가스농도(ppm)": "so2_ppm",
    "미세먼지(㎍/㎥)": "pm10_ugm3",
    "미세먼지농도(㎍/㎥)": "pm10_ugm3",
    "초미세먼지(㎍/㎥)": "pm25_ugm3",
    "초미세먼지농도(㎍/㎥)": "pm25_ugm3",
}
POLLUTANT_COLUMNS = ["no2_ppm", "o3_ppm", "co_ppm", "so2_ppm", "pm10_ugm3", "pm25_ugm3"]


def classify_station(name: str) -> str:
    """'urban' for the 25 district stations (named after their gu), 'roadside' for the
    road stations (named after a road: …로 / …대로), 'other' for the background and
    supplementary sites (관악산, 남산, 서울숲, …)."""
    if name.endswith("구") and len(name) <= 4:
        return "urban"
    if name.endswith("로") or name == "종로":
        return "roadside"
    return "other"


def _read_daily_file(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".xlsx":
        raw = read_excel(path, sheet_name=0, dtype={"측정일시": str})
    else:
        # 2014–2023 and 2025 are CP949; the 2024 copy is UTF-8 with a BOM. 2024 and 2025 quote
        # the dates ("20250101"); reading 측정일시 as text keeps either form intact.
        encoding = "utf-8-sig" if ".utf8bom." in path.name else "cp949"
        raw = read_csv(path, encoding=encoding, dtype={"측정일시": str})
    raw.columns = [str(c).strip() for c in raw.columns]
    raw = raw.rename(columns=_DAILY_COLUMNS)
    require_columns(raw, ["date", "station", *POLLUTANT_COLUMNS], path)
    out = raw[["date", "station", *POLLUTANT_COLUMNS]].copy()
    out["date"] = pd.to_datetime(out["date"].astype(str).str[:8], format="%Y%m%d", errors="coerce")
    if out["date"].isna().any():
        bad = raw.loc[out["date"].isna(), "date"].head(3).tolist()
        raise SourceFileError(f"{path.name}: unparseable 측정일시 values {bad}")
    for col in POLLUTANT_COLUMNS:
        # Empty cells are missing measurements: keep them NULL, never 0.
        out[col] = to_number(out[col])
    out["station"] = out["station"].astype(str).str.strip()
    return out


def daily_by_station(paths: list[Path]) -> pd.DataFrame:
    frames = [_read_daily_file(p) for p in sorted(paths)]
    df = pd.concat(frames, ignore_index=True)
    df["date"] = df["date"].dt.date
    df["station_type"] = df["station"].map(classify_station)
    df["gu"] = df["station"].where(df["station_type"] == "urban")
    # Seoul has not confirmed the newest year yet (PROVENANCE.md §10.1): the catalog says from
    # which day values are provisional, and every such row carries the flag.
    since = catalog.get("air_daily").provisional_from
    df["provisional"] = (df["date"] >= pd.Timestamp(since).date()) if since else False
    return df.sort_values(["date", "station"], ignore_index=True)


def hourly_citywide(paths: list[Path]) -> pd.DataFrame:
    (path,) = paths
    raw = read_csv(path, encoding="utf-8")
    # The column headed "이산화탄소" (CO2) holds NO2 in ppm (PROVENANCE.md §3).
    rename = {"일시": "measured_at", "초미세먼지": "pm25_ugm3", "미세먼지": "pm10_ugm3", "오존": "o3_ppm",
              "이산화탄소": "no2_ppm", "일산화탄소": "co_ppm", "아황산가스": "so2_ppm"}
    raw = raw.rename(columns=rename)
    require_columns(raw, list(rename.values()), path)
    stamp = raw["measured_at"].astype(str).str.strip()
    # Hours run 01–24; "24:00" is midnight at the END of that day (00:00 next day).
    is_24 = stamp.str.endswith("24:00")
    base = pd.to_datetime(stamp.str[:10], format="%Y-%m-%d", errors="coerce")
    hours = pd.to_numeric(stamp.str[11:13], errors="coerce")
    measured = base + pd.to_timedelta(hours.where(~is_24, 24), unit="h")
    if measured.isna().any():
        raise SourceFileError(f"{path.name}: unparseable 일시 values {stamp[measured.isna()].head(3).tolist()}")
    out = pd.DataFrame({"measured_at": measured})
    for col in ["pm25_ugm3", "pm10_ugm3", "o3_ppm", "no2_ppm", "co_ppm", "so2_ppm"]:
        out[col] = to_number(raw[col])
    # 2019-12-01 appears twice, row for row identical (a double scrape); 2019-12-07 and
    # 2020-02-29 are absent and stay gaps. Drop exact repeats; refuse conflicting ones.
    out = out.drop_duplicates()
    conflicts = out["measured_at"].duplicated(keep=False)
    if conflicts.any():
        raise SourceFileError(f"{path.name}: different values for the same hour, e.g. "
                              f"{out.loc[conflicts, 'measured_at'].head(2).tolist()}")
    return out.sort_values("measured_at", ignore_index=True)


def berkeley_pm25_hourly(paths: list[Path]) -> pd.DataFrame:
    """Berkeley Earth Seoul PM2.5. The raw file is whitespace-delimited in UTC with
    210 duplicated hours around 2018-05; keep the last occurrence (as the derived copy
    does) and convert to KST."""
    (path,) = paths
    raw = read_csv(path, sep=r"\s+", header=0,
                   names=["year", "month", "day", "hour_utc", "pm25", "pm10_mask", "retrospective"])
    utc = pd.to_datetime(dict(year=raw.year, month=raw.month, day=raw.day, hour=raw.hour_utc), errors="coerce")
    if utc.isna().any():
        raise SourceFileError(f"{path.name}: {int(utc.isna().sum())} rows with invalid dates")
    out = pd.DataFrame({
        "measured_at_kst": utc + pd.Timedelta(hours=9),
        "pm25_ugm3": to_number(raw["pm25"]),
        "retrospective": raw["retrospective"].astype(int) == 1,
    })
    out = out.drop_duplicates("measured_at_kst", keep="last")
    return out.sort_values("measured_at_kst", ignore_index=True)
