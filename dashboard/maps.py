"""Shared pydeck map builders (pure: frame in, deck out) and the one call that shows a map.

Every map here:
- draws the 25 gu from `gu_boundaries.geometry_json` with no base map, so it renders
  offline; the district shapes, their names and the Han river carry the map. The project
  has no river geometry: the river is traced along the borders that districts on its
  two banks share, which run in the river (`han_river_paths`);
- fits Seoul to the frame it is shown in (a phone and a wide frame; `show`), so no
  district is clipped at any width, and lays the names out for that frame's zoom so
  they do not overlap (`layout_labels`);
- opens large in a dialog fitted again to the screen, with its title and legend
  (Streamlit's own full screen would keep the small zoom);
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
import functools
import html
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from queries import shared_geometry

from . import theme
from .i18n import fmt_district, fmt_int, fmt_num, lang

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
    """A deck that knows the bounds it is fitted to and the labels it carries (so `fitted`
    can fit it to another frame and lay its labels out for that zoom), and serialises
    compactly: pydeck pretty-prints (indent=2), several times the bytes for the browser
    to download and parse on every rerun."""

    def __init__(self, *args, bounds: Sequence[float] = (), labels: dict[str, Sequence[Place]] | None = None,
                 frame: tuple[float, float] = (PHONE_MAP_WIDTH, 480), **kwargs):
        super().__init__(*args, **kwargs)
        self._bounds = tuple(bounds)
        self._labels = dict(labels or {})
        # The frame its labels are laid out for when it is sent as it is. They are laid out
        # then, or by `fitted` for another frame: a map shown fitted lays out only what it sends.
        self._frame = tuple(frame) if self._labels else None

    def to_json(self) -> str:
        deck = self
        if self._frame is not None:
            deck = copy.copy(self)
            deck.layers, deck._frame = self._laid_out(*self._frame), None
        spec = default_serialize(deck)
        for private in ("_bounds", "_labels", "_frame"):
            spec.pop(private, None)
        # Hangul as UTF-8 (3 bytes), not \uXXXX escapes (6 bytes).
        return json.dumps(spec, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)

    def fitted(self, width: float, height: float) -> Deck:
        """The same deck opening on its bounds fitted to a `width` × `height` frame, its
        labels laid out for that zoom."""
        clone = copy.copy(self)
        old = self.initial_view_state
        view = fit_view(self._bounds or SEOUL_BOUNDS, width, height, max_zoom=old.max_zoom)
        clone.initial_view_state = pdk.ViewState(**{**vars(old), **view})
        if self._labels:
            clone.layers, clone._frame = clone._laid_out(width, height), None
        return clone

    def _laid_out(self, width: float, height: float) -> list:
        """The layers with every label layer's rows placed for the current view in a
        `width` × `height` frame: one layout over all label layers, in their order."""
        view = self.initial_view_state
        placed: list[Box] = []
        larger = next((step for least, step in LARGER_LABELS if width >= least), 0)
        layers = []
        for layer in self.layers:
            places = self._labels.get(getattr(layer, "id", None))
            if places is not None:
                layer = copy.copy(layer)
                layer.data = layout_labels(places, view, width, height, placed=placed, larger=larger)
            layers.append(layer)
        return layers


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


def _once_per_text(fn: Callable) -> Callable:
    """`fn` of a GeoJSON geometry, also taking the geometry's JSON text: for a text it is
    worked out once and the result shared (read it, do not modify it). The district
    outlines come as the same texts on every rerun of every page."""
    @functools.lru_cache(maxsize=512)
    def of_text(text: str, *args):
        return fn(_parsed_text(text), *args)

    @functools.wraps(fn)
    def either(geometry: dict | str, *args):
        return of_text(geometry, *args) if isinstance(geometry, str) else fn(geometry, *args)
    return either


def compact_geometry(geometry: dict | str, tolerance: float = SIMPLIFY_TOLERANCE) -> dict:
    """A Polygon/MultiPolygon simplified to `tolerance` degrees, coordinates rounded to
    5 decimals (≈1 m). Other geometry types are only rounded. Worked out once per JSON
    text (simplifying the outlines was most of a map's build time)."""
    return _compact_geometry(geometry, tolerance)


def _parsed(geometry: dict | str) -> dict:
    """A GeoJSON geometry from a dict or its JSON text; a text is parsed once and the result
    shared (read it, do not modify it): the same district outlines come on every rerun."""
    return _parsed_text(geometry) if isinstance(geometry, str) else geometry


@functools.lru_cache(maxsize=512)
def _parsed_text(text: str) -> dict:
    return json.loads(text)


@_once_per_text
def _compact_geometry(geometry: dict, tolerance: float) -> dict:
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
    each = [b for b in map(_geometry_bounds, geometries) if b is not None]
    if not each:
        return SEOUL_BOUNDS
    return (min(b[0] for b in each), min(b[1] for b in each), max(b[2] for b in each), max(b[3] for b in each))


@_once_per_text
def _geometry_bounds(geometry: dict) -> tuple[float, float, float, float] | None:
    xs, ys = [], []
    for x, y, *_ in _points(geometry):
        xs.append(x)
        ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None



def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in units of the world's width (0…1)."""
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360, (1 - y / math.pi) / 2


@functools.lru_cache(maxsize=4096)
def _mercator_points(points: tuple) -> np.ndarray:
    """`_mercator` of (lon, lat) points, as an n × 2 array: a district's outline is worked
    out once, not for every label layout of every map that names it."""
    return np.array([_mercator(lon, lat) for lon, lat in points], dtype="float64").reshape(-1, 2)


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



# --- label layout -----------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # left, top, right, bottom in frame pixels
LABEL_LINE_HEIGHT = 1.1
LABEL_GAP = 2  # px kept free around each label (its white halo)
MIN_LABEL_SIZE = {"ko": 10, "en": 8}
LARGER_LABELS = ((1000, 3), (700, 1))  # px added to the labels of frames at least this wide


@dataclass(frozen=True)
class Place:
    """A label to lay out: the spots it may stand on (the first preferred), its lines, its
    font size, and the ring (lon/lat) its centre must stay inside when it moves aside
    (its district), if any. Smaller `area` is placed first: big districts have room to
    move."""
    anchors: tuple[tuple[float, float], ...]
    lines: tuple[str, ...]
    size: int
    ring: tuple[tuple[float, float], ...] = ()
    area: float = 0.0
    reach: float = 26  # how far (px) it may move from a spot (the farthest offset tried is 25 px)


def _advance(ch: str) -> float:
    """A bold sans-serif character's width in ems (a slight overestimate: never too tight)."""
    if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e":
        return 0.95
    if ch in ".,:;'|!ı·":
        return 0.32
    if ch in " ()-":
        return 0.36
    if ch in "mwMW":
        return 0.95
    if ch.isupper() or ch in "–%":
        return 0.78
    return 0.63


def text_box(lines: Sequence[str], size: float) -> tuple[float, float]:
    """(width, height) in px of text drawn at `size` px."""
    return (max(sum(_advance(ch) for ch in line) for line in lines) * size,
            len(lines) * size * LABEL_LINE_HEIGHT)


def _inside(x: float, y: float, ring: Sequence[tuple[float, float]]) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# Offsets tried around the anchor, nearest first (px): along the same row first, then up
# and down, then diagonals.
_OFFSETS = sorted({(round(r * math.cos(math.radians(a))), round(r * math.sin(math.radians(a))))
                   for r in (3, 6, 9, 12, 16, 20, 25) for a in range(0, 360, 30)} | {(0, 0)},
                  key=lambda o: (math.hypot(*o), abs(o[1])))
_OFFSET_XY = np.array(_OFFSETS, dtype="float64")
_OFFSET_DISTANCE = [math.hypot(*o) for o in _OFFSETS]


def layout_labels(places: Sequence[Place], view, width: float, height: float, *,
                  placed: list[Box] | None = None, larger: int = 0) -> list[dict]:
    """Rows for the label TextLayer ({position, text, s: size px, o: [dx, dy] px offset}),
    placed for `view` (longitude, latitude, zoom, pitch) in a `width` × `height` frame so
    that no two overlap and none leaves the frame. Each label tries its spots, then nearby
    offsets that keep it inside its district, then smaller sizes down to a floor, then
    only its first line (a value under a name); a label that still does not fit is left
    out (its district still has its tooltip and the table). `placed` boxes (other label
    layers') are avoided and extended. `larger` px are added to each size first (a large
    frame has room for larger text)."""
    placed = [] if placed is None else placed
    scale = 512 * 2 ** float(view.zoom)
    squash = math.cos(math.radians(float(getattr(view, "pitch", 0) or 0)))  # a tilted map's rows come closer
    cx, cy = _mercator(float(view.longitude), float(view.latitude))

    def px(points: tuple) -> list:
        world = _mercator_points(points)
        return np.column_stack(((world[:, 0] - cx) * scale + width / 2,
                                (world[:, 1] - cy) * scale * squash + height / 2)).tolist()

    floor = MIN_LABEL_SIZE.get(lang(), 8)
    anchors = [px(place.anchors) for place in places]
    rings = [px(place.ring) for place in places]
    # Greedy, smallest district first; labels left out go first in the next round.
    order = sorted(range(len(places)), key=lambda i: places[i].area)
    best: tuple[dict[int, dict], list[Box]] | None = None
    for _ in range(4):
        taken, rows = list(placed), {}
        for i in order:
            spot = _place(places[i], rings[i], anchors[i], width, height, taken, floor, larger)
            if spot is None:
                continue
            k, (dx, dy), size, lines, box = spot
            taken.append(box)
            anchor = places[i].anchors[k]
            rows[i] = {"position": [round(anchor[0], COORD_DECIMALS), round(anchor[1], COORD_DECIMALS)],
                       "text": "\n".join(lines), "s": size, "o": [dx, dy]}
        if best is None or len(rows) > len(best[0]):
            best = rows, taken
        if len(rows) == len(places):
            break
        order = [i for i in order if i not in rows] + [i for i in order if i in rows]
    rows, taken = best
    placed[:] = taken
    return [rows[i] for i in sorted(rows)]


def _place(place: Place, ring, anchors, width, height, placed, floor, larger):
    """The first spot (anchor k, offset, size, lines, box) where the label fits: inside the
    frame, clear of `placed`, and (moved aside) inside its ring. Every offset around one
    anchor is tested at once (arrays), in the order a one-by-one search would take."""
    reach = next((i for i, d in enumerate(_OFFSET_DISTANCE) if d > place.reach), len(_OFFSETS))
    offset_x, offset_y = _OFFSET_XY[:reach, 0], _OFFSET_XY[:reach, 1]
    taken = np.array(placed, dtype="float64").reshape(-1, 4)
    variants = [place.lines] + ([place.lines[:1]] if len(place.lines) > 1 else [])
    for lines in variants:
        for size in range(place.size + larger, min(floor, place.size) - 1, -1):
            w, h = text_box(lines, size)
            for k, (ax, ay) in enumerate(anchors):
                x, y = ax + offset_x, ay + offset_y
                # The same arithmetic, in the same order, as a box of one spot.
                left, top = x - w / 2 - LABEL_GAP, y - h / 2 - LABEL_GAP
                right, bottom = x + w / 2 + LABEL_GAP, y + h / 2 + LABEL_GAP
                fits = np.ones(reach, dtype=bool)
                if width:
                    fits &= (left >= 0) & (top >= 0) & (right <= width) & (bottom <= height)
                if len(taken):
                    fits &= ~((left[:, None] < taken[:, 2]) & (taken[:, 0] < right[:, None])
                              & (top[:, None] < taken[:, 3]) & (taken[:, 1] < bottom[:, None])).any(axis=1)
                for j in np.flatnonzero(fits):
                    dx, dy = _OFFSETS[j]
                    if (dx or dy) and ring and not _inside(float(x[j]), float(y[j]), ring):
                        continue
                    box = (float(left[j]), float(top[j]), float(right[j]), float(bottom[j]))
                    return k, (dx, dy), size, lines, box
    return None


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


def label_layer(places: Sequence[Place], *, layer_id: str = "labels", colour: Sequence[int] = LABEL_COLOUR) -> pdk.Layer:
    """Text for `places` (laid out by the deck for its frame: `layout_labels`), with a
    white halo. deck.gl draws text from a font atlas built for `characterSet` (ASCII by
    default), so the atlas is given every character the labels use: Hangul included."""
    rows = [{"position": list(p.anchors[0]), "text": "\n".join(p.lines), "s": p.size, "o": [0, 0]} for p in places]
    chars = sorted({ch for p in places for line in p.lines for ch in line} | set("0123456789.,–-"))
    layer = pdk.Layer("TextLayer", rows, id=layer_id, get_position="position", get_text="text",
                      get_size="s", get_pixel_offset="o", get_color=list(colour), get_text_anchor="'middle'",
                      get_alignment_baseline="'center'", font_weight=700, line_height=LABEL_LINE_HEIGHT,
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


def label_size() -> int:
    return 12 if lang() == "ko" else 10  # romanised names are longer


def district_name(row) -> str:
    """The district's name as drawn on a map: '종로구' / 'Jongno' (English without '-gu',
    to fit small districts)."""
    if lang() == "ko":
        return str(row["gu"])
    name = str(row.get("gu_en") or row["gu"])
    return name[:-3] if name.endswith("-gu") else name


def _polygons(geometry: dict | str) -> list:
    """A Polygon's or MultiPolygon's polygons (each a list of rings), from a dict or its JSON."""
    geometry = _parsed(geometry)
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def label_point(geometry: dict | str) -> tuple[float, float]:
    """(lon, lat) of the area centroid of a polygon's largest ring: where its name goes
    when the data has no label point."""
    ring, _ = _largest_ring(geometry)
    area = cx = cy = 0.0
    for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return (cx / (3 * area), cy / (3 * area)) if area else (0.0, 0.0)


def _largest_ring(geometry: dict | str) -> tuple[list, float]:
    """The outer ring of the largest polygon, and its area (square degrees)."""
    best, best_area = [], 0.0
    for polygon in _polygons(geometry):
        ring = polygon[0]
        area = abs(sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:]))) / 2
        if area > best_area:
            best, best_area = ring, area
    return best, best_area


