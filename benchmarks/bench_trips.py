#!/usr/bin/env python
"""Benchmark the trip views on a SYNTHETIC year of trips: DuckDB versus pandas, plus the
streaming import of one official-format monthly CSV.

    .venv/bin/python benchmarks/bench_trips.py                # 40 M rows (generated if missing)
    .venv/bin/python benchmarks/bench_trips.py --rows 4000000 --repeat 5

What it does, in one run:

1. makes sure the synthetic year exists (`scripts/generate_synthetic_trips.py`, 12 monthly
   zstd parquet files in var/synthetic/trips/, `synthetic=true` in their metadata) and
   one month in the official CP949 CSV layout (var/synthetic/csv/);
2. runs every trip view — the very SQL files in queries/bikes/trips_*.sql, parameters
   bound as in the app — in separate processes:
     * DuckDB over the parquet files (a view; threads=2, memory_limit 2GB as the app's
       read-only connections),
     * DuckDB over a database file built from them (build time reported),
     * pandas the usual way: read the needed columns of all files into one DataFrame,
       then groupby / value_counts;
   each query runs once to warm up and `--repeat` more times (median reported); each
   process reports its own peak RSS (getrusage), and the parent kills a process that
   passes `--mem-cap-gb` or `--timeout` and reports that instead of crashing;
3. imports the monthly CSV with `data_sources.importers.rental_history` (streaming) and,
   for comparison, with `pandas.read_csv(encoding="cp949")` + `to_parquet`;
4. prints one table and writes all figures to var/bench/bench_trips-<stamp>.json.

ALL DATA HERE IS SYNTHETIC. The figures measure software, not Seoul.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from data_sources import settings  # noqa: E402

PY = sys.executable
GENERATOR = PROJECT_ROOT / "scripts" / "generate_synthetic_trips.py"
TRIP_COLUMNS = ["rent_at", "rent_station_no", "rent_station_name", "return_station_no", "return_station_name",
                "duration_min", "distance_m"]
DUCKDB_THREADS = 2
DUCKDB_MEMORY_LIMIT = "2GB"  # as the app's read-only warehouse connections


def cases(month: str) -> list[tuple[str, str, dict]]:
    """(label, query name, parameters) — the trip views of the dashboard."""
    return [
        ("trips by hour of day", "trips_by_hour", {}),
        ("trips by month", "trips_by_month", {}),
        ("duration histogram (5 min bins)", "trips_duration_hist", {}),
        ("distance histogram (500 m bins)", "trips_distance_hist", {}),
        ("top 20 routes", "trips_top_routes", {"limit": 20}),
        ("station rentals/returns/imbalance", "trips_station_balance", {"limit": 20}),
        (f"trips by hour, month={month}", "trips_by_hour", {"month": month}),
        (f"top 20 routes, month={month}", "trips_top_routes", {"month": month, "limit": 20}),
    ]


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def trip_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("synthetic_trips_*.parquet"))


# =========================================================================================
# workers (run in their own process; print one JSON line)
# =========================================================================================

def _comparable(frame, query: str) -> list:
    """A result reduced to what both engines must agree on (names are any_value/first)."""
    keep = [c for c in frame.columns if not c.endswith("_name")]
    rows = []
    for rec in frame[keep].itertuples(index=False):
        rows.append([round(float(v), 4) if isinstance(v, float) else (v if isinstance(v, str) else int(v))
                     for v in rec])
    return rows


def _time_cases(run_case, case_list, repeat: int) -> dict:
    out = {}
    for label, query, params in case_list:
        times = []
        result = None
        for _ in range(repeat + 1):
            t = time.perf_counter()
            result = run_case(query, params)
            times.append(time.perf_counter() - t)
        out[label] = {"query": query, "params": params, "first_s": times[0],
                      "median_s": statistics.median(times[1:]) if repeat else times[0],
                      "rows": len(result), "result": _comparable(result, query)}
    return out


def _duckdb_runner(con):
    import queries

    def run_case(query: str, params: dict):
        q = queries.get(f"bikes/{query}")
        bound = q.bind(params)
        used = {k: v for k, v in bound.items() if f"${k}" in q.sql}
        return queries.execute_select(con, q.sql, used, timeout_s=3600).frame
    return run_case


def worker_duckdb_parquet(args) -> dict:
    import duckdb
    files = trip_files(Path(args.data_dir))
    t = time.perf_counter()
    con = duckdb.connect(config={"threads": DUCKDB_THREADS, "memory_limit": DUCKDB_MEMORY_LIMIT})
    listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    con.execute(f"CREATE VIEW trips AS SELECT * FROM read_parquet([{listed}])")  # views cannot take parameters
    setup = time.perf_counter() - t
    res = _time_cases(_duckdb_runner(con), cases(args.month), args.repeat)
    return {"setup_s": setup, "cases": res, "peak_rss": peak_rss_bytes(),
            "bytes_on_disk": sum(f.stat().st_size for f in files)}


def worker_duckdb_build(args) -> dict:
    import duckdb
    files = trip_files(Path(args.data_dir))
    db = Path(args.db_path)
    db.unlink(missing_ok=True)
    t = time.perf_counter()
    con = duckdb.connect(str(db), config={"threads": DUCKDB_THREADS, "memory_limit": "4GB"})
    con.execute("CREATE TABLE trips AS SELECT * FROM read_parquet(?)", [[str(f) for f in files]])
    con.execute("CHECKPOINT")
    rows = con.execute("SELECT count(*) FROM trips").fetchone()[0]
    con.close()
    return {"build_s": time.perf_counter() - t, "rows": rows, "peak_rss": peak_rss_bytes(),
            "bytes_on_disk": db.stat().st_size}


def worker_duckdb_file(args) -> dict:
    import duckdb
    t = time.perf_counter()
    con = duckdb.connect(args.db_path, read_only=True,
                         config={"threads": DUCKDB_THREADS, "memory_limit": DUCKDB_MEMORY_LIMIT})
    setup = time.perf_counter() - t
    res = _time_cases(_duckdb_runner(con), cases(args.month), args.repeat)
    return {"setup_s": setup, "cases": res, "peak_rss": peak_rss_bytes()}


# --- pandas: the same views, the usual way -----------------------------------------------

def _pandas_views():
    import numpy as np
    import pandas as pd

    def month_slice(df, month):
        if not month:
            return df
        start = pd.Timestamp(month + "-01")
        end = start + pd.offsets.MonthBegin(1)
        return df[(df["rent_at"] >= start) & (df["rent_at"] < end)]

    def trips_by_hour(df, month="", **_):
        d = month_slice(df, month)
        d = d[d["rent_at"].notna()]
        s = d["rent_at"].dt.hour.value_counts().sort_index()
        return pd.DataFrame({"hour": s.index.astype("int32"), "trips": s.to_numpy(dtype="int64")})

    def trips_by_month(df, month="", **_):
        d = month_slice(df, month)
        d = d[d["rent_at"].notna()]
        g = d.groupby(d["rent_at"].dt.to_period("M")).agg(
            trips=("rent_at", "size"), avg_duration_min=("duration_min", "mean"),
            avg_distance_m=("distance_m", "mean"))
        g.index = g.index.strftime("%Y-%m")
        return g.rename_axis("month").reset_index()

    def hist(df, column, width, cap, out_name, month):
        d = month_slice(df, month)
        v = d[column]
        v = v[v.notna() & (v >= 0)]
        bins = np.minimum(np.floor(v.to_numpy() / width) * width, cap).astype("int32")
        s = pd.Series(bins).value_counts().sort_index()
        return pd.DataFrame({out_name: s.index.astype("int32"), "trips": s.to_numpy(dtype="int64")})

    def trips_duration_hist(df, month="", bin_min=5, max_min=120, **_):
        return hist(df, "duration_min", bin_min, max_min, "bin_start_min", month)

    def trips_distance_hist(df, month="", bin_m=500, max_m=10000, **_):
        return hist(df, "distance_m", bin_m, max_m, "bin_start_m", month)

    def trips_top_routes(df, month="", limit=20, **_):
        d = month_slice(df, month)
        d = d[d["rent_station_no"].notna() & d["return_station_no"].notna()]
        g = d.groupby(["rent_station_no", "return_station_no"], sort=False).agg(
            rent_station_name=("rent_station_name", "first"), return_station_name=("return_station_name", "first"),
            trips=("rent_at", "size"), avg_duration_min=("duration_min", "mean"),
            avg_distance_m=("distance_m", "mean")).reset_index()
        g = g.sort_values(["trips", "rent_station_no", "return_station_no"], ascending=[False, True, True]).head(limit)
        return g[["rent_station_no", "rent_station_name", "return_station_no", "return_station_name", "trips",
                  "avg_duration_min", "avg_distance_m"]].reset_index(drop=True)

    def trips_station_balance(df, month="", limit=20, **_):
        d = month_slice(df, month)
        r = d.groupby("rent_station_no").agg(station_name=("rent_station_name", "first"),
                                             rentals=("rent_station_no", "size"))
        b = d.groupby("return_station_no").agg(return_name=("return_station_name", "first"),
                                               returns=("return_station_no", "size"))
        m = r.join(b, how="outer")
        m["station_name"] = m["station_name"].fillna(m["return_name"])
        m[["rentals", "returns"]] = m[["rentals", "returns"]].fillna(0).astype("int64")
        m["net"] = m["returns"] - m["rentals"]
        m["imbalance"] = m["net"] / (m["rentals"] + m["returns"])
        m = m.rename_axis("station_no").reset_index()
        m["abs_net"] = m["net"].abs()
        m = m.sort_values(["abs_net", "station_no"], ascending=[False, True]).head(limit)
        return m[["station_no", "station_name", "rentals", "returns", "net", "imbalance"]].reset_index(drop=True)

    return {f.__name__: f for f in (trips_by_hour, trips_by_month, trips_duration_hist, trips_distance_hist,
                                    trips_top_routes, trips_station_balance)}


def worker_pandas(args) -> dict:
    import pandas as pd
    files = trip_files(Path(args.data_dir))
    if args.max_files:
        files = files[: args.max_files]
    t = time.perf_counter()
    df = pd.concat([pd.read_parquet(f, columns=TRIP_COLUMNS) for f in files], ignore_index=True)
    load = time.perf_counter() - t
    rss_after_load = peak_rss_bytes()
    views = _pandas_views()
    res = _time_cases(lambda query, params: views[query](df, **params), cases(args.month), args.repeat)
    return {"load_s": load, "rows": len(df), "files": len(files), "cases": res, "peak_rss": peak_rss_bytes(),
            "peak_rss_after_load": rss_after_load,
            "frame_bytes": int(df.memory_usage(deep=True).sum()),
            "dtypes": {c: str(t) for c, t in df.dtypes.items()}}


# --- monthly CSV import ---------------------------------------------------------------------

def worker_import(args) -> dict:
    from data_sources.importers.rental_history import import_rental_history
    dest = Path(tempfile.mkdtemp(dir=args.scratch, prefix="import-"))
    try:
        t = time.perf_counter()
        r = import_rental_history(args.csv, dest)
        elapsed = time.perf_counter() - t
        return {"seconds": elapsed, "rows": r.rows, "rejected_rows": r.rejected_rows,
                "unparseable_timestamps": r.unparseable_timestamps, "partition": r.partition,
                "parquet_bytes": r.tmp_parquet.stat().st_size, "peak_rss": peak_rss_bytes()}
    finally:
        shutil.rmtree(dest, ignore_errors=True)


def worker_pandas_import(args) -> dict:
    import pandas as pd
    from data_sources.importers.rental_history import CANONICAL_NAMES
    dest = Path(tempfile.mkdtemp(dir=args.scratch, prefix="pandas-import-"))
    try:
        t = time.perf_counter()
        df = pd.read_csv(args.csv, encoding="cp949", dtype=str, na_values=["", "\\N"], keep_default_na=False)
        df.columns = CANONICAL_NAMES[: len(df.columns)]
        for c in ("rent_at", "return_at"):
            df[c] = pd.to_datetime(df[c], format="%Y-%m-%d %H:%M:%S", errors="coerce")
        for c in ("rent_station_no", "return_station_no", "birth_year"):
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int32")
        for c in ("duration_min", "distance_m"):
            df[c] = pd.to_numeric(df[c], errors="coerce")
        df["gender"] = df["gender"].str.upper()
        df.to_parquet(dest / "month.parquet", compression="zstd")
        elapsed = time.perf_counter() - t
        return {"seconds": elapsed, "rows": len(df), "peak_rss": peak_rss_bytes(),
                "parquet_bytes": (dest / "month.parquet").stat().st_size}
    finally:
        shutil.rmtree(dest, ignore_errors=True)


WORKERS = {
    "duckdb-parquet": worker_duckdb_parquet, "duckdb-build": worker_duckdb_build,
    "duckdb-file": worker_duckdb_file, "pandas": worker_pandas,
    "import": worker_import, "pandas-import": worker_pandas_import,
}


# =========================================================================================
# parent: orchestration, watchdog, report
# =========================================================================================

def _rss_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_worker(kind: str, args, extra: list[str] | None = None) -> dict:
    """Run one worker in a fresh process; never raises — failures come back as a dict."""
    cmd = [PY, str(Path(__file__).resolve()), "--worker", kind, "--data-dir", str(args.data_dir),
           "--month", args.month, "--repeat", str(args.repeat), "--db-path", str(args.db_path),
           "--csv", str(args.csv), "--scratch", str(args.scratch), *(extra or [])]
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    cap = int(args.mem_cap_gb * 1024 ** 3)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=PROJECT_ROOT)
        seen_rss, killed = 0, None
        while proc.poll() is None:
            rss = _rss_of(proc.pid)
            seen_rss = max(seen_rss, rss)
            if rss > cap:
                killed = f"killed by the benchmark at {rss / 1024 ** 3:.1f} GiB RSS (cap {args.mem_cap_gb:g} GiB)"
            elif time.perf_counter() - started > args.timeout:
                killed = f"killed by the benchmark after {args.timeout:g} s (time limit)"
            if killed:
                proc.kill()
                proc.wait()
                break
            time.sleep(0.2)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    wall = time.perf_counter() - started
    if killed:
        return {"ok": False, "error": killed, "wall_s": wall, "peak_rss": seen_rss}
    if proc.returncode != 0:
        last = (stderr.strip().splitlines() or ["(no output)"])[-1]
        why = "killed by the kernel (out of memory?)" if proc.returncode == -9 else last
        return {"ok": False, "error": f"exit {proc.returncode}: {why}", "wall_s": wall, "peak_rss": seen_rss}
    result = json.loads(stdout.strip().splitlines()[-1])
    result.update(ok=True, wall_s=wall)
    return result


def ensure_data(args) -> dict:
    manifest_path = args.data_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    info = {"generated_now": False}
    if manifest.get("rows") != args.rows or manifest.get("seed") != args.seed or len(trip_files(args.data_dir)) != 12:
        print(f"generating the SYNTHETIC year: {args.rows:,} rows -> {args.data_dir} ...", flush=True)
        t = time.perf_counter()
        subprocess.run([PY, str(GENERATOR), "--rows", str(args.rows), "--seed", str(args.seed),
                        "--out-dir", str(args.data_dir)], check=True, cwd=PROJECT_ROOT)
        info.update(generated_now=True, generate_s=time.perf_counter() - t)
        manifest = json.loads(manifest_path.read_text())
    info["manifest"] = {k: manifest[k] for k in ("rows", "seed", "year", "generated_at", "seconds")}
    sidecar = Path(str(args.csv) + ".json")
    meta = json.loads(sidecar.read_text()) if sidecar.exists() else {}
    if not args.csv.exists() or meta.get("year_rows") != args.rows or meta.get("seed") != args.seed \
            or meta.get("month") != args.month:
        print(f"writing the SYNTHETIC official-format CSV for {args.month} -> {args.csv} ...", flush=True)
        t = time.perf_counter()
        subprocess.run([PY, str(GENERATOR), "--rows", str(args.rows), "--seed", str(args.seed),
                        "--csv-month", args.month, "--csv-out", str(args.csv)], check=True, cwd=PROJECT_ROOT)
        info["csv_generate_s"] = time.perf_counter() - t
        meta = json.loads(sidecar.read_text())
    info["csv"] = meta
    return info


def _gib(n: int | None) -> str:
    return "-" if not n else f"{n / 1024 ** 3:.2f} GiB"


def _secs(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def _cell(res: dict, label: str) -> str:
    if not res.get("ok"):
        return "failed"
    c = res["cases"].get(label)
    return "-" if c is None else f"{_secs(c['median_s'])} ({_secs(c['first_s'])})"


def report(args, data: dict, dp: dict, build: dict, df: dict, pd_res: dict, imp: dict, pdimp: dict,
           env: dict) -> str:
    rows = data["manifest"]["rows"]
    lines = []
    w = lines.append
    w("=" * 118)
    w(f"SYNTHETIC DATA — {rows:,} invented trips for {data['manifest']['year']} (seed {data['manifest']['seed']}), "
      "made by scripts/generate_synthetic_trips.py")
    w("Not real trips: the figures measure the software, not Seoul.")
    w(f"Machine: {env['cores']} cores, {env['ram_gib']:.1f} GiB RAM, {env['platform']}; Python {env['python']}, "
      f"DuckDB {env['duckdb']} (threads={DUCKDB_THREADS}, memory_limit={DUCKDB_MEMORY_LIMIT}), "
      f"pandas {env['pandas']}, pyarrow {env['pyarrow']}")
    w(f"Load average at start {env['load_start']}, at end {env['load_end']} (the machine may be shared).")
    w("=" * 118)
    pandas_rows = pd_res.get("rows") if pd_res.get("ok") else None
    w(f"Trip views: median of {args.repeat} runs after a warm-up (first run in brackets). "
      "Same SQL files as the app (queries/bikes/trips_*.sql).")
    head = f"{'view':<36}{'DuckDB on parquet':>22}{'DuckDB on .duckdb':>22}{'pandas':>22}{'pandas÷DuckDB':>14}{'same':>6}"
    w(head)
    w("-" * len(head))
    for label, query, _params in cases(args.month):
        ratio, same = "-", "-"
        if dp.get("ok") and pd_res.get("ok"):
            a, b = dp["cases"][label], pd_res["cases"][label]
            best = min(a["median_s"], df["cases"][label]["median_s"]) if df.get("ok") else a["median_s"]
            r = b["median_s"] / best if best > 0 else None
            ratio = "-" if r is None else (f"{r:.0f}×" if r >= 10 else f"{r:.1f}×")
            if pandas_rows == rows:
                same = "yes" if _same(a["result"], b["result"]) else "NO"
            else:
                same = "n/a"
        w(f"{label:<36}{_cell(dp, label):>22}{_cell(df, label):>22}{_cell(pd_res, label):>22}{ratio:>14}{same:>6}")
    w("-" * len(head))
    load_pd = f"load {_secs(pd_res.get('load_s'))}" if pd_res.get("ok") else "-"
    w(f"{'one-off: view / build / load':<36}{'view ' + _secs(dp.get('setup_s')):>22}"
      f"{('build ' + _secs(build.get('build_s'))) if build.get('ok') else 'failed':>22}{load_pd:>22}")
    w(f"{'peak RSS of the process':<36}{_gib(dp.get('peak_rss')):>22}{_gib(df.get('peak_rss')):>22}"
      f"{_gib(pd_res.get('peak_rss')):>22}")
    w(f"{'  (building the .duckdb file)':<36}{'':>22}{_gib(build.get('peak_rss')):>22}"
      f"{('frame ' + _gib(pd_res.get('frame_bytes'))) if pd_res.get('ok') else '':>22}")
    w(f"{'data on disk':<36}{_gib(dp.get('bytes_on_disk')):>22}{_gib(build.get('bytes_on_disk')):>22}"
      f"{'(in memory)':>22}")
    for name, res in (("DuckDB/parquet", dp), ("DuckDB build", build), ("DuckDB/file", df), ("pandas", pd_res)):
        if not res.get("ok"):
            w(f"NOTE {name}: {res.get('error')}")
    if pd_res.get("ok") and pandas_rows != rows:
        w(f"NOTE pandas ran on {pandas_rows:,} rows ({pd_res['files']} of 12 months), not {rows:,}: "
          f"{pd_res.get('fallback_reason', '')}")
    w("")
    csv = data["csv"]
    w(f"Monthly CSV import — SYNTHETIC official-format file {Path(args.csv).name}: {csv['rows']:,} rows, "
      f"{csv['bytes'] / 1e6:.0f} MB CP949, {csv['vintage']} columns")
    head2 = f"{'approach':<58}{'time':>12}{'peak RSS':>14}{'rows':>14}{'parquet':>14}"
    w(head2)
    w("-" * len(head2))
    for name, res in (("data_sources.importers.rental_history (streaming, DuckDB)", imp),
                      ("pandas.read_csv(encoding='cp949') + to_parquet", pdimp)):
        if res.get("ok"):
            w(f"{name:<58}{_secs(res['seconds']):>12}{_gib(res['peak_rss']):>14}{res['rows']:>14,}"
              f"{res['parquet_bytes'] / 1e6:>11.0f} MB")
        else:
            w(f"{name:<58}{'failed':>12}{_gib(res.get('peak_rss')):>14}  {res.get('error')}")
    if imp.get("ok"):
        w(f"(streaming import: {imp['rejected_rows']} rejected rows, {imp['unparseable_timestamps']} unparseable "
          f"timestamps, partition {imp['partition']})")
    w("=" * 118)
    return "\n".join(lines)


def _same(a: list, b: list) -> bool:
    if len(a) != len(b):
        return False
    for ra, rb in zip(a, b):
        if len(ra) != len(rb):
            return False
        for x, y in zip(ra, rb):
            if isinstance(x, float) or isinstance(y, float):
                if abs(float(x) - float(y)) > 1e-6 * max(1.0, abs(float(x))):
                    return False
            elif x != y:
                return False
    return True


def _env() -> dict:
    import duckdb
    import pandas
    import pyarrow
    with open("/proc/meminfo") as fh:
        total_kib = int(next(l for l in fh if l.startswith("MemTotal")).split()[1])
    return {"cores": os.cpu_count(), "ram_gib": total_kib / 1024 ** 2, "platform": platform.platform(terse=True),
            "python": platform.python_version(), "duckdb": duckdb.__version__, "pandas": pandas.__version__,
            "pyarrow": pyarrow.__version__, "load_start": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="DuckDB vs pandas on SYNTHETIC trips, and the monthly CSV import.")
    ap.add_argument("--rows", type=int, default=40_000_000, help="synthetic rows for the year (default 40 M)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--month", default="2024-06", help="month for the filtered views and the CSV import")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--mem-cap-gb", type=float, default=16.0, help="kill a worker above this RSS")
    ap.add_argument("--timeout", type=float, default=3600.0, help="kill a worker after this many seconds")
    ap.add_argument("--pandas-fallback-rows", type=int, default=10_000_000,
                    help="if pandas fails on the full year, retry on the first months up to this many rows")
    ap.add_argument("--skip-pandas", action="store_true")
    ap.add_argument("--keep-db", action="store_true", help="keep the benchmark's .duckdb file (≈ 1.2 GB at 40 M)")
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--csv", type=Path, default=None)
    ap.add_argument("--db-path", type=Path, default=None)
    ap.add_argument("--scratch", type=Path, default=None)
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--max-files", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    bench_dir = settings.var_dir() / "bench"
    args.data_dir = args.data_dir or settings.var_dir() / "synthetic" / "trips"
    args.csv = args.csv or settings.var_dir() / "synthetic" / "csv" / f"synthetic_대여이력_{args.month}.csv"
    args.db_path = args.db_path or bench_dir / "synthetic_trips.duckdb"
    args.scratch = args.scratch or bench_dir / "scratch"

    if args.worker:
        result = WORKERS[args.worker](args)
        print(json.dumps(result, ensure_ascii=False, default=str))
        return 0

    for d in (bench_dir, args.scratch):
        d.mkdir(parents=True, exist_ok=True)
    env = _env()
    t0 = time.perf_counter()
    data = ensure_data(args)

    def step(msg: str, kind: str, extra: list[str] | None = None) -> dict:
        print(f"[{time.perf_counter() - t0:7.1f}s] {msg} ...", flush=True)
        res = run_worker(kind, args, extra)
        status = "ok" if res.get("ok") else f"FAILED: {res.get('error')}"
        print(f"[{time.perf_counter() - t0:7.1f}s]   {status} (wall {res['wall_s']:.1f}s, "
              f"peak RSS {_gib(res.get('peak_rss'))})", flush=True)
        return res

    dp = step("DuckDB over the parquet files", "duckdb-parquet")
    build = step("building a DuckDB file from the parquet files", "duckdb-build")
    df = step("DuckDB over the .duckdb file", "duckdb-file") if build.get("ok") else {"ok": False, "error": "no file"}
    if not args.keep_db:
        Path(args.db_path).unlink(missing_ok=True)
        shutil.rmtree(str(args.db_path) + ".tmp", ignore_errors=True)  # DuckDB's spill folder
    if args.skip_pandas:
        pd_res = {"ok": False, "error": "skipped (--skip-pandas)"}
    else:
        pd_res = step("pandas (all 12 months in one DataFrame)", "pandas")
        if not pd_res.get("ok"):
            counts = [f["rows"] for f in json.loads((args.data_dir / "manifest.json").read_text())["files"]]
            n, total = 0, 0
            while n < len(counts) and total + counts[n] <= args.pandas_fallback_rows:
                total += counts[n]
                n += 1
            reason = pd_res.get("error")
            if n:
                pd_res = step(f"pandas again on the first {n} months ({total:,} rows)", "pandas",
                              ["--max-files", str(n)])
                pd_res["fallback_reason"] = f"the full-year run failed ({reason})"
    imp = step(f"streaming import of {args.csv.name}", "import")
    pdimp = step(f"pandas read_csv import of {args.csv.name}", "pandas-import")
    env["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())

    text = report(args, data, dp, build, df, pd_res, imp, pdimp, env)
    print()
    print(text)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    out = bench_dir / f"bench_trips-{stamp}.json"
    out.write_text(json.dumps({"synthetic": True, "env": env, "data": data, "args": {
        k: str(v) for k, v in vars(args).items()}, "duckdb_parquet": dp, "duckdb_build": build,
        "duckdb_file": df, "pandas": pd_res, "import": imp, "pandas_import": pdimp, "table": text},
        ensure_ascii=False, indent=1, default=str))
    print(f"all figures: {out.relative_to(PROJECT_ROOT) if out.is_relative_to(PROJECT_ROOT) else out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
