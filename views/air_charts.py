"""Pure chart builders for the air-quality page: a frame (from a named query) in, a
plotly figure, a pydeck deck or an HTML snippet out. No Streamlit here, so tests can
call them directly; texts come from the i18n catalog in the current language."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from dashboard import figures, maps, theme
from dashboard.i18n import fmt_date, fmt_num, fmt_pct, lang, t
from domain import air_grades

CITY_COLOUR = "#1b2733"
DAILY_COLOUR = "#b9c4cf"
WHO_COLOUR = "#2a7f62"
KOREA_COLOUR = "#b03a2e"
GRID_COLOUR = "#e6ebf0"


# --- small helpers ------------------------------------------------------------------------

def unit(pollutant: str) -> str:
    return air_grades.UNITS[pollutant]


def fmt_value(value, pollutant: str) -> str:
    return fmt_num(value, air_grades.DECIMALS[pollutant])


def fmt_reading(value, pollutant: str) -> str:
    """One station's value, in the precision it is published in (PM: whole µg/m³)."""
    return fmt_num(value, air_grades.READING_DECIMALS[pollutant])


def fmt_level(level: float) -> str:
    """A standard or guideline level as written in the rules: 35, 0.013, 3.5."""
    return f"{level:g}"


def pollutant_name(pollutant: str) -> str:
    return air_grades.pollutant_label(pollutant, lang())


def gu_name(row) -> str:
    """The district's name in the current language (NULL gu = Seoul as a whole)."""
    if row.get("is_city") or not isinstance(row.get("gu"), str):
        return t("common.seoul")
    return row["gu"] if lang() == "ko" else row["gu_en"]


def series_names(frame: pd.DataFrame) -> pd.Series:
    """gu_name for every row, vectorised (trend frames have ~10,000 rows)."""
    names = frame["gu"] if lang() == "ko" else frame["gu_en"]
    city = frame["is_city"].fillna(False).astype(bool) if "is_city" in frame else names.isna()
    return names.where(~city & names.notna(), t("common.seoul")).astype(object)


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def grade_of(pollutant: str, value, on: dt.date | None) -> str | None:
    return None if _is_missing(value) else air_grades.grade(pollutant, float(value), on)


def _base_layout(fig: go.Figure, title: str, y_title: str = "", x_title: str = "", height: int = 420) -> go.Figure:
    figures.white(fig).update_layout(
        title=dict(text=title, x=0, xanchor="left"), height=height,
        legend=dict(orientation="h", yanchor="top", y=-0.24 if x_title else -0.12, xanchor="left", x=0),
        hoverlabel=dict(font_size=14), separators=".,")
    fig.update_xaxes(title_text=x_title, gridcolor=GRID_COLOUR)
    fig.update_yaxes(title_text=y_title, gridcolor=GRID_COLOUR, rangemode="tozero")
    return fig


def _limit_lines(fig: go.Figure, pollutant: str, period: str) -> None:
    """Dotted horizontal lines for the Korean standard and the WHO guideline of a period
    ('24h' or 'annual'), when they exist for the pollutant."""
    for source, colour, key in (("korea", KOREA_COLOUR, "air.korea_line"), ("who", WHO_COLOUR, "air.who_line")):
        table = air_grades.KOREA_STANDARD if source == "korea" else air_grades.WHO_2021
        level = table.get(pollutant, {}).get(period)
        if level is None:
            continue
        fig.add_hline(y=level, line=dict(color=colour, width=1.5, dash="dot"),
                      annotation=dict(text=t(key, period=t(f"air.period_{period}"), value=fmt_level(level)),
                                      font=dict(color=colour, size=12), xanchor="left", x=0),
                      annotation_position="top left")


def _vertical_limit_lines(fig: go.Figure, pollutant: str, categories: list[str], on: dt.date | None) -> None:
    """The Korean 24-hour standard and WHO 24-hour guideline as dotted vertical lines
    across a horizontal bar chart, named in the legend (no text over the bars)."""
    for source, colour, key in (("korea", KOREA_COLOUR, "air.korea_line"), ("who", WHO_COLOUR, "air.who_line")):
        level = air_grades.limit_24h(pollutant, source, on)
        if level is None or not categories:
            continue
        fig.add_trace(go.Scatter(
            x=[level, level], y=[categories[0], categories[-1]], mode="lines",
            line=dict(color=colour, width=2, dash="dot"), hoverinfo="skip",
            name=t(key, period=t("air.period_24h"), value=fmt_level(level))))


