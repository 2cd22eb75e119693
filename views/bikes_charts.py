"""Chart and map builders for the bicycles page.

Each builder takes a query result frame and returns a plotly figure or a pydeck Deck;
none of them calls Streamlit, so tests can build every figure directly. Labels come
from i18n (the current language), numbers from the fmt_* helpers.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import maps, theme
from dashboard.figures import bars, district_bars, faded, grouped, histogram, in_order, style, with_districts
from dashboard.i18n import fmt_district, fmt_int, fmt_month, fmt_num, lang, t, t_or
from domain import air_grades

# pydeck turns every plain string prop into a JavaScript expression ("pixels" → d.pixels),
# so radius_units="pixels" silently became a per-object function and froze headless
# Chromium for ~40 s per 1,000 points. Sizes are therefore in metres (the default) with
# a minimum in pixels, and unit props are never passed as strings.
# Colours: stations by use (light → dark orange), lanes green, live status, flows.
USE_COLOURS = ["#fdd49e", "#fdae6b", "#f57d2c", "#d94801", "#8c2d04"]
UNKNOWN_USE = "#9aa5b1"
LANE_COLOUR = "#19a979"
LINK_COLOUR = "#7f8c99"
STATUS_COLOURS = {"empty": "#d7301f", "few": "#fdae61", "ok": "#66bd63", "full": "#1f5fbf"}
STATUS_ORDER = ("empty", "few", "ok", "full")
PILE_UP, RUN_OUT = "#1f5fbf", "#d7301f"
LIST_COLOURS = {2018: "#94bde6", 2021: "#2f74c0", 2023: "#0b2f5c"}
# One colour per published list, light (old) to dark (new); 2024 has two lists (June, December).
LIST_DATE_COLOURS = {"2018-04": "#c6dbef", "2021-06": "#94bde6", "2023-06": "#4a90d9", "2024-06": "#2f74c0",
                     "2024-12": "#1b4f8f", "2025-12": "#0b2f5c"}
SEASON_COLOURS = {"Spring": "#19a979", "Summer": "#e8743b", "Autumn": "#bf8b2a", "Winter": "#1f5fbf"}
SOURCE_COLOURS = {"seoul_stats_by_gu": "#4a90d9", "oa15248_aggregate": "#0b2f5c"}
# Message keys for the published group codes (age bands are Korean in the source).
MIX_KEYS = {"F": "F", "M": "M", "unknown": "unknown", "~10대": "under20", "20대": "20s", "30대": "30s", "40대": "40s",
            "50대": "50s", "60대": "60s", "70대이상": "70plus", "기타": "age_unknown"}
MIX_COLOURS = ["#0b2f5c", "#2f74c0", "#4a90d9", "#94bde6", "#e8743b", "#bf8b2a", "#7a5195", "#b8b8b8"]


# --- labels ---------------------------------------------------------------------------

def list_colour(list_date) -> str:
    return LIST_DATE_COLOURS.get(pd.Timestamp(list_date).strftime("%Y-%m"), theme.ACCENT)


def gu_name(gu: str | None, gu_en: str | None = None) -> str:
    return fmt_district(gu, gu_en, t("bikes.no_district"))


def lane_type_name(value: str | None) -> str:
    """Lane types are Korean data values; the message catalog holds their English names."""
    return t_or(f"bikes.lane_types.{value}", str(value)) if value else t("bikes.unknown")


def list_label(list_date) -> str:
    return t("bikes.list_of", month=fmt_month(list_date))


def _hex(colour: str, alpha: int = 255) -> list[int]:
    return theme.hex_to_rgb(colour) + [alpha]


def _count(value) -> int | str:
    """A small count for a map row: a bare number (no quotes, no separators) or '–'."""
    return "–" if pd.isna(value) else int(value)


def _station(r) -> str:
    return f"{r.station_no}. {r.station_name}"


def _mean_hours(axis: str = "%{x}") -> str:
    return axis + "<br>%{y:,.0f} (" + t("bikes.n_hours") + " %{customdata:,})<extra></extra>"


# --- the network ----------------------------------------------------------------------

def network_deck(stations: pd.DataFrame, lanes: pd.DataFrame | None, links: pd.DataFrame | None,
                 outlines: pd.DataFrame, breaks: list[float], view=None) -> maps.Deck:
    """Every station (sized by racks, coloured by use) over the lane network. The city's
    2,700 stations travel with their number only: hovering shows it, a click the details
    (`picked_station`, `station_details`). Lanes and links are context, simplified for the
    zoom the map opens at: ~10 m in a district; city-wide, where a pixel is 30–100 m, lanes
    at ~30 m and links at ~80 m. With the city's links the numbers stay home too (a click
    finds its station by position), which keeps that view under 300 KB of map data."""
    citywide_links = view is None and links is not None and not links.empty
    in_district = {"tolerance": 0.0001, "decimals": 5}
    lines = ((links, "road-links", LINK_COLOUR, 170, 8, 1, {"tolerance": 0.0008, "decimals": 4, "snap": 0.0008}),
             (lanes, "lanes", LANE_COLOUR, 220, 25, 2, {"tolerance": 0.0003, "decimals": 4}))
    layers = [maps.lines_layer(frame["path_json"], layer_id=layer_id, **(in_district if view else citywide),
                               get_line_color=_hex(colour, alpha), get_line_width=width, line_width_min_pixels=px)
              for frame, layer_id, colour, alpha, width, px, citywide in lines if frame is not None and not frame.empty]
    layers += maps.point_layers(  # radius in metres; darker (busier) classes drawn on top
        stations, layer_id="stations", classify=lambda r: maps.class_of(r.rentals_2024_25, breaks),
        row=lambda r: {"r": 100 if pd.isna(r.racks) else round(45 * math.sqrt(float(r.racks))),
                       **({} if citywide_links else {"i": int(r.station_no)})},
        classes={k: _hex(c, 230) for k, c in {None: UNKNOWN_USE, **dict(enumerate(USE_COLOURS))}.items()},
        get_line_color=[60, 60, 60, 160], stroked=True, line_width_min_pixels=0.5)
    tip = t("bikes.tip_a_station") if citywide_links else t("bikes.tip_station")
    return maps.overlay_map(layers, outlines, bounds=view, tooltip=maps.tooltip(tip, t("bikes.tip_click")))


def picked_station(stations: pd.DataFrame, row: dict):
    """The number of the station a click on the network map picked: the row's own, or the
    station at the row's position when the rows travel without numbers."""
    if "i" in row:
        return row["i"]
    position = list(row.get("p") or [])
    return next((r.station_no for r in stations.dropna(subset=["lat", "lon"]).itertuples(index=False)
                 if maps.lonlat(r.lon, r.lat) == position), None)


