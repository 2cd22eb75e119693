"""The bicycles page under AppTest: every section in both languages, real numbers from
the source files on screen, the URL reproducing a view, odd URL values explained, and
the imported rental-history views (with a small synthetic file, labelled as such)."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.apptest_helpers import MAP_BUDGET_BYTES, assert_clean, map_bytes, run_page
from tests.conftest import requires_shared, shared_data

VIEWS = ("network", "use", "demand", "routes", "safety", "districts", "live")
TITLE = {"ko": "서울 공공자전거 따릉이", "en": "Seoul's public bicycles (Ttareungi)"}


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _qp(at, key):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info] \
        + [w.value for w in at.warning]
    return " ".join(parts)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("view", VIEWS)
def test_every_section_renders_in_both_languages(warehouse, view, lang):
    at = run_page("bikes", lang, view=view)
    assert_clean(at)
    assert at.title[0].value == TITLE[lang]
    assert _qp(at, "view") == view
    # one chart or map at least, and no untranslated keys in widget labels either
    labels = [w.label for w in list(at.selectbox) + list(at.metric)]
    assert not [x for x in labels if "⟦" in x]


@requires_shared
def test_network_shows_the_june_2023_counts(warehouse):
    at = run_page("bikes", "en", view="network")
    values = list(_metrics(at).values())
    src = pd.read_csv(shared_data() / "bike_stations/ddareungi_stations_202306.utf8.csv")
    racks = pd.to_numeric(src["거치대수QR"], errors="coerce").fillna(pd.to_numeric(src["거치대수LCD"], errors="coerce"))
    assert f"{len(src):,}" in values and f"{int(racks.sum()):,}" in values  # 2,749 stations, QR-else-LCD racks


@requires_shared
def test_network_list_and_district_in_the_url_reproduce_the_view(warehouse):
    at = run_page("bikes", "ko", view="network", list="2018", gu="마포구")
    assert_clean(at)
    src = pd.read_csv(shared_data() / "bike_stations/ddareungi_stations_20180409.utf8.csv")
    n = int((src["구"] == "마포구").sum())
    assert f"{n:,}" in _metrics(at).values()
    assert _qp(at, "list") == "2018" and _qp(at, "gu") == "마포구"
    assert at.selectbox(key="bikes:gu").value == "마포구"


def test_english_district_names_are_accepted_in_the_url(warehouse):
    at = run_page("bikes", "en", view="live", gu="Mapo-gu")
    assert_clean(at)
    assert _qp(at, "gu") == "마포구"
    assert not at.info or not any("not valid" in i.value for i in at.info)


@requires_shared
def test_use_section_month_and_totals(warehouse):
    at = run_page("bikes", "en", view="use", month="2018-03")
    assert_clean(at)
    m21 = pd.read_csv(shared_data() / "bike_usage/ddareungi_station_monthly_rentals_202102_202106.utf8.csv")
    assert f"{int(m21['대여건수'].sum()):,}" in _metrics(at).values()  # 12,876,284 rentals Feb–Jun 2021
    assert at.selectbox(key="bikes:month").value == "2018-03"
    # a 2018 month narrows the pile-up/run-out view to that month
    assert any("Mar 2018" in m.value for m in at.markdown)


@requires_shared
def test_demand_section_shows_the_uci_total_and_the_exclusion(warehouse):
    at = run_page("bikes", "ko", view="demand")
    uci = pd.read_csv(shared_data() / "bike_usage/uci_SeoulBikeData.latin1.csv", encoding="latin-1")
    count = uci["Rented Bike Count"] if "Rented Bike Count" in uci.columns else uci["Rented Bicycle Count"]
    assert f"{int(count.sum()):,}" in _metrics(at).values()  # 6,172,314
    assert "295" in _text(at)  # the non-operating hours are said to be left out
    assert any("교육용" in w.value for w in at.warning)  # the AIVLE subset is labelled


def test_routes_section_labels_the_sample_and_the_gangnam_month(warehouse):
    """The OD sample is labelled a sample; the bundled trip month (January 2023) is labelled
    as trips within Gangnam-gu only, above the figures and on every chart heading; no shell
    command on the public page."""
    for lang, word, scope in (("ko", "표본", "강남구 내부 이용만"), ("en", "SAMPLE", "within Gangnam-gu only")):
        at = run_page("bikes", lang, view="routes")
        assert_clean(at)
        assert any(word in w.value for w in at.warning)
        assert any(scope in w.value and "34,937" in w.value for w in at.warning)
        headings = [h.value for h in at.markdown if scope in h.value]
        assert len(headings) >= 5, headings  # hour, duration, distance, balance, routes
        assert not any("SYNTHETIC" in w.value or "합성" in w.value for w in at.warning)
        # SQL and the briefing's embed snippets (HTML) only: no shell command
        assert not [c for c in at.code if c.language not in ("sql", "html")], [c.value for c in at.code]
        assert "python" not in _text(at) and "README" not in _text(at)


@requires_shared
def test_live_section_counts_and_bundled_capture(warehouse):
    at = run_page("bikes", "en", view="live")
    live = pd.read_csv(shared_data() / "bike_live/seoul_bike_stations_live_20260909.utf8.csv")
    values = _metrics(at).values()
    assert f"{len(live):,}" in values and f"{int(live['bikes_parked'].sum()):,}" in values
    assert f"{int((live['bikes_parked'] == 0).sum()):,}" in values  # 349 empty stations
    assert any("9 Sep 2026 11:09 KST" in i.value for i in at.info)  # the bundled capture is named


def test_safety_and_districts_read_their_url_values(warehouse):
    at = run_page("bikes", "en", view="safety", year="2015", gu="송파구")
    assert_clean(at)
    assert at.selectbox(key="bikes:year").value == 2015
    at = run_page("bikes", "ko", view="districts", metric="accidents_per_lane_km")
    assert_clean(at)
    assert at.selectbox(key="bikes:metric").value == "accidents_per_lane_km"
    assert _qp(at, "metric") == "accidents_per_lane_km"


@pytest.mark.parametrize("params", [
    {"view": "bogus"},
    {"view": "network", "list": "1999"},
    {"view": "network", "gu": "'; DROP TABLE bike_live;--"},
    {"view": "use", "month": "2030-01"},
    {"view": "districts", "metric": "nonsense"},
    {"view": "routes", "min": "9999"},
    {"view": "safety", "year": "19x5"},
    {"view": "demand", "dust": "smog"},
])
def test_bad_url_values_show_a_notice_and_the_default(warehouse, params):
    at = run_page("bikes", "en", **params)
    assert_clean(at)
    assert any("not valid" in i.value for i in at.info), params


def test_switching_section_drops_the_previous_sections_choices(warehouse):
    at = run_page("bikes", "en", view="use", month="2018-02")
    at.segmented_control(key="bikes:view").set_value("routes").run()
    assert_clean(at)
    assert _qp(at, "view") == "routes" and _qp(at, "month") is None
    assert not any("not valid" in i.value for i in at.info)


# --- imported rental history ----------------------------------------------------------

_HEADER = ("자전거번호,대여일시,대여 대여소번호,대여 대여소명,대여거치대,반납일시,반납대여소번호,반납대여소명,반납거치대,"
           "이용시간(분),이용거리(M),생년,성별,이용자종류,대여대여소ID,반납대여소ID")
_STATIONS = [(102, "망원역 1번출구 앞", "ST-4"), (103, "망원역 2번출구 앞", "ST-5"), (104, "합정역 1번출구 앞", "ST-6")]


@pytest.fixture
def imported_trips(tmp_var, tmp_path):
    """A warehouse with 60 hand-made trips (named 'synthetic', so flagged as such)."""
    from data_sources import warehouse as wh
    from data_sources.importers.rental_history import import_rental_history_snapshot
    lines = [_HEADER]
    for i in range(60):
        a, b = _STATIONS[i % 3], _STATIONS[(i // 3) % 3]
        start = pd.Timestamp("2023-06-01 07:00") + pd.Timedelta(hours=i)
        minutes = 5 + i % 40
        lines.append(f"SPB-{i:05d},{start:%Y-%m-%d %H:%M:%S},{a[0]},{a[1]},0,"
                     f"{start + pd.Timedelta(minutes=minutes):%Y-%m-%d %H:%M:%S},{b[0]},{b[1]},0,"
                     f"{minutes},{200 * minutes},1990,M,내국인,{a[2]},{b[2]}")
    csv = tmp_path / "rental_history_synthetic_202306.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_rental_history_snapshot(csv)
    wh.build()
    return 60


def test_routes_section_shows_imported_trips(imported_trips):
    at = run_page("bikes", "en", view="routes", month="2023-06")
    assert_clean(at)
    assert _metrics(at)["Trips"] == f"{imported_trips:,}"
    assert at.selectbox(key="bikes:trips_month").value == "2023-06"
    assert any("SYNTHETIC" in w.value for w in at.warning)
    assert not any("Gangnam" in w.value for w in at.warning)  # June is not the Gangnam extract
    assert not at.code or not any("import rental_history" in c.value for c in at.code)
    # the bundled January stays beside it, labelled per month: Gangnam-only, not synthetic
    january = run_page("bikes", "en", view="routes", month="2023-01")
    assert _metrics(january)["Trips"] == "34,937"
    assert any("within Gangnam-gu only" in w.value for w in january.warning)
    assert not any("SYNTHETIC" in w.value for w in january.warning)


def test_live_section_says_how_old_a_refreshed_snapshot_is(warehouse, tmp_var):
    """A snapshot from the Open API shows its time and 'updated … ago', not the bundled note."""
    from data_sources import catalog, pipeline, snapshots
    from data_sources import warehouse as wh
    con = wh.connect_read_only(warehouse)
    frame = con.sql("SELECT * FROM bike_live").df()
    con.close()
    frame["snapshot_at_kst"] = pd.Timestamp(snapshots.now_kst()).tz_localize(None).floor("min")
    pipeline.snapshot_frame(catalog.get("bike_live"), frame, source="Seoul Open API bikeList", source_kind="openapi")
    wh.build()
    at = run_page("bikes", "en", view="live")
    assert_clean(at)
    assert any("Updated" in b.value and ("just now" in b.value or "min ago" in b.value) for b in at.success)
    assert not any("bundled snapshot" in i.value for i in at.info)


def test_network_map_of_the_december_2025_list(warehouse):
    """The newest list (no racks published) draws its stations like the others."""
    at = run_page("bikes", "en", view="network", list="2025")
    assert_clean(at)
    assert not at.error and map_bytes(at) > 0
    caption = next(c.value for c in at.caption if "2,799 of 2,799" in c.value)
    assert "publishes no rack counts" in caption  # its dots cannot be sized by racks


def test_link_network_toggle_from_the_url(warehouse):
    at = run_page("bikes", "en", view="network", links="1")
    assert_clean(at)
    assert at.toggle(key="bikes:links").value is True
    assert any("12,631 bike-road links" in c.value for c in at.caption)


def _footer(at) -> str:
    return next(m.value for m in at.markdown if "<div class='osd-footer'>" in m.value)


def test_footer_names_only_the_datasets_behind_the_view_that_have_rows(warehouse):
    from data_sources import catalog
    live = _footer(run_page("bikes", "en", view="live"))
    assert catalog.get("bike_live").title("en") in live
    assert catalog.get("bike_accidents").title("en") not in live  # the safety section's data
    routes = _footer(run_page("bikes", "en", view="routes"))
    assert catalog.get("bike_od_sample").title("en") in routes
    assert catalog.get("rental_history").title("en") in routes  # the bundled January 2023 trips


def test_district_table_writes_thousands_separators_in_either_language(warehouse):
    """Numbers in tables use ',' for thousands whatever the browser's locale (ko and en agree)."""
    import json
    at = run_page("bikes", "ko", view="districts")
    config = json.loads(at.dataframe[-1].proto.columns)
    formats = {k: v["type_config"]["format"] for k, v in config.items()
               if v.get("type_config", {}).get("type") == "number"}
    assert formats and all(f.startswith("%,") for f in formats.values()), formats


