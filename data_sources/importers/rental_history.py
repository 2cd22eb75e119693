"""Streaming importer for the official monthly rental-history CSV (대여이력, OA-15182).

One month is ≈ 730 MB / 4.2 M rows of CP949 text, so nothing here holds the file in
memory. The pipeline is:

1. **Sniff** the first 256 KB: encoding (UTF-8 with/without BOM, else CP949), header
   vintage (11, 16 or 17 columns, or a district extract such as the bundled 12-column
   January 2023 Gangnam file; header names matched with all spaces removed), or a
   header-less 11/16/17-column file. Anything else is rejected with
   `RentalHistoryFormatError` *before* a single byte is written.
2. **Convert, direct path** (clean files, nearly all of them): DuckDB parses the whole file
   in strict mode (`read_csv`, threads=2, memory_limit 512 MB) and try-casts to the
   canonical `trips` types. A CP949 file is cut at line ends into ≈ 96 MB parts that
   glibc's iconv (called in-process, 256 KB at a time, on a background thread) decodes into
   UTF-8 part files (`_IconvParts`) while DuckDB parses the previous part on both its
   threads (a regular file, not a pipe: DuckDB parses a pipe on one thread only). DuckDB's
   own reader knows UTF-8, UTF-16 and Latin-1 only; its `encodings` extension would have
   to be downloaded. Arrow batches go to a parquet file (zstd level 1) written by
   pyarrow on another thread; the text columns' trim/blank rule runs only on batches that
   hold a value it changes. Per-column counts of values that were present but
   unparseable, and of values the QUALITY_RULES set to NULL, ride along in the same pass,
   and the columns the month's summaries need stay in memory (≈ 150 MB) for them.
3. **Convert, cleaning path** (only when the direct path meets a line it cannot read, or
   bytes iconv cannot decode): transcode on a background thread, 16 MB at a time, into
   UTF-8 part files in a private `.incoming.*` folder, dropping lines with an odd number
   of double quotes (a known defect of some official months: ``"디지털입구 교", ""0",``,
   which would derail any CSV parser for the rest of the file) and lines with NUL bytes,
   and counting them as rejected; undecodable bytes are replaced and counted. DuckDB
   converts part k while part k+1 is transcoded, skipping lines it cannot split.
4. **Summarise** from the parquet file: the month most trips start in (the partition),
   first/last rental inside that month, rows outside it.

A file is refused (RentalHistoryFormatError, one-line message, nothing left behind) when
it is empty, binary, not CP949/UTF-8, has an unknown header, has no rows, has more than
1 % malformed lines, or has unreadable 대여일시 in more than half its rows.

Speed and memory are measured by benchmarks/bench_trips.py beside the decode limit
(`iconv` alone) in the same run; see the README's Benchmarks section.

`import_rental_history_snapshot` adopts the parquet as a partitioned live snapshot
(`var/snapshots/rental_history/<stamp>.<YYYY-MM>.parquet`) via `snapshots.adopt_parquet`.

Command line: ``.venv/bin/python -m data_sources import rental_history FILE.csv`` (imports,
then rebuilds the warehouse), or ``.venv/bin/python -m data_sources.importers.rental_history
FILE.csv …`` (snapshots only).
"""
from __future__ import annotations

import contextlib
import csv
import ctypes
import ctypes.util
import errno
import hashlib
import os
import queue
import re
import resource
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import settings, snapshots

DATASET = "rental_history"
EXPECTED = "the official Seoul bike rental-history CSV (대여이력, OA-15182)"

# Canonical `trips` columns and their DuckDB types, in order.
CANONICAL: list[tuple[str, str]] = [
    ("bike_id", "VARCHAR"),
    ("rent_at", "TIMESTAMP"),
    ("rent_station_no", "INTEGER"),
    ("rent_station_name", "VARCHAR"),
    ("rent_dock", "VARCHAR"),
    ("return_at", "TIMESTAMP"),
    ("return_station_no", "INTEGER"),
    ("return_station_name", "VARCHAR"),
    ("return_dock", "VARCHAR"),
    ("duration_min", "DOUBLE"),
    ("distance_m", "DOUBLE"),
    ("birth_year", "INTEGER"),
    ("gender", "VARCHAR"),
    ("user_type", "VARCHAR"),
    ("rent_station_id", "VARCHAR"),
    ("return_station_id", "VARCHAR"),
]
CANONICAL_NAMES = [name for name, _ in CANONICAL]
_ARROW_TYPES = {"VARCHAR": pa.string(), "TIMESTAMP": pa.timestamp("us"), "INTEGER": pa.int32(),
                "DOUBLE": pa.float64()}
TRIPS_SCHEMA = pa.schema([(n, _ARROW_TYPES[t]) for n, t in CANONICAL])

# Official header names (every vintage), keyed by the name with all whitespace removed and
# ASCII lower-cased. 자전거구분 (bike type) exists in some vintages and is not kept.
_HEADER_ALIASES: dict[str, str] = {
    "자전거번호": "bike_id",
    "대여일시": "rent_at",
    "대여대여소번호": "rent_station_no",
    "대여대여소명": "rent_station_name",
    "대여거치대": "rent_dock",
    "반납일시": "return_at",
    "반납대여소번호": "return_station_no",
    "반납대여소명": "return_station_name",
    "반납거치대": "return_dock",
    "이용시간(분)": "duration_min",
    "이용시간": "duration_min",
    "이용거리(m)": "distance_m",
    "이용거리": "distance_m",
    "생년": "birth_year",
    "성별": "gender",
    "이용자종류": "user_type",
    "대여대여소id": "rent_station_id",
    "반납대여소id": "return_station_id",
    "자전거구분": "_bike_type",
}
# Every file must have these: the columns every trip view needs. Official vintages have
# all of the 2021-era 11-column layout; district extracts of them (the bundled January
# 2023 Gangnam file: 12 columns, without 자전거번호 and 대여 대여소명) lack some others.
CORE_COLUMNS = ["rent_at", "rent_station_no", "return_at", "return_station_no", "duration_min", "distance_m"]
_POSITIONAL = {  # header-less files: the column order of each vintage
    11: CANONICAL_NAMES[:11],
    16: CANONICAL_NAMES,
    17: CANONICAL_NAMES + ["_bike_type"],
}
_OFFICIAL_HEADER_16 = ("자전거번호,대여일시,대여 대여소번호,대여 대여소명,대여거치대,반납일시,반납대여소번호,"
                       "반납대여소명,반납거치대,이용시간(분),이용거리(M),생년,성별,이용자종류,대여대여소ID,반납대여소ID")

