"""From a source (file or API rows) to a validated snapshot.

    importer / normalizer → conform to the catalog schema → validate → write snapshot

A frame that fails validation raises `SnapshotRejected` and nothing is written, so the
previous snapshot (and the warehouse built from it) keeps serving.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from . import catalog, settings, snapshots
from .catalog import Dataset
from .importers import SourceFileError, resolve
from .validation import ident, validate_relation

ARROW_TYPES = {
    "VARCHAR": pa.string(), "BIGINT": pa.int64(), "INTEGER": pa.int32(), "SMALLINT": pa.int16(),
    "DOUBLE": pa.float64(), "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "BOOLEAN": pa.bool_(),
}


class SnapshotRejected(ValueError):
    """Incoming data failed validation; the previous snapshot is untouched."""


def arrow_schema(ds: Dataset) -> pa.Schema:
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type]) for c in ds.columns])


def conform(df: pd.DataFrame, ds: Dataset) -> pa.Table:
    """Select and order the declared columns and cast them to the declared types."""
    missing = [c for c in ds.column_names if c not in df.columns]
    if missing:
        raise SnapshotRejected(f"{ds.id}: the source produced no column(s) {', '.join(missing)}")
    frame = df[ds.column_names].copy()
    for col in ds.columns:
        if col.type == "TIMESTAMP":
            frame[col.name] = pd.to_datetime(frame[col.name], errors="coerce").astype("datetime64[us]")
        elif col.type == "DATE":
            frame[col.name] = pd.to_datetime(frame[col.name], errors="coerce").dt.date
        elif col.type in ("INTEGER", "BIGINT", "SMALLINT"):
            frame[col.name] = pd.to_numeric(frame[col.name], errors="coerce").astype("Int64")
        elif col.type == "DOUBLE":
            frame[col.name] = pd.to_numeric(frame[col.name], errors="coerce").astype("float64")
        elif col.type == "BOOLEAN":
            frame[col.name] = frame[col.name].astype("boolean")
        elif col.type == "VARCHAR":
            frame[col.name] = frame[col.name].astype("string")
    try:
        return pa.Table.from_pandas(frame, schema=arrow_schema(ds), preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise SnapshotRejected(f"{ds.id}: values do not fit the declared types ({exc})") from None


def validate_table(table: pa.Table, ds: Dataset) -> list[str]:
    con = duckdb.connect()
    try:
        con.register("incoming", table)
        return validate_relation(con, "incoming", ds)
    finally:
        con.close()


def data_as_of(table: pa.Table, ds: Dataset) -> str | None:
    if not ds.as_of_column or table.num_rows == 0:
        return None
    con = duckdb.connect()
    try:
        con.register("incoming", table)
        value = con.execute(f"SELECT max({ident(ds.as_of_column)}) FROM incoming").fetchone()[0]
    finally:
        con.close()
    return None if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))


def snapshot_frame(ds: Dataset, df: pd.DataFrame, *, source: str, source_kind: str,
                   request_url: str | None = None, partition: str | None = None,
                   bundled: bool = False, notes: str | None = None) -> snapshots.SnapshotInfo:
    table = conform(df, ds)
    problems = validate_table(table, ds)
    if problems:
        raise SnapshotRejected("; ".join(problems))
    return snapshots.write_snapshot(
        ds.id, table, source=source, source_kind=source_kind, request_url=request_url,
        data_as_of=data_as_of(table, ds), partition=partition, bundled=bundled,
        synthetic=ds.synthetic, notes=notes)


def source_paths(ds: Dataset, shared_dir: Path | None = None) -> list[Path]:
    base = shared_dir or settings.shared_data_dir()
    return [(base / p).resolve() for p in ds.source.paths]


def import_from_source_files(dataset_id: str, *, bundled: bool = False,
                             paths: list[Path] | None = None) -> snapshots.SnapshotInfo:
    """Run a dataset's importer on its declared source files (or `paths`)."""
    ds = catalog.get(dataset_id)
    if not ds.source.importer or not (paths or ds.source.paths):
        raise SourceFileError(f"{dataset_id} has no file importer; use `refresh` or `import`")
    paths = paths or source_paths(ds)
    for p in paths:
        if not p.exists():
            raise SourceFileError(f"{dataset_id}: source file not found: {p}")
    df = resolve(ds.source.importer)(paths)
    shown = ", ".join(_display_path(p) for p in paths)
    # Importers of month-by-month files (TOPIS) name the month in df.attrs so each
    # imported month is kept beside the others instead of replacing them.
    partition = df.attrs.get("partition") if ds.partitioned else None
    return snapshot_frame(ds, df, source=shown, source_kind="bundled" if bundled else "file", bundled=bundled,
                          partition=partition, notes=df.attrs.get("notes"))


def _display_path(path: Path) -> str:
    """Paths relative to shared/ when possible: they are committed in bundled sidecars."""
    try:
        return str(path.relative_to(settings.shared_data_dir().parent.resolve()))
    except ValueError:
        return path.name
