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

from dashboard import data, layout, state
from dashboard.i18n import fmt_date, fmt_datetime, fmt_int, fmt_num, fmt_pct, lang, t
from data_sources import catalog
from domain import air_grades
from views import air_charts as charts
from queries import QueryError, QueryResult

PAGE = "air"
VIEWS = ("day", "trends", "patterns", "standards", "roadside", "live", "quality")
WINDOWS = ("7", "30", "90", "365")
LIMITS = ("korea", "who")
ROADSIDE_POLLUTANTS = ("no2", "pm10", "pm25")
LIVE_STALE_HOURS = 3


@dataclasses.dataclass
class AirView:
    """Everything that defines what the page shows; read from and written to the URL."""
    view: str
    pollutant: str
    day: dt.date
    districts: list[str]
    year: int
    window: str
    limit: str


# --- state --------------------------------------------------------------------------------

def _read_url(first_day: dt.date, last_day: dt.date, gu_names: list[str]) -> AirView:
    # The default year is the last complete one (the daily record ends on 31 Dec).
    default_year = last_day.year if last_day == dt.date(last_day.year, 12, 31) else last_day.year - 1
    return AirView(
        view=state.url_choice("view", VIEWS, "day"),
        pollutant=state.url_choice("pollutant", air_grades.POLLUTANTS, "pm25"),
        day=state.url_date("date", last_day, first_day, last_day),
        districts=state.url_choices("districts", gu_names, []),
        year=state.url_int("year", max(default_year, first_day.year), first_day.year, last_day.year),
        window=state.url_choice("roll", WINDOWS, "30"),
        limit=state.url_choice("limit", LIMITS, "korea"),
    )


def _write_url(s: AirView) -> None:
    state.write(view=s.view, pollutant=s.pollutant, date=s.day, districts=",".join(s.districts) or None,
                year=s.year, roll=s.window, limit=s.limit)


def _gu_label(gu: str, names_en: dict[str, str]) -> str:
    return gu if lang() == "ko" else names_en.get(gu, gu)


def _top_controls(s: AirView) -> None:
    s.view = st.segmented_control(t("air.view"), VIEWS, default=s.view, key="air:view",
                                  format_func=lambda v: t(f"air.view_{v}")) or s.view
    s.pollutant = st.segmented_control(
        t("air.pollutant"), air_grades.POLLUTANTS, default=s.pollutant, key="air:pollutant",
        format_func=lambda p: air_grades.SHORT_LABELS[p], help=t("air.pollutant_help")) or s.pollutant


def _year_picker(s: AirView, first_day: dt.date, last_day: dt.date, column=None) -> None:
    years = list(range(first_day.year, last_day.year + 1))
    target = column or st
    s.year = target.selectbox(t("air.year"), years, index=years.index(s.year), key="air:year", width=160)


def _date_picker(s: AirView, first_day: dt.date, last_day: dt.date) -> None:
    key = "air:date"
    # The widget takes its value from session state (so the day buttons can move it); the
    # URL seeds it when the widget is first shown.
    if key not in st.session_state:
        st.session_state[key] = s.day

    def shift(days: int) -> None:
        moved = st.session_state[key] + dt.timedelta(days=days)
        st.session_state[key] = min(max(moved, first_day), last_day)

    # One row that wraps on a phone: the date, then the day buttons beside it.
    with st.container(horizontal=True, vertical_alignment="bottom", wrap=True):
        s.day = st.date_input(t("air.date"), min_value=first_day, max_value=last_day, key=key, width=220,
                              format="YYYY-MM-DD", help=t("air.date_help", first=fmt_date(first_day),
                                                          last=fmt_date(last_day)))
        st.button(t("air.prev_day"), on_click=shift, args=(-1,), key="air:prev", disabled=s.day <= first_day)
        st.button(t("air.next_day"), on_click=shift, args=(1,), key="air:next", disabled=s.day >= last_day)
        st.button(t("air.latest_day"), on_click=lambda: st.session_state.__setitem__(key, last_day),
                  key="air:latest", disabled=s.day >= last_day)