def station_details(stations: pd.DataFrame, number, gu_en: dict[str, str] | None = None) -> str | None:
    """The station clicked on the network map, in one line (None if it is not in the list shown)."""
    rows = stations[stations["station_no"] == number]
    if rows.empty:
        return None
    r = rows.iloc[0]
    return " · ".join([f"**{_station(r)}**", gu_name(r.gu, (gu_en or {}).get(r.gu)),
                       f"{t('bikes.tip_racks')}: {fmt_int(r.racks)}",
                       f"{t('bikes.tip_rentals_2024_25')}: {fmt_int(r.rentals_2024_25)}"])


def growth_chart(growth: pd.DataFrame) -> go.Figure:
    # Lists without rack counts (Dec 2024, Dec 2025) say so instead of showing "– racks".
    text = [f"{fmt_int(s)} {t('bikes.unit_stations')}<br>"
            + (f"{fmt_int(r)} {t('bikes.unit_racks')}" if r == r and r is not None else t("bikes.racks_unpublished"))
            for s, r in zip(growth["stations"], growth["racks"])]
    hover = [t("bikes.hover_growth", stations=fmt_int(s), racks=fmt_int(r), new=fmt_int(n), closed=fmt_int(c))
             for s, r, n, c in zip(growth["stations"], growth["racks"], growth["new_stations"], growth["closed_stations"])]
    fig = go.Figure(go.Bar(x=[list_label(d) for d in growth["list_date"]], y=growth["stations"], text=text,
                           textposition="outside", marker_color=[list_colour(d) for d in growth["list_date"]],
                           hovertext=hover, hoverinfo="text", cliponaxis=False))
    fig = style(fig, y_title=t("bikes.axis_stations"), legend=False, height=360)
    fig.update_yaxes(range=[0, float(growth["stations"].max()) * 1.25])
    return fig


