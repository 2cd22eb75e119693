"""The serving layer both the dashboard and the HTTP API use (queries/serving.py), and
the live refresher's lifecycle (queries/refresher.py): the warehouse pointer is cached
with a cheap validity check and still follows a rebuild; exactly one process per host
refreshes; the server's lifespan starts and stops the refresher."""
from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time

from data_sources import warehouse
from queries import console, refresher, serving
from tests.server_helpers import ROOT


def test_pointer_is_cached_and_follows_a_rebuild(tmp_var, monkeypatch):
    first = warehouse.ensure_warehouse()
    reads = []
    real = warehouse.current_warehouse
    monkeypatch.setattr(warehouse, "current_warehouse", lambda: reads.append(1) or real())
    assert serving.warehouse_path() == first
    for _ in range(50):
        assert serving.warehouse_path() == first
    assert len(reads) <= 1, "the pointer was re-read although nothing changed"
    second = warehouse.build().path
    assert second != first
    assert serving.warehouse_path() == second
    assert serving.dataset_status()["air_daily"]["rows"] == 199_412


HOLDER = textwrap.dedent("""
    import sys
    from queries.refresher import HostLock
    lock = HostLock()
    print("leader" if lock.try_acquire() else "standby", flush=True)
    sys.stdin.read()  # hold until the test closes our stdin
""")