# --- grade legend -------------------------------------------------------------------------

def band_range_text(pollutant: str, band: air_grades.Band) -> str:
    """'0–15', '16–35', '76+' in the precision values are published in."""
    step = air_grades.RESOLUTION[pollutant]
    decimals = 0 if step >= 1 else len(f"{step:.10f}".rstrip("0").split(".")[1])
    lower = band.lower if band.lower == 0 else band.lower + step
    lo = f"{lower:.{decimals}f}"
    if band.upper is None:
        return f"{lo}+"
    return f"{lo}–{band.upper:.{decimals}f}"


def legend_html(pollutant: str, on: dt.date | None) -> str:
    """The four grade colours with their ranges on `on`, the 'no data' grey, and the
    Korean standard and WHO guideline beside them."""
    items = []
    for band in air_grades.bands(pollutant, on):
        items.append(f"<span><i style='background:{air_grades.grade_colour(band.grade)}'></i>"
                     f"<b>{air_grades.grade_label(band.grade, lang())}</b> {band_range_text(pollutant, band)}</span>")
    items.append(f"<span><i style='background:{air_grades.NO_DATA_COLOUR}'></i>{t('air.no_data')}</span>")
    lines = [f"<div class='osd-legend'>{''.join(items)} <span>({unit(pollutant)})</span></div>"]
    korea, who = air_grades.limit_24h(pollutant, "korea", on), air_grades.limit_24h(pollutant, "who")
    refs = []
    if korea is not None:
        refs.append(t("air.legend_korea", value=fmt_level(korea), unit=unit(pollutant)))
    if who is not None:
        refs.append(t("air.legend_who", value=fmt_level(who), unit=unit(pollutant)))
    who_other = air_grades.WHO_2021.get(pollutant, {}).get("8h")
    if who_other is not None:
        refs.append(t("air.legend_who_8h", value=fmt_level(who_other), unit=unit(pollutant)))
    if refs:
        lines.append("<div class='osd-card-note'>" + " · ".join(refs) + "</div>")
    if pollutant == "pm25" and on is not None:
        key = "air.legend_pm25_old" if on < air_grades.PM25_BANDS_CHANGED else "air.legend_pm25_new"
        lines.append(f"<div class='osd-card-note'>{t(key)}</div>")
    if air_grades.BAND_AVERAGING[pollutant] == "1h":
        lines.append(f"<div class='osd-card-note'>{t('air.legend_gas_note')}</div>")
    return "".join(lines)


# --- the district map ---------------------------------------------------------------------

def district_map(frame: pd.DataFrame, pollutant: str, on: dt.date | None) -> pdk.Deck:
    """25 districts coloured by the Korean grade of `value` on `on` (grey = no data),
    with each value written on its district so it reads without hovering."""
    grades = [grade_of(pollutant, v, on) for v in frame["value"]]
    return maps.district_choropleth(
        frame, "value", label=f"{pollutant_name(pollutant)} ({unit(pollutant)})",
        value_text=lambda v: fmt_reading(v, pollutant),
        fills=[theme.hex_to_rgb(air_grades.grade_colour(g)) for g in grades],
        extra_tooltip=[air_grades.grade_label(g, lang()) for g in grades],
        write_values=True)


