"""Fence policy for untrusted SQL (the SQL console and the HTTP API).

1. **Text fence** – `check_sql_text`: not empty, at most `MAX_SQL_CHARS`, no NUL.
2. **Statement fence** – `check_statement`: exactly one read-only SELECT
   (`queries.check_read_only`): no writes, DDL, ATTACH/DETACH, COPY, EXPORT/IMPORT,
   INSTALL/LOAD, SET/RESET/PRAGMA, CALL, USE, transactions or multiple statements.
3. **Function fence** – `check_functions`: the statement's syntax tree
   (`json_serialize_sql`) may not call a function that reads files or reveals the
   server (read_blob, read_text, glob, every read_*/parquet_*/sniff_* reader, query(),
   getenv, current_setting of a path setting, duckdb_extensions, pragma_database_list
   …; see `BLOCKED_FUNCTIONS`).
4. **Engine fence** – `open_fenced`: an in-memory DuckDB that ATTACHes the warehouse
   READ_ONLY, built from `warehouse.READ_ONLY_CONFIG` plus `OVERRIDES` (threads=1, memory_limit,
   no temp spill, no temp or secret directory). After the ATTACH, external access is
   switched off and the configuration locked, so file readers, ATTACH and extension
   loading fail even inside a SELECT, and settings cannot change. duckdb_settings()
   and duckdb_databases() are shadowed by macros that blank every path, and error
   messages never carry the project's or the home folder's path (`scrub`).
5. `execute_fenced` runs a checked statement through the shared loop
   (`queries.engine.fetch_capped`: time limit, row cap, byte cap), shaped so every
   value can be read exactly (`queries.shape`), and returns a picklable reply. The
   worker processes (queries.workers) call it.
"""
from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import duckdb
import pyarrow as pa

import queries
from data_sources import settings, warehouse

from .engine import fetch_capped
from .errors import ConsoleError, QueryError, QueryRefused, ResultTooLarge, SqlSyntaxError, first_line
from .shape import python_safe, readable

MAX_SQL_CHARS = 20_000
MEMORY_LIMIT = "512MB"
BATCH_ROWS = 256
OVERRIDES = {"threads": 1, "memory_limit": MEMORY_LIMIT, "max_temp_directory_size": "0B"}
ATTACH_AS = "warehouse"
# Settings that hold a folder; emptied before the configuration is locked.
PATH_SETTINGS = ("temp_directory", "secret_directory", "extension_directory", "home_directory")

# Functions that read files, run SQL text, or reveal the server's folders, variables or
# installation — refused wherever they appear in a statement (found by listing
# duckdb_functions() in the fenced engine and calling each one; see the hostile tests).
BLOCKED_FUNCTIONS = frozenset({
    "read_blob", "read_text", "glob", "query", "query_table", "getenv", "sniff_csv", "parquet_scan",
    "duckdb_extensions", "duckdb_secrets", "which_secret", "duckdb_temporary_files", "pragma_database_list",
    "duckdb_external_file_cache", "duckdb_secret_types", "checkpoint", "force_checkpoint", "enable_logging",
    "disable_logging", "truncate_duckdb_logs", "duckdb_logs", "duckdb_log_contexts", "duckdb_logs_parsed",
    "set_config", "install_extension", "load_extension", "iceberg_scan", "delta_scan", "postgres_scan",
    "sqlite_scan", "mysql_scan", "arrow_scan", "arrow_scan_dumb", "python_map_function", "pandas_scan",
})
BLOCKED_PREFIXES = ("read_", "parquet_", "sniff_", "glob", "duckdb_log", "iceberg_", "delta_", "postgres_",
                    "sqlite_", "mysql_", "httpfs_", "s3_", "azure_", "http_")
# current_setting() only with a constant name outside these.
SECRET_SETTINGS = frozenset(PATH_SETTINGS) | {"allowed_paths", "allowed_directories", "custom_extension_repository",
                                               "autoinstall_extension_repository", "log_storage", "profiling_output",
                                               "duckdb_api", "custom_user_agent"}
SHADOWED = frozenset({"duckdb_settings", "duckdb_databases", "current_setting"})


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
        for name in PATH_SETTINGS:
            con.execute(f"SET {name} = ''")
        if not external:
            con.execute("SET enable_external_access = false")
        if locked:
            con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


_SHADOW_MACROS = (
    "CREATE OR REPLACE TEMP MACRO duckdb_settings() AS TABLE SELECT * REPLACE (CASE WHEN name IN ({secret}) "
    "THEN '' ELSE value END AS value, CASE WHEN name IN ({secret}) THEN NULL ELSE typed_value END AS typed_value) "
    "FROM system.main.duckdb_settings()",
    "CREATE OR REPLACE TEMP MACRO duckdb_databases() AS TABLE SELECT * REPLACE (NULL::VARCHAR AS path) "
    "FROM system.main.duckdb_databases()",
)


