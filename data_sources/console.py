"""Fenced SQL execution for the SQL console and the HTTP API (never imports Streamlit).

Analysts' SQL is untrusted. Every statement from the console, `/api/sql`, `/api/queries`
and `/api/datasets/{id}` runs through `run_sql` / `run_named` here, behind these fences:

1. **Statement fence** – exactly one read-only SELECT (`queries.check_read_only`): no
   writes, DDL, ATTACH/DETACH, COPY, EXPORT/IMPORT, INSTALL/LOAD, SET/RESET/PRAGMA,
   CALL, USE, transactions or multiple statements. Text longer than `MAX_SQL_CHARS` is
   refused before it is parsed.
2. **Engine fence** – a separate connection: an in-memory DuckDB that ATTACHes the
   warehouse READ_ONLY, built from `warehouse.READ_ONLY_CONFIG` plus `OVERRIDES`
   (threads=1, memory_limit=512MB, no temp spill). After the ATTACH, external access is
   switched off and the configuration locked, so file readers (read_csv, read_text,
   read_blob, glob, parquet_scan, sniff_csv …), ATTACH and extension loading fail even
   inside a SELECT, and settings cannot change.
3. **Time and size fence** – the cursor is interrupted at the time limit; the result is
   read in small Arrow batches and cut at the row cap and at `MAX_RESULT_BYTES`.
4. **Process fence** – DuckDB does not account every allocation to its memory limit,
   and some single calls ignore an interrupt until they finish (measured:
   `repeat('x', 4294967295)` holds ≈4 GB for ≈26 s). So the SQL runs in worker
   processes (`python -m data_sources.console --worker`), each with an address-space
   limit (`WORKER_ADDRESS_SPACE`). If a worker overruns the time limit by `HARD_KILL_GRACE_S`
   or dies, it is killed and replaced; the app process only waits on a pipe.
5. **Concurrency fence** – at most `MAX_CONCURRENT` queries run at once (one worker
   each); others wait up to `QUEUE_WAIT_S`, then get `ConsoleBusy`.

Errors are `ConsoleError` subclasses with a `kind` the console shows and the API maps to
an HTTP status. Whole-dataset exports (`export_dataset`) run our own fixed SQL in this
process, streaming Arrow batches into CSV/Parquet inside a ZIP with the licence.
"""
from __future__ import annotations

import atexit
import datetime as dt
import io
import json
import logging
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import duckdb
import pyarrow as pa

import queries
from queries import QueryError, QueryResult, QueryTimeout

from . import catalog, settings, warehouse
from .validation import ident

log = logging.getLogger("data_sources.console")

MAX_SQL_CHARS = 20_000
CONSOLE_MAX_ROWS = 10_000
API_DEFAULT_ROWS = 1_000
API_MAX_ROWS = 50_000
MAX_RESULT_BYTES = 64 * 1024 * 1024
TIME_LIMIT_S = float(os.environ.get("OSD_CONSOLE_TIME_LIMIT", "10"))
MAX_CONCURRENT = int(os.environ.get("OSD_CONSOLE_CONCURRENCY", "2"))
QUEUE_WAIT_S = float(os.environ.get("OSD_CONSOLE_QUEUE_WAIT", "8"))
HARD_KILL_GRACE_S = 2.0
WORKER_STARTUP_S = 15.0  # importing duckdb/pyarrow in a new process
WORKER_MAX_QUERIES = 500
WORKER_NICE = 10
BATCH_ROWS = 256
MEMORY_LIMIT = "512MB"
WORKER_ADDRESS_SPACE = 4 * 1024 ** 3  # bytes of virtual memory per worker process
OVERRIDES = {"threads": 1, "memory_limit": MEMORY_LIMIT, "max_temp_directory_size": "0B"}
ATTACH_AS = "warehouse"


# --- errors --------------------------------------------------------------------------

class ConsoleError(QueryError):
    """A console/API query did not produce a result; `kind` says why."""
    kind = "failed"


class SqlSyntaxError(ConsoleError):
    kind = "syntax"


