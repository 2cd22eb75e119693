"""Fence policy for untrusted SQL (the SQL console and the HTTP API).

1. **Text fence** – `check_sql_text`: not empty, at most `MAX_SQL_CHARS`, no NUL.
2. **Statement fence** – `check_statement`: exactly one read-only SELECT
   (`queries.check_read_only`): no writes, DDL, ATTACH/DETACH, COPY, EXPORT/IMPORT,
   INSTALL/LOAD, SET/RESET/PRAGMA, CALL, USE, transactions or multiple statements.
3. **Engine fence** – `open_fenced`: an in-memory DuckDB that ATTACHes the warehouse
   READ_ONLY, built from `warehouse.READ_ONLY_CONFIG` plus `OVERRIDES` (threads=1,
   memory_limit, no temp spill). After the ATTACH, external access is switched off and
   the configuration locked, so file readers (read_csv, read_text, read_blob, glob,
   parquet_scan, sniff_csv …), ATTACH and extension loading fail even inside a SELECT,
   and settings cannot change.
4. `execute_fenced` runs a checked statement through the shared loop
   (`queries.engine.fetch_capped`: time limit, row cap, byte cap) and returns a
   picklable reply. The worker processes (queries.workers) call it.
"""
from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pyarrow as pa

import queries
from data_sources import warehouse

from .engine import fetch_capped
from .errors import ConsoleError, QueryError, QueryRefused, ResultTooLarge, SqlSyntaxError, first_line

MAX_SQL_CHARS = 20_000
MEMORY_LIMIT = "512MB"
BATCH_ROWS = 256
OVERRIDES = {"threads": 1, "memory_limit": MEMORY_LIMIT, "max_temp_directory_size": "0B"}
ATTACH_AS = "warehouse"


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


def check_sql_text(sql: str) -> str:
    """Cheap checks before anything parses the text."""
    if not isinstance(sql, str) or not sql.strip():
        raise SqlSyntaxError("the query is empty")
    if len(sql) > MAX_SQL_CHARS:
        raise ResultTooLarge(f"the query text is {len(sql):,} characters; the limit is {MAX_SQL_CHARS:,}")
    if "\x00" in sql:
        raise SqlSyntaxError("the query contains a NUL character")
    return sql.strip().rstrip(";").strip() or sql


def check_statement(cur: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        queries.check_read_only(cur, sql)
    except QueryError as exc:
        message = str(exc)
        raise (SqlSyntaxError if message.startswith(("SQL syntax error", "the query is empty")) else QueryRefused)(
            message) from None
    except Exception as exc:  # e.g. a statement type the Python enum does not know (UPDATE EXTENSIONS)
        raise QueryRefused(f"only read-only SELECT queries are allowed ({first_line(exc)})") from None


def execute_fenced(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None, *, max_rows: int,
                   timeout_s: float, max_bytes: int) -> dict:
    """Run one checked SELECT on a fresh cursor of `con`; returns a picklable reply."""
    cur = con.cursor()
    try:
        cur.execute(f"USE {ATTACH_AS}")
        check_statement(cur, sql)
        fetched = fetch_capped(cur, sql, params, max_rows=max_rows, timeout_s=timeout_s, max_bytes=max_bytes,
                               batch_rows=BATCH_ROWS, memory_limit=MEMORY_LIMIT)
    finally:
        try:
            cur.close()
        except duckdb.Error:
            pass
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, fetched.table.schema) as writer:
        writer.write_table(fetched.table)
    return {"ok": True, "ipc": sink.getvalue(), "truncated": fetched.truncated, "elapsed_s": fetched.elapsed_s}


def error_reply(exc: BaseException) -> dict:
    if isinstance(exc, ConsoleError):
        return {"ok": False, "kind": exc.kind, "message": str(exc)}
    if isinstance(exc, MemoryError):
        return {"ok": False, "kind": "memory", "message": "the query needs more memory than this server allows"}
    return {"ok": False, "kind": "failed", "message": first_line(exc)}
