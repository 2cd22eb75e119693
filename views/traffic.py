"""Traffic & road safety: urban expressways (long series with a 2019–2021 gap), TOPIS
speeds and counts (bundled excerpts or imported months), road accidents by district and
month, and live road speeds (with an API key)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, i18n, kit, layout, maps, state
from dashboard.i18n import fmt_date, fmt_int, fmt_month, lang, t
from data_sources import catalog
from views import traffic_charts as charts

PAGE = "traffic"
METRICS = ("accidents", "deaths", "injuries")
DAY_TYPES = ("all", "weekday", "weekend")
HOURS = tuple(str(h) for h in range(-1, 24))  # -1 = the whole day


# --- small helpers -------------------------------------------------------------------

def _msg(key: str, fallback: str) -> str:
    """A translated label for a value from the data, or the value itself."""
    full = f"{PAGE}.{key}"
    return t(full) if full in i18n.messages() else fallback


def route_label(route: str) -> str:
    return _msg(f"route.{route}", route)


def class_label(road_class: str) -> str:
    return _msg(f"road_class.{road_class}", road_class)


def direction_label(direction: str) -> str:
    return _msg(f"direction.{direction}", direction)


def _weekday_labels() -> list[str]:
    return [t(f"{PAGE}.wd{i}") for i in range(1, 8)]


def _month_labels() -> list[str]:
    return [t(f"{PAGE}.m{i}") for i in range(1, 13)]


def _stamp(sample: bool) -> str | None:
    """'sample data' written inside a chart drawn from a sample."""
    return t("common.sample") if sample else None


def _sample_caption(dataset_id: str, sample_only: bool, detail: str = "") -> None:
    """'As of … · source · title · SAMPLE (detail)' for datasets whose rows may be the
    bundled excerpt or an imported month (the catalog flag alone cannot tell)."""
    ds = catalog.get(dataset_id)
    flag = (f" · **{t('common.sample')}**" + (f" ({detail})" if detail else "")) if sample_only \
        else f" · {t(f'{PAGE}.imported_month')}" + (f" ({detail})" if detail else "")
    st.caption(f"{t('common.as_of')} {layout.as_of_text(dataset_id)} · {layout.source_label(dataset_id)} · "
               f"{ds.title(lang())}{flag}")


# --- urban expressways ---------------------------------------------------------------

def _route_notes(routes: pd.DataFrame) -> list[str]:
    """Plain sentences about routes that opened, closed, paused or were renamed, from the data."""
    first_all, last_all = routes["first_month"].min(), routes["last_month"].max()
    notes = []
    for _, r in routes.iterrows():
        name = route_label(r["route"])
        if r["first_month"] > first_all:
            notes.append(t(f"{PAGE}.note_starts", route=name, month=fmt_month(r["first_month"])))
        if r["last_month"] < last_all:
            notes.append(t(f"{PAGE}.note_ends", route=name, month=fmt_month(r["last_month"])))
        if r["file_months_missing_in_span"] > 0:
            notes.append(t(f"{PAGE}.note_holes", route=name, n=int(r["file_months_missing_in_span"]),
                           first=fmt_month(r["first_month"]), last=fmt_month(r["last_month"])))
        names = [n for n in str(r["published_names"]).split(" · ") if n and n != r["route"]]
        if names:
            notes.append(t(f"{PAGE}.note_renamed", route=name, old=", ".join(names)))
    return notes


def _in_route_order(frame: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Rows ordered like `order` (busiest route first), so legends follow the lines."""
    rank = {r: i for i, r in enumerate(order)}
    return frame.sort_values("route", key=lambda s: s.map(rank), kind="stable")


