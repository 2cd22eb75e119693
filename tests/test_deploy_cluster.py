"""The multi-process deployment: deploy/run-cluster.sh starts two Streamlit server
processes behind nginx on loopback; a page (over its websocket) and the HTTP API load
through nginx, sessions stick to one process, static files come compressed and cached,
and `stop` ends every process it started."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from devtools.browser import READY_JS
from devtools.servers import consecutive_free_ports, free_port

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

if not Path(NGINX).exists():
    pytest.skip("nginx is not installed (apt-get install nginx; scripts/setup.sh dev installs it)",
                allow_module_level=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped) counts as stopped.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ")[1][0] != "Z"


@pytest.fixture(scope="module")
def cluster(warehouse, tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("cluster")
    env = dict(os.environ, LISTEN=f"127.0.0.1:{free_port()}", BACKEND_PORT=str(consecutive_free_ports(2)),
               OSD_CLUSTER_DIR=str(run_dir))
    started = subprocess.run(["deploy/run-cluster.sh", "start", "2"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=240)
    pids = {p.stem: int(p.read_text()) for p in run_dir.glob("*.pid")}
    try:
        assert started.returncode == 0, started.stderr
        yield {"base": f"http://{env['LISTEN']}", "run": run_dir, "env": env, "pids": pids}
    finally:
        stopped = subprocess.run(["deploy/run-cluster.sh", "stop"], cwd=ROOT, env=env, capture_output=True,
                                 text=True, timeout=120)
        assert stopped.returncode == 0, stopped.stderr
        time.sleep(0.5)
        assert not [name for name, pid in pids.items() if _alive(pid)], "stop left processes running"


def _get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as reply:
        return reply.status, reply.headers, reply.read()


def _upstreams(run_dir: Path, marker: str, timeout_s: float = 10) -> list[str]:
    """The upstreams of the access-log lines with `marker`; nginx writes a line just after
    its reply (a websocket's when it closes), so wait for one to appear."""
    deadline = time.monotonic() + timeout_s
    while True:
        lines = [l for l in (run_dir / "nginx-access.log").read_text().splitlines() if marker in l]
        if lines or time.monotonic() > deadline:
            return [l.split("upstream=")[1].split()[0] for l in lines]
        time.sleep(0.05)


def test_two_processes_and_nginx_are_running(cluster):
    assert sorted(n.split("-")[0] for n in cluster["pids"]) == ["nginx", "streamlit", "streamlit"]
    status = subprocess.run(["deploy/run-cluster.sh", "status"], cwd=ROOT, env=cluster["env"],
                            capture_output=True, text=True).stdout
    assert status.count("running") == 3, status


def test_the_api_answers_through_nginx(cluster):
    status, headers, body = _get(f"{cluster['base']}/api/datasets/air_daily?limit=10", {"Accept-Encoding": "gzip"})
    assert status == 200
    data = json.loads(gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body)
    assert len(data["rows"]) == 10


def test_static_files_are_compressed_and_cached(cluster):
    _, _, page = _get(f"{cluster['base']}/")
    script = page.decode().split('src="./static/js/')[1].split('"')[0]
    url = f"{cluster['base']}/static/js/{script}"
    _, plain_headers, plain = _get(url)
    _, headers, body = _get(url, {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == plain and len(body) < len(plain) / 2
    assert "immutable" in headers["Cache-Control"]
    assert headers["X-Cache-Status"] == "HIT"  # the first fetch above filled the cache


def test_a_visitor_sticks_to_one_process_and_visitors_spread(cluster):
    first_reply = _get(f"{cluster['base']}/_stcore/health?probe=new")[1]
    assert any(c.startswith("osd_backend=") for c in first_reply.get_all("Set-Cookie"))
    for i in range(6):
        _get(f"{cluster['base']}/_stcore/health?probe=same{i}", {"Cookie": "osd_backend=visitor-one"})
    same = {u for i in range(6) for u in _upstreams(cluster["run"], f"probe=same{i} ")}
    assert len(same) == 1, same
    for i in range(24):
        _get(f"{cluster['base']}/_stcore/health?probe=many{i}", {"Cookie": f"osd_backend=visitor-{i}"})
    spread = {u for i in range(24) for u in _upstreams(cluster["run"], f"probe=many{i} ")}
    assert len(spread) == 2, spread


def test_a_page_loads_in_chromium_through_nginx(cluster, browser):
    page = browser.new_page()
    try:
        page.goto(f"{cluster['base']}/air?lang=en", timeout=120_000)
        page.wait_for_function(READY_JS, timeout=120_000, polling=200)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip()
    finally:
        page.close()
    websocket = _upstreams(cluster["run"], "/_stcore/stream")
    assert websocket, "the session's websocket went through nginx"
