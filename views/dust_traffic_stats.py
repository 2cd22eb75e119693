"""Statistics for the fine-dust-and-traffic analysis: pure numpy/pandas, no Streamlit.

Choices, so an analyst can check them:

* Weekday against weekend is compared *within each week* (Mon–Fri mean against the
  Sat–Sun mean of the same ISO week). Season, weather fronts that last longer than a
  week, and the long-term decline all cancel out; only the within-week contrast stays.
  The 95% interval resamples whole weeks (bootstrap), so days inside a week stay together.
* The roadside-against-urban contrast of that weekend change (percentage points) resamples
  blocks of consecutive weeks (moving-block bootstrap), both station types from the same
  weeks, so the correlation between them and between neighbouring weeks is kept.
* Roadside minus urban is a *same-day* difference of the two station-set means, which
  removes weather shared by both. Its intervals (monthly and annual) are Newey–West
  (heteroskedasticity- and autocorrelation-consistent) intervals of the mean over days,
  Bartlett kernel, bandwidth from Andrews' AR(1) plug-in rule: the daily gap is strongly
  autocorrelated (weekly means within a year have lag-1 correlation of about 0.6–0.8), so
  intervals that treat days or weeks as independent would be too narrow.
* Traffic against pollution uses monthly values with seasonality removed (month-of-year
  means, optionally year means too, or 12-month differences). Traffic enters as
  100 × ln(volume), so its anomalies read as percent. The slope's interval is the OLS
  t-interval and r's the Fisher-z interval of a partial correlation, both with the degrees
  of freedom reduced by the month (and year) effects removed first — the anomalies are
  residuals of those fits (Frisch–Waugh–Lovell). Months are still not independent, so
  treat the intervals as a lower bound on the uncertainty.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

LEVEL = 0.95
N_BOOT = 2000
SEED = 20240607  # fixed: the page shows the same interval on every rerun
METHODS = ("month", "month_year", "yoy")


# --- distributions -----------------------------------------------------------------

def z_quantile(p: float) -> float:
    return NormalDist().inv_cdf(p)


def _t_cdf(x: float, df: float) -> float:
    """Student-t CDF by Simpson integration of the density from 0 to x (x ≥ 0)."""
    grid = np.linspace(0.0, x, 4001)
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    pdf = np.exp(log_c - (df + 1) / 2 * np.log1p(grid**2 / df))
    h = x / 4000
    return 0.5 + h / 3 * (pdf[0] + pdf[-1] + 4 * pdf[1:-1:2].sum() + 2 * pdf[2:-1:2].sum())


def t_quantile(p: float, df: float) -> float:
    """Student-t quantile (scipy is not a dependency).

    df ≥ 30: the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5), error < 1e-5;
    smaller df: bisection on the CDF, exact to about 1e-6; df 1 and 2 in closed form."""
    if not math.isfinite(df):
        return z_quantile(p)
    if df <= 0:
        return math.nan
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return 2 * (p - 0.5) * math.sqrt(2 / (4 * p * (1 - p)))
    z = z_quantile(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    approx = z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4
    if df >= 30:
        return approx
    target, sign = (p, 1.0) if p >= 0.5 else (1 - p, -1.0)
    lo, hi = 0.0, max(abs(approx) * 2, 1.0)
    while _t_cdf(hi, df) < target:
        hi *= 2
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _t_cdf(mid, df) < target else (lo, mid)
    return sign * (lo + hi) / 2


# --- intervals ---------------------------------------------------------------------

@dataclass(frozen=True)
class Estimate:
    value: float
    lo: float
    hi: float
    n: int

    def as_dict(self, prefix: str = "") -> dict:
        return {f"{prefix}value": self.value, f"{prefix}lo": self.lo, f"{prefix}hi": self.hi, f"{prefix}n": self.n}


def _clean(values) -> np.ndarray:
    arr = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype="float64")
    return arr[np.isfinite(arr)]


def mean_ci(values, level: float = LEVEL) -> Estimate:
    """Mean with a t-interval; missing values are dropped, n counts the rest."""
    x = _clean(values)
    n = len(x)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    m = float(x.mean())
    if n < 2:
        return Estimate(m, math.nan, math.nan, n)
    half = t_quantile(0.5 + level / 2, n - 1) * float(x.std(ddof=1)) / math.sqrt(n)
    return Estimate(m, m - half, m + half, n)


def summary_ci(mean: float, sd: float, n: int, level: float = LEVEL) -> tuple[float, float]:
    """t-interval from a mean, a sample standard deviation and n (e.g. from SQL)."""
    if n is None or n < 2 or not np.isfinite(sd):
        return math.nan, math.nan
    half = t_quantile(0.5 + level / 2, n - 1) * sd / math.sqrt(n)
    return mean - half, mean + half


def _bootstrap_indices(n: int, n_boot: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(n_boot, n))


def _block_indices(n: int, n_boot: int, seed: int, block: int | None = None) -> np.ndarray:
    """Moving-block bootstrap: each resample strings together blocks of `block` consecutive
    positions (default ⌈n^(1/3)⌉) starting at random places, cut to length n."""
    block = block or max(1, math.ceil(n ** (1 / 3)))
    starts = np.random.default_rng(seed).integers(0, n - block + 1, size=(n_boot, math.ceil(n / block)))
    return (starts[:, :, None] + np.arange(block)).reshape(n_boot, -1)[:, :n]


def newey_west_lag(x: np.ndarray) -> int:
    """Bandwidth (in lags) for the Bartlett kernel by Andrews' (1991) AR(1) plug-in rule,
    1.1447·(α·n)^(1/3) with α = 4ρ²/((1−ρ)²(1+ρ)²), ρ = the lag-1 autocorrelation."""
    n = len(x)
    if n < 3:
        return 0
    d = x - x.mean()
    denom = float((d * d).sum())
    rho = float((d[1:] * d[:-1]).sum()) / denom if denom > 0 else 0.0
    rho = min(max(rho, -0.97), 0.97)  # keep α finite for near-unit-root series
    alpha = 4 * rho**2 / ((1 - rho) ** 2 * (1 + rho) ** 2)
    return int(min(n - 1, math.floor(1.1447 * (alpha * n) ** (1 / 3))))


def newey_west_ci(values, level: float = LEVEL) -> tuple[Estimate, int]:
    """Mean of a time-ordered series with a Newey–West (HAC) interval; returns the estimate
    and the lag used. Missing values are dropped (neighbours across a gap count as adjacent)."""
    x = _clean(values)
    n = len(x)
    if n < 2:
        return Estimate(float(x.mean()) if n else math.nan, math.nan, math.nan, n), 0
    lag = newey_west_lag(x)
    d = x - x.mean()
    var = float((d * d).sum()) / n
    for k in range(1, lag + 1):
        var += 2 * (1 - k / (lag + 1)) * float((d[k:] * d[:-k]).sum()) / n
    m = float(x.mean())
    half = t_quantile(0.5 + level / 2, n - 1) * math.sqrt(max(var, 0.0) / n)
    return Estimate(m, m - half, m + half, n), lag


# --- weekday against weekend, paired within weeks --------------------------------------

def weekly_pairs(daily: pd.DataFrame, value: str, *, date_col: str = "date",
                 min_weekdays: int = 3, min_weekend: int = 1) -> pd.DataFrame:
    """One row per ISO week with enough data: the Mon–Fri mean and the Sat–Sun mean."""
    frame = daily[[date_col, value]].copy()
    frame[value] = pd.to_numeric(frame[value], errors="coerce")
    frame = frame.dropna(subset=[value])
    dates = pd.to_datetime(frame[date_col])
    frame["week"] = (dates - pd.to_timedelta(dates.dt.dayofweek, unit="D")).dt.normalize()
    frame["weekend"] = dates.dt.dayofweek >= 5
    grouped = frame.groupby(["week", "weekend"])[value].agg(["mean", "count"]).unstack("weekend")
    out = pd.DataFrame({
        "week_start": grouped.index,
        "weekday_mean": grouped[("mean", False)].to_numpy() if ("mean", False) in grouped else np.nan,
        "weekend_mean": grouped[("mean", True)].to_numpy() if ("mean", True) in grouped else np.nan,
        "weekday_days": grouped[("count", False)].to_numpy() if ("count", False) in grouped else 0,
        "weekend_days": grouped[("count", True)].to_numpy() if ("count", True) in grouped else 0,
    }).reset_index(drop=True)
    keep = (out["weekday_days"].fillna(0) >= min_weekdays) & (out["weekend_days"].fillna(0) >= min_weekend)
    return out[keep].reset_index(drop=True)


def weekend_effect(pairs: pd.DataFrame, *, level: float = LEVEL, n_boot: int = N_BOOT,
                   seed: int = SEED) -> dict:
    """Weekend minus weekday (same week), in units and in percent of the weekday mean.

    Both intervals resample whole weeks. The paired t-interval of the difference is
    returned too (diff_t_lo/hi) as a cross-check."""
    wk = pairs["weekday_mean"].to_numpy(dtype="float64")
    we = pairs["weekend_mean"].to_numpy(dtype="float64")
    n = len(wk)
    result = {"n_weeks": n, "weekday_mean": math.nan, "weekend_mean": math.nan, "diff": math.nan,
              "diff_lo": math.nan, "diff_hi": math.nan, "pct": math.nan, "pct_lo": math.nan,
              "pct_hi": math.nan, "diff_t_lo": math.nan, "diff_t_hi": math.nan}
    if n < 2:
        return result
    diff = we - wk
    result.update(weekday_mean=float(wk.mean()), weekend_mean=float(we.mean()), diff=float(diff.mean()),
                  pct=float(100 * (we.mean() / wk.mean() - 1)))
    t = mean_ci(diff, level)
    result.update(diff_t_lo=t.lo, diff_t_hi=t.hi)
    idx = _bootstrap_indices(n, n_boot, seed)
    boot_diff = diff[idx].mean(axis=1)
    boot_pct = 100 * (we[idx].mean(axis=1) / wk[idx].mean(axis=1) - 1)
    tail = 100 * (1 - level) / 2
    result.update(diff_lo=float(np.percentile(boot_diff, tail)), diff_hi=float(np.percentile(boot_diff, 100 - tail)),
                  pct_lo=float(np.percentile(boot_pct, tail)), pct_hi=float(np.percentile(boot_pct, 100 - tail)))
    return result


def weekend_effect_difference(daily_by_type: pd.DataFrame, value: str, *, first: str = "roadside",
                              second: str = "urban", level: float = LEVEL, n_boot: int = N_BOOT,
                              seed: int = SEED) -> dict:
    """How much more (or less) the weekend change is at `first` stations than at `second`
    ones, in percentage points and in the pollutant's units, over the weeks valid for both.

    pct_diff = pct(first) − pct(second), each pct = 100·(weekend mean / weekday mean − 1)
    as in `weekend_effect`. The interval is a moving-block bootstrap over weeks that draws
    the same weeks for both station types."""
    pairs = {}
    for station_type in (first, second):
        part = daily_by_type[daily_by_type["station_type"] == station_type]
        pairs[station_type] = weekly_pairs(part, value).set_index("week_start")
    weeks = pairs[first].index.intersection(pairs[second].index).sort_values()
    out = {"n_weeks": len(weeks), "pct_first": math.nan, "pct_second": math.nan, "pct_diff": math.nan,
           "pct_diff_lo": math.nan, "pct_diff_hi": math.nan, "diff_diff": math.nan, "diff_diff_lo": math.nan,
           "diff_diff_hi": math.nan}
    if len(weeks) < 4:
        return out
    a, b = pairs[first].loc[weeks], pairs[second].loc[weeks]
    a_wk, a_we = a["weekday_mean"].to_numpy(float), a["weekend_mean"].to_numpy(float)
    b_wk, b_we = b["weekday_mean"].to_numpy(float), b["weekend_mean"].to_numpy(float)

    def contrast(idx):
        pct = 100 * (a_we[idx].mean(-1) / a_wk[idx].mean(-1)) - 100 * (b_we[idx].mean(-1) / b_wk[idx].mean(-1))
        units = (a_we[idx] - a_wk[idx]).mean(-1) - (b_we[idx] - b_wk[idx]).mean(-1)
        return pct, units

    every = np.arange(len(weeks))
    pct, units = contrast(every)
    boot_pct, boot_units = contrast(_block_indices(len(weeks), n_boot, seed))
    tail = 100 * (1 - level) / 2
    out.update(pct_first=float(100 * (a_we.mean() / a_wk.mean() - 1)), pct_second=float(100 * (b_we.mean() / b_wk.mean() - 1)),
               pct_diff=float(pct), pct_diff_lo=float(np.percentile(boot_pct, tail)),
               pct_diff_hi=float(np.percentile(boot_pct, 100 - tail)), diff_diff=float(units),
               diff_diff_lo=float(np.percentile(boot_units, tail)), diff_diff_hi=float(np.percentile(boot_units, 100 - tail)))
    return out


def weekday_profile(daily: pd.DataFrame, value: str, *, date_col: str = "date", level: float = LEVEL) -> pd.DataFrame:
    """Each day's departure from its own week's mean, in percent, averaged per weekday.

    Only complete weeks (all seven days present) count, so every weekday sees the same
    weeks. Returns weekday_iso 1–7 with mean, lo, hi (t-interval over weeks) and n."""
    frame = daily[[date_col, value]].copy()
    frame[value] = pd.to_numeric(frame[value], errors="coerce")
    frame = frame.dropna(subset=[value])
    dates = pd.to_datetime(frame[date_col])
    frame["week"] = (dates - pd.to_timedelta(dates.dt.dayofweek, unit="D")).dt.normalize()
    frame["weekday_iso"] = dates.dt.dayofweek + 1
    complete = frame.groupby("week")[value].transform("count") == 7
    frame = frame[complete]
    week_mean = frame.groupby("week")[value].transform("mean")
    frame = frame[week_mean > 0]
    frame["dev_pct"] = 100 * (frame[value] / week_mean[week_mean > 0] - 1)
    rows = []
    for wd in range(1, 8):
        est = mean_ci(frame.loc[frame["weekday_iso"] == wd, "dev_pct"], level)
        rows.append({"weekday_iso": wd, "mean": est.value, "lo": est.lo, "hi": est.hi, "n": est.n})
    return pd.DataFrame(rows)


# --- roadside minus urban ----------------------------------------------------------------

def daily_gap(daily_by_type: pd.DataFrame, value: str, *, date_col: str = "date") -> pd.DataFrame:
    """Same-day roadside minus urban; days missing either side are dropped."""
    wide = daily_by_type.pivot_table(index=date_col, columns="station_type", values=value, aggfunc="first")
    if not {"roadside", "urban"} <= set(wide.columns):
        return pd.DataFrame(columns=[date_col, "roadside", "urban", "gap"])
    wide = wide[["roadside", "urban"]].dropna()
    wide["gap"] = wide["roadside"] - wide["urban"]
    out = wide.reset_index()
    out[date_col] = pd.to_datetime(out[date_col])
    return out


def gap_by_period(gap: pd.DataFrame, period: str, *, date_col: str = "date", level: float = LEVEL) -> pd.DataFrame:
    """Mean daily gap per month or per year with a Newey–West interval over the period's
    days in date order (n = n_days = days with both sides; lag = the bandwidth used)."""
    if period not in ("month", "year"):
        raise ValueError(f"period must be 'month' or 'year', not {period!r}")
    columns = ["period_start", "mean", "lo", "hi", "n", "n_days", "lag"]
    if gap.empty:
        return pd.DataFrame(columns=columns)
    ordered = gap.assign(_date=pd.to_datetime(gap[date_col])).sort_values("_date")
    key = ordered["_date"].dt.to_period("M" if period == "month" else "Y")
    rows = []
    for start, part in ordered.groupby(key):
        est, lag = newey_west_ci(part["gap"], level)
        rows.append({"period_start": start.to_timestamp(), "mean": est.value, "lo": est.lo, "hi": est.hi,
                     "n": est.n, "n_days": est.n, "lag": lag})
    return pd.DataFrame(rows, columns=columns)


# --- traffic against pollution, seasonality removed -----------------------------------

def deseasonalise(monthly: pd.DataFrame, traffic_col: str, pollutant_col: str, method: str) -> pd.DataFrame:
    """Monthly anomalies of traffic (percent, via 100·ln) and pollution (its units).

    month      — minus the month-of-year mean (over the months given);
    month_year — minus month-of-year and year effects (two-way, by alternating means),
                 which also removes the long-term trend and year-level shocks (COVID-19);
    yoy        — the change from the same month a year earlier (needs consecutive years,
                 so 2022 drops out when 2021 is missing)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    frame = monthly[["month_start", "year", "month", traffic_col, pollutant_col]].copy()
    frame = frame.dropna(subset=[traffic_col, pollutant_col])
    frame = frame[frame[traffic_col] > 0]
    frame["t"] = 100 * np.log(frame[traffic_col].astype("float64"))
    frame["p"] = frame[pollutant_col].astype("float64")
    if method == "yoy":
        prev = frame[["year", "month", "t", "p"]].assign(year=lambda d: d["year"] + 1)
        merged = frame.merge(prev, on=["year", "month"], suffixes=("", "_prev"))
        merged["traffic_anom"] = merged["t"] - merged["t_prev"]
        merged["pollution_anom"] = merged["p"] - merged["p_prev"]
        out = merged
    else:
        out = frame.copy()
        for col, name in (("t", "traffic_anom"), ("p", "pollution_anom")):
            resid = out[col] - out.groupby("month")[col].transform("mean")
            if method == "month_year":
                for _ in range(50):  # alternating projections converge quickly on this grid
                    resid = resid - resid.groupby(out["year"]).transform("mean")
                    resid = resid - resid.groupby(out["month"]).transform("mean")
            out[name] = resid
    result = out[["month_start", "year", "month", traffic_col, pollutant_col, "traffic_anom", "pollution_anom"]] \
        .sort_values("month_start").reset_index(drop=True)
    # Effects fitted before the regression, beyond the intercept the line fits itself: they
    # cost degrees of freedom (11 month effects; plus one per year but the first).
    months, years = out["month"].nunique(), out["year"].nunique()
    result.attrs["absorbed"] = {"month": months - 1, "month_year": months - 1 + years - 1, "yoy": 0}[method]
    return result