def _without_geometry(result: QueryResult) -> QueryResult:
    """The same result for CSV download, without the district shapes (kilobytes of JSON)."""
    return dataclasses.replace(result, frame=result.frame.drop(columns=["geometry_json"], errors="ignore"))


def _only(result: QueryResult, mask) -> QueryResult:
    return dataclasses.replace(result, frame=result.frame[mask].reset_index(drop=True))


def _value_text(value, pollutant: str) -> str:
    return f"{charts.fmt_value(value, pollutant)} {air_grades.UNITS[pollutant]}"


def _grade_badge(pollutant: str, value, on: dt.date | None) -> str:
    grade = charts.grade_of(pollutant, value, on)
    return layout.grade_badge(air_grades.grade_label(grade, lang()), air_grades.grade_colour(grade))


def _headline(label: str, value, pollutant: str, on: dt.date | None, note: str) -> None:
    with st.container(border=True):
        st.markdown(
            f"<div class='osd-card-label'>{label}</div>"
            f"<div class='osd-card-value'>{charts.fmt_value(value, pollutant)} "
            f"<span class='osd-card-unit'>{air_grades.UNITS[pollutant]}</span> "
            f"{_grade_badge(pollutant, value, on)}</div>"
            f"<div class='osd-card-note'>{note}</div>", unsafe_allow_html=True)


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


# --- sections -----------------------------------------------------------------------------

def _day_section(s: AirView, first_day: dt.date, last_day: dt.date) -> None:
    _date_picker(s, first_day, last_day)
    result = data.query("air/district_day", day=s.day, pollutant=s.pollutant)
    frame = result.frame
    reporting = int(frame["stations_reporting"].iloc[0]) if not frame.empty else 0
    name = charts.pollutant_name(s.pollutant)
    if reporting == 0:
        layout.empty_state(t("air.day_no_data", date=fmt_date(s.day)))
    else:
        mean = frame["seoul_mean"].iloc[0]
        note = " · ".join(x for x in (
            t("air.stations_reporting", n=reporting, total=len(frame)), _who_note(mean, s.pollutant)) if x)
        if s.day == last_day:
            note += "<br>" + t("air.record_ends", date=fmt_date(last_day))
        _headline(t("air.day_headline", date=fmt_date(s.day), pollutant=name), mean, s.pollutant, s.day, note)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown(f"**{t('air.map_title', pollutant=name, date=fmt_date(s.day))}**")
        st.pydeck_chart(charts.district_map(frame, s.pollutant, s.day), height=540, key="air:map")
        st.markdown(charts.legend_html(s.pollutant, s.day), unsafe_allow_html=True)
        st.caption(t("air.map_caption"))
    with right:
        layout.chart(charts.district_bars(frame, s.pollutant, s.day, t("air.bars_title")),
                     _without_geometry(result), key="air:day")
    layout.as_of_caption("air_daily", "gu_boundaries")


def _trend_controls(s: AirView, gu_names: list[str], names_en: dict[str, str],
                    first_day: dt.date, last_day: dt.date) -> None:
    pick, window, year = st.columns([3, 2, 1], vertical_alignment="bottom")
    s.districts = pick.multiselect(t("air.districts"), gu_names, default=s.districts, key="air:districts",
                                   format_func=lambda g: _gu_label(g, names_en), max_selections=6,
                                   placeholder=t("air.districts_placeholder"))
    s.window = window.segmented_control(t("air.window"), WINDOWS, default=s.window, key="air:roll",
                                        format_func=lambda w: t("air.days_n", n=w)) or s.window
    _year_picker(s, first_day, last_day, year)


