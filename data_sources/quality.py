"""Completeness checks computed from the data itself (never typed by hand).

For every warehouse table, with SQL over a read-only connection:

- rows, and per column the count and share of NULLs (and blank strings);
- the time span (min/max of the catalog's `as_of_column`);
- gaps for time series: missing days / months / hours / years between the first and
  the last value, with the missing runs listed, and — where the primary key is
  (time, entity), e.g. air_daily (date, station) — gaps per entity within that
  entity's own span;
- duplicates on the primary key;
- sentinel values: coordinates of 0 or NULL, negative values where the declared
  minimum is ≥ 0, values outside the declared range or allowed set, and zero readings
  of pollutant concentrations (a daily mean of exactly 0 is not plausible);
- where the rows come from (bundled snapshot, live API, imported file).

Identifiers come from the catalog and are quoted by `validation.ident`. Results are plain
dataclasses (picklable for `st.cache_data`, `asdict`-able for the HTTP API). This module
never imports Streamlit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import duckdb

from . import catalog
from .catalog import Column, Dataset
from .validation import ident

NUMERIC = {"DOUBLE", "INTEGER", "BIGINT", "SMALLINT"}
CONCENTRATION_UNITS = {"ppm", "µg/m³"}
MAX_SERIES_SLOTS = 2_000_000  # don't enumerate absurd spans (e.g. one bad timestamp in year 1)
MAX_RUNS = 12
MAX_ENTITIES = 15


@dataclass
class ColumnStat:
    name: str
    nulls: int
    null_share: float
    blanks: int = 0  # empty or whitespace-only strings


@dataclass
class Sentinel:
    column: str
    kind: str  # zero_coordinate | null_coordinate | negative | out_of_range | not_allowed | zero_reading | null_required
    count: int
    detail: str = ""  # e.g. the range, or the first offending values


@dataclass
class GapRun:
    start: str
    end: str
    slots: int


@dataclass
class EntityGaps:
    entity: str
    first: str
    last: str
    present: int
    missing: int


@dataclass
class Gaps:
    grain: str  # day | month | hour | year
    expected: int
    present: int
    missing: int
    runs: list[GapRun] = field(default_factory=list)  # the longest missing runs
    entity_column: str = ""
    entities: int = 0
    entities_with_gaps: int = 0
    entity_missing: int = 0
    worst_entities: list[EntityGaps] = field(default_factory=list)


@dataclass
class DatasetQuality:
    dataset: str
    table: str
    rows: int
    source_kind: str | None
    time_column: str = ""
    time_min: str | None = None
    time_max: str | None = None
    grain: str | None = None
    gaps: Gaps | None = None
    gaps_skipped: str = ""  # why no gap check: no_time_column | irregular | live | on_request | too_long | empty
    duplicate_keys: int | None = None  # key values that occur more than once (None: no primary key)
    duplicate_rows: int | None = None  # rows beyond the first for those keys
    null_key_rows: int | None = None
    columns: list[ColumnStat] = field(default_factory=list)
    sentinels: list[Sentinel] = field(default_factory=list)

    @property
    def problems(self) -> int:
        """A rough count of findings worth a look (for the overview table)."""
        n = len([s for s in self.sentinels if s.count])
        n += bool(self.duplicate_rows) + bool(self.null_key_rows)
        n += bool(self.gaps and (self.gaps.missing or self.gaps.entity_missing))
        return n

    def as_dict(self) -> dict:
        out = asdict(self)
        out["problems"] = self.problems
        return out


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def is_coordinate(col: Column) -> bool:
    name = col.name.lower()
    return col.type == "DOUBLE" and (name in ("lat", "lon", "lng") or name.endswith(("_lat", "_lon", "_lng")))


def time_grain(ds: Dataset) -> tuple[str | None, str]:
    """(grain, reason if None) for the gap check of a dataset's time column."""
    col = next((c for c in ds.columns if c.name == ds.as_of_column), None)
    if col is None:
        return None, "no_time_column"
    cadence = ds.cadence.lower()
    if ds.is_live or "real-time" in cadence:
        return None, "live"
    if ds.partitioned:
        return None, "on_request"
    if "irregular" in cadence:
        return None, "irregular"
    if col.type in ("INTEGER", "BIGINT", "SMALLINT") and col.name == "year":
        return "year", ""
    if col.type == "TIMESTAMP":
        for word, grain in (("hourly", "hour"), ("daily", "day"), ("monthly", "month")):
            if word in cadence:
                return grain, ""
    if col.type == "DATE":
        if _hour_column(ds) and "hourly" in cadence:
            return "hour", ""
        if "monthly" in cadence or col.name in ("month", "month_start"):
            return "month", ""
        if "daily" in cadence or "hourly" in cadence:
            return "day", ""
    return None, "irregular"


_TRUNC = {"hour": "hour", "day": "day", "month": "month"}
_STEP = {"hour": "INTERVAL 1 HOUR", "day": "INTERVAL 1 DAY", "month": "INTERVAL 1 MONTH"}