def district_bars(frame: pd.DataFrame, pollutant: str, on: dt.date | None, title: str) -> go.Figure:
    """The same day as ranked bars coloured by grade; 'no data' districts listed last."""
    data = frame.assign(name=series_names(frame)).sort_values("value", ascending=True, na_position="first")
    grades = [grade_of(pollutant, v, on) for v in data["value"]]
    fig = go.Figure(go.Bar(
        x=data["value"], y=data["name"], orientation="h",
        marker_color=[air_grades.grade_colour(g) for g in grades],
        text=[fmt_reading(v, pollutant) if g else t("air.no_data") for v, g in zip(data["value"], grades)],
        textposition="outside", cliponaxis=False,
        customdata=[air_grades.grade_label(g, lang()) for g in grades],
        hovertemplate="%{y}: %{x} " + unit(pollutant) + " · %{customdata}<extra></extra>"))
    missing = data[data["value"].isna()]
    if not missing.empty:  # a bar of nothing would be invisible: say "no data" instead
        fig.add_trace(go.Scatter(x=[0] * len(missing), y=missing["name"], mode="text", text=t("air.no_data"),
                                 textposition="middle right", textfont=dict(color="#6b7b8b"),
                                 hoverinfo="skip", showlegend=False))
    _vertical_limit_lines(fig, pollutant, list(data["name"]), on)
    fig = _base_layout(fig, title, x_title=f"{pollutant_name(pollutant)} ({unit(pollutant)})",
                       height=max(420, 26 * len(data) + 150))
    fig.update_yaxes(title_text="", gridcolor=GRID_COLOUR, rangemode=None, tickfont=dict(size=13))
    top = max([v for v in data["value"] if not _is_missing(v)] + [air_grades.limit_24h(pollutant, "korea", on) or 0])
    fig.update_xaxes(range=[0, top * 1.15 if top else 1])  # room for the value labels
    fig.update_layout(bargap=0.25, legend=dict(y=-0.1))
    fig.data[0].showlegend = False
    return fig


# --- trends --------------------------------------------------------------------------------

DAY_MS = 86_400_000


def daily_x(dates: pd.Series) -> dict:
    """The x of a trace with one value per consecutive day: its first day and a one-day step
    (plotly spaces the values itself), not a date per value, which would be two thirds of a
    twelve-year trend's bytes; any other dates are sent as they are."""
    steps = dates.diff().dropna()
    if len(dates) > 1 and (steps == pd.Timedelta(days=1)).all():
        return {"x0": dates.iloc[0].strftime("%Y-%m-%d"), "dx": DAY_MS}
    return {"x": dates}


def trend_figure(frame: pd.DataFrame, pollutant: str, window: int, title: str) -> go.Figure:
    """Rolling means per series (Seoul in dark, districts in colour) over the daily Seoul
    values in light grey. Missing days are NaN rows, so lines break at gaps."""
    fig = go.Figure()
    # datetime64 rather than date objects: plotly copies object arrays element by element.
    data = frame.assign(name=series_names(frame), date=pd.to_datetime(frame["date"]))
    city = data[data["is_city"]]
    x = daily_x(city["date"])
    # Daily values start hidden (a click on the legend shows them): dust-storm days reach
    # 5–10× the usual level and would flatten every rolling line.
    fig.add_trace(go.Scatter(**x, y=city["value"], mode="lines", name=t("air.daily_seoul"),
                             line=dict(color=DAILY_COLOUR, width=1), connectgaps=False, visible="legendonly",
                             hovertemplate="%{x|%Y-%m-%d}: %{y}<extra>" + t("air.daily_seoul") + "</extra>"))
    rolling_label = t("air.rolling_label", n=window)
    fig.add_trace(go.Scatter(**x, y=city["rolling_mean"], mode="lines",
                             name=f"{t('common.seoul')} · {rolling_label}", line=dict(color=CITY_COLOUR, width=2.5),
                             connectgaps=False, hovertemplate="%{x|%Y-%m-%d}: %{y:.2f}<extra>%{fullData.name}</extra>"))
    districts = data[~data["is_city"]]
    for i, (name, part) in enumerate(districts.groupby("name", sort=True)):
        fig.add_trace(go.Scatter(**daily_x(part["date"]), y=part["rolling_mean"], mode="lines",
                                 name=f"{name} · {rolling_label}",
                                 line=dict(color=theme.CATEGORICAL[(i + 1) % len(theme.CATEGORICAL)], width=2),
                                 connectgaps=False,
                                 hovertemplate="%{x|%Y-%m-%d}: %{y:.2f}<extra>%{fullData.name}</extra>"))
    _limit_lines(fig, pollutant, "annual")
    fig = _base_layout(fig, title, y_title=f"{pollutant_name(pollutant)} ({unit(pollutant)})", height=460)
    return fig.update_xaxes(type="date")  # said, not guessed from a first day alone


