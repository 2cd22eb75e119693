"""Page state in the URL, so a copied link reproduces the view.

Every filter a page offers is read from `st.query_params` first (validated: an odd
value gets a visible notice and the default, never an exception), used as the widget's
initial value, and written back after the widget runs. The language lives in the URL
too (`?lang=en`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from . import i18n
from .i18n import t

_NOTICES_KEY = "_url_notices"


def init_language() -> str:
    """Read ?lang= (default Korean) and make it the language of this run."""
    requested = st.query_params.get("lang", st.session_state.get("lang", i18n.DEFAULT_LANG))
    if requested not in i18n.LANGS:
        _notice("lang", requested)
        requested = i18n.DEFAULT_LANG
    st.session_state["lang"] = requested
    i18n.set_lang(requested)
    st.query_params["lang"] = requested
    return requested


def _notice(key: str, value: object) -> None:
    st.session_state.setdefault(_NOTICES_KEY, []).append((key, str(value)[:60]))


def show_notices() -> None:
    """One calm message per ignored URL value (shown once, near the page title)."""
    for key, value in st.session_state.pop(_NOTICES_KEY, []):
        st.info(t("common.bad_url_value", key=key, value=value), icon=":material/info:")


def url_choice(key: str, options: Sequence[str], default: str) -> str:
    value = st.query_params.get(key)
    if value is None:
        return default
    if value not in options:
        _notice(key, value)
        return default
    return value


def url_choices(key: str, options: Sequence[str], default: Sequence[str]) -> list[str]:
    raw = st.query_params.get_all(key)
    if not raw:
        return list(default)
    values = [v for item in raw for v in item.split(",") if v]
    bad = [v for v in values if v not in options]
    for v in bad:
        _notice(key, v)
    good = [v for v in values if v in options]
    return good or list(default)


def url_date(key: str, default: dt.date, lo: dt.date, hi: dt.date) -> dt.date:
    value = st.query_params.get(key)
    if value is None:
        return default
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        _notice(key, value)
        return default
    if not lo <= day <= hi:
        _notice(key, value)
        return min(max(day, lo), hi)
    return day


def url_int(key: str, default: int, lo: int, hi: int) -> int:
    value = st.query_params.get(key)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        _notice(key, value)
        return default
    if not lo <= number <= hi:
        _notice(key, value)
        return min(max(number, lo), hi)
    return number


def url_text(key: str, default: str = "", max_len: int = 20_000) -> str:
    value = st.query_params.get(key, default)
    return value[:max_len]


def write(**values) -> None:
    """Write the current view back to the URL (lists become repeated values)."""
    for key, value in values.items():
        if value is None or value == [] or value == "":
            if key in st.query_params:
                del st.query_params[key]
        elif isinstance(value, (list, tuple)):
            st.query_params[key] = [str(v) for v in value]
        elif isinstance(value, dt.date):
            st.query_params[key] = value.isoformat()
        else:
            st.query_params[key] = str(value)

