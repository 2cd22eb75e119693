#!/usr/bin/env python
"""Write a small SYNTHETIC rental-history CSV in the official monthly format (대여이력, OA-15182).

    .venv/bin/python scripts/make_rental_history_sample.py                     # 16 columns, CP949
    .venv/bin/python scripts/make_rental_history_sample.py --rows 50000 --vintage 17 --out x.csv
    .venv/bin/python scripts/make_rental_history_sample.py --fixtures          # rewrite tests/fixtures/rental_history/

The rows are INVENTED (the file name always says `synthetic`): stations, names and ST-ids
come from the real May-2025 station list, trip times/distances are random but plausible.
The layout follows shared/specs/seoul-open-api.md §5.6:

* 16 columns (current), 17 (+자전거구분, some 2025 months) or 11 (2021-era: 이용시간/이용거리
  without units);
* CP949 by default, every value double-quoted, missing values as unquoted ``\\N`` or empty;
* a few deliberate defects, as in the real files: rows slightly out of order, lower-case
  gender codes, an impossible 반납일시 (``2024-06-31 …``) and, optionally, one line with a
  stray double quote (``"…교", ""0",``) that no CSV parser can split.

`--fixtures` writes the three committed test fixtures (a few hundred rows each) plus a
README; their first rows are fixed "known rows" that the tests check value by value.
For million-row files use `scripts/generate_synthetic_trips.py --csv-month`.
"""
from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from data_sources import settings  # noqa: E402

STATIONS_FILE = "bike_stations/ddareungi_station_info_tbCycleStationInfo_202505.utf8.csv"
FIXTURE_DIR = PROJECT_ROOT / "tests" / "fixtures" / "rental_history"

HEADER_16 = ["자전거번호", "대여일시", "대여 대여소번호", "대여 대여소명", "대여거치대", "반납일시",
             "반납대여소번호", "반납대여소명", "반납거치대", "이용시간(분)", "이용거리(M)", "생년", "성별",
             "이용자종류", "대여대여소ID", "반납대여소ID"]
HEADER_17 = HEADER_16 + ["자전거구분"]
HEADER_11 = HEADER_16[:9] + ["이용시간", "이용거리"]
HEADERS = {11: HEADER_11, 16: HEADER_16, 17: HEADER_17}

MISSING = object()  # marker for a missing value (written as \N or empty)
BAD_RETURN_AT = "2024-06-31 08:12:44"  # 31 June does not exist: unparseable 반납일시

# Fixed first rows of every fixture (vintage-independent fields; cut to 11 columns for the
# 2021 layout). Tests check these value by value, so do not change them casually.
#   bike, rent_at, rent_no, dock, return_at, return_no, dock, minutes, metres, birth, gender, user type
KNOWN_ROWS = [
    ("SPB-00001", "{m}-01 07:15:32", 102, "0", "{m}-01 07:27:10", 103, "0", "11", "1530.25", "1990", "m", "내국인"),
    ("SPB-00002", "{m}-01 08:02:05", 103, "0", "{m}-01 08:40:59", 102, "0", "38", "5120.00", MISSING, MISSING, "외국인"),
    ("SPB-00003", "{m}-01 08:30:00", 207, "3", "{m}-01 08:31:10", 207, "3", "1", "0.00", "2001", "F", "비회원"),
    ("SPB-00004", "{m}-01 17:45:00", 102, "0", "{m}-01 18:05:00", 103, "0", "20", "2800.50", "1985", "M", "내국인"),
]


def load_stations(shared_dir: Path | None = None) -> list[dict]:
    path = Path(shared_dir or settings.shared_data_dir()) / STATIONS_FILE
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["lat"] and r["lon"]]
    for r in rows:
        r["station_no"] = int(r["station_no"])
        r["lat"], r["lon"] = float(r["lat"]), float(r["lon"])
    return rows