def year_span(years) -> str:
    """'2019–2021' (or '2019' or '2014–2016, 2019') for a set of years."""
    years = sorted(int(y) for y in years)
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def _expressway_view() -> None:
    st.subheader(t(f"{PAGE}.exp_title"))
    season = data.query("traffic/expressway_citywide_monthly")
    per_year = season.frame.groupby("year")["total_volume"].count()
    gap_years = year_span(per_year[per_year == 0].index) or "–"
    st.markdown(t(f"{PAGE}.exp_intro", years=gap_years))
    routes_result = kit.rows("traffic/expressway_routes")
    if routes_result is None:
        return
    routes_frame = routes_result.frame
    all_routes = routes_frame["route"].tolist()
    chosen = kit.bound(st.multiselect, t(f"{PAGE}.routes"), state.url_choices("routes", all_routes, all_routes),
                       key=f"{PAGE}:routes", param="routes", options=all_routes, format_func=route_label) or all_routes
    state.write(routes=None if set(chosen) == set(all_routes) else chosen)
    palette = charts.PALETTE
    colours = {r: palette[i % len(palette)] for i, r in enumerate(sorted(all_routes))}
    colour_of = colours.get

    trend = data.query("traffic/expressway_monthly", routes=chosen)
    kit.chart(charts.expressway_trend(_in_route_order(trend.frame, all_routes), route_label=route_label,
                             colour_of=colour_of, gap_label=t(f"{PAGE}.gap_label", years=gap_years),
                             y_title=t(f"{PAGE}.y_vehicles_day"), hover_unit=t(f"{PAGE}.unit_vpd"),
                             title=t(f"{PAGE}.exp_trend_title")),
           trend, key=f"{PAGE}:exp_trend", caption=t(f"{PAGE}.exp_trend_caption"))

    notes = _route_notes(routes_frame)
    with st.expander(t(f"{PAGE}.routes_table_title"), expanded=bool(notes)):
        if notes:
            st.markdown("\n".join(f"- {n}" for n in notes))
        table = pd.DataFrame({
            t(f"{PAGE}.col_route"): routes_frame["route"].map(route_label),
            t(f"{PAGE}.col_first"): routes_frame["first_month"].map(fmt_month),
            t(f"{PAGE}.col_last"): routes_frame["last_month"].map(fmt_month),
            t(f"{PAGE}.col_months"): routes_frame["months_with_data"],
            t(f"{PAGE}.col_published"): routes_frame["published_names"],
            t(f"{PAGE}.col_latest"): [f"{fmt_int(v)} ({y})" for v, y in
                                        zip(routes_frame["latest_year_mean_volume"], routes_frame["latest_year"])],
        })
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={t(f"{PAGE}.col_months"): st.column_config.NumberColumn(format=kit.number_format())})
        layout.data_actions(routes_result, f"{PAGE}:exp_routes")

    in_file = trend.frame.loc[trend.frame["month_in_file"], "month_start"]
    years = sorted({int(y) for y in pd.to_datetime(in_file).dt.year})
    year_options = [str(y) for y in years]
    year = kit.bound(st.selectbox, t(f"{PAGE}.year"), state.url_choice("year", year_options, year_options[-1]),
                     key=f"{PAGE}:year", param="year", options=year_options)
    weekday = data.query("traffic/expressway_weekday", year=int(year), routes=chosen)
    if weekday.frame.empty:
        layout.empty_state()
    else:
        kit.chart(charts.weekday_profile(_in_route_order(weekday.frame, all_routes), route_label=route_label,
                                colour_of=colour_of, weekday_labels=_weekday_labels(),
                                y_title=t(f"{PAGE}.y_vehicles_day"), hover_unit=t(f"{PAGE}.unit_vpd"),
                                title=t(f"{PAGE}.exp_weekday_title", year=year)),
               weekday, key=f"{PAGE}:exp_weekday", caption=t(f"{PAGE}.exp_weekday_caption"))
    hourly = data.query("traffic/expressway_hourly")
    shown = hourly.frame[hourly.frame["route"].isin(chosen)]
    if not shown.empty:
        kit.chart(charts.hourly_by_route(_in_route_order(shown, all_routes), route_label=route_label, colour_of=colour_of,
                                         x_title=t(f"{PAGE}.x_hour_of_day"), y_title=t(f"{PAGE}.y_vehicles_hour"),
                                         hover_unit=t(f"{PAGE}.unit_vph"), title=t(f"{PAGE}.exp_hourly_title")),
                  hourly, key=f"{PAGE}:exp_hourly", caption=t(f"{PAGE}.exp_hourly_caption"))
        layout.as_of_caption("expressway_hourly")
    ratio = data.query("traffic/expressway_weekend_ratio", routes=chosen)
    kit.chart(charts.weekend_ratio(_in_route_order(ratio.frame, all_routes), route_label=route_label,
                          colour_of=colour_of, gap_label=t(f"{PAGE}.gap_short"),
                          y_title=t(f"{PAGE}.y_weekend_pct"), title=t(f"{PAGE}.exp_ratio_title")),
           ratio, key=f"{PAGE}:exp_ratio", caption=t(f"{PAGE}.exp_ratio_caption"))

    if not season.frame.empty:
        n_routes = int(season.frame["routes"].max())
        names = ", ".join(route_label(r) for r in str(season.frame["route_names"].iloc[0]).split(", "))
        kit.chart(charts.seasonal_heatmap(season.frame, month_labels=_month_labels(), gap_label=t(f"{PAGE}.gap_short"),
                                 colour_title=t(f"{PAGE}.unit_thousand_vpd"),
                                 hover_unit=t(f"{PAGE}.unit_thousand_vpd"),
                                 title=t(f"{PAGE}.exp_season_title", n=n_routes)),
               season, key=f"{PAGE}:exp_season", caption=t(f"{PAGE}.exp_season_caption", routes=names))
    layout.as_of_caption("expressway_volume")


