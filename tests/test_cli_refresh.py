"""The command-line tool end to end, as a user runs it, against a local fake of the
Seoul Open API: every failure gives one clear line and a non-zero exit, the previous
snapshot and warehouse keep serving, and the key appears nowhere.

Most cases call the CLI's `main()` in this process with its output captured (the same
code path, without a Python start per command); two cases run it as a real subprocess,
exactly as a user or a scheduler does."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from data_sources.__main__ import main as cli_main
from tests.conftest import requires_shared, shared_data
from tests.fake_seoul_api import TEST_KEY, empty_reply, html_reply, http_error, result_reply, slow

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


class InProcessCLI:
    """Runs `python -m data_sources -q …` as `main()` in this process, with the test's
    environment and captured output (log records included, so the key check sees them)."""

    def __init__(self, capsys, caplog):
        self._capsys, self._caplog = capsys, caplog

    def __call__(self, *args: str, env: dict | None = None) -> Result:
        self._capsys.readouterr()
        self._caplog.clear()
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(env if env is not None else saved)
        try:
            code = cli_main(["-q", *args])
        finally:
            os.environ.clear()
            os.environ.update(saved)
        out = self._capsys.readouterr()
        return Result(code, out.out, self._caplog.text + out.err)  # log lines come before the last one


def subprocess_cli(*args: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_sources", "-q", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def cli(capsys, caplog):
    return InProcessCLI(capsys, caplog)


@pytest.fixture
def cli_env(tmp_path, fake_api):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEOUL_OPENAPI")}
    env.update(OSD_VAR_DIR=str(tmp_path / "var"), SEOUL_OPENAPI_URL=fake_api.url, SEOUL_OPENAPI_KEY=TEST_KEY,
               SEOUL_OPENAPI_TIMEOUT="1", SEOUL_OPENAPI_RETRIES="1", SEOUL_OPENAPI_BACKOFF="0.05",
               PYTHONPATH=str(ROOT))
    return env


@pytest.fixture(scope="module")
def built_var(tmp_path_factory):
    """A var/ whose warehouse `build` made from the bundled snapshots, built once for the
    module; tests that only need "a warehouse is serving" start from a copy of it."""
    var = tmp_path_factory.mktemp("built") / "var"
    saved = os.environ.get("OSD_VAR_DIR")
    os.environ["OSD_VAR_DIR"] = str(var)
    try:
        assert cli_main(["-q", "build"]) == 0
    finally:
        os.environ["OSD_VAR_DIR"] = saved
    return var


@pytest.fixture
def built_env(cli_env, built_var):
    shutil.copytree(built_var, cli_env["OSD_VAR_DIR"])
    return cli_env


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
    """A real subprocess, as a user types it."""
    built = subprocess_cli("build", env=cli_env)
    assert built.returncode == 0, built.stderr
    status = subprocess_cli("status", env=cli_env)
    assert status.returncode == 0
    from data_sources import snapshots
    line = next(l for l in status.stdout.splitlines() if l.startswith("air_daily "))
    assert line.split()[2] == str(snapshots.bundled_snapshot("air_daily").rows) and "bundled" in line


def test_refresh_without_key_fails_clearly(cli, cli_env):
    env = dict(cli_env)
    env.pop("SEOUL_OPENAPI_KEY")
    result = cli("refresh", env=env)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith("error: no API key")


def test_refresh_success_writes_snapshot_and_rebuilds(built_env, fake_api):
    """A real subprocess end to end: refresh, then status from a fresh process."""
    cli_env = built_env
    fake_api.serve_rows("bikeList", _bike_rows(2345), "rentBikeStatus", total="page")
    result = subprocess_cli("refresh", "bike_live", env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "bike_live: 2,345 rows" in result.stdout
    starts = sorted(r.start for r in fake_api.calls("bikeList"))
    assert starts[:3] == [1, 1001, 2001]  # paged by 1000 until a short page
    status = subprocess_cli("status", env=cli_env).stdout
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
def test_failed_refresh_keeps_previous_data_serving(cli, built_env, fake_api, case):
    cli_env = built_env
    replies, expected = FAILURES[case]
    if replies is None:  # a valid answer that fails validation (a truncated station list)
        fake_api.serve_rows("bikeList", _bike_rows(5), "rentBikeStatus")
    else:
        fake_api.script("bikeList", *replies)
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


def test_import_rejects_malformed_file_and_keeps_previous_snapshot(cli, built_env, tmp_path):
    cli_env = built_env
    bad = tmp_path / "accidents.csv"
    bad.write_text("year,gu\n2024,강남구\n", encoding="utf-8")
    result = cli("import", "traffic_accidents", str(bad), env=cli_env)
    assert result.returncode != 0 and "missing column" in result.stderr
    status = cli("status", env=cli_env).stdout
    assert next(l for l in status.splitlines() if l.startswith("traffic_accidents")).split()[2] == "6000"


class SilentHost:
    """Accepts TCP connections and never answers (a hung API server)."""

    def __init__(self):
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.2)
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            self.accepted += 1
            self._held.append(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for conn in self._held:
            conn.close()
        self._sock.close()


def test_refresh_against_a_host_that_never_answers_ends_within_its_deadline(cli, built_env):
    host = SilentHost()
    env = dict(built_env, SEOUL_OPENAPI_URL=host.url, SEOUL_OPENAPI_TIMEOUT="20", SEOUL_OPENAPI_RETRIES="3",
               SEOUL_OPENAPI_BACKOFF="0.5")
    pointer_before = (Path(env["OSD_VAR_DIR"]) / "warehouse" / "CURRENT").read_text()
    started = time.monotonic()
    try:
        result = cli("refresh", "--deadline", "3", env=env)
    finally:
        host.close()
    elapsed = time.monotonic() - started
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: the Open API at 127.0.0.1") and "did not answer" in last, last
    assert "previous data keeps serving" in last and "of 4 dataset(s) not refreshed" in last
    assert elapsed < 10, f"took {elapsed:.1f} s"
    # The dead host was tried for one dataset, not once (or four times) for each.
    assert host.accepted <= 4, host.accepted
    assert (Path(env["OSD_VAR_DIR"]) / "warehouse" / "CURRENT").read_text() == pointer_before
    assert TEST_KEY not in result.stdout + result.stderr


def test_refresh_has_a_default_deadline_of_about_a_minute():
    from data_sources import __main__ as cli_module
    assert 20 <= cli_module.DEFAULT_REFRESH_DEADLINE_S <= 60


def test_a_huge_bad_topis_cell_gives_a_short_error_line(cli, built_env, tmp_path):
    bad = tmp_path / "2023년 01월 서울시 차량통행속도.csv"
    hours = ",".join(f"{h:02d}시" for h in range(1, 25))
    header = f"일자,요일,도로명,링크아이디,시점명,종점명,방향,거리,차선수,기능유형구분,도심/외곽구분,권역구분,{hours}\n"
    row = "X" * 2_000_000 + ",일,세종대로,1220003800,a,b,상행,100,4,주간선도로,도심,도심권," + ",".join(["30"] * 24) + "\n"
    bad.write_text(header + row, encoding="utf-8")
    result = cli("import", "topis_link_speed", str(bad), env=built_env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: ") and len(lines[-1]) <= 700, len(lines[-1])
    assert all(len(line) <= 1000 for line in lines)


def test_a_header_only_station_list_is_refused(cli, built_env, tmp_path):
    empty = tmp_path / "ddareungi_stations_202412.csv"
    empty.write_text("대여소번호,대여소명,자치구,상세주소,위도,경도,설치시기,거치대수LCD,거치대수QR,운영방식\n", encoding="utf-8")
    result = cli("import", "bike_station_lists", str(empty), "--no-build", env=built_env)
    assert result.returncode != 0
    assert "no stations" in result.stderr.strip().splitlines()[-1]
    assert not (Path(built_env["OSD_VAR_DIR"]) / "snapshots" / "bike_station_lists").exists()


@requires_shared
def test_the_official_cp949_station_lists_read_like_their_utf8_copies():
    from data_sources.importers import bikes
    folder = shared_data() / "bike_stations"
    for month in ("202106", "202306"):
        official = bikes.station_lists([folder / f"ddareungi_stations_{month}.cp949.csv"])
        copy = bikes.station_lists([folder / f"ddareungi_stations_{month}.utf8.csv"])
        assert len(official) > 2000
        pd.testing.assert_frame_equal(official, copy)


def test_a_station_list_in_neither_utf8_nor_cp949_fails_with_a_clear_message(tmp_path):
    from data_sources.importers import SourceFileError, bikes
    odd = tmp_path / "ddareungi_stations_202412.csv"
    odd.write_bytes("대여소번호,대여소명\n1,a\n".encode("utf-16"))
    with pytest.raises(SourceFileError, match="neither UTF-8 nor CP949") as caught:
        bikes.station_lists([odd])
    assert "codec" not in str(caught.value)
