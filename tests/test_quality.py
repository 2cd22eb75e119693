"""Completeness checks (data_sources/quality.py) are computed from the data: they agree
with independent recomputation and with the problems the catalog documents by hand."""
from __future__ import annotations

import json

import duckdb
import pytest

import queries
from data_sources import catalog, quality
from data_sources.catalog import Column, Dataset, Source


@pytest.fixture(scope="module")
def checks(con):
    return quality.warehouse_quality(con)


def test_every_warehouse_dataset_is_checked_and_serialisable(checks):
    assert set(checks) == {ds.id for ds in catalog.warehouse_datasets()}
    for q in checks.values():
        json.dumps(q.as_dict(), default=str)
        assert len(q.columns) == len(catalog.get(q.dataset).columns)


def test_null_counts_match_arrow(con, checks):
    for dataset_id in ("air_daily", "bike_station_lists", "bike_hourly_aivle", "gu_boundaries"):
        ds = catalog.get(dataset_id)
        table = con.cursor().sql(f'SELECT * FROM "{ds.table}"').to_arrow_table()
        got = {c.name: c.nulls for c in checks[dataset_id].columns}
        assert got == {name: table.column(name).null_count for name in ds.column_names}, dataset_id
        assert checks[dataset_id].rows == table.num_rows


def test_hourly_gaps_match_the_documented_missing_days(checks):
    # catalog: "2019-12-07 and 2020-02-29 are missing (gaps)" (hours 01–24 of each day)
    gaps = checks["air_hourly_city"].gaps
    assert (gaps.grain, gaps.missing) == ("hour", 48)
    assert [(r.start, r.end, r.slots) for r in gaps.runs] == [
        ("2019-12-07T01:00:00", "2019-12-08T00:00:00", 24), ("2020-02-29T01:00:00", "2020-03-01T00:00:00", 24)]
    # catalog: "5,192 hours are missing, most of 2019"
    berkeley = checks["air_pm25_berkeley"].gaps
    assert berkeley.missing == 5_192 and berkeley.runs[0].start.startswith("2019-")


def test_monthly_gap_between_file_periods(checks):
    gaps = checks["expressway_volume"].gaps  # "file covers 2013–2018 and 2022–2023"
    assert gaps.grain == "month" and gaps.missing == 36
    assert (gaps.runs[0].start, gaps.runs[0].end) == ("2019-01-01", "2021-12-01")


def test_per_station_gaps_agree_with_the_example_query(con, checks):
    gaps = checks["air_daily"].gaps
    example = queries.run("examples/missing_days_by_station", con=con).frame
    assert gaps.entity_column == "station" and gaps.entities == len(example)
    assert gaps.entity_missing == int(example["days_missing"].sum())
    assert gaps.entities_with_gaps == int((example["days_missing"] > 0).sum())
    worst = gaps.worst_entities[0]
    assert (worst.entity, worst.missing) == (example["station"][0], int(example["days_missing"][0]))


def test_hour_grain_from_a_date_and_hour_key(con, checks):
    gaps = checks["bike_hourly_aivle"].gaps
    expected = con.execute("""SELECT datediff('hour', min(ts), max(ts)) + 1 - count(DISTINCT ts) FROM
        (SELECT CAST(date AS TIMESTAMP) + to_hours(hour) AS ts FROM bike_hourly_aivle)""").fetchall()[0][0]
    assert gaps.grain == "hour" and gaps.missing == expected


def test_documented_coordinate_problems_are_found(checks):
    # catalog: "Coordinates of 0,0 (one station in 2018, one in 2021) are stored as unknown (NULL)"
    found = {(s.column, s.kind): s.count for s in checks["bike_station_lists"].sentinels}
    assert found[("lat", "null_coordinate")] == 2 and found[("lat", "zero_coordinate")] == 0


def test_keys_have_no_duplicates_in_the_built_warehouse(checks):
    for q in checks.values():
        ds = catalog.get(q.dataset)
        if ds.primary_key and q.rows:
            assert q.duplicate_rows == 0 and q.null_key_rows == 0, q.dataset


