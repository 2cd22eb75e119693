"""A second hostile battery, for the fences added after the first one
(tests/test_console_fences.py): file readers on the warehouse file itself, functions
that reveal the server's folders or environment, catalog functions queried for paths,
quoting and qualification tricks, statements whose refusal must name what was typed —
through the console's own path and over HTTP. None may succeed, crash or leak a path."""
from __future__ import annotations

import json
import os

import pytest

from data_sources import settings
from queries import console
from tests.test_http_api import STATUS_FOR, request

REFUSED = {"refused"}
BLOCKED = {"refused", "syntax", "failed"}


def _hostile(warehouse_path: str, var: str) -> list[tuple[str, str, set[str]]]:
    return [
        ("read_blob warehouse", f"SELECT content FROM read_blob('{warehouse_path}')", REFUSED),
        ("read_text warehouse", f"SELECT * FROM read_text('{warehouse_path}')", REFUSED),
        ("read_blob quoted name", f"SELECT * FROM \"read_blob\"('{warehouse_path}')", REFUSED),
        ("read_blob upper case", f"SELECT * FROM READ_BLOB('{warehouse_path}')", REFUSED),
        ("read_blob qualified", f"SELECT * FROM main.read_blob('{warehouse_path}')", REFUSED),
        ("read_blob system", f"SELECT * FROM system.main.read_blob('{warehouse_path}')", REFUSED),
        ("read_blob comment", f"SELECT * FROM read_blob/**/('{warehouse_path}')", REFUSED),
        ("read_blob in subquery", f"SELECT (SELECT size FROM read_blob('{warehouse_path}'))", REFUSED),
        ("read_blob in cte", f"WITH b AS (SELECT * FROM read_blob('{warehouse_path}')) SELECT size FROM b", REFUSED),
        ("read_blob lateral", f"SELECT * FROM range(1), LATERAL (SELECT size FROM read_blob('{warehouse_path}'))",
         REFUSED),
        ("glob var", f"SELECT * FROM glob('{var}/*')", REFUSED),
        ("glob tmp", "SELECT * FROM glob('/tmp/*')", REFUSED),
        ("glob relative", "SELECT * FROM glob('*')", REFUSED),
        ("read_csv proc", "SELECT * FROM read_csv('/proc/self/environ')", REFUSED),
        ("read_text cmdline", "SELECT * FROM read_text('/proc/self/cmdline')", REFUSED),
        ("parquet_metadata warehouse", f"SELECT * FROM parquet_metadata('{warehouse_path}')", REFUSED),
        ("read_duckdb warehouse", f"SELECT * FROM read_duckdb('{warehouse_path}', table_name='air_daily')", REFUSED),
        ("getenv", "SELECT getenv('HOME')", REFUSED),
        ("getenv nested", "SELECT upper(getenv('PATH'))", REFUSED),
        ("current_setting secret dir", "SELECT current_setting('secret_directory')", REFUSED),
        ("current_setting allowed paths", "SELECT current_setting('allowed_paths')", REFUSED),
        ("current_setting home", "SELECT current_setting('home_directory')", REFUSED),
        ("current_setting temp", "SELECT current_setting('temp_directory')", REFUSED),
        ("current_setting computed", "SELECT current_setting(lower('ALLOWED_PATHS'))", REFUSED),
        ("current_setting qualified", "SELECT system.main.current_setting('threads')", REFUSED),
        ("settings qualified", "SELECT value FROM system.main.duckdb_settings() WHERE name = 'allowed_paths'", REFUSED),
        ("databases qualified", "SELECT path FROM system.main.duckdb_databases()", REFUSED),
        ("databases via temp", "SELECT path FROM temp.main.duckdb_databases()", REFUSED),
        ("extensions", "SELECT install_path FROM duckdb_extensions()", REFUSED),
        ("database list", "SELECT * FROM pragma_database_list()", REFUSED),
        ("temporary files", "SELECT * FROM duckdb_temporary_files()", REFUSED),
        ("secrets", "SELECT * FROM duckdb_secrets()", REFUSED),
        ("which_secret", "SELECT * FROM which_secret('s3://b/x', 's3')", REFUSED),
        ("query()", "SELECT * FROM query('SELECT 1')", REFUSED),
        ("query_table()", "SELECT * FROM query_table('air_daily')", REFUSED),
        ("checkpoint function", "SELECT * FROM checkpoint()", REFUSED),
        ("logs", "SELECT * FROM duckdb_logs()", REFUSED),
        ("pivot with reader", f"PIVOT (SELECT * FROM read_blob('{warehouse_path}')) ON filename USING count(*)",
         REFUSED),
        ("replacement scan warehouse", f"SELECT * FROM '{warehouse_path}'", BLOCKED),
        ("use", "USE memory", REFUSED),
    ]