def _improvement_cards(annual: pd.DataFrame, s: AirView, names_en: dict[str, str]) -> None:
    """'Is my district improving?': the chosen year's mean and its change on the year before."""
    rows = annual[(annual["year"] == s.year) & (annual["is_city"] | annual["gu"].isin(s.districts))]
    rows = pd.concat([rows[rows["is_city"]], *[rows[rows["gu"] == g] for g in s.districts]])
    if rows.empty:
        return
    unit = air_grades.UNITS[s.pollutant]
    cols = st.columns(min(len(rows), 4))
    for i, (_, row) in enumerate(rows.iterrows()):
        name = t("common.seoul") if row["is_city"] else _gu_label(row["gu"], names_en)
        delta = None
        if pd.notna(row["change"]):
            delta = (f"{charts.fmt_value(row['change'], s.pollutant)} {unit} "
                     f"({fmt_pct(row['change_pct'], 1)}) {t('air.vs_year', year=s.year - 1)}")
            if row["change"] > 0:
                delta = "+" + delta
        cols[i % len(cols)].metric(
            t("air.annual_card", name=name, year=s.year), _value_text(row["mean"], s.pollutant), delta,
            delta_color="inverse", border=True,
            help=t("air.coverage_help", share=fmt_pct(100 * row["coverage"], 1),
                   n=fmt_int(row["values_n"]), total=fmt_int(row["possible_n"])))


def _annual_table(annual: pd.DataFrame, s: AirView, names_en: dict[str, str]) -> None:
    decimals = air_grades.DECIMALS[s.pollutant]
    year_rows = annual[annual["year"] == s.year].copy()
    year_rows.insert(0, "name", [t("common.seoul") if c else _gu_label(g, names_en)
                                 for c, g in zip(year_rows["is_city"], year_rows["gu"])])
    year_rows = pd.concat([year_rows[year_rows["is_city"]],
                           year_rows[~year_rows["is_city"]].sort_values("mean", ascending=False)])
    table = pd.DataFrame({
        t("common.district"): year_rows["name"],
        t("air.col_mean", unit=air_grades.UNITS[s.pollutant]): year_rows["mean"],
        t("air.col_change"): year_rows["change"],
        t("air.col_change_pct"): year_rows["change_pct"],
        t("air.col_coverage"): 100 * year_rows["coverage"],
    })
    st.markdown(f"**{t('air.annual_table_title', year=s.year)}**")
    st.dataframe(table, hide_index=True, width="stretch", height=420, column_config={
        t("air.col_mean", unit=air_grades.UNITS[s.pollutant]): st.column_config.NumberColumn(format=f"%.{decimals}f"),
        t("air.col_change"): st.column_config.NumberColumn(format=f"%+.{decimals}f"),
        t("air.col_change_pct"): st.column_config.NumberColumn(format="%+.1f%%"),
        t("air.col_coverage"): st.column_config.ProgressColumn(format="%.1f%%", min_value=0, max_value=100),
    })
    with st.expander(t("air.all_years_table")):
        wide = annual.assign(name=[t("common.seoul") if c else _gu_label(g, names_en)
                                   for c, g in zip(annual["is_city"], annual["gu"])])
        pivot = wide.pivot_table(index="name", columns="year", values="mean", aggfunc="first")
        city = t("common.seoul")
        pivot = pivot.reindex([city] + sorted(n for n in pivot.index if n != city))
        pivot.columns = [str(c) for c in pivot.columns]
        st.dataframe(pivot.round(decimals), width="stretch",
                     column_config={c: st.column_config.NumberColumn(format=f"%.{decimals}f") for c in pivot.columns})
        st.caption(t("air.annual_method"))