def stations_by_gu_chart(frame: pd.DataFrame, value: str = "stations") -> go.Figure:
    """One row per district, one dot per list: growth at a glance without 75 bars."""
    frame = with_districts(frame, missing=t("bikes.no_district"))
    order = frame[frame["list_date"] == frame["list_date"].max()].sort_values(value)["label"].tolist()
    fig = grouped(frame.groupby("list_date"), lambda d, part, i: go.Scatter(
        x=part[value], y=part["label"], mode="markers", name=list_label(d),
        marker=dict(size=12, color=list_colour(d), line=dict(width=1, color="white")),
        hovertemplate="%{y}<br>" + list_label(d) + ": %{x:,}<extra></extra>"))
    axis = t("bikes.axis_stations") if value == "stations" else t("bikes.axis_racks")
    fig = style(fig, x_title=axis, height=max(420, 24 * len(order) + 120))
    fig.update_yaxes(categoryorder="array", categoryarray=order, title_text="")
    fig.update_xaxes(rangemode="tozero")
    return fig


def install_years_chart(frame: pd.DataFrame) -> go.Figure:
    return bars(frame["install_year"].astype(str), frame["stations"], text=[fmt_int(v) for v in frame["stations"]],
                x_title=t("bikes.axis_install_year"), y_title=t("bikes.axis_stations"))


def lanes_by_type_chart(frame: pd.DataFrame) -> go.Figure:
    frame = frame.sort_values("length_km")
    fig = bars([lane_type_name(v) for v in frame["lane_type"]], frame["length_km"], horizontal=True,
               colour=LANE_COLOUR, text=[f"{fmt_num(v, 0)} km" for v in frame["length_km"]],
               customdata=frame["features"], headroom=1.4, x_title=t("bikes.axis_km"),
               hover="%{y}<br>%{x:,.1f} km · %{customdata:,} " + t("bikes.unit_sections") + "<extra></extra>",
               height=max(300, 44 * len(frame) + 80))
    fig.update_xaxes(nticks=4)
    return fig


def lanes_by_gu_chart(frame: pd.DataFrame) -> go.Figure:
    frame = with_districts(frame, missing=t("bikes.no_district"))
    order = frame.groupby("label")["length_km"].sum().sort_values().index.tolist()
    types = frame.groupby("lane_type")["length_km"].sum().sort_values(ascending=False).index.tolist()
    fig = grouped(in_order(frame, "lane_type", types), lambda ty, part, i: go.Bar(
        x=part["length_km"], y=part["label"], orientation="h", name=lane_type_name(ty),
        marker_color=theme.CATEGORICAL[i % len(theme.CATEGORICAL)],
        hovertemplate="%{y}<br>" + lane_type_name(ty) + ": %{x:,.1f} km<extra></extra>"))
    fig = style(fig, x_title=t("bikes.axis_km"), height=max(560, 24 * len(order) + 200))
    fig.update_layout(barmode="stack", legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, traceorder="normal"))
    fig.update_yaxes(categoryorder="array", categoryarray=order, title_text="")
    return fig


# --- use ------------------------------------------------------------------------------

def rentals_months_chart(frame: pd.DataFrame) -> go.Figure:
    """bikes/rentals_monthly: one bar per month, coloured by the publication it comes from."""
    fig = grouped(frame.groupby("source", sort=False), lambda source, part, i: go.Bar(
        x=pd.to_datetime(part["month"]), y=part["rentals"], name=t(f"bikes.source_{source}"),
        marker_color=SOURCE_COLOURS.get(source, theme.ACCENT),
        hovertemplate="%{x|%Y-%m}: %{y:,}<extra>%{fullData.name}</extra>"))
    fig = style(fig, y_title=t("bikes.axis_rentals_month"), height=380)
    fig.update_layout(barmode="overlay", bargap=0.1)
    return fig


def rider_mix_chart(frame: pd.DataFrame) -> go.Figure:
    """bikes/rider_mix: each year's rentals split by group, as shares (stacked to 100 %)."""
    def bar(group, part, i):
        name = t(f"bikes.mix_{MIX_KEYS[group]}") if group in MIX_KEYS else group
        return go.Bar(x=part["year"].astype(str), y=100 * part["share"], name=name, customdata=part["rentals"],
                      marker_color=MIX_COLOURS[i % len(MIX_COLOURS)],
                      hovertemplate="%{x}: %{y:.1f}% (%{customdata:,})<extra>" + name + "</extra>")
    fig = style(grouped(frame.groupby("group", sort=False), bar), y_title=t("bikes.axis_share"), height=380)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    return fig


