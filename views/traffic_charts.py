"""Pure chart builders for the traffic and the fine-dust-and-traffic pages.

Frames in, figures out: no Streamlit, no queries, no message lookups. Every text a
chart shows is passed in by the page, so the builders work in both languages and tests
can call them directly.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import figures, theme

PALETTE = theme.CATEGORICAL
GAP_FILL = "rgba(120, 130, 140, 0.13)"
SAMPLE_COLOUR = "#b5651d"
HEIGHT = 430


def _base(fig: go.Figure, *, title: str = "", y_title: str = "", x_title: str = "", height: int = HEIGHT) -> go.Figure:
    figures.white(fig).update_layout(
        title=dict(text=title, x=0, xanchor="left") if title else None, height=height,
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, title=None, font=dict(size=13)),
        hoverlabel=dict(font_size=14), hovermode="closest")
    fig.update_yaxes(title_text=y_title, rangemode="tozero", gridcolor="#e6ebf0")
    fig.update_xaxes(title_text=x_title, gridcolor="#eef1f4")
    return fig


def _colour(colour_of: Callable[[str], str] | None, key: str, i: int) -> str:
    return colour_of(key) if colour_of else PALETTE[i % len(PALETTE)]


def _blocks(flags: pd.Series, keys: pd.Series) -> list[tuple[object, object]]:
    """Contiguous runs of True in `flags` as (first key, last key)."""
    runs, start, prev = [], None, None
    for flag, key in zip(flags.tolist(), keys.tolist()):
        if flag and start is None:
            start = key
        if not flag and start is not None:
            runs.append((start, prev))
            start = None
        prev = key
    if start is not None:
        runs.append((start, prev))
    return runs


def add_gap_bands(fig: go.Figure, spans: list[tuple[object, object]], label: str) -> go.Figure:
    """Shade month spans the source did not publish, labelled, so a gap reads as 'no data'."""
    for first, last in spans:
        x0 = pd.Timestamp(first)
        x1 = pd.Timestamp(last) + pd.offsets.MonthEnd(1)
        fig.add_vrect(x0=x0, x1=x1, fillcolor=GAP_FILL, line_width=0, layer="below")
        fig.add_annotation(x=x0 + (x1 - x0) / 2, y=1, yref="y domain", yanchor="top", text=label,
                           showarrow=False, font=dict(size=13, color="#4b5b6b"))
    return fig



# --- urban expressways ------------------------------------------------------------

def expressway_trend(frame: pd.DataFrame, *, route_label: Callable[[str], str], colour_of: Callable[[str], str] | None = None, gap_label: str,
                     y_title: str, hover_unit: str, title: str = "") -> go.Figure:
    """Monthly average daily volume per route; NULL months break the line (connectgaps
    off) and the months the file lacks are shaded and labelled."""
    fig = go.Figure()
    data = frame.copy()
    data["month_start"] = pd.to_datetime(data["month_start"])
    for i, (route, part) in enumerate(data.groupby("route", sort=False)):
        fig.add_trace(go.Scatter(
            x=part["month_start"], y=part["avg_daily_volume"], mode="lines", name=route_label(route),
            connectgaps=False, line=dict(width=2.2, color=_colour(colour_of, route, i)),
            hovertemplate=f"{route_label(route)}<br>%{{x|%Y-%m}}: %{{y:,.0f}} {hover_unit}<extra></extra>"))
    months = data.drop_duplicates("month_start").sort_values("month_start")
    add_gap_bands(fig, _blocks(~months["month_in_file"].astype(bool), months["month_start"]), gap_label)
    return _base(fig, title=title, y_title=y_title)


def weekday_profile(frame: pd.DataFrame, *, route_label: Callable[[str], str], colour_of: Callable[[str], str] | None = None, weekday_labels: list[str],
                    y_title: str, hover_unit: str, title: str = "") -> go.Figure:
    fig = go.Figure()
    for i, (route, part) in enumerate(frame.groupby("route", sort=False)):
        part = part.sort_values("weekday_iso")
        fig.add_trace(go.Scatter(
            x=[weekday_labels[w - 1] for w in part["weekday_iso"]], y=part["mean_volume"], mode="lines+markers",
            name=route_label(route), line=dict(width=2.2, color=_colour(colour_of, route, i)), marker=dict(size=7),
            hovertemplate=f"{route_label(route)}<br>%{{x}}: %{{y:,.0f}} {hover_unit}<extra></extra>"))
    fig.add_vrect(x0=4.5, x1=6.5, fillcolor=GAP_FILL, line_width=0, layer="below")
    fig = _base(fig, title=title, y_title=y_title)
    fig.update_yaxes(rangemode="normal")
    return fig


def hourly_by_route(frame: pd.DataFrame, *, route_label: Callable[[str], str], colour_of: Callable[[str], str] | None = None,
                    x_title: str, y_title: str, hover_unit: str, title: str = "") -> go.Figure:
    """traffic/expressway_hourly: vehicles per hour of day, both directions of a route added."""
    per_route = frame.groupby(["route", "hour"], as_index=False, sort=False)["volume"].sum()
    fig = go.Figure()
    for i, (route, part) in enumerate(per_route.groupby("route", sort=False)):
        fig.add_trace(go.Scatter(
            x=part["hour"], y=part["volume"], mode="lines+markers", name=route_label(route),
            line=dict(width=2.2, color=_colour(colour_of, route, i)), marker=dict(size=5),
            hovertemplate=f"{route_label(route)}<br>%{{x}}h: %{{y:,.0f}} {hover_unit}<extra></extra>"))
    fig = _base(fig, title=title, y_title=y_title)
    fig.update_xaxes(title_text=x_title, dtick=3, range=[-0.5, 23.5])
    return fig


def weekend_ratio(frame: pd.DataFrame, *, route_label: Callable[[str], str], colour_of: Callable[[str], str] | None = None, gap_label: str, y_title: str,
                  title: str = "") -> go.Figure:
    """Weekend volume as % of weekday volume per year; years without data break the line."""
    fig = go.Figure()
    for i, (route, part) in enumerate(frame.groupby("route", sort=False)):
        fig.add_trace(go.Scatter(
            x=part["year"], y=part["weekend_pct_of_weekday"], mode="lines+markers", connectgaps=False,
            name=route_label(route), line=dict(width=2, color=_colour(colour_of, route, i)), marker=dict(size=6),
            hovertemplate=f"{route_label(route)}<br>%{{x}}: %{{y:.1f}}%<extra></extra>"))
    years = frame.groupby("year")["months"].sum().reset_index()
    for first, last in _blocks(years["months"] == 0, years["year"]):
        fig.add_vrect(x0=first - 0.5, x1=last + 0.5, fillcolor=GAP_FILL, line_width=0, layer="below")
        fig.add_annotation(x=(first + last) / 2, y=1, yref="y domain", yanchor="top", text=gap_label,
                           showarrow=False, font=dict(size=13, color="#4b5b6b"))
    fig.add_hline(y=100, line=dict(color="#8a99a8", dash="dot", width=1))
    fig = _base(fig, title=title, y_title=y_title)
    fig.update_yaxes(rangemode="normal")
    fig.update_xaxes(dtick=1)
    return fig


def seasonal_heatmap(frame: pd.DataFrame, *, month_labels: list[str], gap_label: str, colour_title: str,
                     hover_unit: str, title: str = "") -> go.Figure:
    """Year × month grid of the consistent-route total; unpublished years stay blank."""
    grid = frame.pivot_table(index="year", columns="month", values="total_volume", aggfunc="first", dropna=False)
    grid = grid.reindex(index=sorted(frame["year"].unique()), columns=range(1, 13))
    z = grid.to_numpy(dtype="float64") / 1000
    # Plain lists (None for gaps): the typed-array encoding of a 2-D float array with NaN
    # collapses the grid to one row in plotly.js. No in-cell numbers: they do not fit on
    # a phone; hover and the CSV carry them.
    z_list = [[None if not np.isfinite(v) else float(v) for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=z_list, x=month_labels, y=[str(y) for y in grid.index],
        colorscale=[[i / (len(theme.SEQUENTIAL) - 1), c] for i, c in enumerate(theme.SEQUENTIAL)],
        colorbar=dict(title=dict(text=colour_title, side="right"), thickness=12), hoverongaps=False,
        hovertemplate=f"%{{y}} %{{x}}: %{{z:,.0f}} {hover_unit}<extra></extra>", xgap=1, ygap=1))
    empty = [str(y) for y in grid.index if not np.isfinite(grid.loc[y].to_numpy(dtype="float64")).any()]
    years = [str(y) for y in grid.index]
    for year in empty:  # numeric category index: a year-like string would be read as a number
        fig.add_annotation(x=5.5, y=years.index(year), text=gap_label, showarrow=False,
                           font=dict(size=12, color="#4b5b6b"), xanchor="center")
    figures.white(fig).update_layout(height=480, hoverlabel=dict(font_size=14),
                      title=dict(text=title, x=0) if title else None)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False)
    fig.update_xaxes(side="top", type="category", showgrid=False)
    return fig


# --- road safety -----------------------------------------------------------------

def yearly_bars(frame: pd.DataFrame, value_col: str, *, y_title: str, hover_unit: str, partial_label: str,
                title: str = "") -> go.Figure:
    """One bar per year; an incomplete year (months < 12) is drawn pale and labelled."""
    full = frame["months"] == 12
    colours = [theme.ACCENT if f else "#b9c7d6" for f in full]
    fig = go.Figure(go.Bar(
        x=frame["year"], y=frame[value_col], marker_color=colours,
        customdata=np.stack([frame["months"]], axis=-1),
        hovertemplate=f"%{{x}}: %{{y:,.0f}} {hover_unit}<br>%{{customdata[0]}}/12<extra></extra>"))
    for _, row in frame[~full].iterrows():
        fig.add_annotation(x=row["year"], y=row[value_col], text=partial_label, showarrow=False, yanchor="bottom")
    fig = _base(fig, title=title, y_title=y_title)
    fig.update_xaxes(dtick=1 if len(frame) <= 12 else 2)
    return fig


def month_profile(frame: pd.DataFrame, *, month_labels: list[str], selected_name: str, long_run_name: str,
                  range_name: str, y_title: str, hover_unit: str, title: str = "") -> go.Figure:
    x = [month_labels[m - 1] for m in frame["month"]]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=frame["long_run_max_per_day"], mode="lines", line=dict(width=0),
                             showlegend=False, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=x, y=frame["long_run_min_per_day"], mode="lines", line=dict(width=0),
                             fill="tonexty", fillcolor="rgba(31,95,191,0.12)", name=range_name, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=x, y=frame["long_run_per_day"], mode="lines+markers", name=long_run_name,
                             line=dict(color=theme.ACCENT, width=2.5),
                             hovertemplate=f"%{{x}}: %{{y:,.1f}} {hover_unit}<extra>{long_run_name}</extra>"))
    fig.add_trace(go.Scatter(x=x, y=frame["selected_per_day"], mode="lines+markers", name=selected_name,
                             line=dict(color=PALETTE[1], width=2.5), connectgaps=False,
                             hovertemplate=f"%{{x}}: %{{y:,.1f}} {hover_unit}<extra>{selected_name}</extra>"))
    return _base(fig, title=title, y_title=y_title)


def bike_share_years(frame: pd.DataFrame, *, at_fault_name: str, victim_name: str, y_title: str,
                     count_unit: str, title: str = "") -> go.Figure:
    fig = go.Figure()
    for col, count_col, name, colour in (("victim_pct", "cyclist_victim", victim_name, PALETTE[1]),
                                         ("at_fault_pct", "cyclist_at_fault", at_fault_name, PALETTE[0])):
        fig.add_trace(go.Scatter(
            x=frame["year"], y=frame[col], mode="lines+markers", name=name, line=dict(color=colour, width=2.5),
            customdata=np.stack([frame[count_col], frame["all_accidents"]], axis=-1),
            hovertemplate=(f"{name}<br>%{{x}}: %{{y:.2f}}%<br>%{{customdata[0]:,}} / %{{customdata[1]:,}} {count_unit}"
                           "<extra></extra>")))
    fig = _base(fig, title=title, y_title=y_title)
    fig.update_xaxes(dtick=2)
    return fig


def bike_share_districts(frame: pd.DataFrame, *, name_col: str, at_fault_name: str, victim_name: str,
                         x_title: str, title: str = "") -> go.Figure:
    data = frame.dropna(subset=["victim_pct"]).sort_values("victim_pct")
    fig = go.Figure()
    for col, count_col, name, colour in (("at_fault_pct", "cyclist_at_fault", at_fault_name, PALETTE[0]),
                                         ("victim_pct", "cyclist_victim", victim_name, PALETTE[1])):
        fig.add_trace(go.Bar(
            y=data[name_col], x=data[col], orientation="h", name=name, marker_color=colour,
            customdata=np.stack([data[count_col], data["all_accidents"]], axis=-1),
            hovertemplate=f"%{{y}} · {name}: %{{x:.1f}}% (%{{customdata[0]:,}} / %{{customdata[1]:,}})<extra></extra>"))
    fig = _base(fig, title=title, height=max(HEIGHT, 26 * len(data) + 80))
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(title_text=x_title, rangemode="tozero")
    fig.update_yaxes(title_text="", rangemode="normal")
    return fig


# --- TOPIS speeds and counts --------------------------------------------------------

def hour_label(h: int) -> str:
    return f"{int(h):02d}–{int(h) + 1:02d}"


def speed_by_hour(frame: pd.DataFrame, *, class_label: Callable[[str], str], y_title: str, x_title: str,
                  links_word: str, title: str = "") -> go.Figure:
    fig = go.Figure()
    for i, (road_class, part) in enumerate(frame.groupby("road_class", sort=True)):
        part = part.sort_values("hour")
        name = f"{class_label(road_class)} ({int(part['links'].max())} {links_word})"
        fig.add_trace(go.Scatter(
            x=part["hour"], y=part["mean_speed"], mode="lines+markers", name=name, connectgaps=False,
            line=dict(width=2.4, color=PALETTE[i % len(PALETTE)]), marker=dict(size=6),
            customdata=np.stack([part["hour"].map(hour_label), part["observations"]], axis=-1),
            hovertemplate=f"{class_label(road_class)}<br>%{{customdata[0]}}: %{{y:.1f}} km/h (n = %{{customdata[1]}})<extra></extra>"))
    fig = _base(fig, title=title, y_title=y_title, x_title=x_title)
    fig.update_xaxes(tickmode="array", tickvals=list(range(0, 24, 3)), ticktext=[f"{h:02d}" for h in range(0, 24, 3)],
                     range=[-0.5, 23.5])
    return fig


def slowest_links(frame: pd.DataFrame, *, x_title: str, link_text: Callable[[pd.Series], str],
                  short_text: Callable[[pd.Series], str] | None = None, title: str = "",
                  max_label: int = 24) -> go.Figure:
    data = frame.sort_values("mean_speed", ascending=False)
    full = [link_text(row) for _, row in data.iterrows()]
    short = [(short_text or link_text)(row) for _, row in data.iterrows()]
    # The rest of the name (e.g. from → to) goes on the bar itself, after the value.
    details = [f[len(sh):].strip(" ·") if short_text and f.startswith(sh) else "" for f, sh in zip(full, short)]
    # Short axis labels keep the bars readable on a phone; the hover has the full name.
    labels = [text if len(text) <= max_label else text[:max_label - 1] + "…" for text in short]
    labels = [label + "\u200b" * labels[:i].count(label) for i, label in enumerate(labels)]  # no merged bars
    fig = go.Figure(go.Bar(
        y=labels, x=data["mean_speed"], orientation="h", marker_color=PALETTE[1],
        text=[f"{v:.1f} · {detail}" for v, detail in zip(data["mean_speed"], details)], textposition="inside",
        insidetextanchor="start", textfont=dict(color="white"),
        customdata=np.stack([full, data["link_id"], data["observations"]], axis=-1),
        hovertemplate="%{customdata[0]}<br>%{x:.1f} km/h · link %{customdata[1]} · n = %{customdata[2]}<extra></extra>"))
    fig = _base(fig, title=title, height=max(HEIGHT, 30 * len(data) + 90))
    fig.update_layout(uniformtext=dict(minsize=9, mode="show"))  # one text size on every bar
    fig.update_xaxes(title_text=x_title, rangemode="tozero")
    fig.update_yaxes(title_text="", rangemode="normal", automargin=True)
    return fig


def spot_profile(frame: pd.DataFrame, *, series_name: Callable[[str, str], str], y_title: str, x_title: str,
                 hover_unit: str, title: str = "") -> go.Figure:
    fig = go.Figure()
    styles = {"weekday": "solid", "weekend": "dot"}
    for i, (direction, part_dir) in enumerate(frame.groupby("direction", sort=True)):
        for day_type, part in part_dir.groupby("day_type", sort=True):
            part = part.sort_values("hour")
            name = series_name(direction, day_type)
            fig.add_trace(go.Scatter(
                x=part["hour"], y=part["mean_volume"], mode="lines+markers", name=name,
                line=dict(width=2.4, color=PALETTE[i % len(PALETTE)], dash=styles.get(day_type, "solid")),
                marker=dict(size=5), customdata=np.stack([part["hour"].map(hour_label), part["days"]], axis=-1),
                hovertemplate=f"{name}<br>%{{customdata[0]}}: %{{y:,.0f}} {hover_unit} (n = %{{customdata[1]}})<extra></extra>"))
    fig = _base(fig, title=title, y_title=y_title, x_title=x_title)
    fig.update_xaxes(tickmode="array", tickvals=list(range(0, 24, 3)), ticktext=[f"{h:02d}" for h in range(0, 24, 3)])
    return fig


def spot_daily(frame: pd.DataFrame, *, direction_label: Callable[[str], str], weekend_name: str, y_title: str,
               hover_unit: str, title: str = "") -> go.Figure:
    fig = go.Figure()
    data = frame.copy()
    data["date"] = pd.to_datetime(data["date"])
    for i, (direction, part) in enumerate(data.groupby("direction", sort=True)):
        fig.add_trace(go.Scatter(
            x=part["date"], y=part["daily_volume"], mode="lines+markers", name=direction_label(direction),
            connectgaps=False, line=dict(width=2, color=PALETTE[i % len(PALETTE)]), marker=dict(size=6),
            customdata=part["weekday_ko"],
            hovertemplate=f"{direction_label(direction)}<br>%{{x|%Y-%m-%d}} (%{{customdata}}): %{{y:,.0f}} {hover_unit}<extra></extra>"))
    off = data[data["weekday_ko"].isin(["토", "일"])].drop_duplicates("date")
    for day in off["date"]:
        fig.add_vrect(x0=day - pd.Timedelta(hours=12), x1=day + pd.Timedelta(hours=12), fillcolor=GAP_FILL,
                      line_width=0, layer="below")
    fig.add_trace(go.Bar(x=[None], y=[None], marker_color=GAP_FILL, name=weekend_name, showlegend=True))
    return _base(fig, title=title, y_title=y_title)


def volinfo_daily(frame: pd.DataFrame, *, y_title: str, weekday_name: str, weekend_name: str, hover_unit: str,
                  title: str = "") -> go.Figure:
    data = frame.copy()
    data["date"] = pd.to_datetime(data["date"])
    fig = go.Figure()  # points only: a missing day is simply absent, never joined over
    for weekend, name, colour in ((False, weekday_name, theme.ACCENT), (True, weekend_name, PALETTE[1])):
        part = data[data["weekend"] == weekend]
        fig.add_trace(go.Scatter(x=part["date"], y=part["daily_volume"], mode="markers", name=name,
                                 marker=dict(size=5, color=colour),
                                 hovertemplate=f"%{{x|%Y-%m-%d}}: %{{y:,.0f}} {hover_unit}<extra>{name}</extra>"))
    return _base(fig, title=title, y_title=y_title)


def polls_series(frame: pd.DataFrame, *, y_title: str, max_gap_minutes: float = 45, hover_unit: str = "km/h",
                 title: str = "") -> go.Figure:
    """Polled speeds over time; the line breaks where polls are far apart."""
    data = frame.sort_values("polled_at").copy()
    data["polled_at"] = pd.to_datetime(data["polled_at"])
    breaks = data[data["minutes_since_previous"] > max_gap_minutes].copy()
    breaks["polled_at"] = breaks["polled_at"] - pd.Timedelta(minutes=1)
    breaks["speed_kmh"] = np.nan
    series = pd.concat([data, breaks]).sort_values("polled_at")
    fig = go.Figure(go.Scatter(x=series["polled_at"], y=series["speed_kmh"], mode="lines", connectgaps=False,
                               line=dict(color=SAMPLE_COLOUR, width=1.6), showlegend=False,
                               hovertemplate=f"%{{x|%Y-%m-%d %H:%M}}: %{{y:.0f}} {hover_unit}<extra></extra>"))
    return _base(fig, title=title, y_title=y_title)


def polls_by_hour(frame: pd.DataFrame, *, day_type_name: Callable[[str], str], y_title: str, x_title: str,
                  title: str = "") -> go.Figure:
    fig = go.Figure()
    for i, (day_type, part) in enumerate(frame.groupby("day_type", sort=True)):
        name = day_type_name(day_type)
        fig.add_trace(go.Scatter(
            x=part["hour"], y=part["mean_speed"], mode="lines+markers", name=name,
            line=dict(width=2.4, color=[theme.ACCENT, PALETTE[1]][i % 2], dash="solid" if i == 0 else "dot"),
            customdata=np.stack([part["hour"].map(hour_label), part["polls"]], axis=-1),
            hovertemplate=f"{name}<br>%{{customdata[0]}}: %{{y:.1f}} km/h (n = %{{customdata[1]}})<extra></extra>"))
    fig = _base(fig, title=title, y_title=y_title, x_title=x_title)
    fig.update_xaxes(tickmode="array", tickvals=list(range(0, 24, 3)), ticktext=[f"{h:02d}" for h in range(0, 24, 3)])
    return fig


LEVEL_COLOURS = {"원활": "#19a979", "서행": "#e8a33b", "정체": "#d64545"}


def live_bars(frame: pd.DataFrame, *, label_col: str, value_col: str, x_title: str,
              level_col: str | None = None, level_label: Mapping[str, str] | None = None,
              title: str = "") -> go.Figure:
    data = frame.dropna(subset=[value_col]).sort_values(value_col, ascending=False)
    colours = ([LEVEL_COLOURS.get(str(v), "#8a99a8") for v in data[level_col]] if level_col else theme.ACCENT)
    text = ([f"{v:.0f} · {(level_label or {}).get(str(lv), lv)}" for v, lv in zip(data[value_col], data[level_col])]
            if level_col else [f"{v:.0f}" for v in data[value_col]])
    fig = go.Figure(go.Bar(y=data[label_col].astype(str), x=data[value_col], orientation="h", marker_color=colours,
                           text=text, textposition="outside", cliponaxis=False,
                           hovertemplate="%{y}: %{x:.0f} km/h<extra></extra>"))
    fig = _base(fig, title=title, height=max(300, 30 * len(data) + 90))
    fig.update_xaxes(title_text=x_title, rangemode="tozero")
    fig.update_yaxes(title_text="", rangemode="normal", automargin=True)
    return fig


# --- fine dust and traffic ----------------------------------------------------------

def effect_forest(frame: pd.DataFrame, *, x_title: str, group_name: Callable[[str], str],
                  row_label: Callable[[pd.Series], str], title: str = "") -> go.Figure:
    """Weekend-minus-weekday effects (percent) with 95% intervals; one row per
    pollutant × station type, zero marked."""
    fig = go.Figure()
    for i, (group, part) in enumerate(frame.groupby("station_type", sort=False)):
        labels = [row_label(r) for _, r in part.iterrows()]
        fig.add_trace(go.Scatter(
            x=part["pct"], y=labels, mode="markers", name=group_name(group), orientation="h",
            marker=dict(size=13, color=PALETTE[i % len(PALETTE)], symbol="circle" if i == 0 else "diamond"),
            error_x=dict(type="data", symmetric=False, array=part["pct_hi"] - part["pct"],
                         arrayminus=part["pct"] - part["pct_lo"], thickness=2.2, width=6),
            customdata=np.stack([part["pct_lo"], part["pct_hi"], part["n_weeks"], part["diff"]], axis=-1),
            hovertemplate=("%{y}: %{x:+.1f}% (95% CI %{customdata[0]:+.1f} … %{customdata[1]:+.1f})"
                           "<br>n = %{customdata[2]} weeks<extra></extra>")))
    fig.add_vline(x=0, line=dict(color="#333", width=1))
    fig = _base(fig, title=title, height=380)
    fig.update_layout(scattermode="group", scattergap=0.5)  # the two station types side by side
    fig.update_xaxes(title_text=x_title, rangemode="normal", ticksuffix="%", zeroline=False)
    fig.update_yaxes(title_text="", rangemode="normal", autorange="reversed", type="category")
    return fig


def weekday_deviation(frame: pd.DataFrame, *, weekday_labels: list[str], y_title: str, title: str = "") -> go.Figure:
    colours = [PALETTE[1] if w >= 6 else theme.ACCENT for w in frame["weekday_iso"]]
    fig = go.Figure(go.Bar(
        x=[weekday_labels[w - 1] for w in frame["weekday_iso"]], y=frame["mean"], marker_color=colours,
        error_y=dict(type="data", symmetric=False, array=frame["hi"] - frame["mean"],
                     arrayminus=frame["mean"] - frame["lo"], thickness=1.8, width=6),
        customdata=np.stack([frame["lo"], frame["hi"], frame["n"]], axis=-1),
        hovertemplate="%{x}: %{y:+.1f}% (95% CI %{customdata[0]:+.1f} … %{customdata[1]:+.1f}; n = %{customdata[2]})<extra></extra>"))
    fig.add_hline(y=0, line=dict(color="#333", width=1))
    fig = _base(fig, title=title, y_title=y_title, height=360)
    fig.update_yaxes(rangemode="normal", ticksuffix="%")
    return fig


def hourly_profile(frame: pd.DataFrame, *, day_type_name: Callable[[str], str], y_title: str, x_title: str,
                   hover_unit: str, title: str = "") -> go.Figure:
    """Mean by hour of day with a 95% band (frame has mean, lo, hi, n per day_type × hour)."""
    fig = go.Figure()
    for i, (day_type, part) in enumerate(frame.groupby("day_type", sort=True)):
        colour = [theme.ACCENT, PALETTE[1]][i % 2]
        rgb = theme.hex_to_rgb(colour)
        fig.add_trace(go.Scatter(x=list(part["hour"]) + list(part["hour"])[::-1],
                                 y=list(part["hi"]) + list(part["lo"])[::-1], fill="toself",
                                 fillcolor=f"rgba({rgb[0]},{rgb[1]},{rgb[2]},0.16)", line=dict(width=0),
                                 hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(
            x=part["hour"], y=part["mean"], mode="lines+markers", name=day_type_name(day_type),
            line=dict(color=colour, width=2.5, dash="solid" if i == 0 else "dot"), marker=dict(size=5),
            customdata=np.stack([part["hour"].map(hour_label), part["lo"], part["hi"], part["n"]], axis=-1),
            hovertemplate=(f"{day_type_name(day_type)}<br>%{{customdata[0]}}: %{{y:.1f}} {hover_unit} "
                           "(95% CI %{customdata[1]:.1f} … %{customdata[2]:.1f}; n = %{customdata[3]} days)<extra></extra>")))
    fig = _base(fig, title=title, y_title=y_title, x_title=x_title)
    fig.update_xaxes(tickmode="array", tickvals=list(range(0, 24, 3)), ticktext=[f"{h:02d}" for h in range(0, 24, 3)])
    return fig


def gap_over_time(monthly: pd.DataFrame, annual: pd.DataFrame, *, y_title: str, monthly_name: str,
                  annual_name: str, hover_unit: str, title: str = "") -> go.Figure:
    fig = go.Figure()
    m = monthly.sort_values("period_start")
    fig.add_trace(go.Scatter(x=list(m["period_start"]) + list(m["period_start"])[::-1],
                             y=list(m["hi"]) + list(m["lo"])[::-1], fill="toself",
                             fillcolor="rgba(31,95,191,0.13)", line=dict(width=0), hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=m["period_start"], y=m["mean"], mode="lines", name=monthly_name, line=dict(color=theme.ACCENT, width=1.8),
        customdata=np.stack([m["lo"], m["hi"], m["n"]], axis=-1),
        hovertemplate=f"%{{x|%Y-%m}}: %{{y:.1f}} {hover_unit} (95% CI %{{customdata[0]:.1f}} … %{{customdata[1]:.1f}}; n = %{{customdata[2]}} days)<extra></extra>"))
    a = annual.sort_values("period_start")
    mid = pd.to_datetime(a["period_start"]) + pd.Timedelta(days=182)
    fig.add_trace(go.Scatter(
        x=mid, y=a["mean"], mode="markers", name=annual_name, marker=dict(size=11, color=PALETTE[1], symbol="diamond"),
        error_y=dict(type="data", symmetric=False, array=a["hi"] - a["mean"], arrayminus=a["mean"] - a["lo"],
                     thickness=2, width=6),
        customdata=np.stack([a["period_start"].dt.year, a["lo"], a["hi"], a["n"]], axis=-1),
        hovertemplate=f"%{{customdata[0]}}: %{{y:.1f}} {hover_unit} (95% CI %{{customdata[1]:.1f}} … %{{customdata[2]:.1f}}; n = %{{customdata[3]}} weeks)<extra></extra>"))
    fig.add_hline(y=0, line=dict(color="#333", width=1))
    fig = _base(fig, title=title, y_title=y_title)
    fig.update_yaxes(rangemode="normal")
    return fig


def anomaly_scatter(anoms: pd.DataFrame, fit: dict, *, x_title: str, y_title: str, period_name: Callable[[int], str],
                    fit_name: str, hover_unit: str, title: str = "") -> go.Figure:
    fig = go.Figure()
    groups = anoms.assign(_period=anoms["year"].map(period_name))
    for i, (period, part) in enumerate(groups.groupby("_period", sort=True)):
        fig.add_trace(go.Scatter(
            x=part["traffic_anom"], y=part["pollution_anom"], mode="markers", name=period,
            marker=dict(size=9, color=PALETTE[i % len(PALETTE)], opacity=0.85, line=dict(width=0.5, color="white")),
            customdata=pd.to_datetime(part["month_start"]).dt.strftime("%Y-%m"),
            hovertemplate=f"%{{customdata}}: %{{x:+.1f}}% · %{{y:+.2f}} {hover_unit}<extra></extra>"))
    if np.isfinite(fit.get("slope", np.nan)) and len(anoms):
        xs = np.linspace(anoms["traffic_anom"].min(), anoms["traffic_anom"].max(), 2)
        fig.add_trace(go.Scatter(x=xs, y=fit["intercept"] + fit["slope"] * xs, mode="lines", name=fit_name,
                                 line=dict(color="#333", width=2, dash="dash"), hoverinfo="skip"))
    fig.add_hline(y=0, line=dict(color="#aab4be", width=1))
    fig.add_vline(x=0, line=dict(color="#aab4be", width=1))
    fig = _base(fig, title=title, y_title=y_title, x_title=x_title)
    fig.update_yaxes(rangemode="normal")
    fig.update_xaxes(ticksuffix="%")
    return fig


def anomaly_series(anoms: pd.DataFrame, *, traffic_title: str, pollution_title: str, gap_label: str,
                   hover_unit: str, title: str = "") -> go.Figure:
    """The two anomaly series over time, stacked; months without traffic data stay empty."""
    data = anoms.copy()
    data["month_start"] = pd.to_datetime(data["month_start"])
    full = pd.DataFrame({"month_start": pd.date_range(data["month_start"].min(), data["month_start"].max(), freq="MS")}) \
        if len(data) else pd.DataFrame({"month_start": []})
    data = full.merge(data, on="month_start", how="left")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    fig.add_trace(go.Bar(x=data["month_start"], y=data["traffic_anom"], marker_color=theme.ACCENT, showlegend=False,
                         hovertemplate="%{x|%Y-%m}: %{y:+.1f}%<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Bar(x=data["month_start"], y=data["pollution_anom"], marker_color=PALETTE[1], showlegend=False,
                         hovertemplate=f"%{{x|%Y-%m}}: %{{y:+.2f}} {hover_unit}<extra></extra>"), row=2, col=1)
    missing = data["traffic_anom"].isna()
    for first, last in _blocks(missing, data["month_start"]):
        for row in (1, 2):
            fig.add_vrect(x0=first, x1=pd.Timestamp(last) + pd.offsets.MonthEnd(1), fillcolor=GAP_FILL, line_width=0,
                          layer="below", row=row, col=1)
        if (pd.Timestamp(last) - pd.Timestamp(first)).days > 300:
            fig.add_annotation(x=pd.Timestamp(first) + (pd.Timestamp(last) - pd.Timestamp(first)) / 2, y=0.5,
                               xref="x", yref="y domain", yanchor="middle", text=gap_label, showarrow=False,
                               font=dict(size=12, color="#4b5b6b"))
    fig = _base(fig, title=title, height=480)
    fig.update_yaxes(rangemode="normal")
    fig.update_yaxes(ticksuffix="%", title_text=traffic_title, row=1, col=1)
    fig.update_yaxes(title_text=pollution_title, row=2, col=1)
    return fig