def _trends_section(s: AirView, gu_names: list[str], names_en: dict[str, str],
                    first_day: dt.date, last_day: dt.date) -> None:
    _trend_controls(s, gu_names, names_en, first_day, last_day)
    name = charts.pollutant_name(s.pollutant)
    series = data.query("air/daily_series", pollutant=s.pollutant, districts=s.districts, window=int(s.window))
    if series.frame["value"].notna().sum() == 0:
        layout.empty_state()
        return
    layout.chart(charts.trend_figure(series.frame, s.pollutant, int(s.window),
                                     t("air.trend_title", pollutant=name, n=s.window)),
                 series, key="air:trend", caption=t("air.trend_caption", n=s.window))
    annual = data.query("air/annual_means", pollutant=s.pollutant)
    st.subheader(t("air.improving_title"))
    _improvement_cards(annual.frame, s, names_en)
    chart_col, table_col = st.columns([1, 1], gap="large")
    with chart_col:
        layout.chart(charts.annual_figure(annual.frame, s.pollutant, s.districts, t("air.annual_title", pollutant=name)),
                     annual, key="air:annual", caption=t("air.annual_caption") + _pm25_standard_note(s.pollutant))
    with table_col:
        _annual_table(annual.frame, s, names_en)
    layout.as_of_caption("air_daily")


def _profiles(s: AirView) -> None:
    short = air_grades.SHORT_LABELS[s.pollutant]
    months, weekdays = st.columns(2, gap="large")
    with months:
        result = data.query("air/period_profile", pollutant=s.pollutant, year=s.year, period="month")
        layout.chart(charts.profile_figure(result.frame, s.pollutant, "month", s.year,
                                           t("air.month_title", pollutant=short)), result, key="air:months")
    with weekdays:
        result = data.query("air/period_profile", pollutant=s.pollutant, year=s.year, period="weekday")
        layout.chart(charts.profile_figure(result.frame, s.pollutant, "weekday", s.year,
                                           t("air.weekday_title", pollutant=short)), result, key="air:weekdays")
    st.caption(t("air.profile_caption"))
    hourly = data.query("air/hour_profile", pollutant=s.pollutant)
    berkeley = data.query("air/berkeley_hour_profile").frame if s.pollutant == "pm25" else None
    layout.chart(charts.hour_figure(hourly.frame, s.pollutant, t("air.hour_title", pollutant=short), berkeley),
                 hourly, key="air:hours",
                 caption=t("air.hour_caption") + (" " + t("air.berkeley_caption") if berkeley is not None else ""))
    layout.as_of_caption("air_hourly_city", *(["air_pm25_berkeley"] if berkeley is not None else []))


def _calendar(s: AirView) -> None:
    result = data.query("air/calendar_year", pollutant=s.pollutant, year=s.year)
    title = t("air.calendar_title", pollutant=air_grades.SHORT_LABELS[s.pollutant], year=s.year)
    layout.chart(charts.calendar_figure(result.frame, s.pollutant, s.year, title), result, key="air:calendar",
                 caption=t("air.calendar_caption"))
    on = dt.date(s.year, 12, 31)
    if s.pollutant == "pm25" and s.year == air_grades.PM25_BANDS_CHANGED.year:
        on = None  # both band sets apply within this year; the legend says so
    st.markdown(charts.legend_html(s.pollutant, on), unsafe_allow_html=True)
    if on is None:
        st.caption(t("air.calendar_2018_note"))


def _worst_table(result: QueryResult, pollutant: str, names_en: dict[str, str]) -> None:
    frame = result.frame
    if frame.empty:
        layout.empty_state()
        return
    decimals = air_grades.DECIMALS[pollutant]
    table = pd.DataFrame({
        t("air.col_date"): [fmt_date(d) for d in frame["date"]],
        t("air.col_seoul_mean", unit=air_grades.UNITS[pollutant]): frame["seoul_mean"],
        t("air.col_grade"): [air_grades.grade_label(charts.grade_of(pollutant, v, pd.Timestamp(d).date()), lang())
                             for v, d in zip(frame["seoul_mean"], frame["date"])],
        t("air.col_worst_gu"): [_gu_label(g, names_en) for g in frame["worst_gu"]],
        t("air.col_worst_value"): frame["worst_value"],
        t("air.col_stations"): frame["stations"],
    })
    table.index = range(1, len(table) + 1)
    st.dataframe(table, width="stretch", column_config={
        t("air.col_seoul_mean", unit=air_grades.UNITS[pollutant]): st.column_config.NumberColumn(format=f"%.{decimals}f"),
        t("air.col_worst_value"): st.column_config.NumberColumn(format=f"%.{decimals}f"),
    })
    layout.data_actions(result, f"air:worst:{result.params.get('year')}")


