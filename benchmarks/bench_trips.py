#!/usr/bin/env python
"""One benchmark for the trip views and the monthly import, on SYNTHETIC trips.

    .venv/bin/python benchmarks/bench_trips.py                       # 40 M trips, then 100 M and 300 M
    .venv/bin/python benchmarks/bench_trips.py --sizes 40M --repeat 20
    .venv/bin/python benchmarks/bench_trips.py --rows 4000000 --sizes 4M,10M --budget-min 10   # a quick run

What one run does:

1. makes sure the synthetic year exists (`scripts/generate_synthetic_trips.py`, 12 monthly
   zstd parquet files in var/synthetic/trips/, `synthetic=true` in their metadata) and one
   month of it in the official CP949 CSV layout (var/synthetic/csv/);
2. the import: `iconv -f cp949 -t utf-8 FILE > /dev/null` (the decode limit of this
   machine: one iconv, then two at once over the file's halves, i.e. on both cores) and
   the project's import of the same file, one after the other in the same run —
   conversion to parquet, validation, the month's summaries, adoption — with MB/s, wall
   and CPU seconds per stage and peak memory of each (`--import-before DIR` also times
   the import of an earlier checkout, for a before/after figure from the same run);
3. for each size (40 M = the synthetic year; larger sizes = that year repeated as earlier
   years, i.e. 2.5 and 7.5 years of history), as far as `--budget-min` allows:
   * the summaries of every month, as an import makes them (data_sources/rollups.py),
   * a DuckDB file as the warehouse builds it: the raw `trips` table and the summary tables
     (raw trips only up to `--raw-max-rows`: at 300 M the raw table alone is ≈ 9 GB; above
     it the earlier years are the year's month summaries with dates moved back, see
     `history_files`),
   * every trip view — the very SQL files the app runs — on the summaries
     (queries/bikes/trips_*.sql) and on raw trips (queries/bikes/trips_raw_*.sql), each view
     in a fresh process: the first run is "cold" (new process, new connection), then
     `--repeat` warm runs give the p95; peak RSS per process;
   * pandas the usual way (read the needed columns into one DataFrame, then groupby), at
     the first size only;
4. prints one table and writes every figure to var/bench/bench_trips-<stamp>.json.
   Synthetic files it made are deleted at the end unless `--keep`.

5. unless `--skip-pages`: opens every page and section of the dashboard (on the bundled REAL
   data, not the synthetic trips) in headless Chromium on a warm server with
   benchmarks/page_ready.py: page-ready time, bytes over the websocket, map data per view,
   and filter changes; its lines are added to the table and its figures to the JSON.

ALL DATA HERE IS SYNTHETIC. The figures measure the software, not Seoul.
"""
from __future__ import annotations

import argparse
import json
import math
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
DUCKDB_CONFIG = {"threads": 2, "memory_limit": "2GB"}  # as the app's read-only warehouse connections
GOALS = {"warm_p95_s": 0.25, "cold_s": 1.0, "vs_pandas": 20.0, "rss_gib": 1.5, "import_mb_s": 100.0,
         "import_rss_gib": 1.0}


def cases(month: str) -> list[tuple[str, str, dict]]:
    """(label, view, parameters): every trip view of the dashboard."""
    return [
        ("trips by hour of day", "trips_by_hour", {}),
        ("trips by month", "trips_by_month", {}),
        ("duration histogram (5 min bins)", "trips_duration_hist", {}),
        ("distance histogram (500 m bins)", "trips_distance_hist", {}),
        ("top 20 routes", "trips_top_routes", {"limit": 20}),
        ("station rentals/returns/imbalance", "trips_station_balance", {"limit": 20}),
        (f"trips by hour, {month}", "trips_by_hour", {"month": month}),
        (f"top 20 routes, {month}", "trips_top_routes", {"month": month, "limit": 20}),
    ]


def parse_size(text: str) -> int:
    text = text.strip().upper()
    scale = {"K": 1_000, "M": 1_000_000, "G": 1_000_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("KMG")) * scale)


