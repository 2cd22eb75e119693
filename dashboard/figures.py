"""Plotly building blocks shared by the pages' chart modules (pure: no Streamlit).

`style` gives every figure the same look (white template, full numbers with thousands
separators, legend above the plot); `bars` draws the most common chart — one series of
bars with their values written on them — in one call.
"""
from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from . import theme


def style(fig: go.Figure, *, x_title: str = "", y_title: str = "", height: int = 380, legend: bool = True,
          y_zero: bool = False) -> go.Figure:
    fig.update_layout(
        template="plotly_white", height=height, separators=".,", hovermode="closest",
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
