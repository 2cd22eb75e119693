"""Time every air query on the real warehouse, cold and warm, and the work behind one
user action on the air page (query + chart builder), and print a table.

    cd /work/main && PYTHONPATH=. .venv/bin/python benchmarks/bench_air.py [--runs 7]

cold = a fresh read-only connection for every run (nothing cached by DuckDB);
warm = repeated runs on one connection after a first run. The page adds Streamlit's
st.cache_data on top, so a repeated view costs neither.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a clean checkout as-is

import queries  # noqa: E402
from dashboard import i18n
from data_sources import warehouse
from views import air_charts as charts

# Representative, non-default parameters (what a user's click would send).
PARAMS: dict[str, dict] = {
    "air/district_day": {"day": "2019-03-05", "pollutant": "pm10"},
    "air/daily_series": {"pollutant": "pm25", "districts": ["강남구", "종로구", "노원구"], "window": 30},
    "air/annual_means": {"pollutant": "no2"},
    "air/period_profile": {"pollutant": "o3", "year": 2019, "period": "month"},
    "air/hour_profile": {"pollutant": "no2"},
    "air/calendar_year": {"pollutant": "pm25", "year": 2018},
    "air/worst_days": {"pollutant": "pm10", "year": 0},
    "air/exceedance_days": {"pollutant": "pm25", "korea_limit": 35, "who_limit": 15},
    "air/station_annual": {"pollutant": "no2", "year": 2022},
    "air/realtime_districts": {"pollutant": "pm25"},
    "air/longest_gaps": {"pollutant": "pm25", "min_days": 7},
}


def _median_ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples)


def time_query(path, name: str, params: dict, runs: int) -> tuple[float, float, int]:
    cold = []
    for _ in range(runs):
        con = warehouse.connect_read_only(path)
        started = time.perf_counter()
        result = queries.run(name, params, con=con)
        cold.append(time.perf_counter() - started)
        con.close()
    con = warehouse.connect_read_only(path)
    queries.run(name, params, con=con)
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        queries.run(name, params, con=con)
        warm.append(time.perf_counter() - started)
    con.close()
    return _median_ms(cold), _median_ms(warm), len(result.frame)


def time_action(con, runs: int, label: str, action) -> tuple[str, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action(con)
        samples.append(time.perf_counter() - started)
    return label, _median_ms(samples)


def _day_map(con, day="2016-04-10", pollutant="pm25"):
    frame = queries.run("air/district_day", {"day": day, "pollutant": pollutant}, con=con).frame
    on = dt.date.fromisoformat(day)
    charts.district_map(frame, pollutant, on).to_json()
    charts.district_bars(frame, pollutant, on, "t").to_json()


def _trend(con):
    frame = queries.run("air/daily_series", {"pollutant": "pm10", "districts": ["강남구", "종로구"], "window": 30},
                        con=con).frame
    charts.trend_figure(frame, "pm10", 30, "t").to_json()


def _calendar(con):
    frame = queries.run("air/calendar_year", {"pollutant": "pm25", "year": 2019}, con=con).frame
    charts.calendar_figure(frame, "pm25", 2019, "t").to_json()


def _standards(con):
    frame = queries.run("air/exceedance_days", {"pollutant": "pm10", "korea_limit": 100, "who_limit": 45},
                        con=con).frame
    charts.exceedance_heatmap(frame, "days_over_korea", "t").to_json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = warehouse.ensure_warehouse()
    names = sorted(n for n in queries.registry() if n.startswith("air/"))
    print(f"warehouse: {path.name} · {args.runs} runs each · median milliseconds\n")
    print(f"{'query':30s} {'rows':>7s} {'cold ms':>9s} {'warm ms':>9s}")
    print("-" * 58)
    for name in names:
        cold, warm, rows = time_query(path, name, PARAMS.get(name, {}), args.runs)
        print(f"{name:30s} {rows:7d} {cold:9.1f} {warm:9.1f}")
    i18n.set_lang("ko")
    con = warehouse.connect_read_only(path)
    print(f"\n{'user action (query + figure, uncached)':44s} {'median ms':>10s}")
    print("-" * 56)
    for label, action in (("pick a date → map + ranked bars", _day_map),
                          ("pick districts → 30-day trend", _trend),
                          ("pick a year → calendar", _calendar),
                          ("pick PM10 → exceedance heatmap", _standards)):
        label, ms = time_action(con, args.runs, label, action)
        print(f"{label:44s} {ms:10.1f}")
    con.close()


if __name__ == "__main__":
    main()
