"""Shared pydeck map builders (pure: frame in, deck out) and the one call that shows a map.

Every map here:
- draws the 25 gu from `gu_boundaries.geometry_json` with no base map, so it renders
  offline; the district shapes and their names carry the map. (There is no Han river
  geometry in the project's data, so none is drawn.)
- fits Seoul to the narrowest frame it is shown in (a 390-px phone), so no district is
  clipped at any width;
- shows tooltips as plain text lines (name, value with unit, grade) in a panel pinned to
  the map's top-left corner, so they stay inside the map on a phone. Streamlit escapes
  the values put into the tooltip template: markup belongs in the template only.
- travels as compact JSON with coordinates rounded to 5 decimals (≈1 m) and outlines
  simplified to what the city-wide zoom can show.

pydeck turns plain string arguments (and lists of strings) into JavaScript expressions:
quote constants (`"'pixels'"`), and set lists of strings as attributes after building.
"""
from __future__ import annotations

import copy
import html
import json
import math
from collections.abc import Callable, Iterable, Sequence

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from . import theme
from .i18n import fmt_int, fmt_num, lang

# Seoul's 25 districts (gu_boundaries), lon/lat, with the map's margin added by fit_view.
SEOUL_BOUNDS = (126.7646, 37.4283, 127.1832, 37.7014)
# The map's width on a 390-px phone (the page keeps ~13 px of padding each side).
PHONE_MAP_WIDTH = 360
# Outlines simplified to ~20 m: under a pixel at the zoom a whole-city map opens at.
SIMPLIFY_TOLERANCE = 0.0002
COORD_DECIMALS = 5

LABEL_FONT = "Noto Sans CJK KR, Noto Sans KR, Apple SD Gothic Neo, Malgun Gothic, NanumGothic, sans-serif"
LABEL_COLOUR = [20, 28, 36]
# Pinned to the map's top-left corner (the corners around Seoul are outside the city),
# readable on any background, never wider than the map.
TOOLTIP = {
    "html": "<b>{name}</b><div>{detail}</div>",
    "style": {"transform": "none", "top": "8px", "left": "8px", "maxWidth": "min(300px, calc(100% - 16px))",
              "backgroundColor": "rgba(255, 255, 255, 0.96)", "color": "#14202c", "fontSize": "14px",
              "lineHeight": "1.4", "padding": "6px 10px", "borderRadius": "6px", "whiteSpace": "pre-line",
              "boxShadow": "0 1px 4px rgba(0, 0, 0, 0.35)", "zIndex": "2"},
}


