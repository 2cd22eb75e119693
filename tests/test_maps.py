"""The shared map builders. pydeck turns plain strings into JavaScript expressions, so an
unquoted constant such as "pixels" silently breaks the layer in the browser (the polygons
vanish); constants must be quoted ("'pixels'"). Streamlit escapes the values it puts into
a tooltip template, so markup in the data shows as raw HTML: data fields are plain text."""
from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

import queries
from dashboard import i18n, maps


def _layers(deck) -> list[dict]:
    return json.loads(deck.to_json())["layers"]


def test_district_choropleth_draws_every_district_with_quoted_constants(con):
    i18n.set_lang("ko")  # the language is process-wide; earlier page tests may leave "en"
    frame = queries.run("glance/district_indicators", con=con).frame
    deck = maps.district_choropleth(frame, "pm25_mean", label="PM2.5", highlight="종로구", write_values=True)
    layers = _layers(deck)
    shapes = next(l for l in layers if l["@@type"] == "GeoJsonLayer")
    assert len(shapes["data"]["features"]) == 25
    for layer in layers:
        for key, value in layer.items():
            if key.endswith("Units") and isinstance(value, str):
                assert not value.startswith("@@="), f"{key}={value!r} became a JavaScript expression"
    chosen = [f for f in shapes["data"]["features"] if f["properties"]["line"] != [255, 255, 255]]
    assert len(chosen) == 1 and chosen[0]["properties"]["name"] == "종로구"


def test_missing_values_are_grey_and_say_so():
    frame = pd.DataFrame({"gu": ["중구", "종로구"], "gu_en": ["Jung-gu", "Jongno-gu"], "v": [1.0, None],
                          "geometry_json": ['{"type":"Polygon","coordinates":[[[127,37.5],[127.01,37.5],[127,37.51],[127,37.5]]]}'] * 2})
    features = _layers(maps.district_choropleth(frame, "v", label="x"))[0]["data"]["features"]
    missing = features[1]["properties"]
    assert missing["fill"][:3] == [200, 200, 200] and missing["detail"] == "x: –"


@pytest.fixture
def district_frame(con):
    i18n.set_lang("ko")
    yield queries.run("glance/district_indicators", con=con).frame
    i18n.set_lang("ko")


def _pickable_objects(spec: dict) -> list[dict]:
    out = []
    for layer in spec["layers"]:
        if not layer.get("pickable"):
            continue
        data = layer["data"]
        out += [f["properties"] for f in data["features"]] if isinstance(data, dict) else data
    return out


def test_tooltips_are_plain_text_fields_of_a_markup_template(district_frame):
    deck = maps.district_choropleth(district_frame, "pm25_mean", label="초미세먼지 (µg/m³)",
                                    extra_tooltip=["보통"] * len(district_frame))
    spec = json.loads(deck.to_json())
    fields = set(re.findall(r"{(\w+)}", maps.TOOLTIP["html"]))
    assert fields == {"name", "detail"}
    objects = _pickable_objects(spec)
    assert len(objects) == 26  # the 25 districts and the Han river
    for obj in objects:
        assert fields <= set(obj), "every pickable object fills every field (else the template shows '{field}')"
        assert not re.search(r"<[a-z/]", obj["name"] + obj["detail"]), obj
    gangnam = next(o for o in objects if o["name"] == "강남구")
    assert gangnam["detail"].splitlines()[0].startswith("초미세먼지 (µg/m³): ") and gangnam["detail"].endswith("보통")
    # The panel is pinned inside the map (no per-pointer translate) and wraps lines.
    style = maps.TOOLTIP["style"]
    assert style["transform"] == "none" and style["whiteSpace"] == "pre-line" and "100%" in style["maxWidth"]