# Columns parsed from text whose failures are counted.
_PARSED = ["rent_at", "return_at", "rent_station_no", "return_station_no", "duration_min",
           "distance_m", "birth_year"]
_TS_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
               "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y%m%d%H%M%S", "%Y%m%d %H:%M:%S"]
# Values the catalog declares non-negative (min = 0): negative ones become NULL, counted.
_NON_NEGATIVE = {"duration_min", "distance_m"}

# Data-quality rules, applied after parsing to every file (PROVENANCE.md §10.2 lists these
# quirks for the real January 2023 month; official months share them). Each rule turns
# a readable but implausible value into NULL and is counted per rule in ImportResult.cleaned.
#   * 생년 (birth year): junk such as 1901 or 2095 → NULL unless the rider was 13 to 100
#     years old in the year of the rental (Ttareungi is for riders aged 13 and over);
#   * 이용거리 (distance) 0 on a ride of a minute or more: the distance was not recorded → NULL;
#   * 이용시간 (duration) 0 is kept: the duration is in whole minutes, so 0 means under a
#     minute — nearly always a bike returned at once to the station it came from, still a rental;
#   * a blank 성별 (gender) is NULL (unknown), as every missing value.
QUALITY_RULES: dict[str, tuple[str, str]] = {  # rule name → (column, expression of the parsed row)
    "birth_year_implausible": (
        "birth_year", "CASE WHEN year(rent_at) - birth_year BETWEEN 13 AND 100 THEN birth_year END"),
    "distance_not_recorded": (
        "distance_m", "CASE WHEN distance_m = 0 AND duration_min >= 1 THEN NULL ELSE distance_m END"),
}

# Known extracts whose rows are a subset of an official month, by file name: the scope is
# stored in the parquet metadata and shown beside every trip view of that month.
SCOPE_AS_PUBLISHED = "as_published"
KNOWN_EXTRACTS = {
    "ddareungi_trips_202301_gangnam_internal.csv": "gangnam_internal",  # both ends in Gangnam-gu
}

SNIFF_BYTES = 256 * 1024
CHUNK_BYTES = 16 * 1024 * 1024
ICONV_BLOCK_BYTES = 32 * 1024 * 1024  # the file is cut into blocks of whole lines of about this size
# Read and decoded at a time, into reused buffers that stay in the CPU's cache (measured:
# 256 KB decodes the month in ≈ 2.0 CPU s, like `iconv` to /dev/null; 4 MB in ≈ 2.7 s).
DECODE_CHUNK_BYTES = 256 * 1024
PART_BYTES = 96 * 1024 * 1024  # UTF-8 part files handed to DuckDB one at a time
# DuckDB hands over batches of BATCH_ROWS rows (smaller batches reuse their memory instead of
# growing fresh buffers: measured ≈ 4 % less CPU than 262,144); the writer gathers them into
# row groups of ROW_GROUP_ROWS.
BATCH_ROWS = 65_536
ROW_GROUP_ROWS = 262_144
DUCKDB_MEMORY_LIMIT = "512MB"
DUCKDB_THREADS = 2
# A file is refused when more lines than this are malformed (or none parse at all).
MAX_REJECTED_SHARE = 0.01
MAX_REJECTED_FLOOR = 1000

Progress = Callable[[int], None]  # called with the number of rows converted so far


class RentalHistoryFormatError(ValueError):
    """The file is not a rental-history CSV we can read; the message is one line."""


@dataclass
class ImportResult:
    tmp_parquet: Path
    rows: int
    rejected_rows: int
    unparseable_timestamps: int
    partition: str  # "YYYY-MM": the month most trips start in
    first_rent_at: datetime | None  # earliest rental inside the partition month
    last_rent_at: datetime | None  # latest rental inside the partition month
    encoding: str  # "cp949" | "utf-8" | "utf-8-sig"
    source: str = ""  # file name
    vintage: int = 0  # number of columns in the file (11, 16, 17, …)
    header: str = "present"  # "present" | "absent" (header-less official file)
    missing_columns: list[str] = field(default_factory=list)  # canonical columns filled with NULL
    ignored_columns: list[str] = field(default_factory=list)  # file columns not kept
    # per parsed column: values present in the file but unparseable (or negative) → NULL
    unparseable: dict[str, int] = field(default_factory=dict)
    rows_outside_partition: int = 0  # rows whose rent_at is in another month (or NULL)
    decode_errors: int = 0  # characters replaced because they were not valid in `encoding`
    synthetic: bool = False  # the file name says it is synthetic
    # per QUALITY_RULES entry: readable values set to NULL as implausible
    cleaned: dict[str, int] = field(default_factory=dict)
    scope: str = SCOPE_AS_PUBLISHED  # or a KNOWN_EXTRACTS scope (e.g. "gangnam_internal")
    path_taken: str = ""  # "direct" (DuckDB reads the file) or "cleaned" (line-by-line cleaning first)
    seconds: float = 0.0
    sha256: str = ""  # of tmp_parquet, computed while it was written


# ---------------------------------------------------------------------------------------
# 1. sniffing
# ---------------------------------------------------------------------------------------

def _fail(path: Path, what: str) -> RentalHistoryFormatError:
    return RentalHistoryFormatError(f"{path.name}: {what}; expected {EXPECTED}")


def _norm_header(name: str) -> str:
    name = name.replace("\ufeff", "").strip().strip("'\"")
    return re.sub(r"\s+", "", name).lower()


def _detect_encoding(path: Path, head: bytes, complete: bool) -> tuple[str, str]:
    """(encoding, decoded head) — the head is cut at its last newline first."""
    if not head.strip():
        raise _fail(path, "the file is empty")
    if b"\x00" in head:
        raise _fail(path, "the file contains NUL bytes (binary data or UTF-16), not CP949/UTF-8 CSV text")
    if not complete:
        cut = head.rfind(b"\n")
        if cut < 0:
            raise _fail(path, f"no line break in the first {SNIFF_BYTES // 1024} KB, so this is not a CSV file")
        head = head[: cut + 1]
    if head.startswith(b"\xef\xbb\xbf"):
        try:
            return "utf-8-sig", head.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _fail(path, "starts with a UTF-8 byte-order mark but is not valid UTF-8") from None
    for enc in ("utf-8", "cp949"):
        try:
            return enc, head.decode(enc)
        except UnicodeDecodeError:
            continue
    raise _fail(path, "the file is not CP949 or UTF-8 text (binary data or another encoding)")


