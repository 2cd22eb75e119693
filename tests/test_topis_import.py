"""TOPIS file importers: the real excerpts load with the right shape and values, CSV
(UTF-8/CP949) and XLSX layouts agree, and a malformed file is rejected with a clear
message while what was stored before keeps serving."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data_sources import pipeline, snapshots, warehouse
from data_sources.__main__ import main as cli
from data_sources.importers import SourceFileError, topis
from tests.conftest import requires_shared, shared_data

FIXTURES = Path(__file__).parent / "fixtures" / "topis"
SPEED_SAMPLE = "traffic/topis_link_speed_sample_20230101_59links.csv"
VOLUME_SAMPLE = "traffic/topis_volume_survey_sample_A-01_202301.csv"


def _raw_speeds() -> pd.DataFrame:
    return pd.read_csv(shared_data() / SPEED_SAMPLE, dtype={"링크아이디": str})


@requires_shared
def test_link_speed_sample_becomes_long_hourly_rows():
    df = topis.link_speed([shared_data() / SPEED_SAMPLE])
    raw = _raw_speeds()
    assert len(df) == len(raw) * 24 == 59 * 24
    assert sorted(df["hour"].unique()) == list(range(24))
    assert df["is_sample"].all() and (df["source_file"] == Path(SPEED_SAMPLE).name).all()
    assert df.attrs["partition"] == "2023-01"
    first = raw.iloc[0]
    rows = df[df["link_id"] == str(first["링크아이디"])].set_index("hour")
    # 01시 is the first hour of the day → stored as hour 0; 24시 → hour 23.
    assert rows.loc[0, "speed_kmh"] == pytest.approx(float(first["01시"]))
    assert rows.loc[23, "speed_kmh"] == pytest.approx(float(first["24시"]))
    # Float artefacts of the conversion are rounded to 2 dp: 42.800000000000004 → 42.8.
    assert rows.loc[6, "speed_kmh"] == 42.8 and str(first["07시"]).startswith("42.80000")
    assert (df["speed_kmh"].round(2) == df["speed_kmh"]).all()
    assert rows.loc[0, "road_class"] == first["기능유형구분"] and rows.loc[0, "lanes"] == first["차선수"]


@requires_shared
def test_spot_volume_sample_keeps_daily_totals():
    df = topis.spot_volume([shared_data() / VOLUME_SAMPLE])
    raw = pd.read_csv(shared_data() / VOLUME_SAMPLE)
    assert len(df) == len(raw) * 24 == 1440
    hours = [f"{h}시" for h in range(24)]
    expected = raw.groupby(["일자", "방향"])[hours].sum().sum(axis=1)
    got = df.groupby([pd.to_datetime(df["date"]).dt.strftime("%Y%m%d").astype(int), "direction"])["volume"].sum()
    assert got.to_dict() == expected.to_dict()
    first = df[(df["direction"] == "유입") & (df["hour"] == 0)].iloc[0]
    assert (str(first["date"]), first["volume"]) == ("2023-01-01", 564)
    # TOPIS writes 일 (Sunday) for public holidays: Tuesday 2023-01-24 (Seollal) stays 일.
    assert set(df.loc[df["date"] == pd.Timestamp("2023-01-24").date(), "weekday_ko"]) == {"일"}


@requires_shared
def test_cp949_csv_and_xlsx_read_like_the_utf8_sample():
    sample = topis.link_speed([shared_data() / SPEED_SAMPLE]).set_index(["link_id", "hour"])
    cp949 = topis.link_speed([FIXTURES / "link_speed_5links_20230101.cp949.csv"])
    xlsx = topis.link_speed([FIXTURES / "link_speed_3links_20230101.xlsx"])
    for part, n_links in ((cp949, 5), (xlsx, 3)):
        assert part["link_id"].nunique() == n_links and len(part) == n_links * 24
        assert not part["is_sample"].any()  # a user's file is not the bundled excerpt
        joined = part.set_index(["link_id", "hour"])
        pd.testing.assert_series_equal(joined["speed_kmh"], sample.loc[joined.index, "speed_kmh"], check_names=False)
        assert (joined["road_name"] == sample.loc[joined.index, "road_name"]).all()
    volume = topis.spot_volume([FIXTURES / "spot_volume_A-01_7days.utf8bom.csv"])
    assert len(volume) == 7 * 24 and volume["spot_num"].eq("A-01").all()


@pytest.mark.parametrize("name, message", [
    ("malformed_no_hours.csv", "hourly columns"),
    ("link_speed_5links_20230101.cp949.csv.missing", "not found"),
])
def test_malformed_or_missing_file_is_rejected_with_a_clear_message(name, message):
    with pytest.raises(SourceFileError, match=message):
        pipeline.import_from_source_files("topis_link_speed", paths=[FIXTURES / name])


def test_a_file_of_another_layout_names_the_missing_columns(tmp_path):
    other = tmp_path / "expressway.csv"
    other.write_text("YEAR,MONTH,LINE,TRAFFIC,DAY\n2013,1,강변북로,230850,일요일\n", encoding="utf-8")
    with pytest.raises(SourceFileError, match="링크아이디"):
        topis.link_speed([other])
    with pytest.raises(SourceFileError, match=r"\.csv or \.xlsx"):
        topis.link_speed([tmp_path / "speeds.pdf"])


def test_bad_file_never_replaces_what_was_stored(tmp_var):
    good = pipeline.import_from_source_files(
        "topis_link_speed", paths=[FIXTURES / "link_speed_5links_20230101.cp949.csv"])
    built = warehouse.build()
    for bad, error in (("malformed_no_hours.csv", SourceFileError),
                       ("malformed_speed_350.csv", pipeline.SnapshotRejected)):
        with pytest.raises(error) as exc:
            pipeline.import_from_source_files("topis_link_speed", paths=[FIXTURES / bad])
        assert "topis_link_speed" in str(exc.value) or bad in str(exc.value)
    current = snapshots.current_snapshots("topis_link_speed")
    assert good.sha256 in {s.sha256 for s in current}
    assert [s.sha256 for s in snapshots.list_live_snapshots("topis_link_speed")] == [good.sha256]
    assert warehouse.current_warehouse() == built.path
    con = warehouse.connect_read_only()
    try:
        imported = con.execute("SELECT count(*) FROM topis_link_speed WHERE NOT is_sample").fetchone()[0]
    finally:
        con.close()
    assert imported == 5 * 24


def test_out_of_range_speed_is_explained():
    with pytest.raises(pipeline.SnapshotRejected, match=r"speed_kmh outside \[0, 200\].*350"):
        pipeline.import_from_source_files("topis_link_speed", paths=[FIXTURES / "malformed_speed_350.csv"])


def test_cli_import_reports_success_and_failure(tmp_var, capsys):
    ok = cli(["-q", "import", "topis_spot_volume", str(FIXTURES / "spot_volume_A-01_7days.utf8bom.csv"), "--no-build"])
    assert ok == 0 and "168 rows" in capsys.readouterr().out
    failed = cli(["-q", "import", "topis_link_speed", str(FIXTURES / "malformed_no_hours.csv"), "--no-build"])
    err = capsys.readouterr().err
    assert failed == 1 and err.startswith("error:") and "01시 … 24시" in err


@requires_shared
def test_volinfo_blocks_fix_the_scrape_and_mark_zero_blocks_missing():
    df = topis.volinfo_blocks([shared_data() / "traffic/topis_volinfo_spot_B-01_6h_blocks_2016_2017.csv"])
    derived = pd.read_csv(shared_data() / "traffic/topis_volinfo_spot_B-01_6h_blocks_2016_2017.utf8.csv")
    assert len(df) == len(derived) == 2292
    assert int(df["suspect_zero"].sum()) == int(derived["suspect_zero"].sum()) == 36
    assert df.loc[df["suspect_zero"], "volume_total"].isna().all()  # missing, never 0
    valid = derived[~derived["suspect_zero"]]
    assert int(df["volume_total"].sum()) == int(valid["vol_total"].sum())
    assert set(df["block_start_hour"]) == {0, 6, 12, 18}


@requires_shared
def test_trafficinfo_polls_are_speeds_of_one_link():
    df = topis.trafficinfo_polls([shared_data() / "traffic/topis_trafficinfo_speed_link_1220003800_201808_09.csv"])
    raw = pd.read_csv(shared_data() / "traffic/topis_trafficinfo_speed_link_1220003800_201808_09.csv")
    assert len(df) == len(raw) == 864 and df["link_id"].unique().tolist() == ["1220003800"]
    assert df["speed_kmh"].mean() == pytest.approx(raw["prcs_spd"].mean())
