"""'Fine dust and traffic': the statistics module against known values and an
independent pandas recomputation, and the page under AppTest in both languages."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from tests.apptest_helpers import assert_clean, figures, plotly_values, run_page
from tests.conftest import air_daily_source, requires_shared
from views import dust_traffic_stats as stats

# The 14 roadside stations that report in every year 2014–2022 (PROVENANCE.md §3).
ROADSIDE = ["강남대로", "강변북로", "공항대로", "도산대로", "동작대로", "신촌로", "영등포로", "정릉로", "종로",
            "천호대로", "청계천로", "한강대로", "홍릉로", "화랑로"]


# --- pure statistics --------------------------------------------------------------------

@pytest.mark.parametrize("df, expected", [(3, 3.182), (5, 2.571), (10, 2.228), (30, 2.042), (70, 1.994), (1, 12.706), (2, 4.303)])
def test_t_quantile_matches_tables(df, expected):
    assert stats.t_quantile(0.975, df) == pytest.approx(expected, abs=2e-3)


def test_mean_ci_and_summary_ci_agree():
    x = np.array([2.0, 4.0, 4.0, 5.0, 7.0, 9.0, np.nan])
    est = stats.mean_ci(x)
    assert est.n == 6 and est.value == pytest.approx(31 / 6)
    half = stats.t_quantile(0.975, 5) * np.std(x[:6], ddof=1) / math.sqrt(6)
    assert (est.lo, est.hi) == pytest.approx((31 / 6 - half, 31 / 6 + half))
    assert stats.summary_ci(est.value, float(np.std(x[:6], ddof=1)), 6) == pytest.approx((est.lo, est.hi))
    assert math.isnan(stats.mean_ci([1.0]).lo)


def _synthetic_days(weeks: int = 200, weekend_drop: float = 10.0, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2015-01-05", periods=weeks * 7, freq="D")  # starts on a Monday
    season = 20 * np.sin(2 * np.pi * dates.dayofyear / 365)
    value = 100 + season - weekend_drop * (dates.dayofweek >= 5) + rng.normal(0, 3, len(dates))
    return pd.DataFrame({"date": dates, "value": value})


def test_weekend_effect_recovers_a_known_drop_despite_seasons():
    pairs = stats.weekly_pairs(_synthetic_days(), "value")
    assert len(pairs) == 200
    effect = stats.weekend_effect(pairs)
    assert effect["n_weeks"] == 200
    assert effect["diff_lo"] < -10 < effect["diff_hi"] and effect["diff"] == pytest.approx(-10, abs=0.7)
    assert effect["pct_lo"] < effect["pct"] < effect["pct_hi"] < 0
    assert effect["diff_t_lo"] == pytest.approx(effect["diff_lo"], abs=0.3)
    # Fixed seed: the same interval on every rerun.
    assert stats.weekend_effect(pairs) == effect


def test_weekly_pairs_skips_thin_weeks_and_missing_days():
    days = _synthetic_days(weeks=3)
    days.loc[days.index[:4], "value"] = np.nan  # week 1 keeps only Friday as a weekday
    pairs = stats.weekly_pairs(days, "value")
    assert len(pairs) == 2 and pairs["weekday_days"].min() == 5


def test_weekday_profile_uses_complete_weeks_only():
    profile = stats.weekday_profile(_synthetic_days(weeks=50), "value")
    assert profile["weekday_iso"].tolist() == list(range(1, 8))
    assert (profile["n"] == 50).all()
    assert profile.loc[profile["weekday_iso"] >= 6, "mean"].max() < 0 < profile.loc[profile["weekday_iso"] <= 5, "mean"].min()


def test_gap_by_period_month_and_year():
    dates = pd.date_range("2020-01-01", "2021-12-31", freq="D")
    frame = pd.DataFrame({"date": np.repeat(dates, 2), "station_type": ["roadside", "urban"] * len(dates),
                          "v": np.tile([30.0, 20.0], len(dates))})
    frame.loc[(frame["station_type"] == "urban") & (frame["date"] == "2020-01-03"), "v"] = np.nan
    gap = stats.daily_gap(frame, "v")
    assert len(gap) == len(dates) - 1 and (gap["gap"] == 10).all()
    monthly = stats.gap_by_period(gap, "month")
    assert len(monthly) == 24 and monthly.loc[0, "n"] == 30 and (monthly["mean"] == 10).all()
    annual = stats.gap_by_period(gap, "year")
    # Newey–West over days: n counts days (the interval, not n, carries the correlation).
    assert annual["n_days"].tolist() == [365, 365] and annual["n"].tolist() == [365, 365]


def _ar1(n: int, rho: float, rng) -> np.ndarray:
    x = np.empty(n)
    x[0] = rng.normal(0, 1 / math.sqrt(1 - rho**2))
    for i in range(1, n):
        x[i] = rho * x[i - 1] + rng.normal()
    return x


def test_newey_west_widens_the_interval_for_autocorrelated_days_and_covers():
    rng = np.random.default_rng(11)
    covered_nw = covered_naive = 0
    for _ in range(200):
        x = 5 + _ar1(365, 0.8, rng)
        nw, lag = stats.newey_west_ci(x)
        naive = stats.mean_ci(x)
        assert lag >= 10 and (nw.hi - nw.lo) > 1.5 * (naive.hi - naive.lo)
        covered_nw += nw.lo < 5 < nw.hi
        covered_naive += naive.lo < 5 < naive.hi
    # Newey–West covers about 90 % of the time here; the independent-days interval about 40 %.
    assert covered_nw >= 170 and covered_naive < 120
    white = rng.normal(0, 1, 365)
    nw, lag = stats.newey_west_ci(white)
    assert lag <= 3 and nw.lo == pytest.approx(stats.mean_ci(white).lo, rel=0.2)


def test_weekend_drop_difference_between_station_types():
    rng = np.random.default_rng(4)
    dates = pd.date_range("2016-01-04", periods=120 * 7, freq="D")
    weekend = dates.dayofweek >= 5
    season = 10 * np.sin(2 * np.pi * dates.dayofyear / 365)
    roadside = (50 + season) * np.where(weekend, 0.80, 1.0) + rng.normal(0, 2, len(dates))
    urban = (40 + season) * np.where(weekend, 0.90, 1.0) + rng.normal(0, 2, len(dates))
    daily = pd.concat([pd.DataFrame({"date": dates, "station_type": "roadside", "v": roadside}),
                       pd.DataFrame({"date": dates, "station_type": "urban", "v": urban})])
    diff = stats.weekend_effect_difference(daily, "v")
    assert diff["n_weeks"] == 120
    assert diff["pct_first"] == pytest.approx(-20, abs=1) and diff["pct_second"] == pytest.approx(-10, abs=1)
    assert diff["pct_diff_lo"] < -10 < diff["pct_diff_hi"] < 0
    assert diff["diff_diff_lo"] < diff["diff_diff"] < diff["diff_diff_hi"]
    assert stats.weekend_effect_difference(daily, "v") == diff  # fixed seed


def test_regression_degrees_of_freedom_count_the_month_and_year_effects():
    """The slope's interval equals that of the full regression with month and year dummies."""
    monthly = _monthly()
    anoms = stats.deseasonalise(monthly, "traffic", "no2", "month_year")
    assert anoms.attrs["absorbed"] == 11 + 5
    fit = stats.fit_anomalies(anoms)
    assert fit["df"] == len(anoms) - 2 - 16
    t_ = 100 * np.log(monthly["traffic"].to_numpy())
    dummies = pd.get_dummies(monthly[["month", "year"]].astype(str), drop_first=True).to_numpy(float)
    design = np.column_stack([np.ones(len(monthly)), t_, dummies])
    beta, *_ = np.linalg.lstsq(design, monthly["no2"].to_numpy(), rcond=None)
    resid = monthly["no2"].to_numpy() - design @ beta
    df_full = len(monthly) - design.shape[1]
    se = math.sqrt(resid @ resid / df_full * np.linalg.inv(design.T @ design)[1, 1])
    assert fit["df"] == df_full and fit["slope"] == pytest.approx(beta[1], rel=1e-6)
    assert fit["slope_hi"] - fit["slope"] == pytest.approx(stats.t_quantile(0.975, df_full) * se, rel=1e-4)
    assert stats.deseasonalise(monthly, "traffic", "no2", "month").attrs["absorbed"] == 11
    assert stats.fit_anomalies(stats.deseasonalise(monthly, "traffic", "no2", "yoy"))["df"] == \
        stats.ols_fit(*stats.deseasonalise(monthly, "traffic", "no2", "yoy")[["traffic_anom", "pollution_anom"]].T.to_numpy())["df"]


