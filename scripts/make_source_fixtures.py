"""Cut small, real samples of the source files in ../shared/data into
tests/fixtures/sources/, keeping each file's encoding, header layout and quirks, so the
importer tests run without ../shared. Rerun after a source file changes:

    .venv/bin/python scripts/make_source_fixtures.py

Rows are chosen to keep the known problems in the sample (the mislabelled CO column,
0,0 coordinates, double-counted racks, '24:00' hours, the duplicated day, …).
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from data_sources import settings  # noqa: E402

SRC = settings.shared_data_dir()
DST = ROOT / "tests" / "fixtures" / "sources"


def head_lines(rel: str, n: int, encoding: str = "utf-8", extra_matching: tuple[str, ...] = ()) -> None:
    """First n lines plus any later line containing one of `extra_matching`."""
    raw = (SRC / rel).read_bytes().decode(encoding)
    lines = raw.splitlines(keepends=True)
    keep = lines[:n] + [l for l in lines[n:] if any(m in l for m in extra_matching)]
    out = DST / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes("".join(keep).encode(encoding))


def head_xlsx(rel: str, n: int, extra_matching: tuple[str, ...] = ()) -> None:
    wb = openpyxl.load_workbook(SRC / rel, read_only=True)
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    keep = rows[:n] + [r for r in rows[n:] if any(m in str(c) for m in extra_matching for c in r)]
    out_wb = openpyxl.Workbook()
    out_ws = out_wb.active
    out_ws.title = ws.title
    for r in keep:
        out_ws.append(list(r))
    out = DST / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    out_wb.save(out)


def subset_geojson(rel: str, n: int) -> None:
    doc = json.loads((SRC / rel).read_text(encoding="utf-8"))
    doc["features"] = doc["features"][:n]
    out = DST / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    shutil.rmtree(DST, ignore_errors=True)
    head_xlsx("air_quality/raw_OA2218_daily/seoul_daily_air_2014.xlsx", 120)
    head_lines("air_quality/raw_OA2218_daily/seoul_daily_air_2018.cp949.csv", 120, "cp949")
    head_lines("air_quality/seoul_citywide_hourly_air_2018_2022.csv", 30, extra_matching=("2019-12-01",))
    head_lines("air_hourly/berkeleyearth_seoul_pm25_hourly_2014_2022.txt", 60, "ascii")
    head_xlsx("bike_stations/ddareungi_stations_20180409.xlsx", 60, extra_matching=("가양역 8번출구",))
    head_lines("bike_stations/ddareungi_stations_202106.utf8.csv", 60, extra_matching=("온수골사거리",))
    head_lines("bike_stations/ddareungi_stations_202306.utf8.csv", 60)
    head_lines("bike_usage/ddareungi_station_monthly_usage_2018H1.utf8.csv", 60, extra_matching=("201806,,",))
    head_lines("bike_usage/ddareungi_station_monthly_rentals_202102_202106.utf8.csv", 60, extra_matching=("2419.봉은사역",))
    head_lines("bike_usage/uci_SeoulBikeData.latin1.csv", 50, "latin-1")
    head_lines("bike_accidents/seoul_bicycle_accidents_by_gu_yearly.csv", 53, "utf-8-sig")
    head_lines("bike_accidents/seoul_traffic_accidents_by_gu_monthly_long.utf8.csv", 80)
    head_lines("traffic/seoul_urban_expressway_volume_by_weekday_2013_2023.csv", 40, "utf-8-sig",
               extra_matching=("2014,1,분당수서로", "2014,1,강변북로"))
    subset_geojson("bike_lanes/seoul_bike_lanes_smartmap.geojson", 40)
    shutil.copy(SRC / "boundaries/seoul_gu_juso2015_geo_simple.json",
                (DST / "boundaries").mkdir(parents=True, exist_ok=True) or DST / "boundaries/seoul_gu_juso2015_geo_simple.json")
    print(f"wrote fixtures under {DST.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