@pytest.mark.parametrize("language, name", [("ko", "종로구"), ("en", "Jongno")])
def test_every_district_is_named_and_the_font_atlas_has_its_characters(con, language, name):
    i18n.set_lang(language)
    try:
        frame = queries.run("glance/district_indicators", con=con).frame
        spec = json.loads(maps.district_choropleth(frame, "pm25_mean", label="PM2.5", write_values=True).to_json())
    finally:
        i18n.set_lang("ko")
    labels = next(l for l in spec["layers"] if l["@@type"] == "TextLayer")
    texts = [row["text"] for row in labels["data"]]
    assert len(texts) == 25 and any(t.startswith(name + "\n") for t in texts)
    assert all(re.fullmatch(r"[^\n]+\n[0-9.,–]+", t) for t in texts), texts[:3]
    used = {ch for t in texts for ch in t if ch != "\n"}
    assert isinstance(labels["characterSet"], list) and used <= set(labels["characterSet"])
    assert labels["fontSettings"]["sdf"] is True  # the halo that keeps names readable on dark fills
    assert labels["parameters"] == {"depthCompare": "always"}  # whole on tilted maps


def _pixel_size(view: dict, bounds) -> tuple[float, float]:
    scale = 512 * 2 ** view["zoom"]
    x0, y1 = maps._mercator(bounds[0], bounds[1])
    x1, y0 = maps._mercator(bounds[2], bounds[3])
    return (x1 - x0) * scale, (y1 - y0) * scale


@pytest.mark.parametrize("width, height", [(maps.PHONE_MAP_WIDTH, 420), (maps.WIDE_MAP_WIDTH, 520), (1200, 480)])
def test_fit_view_shows_seoul_whole_in_the_frame(con, width, height):
    outlines = con.execute("SELECT geometry_json FROM gu_boundaries").df()
    bounds = maps.bounds_of(outlines["geometry_json"])
    view = maps.fit_view(bounds, width, height)
    w, h = _pixel_size(view, bounds)
    assert w <= width - 2 * 12 + 1 and h <= height - 2 * 12 + 1
    assert max(w / (width - 24), h / (height - 24)) > 0.98  # and fills it in one direction
    # The centre of the frame is the centre of the bounds.
    cx, cy = maps._mercator(view["longitude"], view["latitude"])
    (ax, ay), (bx, by) = maps._mercator(bounds[0], bounds[1]), maps._mercator(bounds[2], bounds[3])
    assert math.isclose(cx, (ax + bx) / 2, abs_tol=1e-6) and math.isclose(cy, (ay + by) / 2, abs_tol=1e-6)


def test_a_narrower_frame_never_clips_the_phone_fit(district_frame):
    deck = maps.district_choropleth(district_frame, "pm25_mean", label="PM2.5")
    phone, wide = deck.fitted(maps.PHONE_MAP_WIDTH, 420), deck.fitted(maps.WIDE_MAP_WIDTH, 520)
    assert phone.initial_view_state.zoom < wide.initial_view_state.zoom
    assert json.loads(phone.to_json())["initialViewState"]["zoom"] == phone.initial_view_state.zoom
    assert "_bounds" not in phone.to_json()


def test_maps_ask_for_no_base_map(district_frame, con):
    """The maps draw their own districts, river and names. A deck without a map style gets
    Streamlit's default, a third-party base map (a second WebGL map and a network request
    per view, blank offline); pydeck's style sentinel is what Streamlit reads as "none"."""
    decks = [maps.district_choropleth(district_frame, "pm25_mean", label="PM2.5"),
             maps.overlay_map([], _outlines(con))]
    for deck in decks:
        spec = json.loads(deck.to_json())
        assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec, spec.get("mapStyle")


def test_the_district_map_travels_compact(district_frame):
    deck = maps.district_choropleth(district_frame, "pm25_mean", label="PM2.5", write_values=True)
    text = deck.to_json()
    assert len(text.encode()) <= 110_000, len(text)
    assert "\n  " not in text  # not indented
    spec = json.loads(text)
    shapes = next(l for l in spec["layers"] if l["@@type"] == "GeoJsonLayer")
    for feature in shapes["data"]["features"]:
        rings = feature["geometry"]["coordinates"]
        rings = rings if feature["geometry"]["type"] == "Polygon" else [r for p in rings for r in p]
        for ring in rings:
            assert len(ring) >= 4 and ring[0] == ring[-1]
            assert all(round(v, 5) == v for point in ring for v in point)