class QueryRefused(ConsoleError):
    kind = "refused"


class ConsoleTimeout(ConsoleError, QueryTimeout):
    kind = "timeout"


class ResultTooLarge(ConsoleError):
    kind = "too_large"


class OutOfMemory(ConsoleError):
    kind = "memory"


class ConsoleBusy(ConsoleError):
    kind = "busy"


class UnknownName(ConsoleError):
    kind = "unknown"


class BadParameter(ConsoleError):
    kind = "bad_parameter"


_KINDS = {c.kind: c for c in (ConsoleError, SqlSyntaxError, QueryRefused, ConsoleTimeout, ResultTooLarge,
                              OutOfMemory, ConsoleBusy, UnknownName, BadParameter)}


@dataclass(frozen=True)
class Limits:
    """What a caller may ask for; the API and the console use different row caps."""
    max_rows: int = CONSOLE_MAX_ROWS
    timeout_s: float = field(default_factory=lambda: TIME_LIMIT_S)  # read at call time (tests lower it)
    max_bytes: int = MAX_RESULT_BYTES


def limits_summary() -> dict:
    """The fences in numbers, for the page and the API index (docs that cannot drift)."""
    return {"time_limit_s": TIME_LIMIT_S, "console_max_rows": CONSOLE_MAX_ROWS, "api_default_rows": API_DEFAULT_ROWS,
            "api_max_rows": API_MAX_ROWS, "max_result_mb": MAX_RESULT_BYTES // (1024 * 1024),
            "max_sql_chars": MAX_SQL_CHARS, "concurrent_queries": MAX_CONCURRENT, "memory_limit": MEMORY_LIMIT,
            "queue_wait_s": QUEUE_WAIT_S}


# --- the fenced connection (used inside a worker) ------------------------------------