_DATA_FIRST_FIELD = re.compile(r"^'?[A-Za-z]{2,4}-?\d+'?$")  # SPB-12345
_DATA_TS_FIELD = re.compile(r"^'?\d{4}[-/.]?\d{2}[-/.]?\d{2}")


def _parse_header(path: Path, first_line: str) -> tuple[list[str], bool]:
    """Column names (canonical, `_bike_type` or `_extra_N`) and whether the line is a header."""
    try:
        fields = next(csv.reader([first_line]))
    except (csv.Error, StopIteration):
        raise _fail(path, "the first line is not a CSV header") from None
    keys = [_norm_header(f) for f in fields]
    names = [_HEADER_ALIASES.get(k) for k in keys]
    if any(names):
        missing = [c for c in CORE_COLUMNS if c not in names]
        if missing:
            shown = ", ".join(fields[:6]) + (", …" if len(fields) > 6 else "")
            raise _fail(path, f"header ({shown}) lacks {', '.join(_korean(c) for c in missing)}")
        seen: set[str] = set()
        out = []
        for i, name in enumerate(names):
            if name is None:
                out.append(f"_extra_{i}")
            elif name in seen:
                raise _fail(path, f"header names the column {fields[i].strip()!r} twice")
            else:
                seen.add(name)
                out.append(name)
        return out, True
    # Header-less official months exist (2018-12, 2019-04/05): recognise a data row.
    if (len(fields) in _POSITIONAL and _DATA_FIRST_FIELD.match(fields[0].strip())
            and _DATA_TS_FIELD.match(fields[1].strip())):
        return list(_POSITIONAL[len(fields)]), False
    shown = first_line.strip()[:80]
    raise _fail(path, f"unrecognised header {shown!r} (the official header starts "
                      f"{_OFFICIAL_HEADER_16[:40]}…)")


def _korean(canonical: str) -> str:
    for k, v in _HEADER_ALIASES.items():
        if v == canonical:
            return k
    return canonical


# ---------------------------------------------------------------------------------------
# 2. transcoding
# ---------------------------------------------------------------------------------------

@dataclass
class _TranscodeStats:
    lines: int = 0  # data lines written
    rejected: int = 0  # lines dropped (odd quotes / NUL bytes)
    blank: int = 0
    decode_errors: int = 0


def _line_masks(block: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Line end positions, a 'malformed' mask and a 'blank' mask for a block of whole lines."""
    arr = np.frombuffer(block, dtype=np.uint8)
    ends = np.flatnonzero(arr == 10)
    starts = np.concatenate(([0], ends[:-1] + 1))
    quotes = np.flatnonzero(arr == 34)
    qcount = np.searchsorted(quotes, ends) - np.searchsorted(quotes, starts)
    bad = (qcount & 1).astype(bool)
    if b"\x00" in block:
        nuls = np.flatnonzero(arr == 0)
        bad |= (np.searchsorted(nuls, ends) - np.searchsorted(nuls, starts)) > 0
    length = ends - starts
    blank = (length == 0) | ((length == 1) & (arr[np.maximum(ends - 1, 0)] == 13))
    return ends, bad, blank


def _clean_block(data: bytes, codec: str, stats: _TranscodeStats) -> bytes:
    """Whole lines in, UTF-8 out: malformed/blank lines dropped, CRLF → LF."""
    ends, bad, blank = _line_masks(data)
    drop = bad | blank
    stats.rejected += int(bad.sum())
    stats.blank += int((blank & ~bad).sum())
    if drop.any():
        starts = np.concatenate(([0], ends[:-1] + 1))
        data = b"".join(data[starts[i]: ends[i] + 1] for i in np.flatnonzero(~drop))
    stats.lines += int((~drop).sum())
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"")
    if codec == "utf-8":
        try:  # already UTF-8: validate only
            data.decode("utf-8")
            return data
        except UnicodeDecodeError:
            pass
    text = data.decode(codec, errors="replace")
    stats.decode_errors += text.count("\ufffd")
    return text.encode("utf-8")


def _iter_blocks(src: Path, skip_first_line: bool):
    """Blocks of whole lines (≈ CHUNK_BYTES each) of the raw file, header/BOM removed."""
    rest = b""
    first = True
    with open(src, "rb") as fh:
        while True:
            chunk = fh.read(CHUNK_BYTES)
            eof = not chunk
            if first:
                first = False
                if chunk.startswith(b"\xef\xbb\xbf"):
                    chunk = chunk[3:]
                if skip_first_line:
                    cut = chunk.find(b"\n")
                    chunk = chunk[cut + 1:] if cut >= 0 else b""
            data = rest + chunk
            if eof:
                if data and not data.endswith(b"\n"):
                    data += b"\n"
                if data:
                    yield data
                return
            cut = data.rfind(b"\n")
            rest, data = data[cut + 1:], data[: cut + 1]
            if data:
                yield data


class _BackgroundParts:
    """Part files made on a background thread and handed over through a small queue: the
    thread puts (part path, …) items, then `_DONE`, or the exception that stopped it, which
    the iteration raises in the importing thread."""

    _DONE = object()

    def __iter__(self):
        while True:
            item = self._queue.get()
            if item is self._DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item


class _PartProducer(_BackgroundParts):
    """Transcode the source into UTF-8 part files (each with the canonical header) on a
    background thread, so DuckDB converts part k while part k+1 is being transcoded.
    At most two finished parts wait on disk."""

    def __init__(self, src: Path, work_dir: Path, encoding: str, header_line: bytes, skip_first_line: bool):
        self.stats = _TranscodeStats()
        self._args = (src, work_dir, "utf-8" if encoding == "utf-8-sig" else encoding, header_line,
                      skip_first_line)
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rental-history-transcode", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        src, work_dir, codec, header_line, skip_first_line = self._args
        out = None
        part_lines = 0
        try:
            n = 0
            for block in _iter_blocks(src, skip_first_line):
                if self._stop.is_set():
                    return
                if out is None:
                    path = work_dir / f"part{n:04d}.csv"
                    n += 1
                    out = open(path, "wb")
                    out.write(header_line)
                    part_lines = self.stats.lines
                out.write(_clean_block(block, codec, self.stats))
                if out.tell() >= PART_BYTES:
                    out.close()
                    self._queue.put((Path(out.name), self.stats.lines - part_lines))
                    out = None
            if out is not None:
                out.close()
                self._queue.put((Path(out.name), self.stats.lines - part_lines))
                out = None
            self._queue.put(self._DONE)
        except BaseException as exc:
            if out is not None:
                out.close()
            self._queue.put(exc)

    def close(self) -> None:
        """Stop the thread (after an error, drain the queue so it is not blocked)."""
        self._stop.set()
        while self._thread.is_alive():
            try:
                self._queue.get(timeout=0.05)
            except queue.Empty:
                pass
        self._thread.join()


# ---------------------------------------------------------------------------------------
# 3. conversion
# ---------------------------------------------------------------------------------------

def _ts_expr(raw: str) -> str:
    fmts = ", ".join(f"'{f}'" for f in _TS_FORMATS)
    return f"try_strptime({raw}, [{fmts}])"


def _text_expr(name: str) -> str:
    """The rule for a text column: blank → NULL, surrounding spaces trimmed (gender upper-cased).
    _Conversion applies it only to the batches that have a value it changes (`_text_changes`)."""
    # prefix/suffix: the same test as starts_with/ends_with, at half the cost
    expr = f"CASE WHEN prefix({name}, ' ') OR suffix({name}, ' ') THEN nullif(trim({name}), '') ELSE {name} END"
    return f"upper({expr})" if name == "gender" else expr


def _text_changes(column: pa.Array, name: str) -> bool:
    """Whether `_text_expr` may change a value of this batch's column: one that starts or ends
    with a space (or, for gender, any byte of a lower-case or non-ASCII letter). False for
    nearly every batch, so the rule's per-value work is not done on them."""
    if column.type != pa.string():
        return True
    data = column.buffers()[2]
    if data is None or column.null_count == len(column):
        return False
    data = np.frombuffer(data, dtype=np.uint8)
    if data.size == 0:
        return False
    if name == "gender" and (data >= ord("a")).any():
        return True
    if not (data == ord(" ")).any():
        return False
    # first and last byte of every value; an empty (or NULL) value's positions fall on a byte
    # of a neighbouring value, which is tested anyway, so no value is missed or invented
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32, count=len(column) + 1, offset=column.offset * 4)
    first = data.take(offsets[:-1], mode="clip")
    last = data.take(offsets[1:] - 1, mode="clip")
    return bool((first == ord(" ")).any() or (last == ord(" ")).any())


