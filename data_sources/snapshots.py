"""Parquet snapshots with provenance sidecars.

A snapshot is one parquet file plus a small JSON sidecar that says where the rows came
from (source, fetch time, row count, sha256, redacted request URL). Both are written to
a temporary name and renamed into place, so a crash never leaves half a file, and a
snapshot whose checksum does not match its sidecar is ignored rather than trusted.

Two homes:
- bundled: `snapshots/bundled/<dataset>.parquet`, committed so a fresh clone works
  offline;
- live/imported: `var/snapshots/<dataset>/<stamp>[.<partition>].parquet`, written by the
  API refresh and by file imports.

Datasets whose rows arrive in pieces (a month of rental history at a time) keep one
snapshot per *partition*; the warehouse unions the newest snapshot of each partition.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import tempfile
import time
import zlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import settings
from .redact import redact

KEEP_LIVE_SNAPSHOTS = 5
_SAFE_PARTITION = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
# Temporary files carry the writer's host and pid, so the next start can tell the
# leftovers of a killed run from the files of a run that is still going.
_WRITER_TAG = re.compile(r"\.w(?P<host>[0-9a-f]{8})-(?P<pid>\d+)\.")
UNTAGGED_LEFTOVER_AGE_S = 6 * 3600  # files from before tagging, or from another host


@dataclass
class SnapshotInfo:
    dataset: str
    path: str
    source: str
    source_kind: str  # "bundled" | "file" | "openapi" | "synthetic"
    fetched_at: str  # ISO 8601 with offset (KST)
    rows: int
    sha256: str
    columns: list[str] = field(default_factory=list)
    request_url: str | None = None
    data_as_of: str | None = None
    partition: str | None = None
    synthetic: bool = False
    notes: str | None = None

    @property
    def parquet_path(self) -> Path:
        return Path(self.path)

    @property
    def is_bundled(self) -> bool:
        return self.source_kind == "bundled"


def now_kst() -> datetime:
    return datetime.now(settings.KST).replace(microsecond=0)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def writer_tag() -> str:
    """`w<host hash>-<pid>`: put into every temporary name under var/ (see clean_leftovers)."""
    host = zlib.crc32(socket.gethostname().encode()) & 0xFFFFFFFF
    return f"w{host:08x}-{os.getpid()}"


def atomic_write_bytes(dest: Path, data: bytes) -> None:
    """Write `dest` so that readers in any process see the old or the new file whole."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.{writer_tag()}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def temp_parquet_path(dest_dir: Path) -> Path:
    """A temporary file name inside `dest_dir` (same filesystem, so rename is atomic)."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest_dir, prefix=f".incoming.{writer_tag()}.", suffix=".parquet")
    os.close(fd)
    return Path(tmp)


def _writer_alive(name: str, now: float, mtime: float) -> bool:
    """Could the process that wrote this temporary file still be using it?"""
    tagged = _WRITER_TAG.search(name)
    if not tagged:
        return now - mtime < UNTAGGED_LEFTOVER_AGE_S
    if tagged["host"] != writer_tag()[1:9]:  # another host sharing the folder
        return now - mtime < UNTAGGED_LEFTOVER_AGE_S
    pid = int(tagged["pid"])
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def clean_leftovers() -> list[Path]:
    """Delete temporary files and folders that killed imports and refreshes left behind
    (`.incoming.*`, `.*.tmp`) in the snapshot folders; never those of a live writer."""
    removed: list[Path] = []
    now = time.time()
    folders = [settings.bundled_snapshot_dir(), settings.live_snapshot_dir()]
    live = settings.live_snapshot_dir()
    if live.is_dir():
        folders += [p for p in live.iterdir() if p.is_dir() and not p.name.startswith(".")]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            name = path.name
            if not (name.startswith(".incoming.") or (name.startswith(".") and name.endswith(".tmp"))):
                continue
            try:
                mtime = path.lstat().st_mtime
            except FileNotFoundError:
                continue
            if _writer_alive(name, now, mtime):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _snapshot_paths(dataset: str, *, bundled: bool, stamp: str, partition: str | None) -> Path:
    if bundled:
        return settings.bundled_snapshot_dir() / f"{dataset}.parquet"
    suffix = f".{partition}" if partition else ""
    return settings.live_snapshot_dir() / dataset / f"{stamp}{suffix}.parquet"


def write_snapshot(
    dataset: str,
    table: pa.Table,
    *,
    source: str,
    source_kind: str,
    request_url: str | None = None,
    data_as_of: str | None = None,
    partition: str | None = None,
    synthetic: bool = False,
    notes: str | None = None,
    bundled: bool = False,
) -> SnapshotInfo:
    """Write `table` as a new snapshot of `dataset`, atomically, and return its info."""
    dest_dir = (settings.bundled_snapshot_dir() if bundled
                else settings.live_snapshot_dir() / dataset)
    tmp = temp_parquet_path(dest_dir)
    try:
        pq.write_table(table, tmp, compression="zstd", compression_level=9)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return adopt_parquet(
        dataset, tmp, source=source, source_kind=source_kind, request_url=request_url,
        data_as_of=data_as_of, partition=partition, synthetic=synthetic, notes=notes,
        bundled=bundled,
    )


def adopt_parquet(
    dataset: str,
    tmp_parquet: Path,
    *,
    source: str,
    source_kind: str,
    request_url: str | None = None,
    data_as_of: str | None = None,
    partition: str | None = None,
    synthetic: bool = False,
    notes: str | None = None,
    bundled: bool = False,
    sha256: str | None = None,
) -> SnapshotInfo:
    """Turn a finished parquet file (written by a streaming importer) into a snapshot.

    The file must already sit in the snapshot directory (see `temp_parquet_path`); it is
    renamed into place only after its metadata has been read and its sidecar prepared.
    `sha256`: the file's checksum if the importer computed it while writing (else read here).
    """
    if partition is not None and not _SAFE_PARTITION.match(partition):
        raise ValueError(f"unsafe partition name: {partition!r}")
    meta = pq.read_metadata(tmp_parquet)
    # Microseconds in the name keep snapshots of one partition in write order even when
    # two land in the same second (the file name breaks ties between equal fetch times).
    stamp = datetime.now(settings.KST).strftime("%Y%m%dT%H%M%S%f")
    dest = _snapshot_paths(dataset, bundled=bundled, stamp=stamp, partition=partition)
    n = 1
    while dest.exists() and not bundled:  # never overwrite; "_" sorts after "."
        dest = dest.with_name(f"{stamp}_{n}{('.' + partition) if partition else ''}.parquet")
        n += 1
    info = SnapshotInfo(
        dataset=dataset,
        path=str(dest),
        source=redact(source),
        source_kind=source_kind,
        fetched_at=now_kst().isoformat(),
        rows=meta.num_rows,
        sha256=sha256 or sha256_file(tmp_parquet),
        columns=list(meta.schema.to_arrow_schema().names),
        request_url=redact(request_url) if request_url else None,
        data_as_of=data_as_of,
        partition=partition,
        synthetic=synthetic,
        notes=notes,
    )
    os.chmod(tmp_parquet, 0o644)  # mkstemp creates 0600; snapshots are public data
    sidecar = dict(asdict(info))
    # Bundled snapshots are committed: store a path relative to the bundle directory.
    sidecar["path"] = dest.name
    # Sidecar first: a run killed in between leaves a sidecar without its parquet (ignored)
    # rather than a parquet without a sidecar (which the build refuses as damaged).
    atomic_write_bytes(dest.with_suffix(".json"), json.dumps(sidecar, ensure_ascii=False, indent=2).encode())
    os.replace(tmp_parquet, dest)
    if not bundled:
        prune(dataset)
    return info


def read_sidecar(parquet_path: Path, *, verify: bool = True) -> SnapshotInfo | None:
    """Load the sidecar of a snapshot; None if it is missing, unreadable or mismatched."""
    sidecar = parquet_path.with_suffix(".json")
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        data["path"] = str(parquet_path)
        info = SnapshotInfo(**data)
    except (OSError, ValueError, TypeError):
        return None
    if verify and (not parquet_path.exists() or sha256_file(parquet_path) != info.sha256):
        return None
    return info


def snapshot_problem(parquet_path: Path) -> str | None:
    """Why this snapshot cannot be trusted (one short phrase), or None if it is sound:
    its sidecar parses, and the parquet matches the sidecar's checksum and row count."""
    sidecar = parquet_path.with_suffix(".json")
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        data["path"] = str(parquet_path)
        info = SnapshotInfo(**data)
    except FileNotFoundError:
        return f"{parquet_path.name} has no sidecar {sidecar.name}"
    except (OSError, ValueError, TypeError):
        return f"its sidecar {sidecar.name} is unreadable (truncated or not a snapshot sidecar)"
    try:
        actual = sha256_file(parquet_path)
    except OSError as exc:
        return f"{parquet_path.name} cannot be read ({exc.strerror or exc})"
    if actual != info.sha256:
        return f"{parquet_path.name} does not match the checksum in {sidecar.name} (changed or damaged)"
    try:
        rows = pq.read_metadata(parquet_path).num_rows
    except Exception as exc:  # pyarrow raises several types for a damaged file
        return f"{parquet_path.name} is not a readable parquet file ({type(exc).__name__})"
    if rows != info.rows:
        return f"{parquet_path.name} has {rows:,} rows but {sidecar.name} says {info.rows:,}"
    return None