def annual_figure(frame: pd.DataFrame, pollutant: str, districts: list[str], title: str) -> go.Figure:
    """Annual means: every district as a thin grey line for context, the chosen ones in
    colour, Seoul in dark; the annual standard and guideline as dotted lines."""
    fig = go.Figure()
    data = frame.assign(name=series_names(frame))
    others = data[~data["is_city"] & ~data["gu"].isin(districts)]
    for i, (name, part) in enumerate(others.groupby("name", sort=True)):
        fig.add_trace(go.Scatter(x=part["year"], y=part["mean"], mode="lines", name=t("air.other_districts"),
                                 legendgroup="others", showlegend=i == 0, line=dict(color="#cfd6dd", width=1),
                                 hovertemplate=f"{name} %{{x}}: %{{y:.{air_grades.DECIMALS[pollutant]}f}}<extra></extra>"))
    for i, gu in enumerate(districts):
        part = data[data["gu"] == gu]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(x=part["year"], y=part["mean"], mode="lines+markers", name=part["name"].iloc[0],
                                 line=dict(color=theme.CATEGORICAL[(i + 1) % len(theme.CATEGORICAL)], width=2.5),
                                 hovertemplate=f"%{{x}}: %{{y:.{air_grades.DECIMALS[pollutant]}f}}<extra>%{{fullData.name}}</extra>"))
    city = data[data["is_city"]]
    fig.add_trace(go.Scatter(x=city["year"], y=city["mean"], mode="lines+markers+text", name=t("common.seoul"),
                             line=dict(color=CITY_COLOUR, width=3), marker=dict(size=8),
                             text=[fmt_value(v, pollutant) for v in city["mean"]], textposition="top center",
                             hovertemplate=f"%{{x}}: %{{y:.{air_grades.DECIMALS[pollutant]}f}}<extra>{t('common.seoul')}</extra>"))
    _limit_lines(fig, pollutant, "annual")
    fig = _base_layout(fig, title, y_title=f"{pollutant_name(pollutant)} ({unit(pollutant)})", height=440)
    fig.update_xaxes(dtick=1)
    return fig


# --- patterns ------------------------------------------------------------------------------

MONTHS_KO = [f"{m}월" for m in range(1, 13)]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS_KO = ["월", "화", "수", "목", "금", "토", "일"]
WEEKDAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def month_names() -> list[str]:
    return MONTHS_KO if lang() == "ko" else MONTHS_EN


def weekday_names() -> list[str]:
    return WEEKDAYS_KO if lang() == "ko" else WEEKDAYS_EN


def profile_figure(frame: pd.DataFrame, pollutant: str, period: str, year: int, title: str) -> go.Figure:
    """Month-of-year or day-of-week means (air/period_profile): all years against the chosen year."""
    labels = month_names() if period == "month" else weekday_names()
    x = [labels[int(k) - 1] for k in frame["period_no"]]
    decimals = air_grades.DECIMALS[pollutant]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=x, y=frame["mean_all_years"], name=t("air.all_years"), marker_color="#9fb7d3",
                         hovertemplate=f"%{{x}}: %{{y:.{decimals}f}}<extra>%{{fullData.name}}</extra>"))
    fig.add_trace(go.Scatter(x=x, y=frame["mean_year"], name=t("air.in_year", year=year), mode="lines+markers",
                             line=dict(color=theme.ACCENT, width=3), marker=dict(size=8), connectgaps=False,
                             hovertemplate=f"%{{x}}: %{{y:.{decimals}f}}<extra>%{{fullData.name}}</extra>"))
    return _base_layout(fig, title, y_title=f"{air_grades.SHORT_LABELS[pollutant]} ({unit(pollutant)})", height=380)


def hour_figure(frame: pd.DataFrame, pollutant: str, title: str, berkeley: pd.DataFrame | None = None) -> go.Figure:
    decimals = air_grades.DECIMALS[pollutant]
    fig = go.Figure()
    for col, key, colour in (("mean_weekday", "air.weekdays", theme.ACCENT), ("mean_weekend", "air.weekends", "#e8743b")):
        fig.add_trace(go.Scatter(x=frame["hour_of_day"], y=frame[col], name=t(key), mode="lines+markers",
                                 line=dict(color=colour, width=3), marker=dict(size=6),
                                 hovertemplate=f"%{{x}}{t('air.hour_suffix')}: %{{y:.{decimals}f}}<extra>%{{fullData.name}}</extra>"))
    if berkeley is not None and not berkeley.empty:
        fig.add_trace(go.Scatter(x=berkeley["hour_of_day"], y=berkeley["mean_pm25"], name=t("air.berkeley_line"),
                                 mode="lines", line=dict(color="#6c8893", width=2, dash="dash"),
                                 hovertemplate=f"%{{x}}{t('air.hour_suffix')}: %{{y:.1f}}<extra>%{{fullData.name}}</extra>"))
    fig = _base_layout(fig, title, y_title=f"{air_grades.SHORT_LABELS[pollutant]} ({unit(pollutant)})",
                       x_title=t("air.hour_axis"), height=380)
    fig.update_xaxes(dtick=3, range=[-0.5, 23.5])
    return fig


