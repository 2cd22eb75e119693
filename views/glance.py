"""Seoul at a glance: the citizen version of the mayor's real-time dashboard."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, layout, maps, nav, state
from dashboard.i18n import fmt_as_of, fmt_date, fmt_datetime, fmt_int, fmt_num, lang, t
from domain import air_grades

PAGE = "glance"
INDICATORS = ("pm25", "stations", "racks", "accidents", "bike_acc")
DETAIL_PAGES = {"air": "air", "bikes": "bikes", "traffic": "traffic"}


def _card(label: str, value: str, unit: str = "", note: str = "", badge: str = "") -> None:
    with st.container(border=True):
        st.markdown(
            f"<div class='osd-card-label'>{label}</div>"
            f"<div class='osd-card-value'>{value} <span class='osd-card-unit'>{unit}</span> {badge}</div>"
            f"<div class='osd-card-note'>{note}</div>", unsafe_allow_html=True)


def _detail_link(key: str, label: str) -> None:
    nav.link(DETAIL_PAGES[key], label)


def _grade_badge(pollutant: str, value: float | None, on) -> str:
    grade = air_grades.grade(pollutant, value, on)
    return layout.grade_badge(air_grades.grade_label(grade, lang()), air_grades.grade_colour(grade))


def _air_section() -> None:
    st.subheader(t("glance.air_title"))
    live = data.query("glance/air_realtime_latest").frame
    daily = data.query("glance/air_latest_daily")
    live_newer = (not live.empty and not daily.frame.empty
                  and pd.Timestamp(live["measured_at"].iloc[0]).date() > daily.frame["date"].iloc[0])
    if live_newer:
        row, on = live.iloc[0], pd.Timestamp(live["measured_at"].iloc[0]).date()
        label, when, dataset = t("glance.air_live_label"), fmt_datetime(row["measured_at"]), "air_realtime"
        note_extra = ""
    elif not daily.frame.empty:
        row, on = daily.frame.iloc[0], daily.frame["date"].iloc[0]
        label, when, dataset = t("glance.air_daily_label"), fmt_date(on), "air_daily"
        note_extra = t("glance.air_offline_note")
    else:
        layout.empty_state()
        return
    pm10_grade = air_grades.grade_label(air_grades.grade("pm10", row["pm10"], on), lang())
    _card(label, fmt_num(row["pm25"]), "µg/m³",
          f"{t('common.as_of')} {when} · {t('glance.pm10_line', value=fmt_num(row['pm10']), grade=pm10_grade)}<br>"
          f"{t('glance.stations_reporting', n=int(row['stations_pm25']))}<br>{note_extra}",
          _grade_badge("pm25", row["pm25"], on))
    layout.as_of_caption(dataset)
    _detail_link("air", t("glance.go_air"))


def _bikes_section() -> None:
    st.subheader(t("glance.bikes_title"))
    live = data.query("glance/bike_live_summary").frame
    network = data.query("glance/bike_network_summary").frame
    usage = data.query("glance/rentals_summary").frame
    if not live.empty and live["stations"].iloc[0]:
        r = live.iloc[0]
        _card(t("glance.bikes_now_label"), fmt_int(r["bikes"]), t("common.unit_bikes"),
              f"{t('common.as_of')} {fmt_datetime(r['snapshot_at'])} · "
              + t("glance.bikes_now_note", stations=fmt_int(r["stations"]), racks=fmt_int(r["racks"]),
                  empty=fmt_int(r["empty_stations"])))
    if not network.empty:
        latest = network.iloc[-1]
        by_year = {pd.Timestamp(d).year: n for d, n in zip(network["list_date"], network["stations"])}
        _card(t("glance.network_label"), fmt_int(latest["stations"]), t("common.unit_stations"),
              f"{t('common.as_of')} {fmt_as_of(str(latest['list_date'])[:7])} · "
              + t("glance.network_note", racks=fmt_int(latest["racks"]), n2018=fmt_int(by_year.get(2018)),
                  n2021=fmt_int(by_year.get(2021))))
    if not usage.empty:
        u = usage.iloc[0]
        _card(t("glance.usage_label"), fmt_int(u["rentals"]), t("common.unit_rentals"),
              t("glance.usage_note", per_day=fmt_int(u["per_day"])))
    layout.as_of_caption("bike_live", "bike_station_lists", "bike_rental_profiles")
    _detail_link("bikes", t("glance.go_bikes"))


def _safety_section() -> None:
    st.subheader(t("glance.safety_title"))
    yearly = data.query("glance/safety_summary").frame
    bikes = data.query("glance/bike_accidents_summary").frame
    if not yearly.empty:
        cur = yearly.iloc[0]
        change = "–"
        if len(yearly) > 1 and yearly.iloc[1]["accidents"]:
            pct = 100 * (cur["accidents"] - yearly.iloc[1]["accidents"]) / yearly.iloc[1]["accidents"]
            change = f"{pct:+.1f}%"
        _card(t("glance.accidents_label", year=int(cur["year"])), fmt_int(cur["accidents"]), t("common.unit_accidents"),
              t("glance.accidents_note", deaths=fmt_int(cur["deaths"]), injuries=fmt_int(cur["injuries"]), change=change))
    if not bikes.empty:
        b = bikes.iloc[0]
        _card(t("glance.bike_acc_label", year=int(b["year"])), fmt_int(b["victim_accidents"]), t("common.unit_accidents"),
              t("glance.bike_acc_note", deaths=fmt_int(b["victim_deaths"]), at_fault=fmt_int(b["at_fault_accidents"])))
    layout.as_of_caption("traffic_accidents", "bike_accidents")
    _detail_link("traffic", t("glance.go_traffic"))


def _indicator_label(key: str, frame: pd.DataFrame) -> str:
    first = frame.iloc[0]
    return {
        "pm25": lambda: t("glance.ind_pm25", year=int(first["pm25_year"])),
        "stations": lambda: t("glance.ind_stations", date=fmt_as_of(str(first["stations_date"])[:7])),
        "racks": lambda: t("glance.ind_racks", date=fmt_as_of(str(first["stations_date"])[:7])),
        "accidents": lambda: t("glance.ind_accidents", year=int(first["accidents_year"])),
        "bike_acc": lambda: t("glance.ind_bike_acc", year=int(first["bike_acc_year"])),
    }[key]()


_VALUE_COLUMN = {"pm25": "pm25_mean", "stations": "stations", "racks": "racks",
                 "accidents": "accidents", "bike_acc": "bike_accidents"}


def _district_section() -> None:
    st.subheader(t("glance.map_title"))
    result = data.query("glance/district_indicators")
    frame = result.frame
    if frame.empty:
        layout.empty_state()
        return
    indicator = state.url_choice("ind", INDICATORS, "pm25")
    indicator = st.segmented_control(
        t("glance.map_indicator"), INDICATORS, default=indicator, key="glance:ind",
        format_func=lambda k: _indicator_label(k, frame)) or indicator
    state.write(ind=indicator)
    value_col = _VALUE_COLUMN[indicator]
    label = _indicator_label(indicator, frame)
    decimals = 1 if indicator == "pm25" else 0
    left, right = st.columns([3, 2], gap="large")
    with left:
        fmt = (lambda v: fmt_num(v, decimals)) if decimals else fmt_int
        deck = maps.district_choropleth(frame, value_col, label=label, value_text=fmt)
        st.pydeck_chart(deck, height=520, key="glance:map")
        st.markdown(maps.sequential_legend_html(frame[value_col], decimals), unsafe_allow_html=True)
        st.caption(t("glance.map_caption"))
    with right:
        short = t(f"glance.short_{indicator}")
        table = frame[["gu" if lang() == "ko" else "gu_en", value_col]].copy()
        table.columns = [t("glance.col_gu"), short]
        table = table.sort_values(short, ascending=False, na_position="last").reset_index(drop=True)
        table.index = table.index + 1
        st.markdown(f"**{label}**")
        st.dataframe(table, height=480, width="stretch",
                     column_config={short: st.column_config.NumberColumn(format=f"%.{decimals}f" if decimals else "%d")})
    export = frame.drop(columns=["geometry_json"])
    layout.data_actions(result, "glance:districts", frame=export)


def render() -> None:
    layout.header(t("glance.title"), t("glance.intro"))
    cols = st.columns(3, gap="medium")
    with cols[0]:
        _air_section()
    with cols[1]:
        _bikes_section()
    with cols[2]:
        _safety_section()
    _district_section()
