"""Air quality: "is the air safe today?" and the analysts' follow-ups (trends, patterns,
standards, roadside stations, live values, data quality).

The view, pollutant, date, districts, year, rolling window and limit all live in the URL
(`?view=trends&pollutant=pm10&districts=강남구,종로구`), so a copied link reproduces the view.
Numbers come from the named queries in queries/air/; figures from views/air_charts.py.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import data, freshness, kit, layout, state
from dashboard.i18n import fmt_date, fmt_datetime, fmt_district, fmt_int, fmt_num, fmt_pct, lang, t
from data_sources import catalog
from domain import air_grades
from queries import QueryResult
from views import air_charts as charts

PAGE = "air"
WINDOWS = ("7", "30", "90", "365")
LIMITS = ("korea", "who")
ROADSIDE_POLLUTANTS = ("no2", "pm10", "pm25")
LIVE_STALE_HOURS = 3


@dataclasses.dataclass
class Air:
    """What every section needs: the span of the daily record, the districts, and the
    pollutant chosen above the sections."""
    first_day: dt.date
    last_day: dt.date
    gu_names: list[str]
    names_en: dict[str, str]
    pollutant: str = "pm25"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_day.year, self.last_day.year + 1))


def _context() -> Air | None:
    span = data.query("air/day_range").frame
    districts = data.query("air/districts").frame
    if span.empty or pd.isna(span["last_day"].iloc[0]):
        layout.empty_state()
        return None
    first_day, last_day = pd.Timestamp(span["first_day"].iloc[0]).date(), pd.Timestamp(span["last_day"].iloc[0]).date()
    return Air(first_day, last_day, list(districts["gu"]), dict(zip(districts["gu"], districts["gu_en"])))


def _gu_label(gu: str, names_en: dict[str, str]) -> str:
    return fmt_district(gu, names_en.get(gu))


def _controls(a: Air, view: str) -> None:
    """The pollutant (page-wide) and, when a fresh live value exists, 'is the air safe now?'."""
    a.pollutant = kit.bound(st.segmented_control, t("air.pollutant"),
                            state.url_choice("pollutant", air_grades.POLLUTANTS, "pm25"),
                            key="air:pollutant", param="pollutant", options=air_grades.POLLUTANTS,
                            format_func=lambda p: air_grades.SHORT_LABELS[p], help=t("air.pollutant_help"))
    if view != "live":
        _live_banner()


def _year_picker(a: Air, column=None) -> int:
    # The default year is the last complete one (the daily record ends on 31 Dec).
    last = a.last_day
    default = last.year if last == dt.date(last.year, 12, 31) else last.year - 1
    year = state.url_int("year", max(default, a.first_day.year), a.first_day.year, last.year)
    return kit.bound((column or st).selectbox, t("air.year"), year, key="air:year", param="year",
                     options=a.years, width=160)


def _date_picker(a: Air) -> dt.date:
    first_day, last_day = a.first_day, a.last_day
    # The widget takes its value from session state (so the day buttons can move it); the
    # URL seeds it.
    key = state.seed("air:date", state.url_date("date", last_day, first_day, last_day))

    def shift(days: int) -> None:
        moved = st.session_state[key] + dt.timedelta(days=days)
        st.session_state[key] = min(max(moved, first_day), last_day)

    # One row that wraps on a phone: the date, then the day buttons beside it.
    with st.container(horizontal=True, vertical_alignment="bottom", wrap=True):
        day = st.date_input(t("air.date"), min_value=first_day, max_value=last_day, key=key, width=220,
                            format="YYYY-MM-DD", help=t("air.date_help", first=fmt_date(first_day),
                                                        last=fmt_date(last_day)))
        st.button(t("air.prev_day"), on_click=shift, args=(-1,), key="air:prev", disabled=day <= first_day)
        st.button(t("air.next_day"), on_click=shift, args=(1,), key="air:next", disabled=day >= last_day)
        st.button(t("air.latest_day"), on_click=lambda: st.session_state.__setitem__(key, last_day),
                  key="air:latest", disabled=day >= last_day)
    state.write(date=day)
    return day


def _value_text(value, pollutant: str) -> str:
    return f"{charts.fmt_value(value, pollutant)} {air_grades.UNITS[pollutant]}"


def _grade(pollutant: str, value, on: dt.date | None) -> tuple[str, str]:
    grade = charts.grade_of(pollutant, value, on)
    return air_grades.grade_label(grade, lang()), air_grades.grade_colour(grade)


def _headline(label: str, value, pollutant: str, on, note: str, dataset_id: str) -> None:
    """The view's big number with its grade and how old it is (`on`: the day or hour shown)."""
    kit.headline(label, charts.fmt_value(value, pollutant), unit=air_grades.UNITS[pollutant],
                 grade=_grade(pollutant, value, on.date() if isinstance(on, dt.datetime) else on), note=note,
                 age=freshness.badge_html(dataset_id, as_of=on))