def _monthly(n_years=(2014, 2015, 2016, 2017, 2018, 2022), seed=3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for y in n_years:
        for m in range(1, 13):
            rows.append({"month_start": pd.Timestamp(y, m, 1), "year": y, "month": m,
                         "traffic": 1.2e6 * (1 + 0.05 * np.sin(m)) * (0.9 if y == 2022 else 1) * (1 + rng.normal(0, 0.01)),
                         "no2": 40 + 10 * np.cos(m) - (y - 2014) + rng.normal(0, 1)})
    return pd.DataFrame(rows)


def test_deseasonalise_methods():
    monthly = _monthly()
    month = stats.deseasonalise(monthly, "traffic", "no2", "month")
    assert np.allclose(month.groupby("month")[["traffic_anom", "pollution_anom"]].mean(), 0)
    both = stats.deseasonalise(monthly, "traffic", "no2", "month_year")
    assert np.allclose(both.groupby("month")["pollution_anom"].mean(), 0, atol=1e-6)
    assert np.allclose(both.groupby("year")["pollution_anom"].mean(), 0, atol=1e-6)
    yoy = stats.deseasonalise(monthly, "traffic", "no2", "yoy")
    assert set(yoy["year"]) == {2015, 2016, 2017, 2018}  # 2022 has no 2021 to compare with
    row = yoy[(yoy["year"] == 2016) & (yoy["month"] == 3)].iloc[0]
    prev = monthly[(monthly["year"] == 2015) & (monthly["month"] == 3)].iloc[0]
    now = monthly[(monthly["year"] == 2016) & (monthly["month"] == 3)].iloc[0]
    assert row["traffic_anom"] == pytest.approx(100 * np.log(now["traffic"] / prev["traffic"]))
    with pytest.raises(ValueError):
        stats.deseasonalise(monthly, "traffic", "no2", "raw")


def test_ols_fit_matches_numpy():
    rng = np.random.default_rng(5)
    x = rng.normal(0, 2, 60)
    y = 1.5 * x + rng.normal(0, 1, 60)
    fit = stats.ols_fit(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    assert fit["slope"] == pytest.approx(slope) and fit["intercept"] == pytest.approx(intercept)
    assert fit["r"] == pytest.approx(np.corrcoef(x, y)[0, 1]) and fit["n"] == 60
    assert fit["slope_lo"] < 1.5 < fit["slope_hi"] and fit["r_lo"] < fit["r"] < fit["r_hi"]
    assert stats.ols_fit([1, 2, np.nan], [1, 2, 3])["n"] == 2 and math.isnan(stats.ols_fit([1, 2], [1, 2])["slope"])


@requires_shared
def test_roadside_weekend_no2_drop_recomputed_from_the_station_file(con):
    """The headline estimate, recomputed with pandas from the source CSV."""
    import queries
    src = air_daily_source()
    daily = (src[src["station"].isin(ROADSIDE)].groupby("date")["no2_ppm"].mean() * 1000).reset_index()
    dates = pd.to_datetime(daily["date"])
    daily["week"] = dates - pd.to_timedelta(dates.dt.dayofweek, unit="D")
    daily["weekend"] = dates.dt.dayofweek >= 5
    g = daily.groupby(["week", "weekend"])["no2_ppm"].agg(["mean", "count"]).unstack()
    g = g[(g[("count", False)] >= 3) & (g[("count", True)] >= 1)]
    expected = 100 * (g[("mean", True)].mean() / g[("mean", False)].mean() - 1)
    frame = queries.run("dust_traffic/air_daily_by_type", con=con).frame
    effect = stats.weekend_effect(stats.weekly_pairs(frame[frame["station_type"] == "roadside"], "no2_ppb"))
    assert effect["n_weeks"] == len(g)
    assert effect["pct"] == pytest.approx(expected)
    assert effect["pct_hi"] < 0  # NO2 is clearly lower at weekends at roadside stations


# --- the page ------------------------------------------------------------------------------

def _markdown(at) -> str:
    return " ".join(m.value for m in at.markdown)



@pytest.mark.parametrize("lang", ["ko", "en"])
def test_dust_traffic_page_renders_in_both_languages(warehouse, lang):
    at = run_page("dust_traffic", lang)
    assert_clean(at)
    assert at.title[0].value == ("미세먼지와 교통" if lang == "ko" else "Fine dust and traffic")
    text = _markdown(at)
    # n and the intervals are on the page, and the caveats are in plain words.
    assert "n = 626" in text and "95%" in text  # weeks 2014–2025 with data on enough days
    assert ("연관성" in text and "원인" in text) if lang == "ko" else ("Association is not causation" in text)
    assert "2019–2021" in " ".join(w.value for w in at.warning)  # the missing traffic years
    assert len(at.get("plotly_chart")) == 6
    downloads = at.get("download_button")
    assert len(downloads) >= 6  # every chart's data can be downloaded


def test_dust_traffic_state_from_the_url(warehouse):
    at = run_page("dust_traffic", "en", pollutant="pm25", stype="urban", method="month")
    assert_clean(at)
    text = _markdown(at)
    assert "PM2.5 at urban background stations" in text
    assert "84 months in 2014–2018, 2022–2023" in text  # expressway data pause 2019–2021, end 2023
    scatter = figures(at)[4]
    assert sum(len(plotly_values(t["x"])) for t in scatter["data"] if t.get("mode") == "markers") == 84
    bad = run_page("dust_traffic", "en", pollutant="co2", method="causal")
    assert_clean(bad)
    assert sum("not valid" in i.value for i in bad.info) == 2