def peak_rss_bytes() -> int:
    """This process's own peak (VmHWM restarts at exec; ru_maxrss would also count the
    forking parent's pages)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cpu_seconds(who=resource.RUSAGE_SELF) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def _comparable(frame) -> list:
    """A result reduced to what every engine must agree on (station names may differ in pandas)."""
    keep = [c for c in frame.columns if not c.endswith("_name")]
    return [[round(float(v), 4) if isinstance(v, float) else (v if isinstance(v, str) else int(v)) for v in rec]
            for rec in frame[keep].itertuples(index=False)]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def _time_view(run, params: dict, repeat: int) -> dict:
    t = time.perf_counter()
    result = run(params)
    cold = time.perf_counter() - t
    warm = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = run(params)
        warm.append(time.perf_counter() - t)
    return {"cold_s": cold, "warm_p95_s": _p95(warm) if warm else None,
            "warm_median_s": statistics.median(warm) if warm else None, "runs": 1 + len(warm),
            "rows": len(result), "result": _comparable(result)}


# =========================================================================================
# workers (each in its own process; print one JSON line)
# =========================================================================================

def worker_view(args) -> dict:
    """One view on one engine (summaries or raw trips) in a fresh process: cold, then warm."""
    import duckdb

    import queries
    con = duckdb.connect(args.db_path, read_only=True, config=dict(DUCKDB_CONFIG))
    label, view, params = cases(args.month)[args.case]
    q = queries.get(f"bikes/{view if args.engine == 'rollups' else view.replace('trips_', 'trips_raw_', 1)}")
    bound = q.bind(params)
    used = {k: v for k, v in bound.items() if f"${k}" in q.sql}
    out = _time_view(lambda _p: queries.execute_select(con, q.sql, used, timeout_s=3600).frame, params,
                     args.repeat)
    out.update(label=label, query=q.name, peak_rss=peak_rss_bytes())
    return out


def worker_pandas(args) -> dict:
    import pandas as pd
    files = json.loads(args.files)
    t = time.perf_counter()
    df = pd.concat([pd.read_parquet(f, columns=TRIP_COLUMNS) for f in files], ignore_index=True)
    load = time.perf_counter() - t
    views = _pandas_views()
    res = {}
    for label, view, params in cases(args.month):
        res[label] = _time_view(lambda p, view=view: views[view](df, **p), params, args.repeat)
    return {"load_s": load, "rows": len(df), "cases": res, "peak_rss": peak_rss_bytes(),
            "frame_bytes": int(df.memory_usage(deep=True).sum())}


def worker_build(args) -> dict:
    """A DuckDB file as the warehouse holds the trips: the raw table (optional) and the
    summary tables, stacked from each month's summaries (made here if missing, timed)."""
    import duckdb

    from data_sources import rollups, snapshots
    files = [Path(f) for f in json.loads(args.files)]
    t = time.perf_counter()
    infos, made = [], 0
    for f in files:
        sha = snapshots.sha256_file(f)
        made += not (rollups.rollup_dir_for(f, sha) / "done.json").exists()
        rollups.write_month_rollups(f, sha)
        infos.append(snapshots.SnapshotInfo(
            dataset="rental_history", path=str(f), source=f.name, source_kind="synthetic", fetched_at="",
            rows=0, sha256=sha, partition=f.stem.rsplit("_", 1)[-1], synthetic=True))
    summaries_s = time.perf_counter() - t
    db = Path(args.db_path)
    db.unlink(missing_ok=True)
    t = time.perf_counter()
    con = duckdb.connect(str(db), config={"threads": 2, "memory_limit": "4GB"})
    raw_rows = 0
    if args.with_raw:
        con.execute("CREATE TABLE trips AS SELECT * FROM read_parquet(?)", [[str(f) for f in files]])
        raw_rows = con.execute("SELECT count(*) FROM trips").fetchone()[0]
    raw_s = time.perf_counter() - t
    t = time.perf_counter()
    rollups.build_tables(con, infos)
    sizes = dict(con.execute("SELECT table_name, estimated_size FROM duckdb_tables() "
                             "WHERE table_name LIKE 'trips_rollup_%'").fetchall())
    con.execute("CHECKPOINT")
    con.close()
    return {"summaries_s": summaries_s, "summaries_made": made, "raw_table_s": raw_s, "rollup_tables_s": time.perf_counter() - t,
            "raw_rows": raw_rows, "rollup_rows": sizes, "bytes_on_disk": db.stat().st_size,
            "peak_rss": peak_rss_bytes()}


def worker_decode(args) -> dict:
    """The decode limit: iconv alone, output thrown away — one iconv over the whole file,
    then two at once over the file's halves (both cores)."""
    t, c = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN)
    with open(os.devnull, "wb") as sink:
        subprocess.run(["iconv", "-f", "CP949", "-t", "UTF-8", str(args.csv)], stdout=sink, check=True)
    one = {"seconds": time.perf_counter() - t, "cpu_s": cpu_seconds(resource.RUSAGE_CHILDREN) - c}
    from data_sources.importers.rental_history import _stream_ranges
    runs = _stream_ranges(Path(args.csv), has_header=False, streams=2)
    t, c = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN)
    with open(os.devnull, "wb") as sink, open(args.csv, "rb") as src:
        procs = [subprocess.Popen(["iconv", "-f", "CP949", "-t", "UTF-8"], stdin=subprocess.PIPE, stdout=sink)
                 for _ in runs]

        def feed(proc, ranges):
            with proc.stdin:
                pipe = proc.stdin.fileno()
                for start, end in ranges:
                    while start < end:
                        start += os.sendfile(pipe, src.fileno(), start, end - start)

        import threading
        feeders = [threading.Thread(target=feed, args=(p, [(run[0][0], run[-1][1])])) for p, run in zip(procs, runs)]
        for f in feeders:
            f.start()
        for f in feeders:
            f.join()
        if any(p.wait() for p in procs):
            raise RuntimeError("iconv failed")
    one.update(parallel_seconds=time.perf_counter() - t, parallel_cpu_s=cpu_seconds(resource.RUSAGE_CHILDREN) - c,
               parallel_streams=len(runs))
    return one


def worker_import(args) -> dict:
    """The project's import of the monthly CSV, as `python -m data_sources import` runs it
    (conversion, validation, the month's summaries, adoption), into a scratch var/."""
    os.environ["OSD_VAR_DIR"] = str(Path(tempfile.mkdtemp(dir=args.scratch, prefix="import-var-")))
    if args.code:  # an earlier version of the project (e.g. `git worktree add DIR main`): its import
        for name in [m for m in sys.modules if m.split(".")[0] in ("data_sources", "queries")]:
            del sys.modules[name]
        sys.path.insert(0, str(Path(args.code).resolve()))
    from data_sources import rollups
    from data_sources.importers.rental_history import import_rental_history_snapshot
    timings: dict = {}
    t, c = time.perf_counter(), cpu_seconds() + cpu_seconds(resource.RUSAGE_CHILDREN)
    try:
        info = import_rental_history_snapshot(args.csv, timings=timings)
        seconds = time.perf_counter() - t
        summary_bytes = sum(p.stat().st_size for p in rollups.rollup_dir_for(
            info.parquet_path, info.sha256).glob("*.parquet"))
        return {"seconds": seconds, "cpu_s": cpu_seconds() + cpu_seconds(resource.RUSAGE_CHILDREN) - c,
                "stages": timings, "rows": info.rows, "parquet_bytes": info.parquet_path.stat().st_size,
                "summary_bytes": summary_bytes, "notes": info.notes, "peak_rss": peak_rss_bytes(),
                "code": rollups.__file__}
    finally:
        shutil.rmtree(os.environ["OSD_VAR_DIR"], ignore_errors=True)


