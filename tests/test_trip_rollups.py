"""Trip summaries (data_sources/rollups.py): every trip view gives the same answer from the
summaries made at import as from every raw trip — on the real January 2023 month (bundled)
and on an imported SYNTHETIC month — and a failed import leaves no summary behind.

Expected values for the real month are recomputed from the source CSV with Python's csv
module, never with the importer or the queries under test.
"""
from __future__ import annotations

import collections
import csv
import importlib.util
import shutil
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import queries
from data_sources import rollups, snapshots, warehouse
from data_sources.importers import rental_history
from data_sources.importers.rental_history import import_rental_history_snapshot
from tests.conftest import requires_shared, shared_data

ROOT = Path(__file__).resolve().parents[1]
REAL_MONTH = "bike_trips/ddareungi_trips_202301_gangnam_internal.csv"
F16 = ROOT / "tests" / "fixtures" / "rental_history" / "synthetic_rental_history_2024-06_16col.csv"

VIEWS = ["trips_by_hour", "trips_by_month", "trips_duration_hist", "trips_distance_hist",
         "trips_station_balance", "trips_top_routes"]


def _param_sets(months: list[str]) -> list[dict]:
    sets = [{}]
    for m in months:
        sets += [{"month": m}, {"month": m, "limit": 5}, {"month": m, "bin_min": 1, "max_min": 60},
                 {"month": m, "bin_min": 7, "max_min": 200}, {"month": m, "bin_m": 250, "max_m": 3000},
                 {"month": m, "bin_m": 1000, "max_m": 20000}]
    sets.append({"month": "1999-01"})  # a month that is not there: empty either way
    return sets


