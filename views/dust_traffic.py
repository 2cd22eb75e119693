"""Fine dust and traffic: what the data can and cannot say about traffic and air
pollution in Seoul. The statistics live in views/dust_traffic_stats.py (pure, tested);
this module only queries, calls them and shows the results with their uncertainty."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, kit, layout, state
from dashboard.i18n import fmt_int, fmt_num, t
from views import dust_traffic_stats as stats
from views import traffic_charts as charts

PAGE = "dust_traffic"
POLLUTANTS = ("no2", "pm10", "pm25")
DAILY_COLUMN = {"no2": "no2_ppb", "pm10": "pm10", "pm25": "pm25"}
STATION_TYPES = ("roadside", "urban")
METHODS = stats.METHODS


def _unit(pollutant: str) -> str:
    return "ppb" if pollutant == "no2" else "µg/m³"


def _pname(pollutant: str) -> str:
    return t(f"{PAGE}.pol_{pollutant}")


def _stype(station_type: str) -> str:
    return t(f"{PAGE}.stype_{station_type}")


def _signed(value: float, decimals: int = 1) -> str:
    return "–" if value != value else f"{value:+,.{decimals}f}"


# --- weekday against weekend -------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=8)
def _effects(daily: pd.DataFrame) -> pd.DataFrame:
    """All six weekend effects (3 pollutants × 2 station types); bootstraps are cached."""
    rows = []
    for station_type in STATION_TYPES:
        part = daily[daily["station_type"] == station_type]
        for pollutant in POLLUTANTS:
            pairs = stats.weekly_pairs(part, DAILY_COLUMN[pollutant])
            rows.append({"station_type": station_type, "pollutant": pollutant, "unit": _unit(pollutant),
                         **stats.weekend_effect(pairs)})
    return pd.DataFrame(rows)


@st.cache_data(show_spinner=False, max_entries=8)
def _fits(monthly: pd.DataFrame, column: str) -> dict[str, tuple[pd.DataFrame, dict]]:
    """Anomalies and the fitted slope for every method (the chosen one is drawn, all are
    tabled): computed once per station type and pollutant, not on every rerun."""
    fits = {}
    for method in METHODS:
        anoms = stats.deseasonalise(monthly, "traffic_volume", column, method)
        fits[method] = (anoms, stats.fit_anomalies(anoms))
    return fits


@st.cache_data(show_spinner=False, max_entries=8)
def _roadside_vs_urban(daily: pd.DataFrame, pollutant: str) -> dict:
    return stats.weekend_effect_difference(daily, DAILY_COLUMN[pollutant])


def _weekend_section(daily_result, pollutant: str, station_type: str) -> None:
    st.subheader(t(f"{PAGE}.wk_title"))
    st.markdown(t(f"{PAGE}.wk_intro"))
    daily = daily_result.frame
    effects = _effects(daily)
    chosen = effects[(effects["pollutant"] == pollutant) & (effects["station_type"] == station_type)].iloc[0]
    first, last = pd.to_datetime(daily["date"]).min(), pd.to_datetime(daily["date"]).max()
    st.markdown(t(f"{PAGE}.wk_result", pollutant=_pname(pollutant), stype=t(f"{PAGE}.stype_in_text_{station_type}"),
                  pct=_signed(chosen["pct"]), lo=_signed(chosen["pct_lo"]), hi=_signed(chosen["pct_hi"]),
                  diff=_signed(chosen["diff"], 2), unit=_unit(pollutant), n=fmt_int(chosen["n_weeks"]),
                  weekday=fmt_num(chosen["weekday_mean"]), weekend=fmt_num(chosen["weekend_mean"]),
                  first=first.year, last=last.year))
    compare = _roadside_vs_urban(daily, pollutant)
    st.markdown(t(f"{PAGE}.wk_compare", pollutant=_pname(pollutant), road=_signed(compare["pct_first"]),
                  urban=_signed(compare["pct_second"]), diff=_signed(compare["pct_diff"]),
                  lo=_signed(compare["pct_diff_lo"]), hi=_signed(compare["pct_diff_hi"]), n=fmt_int(compare["n_weeks"])))
    kit.chart(charts.effect_forest(effects, x_title=t(f"{PAGE}.x_weekend_pct"), group_name=_stype,
                                row_label=lambda r: _pname(r["pollutant"])),
           daily_result, key=f"{PAGE}:forest", title=t(f"{PAGE}.forest_title"),
           caption=t(f"{PAGE}.forest_caption"), frame=effects)

    part = daily[daily["station_type"] == station_type]
    profile = stats.weekday_profile(part, DAILY_COLUMN[pollutant])
    kit.chart(charts.weekday_deviation(profile, weekday_labels=[t(f"{PAGE}.wd{i}") for i in range(1, 8)],
                                    y_title=t(f"{PAGE}.y_dev_pct")),
           daily_result, key=f"{PAGE}:weekday", frame=profile.assign(pollutant=pollutant, station_type=station_type),
           title=t(f"{PAGE}.weekday_title", pollutant=_pname(pollutant), stype=t(f"{PAGE}.stype_in_text_{station_type}")),
           caption=t(f"{PAGE}.weekday_caption", n=fmt_int(profile["n"].max())))

    hourly = data.query(f"{PAGE}/hourly_profile", pollutant=pollutant)
    hf = hourly.frame.copy()
    if not hf.empty:
        bounds = [stats.summary_ci(m, s, n) for m, s, n in zip(hf["mean"], hf["sd"], hf["n"])]
        hf["lo"], hf["hi"] = [b[0] for b in bounds], [b[1] for b in bounds]
        kit.chart(charts.hourly_profile(hf, day_type_name=lambda d: t(f"{PAGE}.daytype_{d}"),
                                     y_title=f"{_pname(pollutant)} ({_unit(pollutant)})", x_title=t(f"{PAGE}.x_hour"),
                                     hover_unit=_unit(pollutant)),
               hourly, key=f"{PAGE}:hourly", frame=hf,
               title=t(f"{PAGE}.hourly_title", pollutant=_pname(pollutant),
                       span=f"{pd.Timestamp(hf['first_date'].min()).year}–{pd.Timestamp(hf['last_date'].max()).year}"),
               caption=t(f"{PAGE}.hourly_caption"))
        layout.as_of_caption("air_hourly_city")


# --- roadside minus urban ----------------------------------------------------------------

def _gap_section(daily_result, pollutant: str) -> None:
    st.subheader(t(f"{PAGE}.gap_title"))
    st.markdown(t(f"{PAGE}.gap_intro"))
    gap = stats.daily_gap(daily_result.frame, DAILY_COLUMN[pollutant])
    monthly = stats.gap_by_period(gap, "month")
    annual = stats.gap_by_period(gap, "year")
    if annual.empty:
        layout.empty_state()
        return
    a0, a1 = annual.iloc[0], annual.iloc[-1]
    st.markdown(t(f"{PAGE}.gap_result", pollutant=_pname(pollutant), unit=_unit(pollutant),
                  y0=a0["period_start"].year, v0=fmt_num(a0["mean"]), lo0=fmt_num(a0["lo"]), hi0=fmt_num(a0["hi"]),
                  y1=a1["period_start"].year, v1=fmt_num(a1["mean"]), lo1=fmt_num(a1["lo"]), hi1=fmt_num(a1["hi"])))
    export = pd.concat([monthly.assign(period="month"), annual.assign(period="year")], ignore_index=True)
    kit.chart(charts.gap_over_time(monthly, annual, y_title=t(f"{PAGE}.y_gap", unit=_unit(pollutant)),
                                monthly_name=t(f"{PAGE}.gap_monthly"), annual_name=t(f"{PAGE}.gap_annual"),
                                hover_unit=_unit(pollutant)),
           daily_result, key=f"{PAGE}:gap", frame=export.assign(pollutant=pollutant),
           title=t(f"{PAGE}.gap_chart", pollutant=_pname(pollutant)), caption=t(f"{PAGE}.gap_caption"))


# --- traffic against pollution -----------------------------------------------------------------

@kit.fragment
def _traffic_section(pollutant: str, station_type: str) -> None:
    st.subheader(t(f"{PAGE}.tp_title"))
    st.markdown(t(f"{PAGE}.tp_intro"))
    method = kit.bound(st.segmented_control, t(f"{PAGE}.method"), state.url_choice("method", METHODS, "month_year"),
                       key=f"{PAGE}:method", param="method", options=METHODS,
                       format_func=lambda m: t(f"{PAGE}.method_{m}"))
    st.caption(t(f"{PAGE}.method_help_{method}"))
    result = data.query(f"{PAGE}/traffic_pollution_monthly", station_type=station_type)
    monthly = result.frame
    if monthly.empty:
        layout.empty_state()
        return
    column = DAILY_COLUMN[pollutant]
    years = sorted(monthly["year"].unique())
    anoms, fit = _fits(monthly, column)[method]
    periods = _periods(years)
    st.markdown(t(f"{PAGE}.tp_result", n=fit["n"], periods=periods, pollutant=_pname(pollutant),
                  stype=t(f"{PAGE}.stype_in_text_{station_type}"), slope=_signed(fit["slope"], 2), lo=_signed(fit["slope_lo"], 2),
                  hi=_signed(fit["slope_hi"], 2), unit=_unit(pollutant), r=_signed(fit["r"], 2),
                  rlo=_signed(fit["r_lo"], 2), rhi=_signed(fit["r_hi"], 2)))
    st.markdown(t(f"{PAGE}.tp_verdict_{_verdict(fit)}"))

    left, right = st.columns([1, 1], gap="large")
    with left:
        kit.chart(charts.anomaly_scatter(anoms, fit, x_title=t(f"{PAGE}.x_traffic_anom"),
                                      y_title=t(f"{PAGE}.y_pollution_anom", pollutant=_pname(pollutant), unit=_unit(pollutant)),
                                      period_name=lambda y: _run_label(years, y),
                                      fit_name=t(f"{PAGE}.fit_line"), hover_unit=_unit(pollutant)),
               result, key=f"{PAGE}:scatter", frame=anoms,
               title=t(f"{PAGE}.scatter_title", method=t(f"{PAGE}.method_{method}")),
               caption=t(f"{PAGE}.scatter_caption", n=fit["n"]))
    with right:
        kit.chart(charts.anomaly_series(anoms, traffic_title=t(f"{PAGE}.series_traffic"),
                                     pollution_title=t(f"{PAGE}.series_pollution", pollutant=_pname(pollutant), unit=_unit(pollutant)),
                                     gap_label=t(f"{PAGE}.gap_years"), hover_unit=_unit(pollutant)),
               result, key=f"{PAGE}:series", frame=anoms, title=t(f"{PAGE}.series_title"),
               caption=t(f"{PAGE}.series_caption", gap=_traffic_gap_years()))

    rows = []
    for m, (_, f) in _fits(monthly, column).items():
        rows.append({t(f"{PAGE}.col_method"): t(f"{PAGE}.method_{m}"), "n": f["n"],
                     t(f"{PAGE}.col_slope", unit=_unit(pollutant)): f"{_signed(f['slope'], 2)} ({_signed(f['slope_lo'], 2)} … {_signed(f['slope_hi'], 2)})",
                     "r (95% CI)": f"{_signed(f['r'], 2)} ({_signed(f['r_lo'], 2)} … {_signed(f['r_hi'], 2)})"})
    st.markdown(f"**{t(f'{PAGE}.robust_title')}**")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(t(f"{PAGE}.robust_caption"))
    layout.as_of_caption("expressway_volume", "air_daily")


def _periods(years: list[int]) -> str:
    """'2014–2018, 2022' from the years present."""
    runs, start, prev = [], None, None
    for y in years:
        if start is None:
            start = prev = y
        elif y == prev + 1:
            prev = y
        else:
            runs.append((start, prev))
            start = prev = y
    if start is not None:
        runs.append((start, prev))
    return ", ".join(f"{a}–{b}" if a != b else f"{a}" for a, b in runs)


def _traffic_gap_years() -> str:
    """Years inside the expressway file's span with no data at all ('2019–2021')."""
    frame = data.query("traffic/expressway_citywide_monthly").frame
    per_year = frame.groupby("year")["total_volume"].count()
    return _periods(sorted(int(y) for y in per_year[per_year == 0].index)) or "–"


