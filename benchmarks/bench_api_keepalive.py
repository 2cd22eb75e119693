"""Requests per second of one keep-alive HTTP client against the API (issue 14's goal:
a small named query at ≥ 100 requests/s), and how long a cached download takes.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_api_keepalive.py [--base http://127.0.0.1:8501]

Without --base it starts `streamlit run server.py` on a free port and stops it after.
Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


def download_times(base: str, path: str = "/api/datasets/air_daily/download?format=csv") -> list[float]:
    parts = urllib.parse.urlsplit(base)
    out = []
    for _ in range(3):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        started = time.perf_counter()
        conn.request("GET", path)
        conn.getresponse().read()
        out.append(time.perf_counter() - started)
        conn.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base")
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    if args.base:
        run(args.base, args.seconds)
        return
    from devtools.servers import running_server
    with running_server(Path("/tmp") / f"osd-bench-api-{time.time_ns()}.log") as base:
        run(base, args.seconds)


def run(base: str, seconds: float) -> None:
    for route in ROUTES:
        keep_alive_rate(base, route, 0.5)  # warm up (workers, caches)
        rate, median = keep_alive_rate(base, route, seconds)
        print(f"{route:45s} {rate:7.1f} requests/s  (median {median:6.1f} ms, one keep-alive client)")
    first, *again = download_times(base)
    print(f"air_daily CSV download: first {first:.2f} s, then {', '.join(f'{t:.2f}' for t in again)} s")


if __name__ == "__main__":
    main()
