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
from queries import refresher, serving
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
    assert serving.dataset_status()["air_daily"]["rows"] == 144_612


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