# --- TOPIS speeds and counts ---------------------------------------------------------------

def _coverage_box(coverage: pd.DataFrame) -> None:
    lines = []
    for _, row in coverage.iterrows():
        kind = t(f"{PAGE}.cov_sample") if row["is_sample"] else t(f"{PAGE}.cov_imported")
        what = _coverage_text(row)
        lines.append(f"- **{kind}** · {what} · `{row['source_file']}`")
    if coverage.empty or coverage["is_sample"].all():
        st.warning(t(f"{PAGE}.topis_sample_warning") + "\n\n" + "\n".join(lines), icon=":material/science:")
    else:
        st.info(t(f"{PAGE}.topis_imported_info") + "\n\n" + "\n".join(lines), icon=":material/download:")


def _speeds_view() -> None:
    st.subheader(t(f"{PAGE}.topis_title"))
    st.markdown(t(f"{PAGE}.topis_intro"))
    coverage = data.query("traffic/topis_coverage")
    _coverage_box(coverage.frame)
    with st.expander(t(f"{PAGE}.import_howto_title")):
        st.markdown(t(f"{PAGE}.import_howto"))
        layout.data_actions(coverage, f"{PAGE}:topis_coverage")

    day_type = kit.bound(st.segmented_control, t(f"{PAGE}.day_type"), state.url_choice("day", DAY_TYPES, "all"),
                         key=f"{PAGE}:day", param="day", options=DAY_TYPES, format_func=lambda d: t(f"{PAGE}.day_{d}"))

    by_hour = data.query("traffic/link_speed_by_hour", day_type=day_type)
    if by_hour.frame.empty:
        layout.empty_state()
    else:
        sample_only = bool(by_hour.frame["sample_only"].any())
        kit.chart(charts.speed_by_hour(by_hour.frame, class_label=class_label, y_title=t(f"{PAGE}.y_speed"),
                                    x_title=t(f"{PAGE}.x_hour"), links_word=t(f"{PAGE}.links_word"),
                                    title=(t(f"{PAGE}.sample_tag") + " " if sample_only else "")
                                    + t(f"{PAGE}.speed_hour_chart")),
               by_hour, key=f"{PAGE}:speed_hour", caption=t(f"{PAGE}.speed_hour_caption"), sample_stamp=_stamp(sample_only))
        _sample_caption("topis_link_speed", sample_only, _coverage_detail(coverage.frame, "topis_link_speed"))

    _slowest_links(day_type, coverage.frame)
    _spot_section(coverage.frame)
    _volinfo_section()


