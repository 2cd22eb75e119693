#!/usr/bin/env python
"""Generate a SYNTHETIC year of Ttareungi (따릉이) trips in the canonical `trips` schema.

    .venv/bin/python scripts/generate_synthetic_trips.py                 # 40 M rows, 2024
    .venv/bin/python scripts/generate_synthetic_trips.py --rows 2000000 --seed 7
    .venv/bin/python scripts/generate_synthetic_trips.py --csv-month 2024-06 \\
        --csv-out var/synthetic/csv/synthetic_대여이력_2024-06.csv      # official CP949 CSV

THESE ROWS ARE INVENTED. No real trip-level data is available offline (see
PROVENANCE.md §9), so this script fabricates trips whose *aggregate* shape follows the
real public aggregates in `shared/data`:

* stations, names, ST-ids and coordinates: the real May-2025 station list
  (`bike_stations/ddareungi_station_info_tbCycleStationInfo_202505.utf8.csv`), restricted
  to the 2,820 stations that have usage totals;
* origin popularity and destination attractiveness: real per-station rentals 2024-01 …
  2025-04 (`bike_usage/ddareungi_station_rental_totals_202401_202504.utf8.csv`);
* hour of day and weekday: the real citywide 2024-01 … 2025-04 tables;
* month of year: the UCI Seoul Bike Sharing (2018) monthly shape, damped so that the
  Feb → Jun ratio equals the one in the official 2021 daily counts;
* destination: gravity model  P(j | i) ∝ rentals_j · exp(-d_ij / L), with L calibrated so
  that the mean straight-line distance of Gangseo-gu one-way trips equals the one in the
  real 2023 Gangseo OD sample, and the round-trip share (origin = destination) taken from
  the same sample;
* travelled distance: straight-line distance × a per-station detour factor chosen so that
  each station's expected mean distance equals its real `distance_m_avg`; duration from a
  log-normal riding speed (median ≈ 7.8 km/h).

Output: `var/synthetic/trips/synthetic_trips_YYYY-MM.parquet` (zstd), each with parquet
key-value metadata `synthetic=true`, plus `README.md` and `manifest.json` saying so.
Generation is vectorised numpy, one month at a time (peak memory ≈ 1-2 GB at 40 M rows).
"""
from __future__ import annotations

import argparse
import calendar
import json
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from data_sources import settings  # noqa: E402

DEFAULT_ROWS = 40_000_000
DEFAULT_SEED = 20240601
DEFAULT_YEAR = 2024
N_BIKES = 45_000  # Ttareungi fleet size order of magnitude
EARTH_R = 6_371_000.0

STATIONS_FILE = "bike_stations/ddareungi_station_info_tbCycleStationInfo_202505.utf8.csv"
TOTALS_FILE = "bike_usage/ddareungi_station_rental_totals_202401_202504.utf8.csv"
HOUR_FILE = "bike_usage/ddareungi_rentals_by_hour_of_day_202401_202504.csv"
WEEKDAY_FILE = "bike_usage/ddareungi_rentals_by_weekday_202401_202504.csv"
DAILY_2021_FILE = "bike_usage/ddareungi_daily_rentals_202102_202106.utf8.csv"
UCI_FILE = "bike_usage/uci_SeoulBikeData.utf8.csv"
OD_FILE = "bike_trips/ddareungi_od_2023_weekday_gangseo_agg.json"

# Canonical `trips` schema (warehouse table; also produced from the API).
TRIPS_SCHEMA = pa.schema([
    ("bike_id", pa.string()),
    ("rent_at", pa.timestamp("us")),
    ("rent_station_no", pa.int32()),
    ("rent_station_name", pa.string()),
    ("rent_dock", pa.string()),
    ("return_at", pa.timestamp("us")),
    ("return_station_no", pa.int32()),
    ("return_station_name", pa.string()),
    ("return_dock", pa.string()),
    ("duration_min", pa.float64()),
    ("distance_m", pa.float64()),
    ("birth_year", pa.int32()),
    ("gender", pa.string()),
    ("user_type", pa.string()),
    ("rent_station_id", pa.string()),
    ("return_station_id", pa.string()),
])

