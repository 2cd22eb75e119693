"""District (gu) boundaries for choropleths."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from . import SourceFileError


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """Signed area and centroid of a polygon ring (shoelace formula, planar lon/lat is
    fine for label placement at city scale)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2
    return (a, cx / (6 * a), cy / (6 * a)) if a else (0.0, ring[0][0], ring[0][1])


EARTH_RADIUS_KM = 6371.0088


def _area_km2(polygons: list) -> float:
    """Area of (multi)polygon rings in km²: project lon/lat to local metres with an
    equirectangular projection at each ring's latitude (error well under 1 % at city
    scale), outer ring minus holes. The file's SHAPE_AREA is in square degrees."""
    total = 0.0
    for poly in polygons:
        for i, ring in enumerate(poly):
            lat0 = math.radians(sum(y for _, y in ring) / len(ring))
            pts = [(math.radians(x) * math.cos(lat0) * EARTH_RADIUS_KM, math.radians(y) * EARTH_RADIUS_KM)
                   for x, y in ring]
            area = abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]))) / 2
            total += area if i == 0 else -area
    return total


def read_features(path: Path) -> list[dict]:
    """The features of a GeoJSON FeatureCollection, or a SourceFileError naming the file."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError) as exc:
        raise SourceFileError(f"{path.name}: not a GeoJSON FeatureCollection ({exc})") from None


def gu_boundaries(paths: list[Path]) -> pd.DataFrame:
    (path,) = paths
    features = read_features(path)
    rows = []
    for f in features:
        p, geom = f["properties"], f["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        area, lon, lat = max((_ring_centroid(poly[0]) for poly in polygons), key=lambda t: abs(t[0]))
        rows.append({"gu": p["SIG_KOR_NM"], "gu_en": p["SIG_ENG_NM"], "sig_code": str(p["SIG_CD"]),
                     "area_km2": _area_km2(polygons),
                     "centroid_lat": lat, "centroid_lon": lon,
                     "geometry_json": json.dumps(geom, separators=(",", ":"))})
    df = pd.DataFrame(rows)
    if len(df) != 25:
        raise SourceFileError(f"{path.name}: expected Seoul's 25 gu, found {len(df)}")
    return df