@kit.fragment
def _slowest_links(day_type: str, coverage: pd.DataFrame) -> None:
    """The slowest links at an hour; moving the hour redraws only this."""
    hour = kit.bound(st.select_slider, t(f"{PAGE}.hour"), state.url_choice("hour", HOURS, "18"), key=f"{PAGE}:hour",
                     param="hour", options=HOURS,
                     format_func=lambda h: t(f"{PAGE}.all_day") if h == "-1" else charts.hour_label(int(h)))
    slow = data.query("traffic/link_speed_slowest", hour=int(hour), day_type=day_type)
    if slow.frame.empty:
        layout.empty_state()
    else:
        sample_only = bool(slow.frame["sample_only"].any())
        when = t(f"{PAGE}.all_day") if hour == "-1" else charts.hour_label(int(hour))
        kit.chart(charts.slowest_links(slow.frame, x_title=t(f"{PAGE}.y_speed"), link_text=_link_text,
                                    short_text=_link_short,
                                    title=(t(f"{PAGE}.sample_tag") + " " if sample_only else "")
                                    + t(f"{PAGE}.slowest_chart", n=len(slow.frame), when=when)),
               slow, key=f"{PAGE}:slowest", caption=t(f"{PAGE}.slowest_caption"), sample_stamp=_stamp(sample_only))
        _sample_caption("topis_link_speed", sample_only, _coverage_detail(coverage, "topis_link_speed"))
        _link_map(int(hour), day_type, when, sample_only)


def _link_map(hour: int, day_type: str, when: str, sample_only: bool) -> None:
    """The same links drawn on the map (2025 TOPIS link shapes), coloured by mean speed."""
    links = data.query("traffic/link_speed_map", hour=hour, day_type=day_type)
    if links.frame.empty:
        return
    deck = maps.link_speed_map(links.frame, data.query("bikes/gu_outlines").frame, speed_label=t("maps.mean_speed"))
    drawn = int(links.frame["path_json"].notna().sum())
    kit.map_panel(deck, key=f"{PAGE}:link_map", height=520,
                  title=(t(f"{PAGE}.sample_tag") + " " if sample_only else "") + t("maps.link_map_title", when=when),
                  legend_html=kit.legend(maps.speed_legend_items()),
                  caption=t("maps.link_map_caption", drawn=fmt_int(drawn), total=fmt_int(len(links.frame))),
                  result=links, frame=links.frame.drop(columns=["path_json"]),
                  table=links.frame[["road_name", "direction", "from_name", "to_name", "mean_speed", "observations"]])


def _coverage_text(row: pd.Series) -> str:
    span = fmt_date(row["first_date"]) if row["first_date"] == row["last_date"] \
        else f"{fmt_date(row['first_date'])} – {fmt_date(row['last_date'])}"
    return t(f"{PAGE}.cov_{row['dataset']}", places=fmt_int(row["places"]), days=fmt_int(row["days"]), span=span)


def _coverage_detail(coverage: pd.DataFrame, dataset_id: str) -> str:
    rows = coverage[coverage["dataset"] == dataset_id]
    return "; ".join(_coverage_text(r) for _, r in rows.iterrows())


def _link_short(row: pd.Series) -> str:
    return f"{row['road_name']} ({direction_label(str(row['direction']))})"


def _link_text(row: pd.Series) -> str:
    return f"{_link_short(row)} · {row['from_name']} → {row['to_name']}"