# Official monthly CSV headers (대여이력, OA-15182), by vintage.
CSV_HEADER_16 = ["자전거번호", "대여일시", "대여 대여소번호", "대여 대여소명", "대여거치대", "반납일시",
                 "반납대여소번호", "반납대여소명", "반납거치대", "이용시간(분)", "이용거리(M)", "생년", "성별",
                 "이용자종류", "대여대여소ID", "반납대여소ID"]
CSV_HEADER_17 = CSV_HEADER_16 + ["자전거구분"]
CSV_HEADER_11 = CSV_HEADER_16[:9] + ["이용시간", "이용거리"]

# Modelling assumptions that are NOT calibrated from data (documented in the README).
DETOUR_NOISE_SIGMA = 0.35        # log-sd of per-trip detour noise (mean-preserving)
ROUND_TRIP_ZERO_SHARE = 0.15     # round trips returned at once (0 m, 0-2 min)
SPEED_MEDIAN_M_PER_MIN = 130.0   # ≈ 7.8 km/h including stops
SPEED_SIGMA = 0.30
GENDER_P = {"M": 0.43, "F": 0.30, None: 0.27}
USER_TYPE_P = {"내국인": 0.975, "외국인": 0.005, "비회원": 0.020}
BIRTH_NULL_SHARE = 0.04
AGE_BANDS = [(15, 19, 0.08), (20, 29, 0.38), (30, 39, 0.25), (40, 49, 0.16), (50, 59, 0.09), (60, 75, 0.04)]


@dataclass
class Model:
    station_no: np.ndarray        # int32 [N]
    station_id: pa.Array          # string [N]
    station_name: pa.Array        # string [N]
    lat: np.ndarray
    lon: np.ndarray
    weight: np.ndarray            # origin probability [N]
    dist_avg: np.ndarray          # real mean distance per rental (m) [N]
    straight: np.ndarray          # straight-line distance matrix (m), float32 [N, N]
    cdf_flat: np.ndarray          # row-offset cumulative destination probabilities [N*N]
    detour: np.ndarray            # per-origin detour factor [N]
    round_trip_share: float
    decay_m: float
    hour_p: np.ndarray            # [24]
    weekday_f: np.ndarray         # [7], Monday = 0, mean 1
    month_f: np.ndarray           # [12], mean 1
    calibration: dict


