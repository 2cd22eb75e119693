"""The SQL console's fences (queries/console.py, fence.py, workers.py), which the HTTP API shares.

A battery of hostile queries — writes, DDL, ATTACH, COPY, file readers, extensions,
settings, CALL, EXPORT/IMPORT, macros and secrets, multiple statements, runaway joins and
recursive CTEs, enormous results, string bombs, deep nesting — must all end with a clear
ConsoleError, never a result, never a crash; the warehouse file is unchanged afterwards,
the workers recover, and a dashboard query on its own connection stays fast meanwhile.
Every named query's "view the SQL" text runs in the console with the same result.
"""
from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import pytest

import queries
from data_sources.settings import PROJECT_ROOT
from queries import console

BUNDLED_PARQUET = str(PROJECT_ROOT / "snapshots" / "bundled" / "air_daily.parquet")
# Time limits for the tests: a query that is meant to run until it is stopped gets a short
# one (each such case costs its limit plus the kill grace); one that must be refused or
# rejected keeps room for a slow parse on a busy machine, so it never ends as a timeout.
RUNAWAY_LIMIT_S = 1.0
REFUSAL_LIMIT_S = 2.0

# (label, sql, allowed outcome kinds). "failed" means the engine rejected it (e.g. the
# function does not exist in the fenced engine) — still no result.
REFUSED = {"refused", "syntax"}
BLOCKED = {"refused", "syntax", "failed"}
HOSTILE: list[tuple[str, str, set[str]]] = [
    # writes and DDL
    ("insert", "INSERT INTO air_daily (date, station) VALUES (DATE '2030-01-01', 'x')", REFUSED),
    ("update", "UPDATE air_daily SET pm25_ugm3 = 0", REFUSED),
    ("delete", "DELETE FROM air_daily", REFUSED),
    ("drop", "DROP TABLE air_daily", REFUSED),
    ("truncate", "TRUNCATE air_daily", REFUSED),
    ("create table as", "CREATE TABLE stolen AS SELECT * FROM air_daily", REFUSED),
    ("create temp table", "CREATE TEMP TABLE t AS SELECT 1", REFUSED),
    ("create view", "CREATE VIEW v AS SELECT 1", REFUSED),
    ("alter", "ALTER TABLE air_daily ADD COLUMN x INTEGER", REFUSED),
    ("create macro", "CREATE MACRO m(a) AS a + 1", REFUSED),
    ("create table macro", "CREATE MACRO t() AS TABLE SELECT * FROM read_csv('/etc/passwd')", REFUSED),
    ("create secret", "CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v')", REFUSED),
    ("create persistent secret", "CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v')", REFUSED),
    ("create sequence", "CREATE SEQUENCE s", REFUSED),
    ("create type", "CREATE TYPE mood AS ENUM ('a')", REFUSED),
    ("begin", "BEGIN TRANSACTION", REFUSED),
    ("checkpoint", "CHECKPOINT", REFUSED),
    ("vacuum", "VACUUM", REFUSED),
    ("analyze", "ANALYZE", REFUSED),
    # attaching, copying, exporting
    ("attach", "ATTACH '/tmp/osd-evil.duckdb' AS evil", REFUSED),
    ("attach memory", "ATTACH ':memory:' AS m", REFUSED),
    ("detach", "DETACH warehouse", REFUSED),
    ("use", "USE memory", REFUSED),
    ("copy to", "COPY air_daily TO '/tmp/osd-stolen.csv'", REFUSED),
    ("copy query to", "COPY (SELECT 1) TO '/tmp/osd-stolen.parquet' (FORMAT parquet)", REFUSED),
    ("copy from", "COPY air_daily FROM '/etc/passwd'", REFUSED),
    ("export database", "EXPORT DATABASE '/tmp/osd-export'", REFUSED),
    ("import database", "IMPORT DATABASE '/tmp/osd-export'", REFUSED),
    # reading local files from inside a SELECT
    ("read_csv", "SELECT * FROM read_csv('/etc/passwd')", BLOCKED),
    ("read_csv_auto", "SELECT * FROM read_csv_auto('/etc/passwd')", BLOCKED),
    ("read_csv list", "SELECT * FROM read_csv(['/etc/passwd', '/etc/hosts'])", BLOCKED),
    ("read_text", "SELECT * FROM read_text('/etc/passwd')", BLOCKED),
    ("read_blob", "SELECT * FROM read_blob('/etc/passwd')", BLOCKED),
    ("glob", "SELECT * FROM glob('/*')", BLOCKED),
    ("glob project", f"SELECT * FROM glob('{PROJECT_ROOT}/**')", BLOCKED),
    ("parquet_scan", f"SELECT * FROM parquet_scan('{BUNDLED_PARQUET}')", BLOCKED),
    ("read_parquet", f"SELECT count(*) FROM read_parquet('{BUNDLED_PARQUET}')", BLOCKED),
    ("parquet_metadata", f"SELECT * FROM parquet_metadata('{BUNDLED_PARQUET}')", BLOCKED),
    ("replacement scan", "SELECT * FROM '/etc/passwd'", BLOCKED),
    ("replacement scan parquet", f"SELECT count(*) FROM '{BUNDLED_PARQUET}'", BLOCKED),
    ("sniff_csv", "SELECT * FROM sniff_csv('/etc/passwd')", BLOCKED),
    ("read_json", "SELECT * FROM read_json('/etc/passwd')", BLOCKED),
    ("read_json_auto", "SELECT * FROM read_json_auto('/etc/hosts')", BLOCKED),
    ("read_ndjson", "SELECT * FROM read_ndjson_objects('/etc/hosts')", BLOCKED),
    ("read_duckdb", "SELECT * FROM read_duckdb('/tmp/osd-evil.duckdb')", BLOCKED),
    ("read the warehouse file", "SELECT * FROM read_blob((SELECT path FROM duckdb_databases() "
     "WHERE database_name = 'warehouse'))", BLOCKED),
    ("query() wrapper", "SELECT * FROM query('ATTACH ''/tmp/osd-evil.duckdb'' AS e')", BLOCKED),
    ("query_table file", "SELECT * FROM query_table('/etc/passwd')", BLOCKED),
    ("http", "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')", BLOCKED),
    ("getenv", "SELECT getenv('HOME')", BLOCKED),
    # extensions
    ("install", "INSTALL httpfs", REFUSED),
    ("force install", "FORCE INSTALL httpfs", REFUSED),
    ("install community", "INSTALL h3 FROM community", REFUSED),
    ("load", "LOAD httpfs", REFUSED),
    ("load path", "LOAD '/tmp/evil.duckdb_extension'", REFUSED),
    ("update extensions", "UPDATE EXTENSIONS", REFUSED),
    # settings
    ("set", "SET threads = 8", REFUSED),
    ("set memory", "SET memory_limit = '100GB'", REFUSED),
    ("set global", "SET GLOBAL enable_external_access = true", REFUSED),
    ("unlock", "SET lock_configuration = false", REFUSED),
    ("reset", "RESET memory_limit", REFUSED),
    ("set variable", "SET VARIABLE x = 1", REFUSED),
    ("pragma", "PRAGMA threads = 8", REFUSED),
    ("pragma profiling", "PRAGMA enable_profiling", REFUSED),
    ("set_config", "SELECT set_config('threads', '8', false)", BLOCKED),
    ("call", "CALL pragma_version()", REFUSED),
    ("call checkpoint", "CALL force_checkpoint()", REFUSED),
    ("explain analyze", "EXPLAIN ANALYZE SELECT 1", REFUSED),
    # several statements, smuggling
    ("two selects", "SELECT 1; SELECT 2", REFUSED),
    ("select then drop", "SELECT 1; DROP TABLE air_daily", REFUSED),
    ("select then attach", "SELECT 1;;ATTACH '/tmp/osd-evil.duckdb' AS e", REFUSED),
    ("comment smuggle", "SELECT 1 /* ; */; SET threads = 8", REFUSED),
    ("empty", "   ", REFUSED),
    ("only a comment", "-- nothing", REFUSED),
    ("nul byte", "SELECT 1\x00; DROP TABLE air_daily", REFUSED),
    ("too long", "SELECT 1" + " " * (console.MAX_SQL_CHARS + 10), {"too_large"}),
    # deep nesting
    ("nested parens", "SELECT " + "(" * 5000 + "1" + ")" * 5000, BLOCKED),
    ("nested subqueries", "SELECT * FROM " + "(FROM " * 2500 + "range(3)" + ")" * 2500, BLOCKED),
    ("long cte chain", "WITH " + ",".join(f"t{i} AS(FROM t{i - 1})" if i else "t0 AS(SELECT 1 x)"
                                          for i in range(1050)) + " FROM t1049", BLOCKED),
    ("nested lists", "SELECT " + "[" * 4000 + "1" + "]" * 4000, BLOCKED),
    # string and memory bombs
    ("repeat 1e10", "SELECT repeat('x', 10000000000)", {"failed", "memory", "too_large"}),
    ("repeat 4 GB", "SELECT repeat('x', 4294967295)", {"memory", "too_large", "timeout"}),
    ("repeat 2 GB length", "SELECT length(repeat('x', 2000000000))", {"memory", "too_large", "timeout"}),
    ("repeat rows", "SELECT repeat('x', 100000000) FROM range(100)", {"memory", "too_large", "timeout"}),
    ("nested repeat", "SELECT repeat(repeat('x', 65536), 65535)", {"memory", "too_large", "timeout"}),
    ("lpad bomb", "SELECT lpad('x', 2000000000, 'y')", {"memory", "too_large", "timeout"}),
    ("printf bomb", "SELECT printf('%02000000000d', 1)", {"memory", "too_large", "timeout"}),
    ("string_agg bomb", "SELECT string_agg(repeat('x', 1000), '') FROM range(10000000)", {"memory", "too_large", "timeout"}),
    ("list bomb", "SELECT list(range) FROM range(1000000000)", {"memory", "too_large", "timeout"}),
]
# Runaway computations: stopped at the time limit (or by the memory limit first).
RUNAWAY: list[tuple[str, str]] = [
    ("cross join", "SELECT count(*) FROM range(1000000) a, range(1000000) b"),
    ("self join of the warehouse", "SELECT count(*) FROM air_daily a, air_daily b WHERE a.pm25_ugm3 <> b.pm25_ugm3"),
    ("recursive cte", "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t"),
    ("sort 1e12", "SELECT * FROM range(1000000000000) ORDER BY 1 DESC"),
    ("count 1e12", "SELECT count(*) FROM range(1000000000000)"),
]


