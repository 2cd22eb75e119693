"""Bicycles (따릉이): the network, use, demand, routes, safety, district comparison
and live availability — one section at a time (`?view=`); chart and map builders live
in bikes_charts."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from dashboard import data, freshness, kit, layout, maps, nav, state
from dashboard.i18n import fmt_datetime, fmt_int, fmt_month, fmt_num, fmt_pct, lang, t
from domain import air_grades
from views import bikes_charts as charts

PAGE = "bikes"
LISTS = ("2025", "2023", "2021", "2018")
DUST = ("pm10", "pm25")
# Arcs drawn on the flow map, busiest first: the largest keeps the routes view's map data under 300 KB.
OD_LIMITS = ("100", "250", "400")
# Choropleth metrics of the district comparison: column → decimals shown.
METRICS = {
    "stations_per_km2": 2, "lane_km_per_km2": 2, "rentals_per_station_2024_25": 0, "rentals_2024_25": 0,
    "accidents": 0, "accidents_per_lane_km": 2, "accidents_per_100k_rentals_2021": 1, "lane_km": 1, "stations": 0,
}
TABLE_COLUMNS = ("area_km2", "stations", "racks", "stations_per_km2", "lane_km", "lane_km_per_km2",
                 "rentals_2024_25", "rentals_per_station_2024_25", "rentals_2021", "accidents",
                 "accidents_per_lane_km", "accidents_per_100k_rentals_2021", "deaths_5y")


def _place(ctx: kit.Districts, gu: str) -> str:
    return ctx.name(gu, t("bikes.all_seoul"))


def _gu_select(ctx: kit.Districts, column=None) -> str:
    """The district filter ('' = all of Seoul), kept across sections."""
    return ctx.select(t("bikes.gu_label"), t("bikes.all_seoul"), key="bikes:gu", column=column)


def _outlines():
    return data.query("bikes/gu_outlines").frame


def _month(value: str) -> str:
    return fmt_month(value + "-01")


# --- the network ----------------------------------------------------------------------

@kit.fragment
def _network_map(ctx: kit.Districts) -> str:
    """The controls, the numbers and the map. The station list, the road links and a click
    on the map rerun only this part (the charts under it do not depend on them); a new
    district reruns the whole section. Returns the district."""
    c1, c2, c3 = st.columns([3, 2, 2], vertical_alignment="bottom")  # four lists fit side by side
    chosen = kit.choice(c1.segmented_control, t("bikes.list_label"), "list", LISTS, "2023", key="bikes:list",
                        format_func=lambda y: t(f"bikes.list_{y}"))
    gu = _gu_select(ctx, c2)
    kit.rerun_page_on_change("bikes:network_gu", gu)
    links_on = kit.bound(c3.toggle, t("bikes.show_links"), state.url_choice("links", ("0", "1"), "0") == "1",
                         key="bikes:links", param="links", help=t("bikes.show_links_help"))
    state.write(links="1" if links_on else None)

    growth = data.query("bikes/network_growth", gu=gu).frame
    row = growth[growth["list_date"].map(lambda d: str(pd.Timestamp(d).year)) == chosen]
    lanes_type = data.query("bikes/lanes_by_type", gu=gu)
    if row.empty:
        layout.empty_state()
        return gu
    r = row.iloc[0]
    kit.stats((t("bikes.m_stations", list=charts.list_label(r["list_date"])), fmt_int(r["stations"])),
              (t("bikes.m_racks"), fmt_int(r["racks"]), t("bikes.m_racks_help")),
              (t("bikes.m_new"), fmt_int(r["new_stations"]) if pd.notna(r["new_stations"]) else "–",
               t("bikes.m_new_help")),
              (t("bikes.m_lane_km"), f"{fmt_num(lanes_type.frame['length_km'].sum(), 0)} km", t("bikes.m_lane_km_help")))

    stations_res = data.query("bikes/stations_map", list=chosen, gu=gu)
    citywide = data.query("bikes/stations_map", list=chosen, gu="").frame
    breaks = maps.quantile_breaks(citywide["rentals_2024_25"])  # same colours whatever the district
    lanes_res = data.query("bikes/lanes_map", gu=gu)
    outlines = _outlines()
    view = maps.district_bounds(outlines, gu)
    in_frame = dict(zip(("west", "south", "east", "north"), view or ()))  # a district: the links in its frame
    links_res = data.query("bikes/road_links_map", **in_frame) if links_on else None
    legend = maps.class_legend_items(charts.USE_COLOURS, breaks) + [
        (charts.UNKNOWN_USE, t("bikes.use_unknown")), (charts.LANE_COLOUR, t("bikes.legend_lanes"))]
    legend += [(charts.LINK_COLOUR, t("bikes.legend_links"))] if links_on else []
    frame = stations_res.frame
    picked = kit.map_panel(
        charts.network_deck(frame, lanes_res.frame, links_res.frame if links_res else None, outlines, breaks, view),
        key="bikes:network_map", height=600, selectable=True,
        title=t("bikes.map_network_title", list=charts.list_label(r["list_date"]), place=_place(ctx, gu)),
        legend_html=kit.legend(legend, t("bikes.legend_use_title")),
        caption=t("bikes.map_network_caption", drawn=fmt_int(frame["lat"].notna().sum()), total=fmt_int(len(frame)),
                  known=fmt_int(frame["rentals_2024_25"].notna().sum()), lanes=fmt_int(len(lanes_res.frame)))
        + (" " + t("bikes.map_racks_unpublished") if len(frame) and frame["racks"].isna().all() else ""))
    details = picked and charts.station_details(frame, charts.picked_station(frame, picked[1]), ctx.english)
    if details:
        st.info(details, icon=":material/pedal_bike:")
    if links_res is not None:
        st.caption(t("bikes.links_caption_around" if gu else "bikes.links_caption", place=_place(ctx, gu),
                     n=fmt_int(len(links_res.frame)), km=fmt_num(links_res.frame["length_m"].sum() / 1000, 0)))
    layout.data_actions(stations_res, "bikes:stations_map")
    st.caption(t("bikes.more_map_data"))
    layout.data_actions(lanes_res, "bikes:lanes_map")
    if links_res is not None:
        layout.data_actions(links_res, "bikes:links_map")
    layout.as_of_caption("bike_station_lists", "bike_station_totals", "bike_lanes",
                         *(["bike_road_network"] if links_on else []))
    return gu


def _network(ctx: kit.Districts) -> None:
    gu = _network_map(ctx)
    growth_res = data.query("bikes/network_growth", gu=gu)
    if growth_res.frame.empty:
        return  # the map part said so
    growth = growth_res.frame
    lanes_type = data.query("bikes/lanes_by_type", gu=gu)
    kit.heading(t("bikes.growth_title", place=_place(ctx, gu)))
    kit.grid(partial(kit.chart, charts.growth_chart(growth), growth_res, "bikes:growth"),
             partial(kit.chart, charts.install_years_chart, data.query("bikes/install_years", gu=gu),
                     "bikes:install_years", caption=t("bikes.install_years_caption")))
    kit.heading(t("bikes.by_gu_title"))
    by_gu = data.query("bikes/stations_by_gu")
    kit.grid(partial(kit.chart, charts.stations_by_gu_chart(by_gu.frame, "stations"), by_gu, "bikes:by_gu_stations"),
             partial(kit.chart, charts.stations_by_gu_chart(by_gu.frame, "racks"), by_gu, "bikes:by_gu_racks",
                     caption=t("bikes.by_gu_racks_caption")))
    kit.heading(t("bikes.lanes_title", place=_place(ctx, gu)))
    kit.grid(partial(kit.chart, charts.lanes_by_type_chart, lanes_type, "bikes:lanes_type"),
             partial(kit.chart, charts.lanes_by_gu_chart, data.query("bikes/lanes_by_gu"), "bikes:lanes_gu",
                     caption=t("bikes.lanes_caption")))
    layout.as_of_caption("bike_lanes")


# --- use ------------------------------------------------------------------------------

def _use(ctx: kit.Districts) -> None:
    months = data.query("bikes/usage_months").frame
    options = [pd.Timestamp(m).strftime("%Y-%m") for m in months["month"]]
    c1, c2 = st.columns(2, vertical_alignment="bottom")
    month = kit.choice(c1.selectbox, t("bikes.month_label"), "month", options, options[-1], key="bikes:month",
                       format_func=_month)
    gu = _gu_select(ctx, c2)
    place = _place(ctx, gu)

    kit.heading(t("bikes.months_title", place=place))
    series = data.query("bikes/rentals_monthly", gu=gu)
    if not series.frame.empty:
        yearly = series.frame.assign(year=pd.to_datetime(series.frame["month"]).dt.year).groupby("year")["rentals"].sum()
        kit.stats(*((t("bikes.m_rentals_year", y=year), fmt_int(yearly[year])) for year in yearly.index[-3:]))
    kit.chart(charts.rentals_months_chart, series, "bikes:rentals_months", caption=t("bikes.months_caption"))
    if not gu:
        _rider_mix()
    layout.as_of_caption("bike_rentals_monthly", "bike_rentals_gu_monthly", *([] if gu else ["bike_rider_mix"]))

    kit.heading(t("bikes.monthly_title", place=place))
    totals = data.query("bikes/monthly_totals", gu=gu)
    tf = totals.frame
    rentals_2021 = int(tf.loc[tf["source_period"] == "2021", "rentals"].sum())
    if not tf.empty:
        shown = tf["month"].map(lambda d: pd.Timestamp(d).strftime("%Y-%m")) == month
        kit.stats((t("bikes.m_rentals_2018"), fmt_int(tf.loc[tf["source_period"] == "2018H1", "rentals"].sum())),
                  (t("bikes.m_rentals_2021"), fmt_int(rentals_2021)),
                  (t("bikes.m_stations_reporting", month=_month(month)), fmt_int(tf.loc[shown, "stations"].sum())))
    no_gu = int(tf["rentals_without_district"].sum())
    kit.chart(charts.monthly_totals_chart, totals, "bikes:monthly", caption=t("bikes.monthly_caption") + (
        " " + t("bikes.monthly_no_gu", n=fmt_int(no_gu)) if not gu and no_gu else ""))

    kit.chart(charts.district_heatmap, data.query("bikes/district_monthly"), "bikes:district_monthly",
              heading=t("bikes.heatmap_title"), caption=t("bikes.heatmap_caption"))
    daily = data.query("bikes/daily_rentals")
    caption = t("bikes.daily_caption", total=fmt_int(daily.frame["rentals"].sum()), days=fmt_int(len(daily.frame)))
    if not gu and not tf.empty:  # the two published files cover the same months; say how far apart they are
        caption += " " + t("bikes.daily_vs_monthly", monthly=fmt_int(rentals_2021),
                           diff=fmt_int(abs(rentals_2021 - int(daily.frame["rentals"].sum()))))
    kit.grid(partial(kit.chart, lambda f: charts.top_stations_chart(f, ctx.english),
                     data.query("bikes/top_stations", month=month, gu=gu, limit=15), "bikes:top_stations",
                     heading=t("bikes.top_title", month=_month(month), place=place)),
             partial(kit.chart, charts.daily_chart(daily.frame), daily, "bikes:daily", caption=caption,
                     heading=t("bikes.daily_title")))

    # Only the 2018 file has returns: a 2018 month narrows it, any other month shows Jan–Jun 2018.
    imb_month = month if month.startswith("2018") else ""
    kit.heading(t("bikes.imbalance_title", period=_month(imb_month) if imb_month else t("bikes.h1_2018"), place=place))
    st.markdown(t("bikes.imbalance_intro"))
    imb = kit.rows("bikes/station_imbalance", month=imb_month, gu=gu)
    if imb is not None:
        kit.grid(partial(kit.chart, charts.imbalance_chart(imb.frame, ctx.english), imb, "bikes:imbalance"),
                 partial(kit.map_panel, charts.imbalance_deck(imb.frame, _outlines()), key="bikes:imbalance_map",
                         height=460, legend_html=kit.legend([(charts.PILE_UP, t("bikes.legend_pile_up")),
                                                             (charts.RUN_OUT, t("bikes.legend_run_out"))]),
                         caption=t("bikes.imbalance_caption", n=fmt_int(imb.frame["lat"].notna().sum()))),
                 widths=(3, 2))
    layout.as_of_caption("bike_station_monthly", "bike_rentals_daily", "bike_station_lists")


@kit.fragment
def _rider_mix() -> None:
    """Who rides, by age or by gender; choosing redraws only this chart."""
    dimension = kit.choice(st.segmented_control, t("bikes.mix_label"), "mix", ("age", "gender"), "age",
                           key="bikes:mix", format_func=lambda d: t(f"bikes.mix_by_{d}"))
    mix = data.query("bikes/rider_mix", dimension=dimension)
    kit.chart(charts.rider_mix_chart(mix.frame), mix, "bikes:rider_mix", title=t("bikes.mix_title"),
              caption=t("bikes.mix_caption"))


# --- demand: time of day, weather, fine dust ----------------------------------------

def _demand(ctx: kit.Districts) -> None:
    kit.heading(t("bikes.profiles_title"))
    hours = data.query("bikes/rental_profiles", dimension="hour")
    kit.grid(partial(kit.chart, charts.profile_chart(hours.frame, "hour"), hours, "bikes:profile_hour"),
             partial(kit.chart, lambda f: charts.profile_chart(f, "weekday"),
                     data.query("bikes/rental_profiles", dimension="weekday"), "bikes:profile_weekday"), widths=(3, 2))
    st.caption(t("bikes.profiles_caption", total=fmt_int(hours.frame["rentals"].sum())))
    layout.as_of_caption("bike_rental_profiles")

    kit.heading(t("bikes.weather_title"))
    uci = data.query("bikes/uci_summary")
    u = uci.frame.iloc[0]
    kit.stats((t("bikes.m_uci_total"), fmt_int(u["rentals_total"]), t("bikes.m_uci_total_help")),
              (t("bikes.m_uci_hours"), f"{fmt_int(u['operating_hours'])} / {fmt_int(u['hours'])}"),
              (t("bikes.m_uci_mean"), fmt_int(u["mean_per_operating_hour"])))
    st.info(t("bikes.uci_excluded", n=fmt_int(u["non_operating_hours"]),
              first=fmt_datetime(u["first_hour"]), last=fmt_datetime(u["last_hour"])), icon=":material/info:")
    layout.data_actions(uci, "bikes:uci_summary")
    kit.chart(charts.season_hour_chart, data.query("bikes/weather_hour_season"), "bikes:season_hour",
              caption=t("bikes.season_caption"))
    kit.grid(partial(kit.chart, charts.temperature_chart, data.query("bikes/weather_temperature"), "bikes:temperature",
                     caption=t("bikes.temp_caption")),
             partial(kit.chart, charts.rain_chart, data.query("bikes/weather_rain"), "bikes:rain",
                     caption=t("bikes.rain_caption")), widths=(3, 2))
    layout.as_of_caption("bike_hourly_weather")
    _dust()


@kit.fragment
def _dust() -> None:
    """Rentals by fine-dust grade; choosing PM10 or PM2.5 redraws only this."""
    kit.heading(t("bikes.dust_title"))
    st.warning(t("bikes.dust_subset"), icon=":material/warning:")
    pollutant = kit.choice(st.segmented_control, t("bikes.dust_label"), "dust", DUST, "pm10", key="bikes:dust",
                           format_func=lambda p: air_grades.pollutant_label(p, lang()))
    dust = data.query("bikes/dust_bands", pollutant=pollutant)
    kit.chart(lambda f: charts.dust_chart(f, pollutant), dust, "bikes:dust",
              caption=t("bikes.dust_caption", missing=fmt_int(dust.frame["hours_without_reading"].iloc[0]))
              if not dust.frame.empty else None)
    layout.as_of_caption("bike_hourly_aivle")


# --- routes ---------------------------------------------------------------------------

def _routes(ctx: kit.Districts) -> None:
    summary = data.query("bikes/od_summary").frame.iloc[0]
    st.warning(t("bikes.od_sample_banner", trips=fmt_int(summary["trips"])), icon=":material/warning:")
    c1, c2 = st.columns(2, vertical_alignment="bottom")
    gu = _gu_select(ctx, c1)
    min_trips = kit.bound(c2.slider, t("bikes.min_trips_label"), state.url_int("min", 1, 1, 50), key="bikes:min",
                          param="min", min_value=1, max_value=50)
    limit = int(kit.choice(st.segmented_control, t("bikes.od_limit_label"), "top", OD_LIMITS, "250", key="bikes:top"))
    kit.stats((t("bikes.m_od_trips"), fmt_int(summary["trips"])), (t("bikes.m_od_pairs"), fmt_int(summary["pairs"])),
              (t("bikes.m_od_round"), fmt_pct(100 * summary["round_trips"] / summary["trips"], 1)),
              (t("bikes.m_od_same_gu"), fmt_pct(100 * summary["same_district_trips"] / summary["trips"], 0)))

    flows = data.query("bikes/od_flows", gu=gu, min_trips=min_trips)
    f = flows.frame
    if f.empty:
        kit.heading(t("bikes.od_map_title", place=_place(ctx, gu)))
        layout.empty_state()
    else:
        kit.map_panel(charts.od_deck(f, _outlines(), limit), key="bikes:od_map", height=600,
                      title=t("bikes.od_map_title", place=_place(ctx, gu)), result=flows,
                      caption=t("bikes.od_map_caption", pairs=fmt_int(len(f)), trips=fmt_int(f["trips"].sum()),
                                shown=fmt_int(min(limit, int((~f["round_trip"]).sum()))),
                                round=fmt_int(f["round_trip"].sum())))
        kit.heading(t("bikes.od_top_title"))
        top = f.nlargest(15, "trips")  # round trips included: they are real trips
        table = pd.DataFrame({t("bikes.col_from"): top["origin_name"].fillna(top["origin_station_id"]),
                              t("bikes.col_to"): top["dest_name"].fillna(top["dest_station_id"]),
                              t("bikes.col_trips"): top["trips"]}).reset_index(drop=True)
        table.index = table.index + 1
        kit.table(table, {t("bikes.col_trips"): st.column_config.NumberColumn(format=kit.number_format())})
    layout.as_of_caption("bike_od_sample", "bike_station_info")
    st.divider()
    _trips_section(ctx)


def _trips_section(ctx: kit.Districts) -> None:
    """Trip-level views (rental history): the bundled January 2023 Gangnam-internal month
    and imported months, all read from the trip summaries made at import."""
    kit.heading(t("bikes.trips_title"))
    months_res = data.query("bikes/trips_by_month", month="")
    months = months_res.frame
    if months.empty:
        st.info(t("bikes.trips_empty"), icon=":material/upload_file:")
        nav.link("desk", t("bikes.trips_empty_where"), icon=":material/dataset:")
        return
    options = ["", *months["month"].tolist()]
    month = kit.bound(st.selectbox, t("bikes.trips_month_label"), state.url_choice("month", options[1:], ""),
                      key="bikes:trips_month", param="month", options=options,
                      format_func=lambda v: _month(v) if v else t("bikes.all_months"))
    picked = months if not month else months[months["month"] == month]
    tag = _trips_scope(picked["month"].tolist())
    # means over the chosen months, weighted by trips (missing values were excluded per month)
    weights = picked["trips"].astype("float64")
    kit.stats((t("bikes.m_trips"), fmt_int(picked["trips"].sum())),
              (t("bikes.m_avg_duration"), f"{fmt_num((picked['avg_duration_min'] * weights).sum() / weights.sum(), 1)} "
               + t("bikes.unit_min")),
              (t("bikes.m_avg_distance"), f"{fmt_num((picked['avg_distance_m'] * weights).sum() / weights.sum() / 1000, 2)} km"))
    layout.data_actions(months_res, "bikes:trips_months")

    dur = data.query("bikes/trips_duration_hist", month=month)
    dist = data.query("bikes/trips_distance_hist", month=month)
    kit.grid(partial(kit.chart, charts.trips_hour_chart, data.query("bikes/trips_by_hour", month=month),
                     "bikes:trips_hour", heading=t("bikes.trips_hour_title") + tag),
             partial(kit.chart, charts.hist_chart(dur, "min", t("bikes.axis_duration")), dur, "bikes:trips_duration",
                     heading=t("bikes.trips_duration_title") + tag),
             partial(kit.chart, charts.hist_chart(dist, "m", t("bikes.axis_distance"), scale=1000), dist,
                     "bikes:trips_distance", heading=t("bikes.trips_distance_title") + tag),
             partial(kit.chart, lambda f: charts.imbalance_chart(f.assign(gu=None), ctx.english),
                     data.query("bikes/trips_station_balance", month=month, limit=20), "bikes:trips_balance",
                     heading=t("bikes.trips_balance_title") + tag, caption=t("bikes.trips_balance_caption")))
    kit.heading(t("bikes.trips_routes_title") + tag)
    routes = kit.rows("bikes/trips_top_routes", month=month, limit=20)
    if routes is not None:
        coords = data.query("bikes/station_coords").frame
        kit.map_panel(charts.routes_deck(routes.frame, coords, _outlines()), key="bikes:trips_routes_map", height=520)
        table = routes.frame.assign(avg_distance_km=routes.frame["avg_distance_m"] / 1000).drop(columns=["avg_distance_m"])
        kit.table(table, {
            "rent_station_no": st.column_config.NumberColumn(t("bikes.col_from_no"), format="%d"),
            "rent_station_name": t("bikes.col_from"),
            "return_station_no": st.column_config.NumberColumn(t("bikes.col_to_no"), format="%d"),
            "return_station_name": t("bikes.col_to"), "trips": (t("bikes.col_trips"), 0),
            "avg_duration_min": (t("bikes.col_avg_min"), 1), "avg_distance_km": (t("bikes.col_avg_km"), 2)},
            hide_index=True)
        layout.data_actions(routes, "bikes:trips_routes")
    layout.as_of_caption("rental_history")


def _trips_scope(shown: list[str]) -> str:
    """Say what the shown months cover, above the figures and on every chart heading:
    an extract (January 2023: trips within Gangnam-gu only) or synthetic rows."""
    scopes = data.query("bikes/trips_months").frame
    scopes = scopes[scopes["month"].isin(shown)]
    tags = []
    if scopes["synthetic"].any():  # imports whose file name says synthetic
        st.warning(t("common.synthetic"), icon=":material/warning:")
        tags.append(t("common.synthetic"))
    for row in scopes[scopes["scope"] == "gangnam_internal"].itertuples():
        st.warning(t("bikes.trips_scope_gangnam", month=_month(row.month), trips=fmt_int(row.trips)),
                   icon=":material/crop_free:")
        tags.append(t("bikes.trips_scope_tag", month=_month(row.month)))
    return "".join(f" — {tag}" for tag in tags)


# --- safety ---------------------------------------------------------------------------

def _safety(ctx: kit.Districts) -> None:
    years = data.query("bikes/accident_years").frame["year"].astype(int).tolist()
    c1, c2 = st.columns(2, vertical_alignment="bottom")
    gu = _gu_select(ctx, c1)
    year = kit.bound(c2.selectbox, t("bikes.year_label"), state.url_int("year", years[-1], years[0], years[-1]),
                     key="bikes:year", param="year", options=years[::-1])

    kit.heading(t("bikes.trend_title", place=_place(ctx, gu)))
    # One definition on every page (bikes/accident_counts): accidents hurting a cyclist;
    # at-fault accidents overlap with them and are shown beside, never added.
    trend = data.query("bikes/accident_counts", gu=gu)
    tf = trend.frame.set_index("year")
    if year in tf.index:
        cur = tf.loc[year]
        prev = tf.loc[year - 1] if year - 1 in tf.index else None
        delta = None
        if prev is not None and prev["accidents"]:
            delta = f"{100 * (cur['accidents'] - prev['accidents']) / prev['accidents']:+.1f}% ({t('bikes.vs_year', y=year - 1)})"
        kit.stats({"label": t("bikes.m_acc_total", y=year), "value": fmt_int(cur["accidents"]), "delta": delta,
                   "delta_color": "inverse"},
                  (t("bikes.m_deaths_injuries"), f"{fmt_int(cur['deaths'])} / {fmt_int(cur['injuries'])}"),
                  (t("bikes.series_at_fault"), fmt_int(cur["at_fault_accidents"]), t("bikes.m_at_fault_help")))
    kit.chart(charts.accidents_trend_chart(trend.frame), trend, "bikes:acc_trend", caption=t("bikes.acc_definitions"))

    kit.grid(partial(kit.chart, lambda f: charts.accidents_by_gu_chart(f, gu or None),
                     data.query("bikes/accidents_by_gu", year=year), "bikes:acc_gu",
                     heading=t("bikes.acc_gu_title", y=year)),
             partial(_rates, year, gu))
    kit.chart(charts.rate_trend_chart, data.query("bikes/accident_rate_trend", gu=gu), "bikes:rate_trend",
              heading=t("bikes.rate_trend_title", place=_place(ctx, gu)), caption=t("bikes.rate_trend_caption"))
    layout.as_of_caption("bike_accidents", "bike_lanes", "bike_station_lists", "bike_station_monthly")


def _rates(year: int, gu: str) -> None:
    """Accidents against lane length, stations and rentals, one tab each."""
    kit.heading(t("bikes.rates_title", y=year))
    rates = data.query("bikes/accident_rates", year=year)
    tabs = st.tabs([t("bikes.rate_lane"), t("bikes.rate_station"), t("bikes.rate_rentals")])
    specs = (("per_lane_km", t("bikes.axis_per_lane_km"), 2, t("bikes.rate_lane_caption")),
             ("per_100_stations", t("bikes.axis_per_100_stations"), 1, t("bikes.rate_station_caption")),
             ("per_100k_rentals_2021", t("bikes.axis_per_100k"), 1, t("bikes.rate_rentals_caption")))
    for tab, (column, axis, decimals, caption) in zip(tabs, specs):
        with tab:
            kit.chart(charts.rate_chart(rates.frame, column, axis, decimals, gu or None), rates,
                      f"bikes:rate_{column}", caption=caption)


# --- districts: where amenities are needed --------------------------------------------

def _districts(ctx: kit.Districts) -> None:
    st.markdown(t("bikes.districts_intro"))
    result = kit.rows("bikes/district_comparison")
    if result is None:
        return
    frame = result.frame
    years = frame["accident_year"].dropna()
    year = int(years.iloc[0]) if not years.empty else "–"

    def label(key: str) -> str:
        return t(f"bikes.col_{key}", y=year)

    metric = kit.choice(st.selectbox, t("bikes.metric_label"), "metric", tuple(METRICS), "stations_per_km2",
                        key="bikes:metric", format_func=label)
    decimals = METRICS[metric]
    left, right = st.columns([3, 2], gap="large")
    with left:
        kit.district_map(frame, metric, key="bikes:choropleth", label=label(metric), title=label(metric),
                         value_text=(lambda v: fmt_num(v, decimals)) if decimals else fmt_int, decimals=decimals)
    with right:
        kit.heading(t("bikes.rank_title"))
        # the heading beside names the measure; a short header keeps the values in view
        kit.district_ranking(frame, metric, value_label=t("bikes.col_value"), help_text=label(metric), decimals=decimals)
    kit.heading(t("bikes.table_title"))
    digits = {c: METRICS.get(c, 1 if c in ("area_km2", "lane_km") else 0) for c in TABLE_COLUMNS}
    kit.district_table(frame, {c: (label(c), t(f"bikes.def_{c}", y=year), digits[c]) for c in TABLE_COLUMNS},
                       sort_by=metric)
    layout.data_actions(result, "bikes:districts", frame=frame.drop(columns=["geometry_json"]))
    with st.expander(t("bikes.definitions_title"), expanded=True):
        st.markdown("\n".join(f"- **{label(c)}** — {t(f'bikes.def_{c}', y=year)}" for c in TABLE_COLUMNS))
    layout.as_of_caption("gu_boundaries", "bike_station_lists", "bike_station_totals", "bike_station_monthly",
                         "bike_lanes", "bike_accidents")


# --- live -----------------------------------------------------------------------------

def _live(ctx: kit.Districts) -> None:
    gu = _gu_select(ctx)
    place = _place(ctx, gu)
    summary = data.query("bikes/live_summary", gu=gu)
    s = summary.frame.iloc[0] if not summary.frame.empty else None
    if s is None or not s["stations"]:
        layout.empty_state()
        return
    kit.snapshot_notice("bike_live", s["snapshot_at"], t("bikes.live_bundled", when=fmt_datetime(s["snapshot_at"])))
    stations = int(s["stations"])
    kit.stats((t("bikes.m_live_stations", place=place), fmt_int(stations)),
              (t("bikes.m_live_bikes"), fmt_int(s["bikes"])), (t("bikes.m_live_racks"), fmt_int(s["racks"])),
              (t("bikes.m_live_empty", pct=fmt_pct(100 * s["empty_stations"] / stations)),
               fmt_int(s["empty_stations"]), t("bikes.m_live_empty_help")),
              (t("bikes.m_live_full", pct=fmt_pct(100 * s["full_stations"] / stations)),
               fmt_int(s["full_stations"]), t("bikes.m_live_full_help")))
    layout.data_actions(summary, "bikes:live_summary")

    stations_res = data.query("bikes/live_stations", gu=gu)
    outlines = _outlines()
    caption = t("bikes.live_map_caption", n=fmt_int(stations_res.frame["lat"].notna().sum()))
    if not gu and s["stations_without_district"]:
        caption += " " + t("bikes.live_no_gu", n=fmt_int(s["stations_without_district"]))
    fresh = freshness.assess("bike_live").is_fresh
    kit.map_panel(charts.live_deck(stations_res.frame, outlines, maps.district_bounds(outlines, gu)), key="bikes:live_map",
                  height=600, title=t("bikes.live_map_title" if fresh else "bikes.snapshot_map_title", place=place),
                  result=stations_res, caption=caption,
                  legend_html=kit.legend([(charts.STATUS_COLOURS[k], t(f"bikes.status_{k}")) for k in charts.STATUS_ORDER]))
    if not gu:
        kit.chart(charts.live_by_gu_chart, data.query("bikes/live_by_gu"), "bikes:live_gu",
                  heading=t("bikes.live_gu_title"), caption=t("bikes.live_gu_caption"))
    layout.as_of_caption("bike_live", "bike_station_info")


# --- page -----------------------------------------------------------------------------

# The district (gu) is page-wide; every other parameter belongs to its section.
SECTIONS = (
    kit.Section("network", _network, params=("list", "links")),
    kit.Section("use", _use, params=("month", "mix")),
    kit.Section("demand", _demand, params=("dust",)),
    kit.Section("routes", _routes, params=("min", "top", "month")),
    kit.Section("safety", _safety, params=("year",)),
    kit.Section("districts", _districts, params=("metric",)),
    kit.Section("live", _live),
)


def render() -> None:
    kit.page(PAGE, SECTIONS, context=lambda: kit.Districts.load("bikes/districts"))