def monthly_totals_chart(frame: pd.DataFrame) -> go.Figure:
    """Rentals per month; the two files are years apart, so months are categories."""
    x = [fmt_month(m) for m in frame["month"]]
    colours = [LIST_COLOURS[2018] if p == "2018H1" else LIST_COLOURS[2021] for p in frame["source_period"]]
    fig = go.Figure(go.Bar(
        x=x, y=frame["rentals"], name=t("bikes.series_rentals"), marker_color=colours,
        customdata=np.stack([frame["stations"].astype("float64")], axis=-1),
        hovertemplate="%{x}<br>%{y:,} " + t("bikes.unit_rentals") + "<br>" + t("bikes.stations_reporting")
                      + ": %{customdata[0]:,}<extra></extra>"))
    returns = frame["returns"].astype("Float64")
    if returns.notna().any():
        fig.add_trace(go.Scatter(x=x, y=returns.astype("float64"), mode="markers", name=t("bikes.series_returns"),
                                 marker=dict(symbol="diamond", size=11, color=theme.CATEGORICAL[1]),
                                 hovertemplate="%{x}<br>%{y:,} " + t("bikes.unit_returns") + "<extra></extra>"))
    return style(fig, y_title=t("bikes.axis_rentals_month"), height=380)


def district_heatmap(frame: pd.DataFrame) -> go.Figure:
    frame = with_districts(frame, missing=t("bikes.no_district")).assign(m=lambda f: f["month"].map(fmt_month))
    months = [fmt_month(m) for m in sorted(frame["month"].unique())]
    order = frame.groupby("label")["rentals"].sum().sort_values().index.tolist()
    grid = frame.pivot_table(index="label", columns="m", values="rentals", aggfunc="sum").reindex(index=order, columns=months)
    scale = [[i / (len(theme.SEQUENTIAL) - 1), c] for i, c in enumerate(theme.SEQUENTIAL)]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(dtype="float64"), x=months, y=order, colorscale=scale, xgap=1, ygap=1,
        colorbar=dict(title=dict(text=t("bikes.unit_rentals")), thickness=12, tickformat=","),
        hovertemplate="%{y} · %{x}<br>%{z:,.0f} " + t("bikes.unit_rentals") + "<extra></extra>"))
    fig = style(fig, legend=False, height=max(520, 22 * len(order) + 140))
    fig.update_xaxes(type="category", tickangle=-45)
    return fig


def top_stations_chart(frame: pd.DataFrame, gu_en: dict[str, str]) -> go.Figure:
    frame = frame.sort_values("rentals")
    return bars([_station(r) for r in frame.itertuples()], frame["rentals"],
                horizontal=True, text=[fmt_int(v) for v in frame["rentals"]], headroom=1.3,
                customdata=[gu_name(g, gu_en.get(g)) for g in frame["gu"]],
                hover="%{y}<br>%{customdata}<br>%{x:,} " + t("bikes.unit_rentals") + "<extra></extra>",
                x_title=t("bikes.axis_rentals_month"), height=max(320, 30 * len(frame) + 90))


def imbalance_chart(frame: pd.DataFrame, gu_en: dict[str, str], n: int = 10) -> go.Figure:
    """The n stations where most bikes pile up and the n where most run out."""
    known = frame.dropna(subset=["net"])
    ext = pd.concat([known[known["net"] < 0].nsmallest(n, "net"), known[known["net"] > 0].nlargest(n, "net")])
    ext = ext.sort_values("net")
    custom = np.stack([ext["rentals"].astype("float64"), ext["returns"].astype("float64"),
                       np.array([gu_name(g, gu_en.get(g)) for g in ext["gu"]], dtype=object)], axis=-1)
    fig = go.Figure(go.Bar(
        x=ext["net"], y=[_station(r) for r in ext.itertuples()], orientation="h", customdata=custom,
        marker_color=[PILE_UP if v > 0 else RUN_OUT for v in ext["net"]],
        text=[f"{v:+,}" for v in ext["net"].astype(int)], textposition="outside", cliponaxis=False,
        hovertemplate="%{y} · %{customdata[2]}<br>" + t("bikes.series_rentals") + ": %{customdata[0]:,}<br>"
                      + t("bikes.series_returns") + ": %{customdata[1]:,}<br>" + t("bikes.net") + ": %{x:+,}<extra></extra>"))
    lim = float(ext["net"].abs().max() or 1) * 1.3
    fig = style(fig, x_title=t("bikes.axis_net"), legend=False, height=max(360, 26 * len(ext) + 100))
    fig.update_xaxes(range=[-lim, lim], zeroline=True, zerolinecolor="#666")
    return fig