class Deck(pdk.Deck):
    """A deck that knows the bounds it is fitted to (so `show` can fit it to a wider frame)
    and serialises compactly: pydeck pretty-prints (indent=2), several times the bytes for
    the browser to download and parse on every rerun."""

    def __init__(self, *args, bounds: Sequence[float] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self._bounds = tuple(bounds)

    def to_json(self) -> str:
        spec = default_serialize(self)
        spec.pop("_bounds", None)
        # Hangul as UTF-8 (3 bytes), not \uXXXX escapes (6 bytes).
        return json.dumps(spec, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)

    def fitted(self, width: float, height: float) -> Deck:
        """The same deck opening on its bounds fitted to a `width` × `height` frame."""
        clone = copy.copy(self)
        old = self.initial_view_state
        view = fit_view(self._bounds or SEOUL_BOUNDS, width, height, max_zoom=old.max_zoom)
        clone.initial_view_state = pdk.ViewState(**{**vars(old), **view})
        return clone


def _missing(value) -> bool:
    return value is None or pd.isna(value)


# --- geometry --------------------------------------------------------------------------------

def lonlat(lon, lat) -> list[float]:
    """A position for a layer row, rounded to 5 decimals (≈1 m)."""
    return [round(float(lon), COORD_DECIMALS), round(float(lat), COORD_DECIMALS)]


def _simplify_line(points: list, tolerance: float) -> list:
    """Douglas–Peucker on a list of [lon, lat]; keeps both ends."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first][:2], points[last][:2]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            x, y = points[i][:2]
            dist = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else math.hypot(x - x1, y - y1)
            if dist > worst:
                worst, index = dist, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def _compact_ring(ring: list, tolerance: float) -> list:
    simplified = _simplify_line(ring, tolerance) if tolerance else ring
    if len(simplified) < 4:  # a ring needs three corners and its closing point
        simplified = ring
    out = []
    for x, y, *_ in simplified:
        point = [round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def compact_geometry(geometry: dict | str, tolerance: float = SIMPLIFY_TOLERANCE) -> dict:
    """A Polygon/MultiPolygon simplified to `tolerance` degrees, coordinates rounded to
    5 decimals (≈1 m). Other geometry types are only rounded."""
    geometry = json.loads(geometry) if isinstance(geometry, str) else geometry
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        return {"type": kind, "coordinates": [_compact_ring(r, tolerance) for r in coords]}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [[_compact_ring(r, tolerance) for r in poly] for poly in coords]}
    if kind == "LineString":
        return {"type": kind, "coordinates": [[round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)]
                                              for x, y, *_ in _simplify_line(coords, tolerance)]}
    return geometry


def compact_path(path: str | Sequence, tolerance: float = SIMPLIFY_TOLERANCE / 2) -> list[list[float]]:
    """A polyline ([[lon, lat], …] or its JSON) simplified (default ~10 m) and rounded."""
    points = json.loads(path) if isinstance(path, str) else path
    return [lonlat(x, y) for x, y, *_ in _simplify_line(list(points), tolerance)]


def _points(geometry: dict) -> Iterable[Sequence[float]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        return (p for ring in coords for p in ring)
    if kind == "MultiPolygon":
        return (p for poly in coords for ring in poly for p in ring)
    if kind == "LineString":
        return iter(coords)
    return iter([coords])


def bounds_of(geometries: Iterable[dict | str]) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of GeoJSON geometries."""
    xs, ys = [], []
    for geometry in geometries:
        geometry = json.loads(geometry) if isinstance(geometry, str) else geometry
        for x, y, *_ in _points(geometry):
            xs.append(x)
            ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else SEOUL_BOUNDS


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in units of the world's width (0…1)."""
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360, (1 - y / math.pi) / 2


def fit_view(bounds: Sequence[float] = SEOUL_BOUNDS, width: float = PHONE_MAP_WIDTH, height: float = 480,
             padding: float = 12, **extra) -> dict:
    """The view that shows `bounds` whole in a `width` × `height` px frame (deck.gl's
    world is 512 px wide at zoom 0). Maps open at the phone's width: wider frames show
    the same city with room around it."""
    x0, y1 = _mercator(bounds[0], bounds[1])
    x1, y0 = _mercator(bounds[2], bounds[3])
    zoom_w = math.log2(max(width - 2 * padding, 1) / (512 * (x1 - x0)))
    zoom_h = math.log2(max(height - 2 * padding, 1) / (512 * (y1 - y0)))
    zoom = math.floor(min(zoom_w, zoom_h) * 100) / 100  # rounded down: never clip
    centre_y = (y0 + y1) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * centre_y))) - math.pi / 2)
    view = dict(latitude=round(centre_lat, 5), longitude=round((bounds[0] + bounds[2]) / 2, 5), zoom=zoom,
                min_zoom=round(max(zoom - 1, 7), 2), max_zoom=16)
    return {**view, **extra}



# --- tooltips and labels -------------------------------------------------------------------

def tip(name: str, *lines: str) -> dict:
    """The fields the shared tooltip shows: a bold name, then one line per item."""
    return {"name": str(name), "detail": "\n".join(str(line) for line in lines if line)}


def tooltip(*lines: str) -> dict:
    """The shared tooltip panel with its own template: the first line bold, then one line
    each, with `{field}` where a row's value goes ("Racks: {k}"). Labels are written once
    here, not into each of thousands of rows (every pickable row must fill every field).
    Streamlit escapes the values; the labels are escaped here."""
    head, *rest = (html.escape(line, quote=False) for line in lines)
    return {**TOOLTIP, "html": f"<b>{head}</b>" + "".join(f"<div>{line}</div>" for line in rest)}


