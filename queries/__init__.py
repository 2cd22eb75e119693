"""Named queries: one `.sql` file per query, run read-only with bound parameters.

File format (`queries/<domain>/<name>.sql`; the query's name is `<domain>/<name>`):

    -- title_en: District averages on a day
    -- title_ko: 날짜별 자치구 평균
    -- datasets: air_daily, gu_boundaries
    -- param: day DATE = '2022-12-31'
    -- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
    -- param: districts VARCHAR[] = []
    -- column: gu VARCHAR
    -- column: value DOUBLE
    SELECT ... WHERE date = $day ...

Parameters are always bound (`$name`), never pasted into the SQL text; values are
coerced to the declared type and checked against `in (...)` choices before the query
runs. Output columns are declared so pages, tests and the HTTP API can rely on them.
This package never imports Streamlit.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from .engine import fetch_capped
from .errors import QueryError, first_line
from .errors import QueryTimeout as QueryTimeout  # re-exported: callers catch queries.QueryTimeout
from .shape import as_declared

QUERY_DIR = Path(__file__).resolve().parent
DEFAULT_MAX_ROWS = 100_000
INT32_MIN, INT32_MAX = -(2 ** 31), 2 ** 31 - 1
MAX_LIST_ITEMS = 200  # values in one list parameter (there are 25 districts, ~3,000 stations per query at most)
MAX_TEXT_CHARS = 1_000
DEFAULT_TIMEOUT_S = 20.0

_HEADER = re.compile(r"^--\s*(\w+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>VARCHAR\[\]|VARCHAR|INTEGER|DOUBLE|DATE|BOOLEAN)"
    r"(?:\s*=\s*(?P<default>\[[^\]]*\]|'[^']*'|[^\s]+))?"
    r"(?:\s+in\s+\((?P<choices>[^)]*)\))?\s*(?:--\s*(?P<doc>.*))?$", re.I)
_COLUMN = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[A-Z]+(?:\[\])?)\s*(?:--\s*(?P<doc>.*))?$", re.I)


def shown(value: object, limit: int = 40) -> str:
    """A value as a message quotes it: never the whole of a 5,000-character input."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: object = None
    choices: tuple[str, ...] = ()
    doc: str = ""

    def coerce(self, value: object) -> object:
        """Turn a URL/form/JSON value into the declared type, or raise QueryError."""
        if value is None or value == "":
            value = self.default
        try:
            if self.type == "VARCHAR[]":
                if isinstance(value, str):
                    value = [v for v in value.split(",") if v.strip()]
                out = [str(v).strip() for v in (value or [])]
                if len(out) > MAX_LIST_ITEMS:
                    raise QueryError(f"parameter {self.name}: {len(out):,} values; at most {MAX_LIST_ITEMS} are allowed")
                if any(len(v) > MAX_TEXT_CHARS for v in out):
                    raise QueryError(f"parameter {self.name}: a value is longer than {MAX_TEXT_CHARS} characters")
                bad = [v for v in out if self.choices and v not in self.choices]
                if bad:
                    raise QueryError(f"parameter {self.name}: {shown(bad[0])} is not one of {', '.join(self.choices)}")
                return out
            if value is None:
                raise QueryError(f"parameter {self.name} is required")
            if self.type == "INTEGER":
                out = int(str(value).strip())
                if not INT32_MIN <= out <= INT32_MAX:
                    raise QueryError(f"parameter {self.name}: {str(value).strip()[:40]} is outside the INTEGER range "
                                     f"({INT32_MIN:,} … {INT32_MAX:,})")
            elif self.type == "DOUBLE":
                out = float(str(value).strip())
                if not math.isfinite(out):
                    raise QueryError(f"parameter {self.name}: {str(value).strip()[:40]!r} is not a finite number")
            elif self.type == "DATE":
                out = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip()[:10])
            elif self.type == "BOOLEAN":
                out = str(value).strip().lower() in ("1", "true", "yes", "on") if not isinstance(value, bool) else value
            else:
                out = str(value)
                if len(out) > MAX_TEXT_CHARS:
                    raise QueryError(f"parameter {self.name}: the value is longer than {MAX_TEXT_CHARS} characters")
        except (TypeError, ValueError, OverflowError) as exc:
            if isinstance(exc, QueryError):
                raise
            raise QueryError(f"parameter {self.name}: {shown(value)} is not a valid {self.type}") from None
        if self.choices and str(out) not in self.choices:
            raise QueryError(f"parameter {self.name}: {shown(out)} is not one of {', '.join(self.choices)}")
        return out


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    sql: str
    title_en: str = ""
    title_ko: str = ""
    datasets: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    description: str = ""

    def title(self, lang: str) -> str:
        return (self.title_ko if lang == "ko" else self.title_en) or self.name

    def bind(self, values: dict | None = None) -> dict:
        values = values or {}
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise QueryError(f"{self.name}: unknown parameter(s) {', '.join(sorted(unknown))}")
        return {p.name: p.coerce(values.get(p.name)) for p in self.params}

    def sql_with_values(self, bound: dict) -> str:
        """The SQL with parameter values shown as literals — for people to read and
        copy into the console. Never executed by this module."""
        def literal(v: object) -> str:
            if isinstance(v, list):
                return "[" + ", ".join(literal(x) for x in v) + "]"
            if isinstance(v, bool):
                return "true" if v else "false"
            if isinstance(v, (int, float)):
                return repr(v)
            if isinstance(v, dt.date):
                return f"DATE '{v.isoformat()}'"
            return "'" + str(v).replace("'", "''") + "'"
        text = self.sql
        for name in sorted(bound, key=len, reverse=True):
            text = re.sub(rf"\${name}\b", lambda _m, n=name: literal(bound[n]), text)
        return text