def open_fenced(path: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the warehouse attached read-only, external access off
    and the configuration locked (see the module docstring)."""
    config = dict(warehouse.READ_ONLY_CONFIG, **OVERRIDES)
    # ATTACH needs file access once; both fences go up right after it.
    locked = config.pop("lock_configuration", True)
    external = config.pop("enable_external_access", False)
    con = duckdb.connect(":memory:", config=config)
    try:
        con.execute(f"ATTACH ? AS {ATTACH_AS} (READ_ONLY)", [str(path)])
        con.execute(f"USE {ATTACH_AS}")
        if not external:
            con.execute("SET enable_external_access = false")
        if locked:
            con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__


def check_sql_text(sql: str) -> str:
    """Cheap checks before anything parses the text."""
    if not isinstance(sql, str) or not sql.strip():
        raise SqlSyntaxError("the query is empty")
    if len(sql) > MAX_SQL_CHARS:
        raise ResultTooLarge(f"the query text is {len(sql):,} characters; the limit is {MAX_SQL_CHARS:,}")
    if "\x00" in sql:
        raise SqlSyntaxError("the query contains a NUL character")
    return sql.strip().rstrip(";").strip() or sql


def _check_statement(cur: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        queries.check_read_only(cur, sql)
    except QueryError as exc:
        message = str(exc)
        raise (SqlSyntaxError if message.startswith(("SQL syntax error", "the query is empty")) else QueryRefused)(
            message) from None
    except Exception as exc:  # e.g. a statement type the Python enum does not know (UPDATE EXTENSIONS)
        raise QueryRefused(f"only read-only SELECT queries are allowed ({_first_line(exc)})") from None


def execute_fenced(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None, limits: Limits) -> dict:
    """Run one checked SELECT on a fresh cursor of `con`; returns a picklable reply."""
    cur = con.cursor()
    started = time.perf_counter()
    timer = threading.Timer(limits.timeout_s, cur.interrupt)
    try:
        cur.execute(f"USE {ATTACH_AS}")
        _check_statement(cur, sql)
        timer.start()
        reader = cur.sql(sql, params=params or None).to_arrow_reader(BATCH_ROWS)
        batches, rows, size, truncated = [], 0, 0, False
        for batch in reader:
            if size + batch.nbytes > limits.max_bytes:
                if not batches:
                    raise ResultTooLarge(f"the result is larger than {limits.max_bytes // 2**20} MB")
                truncated = True
                break
            batches.append(batch)
            rows += batch.num_rows
            size += batch.nbytes
            if rows > limits.max_rows:
                truncated = True
                break
            if time.perf_counter() - started > limits.timeout_s:
                raise ConsoleTimeout(f"the query was stopped after {limits.timeout_s:g} s (time limit)")
        table = pa.Table.from_batches(batches, schema=reader.schema) if batches else reader.schema.empty_table()
        if table.num_rows > limits.max_rows:
            table, truncated = table.slice(0, limits.max_rows), True
        if time.perf_counter() - started > limits.timeout_s:
            raise ConsoleTimeout(f"the query was stopped after {limits.timeout_s:g} s (time limit)")
    except ConsoleError:
        raise
    except duckdb.InterruptException:
        raise ConsoleTimeout(f"the query was stopped after {limits.timeout_s:g} s (time limit)") from None
    except duckdb.OutOfMemoryException as exc:
        raise OutOfMemory(f"the query needs more memory than the {MEMORY_LIMIT} limit ({_first_line(exc)})") from None
    except duckdb.PermissionException as exc:
        raise QueryRefused(_first_line(exc)) from None
    except duckdb.ParserException as exc:
        raise SqlSyntaxError(_first_line(exc)) from None
    except (duckdb.Error, pa.ArrowException, OSError) as exc:
        if time.perf_counter() - started >= limits.timeout_s:
            raise ConsoleTimeout(f"the query was stopped after {limits.timeout_s:g} s (time limit)") from None
        message = _first_line(exc)
        if "out of memory" in message.lower() or "failed to allocate" in message.lower():
            raise OutOfMemory(f"the query needs more memory than this server allows ({message})") from None
        if "Arrow Appender" in message or "string size" in message.lower():
            raise ResultTooLarge(f"the result is too large ({message})") from None
        raise ConsoleError(message) from None
    except MemoryError:
        raise OutOfMemory("the query needs more memory than this server allows") from None
    finally:
        timer.cancel()
        try:
            cur.close()
        except duckdb.Error:
            pass
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return {"ok": True, "ipc": sink.getvalue(), "truncated": truncated,
            "elapsed_s": time.perf_counter() - started}


# --- worker processes ----------------------------------------------------------------

def _worker_main(read_fd: int, write_fd: int) -> None:
    """Loop: receive a request, run it on the fenced connection, send the reply."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (WORKER_ADDRESS_SPACE, WORKER_ADDRESS_SPACE))
    except (ValueError, OSError):  # pragma: no cover - platform without RLIMIT_AS
        pass
    try:
        os.nice(WORKER_NICE)  # a runaway query yields the CPU to the dashboard's own work
    except OSError:  # pragma: no cover
        pass
    inbox, outbox = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    outbox.send({"ready": True})  # imports are done: the parent's clock starts with the query
    con, con_path = None, None
    while True:
        try:
            request = inbox.recv()
        except (EOFError, OSError):
            return
        try:
            path = Path(request["path"])
            if con is None or con_path != path:
                if con is not None:
                    con.close()
                con, con_path = open_fenced(path), path
            reply = execute_fenced(con, request["sql"], request.get("params"), Limits(**request["limits"]))
        except ConsoleError as exc:
            reply = {"ok": False, "kind": exc.kind, "message": str(exc)}
        except MemoryError:
            reply = {"ok": False, "kind": "memory", "message": "the query needs more memory than this server allows"}
        except Exception as exc:  # never let the worker die on a query
            reply = {"ok": False, "kind": "failed", "message": _first_line(exc)}
        try:
            outbox.send(reply)
        except (OSError, ValueError, MemoryError):
            outbox.send({"ok": False, "kind": "too_large", "message": "the result could not be sent (too large)"})


class _Worker:
    def __init__(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(settings.PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "data_sources.console", "--worker", str(to_child_r), str(from_child_w)],
            pass_fds=(to_child_r, from_child_w), cwd=settings.PROJECT_ROOT, env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True)
        os.close(to_child_r)
        os.close(from_child_w)
        self.send = Connection(to_child_w, readable=False)
        self.recv = Connection(from_child_r, writable=False)
        self.served = 0

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for conn in (self.send, self.recv):
            try:
                conn.close()
            except OSError:
                pass


class WorkerPool:
    """At most `size` queries at once, each in its own worker process."""

    def __init__(self, size: int = MAX_CONCURRENT) -> None:
        self.size = size
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self.restarts = 0

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                worker.kill()
        return self._start()

    @staticmethod
    def _start() -> _Worker:
        worker = _Worker()
        try:
            if worker.recv.poll(WORKER_STARTUP_S) and worker.recv.recv().get("ready"):
                return worker
        except (EOFError, OSError):
            pass
        worker.kill()
        raise ConsoleError("the query service could not start a worker; try again in a moment")

    def _replace_soon(self) -> None:
        """Start a replacement in the background so the next query does not wait for it."""
        def start() -> None:
            try:
                worker = self._start()
            except ConsoleError:
                return
            with self._lock:
                if len(self._idle) < self.size:
                    self._idle.append(worker)
                    return
            worker.kill()
        threading.Thread(target=start, name="console-worker-start", daemon=True).start()

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def run(self, request: dict, timeout_s: float, queue_wait_s: float = QUEUE_WAIT_S) -> dict:
        if not self._slots.acquire(timeout=queue_wait_s):
            raise ConsoleBusy(f"the query service is busy ({self.size} queries running); try again in a moment")
        try:
            worker = self._take()
            try:
                worker.send.send(request)
                # A new worker attaches the warehouse on its first query: allow a moment.
                startup = 0.0 if worker.served else 1.0
                if not worker.recv.poll(timeout_s + HARD_KILL_GRACE_S + startup):
                    self._discard(worker, "overran the time limit")
                    raise ConsoleTimeout(f"the query was stopped after {timeout_s:g} s (time limit)")
                reply = worker.recv.recv()
            except (EOFError, OSError, pickle.UnpicklingError):
                code = worker.proc.poll()
                self._discard(worker, f"died (exit {code})")
                raise OutOfMemory("the query was stopped: it needed more memory than this server allows") from None
            worker.served += 1
            if reply.get("kind") in ("memory", "too_large") or worker.served >= WORKER_MAX_QUERIES:
                # After a huge allocation the process keeps address space it cannot use
                # again; start the next query in a fresh worker.
                self._discard(worker, "is recycled", quiet=True)
            else:
                self._give_back(worker)
            return reply
        finally:
            self._slots.release()

    def _discard(self, worker: _Worker, why: str, quiet: bool = False) -> None:
        if not quiet:
            log.warning("console worker %s %s; replacing it", worker.proc.pid, why)
        self.restarts += 1
        worker.kill()
        self._replace_soon()

    def shutdown(self) -> None:
        with self._lock:
            for worker in self._idle:
                worker.kill()
            self._idle.clear()


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def pool() -> WorkerPool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = WorkerPool()
            atexit.register(_pool.shutdown)
        return _pool


# --- public entry points -------------------------------------------------------------

def _to_result(reply: dict, sql: str, params: dict | None, name: str | None = None) -> QueryResult:
    if not reply.get("ok"):
        raise _KINDS.get(reply.get("kind"), ConsoleError)(reply.get("message") or "the query failed")
    table = pa.ipc.open_stream(reply["ipc"]).read_all()
    frame = queries._plain_numbers(table).to_pandas()
    result = QueryResult(frame, reply["truncated"], reply["elapsed_s"], sql, dict(params or {}), name)
    result.arrow = table  # type: ignore[attr-defined]  # kept for exact CSV/Parquet/JSON exports
    return result


def run_sql(sql: str, params: dict | None = None, *, path: Path | None = None,
            limits: Limits | None = None, name: str | None = None) -> QueryResult:
    """Run untrusted SQL behind every fence. Raises a ConsoleError subclass."""
    limits = limits or Limits()
    sql = check_sql_text(sql)
    path = path or warehouse.ensure_warehouse()
    request = {"path": str(path), "sql": sql, "params": params or None,
               "limits": {"max_rows": limits.max_rows, "timeout_s": limits.timeout_s, "max_bytes": limits.max_bytes}}
    reply = pool().run(request, limits.timeout_s)
    return _to_result(reply, sql, params, name)


def run_named(name: str, params: dict | None = None, *, path: Path | None = None,
              limits: Limits | None = None) -> QueryResult:
    """A named query (queries/<name>.sql) with bound, checked parameters, fenced."""
    try:
        query = queries.get(name)
    except QueryError as exc:
        raise UnknownName(str(exc)) from None
    try:
        bound = query.bind(params)
    except QueryError as exc:
        raise BadParameter(str(exc)) from None
    used = {k: v for k, v in bound.items() if f"${k}" in query.sql}
    result = run_sql(query.sql, used, path=path, limits=limits, name=name)
    result.params = bound
    return result


def dataset_rows(dataset_id: str, *, limit: int, offset: int = 0, path: Path | None = None,
                 timeout_s: float | None = None) -> QueryResult:
    """A page of a dataset's table, in its declared column order."""
    ds = _warehouse_dataset(dataset_id)
    cols = ", ".join(ident(c) for c in ds.column_names)
    order = ", ".join(ident(k) for k in ds.primary_key) or "ALL"
    sql = f"SELECT {cols} FROM {ident(ds.table)} ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}"
    return run_sql(sql, path=path, limits=Limits(max_rows=limit, timeout_s=timeout_s or TIME_LIMIT_S))


def _warehouse_dataset(dataset_id: str) -> catalog.Dataset:
    try:
        ds = catalog.get(dataset_id)
    except KeyError:
        raise UnknownName(f"unknown dataset {dataset_id!r}") from None
    if not ds.table:
        raise UnknownName(f"dataset {dataset_id!r} is an API service without a warehouse table")
    return ds


# --- result serialisation (console downloads and API) --------------------------------

def _json_value(value):
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value)
    return value