def _hour_column(ds: Dataset) -> str:
    """A separate hour-of-day column beside a DATE time column, as in (date, hour) keys."""
    if "hour" in ds.primary_key and ds.as_of_column in ds.primary_key:
        col = next(c for c in ds.columns if c.name == "hour")
        if col.type in ("INTEGER", "SMALLINT", "BIGINT"):
            return "hour"
    return ""


def _slot_expr(col: str, grain: str, hour_col: str = "") -> str:
    if hour_col:
        return f"(CAST({col} AS TIMESTAMP) + to_hours(CAST({ident(hour_col)} AS BIGINT)))"
    if grain == "year":
        return f"CAST({col} AS BIGINT)"
    if grain == "hour":
        return f"date_trunc('hour', CAST({col} AS TIMESTAMP))"
    return f"CAST(date_trunc('{_TRUNC[grain]}', CAST({col} AS TIMESTAMP)) AS DATE)"


def _slot_count(lo, hi, grain: str) -> int:
    if grain == "year":
        return int(hi) - int(lo) + 1
    if grain == "hour":
        return int((hi - lo).total_seconds() // 3600) + 1
    if grain == "day":
        return (hi - lo).days + 1
    return (hi.year - lo.year) * 12 + hi.month - lo.month + 1


def _gaps(con: duckdb.DuckDBPyConnection, ds: Dataset, grain: str) -> tuple[Gaps | None, str]:
    table, col = ident(ds.table), ident(ds.as_of_column)
    hour_col = _hour_column(ds) if grain == "hour" else ""
    slot = _slot_expr(col, grain, hour_col)
    lo, hi, present = con.execute(
        f"SELECT min(s), max(s), count(DISTINCT s) FROM (SELECT {slot} AS s FROM {table} WHERE {col} IS NOT NULL)"
    ).fetchall()[0]
    if lo is None:
        return None, "empty"
    expected = _slot_count(lo, hi, grain)
    if expected > MAX_SERIES_SLOTS:
        return None, "too_long"
    gaps = Gaps(grain=grain, expected=expected, present=int(present), missing=expected - int(present))
    if gaps.missing:
        if grain == "year":
            series = "SELECT CAST(range AS BIGINT) AS s FROM range(?, ? + 1)"
        elif grain == "hour":
            series = f"SELECT generate_series AS s FROM generate_series(CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), {_STEP[grain]})"
        else:
            series = (f"SELECT CAST(generate_series AS DATE) AS s FROM generate_series(CAST(? AS TIMESTAMP), "
                      f"CAST(? AS TIMESTAMP), {_STEP[grain]})")
        # Islands: consecutive missing slots share (slot index − row number).
        idx = {"year": "s", "hour": "epoch(s) // 3600", "day": "epoch(s) // 86400",
               "month": "year(s) * 12 + month(s)"}[grain]
        rows = con.execute(f"""
            WITH series AS ({series}),
                 have AS (SELECT DISTINCT {slot} AS s FROM {table} WHERE {col} IS NOT NULL),
                 missing AS (SELECT s FROM series ANTI JOIN have USING (s)),
                 numbered AS (SELECT s, CAST({idx} AS BIGINT) - row_number() OVER (ORDER BY s) AS island FROM missing)
            SELECT min(s), max(s), count(*) AS n FROM numbered GROUP BY island ORDER BY n DESC, min(s) LIMIT {MAX_RUNS}
        """, [lo, hi]).fetchall()
        gaps.runs = [GapRun(_iso(a), _iso(b), int(n)) for a, b, n in rows]
    entity = [k for k in ds.primary_key if k not in (ds.as_of_column, hour_col)]
    if ds.as_of_column in ds.primary_key and len(entity) == 1:
        ent = ident(entity[0])
        if grain == "year":
            span = "hi - lo + 1"
        else:
            span = f"datediff('{grain}', lo, hi) + 1"
        per = con.execute(f"""
            WITH s AS (SELECT DISTINCT CAST({ent} AS VARCHAR) AS e, {slot} AS s FROM {table}
                       WHERE {col} IS NOT NULL AND {ent} IS NOT NULL),
                 b AS (SELECT e, min(s) AS lo, max(s) AS hi, count(*) AS n FROM s GROUP BY e)
            SELECT e, lo, hi, n, CAST({span} AS BIGINT) - n AS missing FROM b ORDER BY missing DESC, e
        """).fetchall()
        gaps.entity_column = entity[0]
        gaps.entities = len(per)
        gaps.entities_with_gaps = sum(1 for r in per if r[4] > 0)
        gaps.entity_missing = int(sum(r[4] for r in per))
        gaps.worst_entities = [EntityGaps(r[0], _iso(r[1]), _iso(r[2]), int(r[3]), int(r[4]))
                               for r in per[:MAX_ENTITIES] if r[4] > 0]
    return gaps, ""


def dataset_quality(con: duckdb.DuckDBPyConnection, ds: Dataset, status: dict | None = None) -> DatasetQuality:
    """Every check for one dataset (its table must exist in the warehouse). Runs on its
    own cursor, so a shared connection is never left with an unfinished result."""
    cur = con.cursor()
    try:
        return _dataset_quality(cur, ds, status)
    finally:
        cur.close()


def _dataset_quality(con: duckdb.DuckDBPyConnection, ds: Dataset, status: dict | None) -> DatasetQuality:
    table = ident(ds.table)
    aggs = ["count(*)"]
    for c in ds.columns:
        q = ident(c.name)
        aggs.append(f"count(*) - count({q})")
        aggs.append(f"count_if(trim({q}) = '')" if c.type == "VARCHAR" else "0")
    checks: list[tuple[Column, str, str, str]] = []  # (column, kind, sql, detail)
    for c in ds.columns:
        q = ident(c.name)
        if is_coordinate(c):
            checks.append((c, "zero_coordinate", f"count_if({q} = 0)", ""))
            checks.append((c, "null_coordinate", f"count_if({q} IS NULL)", ""))
        if c.type in NUMERIC and c.min is not None and c.min >= 0:
            checks.append((c, "negative", f"count_if({q} < 0)", ""))
        if c.type in NUMERIC and (c.min is not None or c.max is not None):
            lo = "-inf" if c.min is None else repr(float(c.min))
            hi = "inf" if c.max is None else repr(float(c.max))
            checks.append((c, "out_of_range", f"count_if({q} < CAST('{lo}' AS DOUBLE) OR {q} > CAST('{hi}' AS DOUBLE))",
                           f"{'' if c.min is None else c.min} … {'' if c.max is None else c.max}"))
        if c.type in NUMERIC and c.unit in CONCENTRATION_UNITS:
            checks.append((c, "zero_reading", f"count_if({q} = 0)", c.unit))
        if c.allowed:
            allowed = ", ".join("'" + a.replace("'", "''") + "'" for a in c.allowed)
            checks.append((c, "not_allowed", f"count_if({q} IS NOT NULL AND {q} NOT IN ({allowed}))", ", ".join(c.allowed)))
        if not c.nullable:
            checks.append((c, "null_required", f"count_if({q} IS NULL)", ""))
    row = con.execute(f"SELECT {', '.join(aggs + [sql for *_, sql, _ in checks] or ['0'])} FROM {table}").fetchall()[0]
    rows = int(row[0])
    quality = DatasetQuality(dataset=ds.id, table=ds.table, rows=rows,
                             source_kind=(status or {}).get("source_kind"), time_column=ds.as_of_column)
    for i, c in enumerate(ds.columns):
        nulls, blanks = int(row[1 + 2 * i] or 0), int(row[2 + 2 * i] or 0)
        quality.columns.append(ColumnStat(c.name, nulls, nulls / rows if rows else 0.0, blanks))
    offset = 1 + 2 * len(ds.columns)
    for j, (c, kind, _sql, detail) in enumerate(checks):
        quality.sentinels.append(Sentinel(c.name, kind, int(row[offset + j] or 0), detail))

    if ds.primary_key and rows:
        keys = ", ".join(ident(k) for k in ds.primary_key)
        any_null = " OR ".join(f"{ident(k)} IS NULL" for k in ds.primary_key)
        dup_keys, dup_rows = con.execute(
            f"SELECT count(*), coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM {table} "
            f"WHERE NOT ({any_null}) GROUP BY {keys} HAVING count(*) > 1)").fetchall()[0]
        quality.duplicate_keys, quality.duplicate_rows = int(dup_keys), int(dup_rows)
        quality.null_key_rows = int(con.execute(f"SELECT count_if({any_null}) FROM {table}").fetchall()[0][0] or 0)
    elif ds.primary_key:
        quality.duplicate_keys = quality.duplicate_rows = quality.null_key_rows = 0

    if ds.as_of_column and rows:
        lo, hi = con.execute(f"SELECT min({ident(ds.as_of_column)}), max({ident(ds.as_of_column)}) FROM {table}").fetchall()[0]
        quality.time_min, quality.time_max = _iso(lo), _iso(hi)
    grain, reason = time_grain(ds)
    if not rows and grain:
        reason = "empty"
    elif grain:
        quality.gaps, reason = _gaps(con, ds, grain)
        quality.grain = grain if quality.gaps else None
    quality.gaps_skipped = reason
    return quality


def warehouse_quality(con: duckdb.DuckDBPyConnection, status: dict[str, dict] | None = None) -> dict[str, DatasetQuality]:
    """dataset id → checks, for every catalog dataset with a warehouse table."""
    status = status or {}
    cur = con.cursor()
    try:
        tables = {r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        cur.close()
    out = {}
    for ds in catalog.warehouse_datasets():
        if ds.table in tables:
            out[ds.id] = dataset_quality(con, ds, status.get(ds.id))
    return out