def _parse_default(raw: str | None, type_: str) -> object:
    if raw is None:
        return [] if type_ == "VARCHAR[]" else None
    raw = raw.strip()
    if raw.startswith("["):
        return [v.strip().strip("'") for v in raw[1:-1].split(",") if v.strip()]
    return raw[1:-1] if raw.startswith("'") else raw


def parse_query_file(path: Path, name: str) -> NamedQuery:
    meta: dict[str, str] = {}
    params: list[Param] = []
    columns: list[tuple[str, str]] = []
    description: list[str] = []
    body: list[str] = []
    in_header = True
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line) if in_header else None
        if in_header and m:
            key, value = m.group(1).lower(), m.group(2)
            if key == "param":
                pm = _PARAM.match(value)
                if not pm:
                    raise QueryError(f"{path.name}: cannot parse parameter line {value!r}")
                type_ = pm["type"].upper()
                choices = tuple(c.strip().strip("'") for c in (pm["choices"] or "").split(",") if c.strip())
                params.append(Param(pm["name"], type_, _parse_default(pm["default"], type_), choices, pm["doc"] or ""))
            elif key == "column":
                cm = _COLUMN.match(value)
                if not cm:
                    raise QueryError(f"{path.name}: cannot parse column line {value!r}")
                columns.append((cm["name"], cm["type"].upper()))
            elif key == "description":
                description.append(value)
            else:
                meta[key] = value
            continue
        if in_header and (line.startswith("--") or not line.strip()):
            continue
        in_header = False
        body.append(line)
    sql = "\n".join(body).strip().rstrip(";")
    if not sql:
        raise QueryError(f"{path.name}: no SQL after the header")
    for ref in set(re.findall(r"\$([a-z_][a-z0-9_]*)", sql)):
        if ref not in {p.name for p in params}:
            raise QueryError(f"{path.name}: ${ref} is used but not declared as a param")
    return NamedQuery(
        name=name, path=path, sql=sql, title_en=meta.get("title_en", ""), title_ko=meta.get("title_ko", ""),
        datasets=tuple(d.strip() for d in meta.get("datasets", "").split(",") if d.strip()),
        params=tuple(params), columns=tuple(columns), description=" ".join(description))


@lru_cache(maxsize=1)
def registry() -> dict[str, NamedQuery]:
    found = {}
    for path in sorted(QUERY_DIR.rglob("*.sql")):
        name = path.relative_to(QUERY_DIR).with_suffix("").as_posix()
        found[name] = parse_query_file(path, name)
    return found


def get(name: str) -> NamedQuery:
    try:
        return registry()[name]
    except KeyError:
        raise QueryError(f"unknown query {name!r}") from None


# --- read-only execution ---------------------------------------------------------------

ALLOWED_STATEMENTS = {duckdb.StatementType.SELECT}


# SQL texts that passed check_read_only lately. The answer depends on the text alone, and
# the API runs the same named SQL hundreds of times a second: parsing it again each time
# was a tenth of a small query's cost. Bounded, so distinct console texts cannot grow it.
_READ_ONLY_SEEN: OrderedDict[str, None] = OrderedDict()
_READ_ONLY_SEEN_MAX = 512
_read_only_lock = threading.Lock()


