"""What the dashboard (through dashboard/data.py) and the HTTP API both serve, without
Streamlit: the current warehouse, its status and completeness checks, named queries on
a shared read-only connection, and fenced console/API queries.

The warehouse pointer is not re-read for every query: `warehouse_path()` keeps the last
answer while neither the warehouse folder nor its CURRENT pointer file has changed
(a rebuild renames a new pointer into the folder; pruning deletes files), so a request
costs two `stat` calls instead of opening and parsing the pointer.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import duckdb

import queries
from data_sources import settings, warehouse
from data_sources.quality import DatasetQuality
from data_sources.quality import warehouse_quality as compute_quality
from data_sources.validation import ident

from . import console, export

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

class ResultCache:
    """Least-recently-used query results bounded by their total size in bytes (the
    Arrow table plus the pandas frame made from it, about twice the Arrow size), not
    by a count: six large console results must not hold a gigabyte. A result larger
    than a quarter of the bound is not kept. Errors are never cached."""

    def __init__(self, max_bytes: int, ttl_s: float = 3600.0) -> None:
        self.max_bytes, self.ttl_s = max_bytes, ttl_s
        self._items: OrderedDict[tuple, tuple[float, int, queries.QueryResult]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0

    @staticmethod
    def size_of(result: queries.QueryResult) -> int:
        return 2 * result.table().nbytes + 1024

    def get(self, key: tuple) -> queries.QueryResult | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if time.monotonic() - item[0] > self.ttl_s:
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return item[2]

    def put(self, key: tuple, result: queries.QueryResult) -> None:
        size = self.size_of(result)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._items:
                self._drop(key)
            self._items[key] = (time.monotonic(), size, result)
            self.bytes += size
            while self.bytes > self.max_bytes and self._items:
                self._drop(next(iter(self._items)))

    def _drop(self, key: tuple) -> None:
        _stamp, size, _result = self._items.pop(key)
        self.bytes -= size

    def __len__(self) -> int:
        return len(self._items)


console_cache = ResultCache(int(float(os.environ.get("OSD_CONSOLE_CACHE_MB", "192")) * 2 ** 20))


def run_sql(sql: str, *, path: Path | None = None, limits: console.Limits | None = None) -> queries.QueryResult:
    return console.run_sql(sql, path=path or warehouse_path(), limits=limits)


def run_sql_cached(sql: str, *, path: Path | None = None, max_rows: int = console.CONSOLE_MAX_ROWS) -> queries.QueryResult:
    """The console's query, cached per warehouse file (read-only, so caching is safe)
    in `console_cache`, which is bounded by bytes. Raises a ConsoleError subclass."""
    path = path or warehouse_path()
    key = (sql, str(path), max_rows)
    result = console_cache.get(key)
    if result is None:
        result = console.run_sql(sql, path=path, limits=console.Limits(max_rows=max_rows))
        console_cache.put(key, result)
    return result


named_cache = ResultCache(int(float(os.environ.get("OSD_API_CACHE_MB", "64")) * 2 ** 20))


def run_named(name: str, params: dict | None = None, *, path: Path | None = None,
              max_rows: int = console.API_DEFAULT_ROWS) -> queries.QueryResult:
    """A named query for the API: our own SQL with bound, checked parameters, so it runs
    on the serving connection (time limit and row cap from the shared loop) rather than
    in a console worker, and its result is cached per warehouse file."""
    path = path or warehouse_path()
    _query, bound = console.bind_named(name, params)
    key = ("named", name, repr(sorted(bound.items())), str(path), max_rows)
    result = named_cache.get(key)
    if result is None:
        result = queries.run(name, bound, con=connection(path), max_rows=max_rows, timeout_s=console.TIME_LIMIT_S)
        named_cache.put(key, result)
    return result


def dataset_rows(dataset_id: str, *, limit: int, offset: int = 0, path: Path | None = None) -> queries.QueryResult:
    """A page of a dataset's table in its declared column order (our own fixed SQL, on
    the serving connection)."""
    ds = console.warehouse_dataset(dataset_id)
    cols = ", ".join(ident(c) for c in ds.column_names)
    order = ", ".join(ident(k) for k in ds.primary_key) or "ALL"
    sql = f"SELECT {cols} FROM {ident(ds.table)} ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}"
    return queries.execute_select(connection(path or warehouse_path()), sql, max_rows=limit,
                                  timeout_s=console.TIME_LIMIT_S)


# --- whole-dataset downloads, exported once per warehouse file --------------------------

@dataclass(frozen=True)
class CachedExport:
    path: Path  # a file in var/exports/ that stays until its warehouse is gone (do not delete)
    file_name: str
    media_type: str
    rows: int
    etag: str
    last_modified: float  # the warehouse build's time (seconds since the epoch)


EXPORT_VERSION = "1"  # bump when the export format changes, so clients see a new ETag
_export_locks: dict[tuple, threading.Lock] = {}
_MEDIA = {"zip": "application/zip", "csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}


def export_dir() -> Path:
    return settings.var_dir() / "exports"


def export_identity(dataset_id: str, fmt: str, bundle: bool, path: Path | None = None) -> tuple[str, float]:
    """(ETag, Last-Modified) of a download, known without exporting anything: a
    download changes only when the warehouse file does."""
    path = path or warehouse_path()
    digest = hashlib.sha256(f"{path.name}|{dataset_id}|{fmt}|{bundle}|{EXPORT_VERSION}".encode()).hexdigest()[:24]
    return f'"{digest}"', path.stat().st_mtime


def cached_export(dataset_id: str, fmt: str, *, bundle: bool = True, path: Path | None = None,
                  create: bool = True) -> CachedExport | None:
    """The download file of a dataset, exported on first request and then served from
    disk (ETag and Last-Modified from `export_identity`). With create=False, None when
    it is not exported yet."""
    path = path or warehouse_path()
    ext = "zip" if bundle else fmt
    folder = export_dir() / path.stem
    target = folder / f"{dataset_id}.{fmt}.{ext}"
    name = f"{dataset_id}_{fmt}.zip" if bundle else f"{dataset_id}.{fmt}"
    etag, modified = export_identity(dataset_id, fmt, bundle, path)
    meta = target.with_suffix(target.suffix + ".rows")
    if not target.exists():
        if not create:
            return None
        key = (str(target),)
        with _cache_lock:
            lock = _export_locks.setdefault(key, threading.Lock())
        with lock:
            if not target.exists():
                made = export.export_dataset(dataset_id, fmt, bundle=bundle, path=path,
                                             status=dataset_status(path).get(dataset_id, {}))
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    meta.write_text(str(made.rows))
                    os.replace(made.path, target)  # atomic: other processes see all or nothing
                finally:
                    made.path.unlink(missing_ok=True)
                _prune_exports(keep=path.stem)
    try:
        rows = int(meta.read_text())
    except (OSError, ValueError):
        rows = -1
    return CachedExport(target, name, _MEDIA[ext], rows, etag, modified)


def _prune_exports(keep: str) -> None:
    """Drop exports of warehouse files that are no longer kept."""
    alive = {p.stem for p in settings.warehouse_dir().glob("warehouse-*.duckdb")} | {keep}
    for folder in export_dir().glob("*"):
        if folder.is_dir() and folder.name not in alive:
            for leftover in folder.glob("*"):
                leftover.unlink(missing_ok=True)
            try:
                folder.rmdir()
            except OSError:
                pass
