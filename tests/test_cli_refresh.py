"""The command-line tool end to end, as a user runs it, against a local fake of the
Seoul Open API: every failure gives one clear line and a non-zero exit, the previous
snapshot and warehouse keep serving, and the key appears nowhere."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.fake_seoul_api import TEST_KEY, empty_reply, html_reply, http_error, result_reply, slow

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_sources", "-q", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def cli_env(tmp_path, fake_api):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEOUL_OPENAPI")}
    env.update(OSD_VAR_DIR=str(tmp_path / "var"), SEOUL_OPENAPI_URL=fake_api.url, SEOUL_OPENAPI_KEY=TEST_KEY,
               SEOUL_OPENAPI_TIMEOUT="1", SEOUL_OPENAPI_RETRIES="1", SEOUL_OPENAPI_BACKOFF="0.05",
               PYTHONPATH=str(ROOT))
    return env


def _bike_rows(n: int) -> list[dict]:
    """Real station rows from the bundled 2026-09-09 capture, in bikeList's wire format."""
    live = pd.read_parquet(ROOT / "snapshots" / "bundled" / "bike_live.parquet").head(n)
    return [{"stationId": r.station_id, "stationName": f"{r.station_no}. {r.station_name}",
             "rackTotCnt": str(r.rack_total), "parkingBikeTotCnt": str(r.bikes_parked), "shared": "0",
             "stationLatitude": f"{r.lat:.8f}", "stationLongitude": f"{r.lon:.8f}"} for r in live.itertuples()]


def _files_text(folder: Path) -> str:
    out = []
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".txt", ".log", "") :
            out.append(path.read_text(errors="ignore"))
    return "\n".join(out)


def test_status_and_build_work_offline(cli_env):
    built = cli("build", env=cli_env)
    assert built.returncode == 0, built.stderr
    status = cli("status", env=cli_env)
    assert status.returncode == 0
    assert "air_daily" in status.stdout and "144612" in status.stdout and "bundled" in status.stdout


def test_refresh_without_key_fails_clearly(cli_env):
    env = dict(cli_env)
    env.pop("SEOUL_OPENAPI_KEY")
    result = cli("refresh", env=env)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith("error: no API key")


def test_refresh_success_writes_snapshot_and_rebuilds(cli_env, fake_api):
    fake_api.serve_rows("bikeList", _bike_rows(2345), "rentBikeStatus", total="page")
    assert cli("build", env=cli_env).returncode == 0
    result = cli("refresh", "bike_live", env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "bike_live: 2,345 rows" in result.stdout
    starts = sorted(r.start for r in fake_api.calls("bikeList"))
    assert starts[:3] == [1, 1001, 2001]  # paged by 1000 until a short page
    status = cli("status", env=cli_env).stdout
    line = next(l for l in status.splitlines() if l.startswith("bike_live"))
    assert "2345" in line and "openapi" in line
    assert TEST_KEY not in result.stdout + result.stderr + _files_text(Path(cli_env["OSD_VAR_DIR"]))


FAILURES = {
    "invalid key (XML)": ([result_reply("INFO-100", "인증키가 유효하지 않습니다.", form="xml")], "key was rejected"),
    "INFO-100 json": ([result_reply("INFO-100", "인증키가 유효하지 않습니다.")], "INFO-100"),
    "ERROR-300": ([result_reply("ERROR-300", "필수 값이 누락되어 있습니다.")], "ERROR-300"),
    "ERROR-310": ([result_reply("ERROR-310", "해당하는 서비스를 찾을 수 없습니다.")], "ERROR-310"),
    "ERROR-336": ([result_reply("ERROR-336", "데이터요청은 한번에 최대 1000건을 넘을 수 없습니다.")], "ERROR-336"),
    "ERROR-500": ([result_reply("ERROR-500", "서버 오류입니다.")], "ERROR-500"),
    "ERROR-600": ([result_reply("ERROR-600", "데이터베이스 연결 오류입니다.")], "ERROR-600"),
    "ERROR-601": ([result_reply("ERROR-601", "SQL 문장 오류 입니다.")], "ERROR-601"),
    "empty body": ([empty_reply()], "empty"),
    "HTTP 500": ([http_error(500)], "HTTP-500"),
    "HTML page": ([html_reply()], "HTML"),
    "slow": ([slow(result_reply("INFO-000"), 3.0)], "TIMEOUT"),
    "too few rows": (None, "expected at least 1,000"),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_failed_refresh_keeps_previous_data_serving(cli_env, fake_api, case):
    replies, expected = FAILURES[case]
    if replies is None:  # a valid answer that fails validation (a truncated station list)
        fake_api.serve_rows("bikeList", _bike_rows(5), "rentBikeStatus")
    else:
        fake_api.script("bikeList", *replies)
    assert cli("build", env=cli_env).returncode == 0
    var = Path(cli_env["OSD_VAR_DIR"])
    pointer_before = (var / "warehouse" / "CURRENT").read_text()

    result = cli("refresh", "bike_live", env=cli_env)

    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "previous data keeps serving" in last
    assert expected.lower() in result.stderr.lower(), result.stderr
    assert "Traceback" not in result.stderr
    # Nothing replaced: same warehouse, no live snapshot, bundled data still served.
    assert (var / "warehouse" / "CURRENT").read_text() == pointer_before
    assert not list((var / "snapshots").glob("bike_live/*.parquet")) if (var / "snapshots").exists() else True
    status = cli("status", env=cli_env).stdout
    assert next(l for l in status.splitlines() if l.startswith("bike_live")).split()[2] == "2731"
    assert TEST_KEY not in result.stdout + result.stderr + _files_text(var)


def test_import_rejects_malformed_file_and_keeps_previous_snapshot(cli_env, tmp_path):
    assert cli("build", env=cli_env).returncode == 0
    bad = tmp_path / "accidents.csv"
    bad.write_text("year,gu\n2024,강남구\n", encoding="utf-8")
    result = cli("import", "traffic_accidents", str(bad), env=cli_env)
    assert result.returncode != 0 and "missing column" in result.stderr
    status = cli("status", env=cli_env).stdout
    assert next(l for l in status.splitlines() if l.startswith("traffic_accidents")).split()[2] == "6000"
