"""Fenced SQL for the SQL console and the HTTP API (never imports Streamlit).

Analysts' SQL is untrusted. Every statement from the console, `/api/sql`,
`/api/queries` and `/api/datasets/{id}` runs through `run_sql` / `run_named` here:
the fence policy is in `queries.fence`, the execution loop (time limit, row and byte
caps) in `queries.engine` — the same loop named queries use — and the worker
processes in `queries.workers`. Errors are `ConsoleError` subclasses
(`queries.errors`) whose `kind` the console shows and the API maps to an HTTP status.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

import queries
from data_sources import catalog, warehouse
from data_sources.validation import ident

from .errors import (
    KINDS,
    BadParameter,
    ConsoleBusy,
    ConsoleError,
    ConsoleTimeout,
    OutOfMemory,
    QueryError,
    QueryRefused,
    ResultTooLarge,
    SqlSyntaxError,
    UnknownName,
    WorkerDied,
)
from .fence import MAX_SQL_CHARS, MEMORY_LIMIT, check_sql_text
from .workers import HARD_KILL_GRACE_S, MAX_CONCURRENT, QUEUE_WAIT_S, pool

__all__ = ["BadParameter", "ConsoleBusy", "ConsoleError", "ConsoleTimeout", "OutOfMemory", "QueryRefused",
           "ResultTooLarge", "SqlSyntaxError", "UnknownName", "WorkerDied", "HARD_KILL_GRACE_S", "MAX_CONCURRENT",
           "MAX_SQL_CHARS", "Limits", "limits_summary", "pool", "run_sql", "run_named", "dataset_rows",
           "warehouse_dataset"]

CONSOLE_MAX_ROWS = 10_000
API_DEFAULT_ROWS = 1_000
API_MAX_ROWS = 50_000
MAX_RESULT_BYTES = 64 * 1024 * 1024
TIME_LIMIT_S = float(os.environ.get("OSD_CONSOLE_TIME_LIMIT", "10"))


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


def _to_result(reply: dict, sql: str, params: dict | None, name: str | None = None) -> queries.QueryResult:
    if not reply.get("ok"):
        raise KINDS.get(reply.get("kind"), ConsoleError)(reply.get("message") or "the query failed")
    table = pa.ipc.open_stream(reply["ipc"]).read_all()
    return queries.QueryResult(queries.frame_of(table), reply["truncated"], reply["elapsed_s"], sql,
                               dict(params or {}), name, arrow=table)


def run_sql(sql: str, params: dict | None = None, *, path: Path | None = None,
            limits: Limits | None = None, name: str | None = None) -> queries.QueryResult:
    """Run untrusted SQL behind every fence. Raises a ConsoleError subclass."""
    limits = limits or Limits()
    sql = check_sql_text(sql)
    path = path or warehouse.ensure_warehouse()
    request = {"path": str(path), "sql": sql, "params": params or None,
               "limits": {"max_rows": limits.max_rows, "timeout_s": limits.timeout_s, "max_bytes": limits.max_bytes}}
    reply = pool().run(request, limits.timeout_s)
    return _to_result(reply, sql, params, name)


def bind_named(name: str, params: dict | None) -> tuple[queries.NamedQuery, dict]:
    """The named query and its checked parameters, or UnknownName / BadParameter."""
    try:
        query = queries.get(name)
    except QueryError as exc:
        raise UnknownName(str(exc)) from None
    try:
        return query, query.bind(params)
    except QueryError as exc:
        raise BadParameter(str(exc)) from None


def run_named(name: str, params: dict | None = None, *, path: Path | None = None,
              limits: Limits | None = None) -> queries.QueryResult:
    """A named query (queries/<name>.sql) with bound, checked parameters, fenced."""
    query, bound = bind_named(name, params)
    used = {k: v for k, v in bound.items() if f"${k}" in query.sql}
    result = run_sql(query.sql, used, path=path, limits=limits, name=name)
    result.params = bound
    return queries.conform(result, query)


def dataset_rows(dataset_id: str, *, limit: int, offset: int = 0, path: Path | None = None,
                 timeout_s: float | None = None) -> queries.QueryResult:
    """A page of a dataset's table, in its declared column order."""
    ds = warehouse_dataset(dataset_id)
    cols = ", ".join(ident(c) for c in ds.column_names)
    order = ", ".join(ident(k) for k in ds.primary_key) or "ALL"
    sql = f"SELECT {cols} FROM {ident(ds.table)} ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}"
    return run_sql(sql, path=path, limits=Limits(max_rows=limit, timeout_s=timeout_s or TIME_LIMIT_S))


def warehouse_dataset(dataset_id: str) -> catalog.Dataset:
    try:
        ds = catalog.get(dataset_id)
    except KeyError:
        raise UnknownName(f"unknown dataset {dataset_id!r}") from None
    if not ds.table:
        raise UnknownName(f"dataset {dataset_id!r} is an API service without a warehouse table")
    return ds