def test_simplification_keeps_shape_within_tolerance():
    # A square with a wobble smaller than the tolerance and a spike larger than it.
    ring = [[127.0, 37.5], [127.005, 37.50005], [127.01, 37.5], [127.01, 37.51], [127.005, 37.52],
            [127.0, 37.51], [127.0, 37.5]]
    compact = maps.compact_geometry({"type": "Polygon", "coordinates": [ring]}, tolerance=0.0002)
    out = compact["coordinates"][0]
    assert [127.005, 37.50005] not in out and [127.005, 37.52] in out
    assert out[0] == out[-1] and len(out) == 6
    tiny = [[127.0, 37.5], [127.00001, 37.5], [127.0, 37.50001], [127.0, 37.5]]
    assert len(maps.compact_geometry({"type": "Polygon", "coordinates": [tiny]})["coordinates"][0]) == 4


def test_label_point_is_inside_a_simple_polygon():
    square = {"type": "Polygon", "coordinates": [[[127.0, 37.5], [127.02, 37.5], [127.02, 37.52], [127.0, 37.52], [127.0, 37.5]]]}
    lon, lat = maps.label_point(square)
    assert math.isclose(lon, 127.01) and math.isclose(lat, 37.51)


def _outlines(con) -> pd.DataFrame:
    return con.execute("SELECT gu, gu_en, centroid_lat, centroid_lon, geometry_json FROM gu_boundaries").df()


def test_link_speed_map_colours_links_by_speed_and_opens_on_them(con):
    i18n.set_lang("en")
    try:
        links = pd.DataFrame({
            "link_id": ["a", "b", "c"], "road_name": ["4.19로", "성수이로", "뚝섬로"], "from_name": ["x", "y", "z"],
            "to_name": ["p", "q", "r"], "direction": ["상행", "", "하행"], "mean_speed": [12.345, 47.0, 30.0],
            "observations": [24, 24, 0],
            "path_json": ["[[127.05, 37.54], [127.051, 37.541], [127.052, 37.542]]",
                          "[[127.06, 37.55], [127.061234567, 37.551]]", None]})
        deck = maps.link_speed_map(links, _outlines(con), speed_label="Mean speed")
    finally:
        i18n.set_lang("ko")
    spec = json.loads(deck.to_json())
    paths = next(l for l in spec["layers"] if l["id"] == "links")["data"]
    assert len(paths) == 2  # the link without a shape is not drawn
    slow, fast = paths
    assert slow["c"][:3] == [0xd6, 0x45, 0x45] and fast["c"][:3] == [0x19, 0xa9, 0x79]
    assert slow["name"] == "4.19로 (상행)" and "Mean speed: 12.3 km/h" in slow["detail"] and "24 observations" in slow["detail"]
    assert fast["name"] == "성수이로" and fast["path"][1] == [127.06123, 37.551]
    view = spec["initialViewState"]
    assert 127.04 < view["longitude"] < 127.07 and view["zoom"] > 11  # opens on the links, not the city
    spread = links.assign(path_json=["[[126.85, 37.52], [126.86, 37.53]]", "[[127.1, 37.5], [127.11, 37.5]]", None])
    assert maps.link_speed_map(spread, _outlines(con), speed_label="x").initial_view_state.zoom < 10
    assert any(l["@@type"] == "TextLayer" for l in spec["layers"])  # district names for context


def test_speed_legend_has_a_range_for_every_colour():
    i18n.set_lang("en")
    try:
        items = maps.speed_legend_items()
    finally:
        i18n.set_lang("ko")
    assert [text for _, text in items] == ["under 15 km/h", "15–25 km/h", "25–40 km/h", "40 km/h and over"]
    assert maps.speed_colour(14.9) == items[0][0] and maps.speed_colour(15) == items[1][0] and maps.speed_colour(80) == items[-1][0]


