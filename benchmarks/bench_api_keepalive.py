"""Requests per second of one keep-alive HTTP client against the API (issue 14's goal:
a small named query at ≥ 100 requests/s), and whether a dataset download is served from
its cached export (the goal: without re-exporting).

    PYTHONPATH=. .venv/bin/python benchmarks/bench_api_keepalive.py [--base http://127.0.0.1:8501] [--json F]

Without --base it builds a warehouse in a temporary folder, starts `streamlit run server.py`
on it (a free port) and stops it after; the export file on disk is then checked too: the
same file (inode and modification time) before and after the repeated downloads means
they were served without exporting again. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DOWNLOAD = "/api/datasets/air_daily/download?format=csv"
# "{n}" becomes a new number on every request, so that route never hits a cache.
ROUTES = ["/api/queries/glance/safety_summary", "/api/queries/glance/safety_summary?limit={n}",
          "/api/datasets/gu_boundaries?limit=5", "/api"]


def keep_alive_rate(base: str, route: str, seconds: float = 5.0) -> tuple[float, float]:
    """(requests/s, median ms) for one client reusing one connection."""
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    times = []
    deadline = time.perf_counter() + seconds
    n = int(time.time() * 1000) % 40_000
    while time.perf_counter() < deadline:
        n += 1
        started = time.perf_counter()
        conn.request("GET", route.replace("{n}", str(n)))
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{route}: HTTP {response.status}")
        times.append(time.perf_counter() - started)
    conn.close()
    return len(times) / sum(times), 1000 * statistics.median(times)


def download_times(base: str, path: str = DOWNLOAD, times: int = 3) -> tuple[list[float], int]:
    """Seconds of each full download (a new connection each), and the bytes of the last."""
    parts = urllib.parse.urlsplit(base)
    out, size = [], 0
    for _ in range(times):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        started = time.perf_counter()
        conn.request("GET", path)
        size = len(conn.getresponse().read())
        out.append(time.perf_counter() - started)
        conn.close()
    return out, size


def _export_files(var: Path | None) -> dict[str, tuple[int, int]]:
    """(inode, mtime_ns) of every cached export under `var` (empty without a var dir)."""
    if var is None:
        return {}
    return {str(p.relative_to(var)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in (var / "exports").rglob("*") if p.is_file()}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", help="a running server to measure (default: start one on a fresh warehouse)")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per route")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        base, var = (args.base, None) if args.base else stack.enter_context(_server())
        figures = measure(base, args.seconds, var)
    report(figures)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return figures


@contextlib.contextmanager
def _server():
    """This checkout's server on a warehouse built in a temporary var dir: (base URL, var dir)."""
    from devtools.servers import server_on_fresh_warehouse
    with server_on_fresh_warehouse(ROOT, prefix="osd-bench-api-") as (server, var):
        yield server.base, var


def measure(base: str, seconds: float, var: Path | None = None) -> dict:
    routes = []
    for route in ROUTES:
        keep_alive_rate(base, route, 0.5)  # warm up (workers, caches)
        rate, median = keep_alive_rate(base, route, seconds)
        routes.append({"route": route, "requests_per_s": round(rate, 1), "median_ms": round(median, 1)})
    before = _export_files(var)
    (first,), size = download_times(base, times=1)
    exported = _export_files(var)
    again, _ = download_times(base)
    after = _export_files(var)
    return {"routes": routes,
            "download": {"path": DOWNLOAD, "bytes": size, "first_s": round(first, 3),
                         "cached_s": [round(t, 3) for t in again],
                         # known only when this script started the server (it sees the export folder)
                         "export_made_by_first": None if var is None else len(exported) > len(before),
                         "served_without_reexport": None if var is None else (bool(exported) and after == exported)}}


def report(figures: dict) -> None:
    for r in figures["routes"]:
        print(f"{r['route']:45s} {r['requests_per_s']:7.1f} requests/s  (median {r['median_ms']:6.1f} ms, "
              "one keep-alive client)")
    d = figures["download"]
    cached = {True: "the same cached file served again, no new export",
              False: "EXPORTED AGAIN", None: "export folder not visible"}[d["served_without_reexport"]]
    print(f"air_daily CSV download ({d['bytes'] / 1e6:.1f} MB): first {d['first_s']:.2f} s (exports once), then "
          f"{', '.join(f'{t:.2f}' for t in d['cached_s'])} s ({cached})")


if __name__ == "__main__":
    main()