@requires_shared
def test_use_section_shows_rentals_to_2025_and_who_rides(warehouse):
    at = run_page("bikes", "en", view="use", mix="gender")
    assert_clean(at)
    city = pd.read_csv(shared_data() / "bike_usage/ddareungi_citywide_monthly_201901_202512.utf8.csv")
    in_2025 = int(city[city["month"].str.startswith("2025")]["rentals"].sum())
    assert _metrics(at)["Rentals in 2025"] == f"{in_2025:,}"  # 37,373,054
    assert at.segmented_control(key="bikes:mix").value == "gender" and _qp(at, "mix") == "gender"
    assert any("Who rides" in m.value for m in at.markdown)


@requires_shared
def test_safety_counts_accidents_one_way(warehouse):
    at = run_page("bikes", "en", view="safety", year="2023")
    assert_clean(at)
    raw = pd.read_csv(shared_data() / "bike_accidents/seoul_bicycle_accidents_by_gu_yearly.csv", encoding="utf-8-sig")
    y23 = raw[(raw["연도"] == 2023) & (raw["자치구"] != "소계")]
    assert _metrics(at)["Bicycle accidents in 2023"] == f"{int(y23['피해_발생건수'].sum()):,}"  # never victim + at fault


# --- map data per view (issue 14) ---------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"view": "network", "gu": "마포구"}, {"view": "use", "month": "2018-03"}, {"view": "routes", "top": "400"},
    {"view": "live", "gu": "강남구"}])