def test_overlay_map_names_districts_and_fits_a_district(con):
    outlines = _outlines(con)
    rows = [{"p": maps.lonlat(127.0276, 37.4979), "r": 50, "c": [0, 0, 0, 255], **maps.tip("강남역", "10")}]
    whole = maps.overlay_map([maps.scatter_layer(rows, layer_id="dots")], outlines)
    one = maps.overlay_map([maps.scatter_layer(rows, layer_id="dots")], outlines,
                           bounds=maps.district_bounds(outlines, "강남구"))
    assert one.initial_view_state.zoom > whole.initial_view_state.zoom + 1
    spec = json.loads(whole.to_json())
    assert [l["id"] for l in spec["layers"]] == ["districts", "river-edge", "river", "dots", "district-names", "river-name"]
    assert spec["layers"][3]["data"][0]["name"] == "강남역"
    assert maps.district_bounds(outlines, None) is None


def _show_app(heavy: bool):  # runs inside AppTest
    import pandas as pd

    from dashboard import maps
    square = '{"type": "Polygon", "coordinates": [[[127, 37.5], [127.01, 37.5], [127.01, 37.51], [127, 37.5]]]}'
    frame = pd.DataFrame({"gu": ["중구"], "gu_en": ["Jung-gu"], "v": [1.0], "geometry_json": [square]})
    deck = maps.district_choropleth(frame, "v", label="x")
    if heavy:
        dots = [{"p": [127.0 + i * 1e-5, 37.5], "r": 1, "c": [0, 0, 0, 255], **maps.tip("n" * 40, "d" * 40)}
                for i in range(2000)]
        deck.layers.append(maps.scatter_layer(dots, layer_id="dots"))
    maps.show(deck, key="t:map", height=500, title="A title", table=frame[["gu", "v"]])


@pytest.mark.parametrize("heavy, charts", [(False, 2), (True, 1)])
def test_show_sends_a_phone_and_a_wide_fit_unless_the_map_is_heavy(heavy, charts):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(_show_app, args=(heavy,), default_timeout=60).run()
    assert not at.exception
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == charts
    zooms = sorted(json.loads(d.proto.json)["initialViewState"]["zoom"] for d in decks)
    assert zooms[0] == maps.fit_view(maps.bounds_of([json.loads(_square())]), maps.PHONE_MAP_WIDTH, 420)["zoom"]
    assert len(at.expander) == 1  # the table, one click away
    assert any(m.value == "#### A title" for m in at.markdown)
    assert all(json.loads(d.proto.json) and d.proto.alt == "A title" for d in decks)


def _square() -> str:
    return '{"type": "Polygon", "coordinates": [[[127, 37.5], [127.01, 37.5], [127.01, 37.51], [127, 37.5]]]}'


def test_compact_path_simplifies_and_rounds():
    straight = [[127.0 + i * 0.0001, 37.5 + i * 0.0001] for i in range(50)] + [[127.1, 37.5]]
    out = maps.compact_path(json.dumps(straight))
    assert out == [[127.0, 37.5], [127.0049, 37.5049], [127.1, 37.5]]


def test_compact_tooltip_holds_the_labels_once_and_escapes_them():
    tip = maps.tooltip("{n}", "Racks <all>: {k}")
    assert tip["html"] == "<b>{n}</b><div>Racks &lt;all&gt;: {k}</div>" and tip["style"] == maps.TOOLTIP["style"]