def district_places(frame: pd.DataFrame, values: Sequence[str] | None = None) -> list[Place]:
    """A label for each district in `frame` (gu, gu_en, geometry_json, centroid_lat/lon):
    its name, and its value under it when `values` are given."""
    places, size = [], label_size()
    for i, (_, row) in enumerate(frame.iterrows()):
        geometry = None if _missing(row.get("geometry_json")) else row["geometry_json"]
        lat, lon = row.get("centroid_lat"), row.get("centroid_lon")
        if geometry is None and (_missing(lat) or _missing(lon)):
            continue
        point, outline, area = _label_shape(geometry) if geometry is not None else (None, (), 0.0)
        if _missing(lat) or _missing(lon):
            lon, lat = point
        lines = (district_name(row),) + ((values[i],) if values is not None else ())
        places.append(Place(anchors=((round(float(lon), COORD_DECIMALS), round(float(lat), COORD_DECIMALS)),),
                            lines=lines, size=size, ring=outline, area=area))
    return places


@_once_per_text
def _label_shape(geometry: dict) -> tuple[tuple[float, float], tuple, float]:
    """(label point, outline a moved name must stay inside, its area) of a district shape."""
    lon, lat = label_point(geometry)
    ring, area = _largest_ring(geometry)
    # simplified to ~50 m (a fraction of a pixel at a whole-city zoom): the test runs for
    # every spot tried
    outline = _simplify_line(ring, 0.0005) if len(ring) > 3 else ring
    return (lon, lat), tuple((x, y) for x, y, *_ in outline), area