def arrow_of(result: QueryResult) -> pa.Table:
    table = getattr(result, "arrow", None)
    return table if table is not None else pa.Table.from_pandas(result.frame, preserve_index=False)


def records(table: pa.Table) -> list[dict]:
    return [{k: _json_value(v) for k, v in row.items()} for row in table.to_pylist()]


def to_json_bytes(table: pa.Table, **meta) -> bytes:
    body = dict(meta, columns=[{"name": f.name, "type": str(f.type)} for f in table.schema], rows=records(table))
    return json.dumps(body, ensure_ascii=False, default=str).encode("utf-8")


def to_csv_bytes(table: pa.Table, *, bom: bool = False) -> bytes:
    sink = io.BytesIO()
    if bom:
        sink.write("\ufeff".encode())
    _write_csv(table, sink)
    return sink.getvalue()


def _csv_ready(table: pa.Table) -> pa.Table:
    """Nested values (lists, structs) have no CSV form: write them as JSON text."""
    for i, f in enumerate(table.schema):
        if pa.types.is_nested(f.type) or pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type):
            texts = [None if v is None else json.dumps(_json_value(v), ensure_ascii=False)
                     for v in table.column(i).to_pylist()]
            table = table.set_column(i, f.name, pa.array(texts, pa.string()))
    return table