WORKERS = {"view": worker_view, "pandas": worker_pandas, "build": worker_build, "decode": worker_decode,
           "import": worker_import}


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


# =========================================================================================
# parent: data, orchestration, watchdog, report
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


def _comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def _tree_rss(pid: int) -> int:
    """VmRSS of a process and its descendants (e.g. the import's iconv processes). A child
    still named like the worker has not exec'd yet and shares the worker's pages (vfork):
    counting it would count the worker twice."""
    total, todo, worker = 0, [pid], _comm(pid)
    while todo:
        p = todo.pop()
        if p == pid or _comm(p) != worker:
            total += _rss_of(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            pass
    return total


def run_worker(kind: str, args, **extra) -> dict:
    """Run one worker in a fresh process; never raises: failures come back as a dict."""
    cmd = [PY, str(Path(__file__).resolve()), "--worker", kind, "--month", args.month, "--csv", str(args.csv),
           "--scratch", str(args.scratch)]
    for key, value in extra.items():
        if value is True:
            cmd.append(f"--{key.replace('_', '-')}")
        elif value is not None and value is not False:
            cmd += [f"--{key.replace('_', '-')}", str(value)]
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    cap = int(args.mem_cap_gb * 1024 ** 3)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=PROJECT_ROOT)
        seen_rss, tree_rss, killed = 0, 0, None
        while proc.poll() is None:
            seen_rss = max(seen_rss, _rss_of(proc.pid))
            tree_rss = max(tree_rss, _tree_rss(proc.pid))
            if seen_rss > cap:
                killed = f"killed at {seen_rss / 1024 ** 3:.1f} GiB RSS (cap {args.mem_cap_gb:g} GiB)"
            elif time.perf_counter() - started > args.timeout:
                killed = f"killed after {args.timeout:g} s (time limit)"
            if killed:
                proc.kill()
                proc.wait()
                break
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    wall = time.perf_counter() - started
    if killed:
        return {"ok": False, "error": killed, "wall_s": wall, "peak_rss": seen_rss}
    if proc.returncode != 0:
        lines = stderr.strip().splitlines() or ["(no output)"]
        # the exception's own line (DuckDB adds hints after it), else the last line
        last = next((ln for ln in reversed(lines) if "Error" in ln or "Exception" in ln), lines[-1])
        return {"ok": False, "error": f"exit {proc.returncode}: {last}", "wall_s": wall, "peak_rss": seen_rss,
                "stderr_tail": lines[-20:]}
    result = json.loads(stdout.strip().splitlines()[-1])
    # tree_peak_rss: sampled every 50 ms, the worker and its children together
    result.update(ok=True, wall_s=wall, tree_peak_rss=tree_rss)
    return result


def ensure_year(args) -> dict:
    manifest_path = args.data_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    made = False
    if manifest.get("rows") != args.rows or manifest.get("seed") != args.seed or len(year_files(args.data_dir)) != 12:
        print(f"generating the SYNTHETIC year: {args.rows:,} trips -> {args.data_dir} ...", flush=True)
        subprocess.run([PY, str(GENERATOR), "--rows", str(args.rows), "--seed", str(args.seed),
                        "--out-dir", str(args.data_dir)], check=True, cwd=PROJECT_ROOT)
        manifest = json.loads(manifest_path.read_text())
        made = True
    sidecar = Path(str(args.csv) + ".json")
    meta = json.loads(sidecar.read_text()) if sidecar.exists() else {}
    if not args.csv.exists() or meta.get("year_rows") != args.rows or meta.get("seed") != args.seed \
            or meta.get("month") != args.month:
        print(f"writing the SYNTHETIC official-format CSV for {args.month} -> {args.csv} ...", flush=True)
        subprocess.run([PY, str(GENERATOR), "--rows", str(args.rows), "--seed", str(args.seed),
                        "--csv-month", args.month, "--csv-out", str(args.csv)], check=True, cwd=PROJECT_ROOT)
        meta = json.loads(sidecar.read_text())
        made = True
    return {"manifest": {k: manifest[k] for k in ("rows", "seed", "year", "seconds")}, "csv": meta,
            "generated_now": made}


def year_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("synthetic_trips_*.parquet"))


