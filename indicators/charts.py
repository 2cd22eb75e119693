"""Chart of an indicator reading as a plotly figure (pure: reading in, figure out).

One colour for the series and a darker, labelled mark for the headline period, so the
chart reads without colour; reference lines (Korean standard, WHO guideline) carry
their names as text.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from domain import air_grades

from . import text
from .evaluate import Reading

SERIES_COLOUR = "#5a98d6"
HEADLINE_COLOUR = "#0b2f5c"
REFERENCE_COLOUR = "#b3541e"
FONT = "Noto Sans KR, Noto Sans CJK KR, NanumGothic, sans-serif"


_CATEGORY_FORMATS = {"yearly": "%Y", "monthly": "%Y-%m", "list": "%Y-%m", "hourly": "%Y-%m-%d %H:%M",
                     "snapshot": "%Y-%m-%d %H:%M"}


# Day ticks in the chart's language (plotly's own month names are English).
_DAY_TICKS = {"ko": "%-m월 %-d일", "en": "%-d %b"}


def _x(reading: Reading) -> pd.Series:
    """Dates on a time axis for daily data; labelled categories otherwise (a year, a
    month, a capture time), so a short series does not get invented in-between ticks."""
    periods = pd.to_datetime(reading.series["period"])
    fmt = _CATEGORY_FORMATS.get(reading.indicator.cadence)
    return periods.dt.strftime(fmt) if fmt else periods


def references(reading: Reading) -> list[tuple[float, str]]:
    """(value, label) lines to draw: the standards the judgement refers to."""
    ind, lang = reading.indicator, reading.lang
    on = pd.Timestamp(reading.period).date() if reading.ok else None
    lines = []
    if ind.grade:
        korea = air_grades.limit_24h(ind.grade, "korea", on)
        if korea:
            lines.append((korea, f"{'국내 24시간 기준' if lang == 'ko' else 'Korean 24-hour standard'} {korea:g}"))
    if ind.standard:
        korea = air_grades.KOREA_STANDARD[ind.standard]["annual"]
        who = air_grades.WHO_2021[ind.standard]["annual"]
        lines.append((korea, f"{'국내 연평균 기준' if lang == 'ko' else 'Korean annual standard'} {korea:g}"))
        lines.append((who, f"{'WHO 권고' if lang == 'ko' else 'WHO guideline'} {who:g}"))
    return lines


def figure(reading: Reading, *, height: int = 420, font_size: int = 16) -> go.Figure:
    ind, lang = reading.indicator, reading.lang
    x, y = _x(reading), reading.series["value"]
    fig = go.Figure()
    hover = f"%{{x}}<br>%{{y:,.{ind.decimals}f}} {ind.unit(lang)}<extra></extra>"
    if ind.chart_kind == "bar":
        colours = [SERIES_COLOUR] * len(y)
        if len(colours):
            colours[-1] = HEADLINE_COLOUR
        fig.add_bar(x=x, y=y, marker_color=colours, hovertemplate=hover, name=ind.short(lang))
    else:
        fig.add_scatter(x=x, y=y, mode="lines+markers" if len(y) < 60 else "lines", hovertemplate=hover,
                        line=dict(color=SERIES_COLOUR, width=3), name=ind.short(lang))
    if reading.ok:
        fig.add_scatter(x=[x.iloc[-1]], y=[y.iloc[-1]], mode="markers+text", text=[reading.value_text(with_unit=False)],
                        textposition="top center", textfont=dict(size=font_size + 2, color=HEADLINE_COLOUR),
                        marker=dict(size=14, color=HEADLINE_COLOUR, symbol="diamond"), hoverinfo="skip",
                        showlegend=False, cliponaxis=False)
    for value, label in references(reading):
        fig.add_hline(y=value, line=dict(color=REFERENCE_COLOUR, width=2, dash="dash"),
                      annotation_text=label, annotation_position="top left",
                      annotation_font=dict(color=REFERENCE_COLOUR, size=font_size - 2))
    fig.update_layout(
        height=height, showlegend=False, margin=dict(l=16, r=24, t=40, b=16, pad=4), plot_bgcolor="white",
        paper_bgcolor="white",
        font=dict(family=FONT, size=font_size, color="#1b2836"), bargap=0.25,
        yaxis=dict(title=dict(text=ind.unit(lang), standoff=12), gridcolor="#e3e8ee", rangemode="tozero",
                   separatethousands=True, automargin=True, tickfont=dict(size=font_size - 2)),
        xaxis=dict(showgrid=False, type="category" if ind.cadence in _CATEGORY_FORMATS else None, automargin=True,
                   tickformat=None if ind.cadence in _CATEGORY_FORMATS else _DAY_TICKS[lang],
                   tickfont=dict(size=font_size - 2)))
    return fig


def alt_text(reading: Reading) -> str:
    """A text alternative for the chart: what it shows and its first and last values."""
    ind, lang = reading.indicator, reading.lang
    if reading.series.empty:
        return text.msg("no_data", lang)
    first, last = reading.series.iloc[0], reading.series.iloc[-1]
    def fmt(row) -> str:
        return f"{text.period(row['period'], ind.cadence, lang)} {reading.value_text(row['value'])}"

    if lang == "ko":
        return f"{ind.title(lang)} {'막대' if ind.chart_kind == 'bar' else '선'} 그래프: {fmt(first)}부터 {fmt(last)}까지 {len(reading.series)}개 값."
    return f"{'Bar' if ind.chart_kind == 'bar' else 'Line'} chart of {ind.title(lang)}: {len(reading.series)} values from {fmt(first)} to {fmt(last)}."