@kit.fragment
def _spot_section(coverage: pd.DataFrame) -> None:
    st.markdown(f"#### {t(f'{PAGE}.spot_title')}")
    spots = data.query("traffic/spot_list").frame
    if spots.empty:
        layout.empty_state()
        return
    options = spots["spot_num"].tolist()
    names = dict(zip(spots["spot_num"], spots["spot_name"]))
    spot = kit.bound(st.selectbox, t(f"{PAGE}.spot"), state.url_choice("spot", options, options[0]),
                     key=f"{PAGE}:spot", param="spot", options=options, format_func=lambda s: f"{s} {names.get(s, '')}")
    detail = _coverage_detail(coverage, "topis_spot_volume")
    profile = data.query("traffic/spot_volume_profile", spot=spot)
    daily = data.query("traffic/spot_volume_daily", spot=spot)
    left, right = st.columns(2, gap="large")
    with left:
        if profile.frame.empty:
            layout.empty_state()
        else:
            sample_only = bool(profile.frame["sample_only"].any())
            kit.chart(charts.spot_profile(
                profile.frame, series_name=lambda d, k: f"{direction_label(d)} · {t(f'{PAGE}.daytype_{k}')}",
                y_title=t(f"{PAGE}.y_vehicles_hour"), x_title=t(f"{PAGE}.x_hour"), hover_unit=t(f"{PAGE}.unit_vph"),
                title=(t(f"{PAGE}.sample_tag") + " " if sample_only else "")
                + t(f"{PAGE}.spot_profile_chart", spot=f"{spot} {names.get(spot, '')}")),
                profile, key=f"{PAGE}:spot_profile", caption=t(f"{PAGE}.spot_profile_caption"), sample_stamp=_stamp(sample_only))
            _sample_caption("topis_spot_volume", sample_only, detail)
    with right:
        if daily.frame.empty:
            layout.empty_state()
        else:
            sample_only = bool(daily.frame["sample_only"].any())
            kit.chart(charts.spot_daily(
                daily.frame, direction_label=direction_label, weekend_name=t(f"{PAGE}.weekend_holiday_band"),
                y_title=t(f"{PAGE}.y_vehicles_in_day"), hover_unit=t(f"{PAGE}.unit_vpd"),
                title=(t(f"{PAGE}.sample_tag") + " " if sample_only else "")
                + t(f"{PAGE}.spot_daily_chart", spot=f"{spot} {names.get(spot, '')}")),
                daily, key=f"{PAGE}:spot_daily", caption=t(f"{PAGE}.spot_daily_caption"), sample_stamp=_stamp(sample_only))
            _sample_caption("topis_spot_volume", sample_only, detail)


def _volinfo_section() -> None:
    result = data.query("traffic/volinfo_daily")
    if result.frame.empty:
        layout.empty_state()
        return
    frame = result.frame
    named = frame[["spot_num", "spot_name"]].dropna()
    spot = " ".join(str(v) for v in named.iloc[0]) if not named.empty else ""
    span = year_span(pd.to_datetime(frame["date"]).dt.year.unique())
    st.markdown(f"#### {t(f'{PAGE}.volinfo_title', spot=spot, span=span)}")
    missing = int(frame["daily_volume"].isna().sum())
    kit.chart(charts.volinfo_daily(frame, y_title=t(f"{PAGE}.y_vehicles_in_day"),
                                weekday_name=t(f"{PAGE}.daytype_weekday_plain"),
                                weekend_name=t(f"{PAGE}.daytype_weekend_plain"), hover_unit=t(f"{PAGE}.unit_vpd"),
                                title=t(f"{PAGE}.sample_tag") + " " + t(f"{PAGE}.volinfo_chart", spot=spot)),
           result, key=f"{PAGE}:volinfo",
           caption=t(f"{PAGE}.volinfo_caption", days=len(frame), missing=missing), sample_stamp=_stamp(True))
    layout.as_of_caption("topis_volinfo_blocks")


# --- road safety ------------------------------------------------------------------------