def calendar_figure(frame: pd.DataFrame, pollutant: str, year: int, title: str) -> go.Figure:
    """A year as 12 rows (months) × 31 columns (days), each day in the colour of its
    Korean grade under the bands in force that day; grey = no data."""
    order = [None, *air_grades.GRADES]  # index 0 = no data
    colours = [air_grades.NO_DATA_COLOUR] + [air_grades.grade_colour(g) for g in air_grades.GRADES]
    z = [[math.nan] * 31 for _ in range(12)]
    hover = [[""] * 31 for _ in range(12)]
    for day, value in zip(frame["date"], frame["value"]):
        day = pd.Timestamp(day).date()
        grade = grade_of(pollutant, value, day)
        z[day.month - 1][day.day - 1] = order.index(grade)
        hover[day.month - 1][day.day - 1] = (
            f"{fmt_date(day)}<br>{fmt_value(value, pollutant) + ' ' + unit(pollutant) if grade else t('air.no_data')}"
            f"<br>{air_grades.grade_label(grade, lang())}")
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    fig = go.Figure(go.Heatmap(
        z=z, x=list(range(1, 32)), y=month_names(), colorscale=scale, zmin=-0.5, zmax=n - 0.5,
        showscale=False, xgap=2, ygap=2, customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        hoverongaps=False))
    fig = _base_layout(fig, title, x_title=t("air.day_of_month"), height=430)
    fig.update_yaxes(autorange="reversed", rangemode=None, showgrid=False)
    fig.update_xaxes(dtick=5, showgrid=False, tick0=1)
    return fig


# --- standards -----------------------------------------------------------------------------

def exceedance_heatmap(frame: pd.DataFrame, column: str, title: str) -> go.Figure:
    """Districts (rows, Seoul first) × years: days above the chosen limit, written in each cell."""
    data = frame.assign(name=series_names(frame))
    pivot = data.pivot_table(index="name", columns="year", values=column, aggfunc="first", dropna=False)
    coverage = data.pivot_table(index="name", columns="year", values="days_with_data", aggfunc="first", dropna=False)
    city = t("common.seoul")
    rows = [city] + sorted(n for n in pivot.index if n != city)
    pivot, coverage = pivot.reindex(rows), coverage.reindex(rows)
    text = pivot.map(lambda v: "" if _is_missing(v) else f"{int(v)}")
    hover = [[f"{name} {year}: {t('air.days_over_hover', n='–' if _is_missing(v) else int(v), base='–' if _is_missing(c) else int(c))}"
              for year, v, c in zip(pivot.columns, pivot.loc[name], coverage.loc[name])] for name in rows]
    fig = go.Figure(go.Heatmap(
        z=pivot.values, x=[str(c) for c in pivot.columns], y=rows, colorscale="OrRd", text=text.values,
        texttemplate="%{text}", textfont=dict(size=12), customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        xgap=1, ygap=1, colorbar=dict(title=dict(text=t("air.days_unit")), thickness=12)))
    fig = _base_layout(fig, title, height=max(480, 22 * len(rows) + 140))
    fig.update_yaxes(autorange="reversed", rangemode=None, showgrid=False, tickfont=dict(size=12))
    fig.update_xaxes(showgrid=False, side="top")
    return fig


def exceedance_city_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    city = frame[frame["is_city"]]
    fig = go.Figure()
    for col, key, colour in (("days_over_korea", "air.limit_korea", KOREA_COLOUR), ("days_over_who", "air.limit_who", WHO_COLOUR)):
        if city[col].isna().all():
            continue
        fig.add_trace(go.Bar(x=city["year"], y=city[col], name=t(key), marker_color=colour, text=city[col],
                             textposition="outside", cliponaxis=False,
                             customdata=city["days_with_data"],
                             hovertemplate="%{x}: %{y} / %{customdata}<extra>%{fullData.name}</extra>"))
    fig = _base_layout(fig, title, y_title=t("air.days_unit"), height=380)
    fig.update_xaxes(dtick=1)
    fig.update_layout(barmode="group")
    return fig