def imbalance_deck(frame: pd.DataFrame, outlines: pd.DataFrame) -> maps.Deck:
    known = frame.dropna(subset=["lat", "lon", "net"])
    peak = float(known["net"].abs().max() or 1)
    layers = maps.point_layers(
        known, layer_id="stations", classify=lambda r: "up" if r.net > 0 else "out" if r.net < 0 else "even",
        row=lambda r: {"r": round(40 + 380 * math.sqrt(abs(r.net) / peak)),  # metres
                       "n": _station(r), "a": fmt_int(r.rentals), "b": fmt_int(r.returns), "x": f"{int(r.net):+,}"},
        classes={"even": _hex(RUN_OUT, 60), "out": _hex(RUN_OUT, 200), "up": _hex(PILE_UP, 200)}, radius_max_pixels=16)
    return maps.overlay_map(layers, outlines, tooltip=maps.tooltip(
        "{n}", f"{t('bikes.series_rentals')}: {{a}}", f"{t('bikes.series_returns')}: {{b}}", f"{t('bikes.net')}: {{x}}"))


def daily_chart(frame: pd.DataFrame) -> go.Figure:
    fig = go.Figure([go.Bar(x=frame["date"], y=frame["rentals"], name=t("bikes.series_daily"), marker_color="#94bde6",
                            hovertemplate="%{x|%Y-%m-%d}<br>%{y:,}<extra></extra>"),
                     go.Scatter(x=frame["date"], y=frame["mean_7d"], name=t("bikes.series_7d"), mode="lines",
                                line=dict(color=theme.ACCENT, width=3),
                                hovertemplate="%{x|%Y-%m-%d}<br>%{y:,.0f}<extra></extra>")])
    fig = style(fig, y_title=t("bikes.axis_rentals_day"), height=360, y_zero=True)
    fig.update_xaxes(tickformat="%Y-%m" if lang() == "ko" else "%b %Y", dtick="M1")
    return fig


# --- demand ---------------------------------------------------------------------------

def profile_chart(frame: pd.DataFrame, dimension: str) -> go.Figure:
    hourly = dimension == "hour"
    labels = [t("bikes.hour_n", h=int(k)) if hourly else t(f"bikes.weekday_{int(k)}") for k in frame["key"]]
    fig = bars(frame["key"] if hourly else labels, frame["rentals"], headroom=None,
               customdata=np.stack([labels, frame["share_pct"]], axis=-1), category_axis=not hourly,
               hover="%{customdata[0]}<br>%{y:,} " + t("bikes.unit_rentals") + " (%{customdata[1]:.1f}%)<extra></extra>",
               x_title=t("bikes.axis_hour") if hourly else "", y_title=t("bikes.axis_rentals_period"))
    if hourly:
        fig.update_xaxes(dtick=3, range=[-0.6, 23.6])
    return fig


def season_hour_chart(frame: pd.DataFrame) -> go.Figure:
    def line(season, part, i):
        name = t(f"bikes.season_{season.lower()}")
        return go.Scatter(x=part["hour"], y=part["mean_rentals"], mode="lines+markers", name=name,
                          line=dict(color=SEASON_COLOURS[season], width=2.5), marker=dict(size=5),
                          customdata=part["hours"], hovertemplate=_mean_hours(name + " · %{x}h"))
    fig = style(grouped(in_order(frame, "season", tuple(SEASON_COLOURS)), line), x_title=t("bikes.axis_hour"),
                y_title=t("bikes.axis_mean_per_hour"), height=380, y_zero=True)
    fig.update_xaxes(dtick=3, range=[-0.5, 23.5])
    return fig


