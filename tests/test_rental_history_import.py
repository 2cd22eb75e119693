"""Monthly rental-history CSV import (대여이력, OA-15182), the trip queries and the
synthetic-trip generator.

The fixtures in tests/fixtures/rental_history/ are SYNTHETIC rows in the official layout
(made by scripts/make_rental_history_sample.py --fixtures). Expected values are either
written by hand or recomputed from the raw text with Python's csv module, never with
the importer under test.
"""
from __future__ import annotations

import collections
import csv
import importlib.util
import io
import json
import random
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

import queries
from data_sources import rollups, snapshots
from data_sources.importers.rental_history import (
    CANONICAL_NAMES,
    TRIPS_SCHEMA,
    RentalHistoryFormatError,
    import_rental_history,
    import_rental_history_snapshot,
)
from tests.conftest import requires_shared

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "rental_history"
F11 = FIX / "synthetic_rental_history_2021-06_11col.csv"
F16 = FIX / "synthetic_rental_history_2024-06_16col.csv"
F17 = FIX / "synthetic_rental_history_2025-07_17col.csv"

HEADER_16 = ('"자전거번호","대여일시","대여 대여소번호","대여 대여소명","대여거치대","반납일시","반납대여소번호",'
             '"반납대여소명","반납거치대","이용시간(분)","이용거리(M)","생년","성별","이용자종류","대여대여소ID","반납대여소ID"')


def raw_rows(path: Path, encoding: str = "cp949") -> tuple[list[str], list[list[str]]]:
    """Header and data rows, read independently of the importer. Lines with an odd number
    of double quotes are the documented unreadable defect and are left out."""
    text = path.read_bytes().decode(encoding)
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n") if ln]
    good = [ln for ln in lines if ln.count('"') % 2 == 0]
    rows = list(csv.reader(io.StringIO("\n".join(good))))
    return rows[0], rows[1:]


def is_missing(v: str) -> bool:
    return v in ("", "\\N")


def imported(path: Path, dest: Path):
    result = import_rental_history(path, dest)
    return result, pq.read_table(result.tmp_parquet)


# --- vintages ----------------------------------------------------------------------------

@pytest.mark.parametrize("path, vintage, partition, rejected", [
    (F11, 11, "2021-06", 0), (F16, 16, "2024-06", 1), (F17, 17, "2025-07", 0)])
def test_each_vintage_imports_to_the_canonical_schema(tmp_path, path, vintage, partition, rejected):
    header, rows = raw_rows(path)
    result, table = imported(path, tmp_path / "dest")
    assert len(header) == vintage
    assert result.rows == table.num_rows == len(rows)
    assert result.rejected_rows == rejected
    assert result.partition == partition and result.encoding == "cp949" and result.vintage == vintage
    assert table.schema.names == CANONICAL_NAMES
    assert table.schema.equals(TRIPS_SCHEMA, check_metadata=False)
    assert table.schema.metadata[b"synthetic"] == b"true"  # the file name says synthetic
    # the only file left in the destination is the finished parquet, named .incoming.*
    assert [p.name for p in (tmp_path / "dest").iterdir()] == [result.tmp_parquet.name]
    assert result.tmp_parquet.name.startswith(".incoming.")
    # first/last rental inside the month, from the raw text
    times = sorted(r[1] for r in rows)
    assert result.first_rent_at == datetime.fromisoformat(times[0])
    assert result.last_rent_at == datetime.fromisoformat(times[-1])


def test_known_rows_are_mapped_value_by_value(tmp_path):
    _, table = imported(F16, tmp_path / "a")
    first, second = table.slice(0, 2).to_pylist()
    assert first == {
        "bike_id": "SPB-00001", "rent_at": datetime(2024, 6, 1, 7, 15, 32), "rent_station_no": 102,
        "rent_station_name": "망원역 1번출구 앞", "rent_dock": "0", "return_at": datetime(2024, 6, 1, 7, 27, 10),
        "return_station_no": 103, "return_station_name": "망원역 2번출구 앞", "return_dock": "0",
        "duration_min": 11.0, "distance_m": 1530.25, "birth_year": 1990, "gender": "M",  # 'm' upper-cased
        "user_type": "내국인", "rent_station_id": "ST-4", "return_station_id": "ST-5"}
    assert second["birth_year"] is None and second["gender"] is None  # "" in this vintage
    assert second["user_type"] == "외국인" and second["distance_m"] == 5120.0

    _, t17 = imported(F17, tmp_path / "b")
    row = t17.slice(1, 1).to_pylist()[0]
    assert row["birth_year"] is None and row["gender"] is None  # \N in this vintage
    assert row["rent_at"] == datetime(2025, 7, 1, 8, 2, 5)

    result, t11 = imported(F11, tmp_path / "c")
    row = t11.slice(0, 1).to_pylist()[0]
    assert row["rent_station_no"] == 102 and row["duration_min"] == 11.0 and row["distance_m"] == 1530.25
    for absent in ("birth_year", "gender", "user_type", "rent_station_id", "return_station_id"):
        assert row[absent] is None
    assert result.missing_columns == ["birth_year", "gender", "user_type", "rent_station_id", "return_station_id"]