def _both(con, view: str, params: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    summary, raw = queries.get(f"bikes/{view}"), queries.get(f"bikes/{view.replace('trips_', 'trips_raw_', 1)}")
    declared = {p.name for p in summary.params}
    assert declared == {p.name for p in raw.params}, view
    used = {k: v for k, v in params.items() if k in declared}
    return (queries.run(summary.name, used, con=con).frame, queries.run(raw.name, used, con=con).frame)


def assert_same_answers(con, months: list[str]) -> int:
    """Every view × parameter set: equal frames (floating means to 1e-9 relative). Returns rows compared."""
    compared = 0
    for view in VIEWS:
        for params in _param_sets(months):
            fast, slow = _both(con, view, params)
            pd.testing.assert_frame_equal(fast, slow, check_dtype=False, rtol=1e-9, obj=f"{view} {params}")
            compared += len(fast)
    return compared


def test_every_trip_view_has_a_raw_twin_with_the_same_columns():
    names = {n.split("/")[1] for n in queries.registry() if n.startswith("bikes/trips_")}
    assert {v for v in names if not v.startswith(("trips_raw_", "trips_months"))} == set(VIEWS)
    for view in VIEWS:
        fast, slow = queries.get(f"bikes/{view}"), queries.get(f"bikes/trips_raw_{view[6:]}")
        assert fast.columns == slow.columns, view
        assert "trips_rollup_" in fast.sql and "trips_rollup_" not in slow.sql and "FROM trips\n" in slow.sql


# --- the real January 2023 month (bundled) --------------------------------------------------

@requires_shared
def test_summaries_answer_like_raw_trips_on_the_real_january_2023_month(con):
    assert assert_same_answers(con, ["2023-01"]) > 500


@requires_shared
def test_one_stations_day_from_raw_trips_adds_up_to_the_station_hour_summary(con):
    """The raw-only view (single trips are not summarised): its rows, counted by rental
    hour, equal the station-hour summary, and a round trip is both a rental and a return."""
    pairs = con.sql("""SELECT station_no, day FROM trips_rollup_station_hour GROUP BY ALL
                       ORDER BY sum(rentals + returns) DESC, station_no, day LIMIT 5""").fetchall()
    assert len(pairs) == 5
    for station, day in pairs:
        trips = queries.run("bikes/trips_raw_station_day", {"station_no": station, "day": day.isoformat(),
                                                             "limit": 10_000}, con=con).frame
        assert not trips.empty and (trips.rent_at.dt.date == day).all()
        counted = collections.Counter()
        for rec in trips.itertuples():
            hour = rec.rent_at.hour
            counted[hour, "rentals"] += rec.direction in ("rented here", "round trip")
            counted[hour, "returns"] += rec.direction in ("returned here", "round trip")
        summary = con.execute("SELECT hour, rentals, returns FROM trips_rollup_station_hour "
                              "WHERE station_no = ? AND day = ?", [station, day]).fetchall()
        assert {(h, k): n for h, r, t in summary for k, n in (("rentals", r), ("returns", t)) if n} == \
            {k: n for k, n in counted.items() if n}


@requires_shared
def test_real_month_views_match_the_source_file(con):
    with open(shared_data() / REAL_MONTH, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 34_937
    by_hour = collections.Counter(int(r["대여일시"][11:13]) for r in rows)
    got = queries.run("bikes/trips_by_hour", {}, con=con).frame
    assert dict(zip(got.hour, got.trips)) == dict(by_hour)

    pairs = collections.Counter((int(r["대여 대여소번호"]), int(float(r["반납대여소번호"]))) for r in rows)
    top = queries.run("bikes/trips_top_routes", {"limit": 3}, con=con).frame
    expected = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    assert list(zip(zip(top.rent_station_no, top.return_station_no), top.trips)) == expected

    rentals = collections.Counter(int(r["대여 대여소번호"]) for r in rows)
    returns = collections.Counter(int(float(r["반납대여소번호"])) for r in rows)
    bal = queries.run("bikes/trips_station_balance", {"limit": 200}, con=con).frame
    assert len(bal) == len(set(rentals) | set(returns)) == 163
    for rec in bal.itertuples():
        assert (rec.rentals, rec.returns) == (rentals[rec.station_no], returns[rec.station_no])

    # the quality rules (one place: rental_history.QUALITY_RULES), counted independently
    minutes = [float(r["이용시간(분)"]) for r in rows]
    metres = [float(r["이용거리(M)"]) for r in rows]
    kept = [d for d, m in zip(metres, minutes) if not (d == 0 and m >= 1)]
    month = queries.run("bikes/trips_by_month", {}, con=con).frame.iloc[0]
    assert month.avg_distance_m == pytest.approx(sum(kept) / len(kept), rel=1e-12)
    assert month.avg_duration_min == pytest.approx(sum(minutes) / len(minutes), rel=1e-12)
    assert len(metres) - len(kept) == 949
    scope = queries.run("bikes/trips_months", {}, con=con).frame.iloc[0]
    assert scope.scope == "gangnam_internal" and scope.source_kind == "bundled" and scope.trips == 34_937


@requires_shared
def test_bundled_month_drops_implausible_birth_years_only(con):
    with open(shared_data() / REAL_MONTH, encoding="utf-8", newline="") as fh:
        years = [r["생년"] for r in csv.DictReader(fh)]
    plausible = sum(1 for y in years if y and 13 <= 2023 - int(y) <= 100)
    known = con.execute("SELECT count(birth_year), count(*) FILTER (WHERE gender IS NULL) FROM trips").fetchone()
    assert known == (plausible, 10_389)
    assert plausible == sum(1 for y in years if y) - 141


# --- an imported synthetic month --------------------------------------------------------------

def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_synthetic_trips",
                                                  ROOT / "scripts" / "generate_synthetic_trips.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_synthetic_trips"] = module
    spec.loader.exec_module(module)
    return module


@requires_shared  # the generator calibrates itself on the real files in ../shared/data
def test_summaries_answer_like_raw_trips_on_an_imported_synthetic_month(tmp_var, tmp_path):
    gen = _load_generator()
    table = gen.generate_month(gen.load_model(), 2024, 6, 20_000, seed=11)
    csv_path = tmp_path / "synthetic_대여이력_2024-06.csv"
    gen.write_official_csv(table, csv_path, vintage=16, missing="")
    info = import_rental_history_snapshot(csv_path)
    assert info.synthetic and info.partition == "2024-06"
    # the summaries were written with the snapshot, for exactly these trips
    folder = rollups.rollup_dir_for(info.parquet_path, info.sha256)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{t}.parquet" for t in rollups.MONTH_ROLLUPS] + ["done.json"])
    build = warehouse.build()
    con = warehouse.connect_read_only(build.path)
    try:
        assert assert_same_answers(con, ["2024-06", "2023-01"]) > 1000
        months = queries.run("bikes/trips_months", {}, con=con).frame
        assert list(zip(months.month, months.scope, months.synthetic)) == [
            ("2023-01", "gangnam_internal", False), ("2024-06", "as_published", True)]
        hours = queries.run("bikes/trips_by_hour", {"month": "2024-06"}, con=con).frame
        assert hours.trips.sum() == 20_000
    finally:
        con.close()


def test_summaries_made_at_import_equal_those_made_from_the_trip_file(tmp_var, tmp_path):
    """The importer summarises the columns it kept in memory while converting; the build
    summarises a month without summaries from its file. Both give the same tables."""
    info = import_rental_history_snapshot(F16)
    at_import = rollups.rollup_dir_for(info.parquet_path, info.sha256)
    copy = tmp_path / "again" / info.parquet_path.name
    copy.parent.mkdir()
    shutil.copy(info.parquet_path, copy)
    from_file = rollups.write_month_rollups(copy)
    assert from_file.name == at_import.name  # same trips, same checksum
    for table in rollups.MONTH_ROLLUPS:
        a, b = pq.read_table(at_import / f"{table}.parquet"), pq.read_table(from_file / f"{table}.parquet")
        assert a.schema.equals(b.schema), table  # types and NOT NULL alike
        keys = [k.strip() for k in rollups.KEYS[table].split(",")]
        a, b = (t.to_pandas().sort_values(keys).reset_index(drop=True) for t in (a, b))
        assert len(a) > 0
        pd.testing.assert_frame_equal(a, b, rtol=1e-12, obj=table)


def test_a_failed_import_leaves_no_summary_behind(tmp_var, monkeypatch):
    folder = tmp_var / "snapshots" / "rental_history"

    def refuse(*args, **kwargs):
        raise OSError("disk full while adopting")

    monkeypatch.setattr(snapshots, "adopt_parquet", refuse)
    with pytest.raises(OSError, match="disk full"):
        import_rental_history_snapshot(F16)
    assert [p for p in folder.rglob("*") if p.is_file()] == []
    assert not list((folder / "rollups").iterdir())
    monkeypatch.undo()

    # a summary that cannot be written: nothing adopted, no half-written folder
    monkeypatch.setitem(rollups.MONTH_ROLLUPS, "trips_rollup_broken", "SELECT no_such_column FROM {src}")
    with pytest.raises(Exception, match="no_such_column"):
        import_rental_history_snapshot(F16)
    assert [p for p in folder.rglob("*") if p.is_file()] == []
    assert snapshots.list_live_snapshots("rental_history") == []


def test_replaced_month_drops_its_old_summaries(tmp_var, monkeypatch):
    monkeypatch.setattr(snapshots.prune, "__defaults__", (1,))
    first = import_rental_history_snapshot(F16)
    text = F16.read_bytes().decode("cp949").replace("2024-06-01 07:15:32", "2024-06-01 07:15:33", 1)
    changed = tmp_var.parent / "synthetic_changed_2024-06.csv"
    changed.write_bytes(text.encode("cp949"))
    second = import_rental_history_snapshot(changed)
    root = rollups.rollup_root(Path(second.path).parent)
    assert [p.name for p in root.iterdir()] == [rollups.rollup_dir_for(Path(second.path), second.sha256).name]
    assert not Path(first.path).exists()


def test_quality_rules_live_in_one_place():
    assert set(rental_history.QUALITY_RULES) == {"birth_year_implausible", "distance_not_recorded"}
    sql = rental_history._select_sql(rental_history.CANONICAL_NAMES, Path("x.csv"))
    for _, (column, expression) in rental_history.QUALITY_RULES.items():
        assert f"{expression} AS {column}" in sql


def test_months_spread_over_two_files_merge_like_raw_trips(tmp_var, tmp_path):
    """A July file that also holds a few June trips: June's summaries come from two
    snapshots and still answer like the raw trips."""
    lines = F16.read_bytes().decode("cp949").split("\n")
    july = [lines[0]] + lines[1:6] + [ln.replace("2024-06-", "2024-07-") for ln in lines[6:]]
    path = tmp_path / "synthetic_rental_history_2024-07.csv"
    path.write_bytes("\n".join(july).encode("cp949"))
    assert import_rental_history_snapshot(F16).partition == "2024-06"
    assert import_rental_history_snapshot(path).partition == "2024-07"
    build = warehouse.build()
    con = warehouse.connect_read_only(build.path)
    try:
        assert assert_same_answers(con, ["2024-06", "2024-07"]) > 100
        june = queries.run("bikes/trips_by_month", {"month": "2024-06"}, con=con).frame
        raw_june = con.execute("SELECT count(*) FROM trips WHERE rent_at >= '2024-06-01' AND rent_at < '2024-07-01'")
        assert june.trips[0] == raw_june.fetchone()[0] > 300  # 300 from the June file + the July file's
        keys = con.execute("SELECT count(*), count(DISTINCT (month, rent_station_no, return_station_no)) "
                           "FROM trips_rollup_od").fetchone()
        assert keys[0] == keys[1]  # one row per route and month after the merge
    finally:
        con.close()
