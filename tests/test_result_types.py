"""Every DuckDB result type through the console's own path (worker, Arrow, serialisers):
exact in JSON (DECIMAL, HUGEINT, UHUGEINT as exact strings), readable where JSON has no
type (INTERVAL, BLOB, TIMETZ, TIME '24:00', infinite/BC/far dates, NaN), writable as CSV
and Parquet and shown in the console's table — never an uncaught error. Duplicate column
names are made unique. Named queries return the integers they declare."""
from __future__ import annotations

import io
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

import queries
from queries import console, export

# (label, SQL expression, value expected in the API's JSON)
TYPES: list[tuple[str, str, object]] = [
    ("decimal 38", "CAST('12345678901234567890123456789012345678' AS DECIMAL(38,0))",
     "12345678901234567890123456789012345678"),
    ("decimal scale", "CAST('1.10' AS DECIMAL(10,2))", "1.10"),
    ("decimal tiny", "CAST('0.000000000000000000000000000000000001' AS DECIMAL(38,38))",
     "0.00000000000000000000000000000000000100"),
    ("hugeint max", "170141183460469231731687303715884105727::HUGEINT", "170141183460469231731687303715884105727"),
    ("hugeint min", "(-170141183460469231731687303715884105727)::HUGEINT", "-170141183460469231731687303715884105727"),
    ("uhugeint max", "340282366920938463463374607431768211455::UHUGEINT", "340282366920938463463374607431768211455"),
    ("ubigint max", "18446744073709551615::UBIGINT", 18446744073709551615),
    ("bigint min", "(-9223372036854775808)::BIGINT", -9223372036854775808),
    ("interval", "INTERVAL '1 year 2 months 3 days 04:05:06.789'", "1 year 2 months 3 days 04:05:06.789"),
    ("negative interval", "-INTERVAL '90 minutes'", "-01:30:00"),
    ("blob", "'\\xAA\\x00abc'::BLOB", "aa00616263"),
    ("timetz", "TIMETZ '12:34:56+09:00'", "12:34:56+09"),
    ("time 24:00", "TIME '24:00:00'", "24:00:00"),
    ("time ns", "TIME_NS '12:00:00.123456789'", "12:00:00.123456789"),
    ("date infinity", "'infinity'::DATE", "infinity"),
    ("date -infinity", "'-infinity'::DATE", "-infinity"),
    ("date BC", "DATE '0044-03-15 (BC)'", "0044-03-15 (BC)"),
    ("date year 12000", "DATE '12000-01-01'", "12000-01-01"),
    ("timestamp -infinity", "'-infinity'::TIMESTAMP", "-infinity"),
    ("timestamp BC", "TIMESTAMP '0010-01-01 (BC) 00:00:00'", "0010-01-01 (BC) 00:00:00"),
    ("timestamptz infinity", "'infinity'::TIMESTAMPTZ", "infinity"),
    ("ordinary date", "DATE '2024-02-29'", "2024-02-29"),
    ("ordinary timestamp", "TIMESTAMP '2024-02-29 13:14:15'", "2024-02-29T13:14:15"),
    ("uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
    ("bit", "'0101'::BIT", "0101"),
    ("bignum", "'123456789012345678901234567890123456789012'::BIGNUM", "123456789012345678901234567890123456789012"),
    ("enum", "'b'::ENUM('a', 'b')", "b"),
    ("nan", "'nan'::DOUBLE", "NaN"),
    ("infinity double", "'-inf'::DOUBLE", "-Infinity"),
    ("float", "0.5::FLOAT", 0.5),
    ("list of decimals", "[1.50::DECIMAL(5,2), NULL]", ["1.50", None]),
    ("struct with interval", "{'x': INTERVAL 1 DAY}", "{'x': 1 day}"),
    ("map", "MAP {1: 'a'}", [[1, "a"]]),
    ("list of BC dates", "[DATE '0044-03-15 (BC)']", "['0044-03-15 (BC)']"),
    ("null", "NULL", None),
    ("json", "'{\"a\": 1}'::JSON", "{\"a\": 1}"),
    ("union", "union_value(k := 2)", "2"),
    ("array", "[1, 2]::INTEGER[2]", [1, 2]),
]


@pytest.mark.parametrize("label,expr,expected", TYPES, ids=[t[0] for t in TYPES])
def test_every_type_is_exact_or_readable(warehouse, label, expr, expected):
    result = console.run_sql(f"SELECT {expr} AS v", path=warehouse)
    table = result.table()
    body = json.loads(export.to_json_bytes(table))
    assert body["rows"] == [{"v": expected}], label
    csv = export.to_csv_bytes(table).decode()  # writable as CSV …
    assert csv.splitlines()[0] == '"v"'
    pq.read_table(io.BytesIO(export.to_parquet_bytes(table)))  # … and as Parquet
    assert len(result.frame) == 1  # and shown in the console's table


def test_csv_of_readable_forms(warehouse):
    table = console.run_sql("SELECT INTERVAL '1 day' AS i, '\\xFF'::BLOB AS b, 1.10::DECIMAL(4,2) AS d, "
                            "TIMETZ '01:02:03+09' AS tz", path=warehouse).table()
    frame = pd.read_csv(io.BytesIO(export.to_csv_bytes(table)), dtype=str)
    assert frame.iloc[0].to_dict() == {"i": "1 day", "b": "ff", "d": "1.10", "tz": "01:02:03+09"}


def test_duplicate_column_names_are_made_unique(warehouse):
    result = console.run_sql("SELECT 1 AS a, 2 AS a, 3 AS a_2, 4 AS a", path=warehouse)
    assert list(result.frame.columns) == ["a", "a_3", "a_2", "a_4"]
    body = json.loads(export.to_json_bytes(result.table()))
    assert body["rows"] == [{"a": 1, "a_3": 2, "a_2": 3, "a_4": 4}]
    joined = console.run_sql("SELECT * FROM gu_boundaries g JOIN gu_boundaries h USING (gu) "
                             "JOIN gu_boundaries k ON k.gu = g.gu LIMIT 2", path=warehouse)
    names = list(joined.frame.columns)
    assert len(names) == len(set(names)) and "gu_2" in names
    assert len(json.loads(export.to_json_bytes(joined.table()))["rows"][0]) == len(names)


def test_unique_names_never_collide():
    from queries.shape import unique_names
    assert unique_names(["a", "a", "b", "a"]) == ["a", "a_2", "b", "a_3"]
    assert unique_names(["a", "a_2", "a"]) == ["a", "a_2", "a_3"]
    assert unique_names(["x"] * 3 + ["x_2"]) == ["x", "x_3", "x_4", "x_2"]


def _declared_integer_columns():
    for name, query in sorted(queries.registry().items()):
        for column, declared in query.columns:
            if declared in ("INTEGER", "BIGINT", "SMALLINT", "HUGEINT"):
                yield name, column


@pytest.mark.parametrize("name", sorted({n for n, _c in _declared_integer_columns()}))
def test_named_queries_return_the_integers_they_declare(con, warehouse, name):
    """A column declared INTEGER/BIGINT is an integer column (never 60.0), on the
    dashboard's connection and through the fenced API path alike."""
    query = queries.get(name)
    declared = {c for n, c in _declared_integer_columns() if n == name}
    for result in (queries.run(name, con=con), console.run_named(name, path=warehouse)):
        for column in declared:
            kind = result.table().schema.field(column).type
            assert str(kind).startswith("int"), f"{name}.{column}: {kind}"
            series = result.frame[column].dropna()
            assert (series % 1 == 0).all(), f"{name}.{column}"
        body = json.loads(export.to_json_bytes(result.table()))
        for row in body["rows"][:50]:
            for column in declared:
                assert row[column] is None or isinstance(row[column], int), (name, column, row[column])
    assert query.columns