def damaged_snapshots(dataset: str) -> list[str]:
    """Every snapshot of `dataset` (bundled and live) that fails `snapshot_problem`.

    The build refuses such a dataset instead of silently falling back to older data
    (or to none): a damaged file needs a person to look at it."""
    candidates = []
    bundled = settings.bundled_snapshot_dir() / f"{dataset}.parquet"
    if bundled.exists() or bundled.with_suffix(".json").exists():
        candidates.append(bundled)
    folder = settings.live_snapshot_dir() / dataset
    if folder.is_dir():
        candidates += sorted(folder.glob("[0-9]*.parquet"))
    problems = []
    for path in candidates:
        problem = snapshot_problem(path)
        if problem:
            where = "bundled snapshot" if path == bundled else f"snapshot {path.name}"
            problems.append(f"{where}: {problem}")
    return problems


def list_live_snapshots(dataset: str) -> list[SnapshotInfo]:
    """Live/imported snapshots of a dataset, oldest first (sidecars verified)."""
    folder = settings.live_snapshot_dir() / dataset
    if not folder.is_dir():
        return []
    infos = [read_sidecar(p) for p in sorted(folder.glob("[0-9]*.parquet"))]
    return sorted((i for i in infos if i), key=lambda i: (i.fetched_at, Path(i.path).name))


