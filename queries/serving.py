"""What the dashboard (through dashboard/data.py) and the HTTP API both serve, without
Streamlit: the current warehouse, its status and completeness checks, named queries on
a shared read-only connection, and fenced console/API queries.

The warehouse pointer is not re-read for every query: `warehouse_path()` keeps the last
answer while neither the warehouse folder nor its CURRENT pointer file has changed
(a rebuild renames a new pointer into the folder; pruning deletes files), so a request
costs two `stat` calls instead of opening and parsing the pointer.
"""
from __future__ import annotations

import threading
from pathlib import Path

import duckdb

import queries
from data_sources import settings, warehouse
from data_sources.quality import DatasetQuality, warehouse_quality as compute_quality

from . import console

_pointer_lock = threading.Lock()
_pointer: tuple[tuple, Path] | None = None  # (stamp of folder and pointer, warehouse file)


def _folder_stamp() -> tuple | None:
    folder = settings.warehouse_dir()
    try:
        pointer = (folder / "CURRENT").stat()
        return str(folder), folder.stat().st_mtime_ns, pointer.st_ino, pointer.st_mtime_ns, pointer.st_size
    except OSError:
        return None


def current_path() -> Path | None:
    """The warehouse being served, or None before the first build (cheap when unchanged)."""
    global _pointer
    stamp = _folder_stamp()
    cached = _pointer
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1]
    with _pointer_lock:
        stamp = _folder_stamp()
        path = warehouse.current_warehouse()
        _pointer = (stamp, path) if (stamp is not None and path is not None) else None
        return path


def warehouse_path() -> Path:
    """The warehouse being served, building it first if there is none (first start)."""
    return current_path() or warehouse.ensure_warehouse()


# --- status and completeness (computed once per warehouse file) ----------------------

_cache_lock = threading.Lock()
_status: dict[str, dict[str, dict]] = {}
_quality: dict[str, dict[str, DatasetQuality]] = {}
_quality_locks: dict[str, threading.Lock] = {}
KEEP_FILES = 4  # warehouse files whose status, checks and connection stay cached


def _remember(cache: dict, key: str, value) -> None:
    with _cache_lock:
        cache[key] = value
        while len(cache) > KEEP_FILES:
            cache.pop(next(iter(cache)))


def dataset_status(path: Path | None = None) -> dict[str, dict]:
    """dataset id → what the warehouse serves (rows, source kind, data as of, fetched at)."""
    key = str(path or warehouse_path())
    if key not in _status:
        _remember(_status, key, {row["dataset"]: row for row in warehouse.dataset_status(Path(key))})
    return _status[key]


def warehouse_quality(path: Path | None = None) -> dict[str, DatasetQuality]:
    """dataset id → completeness checks (data_sources.quality), computed once per file."""
    key = str(path or warehouse_path())
    if key in _quality:
        return _quality[key]
    with _cache_lock:
        lock = _quality_locks.setdefault(key, threading.Lock())
    with lock:  # concurrent first requests compute it once
        if key not in _quality:
            con = warehouse.connect_read_only(Path(key))
            try:
                _remember(_quality, key, compute_quality(con, dataset_status(Path(key))))
            finally:
                con.close()
    return _quality[key]


# --- named queries on the serving connection ------------------------------------------

_connections: dict[str, duckdb.DuckDBPyConnection] = {}


def connection(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """One read-only connection per warehouse file; every query runs on its own cursor."""
    key = str(path or warehouse_path())
    con = _connections.get(key)
    if con is None:
        with _cache_lock:
            con = _connections.get(key)
            if con is None:
                con = _connections[key] = warehouse.connect_read_only(Path(key))
    return con


def run_query(name: str, params: dict | None = None, *, path: Path | None = None,
              max_rows: int = queries.DEFAULT_MAX_ROWS) -> queries.QueryResult:
    """A named query on the serving connection (trusted SQL from queries/<name>.sql)."""
    return queries.run(name, params, con=connection(path), max_rows=max_rows)


# --- fenced queries (console and API) --------------------------------------------------

def run_sql(sql: str, *, path: Path | None = None, limits: console.Limits | None = None) -> queries.QueryResult:
    return console.run_sql(sql, path=path or warehouse_path(), limits=limits)


def run_named(name: str, params: dict | None = None, *, path: Path | None = None,
              limits: console.Limits | None = None) -> queries.QueryResult:
    return console.run_named(name, params, path=path or warehouse_path(), limits=limits)


def dataset_rows(dataset_id: str, *, limit: int, offset: int = 0, path: Path | None = None) -> queries.QueryResult:
    return console.dataset_rows(dataset_id, limit=limit, offset=offset, path=path or warehouse_path())