def history_files(args, size: int) -> tuple[list[Path], int, int]:
    """Monthly files adding up to about `size` trips: the synthetic year, then the same year
    shifted back one year at a time (newest months first), as a longer history would be.
    Returns (files, trips, months that are re-dated summaries only).

    Up to --raw-max-rows an earlier month is a full copy of the trips, re-dated (the raw
    table is built from them). Beyond it only the summaries are measured, so an earlier
    month is a trip file without rows plus the summaries of the same month of the synthetic
    year, re-dated (see _summaries_only_month): copying hundreds of millions of trips only
    to summarise them again would measure nothing the year's months have not measured."""
    import duckdb
    import pyarrow.parquet as pq
    base = year_files(args.data_dir)
    counts = {f: pq.read_metadata(f).num_rows for f in base}
    year = int(base[0].stem.rsplit("_", 1)[-1][:4])
    summaries_only = size > args.raw_max_rows
    chosen, total, back, redated = [], 0, 0, 0
    con = duckdb.connect(config={"threads": 2, "memory_limit": "1GB"})
    while total < size:
        for f in reversed(base):
            if total >= size:
                break
            if back == 0:
                target = f
            elif summaries_only:
                target = _summaries_only_month(args, con, f, back)
                redated += 1
            else:
                month = f.stem.rsplit("_", 1)[-1][5:]
                target = args.history_dir / f"synthetic_trips_{year - back}-{month}.parquet"
                if not target.exists():
                    tmp = target.with_suffix(".tmp")
                    con.execute(f"""COPY (SELECT * REPLACE (rent_at - INTERVAL {back} YEAR AS rent_at,
                                                          return_at - INTERVAL {back} YEAR AS return_at)
                                          FROM read_parquet('{f}'))
                                    TO '{tmp}' (FORMAT parquet, COMPRESSION zstd, KV_METADATA {{synthetic: 'true'}})""")
                    tmp.rename(target)
            chosen.append(target)
            total += counts[f]
        back += 1
    con.close()
    return sorted(chosen), total, redated


def _summaries_only_month(args, con, source: Path, back: int) -> Path:
    """A month `back` years before `source` for the summaries-only sizes: a trip file with no
    rows (metadata: synthetic, summaries_only, redated_from) whose summary folder holds the
    summaries of `source` — made by the app's own code (rollups.write_month_rollups) — with
    every date moved back `back` years (29 February lands on the 28th). The warehouse build
    then reads it exactly as it reads an imported month's summaries. SYNTHETIC."""
    import pyarrow.parquet as pq

    from data_sources import rollups, snapshots
    month = source.stem.rsplit("_", 1)[-1]
    label = f"{int(month[:4]) - back}-{month[5:]}"
    folder = args.history_dir / "summaries-only"
    folder.mkdir(parents=True, exist_ok=True)
    stub = folder / f"synthetic_trips_{label}.parquet"
    if not stub.exists():
        schema = pq.read_schema(source)
        meta = dict(schema.metadata or {})
        meta.update({b"synthetic": b"true", b"summaries_only": b"true", b"redated_from": source.name.encode(),
                     b"month": label.encode()})
        tmp = stub.with_suffix(".tmp")
        pq.write_table(schema.empty_table().replace_schema_metadata(meta), tmp)
        tmp.rename(stub)
    sha = snapshots.sha256_file(stub)
    target = rollups.rollup_dir_for(stub, sha)
    if (target / "done.json").exists():
        return stub
    made = rollups.write_month_rollups(source)  # no-op when the build of the year made them
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=target.parent, prefix=".incoming."))
    for table in rollups.MONTH_ROLLUPS:
        shifted = [f"CAST({name} - INTERVAL {back} YEAR AS {typ}) AS {name}"
                   for name, typ in (c.split(" ", 1) for c in rollups.SCHEMAS[table].split(", "))
                   if typ in ("DATE", "TIMESTAMP")]
        con.execute(f"""COPY (SELECT * REPLACE ({', '.join(shifted)}) FROM read_parquet('{made / f"{table}.parquet"}'))
                        TO '{work / f"{table}.parquet"}' (FORMAT parquet, COMPRESSION zstd)""")
    (work / "done.json").write_text(json.dumps({"trips_sha256": sha, "tables": list(rollups.MONTH_ROLLUPS),
                                                "synthetic": True, "redated_from": source.name,
                                                "years_back": back}))
    work.rename(target)
    return stub


def measure_size(args, label_rows: int, files: list[Path], with_raw: bool, with_pandas: bool) -> dict:
    out: dict = {"rows": label_rows, "months": len(files), "with_raw": with_raw}
    db = args.bench_dir / f"trips_{label_rows}.duckdb"
    step = args.step
    build = step(f"{label_rows / 1e6:g} M trips: month summaries + DuckDB file"
                 f"{' (raw trips too)' if with_raw else ' (summaries only)'}", "build",
                 files=json.dumps([str(f) for f in files]), db_path=db, with_raw=with_raw)
    out["build"] = build
    if not build.get("ok"):
        return out
    out["data_bytes"] = sum(f.stat().st_size for f in files)
    engines = ["rollups", "raw"] if with_raw else ["rollups"]
    for engine in engines:
        res = {}
        for i, (label, _view, _params) in enumerate(cases(args.month)):
            repeat = args.repeat if engine == "rollups" else args.raw_repeat
            res[label] = run_worker("view", args, engine=engine, case=i, db_path=db, repeat=repeat)
        worst = max((r.get("cold_s") or 0) for r in res.values())
        print(f"[{time.perf_counter() - args.t0:7.1f}s]   {engine}: slowest cold {worst:.3f} s", flush=True)
        out[engine] = res
    if with_pandas and not args.skip_pandas:
        out["pandas"] = step(f"pandas on {label_rows / 1e6:g} M trips", "pandas",
                             files=json.dumps([str(f) for f in files]), repeat=args.raw_repeat)
    if not args.keep:
        db.unlink(missing_ok=True)
    return out


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


def _ms(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x * 1000:.0f} ms" if x < 10 else f"{x:.0f} s"


def _gib(n: int | None) -> str:
    return "-" if not n else f"{n / 1024 ** 3:.2f} GiB"


def _ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "-"
    r = a / b
    return f"{r:,.0f}×" if r >= 10 else f"{r:.1f}×"


