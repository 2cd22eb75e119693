"""Trip summaries (rollups) maintained at import, so every trip view reads a small table.

A month of trips (one `rental_history` snapshot, ≈ 4 M rows for a full official month)
is summarised once, when it is imported, into the tables below. The warehouse build
stacks the summaries of every current month into tables of the same names, and the
named queries `queries/bikes/trips_*.sql` read those; the `trips_raw_*.sql` twins read
every trip and must give the same answers (tests/test_trip_rollups.py checks it).

    trips_rollup_hour          month, day, hour → trips, duration and distance sums/counts
    trips_rollup_station_hour  month, day, hour, station → rentals, returns (by rental hour)
    trips_rollup_station       month, station → rentals, returns (the station balance)
    trips_rollup_od            month, rental station, return station → trips, sums/counts
    trips_rollup_od_total      rental station, return station → the same over every month
                               (made at build from trips_rollup_od: the full-history routes)
    trips_rollup_duration      month, whole minutes (floor) → trips   (any integer bin width)
    trips_rollup_distance      month, whole metres (floor) → trips
    trips_rollup_names         month, station, name → last rental time it was seen
    trips_rollup_months        partition → source, scope (e.g. Gangnam-internal extract),
                               synthetic flag, trips

Every row is keyed by the month of the *rental* time (`month` = first day of it; NULL
for trips without a readable rental time), exactly as the raw views filter, so summaries
of several snapshots combine by summing. Averages are kept as sums and counts.

Atomicity: `write_month_rollups` writes the summary files of a finished trip parquet into
a temporary folder and renames it to `rollups/<sha256 of the trip file>/` only when all
are written; the importer does this before the trip snapshot is adopted and removes it
again if adoption fails, so a failed import leaves no summary behind, and a summary can
never belong to other trips than the ones it was made from. A snapshot without a summary
folder (the bundled month, or one imported before summaries existed) is summarised at
build time from its parquet, with the same SQL.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

from . import snapshots

DATASET = "rental_history"
ROLLUP_DIR_NAME = "rollups"
DUCKDB_THREADS = 2
DUCKDB_MEMORY_LIMIT = "512MB"

# Per-month summaries of a relation of trips `{src}` (canonical `trips` columns).
# Hourly keys are grouped as one hour-truncated timestamp and split into month, day and hour
# on the (far fewer) groups; the two sides of the station balance are counted before they
# are stacked, so that union is of groups, not of trips.
_MONTH = "CAST(date_trunc('month', rent_at) AS DATE)"
_HOUR_PARTS = ("CAST(date_trunc('month', rent_hour) AS DATE) AS month, CAST(rent_hour AS DATE) AS day, "
               "CAST(hour(rent_hour) AS TINYINT) AS hour")
MONTH_ROLLUPS: dict[str, str] = {
    "trips_rollup_hour": f"""
        SELECT {_HOUR_PARTS}, trips, duration_sum, duration_n, distance_sum, distance_n
        FROM (SELECT date_trunc('hour', rent_at) AS rent_hour, count(*) AS trips, sum(duration_min) AS duration_sum,
                     count(duration_min) AS duration_n, sum(distance_m) AS distance_sum, count(distance_m) AS distance_n
              FROM {{src}} WHERE rent_at IS NOT NULL GROUP BY rent_hour)""",
    "trips_rollup_station_hour": f"""
        SELECT {_HOUR_PARTS}, station_no, CAST(sum(rentals) AS BIGINT) AS rentals, CAST(sum(returns) AS BIGINT) AS returns
        FROM (SELECT date_trunc('hour', rent_at) AS rent_hour, rent_station_no AS station_no, 1 AS rentals, 0 AS returns
              FROM {{src}} WHERE rent_at IS NOT NULL AND rent_station_no IS NOT NULL
              UNION ALL
              SELECT date_trunc('hour', rent_at), return_station_no, 0, 1
              FROM {{src}} WHERE rent_at IS NOT NULL AND return_station_no IS NOT NULL)
        GROUP BY rent_hour, station_no""",
    "trips_rollup_station": f"""
        SELECT month, station_no, CAST(sum(rentals) AS BIGINT) AS rentals, CAST(sum(returns) AS BIGINT) AS returns
        FROM (SELECT {_MONTH} AS month, rent_station_no AS station_no, count(*) AS rentals, 0 AS returns
              FROM {{src}} WHERE rent_station_no IS NOT NULL GROUP BY ALL
              UNION ALL
              SELECT {_MONTH}, return_station_no, 0, count(*) FROM {{src}} WHERE return_station_no IS NOT NULL GROUP BY ALL)
        GROUP BY ALL""",
    "trips_rollup_od": f"""
        SELECT {_MONTH} AS month, rent_station_no, return_station_no, count(*) AS trips,
               sum(duration_min) AS duration_sum, count(duration_min) AS duration_n,
               sum(distance_m) AS distance_sum, count(distance_m) AS distance_n
        FROM {{src}} WHERE rent_station_no IS NOT NULL AND return_station_no IS NOT NULL GROUP BY ALL""",
    "trips_rollup_duration": f"""
        SELECT {_MONTH} AS month, floor(duration_min) AS minute_floor, count(*) AS trips
        FROM {{src}} WHERE duration_min >= 0 GROUP BY ALL""",
    "trips_rollup_distance": f"""
        SELECT {_MONTH} AS month, floor(distance_m) AS metre_floor, count(*) AS trips
        FROM {{src}} WHERE distance_m >= 0 GROUP BY ALL""",
    # names only from trips with a rental time: the views pick the name seen last
    "trips_rollup_names": f"""
        SELECT month, station_no, name, max(rent_at) AS last_seen
        FROM (SELECT {_MONTH} AS month, rent_station_no AS station_no, rent_station_name AS name, rent_at
              FROM {{src}} WHERE rent_at IS NOT NULL AND rent_station_no IS NOT NULL AND rent_station_name IS NOT NULL
              UNION ALL
              SELECT {_MONTH}, return_station_no, return_station_name, rent_at
              FROM {{src}} WHERE rent_at IS NOT NULL AND return_station_no IS NOT NULL
                                 AND return_station_name IS NOT NULL)
        GROUP BY ALL""",
}

# The columns every summary but the names reads (≈ 150 MB for a full month); the names
# summary reads the station-name text from the trip file.
_READS_TEXT = {"trips_rollup_names"}
CORE_COLUMNS = ["rent_at", "rent_station_no", "return_station_no", "duration_min", "distance_m"]

# Column types of every rollup table (the month summaries above, then build-only ones).
SCHEMAS: dict[str, str] = {
    "trips_rollup_hour": "month DATE, day DATE, hour TINYINT, trips BIGINT, duration_sum DOUBLE, "
                         "duration_n BIGINT, distance_sum DOUBLE, distance_n BIGINT",
    "trips_rollup_station_hour": "month DATE, day DATE, hour TINYINT, station_no INTEGER, rentals BIGINT, "
                                 "returns BIGINT",
    "trips_rollup_station": "month DATE, station_no INTEGER, rentals BIGINT, returns BIGINT",
    "trips_rollup_od": "month DATE, rent_station_no INTEGER, return_station_no INTEGER, trips BIGINT, "
                       "duration_sum DOUBLE, duration_n BIGINT, distance_sum DOUBLE, distance_n BIGINT",
    "trips_rollup_duration": "month DATE, minute_floor DOUBLE, trips BIGINT",
    "trips_rollup_distance": "month DATE, metre_floor DOUBLE, trips BIGINT",
    "trips_rollup_names": "month DATE, station_no INTEGER, name VARCHAR, last_seen TIMESTAMP",
    "trips_rollup_od_total": "rent_station_no INTEGER, return_station_no INTEGER, trips BIGINT, "
                             "duration_sum DOUBLE, duration_n BIGINT, distance_sum DOUBLE, distance_n BIGINT",
    "trips_rollup_months": "partition VARCHAR, source VARCHAR, source_kind VARCHAR, scope VARCHAR, "
                           "synthetic BOOLEAN, trips BIGINT, first_day DATE, last_day DATE",
}
# Keys of the stacked month tables (the rest are measures, summed; last_seen: the latest).
# Summaries of two snapshots can share a key (trips of one month in two files), so the
# build merges them: each key is then one row and a view needs no GROUP BY of its own.
KEYS = {"trips_rollup_hour": "month, day, hour", "trips_rollup_station_hour": "month, day, hour, station_no",
        "trips_rollup_station": "month, station_no", "trips_rollup_od": "month, rent_station_no, return_station_no",
        "trips_rollup_duration": "month, minute_floor", "trips_rollup_distance": "month, metre_floor",
        "trips_rollup_names": "month, station_no, name"}
TABLES = list(SCHEMAS)


def _sql_str(value: object) -> str:
    return str(value).replace("'", "''")


def _parquet_src(path: Path) -> str:
    return f"read_parquet('{_sql_str(path)}')"


def _connect():
    import duckdb
    return duckdb.connect(":memory:", config={"threads": DUCKDB_THREADS, "memory_limit": DUCKDB_MEMORY_LIMIT,
                                              "preserve_insertion_order": False})


def rollup_root(snapshot_dir: Path) -> Path:
    return snapshot_dir / ROLLUP_DIR_NAME


def rollup_dir_for(trips_parquet: Path, sha256: str) -> Path:
    """Where the summaries of the trip file with this checksum live (beside the trip file)."""
    return rollup_root(trips_parquet.parent) / sha256[:32]


def write_month_rollups(trips_parquet: Path, sha256: str | None = None, *, core=None) -> Path:
    """Summarise a finished trip parquet into `rollups/<sha256>/` next to it, atomically.

    `core`, if given, is a pyarrow table of the file's CORE_COLUMNS, rows as in the file
    (the importer keeps them from its conversion), so they are not read back from the file.
    Returns the folder. Either every summary file is there (and `done.json` lists them)
    or the folder does not exist.
    """
    sha256 = sha256 or snapshots.sha256_file(trips_parquet)
    final = rollup_dir_for(trips_parquet, sha256)
    if _is_complete(final, sha256):  # the same trips summarised before
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=final.parent, prefix=".incoming."))
    try:
        con = _connect()
        try:
            # The columns all but the names summary need, in memory once; the names summary
            # reads its text columns from the file.
            con.execute(f"CREATE TEMP VIEW month_trips AS SELECT * FROM {_parquet_src(trips_parquet)}")
            if core is None:
                con.execute(f"CREATE TEMP TABLE month_core AS SELECT {', '.join(CORE_COLUMNS)} FROM month_trips")
            else:  # copied into a table all the same: its statistics keep the summaries' NOT NULLs
                con.register("month_core_arrow", core)
                con.execute(f"CREATE TEMP TABLE month_core AS SELECT {', '.join(CORE_COLUMNS)} FROM month_core_arrow")
                con.unregister("month_core_arrow")
            for table, select in MONTH_ROLLUPS.items():
                out = work / f"{table}.parquet"
                src = "month_trips" if table in _READS_TEXT else "month_core"
                con.execute(f"COPY ({select.format(src=src)}) TO '{_sql_str(out)}' "
                            "(FORMAT parquet, COMPRESSION zstd)")
        finally:
            con.close()
        (work / "done.json").write_text(json.dumps({"trips_sha256": sha256, "tables": list(MONTH_ROLLUPS)}))
        if final.exists():  # an incomplete leftover of an interrupted run
            shutil.rmtree(final)
        work.rename(final)
        return final
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _is_complete(folder: Path, sha256: str) -> bool:
    try:
        done = json.loads((folder / "done.json").read_text())
    except (OSError, ValueError):
        return False
    return done.get("trips_sha256") == sha256 and set(done.get("tables", [])) == set(MONTH_ROLLUPS)


def _ready_rollups(info: snapshots.SnapshotInfo) -> Path | None:
    folder = rollup_dir_for(info.parquet_path, info.sha256)
    return folder if _is_complete(folder, info.sha256) else None


def prune_orphans(snapshot_dir: Path) -> None:
    """Remove summary folders whose trip snapshot is gone (pruned or replaced)."""
    root = rollup_root(snapshot_dir)
    if not root.is_dir():
        return
    wanted = {rollup_dir_for(i.parquet_path, i.sha256).name for i in snapshots.list_live_snapshots(DATASET)}
    for folder in root.iterdir():
        if folder.is_dir() and not folder.name.startswith(".") and folder.name not in wanted:
            shutil.rmtree(folder, ignore_errors=True)


def create_tables(con) -> None:
    for table, columns in SCHEMAS.items():
        con.execute(f"CREATE TABLE {table} ({columns})")


def _insert_month(con, source_sql: str) -> None:
    """Append one month's summaries: `source_sql(table)` gives the relation to read."""
    for table in MONTH_ROLLUPS:
        con.execute(f"INSERT INTO {table} SELECT * FROM {source_sql(table)}")