def _select_sql(file_columns: list[str], csv_path: Path, *, header: bool = True, strict: bool = False) -> str:
    """The conversion query over UTF-8 text. `strict=False` reads a cleaned part and skips
    lines that do not split into the header's columns; `strict=True` (the direct path)
    fails on the first such line instead. Text columns come out as read: _Conversion applies
    `_text_expr` to them."""
    present = set(file_columns)
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in file_columns) + "}"
    src = (f"read_csv('{_sql_str(csv_path)}', header = {str(header).lower()}, auto_detect = false, "
           f"columns = {columns}, delim = ',', quote = '\"', escape = '\"', "
           f"nullstr = ['', '\\N']{'' if strict else ', ignore_errors = true'})")
    inner = []
    for name, typ in CANONICAL:
        if name not in present:
            inner.append(f"CAST(NULL AS {typ}) AS {name}")
            continue
        # Casts tolerate surrounding spaces; the slower trim (also of 'quotes') only runs
        # as a fallback on values the plain cast rejected.
        bare = f"trim({name}, ' ''')"
        if typ == "TIMESTAMP":
            expr = f"coalesce(TRY_CAST({name} AS TIMESTAMP), {_ts_expr(bare)})"
        elif typ in ("INTEGER", "DOUBLE"):
            expr = f"coalesce(TRY_CAST({name} AS {typ}), TRY_CAST({bare} AS {typ}))"
            if name in _NON_NEGATIVE:
                expr = f"CASE WHEN {expr} >= 0 THEN {expr} END"
        else:
            expr = name
        inner.append(f"{expr} AS {name}")
        if name in _PARSED:
            inner.append(f"({name} IS NOT NULL) AS _has_{name}")
    flags = [f"(_has_{n} AND {n} IS NULL) AS _bad_{n}" for n in _PARSED if n in present]
    parsed = f"SELECT {', '.join(CANONICAL_NAMES + flags)} FROM (SELECT {', '.join(inner)} FROM {src})"
    rules = [(name, col, expr) for name, (col, expr) in QUALITY_RULES.items() if col in present]
    if not rules:
        return parsed
    replaced = ", ".join(f"{expr} AS {col}" for _, col, expr in rules)
    rule_flags = ", ".join(f"({col} IS NOT NULL AND ({expr}) IS NULL) AS _rule_{name}" for name, col, expr in rules)
    return f"SELECT * REPLACE ({replaced}), {rule_flags} FROM ({parsed})"


def rule_flag_names(file_columns: list[str]) -> list[str]:
    return [f"_rule_{name}" for name, (col, _) in QUALITY_RULES.items() if col in file_columns]


def _sql_str(value: object) -> str:
    return str(value).replace("'", "''")


def _duckdb_connection(spill_dir: Path):
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {DUCKDB_THREADS}")
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET temp_directory = '{_sql_str(spill_dir)}'")
    return con


_UNIQUE_COLUMNS = {"rent_at", "return_at", "distance_m"}
# Statistics (min/max, and so whether a column has NULLs) for the columns trips are filtered
# by and the summaries read; those of the other text columns cost a sixth of the writer's time.
_STATISTICS_COLUMNS = ["rent_at", "rent_station_no", "rent_station_name", "return_at", "return_station_no",
                       "return_station_name", "duration_min", "distance_m", "birth_year"]