def _max(values) -> float | None:
    values = [v for v in values if v is not None]
    return max(values) if values else None


def report(args, env: dict, data: dict, imp: dict, decode: dict, sizes: list[dict], skipped: list[str]) -> str:
    lines: list[str] = []
    w = lines.append
    bar = "=" * 132
    w(bar)
    w(f"SYNTHETIC DATA: {data['manifest']['rows']:,} invented trips for {data['manifest']['year']} "
      f"(seed {data['manifest']['seed']}, scripts/generate_synthetic_trips.py); larger sizes repeat that year "
      "as earlier years. Not real trips: the figures measure the software, not Seoul.")
    w(f"Machine: {env['cores']} cores, {env['ram_gib']:.1f} GiB RAM; Python {env['python']}, DuckDB {env['duckdb']} "
      f"(threads 2, memory_limit 2GB as the app), pandas {env['pandas']}. Load average at start {env['load_start']}, "
      f"at end {env['load_end']} (a shared machine: read ratios more than seconds).")
    w(bar)
    for res in sizes:
        rows = res["rows"]
        w(f"Trip views on {rows / 1e6:g} M trips ({res['months']} months): warm p95 of "
          f"{args.repeat} (summaries) / {args.raw_repeat} (raw, pandas) runs, and cold = first run in a new process")
        head = (f"{'view':<36}{'summaries p95':>14}{'cold':>9}{'raw DuckDB p95':>16}{'cold':>9}"
                f"{'pandas p95':>12}{'cold':>9}{'raw÷sum.':>10}{'pandas÷sum.':>13}{'same':>6}")
        w(head)
        w("-" * len(head))
        pd_res = res.get("pandas") or {}
        for label, _v, _p in cases(args.month):
            r = (res.get("rollups") or {}).get(label, {})
            raw = (res.get("raw") or {}).get(label, {})
            pdc = (pd_res.get("cases") or {}).get(label, {}) if pd_res.get("ok") else {}
            same = "-"
            if r.get("ok") and raw.get("ok"):
                same = "yes" if _same(r["result"], raw["result"]) else "NO"
                if pdc:
                    same = same if _same(r["result"], pdc["result"]) else "NO(pd)"
            w(f"{label:<36}{_ms(r.get('warm_p95_s')):>14}{_ms(r.get('cold_s')):>9}{_ms(raw.get('warm_p95_s')):>16}"
              f"{_ms(raw.get('cold_s')):>9}{_ms(pdc.get('warm_p95_s')):>12}{_ms(pdc.get('cold_s')):>9}"
              f"{_ratio(raw.get('warm_p95_s'), r.get('warm_p95_s')):>10}"
              f"{_ratio(pdc.get('warm_p95_s'), r.get('warm_p95_s')):>13}{same:>6}")
        w("-" * len(head))
        rss = {k: _max(v.get("peak_rss") for v in (res.get(k) or {}).values()) for k in ("rollups", "raw")}
        b = res.get("build", {})
        w(f"{'peak RSS per process':<36}{_gib(rss['rollups']):>23}{_gib(rss['raw']):>25}"
          f"{_gib(pd_res.get('peak_rss')):>21}")
        if b.get("ok"):
            rollup_rows = sum(b["rollup_rows"].values())
            redated = res.get("redated_months") or 0
            raw_table = f"{b['raw_table_s']:.1f} s" if res.get("with_raw") else "not built"
            w(f"build: {b.get('summaries_made', '?')} month summaries made as imports make them in "
              f"{b['summaries_s']:.1f} s, raw trips table {raw_table}, summary tables "
              f"{b['rollup_tables_s']:.1f} s ({rollup_rows:,} rows); DuckDB file {_gib(b['bytes_on_disk'])}; "
              f"trip parquet {_gib(res.get('data_bytes'))}")
            if redated:
                w(f"  {redated} of the {res['months']} months are earlier years made of the synthetic year's month "
                  "summaries with dates moved back (SYNTHETIC history, summaries only: no raw trips at this size)")
        else:
            w(f"build FAILED: {b.get('error')}")
        if pd_res.get("ok"):
            w(f"pandas: load {pd_res['load_s']:.1f} s, frame {_gib(pd_res['frame_bytes'])}")
        elif pd_res:
            w(f"pandas FAILED: {pd_res.get('error')}")
        w("")
    if len(sizes) > 1 or skipped:
        w("Growth with rows (worst view):")
        head = f"{'trips':>10}{'summaries p95':>15}{'cold':>9}{'RSS':>11}{'summary rows':>14}{'raw DuckDB p95':>16}{'raw cold':>10}"
        w(head)
        for res in sizes:
            r, raw = res.get("rollups") or {}, res.get("raw") or {}
            b = res.get("build", {})
            w(f"{res['rows'] / 1e6:>9g}M{_ms(_max(v.get('warm_p95_s') for v in r.values())):>15}"
              f"{_ms(_max(v.get('cold_s') for v in r.values())):>9}{_gib(_max(v.get('peak_rss') for v in r.values())):>11}"
              f"{(sum(b['rollup_rows'].values()) if b.get('ok') else 0):>14,}"
              f"{_ms(_max(v.get('warm_p95_s') for v in raw.values())) if raw else 'not run':>16}"
              f"{_ms(_max(v.get('cold_s') for v in raw.values())) if raw else '':>10}")
        for note in skipped:
            w(f"  {note}")
        w("")
    mb = data["csv"]["bytes"] / 1e6
    w(f"Monthly CSV import: SYNTHETIC official-format {Path(args.csv).name}, {data['csv']['rows']:,} rows, "
      f"{mb:.0f} MB CP949")
    if decode.get("ok"):
        w(f"  decode limit, iconv -f cp949 -t utf-8 > /dev/null: one iconv {decode['seconds']:.1f} s = "
          f"{mb / decode['seconds']:.0f} MB/s ({decode['cpu_s']:.1f} CPU s); {decode['parallel_streams']} at once "
          f"over the file's halves {decode['parallel_seconds']:.1f} s = "
          f"{mb / decode['parallel_seconds']:.0f} MB/s ({decode['parallel_cpu_s']:.1f} CPU s)")
    if imp.get("ok"):
        for label, run in (("import", imp), ("import before", imp.get("before"))):
            if not run:
                continue
            if not run.get("ok"):
                w(f"  {label} FAILED: {run.get('error')}")
                continue
            st = run["stages"]
            if run.get("all_seconds") and len(run["all_seconds"]) > 1:
                w(f"  import runs: {', '.join(f'{x:.1f} s' for x in run['all_seconds'])} "
                  f"({', '.join(f'{mb / x:.0f}' for x in run['all_seconds'])} MB/s; CPU "
                  f"{', '.join(f'{x:.1f}' for x in run['all_cpu_s'])} s); the median run:")
            w(f"  {label}: {run['seconds']:.1f} s = {mb / run['seconds']:.0f} MB/s; {run['cpu_s']:.1f} CPU s = "
              f"{mb / run['cpu_s']:.0f} MB per CPU second; peak RSS {_gib(run['peak_rss'])} (the Python process), "
              f"{_gib(run.get('tree_peak_rss'))} with its child processes (sampled)")
            w("      stage (wall / CPU s):  " + ",  ".join(
                f"{name} {st.get(key + '_s', 0):.1f} / {st[key + '_cpu_s']:.1f}" if key + "_cpu_s" in st
                else f"{name} {st.get(key + '_s', 0):.1f}"
                for name, key in (("convert", "convert"), ("validate", "validate"), ("summaries", "rollups"),
                                  ("adopt", "adopt"))))
        budget = 2 * mb / GOALS["import_mb_s"]
        w(f"  CPU budget for {GOALS['import_mb_s']:.0f} MB/s on 2 cores: {budget:.1f} CPU s; "
          f"the import used {imp['cpu_s']:.1f}")
        if decode.get("ok"):
            w(f"  import ÷ decode limit: {decode['seconds'] / imp['seconds']:.2f} of one iconv's speed, "
              f"{decode['parallel_seconds'] / imp['seconds']:.2f} of two iconv at once")
    else:
        w(f"  import FAILED: {imp.get('error')}")
    w(bar)
    return "\n".join(lines)


