"""The dataset catalog: every dataset declared once, in `catalog/*.toml`.

Download, validation, the sidebar's "data as of", the footer, the data desk and the
docs all read this. A dataset entry looks like:

    [datasets.air_daily]
    title_ko = "..."            # Korean title
    title_en = "..."
    publisher = "Seoul Metropolitan Government"
    original_id = "OA-2218"
    licence = "KOGL Type 1"
    attribution = "출처: 서울특별시 / 서울 열린데이터 광장"
    cadence = "daily"
    update_every = "1d"         # machine-readable cadence: 5m, 30m, 1h, 1d, 1mo, 1y … or "none"
    timezone = "Asia/Seoul"
    table = "air_daily"         # warehouse table name
    primary_key = ["date", "station"]
    min_rows = 100000
    as_of_column = "date"       # the column whose max is "data as of"
    source = { kind = "file", paths = ["air_quality/..."], importer = "air:daily_by_station" }
    # or      { kind = "openapi", service = "RealtimeCityAir", normalizer = "...", live = true }
    quality_notes_en = ["..."]
    quality_notes_ko = ["..."]
    [[datasets.air_daily.columns]]
    name = "date"; type = "DATE"; unit = ""; en = "Measurement date (KST)"; ko = "측정일"
    min = 0; max = 1000         # optional range checks
    nullable = false            # optional, default true

Datasets that are only an API service (no warehouse table) set `table = ""`.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from .settings import PROJECT_ROOT

CATALOG_DIR = PROJECT_ROOT / "catalog"

KOGL_TYPE1 = "KOGL Type 1 (공공누리 제1유형: 출처표시)"
SEOUL_ATTRIBUTION = "출처: 서울특별시 / 서울 열린데이터 광장 (Source: Seoul Metropolitan Government, Seoul Open Data Plaza)"

ALLOWED_TYPES = {"VARCHAR", "BIGINT", "INTEGER", "DOUBLE", "DATE", "TIMESTAMP", "BOOLEAN", "SMALLINT"}
SOURCE_KINDS = {"file", "openapi", "import", "synthetic"}


class CatalogError(ValueError):
    """The catalog files are inconsistent; raised at load time, never at query time."""


# Calendar units are approximated by their usual length: the cadence only judges how old data
# is (fresh / late / archive), where a day either way does not matter.
_CADENCE_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1),
                  "w": timedelta(weeks=1), "mo": timedelta(days=30), "y": timedelta(days=365)}
_CADENCE_RE = re.compile(r"^([1-9][0-9]*)(mo|m|h|d|w|y)$")


def parse_update_every(text: str) -> timedelta | None:
    """'5m', '1h', '1d', '1mo', '1y' → timedelta; 'none' (one-off, static or sample data) → None."""
    if text == "none":
        return None
    match = _CADENCE_RE.match(text)
    if not match:
        raise ValueError(f"update_every must look like 5m, 1h, 1d, 1w, 1mo, 1y or be 'none', not {text!r}")
    return int(match.group(1)) * _CADENCE_UNITS[match.group(2)]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    unit: str = ""
    en: str = ""
    ko: str = ""
    min: float | None = None
    max: float | None = None
    nullable: bool = True
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    kind: str  # file | openapi | import | synthetic
    paths: tuple[str, ...] = ()
    importer: str = ""
    service: str = ""
    params: tuple[str, ...] = ()
    normalizer: str = ""
    live: bool = False
    refresh_seconds: int = 0


@dataclass(frozen=True)
class Dataset:
    id: str
    title_ko: str
    title_en: str
    publisher: str
    original_id: str
    licence: str
    attribution: str
    cadence: str  # in words, for people
    source: Source
    domain: str
    table: str = ""
    # How often the publisher updates it (required in the TOML); None = one-off, static or sample.
    update_every: timedelta | None = None
    timezone: str = "Asia/Seoul"
    primary_key: tuple[str, ...] = ()
    min_rows: int = 0
    as_of_column: str = ""
    as_of: str = ""  # stated "data as of" for datasets without a time column
    partitioned: bool = False
    sample: bool = False  # the bundled data is a sample/excerpt, and pages must say so
    synthetic: bool = False
    url: str = ""
    quality_notes_en: tuple[str, ...] = ()
    quality_notes_ko: tuple[str, ...] = ()
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def title(self, lang: str) -> str:
        return self.title_ko if lang == "ko" else self.title_en

    def quality_notes(self, lang: str) -> tuple[str, ...]:
        return self.quality_notes_ko if lang == "ko" else self.quality_notes_en

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def is_live(self) -> bool:
        return self.source.kind == "openapi" and self.source.live


def _build_dataset(dataset_id: str, raw: dict, domain: str) -> Dataset:
    required = ["title_ko", "title_en", "publisher", "original_id", "licence", "attribution", "cadence",
                "update_every", "source"]
    missing = [k for k in required if not raw.get(k)]
    if missing:
        raise CatalogError(f"dataset {dataset_id!r} lacks {', '.join(missing)}")
    src = dict(raw["source"])
    if src.get("kind") not in SOURCE_KINDS:
        raise CatalogError(f"dataset {dataset_id!r}: unknown source kind {src.get('kind')!r}")
    for key in ("paths", "params"):
        src[key] = tuple(src.get(key, ()))
    columns = []
    for col in raw.get("columns", []):
        col = dict(col)
        col["type"] = col["type"].upper()
        if col["type"] not in ALLOWED_TYPES:
            raise CatalogError(f"{dataset_id}.{col['name']}: unsupported type {col['type']}")
        col["allowed"] = tuple(col.get("allowed", ()))
        columns.append(Column(**col))
    table = raw.get("table", "")
    if table and not columns:
        raise CatalogError(f"dataset {dataset_id!r} has a table but no columns")
    names = [c.name for c in columns]
    for key in raw.get("primary_key", ()):
        if key not in names:
            raise CatalogError(f"dataset {dataset_id!r}: key column {key!r} not declared")
    fields = {k: v for k, v in raw.items() if k not in ("source", "columns")}
    try:
        fields["update_every"] = parse_update_every(raw["update_every"])
    except ValueError as exc:
        raise CatalogError(f"dataset {dataset_id!r}: {exc}") from None
    for key in ("primary_key", "quality_notes_en", "quality_notes_ko"):
        fields[key] = tuple(fields.get(key, ()))
    return Dataset(id=dataset_id, domain=domain, source=Source(**src), columns=tuple(columns), **fields)


@lru_cache(maxsize=1)
def load_catalog(directory: Path = CATALOG_DIR) -> dict[str, Dataset]:
    datasets: dict[str, Dataset] = {}
    tables: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        with open(path, "rb") as fh:
            try:
                doc = tomllib.load(fh)
            except tomllib.TOMLDecodeError as exc:
                raise CatalogError(f"{path.name}: {exc}") from exc
        for dataset_id, raw in doc.get("datasets", {}).items():
            if dataset_id in datasets:
                raise CatalogError(f"dataset {dataset_id!r} declared twice")
            ds = _build_dataset(dataset_id, raw, domain=path.stem)
            if ds.table:
                if ds.table in tables:
                    raise CatalogError(f"table {ds.table!r} used by {tables[ds.table]} and {dataset_id}")
                tables[ds.table] = dataset_id
            datasets[dataset_id] = ds
    return datasets


def get(dataset_id: str) -> Dataset:
    try:
        return load_catalog()[dataset_id]
    except KeyError:
        raise KeyError(f"unknown dataset {dataset_id!r}") from None


def warehouse_datasets() -> list[Dataset]:
    return [d for d in load_catalog().values() if d.table]


def live_datasets() -> list[Dataset]:
    return [d for d in load_catalog().values() if d.is_live]