# --- the Han river ----------------------------------------------------------------------------

# The districts on the Han's north and south banks. Seoul's districts reach into the river
# and meet there: every border a north-bank district shares with a south-bank one runs in
# the river, so those borders trace its course through the city (not its width, and not
# the stretches where it is the city's own border, west of Gangseo and east of Gangdong).
NORTH_BANK = frozenset({"마포구", "용산구", "성동구", "광진구"})
SOUTH_BANK = frozenset({"강서구", "영등포구", "동작구", "서초구", "강남구", "송파구", "강동구"})
RIVER_COLOUR = [40, 110, 200]
RIVER_NAME_COLOUR = [24, 92, 160]


def _edges(geometries: Iterable[dict | str]) -> set[frozenset]:
    edges = set()
    for geometry in geometries:
        for ring in (ring for polygon in _polygons(geometry) for ring in polygon):
            points = [(round(x, 6), round(y, 6)) for x, y, *_ in ring]
            edges |= {frozenset(pair) for pair in zip(points, points[1:]) if pair[0] != pair[1]}
    return edges


def han_river_paths(frame: pd.DataFrame) -> list[list[list[float]]]:
    """The Han's course as polylines ([[lon, lat], …], west to east): the borders that
    north-bank and south-bank districts in `frame` (gu, geometry_json) share."""
    if frame.empty or "geometry_json" not in frame:
        return []
    shapes = frame.dropna(subset=["geometry_json"])
    shared = _edges(shapes.loc[shapes["gu"].isin(NORTH_BANK), "geometry_json"]) & \
        _edges(shapes.loc[shapes["gu"].isin(SOUTH_BANK), "geometry_json"])
    neighbours: dict[tuple, list[tuple]] = {}
    for a, b in (tuple(edge) for edge in shared):
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    paths, used = [], set()
    # Chains start at their ends (west first); what is left are closed loops.
    starts = sorted(n for n, near in neighbours.items() if len(near) != 2) + sorted(neighbours)
    for start in starts:
        for step in neighbours[start]:
            if frozenset((start, step)) in used:
                continue
            path, prev, cur = [start], start, step
            while True:
                used.add(frozenset((prev, cur)))
                path.append(cur)
                onward = [n for n in neighbours[cur] if frozenset((cur, n)) not in used]
                if len(neighbours[cur]) != 2 or not onward:
                    break
                prev, cur = cur, onward[0]
            paths.append(path if path[0][0] <= path[-1][0] else path[::-1])
    return [[list(point) for point in path] for path in sorted(paths, key=lambda p: p[0][0])]