class _ParquetSink:
    """Write tables to a parquet file on a background thread (zstd encoding releases the
    GIL, so it overlaps with DuckDB producing the next batch). At most two tables wait; the
    thread gathers them into row groups of ROW_GROUP_ROWS (one write_table call, one row group)."""

    def __init__(self, path: Path, schema: pa.Schema):
        self._file = _HashingFile(path)
        self.sha256 = ""  # of the whole file, once closed
        try:
            # zstd level 1: as small as level 3 here at two thirds of the CPU; dictionaries only
            # for columns that repeat (near-unique times and distances only waste the attempt)
            self._writer = pq.ParquetWriter(
                self._file, schema, compression="zstd", compression_level=1,
                use_dictionary=[f.name for f in schema if f.name not in _UNIQUE_COLUMNS],
                write_statistics=[n for n in _STATISTICS_COLUMNS if n in schema.names])
        except BaseException:
            self._file.close()
            raise
        self._schema = schema
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="rental-history-parquet", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        pending: list[pa.Table] = []
        rows = 0
        while True:
            table = self._queue.get()
            if table is not None and self._error is None:
                pending.append(table)
                rows += table.num_rows
            if pending and (rows >= ROW_GROUP_ROWS or table is None):
                try:
                    group = pa.concat_tables(pending).replace_schema_metadata(self._schema.metadata)
                    self._writer.write_table(group, row_group_size=max(rows, 1))
                except BaseException as exc:  # reported to the producer on its next put/close
                    self._error = exc
                pending, rows = [], 0
            if table is None:
                return

    def put(self, table: pa.Table) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(table)

    def __enter__(self) -> _ParquetSink:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._queue.put(None)
        self._thread.join()
        try:
            self._writer.close()
        finally:
            self._file.close()
        self.sha256 = self._file.hexdigest()
        if self._error is not None and exc is None:
            raise self._error


class _HashingFile:
    """A file written from the start to the end that computes its SHA-256 on the way (the
    summaries are filed under it), so the finished file need not be read back for it."""

    def __init__(self, path: Path):
        self._fh = open(path, "wb")
        self._sha = hashlib.sha256()

    def write(self, data) -> int:
        self._sha.update(data)
        return self._fh.write(data)

    def tell(self) -> int:
        return self._fh.tell()

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()

    @property
    def closed(self) -> bool:
        return self._fh.closed

    def hexdigest(self) -> str:
        return self._sha.hexdigest()


def _is_synthetic(path: Path) -> bool:
    return "synthetic" in path.name.lower()


def scope_of(path: Path) -> str:
    return KNOWN_EXTRACTS.get(path.name, SCOPE_AS_PUBLISHED)


# ---------------------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------------------

def sniff_rental_history(csv_path: str | os.PathLike) -> dict:
    """Check a file without importing it: encoding, vintage and column mapping.

    Raises RentalHistoryFormatError with a one-line message if it is not a rental-history CSV.
    """
    path = Path(csv_path)
    if not path.is_file():
        raise RentalHistoryFormatError(f"{path.name}: no such file; expected {EXPECTED}")
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    encoding, text = _detect_encoding(path, head, complete=size <= SNIFF_BYTES)
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    columns, has_header = _parse_header(path, first_line)
    return {"encoding": encoding, "columns": columns, "has_header": has_header, "size": size}


def import_rental_history(csv_path: str | os.PathLike, dest_dir: str | os.PathLike, *,
                          progress: Progress | None = None) -> ImportResult:
    """Stream one monthly rental-history CSV into a parquet file in `dest_dir`.

    Returns an ImportResult whose `tmp_parquet` is a finished parquet file named
    `.incoming.*.parquet` inside `dest_dir` (ready for `snapshots.adopt_parquet`). On any
    error nothing is left behind. `progress(rows)` is called after every batch with the
    number of rows converted so far (e.g. ``lambda n: bar.update(n - bar.n)`` for tqdm).
    """
    return _import_rental_history(Path(csv_path), Path(dest_dir), progress)[0]


def _import_rental_history(path: Path, dest: Path, progress: Progress | None,
                           core_columns: list[str] | None = None) -> tuple[ImportResult, pa.Table | None]:
    """`import_rental_history`, and the written rows' `core_columns` (if asked) as one table
    in memory, rows as in the file, for the summaries."""
    t0 = time.perf_counter()
    report = progress or (lambda rows: None)
    sniff = sniff_rental_history(path)  # raises before anything is written
    encoding, file_columns, has_header = sniff["encoding"], sniff["columns"], sniff["has_header"]

    created = _first_missing_ancestor(dest)  # removed again on failure if still empty
    tmp_parquet = snapshots.temp_parquet_path(dest)
    work_dir = Path(tempfile.mkdtemp(dir=dest, prefix=f".incoming.{snapshots.writer_tag()}."))  # parts + DuckDB spill
    ok = False
    con = None
    scope = scope_of(path)
    meta = {
        b"source": path.name.encode(),
        b"importer": b"data_sources.importers.rental_history",
        b"encoding": encoding.encode(),
        b"synthetic": b"true" if _is_synthetic(path) else b"false",
        b"scope": scope.encode(),
    }
    try:
        con = _duckdb_connection(work_dir)
        conv = _Conversion(file_columns, TRIPS_SCHEMA.with_metadata(meta), report, core_columns)
        try:
            conv.direct(con, path, encoding, has_header, work_dir, tmp_parquet)
        except _NeedsCleaning:
            # stray quotes, mixed line ends, invalid UTF-8 …: the line-by-line cleaning path
            conv = _Conversion(file_columns, TRIPS_SCHEMA.with_metadata(meta), report, core_columns)
            conv.cleaned_parts(con, path, encoding, has_header, work_dir, tmp_parquet)
        rows, unparseable = conv.rows, conv.unparseable
        rejected, total_lines = conv.rejected, conv.total_lines
        if total_lines == 0:
            raise _fail(path, "contains a header but no trip rows")
        if rows == 0:
            raise _fail(path, f"none of its {total_lines:,} lines could be read as a trip row")
        if rejected > max(MAX_REJECTED_FLOOR, MAX_REJECTED_SHARE * total_lines):
            raise _fail(path, f"{rejected:,} of {total_lines:,} lines are malformed CSV")
        if unparseable.get("rent_at", 0) > rows / 2:
            raise _fail(path, f"대여일시 (rental time) is unreadable in {unparseable['rent_at']:,} of {rows:,} rows")

        partition, first_at, last_at, in_partition = _summarise(con, tmp_parquet)
        if partition is None:
            raise _fail(path, "no row has a readable 대여일시 (rental time)")
        ok = True
        result = ImportResult(
            tmp_parquet=tmp_parquet, rows=rows, rejected_rows=rejected,
            unparseable_timestamps=unparseable.get("rent_at", 0) + unparseable.get("return_at", 0),
            partition=partition, first_rent_at=first_at, last_rent_at=last_at, encoding=encoding,
            source=path.name, vintage=len(file_columns), header="present" if has_header else "absent",
            missing_columns=[c for c in CANONICAL_NAMES if c not in file_columns],
            ignored_columns=[c for c in file_columns if c.startswith("_")],
            unparseable=unparseable, rows_outside_partition=rows - in_partition,
            decode_errors=conv.decode_errors, synthetic=_is_synthetic(path), cleaned=conv.cleaned, scope=scope,
            path_taken=conv.path_taken, seconds=round(time.perf_counter() - t0, 2), sha256=conv.sha256,
        )
        core = pa.concat_tables(conv.core) if core_columns is not None else None
        return result, core
    finally:
        if con is not None:
            con.close()
        shutil.rmtree(work_dir, ignore_errors=True)
        if not ok:
            tmp_parquet.unlink(missing_ok=True)
            if created is not None:
                _remove_empty_dirs(dest, up_to=created)