def test_missing_values_become_null(tmp_path):
    for path, col, idx in [(F16, "gender", 12), (F16, "birth_year", 11), (F17, "gender", 12), (F11, "rent_dock", 4)]:
        _, rows = raw_rows(path)
        _, table = imported(path, tmp_path / f"{path.stem}-{col}")
        expected = sum(is_missing(r[idx]) for r in rows)
        assert expected > 0, "the fixture should exercise missing values"
        assert table.column(col).null_count == expected, (path.name, col)
    _, table = imported(F16, tmp_path / "g")
    assert set(table.column("gender").drop_null().to_pylist()) == {"M", "F"}


def test_unparseable_return_time_is_null_and_counted(tmp_path):
    _, rows = raw_rows(F16)
    bad = [r for r in rows if r[5] == "2024-06-31 08:12:44"]
    assert len(bad) == 1
    result, table = imported(F16, tmp_path / "d")
    assert result.unparseable_timestamps == 1 and result.unparseable["return_at"] == 1
    assert table.column("return_at").null_count == 1
    row = [r for r in table.to_pylist() if r["return_at"] is None][0]
    assert row["bike_id"] == bad[0][0] and row["rent_at"] == datetime.fromisoformat(bad[0][1])


def test_stray_quote_line_is_rejected_not_fatal(tmp_path):
    text = F16.read_bytes().decode("cp949")
    assert sum(1 for ln in text.splitlines() if ln.count('"') % 2) == 1
    result, table = imported(F16, tmp_path / "e")
    assert result.rejected_rows == 1 and table.num_rows == 300


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_and_without_bom(tmp_path, encoding):
    src = tmp_path / f"synthetic_{encoding}.csv"
    src.write_bytes(F17.read_bytes().decode("cp949").encode(encoding))
    result, table = imported(src, tmp_path / "dest")
    _, reference = imported(F17, tmp_path / "ref")
    assert result.encoding == encoding
    assert table.equals(reference)


def test_headerless_file_and_loose_header_spelling(tmp_path):
    lines = F11.read_bytes().decode("cp949").split("\r\n")
    headerless = tmp_path / "synthetic_headerless.csv"
    headerless.write_bytes("\r\n".join(lines[1:]).encode("cp949"))
    result, table = imported(headerless, tmp_path / "a")
    _, reference = imported(F11, tmp_path / "b")
    assert result.header == "absent" and table.equals(reference)

    # odd spacing, lower-case units, an unknown extra column: still the same data
    text = F16.read_bytes().decode("cp949").split("\n")
    text[0] = (text[0].replace('"대여 대여소번호"', '" 대여  대여소번호 "').replace('"이용거리(M)"', '"이용거리(m)"')
               + ',"비고"')
    text = [text[0]] + [ln + ',"x"' for ln in text[1:] if ln]
    loose = tmp_path / "synthetic_loose.csv"
    loose.write_bytes("\n".join(text).encode("cp949"))
    result, table = imported(loose, tmp_path / "c")
    _, reference = imported(F16, tmp_path / "d")
    assert result.ignored_columns == ["_extra_16"] and table.equals(reference)


# --- refusing files ------------------------------------------------------------------------

def _garbage_lines(n: int) -> str:
    rng = random.Random(3)
    return "\n".join("".join(rng.choice("abc;:|# ") for _ in range(30)) for _ in range(n)) + "\n"