def _write_csv(table: pa.Table, sink) -> None:
    import pyarrow.csv as pacsv
    pacsv.write_csv(_csv_ready(table), sink)


def to_parquet_bytes(table: pa.Table) -> bytes:
    import pyarrow.parquet as pq
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


# --- whole-dataset exports -----------------------------------------------------------

EXPORT_FORMATS = ("csv", "parquet")
_export_slots = threading.BoundedSemaphore(2)


@dataclass
class Export:
    path: Path  # a temporary file the caller streams and then deletes
    file_name: str
    media_type: str
    rows: int
    extra: dict = field(default_factory=dict)


def readme_text(ds: catalog.Dataset, status: dict | None, rows: int, fmt: str) -> str:
    status = status or {}
    as_of = status.get("data_as_of") or ds.as_of or "–"
    lines = [
        f"# {ds.title_en}", f"# {ds.title_ko}", "",
        f"- Dataset id: {ds.id} (warehouse table `{ds.table}`)",
        f"- Publisher: {ds.publisher}",
        f"- Original dataset: {ds.original_id}" + (f" — {ds.url}" if ds.url else ""),
        f"- Licence: {ds.licence}",
        f"- Attribution (required): {ds.attribution}",
        f"- Cadence: {ds.cadence}; time zone {ds.timezone}",
        f"- Data as of: {as_of}",
        f"- Rows in this file: {rows:,}",
        f"- Source of this copy: {status.get('source_kind') or 'none'}"
        + (f" ({status['source']})" if status.get("source") else ""),
        f"- Snapshot fetched at: {status.get('fetched_at') or '–'}; sha256 (first 12): {status.get('sha256') or '–'}",
        f"- Primary key: {', '.join(ds.primary_key) or '–'}",
        f"- Exported: {dt.datetime.now(settings.KST).replace(microsecond=0).isoformat()} by Open Seoul Dashboard",
        "",
    ]
    if ds.sample:
        lines += ["**This is a sample/excerpt, not the complete dataset.**", ""]
    if ds.synthetic:
        lines += ["**SYNTHETIC data — not real measurements.**", ""]
    lines += ["## Schema", "", "| column | type | unit | description (en) | 설명 (ko) | range |", "|---|---|---|---|---|---|"]
    for c in ds.columns:
        rng = "" if c.min is None and c.max is None else f"{'' if c.min is None else c.min} … {'' if c.max is None else c.max}"
        lines.append(f"| {c.name} | {c.type} | {c.unit} | {c.en} | {c.ko} | {rng} |")
    if ds.quality_notes_en:
        lines += ["", "## Known quality problems", ""] + [f"- {n}" for n in ds.quality_notes_en]
        lines += [""] + [f"- {n}" for n in ds.quality_notes_ko]
    lines += ["", "## Reading this file", "",
              "CSV: UTF-8 with a byte-order mark (opens in Excel), comma separated, header row, empty cell = missing."
              if fmt == "csv" else "Parquet: column types as in the schema above (zstd compressed).",
              "Missing values are empty/NULL, never zero.", ""]
    return "\n".join(lines)