def _dist_m(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def make_rows(n: int, month: str, vintage: int, *, seed: int = 1, stations: list[dict] | None = None,
              known_rows: bool = True, bad_return_at: bool = True) -> list[list]:
    """`n` rows (lists of str or MISSING) in the column order of `vintage`."""
    rng = random.Random(seed)
    stations = stations or load_stations()
    by_no = {s["station_no"]: s for s in stations}
    start = datetime.strptime(month + "-01", "%Y-%m-%d")
    days = ((start.replace(day=28) + timedelta(days=4)).replace(day=1) - start).days
    rows: list[list] = []

    def station_cols(s: dict) -> tuple[str, str, str]:
        return f"{s['station_no']:05d}", s["station_name"], s["station_id"]

    if known_rows:
        for k in KNOWN_ROWS[: min(len(KNOWN_ROWS), n)]:
            bike, rent_at, rno, rdock, ret_at, tno, tdock, mins, metres, birth, gender, utype = k
            r, t = by_no[rno], by_no[tno]
            rows.append([bike, rent_at.format(m=month), *station_cols(r)[:2], rdock, ret_at.format(m=month),
                         *station_cols(t)[:2], tdock, mins, metres, birth, gender, utype,
                         r["station_id"], t["station_id"], "일반자전거"])
    # hour-of-day weights shaped like the real 2024-25 profile (peaks at 8 and 18 h)
    hour_w = [1.05, .74, .49, .35, .30, .54, 1.16, 2.74, 3.97, 2.28, 1.82, 2.08, 2.30, 2.31, 2.36, 2.66,
              3.24, 4.32, 5.22, 3.51, 2.92, 2.65, 2.20, 1.37]
    t0 = start
    while len(rows) < n:
        day = rng.randrange(days)
        hour = rng.choices(range(24), hour_w)[0]
        rent_at = t0 + timedelta(days=day, hours=hour, seconds=rng.randrange(3600))
        o = rng.choice(stations)
        if rng.random() < 0.1:
            d = o
        else:  # a nearby station: best of a few random candidates
            cands = [rng.choice(stations) for _ in range(40)]
            d = min(cands, key=lambda s: _dist_m(o, s) * rng.uniform(0.5, 1.5))
        straight = _dist_m(o, d)
        metres = 0.0 if (d is o and rng.random() < 0.2) else max(straight * rng.uniform(1.2, 2.5),
                                                                  rng.uniform(300, 4000) if d is o else 0)
        minutes = int(metres / rng.uniform(100, 200)) + rng.randrange(0, 3)
        ret_at = rent_at + timedelta(minutes=minutes, seconds=rng.randrange(60))
        birth = MISSING if rng.random() < 0.05 else str(rng.randint(1950, 2010))
        gender = rng.choices(["M", "F", "m", "f", MISSING], [40, 30, 5, 3, 22])[0]
        utype = rng.choices(["내국인", "외국인", "비회원"], [95, 1, 4])[0]
        dock_r = MISSING if rng.random() < 0.02 else "0"
        rows.append([f"SPB-{rng.randint(1, 45000):05d}", rent_at.strftime("%Y-%m-%d %H:%M:%S"),
                     *station_cols(o)[:2], dock_r, ret_at.strftime("%Y-%m-%d %H:%M:%S"), *station_cols(d)[:2],
                     "0", str(minutes), f"{metres:.2f}", birth, gender, utype, o["station_id"], d["station_id"],
                     rng.choice(["일반자전거", "일반자전거", "일반자전거", "새싹자전거"])])
    # generated rows roughly sorted by rental time, with a little disorder as in the real files
    head, body = rows[: len(KNOWN_ROWS) if known_rows else 0], rows[len(KNOWN_ROWS) if known_rows else 0:]
    body.sort(key=lambda r: r[1])
    for i in range(0, len(body) - 1, 37):
        body[i], body[i + 1] = body[i + 1], body[i]
    rows = head + body
    if bad_return_at and len(rows) > 10:
        rows[10][5] = BAD_RETURN_AT if month == "2024-06" else f"{month}-32 08:12:44"
    width = {11: 11, 16: 16, 17: 17}[vintage]
    return [r[:width] for r in rows]


def render(rows: list[list], vintage: int, *, missing: str = "\\N", quote: str = "all",
           newline: str = "\n", stray_quote_line: bool = False) -> str:
    """The rows as official CSV text (header first). quote: "all" (every value in double
    quotes, as in current files) or "minimal" (only values that contain , or ")."""
    def cell(v) -> str:
        if v is MISSING:
            return missing  # unquoted \N, or empty
        if quote == "all" or any(c in v for c in ',"\r\n'):
            return '"' + v.replace('"', '""') + '"'
        return v

    lines = [",".join(cell(h) for h in HEADERS[vintage])]
    for i, r in enumerate(rows):
        lines.append(",".join(cell(v) for v in r))
        if stray_quote_line and i == 20:
            # A real defect (2020-07, 2021-03/06 files): `"…교", ""0",` — a stray quote before
            # the dock value leaves the line with an odd number of quotes. Added as an extra line.
            bad = [cell(v) for v in r]
            bad[4] = ' ""0"'
            lines.append(",".join(bad))
    return newline.join(lines) + newline


def write_sample(out: Path, rows: int = 200, vintage: int = 16, *, month: str = "2024-06", seed: int = 1,
                 missing: str = "\\N", encoding: str = "cp949", quote: str = "all", newline: str = "\n",
                 stray_quote_line: bool = False, bad_return_at: bool = True) -> Path:
    data = make_rows(rows, month, vintage, seed=seed, bad_return_at=bad_return_at)
    text = render(data, vintage, missing=missing, quote=quote, newline=newline, stray_quote_line=stray_quote_line)
    out = Path(out)
    if "synthetic" not in out.name.lower():
        raise SystemExit(f"refusing to write {out.name}: synthetic files must say 'synthetic' in their name")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(text.encode(encoding, errors="replace"))
    return out


# The committed fixtures: (file name, keyword arguments of write_sample)
FIXTURES = {
    # 2021-era layout: 11 columns, minimal quoting, CRLF, \\N for a missing dock
    "synthetic_rental_history_2021-06_11col.csv":
        dict(rows=200, vintage=11, month="2021-06", seed=11, missing="\\N", quote="minimal", newline="\r\n",
             bad_return_at=False),
    # current layout: 16 columns, empty missing values, one impossible 반납일시, one stray-quote line
    "synthetic_rental_history_2024-06_16col.csv":
        dict(rows=300, vintage=16, month="2024-06", seed=16, missing="", stray_quote_line=True),
    # 2025 layout: 17 columns (+자전거구분), \N missing values
    "synthetic_rental_history_2025-07_17col.csv":
        dict(rows=200, vintage=17, month="2025-07", seed=17, missing="\\N", bad_return_at=False),
}

FIXTURE_README = """# Rental-history test fixtures — SYNTHETIC

Made by `scripts/make_rental_history_sample.py --fixtures`. The rows are invented (real
station numbers, names and ST-ids from the May-2025 station list; random times and
distances) in the layout of the official monthly CSV (대여이력, OA-15182), CP949:

| file | layout | missing values | deliberate defects |
|---|---|---|---|
| synthetic_rental_history_2021-06_11col.csv | 11 columns (이용시간/이용거리 without units), quoted only where needed, CRLF | `\\N` | none |
| synthetic_rental_history_2024-06_16col.csv | 16 columns, quoted | empty | 반납일시 `2024-06-31 08:12:44` in data row 11; one line with a stray quote after data row 21 (unreadable: rejected) |
| synthetic_rental_history_2025-07_17col.csv | 17 columns (+자전거구분), quoted | `\\N` | none |

The first four data rows of each file are the fixed `KNOWN_ROWS` of the script.
"""


def write_fixtures(folder: Path = FIXTURE_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [write_sample(folder / name, **kwargs) for name, kwargs in FIXTURES.items()]
    (folder / "README.md").write_text(FIXTURE_README, encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a small SYNTHETIC official-format rental-history CSV.")
    ap.add_argument("--rows", type=int, default=200)
    ap.add_argument("--vintage", type=int, choices=(11, 16, 17), default=16)
    ap.add_argument("--month", default="2024-06")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--missing", choices=("\\N", "empty"), default="\\N")
    ap.add_argument("--encoding", default="cp949", help="cp949 (official), utf-8 or utf-8-sig")
    ap.add_argument("--out", type=Path, help="default: var/synthetic/csv/synthetic_대여이력_<month>_sample.csv")
    ap.add_argument("--fixtures", action="store_true", help="rewrite tests/fixtures/rental_history/")
    args = ap.parse_args(argv)
    if args.fixtures:
        for p in write_fixtures():
            print(f"wrote {p.relative_to(PROJECT_ROOT)}")
        return 0
    out = args.out or settings.var_dir() / "synthetic" / "csv" / f"synthetic_대여이력_{args.month}_sample.csv"
    write_sample(out, args.rows, args.vintage, month=args.month, seed=args.seed,
                 missing="" if args.missing == "empty" else "\\N", encoding=args.encoding)
    print(f"wrote SYNTHETIC sample {out} ({args.rows} rows, {args.vintage} columns, {args.encoding})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