def river_layers(frame: pd.DataFrame, *, note: bool = True) -> tuple[list[pdk.Layer], list[Place]]:
    """The Han drawn as a blue line (from `han_river_paths`) and the places its name may
    stand on (along the longest stretch, middle first); nothing without those districts.
    `note=False` for a map whose own tooltip template the line's note would not fill: the
    line is then not hoverable."""
    paths = [compact_path(path) for path in han_river_paths(frame)]
    paths = [path for path in paths if len(path) > 1]
    if not paths:
        return [], []
    from .i18n import t
    name = t("maps.river")
    # A white edge under the blue keeps the line visible on light and dark fills alike; the
    # blue line's tooltip says how it is drawn.
    edge = pdk.Layer("PathLayer", shared_geometry.shared([{"path": path} for path in paths]), id="river-edge",
                     get_path="path",
                     get_color=[255, 255, 255, 235], get_width=8, width_units="'pixels'", cap_rounded=True,
                     joint_rounded=True, pickable=False)
    line = pdk.Layer("PathLayer", shared_geometry.shared([{"path": path, **tip(name, t("maps.river_note"))}
                                                         for path in paths]), id="river",
                     get_path="path", get_color=RIVER_COLOUR, get_width=4, width_units="'pixels'", cap_rounded=True,
                     joint_rounded=True, pickable=note)
    longest = max(paths, key=len)
    # Spots along it every 5 % of its vertices, the middle first.
    fractions = sorted((i / 20 for i in range(1, 20)), key=lambda f: abs(f - 0.5))
    spots = tuple(dict.fromkeys(tuple(longest[round(f * (len(longest) - 1))]) for f in fractions))
    return [edge, line], [Place(anchors=spots, lines=(name,), size=label_size(), area=math.inf, reach=10)]