MALFORMED = {
    "empty.csv": b"",
    "blank.csv": b"\n\n  \n",
    "garbage.bin": bytes(random.Random(1).randrange(256) for _ in range(50_000)),
    "photo.csv": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
    "utf16.csv": HEADER_16.encode("utf-16"),
    "wrong_header.csv": "station_id,station_no,station_name,gu,lat,lon\nST-3,101,합정,마포구,37.5,126.9\n".encode(),
    "missing_columns.csv": '"자전거번호","대여일시","반납일시"\n"SPB-1","2024-06-01 00:00:00","2024-06-01 00:10:00"\n'
                           .encode("cp949"),
    "header_only.csv": (HEADER_16 + "\n").encode("cp949"),
    "junk_rows.csv": (HEADER_16 + "\n" + _garbage_lines(3000)).encode("cp949"),
    "mostly_junk.csv": (F16.read_bytes().decode("cp949") + _garbage_lines(5000)).encode("cp949"),
    "no_times.csv": (HEADER_16 + "\n" + ("\"SPB-1\",\"어제\"" + ",\"x\"" * 14 + "\n") * 50).encode("cp949"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_file_is_refused_with_a_clear_message(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(MALFORMED[name])
    dest = tmp_path / "not-yet" / "dest"
    with pytest.raises(RentalHistoryFormatError) as info:
        import_rental_history(path, dest)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{name}: ")
    assert "expected the official Seoul bike rental-history CSV (대여이력, OA-15182)" in message
    assert not (tmp_path / "not-yet").exists(), "nothing may be left behind"


def test_refused_file_leaves_existing_snapshot_untouched(tmp_var):
    good = import_rental_history_snapshot(F16)
    assert good.partition == "2024-06" and good.rows == 300 and good.source == F16.name
    assert good.source_kind == "file" and good.synthetic is True
    assert good.data_as_of == "2024-06-30T20:54:07"
    folder = Path(good.path).parent
    before = _files_under(folder)  # the snapshot, its sidecar and its summaries

    bad = tmp_var.parent / "synthetic_bad.csv"
    bad.write_bytes(HEADER_16.encode("cp949") + b"\n" + bytes(random.Random(2).randrange(256) for _ in range(20_000)))
    with pytest.raises(RentalHistoryFormatError, match="synthetic_bad.csv"):
        import_rental_history_snapshot(bad)
    with pytest.raises(RentalHistoryFormatError):
        import_rental_history_snapshot(tmp_var.parent / "missing.csv")

    assert _files_under(folder) == before
    # the bundled January 2023 month stays beside the imported one
    assert [(i.source_kind, i.path) for i in snapshots.current_snapshots("rental_history")] == [
        ("bundled", snapshots.bundled_snapshot("rental_history").path), ("file", good.path)]
    sidecar = json.loads(Path(good.path).with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["partition"] == "2024-06" and sidecar["rows"] == 300


def _files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_months_become_partitions(tmp_var):
    a = import_rental_history_snapshot(F17)
    b = import_rental_history_snapshot(F16)
    current = snapshots.current_snapshots("rental_history")
    bundled = snapshots.bundled_snapshot("rental_history")
    assert [(i.partition, i.path) for i in current] == [
        ("2023-01", bundled.path), ("2024-06", b.path), ("2025-07", a.path)]


# --- trip queries ---------------------------------------------------------------------------

HAND_ROWS = [  # rent_at, rent no, return no, minutes, metres (None = missing)
    ("2024-06-03 08:05:00", 102, 103, 10, 1200.00),
    ("2024-06-03 08:40:00", 102, 103, 12, 1300.00),
    ("2024-06-03 08:59:59", 103, 102, 4, 400.00),
    ("2024-06-03 17:00:00", 102, 103, 30, 5000.00),
    ("2024-06-04 17:30:00", 207, 207, 0, 0.00),
    ("2024-06-04 23:10:00", 102, 207, 125, 12000.00),
    ("2024-07-01 00:15:00", 103, 102, 7, 900.50),
    ("2024-06-05 09:00:00", 102, None, None, None),  # not returned (yet)
]
NAMES = {102: "망원역 1번출구 앞", 103: "망원역 2번출구 앞", 207: "여의나루역 1번출구 앞"}


def _hand_csv(path: Path) -> Path:
    def q(v):
        return "\\N" if v is None else f'"{v}"'
    lines = [HEADER_16]
    for i, (at, rno, tno, mins, metres) in enumerate(HAND_ROWS):
        ret_at = None if tno is None else at
        lines.append(",".join(q(v) for v in [
            f"SPB-{i:05d}", at, f"{rno:05d}", NAMES[rno], "0", ret_at, None if tno is None else f"{tno:05d}",
            NAMES.get(tno), "0", mins, None if metres is None else f"{metres:.2f}", "1990", "M", "내국인",
            "ST-1", None if tno is None else "ST-2"]))
    path.write_bytes(("\n".join(lines) + "\n").encode("cp949"))
    return path


def _trips_con(parquet: Path) -> duckdb.DuckDBPyConnection:
    """The trips and their summaries, as the warehouse holds them (the views read the summaries)."""
    con = duckdb.connect()
    con.execute(f"CREATE TABLE trips AS SELECT * FROM read_parquet('{parquet}')")
    rollups.build_from_table(con)
    return con


def _run(con, name, **params):
    return queries.run(f"bikes/{name}", params, con=con).frame


def test_trip_queries_on_hand_checked_rows(tmp_path):
    result = import_rental_history(_hand_csv(tmp_path / "synthetic_hand.csv"), tmp_path / "dest")
    assert result.rows == 8 and result.partition == "2024-06"
    con = _trips_con(result.tmp_parquet)

    by_hour = _run(con, "trips_by_hour")
    assert dict(zip(by_hour.hour, by_hour.trips)) == {0: 1, 8: 3, 9: 1, 17: 2, 23: 1}
    june = _run(con, "trips_by_hour", month="2024-06")
    assert dict(zip(june.hour, june.trips)) == {8: 3, 9: 1, 17: 2, 23: 1}
    july = _run(con, "trips_by_hour", month="2024-07")
    assert dict(zip(july.hour, july.trips)) == {0: 1}
    assert _run(con, "trips_by_hour", month="2023-01").empty

    months = _run(con, "trips_by_month")
    assert list(months.month) == ["2024-06", "2024-07"] and list(months.trips) == [7, 1]
    assert months.avg_duration_min[0] == pytest.approx(181 / 6)
    assert months.avg_distance_m[0] == pytest.approx(19900 / 6)
    assert months.avg_distance_m[1] == pytest.approx(900.5)

    dur = _run(con, "trips_duration_hist")
    assert dict(zip(dur.bin_start_min, dur.trips)) == {0: 2, 5: 1, 10: 2, 30: 1, 120: 1}
    dist = _run(con, "trips_distance_hist")
    assert dict(zip(dist.bin_start_m, dist.trips)) == {0: 2, 500: 1, 1000: 2, 5000: 1, 10000: 1}
    dist_1k = _run(con, "trips_distance_hist", bin_m=1000, max_m=3000)
    assert dict(zip(dist_1k.bin_start_m, dist_1k.trips)) == {0: 3, 1000: 2, 3000: 2}

    routes = _run(con, "trips_top_routes")
    assert list(zip(routes.rent_station_no, routes.return_station_no, routes.trips)) == [
        (102, 103, 3), (103, 102, 2), (102, 207, 1), (207, 207, 1)]
    assert routes.rent_station_name[0] == "망원역 1번출구 앞" and routes.avg_duration_min[0] == pytest.approx(52 / 3)
    assert len(_run(con, "trips_top_routes", limit=2)) == 2
    june_routes = _run(con, "trips_top_routes", month="2024-06")
    assert list(june_routes.trips) == [3, 1, 1, 1]  # 103 → 102 happens once in June

    bal = _run(con, "trips_station_balance")
    assert list(zip(bal.station_no, bal.rentals, bal.returns, bal.net)) == [
        (102, 5, 2, -3), (103, 2, 3, 1), (207, 1, 2, 1)]
    assert bal.imbalance[0] == pytest.approx(-3 / 7) and bal.station_name[2] == "여의나루역 1번출구 앞"
    assert len(_run(con, "trips_station_balance", limit=1)) == 1


def test_trips_by_hour_matches_the_raw_fixture(tmp_path):
    _, rows = raw_rows(F16)
    expected = collections.Counter(int(r[1][11:13]) for r in rows)
    result = import_rental_history(F16, tmp_path / "dest")
    con = _trips_con(result.tmp_parquet)
    got = _run(con, "trips_by_hour", month="2024-06")
    assert dict(zip(got.hour, got.trips)) == dict(expected)
    routes = _run(con, "trips_top_routes", limit=5)
    pairs = collections.Counter((int(r[2]), int(r[6])) for r in rows)
    assert routes.trips[0] == max(pairs.values())


def test_trip_queries_declare_month_and_limit():
    for name in ["trips_by_hour", "trips_by_month", "trips_duration_hist", "trips_distance_hist",
                 "trips_top_routes", "trips_station_balance"]:
        q = queries.get(f"bikes/{name}")
        params = {p.name: p for p in q.params}
        assert params["month"].type == "VARCHAR" and params["month"].default == ""
        assert q.datasets == ("rental_history",)
        if name in ("trips_top_routes", "trips_station_balance"):
            assert params["limit"].type == "INTEGER" and params["limit"].default == "20"


# --- synthetic generator ------------------------------------------------------------------------

def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return _load_script("generate_synthetic_trips")


@pytest.fixture(scope="module")
def small_year(generator, tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic") / "trips"
    model = generator.load_model()
    manifest = generator.generate_year(out, rows=20_000, seed=7, year=2024, model=model, log=lambda *_: None)
    return out, manifest, model


@requires_shared  # the generator calibrates itself on the real files in ../shared/data
def test_generator_writes_marked_synthetic_monthly_files(small_year, generator):
    out, manifest, _ = small_year
    files = sorted(out.glob("synthetic_trips_2024-*.parquet"))
    assert len(files) == 12
    assert manifest["synthetic"] is True and manifest["rows"] == 20_000
    assert "SYNTHETIC" in (out / "README.md").read_text(encoding="utf-8")
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["synthetic"] is True
    total = 0
    for f in files:
        meta = pq.read_metadata(f)
        assert meta.metadata[b"synthetic"] == b"true"
        assert pq.read_schema(f).equals(TRIPS_SCHEMA, check_metadata=False)
        total += meta.num_rows
    assert total == 20_000
    con = duckdb.connect()
    checks = con.execute(f"""SELECT count(*) FILTER (WHERE return_at < rent_at),
            count(*) FILTER (WHERE distance_m < 0 OR duration_min < 0),
            count(*) FILTER (WHERE strftime(rent_at, '%Y-%m') <> regexp_extract(filename, '(\\d{{4}}-\\d{{2}})', 1)),
            count(DISTINCT rent_station_no), avg((rent_station_no = return_station_no)::INT)
        FROM read_parquet('{out}/*.parquet', filename = true)""").fetchone()
    assert checks[:3] == (0, 0, 0)
    assert checks[3] > 1500  # most of the 2,820 real stations appear
    assert checks[4] == pytest.approx(0.095, abs=0.02)  # round-trip share from the real OD sample


@requires_shared  # the generator calibrates itself on the real files in ../shared/data
def test_generator_follows_the_real_hour_profile(small_year):
    out, _, model = small_year
    con = duckdb.connect()
    got = dict(con.execute(f"SELECT hour(rent_at), count(*) FROM read_parquet('{out}/*.parquet') GROUP BY 1").fetchall())
    n = sum(got.values())
    share = [got.get(h, 0) / n for h in range(24)]
    tv = 0.5 * sum(abs(a - b) for a, b in zip(share, model.hour_p))
    assert tv < 0.03, f"hour profile differs from the real one (total variation {tv:.3f})"
    assert max(range(24), key=lambda h: share[h]) in (17, 18)  # evening peak, as in the real data
    months = dict(con.execute(f"SELECT month(rent_at), count(*) FROM read_parquet('{out}/*.parquet') GROUP BY 1")
                  .fetchall())
    assert months[6] > 2 * months[1]  # summer above winter


@requires_shared  # the generator calibrates itself on the real files in ../shared/data
def test_generated_month_as_official_csv_round_trips(tmp_path, generator, small_year):
    _, _, model = small_year
    table = generator.generate_month(model, 2024, 6, 3000, seed=7)
    csv_path = tmp_path / "synthetic_대여이력_2024-06.csv"
    generator.write_official_csv(table, csv_path, vintage=17, missing="\\N")
    assert csv_path.read_bytes()[:12].decode("cp949") == '"자전거번호"'
    result = import_rental_history(csv_path, tmp_path / "dest")
    back = pq.read_table(result.tmp_parquet)
    assert result.rows == 3000 and result.rejected_rows == 0 and result.partition == "2024-06"
    assert result.unparseable == {k: 0 for k in result.unparseable}
    assert back.column("birth_year").null_count == table.column("birth_year").null_count
    for col in ("rent_at", "return_at", "rent_station_no", "return_station_id", "duration_min"):
        assert back.column(col).to_pylist() == table.column(col).to_pylist(), col
    # the quality rule: 0 m on a ride of a minute or more was not recorded
    expected = [None if d == 0 and m >= 1 else d
                for d, m in zip(table.column("distance_m").to_pylist(), table.column("duration_min").to_pylist())]
    assert back.column("distance_m").to_pylist() == expected
    assert result.cleaned["distance_not_recorded"] == expected.count(None) - table.column("distance_m").null_count


def test_direct_and_cleaning_paths_give_the_same_rows(tmp_path, monkeypatch):
    """Clean files are parsed by DuckDB straight from the original bytes; files with
    malformed lines go through the line-by-line cleaning path. Both give the same rows."""
    from data_sources.importers import rental_history as rh
    direct = {}
    for path in (F11, F17):
        result, table = imported(path, tmp_path / f"direct-{path.stem}")
        assert result.path_taken == "direct"
        direct[path] = (result, table)
    assert imported(F16, tmp_path / "stray")[0].path_taken == "cleaned"  # the stray-quote line

    def refuse(self, *args):
        raise rh._NeedsCleaning("forced")

    monkeypatch.setattr(rh._Conversion, "direct", refuse)
    for path, (d_result, d_table) in direct.items():
        result, table = imported(path, tmp_path / f"cleaned-{path.stem}")
        assert result.path_taken == "cleaned"
        assert table.equals(d_table)
        assert (result.rows, result.unparseable, result.cleaned, result.decode_errors) == (
            d_result.rows, d_result.unparseable, d_result.cleaned, d_result.decode_errors)


def test_bytes_iconv_cannot_decode_fall_back_to_the_counting_path(tmp_path):
    header, *rows = [ln for ln in F17.read_bytes().split(b"\n") if ln]
    repeats = 400_000 // len(b"\n".join(rows)) + 1  # past the 256 KB the sniffer checks
    body = rows * repeats
    body[-3] = body[-3].replace(b'","0","', b'","0\xff\xfe","', 1)  # not CP949
    broken = tmp_path / "synthetic_broken_bytes.csv"
    broken.write_bytes(b"\n".join([header, *body]) + b"\n")
    result, table = imported(broken, tmp_path / "dest")
    assert result.path_taken == "cleaned" and result.decode_errors >= 1
    assert result.rows == table.num_rows == len(body)


def test_stream_ranges_cut_cp949_text_only_at_line_ends(tmp_path, monkeypatch):
    """The decoders get whole lines: every range ends just after a newline, each run
    (part) starts with the header, and the ranges decoded one by one give the whole text.
    (CP949 trail bytes are ≥ 0x41, so a 0x0A byte is never half a character.)"""
    from data_sources.importers import rental_history as rh
    names = ["똠방각하 역", "쀍쀎 공원", "힣 앞", "가나다 교", "ABC 센터"]  # incl. UHC extension syllables
    lines = [HEADER_16] + [f'"SPB-{i:05d}","2024-06-01 00:00:00","{names[i % 5]}"' for i in range(3000)]
    raw = ("\n".join(lines) + "\n").encode("cp949")
    assert any(0x81 <= b <= 0xA0 for b in raw)  # lead bytes outside KS X 1001 are present
    path = tmp_path / "f.csv"
    path.write_bytes(raw)
    monkeypatch.setattr(rh, "ICONV_BLOCK_BYTES", 4096)
    runs = rh._stream_ranges(path, has_header=True, streams=2)
    assert len(runs) == 2
    header_end = raw.index(b"\n") + 1
    body = []
    for run in runs:
        assert run[0] == (0, header_end)
        body += run[1:]
    assert body[0][0] == header_end and body[-1][1] == len(raw)
    assert all(a[1] == b[0] for a, b in zip(body, body[1:]))
    assert all(raw[end - 1] == 0x0A for _, end in body)
    assert "".join(raw[a:b].decode("cp949") for a, b in body) == raw[header_end:].decode("cp949")
    single = rh._stream_ranges(path, has_header=False, streams=2)
    assert [r for run in single for r in run][0] == (0, min(len(raw), raw.index(b"\n", 4095) + 1))


def _big_cp949_file(tmp_path, defect: str = "") -> tuple[Path, int]:
    header, *rows = [ln for ln in F17.read_bytes().split(b"\n") if ln]
    body = rows * (300_000 // len(b"\n".join(rows)) + 1)
    # near the end of the file, so in a later part than the first
    if defect == "bytes":
        body[-3] = body[-3].replace(b'","0","', b'","0\xff\xfe","', 1)
    elif defect == "quote":
        body[-3] = body[-3].replace(b'","0","', b'","0"","', 1)
    path = tmp_path / "synthetic_big_17col.csv"
    path.write_bytes(b"\n".join([header, *body]) + b"\n")
    return path, len(body)


def test_cp949_file_decoded_in_parts_gives_the_rows_of_the_cleaning_path(tmp_path, monkeypatch):
    """A CP949 file larger than one part is decoded part by part (iconv writes part k+1
    while DuckDB parses part k): the same rows, in the same order, and the same counts as
    the line-by-line path."""
    from data_sources.importers import rental_history as rh
    monkeypatch.setattr(rh, "ICONV_BLOCK_BYTES", 32 * 1024)
    monkeypatch.setattr(rh, "PART_BYTES", 64 * 1024)
    runs = []

    class CountingParts(rh._IconvParts):
        def __init__(self, src, work_dir, part_runs):
            runs.extend(part_runs)
            super().__init__(src, work_dir, part_runs)

    monkeypatch.setattr(rh, "_IconvParts", CountingParts)
    path, n = _big_cp949_file(tmp_path)
    direct, d_table = imported(path, tmp_path / "direct")
    assert direct.path_taken == "direct" and direct.rows == d_table.num_rows == n
    assert len(runs) > 2 and all(len(ranges) >= 2 for ranges in runs)  # header + ≥ 1 block each

    monkeypatch.setattr(rh._Conversion, "direct", lambda self, *a: (_ for _ in ()).throw(rh._NeedsCleaning("x")))
    cleaned, c_table = imported(path, tmp_path / "cleaned")
    assert cleaned.path_taken == "cleaned"
    assert d_table.equals(c_table)
    assert (direct.unparseable, direct.cleaned, direct.partition, direct.first_rent_at, direct.last_rent_at) == (
        cleaned.unparseable, cleaned.cleaned, cleaned.partition, cleaned.first_rent_at, cleaned.last_rent_at)


@pytest.mark.parametrize("defect", ["bytes", "quote"])
def test_a_defect_in_a_later_part_falls_back_to_the_cleaning_path(tmp_path, monkeypatch, defect):
    from data_sources.importers import rental_history as rh
    monkeypatch.setattr(rh, "ICONV_BLOCK_BYTES", 32 * 1024)
    monkeypatch.setattr(rh, "PART_BYTES", 64 * 1024)
    path, n = _big_cp949_file(tmp_path, defect)
    result, table = imported(path, tmp_path / "dest")
    assert result.path_taken == "cleaned"
    if defect == "bytes":  # bytes iconv cannot decode: replaced and counted
        assert result.decode_errors >= 1 and result.rows == table.num_rows == n
    else:  # a stray quote: that line is dropped and counted
        assert result.rejected_rows == 1 and result.rows == table.num_rows == n - 1
    assert not list((tmp_path / "dest").glob(".incoming.*/*"))  # no part file left behind


def test_result_carries_the_checksum_of_the_file_as_written(tmp_path):
    """The parquet's SHA-256 is computed while it is written (the summaries are filed under
    it): on both paths, it is that of the finished file."""
    for path, taken in ((F17, "direct"), (F16, "cleaned")):  # F16 has a stray-quote line
        result = import_rental_history(path, tmp_path / taken)
        assert result.path_taken == taken
        assert result.sha256 == snapshots.sha256_file(result.tmp_parquet)


@pytest.mark.parametrize("encoding", ["cp949", "utf-8"])
def test_text_rule_gives_what_it_gives_value_by_value(tmp_path, encoding):
    """Text columns are trimmed, blank ones made NULL and 성별 upper-cased only in the batches
    that hold such a value (most hold none); the result equals the rule applied to every
    value, row by row, in a file of many batches where a few values of every text column
    need it."""
    from data_sources.importers import rental_history as rh
    rng = random.Random(5)
    names = ["강남역 2번출구", "역삼역  1번", "Seoul Forest", "선릉역", "A"]
    odd = [" 강남역 ", "  ", "선릉역 ", " 역삼", "x "]  # padded, blank-only
    lines = [HEADER_16]
    for i in range(30_000):
        def text(pool=names):
            return rng.choice(odd) if rng.random() < 0.002 else rng.choice(pool)
        gender = rng.choice(["m", " F", "f ", "M"]) if rng.random() < 0.002 else rng.choice(["M", "F", ""])
        minute = f"2024-06-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00"
        fields = [f"SPB-{i:05d}", minute, "00584", text(), text(["0", "1"]), minute, "00592", text(),
                  text(["0"]), "11", "2203.62", "1973", gender, text(["내국인", "외국인"]), text(["ST-1"]), "ST-2"]
        lines.append(",".join(f'"{f}"' for f in fields))
    path = tmp_path / "synthetic_text_rule_2024-06.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    reference = tmp_path / "reference.csv"  # DuckDB reads UTF-8 only
    reference.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, table = imported(path, tmp_path / "dest")
    assert result.path_taken == "direct" and result.rows == 30_000
    text_columns = [n for n, t in rh.CANONICAL if t == "VARCHAR"]
    con = duckdb.connect()
    source = rh._select_sql(rh.sniff_rental_history(reference)["columns"], reference, strict=True)
    raw = con.execute(f"SELECT {', '.join(text_columns)} FROM ({source}) ORDER BY bike_id").fetchall()
    expected = con.execute(f"SELECT bike_id, {', '.join(rh._text_expr(n) + ' AS ' + n for n in text_columns[1:])} "
                           f"FROM ({source}) ORDER BY bike_id").fetchall()
    got = con.execute(f"SELECT {', '.join(text_columns)} FROM read_parquet('{result.tmp_parquet}') "
                      "ORDER BY bike_id").fetchall()
    assert got == expected
    # the rule changed values of the file, in several columns
    changed = {text_columns[i] for r, e in zip(raw, expected) for i, (a, b) in enumerate(zip(r, e)) if a != b}
    assert {"rent_station_name", "return_station_name", "gender", "user_type"} <= changed


def test_batches_that_need_the_text_rule_are_found():
    """`_text_changes` decides per batch column whether the text rule runs: any value
    starting or ending with a space (or a gender that is not upper case) is found, wherever
    it is, and a column without one is left alone."""
    import pyarrow as pa

    from data_sources.importers.rental_history import _text_changes
    needs = [["a", " b"], ["a ", None], [None, "x y", " "], ["a", None, None, "b "], [" 역삼", "선릉"]]
    clean = [["a b", None, "c"], [None, None], ["선릉역 2번", "A"], [], ["x"]]
    for values in needs:
        assert _text_changes(pa.array(values, pa.string()), "rent_station_name"), values
    for values in clean:
        assert not _text_changes(pa.array(values, pa.string()), "rent_station_name"), values
    assert _text_changes(pa.array(["c", " d", "e", "f"]).slice(1, 2), "bike_id")  # a slice keeps its offset
    assert not _text_changes(pa.array([" c", "d", "e ", "f"]).slice(1, 1), "bike_id")
    assert _text_changes(pa.array(["M", "f", None]), "gender")
    assert _text_changes(pa.array(["M", "남"]), "gender")  # non-ASCII: upper() decides
    assert not _text_changes(pa.array(["M", "F", None]), "gender")
    assert not _text_changes(pa.array(["m", "f"]), "user_type")  # only gender is upper-cased


def test_cp949_decoder_gives_the_iconv_programs_bytes_across_chunk_ends(tmp_path, monkeypatch):
    """glibc's iconv called in-process decodes like the `iconv` program (and like Python's
    codec on this text) when a chunk ends inside a two-byte character; bytes that are not
    CP949, and a character cut by the end of the range, are reported."""
    import subprocess
    import threading

    from data_sources.importers import rental_history as rh
    monkeypatch.setattr(rh, "DECODE_CHUNK_BYTES", 7)  # odd: chunks end inside characters
    text = "자전거,\"월드메르디앙 벤처센터 2차\",똠방각하 뷁,ST-1\n" * 50
    src = tmp_path / "src.csv"
    src.write_bytes(b"HEAD\n" + text.encode("cp949") + b"\xb0")  # then the first byte of 가
    end = len(b"HEAD\n") + len(text.encode("cp949"))
    out = tmp_path / "out.csv"
    decoder = rh._CP949Decoder()
    try:
        with open(src, "rb") as fh, open(out, "wb") as dst:
            assert decoder.decode_range(fh.fileno(), 5, end, dst.fileno(), threading.Event()) is None
            assert "incomplete" in decoder.decode_range(fh.fileno(), 5, end + 1, dst.fileno(), threading.Event())
        program = subprocess.run(["iconv", "-f", "CP949", "-t", "UTF-8"], input=src.read_bytes()[5:end],
                                 capture_output=True, check=True).stdout
        assert out.read_bytes()[: len(program)] == program == text.encode("utf-8")
        bad = tmp_path / "bad.csv"
        bad.write_bytes("가나\n".encode("cp949") + b"\xff\xfe\n")
        with open(bad, "rb") as fh, open(tmp_path / "bad-out.csv", "wb") as dst:
            assert "cannot convert" in decoder.decode_range(fh.fileno(), 0, bad.stat().st_size, dst.fileno(),
                                                            threading.Event())
    finally:
        decoder.close()