def _pm25_standard_note(pollutant: str) -> str:
    """Korea's PM2.5 standard itself was tightened on 2018-03-27; say which level is used."""
    if pollutant != "pm25":
        return ""
    old = air_grades.KOREA_PM25_STANDARD_BEFORE_2018_03_27
    return " " + t("air.pm25_standard_note", day=old["24h"], year=old["annual"],
                   now_day=fmt_num(air_grades.KOREA_STANDARD["pm25"]["24h"], 0),
                   now_year=fmt_num(air_grades.KOREA_STANDARD["pm25"]["annual"], 0))


def _who_note(value, pollutant: str) -> str:
    who = air_grades.limit_24h(pollutant, "who")
    if who is None or charts.grade_of(pollutant, value, None) is None:
        return ""
    return t("air.who_ratio", ratio=fmt_num(float(value) / who, 1), who=charts.fmt_level(who))


# --- map of a day -------------------------------------------------------------------------

def _day_section(a: Air) -> None:
    day = _date_picker(a)
    result = data.query("air/district_day", day=day, pollutant=a.pollutant)
    frame = result.frame
    reporting = int(frame["stations_reporting"].iloc[0]) if not frame.empty else 0
    name = charts.pollutant_name(a.pollutant)
    if reporting == 0:
        layout.empty_state(t("air.day_no_data", date=fmt_date(day)))
    else:
        mean = frame["seoul_mean"].iloc[0]
        note = " · ".join(x for x in (
            t("air.stations_reporting", n=reporting, total=len(frame)), _who_note(mean, a.pollutant)) if x)
        if day == a.last_day:
            note += "<br>" + t("air.record_ends", date=fmt_date(a.last_day))
        _headline(t("air.day_headline", date=fmt_date(day), pollutant=name), mean, a.pollutant, day, note, "air_daily")
    left, right = st.columns([3, 2], gap="large")
    with left:
        kit.map_panel(charts.district_map(frame, a.pollutant, day), key="air:map", height=540,
                      title=t("air.map_title", pollutant=name, date=fmt_date(day)),
                      legend_html=charts.legend_html(a.pollutant, day), caption=t("air.map_caption"))
    with right:
        kit.chart(charts.district_bars(frame, a.pollutant, day, t("air.bars_title")), kit.without_geometry(result),
                  key="air:day")
    layout.as_of_caption("air_daily", "gu_boundaries")


# --- trends -------------------------------------------------------------------------------

