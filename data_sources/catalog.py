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
    # or      { kind = "openapi", service = "RealtimeCityAir", live = true }  (normaliser: live.SERVICES)
    quality_notes_en = ["..."]
    quality_notes_ko = ["..."]
    [[datasets.air_daily.columns]]
    name = "date"; type = "DATE"; unit = ""; en = "Measurement date (KST)"; ko = "측정일"
    min = 0; max = 1000         # optional range checks
    nullable = false            # optional, default true

Datasets that are only an API service (no warehouse table) set `table = ""`. A normaliser
that returns several frames declares the others as `[datasets.x.blocks]`, name = [columns].
Every key is checked against the schema below; a typo names its file, dataset and key.
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
    # Values on or after this date are provisional: published but not yet confirmed.
    provisional_from: str = ""
    url: str = ""
    quality_notes_en: tuple[str, ...] = ()
    quality_notes_ko: tuple[str, ...] = ()
    columns: tuple[Column, ...] = field(default_factory=tuple)
    # Further frames a normaliser returns beside the table (citydata's blocks): (name, columns).
    blocks: tuple[tuple[str, tuple[Column, ...]], ...] = ()

    def title(self, lang: str) -> str:
        return self.title_ko if lang == "ko" else self.title_en

    def quality_notes(self, lang: str) -> tuple[str, ...]:
        return self.quality_notes_ko if lang == "ko" else self.quality_notes_en

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def block_columns(self, block: str) -> tuple[Column, ...]:
        for name, columns in self.blocks:
            if name == block:
                return columns
        raise KeyError(f"{self.id} declares no block {block!r}")

    @property
    def is_live(self) -> bool:
        return self.source.kind == "openapi" and self.source.live


# The catalog's schema: every key a TOML entry may use and the Python type it must have.
# Checked before any object is built, so a typo names its file, dataset and key.
_TEXT, _INT, _NUMBER, _FLAG, _TEXTS = str, int, (int, float), bool, list
_DATASET_KEYS = {
    "title_ko": _TEXT, "title_en": _TEXT, "publisher": _TEXT, "original_id": _TEXT, "licence": _TEXT,
    "attribution": _TEXT, "cadence": _TEXT, "update_every": _TEXT, "source": dict, "table": _TEXT,
    "timezone": _TEXT, "primary_key": _TEXTS, "min_rows": _INT, "as_of_column": _TEXT, "as_of": _TEXT,
    "partitioned": _FLAG, "sample": _FLAG, "synthetic": _FLAG, "provisional_from": _TEXT, "url": _TEXT,
    "quality_notes_en": _TEXTS, "quality_notes_ko": _TEXTS, "columns": _TEXTS, "blocks": dict,
}
_REQUIRED_KEYS = ("title_ko", "title_en", "publisher", "original_id", "licence", "attribution", "cadence",
                  "update_every", "source")
_SOURCE_KEYS = {"kind": _TEXT, "paths": _TEXTS, "importer": _TEXT, "service": _TEXT, "params": _TEXTS,
                "live": _FLAG, "refresh_seconds": _INT}
_COLUMN_KEYS = {"name": _TEXT, "type": _TEXT, "unit": _TEXT, "en": _TEXT, "ko": _TEXT, "min": _NUMBER,
                "max": _NUMBER, "nullable": _FLAG, "allowed": _TEXTS}


def _check_keys(where: str, raw: object, schema: dict[str, type | tuple], required: tuple[str, ...] = ()) -> None:
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: expected a table of keys, got {type(raw).__name__}")
    for key, value in raw.items():
        if key not in schema:
            raise CatalogError(f"{where}: unknown key {key!r} (known keys: {', '.join(sorted(schema))})")
        expected = schema[key]
        # bool is an int in Python; a flag written as 1 or a number written as true is a typo.
        wrong_bool = isinstance(value, bool) and expected is not _FLAG
        if wrong_bool or not isinstance(value, expected):
            names = expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
            raise CatalogError(f"{where}: key {key!r} must be {names}, got {value!r}")
    missing = [k for k in required if not raw.get(k)]
    if missing:
        raise CatalogError(f"{where}: lacks {', '.join(missing)}")