# --- roadside -------------------------------------------------------------------------------

def station_type_figure(frame: pd.DataFrame, pollutant: str) -> go.Figure:
    data = frame[frame["pollutant"] == pollutant]
    decimals = air_grades.DECIMALS[pollutant]
    fig = go.Figure()
    for col, key, colour, dash in (("roadside_mean", "air.roadside", "#e8743b", "solid"),
                                   ("urban_mean", "air.urban", theme.ACCENT, "solid")):
        fig.add_trace(go.Scatter(x=data["year"], y=data[col], name=t(key), mode="lines+markers",
                                 line=dict(color=colour, width=3, dash=dash), marker=dict(size=7),
                                 hovertemplate=f"%{{x}}: %{{y:.{decimals}f}}<extra>%{{fullData.name}}</extra>"))
    _limit_lines(fig, pollutant, "annual")
    fig = _base_layout(fig, pollutant_name(pollutant), y_title=unit(pollutant), height=340)
    fig.update_xaxes(dtick=2)
    return fig


def station_bars(frame: pd.DataFrame, pollutant: str, urban_mean: float | None, title: str) -> go.Figure:
    """Every roadside station's annual mean, with the district (urban) stations' mean as
    a reference line."""
    road = frame[frame["station_type"] == "roadside"].sort_values("mean")
    decimals = air_grades.DECIMALS[pollutant]
    fig = go.Figure(go.Bar(x=road["mean"], y=road["station"], orientation="h", marker_color="#e8743b",
                           text=[fmt_value(v, pollutant) for v in road["mean"]], textposition="outside",
                           cliponaxis=False, customdata=[fmt_pct(100 * c) for c in road["coverage"]],
                           hovertemplate=f"%{{y}}: %{{x:.{decimals}f}} · {t('air.coverage')} %{{customdata}}<extra></extra>"))
    if urban_mean is not None and not _is_missing(urban_mean):
        fig.add_vline(x=urban_mean, line=dict(color=theme.ACCENT, width=2, dash="dash"),
                      annotation=dict(text=t("air.urban_mean_line", value=fmt_value(urban_mean, pollutant)),
                                      font=dict(color=theme.ACCENT, size=12)),
                      annotation_position="top right")
    fig = _base_layout(fig, title, x_title=f"{pollutant_name(pollutant)} ({unit(pollutant)})",
                       height=max(380, 28 * len(road) + 130))
    fig.update_yaxes(title_text="", rangemode=None)
    fig.update_layout(showlegend=False)
    return fig


# --- data quality ---------------------------------------------------------------------------

def completeness_heatmap(frame: pd.DataFrame, pollutant: str, title: str) -> go.Figure:
    """Stations (grouped urban, roadside, other) × years: share of days with a value."""
    col = f"share_{pollutant}"
    type_names = {"urban": t("air.type_urban"), "roadside": t("air.type_roadside"), "other": t("air.type_other")}
    names = frame["station_en"].fillna(frame["station"]) if lang() == "en" else frame["station"]
    data = frame.assign(label=names + " · " + frame["station_type"].map(type_names))
    order = list(dict.fromkeys(data["label"]))
    pivot = data.pivot_table(index="label", columns="year", values=col, aggfunc="first", dropna=False).reindex(order)
    pct = pivot * 100
    text = pct.map(lambda v: "" if _is_missing(v) else f"{v:.0f}")
    fig = go.Figure(go.Heatmap(
        z=pct.values, x=[str(c) for c in pct.columns], y=order, zmin=0, zmax=100,
        colorscale=[[0, "#fbe3d6"], [0.5, "#f4b183"], [0.9, "#c9dcf2"], [1, "#2f74c0"]],
        text=text.values, texttemplate="%{text}", textfont=dict(size=11), xgap=1, ygap=1,
        hovertemplate="%{y} %{x}: %{z:.1f}%<extra></extra>",
        colorbar=dict(title=dict(text="%"), thickness=12)))
    fig = _base_layout(fig, title, height=max(520, 19 * len(order) + 140))
    fig.update_yaxes(autorange="reversed", rangemode=None, showgrid=False, tickfont=dict(size=11))
    fig.update_xaxes(showgrid=False, side="top")
    return fig