def test_one_refresher_per_host(tmp_var):
    """Several server processes on one host: exactly one holds the refresher lock; when
    it exits, another can take over."""
    env = {"OSD_VAR_DIR": str(tmp_var), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    procs = [subprocess.Popen([sys.executable, "-c", HOLDER], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True) for _ in range(3)]
    try:
        roles = sorted(p.stdout.readline().strip() for p in procs)
    finally:
        for p in procs:
            p.stdin.close()
            p.wait(timeout=30)
    assert roles == ["leader", "standby", "standby"]
    later = subprocess.run([sys.executable, "-c", HOLDER], cwd=ROOT, env=env, input="", capture_output=True,
                           text=True, timeout=30)
    assert later.stdout.strip() == "leader"


def test_a_second_refresher_in_the_same_host_stands_by(tmp_var, monkeypatch):
    ran: list[str] = []
    monkeypatch.setattr(refresher.LiveRefresher, "run_once", lambda self: ran.append(self.name))
    first = refresher.LiveRefresher("k", check_every_s=0.05)
    second = refresher.LiveRefresher("k", check_every_s=0.05)
    first.name, second.name = "first", "second"
    first.start()
    time.sleep(0.3)
    second.start()
    time.sleep(0.3)
    try:
        assert first.is_leader and not second.is_leader
        assert "first" in ran and "second" not in ran
        first.stop()
        time.sleep(0.3)
        assert second.is_leader and "second" in ran  # takes over when the holder stops
    finally:
        first.stop()
        second.stop()


def test_server_lifespan_starts_and_stops_the_refresher(tmp_var, monkeypatch):
    monkeypatch.setenv("SEOUL_OPENAPI_KEY", "lifespan-test-key")
    monkeypatch.setenv("SEOUL_OPENAPI_URL", "http://127.0.0.1:9")  # nothing answers
    monkeypatch.setenv("OSD_HTTP_API", "")
    monkeypatch.setattr(refresher.LiveRefresher, "run_once", lambda self: None)
    import server

    async def cycle():
        async with server.lifespan(server.app):
            running = refresher.running_live_refresher()
            assert running is not None and running.is_leader
        assert refresher.running_live_refresher() is None

    asyncio.run(cycle())


def test_console_cache_is_bounded_by_bytes(warehouse):
    """Results are kept by size, not count: six large console results cannot hold the
    server's memory (each would be kept under a count-only cap of 200)."""
    cache = serving.ResultCache(max_bytes=8 * 2 ** 20)
    sql = "SELECT repeat('x', 1000) || {n} AS s FROM range(1000)"  # ≈ 1 MB of Arrow each
    for n in range(12):
        key = (sql.format(n=n), str(warehouse), 10_000)
        cache.put(key, console.run_sql(sql.format(n=n), path=warehouse))
        assert cache.bytes <= cache.max_bytes
    assert 0 < len(cache) < 12
    assert cache.get((sql.format(n=11), str(warehouse), 10_000)) is not None  # newest kept
    assert cache.get((sql.format(n=0), str(warehouse), 10_000)) is None  # oldest dropped
    big = console.run_sql("SELECT repeat('y', 100000) AS s FROM range(40)", path=warehouse)
    cache.put(("big",), big)  # larger than a quarter of the bound: not kept at all
    assert cache.get(("big",)) is None and cache.bytes <= cache.max_bytes


def test_the_console_uses_the_bounded_cache(warehouse, monkeypatch):
    calls = []
    real = console.run_sql
    monkeypatch.setattr(console, "run_sql", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(serving, "console_cache", serving.ResultCache(max_bytes=2 ** 20))
    first = serving.run_sql_cached("SELECT 41 + 1 AS x", path=warehouse)
    again = serving.run_sql_cached("SELECT 41 + 1 AS x", path=warehouse)
    assert first is again and len(calls) == 1 and serving.console_cache.bytes > 0


def test_api_replies_are_built_off_the_event_loop_and_large_ones_are_bounded(warehouse, monkeypatch):
    """In-process: serialising a reply never runs on the event loop's thread, and at
    most MAX_LARGE_REPLIES large replies are built at once."""
    import importlib
    import threading

    from starlette.requests import Request

    from queries import export
    routes = importlib.import_module("api.routes")  # the package exports the route list under this name

    real = export.to_json_bytes
    on_loop, active, peak = [], [0], [0]
    lock = threading.Lock()

    def spy(table, **meta):
        on_loop.append(threading.current_thread() is loop_thread)
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.2)
        try:
            return real(table, **meta)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(export, "to_json_bytes", spy)

    def request_for(limit: int) -> Request:
        return Request({"type": "http", "method": "GET", "path": "/api/datasets/air_daily", "root_path": "",
                        "query_string": f"limit={limit}".encode(), "headers": [], "scheme": "http",
                        "server": ("test", 80), "path_params": {"dataset_id": "air_daily"}})

    async def pull() -> list[int]:
        replies = await asyncio.gather(*(routes.dataset_rows(request_for(5_000)) for _ in range(6)),
                                       routes.dataset_rows(request_for(3)))
        return [r.status_code for r in replies]

    loop_thread = threading.current_thread()
    assert asyncio.run(pull()) == [200] * 7
    assert on_loop and not any(on_loop), "a reply was serialised on the event loop"
    assert peak[0] <= routes.MAX_LARGE_REPLIES + 1  # the small reply may run beside the large ones


def test_standby_processes_show_the_refresh_failures_the_holder_published(tmp_var, monkeypatch):
    """In the multi-process layout only one process refreshes; a visitor served by
    another process must still see that a live dataset failed to refresh (by title,
    never with the error text, which names the upstream host)."""
    from dashboard import data
    from data_sources import catalog
    live_id = catalog.live_datasets()[0].id

    def failing_run_once(self):
        self.errors[live_id] = "Bike availability: HTTP 500 from openapi.seoul.go.kr"
        self.last_run = time.time()
        self._publish()

    monkeypatch.setattr(refresher.LiveRefresher, "run_once", failing_run_once)
    holder = refresher.LiveRefresher("k", check_every_s=0.05).start()
    standby = refresher.LiveRefresher("k", check_every_s=0.05).start()
    try:
        deadline = time.time() + 10
        while not refresher.published_failures() and time.time() < deadline:
            time.sleep(0.05)
        assert holder.is_leader and not standby.is_leader
        assert standby.errors == {}  # the standby never refreshed itself
        assert standby.failed_datasets() == [live_id]
        monkeypatch.setattr(refresher, "_running", standby)
        titles = data.live_failures("en")
        assert titles == [catalog.get(live_id).title("en")]
        assert "openapi.seoul.go.kr" not in refresher.status_path().read_text()
    finally:
        holder.stop()
        standby.stop()
    # A damaged status file reads as "nothing known", not as an error on every page.
    refresher.status_path().write_text("{not json")
    assert refresher.published_failures() == []