def test_lines_layer_joins_lines_that_meet_into_one_shape():
    layer = maps.lines_layer(["[[127.0, 37.5], [127.01, 37.5]]", [[127.01, 37.5], [127.02, 37.51]],
                              [[127.03, 37.5], [127.02, 37.51]], [[127.1, 37.6], [127.100001, 37.6]]],
                             layer_id="lanes", tolerance=0.0001, decimals=4)
    spec = json.loads(layer.to_json())
    assert spec["pickable"] is False
    (feature,) = spec["data"]["features"]
    # the second line continues the first, the third meets it reversed; the last is a point at 4 decimals
    assert feature["geometry"]["coordinates"] == [[[127.0, 37.5], [127.01, 37.5], [127.02, 37.51], [127.03, 37.5]]]


def test_lines_layer_simplifies_joined_lines_and_snaps_near_ends_together():
    # two links on one straight street: joined, the point where they met is no longer needed
    layer = maps.lines_layer([[[127.0, 37.5], [127.01, 37.5]], [[127.01, 37.5], [127.02, 37.5]]],
                             layer_id="links", tolerance=0.0001, decimals=4)
    assert json.loads(layer.to_json())["data"]["features"][0]["geometry"]["coordinates"] == [
        [[127.0, 37.5], [127.02, 37.5]]]
    # both sides of a street 20 m apart, on a 0.001° grid: one line; an end 30 m off still joins
    layer = maps.lines_layer([[[127.0, 37.5001], [127.01, 37.5001]], [[127.01, 37.4999], [127.0, 37.4999]],
                              [[127.0103, 37.5], [127.01, 37.51]]], layer_id="links", tolerance=0.0005, decimals=4,
                             snap=0.001)
    assert json.loads(layer.to_json())["data"]["features"][0]["geometry"]["coordinates"] == [
        [[127.0, 37.5], [127.01, 37.5], [127.01, 37.51]]]


# --- labels laid out per frame, the Han river, the large map ---------------------------------

