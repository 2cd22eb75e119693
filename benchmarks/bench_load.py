"""Load benchmark: many visitors in headless Chromium while API clients pull data.

    python benchmarks/bench_load.py --sessions 20 50 --layout single cluster

For each layout (`single`: one `streamlit run server.py`; `cluster`: N processes behind
nginx, started with deploy/run-cluster.sh) and each session count it
- opens that many browser sessions at once (contexts in one headless Chromium), each
  loading a page, then switching pages through the sidebar (a rerun over the same
  websocket, as a visitor clicking around; `--switches`);
- meanwhile runs API clients that pull dataset pages and named queries in a loop;
- samples the memory (RSS) of every server process (and nginx) once a second.
It prints page-ready p50/p95 (navigation → script finished and the page drawn: title, charts, maps),
page-switch p50/p95, errors, API throughput and latency, and memory over time, and
writes everything to a JSON file. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools import browser as chromium  # noqa: E402
from devtools.browser import READY_JS  # noqa: E402
from devtools.servers import DashboardServer, consecutive_free_ports, free_port  # noqa: E402

PAGES = ["", "air", "traffic", "bikes"]  # "" is the first page (glance)
API_PATHS = ["/api/datasets/air_daily?limit=5000", "/api/queries/examples/pm25_by_year", "/api/datasets",
             "/api/datasets/bike_live?limit=1000"]

def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


# --------------------------------------------------------------------------- servers

class Layout:
    name = ""
    base = ""

    def pids(self) -> dict[str, int]:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


class Single(Layout):
    """One `streamlit run server.py` on a free loopback port."""

    name = "single"

    def __init__(self, log_dir: Path, extra_args: list[str] | None = None):
        port = free_port()
        self._server = DashboardServer(log_dir / f"single-{port}.log", port=port, args=extra_args or (),
                                       new_session=True)
        self.base = self._server.base

    def pids(self) -> dict[str, int]:
        return {"streamlit": self._server.pid}

    def stop(self) -> None:
        self._server.stop()


class Cluster(Layout):
    """deploy/run-cluster.sh start N: N processes behind nginx."""

    name = "cluster"

    def __init__(self, processes: int, run_dir: Path):
        self._env = dict(os.environ, LISTEN=f"127.0.0.1:{free_port()}",
                         BACKEND_PORT=str(consecutive_free_ports(processes)), OSD_CLUSTER_DIR=str(run_dir))
        self._run_dir = run_dir
        self.base = f"http://{self._env['LISTEN']}"
        subprocess.run(["deploy/run-cluster.sh", "start", str(processes)], cwd=ROOT, env=self._env, check=True,
                       stdout=subprocess.DEVNULL)

    def pids(self) -> dict[str, int]:
        out = {}
        for pidfile in sorted(self._run_dir.glob("*.pid")):
            out[pidfile.stem] = int(pidfile.read_text())
        return out

    def stop(self) -> None:
        subprocess.run(["deploy/run-cluster.sh", "stop"], cwd=ROOT, env=self._env, check=False,
                       stdout=subprocess.DEVNULL)


# --------------------------------------------------------------------------- sampling

class MemorySampler(threading.Thread):
    """RSS (MiB) of each named process with its children (nginx's workers, a server's
    query worker processes) once a second."""

    def __init__(self, pids: dict[str, int]):
        super().__init__(daemon=True)
        self._procs = {}
        for name, pid in pids.items():
            try:
                self._procs[name] = psutil.Process(pid)
            except psutil.NoSuchProcess:
                pass
        self.samples: list[dict] = []
        self._halt = threading.Event()
        self._t0 = time.monotonic()

    def run(self) -> None:
        while not self._halt.is_set():
            row = {"t": round(time.monotonic() - self._t0, 1)}
            for name, proc in self._procs.items():
                try:
                    rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
                    row[name] = round(rss / 2**20)
                except psutil.Error:
                    row[name] = None
            self.samples.append(row)
            self._halt.wait(1.0)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def cpu_seconds(pids: dict[str, int]) -> float:
    """CPU time (user + system) of the processes and their children (query workers)."""
    total = 0.0
    for pid in pids.values():
        try:
            proc = psutil.Process(pid)
            for p in [proc, *proc.children(recursive=True)]:
                times = p.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            pass
    return total


@dataclass
class ApiStats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def api_client(base: str, stop: threading.Event, stats: ApiStats, lock: threading.Lock, offset: int) -> None:
    i = offset
    while not stop.is_set():
        path = API_PATHS[i % len(API_PATHS)]
        i += 1
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base + path, timeout=60) as reply:
                reply.read()
            with lock:
                stats.latencies.append(time.monotonic() - started)
        except Exception as exc:  # counted, never fatal
            with lock:
                stats.errors.append(f"{path}: {type(exc).__name__}: {exc}"[:200])


# --------------------------------------------------------------------------- browsers

@dataclass
class SessionStats:
    ready: list[float] = field(default_factory=list)
    switch: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def _wait_ready(page, timeout_s: float) -> None:
    await page.wait_for_function(READY_JS, timeout=timeout_s * 1000, polling=100)


async def visitor(browser, base: str, index: int, stats: SessionStats, timeout_s: float, switches: int) -> None:
    context = await browser.new_context(viewport={"width": 1024, "height": 768})
    page = await context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    path = PAGES[index % len(PAGES)]
    try:
        started = time.monotonic()
        # Ready means the script finished and the page drew (READY_JS), not the browser's
        # load event: with dozens of tabs on a small machine that event measures the client.
        await page.goto(f"{base}/{path}?lang={'ko' if index % 2 else 'en'}", timeout=timeout_s * 1000,
                        wait_until="commit")
        await _wait_ready(page, timeout_s)
        stats.ready.append(time.monotonic() - started)
        if await page.locator("[data-testid='stException']").count():
            stats.errors.append(f"session {index}: exception on /{path}")
        for step in range(1, switches + 1):  # switch pages through the sidebar (same websocket session)
            target = PAGES[(index + step) % len(PAGES)]
            link = page.locator(f"[data-testid='stSidebarNav'] a[href$='/{target}']" if target else
                                "[data-testid='stSidebarNav'] a").first
            before = await page.locator("[data-testid='stMain'] h1").first.inner_text()
            started = time.monotonic()
            await link.click(timeout=timeout_s * 1000)
            await page.wait_for_function(
                "(before) => { const h = document.querySelector('[data-testid=\"stMain\"] h1');"
                " return !!h && h.innerText !== before; }", arg=before, timeout=timeout_s * 1000, polling=100)
            await _wait_ready(page, timeout_s)
            stats.switch.append(time.monotonic() - started)
        real_errors = [e for e in page_errors if "ResizeObserver" not in e]
        if real_errors:
            stats.errors.append(f"session {index}: page error {real_errors[0][:160]}")
    except Exception as exc:
        stats.errors.append(f"session {index} (/{path}): {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
    finally:
        await context.close()


async def run_visitors(base: str, sessions: int, timeout_s: float, ramp_s: float, switches: int) -> SessionStats:
    from playwright.async_api import async_playwright
    stats = SessionStats()
    async with async_playwright() as p:
        browser = await chromium.launch(p)
        try:
            async def delayed(i: int):
                await asyncio.sleep(ramp_s * i / max(1, sessions))
                await visitor(browser, base, i, stats, timeout_s, switches)
            await asyncio.gather(*(delayed(i) for i in range(sessions)))
        finally:
            await browser.close()
    return stats


def warm_up(base: str) -> None:
    """One visit per page first, so caches and imports are warm in every process."""
    async def go():
        from playwright.async_api import async_playwright
        async with async_playwright() as p:
            browser = await chromium.launch(p)
            try:
                for _ in range(2):  # twice: behind nginx each visit may land on another process
                    for path in PAGES:
                        context = await browser.new_context()
                        page = await context.new_page()
                        try:
                            await page.goto(f"{base}/{path}", timeout=120_000)
                            await _wait_ready(page, 120)
                        finally:
                            await context.close()
            finally:
                await browser.close()
    asyncio.run(go())


# --------------------------------------------------------------------------- one run

def run_load(layout: Layout, sessions: int, api_clients: int, timeout_s: float, ramp_s: float,
             switches: int) -> dict:
    pids = layout.pids()
    sampler = MemorySampler(pids)
    sampler.start()
    stop = threading.Event()
    api_stats, lock = ApiStats(), threading.Lock()
    threads = [threading.Thread(target=api_client, args=(layout.base, stop, api_stats, lock, i), daemon=True)
               for i in range(api_clients)]
    cpu_before = cpu_seconds({k: v for k, v in pids.items() if k != "nginx"})
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    for t in threads:
        t.start()
    try:
        stats = asyncio.run(run_visitors(layout.base, sessions, timeout_s, ramp_s, switches))
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=70)
        wall = time.monotonic() - started
        sampler.stop()
    cpu = cpu_seconds({k: v for k, v in pids.items() if k != "nginx"}) - cpu_before
    peaks = {name: max((s[name] for s in sampler.samples if s.get(name) is not None), default=None)
             for name in pids}
    return {
        "layout": layout.name, "processes": sum(1 for k in pids if k != "nginx"), "sessions": sessions,
        "api_clients": api_clients, "switches_per_session": switches,
        "machine_load_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)], "wall_s": round(wall, 1), "server_cpu_s": round(cpu, 1),
        "page_ready_s": {"n": len(stats.ready), "p50": _r(pct(stats.ready, 50)), "p95": _r(pct(stats.ready, 95)),
                         "max": _r(max(stats.ready, default=None))},
        "page_switch_s": {"n": len(stats.switch), "p50": _r(pct(stats.switch, 50)), "p95": _r(pct(stats.switch, 95))},
        "session_errors": stats.errors,
        "api": {"requests": len(api_stats.latencies), "errors": len(api_stats.errors),
                "error_examples": api_stats.errors[:5],
                "per_s": round(len(api_stats.latencies) / wall, 1) if wall else None,
                "p50_s": _r(pct(api_stats.latencies, 50)), "p95_s": _r(pct(api_stats.latencies, 95))},
        "memory_peak_mib": peaks,
        "memory_mib": sampler.samples,
    }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def print_run(result: dict) -> None:
    ready, switch, api = result["page_ready_s"], result["page_switch_s"], result["api"]
    print(f"\n== {result['layout']} ({result['processes']} process(es)), {result['sessions']} sessions, "
          f"{result['api_clients']} API clients: {result['wall_s']} s wall, server CPU {result['server_cpu_s']} s, "
          f"machine load {result['machine_load_1min'][0]} → {result['machine_load_1min'][1]}")
    print(f"   page ready   p50 {ready['p50']} s  p95 {ready['p95']} s  max {ready['max']} s  ({ready['n']} loaded)")
    print(f"   page switch  p50 {switch['p50']} s  p95 {switch['p95']} s  ({switch['n']} switches)")
    print(f"   session errors {len(result['session_errors'])}" +
          (f": {result['session_errors'][:3]}" if result["session_errors"] else ""))
    print(f"   API {api['requests']} requests ({api['per_s']}/s), p50 {api['p50_s']} s, p95 {api['p95_s']} s, "
          f"errors {api['errors']}")
    samples = result["memory_mib"]
    names = [k for k in result["memory_peak_mib"]]
    print("   memory MiB over time: " + "  ".join(
        f"t={s['t']:.0f}s " + "/".join(str(s.get(n)) for n in names)
        for s in samples[:: max(1, len(samples) // 8)]) + f"   ({'/'.join(names)})")
    print(f"   peak MiB: {result['memory_peak_mib']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--layout", nargs="+", choices=["single", "cluster"], default=["single", "cluster"])
    parser.add_argument("--processes", type=int, default=2, help="server processes in the cluster layout")
    parser.add_argument("--api-clients", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=240, help="seconds a session may wait for a page")
    parser.add_argument("--ramp", type=float, default=20, help="seconds over which the sessions arrive")
    parser.add_argument("--switches", type=int, default=1, help="page switches per session after the first page")
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "bench_load.json")
    args = parser.parse_args(argv)
    if not chromium.chromium_installed():
        print("error: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    work = ROOT / "artifacts" / "bench_load"
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "data_sources", "-q", "status"], cwd=ROOT, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False)
    from data_sources import warehouse
    warehouse.ensure_warehouse()  # (a warehouse built by older code is rebuilt)
    results = []
    for name in args.layout:
        layout = Single(work) if name == "single" else Cluster(args.processes, work / "cluster")
        try:
            warm_up(layout.base)
            for sessions in args.sessions:
                result = run_load(layout, sessions, args.api_clients, args.timeout, args.ramp, args.switches)
                print_run(result)
                results.append(result)
        finally:
            layout.stop()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": {"cpus": os.cpu_count(),
                                                 "memory_gib": round(psutil.virtual_memory().total / 2**30, 1)},
                                     "runs": results}, indent=2))
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