def _build_columns(where: str, raw_columns: list) -> tuple[Column, ...]:
    columns = []
    for i, col in enumerate(raw_columns):
        _check_keys(f"{where} column #{i + 1}", col, _COLUMN_KEYS, required=("name", "type"))
        col = dict(col)
        col["type"] = col["type"].upper()
        if col["type"] not in ALLOWED_TYPES:
            raise CatalogError(f"{where} column {col['name']!r}: unsupported type {col['type']} "
                               f"(use one of {', '.join(sorted(ALLOWED_TYPES))})")
        col["allowed"] = tuple(col.get("allowed", ()))
        columns.append(Column(**col))
    return tuple(columns)


def _build_dataset(dataset_id: str, raw: dict, domain: str, file_name: str = "") -> Dataset:
    where = f"{file_name or domain + '.toml'}: dataset {dataset_id!r}"
    _check_keys(where, raw, _DATASET_KEYS, _REQUIRED_KEYS)
    _check_keys(f"{where} source", raw["source"], _SOURCE_KEYS, required=("kind",))
    src = dict(raw["source"])
    if src["kind"] not in SOURCE_KINDS:
        raise CatalogError(f"{where}: unknown source kind {src['kind']!r} (one of {', '.join(sorted(SOURCE_KINDS))})")
    for key in ("paths", "params"):
        src[key] = tuple(src.get(key, ()))
    columns = _build_columns(where, raw.get("columns", []))
    blocks = tuple((name, _build_columns(f"{where} block {name!r}", cols))
                   for name, cols in raw.get("blocks", {}).items())
    table = raw.get("table", "")
    if table and not columns:
        raise CatalogError(f"{where}: has a table but no columns")
    names = [c.name for c in columns]
    for key in raw.get("primary_key", ()):
        if key not in names:
            raise CatalogError(f"{where}: key column {key!r} not declared")
    if raw.get("as_of_column") and raw["as_of_column"] not in names:
        raise CatalogError(f"{where}: as_of_column {raw['as_of_column']!r} not declared")
    fields = {k: v for k, v in raw.items() if k not in ("source", "columns", "blocks")}
    try:
        fields["update_every"] = parse_update_every(raw["update_every"])
    except ValueError as exc:
        raise CatalogError(f"{where}: {exc}") from None
    for key in ("primary_key", "quality_notes_en", "quality_notes_ko"):
        fields[key] = tuple(fields.get(key, ()))
    return Dataset(id=dataset_id, domain=domain, source=Source(**src), columns=columns, blocks=blocks, **fields)


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
                raise CatalogError(f"{path.name}: dataset {dataset_id!r} declared twice")
            ds = _build_dataset(dataset_id, raw, domain=path.stem, file_name=path.name)
            if ds.table:
                if ds.table in tables:
                    raise CatalogError(f"{path.name}: table {ds.table!r} used by {tables[ds.table]} and {dataset_id}")
                tables[ds.table] = dataset_id
            datasets[dataset_id] = ds
    return datasets


def get(dataset_id: str) -> Dataset:
    try:
        return load_catalog()[dataset_id]
    except KeyError:
        raise KeyError(f"unknown dataset {dataset_id!r}") from None


# How each catalog type arrives in a pandas frame before `pipeline.conform` casts it:
# nullable integers, and datetime64 for DATE too (normalisers parse dates as timestamps).
PANDAS_DTYPES = {"VARCHAR": "str", "BIGINT": "Int64", "INTEGER": "Int64", "SMALLINT": "Int64",
                 "DOUBLE": "float64", "DATE": "datetime64[us]", "TIMESTAMP": "datetime64[us]",
                 "BOOLEAN": "boolean"}


def frame_schema(dataset_id: str, block: str = "") -> dict[str, str]:
    """A dataset's columns (or one of its blocks') as name → pandas dtype, in catalog order:
    what normalisers and importers produce, so each schema is declared only in the catalog."""
    ds = get(dataset_id)
    columns = ds.block_columns(block) if block else ds.columns
    return {c.name: PANDAS_DTYPES[c.type] for c in columns}


def warehouse_datasets() -> list[Dataset]:
    return [d for d in load_catalog().values() if d.table]


def live_datasets() -> list[Dataset]:
    return [d for d in load_catalog().values() if d.is_live]