# --- the base of every map ------------------------------------------------------------------------

def _named_deck(shapes: list, river: list, data_layers: list, names: list[Place], river_name: list[Place],
                **kwargs) -> Deck:
    """A deck of `shapes`, the river over them, `data_layers`, then the district names and
    the river's name on top (their halo keeps them readable over dense dots)."""
    layers = [*shapes, *river, *data_layers]
    labels = {}
    if names:
        layers.append(label_layer(names, layer_id="district-names"))
        labels["district-names"] = names
    if river_name:
        layers.append(label_layer(river_name, layer_id="river-name", colour=RIVER_NAME_COLOUR))
        labels["river-name"] = river_name
    kwargs.setdefault("tooltip", TOOLTIP)
    return Deck(layers=layers, map_provider=None, labels=labels, **kwargs)


def outline_layers(outlines: pd.DataFrame) -> list[pdk.Layer]:
    """The district shapes (light grey): the base of every point map."""
    features = [{"type": "Feature", "geometry": compact_geometry(g), "properties": {}}
                for g in outlines["geometry_json"]]
    return [pdk.Layer("GeoJsonLayer", shared_geometry.shared({"type": "FeatureCollection", "features": features}),
                      id="districts",
                      stroked=True, filled=True, get_fill_color=[242, 245, 248, 255],
                      get_line_color=[150, 160, 172, 255], line_width_min_pixels=1, pickable=False)]


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