def _finish(con) -> None:
    """Merge the stacked month tables to one row per key, sorted by month (a one-month view
    then reads few row groups), and derive the full-history route table.

    Every key starts with the month, so the merge runs one month at a time: its memory is
    that of one month's summaries however long the history (merging 7.5 years at once
    needed more than the build's 4 GB)."""
    for table, keys in KEYS.items():
        key_names = [k.strip() for k in keys.split(",")]
        measures = [c.split()[0] for c in SCHEMAS[table].split(", ") if c.split()[0] not in key_names]
        merged = ", ".join(f"max({m}) AS {m}" if m == "last_seen" else f"CAST(sum({m}) AS {_type(table, m)}) AS {m}"
                           for m in measures)
        order = "trips DESC" if table == "trips_rollup_od" else keys
        con.execute(f"CREATE TABLE {table}__merged ({SCHEMAS[table]})")
        months = [m for (m,) in con.execute(f"SELECT DISTINCT month FROM {table} ORDER BY month NULLS LAST").fetchall()]
        for month in months:
            where, params = ("month IS NULL", []) if month is None else ("month = ?", [month])
            con.execute(f"INSERT INTO {table}__merged SELECT {keys}, {merged} FROM {table} WHERE {where} "
                        f"GROUP BY {keys} ORDER BY {order}", params)
        con.execute(f"DROP TABLE {table}")
        con.execute(f"ALTER TABLE {table}__merged RENAME TO {table}")
    con.execute("""INSERT INTO trips_rollup_od_total
        SELECT rent_station_no, return_station_no, CAST(sum(trips) AS BIGINT), sum(duration_sum),
               CAST(sum(duration_n) AS BIGINT), sum(distance_sum), CAST(sum(distance_n) AS BIGINT)
        FROM trips_rollup_od GROUP BY ALL ORDER BY 3 DESC, 1, 2""")