def _safety_view() -> None:
    st.subheader(t(f"{PAGE}.safety_title"))
    years_frame = data.query("traffic/accident_years").frame
    st.markdown(t(f"{PAGE}.safety_intro",
                  acc_span=year_span(years_frame.loc[years_frame["source"] == "traffic_accidents", "year"]),
                  bike_span=year_span(years_frame.loc[years_frame["source"] == "bike_accidents", "year"])))
    acc_years = years_frame[years_frame["source"] == "traffic_accidents"]
    full_years = [int(y) for y in acc_years.loc[acc_years["months"] == 12, "year"]]
    if not full_years:
        layout.empty_state()
        return
    bike_years = [int(y) for y in years_frame.loc[years_frame["source"] == "bike_accidents", "year"]]
    gu_frame = data.query("traffic/accidents_gu_year", year=full_years[-1]).frame
    gu_options = [""] + gu_frame["gu"].tolist()
    gu_en = dict(zip(gu_frame["gu"], gu_frame["gu_en"]))

    years = [str(y) for y in full_years]
    c1, c2, c3 = st.columns([2, 3, 2])
    year = kit.bound(c1.selectbox, t(f"{PAGE}.year"), state.url_choice("ayear", years, years[-1]), key=f"{PAGE}:ayear",
                     param="ayear", options=years[::-1])
    metric = kit.bound(c2.segmented_control, t(f"{PAGE}.metric"), state.url_choice("metric", METRICS, "accidents"),
                       key=f"{PAGE}:metric", param="metric", options=METRICS,
                       format_func=lambda m: t(f"{PAGE}.metric_{m}"))
    gu = kit.bound(c3.selectbox, t(f"{PAGE}.gu"), state.url_choice("gu", gu_options, ""), key=f"{PAGE}:gu",
                   param="gu", options=gu_options,
                   format_func=lambda g: t("common.seoul") if g == "" else (g if lang() == "ko" else gu_en.get(g, g)))
    year_i = int(year)
    metric_name = t(f"{PAGE}.metric_{metric}")
    unit = t(f"{PAGE}.unit_{metric}")
    place = t("common.seoul") if not gu else (gu if lang() == "ko" else gu_en.get(gu, gu))
    # 'Deaths (people)', '사고 건수 (건)', but not 'Accidents (accidents)'.
    value_header = metric_name if not unit or unit.lower() in metric_name.lower() else f"{metric_name} ({unit})"

    yearly = data.query("traffic/accidents_yearly", gu=gu)
    this = yearly.frame[yearly.frame["year"] == year_i]
    prev = yearly.frame[yearly.frame["year"] == year_i - 1]
    if not this.empty:
        r = this.iloc[0]
        change = ""
        if not prev.empty and prev.iloc[0][metric]:
            pct = 100 * (r[metric] - prev.iloc[0][metric]) / prev.iloc[0][metric]
            change = t(f"{PAGE}.change_vs_prev", pct=f"{pct:+.1f}", prev=year_i - 1)
        cols = st.columns(3)
        for col, m in zip(cols, METRICS):
            col.metric(t(f"{PAGE}.metric_in_year", metric=t(f"{PAGE}.metric_{m}"), year=year, place=place),
                       f"{fmt_int(r[m])} {t(f'{PAGE}.unit_{m}')}".strip())
        if change:
            st.caption(f"{metric_name}: {change}")

    by_gu = data.query("traffic/accidents_gu_year", year=year_i)
    frame = by_gu.frame.copy()
    frame["name"] = i18n.district_names(frame)
    st.markdown(f"#### {t(f'{PAGE}.map_title', metric=metric_name, year=year)}")
    left, right = st.columns([3, 2], gap="large")
    with left:
        kit.district_map(frame, metric, key=f"{PAGE}:map", label=f"{metric_name} ({year})", height=500,
                         value_text=lambda v: f"{fmt_int(v)} {unit}".strip(), highlight=gu,
                         caption=t(f"{PAGE}.map_caption"))
    with right:
        table = frame[["name", metric]].rename(columns={"name": t("common.district"), metric: value_header})
        table = table.sort_values(table.columns[1], ascending=False).reset_index(drop=True)
        table.index = table.index + 1
        st.dataframe(table, height=500, width="stretch",
                     column_config={table.columns[1]: st.column_config.NumberColumn(format=kit.number_format())})
    layout.data_actions(by_gu, f"{PAGE}:acc_gu", frame=by_gu.frame.drop(columns=["geometry_json"]))

    left, right = st.columns(2, gap="large")
    with left:
        kit.chart(charts.yearly_bars(yearly.frame, metric, y_title=value_header,
                                  hover_unit=unit, partial_label=t(f"{PAGE}.partial_year"),
                                  title=t(f"{PAGE}.acc_trend_title", metric=metric_name, place=place)),
               yearly, key=f"{PAGE}:acc_trend", caption=t(f"{PAGE}.acc_trend_caption"))
    with right:
        profile = data.query("traffic/accidents_month_profile", year=year_i, metric=metric, gu=gu)
        pf = profile.frame
        span = f"{int(pf['first_year'].min())}–{int(pf['last_year'].max())}" if not pf.empty else ""
        kit.chart(charts.month_profile(pf, month_labels=_month_labels(), selected_name=str(year),
                                    long_run_name=t(f"{PAGE}.long_run", span=span),
                                    range_name=t(f"{PAGE}.long_run_range", span=span),
                                    y_title=t(f"{PAGE}.y_per_day", metric=metric_name), hover_unit=unit,
                                    title=t(f"{PAGE}.acc_season_title", metric=metric_name, place=place)),
               profile, key=f"{PAGE}:acc_season", caption=t(f"{PAGE}.acc_season_caption"))
    layout.as_of_caption("traffic_accidents")

    _bike_section(year_i, bike_years)


