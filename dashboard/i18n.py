"""Message catalogs and locale-aware formatting (Korean default, English).

Messages live in `i18n/*.toml`, one file per area, each key with both languages:

    [glance.title]
    ko = "한눈에 보는 서울"
    en = "Seoul at a glance"

`t("glance.title")` returns the string for the current language; `t(key, n=3)` fills
`{n}` placeholders. A missing key shows as `⟦key⟧` so it is visible in screenshots and
caught by the catalog test rather than failing the page.

The language belongs to the visitor's session: Streamlit runs every session's script in
its own thread, so a process-wide setting would let a Korean and an English visitor
rerunning at the same moment see each other's language. Outside a Streamlit script run
(tests, benchmarks, exports) one process-wide language applies.
"""
from __future__ import annotations

import math
import tomllib
from functools import lru_cache
from pathlib import Path

import pandas as pd
from streamlit.runtime.scriptrunner import get_script_run_ctx

LANGS = ("ko", "en")
DEFAULT_LANG = "ko"
CATALOG_DIR = Path(__file__).resolve().parents[1] / "i18n"

_SESSION_KEY = "_i18n_lang"  # set once per script run by dashboard.state
_outside_session = {"lang": DEFAULT_LANG}


def _flatten(prefix: str, node: dict, out: dict[str, dict[str, str]]) -> None:
    if set(node) & set(LANGS) and all(isinstance(node.get(lang), str) for lang in LANGS if lang in node):
        out[prefix] = {lang: node[lang] for lang in LANGS if lang in node}
        return
    for key, child in node.items():
        if isinstance(child, dict):
            _flatten(f"{prefix}.{key}" if prefix else key, child, out)


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOG_DIR.glob("*.toml")):
        with open(path, "rb") as fh:
            _flatten("", tomllib.load(fh), out)
    return out


def _session_state():
    """This session's state when called from a Streamlit script run, else None."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_state if ctx is not None else None


def set_lang(lang: str) -> None:
    chosen = lang if lang in LANGS else DEFAULT_LANG
    state = _session_state()
    if state is None:
        _outside_session["lang"] = chosen
    else:
        state[_SESSION_KEY] = chosen


def lang() -> str:
    state = _session_state()
    if state is None:
        return _outside_session["lang"]
    try:
        return state[_SESSION_KEY]
    except KeyError:
        return DEFAULT_LANG


def t(message_key: str, /, **values) -> str:
    entry = messages().get(message_key)
    if not entry:
        return f"⟦{message_key}⟧"
    text = entry[lang()] if lang() in entry else entry.get(DEFAULT_LANG, f"⟦{message_key}⟧")
    return text.format(**values) if values else text


def t_or(message_key: str, fallback: str) -> str:
    """The message, or `fallback` where the catalog has none (data values such as category
    names, only some of which have a translation)."""
    return t(message_key) if message_key in messages() else fallback


def pick(ko: str, en: str) -> str:
    """Choose between two strings that come from data (catalog titles, notes)."""
    return ko if lang() == "ko" else en


# --- formatting ---------------------------------------------------------------------

def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT


def fmt_int(value) -> str:
    return "–" if _missing(value) else f"{int(round(float(value))):,}"


def fmt_num(value, decimals: int = 1) -> str:
    return "–" if _missing(value) else f"{float(value):,.{decimals}f}"


def fmt_pct(value, decimals: int = 0) -> str:
    return "–" if _missing(value) else f"{float(value):,.{decimals}f}%"


def fmt_date(value) -> str:
    if _missing(value):
        return "–"
    d = pd.Timestamp(value)
    return f"{d.year}년 {d.month}월 {d.day}일" if lang() == "ko" else d.strftime("%-d %b %Y")


def fmt_district(gu, gu_en=None, missing: str = "–") -> str:
    """A district's name in the page language (English names come from gu_boundaries)."""
    if _missing(gu):
        return missing
    return gu_en if lang() == "en" and isinstance(gu_en, str) and gu_en else str(gu)


def district_names(frame, missing: str = "–") -> list[str]:
    """`fmt_district` for each row of a frame with columns gu and gu_en."""
    return [fmt_district(g, e, missing) for g, e in zip(frame["gu"], frame["gu_en"])]


def fmt_month(value) -> str:
    if _missing(value):
        return "–"
    d = pd.Timestamp(value)
    return f"{d.year}년 {d.month}월" if lang() == "ko" else d.strftime("%b %Y")


def fmt_datetime(value) -> str:
    """A KST wall-clock time with its zone, e.g. 2026년 9월 9일 11:09 KST."""
    if _missing(value):
        return "–"
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_convert("Asia/Seoul")
    return f"{fmt_date(ts)} {ts:%H:%M} KST"


def fmt_as_of(value: str | None) -> str:
    """'2022-12-31' → a date, '2026-09-09T11:09:00' → a time, '2023' → the year."""
    if not value:
        return "–"
    text = str(value)
    if len(text) == 4:
        return f"{text}년" if lang() == "ko" else text
    if len(text) == 7:
        return fmt_month(text + "-01")
    if len(text) <= 10:
        return fmt_date(text)
    ts = pd.Timestamp(text)
    return fmt_date(ts) if (ts.hour, ts.minute) == (0, 0) else fmt_datetime(ts)


def fmt_age(seconds: float) -> str:
    """'updated 3 min ago' style durations."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return t("common.just_now")
    if minutes < 60:
        return t("common.minutes_ago", n=minutes)
    hours = minutes // 60
    if hours < 48:
        return t("common.hours_ago", n=hours)
    return t("common.days_ago", n=hours // 24)

