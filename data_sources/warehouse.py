"""The DuckDB warehouse: built from snapshots, validated, then swapped in atomically.

    var/warehouse/warehouse-<stamp>.duckdb   one file per successful build
    var/warehouse/CURRENT                    JSON pointer to the file being served

A build first verifies every snapshot against its sidecar (a damaged file refuses the
build instead of silently emptying a table), writes a new file next to the current one,
validates every table against the catalog, and only then rewrites CURRENT (atomic
rename). Any failure deletes the new file and leaves CURRENT untouched, so the previous
warehouse keeps serving. One build runs at a time (a file lock). Readers open the file
CURRENT names, read-only, with external access disabled; if CURRENT is damaged they fall
back to the newest intact warehouse rather than building a new one.
"""
from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import logging
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from . import catalog, rollups, settings, snapshots, staging
from .validation import ident, validate_relation

log = logging.getLogger("data_sources.warehouse")

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


def _pointed_warehouse() -> Path | None:
    try:
        name = json.loads(_current_pointer().read_text())["file"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(name, str) or "/" in name or not name.startswith("warehouse-"):
        return None
    return settings.warehouse_dir() / name


WAREHOUSE_FORMAT = "2"  # bump when the build itself changes what it writes


@functools.cache  # the code does not change while a process runs
def build_fingerprint() -> str:
    """What a warehouse built by this code looks like: the format, the catalog (tables and
    columns) and the staging views. A warehouse built by other code (before an upgrade)
    is not served: the next start builds a current one instead of failing on a missing
    view or column."""
    digest = hashlib.sha256(WAREHOUSE_FORMAT.encode())
    for path in sorted(catalog.CATALOG_DIR.glob("*.toml")) + staging.view_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# (path, size, mtime) → opens, holds a finished build, and which fingerprint built it;
# files never change once built.
_intact: dict[tuple[str, int, int], str | None] = {}
_intact_guard = threading.Lock()


def _built_by(path: Path) -> str | None:
    """The fingerprint stored in a finished warehouse, or None if it is not one."""
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _intact_guard:
        if key in _intact:
            return _intact[key]
    try:
        con = connect_read_only(path)
        try:
            row = con.execute("SELECT max(version) FROM _build").fetchone()
            built_by = row[0] if row and row[0] else None
        finally:
            con.close()
    except duckdb.Error:
        built_by = None
    with _intact_guard:
        _intact[key] = built_by
    return built_by


def is_intact(path: Path) -> bool:
    """Does `path` hold a finished warehouse built by this code (opens read-only, has
    its `_build` table with the current build fingerprint)?"""
    return _built_by(path) == build_fingerprint()


def finished_builds() -> list[Path]:
    """Finished warehouse files, newest first (the stamp in the name orders them)."""
    return sorted(settings.warehouse_dir().glob("warehouse-*.duckdb"), key=lambda p: p.name, reverse=True)


def current_warehouse() -> Path | None:
    """The warehouse to serve: the one CURRENT names, or, if CURRENT is missing or
    damaged or names a damaged file, the newest intact earlier build (never None
    just because the pointer broke, so readers do not trigger rebuilds)."""
    pointed = _pointed_warehouse()
    if pointed is not None and is_intact(pointed):
        return pointed
    for path in finished_builds():
        if path != pointed and is_intact(path):
            if _current_pointer().exists():
                log.warning("warehouse pointer is damaged or names a damaged file; serving %s", path.name)
            return path
    return None


@contextmanager
def build_lock(*, blocking: bool = True):
    """One build at a time across processes (CLI, app refresh timer, tests). With
    `blocking=False` it yields False at once when another build holds the lock."""
    folder = settings.warehouse_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def clean_leftovers() -> list[Path]:
    """Delete what killed builds, imports and refreshes left behind (`*.building`, WAL
    files, `.incoming.*`, temporary files); never the files of a run still going."""
    removed = snapshots.clean_leftovers()
    folder = settings.warehouse_dir()
    if not folder.is_dir():
        return removed
    with build_lock(blocking=False) as locked:
        if locked:  # every build holds the lock, so none of these belongs to a live one
            removed += _remove_build_leftovers(folder)
    return removed


def _remove_build_leftovers(folder: Path) -> list[Path]:
    removed = []
    for pattern in ("*.building", "*.building.wal", "warehouse-*.duckdb.wal", ".CURRENT.*.tmp"):
        for path in folder.glob(pattern):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


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
    con.execute("INSERT INTO _build VALUES (?, ?)", [snapshots.now_kst().isoformat(), build_fingerprint()])


def build(*, progress=None) -> BuildResult:
    """Build a new warehouse from the current snapshots and make it current if valid."""
    with build_lock():
        return _build_locked(progress)


def _verify_snapshots(datasets: list[catalog.Dataset]) -> None:
    problems = [f"{ds.id}: {problem}" for ds in datasets for problem in snapshots.damaged_snapshots(ds.id)]
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise BuildError("warehouse build refused: " + "; ".join(problems[:3]) + more
                         + " — restore or remove the damaged file (or import it again); the previous warehouse keeps serving")


def _build_locked(progress=None) -> BuildResult:
    started = time.monotonic()
    folder = settings.warehouse_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _remove_build_leftovers(folder)  # we hold the lock: no other build is running
    _verify_snapshots(catalog.warehouse_datasets())
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
            staging.create_views(con)  # the staging layer named queries read (data_sources/staging)
            _write_meta(con, used, row_counts)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(building, final)
        pointer = json.dumps({"file": final.name, "built_at": snapshots.now_kst().isoformat()})
        snapshots.atomic_write_bytes(_current_pointer(), pointer.encode())
    except BaseException:
        building.unlink(missing_ok=True)
        Path(str(building) + ".wal").unlink(missing_ok=True)
        raise
    _prune_builds(keep=final)
    return BuildResult(final, row_counts, time.monotonic() - started)


def _prune_builds(keep: Path) -> None:
    """Delete old builds beyond KEEP_BUILDS. Readers that still hold an old file open
    keep reading it (POSIX unlink semantics) until they reconnect."""
    for old in finished_builds()[KEEP_BUILDS:]:
        if old != keep:
            old.unlink(missing_ok=True)


def ensure_warehouse(*, progress=None) -> Path:
    """The current warehouse, building it first if there is none (first start).

    Concurrent callers wait for one build instead of each starting their own."""
    current = current_warehouse()
    if current is not None:
        return current
    with build_lock():
        current = current_warehouse()  # another process may have built it meanwhile
        if current is not None:
            return current
        return _build_locked(progress).path


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