@pytest.mark.parametrize("dataset_id,grain", [
    ("air_daily", "day"), ("air_hourly_city", "hour"), ("bike_hourly_aivle", "hour"), ("bike_accidents", "year"),
    ("traffic_accidents", "month"), ("expressway_volume", "month"), ("bike_station_lists", None),
    ("bike_live", None), ("air_hourly_station", None), ("gu_boundaries", None)])
def test_time_grain(dataset_id, grain):
    assert quality.time_grain(catalog.get(dataset_id))[0] == grain


def _toy() -> tuple[duckdb.DuckDBPyConnection, Dataset]:
    con = duckdb.connect()
    con.execute("""CREATE TABLE toy AS SELECT * FROM (VALUES
        (DATE '2024-01-01', 'A', 37.5, 127.0, 10.0, 'urban', 'x'),
        (DATE '2024-01-02', 'A', 0.0, 127.0, -1.0, 'urban', ' '),
        (DATE '2024-01-02', 'A', 37.5, NULL, 0.0, 'urban', 'y'),
        (DATE '2024-01-05', 'A', 37.5, 127.0, 5000.0, 'weird', 'z'),
        (DATE '2024-01-01', 'B', 37.5, 127.0, 12.0, 'roadside', NULL),
        (DATE '2024-01-03', 'B', 37.5, 127.0, NULL, 'urban', 'w')
    ) t(date, station, lat, lon, pm25, station_type, note)""")
    ds = Dataset(
        id="toy", title_ko="t", title_en="t", publisher="p", original_id="o", licence="l", attribution="a",
        cadence="daily", source=Source(kind="file"), domain="test", table="toy", primary_key=("date", "station"),
        as_of_column="date", columns=(
            Column("date", "DATE", nullable=False), Column("station", "VARCHAR", nullable=False),
            Column("lat", "DOUBLE", min=37.4, max=37.75), Column("lon", "DOUBLE", min=126.7, max=127.2),
            Column("pm25", "DOUBLE", unit="µg/m³", min=0, max=1000),
            Column("station_type", "VARCHAR", allowed=("urban", "roadside")), Column("note", "VARCHAR")))
    return con, ds


def test_every_check_on_a_toy_table():
    con, ds = _toy()
    q = quality.dataset_quality(con, ds, {"source_kind": "bundled"})
    found = {(s.column, s.kind): s.count for s in q.sentinels}
    assert found[("lat", "zero_coordinate")] == 1 and found[("lon", "null_coordinate")] == 1
    assert found[("lat", "out_of_range")] == 1  # the 0.0
    assert found[("pm25", "negative")] == 1 and found[("pm25", "out_of_range")] == 2  # -1 and 5000
    assert found[("pm25", "zero_reading")] == 1
    assert found[("station_type", "not_allowed")] == 1
    assert found[("date", "null_required")] == 0
    assert (q.duplicate_keys, q.duplicate_rows) == (1, 1)  # (2024-01-02, A) twice
    assert {c.name: (c.nulls, c.blanks) for c in q.columns}["note"] == (1, 1)
    assert (q.time_min, q.time_max, q.source_kind) == ("2024-01-01", "2024-01-05", "bundled")
    g = q.gaps
    assert (g.grain, g.expected, g.present, g.missing) == ("day", 5, 4, 1)  # 2024-01-04
    assert [(r.start, r.slots) for r in g.runs] == [("2024-01-04", 1)]
    # per station: A misses 01-03 and 01-04 in 01-01..01-05; B misses 01-02 in 01-01..01-03
    assert (g.entities, g.entities_with_gaps, g.entity_missing) == (2, 2, 3)
    assert [(e.entity, e.missing) for e in g.worst_entities] == [("A", 2), ("B", 1)]
    assert q.problems >= 6


def test_empty_table_is_reported_not_crashed():
    con, ds = _toy()
    con.execute("DELETE FROM toy")
    q = quality.dataset_quality(con, ds)
    assert q.rows == 0 and q.gaps is None and q.gaps_skipped == "empty"
    assert all(c.nulls == 0 for c in q.columns)
