"""Page state in the URL, so a copied link reproduces the view — with one policy.

The policy, for every page:
* Every control that changes what is on screen is read from the URL first (validated:
  an odd value gets a visible notice and the default, never an exception) and written
  back after the control runs (`write`).
* A value equal to its default is left out of the URL unless the URL already carried
  that key, so links stay short and a link keeps saying what it said. A default that
  depends on the data is always written (`stable_default=False`).
* Parameters that belong to one section of a page are dropped when the reader switches
  section (`dashboard.kit.page` does it from each section's declared params).
* The URL is sent to the browser once, at the end of the run (`flush`): opening a page
  adds one history entry, changing a filter adds exactly one.
* When the URL changes from outside (Back/Forward, a link) the URL wins: controls bound
  with `seed` take its values instead of keeping their previous state.

The language lives in the URL too (`?lang=en`).
"""
from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Sequence

import streamlit as st
from streamlit.runtime.state.session_state_proxy import get_session_state

from . import i18n
from .i18n import t

_NOTICES_KEY = "_url_notices"
_RUN_KEY = "_url_run"  # this run: the query string at its start, whether it came from outside, defaults
_SENT_KEY = "_url_sent"  # the query string this session last sent to the browser
_BOUND_KEY = "_url_bound"  # widget keys whose value mirrors a URL parameter


def _query_string() -> str:
    return urllib.parse.urlencode({k: st.query_params.get_all(k) for k in st.query_params}, doseq=True)


def begin() -> None:
    """Start of a run: remember the URL and tell whether it changed from outside."""
    now = _query_string()
    sent = st.session_state.get(_SENT_KEY)
    st.session_state[_RUN_KEY] = {"start": now, "external": sent is not None and sent != now, "defaults": {},
                                  "start_keys": set(st.query_params)}
    st.session_state[_SENT_KEY] = now


def _run() -> dict:
    if _RUN_KEY not in st.session_state:
        begin()
    return st.session_state[_RUN_KEY]


def url_changed_from_outside() -> bool:
    return _run()["external"]


def init_language() -> str:
    """Read ?lang= (default Korean) and make it the language of this run."""
    requested = st.query_params.get("lang", st.session_state.get("lang", i18n.DEFAULT_LANG))
    if requested not in i18n.LANGS:
        _notice("lang", requested)
        requested = i18n.DEFAULT_LANG
    st.session_state["lang"] = requested
    i18n.set_lang(requested)
    # The session keeps the language between pages (page links drop the query string):
    # the URL is corrected when it names one, never extended on opening a page, which
    # would add a history entry Back would land on.
    if "lang" in st.query_params:
        write(lang=requested)
    return requested


def _notice(key: str, value: object) -> None:
    st.session_state.setdefault(_NOTICES_KEY, []).append((key, str(value)[:60]))


def show_notices() -> None:
    """One calm message per ignored URL value (shown once, near the page title)."""
    for key, value in st.session_state.pop(_NOTICES_KEY, []):
        st.info(t("common.bad_url_value", key=key, value=value), icon=":material/info:")


def _default(key: str, value) -> None:
    _run()["defaults"][key] = _encode(value)


def url_choice(key: str, options: Sequence[str], default: str, *, stable_default: bool = True) -> str:
    """`stable_default=False` when the default depends on the data (e.g. 'live when live
    rows exist'): the value is then always written, so a link keeps its meaning."""
    if stable_default:
        _default(key, default)
    value = st.query_params.get(key)
    if value is None:
        return default
    if value not in options:
        _notice(key, value)
        return default
    return value


def url_choices(key: str, options: Sequence[str], default: Sequence[str]) -> list[str]:
    _default(key, list(default))
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
    _default(key, default)
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
    _default(key, default)
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


def seed(widget_key: str, value, options: Sequence | None = None) -> str:
    """Give a URL-bound widget its value from the URL: on first show, when the URL
    changed from outside (Back, a link), or when its kept value is no longer an option.
    Create the widget with `key=` this and without a default of its own."""
    st.session_state.setdefault(_BOUND_KEY, set()).add(widget_key)
    kept = st.session_state.get(widget_key, _MISSING)
    stale = kept is _MISSING or url_changed_from_outside()
    if options is not None and kept is not _MISSING:
        kept_values = kept if isinstance(kept, list) else [kept]
        stale = stale or any(v not in options for v in kept_values)
    if stale:
        st.session_state[widget_key] = value
    return widget_key


_MISSING = object()


def _encode(value) -> str | list[str] | None:
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write(**values) -> None:
    """Put the current view into the URL (sent to the browser once, by `flush`). Lists
    become repeated values; None or empty removes the key; a default is kept out
    unless the URL carried the key when the run began."""
    run = _run()
    # The session's copy of the URL, changed without a message per key (one per run instead).
    with get_session_state().query_params() as qp:
        for key, value in values.items():
            encoded = _encode(value)
            is_default = key in run["defaults"] and encoded == run["defaults"][key]
            if encoded is None or (is_default and key not in run["start_keys"]):
                if key in qp:
                    current = {k: qp.get_all(k) for k in qp if k != key}
                    qp.clear_with_no_forward_msg(preserve_embed=True)
                    for k, v in current.items():
                        qp.set_with_no_forward_msg(k, v if len(v) > 1 else v[0])
            else:
                qp.set_with_no_forward_msg(key, encoded)


def flush() -> None:
    """End of the run: send the URL to the browser if this run changed it (one history
    entry per change of view; none when nothing changed)."""
    now = _query_string()
    if now != _run()["start"]:
        st.query_params.from_dict({k: st.query_params.get_all(k) for k in st.query_params})
    st.session_state[_SENT_KEY] = now
