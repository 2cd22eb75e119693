"""Words and numbers for indicators in an explicit language.

The HTTP API renders handouts in worker threads of the same process that serves pages,
so nothing here reads or sets the dashboard's per-run language: every function takes
`lang`. Messages come from i18n/indicators.toml (the dashboard's `t()` reads the same file).
"""
from __future__ import annotations

import datetime as dt
import math
import tomllib
from functools import lru_cache
from pathlib import Path

import pandas as pd

I18N_FILE = Path(__file__).resolve().parents[1] / "i18n" / "indicators.toml"


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    with open(I18N_FILE, "rb") as fh:
        return tomllib.load(fh)["ind"]


def msg(key: str, lang: str, **values) -> str:
    entry = _messages()[key]
    text = entry["ko" if lang == "ko" else "en"]
    return text.format(**values) if values else text


def missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def number(value, decimals: int = 0, *, sign: bool = False) -> str:
    if missing(value):
        return "–"
    text = f"{float(value):{'+' if sign else ''},.{decimals}f}"
    return text.replace("-", "−")  # a real minus sign reads better on a slide


def date(value, lang: str) -> str:
    if missing(value):
        return "–"
    d = pd.Timestamp(value)
    return f"{d.year}년 {d.month}월 {d.day}일" if lang == "ko" else f"{d.day} {d:%b %Y}"


def month(value, lang: str) -> str:
    d = pd.Timestamp(value)
    return f"{d.year}년 {d.month}월" if lang == "ko" else f"{d:%b %Y}"


def year(value, lang: str) -> str:
    d = pd.Timestamp(value)
    return f"{d.year}년" if lang == "ko" else str(d.year)


def datetime(value, lang: str) -> str:
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_convert("Asia/Seoul").tz_localize(None)
    return f"{date(ts, lang)} {ts:%H:%M} KST"


def period(value, cadence: str, lang: str) -> str:
    """A period at the precision of its cadence: a day, a month, a year or a time."""
    if missing(value):
        return "–"
    if cadence == "daily":
        return date(value, lang)
    if cadence == "monthly":
        return month(value, lang)
    if cadence == "yearly":
        return year(value, lang)
    if cadence == "list":
        return month(value, lang)
    return datetime(value, lang)


def period_phrase(value, cadence: str, lang: str) -> str:
    """'on 31 Dec 2022' / 'in 2024' in English; the bare period in Korean."""
    key = {"daily": "period_day_en", "monthly": "period_month_en", "yearly": "period_year_en",
           "list": "period_list_en"}.get(cadence, "period_datetime_en")
    return msg(key, lang, date=period(value, cadence, lang))


def ro(text: str) -> str:
    """Korean particle 로/으로 after `text`: 으로 after a final consonant other than ㄹ."""
    last = text.rstrip()[-1:] if text.strip() else ""
    if "가" <= last <= "힣":
        batchim = (ord(last) - 0xAC00) % 28
        return "로" if batchim in (0, 8) else "으로"
    return "로"


def today_kst() -> dt.date:
    return pd.Timestamp.now(tz="Asia/Seoul").date()