def _bike_section(year: int, bike_years: list[int]) -> None:
    st.markdown(f"#### {t(f'{PAGE}.bike_title')}")
    st.markdown(t(f"{PAGE}.bike_intro"))
    share = data.query("traffic/bike_share_yearly")
    if share.frame.empty:
        layout.empty_state()
        return
    bike_year = year if year in bike_years else max(bike_years)
    left, right = st.columns(2, gap="large")
    with left:
        kit.chart(charts.bike_share_years(share.frame, at_fault_name=t(f"{PAGE}.bike_at_fault"),
                                       victim_name=t(f"{PAGE}.bike_victim"), y_title=t(f"{PAGE}.y_share"),
                                       count_unit=t(f"{PAGE}.unit_accidents"),
                                       title=t(f"{PAGE}.bike_years_title")),
               share, key=f"{PAGE}:bike_years", caption=t(f"{PAGE}.bike_years_caption"))
    with right:
        by_gu = data.query("traffic/bike_share_gu", year=bike_year)
        frame = by_gu.frame.copy()
        frame["name"] = i18n.district_names(frame)
        kit.chart(charts.bike_share_districts(frame, name_col="name", at_fault_name=t(f"{PAGE}.bike_at_fault"),
                                           victim_name=t(f"{PAGE}.bike_victim"), x_title=t(f"{PAGE}.y_share"),
                                           title=t(f"{PAGE}.bike_gu_title", year=bike_year)),
               by_gu, key=f"{PAGE}:bike_gu",
               caption=t(f"{PAGE}.bike_gu_caption") + (
                   "" if bike_year == year else " " + t(f"{PAGE}.bike_year_note", year=year, bike_year=bike_year)))
    layout.as_of_caption("bike_accidents", "traffic_accidents")


# --- live ---------------------------------------------------------------------------------