def licence_text(ds: catalog.Dataset) -> str:
    text = [f"{ds.title_en} / {ds.title_ko}", "", f"Licence: {ds.licence}", "", f"Attribution: {ds.attribution}", "",
            f"Publisher: {ds.publisher}", f"Original dataset: {ds.original_id}" + (f" ({ds.url})" if ds.url else ""), ""]
    if "KOGL Type 1" in ds.licence:
        text += ["Korea Open Government License (KOGL) Type 1 — attribution required.",
                 "You may copy, distribute, transmit and adapt this work, including for commercial use,",
                 "provided you attribute the source as stated above.",
                 "공공누리 제1유형: 출처표시. 출처를 표시하면 상업적 이용 및 변경이 가능합니다.",
                 "https://www.kogl.or.kr/info/licenseType1.do", ""]
    elif "CC BY-NC" in ds.licence:
        text += ["Creative Commons Attribution-NonCommercial 4.0 — attribution required, no commercial use.",
                 "https://creativecommons.org/licenses/by-nc/4.0/", ""]
    elif "CC BY" in ds.licence:
        text += ["Creative Commons Attribution 4.0 — attribution required.",
                 "https://creativecommons.org/licenses/by/4.0/", ""]
    return "\n".join(text)


def export_dataset(dataset_id: str, fmt: str, *, bundle: bool = True, path: Path | None = None,
                   status: dict | None = None) -> Export:
    """Write a whole dataset as CSV or Parquet (inside a ZIP with README.md,
    LICENSE.txt and schema.json when `bundle`), streaming Arrow batches to a temporary
    file so large tables never sit in memory whole. The caller deletes `Export.path`."""
    if fmt not in EXPORT_FORMATS:
        raise BadParameter(f"format must be one of {', '.join(EXPORT_FORMATS)}")
    ds = _warehouse_dataset(dataset_id)
    path = path or warehouse.ensure_warehouse()
    if status is None:
        status = next((r for r in warehouse.dataset_status(path) if r["dataset"] == dataset_id), {})
    if not _export_slots.acquire(timeout=QUEUE_WAIT_S * 4):
        raise ConsoleBusy("too many downloads are being prepared; try again in a moment")
    tmpdir = Path(tempfile.mkdtemp(prefix="osd-export-"))
    try:
        data_file = tmpdir / f"{ds.id}.{fmt}"
        rows = _write_table_file(ds, fmt, data_file, path)
        if not bundle:
            final = Path(tempfile.mkstemp(prefix=f"osd-{ds.id}-", suffix=f".{fmt}")[1])
            os.replace(data_file, final)
            media = "text/csv; charset=utf-8" if fmt == "csv" else "application/vnd.apache.parquet"
            return Export(final, f"{ds.id}.{fmt}", media, rows)
        fd, zip_name = tempfile.mkstemp(prefix=f"osd-{ds.id}-", suffix=".zip")
        os.close(fd)
        schema = {"dataset": ds.id, "table": ds.table, "primary_key": list(ds.primary_key), "rows": rows,
                  "licence": ds.licence, "attribution": ds.attribution,
                  "data_as_of": status.get("data_as_of") or ds.as_of or None,
                  "columns": [{"name": c.name, "type": c.type, "unit": c.unit, "en": c.en, "ko": c.ko,
                               "min": c.min, "max": c.max, "nullable": c.nullable} for c in ds.columns]}
        with zipfile.ZipFile(zip_name, "w") as zf:
            zf.write(data_file, f"{ds.id}.{fmt}",
                     compress_type=zipfile.ZIP_DEFLATED if fmt == "csv" else zipfile.ZIP_STORED)
            zf.writestr("README.md", readme_text(ds, status, rows, fmt), compress_type=zipfile.ZIP_DEFLATED)
            zf.writestr("LICENSE.txt", licence_text(ds), compress_type=zipfile.ZIP_DEFLATED)
            zf.writestr("schema.json", json.dumps(schema, ensure_ascii=False, indent=2),
                        compress_type=zipfile.ZIP_DEFLATED)
        return Export(Path(zip_name), f"{ds.id}_{fmt}.zip", "application/zip", rows)
    finally:
        _export_slots.release()
        for leftover in tmpdir.glob("*"):
            leftover.unlink(missing_ok=True)
        tmpdir.rmdir()