def _improvement_cards(annual: pd.DataFrame, a: Air, year: int, districts: list[str]) -> None:
    """'Is my district improving?': the chosen year's mean and its change on the year before."""
    rows = annual[(annual["year"] == year) & (annual["is_city"] | annual["gu"].isin(districts))]
    rows = pd.concat([rows[rows["is_city"]], *[rows[rows["gu"] == g] for g in districts]])
    if rows.empty:
        return
    unit = air_grades.UNITS[a.pollutant]
    cols = st.columns(min(len(rows), 4))
    for i, (_, row) in enumerate(rows.iterrows()):
        name = t("common.seoul") if row["is_city"] else _gu_label(row["gu"], a.names_en)
        delta = None
        if pd.notna(row["change"]):
            delta = (f"{charts.fmt_value(row['change'], a.pollutant)} {unit} "
                     f"({fmt_pct(row['change_pct'], 1)}) {t('air.vs_year', year=year - 1)}")
            if row["change"] > 0:
                delta = "+" + delta
        kit.stat(cols[i % len(cols)], t("air.annual_card", name=name, year=year), _value_text(row["mean"], a.pollutant),
                 t("air.coverage_help", share=fmt_pct(100 * row["coverage"], 1),
                   n=fmt_int(row["values_n"]), total=fmt_int(row["possible_n"])),
                 delta=delta, delta_color="inverse")


def _provisional_note(annual: pd.DataFrame) -> str:
    """Years Seoul has not confirmed yet (catalog: air_daily.provisional_from) are said to be provisional."""
    years = sorted({int(y) for y in annual.loc[annual["provisional"].fillna(False).astype(bool), "year"]})
    return " " + t("air.provisional_note", years=", ".join(map(str, years))) if years else ""


def _annual_table(annual: pd.DataFrame, a: Air, year: int) -> None:
    decimals = air_grades.DECIMALS[a.pollutant]
    year_rows = annual[annual["year"] == year].copy()
    year_rows.insert(0, "name", [t("common.seoul") if c else _gu_label(g, a.names_en)
                                 for c, g in zip(year_rows["is_city"], year_rows["gu"])])
    year_rows = pd.concat([year_rows[year_rows["is_city"]],
                           year_rows[~year_rows["is_city"]].sort_values("mean", ascending=False)])
    mean_col = t("air.col_mean", unit=air_grades.UNITS[a.pollutant])
    table = pd.DataFrame({
        t("common.district"): year_rows["name"],
        mean_col: year_rows["mean"],
        t("air.col_change"): year_rows["change"],
        t("air.col_change_pct"): year_rows["change_pct"],
        t("air.col_coverage"): 100 * year_rows["coverage"],
    })
    st.markdown(f"**{t('air.annual_table_title', year=year)}**")
    st.dataframe(table, hide_index=True, width="stretch", height=420, column_config={
        mean_col: st.column_config.NumberColumn(format=kit.number_format(decimals)),
        t("air.col_change"): st.column_config.NumberColumn(format=f"%+.{decimals}f"),
        t("air.col_change_pct"): st.column_config.NumberColumn(format="%+.1f%%"),
        t("air.col_coverage"): st.column_config.ProgressColumn(format="%.1f%%", min_value=0, max_value=100),
    })
    with st.expander(t("air.all_years_table")):
        wide = annual.assign(name=[t("common.seoul") if c else _gu_label(g, a.names_en)
                                   for c, g in zip(annual["is_city"], annual["gu"])])
        pivot = wide.pivot_table(index="name", columns="year", values="mean", aggfunc="first")
        city = t("common.seoul")
        pivot = pivot.reindex([city] + sorted(n for n in pivot.index if n != city))
        pivot.columns = [str(c) for c in pivot.columns]
        st.dataframe(pivot.round(decimals), width="stretch",
                     column_config={c: st.column_config.NumberColumn(format=kit.number_format(decimals)) for c in pivot.columns})
        st.caption(t("air.annual_method"))


