"""Traffic files: Seoul urban-expressway volumes by route, month and weekday."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import SourceFileError, read_csv, require_columns, to_number

_WEEKDAYS_KO = ["월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"]
# The route was renamed between 2013 and 2014 (PROVENANCE.md §4).
ROUTE_RENAMES = {"분당수서고속화도로": "분당수서로"}


def expressway_volume(paths: list[Path]) -> pd.DataFrame:
    """The raw merged file: 2013 plain integers, 2014+ quoted with thousands separators."""
    (path,) = paths
    raw = read_csv(path, encoding="utf-8-sig", dtype=str)
    require_columns(raw, ["YEAR", "MONTH", "LINE", "TRAFFIC", "DAY"], path)
    day = raw["DAY"].str.strip()
    unknown = sorted(set(day) - set(_WEEKDAYS_KO))
    if unknown:
        raise SourceFileError(f"{path.name}: unexpected weekday values {unknown}")
    route_published = raw["LINE"].str.strip()
    df = pd.DataFrame({
        "year": to_number(raw["YEAR"]).astype(int), "month": to_number(raw["MONTH"]).astype(int),
        "route": route_published.replace(ROUTE_RENAMES), "route_published": route_published,
        "weekday_iso": day.map(lambda d: _WEEKDAYS_KO.index(d) + 1), "weekday_ko": day,
        "avg_daily_volume": to_number(raw["TRAFFIC"]).astype("Int64"),
    })
    df.insert(0, "month_start", pd.to_datetime(dict(year=df.year, month=df.month, day=1)).dt.date)
    return df.sort_values(["year", "month", "route", "weekday_iso"], ignore_index=True)