def point_layers(frame: pd.DataFrame, *, layer_id: str, classify: Callable, row: Callable,
                 classes: dict, **props) -> list[pdk.Layer]:
    """The rows of `frame` that have lat and lon as one scatter layer per class, drawn in the
    order given (the last on top): one colour per layer instead of one in each of thousands
    of rows. classify(r) names a row's class, row(r) its fields besides the position "p";
    `classes` maps each class, in drawing order, to its colour or to its layer's props."""
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
                snap: float = 0, **props) -> pdk.Layer:
    """Many polylines ([[lon, lat], …] or their JSON) as one MultiLineString that is not
    pickable: context under the points a map is about. Simplified to `tolerance` degrees,
    rounded to `decimals` (finer than the tolerance), joined where one ends at the start of
    another (so a network's shared points travel once) and simplified again as joined.
    With `snap` (degrees, for a frame where that is under a pixel) points first move to a
    grid of that step: ends that nearly meet join, and lines that then coincide travel once."""
    lines, seen = [], set()
    for path in paths:
        line = []
        for x, y, *_ in _simplify_line(list(json.loads(path) if isinstance(path, str) else path), tolerance):
            if snap:
                x, y = round(x / snap) * snap, round(y / snap) * snap
            point = (round(float(x), decimals), round(float(y), decimals))
            if not line or line[-1] != point:
                line.append(point)
        if len(line) > 1 and (key := tuple(line)) not in seen and key[::-1] not in seen:
            seen.add(key)
            lines.append(line)
    chains = [[list(point) for point in _simplify_line(chain, tolerance)] for chain in _chains(lines)]
    feature = {"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": chains}, "properties": {}}
    return pdk.Layer("GeoJsonLayer", shared_geometry.shared({"type": "FeatureCollection", "features": [feature]}),
                     id=layer_id, stroked=True, filled=False, pickable=False, **props)


def _chains(lines: list[list[tuple]]) -> list[list[tuple]]:
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
        chains.append(chain)
    return chains


def overlay_map(layers: Sequence[pdk.Layer], outlines: pd.DataFrame, *, bounds: Sequence[float] | None = None,
                pitch: float = 0, tooltip: dict | None = None) -> Deck:
    """`layers` over the named district outlines, fitted to `bounds` (default: all of
    Seoul's districts), with the shared tooltip (pickable rows need name and detail) or
    `tooltip` (from `tooltip()`: pickable rows fill its fields)."""
    bounds = tuple(bounds) if bounds else (bounds_of(outlines["geometry_json"]) if not outlines.empty else SEOUL_BOUNDS)
    view = fit_view(bounds, pitch=pitch) if pitch else fit_view(bounds)
    # the rows fill `tooltip`'s fields; the river's note needs the shared one
    river, river_name = river_layers(outlines, note=not tooltip)
    return _named_deck(outline_layers(outlines), river, list(layers), district_places(outlines),
                       river_name, initial_view_state=pdk.ViewState(**view), bounds=bounds,
                       tooltip=tooltip or TOOLTIP)


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
                         "properties": {**tip(fmt_district(row["gu"], row.get("gu_en")), f"{label}: {shown}", extra),
                                        "fill": fill[:3] + [225],
                                        "line": [232, 116, 59] if chosen else [255, 255, 255],
                                        "width": 4 if chosen else 1.5}})
    layers = [pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id="choropleth",
                        pickable=True, stroked=True, filled=True, get_fill_color="properties.fill",
                        get_line_color="properties.line", get_line_width="properties.width",
                        line_width_units="'pixels'", auto_highlight=True)]
    bounds = bounds_of(frame["geometry_json"]) if not frame.empty else SEOUL_BOUNDS
    view = fit_view(bounds)
    if zoom:
        view["zoom"] = zoom
    river, river_name = river_layers(frame)
    return _named_deck(layers, river, [], district_places(frame, shown_values if write_values else None), river_name,
                       initial_view_state=pdk.ViewState(**view), bounds=bounds)


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
# Streamlit's own full screen keeps the zoom the page sent, so a whole-city map stays small
# on a large screen. A map's "large map" button opens it in a dialog instead (as wide as the
# screen allows), fitted again for the dialog's width: (frame width, height) per step; on a
# phone the dialog's padding leaves about 300 px. A light map's dialog carries every step
# (CSS shows the one for the dialog's width); a heavy map's carries one step only, so that
# opening it stays within a view's 300 KB: the page has one button per step and CSS shows the
# one whose step the dialog will have room for at the screen's width.
LARGE_FITS = ((300, 400), (720, 520), (1160, 600))
LARGE_DIALOG_WIDTH = 1400
# The dialog's body is at most this much narrower than the screen (measured: 80–88 px).
DIALOG_MARGIN = 100