def _live_view() -> None:
    st.subheader(t(f"{PAGE}.live_title"))
    links = data.query("traffic/live_link_speeds")
    places = data.query("traffic/live_citydata_road")
    status = data.dataset_status()
    if links.frame.empty and places.frame.empty:
        st.info(t(f"{PAGE}.live_waiting") if data.api_key() else t(f"{PAGE}.live_needs_key"), icon=":material/key:")
    if not places.frame.empty:
        st.markdown(f"#### {t(f'{PAGE}.live_places_title')}")
        st.caption(layout.updated_ago(status.get("citydata_road", {}).get("fetched_at")))
        levels = {k: t(f"{PAGE}.level.{k}") for k in charts.LEVEL_COLOURS}
        kit.chart(charts.live_bars(places.frame.assign(label=places.frame["area_name"].fillna(places.frame["area_code"])),
                                label_col="label", value_col="avg_speed_kmh", x_title=t(f"{PAGE}.y_speed"),
                                level_col="traffic_index", level_label=levels),
               places, key=f"{PAGE}:live_places", caption=t(f"{PAGE}.live_places_caption"))
        layout.as_of_caption("citydata_road")
    if not links.frame.empty:
        st.markdown(f"#### {t(f'{PAGE}.live_links_title')}")
        st.caption(layout.updated_ago(status.get("traffic_speed_live", {}).get("fetched_at")))
        kit.chart(charts.live_bars(links.frame, label_col="link_id", value_col="speed_kmh", x_title=t(f"{PAGE}.y_speed")),
               links, key=f"{PAGE}:live_links", caption=t(f"{PAGE}.live_links_caption"))
        layout.as_of_caption("traffic_speed_live")
    _polls_sample()


def _polls_sample() -> None:
    polls = data.query("traffic/trafficinfo_polls")
    if polls.frame.empty:
        layout.empty_state()
        return
    link = ", ".join(polls.frame["link_id"].astype(str).unique())
    first, last = fmt_date(polls.frame["polled_at"].min()), fmt_date(polls.frame["polled_at"].max())
    st.markdown(f"#### {t(f'{PAGE}.polls_title', link=link, first=first, last=last)}")
    st.markdown(t(f"{PAGE}.polls_intro"))
    gaps = int((polls.frame["minutes_since_previous"] > 45).sum())
    left, right = st.columns([3, 2], gap="large")
    with left:
        kit.chart(charts.polls_series(polls.frame, y_title=t(f"{PAGE}.y_speed"),
                                   title=t(f"{PAGE}.sample_tag") + " " + t(f"{PAGE}.polls_chart", link=link)),
               polls, key=f"{PAGE}:polls", caption=t(f"{PAGE}.polls_caption", n=len(polls.frame), gaps=gaps), sample_stamp=_stamp(True))
    with right:
        hourly = data.query("traffic/trafficinfo_hourly")
        kit.chart(charts.polls_by_hour(hourly.frame, day_type_name=lambda d: t(f"{PAGE}.daytype_{d}_plain"),
                                    y_title=t(f"{PAGE}.y_speed"), x_title=t(f"{PAGE}.x_hour"),
                                    title=t(f"{PAGE}.sample_tag") + " " + t(f"{PAGE}.polls_hour_chart", link=link)),
               hourly, key=f"{PAGE}:polls_hour", caption=t(f"{PAGE}.polls_hour_caption"), sample_stamp=_stamp(True))
    layout.as_of_caption("topis_trafficinfo_polls")


# --- page ---------------------------------------------------------------------------------

def _default_view() -> str:
    """Live first when live rows exist; otherwise the long expressway series."""
    status = data.dataset_status()
    live_rows = sum(int(status.get(d, {}).get("rows") or 0) for d in ("traffic_speed_live", "citydata_road"))
    return "live" if live_rows else "expressway"


SECTIONS = (
    kit.Section("expressway", lambda _: _expressway_view(), params=("routes", "year")),
    kit.Section("speeds", lambda _: _speeds_view(), params=("day", "hour", "spot")),
    kit.Section("safety", lambda _: _safety_view(), params=("ayear", "metric", "gu")),
    kit.Section("live", lambda _: _live_view()),
)
VIEWS = tuple(s.key for s in SECTIONS)


def render() -> None:
    kit.page(PAGE, SECTIONS, default=_default_view())
