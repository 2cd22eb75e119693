"""File importers: one function per source-file layout, each fixing that file's known
problems (see ../../../shared/data/PROVENANCE.md) in one visible place.

An importer takes the list of source paths declared in the catalog and returns a
pandas DataFrame whose columns match the dataset's catalog schema. It never writes;
`data_sources.pipeline` turns the frame into a snapshot.

The catalog names an importer as "module:function", e.g. "air:daily_by_station".
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd

Importer = Callable[[list[Path]], pd.DataFrame]


class SourceFileError(ValueError):
    """A source file is missing, unreadable or not in the layout its importer expects.

    The message is one line of bounded length: it often quotes a cell, and a damaged
    file can hold a cell of many megabytes."""

    MAX_CHARS = 400

    def __init__(self, message: object):
        flat = " ".join(str(message).split())
        super().__init__(flat if len(flat) <= self.MAX_CHARS else flat[: self.MAX_CHARS - 1] + "…")


def resolve(spec: str) -> Importer:
    module_name, _, func_name = spec.partition(":")
    if not module_name or not func_name:
        raise ValueError(f"importer spec must be 'module:function', got {spec!r}")
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, func_name)


def require_columns(df: pd.DataFrame, expected: list[str], path: Path) -> None:
    missing = [c for c in expected if c not in df.columns]
    if missing:
        raise SourceFileError(
            f"{path.name}: missing column(s) {', '.join(missing)}; "
            f"found {', '.join(map(str, df.columns[:12]))} — is this the right file?")


def read_csv(path: Path, **kwargs) -> pd.DataFrame:
    """pandas.read_csv with a clear error for unreadable files."""
    try:
        return pd.read_csv(path, **kwargs)
    except FileNotFoundError:
        raise SourceFileError(f"{path}: file not found") from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SourceFileError(f"{path.name}: cannot be read as CSV ({type(exc).__name__}: {exc})") from None


def read_excel(path: Path, **kwargs) -> pd.DataFrame:
    try:
        return pd.read_excel(path, engine="openpyxl", **kwargs)
    except FileNotFoundError:
        raise SourceFileError(f"{path}: file not found") from None
    except Exception as exc:  # openpyxl raises many types for a corrupt workbook
        raise SourceFileError(f"{path.name}: cannot be read as XLSX ({type(exc).__name__}: {exc})") from None


def to_number(series: pd.Series) -> pd.Series:
    """Numbers that may arrive as strings with thousands separators, '-' or blanks."""
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        series = series.astype("string").str.replace(",", "", regex=False).str.strip()
        series = series.replace({"": None, "-": None, "\\N": None})
    return pd.to_numeric(series, errors="coerce")


def split_station_label(label: pd.Series) -> tuple[pd.Series, pd.Series]:
    """'2301. 현대고등학교 건너편' → (2301, '현대고등학교 건너편').

    Real labels also come as '2419.봉은사역 1,2번 출구' (no space) and with double
    spaces, so the pattern is lenient.
    """
    parts = label.astype("string").str.extract(r"^\s*(\d+)\s*\.\s*(.*?)\s*$")
    number = pd.to_numeric(parts[0], errors="coerce").astype("Int64")
    name = parts[1].str.replace(r"\s+", " ", regex=True)
    return number, name.where(number.notna(), label.astype("string").str.strip())
