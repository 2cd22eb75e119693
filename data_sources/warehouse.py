"""The DuckDB warehouse: built from snapshots, validated, then swapped in atomically.

    var/warehouse/warehouse-<stamp>.duckdb   one file per successful build
    var/warehouse/CURRENT                    JSON pointer to the file being served

A build writes a new file next to the current one, validates every table against the
catalog, and only then rewrites CURRENT (atomic rename). Any failure deletes the new
file and leaves CURRENT untouched, so the previous warehouse keeps serving. Readers
open the file CURRENT names, read-only, with external access disabled.
"""
from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from . import catalog, rollups, settings, snapshots
from .validation import ident, validate_relation

KEEP_BUILDS = 3
BUILD_MEMORY_LIMIT = "4GB"


class BuildError(RuntimeError):
    """The new warehouse failed to build or validate; the previous one still serves."""


@dataclass
class BuildResult:
    path: Path
    tables: dict[str, int]
    seconds: float


def _current_pointer() -> Path:
    return settings.warehouse_dir() / "CURRENT"


def current_warehouse() -> Path | None:
    try:
        name = json.loads(_current_pointer().read_text())["file"]
    except (OSError, ValueError, KeyError):
        return None
    path = settings.warehouse_dir() / name
    return path if path.exists() else None


@contextmanager
def build_lock():
    """One build at a time across processes (CLI, app refresh timer, tests)."""
    folder = settings.warehouse_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _create_table(con: duckdb.DuckDBPyConnection, ds: catalog.Dataset) -> None:
    cols = ", ".join(f"{ident(c.name)} {c.type}" for c in ds.columns)
    con.execute(f"CREATE TABLE {ident(ds.table)} ({cols})")


def _load_table(con: duckdb.DuckDBPyConnection, ds: catalog.Dataset,
                infos: list[snapshots.SnapshotInfo]) -> None:
    if not infos:
        return
    cols = ", ".join(ident(c.name) for c in ds.columns)
    files = [str(i.parquet_path) for i in infos]
    con.execute(f"INSERT INTO {ident(ds.table)} ({cols}) "
                f"SELECT {cols} FROM read_parquet(?, union_by_name = true)", [files])


def _write_meta(con: duckdb.DuckDBPyConnection, used: dict[str, list[snapshots.SnapshotInfo]],
                row_counts: dict[str, int]) -> None:
    con.execute("""CREATE TABLE _datasets (
        dataset VARCHAR PRIMARY KEY, table_name VARCHAR, rows BIGINT, source_kind VARCHAR,
        fetched_at VARCHAR, data_as_of VARCHAR, snapshots INTEGER, sha256 VARCHAR,
        source VARCHAR, sample BOOLEAN, synthetic BOOLEAN)""")
    for ds in catalog.warehouse_datasets():
        infos = used.get(ds.id, [])
        newest = max(infos, key=lambda i: i.fetched_at) if infos else None
        as_of = max((i.data_as_of for i in infos if i.data_as_of), default=None)
        con.execute("INSERT INTO _datasets VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
            ds.id, ds.table, row_counts.get(ds.table, 0),
            newest.source_kind if newest else None, newest.fetched_at if newest else None, as_of,
            len(infos), ",".join(i.sha256[:12] for i in infos), newest.source if newest else None,
            ds.sample, ds.synthetic or any(i.synthetic for i in infos)])
    con.execute("CREATE TABLE _build (built_at VARCHAR, version VARCHAR)")
    con.execute("INSERT INTO _build VALUES (?, ?)", [snapshots.now_kst().isoformat(), "1"])


def build(*, progress=None) -> BuildResult:
    """Build a new warehouse from the current snapshots and make it current if valid."""
    started = time.monotonic()
    folder = settings.warehouse_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with build_lock():
        # Microseconds: two builds in one second must not share a file name, or the new
        # build would replace the served file in place and path-keyed caches go stale.
        stamp = datetime.now(settings.KST).strftime("%Y%m%dT%H%M%S%f")
        final = folder / f"warehouse-{stamp}-{os.getpid()}.duckdb"
        building = final.with_suffix(".duckdb.building")
        building.unlink(missing_ok=True)
        problems: list[str] = []
        row_counts: dict[str, int] = {}
        used: dict[str, list[snapshots.SnapshotInfo]] = {}
        try:
            con = duckdb.connect(str(building), config={"memory_limit": BUILD_MEMORY_LIMIT, "threads": 2})
            try:
                datasets = catalog.warehouse_datasets()
                for ds in datasets:
                    infos = snapshots.current_snapshots(ds.id)
                    used[ds.id] = infos
                    _create_table(con, ds)
                    try:
                        _load_table(con, ds, infos)
                    except duckdb.Error as exc:
                        problems.append(f"{ds.id}: snapshot does not load ({exc})")
                        continue
                    # Datasets with no snapshot yet (API-only, import-only) stay empty.
                    problems += validate_relation(con, ident(ds.table), ds, check_min_rows=bool(infos))
                    row_counts[ds.table] = con.execute(f"SELECT count(*) FROM {ident(ds.table)}").fetchone()[0]
                    if progress:
                        progress(ds.id)
                if problems:
                    raise BuildError("warehouse build rejected: " + "; ".join(problems))
                # Trip summaries (data_sources/rollups.py): what every trip view reads.
                rollups.build_tables(con, used.get(rollups.DATASET, []))
                _write_meta(con, used, row_counts)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(building, final)
            pointer = json.dumps({"file": final.name, "built_at": snapshots.now_kst().isoformat()})
            snapshots._atomic_write_bytes(_current_pointer(), pointer.encode())
        except BaseException:
            building.unlink(missing_ok=True)
            Path(str(building) + ".wal").unlink(missing_ok=True)
            raise
        _prune_builds(keep=final)
    return BuildResult(final, row_counts, time.monotonic() - started)


def _prune_builds(keep: Path) -> None:
    """Delete old builds beyond KEEP_BUILDS. Readers that still hold an old file open
    keep reading it (POSIX unlink semantics) until they reconnect."""
    builds = sorted(settings.warehouse_dir().glob("warehouse-*.duckdb"), key=lambda p: p.stat().st_mtime)
    for old in builds[:-KEEP_BUILDS]:
        if old != keep:
            old.unlink(missing_ok=True)


def ensure_warehouse(*, progress=None) -> Path:
    """The current warehouse, building it first if there is none (first start)."""
    current = current_warehouse()
    if current is not None:
        return current
    return build(progress=progress).path


READ_ONLY_CONFIG = {
    # Fences for every reader (named queries, SQL console, HTTP API): no file or
    # network access beyond the warehouse itself, no extensions, settings locked.
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_persistent_secrets": False,
    "threads": 2,
    "memory_limit": "2GB",
    "max_temp_directory_size": "0B",
    "lock_configuration": True,
}


def connect_read_only(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    path = path or ensure_warehouse()
    return duckdb.connect(str(path), read_only=True, config=dict(READ_ONLY_CONFIG))


def dataset_status(path: Path | None = None) -> list[dict]:
    """Rows of the warehouse's `_datasets` table (what is being served, and as of when)."""
    con = connect_read_only(path)
    try:
        cur = con.execute("SELECT * FROM _datasets ORDER BY dataset")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()
