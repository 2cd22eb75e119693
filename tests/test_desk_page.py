"""The data desk under AppTest, in Korean and English: the catalog with numbers from the
warehouse, the console opening and running a query from the URL (what every chart's
"open in the SQL console" link produces), hostile SQL ending in a message, examples,
the chart's URL state, and the API docs."""
from __future__ import annotations

import hashlib
import urllib.parse

import pytest

import queries
from dashboard import i18n
from data_sources import catalog
from queries import console
from tests.apptest_helpers import assert_clean, run_page
from views import desk_api, desk_console

TITLES = {"ko": "데이터 데스크", "en": "Data desk"}


def _texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
                    + [w.value for w in at.warning] + [e.value for e in at.error])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_catalog_renders_with_real_numbers(warehouse, con, lang):
    at = run_page("desk", lang)
    assert_clean(at)
    assert at.title[0].value == TITLES[lang]
    overview = at.dataframe[0].value
    assert len(overview) == len(catalog.load_catalog())
    rows_col = "행 수" if lang == "ko" else "Rows"
    by_id = dict(zip(overview["ID"], overview[rows_col]))
    assert by_id["air_daily"] == con.execute("SELECT count(*) FROM air_daily").fetchall()[0][0] == 199_412
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["데이터셋" if lang == "ko" else "Datasets"] == f"{len(catalog.load_catalog()):,}"
    text = _texts(at)
    ds = catalog.get("air_daily")
    assert ds.licence in text and ds.attribution in text and "OA-2218" in text
    # computed checks: 52 stations, 15 with gaps, 199 missing station-days (see test_quality)
    if lang == "en":
        assert "15 of 52" in text and "199 in total" in text and "No gaps: all 4,383 days" in text
    else:
        assert "52곳 중 15곳" in text and "199일" in text
    assert any(n in text for n in ds.quality_notes(lang))


def test_dataset_in_url_and_bad_dataset_notice(warehouse):
    at = run_page("desk", "en", ds="air_hourly_city")
    assert_clean(at)
    text = _texts(at)
    assert "48 hours (of 43,824 hours" in text  # the two documented missing days
    assert at.selectbox(key="desk:ds").value == "air_hourly_city"
    bad = run_page("desk", "en", ds="../../etc/passwd")
    assert_clean(bad)
    assert any("not valid" in i.value for i in bad.info)
    assert bad.selectbox(key="desk:ds").value == list(catalog.load_catalog())[0]


def test_dataset_without_time_column_uses_the_stated_as_of(warehouse):
    at = run_page("desk", "en", ds="bike_station_info")
    assert_clean(at)
    text = _texts(at)
    assert "May 2025" in text  # catalog as_of = "2025-05"
    assert "No time column" in text


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_console_link_opens_and_runs_the_query(warehouse, con, lang):
    sql = ("SELECT gu, count(*) AS stations FROM bike_stations WHERE list_date = DATE '2023-06-01' "
           "GROUP BY gu ORDER BY stations DESC, gu")
    at = run_page("desk", lang, tab="console", sql=sql)
    assert_clean(at)
    assert at.text_area(key=desk_console.SQL_KEY).value == sql
    result = at.dataframe[0].value
    expected = con.execute(sql).fetchall()
    assert list(zip(result["gu"], result["stations"])) == expected
    assert at.query_params["sql"] in (sql, [sql])
    assert (at.query_params.get("x"), at.query_params.get("y")) in ((["gu"], ["stations"]), ("gu", "stations"))
    shared = " ".join(c.value for c in at.code)
    assert urllib.parse.urlencode({"sql": sql}) in shared


def test_every_chart_console_link_lands_on_the_console(warehouse, con):
    """layout.console_url(sql_with_values) → /desk?lang=..&tab=console&sql=… runs it."""
    query = queries.get("glance/safety_summary")
    shown = query.sql_with_values(query.bind({}))
    link = f"/desk?{urllib.parse.urlencode({'lang': 'en', 'tab': 'console', 'sql': shown})}"
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
    at = run_page("desk", params.pop("lang"), **params)
    assert_clean(at)
    expected = queries.run("glance/safety_summary", con=con).frame
    assert len(at.dataframe[0].value) == len(expected)
    assert list(at.dataframe[0].value.columns) == list(expected.columns)