def _sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.mark.parametrize("label,sql,kinds", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_query_is_stopped(warehouse, label, sql, kinds):
    limit_s = RUNAWAY_LIMIT_S if "timeout" in kinds else REFUSAL_LIMIT_S
    started = time.monotonic()
    with pytest.raises(console.ConsoleError) as info:
        console.run_sql(sql, path=warehouse, limits=console.Limits(timeout_s=limit_s))
    assert info.value.kind in kinds, f"{label}: {info.value.kind}: {info.value}"
    assert str(info.value), "the message must say what happened"
    assert time.monotonic() - started < limit_s + console.HARD_KILL_GRACE_S + 8


@pytest.mark.parametrize("label,sql", RUNAWAY, ids=[r[0] for r in RUNAWAY])
def test_runaway_query_stops_at_the_time_limit(warehouse, label, sql):
    started = time.monotonic()
    with pytest.raises(console.ConsoleError) as info:
        console.run_sql(sql, path=warehouse, limits=console.Limits(timeout_s=RUNAWAY_LIMIT_S))
    elapsed = time.monotonic() - started
    assert info.value.kind in ("timeout", "memory"), f"{label}: {info.value.kind}: {info.value}"
    assert elapsed < RUNAWAY_LIMIT_S + console.HARD_KILL_GRACE_S + 6, f"{label} took {elapsed:.1f} s"


def test_enormous_results_are_capped_not_materialised(warehouse):
    result = console.run_sql("SELECT * FROM range(1000000000000)", path=warehouse,
                             limits=console.Limits(max_rows=500))
    assert result.truncated and len(result.frame) == 500
    recursive = console.run_sql("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT * FROM t",
                                path=warehouse, limits=console.Limits(max_rows=100))
    assert recursive.truncated and len(recursive.frame) == 100
    # Byte cap: wide rows are cut before the row cap.
    wide = console.run_sql("SELECT repeat('x', 100000) AS s FROM range(2000)", path=warehouse,
                           limits=console.Limits(max_rows=1000, max_bytes=60 * 1024 * 1024))
    assert wide.truncated and 0 < len(wide.frame) < 2000


def test_the_fenced_engine_is_locked_down(warehouse):
    settings = console.run_sql(
        "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', 'lock_configuration', "
        "'threads', 'autoload_known_extensions', 'autoinstall_known_extensions', 'allow_community_extensions')",
        path=warehouse).frame.set_index("name")["value"].to_dict()
    assert settings == {"enable_external_access": "false", "lock_configuration": "true", "threads": "1",
                        "autoload_known_extensions": "false", "autoinstall_known_extensions": "false",
                        "allow_community_extensions": "false"}
    dbs = console.run_sql("SELECT database_name, readonly FROM duckdb_databases() WHERE NOT internal",
                          path=warehouse).frame
    assert dict(zip(dbs["database_name"], dbs["readonly"]))["warehouse"] == True  # noqa: E712


def test_warehouse_unchanged_and_workers_recover_after_the_battery(warehouse):
    before = _sha(warehouse)
    for _label, sql, _kinds in HOSTILE[:30]:
        with pytest.raises(console.ConsoleError):
            console.run_sql(sql, path=warehouse, limits=console.Limits(timeout_s=REFUSAL_LIMIT_S))
    assert _sha(warehouse) == before
    for stray in ("/tmp/osd-stolen.csv", "/tmp/osd-stolen.parquet", "/tmp/osd-evil.duckdb", "/tmp/osd-export"):
        assert not Path(stray).exists(), f"{stray} was written"
    result = console.run_sql("SELECT count(*) AS n FROM air_daily", path=warehouse)
    assert int(result.frame["n"][0]) == 199_412
    assert console.pool().size == console.MAX_CONCURRENT


def test_dashboard_stays_responsive_while_runaways_hold_every_worker(warehouse, con):
    """Runaway console queries fill the pool; a dashboard query on its own connection
    is not slowed, and an extra console query waits briefly then says 'busy'."""
    errors: list[str] = []

    def runaway():
        try:
            console.run_sql(RUNAWAY[0][1], path=warehouse, limits=console.Limits(timeout_s=3))
        except console.ConsoleError as exc:
            errors.append(exc.kind)

    threads = [threading.Thread(target=runaway) for _ in range(console.MAX_CONCURRENT)]
    for th in threads:
        th.start()
    time.sleep(0.8)
    started = time.monotonic()
    result = queries.run("glance/safety_summary", con=con)
    assert not result.frame.empty and time.monotonic() - started < 1.5
    with pytest.raises(console.ConsoleBusy):
        console.pool().run({"path": str(warehouse), "sql": "SELECT 1", "params": None,
                            "limits": {"max_rows": 10, "timeout_s": 1, "max_bytes": 1000}}, 1, queue_wait_s=0.3)
    for th in threads:
        th.join(timeout=15)
    assert errors == ["timeout"] * console.MAX_CONCURRENT
    assert console.run_sql("SELECT 42 AS x", path=warehouse).frame["x"][0] == 42


def test_a_killed_worker_is_replaced(warehouse):
    console.run_sql("SELECT 1", path=warehouse)
    worker = console.pool()._idle[0]
    worker.proc.kill()
    worker.proc.wait()
    assert console.run_sql("SELECT 7 AS x", path=warehouse).frame["x"][0] == 7


@pytest.mark.parametrize("name", sorted(queries.registry()))
def test_view_the_sql_of_every_named_query_runs_in_the_console(con, warehouse, name):
    """What layout.data_actions shows and links to the console gives the same rows."""
    query = queries.get(name)
    bound = query.bind({})
    expected = queries.run(name, con=con)
    shown = console.run_sql(query.sql_with_values(bound), path=warehouse,
                            limits=console.Limits(max_rows=queries.DEFAULT_MAX_ROWS))
    assert list(shown.frame.columns) == list(expected.frame.columns)
    assert len(shown.frame) == len(expected.frame)


def test_named_query_parameters_are_bound_and_checked(warehouse):
    ok = console.run_named("examples/station_ranking", {"year": "2021"}, path=warehouse)
    assert ok.params["year"] == 2021 and len(ok.frame) > 30
    with pytest.raises(console.BadParameter):
        console.run_named("examples/station_ranking", {"year": "2021; DROP TABLE air_daily"}, path=warehouse)
    with pytest.raises(console.BadParameter):
        console.run_named("examples/station_ranking", {"nope": "1"}, path=warehouse)
    with pytest.raises(console.UnknownName):
        console.run_named("../../etc/passwd", path=warehouse)


def test_error_messages_are_clear(warehouse):
    with pytest.raises(console.SqlSyntaxError, match="syntax"):
        console.run_sql("SELEC 1", path=warehouse)
    with pytest.raises(console.ConsoleError, match="nope"):
        console.run_sql("SELECT nope FROM air_daily", path=warehouse)
    with pytest.raises(console.QueryRefused, match="read-only SELECT"):
        console.run_sql("DROP TABLE air_daily", path=warehouse)
    with pytest.raises(console.ConsoleTimeout, match="time limit"):
        console.run_sql(RUNAWAY[0][1], path=warehouse, limits=console.Limits(timeout_s=1))


def test_a_worker_killed_mid_query_is_reported_as_stopped_not_as_memory(warehouse):
    """Only a worker that really ran out of memory is reported as 'needed more memory'."""
    from queries import workers
    outcome: list[BaseException] = []

    def runaway():
        try:
            console.run_sql(RUNAWAY[0][1], path=warehouse, limits=console.Limits(timeout_s=8))
        except console.ConsoleError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=runaway)
    thread.start()
    deadline = time.monotonic() + 10
    while not console.pool().busy and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    for worker in list(console.pool().busy):
        worker.proc.kill()
    thread.join(timeout=20)
    assert len(outcome) == 1
    error = outcome[0]
    assert isinstance(error, workers.WorkerDied) and error.kind == "failed", (type(error), str(error))
    assert "memory" not in str(error) and "SIGKILL" in str(error)
    # and a worker whose last words are a failed allocation is a memory overrun
    assert workers.death_error(-6, "terminate called after throwing an instance of 'std::bad_alloc'").kind == "memory"
    assert workers.death_error(1, "MemoryError").kind == "memory"
    assert workers.death_error(-9, "").kind == "failed"
    assert console.run_sql("SELECT 5 AS x", path=warehouse).frame["x"][0] == 5
