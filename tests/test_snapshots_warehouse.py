"""Snapshots are written atomically and verified; a warehouse becomes current only when
every table validates, and a failed build leaves the previous one serving."""
from __future__ import annotations

import json
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