class _NeedsCleaning(Exception):
    """The direct path cannot read this file; the cleaning path can."""


class _Conversion:
    """One pass from CSV text to the trip parquet, with the per-column counts."""

    def __init__(self, file_columns: list[str], schema: pa.Schema, report: Progress,
                 core_columns: list[str] | None = None):
        self.file_columns, self.schema, self.report = file_columns, schema, report
        self.core_columns = core_columns
        self.core: list[pa.Table] = []  # those columns of every table written
        self.flag_names = [f"_bad_{n}" for n in _PARSED if n in file_columns]
        self.unparseable = {n: 0 for n in _PARSED if n in file_columns}
        self.rule_flags = rule_flag_names(file_columns)
        self.cleaned = {name[6:]: 0 for name in self.rule_flags}
        self.rows = self.rejected = self.total_lines = self.decode_errors = 0
        self.path_taken = ""
        self.sha256 = ""
        self.text_columns = [n for n, t in CANONICAL if t == "VARCHAR" and n in file_columns]
        self._text_con = None  # for `_text_expr`: one thread, rows kept in order

    def _put(self, sink: _ParquetSink, batch: pa.RecordBatch) -> int:
        for name in self.flag_names:
            self.unparseable[name[5:]] += int(pc.sum(batch.column(name)).as_py() or 0)
        for name in self.rule_flags:
            self.cleaned[name[6:]] += int(pc.sum(batch.column(name)).as_py() or 0)
        table = pa.Table.from_batches([batch]).select(CANONICAL_NAMES)
        for name in self.text_columns:
            if _text_changes(batch.column(name), name):
                i = table.schema.get_field_index(name)
                table = table.set_column(i, name, self._apply_text_rule(table.select([name])))
        table = table.cast(TRIPS_SCHEMA)
        if self.core_columns is not None:  # copied: a slice would keep the whole batch alive
            self.core.append(pa.table([pa.concat_arrays(table.column(n).chunks) for n in self.core_columns],
                                      names=self.core_columns))
        sink.put(table)
        return batch.num_rows

    def _apply_text_rule(self, column: pa.Table) -> pa.ChunkedArray:
        import duckdb

        name = column.column_names[0]
        if self._text_con is None:
            self._text_con = duckdb.connect(":memory:", config={"threads": 1, "preserve_insertion_order": True})
        self._text_con.register("text_column", column)
        try:
            return self._text_con.sql(f"SELECT {_text_expr(name)} AS {name} FROM text_column").to_arrow_table()[0]
        finally:
            self._text_con.unregister("text_column")

    def _close_text_con(self) -> None:
        if self._text_con is not None:
            self._text_con.close()
            self._text_con = None

    def direct(self, con, path: Path, encoding: str, has_header: bool, work_dir: Path, tmp_parquet: Path) -> None:
        """DuckDB parses the file strictly: a UTF-8 file straight from disk, a CP949 file as
        UTF-8 part files that iconv writes on a background thread while DuckDB parses the previous
        part. Any line DuckDB cannot read, or bytes iconv cannot decode,
        raise _NeedsCleaning; the partial parquet is then overwritten by the cleaning path."""
        import duckdb

        self.path_taken = "direct"
        parts = None
        sources = [path]
        if encoding == "cp949":
            count = max(1, -(-path.stat().st_size // PART_BYTES))
            parts = _IconvParts(path, work_dir, _stream_ranges(path, has_header, count))
            sources = parts
        try:
            with _ParquetSink(tmp_parquet, self.schema) as sink:
                for source in sources:
                    sql = _select_sql(self.file_columns, source, header=has_header, strict=True)
                    for batch in con.sql(sql).to_arrow_reader(BATCH_ROWS):
                        self.rows += self._put(sink, batch)
                        self.report(self.rows)
                    if parts is not None:
                        source.unlink()
            self.sha256 = sink.sha256
        except (duckdb.InvalidInputException, OSError) as exc:
            # mid-stream, DuckDB's error reaches us wrapped in pyarrow's OSError
            if isinstance(exc, OSError) and "Invalid Input Error" not in str(exc):
                raise
            raise _NeedsCleaning(str(exc).splitlines()[0]) from None
        finally:
            self._close_text_con()
            if parts is not None:
                parts.close()
        self.total_lines = self.rows

    def cleaned_parts(self, con, path: Path, encoding: str, has_header: bool, work_dir: Path,
                      tmp_parquet: Path) -> None:
        """Transcode to UTF-8 part files on a thread, dropping malformed lines, while DuckDB
        converts the previous part (skipping lines it cannot split)."""
        self.path_taken = "cleaned"
        header_line = (",".join(self.file_columns) + "\n").encode("utf-8")
        producer = _PartProducer(path, work_dir, encoding, header_line, has_header)
        malformed = 0
        try:
            with _ParquetSink(tmp_parquet, self.schema) as sink:
                for part, part_lines in producer:
                    part_rows = 0
                    for batch in con.sql(_select_sql(self.file_columns, part)).to_arrow_reader(BATCH_ROWS):
                        part_rows += self._put(sink, batch)
                        self.report(self.rows + part_rows)
                    part.unlink()
                    self.rows += part_rows
                    malformed += max(part_lines - part_rows, 0)
            self.sha256 = sink.sha256
        finally:
            self._close_text_con()
            producer.close()
        stats = producer.stats
        self.rejected = stats.rejected + malformed
        self.total_lines = stats.lines + stats.rejected
        self.decode_errors = stats.decode_errors


def _next_line_start(fd: int, offset: int, size: int) -> int:
    """The offset just after the first newline at or after `offset` (or `size`)."""
    while offset < size:
        window = os.pread(fd, 64 * 1024, offset)
        cut = window.find(b"\n")
        if cut >= 0:
            return offset + cut + 1
        offset += len(window)
    return size


def _stream_ranges(path: Path, has_header: bool, streams: int) -> list[list[tuple[int, int]]]:
    """The file cut into (at most) `streams` runs of consecutive (start, end) byte ranges
    of about ICONV_BLOCK_BYTES of whole lines, each run starting with the header line (if any).

    Cutting CP949 text at a 0x0A byte is safe: its two-byte characters have a lead byte
    ≥ 0x81 and a trail byte ≥ 0x41, so 0x0A is always a line end, never half a character."""
    with open(path, "rb") as fh:
        fd = fh.fileno()
        size = os.fstat(fd).st_size
        header_end = _next_line_start(fd, 0, size) if has_header else 0
        blocks, start = [], header_end
        while start < size:
            end = _next_line_start(fd, min(start + ICONV_BLOCK_BYTES, size) - 1, size)
            blocks.append((start, end))
            start = end
    per = max(1, -(-len(blocks) // streams))
    runs = [blocks[i: i + per] for i in range(0, len(blocks), per)] or [[]]
    head = [(0, header_end)] if header_end else []
    return [head + run for run in runs]


class _IconvParts(_BackgroundParts):
    """CP949 → UTF-8 part files for DuckDB, decoded by glibc's iconv (`_CP949Decoder`) on a
    background thread while DuckDB parses the previous part.

    Each part is a run of ≈ ICONV_BLOCK_BYTES blocks of whole lines (see `_stream_ranges`),
    decoded DECODE_CHUNK_BYTES at a time. Parts are regular files because DuckDB parses a
    regular file on both its threads but a pipe on one. At most one finished part waits.
    Bytes iconv cannot decode raise _NeedsCleaning from the iteration (the cleaning path
    replaces and counts them)."""

    def __init__(self, src: Path, work_dir: Path, runs: list[list[tuple[int, int]]]):
        self._src, self._work_dir, self._runs = src, work_dir, runs
        self._decoder = _CP949Decoder()
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rental-history-iconv", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with open(self._src, "rb") as fh:
                for i, ranges in enumerate(self._runs):
                    part = self._work_dir / f"utf8-{i:04d}.csv"
                    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                    try:
                        for start, end in ranges:
                            error = self._decoder.decode_range(fh.fileno(), start, end, fd, self._stop)
                            if self._stop.is_set():
                                return
                            if error:
                                self._put(_NeedsCleaning(error))
                                return
                    finally:
                        os.close(fd)
                    if not self._put(part):
                        return
            self._put(self._DONE)
        except BaseException as exc:  # raised in the consumer
            self._put(exc)

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def close(self) -> None:
        self._stop.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.05)
        self._thread.join()
        self._decoder.close()


class _CP949Decoder:
    """glibc's iconv(3), CP949 → UTF-8, called through ctypes: the conversion of the `iconv`
    program (the same gconv module, so the same bytes out), without a process per range, a
    pipe, or a whole range held in memory. ctypes releases the GIL during the call, so it runs
    beside DuckDB and the parquet writer. Raises _NeedsCleaning if the C library lacks it."""

    _E2BIG, _EINVAL, _EILSEQ = errno.E2BIG, errno.EINVAL, errno.EILSEQ

    def __init__(self):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            self._iconv, iconv_open, self._iconv_close = libc.iconv, libc.iconv_open, libc.iconv_close
        except (OSError, AttributeError):
            raise _NeedsCleaning("the C library has no iconv") from None
        iconv_open.restype, iconv_open.argtypes = ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_char_p]
        ptr, size = ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t)
        self._iconv.restype, self._iconv.argtypes = ctypes.c_size_t, [ctypes.c_void_p, ptr, size, ptr, size]
        self._iconv_close.argtypes = [ctypes.c_void_p]
        self._cd = iconv_open(b"UTF-8", b"CP949")
        if self._cd in (None, ctypes.c_void_p(-1).value):
            raise _NeedsCleaning("iconv cannot convert CP949")
        # CP949 takes one or two bytes a character, UTF-8 up to three: twice the input always fits
        self._in = ctypes.create_string_buffer(DECODE_CHUNK_BYTES)
        self._out = ctypes.create_string_buffer(2 * DECODE_CHUNK_BYTES)
        self._in_view, self._out_view = memoryview(self._in).cast("B"), memoryview(self._out).cast("B")

    def decode_range(self, src_fd: int, start: int, end: int, out_fd: int, stop: threading.Event) -> str | None:
        """Decode bytes [start, end) of `src_fd` (whole lines) onto `out_fd`; an error message
        for bytes that are not CP949, else None."""
        offset, pending = start, 0  # pending: the first bytes of a character cut by a chunk's end
        while offset < end:
            if stop.is_set():
                return None
            n = os.preadv(src_fd, [self._in_view[pending: min(DECODE_CHUNK_BYTES, pending + end - offset)]], offset)
            if n == 0:
                return "iconv: the file ended early"
            offset += n
            inp, inleft = ctypes.c_char_p(ctypes.addressof(self._in)), ctypes.c_size_t(pending + n)
            while True:
                outp, outleft = ctypes.c_char_p(ctypes.addressof(self._out)), ctypes.c_size_t(len(self._out))
                failed = self._iconv(self._cd, ctypes.byref(inp), ctypes.byref(inleft), ctypes.byref(outp),
                                     ctypes.byref(outleft)) == ctypes.c_size_t(-1).value
                error = ctypes.get_errno() if failed else 0
                _write_all(out_fd, self._out_view[: len(self._out) - outleft.value])
                if error != self._E2BIG:
                    break
            if error == self._EILSEQ:
                return f"iconv: cannot convert the bytes at offset {offset - inleft.value}"
            if error not in (0, self._EINVAL):
                return f"iconv: {os.strerror(error)}"
            total, pending = pending + n, inleft.value
            if pending:  # at most a character's first byte: moved to the front for the next chunk
                self._in_view[:pending] = bytes(self._in_view[total - pending: total])
        if pending:
            return "iconv: incomplete character at the end of the range"
        return None

    def close(self) -> None:
        self._iconv_close(self._cd)


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        data = data[os.write(fd, data):]


def _summarise(con, parquet: Path) -> tuple[str | None, datetime | None, datetime | None, int]:
    """(partition 'YYYY-MM', first and last rental in it, rows in it) from the written file."""
    row = con.execute(
        f"""WITH m AS (
              SELECT date_trunc('month', rent_at) AS m, count(*) AS n, min(rent_at) AS lo, max(rent_at) AS hi
              FROM read_parquet('{_sql_str(parquet)}') WHERE rent_at IS NOT NULL GROUP BY 1)
            SELECT strftime(m, '%Y-%m'), lo, hi, n FROM m ORDER BY n DESC, m LIMIT 1"""
    ).fetchone()
    if not row:
        return None, None, None, 0
    return row[0], row[1], row[2], int(row[3])


def _first_missing_ancestor(folder: Path) -> Path | None:
    """The outermost folder of `folder`'s path that does not exist yet (None if it exists)."""
    missing = None
    for candidate in [folder, *folder.parents]:
        if candidate.exists():
            break
        missing = candidate
    return missing


def _remove_empty_dirs(folder: Path, *, up_to: Path) -> None:
    """Remove `folder` and its parents up to `up_to` (inclusive) while they are empty."""
    for candidate in [folder, *folder.parents]:
        try:
            candidate.rmdir()
        except OSError:
            return
        if candidate == up_to:
            return


def import_rental_history_snapshot(csv_path: str | os.PathLike, *, progress: Progress | None = None,
                                   bundled: bool = False, timings: dict | None = None) -> snapshots.SnapshotInfo:
    """Import a monthly CSV and adopt it as the newest `rental_history` snapshot of its month
    (`var/snapshots/rental_history/<stamp>.<YYYY-MM>.parquet` + sidecar), together with its
    summaries (`rollups/<sha256>/`, see data_sources.rollups) in one step.

    `bundled=True` writes the committed offline snapshot instead
    (`snapshots/bundled/rental_history.parquet`); its summaries are made at build time.
    `timings`, if given, receives the seconds and CPU seconds of each stage (convert, validate,
    rollups, adopt).

    Raises RentalHistoryFormatError for a file that is not a rental-history CSV and
    `pipeline.SnapshotRejected` if the rows fail the catalog checks; either way existing
    snapshots are untouched and no temporary file or summary is left.
    """
    from .. import rollups

    path = Path(csv_path)
    dest = settings.bundled_snapshot_dir() if bundled else settings.live_snapshot_dir() / DATASET
    stage = _Stages(timings)
    # the summaries' columns stay in memory from the conversion (≈ 150 MB for a full month)
    result, core = _import_rental_history(path, dest, progress, None if bundled else rollups.CORE_COLUMNS)
    stage("convert_s")
    summaries = None
    try:
        _validate_against_catalog(result.tmp_parquet)
        stage("validate_s")
        if not bundled:
            summaries = rollups.write_month_rollups(result.tmp_parquet, result.sha256, core=core)
            core = None
            stage("rollups_s")
        cleaned = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in result.cleaned.items())
        notes = (f"{result.vintage}-column file ({result.encoding}"
                 f"{', no header' if result.header == 'absent' else ''}); {result.rows:,} rows; "
                 + (f"scope {result.scope}; " if result.scope != SCOPE_AS_PUBLISHED else "")
                 + f"{result.rejected_rows:,} malformed line(s) skipped; "
                 f"{result.unparseable_timestamps:,} unparseable timestamp(s); "
                 f"{sum(result.unparseable.values()):,} unparseable value(s) in all; "
                 + (f"set to NULL by the quality rules: {cleaned}; " if cleaned else "")
                 + f"{result.rows_outside_partition:,} row(s) outside {result.partition}")
        info = snapshots.adopt_parquet(
            DATASET, result.tmp_parquet, source=_source_label(path, bundled), source_kind="bundled" if bundled else "file",
            partition=result.partition,
            data_as_of=result.last_rent_at.isoformat() if result.last_rent_at else None,
            synthetic=result.synthetic, notes=notes, bundled=bundled, sha256=result.sha256,
        )
        stage("adopt_s")
    except BaseException:
        result.tmp_parquet.unlink(missing_ok=True)
        if summaries is not None:
            shutil.rmtree(summaries, ignore_errors=True)
        raise
    if not bundled:
        rollups.prune_orphans(dest)
    return info