def measure_pages(args) -> dict:
    """benchmarks/page_ready.py in its own process (its own server and warehouse)."""
    print(f"[{time.perf_counter() - args.t0:7.1f}s] pages in Chromium (page_ready.py) ...", flush=True)
    out = args.bench_dir / f"page_ready-{time.strftime('%Y%m%dT%H%M%S')}.json"
    proc = subprocess.run([PY, str(Path(__file__).with_name("page_ready.py")), "--runs", str(args.page_runs),
                           "--json", str(out)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)))
    if proc.returncode != 0 or not out.exists():
        return {"ok": False, "error": (proc.stderr.strip().splitlines() or ["page_ready.py failed"])[-1]}
    table = "\n".join(line for line in proc.stdout.splitlines() if line.strip())
    return {"ok": True, "table": table, **json.loads(out.read_text())}


def measure_api(args) -> dict:
    """benchmarks/bench_api_keepalive.py in its own process (its own server and warehouse)."""
    print(f"[{time.perf_counter() - args.t0:7.1f}s] HTTP API (bench_api_keepalive.py) ...", flush=True)
    out = args.bench_dir / f"api-{time.strftime('%Y%m%dT%H%M%S')}.json"
    proc = subprocess.run([PY, str(Path(__file__).with_name("bench_api_keepalive.py")), "--json", str(out)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)))
    if proc.returncode != 0 or not out.exists():
        return {"ok": False, "error": (proc.stderr.strip().splitlines() or ["bench_api_keepalive.py failed"])[-1]}
    table = "\n".join("  " + line for line in proc.stdout.splitlines() if line.strip())
    return {"ok": True, "table": table, **json.loads(out.read_text())}