def test_map_views_with_their_choices_stay_within_the_map_data_budget(warehouse, params):
    """Each section's default view is measured by the page sweep; these are its other maps."""
    at = run_page("bikes", "ko", **params)
    assert_clean(at)
    assert 0 < map_bytes(at) <= MAP_BUDGET_BYTES, f"{map_bytes(at):,} bytes"


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("gu", ["", "서초구"])  # 서초구: the district with the most map data
def test_network_map_with_the_link_network_stays_within_the_map_data_budget(warehouse, lang, gu):
    at = run_page("bikes", lang, view="network", links="1", gu=gu)
    assert_clean(at)
    assert 0 < map_bytes(at) <= MAP_BUDGET_BYTES, f"{map_bytes(at):,} bytes"
    caption = next(c.value for c in at.caption if "링크 " in c.value or "road links" in c.value)
    if gu:  # the links in and around the district, not the whole city's
        assert "12,631" not in caption and (gu if lang == "ko" else "Seocho-gu") in caption
    else:
        assert "12,631" in caption


def _map_inputs(con):
    import queries
    stations = queries.run("bikes/stations_map", {"list": "2023", "gu": ""}, con=con).frame
    lanes = queries.run("bikes/lanes_map", {"gu": ""}, con=con).frame
    outlines = queries.run("bikes/gu_outlines", {}, con=con).frame
    return stations, lanes, outlines


