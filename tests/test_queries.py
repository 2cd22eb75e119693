"""Every named query runs with its defaults on the warehouse built from the bundled
real snapshots and returns exactly its declared columns; parameters are bound and
checked; a few golden values are recomputed by hand."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import queries
from queries import QueryError

NAMES = sorted(queries.registry())
_KIND = {"VARCHAR": "string", "INTEGER": "integer", "BIGINT": "integer", "DOUBLE": "number", "DATE": "date",
         "TIMESTAMP": "timestamp", "BOOLEAN": "boolean", "VARCHAR[]": "list", "HUGEINT": "integer", "FLOAT": "number"}


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "timestamp"
    sample = series.dropna()
    if not sample.empty and isinstance(sample.iloc[0], dt.date):
        return "date"
    if not sample.empty and isinstance(sample.iloc[0], (list, tuple)) or (not sample.empty and hasattr(sample.iloc[0], "tolist") and not isinstance(sample.iloc[0], str)):
        return "list"
    return "string"


@pytest.mark.parametrize("name", NAMES)
def test_query_runs_and_matches_declared_columns(con, name):
    query = queries.get(name)
    assert query.title_en and query.title_ko, f"{name}: title_en/title_ko missing"
    assert query.columns, f"{name}: declare its output columns"
    result = queries.run(name, con=con)
    assert list(result.frame.columns) == [c for c, _ in query.columns]
    for column, declared in query.columns:
        series = result.frame[column]
        if series.dropna().empty:
            continue
        actual, expected = _kind(series), _KIND.get(declared, "string")
        compatible = actual == expected or (expected == "number" and actual == "integer") or \
            (expected == "integer" and actual == "number" and (series.dropna() % 1 == 0).all())
        assert compatible, f"{name}.{column}: declared {declared}, got {series.dtype}"


def test_parameters_are_coerced_and_checked(con):
    q = queries.get("glance/air_latest_daily")
    with pytest.raises(QueryError, match="unknown parameter"):
        q.bind({"nope": 1})


def test_choice_and_type_errors_are_clear():
    from queries import Param
    p = Param("pollutant", "VARCHAR", "pm25", ("pm25", "pm10"))
    assert p.coerce(None) == "pm25"
    with pytest.raises(QueryError, match="not one of"):
        p.coerce("'; DROP TABLE x; --")
    d = Param("day", "DATE", "2022-12-31")
    assert d.coerce("2020-02-29") == dt.date(2020, 2, 29)
    with pytest.raises(QueryError, match="not a valid DATE"):
        d.coerce("2020-02-30")
    lst = Param("districts", "VARCHAR[]", [])
    assert lst.coerce("강남구,종로구") == ["강남구", "종로구"]


def test_row_cap_and_time_limit(con):
    big = queries.execute_select(con, "SELECT i FROM range(1000000) t(i)", max_rows=1000)
    assert big.truncated and len(big.frame) == 1000
    with pytest.raises(queries.QueryTimeout):
        queries.execute_select(con, "SELECT count(*) FROM range(100000000000) a(i)", timeout_s=1)


def test_glance_golden_values(con):
    """Hand-checkable values from the source files."""
    net = queries.run("glance/bike_network_summary", con=con).frame
    # Lists of 2018-04, 2021-06, 2023-06, 2024-06, 2024-12 and 2025-12 (PROVENANCE.md §1, §10.4).
    assert net["stations"].tolist() == [1163, 2467, 2749, 2763, 2766, 2799]
    air = queries.run("glance/air_latest_daily", con=con).frame.iloc[0]
    assert air["date"] == dt.date(2025, 12, 31) and air["stations_pm25"] == 24  # 금천구 has no PM2.5 that day
    rentals = queries.run("glance/rentals_summary", con=con).frame.iloc[0]
    assert rentals["rentals"] == 52_572_719 and rentals["days"] == 486
    safety = queries.run("glance/safety_summary", con=con).frame
    assert safety["year"].tolist() == [2024, 2023]


def test_a_refused_statement_stays_refused_after_allowed_ones(con):
    """The read-only check remembers texts it allowed; that memory must never let a
    write through, however often allowed SQL ran before it."""
    for _ in range(3):
        queries.check_read_only(con, "SELECT 1")
    for sql in ("DROP TABLE air_daily", "SELECT 1; DROP TABLE air_daily", "COPY air_daily TO 'x.csv'"):
        for _ in range(2):
            with pytest.raises(QueryError):
                queries.check_read_only(con, sql)


def test_result_frame_is_made_from_the_arrow_table_when_read(con):
    result = queries.run("glance/safety_summary", con=con)
    assert result.table().num_rows == len(result.frame) > 0
    pd.testing.assert_frame_equal(result.frame, queries.frame_of(result.arrow))
    assert result.frame is result.frame  # made once


def test_deadlines_fire_in_order_and_cancelled_ones_never():
    """The one deadline thread behind every query's time limit: a later, shorter limit
    still fires first, and a statement that finished in time is never interrupted."""
    import threading

    from queries.engine import _Deadlines

    deadlines, fired, done = _Deadlines(), [], threading.Event()
    deadlines.add(0.6, lambda: (fired.append("long"), done.set()))
    cancelled = deadlines.add(0.1, lambda: fired.append("cancelled"))
    deadlines.add(0.2, lambda: fired.append("short"))
    deadlines.cancel(cancelled)
    assert done.wait(10)
    assert fired == ["short", "long"]