def _label_boxes(spec: dict) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each drawn label's box in frame pixels, from the deck's own view (as deck.gl places it)."""
    view = spec["initialViewState"]
    scale = 512 * 2 ** view["zoom"]
    cx, cy = maps._mercator(view["longitude"], view["latitude"])
    boxes = []
    for layer in spec["layers"]:
        if layer["@@type"] != "TextLayer":
            continue
        for row in layer["data"]:
            x, y = maps._mercator(*row["position"])
            x, y = (x - cx) * scale + row["o"][0], (y - cy) * scale + row["o"][1]
            w, h = maps.text_box(row["text"].split("\n"), row["s"])
            boxes.append((row["text"], (x - w / 2, y - h / 2, x + w / 2, y + h / 2)))
    return boxes


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("width, height", [(maps.PHONE_MAP_WIDTH, 340), (maps.WIDE_MAP_WIDTH, 520), (1160, 600)])
def test_district_names_do_not_overlap_and_stay_in_the_frame(con, language, width, height):
    i18n.set_lang(language)
    try:
        frame = queries.run("glance/district_indicators", con=con).frame
        for write_values in (False, True):
            deck = maps.district_choropleth(frame, "pm25_mean", label="PM2.5", write_values=write_values)
            spec = json.loads(deck.fitted(width, height).to_json())
            names = next(l for l in spec["layers"] if l["id"] == "district-names")["data"]
            assert sorted(r["text"].split("\n")[0] for r in names) == sorted(maps.district_name(r) for _, r in frame.iterrows())
            assert all(r["s"] >= maps.MIN_LABEL_SIZE[language] for r in names)
            if write_values and width > maps.PHONE_MAP_WIDTH:
                assert all("\n" in r["text"] for r in names)  # room for every value on wider frames
            if width >= 1000:  # the large map has room for larger names
                assert sum(r["s"] > maps.label_size() for r in names) >= 20
            boxes = _label_boxes(spec)
            for i, (text, a) in enumerate(boxes):
                assert -width / 2 <= a[0] and a[2] <= width / 2 and -height / 2 <= a[1] and a[3] <= height / 2, text
                for other, b in boxes[i + 1:]:
                    assert not maps._overlaps(a, b), (text, other)
    finally:
        i18n.set_lang("ko")


def test_crowded_labels_move_aside_inside_their_district():
    """Two districts whose names would collide at their centres: one name moves, within
    its own district, and the layout differs from the unadjusted anchors."""
    left = [[127.0, 37.5], [127.004, 37.5], [127.004, 37.52], [127.0, 37.52], [127.0, 37.5]]
    right = [[127.004, 37.5], [127.008, 37.5], [127.008, 37.52], [127.004, 37.52], [127.004, 37.5]]
    places = [maps.Place(anchors=((127.002, 37.51),), lines=("Yeongdeungpo",), size=10, ring=tuple(map(tuple, left)), area=1),
              maps.Place(anchors=((127.006, 37.51),), lines=("Yangcheon",), size=10, ring=tuple(map(tuple, right)), area=2)]
    apart = maps.layout_labels(places, pdk_view(127.004, 37.51, 15), 400, 400)  # room for both
    assert [r["o"] for r in apart] == [[0, 0], [0, 0]]
    rows = maps.layout_labels(places, pdk_view(127.004, 37.51, 13), 400, 400)  # ≈46 px apart: they collide
    assert len(rows) == 2
    assert rows[0]["o"] == [0, 0] and rows[1]["o"] != [0, 0]  # the smaller district keeps its spot
    scale = 512 * 2 ** 13 / 360
    moved_lon = 127.006 + rows[1]["o"][0] / scale
    assert 127.004 < moved_lon < 127.008  # still inside its own district


def pdk_view(lon: float, lat: float, zoom: float):
    import pydeck as pdk
    return pdk.ViewState(longitude=lon, latitude=lat, zoom=zoom)


def test_the_han_river_is_traced_along_the_borders_the_two_banks_share(con):
    outlines = _outlines(con)
    paths = maps.han_river_paths(outlines)
    assert len(paths) == 1
    river = paths[0]
    assert river[0][0] < 126.86 and river[-1][0] > 127.1  # from Gangseo/Mapo to Gwangjin/Gangdong
    banks = {bank: maps._edges(outlines.loc[outlines["gu"].isin(names), "geometry_json"])
             for bank, names in (("north", maps.NORTH_BANK), ("south", maps.SOUTH_BANK))}
    for a, b in zip(river, river[1:]):
        edge = frozenset((tuple(a), tuple(b)))
        assert edge in banks["north"] and edge in banks["south"]
    # Without the south bank there is no river to trace, and nothing is drawn.
    north_only = outlines[outlines["gu"].isin(maps.NORTH_BANK)]
    assert maps.han_river_paths(north_only) == [] and maps.river_layers(north_only) == ([], [])
    deck = maps.overlay_map([], outlines)
    river_tips = next(l for l in json.loads(deck.to_json())["layers"] if l["id"] == "river")["data"]
    assert river_tips[0]["name"] == "한강" and "구 경계" in river_tips[0]["detail"]
    assert any(r["text"] == "한강" for l in json.loads(deck.to_json())["layers"] if l["id"] == "river-name" for r in l["data"])


def test_a_phone_frame_is_no_taller_than_the_city_needs(con):
    outlines = _outlines(con)
    deck = maps.overlay_map([], outlines)
    height = maps.frame_height(deck, maps.PHONE_MAP_WIDTH, 420)
    assert 300 < height < 400
    tight, loose = (maps.fit_view(deck._bounds, maps.PHONE_MAP_WIDTH, h) for h in (height, 420))
    assert tight["zoom"] == loose["zoom"]  # the same whole city, less empty frame
    _, h = _pixel_size(tight, deck._bounds)
    assert h <= height - 24


def _large_app():  # runs inside AppTest
    import pandas as pd

    from dashboard import i18n, maps
    i18n.set_lang("en")
    square = '{"type": "Polygon", "coordinates": [[[127, 37.5], [127.01, 37.5], [127.01, 37.51], [127, 37.5]]]}'
    frame = pd.DataFrame({"gu": ["중구"], "gu_en": ["Jung-gu"], "v": [1.0], "geometry_json": [square]})
    maps.show(maps.district_choropleth(frame, "v", label="x"), key="t:map", title="A title",
              legend_html="<div class='osd-legend'>legend</div>")


def test_the_large_map_button_opens_the_map_fitted_again_with_title_and_legend():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(_large_app, default_timeout=60).run()
    assert not at.exception and len(at.get("deck_gl_json_chart")) == 2
    at.button(key="t-map-open-large").click().run()
    assert not at.exception
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 2 + len(maps.LARGE_FITS)
    zooms = [json.loads(d.proto.json)["initialViewState"]["zoom"] for d in decks[2:]]
    bounds = maps.bounds_of([json.loads(_square())])
    assert zooms == [maps.fit_view(bounds, w, h)["zoom"] for w, h in maps.LARGE_FITS]  # fitted to each frame
    assert zooms[-1] > zooms[0]
    assert sum("legend" in m.value for m in at.markdown) == 2  # under the page's map and the large one


@pytest.mark.parametrize("step", range(len(maps.LARGE_FITS)))
def test_a_heavy_maps_large_map_sends_one_fit_for_the_screen_within_a_views_budget(step):
    """A heavy map (over DUAL_FIT_MAX_BYTES) has one large-map button per step (CSS shows the
    one for the screen's width); each opens the dialog with that step's fit only, so opening
    it sends at most 300 KB of map data, not one copy per step."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(_show_app, args=(True,), default_timeout=60).run()
    page_decks = len(at.get("deck_gl_json_chart"))
    width, height = maps.LARGE_FITS[step]
    at.button(key=f"t-map-open-large-{width}").click().run()
    assert not at.exception
    dialog = at.get("deck_gl_json_chart")[page_decks:]
    sizes = [len(d.proto.json.encode()) for d in dialog]
    assert len(sizes) == 1 and maps.DUAL_FIT_MAX_BYTES < sizes[0] <= 300_000, sizes
    bounds = maps.bounds_of([json.loads(_square())])
    assert json.loads(dialog[0].proto.json)["initialViewState"]["zoom"] == maps.fit_view(bounds, width, height)["zoom"]


def test_a_heavy_maps_large_map_buttons_show_one_per_screen_width():
    """The media queries leave exactly one button for each screen width, the widest step
    whose fit the dialog (the screen less DIALOG_MARGIN) has room for."""
    css = maps._css("k", dual=False)
    rules = re.findall(r"@media \((min|max)-width: (\d+)px\) \{\.st-key-k-open-large-(\d+) ", css)
    steps = [w for w, _ in maps.LARGE_FITS]
    for screen in (320, 390, 768, 820, 1024, 1280, 1440, 1920):
        shown = [s for s in steps if not any(int(w) == s and (screen >= int(px) if kind == "min" else screen <= int(px))
                                             for kind, px, w in rules)]
        room = screen - maps.DIALOG_MARGIN
        assert shown == [max([s for s in steps if s <= room] or steps[:1])], (screen, shown)


def test_shapes_worked_out_once_are_the_same_on_every_rerun(con):
    """Outlines, label places and bounds are computed once per geometry text and shared:
    building the maps again (as every rerun does) gives the same maps, and the shared
    results equal a fresh computation from the parsed geometry."""
    import json

    outlines = _outlines(con)
    first = maps.overlay_map([], outlines).fitted(390, 420).to_json()
    maps.district_choropleth(outlines.assign(value=range(len(outlines))), "value", label="v")
    assert maps.overlay_map([], outlines).fitted(390, 420).to_json() == first
    for text in outlines["geometry_json"]:
        assert maps.compact_geometry(text) == maps.compact_geometry(json.loads(text))
        assert maps._label_shape(text) == maps._label_shape(json.loads(text))
        assert maps.bounds_of([text]) == maps.bounds_of([json.loads(text)])