@kit.fragment
def _trends_section(a: Air) -> None:
    """Its districts, window and year change only this section: it reruns alone."""
    pick, window_col, year_col = st.columns([3, 2, 1], vertical_alignment="bottom")
    districts = kit.bound(pick.multiselect, t("air.districts"), state.url_choices("districts", a.gu_names, []),
                          key="air:districts", param="districts", options=a.gu_names,
                          format_func=lambda g: _gu_label(g, a.names_en), max_selections=6,
                          placeholder=t("air.districts_placeholder"))
    state.write(districts=",".join(districts) or None)
    window = kit.bound(window_col.segmented_control, t("air.window"), state.url_choice("roll", WINDOWS, "30"),
                       key="air:roll", param="roll", options=WINDOWS, format_func=lambda w: t("air.days_n", n=w))
    year = _year_picker(a, year_col)
    name = charts.pollutant_name(a.pollutant)
    series = data.query("air/daily_series", pollutant=a.pollutant, districts=districts, window=int(window))
    if series.frame["value"].notna().sum() == 0:
        layout.empty_state()
        return
    kit.chart(charts.trend_figure(series.frame, a.pollutant, int(window), t("air.trend_title", pollutant=name, n=window)),
              series, key="air:trend", caption=t("air.trend_caption", n=window))
    annual = data.query("air/annual_means", pollutant=a.pollutant)
    st.subheader(t("air.improving_title"))
    _improvement_cards(annual.frame, a, year, districts)
    chart_col, table_col = st.columns([1, 1], gap="large")
    with chart_col:
        kit.chart(charts.annual_figure(annual.frame, a.pollutant, districts, t("air.annual_title", pollutant=name)),
                  annual, key="air:annual", caption=t("air.annual_caption") + _pm25_standard_note(a.pollutant)
                  + _provisional_note(annual.frame))
    with table_col:
        _annual_table(annual.frame, a, year)
    layout.as_of_caption("air_daily")


# --- patterns -----------------------------------------------------------------------------

def _profiles(a: Air, year: int) -> None:
    short = air_grades.SHORT_LABELS[a.pollutant]
    for column, period, title in zip(st.columns(2, gap="large"), ("month", "weekday"),
                                     ("air.month_title", "air.weekday_title")):
        with column:
            result = data.query("air/period_profile", pollutant=a.pollutant, year=year, period=period)
            kit.chart(charts.profile_figure(result.frame, a.pollutant, period, year, t(title, pollutant=short)),
                      result, key=f"air:{period}s")
    st.caption(t("air.profile_caption"))
    hourly = data.query("air/hour_profile", pollutant=a.pollutant)
    berkeley = data.query("air/berkeley_hour_profile").frame if a.pollutant == "pm25" else None
    kit.chart(charts.hour_figure(hourly.frame, a.pollutant, t("air.hour_title", pollutant=short), berkeley),
              hourly, key="air:hours",
              caption=t("air.hour_caption") + (" " + t("air.berkeley_caption") if berkeley is not None else ""))
    layout.as_of_caption("air_hourly_city", *(["air_pm25_berkeley"] if berkeley is not None else []))


def _calendar(a: Air, year: int) -> None:
    result = data.query("air/calendar_year", pollutant=a.pollutant, year=year)
    title = t("air.calendar_title", pollutant=air_grades.SHORT_LABELS[a.pollutant], year=year)
    kit.chart(charts.calendar_figure(result.frame, a.pollutant, year, title), result, key="air:calendar",
              caption=t("air.calendar_caption"))
    on = dt.date(year, 12, 31)
    if a.pollutant == "pm25" and year == air_grades.PM25_BANDS_CHANGED.year:
        on = None  # both band sets apply within this year; the legend says so
    st.markdown(charts.legend_html(a.pollutant, on), unsafe_allow_html=True)
    if on is None:
        st.caption(t("air.calendar_2018_note"))


def _worst_table(result: QueryResult, a: Air) -> None:
    frame, pollutant = result.frame, a.pollutant
    if frame.empty:
        layout.empty_state()
        return
    decimals = air_grades.DECIMALS[pollutant]
    mean_col = t("air.col_seoul_mean", unit=air_grades.UNITS[pollutant])
    table = pd.DataFrame({
        t("air.col_date"): [fmt_date(d) for d in frame["date"]],
        mean_col: frame["seoul_mean"],
        t("air.col_grade"): [air_grades.grade_label(charts.grade_of(pollutant, v, pd.Timestamp(d).date()), lang())
                             for v, d in zip(frame["seoul_mean"], frame["date"])],
        t("air.col_worst_gu"): [_gu_label(g, a.names_en) for g in frame["worst_gu"]],
        t("air.col_worst_value"): frame["worst_value"],
        t("air.col_stations"): frame["stations"],
    })
    table.index = range(1, len(table) + 1)
    st.dataframe(table, width="stretch", column_config={
        mean_col: st.column_config.NumberColumn(format=kit.number_format(decimals)),
        t("air.col_worst_value"): st.column_config.NumberColumn(format=kit.number_format(decimals)),
    })
    layout.data_actions(result, f"air:worst:{result.params.get('year')}")