def shadow_catalog_functions(cur: duckdb.DuckDBPyConnection) -> None:
    """duckdb_settings() and duckdb_databases() without any path: temporary macros of
    the same names (temp comes first in name lookup; temp objects belong to one cursor,
    so every cursor gets its own)."""
    secret = ", ".join(f"'{n}'" for n in sorted(SECRET_SETTINGS))
    for statement in _SHADOW_MACROS:
        cur.execute(statement.format(secret=secret))


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


def _functions(node, found: list) -> None:
    """Every function call node in a serialised syntax tree."""
    if isinstance(node, dict):
        if (node.get("class") or node.get("type")) == "FUNCTION" and "function_name" in node:
            found.append(node)
        for value in node.values():
            _functions(value, found)
    elif isinstance(node, list):
        for value in node:
            _functions(value, found)


def _blocked(name: str) -> bool:
    return name in BLOCKED_FUNCTIONS or name.startswith(BLOCKED_PREFIXES)


def check_functions(cur: duckdb.DuckDBPyConnection, sql: str) -> None:
    """The function fence (see the module docstring). `sql` is one checked SELECT."""
    try:
        tree = json.loads(cur.execute("SELECT json_serialize_sql(?)", [sql]).fetchall()[0][0])
    except (duckdb.Error, ValueError, IndexError) as exc:
        raise QueryRefused(f"the query could not be checked ({first_line(exc)})") from None
    if tree.get("error"):  # e.g. PIVOT, which has no serialised form: check the text instead
        _check_text_for_blocked_calls(sql)
        return
    found: list = []
    _functions(tree.get("statements", []), found)
    for node in found:
        name = str(node["function_name"]).lower()
        if _blocked(name):
            raise QueryRefused(f"{name}() is not available here: it reads files or reveals the server's setup")
        if name in SHADOWED and (node.get("schema") or node.get("catalog")):
            raise QueryRefused(f"call {name}() without a schema or catalog name")
        if name == "current_setting":
            args = node.get("arguments") or []
            literal = (args[0].get("expression") or {}).get("literal", {}) if args else {}
            value = str(literal.get("text", "")).lower() if literal.get("kind") == "STRING" else None
            if value is None or value in SECRET_SETTINGS:
                raise QueryRefused("current_setting() is available only for a named setting that holds no path")


_CALL = re.compile(r"\b([a-z_][a-z0-9_]*)\s*\(")


def _check_text_for_blocked_calls(sql: str) -> None:
    """Conservative: any blocked or shadowed name followed by '(' anywhere in the text
    (comments removed, quotes ignored) refuses the statement."""
    text = re.sub(r"/\*.*?\*/|--[^\n]*", " ", sql, flags=re.S).lower().replace('"', "")
    for match in _CALL.finditer(text):
        name = match.group(1)
        if _blocked(name) or name in SHADOWED:
            raise QueryRefused(f"{name}() is not available in this kind of statement")


def scrub(message: str) -> str:
    """An error message without the project's, the data folder's or the home folder's path."""
    for secret in sorted({str(settings.PROJECT_ROOT), str(settings.var_dir()), str(settings.warehouse_dir()),
                          os.path.expanduser("~")}, key=len, reverse=True):
        if len(secret) > 1:
            message = message.replace(secret, "…")
    return message


def execute_fenced(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None, *, max_rows: int,
                   timeout_s: float, max_bytes: int) -> dict:
    """Run one checked SELECT on a fresh cursor of `con`; returns a picklable reply."""
    cur = con.cursor()
    try:
        cur.execute(f"USE {ATTACH_AS}")
        shadow_catalog_functions(cur)
        check_statement(cur, sql)
        check_functions(cur, sql)
        fetched = fetch_capped(cur, sql, params, max_rows=max_rows, timeout_s=timeout_s, max_bytes=max_bytes,
                               batch_rows=BATCH_ROWS, memory_limit=MEMORY_LIMIT, shape=readable)
        table = python_safe(cur, fetched.table)
    finally:
        try:
            cur.close()
        except duckdb.Error:
            pass
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return {"ok": True, "ipc": sink.getvalue(), "truncated": fetched.truncated, "elapsed_s": fetched.elapsed_s}


def error_reply(exc: BaseException) -> dict:
    if isinstance(exc, ConsoleError):
        return {"ok": False, "kind": exc.kind, "message": scrub(str(exc))}
    if isinstance(exc, MemoryError):
        return {"ok": False, "kind": "memory", "message": "the query needs more memory than this server allows"}
    return {"ok": False, "kind": "failed", "message": scrub(first_line(exc))}