def _run_label(years: list[int], year: int) -> str:
    """The label of the run of consecutive years that `year` belongs to ('2014–2018')."""
    return next(part for part in _periods(years).split(", ")
                if (int(part[:4]) <= year <= int(part[-4:])))


def _verdict(fit: dict) -> str:
    """Which plain-words reading applies: the interval excludes zero or not."""
    if not fit["n"] or fit["slope_lo"] != fit["slope_lo"]:
        return "none"
    if fit["slope_lo"] > 0:
        return "positive"
    if fit["slope_hi"] < 0:
        return "negative"
    return "unclear"


# --- page ---------------------------------------------------------------------------------

def _analysis(_) -> None:
    overlap = _periods(sorted(data.query(f"{PAGE}/traffic_pollution_monthly").frame["year"].unique().tolist()))
    gap = _traffic_gap_years()
    st.warning(t(f"{PAGE}.caveat_short", periods=overlap, gap=gap), icon=":material/info:")
    c1, c2 = st.columns(2)
    pollutant = kit.bound(c1.segmented_control, t(f"{PAGE}.pollutant"), state.url_choice("pollutant", POLLUTANTS, "no2"),
                          key=f"{PAGE}:pollutant", param="pollutant", options=POLLUTANTS, format_func=_pname)
    station_type = kit.bound(c2.segmented_control, t(f"{PAGE}.stype"),
                             state.url_choice("stype", STATION_TYPES, "roadside"), key=f"{PAGE}:stype",
                             param="stype", options=STATION_TYPES, format_func=_stype)

    daily = data.query(f"{PAGE}/air_daily_by_type")
    if daily.frame.empty:
        layout.empty_state()
        return
    with st.expander(t(f"{PAGE}.stations_title")):
        sets = data.query(f"{PAGE}/station_sets")
        frame = sets.frame
        for stype in STATION_TYPES:
            inc = frame[(frame["station_type"] == stype) & frame["included"]]["station"].tolist()
            exc = frame[(frame["station_type"] == stype) & ~frame["included"]]["station"].tolist()
            st.markdown(f"- **{_stype(stype)}** ({len(inc)}): {', '.join(inc)}"
                        + (f"  \n  {t(f'{PAGE}.stations_left_out')}: {', '.join(exc)}" if exc else ""))
        layout.data_actions(sets, f"{PAGE}:stations")

    _weekend_section(daily, pollutant, station_type)
    _gap_section(daily, pollutant)
    layout.as_of_caption("air_daily")
    _traffic_section(pollutant, station_type)
    st.subheader(t(f"{PAGE}.caveats_title"))
    st.markdown(t(f"{PAGE}.caveats", periods=overlap, gap=gap))


def render() -> None:
    kit.page(PAGE, [kit.Section("analysis", _analysis)])