def _write_table_file(ds: catalog.Dataset, fmt: str, dest: Path, path: Path) -> int:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    con = warehouse.connect_read_only(path)
    cur = con.cursor()
    rows = 0
    try:
        cols = ", ".join(ident(c) for c in ds.column_names)
        order = ", ".join(ident(k) for k in ds.primary_key) or "ALL"
        reader = cur.sql(f"SELECT {cols} FROM {ident(ds.table)} ORDER BY {order}").to_arrow_reader(65_536)
        if fmt == "csv":
            with open(dest, "wb") as fh:
                fh.write("\ufeff".encode())
                writer = None
                for batch in reader:
                    table = _csv_ready(pa.Table.from_batches([batch]))
                    if writer is None:
                        writer = pacsv.CSVWriter(fh, table.schema)
                    writer.write_table(table)
                    rows += batch.num_rows
                if writer is None:
                    pacsv.write_csv(_csv_ready(reader.schema.empty_table()), fh)
                else:
                    writer.close()
        else:
            with pq.ParquetWriter(dest, reader.schema, compression="zstd") as writer:
                for batch in reader:
                    writer.write_batch(batch)
                    rows += batch.num_rows
    finally:
        cur.close()
        con.close()
    return rows


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "--worker":
    _worker_main(int(sys.argv[2]), int(sys.argv[3]))
