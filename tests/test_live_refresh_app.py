"""With an API key, the app's background refresher pulls live data into a new
warehouse and the pages show it as live; failing services are reported without the
key and the rest keeps serving."""
from __future__ import annotations

import pandas as pd
import pytest

from data_sources import warehouse
from tests.fake_seoul_api import TEST_KEY
from tests.test_cli_refresh import _bike_rows

GU = ["강남구", "강동구", "강북구", "강서구", "관악구", "광진구", "구로구", "금천구", "노원구", "도봉구", "동대문구", "동작구",
      "마포구", "서대문구", "서초구", "성동구", "성북구", "송파구", "양천구", "영등포구", "용산구", "은평구", "종로구", "중구", "중랑구"]


def _air_rows_now() -> list[dict]:
    """RealtimeCityAir rows in the current (2025+) field names, stamped this hour."""
    stamp = pd.Timestamp.now(tz="Asia/Seoul").floor("h").strftime("%Y%m%d%H%M")
    return [{"MSRMT_DT": stamp, "SAREA_NM": "도심권", "MSRSTN_NM": gu, "PM": str(40 + i), "FPM": str(10 + i),
             "OZON": "0.031", "NTDX": "0.020", "CBMX": "0.4", "SPDX": "0.003", "CAI_GRD": "보통",
             "CAI_IDX": "60", "CRST_SBSTN": "PM-10"} for i, gu in enumerate(GU)]


@pytest.fixture
def live_env(tmp_var, fake_api, monkeypatch):
    monkeypatch.setenv("SEOUL_OPENAPI_URL", fake_api.url)
    monkeypatch.setenv("SEOUL_OPENAPI_KEY", TEST_KEY)
    fake_api.serve_rows("bikeList", _bike_rows(2100), "rentBikeStatus", total="page")
    fake_api.serve_rows("RealtimeCityAir", _air_rows_now(), "RealtimeCityAir")
    # TrafficInfo and citydata are left unscripted: the fake answers ERROR-310.
    warehouse.ensure_warehouse()
    return fake_api


def test_refresher_updates_live_datasets_and_reports_failures(live_env):
    from dashboard.data import LiveRefresher
    before = warehouse.current_warehouse()
    refresher = LiveRefresher(TEST_KEY)
    refresher.run_once()
    after = warehouse.current_warehouse()
    assert after != before
    served = {r["dataset"]: r for r in warehouse.dataset_status(after)}
    assert served["bike_live"]["source_kind"] == "openapi" and served["bike_live"]["rows"] == 2100
    assert served["air_realtime"]["rows"] == 25
    assert served["air_daily"]["source_kind"] == "bundled"  # untouched
    assert set(refresher.errors) == {"traffic_speed_live", "citydata_road"}
    assert all(TEST_KEY not in e and "ERROR-310" in e for e in refresher.errors.values())
    # A failed dataset is not retried before its interval has passed.
    calls = len(live_env.calls("TrafficInfo"))
    refresher.run_once()
    assert len(live_env.calls("TrafficInfo")) == calls


def test_glance_shows_live_air_after_refresh(live_env):
    from dashboard.data import LiveRefresher
    from tests.apptest_helpers import assert_clean, run_page
    LiveRefresher(TEST_KEY).run_once()
    at = run_page("glance", "en")
    assert_clean(at)
    html = " ".join(m.value for m in at.markdown)
    assert "PM2.5 (real time)" in html  # the live card replaced the last-day-of-record card
    assert "22.0" in html  # mean of FPM 10…34 over the 25 districts
    sidebar = " ".join(m.value for m in at.sidebar.markdown) + " ".join(c.value for c in at.sidebar.caption)
    assert "live (Open API)" in sidebar and TEST_KEY not in sidebar


def test_sidebar_names_failed_datasets_without_the_upstream_host(tmp_var, monkeypatch):
    """Refresh errors name the API host (e.g. a connection failure); every visitor sees
    the sidebar, so it shows only which datasets are stale."""
    from data_sources import catalog
    from queries import refresher
    from tests.apptest_helpers import assert_clean, run_page
    warehouse.ensure_warehouse()
    running = refresher.LiveRefresher("sidebar-test-key")
    running.errors = {"air_realtime": "Real-time air: CONNECTION 10.20.30.40:8088, ConnectTimeout",
                      "_build": "could not build at 10.20.30.40"}
    monkeypatch.setattr(refresher, "_running", running)
    monkeypatch.setenv("SEOUL_OPENAPI_KEY", "sidebar-test-key")
    monkeypatch.setattr(refresher, "start_live_refresher", lambda key: running)
    at = run_page("air", "en")
    assert_clean(at)
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert catalog.get("air_realtime").title_en in warnings
    assert "10.20.30.40" not in warnings and "8088" not in warnings