def ols_fit(x, y, *, level: float = LEVEL, absorbed: int = 0) -> dict:
    """Least-squares line y = a + b·x with the t-interval of b and Pearson r with a
    Fisher-z interval. Pairs with a missing value are dropped; n is what is left.

    `absorbed` = effects already removed from x and y by an earlier fit (e.g. 11 month
    dummies): the residual degrees of freedom are n − 2 − absorbed (df in the result) and
    r is then a partial correlation, whose Fisher-z standard error is 1/√(n − 3 − absorbed)."""
    xs = pd.to_numeric(pd.Series(x), errors="coerce").to_numpy(dtype="float64")
    ys = pd.to_numeric(pd.Series(y), errors="coerce").to_numpy(dtype="float64")
    ok = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[ok], ys[ok]
    n = len(xs)
    df = n - 2 - absorbed
    out = {"n": n, "df": df, "slope": math.nan, "intercept": math.nan, "slope_lo": math.nan, "slope_hi": math.nan,
           "r": math.nan, "r_lo": math.nan, "r_hi": math.nan, "r2": math.nan}
    if df < 2 or np.ptp(xs) == 0:
        return out
    xm, ym = xs.mean(), ys.mean()
    sxx = float(((xs - xm) ** 2).sum())
    sxy = float(((xs - xm) * (ys - ym)).sum())
    syy = float(((ys - ym) ** 2).sum())
    slope = sxy / sxx
    intercept = ym - slope * xm
    resid = ys - (intercept + slope * xs)
    se = math.sqrt(float((resid**2).sum()) / df / sxx)
    half = t_quantile(0.5 + level / 2, df) * se
    r = sxy / math.sqrt(sxx * syy) if syy > 0 else math.nan
    out.update(slope=slope, intercept=intercept, slope_lo=slope - half, slope_hi=slope + half, r=r,
               r2=r * r if np.isfinite(r) else math.nan)
    if np.isfinite(r) and abs(r) < 1:
        zr, zs = math.atanh(r), z_quantile(0.5 + level / 2) / math.sqrt(df - 1)
        out.update(r_lo=math.tanh(zr - zs), r_hi=math.tanh(zr + zs))
    return out


def fit_anomalies(anoms: pd.DataFrame, *, level: float = LEVEL) -> dict:
    """`ols_fit` of pollution on traffic anomalies from `deseasonalise`, with the degrees of
    freedom its seasonal (and year) effects used up."""
    return ols_fit(anoms["traffic_anom"], anoms["pollution_anom"], level=level, absorbed=anoms.attrs.get("absorbed", 0))


def fit_line(fit: dict, x_lo: float, x_hi: float, points: int = 2) -> pd.DataFrame:
    xs = np.linspace(x_lo, x_hi, points)
    return pd.DataFrame({"x": xs, "y": fit["intercept"] + fit["slope"] * xs})