def label_layer(rows: Sequence[dict], *, size: int | None = None, layer_id: str = "labels") -> pdk.Layer:
    """Text at positions (rows of {"position": [lon, lat], "text": …}), with a white halo.
    deck.gl draws text from a font atlas built for `characterSet` (ASCII by default), so
    the atlas is given every character the labels use: Hangul included."""
    size = size or (12 if lang() == "ko" else 10)  # romanised names are longer
    chars = sorted({ch for row in rows for ch in row["text"] if ch != "\n"} | set("0123456789.,–-"))
    layer = pdk.Layer("TextLayer", list(rows), id=layer_id, get_position="position", get_text="text",
                      get_size=size, get_color=LABEL_COLOUR, get_text_anchor="'middle'",
                      get_alignment_baseline="'center'", font_weight=700, line_height=1.1,
                      outline_width=10, outline_color=[255, 255, 255, 235], pickable=False)
    # Set after construction: pydeck would turn a list of strings into an expression.
    layer.character_set = chars
    layer.font_family = LABEL_FONT
    # A signed-distance atlas draws the halo; its radius must exceed the outline width
    # (atlas pixels: 10 of 64 ≈ 2 px around 12-px text).
    layer.font_settings = {"sdf": True, "fontSize": 64, "buffer": 12, "radius": 16}
    # Labels stand upright on tilted maps: without this the ground hides their lower half.
    layer.parameters = {"depthCompare": "always"}
    return layer


def district_name(row) -> str:
    """The district's name as drawn on a map: '종로구' / 'Jongno' (English without '-gu',
    to fit small districts)."""
    if lang() == "ko":
        return str(row["gu"])
    name = str(row.get("gu_en") or row["gu"])
    return name[:-3] if name.endswith("-gu") else name


def _tooltip_name(row) -> str:
    return str(row["gu"]) if lang() == "ko" else str(row.get("gu_en") or row["gu"])


def label_point(geometry: dict | str) -> tuple[float, float]:
    """(lon, lat) of the area centroid of a polygon's largest ring: where its name goes
    when the data has no label point."""
    geometry = json.loads(geometry) if isinstance(geometry, str) else geometry
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    best = (0.0, 0.0, 0.0)
    for polygon in polygons:
        ring = polygon[0]
        area = cx = cy = 0.0
        for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:]):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > abs(best[0]):
            best = (area, cx / (3 * area), cy / (3 * area))
    return best[1], best[2]


def _label_rows(frame: pd.DataFrame, values: Sequence[str] | None = None) -> list[dict]:
    rows = []
    for i, (_, row) in enumerate(frame.iterrows()):
        lat, lon = row.get("centroid_lat"), row.get("centroid_lon")
        if _missing(lat) or _missing(lon):
            if _missing(row.get("geometry_json")):
                continue
            lon, lat = label_point(row["geometry_json"])
        text = district_name(row) + (f"\n{values[i]}" if values is not None else "")
        rows.append({"position": [round(float(lon), COORD_DECIMALS), round(float(lat), COORD_DECIMALS)], "text": text})
    return rows


def outline_layers(outlines: pd.DataFrame, *, names: bool = True) -> list[pdk.Layer]:
    """The district shapes (light grey) and their names: the base of every point map."""
    features = [{"type": "Feature", "geometry": compact_geometry(g), "properties": {}}
                for g in outlines["geometry_json"]]
    layers = [pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id="districts",
                        stroked=True, filled=True, get_fill_color=[242, 245, 248, 255],
                        get_line_color=[150, 160, 172, 255], line_width_min_pixels=1, pickable=False)]
    if names:
        layers.append(label_layer(_label_rows(outlines), layer_id="district-names"))
    return layers


# --- point, path and arc maps ---------------------------------------------------------------

