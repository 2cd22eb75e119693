"""Shared pydeck map builders (pure: frame in, deck out).

District maps draw the 25 gu from `gu_boundaries.geometry_json` with no base map, so
they render offline and in headless Chromium. Values can be written on the districts
(digits only: deck.gl's default font atlas has no Hangul glyphs offline).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import pandas as pd
import pydeck as pdk

from . import theme
from .i18n import fmt_int, fmt_num, lang

SEOUL_VIEW = dict(latitude=37.5610, longitude=126.988, zoom=9.5, min_zoom=8, max_zoom=14)
TOOLTIP_STYLE = {"fontSize": "14px"}


def _missing(value) -> bool:
    return value is None or pd.isna(value)


def district_choropleth(frame: pd.DataFrame, value_col: str, *, label: str,
                        value_text: Callable[[float], str] | None = None,
                        fills: Sequence[Sequence[int]] | None = None,
                        extra_tooltip: Sequence[str] | None = None,
                        write_values: bool = False, zoom: float | None = None,
                        highlight: str = "") -> pdk.Deck:
    """A choropleth of the gu in `frame` (columns gu, gu_en, geometry_json, and
    centroid_lat/centroid_lon when `write_values`). Colours follow the sequential
    palette unless `fills` gives one RGB per row (e.g. air-quality grade colours).
    Missing values are grey and say so, never coloured as the lowest class. `highlight`
    (a Korean gu name) draws that district's outline in the accent colour."""
    values = pd.to_numeric(frame[value_col], errors="coerce").astype("float64")
    known = values.dropna()
    lo, hi = (float(known.min()), float(known.max())) if not known.empty else (0.0, 0.0)
    value_text = value_text or (lambda v: fmt_num(v, 1))
    features, labels = [], []
    for i, ((_, row), value) in enumerate(zip(frame.iterrows(), values)):
        name = row["gu"] if lang() == "ko" else row.get("gu_en", row["gu"])
        fill = list(fills[i]) if fills is not None else theme.sequential_colour(None if _missing(value) else value, lo, hi)
        shown = "–" if _missing(value) else value_text(value)
        extra = f"<br>{extra_tooltip[i]}" if extra_tooltip is not None and extra_tooltip[i] else ""
        chosen = bool(highlight) and row["gu"] == highlight
        features.append({"type": "Feature", "geometry": json.loads(row["geometry_json"]),
                         "properties": {"tip": f"<b>{name}</b><br>{label}: {shown}{extra}", "fill": fill[:3] + [225],
                                        "line": [232, 116, 59] if chosen else [255, 255, 255],
                                        "width": 4 if chosen else 1.5}})
        if write_values and not _missing(row.get("centroid_lat")):
            labels.append({"position": [row["centroid_lon"], row["centroid_lat"]], "text": shown})
    layers = [pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, pickable=True,
                        stroked=True, filled=True, get_fill_color="properties.fill",
                        get_line_color="properties.line", get_line_width="properties.width",
                        line_width_units="'pixels'", auto_highlight=True)]
    if labels:
        layers.append(pdk.Layer("TextLayer", labels, get_position="position", get_text="text", get_size=14,
                                get_color=[20, 28, 36], get_text_anchor="'middle'", get_alignment_baseline="'center'",
                                font_weight=700, outline_width=2, outline_color=[255, 255, 255]))
    view = dict(SEOUL_VIEW, zoom=zoom or SEOUL_VIEW["zoom"])
    return pdk.Deck(layers=layers, initial_view_state=pdk.ViewState(**view), map_style=None,
                    tooltip={"html": "{tip}", "style": TOOLTIP_STYLE})


def sequential_legend_html(values: pd.Series, decimals: int = 0) -> str:
    """'low ▬▬▬ high' under a sequential choropleth, with the actual range."""
    known = pd.to_numeric(values, errors="coerce").dropna()
    if known.empty:
        return ""
    fmt = (lambda v: fmt_num(v, decimals)) if decimals else fmt_int
    gradient = ", ".join(theme.SEQUENTIAL)
    return (f"<div class='osd-legend'><span>{fmt(known.min())}</span>"
            f"<i style='width:10rem;background:linear-gradient(90deg,{gradient})'></i>"
            f"<span>{fmt(known.max())}</span></div>")
