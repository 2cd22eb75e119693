"""The shared district map builder. pydeck turns plain strings into JavaScript
expressions, so an unquoted constant such as "pixels" silently breaks the layer in the
browser (the polygons vanish); constants must be quoted ("'pixels'")."""
from __future__ import annotations

import json

import pandas as pd

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
    assert len(chosen) == 1 and "종로구" in chosen[0]["properties"]["tip"]


def test_missing_values_are_grey_and_say_so():
    frame = pd.DataFrame({"gu": ["중구", "종로구"], "gu_en": ["Jung-gu", "Jongno-gu"], "v": [1.0, None],
                          "geometry_json": ['{"type":"Polygon","coordinates":[[[127,37.5],[127.01,37.5],[127,37.51],[127,37.5]]]}'] * 2})
    features = _layers(maps.district_choropleth(frame, "v", label="x"))[0]["data"]["features"]
    missing = features[1]["properties"]
    assert missing["fill"][:3] == [200, 200, 200] and ": –" in missing["tip"]