def scatter_layer(rows: Sequence[dict], *, layer_id: str, radius_min_pixels: float = 2, radius_max_pixels: float = 14,
                  pickable: bool = True, **props) -> pdk.Layer:
    """Circles from rows of {"p": [lon, lat], "r": metres, "c": [r, g, b, a], name, detail}.
    Radii are in metres with pixel limits, so dots stay visible at the city-wide zoom."""
    props.setdefault("get_fill_color", "c")
    props.setdefault("get_radius", "r")
    return pdk.Layer("ScatterplotLayer", list(rows), id=layer_id, get_position="p",
                     radius_min_pixels=radius_min_pixels, radius_max_pixels=radius_max_pixels,
                     pickable=pickable, auto_highlight=pickable, **props)


def path_layer(rows: Sequence[dict], *, layer_id: str, pickable: bool = True, **props) -> pdk.Layer:
    """Lines from rows of {"path": [[lon, lat], …], name, detail}."""
    return pdk.Layer("PathLayer", list(rows), id=layer_id, get_path="path", pickable=pickable,
                     auto_highlight=pickable, **props)


def arc_layer(rows: Sequence[dict], *, layer_id: str, **props) -> pdk.Layer:
    """Flows from rows of {"s": [lon, lat], "d": [lon, lat], "w": width px, name, detail}."""
    return pdk.Layer("ArcLayer", list(rows), id=layer_id, get_source_position="s", get_target_position="d",
                     get_width="w", pickable=True, auto_highlight=True, **props)


def class_layers(classes: Iterable[tuple[str, Sequence[dict], Sequence[int]]], *, layer: Callable = scatter_layer,
                 colour_prop: str = "get_fill_color", **props) -> list[pdk.Layer]:
    """One layer per class (id, rows, RGBA colour), drawn in the order given (the last on
    top): one colour per layer instead of one in each of thousands of rows."""
    return [layer(rows, layer_id=layer_id, **{colour_prop: list(colour)}, **props)
            for layer_id, rows, colour in classes if rows]


def point_layers(frame: pd.DataFrame, *, layer_id: str, classify: Callable, row: Callable,
                 classes: dict, **props) -> list[pdk.Layer]:
    """The rows of `frame` that have lat and lon as one scatter layer per class (see
    `class_layers`): classify(r) names a row's class, row(r) its fields besides the position
    "p"; `classes` maps each class, in drawing order, to its colour or to its layer's props."""
    groups: dict = {}
    for r in frame.dropna(subset=["lat", "lon"]).itertuples(index=False):
        groups.setdefault(classify(r), []).append({"p": lonlat(r.lon, r.lat), **row(r)})
    return [scatter_layer(groups[key], layer_id=f"{layer_id}-{key}",
                          **{**props, **(spec if isinstance(spec, dict) else {"get_fill_color": list(spec)})})
            for key, spec in classes.items() if groups.get(key)]


def quantile_breaks(values: pd.Series, classes: int = 5) -> list[float]:
    """Upper bounds of `classes` equal-count classes of the known values (missing left out)."""
    known = pd.to_numeric(values, errors="coerce").dropna().astype("float64")
    return [] if known.empty else [float(known.quantile((i + 1) / classes)) for i in range(classes)]


def class_of(value, breaks: Sequence[float]) -> int | None:
    """The class (0, 1, …) whose upper bound `value` is within; None when missing."""
    if _missing(value) or not breaks:
        return None
    return next((i for i, upper in enumerate(breaks) if value <= upper), len(breaks) - 1)


def class_legend_items(colours: Sequence[str], breaks: Sequence[float]) -> list[tuple[str, str]]:
    """(colour, 'from–to') per class of whole numbers, for a legend."""
    lowers = [0.0] + [upper + 1 for upper in breaks]
    return [(colour, f"{fmt_int(lo)}–{fmt_int(hi)}") for colour, lo, hi in zip(colours, lowers, breaks)]


def lines_layer(paths: Iterable, *, layer_id: str, tolerance: float, decimals: int = COORD_DECIMALS,
                **props) -> pdk.Layer:
    """Many polylines ([[lon, lat], …] or their JSON) as one MultiLineString that is not
    pickable: context under the points a map is about. Simplified to `tolerance` degrees,
    rounded to `decimals` (finer than the tolerance) and joined where one ends at the
    start of another, so a network's shared points travel once."""
    lines = []
    for path in paths:
        line = []
        for x, y, *_ in _simplify_line(list(json.loads(path) if isinstance(path, str) else path), tolerance):
            point = (round(float(x), decimals), round(float(y), decimals))
            if not line or line[-1] != point:
                line.append(point)
        if len(line) > 1:
            lines.append(line)
    feature = {"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": _chains(lines)},
               "properties": {}}
    return pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": [feature]}, id=layer_id,
                     stroked=True, filled=False, pickable=False, **props)


