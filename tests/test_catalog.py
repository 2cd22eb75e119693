"""The catalog and the message catalogs are complete and consistent."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from dashboard import i18n
from data_sources import catalog, snapshots
from views import PAGES

SERVICES_REQUIRED = {"bikeList", "RealtimeCityAir", "TimeAverageAirQuality", "citydata", "TrafficInfo",
                     "VolInfo", "tbCycleRentData", "tbCycleStationInfo"}


def test_every_dataset_declares_provenance_and_schema():
    for ds in catalog.load_catalog().values():
        assert ds.licence and ds.attribution and ds.publisher and ds.original_id and ds.cadence, ds.id
        assert ds.title_ko and ds.title_en and ds.timezone == "Asia/Seoul"
        for col in ds.columns:
            assert col.en and col.ko, f"{ds.id}.{col.name} needs ko/en descriptions"
        if ds.as_of_column:
            assert ds.as_of_column in ds.column_names


def test_live_services_are_all_covered():
    services = {ds.source.service for ds in catalog.load_catalog().values() if ds.source.service}
    assert SERVICES_REQUIRED <= services


def test_file_datasets_have_a_bundled_snapshot_matching_the_schema():
    for ds in catalog.warehouse_datasets():
        if ds.source.paths:
            info = snapshots.bundled_snapshot(ds.id)
            assert info is not None, f"{ds.id}: run `python -m data_sources bundle {ds.id}`"
            assert info.columns == ds.column_names, ds.id
            assert info.rows >= ds.min_rows


def test_bundled_sidecars_hold_no_absolute_paths_or_keys():
    for path in snapshots.settings.bundled_snapshot_dir().glob("*.json"):
        text = path.read_text()
        assert "/work/" not in text and "/home/" not in text and "KEY" not in text.replace("***KEY***", ""), path.name


def test_every_message_has_both_languages_and_placeholders_agree():
    for key, entry in i18n.messages().items():
        assert set(entry) == {"ko", "en"}, key
        assert entry["ko"].strip() or entry["en"].strip(), key
        assert sorted(re.findall(r"{(\w+)", entry["ko"])) == sorted(re.findall(r"{(\w+)", entry["en"])), key


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_every_page_has_navigation_title_and_known_datasets(page):
    assert f"{page.key}.nav" in i18n.messages() and f"{page.key}.title" in i18n.messages()
    for dataset_id in page.datasets:
        catalog.get(dataset_id)


def test_every_dataset_states_a_machine_readable_cadence():
    datasets = catalog.load_catalog()
    assert datasets["air_daily"].update_every == timedelta(days=1)
    assert datasets["bike_live"].update_every == timedelta(minutes=5)
    assert datasets["gu_boundaries"].update_every is None
    for ds in datasets.values():
        if ds.sample or ds.synthetic:
            assert ds.update_every is None, f"{ds.id}: a sample is never updated"
        if ds.is_live:
            assert ds.update_every is not None and ds.update_every <= timedelta(hours=1), ds.id


@pytest.mark.parametrize("text,expected", [("5m", timedelta(minutes=5)), ("30m", timedelta(minutes=30)),
                                           ("1h", timedelta(hours=1)), ("1mo", timedelta(days=30)),
                                           ("1y", timedelta(days=365)), ("none", None)])
def test_update_every_parses(text, expected):
    assert catalog.parse_update_every(text) == expected


@pytest.mark.parametrize("text", ["", "daily", "5 m", "0d", "1month", "-1h"])
def test_update_every_rejects_what_it_cannot_read(text):
    with pytest.raises(ValueError, match="update_every"):
        catalog.parse_update_every(text)


_MINIMAL = '''
[datasets.toy]
title_ko = "t"
title_en = "t"
publisher = "p"
original_id = "o"
licence = "l"
attribution = "a"
cadence = "daily"
update_every = "1d"
table = "toy"
source = { kind = "file", paths = ["x.csv"], importer = "air:daily_by_station" }
columns = [{ name = "date", type = "DATE", en = "d", ko = "d" }]
'''


@pytest.mark.parametrize("change,message", [
    (("cadence = ", "cadense = "), r"toy.toml: dataset 'toy': unknown key 'cadense'"),
    (('update_every = "1d"', 'update_every = "daily"'), r"toy.toml: dataset 'toy': update_every must"),
    (("table = \"toy\"", "table = 3"), r"toy.toml: dataset 'toy': key 'table' must be str, got 3"),
    (('importer = "air', 'normalizer = "x", importer = "air'), r"toy.toml: dataset 'toy' source: unknown key 'normalizer'"),
    (('type = "DATE"', 'typ = "DATE"'), r"toy.toml: dataset 'toy' column #1: unknown key 'typ'"),
    (('type = "DATE"', 'type = "DATETIME"'), r"toy.toml: dataset 'toy' column 'date': unsupported type DATETIME"),
    (('kind = "file"', 'kind = "ftp"'), r"toy.toml: dataset 'toy': unknown source kind 'ftp'"),
    (('columns = [', 'sample = "yes"\ncolumns = ['), r"key 'sample' must be bool"),
])
def test_catalog_typos_name_the_file_dataset_and_key(tmp_path, change, message):
    (tmp_path / "toy.toml").write_text(_MINIMAL.replace(*change), encoding="utf-8")
    with pytest.raises(catalog.CatalogError, match=message):
        catalog.load_catalog.__wrapped__(tmp_path)


def test_a_well_formed_toy_catalog_loads(tmp_path):
    (tmp_path / "toy.toml").write_text(_MINIMAL, encoding="utf-8")
    toy = catalog.load_catalog.__wrapped__(tmp_path)["toy"]
    assert toy.column_names == ["date"] and toy.update_every == timedelta(days=1) and toy.source.kind == "file"


def test_normalisers_take_their_columns_from_the_catalog():
    from data_sources import live
    assert live.BIKE_LIST_COLUMNS == catalog.frame_schema("bike_live")
    assert list(live.TRIP_COLUMNS) == catalog.get("rental_history").column_names
    assert list(live.CITY_ROAD_LINK_COLUMNS) == [c.name for c in catalog.get("citydata_road").block_columns("road_links")]
    for ds in catalog.load_catalog().values():
        for name, columns in ds.blocks:
            for col in columns:
                assert col.en and col.ko, f"{ds.id}.{name}.{col.name} needs ko/en descriptions"
