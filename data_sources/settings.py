"""Where things live on disk, and how the app is configured.

Everything path-like is resolved here once, so the CLI, the app, the tests and the
benchmarks agree. Environment variables override the defaults so tests can point a
whole run at a temporary directory.
"""
from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parents[1]
KST = ZoneInfo("Asia/Seoul")

DEFAULT_OPENAPI_URL = "http://openapi.seoul.go.kr:8088"


def shared_data_dir() -> Path:
    """The folder of real source files (../shared/data beside the project)."""
    return Path(os.environ.get("OSD_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


def bundled_snapshot_dir() -> Path:
    """Committed parquet snapshots that let a fresh clone work offline."""
    return Path(os.environ.get("OSD_BUNDLED_DIR", PROJECT_ROOT / "snapshots" / "bundled"))


def var_dir() -> Path:
    """Runtime state: live/imported snapshots and the warehouse (never committed)."""
    return Path(os.environ.get("OSD_VAR_DIR", PROJECT_ROOT / "var"))


def live_snapshot_dir() -> Path:
    return var_dir() / "snapshots"


def warehouse_dir() -> Path:
    return var_dir() / "warehouse"


def openapi_base_url() -> str:
    return os.environ.get("SEOUL_OPENAPI_URL", DEFAULT_OPENAPI_URL).rstrip("/")


def openapi_key(secrets: dict | None = None) -> str | None:
    """The Seoul Open API key: environment first, then Streamlit secrets if given.

    Never log or display the value; use `data_sources.redact` on anything that may
    contain it.
    """
    key = os.environ.get("SEOUL_OPENAPI_KEY", "").strip()
    if key:
        return key
    if secrets:
        value = str(secrets.get("SEOUL_OPENAPI_KEY", "") or "").strip()
        return value or None
    return None
