"""The read-only HTTP API on a real server: `streamlit run server.py` (st.App with the
api/ routes) on 127.0.0.1, driven with urllib (no httpx needed).

Checks: every endpoint the data desk documents is routed; datasets, rows, named queries
and SQL give the warehouse's own numbers with licence and attribution; bad parameters,
unknown names, time limits and refusals get JSON errors with fitting status codes; the
hostile-query battery ends in errors over HTTP too while the dashboard keeps answering;
every dataset downloads (CSV and Parquet ZIPs) and re-reads with matching counts; and a
shared console link opens the same query and result in a fresh browser.
"""
from __future__ import annotations

import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from data_sources import catalog
from tests.server_helpers import CONSOLE_TIME_LIMIT_S
from tests.test_console_fences import HOSTILE, RUNAWAY
from views import desk_api

ROOT = Path(__file__).resolve().parents[1]
TIME_LIMIT = CONSOLE_TIME_LIMIT_S  # seconds, for the server under test
STATUS_FOR = {"refused": 403, "syntax": 400, "failed": 422, "timeout": 504, "too_large": 413, "memory": 413,
              "bad_parameter": 400, "unknown": 404, "busy": 503}


@pytest.fixture(scope="module")
def server(dashboard_server):
    return dashboard_server  # one server per test session (tests/server_helpers.py), time limit TIME_LIMIT


def request(base: str, path: str, params: dict | None = None, method: str = "GET", timeout: float = 60):
    url = base + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def get_json(base: str, path: str, params: dict | None = None):
    status, headers, body = request(base, path, params)
    assert headers.get("Content-Type", "").startswith("application/json"), (path, status, body[:200])
    return status, json.loads(body)


# --- documented endpoints ----------------------------------------------------------------

def _fill(path: str) -> str:
    return path.replace("{id}", "air_daily").replace("{name}", "examples/pm25_by_year")


def test_every_documented_endpoint_is_served(server):
    status, index = get_json(server, "/api")
    assert status == 200
    assert [e["path"] for e in index["endpoints"]] == [p for p, _k, _params in desk_api.ENDPOINTS]
    assert index["limits"]["time_limit_s"] == TIME_LIMIT
    for path, _key, _params in desk_api.ENDPOINTS:
        params = {"q": "SELECT 1 AS x"} if path == "/api/sql" else None
        status, _headers, body = request(server, _fill(path), params)
        assert status == 200, (path, body[:300])


def test_dataset_list_has_every_dataset_with_licence_and_counts(server, con):
    status, body = get_json(server, "/api/datasets")
    assert status == 200
    by_id = {d["id"]: d for d in body["datasets"]}
    assert set(by_id) == set(catalog.load_catalog())
    for ds in catalog.load_catalog().values():
        item = by_id[ds.id]
        assert item["licence"] == ds.licence and item["attribution"] == ds.attribution
        assert item["title"] == {"ko": ds.title_ko, "en": ds.title_en}
        if ds.table:
            rows = con.execute(f'SELECT count(*) FROM "{ds.table}"').fetchone()[0]
            assert item["rows"] == rows, ds.id
    assert by_id["air_daily"]["data_as_of"] == "2025-12-31"
    assert by_id["bike_station_info"]["data_as_of"] == "2025-05"  # stated in the catalog (no time column)


def test_dataset_rows_json_and_csv(server, con):
    status, body = get_json(server, "/api/datasets/air_daily", {"limit": 3, "offset": 2})
    assert status == 200
    assert body["returned"] == 3 and body["truncated"] is True
    assert body["dataset"]["licence"].startswith("KOGL Type 1") and body["dataset"]["rows_total"] == 199_412
    expected = con.execute("SELECT date, station, pm25_ugm3 FROM air_daily ORDER BY date, station "
                           "LIMIT 3 OFFSET 2").fetchall()
    got = [(r["date"], r["station"], r["pm25_ugm3"]) for r in body["rows"]]
    assert got == [(d.isoformat(), s, v) for d, s, v in expected]

    status, headers, raw = request(server, "/api/datasets/gu_boundaries", {"format": "csv", "limit": 50})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "describedby" in headers["Link"]
    frame = pd.read_csv(io.BytesIO(raw))
    assert len(frame) == 25 and headers["X-Truncated"] == "false"
    assert set(frame["gu"]) == {r[0] for r in con.execute("SELECT gu FROM gu_boundaries").fetchall()}