def check_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse anything but a single SELECT (also catches EXPLAIN ANALYZE side paths,
    PRAGMA, SET, ATTACH, COPY, INSTALL/LOAD, CALL and multi-statement strings)."""
    with _read_only_lock:
        if sql in _READ_ONLY_SEEN:
            _READ_ONLY_SEEN.move_to_end(sql)
            return
    _check_read_only(con, sql)
    with _read_only_lock:
        _READ_ONLY_SEEN[sql] = None
        while len(_READ_ONLY_SEEN) > _READ_ONLY_SEEN_MAX:
            _READ_ONLY_SEEN.popitem(last=False)


def _check_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(f"SQL syntax error: {first_line(exc)}") from None
    if len(statements) != 1:
        raise QueryError("exactly one SQL statement is allowed" if statements else "the query is empty")
    try:
        kind = statements[0].type
    except ValueError:  # a statement type the Python enum does not know (e.g. UPDATE EXTENSIONS)
        kind = None
    if kind not in ALLOWED_STATEMENTS:
        raise QueryError(f"only read-only SELECT queries are allowed (got {statement_name(statements[0], kind)})")


# What people typed, where DuckDB's statement type says something else (USE is a SET
# statement, INSTALL a LOAD, CHECKPOINT a CALL).
_KEYWORDS = ("ABORT", "ALTER", "ANALYZE", "ATTACH", "BEGIN", "CALL", "CHECKPOINT", "COMMENT", "COMMIT", "COPY",
             "CREATE", "DEALLOCATE", "DELETE", "DETACH", "DROP", "END", "EXECUTE", "EXPLAIN", "EXPORT", "IMPORT",
             "INSERT", "INSTALL", "LOAD", "MERGE", "PIVOT", "PRAGMA", "PREPARE", "RESET", "ROLLBACK", "SET",
             "START", "TRANSACTION", "TRUNCATE", "UNPIVOT", "UPDATE", "USE", "VACUUM")


def statement_name(statement, kind) -> str:
    words = re.findall(r"[A-Za-z_]+", getattr(statement, "query", "") or "")[:3]
    upper = [w.upper() for w in words]
    if upper[:1] == ["FORCE"] and len(upper) > 1:
        return f"FORCE {upper[1]}"
    if upper[:2] == ["UPDATE", "EXTENSIONS"]:
        return "UPDATE EXTENSIONS"
    if upper and upper[0] in _KEYWORDS:
        return upper[0]
    return kind.name if kind is not None else "an unknown statement"


class _FrameOfArrow:
    """`QueryResult.frame`, made from the Arrow table when first read: the API and
    downloads serialise the Arrow table and never need pandas (converting was a quarter
    of a small query's time)."""

    def __get__(self, obj, objtype=None):
        if obj is None:  # dataclass asks for a default: there is none
            raise AttributeError("frame")
        frame = obj.__dict__.get("_frame")
        if frame is None:
            frame = obj.__dict__["_frame"] = frame_of(obj.arrow)
        return frame

    def __set__(self, obj, value) -> None:
        obj.__dict__["_frame"] = value


@dataclass
class QueryResult:
    frame: pd.DataFrame | None = _FrameOfArrow()  # None: made from `arrow` on first use
    truncated: bool
    elapsed_s: float
    sql: str
    params: dict = field(default_factory=dict)
    name: str | None = None
    arrow: pa.Table | None = None  # the exact result (DECIMAL, HUGEINT …) for JSON/CSV/Parquet

    def table(self) -> pa.Table:
        return self.arrow if self.arrow is not None else pa.Table.from_pandas(self.frame, preserve_index=False)


def execute_select(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None, *,
                   max_rows: int = DEFAULT_MAX_ROWS, timeout_s: float = DEFAULT_TIMEOUT_S,
                   columns: tuple[tuple[str, str], ...] = ()) -> QueryResult:
    """Run one read-only SELECT on a cursor of `con` with a row cap and a time limit
    (the shared loop in queries.engine), so a runaway query ends with QueryTimeout
    instead of holding a worker thread. `columns` (a named query's declaration) sets
    the integer columns' types (shape.as_declared)."""
    check_read_only(con, sql)
    cur = con.cursor()
    try:
        fetched = fetch_capped(cur, sql, params, max_rows=max_rows, timeout_s=timeout_s)
    finally:
        cur.close()
    table = as_declared(fetched.table, columns) if columns else fetched.table
    return QueryResult(None, fetched.truncated, fetched.elapsed_s, sql, dict(params or {}), arrow=table)


def plain_numbers(table: pa.Table) -> pa.Table:
    """sum() over integers gives HUGEINT/DECIMAL, which pandas shows as Decimal objects;
    cast them to int64 (scale 0) or float64 so charts and CSVs get ordinary numbers.
    (Exact values stay in the Arrow table that API and downloads serialise.)"""
    for i, f in enumerate(table.schema):
        if pa.types.is_decimal(f.type):
            target = pa.int64() if f.type.scale == 0 and f.type.precision <= 38 else pa.float64()
            try:
                table = table.set_column(i, f.name, table.column(i).cast(target))
            except pa.ArrowInvalid:  # beyond int64: keep precision as float
                table = table.set_column(i, f.name, table.column(i).cast(pa.float64()))
    return table


def frame_of(table: pa.Table) -> pd.DataFrame:
    """The pandas frame pages and the console table show."""
    return plain_numbers(table).to_pandas()


def run(name: str, params: dict | None = None, *, con: duckdb.DuckDBPyConnection,
        max_rows: int = DEFAULT_MAX_ROWS, timeout_s: float = DEFAULT_TIMEOUT_S) -> QueryResult:
    query = get(name)
    bound = query.bind(params)
    used = {k: v for k, v in bound.items() if f"${k}" in query.sql}
    result = execute_select(con, query.sql, used, max_rows=max_rows, timeout_s=timeout_s, columns=query.columns)
    result.name, result.params = name, bound
    return result


def conform(result: QueryResult, query: NamedQuery) -> QueryResult:
    """The result in the column types the query declares (see shape.as_declared)."""
    table = as_declared(result.table(), query.columns)
    if table is not result.arrow:
        result.arrow, result.frame = table, frame_of(table)
    return result