def _chains(lines: list[list[tuple]]) -> list[list[list[float]]]:
    """Lines joined end to end (either direction) into as few polylines as a greedy walk finds."""
    at: dict[tuple, list[int]] = {}
    for i, line in enumerate(lines):
        at.setdefault(line[0], []).append(i)
        at.setdefault(line[-1], []).append(i)
    used, chains = [False] * len(lines), []
    for i, line in enumerate(lines):
        if used[i]:
            continue
        used[i], chain = True, list(line)
        for _ in range(2):  # grow from the end, then turn round and grow from the start
            while (j := next((j for j in at[chain[-1]] if not used[j]), None)) is not None:
                used[j] = True
                chain += (lines[j] if lines[j][0] == chain[-1] else lines[j][::-1])[1:]
            chain.reverse()
        chains.append([list(point) for point in chain])
    return chains


def overlay_map(layers: Sequence[pdk.Layer], outlines: pd.DataFrame, *, bounds: Sequence[float] | None = None,
                pitch: float = 0, names: bool = True, tooltip: dict | None = None) -> Deck:
    """`layers` over the named district outlines, fitted to `bounds` (default: all of
    Seoul's districts), with the shared tooltip (pickable rows need name and detail)."""
    bounds = tuple(bounds) if bounds else (bounds_of(outlines["geometry_json"]) if not outlines.empty else SEOUL_BOUNDS)
    view = fit_view(bounds, pitch=pitch) if pitch else fit_view(bounds)
    # Names drawn last, over dense dots (their halo keeps them readable).
    base = outline_layers(outlines, names=names)
    return Deck(layers=[base[0], *layers, *base[1:]], initial_view_state=pdk.ViewState(**view),
                map_style=None, tooltip=tooltip or TOOLTIP, bounds=bounds)


def district_bounds(outlines: pd.DataFrame, gu: str | None) -> tuple[float, float, float, float] | None:
    """The bounds of one district (to open a map on it), None for the whole city."""
    row = outlines[outlines["gu"] == gu] if gu else outlines.iloc[0:0]
    return bounds_of(row["geometry_json"]) if not row.empty else None


# Speed classes for road links (km/h), slow to fast: red to green, with the range in the legend.
SPEED_CLASSES = ((15, "#d64545"), (25, "#e8a33b"), (40, "#8cc665"), (None, "#19a979"))


def speed_colour(speed) -> str:
    if _missing(speed):
        return "#9aa5b1"
    return next(colour for upper, colour in SPEED_CLASSES if upper is None or speed < upper)


def speed_legend_items() -> list[tuple[str, str]]:
    """(colour, 'under 15 km/h' / '15–25 km/h' / … / '40 km/h and over') for a legend."""
    from .i18n import t
    items, lower = [], None
    for upper, colour in SPEED_CLASSES:
        if lower is None:
            text = t("maps.speed_under", v=upper)
        elif upper is None:
            text = t("maps.speed_over", v=lower)
        else:
            text = f"{lower}–{upper} km/h"
        items.append((colour, text))
        lower = upper
    return items


