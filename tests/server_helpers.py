"""The real dashboard server for tests that talk to it over HTTP or drive it in Chromium
(loaded as a pytest plugin by tests/conftest.py)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from devtools.servers import running_server

ROOT = Path(__file__).resolve().parents[1]

CONSOLE_TIME_LIMIT_S = 2  # the console/API time limit of the shared test server


@pytest.fixture(scope="session")
def dashboard_server(warehouse):
    """Base URL of one `streamlit run server.py` for every test of the session (of each
    worker under xdist) that needs one, on the session's warehouse. Tests must not change
    its state; its short console time limit lets the runaway-query tests end quickly."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    log_path = ROOT / "artifacts" / (f"test-server-{worker}.log" if worker else "test-server.log")
    with running_server(log_path, OSD_CONSOLE_TIME_LIMIT=str(CONSOLE_TIME_LIMIT_S),
                        OSD_CONSOLE_QUEUE_WAIT="3") as base:
        yield base