def temperature_chart(frame: pd.DataFrame) -> go.Figure:
    colours = {"dry": "#e8743b", "rain": "#1f5fbf"}
    fig = grouped(in_order(frame, "condition", tuple(colours)), lambda cond, part, i: go.Scatter(
        x=part["temp_band_c"] + 1, y=part["mean_rentals"], mode="lines+markers", name=t(f"bikes.cond_{cond}"),
        line=dict(color=colours[cond], width=2.5),
        customdata=np.stack([[f"{v:.0f} – {v + 2:.0f} °C" for v in part["temp_band_c"]],
                             [fmt_int(h) for h in part["hours"]]], axis=-1),
        hovertemplate="%{customdata[0]}<br>%{y:,.0f} (" + t("bikes.n_hours") + " %{customdata[1]})<extra></extra>"))
    return style(fig, x_title=t("bikes.axis_temp"), y_title=t("bikes.axis_mean_per_hour"), height=380, y_zero=True)


def rain_chart(frame: pd.DataFrame) -> go.Figure:
    return bars(frame["rain_band"], frame["mean_rentals"], colour="#1f5fbf", category_axis=True,
                text=[fmt_int(v) for v in frame["mean_rentals"]], customdata=frame["hours"], hover=_mean_hours(),
                x_title=t("bikes.axis_rain"), y_title=t("bikes.axis_mean_per_hour"))


def dust_chart(frame: pd.DataFrame, pollutant: str) -> go.Figure:
    return bars([air_grades.grade_label(g, lang()) for g in frame["grade"]], frame["mean_rentals"],
                colour=[air_grades.grade_colour(g) for g in frame["grade"]], headroom=1.25,
                text=[t("bikes.n_hours_short", n=fmt_int(h)) for h in frame["hours"]], customdata=frame["hours"],
                hover=_mean_hours(), x_title=t("bikes.axis_dust", p=air_grades.SHORT_LABELS[pollutant]),
                y_title=t("bikes.axis_mean_per_hour"))


# --- routes ---------------------------------------------------------------------------

def _flow_deck(arc_rows: list[dict], dots, outlines: pd.DataFrame, *, layer_id: str, alphas: tuple[int, int],
               **arc_props) -> maps.Deck:
    """Arcs (blue start, orange end) over station dots, tilted, each named on hover ({n}, {v})."""
    arcs = maps.arc_layer(arc_rows, layer_id=layer_id, get_source_color=[31, 95, 191, alphas[0]],
                          get_target_color=[232, 116, 59, alphas[1]], **arc_props)
    return maps.overlay_map([dots, arcs], outlines, pitch=30, tooltip=maps.tooltip("{n}", "{v}"))


def od_deck(flows: pd.DataFrame, outlines: pd.DataFrame, limit: int) -> maps.Deck:
    """The `limit` busiest flows as arcs (width by trips) over every station of the flows
    (size by trips); round trips cannot be drawn as arcs, so their stations are dots only."""
    arcs = flows[~flows["round_trip"]].nlargest(limit, "trips").sort_values("trips")
    arcs = arcs.dropna(subset=["origin_lat", "origin_lon", "dest_lat", "dest_lon"])
    peak = float(arcs["trips"].max() or 1) if not arcs.empty else 1.0
    arc_rows = [{"s": maps.lonlat(r.origin_lon, r.origin_lat), "d": maps.lonlat(r.dest_lon, r.dest_lat),
                 "w": round(1 + 7 * math.sqrt(r.trips / peak), 1), "v": f"{fmt_int(r.trips)} {t('bikes.unit_trips')}",
                 "n": f"{r.origin_name or r.origin_station_id} → {r.dest_name or r.dest_station_id}"}
                for r in arcs.itertuples(index=False)]
    ends = pd.concat([flows[[f"{end}_{c}" for c in ("station_id", "name", "lat", "lon")] + ["trips"]].set_axis(
        ["id", "name", "lat", "lon", "trips"], axis=1) for end in ("origin", "dest")]).groupby("id").agg(
        name=("name", "first"), lat=("lat", "first"), lon=("lon", "first"), trips=("trips", "sum")).reset_index()
    ends = ends.dropna(subset=["lat", "lon"])
    dot_peak = float(ends["trips"].max() or 1) if not ends.empty else 1.0
    dot_rows = [{"p": maps.lonlat(r.lon, r.lat), "r": round(30 + 220 * math.sqrt(r.trips / dot_peak)),
                 "n": r.name or r.id, "v": t("bikes.tip_trips_here", n=fmt_int(r.trips))}
                for r in ends.itertuples(index=False)]
    dots = maps.scatter_layer(dot_rows, layer_id="stations", radius_min_pixels=1.5, get_fill_color=[40, 40, 40, 150])
    return _flow_deck(arc_rows, dots, outlines, layer_id="flows", alphas=(200, 220), get_height=0.4)