def _worst_days(a: Air, year: int) -> None:
    st.subheader(t("air.worst_title", pollutant=air_grades.SHORT_LABELS[a.pollutant]))
    in_year, all_years = st.columns(2, gap="large")
    with in_year:
        st.markdown(f"**{t('air.worst_in_year', year=year)}**")
        _worst_table(data.query("air/worst_days", pollutant=a.pollutant, year=year), a)
    with all_years:
        st.markdown(f"**{t('air.worst_all_years')}**")
        _worst_table(data.query("air/worst_days", pollutant=a.pollutant, year=0), a)
    st.caption(t("air.worst_caption"))


def _patterns_section(a: Air) -> None:
    year = _year_picker(a)
    _profiles(a, year)
    _calendar(a, year)
    _worst_days(a, year)
    layout.as_of_caption("air_daily")


# --- standards ----------------------------------------------------------------------------

def _standards_section(a: Air) -> None:
    pollutant = a.pollutant
    korea, who = air_grades.limit_24h(pollutant, "korea"), air_grades.limit_24h(pollutant, "who")
    if korea is None and who is None:
        layout.empty_state(t("air.no_24h_limit", pollutant=charts.pollutant_name(pollutant)))
        return
    available = [k for k, v in (("korea", korea), ("who", who)) if v is not None]
    result = data.query("air/exceedance_days", pollutant=pollutant,
                        korea_limit=korea if korea is not None else -1, who_limit=who if who is not None else -1)
    unit = air_grades.UNITS[pollutant]
    refs = [t("air.legend_korea", value=charts.fmt_level(korea), unit=unit) if korea is not None
            else t("air.no_korea_24h")]
    if who is not None:
        refs.append(t("air.legend_who", value=charts.fmt_level(who), unit=unit))
    st.markdown(" · ".join(refs))
    short = air_grades.SHORT_LABELS[pollutant]
    kit.chart(charts.exceedance_city_figure(result.frame, t("air.exceed_city_title", pollutant=short)),
              kit.only(result, result.frame["is_city"]), key="air:exceed_city", caption=t("air.exceed_city_caption"))
    _exceedance_map(result, pollutant, available, korea, who)
    layout.as_of_caption("air_daily")


@kit.fragment
def _exceedance_map(result: QueryResult, pollutant: str, available: list[str], korea, who) -> None:
    """The days-over-the-limit heatmap; choosing the limit redraws only this."""
    limit = state.url_choice("limit", LIMITS, "korea")
    if limit not in available:
        limit = available[0]
    if len(available) > 1:
        limit = kit.bound(st.segmented_control, t("air.limit"), limit, key="air:limit", param="limit",
                          options=available, format_func=lambda k: t(f"air.limit_{k}"))
    column = "days_over_korea" if limit == "korea" else "days_over_who"
    level = korea if limit == "korea" else who
    unit, short = air_grades.UNITS[pollutant], air_grades.SHORT_LABELS[pollutant]
    title = t("air.exceed_map_title", pollutant=short, limit=t(f"air.limit_{limit}"),
              value=charts.fmt_level(level), unit=unit)
    kit.chart(charts.exceedance_heatmap(result.frame, column, title), result, key="air:exceed_heat",
              caption=t("air.exceed_heat_caption") + (_pm25_standard_note(pollutant) if limit == "korea" else ""))