def _haversine_matrix(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    dlat = la[:, None] - la[None, :]
    dlon = lo[:, None] - lo[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(la)[:, None] * np.cos(la)[None, :] * np.sin(dlon / 2) ** 2
    return (2 * EARTH_R * np.arcsin(np.sqrt(np.clip(a, 0, 1)))).astype(np.float32)


def _read_csv(path: Path) -> pa.Table:
    return pacsv.read_csv(path)


def load_model(shared_dir: Path | None = None) -> Model:
    """Read the real aggregates and calibrate the trip model (takes ~2 s)."""
    shared = Path(shared_dir or settings.shared_data_dir())
    info = _read_csv(shared / STATIONS_FILE).to_pandas()
    totals = _read_csv(shared / TOTALS_FILE).to_pandas()
    st = totals[["station_no", "rentals", "distance_m_avg"]].merge(
        info[["station_no", "station_id", "station_name", "gu", "lat", "lon"]], on="station_no", how="inner")
    # coordinates: station list first, the totals file's copy as a fallback
    st = st.merge(totals[["station_no", "lat", "lon"]], on="station_no", suffixes=("", "_tot"))
    st["lat"] = st["lat"].fillna(st["lat_tot"])
    st["lon"] = st["lon"].fillna(st["lon_tot"])
    st = st[st["rentals"] > 0].dropna(subset=["lat", "lon"]).sort_values("station_no").reset_index(drop=True)
    n = len(st)
    lat, lon = st["lat"].to_numpy(float), st["lon"].to_numpy(float)
    weight = st["rentals"].to_numpy(float)
    weight /= weight.sum()
    dist_avg = st["distance_m_avg"].to_numpy(float)
    dist_avg = np.where(np.isfinite(dist_avg) & (dist_avg > 0), dist_avg, np.nanmedian(dist_avg))
    straight = _haversine_matrix(lat, lon)

    # --- round-trip share and target one-way distance from the real OD sample ----------
    od = json.loads((shared / OD_FILE).read_text(encoding="utf-8"))
    cnt = np.array([r["count"] for r in od], float)
    is_rt = np.array([r["origin_station_id"] == r["desti_station_id"] for r in od])
    round_trip_share = float(cnt[is_rt].sum() / cnt.sum())
    od_lat1 = np.radians([r["origin_lat"] for r in od])
    od_lon1 = np.radians([r["origin_lng"] for r in od])
    od_lat2 = np.radians([r["desti_lat"] for r in od])
    od_lon2 = np.radians([r["desti_lng"] for r in od])
    a = (np.sin((od_lat2 - od_lat1) / 2) ** 2
         + np.cos(od_lat1) * np.cos(od_lat2) * np.sin((od_lon2 - od_lon1) / 2) ** 2)
    od_d = 2 * EARTH_R * np.arcsin(np.sqrt(a))
    target_oneway = float((od_d[~is_rt] * cnt[~is_rt]).sum() / cnt[~is_rt].sum())

    # --- calibrate the decay length on Gangseo-gu origins (where the OD sample is) ------
    gangseo = np.flatnonzero(st["gu"].to_numpy() == "강서구")
    sub_d = straight[gangseo].astype(float)
    sub_w = np.broadcast_to(weight, sub_d.shape).copy()
    sub_w[np.arange(len(gangseo)), gangseo] = 0.0  # one-way: exclude self

    def mean_oneway(decay: float) -> float:
        p = sub_w * np.exp(-sub_d / decay)
        p /= p.sum(axis=1, keepdims=True)
        per_origin = (p * sub_d).sum(axis=1)
        return float((per_origin * weight[gangseo]).sum() / weight[gangseo].sum())

    lo_l, hi_l = 50.0, 20_000.0
    for _ in range(40):
        mid = (lo_l * hi_l) ** 0.5
        if mean_oneway(mid) < target_oneway:
            lo_l = mid
        else:
            hi_l = mid
    decay_m = (lo_l * hi_l) ** 0.5

    # --- destination CDFs for every origin (row-offset trick for one searchsorted) ------
    p = weight[None, :] * np.exp(-straight.astype(float) / decay_m)
    np.fill_diagonal(p, 0.0)
    p /= p.sum(axis=1, keepdims=True)
    e_straight = (p * straight).sum(axis=1)  # expected one-way straight-line distance
    cdf = np.cumsum(p, axis=1)
    cdf[:, -1] = 1.0
    cdf_flat = (cdf + np.arange(n)[:, None]).ravel()
    del p, cdf

    # --- per-station detour so that E[distance | origin] = real distance_m_avg ---------
    # E = rt·(1-zero)·T  +  (1-rt)·detour·E_straight   (round trips ride T on average)
    rt = round_trip_share
    detour = dist_avg * (1 - rt * (1 - ROUND_TRIP_ZERO_SHARE)) / ((1 - rt) * e_straight)
    detour_raw = detour.copy()
    detour = np.clip(detour, 1.05, 8.0)

    # --- time profiles -------------------------------------------------------------------
    hours = _read_csv(shared / HOUR_FILE).to_pandas()
    hour_p = hours.sort_values(hours.columns[0]).iloc[:, 1].to_numpy(float)
    hour_p /= hour_p.sum()
    wd = _read_csv(shared / WEEKDAY_FILE).to_pandas()
    order = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    wd_map = dict(zip(wd.iloc[:, 0], wd.iloc[:, 1]))
    weekday_f = np.array([wd_map[d] for d in order], float)
    weekday_f /= weekday_f.mean()

    uci = _read_csv(shared / UCI_FILE).to_pandas()
    uci = uci[uci["Functioning Day"] == "Yes"]
    uci_date = pd_to_datetime_dayfirst(uci["Date"])
    daily = uci.groupby(uci_date)["Rented Bike Count"].sum()
    uci_month = daily.groupby(daily.index.month).mean().reindex(range(1, 13)).to_numpy(float)
    d21 = _read_csv(shared / DAILY_2021_FILE).to_pandas()
    d21_month = d21.groupby(pd_month(d21.iloc[:, 0]))[d21.columns[1]].mean()
    real_ratio = float(d21_month[6] / d21_month[2])
    uci_ratio = float(uci_month[5] / uci_month[1])
    damp = float(np.log(real_ratio) / np.log(uci_ratio))
    month_f = uci_month ** damp
    month_f /= month_f.mean()

    calibration = {
        "stations": int(n),
        "round_trip_share_from_od_sample": round(round_trip_share, 4),
        "od_sample_mean_oneway_straight_m": round(target_oneway, 1),
        "decay_length_m": round(decay_m, 1),
        "model_mean_oneway_straight_m_citywide": round(float((e_straight * weight).sum()), 1),
        "detour_factor_median": round(float(np.median(detour)), 3),
        "detour_factor_clipped_stations": int(((detour_raw < 1.05) | (detour_raw > 8.0)).sum()),
        "month_damping_exponent": round(damp, 3),
        "month_feb_to_jun_ratio_2021_daily": round(real_ratio, 3),
        "month_factors": [round(float(x), 3) for x in month_f],
        "weekday_factors_mon_sun": [round(float(x), 3) for x in weekday_f],
    }
    return Model(
        station_no=st["station_no"].to_numpy(np.int32),
        station_id=pa.array(st["station_id"].astype(str).tolist(), pa.string()),
        station_name=pa.array(st["station_name"].astype(str).tolist(), pa.string()),
        lat=lat, lon=lon, weight=weight, dist_avg=dist_avg, straight=straight,
        cdf_flat=cdf_flat, detour=detour, round_trip_share=round_trip_share, decay_m=decay_m,
        hour_p=hour_p, weekday_f=weekday_f, month_f=month_f, calibration=calibration,
    )


def pd_to_datetime_dayfirst(series):
    import pandas as pd
    return pd.to_datetime(series, format="%d/%m/%Y")


def pd_month(series):
    import pandas as pd
    return pd.to_datetime(series).dt.month


def day_weights(model: Model, year: int, month: int) -> np.ndarray:
    ndays = calendar.monthrange(year, month)[1]
    wd = np.array([date(year, month, d).weekday() for d in range(1, ndays + 1)])
    return model.month_f[month - 1] * model.weekday_f[wd]


def allocate_rows(model: Model, total_rows: int, year: int) -> dict[int, int]:
    """Rows per month (largest-remainder rounding of the seasonal day weights)."""
    w = np.array([day_weights(model, year, m).sum() for m in range(1, 13)])
    exact = total_rows * w / w.sum()
    counts = np.floor(exact).astype(np.int64)
    for i in np.argsort(-(exact - counts))[: total_rows - counts.sum()]:
        counts[i] += 1
    return {m: int(counts[m - 1]) for m in range(1, 13)}


def _choice_array(rng, values: dict, n: int) -> pa.Array:
    keys = list(values)
    idx = rng.choice(len(keys), size=n, p=np.array([values[k] for k in keys], float))
    return pa.array(keys, pa.string()).take(pa.array(idx.astype(np.int32)))


def generate_month(model: Model, year: int, month: int, n: int, seed: int) -> pa.Table:
    """`n` synthetic trips starting in `year-month`, sorted by rent_at (canonical schema)."""
    rng = np.random.default_rng([seed, year, month])
    ns = len(model.station_no)
    dw = day_weights(model, year, month)
    day = rng.choice(len(dw), size=n, p=dw / dw.sum())
    hour = rng.choice(24, size=n, p=model.hour_p)
    sec = rng.integers(0, 3600, size=n)
    start = np.datetime64(f"{year:04d}-{month:02d}-01T00:00:00", "s")
    rent_s = start + (day.astype(np.int64) * 86400 + hour.astype(np.int64) * 3600 + sec).astype("timedelta64[s]")
    order = np.argsort(rent_s, kind="stable")
    rent_s = rent_s[order]

    origin = rng.choice(ns, size=n, p=model.weight)
    u = rng.random(n)
    dest = np.searchsorted(model.cdf_flat, origin + u, side="right") - origin * ns
    np.clip(dest, 0, ns - 1, out=dest)
    round_trip = rng.random(n) < model.round_trip_share
    dest = np.where(round_trip, origin, dest)

    # travelled distance (m)
    noise = np.exp(rng.normal(-0.5 * DETOUR_NOISE_SIGMA ** 2, DETOUR_NOISE_SIGMA, size=n))
    oneway = model.straight[origin, dest].astype(float) * model.detour[origin] * noise
    rt_sigma = 0.6
    rt_len = model.dist_avg[origin] * np.exp(rng.normal(-0.5 * rt_sigma ** 2, rt_sigma, size=n))
    zero = rng.random(n) < ROUND_TRIP_ZERO_SHARE
    dist = np.where(round_trip, np.where(zero, 0.0, rt_len), oneway)
    dist = np.round(np.minimum(dist, 60_000.0), 2)

    # duration (whole minutes, as in the official file)
    speed = SPEED_MEDIAN_M_PER_MIN * np.exp(rng.normal(0.0, SPEED_SIGMA, size=n))
    dur_s = dist / speed * 60.0 + rng.integers(20, 120, size=n)
    dur_s = np.where(round_trip & zero, rng.integers(5, 150, size=n), dur_s)
    dur_s = np.minimum(dur_s, 24 * 3600 - 1).astype(np.int64)
    return_s = rent_s + dur_s.astype("timedelta64[s]")
    duration_min = np.floor(dur_s / 60.0)

    bike_ids = pa.array([f"SPB-{i:05d}" for i in range(1, N_BIKES + 1)], pa.string())
    bike = bike_ids.take(pa.array(rng.integers(0, N_BIKES, size=n).astype(np.int32)))

    bands = np.array(AGE_BANDS)
    band = rng.choice(len(AGE_BANDS), size=n, p=bands[:, 2] / bands[:, 2].sum())
    age = rng.integers(bands[band, 0].astype(int), bands[band, 1].astype(int) + 1)
    birth = pa.array((year - age).astype(np.int32), pa.int32(), mask=rng.random(n) < BIRTH_NULL_SHARE)

    o32, d32 = pa.array(origin.astype(np.int32)), pa.array(dest.astype(np.int32))
    dock = pa.array(np.full(1, "0"), pa.string()).take(pa.array(np.zeros(n, np.int32)))
    cols = {
        "bike_id": bike,
        "rent_at": pa.array(rent_s.astype("datetime64[us]")),
        "rent_station_no": pa.array(model.station_no[origin]),
        "rent_station_name": model.station_name.take(o32),
        "rent_dock": dock,
        "return_at": pa.array(return_s.astype("datetime64[us]")),
        "return_station_no": pa.array(model.station_no[dest]),
        "return_station_name": model.station_name.take(d32),
        "return_dock": dock,
        "duration_min": pa.array(duration_min),
        "distance_m": pa.array(dist),
        "birth_year": birth,
        "gender": _choice_array(rng, GENDER_P, n),
        "user_type": _choice_array(rng, USER_TYPE_P, n),
        "rent_station_id": model.station_id.take(o32),
        "return_station_id": model.station_id.take(d32),
    }
    return pa.Table.from_pydict(cols, schema=TRIPS_SCHEMA)


# ---------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------

def synthetic_metadata(extra: dict | None = None) -> dict[bytes, bytes]:
    meta = {
        "synthetic": "true",
        "generator": "scripts/generate_synthetic_trips.py",
        "notice": "SYNTHETIC data: invented trips shaped like real Seoul aggregates. Not real trips.",
    }
    meta.update({k: str(v) for k, v in (extra or {}).items()})
    return {k.encode(): v.encode() for k, v in meta.items()}


def write_month_parquet(table: pa.Table, path: Path, meta: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    table = table.replace_schema_metadata(synthetic_metadata(meta))
    pq.write_table(table, tmp, compression="zstd", compression_level=3, row_group_size=1_000_000)
    tmp.replace(path)


README_TEXT = """# SYNTHETIC trips — not real data

Every file in this folder was produced by `scripts/generate_synthetic_trips.py`.
The trips are **invented**. Their aggregate shape (station popularity, hour of day,
weekday, month, trip distances) follows real public Seoul aggregates from
`shared/data`, but no row is a real trip. Each parquet file carries the key-value
metadata `synthetic=true`. Use them for load tests and benchmarks only; never show
them as real figures.

See `manifest.json` for the seed, row counts and calibration values.
"""


def default_out_dir() -> Path:
    return settings.var_dir() / "synthetic" / "trips"


def generate_year(out_dir: Path, rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, year: int = DEFAULT_YEAR,
                  *, model: Model | None = None, log=print) -> dict:
    """Write 12 monthly parquet files + README.md + manifest.json; returns the manifest."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    model = model or load_model()
    counts = allocate_rows(model, rows, year)
    # stale files from an earlier run with another year would be mixed in by a glob
    for old in out_dir.glob("synthetic_trips_*.parquet"):
        old.unlink()
    (out_dir / "manifest.json").unlink(missing_ok=True)
    files = []
    for month, n in counts.items():
        tm = time.perf_counter()
        table = generate_month(model, year, month, n, seed)
        path = out_dir / f"synthetic_trips_{year:04d}-{month:02d}.parquet"
        write_month_parquet(table, path, {"seed": seed, "year": year, "month": f"{year:04d}-{month:02d}",
                                          "total_rows": rows})
        files.append({"file": path.name, "month": f"{year:04d}-{month:02d}", "rows": n})
        del table
        log(f"  {path.name}: {n:,} rows in {time.perf_counter() - tm:.1f}s")
    manifest = {
        "synthetic": True,
        "notice": "SYNTHETIC data: invented trips shaped like real Seoul aggregates. Not real trips.",
        "generator": "scripts/generate_synthetic_trips.py",
        "generated_at": datetime.now(settings.KST).replace(microsecond=0).isoformat(),
        "rows": rows, "seed": seed, "year": year, "files": files,
        "inputs": [STATIONS_FILE, TOTALS_FILE, HOUR_FILE, WEEKDAY_FILE, UCI_FILE, DAILY_2021_FILE, OD_FILE],
        "calibration": model.calibration,
        "assumptions": {
            "detour_noise_sigma": DETOUR_NOISE_SIGMA, "round_trip_zero_share": ROUND_TRIP_ZERO_SHARE,
            "speed_median_m_per_min": SPEED_MEDIAN_M_PER_MIN, "speed_sigma": SPEED_SIGMA,
            "gender_p": {str(k): v for k, v in GENDER_P.items()}, "user_type_p": USER_TYPE_P,
            "birth_null_share": BIRTH_NULL_SHARE, "n_bikes": N_BIKES,
        },
        "seconds": round(time.perf_counter() - t0, 1),
    }
    (out_dir / "README.md").write_text(README_TEXT, encoding="utf-8")
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _fmt_ts(arr: pa.ChunkedArray | pa.Array) -> pa.Array:
    return pc.strftime(pc.cast(arr, pa.timestamp("s")), format="%Y-%m-%d %H:%M:%S")


def _fmt_station_no(arr) -> pa.Array:
    return pc.utf8_lpad(pc.cast(arr, pa.string()), width=5, padding="0")


def _fmt_2dp(arr) -> pa.Array:
    cents = pc.cast(pc.round(pc.multiply(arr, 100.0)), pa.int64())
    whole = pc.cast(pc.divide(cents, 100), pa.string())
    frac = pc.utf8_lpad(pc.cast(pc.subtract(cents, pc.multiply(pc.divide(cents, 100), 100)), pa.string()),
                        width=2, padding="0")
    return pc.binary_join_element_wise(whole, frac, ".")


def official_csv_columns(table: pa.Table, vintage: int = 16) -> tuple[list[str], list[pa.Array]]:
    """The canonical table rendered as the official file's text columns."""
    cols = [
        table["bike_id"], _fmt_ts(table["rent_at"]), _fmt_station_no(table["rent_station_no"]),
        table["rent_station_name"], table["rent_dock"], _fmt_ts(table["return_at"]),
        _fmt_station_no(table["return_station_no"]), table["return_station_name"], table["return_dock"],
        pc.cast(pc.cast(table["duration_min"], pa.int64()), pa.string()), _fmt_2dp(table["distance_m"]),
    ]
    if vintage == 11:
        return CSV_HEADER_11, cols
    cols += [pc.cast(table["birth_year"], pa.string()), table["gender"], table["user_type"],
             table["rent_station_id"], table["return_station_id"]]
    if vintage == 16:
        return CSV_HEADER_16, cols
    if vintage == 17:
        bike_type = pa.array(["일반자전거"], pa.string()).take(pa.array(np.zeros(len(table), np.int32)))
        return CSV_HEADER_17, cols + [bike_type]
    raise ValueError(f"unknown vintage {vintage} (expected 11, 16 or 17)")


def write_official_csv(table: pa.Table, path: Path, *, vintage: int = 16, missing: str = "\\N",
                       encoding: str = "cp949", chunk_rows: int = 250_000) -> int:
    """Write `table` as an official-format monthly CSV (all values double-quoted, missing
    values as unquoted `\\N` or empty). Returns the number of bytes written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header, _ = official_csv_columns(table.slice(0, 0), vintage)
    tmp = path.with_name(f".{path.name}.tmp")
    opts = pacsv.WriteOptions(include_header=False, quoting_style="all_valid")
    total = 0
    with open(tmp, "wb") as fh:
        head = ",".join(f'"{h}"' for h in header) + "\n"
        total += fh.write(head.encode(encoding))
        for start in range(0, len(table), chunk_rows):
            part = table.slice(start, chunk_rows)
            names, cols = official_csv_columns(part, vintage)
            if missing == "\\N":
                cols = [pc.fill_null(c, "\\N") for c in cols]
            sink = pa.BufferOutputStream()
            pacsv.write_csv(pa.table(cols, names=[f"c{i}" for i in range(len(cols))]), sink, opts)
            data = sink.getvalue().to_pybytes()
            if missing == "\\N":
                data = data.replace(b'"\\N"', b"\\N")
            if encoding.lower().replace("-", "") not in ("utf8",):
                data = data.decode("utf-8").encode(encoding, errors="replace")
            total += fh.write(data)
    tmp.replace(path)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate SYNTHETIC Ttareungi trips (canonical schema).")
    ap.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="rows for the whole year (default 40,000,000)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--year", type=int, default=DEFAULT_YEAR)
    ap.add_argument("--out-dir", type=Path, default=None, help="default: var/synthetic/trips")
    ap.add_argument("--csv-month", help="YYYY-MM: write only this month as an official CP949 CSV")
    ap.add_argument("--csv-out", type=Path, help="path of the CSV (with --csv-month)")
    ap.add_argument("--csv-vintage", type=int, default=16, choices=(11, 16, 17))
    ap.add_argument("--csv-missing", choices=("\\N", "empty"), default="\\N")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    model = load_model()
    if args.csv_month:
        year, month = (int(x) for x in args.csv_month.split("-"))
        counts = allocate_rows(model, args.rows, year)
        out = args.csv_out or (settings.var_dir() / "synthetic" / "csv" / f"synthetic_대여이력_{args.csv_month}.csv")
        table = generate_month(model, year, month, counts[month], args.seed)
        nbytes = write_official_csv(table, out, vintage=args.csv_vintage,
                                    missing="\\N" if args.csv_missing == "\\N" else "")
        sidecar = {"synthetic": True, "notice": "SYNTHETIC data in the official CSV layout. Not real trips.",
                   "generator": "scripts/generate_synthetic_trips.py", "month": args.csv_month,
                   "rows": len(table), "bytes": nbytes, "year_rows": args.rows, "seed": args.seed,
                   "vintage": args.csv_vintage, "missing": args.csv_missing, "encoding": "cp949"}
        Path(str(out) + ".json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"SYNTHETIC {args.csv_month}: {len(table):,} rows, {nbytes / 1e6:.0f} MB CP949 -> {out} "
              f"({time.perf_counter() - t0:.1f}s)")
        return 0
    out_dir = args.out_dir or default_out_dir()
    print(f"Generating SYNTHETIC trips: {args.rows:,} rows for {args.year} (seed {args.seed}) -> {out_dir}")
    manifest = generate_year(out_dir, args.rows, args.seed, args.year, model=model)
    print(f"done in {manifest['seconds']}s; calibration: {json.dumps(model.calibration, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