@pytest.mark.parametrize("path,params,status,code", [
    ("/api/datasets/air_daily", {"format": "xml"}, 400, "bad_parameter"),
    ("/api/datasets/air_daily", {"limit": "many"}, 400, "bad_parameter"),
    ("/api/datasets/air_daily", {"limit": 10 ** 9}, 400, "bad_parameter"),
    ("/api/datasets/air_daily", {"offset": -1}, 400, "bad_parameter"),
    ("/api/datasets/air_daily", {"where": "1=1"}, 400, "bad_parameter"),
    ("/api/datasets/no_such_dataset", None, 404, "unknown"),
    ("/api/datasets/no_such_dataset/meta", None, 404, "unknown"),
    ("/api/datasets/air_daily/download", {"format": "xlsx"}, 400, "bad_parameter"),
    ("/api/queries/examples/station_ranking", {"year": "twenty"}, 400, "bad_parameter"),
    ("/api/queries/examples/station_ranking", {"year": "2021; DROP TABLE air_daily"}, 400, "bad_parameter"),
    ("/api/queries/examples/station_ranking", {"colour": "red"}, 400, "bad_parameter"),
    ("/api/queries/no/such/query", None, 404, "unknown"),
    ("/api/sql", None, 400, "bad_parameter"),
    ("/api/sql", {"q": "SELEC 1"}, 400, "syntax"),
    ("/api/sql", {"q": "SELECT nope FROM air_daily"}, 422, "failed"),
    ("/api/sql", {"q": "SELECT 1", "limit": -5}, 400, "bad_parameter"),
    ("/api/nothing/here", None, 404, "unknown"),
])
def test_errors_are_json_with_fitting_status(server, path, params, status, code):
    got, body = get_json(server, path, params)
    assert got == status, body
    assert body["error"]["status"] == status and body["error"]["code"] == code and body["error"]["message"]


def test_path_traversal_is_refused(server):
    for path in ("/api/queries/../../etc/passwd", "/api/queries/%2e%2e/%2e%2e/etc/passwd",
                 "/api/datasets/..%2f..%2fetc%2fpasswd/download"):
        status, _headers, body = request(server, path)
        assert status in (400, 404) and b"root:" not in body, path


def test_a_map_geometry_name_that_is_not_one_is_a_json_404_never_a_path(server):
    """Map layers' files (`queries.shared_geometry`; served in tests/test_browser_parts.py)
    are named by a 32-digit hex digest: anything else is refused without touching the disk."""
    from queries import shared_geometry
    for name in ("0" * 32 + ".json", "x.json", "0" * 32 + ".txt", "0" * 31 + "g.json"):
        status, headers, body = request(server, "/api/geometry/" + name)
        assert status == 404 and headers.get("Content-Type", "").startswith("application/json"), name
        assert json.loads(body)["error"]["code"] == "unknown"
    status, _headers, body = request(server, "/api/geometry/..%2F..%2Fwarehouse%2FCURRENT")
    assert status in (400, 404) and b"warehouse-" not in body
    assert shared_geometry.read("../../warehouse/CURRENT") is None


def test_named_query_with_parameters(server, con):
    status, body = get_json(server, "/api/queries/examples/station_ranking", {"year": "2021", "limit": 5})
    assert status == 200 and body["params"] == {"year": 2021}
    assert body["returned"] == 5 and body["truncated"] is True
    assert "year(date) = 2021" in body["sql"]
    assert body["sources"][0]["licence"].startswith("KOGL")
    top = con.execute("SELECT station, round(avg(pm25_ugm3), 2) FROM air_daily WHERE year(date) = 2021 "
                      "GROUP BY station ORDER BY 2 DESC NULLS LAST, station LIMIT 1").fetchall()[0]
    assert (body["rows"][0]["station"], body["rows"][0]["pm25_mean"]) == top
    status, listing = get_json(server, "/api/queries")
    names = {q["name"] for q in listing["queries"]}
    assert {"examples/pm25_by_year", "examples/station_ranking", "glance/district_indicators"} <= names


def test_meta_has_schema_notes_and_computed_checks(server):
    status, body = get_json(server, "/api/datasets/air_hourly_city/meta")
    assert status == 200
    assert [c["name"] for c in body["schema"]] == catalog.get("air_hourly_city").column_names
    assert body["quality_notes"]["en"] and body["quality_notes"]["ko"]
    gaps = body["completeness"]["gaps"]
    assert gaps["grain"] == "hour" and gaps["missing"] == 48
    assert [r["start"][:10] for r in gaps["runs"]] == ["2019-12-07", "2020-02-29"]