def link_speed_map(links: pd.DataFrame, outlines: pd.DataFrame, *, speed_label: str) -> Deck:
    """Road links (`traffic/link_speed_map`: path_json, mean_speed, road_name, from_name,
    to_name, direction, observations) coloured by speed class over the named districts,
    opening on the links. Links without a shape are left out (the caller says how many)."""
    from .i18n import t
    drawn = links.dropna(subset=["path_json"])
    rows = []
    for r in drawn.itertuples(index=False):
        path = compact_path(r.path_json, SIMPLIFY_TOLERANCE / 4)
        speed = None if _missing(r.mean_speed) else float(r.mean_speed)
        rows.append({"path": path, "c": theme.hex_to_rgb(speed_colour(speed)) + [235],
                     **tip(f"{r.road_name} ({r.direction})" if r.direction else r.road_name,
                           f"{r.from_name} → {r.to_name}",
                           f"{speed_label}: {'–' if speed is None else fmt_num(speed, 1)} km/h",
                           t("maps.observations", n=fmt_int(r.observations)))})
    layer = path_layer(rows, layer_id="links", get_color="c", get_width=6, width_units="'pixels'",
                       cap_rounded=True, joint_rounded=True)
    bounds = bounds_of({"type": "LineString", "coordinates": row["path"]} for row in rows) if rows else None
    if bounds and (bounds[2] - bounds[0] > 0.15 or bounds[3] - bounds[1] > 0.1):
        bounds = None  # links spread over the city: show all of it
    elif bounds:  # a small area: open on it, with room for the districts around
        pad_x, pad_y = max((bounds[2] - bounds[0]) * 0.15, 0.01), max((bounds[3] - bounds[1]) * 0.15, 0.008)
        bounds = (bounds[0] - pad_x, bounds[1] - pad_y, bounds[2] + pad_x, bounds[3] + pad_y)
    return overlay_map([layer], outlines, bounds=bounds)


# --- district choropleth ---------------------------------------------------------------------

def district_choropleth(frame: pd.DataFrame, value_col: str, *, label: str,
                        value_text: Callable[[float], str] | None = None,
                        fills: Sequence[Sequence[int]] | None = None,
                        extra_tooltip: Sequence[str] | None = None,
                        write_values: bool = False, zoom: float | None = None,
                        highlight: str = "") -> pdk.Deck:
    """A choropleth of the gu in `frame` (columns gu, gu_en, geometry_json, and
    centroid_lat/centroid_lon for the names). Every district is named on the map, with its
    value under the name when `write_values`. Colours follow the sequential palette unless
    `fills` gives one RGB per row (e.g. air-quality grade colours). Missing values are grey
    and say so, never coloured as the lowest class. `highlight` (a Korean gu name) draws
    that district's outline in the accent colour. `zoom` overrides the fitted zoom."""
    values = pd.to_numeric(frame[value_col], errors="coerce").astype("float64")
    known = values.dropna()
    lo, hi = (float(known.min()), float(known.max())) if not known.empty else (0.0, 0.0)
    value_text = value_text or (lambda v: fmt_num(v, 1))
    features, shown_values = [], []
    for i, ((_, row), value) in enumerate(zip(frame.iterrows(), values)):
        fill = list(fills[i]) if fills is not None else theme.sequential_colour(None if _missing(value) else value, lo, hi)
        shown = "–" if _missing(value) else value_text(value)
        shown_values.append(shown)
        extra = extra_tooltip[i] if extra_tooltip is not None else ""
        chosen = bool(highlight) and row["gu"] == highlight
        features.append({"type": "Feature", "geometry": compact_geometry(row["geometry_json"]),
                         "properties": {**tip(_tooltip_name(row), f"{label}: {shown}", extra),
                                        "fill": fill[:3] + [225],
                                        "line": [232, 116, 59] if chosen else [255, 255, 255],
                                        "width": 4 if chosen else 1.5}})
    layers = [pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id="choropleth",
                        pickable=True, stroked=True, filled=True, get_fill_color="properties.fill",
                        get_line_color="properties.line", get_line_width="properties.width",
                        line_width_units="'pixels'", auto_highlight=True)]
    layers.append(label_layer(_label_rows(frame, shown_values if write_values else None), layer_id="district-names"))
    bounds = bounds_of(frame["geometry_json"]) if not frame.empty else SEOUL_BOUNDS
    view = fit_view(bounds)
    if zoom:
        view["zoom"] = zoom
    return Deck(layers=layers, initial_view_state=pdk.ViewState(**view), map_style=None, tooltip=TOOLTIP,
                bounds=bounds)


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


# --- showing a map ----------------------------------------------------------------------------

