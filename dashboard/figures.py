"""Plotly building blocks shared by the pages' chart modules (pure: no Streamlit).

`style` gives every figure the same look (white template, full numbers with thousands
separators, legend above the plot); `bars` draws the most common chart — one series of
bars with their values written on them — in one call; `grouped` one trace per group;
`district_bars` one row per district (named in the page language by `with_districts`);
`histogram` counts per bin.
"""
from __future__ import annotations

import copy
from collections.abc import Sequence

import plotly.graph_objects as go
import plotly.io as pio

from . import theme
from .i18n import district_names

# Plotly validates a template named in `update_layout(template=...)` by deep-copying it,
# about 10 ms a figure on every rerun. This copy is made once and set without validation,
# as plotly sets its own default template; nothing changes a template after it is set.
_WHITE_TEMPLATE = copy.deepcopy(pio.templates["plotly_white"])


def white(fig: go.Figure) -> go.Figure:
    """`fig` on plotly's white template (the same as `template="plotly_white"`, without the copy)."""
    validate, fig.layout._validate = fig.layout._validate, False
    try:
        fig.layout.template = _WHITE_TEMPLATE
    finally:
        fig.layout._validate = validate
    return fig


def style(fig: go.Figure, *, x_title: str = "", y_title: str = "", height: int = 380, legend: bool = True,
          y_zero: bool = False) -> go.Figure:
    white(fig).update_layout(
        height=height, separators=".,", hovermode="closest",
        showlegend=legend, legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, title=None),
        hoverlabel=dict(font_size=14), bargap=0.2)
    # Full numbers with thousands separators ("3,500,000", not "3.5M"): clearer in Korean.
    fig.update_xaxes(title_text=x_title, automargin=True, tickformat=",")
    fig.update_yaxes(title_text=y_title, automargin=True, tickformat=",")
    if y_zero:  # lines of counts start at zero so differences are not exaggerated
        fig.update_yaxes(rangemode="tozero")
    return fig


def bars(categories: Sequence, values: Sequence, *, horizontal: bool = False, colour=theme.ACCENT,
         text: Sequence[str] | None = None, hover: str = "%{x}: %{y:,}<extra></extra>", customdata=None,
         x_title: str = "", y_title: str = "", height: int = 340, headroom: float | None = 1.2,
         category_axis: bool = False, opacity=1.0) -> go.Figure:
    """One series of bars (vertical, or horizontal with `horizontal`) with `text` written
    outside each bar; `headroom` leaves room for that text beyond the longest bar."""
    x, y = (values, categories) if horizontal else (categories, values)
    fig = go.Figure(go.Bar(x=x, y=y, orientation="h" if horizontal else "v", marker_color=colour,
                           marker_opacity=opacity, text=text, textposition="outside" if text is not None else None,
                           cliponaxis=False, customdata=customdata, hovertemplate=hover))
    fig = style(fig, x_title=x_title, y_title=y_title, legend=False, height=height)
    numbers = [float(v) for v in values if v == v and v is not None]
    if headroom and numbers:
        value_axis = fig.update_xaxes if horizontal else fig.update_yaxes
        value_axis(range=[0, (max(numbers) or 1) * headroom])
    if category_axis:
        (fig.update_yaxes if horizontal else fig.update_xaxes)(type="category")
    return fig


def grouped(groups, trace) -> go.Figure:
    """One trace per group: `groups` yields (key, rows), `trace(key, rows, i)` builds each."""
    fig = go.Figure()
    for i, (key, rows) in enumerate(groups):
        fig.add_trace(trace(key, rows, i))
    return fig


def in_order(frame, column: str, order: Sequence):
    """(value, rows) for each value of `order` that `frame[column]` holds, in that order."""
    return [(value, frame[frame[column] == value]) for value in order if (frame[column] == value).any()]


def with_districts(frame, sort_by: str | None = None, missing: str = "–"):
    """The frame with `label`: each row's district (gu, gu_en) in the page language."""
    frame = frame.assign(label=district_names(frame, missing))
    return frame.sort_values(sort_by) if sort_by else frame


def faded(frame, highlight: str | None):
    """Bar opacities that fade the other districts when one is chosen, so it stands out."""
    return [1.0 if g == highlight else 0.35 for g in frame["gu"]] if highlight else 1.0


def district_bars(frame, series: Sequence[tuple], *, x_title: str, barmode: str, hover: str = "%{x:,}",
                  highlight: str | None = None, customdata: Sequence | None = None) -> go.Figure:
    """Horizontal bars, one row per district (a frame from `with_districts`), one bar per
    series (values column or sequence, name, colour)."""
    fig = go.Figure()
    for i, (values, name, colour) in enumerate(series):
        fig.add_trace(go.Bar(x=frame[values] if isinstance(values, str) else values, y=frame["label"], orientation="h",
                             name=name, marker_color=colour, marker_opacity=faded(frame, highlight),
                             customdata=customdata[i] if customdata else None,
                             hovertemplate="%{y}<br>" + name + ": " + hover + "<extra></extra>"))
    fig = style(fig, x_title=x_title, height=max(520, 24 * len(frame) + 140))
    fig.update_layout(barmode=barmode)
    return fig


def bin_labels(starts, width: float, top: float, scale: float = 1.0) -> list[str]:
    """'0–5', '5–10', …, '120+' (the last bin is open: everything at or above `top`)."""
    def num(v: float) -> str:
        return f"{v / scale:g}"
    return [f"{num(s)}+" if s >= top else f"{num(s)}–{num(s + width)}" for s in starts.astype("float64")]


def histogram(starts, counts, width: float, top: float, *, scale: float = 1.0, hover: str, x_title: str,
              y_title: str) -> go.Figure:
    """Counts per bin (bins from their starts, `width` wide, the last open from `top`)."""
    fig = bars(bin_labels(starts, width, top, scale), counts, headroom=None, category_axis=True, hover=hover,
               x_title=x_title, y_title=y_title)
    fig.update_layout(bargap=0.05)
    return fig