def test_methods_other_than_get_are_refused_and_cors_is_get_only(server):
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        status, headers, body = request(server, "/api/sql", {"q": "SELECT 1"}, method=method)
        assert status == 405 and json.loads(body)["error"]["code"] == "method_not_allowed"
        assert "GET" in headers["Allow"]
    status, headers, _ = request(server, "/api/datasets", method="OPTIONS")
    assert status == 204 and headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Credentials" not in headers
    status, headers, body = request(server, "/api/datasets", method="HEAD")
    assert status == 200 and body == b""


# --- the hostile battery over HTTP -----------------------------------------------------

@pytest.mark.parametrize("label,sql,kinds", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_sql_over_http(server, label, sql, kinds):
    status, headers, body = request(server, "/api/sql", {"q": sql})
    if status in (400, 413, 414, 431) and not headers.get("Content-Type", "").startswith("application/json"):
        return  # the HTTP layer refused an oversized URL before the app saw it
    error = json.loads(body)["error"]
    allowed = kinds | {"bad_parameter"} if not sql.strip() else kinds  # an empty q is a missing parameter
    assert error["code"] in allowed, (label, status, error)
    assert status == STATUS_FOR[error["code"]], (label, status, error)


def test_runaway_sql_over_http_stops_and_the_dashboard_keeps_answering(server):
    results: list[tuple[int, str]] = []

    def runaway(sql: str) -> None:
        status, _h, body = request(server, "/api/sql", {"q": sql}, timeout=60)
        results.append((status, json.loads(body)["error"]["code"]))

    threads = [threading.Thread(target=runaway, args=(sql,)) for _label, sql in RUNAWAY[:2]]
    for th in threads:
        th.start()
    time.sleep(0.5)
    for path in ("/_stcore/health", "/api/datasets", "/api", "/desk"):
        started = time.monotonic()
        status, _h, _b = request(server, path, timeout=10)
        assert status == 200 and time.monotonic() - started < 2.0, path
    for th in threads:
        th.join(timeout=30)
    assert results == [(504, "timeout")] * 2
    for _label, sql in RUNAWAY[2:]:
        status, _h, body = request(server, "/api/sql", {"q": sql}, timeout=60)
        assert (status, json.loads(body)["error"]["code"]) in ((504, "timeout"), (413, "memory"))
    capped = get_json(server, "/api/sql", {"q": "SELECT * FROM range(1000000000000)", "limit": 100})[1]
    assert capped["returned"] == 100 and capped["truncated"] is True
    assert get_json(server, "/api/sql", {"q": "SELECT 42 AS answer"})[1]["rows"] == [{"answer": 42}]


# --- downloads over HTTP ------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_every_dataset_downloads_over_http_and_rereads(server, con, fmt):
    for ds in catalog.warehouse_datasets():
        status, headers, raw = request(server, f"/api/datasets/{ds.id}/download", {"format": fmt})
        assert status == 200 and headers["Content-Type"] == "application/zip", (ds.id, raw[:200])
        assert f'{ds.id}_{fmt}.zip' in headers["Content-Disposition"]
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            assert {"README.md", "LICENSE.txt", "schema.json", f"{ds.id}.{fmt}"} <= set(zf.namelist())
            data = zf.read(f"{ds.id}.{fmt}")
            readme = zf.read("README.md").decode()
        frame = (pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", low_memory=False) if fmt == "csv"
                 else pq.read_table(io.BytesIO(data)).to_pandas())
        rows = con.execute(f'SELECT count(*) FROM "{ds.table}"').fetchone()[0]
        assert len(frame) == rows == int(headers["X-Row-Count"]), ds.id
        assert list(frame.columns) == ds.column_names
        assert ds.licence in readme and ds.attribution in readme


# --- a shared console link in a fresh browser ----------------------------------------------

def test_shared_console_link_opens_query_and_result_in_a_fresh_browser(server, con, browser):
    sql = ("SELECT gu, count(*) AS stations FROM bike_stations WHERE list_date = DATE '2023-06-01' "
           "GROUP BY gu ORDER BY stations DESC, gu")
    top_gu, top_n = con.execute(sql).fetchone()
    link = f"{server}/desk?" + urllib.parse.urlencode({"lang": "en", "tab": "console", "sql": sql})
    context = browser.new_context(viewport={"width": 1400, "height": 2000})  # no cookies, no state
    try:
        page = context.new_page()
        page.goto(link)
        page.wait_for_selector("[data-testid='stDataFrame'] table", timeout=60_000, state="attached")
        page.wait_for_function("() => document.querySelector('textarea') !== null", timeout=30_000)
        assert page.locator("textarea").first.input_value() == sql
        grid = page.locator("[data-testid='stDataFrame'] table").first.inner_text()
        assert top_gu in grid and str(top_n) in grid
        captions = " ".join(page.locator("[data-testid='stCaptionContainer']").all_inner_texts())
        assert "25 rows" in captions
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()


# --- keep-alive latency, replies off the event loop, cached downloads ----------------------

def test_keep_alive_requests_do_not_wait_for_delayed_acks(server):
    """Twenty small requests on one kept-open connection: without TCP_NODELAY on the
    server's socket each waits ~40 ms for the client's delayed ACK (≥ 0.8 s in all);
    api/tcp_nodelay.py removes the wait."""
    import http.client
    parts = urllib.parse.urlsplit(server)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        for _ in range(3):  # warm up
            conn.request("GET", "/api")
            conn.getresponse().read()
        started = time.perf_counter()
        for _ in range(20):
            conn.request("GET", "/api")
            response = conn.getresponse()
            assert response.status == 200
            response.read()
        elapsed = time.perf_counter() - started
    finally:
        conn.close()
    assert elapsed < 0.5, f"20 keep-alive requests took {elapsed * 1000:.0f} ms"


def test_health_stays_fast_while_large_pages_are_pulled(server):
    """Four clients pulling the largest API pages do not freeze the server: Streamlit's
    own health check keeps answering quickly (generous bound; 3.4 s median was seen
    when replies were built on the event loop)."""
    stop = threading.Event()
    pulled: list[int] = []

    def pull() -> None:
        while not stop.is_set():
            status, _h, _b = request(server, "/api/datasets/air_daily", {"limit": 50_000}, timeout=120)
            pulled.append(status)

    clients = [threading.Thread(target=pull) for _ in range(4)]
    for th in clients:
        th.start()
    try:
        time.sleep(1.0)
        waits = []
        for _ in range(15):
            started = time.perf_counter()
            status, _h, _b = request(server, "/_stcore/health", timeout=30)
            waits.append(time.perf_counter() - started)
            assert status == 200
            time.sleep(0.1)
    finally:
        stop.set()
        for th in clients:
            th.join(timeout=120)
    waits.sort()
    assert pulled and set(pulled) <= {200, 503}, set(pulled)
    assert waits[len(waits) // 2] < 0.5, f"health median {waits[len(waits) // 2]:.2f} s under load"


def _export_files(dataset_id: str) -> list[Path]:
    import os
    var = Path(os.environ["OSD_VAR_DIR"]) / "exports"
    return sorted(var.glob(f"*/{dataset_id}.*")) if var.exists() else []


def test_download_is_exported_once_and_answers_conditional_head_and_range_requests(server):
    route = "/api/datasets/traffic_accidents/download"
    for cached in _export_files("traffic_accidents"):  # earlier tests downloaded it: start afresh
        cached.unlink()
    # HEAD before any download: headers only, nothing exported
    status, headers, body = request(server, route, {"format": "csv"}, method="HEAD")
    assert status == 200 and body == b"" and headers["ETag"] and headers["Last-Modified"]
    assert not [f for f in _export_files("traffic_accidents") if f.name.endswith(".zip")]
    etag = headers["ETag"]
    status, headers, first = request(server, route, {"format": "csv"})
    assert status == 200 and headers["ETag"] == etag and zipfile.is_zipfile(io.BytesIO(first))
    files = [f for f in _export_files("traffic_accidents") if f.name.endswith(".zip")]
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    status, headers, again = request(server, route, {"format": "csv"})
    assert again == first and files[0].stat().st_mtime_ns == stamp, "served without re-exporting"
    # conditional requests: 304 without a body
    for extra in ({"If-None-Match": etag}, {"If-Modified-Since": headers["Last-Modified"]}):
        req = urllib.request.Request(f"{server}{route}?format=csv", headers=extra)
        try:
            urllib.request.urlopen(req, timeout=30)
            raise AssertionError("expected 304")
        except urllib.error.HTTPError as err:
            assert err.code == 304 and err.headers["ETag"] == etag
    # ranges read the cached file
    req = urllib.request.Request(f"{server}{route}?format=csv", headers={"Range": "bytes=0-99"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 206 and resp.read() == first[:100]
    for bad, code in (("bytes=99999999-", 416), ("lines=1-2", 400), ("bytes=9-3", 400)):
        req = urllib.request.Request(f"{server}{route}?format=csv", headers={"Range": bad})
        try:
            urllib.request.urlopen(req, timeout=30)
            raise AssertionError(f"expected {code} for {bad}")
        except urllib.error.HTTPError as err:
            assert err.code == code and json.loads(err.read())["error"]["status"] == code, bad


@pytest.mark.parametrize("path,params,code", [
    ("/api/queries/examples/station_ranking", {"year": "99999999999999999999"}, "bad_parameter"),
    ("/api/queries/examples/station_ranking", {"year": "2147483648"}, "bad_parameter"),
    ("/api/queries/air/exceedance_days", {"korea_limit": "nan"}, "bad_parameter"),
    ("/api/queries/air/exceedance_days", {"who_limit": "inf"}, "bad_parameter"),
    ("/api/queries/air/exceedance_days", {"korea_limit": "1e999"}, "bad_parameter"),
    ("/api/queries/air/daily_series", {"districts": ",".join(f"d{i}" for i in range(3000))}, "bad_parameter"),
    ("/api/queries/examples/station_ranking", {"year": "9" * 5000}, "bad_parameter"),
])
def test_parameters_are_range_checked_with_clear_messages(server, path, params, code):
    status, body = get_json(server, path, params)
    assert status == 400 and body["error"]["code"] == code, body
    message = body["error"]["message"]
    assert "parameter" in message and len(message) < 400, message


@pytest.mark.parametrize("method,path,params", [
    ("GET", "/api/datasets/%00", None),
    ("GET", "/api/queries/", None),
    ("GET", "/api/queries/examples/", None),
    ("GET", "/api/sql", {"q": "SELECT 1", "format": "json", "limit": "1e3"}),
    ("GET", "/api/sql", {"q": "SELECT * FROM read_blob('x')"}),
    ("GET", "/api/datasets/a\\b", None),
    ("GET", "/api//etc/passwd", None),
    ("GET", "/api/datasets/air_daily", {"offset": "99999999999999999999999"}),
    ("HEAD", "/api/datasets/no_such/download", None),
    ("DELETE", "/api/datasets/air_daily/download", None),
    ("GET", "/api/datasets/air_daily/download", {"bundle": "tar"}),
])
def test_every_api_error_is_json(server, method, path, params):
    url = server + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            status, headers, body = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        status, headers, body = err.code, err.headers, err.read()
    assert 400 <= status < 500, (path, status, body[:200])
    assert headers["Content-Type"].startswith("application/json"), (path, headers["Content-Type"])
    if method != "HEAD":
        assert json.loads(body)["error"]["status"] == status


def test_duplicate_columns_and_exact_numbers_over_http(server):
    status, body = get_json(server, "/api/sql", {"q": "SELECT 1 AS a, 2 AS a, 340282366920938463463374607431768211455"
                                                       "::UHUGEINT AS u, 1.10::DECIMAL(4,2) AS d, INTERVAL 1 DAY AS i"})
    assert status == 200, body
    assert body["rows"] == [{"a": 1, "a_2": 2, "u": "340282366920938463463374607431768211455", "d": "1.10",
                             "i": "1 day"}]
    status, headers, raw = request(server, "/api/sql", {"q": "SELECT INTERVAL 90 MINUTE AS i, '\\xAB'::BLOB AS b, "
                                                             "TIME '24:00:00' AS t, 'infinity'::DATE AS d",
                                                        "format": "csv"})
    assert status == 200 and raw.decode().splitlines()[1] == "\"01:30:00\",\"ab\",\"24:00:00\",\"infinity\""


def test_named_query_integers_over_http(server):
    status, body = get_json(server, "/api/queries/bikes/monthly_totals")
    assert status == 200
    declared = {c for c, t in queries_columns("bikes/monthly_totals") if t in ("BIGINT", "INTEGER")}
    assert declared
    for row in body["rows"]:
        for column in declared:
            assert row[column] is None or isinstance(row[column], int), (column, row[column])


def queries_columns(name: str):
    import queries
    return queries.get(name).columns