def bundled_snapshot(dataset: str) -> SnapshotInfo | None:
    path = settings.bundled_snapshot_dir() / f"{dataset}.parquet"
    return read_sidecar(path) if path.exists() else None


def current_snapshots(dataset: str) -> list[SnapshotInfo]:
    """The snapshots the warehouse should use for `dataset`.

    Unpartitioned: the newest live snapshot, else the bundled one. Partitioned: the
    newest snapshot of each partition (live ones override a bundled one of the same
    partition name).
    """
    live = list_live_snapshots(dataset)
    bundled = bundled_snapshot(dataset)
    if not any(i.partition for i in live):
        if live:
            return [live[-1]]
        return [bundled] if bundled else []
    newest: dict[str, SnapshotInfo] = {}
    if bundled:
        newest[bundled.partition or "bundled"] = bundled
    for info in live:
        newest[info.partition or "unpartitioned"] = info
    return [newest[k] for k in sorted(newest)]


def prune(dataset: str, keep: int = KEEP_LIVE_SNAPSHOTS) -> None:
    """Delete old live snapshots beyond `keep` per partition (never the newest)."""
    by_partition: dict[str | None, list[SnapshotInfo]] = {}
    for info in list_live_snapshots(dataset):
        by_partition.setdefault(info.partition, []).append(info)
    for infos in by_partition.values():
        for old in infos[:-keep]:
            Path(old.path).unlink(missing_ok=True)
            Path(old.path).with_suffix(".json").unlink(missing_ok=True)