def _worst_days(s: AirView, names_en: dict[str, str]) -> None:
    st.subheader(t("air.worst_title", pollutant=air_grades.SHORT_LABELS[s.pollutant]))
    in_year, all_years = st.columns(2, gap="large")
    with in_year:
        st.markdown(f"**{t('air.worst_in_year', year=s.year)}**")
        _worst_table(data.query("air/worst_days", pollutant=s.pollutant, year=s.year), s.pollutant, names_en)
    with all_years:
        st.markdown(f"**{t('air.worst_all_years')}**")
        _worst_table(data.query("air/worst_days", pollutant=s.pollutant, year=0), s.pollutant, names_en)
    st.caption(t("air.worst_caption"))


def _patterns_section(s: AirView, names_en: dict[str, str], first_day: dt.date, last_day: dt.date) -> None:
    _year_picker(s, first_day, last_day)
    _profiles(s)
    _calendar(s)
    _worst_days(s, names_en)
    layout.as_of_caption("air_daily")


def _standards_section(s: AirView) -> None:
    korea, who = air_grades.limit_24h(s.pollutant, "korea"), air_grades.limit_24h(s.pollutant, "who")
    if korea is None and who is None:
        layout.empty_state(t("air.no_24h_limit", pollutant=charts.pollutant_name(s.pollutant)))
        return
    available = [k for k, v in (("korea", korea), ("who", who)) if v is not None]
    if s.limit not in available:
        s.limit = available[0]
    result = data.query("air/exceedance_days", pollutant=s.pollutant,
                        korea_limit=korea if korea is not None else -1, who_limit=who if who is not None else -1)
    unit = air_grades.UNITS[s.pollutant]
    refs = []
    if korea is not None:
        refs.append(t("air.legend_korea", value=charts.fmt_level(korea), unit=unit))
    else:
        refs.append(t("air.no_korea_24h"))
    if who is not None:
        refs.append(t("air.legend_who", value=charts.fmt_level(who), unit=unit))
    st.markdown(" · ".join(refs))
    short = air_grades.SHORT_LABELS[s.pollutant]
    layout.chart(charts.exceedance_city_figure(result.frame, t("air.exceed_city_title", pollutant=short)),
                 _only(result, result.frame["is_city"]), key="air:exceed_city", caption=t("air.exceed_city_caption"))
    if len(available) > 1:
        s.limit = st.segmented_control(t("air.limit"), available, default=s.limit, key="air:limit",
                                       format_func=lambda k: t(f"air.limit_{k}")) or s.limit
    column = "days_over_korea" if s.limit == "korea" else "days_over_who"
    level = korea if s.limit == "korea" else who
    title = t("air.exceed_map_title", pollutant=short, limit=t(f"air.limit_{s.limit}"),
              value=charts.fmt_level(level), unit=unit)
    layout.chart(charts.exceedance_heatmap(result.frame, column, title), result, key="air:exceed_heat",
                 caption=t("air.exceed_heat_caption") + (_pm25_standard_note(s.pollutant) if s.limit == "korea" else ""))
    layout.as_of_caption("air_daily")


