"""Shared fixtures.

`warehouse` builds a real warehouse from the committed bundled snapshots (real Seoul
data, ≈1 s) into a temporary OSD_VAR_DIR, once per test session, so every query and
page test runs on the same data the dashboard serves — never on a mocked database.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

pytest_plugins = ["tests.conftest_api", "tests.server_helpers", "tests.browser_helpers"]

SESSION_VAR = Path(os.environ.get("OSD_TEST_VAR", "/tmp")) / f"osd-test-var-{os.getpid()}"


@pytest.fixture(scope="session", autouse=True)
def _isolated_var_dir():
    """Point every test at a fresh var/ so tests never touch a developer's data."""
    shutil.rmtree(SESSION_VAR, ignore_errors=True)
    SESSION_VAR.mkdir(parents=True)
    os.environ["OSD_VAR_DIR"] = str(SESSION_VAR)
    os.environ.pop("SEOUL_OPENAPI_KEY", None)
    # Production hides error details from the audience; tests want to see them.
    os.environ["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"
    yield SESSION_VAR
    shutil.rmtree(SESSION_VAR, ignore_errors=True)


@pytest.fixture(scope="session")
def warehouse(_isolated_var_dir):
    """Path of a warehouse built from the bundled (real) snapshots."""
    from data_sources import warehouse as wh
    return wh.ensure_warehouse()


@pytest.fixture(scope="session")
def con(warehouse):
    from data_sources import warehouse as wh
    connection = wh.connect_read_only(warehouse)
    yield connection
    connection.close()


@pytest.fixture
def tmp_var(tmp_path, monkeypatch):
    """A private, empty var/ for tests that write snapshots or build warehouses."""
    monkeypatch.setenv("OSD_VAR_DIR", str(tmp_path / "var"))
    return tmp_path / "var"


def shared_data() -> Path:
    from data_sources import settings
    return settings.shared_data_dir()


requires_shared = pytest.mark.skipif(
    not (Path(os.environ.get("OSD_SHARED_DATA", ROOT.parent / "shared" / "data")) / "PROVENANCE.md").exists(),
    reason="../shared/data is not beside the project")


def air_daily_source():
    """The derived per-station daily CSVs (2014–2022 and 2023–2025, same header) read straight
    from ../shared/data, as an independent check on the importer and the queries."""
    import pandas as pd
    folder = shared_data() / "air_quality"
    return pd.concat([pd.read_csv(folder / name, parse_dates=["date"])
                      for name in ("seoul_daily_air_by_station_2014_2022.utf8.csv",
                                   "seoul_daily_air_by_station_2023_2025.utf8.csv")], ignore_index=True)