# --- roadside against urban ---------------------------------------------------------------

def _roadside_section(a: Air) -> None:
    st.markdown(t("air.roadside_intro"))
    result = data.query("air/station_type_annual")
    for col, pollutant in zip(st.columns(len(ROADSIDE_POLLUTANTS), gap="medium"), ROADSIDE_POLLUTANTS):
        with col:
            kit.chart(charts.station_type_figure(result.frame, pollutant),
                      kit.only(result, result.frame["pollutant"] == pollutant), key=f"air:road:{pollutant}")
    year = _year_picker(a)
    ratio = result.frame[(result.frame["pollutant"] == a.pollutant) & (result.frame["year"] == year)]
    stations = data.query("air/station_annual", pollutant=a.pollutant, year=year)
    if stations.frame.empty or ratio.empty:
        layout.empty_state()
        return
    row = ratio.iloc[0]
    name = charts.pollutant_name(a.pollutant)
    st.markdown(t("air.roadside_summary", year=year, pollutant=name,
                  road=_value_text(row["roadside_mean"], a.pollutant), urban=_value_text(row["urban_mean"], a.pollutant),
                  ratio=fmt_num(row["ratio"], 2), n_road=int(row["roadside_stations"]), n_urban=int(row["urban_stations"])))
    kit.chart(charts.station_bars(stations.frame, a.pollutant, row["urban_mean"],
                                  t("air.station_bars_title", pollutant=name, year=year)),
              stations, key="air:stations", caption=t("air.station_bars_caption"))
    layout.as_of_caption("air_daily")


# --- live ---------------------------------------------------------------------------------

def _live_status() -> dict:
    return data.dataset_status().get("air_realtime", {})


def _live_section(a: Air) -> None:
    result = data.query("air/realtime_districts", pollutant=a.pollutant)
    frame = result.frame
    status = _live_status()
    if frame.empty or frame["measured_at"].isna().all():
        layout.empty_state(t("air.live_none"))
        return
    measured = pd.Timestamp(frame["measured_at"].max())
    updated = layout.updated_ago(status.get("fetched_at")) if status.get("source_kind") == "openapi" else ""
    st.markdown(f"**{t('air.live_measured', when=fmt_datetime(measured))}**" + (f" · {updated}" if updated else ""))
    age_h = (pd.Timestamp.now(tz="Asia/Seoul").tz_localize(None) - measured).total_seconds() / 3600
    if status.get("source_kind") != "openapi":
        st.warning(t("air.live_capture", when=fmt_datetime(measured)), icon=":material/history:")
    elif age_h > LIVE_STALE_HOURS:
        st.warning(t("air.live_stale", when=fmt_datetime(measured)), icon=":material/schedule:")
    name = charts.pollutant_name(a.pollutant)
    on = measured.date()
    reporting = int(frame["stations_reporting"].iloc[0])
    if reporting:
        mean = frame["seoul_mean"].iloc[0]
        note = " · ".join(x for x in (t("air.stations_reporting", n=reporting, total=len(frame)),
                                      t("air.live_grade_note")) if x)
        _headline(t("air.live_headline", pollutant=name, when=fmt_datetime(measured)), mean, a.pollutant,
                  measured, note, "air_realtime")
    kit.map_panel(charts.district_map(frame, a.pollutant, on), key="air:live_map",
                  legend_html=charts.legend_html(a.pollutant, on))
    table = pd.DataFrame({
        t("common.district"): [r["gu"] if lang() == "ko" else r["gu_en"] for _, r in frame.iterrows()],
        "PM2.5": frame["pm25"], "PM10": frame["pm10"], "O₃": frame["o3"], "NO₂": frame["no2"],
        "CO": frame["co"], "SO₂": frame["so2"],
        t("air.col_cai"): [air_grades.grade_label(g, lang()) if isinstance(g, str) and g in air_grades.GRADES
                           else (g if isinstance(g, str) else t("air.no_data")) for g in frame["cai_grade"]],
        t("air.col_main"): frame["main_pollutant"],
    })
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "PM2.5": st.column_config.NumberColumn(format="%.0f"), "PM10": st.column_config.NumberColumn(format="%.0f"),
        "O₃": st.column_config.NumberColumn(format="%.3f"), "NO₂": st.column_config.NumberColumn(format="%.3f"),
        "CO": st.column_config.NumberColumn(format="%.1f"), "SO₂": st.column_config.NumberColumn(format="%.3f")})
    st.caption(t("air.live_units"))
    layout.data_actions(kit.without_geometry(result), "air:live")
    layout.as_of_caption("air_realtime")


