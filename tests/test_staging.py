"""The staging layer (data_sources/staging): views built with the warehouse that only
reshape, read by the named queries; and the named queries stay free of copied blocks."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

import queries
from data_sources import staging, warehouse

ROOT = Path(__file__).resolve().parents[1]
POLLUTANTS = {"pm25": "pm25_ugm3", "pm10": "pm10_ugm3", "o3": "o3_ppm", "no2": "no2_ppm", "co": "co_ppm",
              "so2": "so2_ppm"}


def test_every_staging_view_is_in_the_warehouse(con):
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {p.stem for p in staging.view_files()} <= views
    assert "stg_air_daily" in views and "int_expressway_monthly" in views


def test_long_air_daily_keeps_every_value_and_every_missing_one(con):
    rows, = con.execute("SELECT count(*) FROM air_daily").fetchall()[0]
    assert con.execute("SELECT count(*) FROM stg_air_daily").fetchall()[0][0] == 6 * rows
    for code, column in POLLUTANTS.items():
        wide = con.execute(f"SELECT count({column}), sum({column}) FROM air_daily").fetchall()[0]
        long = con.execute("SELECT count(value), sum(value) FROM stg_air_daily WHERE pollutant = ?", [code]).fetchall()[0]
        assert long[0] == wide[0] and long[1] == pytest.approx(wide[1], rel=1e-12), code
    # A station-day stays a row even when the pollutant is missing.
    missing = con.execute("SELECT count(*) FROM air_daily WHERE pm25_ugm3 IS NULL").fetchall()[0][0]
    assert missing > 0
    assert con.execute("SELECT count(*) FROM stg_air_daily WHERE pollutant = 'pm25' AND value IS NULL").fetchall()[0][0] == missing


def test_hour_start_is_one_hour_before_the_stamp(con):
    assert con.execute("SELECT bool_and(hour_start = measured_at - INTERVAL 1 HOUR) FROM stg_air_hourly_city").fetchall()[0][0]


def test_period_profile_serves_months_and_weekdays(con):
    months = queries.run("air/period_profile", {"period": "month"}, con=con).frame
    weekdays = queries.run("air/period_profile", {"period": "weekday"}, con=con).frame
    assert months["period_no"].tolist() == list(range(1, 13))
    assert weekdays["period_no"].tolist() == list(range(1, 8))
    assert months["values_all_years"].sum() == weekdays["values_all_years"].sum()


def test_no_named_query_carries_its_own_pollutant_switch():
    for path in (ROOT / "queries").rglob("*.sql"):
        assert not re.search(r"CASE \$pollutant WHEN 'pm25' THEN pm25_ugm3", path.read_text()), path.name


def test_no_block_of_six_lines_is_copied_between_sql_files():
    """Named queries and staging views: a shared computation goes into an int_ view."""
    windows: dict[tuple[str, ...], set[str]] = defaultdict(set)
    files = [*(ROOT / "queries").rglob("*.sql"), *staging.view_files()]
    for path in files:
        lines = [s for s in (line.strip() for line in path.read_text().splitlines()) if s and not s.startswith("--")]
        for i in range(len(lines) - 5):
            windows[tuple(lines[i:i + 6])].add(path.name)
    copied = {block[0]: sorted(names) for block, names in windows.items()
              if len(names) > 1 and not _raw_twins(names)}
    assert not copied, copied


def _raw_twins(names: set[str]) -> bool:
    """A trip view's `_raw_` twin (bikes/trips_raw_x.sql) answers the same question as the
    summary-based query (bikes/trips_x.sql) from every trip, and ends in the same final
    SELECT on purpose: tests compare the two answers, so their output must be shaped alike."""
    return len(names) == 2 and {n.replace("_raw_", "_") for n in names} == {min(names, key=len)}


def test_a_broken_staging_view_fails_the_build_and_the_previous_warehouse_serves(tmp_var, tmp_path, monkeypatch):
    first = warehouse.build().path
    broken = tmp_path / "staging"
    broken.mkdir()
    (broken / "stg_broken.sql").write_text("SELECT no_such_column FROM air_daily")
    monkeypatch.setattr(staging, "STAGING_DIR", broken)
    with pytest.raises(Exception, match="no_such_column"):
        warehouse.build()
    assert warehouse.current_warehouse() == first