def _type(table: str, column: str) -> str:
    for col in SCHEMAS[table].split(", "):
        name, typ = col.split(" ", 1)
        if name == column:
            return typ
    raise KeyError(column)


def build_tables(con, infos: list[snapshots.SnapshotInfo]) -> None:
    """Warehouse hook: create the rollup tables and fill them for the current snapshots.

    Summaries written at import are read as they are; a snapshot without them (the
    bundled month) is summarised here from its parquet with the same SQL.
    """
    create_tables(con)
    for info in infos:
        folder = _ready_rollups(info)
        if folder is not None:
            _insert_month(con, lambda table, folder=folder: _parquet_src(folder / f"{table}.parquet"))
        else:
            src = _parquet_src(info.parquet_path)
            _insert_month(con, lambda table, src=src: f"({MONTH_ROLLUPS[table].format(src=src)})")
        meta = pq.read_metadata(info.parquet_path).metadata or {}
        # first and last rental inside the partition month (from the small hour summary)
        start = f"{info.partition}-01" if info.partition else None
        con.execute("""INSERT INTO trips_rollup_months
            SELECT ?, ?, ?, ?, ?, ?, min(day), max(day) FROM trips_rollup_hour
            WHERE ? IS NULL OR month = CAST(? AS DATE)""",
                    [info.partition, info.source, info.source_kind, meta.get(b"scope", b"as_published").decode(),
                     info.synthetic, info.rows, start, start])
    _finish(con)


def build_from_table(con, table: str = "trips") -> None:
    """Summaries of a `trips` table already in `con` (tests and benchmarks)."""
    create_tables(con)
    _insert_month(con, lambda t: f"({MONTH_ROLLUPS[t].format(src=table)})")
    _finish(con)