# Statements refused with the name the user typed (not DuckDB's statement class).
NAMED = [("USE memory", "USE"), ("INSTALL httpfs", "INSTALL"), ("FORCE INSTALL httpfs", "FORCE INSTALL"),
         ("CHECKPOINT", "CHECKPOINT"), ("FORCE CHECKPOINT", "FORCE CHECKPOINT"), ("LOAD httpfs", "LOAD"),
         ("RESET threads", "RESET"), ("SET threads = 1", "SET"), ("PRAGMA version", "PRAGMA"),
         ("DETACH warehouse", "DETACH"), ("CALL pragma_version()", "CALL"), ("UPDATE EXTENSIONS", "UPDATE EXTENSIONS")]

# Queries that run, but whose results must not reveal a folder of the server.
REVEALING = [
    "SELECT * FROM duckdb_databases()",
    "SELECT * FROM duckdb_settings()",
    "SELECT to_json(d) FROM duckdb_databases() d",
    "SELECT string_agg(value, ';') FROM duckdb_settings()",
    "SELECT * FROM information_schema.schemata",
    "SELECT current_setting('threads') AS t",
    "SELECT * FROM duckdb_tables()",
]


@pytest.fixture(scope="module")
def battery(warehouse):
    return _hostile(str(warehouse), str(settings.var_dir()))


def _secrets(warehouse) -> list[str]:
    return [str(settings.PROJECT_ROOT), str(settings.var_dir()), str(warehouse.parent), os.path.expanduser("~")]


def test_hostile_battery_in_the_console(warehouse, battery):
    for label, sql, kinds in battery:
        with pytest.raises(console.ConsoleError) as info:
            console.run_sql(sql, path=warehouse, limits=console.Limits(timeout_s=2))
        assert info.value.kind in kinds, (label, info.value.kind, str(info.value))
        assert not any(s in str(info.value) for s in _secrets(warehouse)), (label, str(info.value))


def test_hostile_battery_over_http(dashboard_server, warehouse, battery):
    for label, sql, kinds in battery:
        status, headers, body = request(dashboard_server, "/api/sql", {"q": sql})
        error = json.loads(body)["error"]
        assert error["code"] in kinds and status == STATUS_FOR[error["code"]], (label, status, error)
        assert not any(s in error["message"] for s in _secrets(warehouse)), (label, error)


@pytest.mark.parametrize("sql,name", NAMED, ids=[n for _s, n in NAMED])
def test_refusal_names_the_statement_typed(warehouse, sql, name):
    with pytest.raises(console.QueryRefused) as info:
        console.run_sql(sql, path=warehouse)
    assert str(info.value).endswith(f"(got {name})"), str(info.value)


def test_catalog_functions_answer_without_any_path(warehouse, dashboard_server):
    for sql in REVEALING:
        result = console.run_sql(sql, path=warehouse)
        text = json.dumps(result.frame.astype(str).to_dict("records"), ensure_ascii=False)
        assert not any(s in text for s in _secrets(warehouse)), (sql, text[:500])
        status, _h, body = request(dashboard_server, "/api/sql", {"q": sql})
        assert status == 200 and not any(s.encode() in body for s in _secrets(warehouse)), (sql, body[:300])
    dbs = console.run_sql("SELECT database_name, path FROM duckdb_databases() WHERE NOT internal", path=warehouse)
    assert dbs.table().to_pylist() == [{"database_name": "warehouse", "path": None},
                                       {"database_name": "memory", "path": None}]


def test_error_messages_do_not_reveal_paths(warehouse):
    for sql in ("SELECT * FROM no_such_table", "SELECT * FROM warehouse.main.nope",
                f"SELECT * FROM '{warehouse.parent}/nope.parquet'", "ATTACH 'x' AS y"):
        with pytest.raises(console.ConsoleError) as info:
            console.run_sql(sql, path=warehouse)
        assert not any(s in str(info.value) for s in _secrets(warehouse)), (sql, str(info.value))


def test_ordinary_analysis_still_runs(warehouse):
    """The fences refuse readers, not analysis: SUMMARIZE, DESCRIBE, text that looks
    like a reader call, and current_setting of a harmless setting."""
    for sql in ("SUMMARIZE gu_boundaries", "DESCRIBE air_daily", "SELECT current_setting('threads') AS t",
                "SELECT 'read_blob(x)' AS text, length('glob') AS n", "SELECT count(*) AS n FROM duckdb_settings()"):
        result = console.run_sql(sql, path=warehouse)
        assert len(result.frame) >= 1, sql