def _roadside_section(s: AirView, first_day: dt.date, last_day: dt.date) -> None:
    st.markdown(t("air.roadside_intro"))
    result = data.query("air/station_type_annual")
    cols = st.columns(len(ROADSIDE_POLLUTANTS), gap="medium")
    for col, pollutant in zip(cols, ROADSIDE_POLLUTANTS):
        with col:
            layout.chart(charts.station_type_figure(result.frame, pollutant),
                         _only(result, result.frame["pollutant"] == pollutant), key=f"air:road:{pollutant}")
    _year_picker(s, first_day, last_day)
    ratio = result.frame[(result.frame["pollutant"] == s.pollutant) & (result.frame["year"] == s.year)]
    stations = data.query("air/station_annual", pollutant=s.pollutant, year=s.year)
    if stations.frame.empty or ratio.empty:
        layout.empty_state()
        return
    row = ratio.iloc[0]
    name = charts.pollutant_name(s.pollutant)
    st.markdown(t("air.roadside_summary", year=s.year, pollutant=name,
                  road=_value_text(row["roadside_mean"], s.pollutant), urban=_value_text(row["urban_mean"], s.pollutant),
                  ratio=fmt_num(row["ratio"], 2), n_road=int(row["roadside_stations"]), n_urban=int(row["urban_stations"])))
    layout.chart(charts.station_bars(stations.frame, s.pollutant, row["urban_mean"],
                                     t("air.station_bars_title", pollutant=name, year=s.year)),
                 stations, key="air:stations", caption=t("air.station_bars_caption"))
    layout.as_of_caption("air_daily")


def _live_status() -> dict:
    return data.dataset_status().get("air_realtime", {})


def _live_section(s: AirView) -> None:
    result = data.query("air/realtime_districts", pollutant=s.pollutant)
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
    name = charts.pollutant_name(s.pollutant)
    on = measured.date()
    reporting = int(frame["stations_reporting"].iloc[0])
    if reporting:
        mean = frame["seoul_mean"].iloc[0]
        note = " · ".join(x for x in (t("air.stations_reporting", n=reporting, total=len(frame)),
                                      t("air.live_grade_note")) if x)
        _headline(t("air.live_headline", pollutant=name, when=fmt_datetime(measured)), mean, s.pollutant, on, note)
    st.pydeck_chart(charts.district_map(frame, s.pollutant, on), height=520, key="air:live_map")
    st.markdown(charts.legend_html(s.pollutant, on), unsafe_allow_html=True)
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
    layout.data_actions(_without_geometry(result), "air:live")
    layout.as_of_caption("air_realtime")


def _live_banner(s: AirView) -> None:
    """When a fresh live value exists (API key set), answer 'is the air safe now?' on top."""
    status = _live_status()
    if status.get("source_kind") != "openapi" or s.view == "live":
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
                  grade=_grade_badge("pm25", mean, measured.date())), unsafe_allow_html=True)


def _quality_section(s: AirView) -> None:
    short = air_grades.SHORT_LABELS[s.pollutant]
    result = data.query("air/completeness")
    layout.chart(charts.completeness_heatmap(result.frame, s.pollutant, t("air.quality_title", pollutant=short)),
                 result, key="air:completeness", caption=t("air.quality_caption"))
    gaps = data.query("air/longest_gaps", pollutant=s.pollutant, min_days=7)
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

def render() -> None:
    layout.header(t("air.title"), t("air.intro"))
    try:
        span = data.query("air/day_range").frame
        districts = data.query("air/districts").frame
    except QueryError as exc:
        layout.query_error(exc)
        return
    if span.empty or pd.isna(span["last_day"].iloc[0]):
        layout.empty_state()
        return
    first_day, last_day = pd.Timestamp(span["first_day"].iloc[0]).date(), pd.Timestamp(span["last_day"].iloc[0]).date()
    gu_names = list(districts["gu"])
    names_en = dict(zip(districts["gu"], districts["gu_en"]))
    s = _read_url(first_day, last_day, gu_names)
    _top_controls(s)
    try:
        _live_banner(s)
        if s.view == "day":
            _day_section(s, first_day, last_day)
        elif s.view == "trends":
            _trends_section(s, gu_names, names_en, first_day, last_day)
        elif s.view == "patterns":
            _patterns_section(s, names_en, first_day, last_day)
        elif s.view == "standards":
            _standards_section(s)
        elif s.view == "roadside":
            _roadside_section(s, first_day, last_day)
        elif s.view == "live":
            _live_section(s)
        else:
            _quality_section(s)
    except QueryError as exc:
        layout.query_error(exc)
    _write_url(s)