def median_run(runs: list[dict]) -> dict:
    """The run of median time among the successful ones (the first failure if none
    succeeded), with every run's seconds beside it."""
    ok = sorted((r for r in runs if r.get("ok")), key=lambda r: r["seconds"])
    if not ok:
        return runs[0]
    chosen = dict(ok[(len(ok) - 1) // 2])
    chosen["all_seconds"] = [round(r["seconds"], 2) for r in runs if r.get("ok")]
    chosen["all_cpu_s"] = [round(r["cpu_s"], 2) for r in runs if r.get("ok")]
    chosen["failed_runs"] = sum(1 for r in runs if not r.get("ok"))
    return chosen


def goal_table(sizes: list[dict], imp: dict, pages: dict, api: dict, csv_bytes: int) -> str:
    """Every goal of issue 14 beside what this run measured."""
    rows: list[tuple[str, str, str, bool | None]] = []

    def add(goal: str, target: str, value: float | None, shown: str, met: bool | None) -> None:
        rows.append((goal, target, shown if value is not None else "not measured", met if value is not None else None))

    for res in sizes:
        label = f"{res['rows'] / 1e6:g} M trips"
        views = [v for v in (res.get("rollups") or {}).values() if v.get("ok")]
        p95 = _max(v.get("warm_p95_s") for v in views)
        cold = _max(v.get("cold_s") for v in views)
        rss = _max(v.get("peak_rss") for v in views)
        add(f"trip views, {label}: worst warm p95", "<= 250 ms", p95, _ms(p95), p95 is not None and p95 <= GOALS["warm_p95_s"])
        add(f"trip views, {label}: worst cold", "<= 1 s", cold, _ms(cold), cold is not None and cold <= GOALS["cold_s"])
        add(f"trip views, {label}: peak memory per process", "<= 1.5 GB", rss, _gib(rss),
            rss is not None and rss <= GOALS["rss_gib"] * 1e9)
        pd_cases = (res.get("pandas") or {}).get("cases") or {}
        ratios = [pd_cases[k]["warm_p95_s"] / v["warm_p95_s"] for k, v in (res.get("rollups") or {}).items()
                  if v.get("ok") and pd_cases.get(k, {}).get("warm_p95_s") and v.get("warm_p95_s")]
        if ratios:
            add(f"trip views, {label}: least speed-up over pandas", ">= 20×", min(ratios), _ratio(min(ratios), 1),
                min(ratios) >= GOALS["vs_pandas"])
    if imp.get("ok"):
        speed = csv_bytes / 1e6 / imp["seconds"]
        add(f"monthly CSV import: speed (median of {len(imp.get('all_seconds', [0]))} runs)", ">= 100 MB/s", speed,
            f"{speed:.0f} MB/s",
            speed is not None and speed >= GOALS["import_mb_s"])
        rss = imp.get("tree_peak_rss") or imp.get("peak_rss")
        add("monthly CSV import: peak memory", "<= 1 GB", rss, _gib(rss), rss is not None and rss <= GOALS["import_rss_gib"] * 1e9)
    else:
        add("monthly CSV import", ">= 100 MB/s, <= 1 GB", None, "", None)
    if api.get("ok"):
        named = next((r for r in api["routes"] if "{n}" in r["route"]), None)
        rate = named["requests_per_s"] if named else None
        add("API: small named query, one keep-alive client, never cached", ">= 100 requests/s", rate,
            f"{rate:.0f} requests/s" if rate else "-", rate is not None and rate >= 100)
        d = api["download"]
        cached = d.get("served_without_reexport")
        add("API: cached dataset download served without re-exporting", "yes", 1 if cached is not None else None,
            f"{'yes' if cached else 'NO'} ({d['first_s']:.2f} s first, {max(d['cached_s']):.2f} s after)", bool(cached))
    else:
        add("HTTP API", ">= 100 requests/s; cached download", None, "", None)
    if pages.get("ok"):
        summary = pages.get("summary", {})
        for key, goal, target, unit in (("first_page_s", "pages: first page ready", "<= 1.5 s", "s"),
                                        ("slowest_other_s", "pages: slowest other page or section", "<= 2.5 s", "s"),
                                        ("slowest_filter_change_s", "pages: slowest filter change", "<= 0.5 s", "s"),
                                        ("largest_map_kb", "pages: largest map data of a view", "<= 300 KB", "KB")):
            value = summary.get(key)
            limit = {"first_page_s": 1.5, "slowest_other_s": 2.5, "slowest_filter_change_s": 0.5,
                     "largest_map_kb": 300}[key]
            add(goal, target, value, f"{value:g} {unit}" if value is not None else "", value is not None and value <= limit)
        for key, goal, limit in (("first_page_data_in_s", "pages: first page with its map's layer files in", 1.5),
                                 ("slowest_other_data_in_s", "pages: slowest other view, maps' layer files in", 2.5),
                                 ("first_page_drawn_s", "pages: first page with its map drawn (software WebGL)", 1.5),
                                 ("slowest_other_drawn_s", "pages: slowest other view, maps drawn (software WebGL)",
                                  2.5)):
            value = summary.get(key)
            add(goal, f"<= {limit:g} s", value, f"{value:g} s" if value is not None else "",
                value is not None and value <= limit)
    else:
        add("pages in Chromium", "", None, "", None)
    width = max(len(r[0]) for r in rows)
    out = ["Goals of issue 14 and this run:", f"{'goal':<{width}}  {'target':<22}{'measured':<40}met"]
    for goal, target, shown, met in rows:
        out.append(f"{goal:<{width}}  {target:<22}{shown:<40}{'-' if met is None else ('yes' if met else 'NO')}")
    return "\n".join(out)


def _env() -> dict:
    import duckdb
    import pandas
    with open("/proc/meminfo") as fh:
        total_kib = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
    return {"cores": os.cpu_count(), "ram_gib": total_kib / 1024 ** 2, "platform": platform.platform(terse=True),
            "python": platform.python_version(), "duckdb": duckdb.__version__, "pandas": pandas.__version__,
            "load_start": " ".join(f"{x:.1f}" for x in os.getloadavg())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Trip views on summaries, raw DuckDB and pandas; the monthly import "
                                             "against the decode limit. SYNTHETIC data.")
    ap.add_argument("--rows", type=parse_size, default=40_000_000, help="trips in the synthetic year (default 40M)")
    ap.add_argument("--sizes", default="40M,100M,300M", help="history sizes to measure, e.g. 40M,100M,300M")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--month", default="2024-06", help="month for the one-month views and the CSV import")
    ap.add_argument("--repeat", type=int, default=20, help="warm runs per view on the summaries")
    ap.add_argument("--raw-repeat", type=int, default=3, help="warm runs per view on raw trips and in pandas")
    ap.add_argument("--raw-max-rows", type=parse_size, default=100_000_000,
                    help="build the raw trips table only up to this size")
    ap.add_argument("--budget-min", type=float, default=45.0, help="start no new size after this many minutes")
    ap.add_argument("--mem-cap-gb", type=float, default=12.0, help="kill a worker above this RSS")
    ap.add_argument("--timeout", type=float, default=1800.0, help="kill a worker after this many seconds")
    ap.add_argument("--skip-pandas", action="store_true")
    ap.add_argument("--skip-import", action="store_true")
    ap.add_argument("--skip-pages", action="store_true", help="do not open the pages in Chromium")
    ap.add_argument("--page-runs", type=int, default=3, help="timed opens per page view in Chromium")
    ap.add_argument("--skip-api", action="store_true", help="do not time the HTTP API")
    ap.add_argument("--import-runs", type=int, default=3,
                    help="imports of the month (each in a new process); the median is reported")
    ap.add_argument("--keep", action="store_true", help="keep the synthetic files and DuckDB files afterwards")
    ap.add_argument("--csv", type=Path, default=None)
    ap.add_argument("--import-before", type=Path, default=None, metavar="DIR",
                    help="also time the import of an earlier checkout of the project (its root folder), "
                         "in the same run, for a before/after figure")
    ap.add_argument("--scratch", type=Path, default=None)
    # worker-only options
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    ap.add_argument("--case", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--db-path", help=argparse.SUPPRESS)
    ap.add_argument("--files", help=argparse.SUPPRESS)
    ap.add_argument("--with-raw", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--code", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    args.bench_dir = settings.var_dir() / "bench"
    args.data_dir = settings.var_dir() / "synthetic" / "trips"
    args.history_dir = settings.var_dir() / "synthetic" / "history"
    args.csv = args.csv or settings.var_dir() / "synthetic" / "csv" / f"synthetic_대여이력_{args.month}.csv"
    args.scratch = args.scratch or args.bench_dir / "scratch"
    if args.worker:
        print(json.dumps(WORKERS[args.worker](args), ensure_ascii=False, default=str))
        return 0

    for d in (args.bench_dir, args.scratch, args.history_dir):
        d.mkdir(parents=True, exist_ok=True)
    env = _env()
    args.t0 = time.perf_counter()

    def step(msg: str, kind: str, **extra) -> dict:
        print(f"[{time.perf_counter() - args.t0:7.1f}s] {msg} ...", flush=True)
        res = run_worker(kind, args, **extra)
        status = "ok" if res.get("ok") else f"FAILED: {res.get('error')}"
        print(f"[{time.perf_counter() - args.t0:7.1f}s]   {status} (wall {res['wall_s']:.1f} s, "
              f"peak RSS {_gib(res.get('peak_rss'))})", flush=True)
        return res
    args.step = step

    data = ensure_year(args)
    decode = imp = {"ok": False, "error": "skipped (--skip-import)"}
    before = None
    if not args.skip_import:
        decode = step("decode limit: iconv -f cp949 -t utf-8 > /dev/null", "decode")
        runs = [step(f"import of {args.csv.name} (run {i + 1} of {args.import_runs})", "import")
                for i in range(args.import_runs)]
        imp = median_run(runs)
        if args.import_before:
            before = step(f"import of {args.csv.name} by the code in {args.import_before}", "import",
                          code=args.import_before)
            imp["before"] = before
    sizes, skipped = [], []
    for i, size in enumerate(parse_size(x) for x in args.sizes.split(",")):
        elapsed_min = (time.perf_counter() - args.t0) / 60
        if i and elapsed_min > args.budget_min:
            skipped.append(f"{size / 1e6:g} M: not measured (the run had used {elapsed_min:.0f} of "
                           f"{args.budget_min:g} minutes)")
            continue
        files, rows, redated = (history_files(args, size) if size != args.rows
                                else (year_files(args.data_dir), args.rows, 0))
        sizes.append(measure_size(args, rows, files, with_raw=size <= args.raw_max_rows, with_pandas=i == 0))
        sizes[-1]["redated_months"] = redated
    pages = {"ok": False, "error": "skipped (--skip-pages)"} if args.skip_pages else measure_pages(args)
    api = {"ok": False, "error": "skipped (--skip-api)"} if args.skip_api else measure_api(args)
    env["load_end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())

    text = report(args, env, data, imp, decode, sizes, skipped)
    if pages.get("ok"):
        text += ("\nPages in Chromium on a warm server (the bundled REAL data, not the synthetic trips; "
                 f"median of {args.page_runs} opens; software rendering, no GPU):\n" + pages["table"])
    else:
        text += f"\nPages in Chromium: {pages.get('error')}"
    text += "\n" + (("HTTP API on a warm server (the bundled REAL data):\n" + api["table"]) if api.get("ok")
                    else f"HTTP API: {api.get('error')}")
    text += "\n\n" + goal_table(sizes, imp, pages, api, data["csv"]["bytes"])
    print()
    print(text)
    out = args.bench_dir / f"bench_trips-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps({"synthetic": True, "env": env, "data": data, "import": imp, "decode_limit": decode,
                               "sizes": sizes, "skipped": skipped, "goals": GOALS, "pages": pages, "api": api,
                               "args": {k: str(v) for k, v in vars(args).items() if k not in ("step", "t0")},
                               "table": text}, ensure_ascii=False, indent=1, default=str))
    print(f"all figures: {out}")
    if not args.keep:
        shutil.rmtree(args.history_dir, ignore_errors=True)
        shutil.rmtree(args.scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