# Frames at least this wide get the map fitted to this width; narrower ones (phones, narrow
# columns) get the phone fit. deck.gl cannot fit bounds from JSON, so both are sent and CSS
# container queries show the one that fits the frame, unless the map is heavy: then only
# the phone fit travels (it shows all of Seoul at any width; wider frames show it smaller).
WIDE_MAP_WIDTH = 540
# Sent twice, a map may be at most a third of a view's 300 KB budget (a view can hold two maps).
DUAL_FIT_MAX_BYTES = 100_000


def _css(css_key: str, dual: bool) -> str:
    frame, fullscreen = f".st-key-{css_key}-map", f'.st-key-{css_key}-map:has(button[aria-label^="Close fullscreen"])'
    css = [
        # In full screen Streamlit shows only the chart: bring its title and legend along.
        f"{fullscreen} .st-key-{css_key}-title {{position: fixed; top: 10px; left: 50%; transform: translateX(-50%);"
        " width: fit-content !important; z-index: 1000100; background: rgba(255, 255, 255, 0.95); padding: 2px 12px; border-radius: 6px;"
        " max-width: calc(100vw - 120px);}",
        f"{fullscreen} .st-key-{css_key}-legend {{position: fixed; bottom: 12px; left: 12px; z-index: 1000100;"
        " width: fit-content !important;"
        " background: rgba(255, 255, 255, 0.95); padding: 6px 12px; border-radius: 6px;"
        " box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); max-width: calc(100vw - 24px);}",
        f"{fullscreen} .st-key-{css_key}-legend details {{display: none;}}",
    ]
    if dual:
        css += [f"{frame} {{container-type: inline-size;}}",
                f"@container (max-width: {WIDE_MAP_WIDTH - 1}px) {{.st-key-{css_key}-wide {{display: none;}}}}",
                f"@container (min-width: {WIDE_MAP_WIDTH}px) {{.st-key-{css_key}-phone {{display: none;}}}}"]
    return "<style>" + "\n".join(css) + "</style>"


def show(deck: Deck, *, key: str, height: int = 480, title: str = "", legend_html: str = "",
         table: pd.DataFrame | None = None, alt: str = "", selectable: bool = False) -> tuple[str, dict] | None:
    """A map that fits its frame at any width, with its title above, its legend under it
    (both kept in full screen) and a one-click table of what it shows (the text
    alternative; `alt`, default the title, is read by screen readers). With `selectable`,
    a click picks one object: returned as (layer id, row) for details the map's rows do
    not carry (thousands of points travel with a key, not with every detail)."""
    import streamlit as st

    from .i18n import t

    css_key = key.replace(":", "-")
    alt = alt or title or None
    frame = st.container(key=f"{css_key}-map")
    phone_height = min(height, 420)
    phone = deck.fitted(PHONE_MAP_WIDTH, phone_height)
    dual = len(phone.to_json().encode()) <= DUAL_FIT_MAX_BYTES
    frame.html(_css(css_key, dual))
    if title:
        frame.container(key=f"{css_key}-title").markdown(f"#### {title}")
    def select(fit: str) -> dict:
        return {"on_select": "rerun", "key": f"{key}:{fit}"} if selectable else {}
    if dual:
        # Charts carry no CSS class of their own: each sits in a keyed container.
        charts = [frame.container(key=f"{css_key}-phone").pydeck_chart(phone, height=phone_height, alt=alt,
                                                                         **select("phone")),
                  frame.container(key=f"{css_key}-wide").pydeck_chart(deck.fitted(WIDE_MAP_WIDTH, height),
                                                                        height=height, alt=alt, **select("wide"))]
    else:
        charts = [frame.pydeck_chart(phone, height=phone_height, alt=alt, **select("phone"))]
    below = frame.container(key=f"{css_key}-legend")
    if legend_html:
        below.markdown(legend_html, unsafe_allow_html=True)
    if table is not None and not table.empty:
        with below.expander(t("maps.table")):
            st.dataframe(table, hide_index=True, width="stretch")
    if selectable:
        for chart in charts:
            for layer_id, objects in chart.selection.objects.items():
                if objects:
                    return layer_id, objects[0]
    return None