def _live_banner() -> None:
    """When a fresh live value exists (API key set), answer 'is the air safe now?' on top."""
    if _live_status().get("source_kind") != "openapi":
        return
    frame = data.query("air/realtime_districts", pollutant="pm25").frame
    if frame.empty or frame["measured_at"].isna().all():
        return
    measured = pd.Timestamp(frame["measured_at"].max())
    age_h = (pd.Timestamp.now(tz="Asia/Seoul").tz_localize(None) - measured).total_seconds() / 3600
    if age_h > LIVE_STALE_HOURS:
        return
    mean = frame["seoul_mean"].iloc[0]
    st.markdown(t("air.live_banner", when=fmt_datetime(measured), value=_value_text(mean, "pm25"),
                  grade=layout.grade_badge(*_grade("pm25", mean, measured.date()))), unsafe_allow_html=True)


# --- data quality -------------------------------------------------------------------------

def _quality_section(a: Air) -> None:
    short = air_grades.SHORT_LABELS[a.pollutant]
    result = data.query("air/completeness")
    kit.chart(charts.completeness_heatmap(result.frame, a.pollutant, t("air.quality_title", pollutant=short)),
              result, key="air:completeness", caption=t("air.quality_caption"))
    gaps = data.query("air/longest_gaps", pollutant=a.pollutant, min_days=7)
    st.subheader(t("air.gaps_title", pollutant=short))
    if gaps.frame.empty:
        layout.empty_state(t("air.gaps_none"))
    else:
        type_names = {"urban": t("air.type_urban"), "roadside": t("air.type_roadside"), "other": t("air.type_other")}
        table = pd.DataFrame({
            t("air.col_station"): (gaps.frame["station_en"].fillna(gaps.frame["station"]) if lang() == "en"
                                   else gaps.frame["station"]),
            t("air.col_type"): gaps.frame["station_type"].map(type_names),
            t("air.col_gap_start"): [fmt_date(d) for d in gaps.frame["gap_start"]],
            t("air.col_gap_end"): [fmt_date(d) for d in gaps.frame["gap_end"]],
            t("air.col_gap_days"): gaps.frame["gap_days"],
        })
        st.dataframe(table.head(20), hide_index=True, width="stretch")
        layout.data_actions(gaps, "air:gaps")
    st.caption(t("air.gaps_caption"))
    st.markdown(f"**{t('air.known_issues')}**")
    notes = [n for ds in ("air_daily", "air_hourly_city", "air_pm25_berkeley")
             for n in catalog.get(ds).quality_notes(lang())]
    st.markdown("\n".join(f"- {n}" for n in notes))
    layout.as_of_caption("air_daily")


# --- page ---------------------------------------------------------------------------------

# Page-wide URL parameters: pollutant and year (kept across sections); the rest belong to one section.
SECTIONS = (
    kit.Section("day", _day_section, params=("date",)),
    kit.Section("trends", _trends_section, params=("districts", "roll")),
    kit.Section("patterns", _patterns_section),
    kit.Section("standards", _standards_section, params=("limit",)),
    kit.Section("roadside", _roadside_section),
    kit.Section("live", _live_section),
    kit.Section("quality", _quality_section),
)
VIEWS = tuple(s.key for s in SECTIONS)


def render() -> None:
    kit.page(PAGE, SECTIONS, context=_context, controls=_controls)