def frame_height(deck: Deck, width: float, max_height: float, padding: float = 12) -> int:
    """The height a `width`-px frame needs to show the deck's bounds whole (with room for
    the zoom buttons), at most `max_height`: a phone frame no taller than the city."""
    bounds = deck._bounds or SEOUL_BOUNDS
    view = fit_view(bounds, width, max_height, padding)
    (_, y1), (_, y0) = _mercator(bounds[0], bounds[1]), _mercator(bounds[2], bounds[3])
    needed = (y1 - y0) * 512 * 2 ** view["zoom"] + 2 * padding + 36
    return int(min(max_height, math.ceil(needed)))


_NATIVE_FULL_SCREEN = "[data-testid='stElementToolbar'] button[aria-label^='Fullscreen']"


def _fit_css(scope: str, keys: Sequence[str], widths: Sequence[float]) -> list[str]:
    """Show the variant `keys[i]` only while `scope` is at least `widths[i]` wide and
    narrower than the next one."""
    css = [f"{scope} {{container-type: inline-size;}}"]
    for i, key in enumerate(keys):
        if i:
            css.append(f"@container (max-width: {widths[i] - 1}px) {{.st-key-{key} {{display: none;}}}}")
        if i + 1 < len(keys):
            css.append(f"@container (min-width: {widths[i + 1]}px) {{.st-key-{key} {{display: none;}}}}")
    return css


def _css(css_key: str, dual: bool) -> str:
    frame, stage = f".st-key-{css_key}-map", f".st-key-{css_key}-stage"
    css = [
        # The large-map button replaces Streamlit's full screen (which keeps the small zoom);
        # the toolbar stays for "Clear selection" on maps a click selects on.
        f"{stage} {_NATIVE_FULL_SCREEN} {{display: none;}}",
        f"{stage} {{position: relative; gap: 0;}}",  # no gap above a hidden variant: the button's place is fixed
        # Under deck.gl's zoom buttons, in their style.
        f".st-key-{css_key}-large {{position: absolute; top: 84px; right: 10px; width: auto !important; z-index: 3;}}",
        f".st-key-{css_key}-large button {{min-height: 0; width: 30px; height: 30px; padding: 0; border-radius: 4px;"
        " background: white; box-shadow: 0 0 0 1px rgba(0, 0, 0, 0.1), 0 1px 2px rgba(0, 0, 0, 0.15); border: none;}",
    ]
    if dual:
        css += _fit_css(frame, [f"{css_key}-phone", f"{css_key}-wide"], [0, WIDE_MAP_WIDTH])
    else:  # one large-map button per step, for the screen's width (the dialog's, not the frame's)
        steps = [width for width, _ in LARGE_FITS]
        for i, width in enumerate(steps):
            hidden = f"{{.st-key-{css_key}-open-large-{width} {{display: none;}}}}"
            if i:
                css.append(f"@media (max-width: {width + DIALOG_MARGIN - 1}px) {hidden}")
            if i + 1 < len(steps):
                css.append(f"@media (min-width: {steps[i + 1] + DIALOG_MARGIN}px) {hidden}")
    return "<style>" + "\n".join(css) + "</style>"