def routes_deck(routes: pd.DataFrame, coords: pd.DataFrame, outlines: pd.DataFrame) -> maps.Deck:
    """Top routes of the imported trips as arcs; station numbers located via station_coords."""
    where = coords.set_index("station_no")[["lat", "lon"]]
    joined = routes.join(where, on="rent_station_no").join(where, on="return_station_no", rsuffix="_to")
    joined = joined.dropna(subset=["lat", "lon", "lat_to", "lon_to"])
    peak = float(joined["trips"].max() or 1) if not joined.empty else 1.0
    arc_rows, dot_rows = [], []
    for r in joined.itertuples(index=False):
        tip = {"n": f"{r.rent_station_no}. {r.rent_station_name} → {r.return_station_no}. {r.return_station_name}",
               "v": f"{fmt_int(r.trips)} {t('bikes.unit_trips')}"}
        if r.rent_station_no == r.return_station_no:  # a round trip: a ring, not an arc
            dot_rows.append({"p": maps.lonlat(r.lon, r.lat), "r": round(150 + 400 * math.sqrt(r.trips / peak)), **tip})
        else:
            arc_rows.append({"s": maps.lonlat(r.lon, r.lat), "d": maps.lonlat(r.lon_to, r.lat_to),
                             "w": round(2 + 8 * math.sqrt(r.trips / peak), 1), **tip})
    rings = maps.scatter_layer(dot_rows, layer_id="round-trips", radius_min_pixels=4, stroked=True, filled=False,
                               get_line_color=[232, 116, 59, 230], line_width_min_pixels=2.5)
    return _flow_deck(arc_rows, rings, outlines, layer_id="routes", alphas=(220, 230))


# --- safety ---------------------------------------------------------------------------

def accidents_trend_chart(frame: pd.DataFrame) -> go.Figure:
    """bikes/accident_counts: accidents hurting a cyclist and at-fault accidents side by side
    (grouped, never stacked: they overlap), deaths in the first on the right axis."""
    years = frame["year"].astype(int)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=years, y=frame["accidents"], name=t("bikes.series_victim"), marker_color="#2f74c0",
                         hovertemplate="%{x}<br>" + t("bikes.series_victim") + ": %{y:,}<extra></extra>"))
    fig.add_trace(go.Bar(x=years, y=frame["at_fault_accidents"], name=t("bikes.series_at_fault"), marker_color="#e8743b",
                         hovertemplate="%{x}<br>" + t("bikes.series_at_fault") + ": %{y:,}<extra></extra>"))
    deaths = frame["deaths"].astype("float64")
    fig.add_trace(go.Scatter(x=years, y=deaths, name=t("bikes.series_deaths"), yaxis="y2", mode="lines+markers",
                             line=dict(color="#b2182b", width=2.5),
                             hovertemplate="%{x}<br>" + t("bikes.series_deaths") + ": %{y:,}<extra></extra>"))
    fig = style(fig, y_title=t("bikes.axis_accidents"), height=400)
    peak = float(deaths.max()) if deaths.notna().any() else 0.0
    step = 1 if peak <= 5 else 2 if peak <= 10 else 5 if peak <= 25 else 10  # whole people, not 10.1
    fig.update_layout(barmode="group", yaxis2=dict(title=t("bikes.axis_deaths"), overlaying="y", side="right",
                                                   range=[0, max(peak, 1) * 1.15], showgrid=False,
                                                   tickmode="linear", dtick=step, tickformat="d"))
    fig.update_xaxes(dtick=2, tickformat="d")
    return fig


def accidents_by_gu_chart(frame: pd.DataFrame, highlight: str | None = None) -> go.Figure:
    frame = with_districts(frame, "accidents_victim", t("bikes.no_district"))  # the one definition; never added
    return district_bars(frame, [("accidents_victim", t("bikes.series_victim"), "#2f74c0"),
                                 ("accidents_at_fault", t("bikes.series_at_fault"), "#e8743b")],
                         x_title=t("bikes.axis_accidents"), barmode="group", highlight=highlight)