class _Stages:
    """Seconds and CPU seconds (this process and its finished children) per
    stage into an optional dict (for the benchmark): `<stage>_s` and `<stage>_cpu_s`."""

    def __init__(self, into: dict | None):
        self._into, self._t, self._cpu = into, time.perf_counter(), _cpu_seconds()

    def __call__(self, name: str) -> None:
        now, cpu = time.perf_counter(), _cpu_seconds()
        if self._into is not None:
            self._into[name] = round(now - self._t, 3)
            self._into[name.removesuffix("_s") + "_cpu_s"] = round(cpu - self._cpu, 3)
        self._t, self._cpu = now, cpu


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _source_label(path: Path, bundled: bool) -> str:
    """Bundled sidecars are committed: name the file relative to shared/, never a machine path."""
    if bundled:
        try:
            return str(path.resolve().relative_to(settings.shared_data_dir().parent.resolve()))
        except ValueError:
            pass
    return path.name


def bundle_snapshot() -> snapshots.SnapshotInfo:
    """Regenerate the committed January 2023 Gangnam-internal month from ../shared/data."""
    from .. import catalog

    (rel,) = catalog.get(DATASET).source.paths
    return import_rental_history_snapshot(settings.shared_data_dir() / rel, bundled=True)


def _validate_against_catalog(parquet: Path) -> None:
    """The same checks the warehouse build runs, so an accepted month never breaks a build."""
    import duckdb

    from .. import catalog
    from ..pipeline import SnapshotRejected
    from ..validation import validate_relation

    con = duckdb.connect(":memory:", config={"threads": DUCKDB_THREADS, "memory_limit": DUCKDB_MEMORY_LIMIT})
    try:
        problems = validate_relation(con, f"read_parquet('{_sql_str(parquet)}')", catalog.get(DATASET))
    finally:
        con.close()
    if problems:
        raise SnapshotRejected("; ".join(problems))


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    ap = argparse.ArgumentParser(description="Import monthly rental-history CSVs (대여이력) as snapshots.")
    ap.add_argument("files", nargs="+", type=Path)
    args = ap.parse_args(argv)
    status = 0
    for f in args.files:
        try:
            info = import_rental_history_snapshot(f)
        except RentalHistoryFormatError as exc:
            print(f"REJECTED {exc}", file=sys.stderr)
            status = 1
            continue
        print(f"imported {f.name}: {info.rows:,} rows, partition {info.partition} -> {info.path}")
        print(f"  {info.notes}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
