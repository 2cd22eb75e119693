"""Results every client can read exactly (the console's table, API JSON and CSV, downloads).

Arrow, which carries results out of DuckDB, cannot hold some DuckDB values: UHUGEINT
comes out as a wrong DECIMAL, TIMETZ loses its offset, `TIME '24:00'` becomes 00:00,
BIT and BIGNUM become bytes, and Python cannot hold infinite, BC or year > 9999 dates.
So before Arrow those types are cast to DuckDB's own text form, and after Arrow any
date or timestamp column with such values is too. The documented forms (also in the
API index) are DuckDB's text casts:

    UHUGEINT, BIGNUM     exact digits                 340282366920938463463374607431768211455
    INTERVAL             '1 year 2 months 3 days 04:05:06.789'
    TIME, TIME_NS        '24:00:00', '12:00:00.123456789'
    TIMETZ               '12:34:56+09'
    BIT                  '0101'
    UNION                the member's value as text
    DATE/TIMESTAMP       'infinity', '-infinity', '0044-03-15 (BC)', '12000-01-01'
                         (only where a value is outside years 1–9999; else ISO dates)

Duplicate column names (any `SELECT *` over a join) are made unique: a, a_2, a_3 …
"""
from __future__ import annotations

import re

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

# DuckDB type names (also inside LIST/STRUCT/MAP types) whose values Arrow or Python
# cannot carry exactly.
_AS_TEXT = re.compile(r"\b(UHUGEINT|INTERVAL|TIME|TIME_NS|TIME WITH TIME ZONE|TIMETZ|BIT|BIGNUM|VARINT|UNION)\b")

# Python's date/datetime range (years 1–9999) in each Arrow unit.
_DAY_MIN, _DAY_MAX = -719_162, 2_932_896
_SECONDS_MIN, _SECONDS_MAX = _DAY_MIN * 86_400, (_DAY_MAX + 1) * 86_400 - 1
_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def unique_names(names: list[str]) -> list[str]:
    """a, a, b, a → a, a_2, b, a_3 (never colliding with a name already present)."""
    taken = set(names)
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name not in seen:
            seen[name] = 1
            out.append(name)
            continue
        n = seen[name]
        while True:
            n += 1
            candidate = f"{name}_{n}"
            if candidate not in taken:
                break
        seen[name] = n
        taken.add(candidate)
        out.append(candidate)
    return out


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def readable(rel: duckdb.DuckDBPyRelation) -> duckdb.DuckDBPyRelation:
    """`rel` with unique column names and lossy types cast to text (order kept)."""
    names, types = rel.columns, [str(t) for t in rel.types]
    unique = unique_names(names)
    lossy = [bool(_AS_TEXT.search(t.upper())) for t in types]
    if unique == names and not any(lossy):
        return rel
    exprs = [(f"CAST(#{i + 1} AS VARCHAR)" if lossy[i] else f"#{i + 1}") + f" AS {_quote(unique[i])}"
             for i in range(len(names))]
    return rel.project(", ".join(exprs))


def _out_of_python_range(column: pa.ChunkedArray) -> bool:
    kind = column.type
    if column.null_count == len(column):
        return False
    if pa.types.is_date32(kind):
        lo, hi = pc.min_max(column.cast(pa.int32())).values()
        return lo.as_py() < _DAY_MIN or hi.as_py() > _DAY_MAX
    if pa.types.is_timestamp(kind):
        per = _PER_SECOND[kind.unit]
        lo, hi = pc.min_max(column.cast(pa.int64())).values()
        return lo.as_py() < _SECONDS_MIN * per or hi.as_py() > _SECONDS_MAX * per
    if pa.types.is_nested(kind):
        if not any(pa.types.is_date(t) or pa.types.is_timestamp(t) for t in _leaf_types(kind)):
            return False
        try:
            column.to_pylist()
        except (OverflowError, ValueError):
            return True
    return False


def _leaf_types(kind: pa.DataType):
    if pa.types.is_struct(kind):
        for i in range(kind.num_fields):
            yield from _leaf_types(kind.field(i).type)
    elif pa.types.is_map(kind):
        yield from _leaf_types(kind.key_type)
        yield from _leaf_types(kind.item_type)
    elif pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        yield from _leaf_types(kind.value_type)
    else:
        yield kind


def python_safe(con: duckdb.DuckDBPyConnection, table: pa.Table) -> pa.Table:
    """Date/timestamp columns holding infinite, BC or year > 9999 values as DuckDB text."""
    for i, field in enumerate(table.schema):
        if _out_of_python_range(table.column(i)):
            text = con.from_arrow(pa.table({"v": table.column(i)})).project("CAST(v AS VARCHAR) AS v")
            table = table.set_column(i, field.name, text.to_arrow_table().column(0))
    return table


_DECLARED = {"INTEGER": pa.int32(), "SMALLINT": pa.int16(), "BIGINT": pa.int64()}


def as_declared(table: pa.Table, columns: tuple[tuple[str, str], ...]) -> pa.Table:
    """A named query's result in the types its header declares (`-- column: n BIGINT`):
    sum() gives HUGEINT and arithmetic may give DOUBLE, but a column declared BIGINT
    is served as integers (never 60.0). A value that would change (a fraction, an
    overflow) keeps the column as DuckDB returned it."""
    declared = dict(columns)
    for i, field in enumerate(table.schema):
        target = _DECLARED.get(declared.get(field.name, ""))
        if target is None or field.type == target:
            continue
        if not (pa.types.is_integer(field.type) or pa.types.is_decimal(field.type)
                or pa.types.is_floating(field.type)):
            continue
        try:
            table = table.set_column(i, field.name, table.column(i).cast(target, safe=True))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
    return table