def fitted_variants(deck: Deck, *, key: str, fits: Sequence[tuple[float, float]], alt: str | None):
    """The deck fitted to each (width, height) of `fits`, narrowest first, in a container
    keyed `key` where CSS container queries show only the widest it has room for (the
    narrowest, a phone's, no taller than the city). deck.gl cannot fit bounds from JSON, so
    each fit travels: keep `fits` few for heavy maps. Returns the container."""
    import streamlit as st

    keys = [f"{key}-{width}" for width, _ in fits]
    scope = f".st-key-{key}"
    st.html("<style>" + "\n".join([*_fit_css(scope, keys, [0] + [w for w, _ in fits[1:]]), f"{scope} {{gap: 0;}}",
                                     f"{scope} {_NATIVE_FULL_SCREEN} {{display: none;}}"])
            + "</style>")
    frame = st.container(key=key)
    for i, (variant, (width, height)) in enumerate(zip(keys, fits)):
        height = frame_height(deck, width, height) if i == 0 else height
        frame.container(key=variant).pydeck_chart(deck.fitted(width, height), height=height, alt=alt)
    return frame


def _large_map(deck: Deck, css_key: str, fits: Sequence[tuple[float, float]], legend_html: str,
               alt: str | None) -> None:
    """The dialog's body: the map fitted to each of `fits` (steps of LARGE_FITS), its legend under it."""
    frame = fitted_variants(deck, key=f"{css_key}-large-frame", fits=fits, alt=alt)
    if legend_html:
        frame.markdown(legend_html, unsafe_allow_html=True)


def map_bytes(deck: pdk.Deck) -> int:
    """What a map weighs: its JSON and the files of rows it points to (`shared_geometry`),
    which a browser fetches once and keeps."""
    shared = [layer.data for layer in deck.layers if isinstance(getattr(layer, "data", None), shared_geometry.SharedRows)]
    return len(deck.to_json().encode()) + sum(rows.size for rows in shared)


def show(deck: Deck, *, key: str, height: int = 480, title: str = "", legend_html: str = "",
         table: pd.DataFrame | None = None, alt: str = "", selectable: bool = False) -> tuple[str, dict] | None:
    """A map that fits its frame at any width, with its title above, its legend under it,
    a button that opens it large (fitted again, with its title and legend) and a one-click
    table of what it shows (the text alternative; `alt`, default the title, is read by
    screen readers). With `selectable`, a click picks one object: returned as (layer id,
    row), for details the map's rows do not carry (thousands of points travel with a key,
    not with every detail)."""
    import streamlit as st

    from .i18n import t

    css_key = key.replace(":", "-")
    alt = alt or title or None
    frame = st.container(key=f"{css_key}-map")
    phone_height = frame_height(deck, PHONE_MAP_WIDTH, min(height, 420))
    phone = deck.fitted(PHONE_MAP_WIDTH, phone_height)
    dual = map_bytes(phone) <= DUAL_FIT_MAX_BYTES
    frame.html(_css(css_key, dual))
    if title:
        frame.container(key=f"{css_key}-title").markdown(f"#### {title}")
    stage = frame.container(key=f"{css_key}-stage")

    def select(fit: str) -> dict:
        return {"on_select": "rerun", "key": f"{key}:{fit}"} if selectable else {}
    if dual:
        # Charts carry no CSS class of their own: each sits in a keyed container.
        charts = [stage.container(key=f"{css_key}-phone").pydeck_chart(phone, height=phone_height, alt=alt,
                                                                         **select("phone")),
                  stage.container(key=f"{css_key}-wide").pydeck_chart(deck.fitted(WIDE_MAP_WIDTH, height),
                                                                        height=height, alt=alt, **select("wide"))]
    else:
        charts = [stage.pydeck_chart(phone, height=phone_height, alt=alt, **select("phone"))]
    large = stage.container(key=f"{css_key}-large")
    for fits in [LARGE_FITS] if dual else [(fit,) for fit in LARGE_FITS]:
        if large.button(":material/fullscreen:", key=f"{css_key}-open-large" + ("" if dual else f"-{fits[0][0]}"),
                        help=t("maps.large")):
            st.dialog(title or alt or t("maps.large"), width=LARGE_DIALOG_WIDTH)(_large_map)(
                deck, css_key, fits, legend_html, alt)
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
