"""Road-safety files: bicycle accidents by gu/year, all traffic accidents by gu/month."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import SourceFileError, read_csv, require_columns, to_number

TOTAL_ROW = "소계"  # the Seoul total row; totals are recomputed from the 25 gu instead


def bicycle_accidents(paths: list[Path]) -> pd.DataFrame:
    (path,) = paths
    raw = read_csv(path, encoding="utf-8-sig")
    cols = ["연도", "자치구", "가해_발생건수", "피해_발생건수", "가해_사망자수", "피해_사망자수", "가해_부상자수", "피해_부상자수"]
    require_columns(raw, cols, path)
    raw["자치구"] = raw["자치구"].astype(str).str.strip()
    gu_rows = raw[raw["자치구"] != TOTAL_ROW]
    out = pd.DataFrame({
        "year": gu_rows["연도"].astype(int), "gu": gu_rows["자치구"],
        "accidents_cyclist_at_fault": to_number(gu_rows["가해_발생건수"]).astype("Int64"),
        "accidents_cyclist_victim": to_number(gu_rows["피해_발생건수"]).astype("Int64"),
        "deaths_cyclist_at_fault": to_number(gu_rows["가해_사망자수"]).astype("Int64"),
        "deaths_cyclist_victim": to_number(gu_rows["피해_사망자수"]).astype("Int64"),
        "injuries_cyclist_at_fault": to_number(gu_rows["가해_부상자수"]).astype("Int64"),
        "injuries_cyclist_victim": to_number(gu_rows["피해_부상자수"]).astype("Int64"),
    })
    # Cross-check: the published 소계 must equal the sum of the 25 gu for every year.
    totals = raw[raw["자치구"] == TOTAL_ROW].set_index("연도")["가해_발생건수"].map(to_number_scalar)
    sums = out.groupby("year")["accidents_cyclist_at_fault"].sum()
    mismatched = [int(y) for y in totals.index if y in sums.index and int(sums[y]) != int(totals[y])]
    if mismatched:
        raise SourceFileError(f"{path.name}: district rows do not add up to 소계 for {mismatched}")
    return out.reset_index(drop=True)


def to_number_scalar(value) -> float:
    return float(str(value).replace(",", "").strip() or "nan")


def traffic_accidents_monthly(paths: list[Path]) -> pd.DataFrame:
    """All road traffic accidents by gu and month, 2005-01 … 2024-12 (long form of the
    published wide table; '-' there means 0)."""
    (path,) = paths
    raw = read_csv(path, encoding="utf-8")
    require_columns(raw, ["gu", "month", "accidents", "deaths", "injuries"], path)
    raw["gu"] = raw["gu"].astype(str).str.strip()
    df = raw[raw["gu"] != TOTAL_ROW].copy()
    df["month"] = pd.to_datetime(df["month"], format="%Y-%m", errors="coerce").dt.date
    if df["month"].isna().any():
        raise SourceFileError(f"{path.name}: unparseable month values")
    for c in ["accidents", "deaths", "injuries"]:
        df[c] = to_number(df[c]).astype("Int64")
    return df[["month", "gu", "accidents", "deaths", "injuries"]].reset_index(drop=True)