def _rows(spec: dict, prefix: str) -> list[dict]:
    return [row for layer in spec["layers"] if layer["id"].startswith(prefix) for row in layer["data"]]


def test_network_map_sends_station_numbers_and_a_click_shows_the_station(con):
    import json
    import re

    from dashboard import i18n, maps
    from views import bikes_charts as charts
    i18n.set_lang("en")
    try:
        stations, lanes, outlines = _map_inputs(con)
        deck = charts.network_deck(stations, lanes, None, outlines, maps.quantile_breaks(stations["rentals_2024_25"]))
        spec = json.loads(deck.to_json())
        rows = _rows(spec, "stations-")
        assert len(rows) == int(stations["lat"].notna().sum())
        assert all(set(re.findall(r"{(\w+)}", deck._tooltip["html"])) <= set(row) for row in rows)
        busiest = stations.loc[stations["rentals_2024_25"].idxmax()]
        text = charts.station_details(stations, int(busiest["station_no"]))
        assert str(busiest["station_name"]) in text and f"{int(busiest['rentals_2024_25']):,}" in text
        assert charts.station_details(stations, -1) is None
        english = {busiest["gu"]: "Gangseo-gu"}  # the district named in the page language
        assert "Gangseo-gu" in charts.station_details(stations, int(busiest["station_no"]), english)
    finally:
        i18n.set_lang("ko")


def test_with_the_city_s_links_a_click_finds_its_station_by_position(con):
    import json

    import queries
    from dashboard import maps
    from views import bikes_charts as charts
    stations, lanes, outlines = _map_inputs(con)
    links = queries.run("bikes/road_links_map", {}, con=con).frame
    deck = charts.network_deck(stations, lanes, links, outlines, maps.quantile_breaks(stations["rentals_2024_25"]))
    rows = _rows(json.loads(deck.to_json()), "stations-")
    assert len(rows) == int(stations["lat"].notna().sum()) and not any("i" in row for row in rows)
    busiest = stations.loc[stations["rentals_2024_25"].idxmax()]
    clicked = next(row for row in rows if row["p"] == maps.lonlat(busiest["lon"], busiest["lat"]))
    assert charts.picked_station(stations, clicked) == busiest["station_no"]
    assert charts.picked_station(stations, {"i": 7}) == 7
    assert charts.picked_station(stations, {"p": [0.0, 0.0]}) is None


def test_flow_map_draws_the_busiest_pairs_it_is_asked_for(con):
    import json

    import queries
    from views import bikes_charts as charts
    flows = queries.run("bikes/od_flows", {"gu": "", "min_trips": 1}, con=con).frame
    outlines = queries.run("bikes/gu_outlines", {}, con=con).frame
    arcs = _rows(json.loads(charts.od_deck(flows, outlines, 100).to_json()), "flows")
    assert len(arcs) == 100
    drawn = sorted(int(a["v"].split()[0].replace(",", "")) for a in arcs)
    assert drawn == sorted(flows[~flows["round_trip"]]["trips"].nlargest(100).tolist())