def rate_chart(frame: pd.DataFrame, column: str, axis: str, decimals: int = 1, highlight: str | None = None) -> go.Figure:
    frame = with_districts(frame.dropna(subset=[column]), column, t("bikes.no_district"))
    return bars(frame["label"], frame[column], horizontal=True, colour="#b2182b",
                opacity=faded(frame, highlight),
                text=[fmt_num(v, decimals) for v in frame[column]], x_title=axis,
                hover="%{y}: %{x:,." + str(decimals) + "f}<extra></extra>", height=max(520, 24 * len(frame) + 120))


def rate_trend_chart(frame: pd.DataFrame) -> go.Figure:
    custom = np.stack([frame["accidents"].astype("float64"), frame["stations"].astype("float64")], axis=-1)
    return bars([str(y) for y in frame["year"]], frame["per_100_stations"], colour="#b2182b", headroom=1.25,
                text=[fmt_num(v, 1) for v in frame["per_100_stations"]], customdata=custom, category_axis=True,
                hover="%{x}<br>" + t("bikes.axis_accidents") + ": %{customdata[0]:,}<br>"
                      + t("bikes.axis_stations") + ": %{customdata[1]:,}<extra></extra>",
                x_title=t("bikes.axis_year"), y_title=t("bikes.axis_per_100_stations"))


# --- live -----------------------------------------------------------------------------

def live_deck(stations: pd.DataFrame, outlines: pd.DataFrame, view=None) -> maps.Deck:
    """Stations by status, one layer each (empty and full drawn last, on top); hovering
    names the station with its bikes and racks."""
    order = [*dict.fromkeys(s for s in stations["status"] if s not in STATUS_ORDER), "ok", "few", "full", "empty"]
    layers = maps.point_layers(
        stations, layer_id="stations", classify=lambda r: r.status,
        row=lambda r: {"n": _station(r), "b": _count(r.bikes), "k": _count(r.racks)},
        classes={s: {"get_fill_color": _hex(STATUS_COLOURS.get(s, UNKNOWN_USE), 235),
                     "get_radius": 110 if s in ("empty", "full") else 80} for s in order},  # metres
        radius_min_pixels=2.2, radius_max_pixels=12)
    return maps.overlay_map(layers, outlines, bounds=view, tooltip=maps.tooltip(
        "{n}", f"{t('bikes.tip_bikes')}: {{b}} / {t('bikes.tip_racks')}: {{k}}"))


def live_by_gu_chart(frame: pd.DataFrame) -> go.Figure:
    frame = with_districts(frame, "empty_pct", t("bikes.no_district"))
    share_full = 100 * frame["full_stations"].astype("float64") / frame["stations"].astype("float64")
    return district_bars(frame, [("empty_pct", t("bikes.status_empty"), STATUS_COLOURS["empty"]),
                                 (share_full, t("bikes.status_full"), STATUS_COLOURS["full"])],
                         x_title=t("bikes.axis_share_stations"), barmode="group", hover="%{x:.1f}% (%{customdata:,})",
                         customdata=[frame["empty_stations"], frame["full_stations"]])


# --- imported rental history (table `trips`) ----------------------------------------

def trips_hour_chart(frame: pd.DataFrame) -> go.Figure:
    fig = bars(frame["hour"], frame["trips"], headroom=None, x_title=t("bikes.axis_hour"), y_title=t("bikes.axis_trips"),
               hover="%{x}h<br>%{y:,} " + t("bikes.unit_trips") + "<extra></extra>")
    fig.update_xaxes(dtick=3, range=[-0.5, 23.5])
    return fig


def hist_chart(result, unit: str, axis: str, scale: float = 1.0) -> go.Figure:
    """Trips per bin of a trips_*_hist result: bins `bin_start_<unit>`, `bin_<unit>` wide, open from `max_<unit>`."""
    return histogram(result.frame[f"bin_start_{unit}"], result.frame["trips"], result.params[f"bin_{unit}"],
                     result.params[f"max_{unit}"], scale=scale, x_title=axis, y_title=t("bikes.axis_trips"),
                     hover="%{x}<br>%{y:,} " + t("bikes.unit_trips") + "<extra></extra>")