@pytest.mark.parametrize("sql,message", [
    ("DROP TABLE air_daily", "Not allowed"),
    ("SELECT * FROM read_csv('/etc/passwd')", "Not allowed"),
    ("SELECT 1; SELECT 2", "Not allowed"),
    ("SELEC 1", "syntax"),
    ("SELECT nope FROM air_daily", "The query failed"),
])
def test_console_hostile_or_broken_sql_shows_a_message(warehouse, sql, message):
    at = run_page("desk", "en", tab="console", sql=sql)
    assert_clean(at)
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert not at.dataframe
    # the page still works: run something else in the same session
    at.text_area(key=desk_console.SQL_KEY).set_value("SELECT 42 AS answer")
    at.button(key="desk:run").click().run()
    assert_clean(at)
    assert at.dataframe[0].value["answer"].tolist() == [42]


def test_console_time_limit_message(warehouse, monkeypatch):
    monkeypatch.setattr(console, "TIME_LIMIT_S", 1.0)
    at = run_page("desk", "ko", tab="console",
                  sql="SELECT count(*) FROM range(1000000) a, range(1000000) b")
    assert_clean(at)
    assert any("제한 시간" in e.value for e in at.error), [e.value for e in at.error]


def test_console_examples_and_chart_state(warehouse, con):
    at = run_page("desk", "en", tab="console")
    assert_clean(at)
    assert not at.dataframe  # nothing runs until asked
    at.selectbox(key=desk_console.EXAMPLE_KEY).select("examples/pm25_by_year").run()
    assert_clean(at)
    frame = at.dataframe[0].value
    expected = queries.run("examples/pm25_by_year", con=con).frame
    assert frame["pm25_mean"].tolist() == expected["pm25_mean"].tolist()
    url_sql = at.query_params["sql"]
    assert "urban" in (url_sql[0] if isinstance(url_sql, list) else url_sql)
    sql = desk_console.example_sql("examples/pm25_by_year")
    chart = run_page("desk", "en", tab="console", sql=sql, x="year", y="pm10_mean", kind="line")
    assert_clean(chart)
    axes = {s.label: s.value for s in chart.selectbox}
    assert axes["x axis"] == "year" and axes["y axis (numeric)"] == "pm10_mean"
    tag = hashlib.sha1(sql.encode()).hexdigest()[:10]
    assert chart.segmented_control(key=f"desk:kind:{tag}").value == "line"


def test_bad_chart_state_in_url_is_explained(warehouse):
    at = run_page("desk", "en", tab="console", sql="SELECT 1 AS a, 2 AS b", kind="pie")
    assert_clean(at)
    assert any("kind=pie" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_api_docs(warehouse, lang):
    at = run_page("desk", lang, tab="api")
    assert_clean(at)
    endpoints = at.dataframe[0].value.iloc[:, 0].tolist()
    assert endpoints == [f"GET {p}" for p, _k, _params in desk_api.ENDPOINTS]
    code = " ".join(c.value for c in at.code)
    assert "curl" in code and "/api/datasets/air_daily/download?format=parquet" in code


def test_every_dynamic_message_key_exists():
    msgs = i18n.messages()
    keys = [f"desk.tab_{k}" for k in ("catalog", "console", "api")]
    keys += [f"desk.grain_{g}" for g in ("day", "month", "hour", "year")]
    keys += [f"desk.gaps_skip_{r}" for r in ("live", "on_request", "irregular", "no_time_column", "too_long", "empty")]
    keys += [f"desk.sent_{k}" for k in ("zero_coordinate", "null_coordinate", "negative", "out_of_range",
                                         "not_allowed", "zero_reading", "null_required", "blank")]
    kinds = ("syntax", "refused", "timeout", "too_large", "memory", "busy", "failed", "unknown", "bad_parameter")
    keys += [f"desk.err_{k}" for k in kinds] + [f"desk.errhelp_{k}" for k in kinds]
    keys += [f"desk.kind_{k}" for k in desk_console.KINDS] + [f"desk.dl_{f}" for f in ("csv", "parquet", "json")]
    keys += [f"desk.download_{f}" for f in ("csv", "parquet")]
    keys += [f"desk.api_ep_{k}" for _p, k, _params in desk_api.ENDPOINTS]
    keys += [f"desk.apierr_{c}" for _s, c in desk_api.ERRORS]
    missing = [k for k in keys if k not in msgs or set(msgs[k]) != {"ko", "en"}]
    assert not missing, missing
    for key, entry in msgs.items():
        if key.startswith("desk."):
            assert entry.get("ko") and entry.get("en"), key
