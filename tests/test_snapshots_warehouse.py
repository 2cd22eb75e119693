"""Snapshots are written atomically and verified; a warehouse becomes current only when
every table validates, and a failed build leaves the previous one serving."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from data_sources import catalog, pipeline, snapshots, warehouse


def _accidents_frame(rows: int = 6000) -> pd.DataFrame:
    bundled = pd.read_parquet(Path(__file__).resolve().parents[1] / "snapshots/bundled/traffic_accidents.parquet")
    return bundled.head(rows).copy()


def test_snapshot_sidecar_records_provenance_and_checksum(tmp_var):
    ds = catalog.get("traffic_accidents")
    info = pipeline.snapshot_frame(ds, _accidents_frame(), source="a test file", source_kind="file",
                                   request_url="http://openapi.seoul.go.kr:8088/SECRETKEY123/json/x/1/5/")
    sidecar = json.loads(Path(info.path).with_suffix(".json").read_text())
    assert sidecar["rows"] == 6000 and sidecar["source"] == "a test file"
    assert sidecar["sha256"] == snapshots.sha256_file(Path(info.path))
    assert "SECRETKEY123" not in json.dumps(sidecar) and "***KEY***" in sidecar["request_url"]
    assert sidecar["data_as_of"] == "2024-12-01"
    assert not list(Path(info.path).parent.glob(".incoming*")), "no temporary files left behind"


def test_tampered_snapshot_is_ignored(tmp_var):
    ds = catalog.get("traffic_accidents")
    info = pipeline.snapshot_frame(ds, _accidents_frame(), source="x", source_kind="file")
    assert snapshots.current_snapshots("traffic_accidents")[0].path == info.path
    with open(info.path, "ab") as fh:
        fh.write(b"corruption")
    # The checksum no longer matches: the bundled snapshot is used instead.
    assert snapshots.current_snapshots("traffic_accidents")[0].is_bundled


def test_invalid_data_is_rejected_before_it_becomes_a_snapshot(tmp_var):
    ds = catalog.get("traffic_accidents")
    good = pipeline.snapshot_frame(ds, _accidents_frame(), source="good", source_kind="file")
    bad = _accidents_frame()
    bad.loc[0, "accidents"] = -5  # out of the declared range
    with pytest.raises(pipeline.SnapshotRejected, match="outside"):
        pipeline.snapshot_frame(ds, bad, source="bad", source_kind="file")
    dup = pd.concat([_accidents_frame(), _accidents_frame().head(3)])
    with pytest.raises(pipeline.SnapshotRejected, match="duplicate key"):
        pipeline.snapshot_frame(ds, dup, source="dup", source_kind="file")
    short = _accidents_frame(10)
    with pytest.raises(pipeline.SnapshotRejected, match="expected at least"):
        pipeline.snapshot_frame(ds, short, source="short", source_kind="file")
    assert [s.path for s in snapshots.list_live_snapshots("traffic_accidents")] == [good.path]


def test_first_start_builds_the_warehouse_from_bundled_snapshots(tmp_var):
    assert warehouse.current_warehouse() is None
    path = warehouse.ensure_warehouse()
    assert path.exists() and warehouse.current_warehouse() == path
    served = {row["dataset"]: row for row in warehouse.dataset_status(path)}
    for ds in catalog.warehouse_datasets():
        bundled = snapshots.bundled_snapshot(ds.id)
        assert served[ds.id]["rows"] == (bundled.rows if bundled else 0), ds.id


def test_failed_build_leaves_previous_warehouse_serving(tmp_var):
    first = warehouse.ensure_warehouse()
    # A snapshot that passed no validation (written directly) with a broken value.
    bad = _accidents_frame()
    bad["accidents"] = bad["accidents"].astype("Int64")
    bad.loc[0, "accidents"] = -1
    table = pa.Table.from_pandas(bad, schema=pipeline.arrow_schema(catalog.get("traffic_accidents")), preserve_index=False)
    snapshots.write_snapshot("traffic_accidents", table, source="broken", source_kind="file")
    with pytest.raises(warehouse.BuildError, match="traffic_accidents"):
        warehouse.build()
    assert warehouse.current_warehouse() == first
    con = warehouse.connect_read_only()
    try:
        assert con.execute("SELECT min(accidents) FROM traffic_accidents").fetchone()[0] >= 0
    finally:
        con.close()
    assert not list(first.parent.glob("*.building")), "the failed build file is removed"


def test_readers_are_read_only_and_cannot_reach_files(warehouse):
    from data_sources import warehouse as wh
    con = wh.connect_read_only(warehouse)
    try:
        with pytest.raises(duckdb.Error):
            con.execute("CREATE TABLE x AS SELECT 1")
        with pytest.raises(duckdb.Error):
            con.execute("SELECT * FROM read_csv('/etc/passwd')")
        with pytest.raises(duckdb.Error):
            con.execute("SET enable_external_access = true")
    finally:
        con.close()


def test_the_newest_of_two_snapshots_written_in_one_second_is_served(tmp_var):
    ds = catalog.get("traffic_accidents")
    frame = _accidents_frame()
    first = pipeline.snapshot_frame(ds, frame, source="first", source_kind="file")
    frame = frame.copy()
    frame.loc[0, "accidents"] = int(frame.loc[0, "accidents"]) + 1
    second = pipeline.snapshot_frame(ds, frame, source="second", source_kind="file")
    assert first.path != second.path
    assert snapshots.current_snapshots("traffic_accidents")[0].source == "second"


def test_two_builds_in_one_second_get_different_files(tmp_var):
    """Caches are keyed by the warehouse path: a rebuild must never reuse it."""
    first = warehouse.build().path
    second = warehouse.build().path
    assert first != second and second.exists() and warehouse.current_warehouse() == second


# --- damaged snapshots refuse the build; the serving warehouse keeps every row ---------

@pytest.fixture
def own_bundle(tmp_var, tmp_path, monkeypatch):
    """A private copy of the bundled snapshots, so a test may damage it."""
    bundle = tmp_path / "bundled"
    shutil.copytree(Path(__file__).resolve().parents[1] / "snapshots" / "bundled", bundle)
    monkeypatch.setenv("OSD_BUNDLED_DIR", str(bundle))
    return bundle


def _rows_served(path: Path) -> dict[str, int]:
    con = warehouse.connect_read_only(path)
    try:
        return {ds.table: con.execute(f'SELECT count(*) FROM "{ds.table}"').fetchone()[0]
                for ds in catalog.warehouse_datasets()}
    finally:
        con.close()


def _flip_bytes(path: Path, at: int = 200) -> None:
    data = bytearray(path.read_bytes())
    for i in range(at, at + 16):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _assert_refused_and_still_serving(before: Path, rows_before: dict[str, int], capsys, *expected: str) -> None:
    from data_sources.__main__ import main as cli
    capsys.readouterr()
    assert cli(["-q", "build"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: warehouse build refused"), err
    for word in expected:
        assert word in err[0], err[0]
    assert warehouse.current_warehouse() == before
    assert _rows_served(before) == rows_before
    assert not list(before.parent.glob("*.building*"))


def test_truncated_bundled_sidecar_refuses_the_build(own_bundle, capsys):
    before = warehouse.build().path
    rows_before = _rows_served(before)
    assert rows_before["air_daily"] > 100_000
    sidecar = own_bundle / "air_daily.json"
    sidecar.write_bytes(sidecar.read_bytes()[:40])
    _assert_refused_and_still_serving(before, rows_before, capsys, "air_daily", "air_daily.json")


def test_flipped_bytes_in_a_bundled_parquet_refuse_the_build(own_bundle, capsys):
    before = warehouse.build().path
    rows_before = _rows_served(before)
    _flip_bytes(own_bundle / "traffic_accidents.parquet")
    _assert_refused_and_still_serving(before, rows_before, capsys, "traffic_accidents", "checksum")


def test_a_corrupted_imported_partition_refuses_the_build(own_bundle, capsys):
    bundled = snapshots.bundled_snapshot("topis_link_speed")
    table = pa.Table.from_pandas(pd.read_parquet(bundled.parquet_path), preserve_index=False)
    imported = snapshots.write_snapshot("topis_link_speed", table, source="an imported month", source_kind="file",
                                        partition="2023-01")
    before = warehouse.build().path
    rows_before = _rows_served(before)
    assert rows_before["topis_link_speed"] == bundled.rows
    _flip_bytes(Path(imported.path))
    _assert_refused_and_still_serving(before, rows_before, capsys, "topis_link_speed", Path(imported.path).name)


def test_a_sidecar_whose_row_count_disagrees_refuses_the_build(own_bundle):
    sidecar = own_bundle / "bike_live.json"
    data = json.loads(sidecar.read_text())
    data["rows"] += 1
    sidecar.write_text(json.dumps(data))
    with pytest.raises(warehouse.BuildError, match="bike_live.*rows"):
        warehouse.build()


# --- one build at a time; a damaged pointer falls back instead of rebuilding ---------

def _ensure_concurrently(n: int) -> list[Path]:
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(lambda _: warehouse.ensure_warehouse(), range(n)))


def test_damaged_pointer_serves_the_newest_intact_warehouse_without_rebuilding(tmp_var):
    first = warehouse.build().path
    second = warehouse.build().path
    pointer = tmp_var / "warehouse" / "CURRENT"
    pointer.write_text('{"file": "warehouse-')  # truncated
    assert set(_ensure_concurrently(10)) == {second}
    assert warehouse.finished_builds() == [second, first], "no rebuild, nothing deleted"
    # The pointer names a file that is damaged: the earlier intact build serves.
    pointer.write_text(json.dumps({"file": second.name}))
    second.write_bytes(second.read_bytes()[:4096])
    assert set(_ensure_concurrently(10)) == {first}
    assert first.exists() and len(warehouse.finished_builds()) == 2


def test_concurrent_first_starts_build_exactly_once(tmp_var):
    paths = _ensure_concurrently(8)
    assert len(set(paths)) == 1 and warehouse.finished_builds() == [paths[0]]


# --- leftovers of killed runs are cleaned at the next start, live ones are kept ----------

def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_killed_runs_are_cleaned_but_not_those_of_live_runs(tmp_var):
    warehouse.build()
    wh_dir = tmp_var / "warehouse"
    snap_dir = tmp_var / "snapshots" / "rental_history"
    snap_dir.mkdir(parents=True)
    host = snapshots.writer_tag().split("-")[0]
    dead, old = f"{host}-{_dead_pid()}", time.time() - 7 * 3600
    killed = [wh_dir / "warehouse-20260101T000000000000-1.duckdb.building",
              wh_dir / "warehouse-20260101T000000000000-1.duckdb.building.wal",
              wh_dir / f".CURRENT.{dead}.abc.tmp",
              snap_dir / f".incoming.{dead}.x1.parquet", snap_dir / f".2026.json.{dead}.x2.tmp"]
    killed_dir = snap_dir / f".incoming.{dead}.work"
    untagged_old = snap_dir / ".incoming.untagged.parquet"
    live_file = snapshots.temp_parquet_path(snap_dir)  # this process: alive
    untagged_new = snap_dir / ".incoming.fresh.parquet"
    for path in killed + [untagged_old, untagged_new]:
        path.write_bytes(b"x" * 1000)
    killed_dir.mkdir()
    (killed_dir / "part-0.parquet").write_bytes(b"x")
    os.utime(untagged_old, (old, old))

    with warehouse.build_lock():  # a build is running: its files must stay
        with ThreadPoolExecutor(1) as pool:
            pool.submit(warehouse.clean_leftovers).result()
    assert all(p.exists() for p in killed[:3])

    warehouse.clean_leftovers()
    assert not any(p.exists() for p in killed + [killed_dir, untagged_old])
    assert live_file.exists() and untagged_new.exists()
    assert warehouse.current_warehouse() is not None


def test_a_warehouse_built_by_other_code_is_not_served(tmp_var, monkeypatch):
    """After an upgrade that changes the catalog or the staging views, the old build
    would fail on a missing view or column: the next start builds a current one."""
    old = warehouse.build().path
    monkeypatch.setattr(warehouse, "build_fingerprint", lambda: "code-after-an-upgrade")
    assert warehouse.current_warehouse() is None
    new = warehouse.ensure_warehouse()
    assert new != old and old.exists() and warehouse.current_warehouse() == new
    con = warehouse.connect_read_only(new)
    try:
        assert con.execute("SELECT version FROM _build").fetchone()[0] == "code-after-an-upgrade"
    finally:
        con.close()
