"""Map layers that do not change between reruns travel once, as files named by their
content (queries/shared_geometry.py), when the server hands such files out."""
from __future__ import annotations

import json

import pandas as pd

from dashboard import maps
from queries import shared_geometry


def _lanes():
    return maps.lines_layer([json.dumps([[126.97, 37.56], [126.98, 37.57], [126.99, 37.565]])],
                            layer_id="lanes", tolerance=0.0001)


def test_rows_become_a_file_named_by_their_content(monkeypatch, tmp_path):
    monkeypatch.setenv("OSD_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("OSD_HTTP_API", "1")
    rows = [{"path": [[126.97, 37.56], [126.98, 37.57]]}]
    url = shared_geometry.shared(rows)
    assert url.startswith("/api/geometry/") and url.endswith(".json")
    name = url.rsplit("/", 1)[1]
    assert json.loads(shared_geometry.read(name)) == rows and url.size == len(shared_geometry.read(name))
    assert shared_geometry.shared([dict(r) for r in rows]) == url  # the same rows: the same file
    assert shared_geometry.shared([{"path": [[126.97, 37.56]]}]) != url
    assert len(list((tmp_path / "geometry").iterdir())) == 2  # no partial files left behind
    for bad in ("../geometry/" + name, name.replace(".json", ""), "a" * 32 + ".json"):
        assert shared_geometry.read(bad) is None


def test_without_the_api_or_a_writable_folder_the_rows_travel_in_the_map(monkeypatch, tmp_path):
    monkeypatch.setenv("OSD_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("OSD_HTTP_API", raising=False)
    assert isinstance(_lanes().data, dict)
    assert not (tmp_path / "geometry").exists()
    monkeypatch.setenv("OSD_HTTP_API", "1")
    (tmp_path / "geometry").write_text("a file where the folder should be")  # cannot be written into
    assert isinstance(_lanes().data, dict)


def test_a_map_weighs_the_same_with_its_rows_in_files(monkeypatch, tmp_path):
    """Whether a map is light enough to send fitted twice is decided on everything a first
    visit fetches, the files included: the decision does not change with the files."""
    monkeypatch.setenv("OSD_VAR_DIR", str(tmp_path))
    outlines = pd.DataFrame({"gu": ["중구"], "gu_en": ["Jung-gu"], "centroid_lat": [37.56], "centroid_lon": [126.99],
                             "geometry_json": [json.dumps({"type": "Polygon", "coordinates": [
                                 [[126.96, 37.55], [127.02, 37.55], [127.02, 37.57], [126.96, 37.57], [126.96, 37.55]]]})]})
    monkeypatch.delenv("OSD_HTTP_API", raising=False)
    inline = maps.overlay_map([_lanes()], outlines).fitted(360, 420)
    monkeypatch.setenv("OSD_HTTP_API", "1")
    in_files = maps.overlay_map([_lanes()], outlines).fitted(360, 420)
    spec = json.loads(in_files.to_json())
    assert all(isinstance(layer["data"], str) for layer in spec["layers"] if layer["id"] in ("districts", "lanes"))
    assert abs(maps.map_bytes(in_files) - maps.map_bytes(inline)) < 100 * len(spec["layers"])
