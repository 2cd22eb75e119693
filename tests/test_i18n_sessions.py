"""The language belongs to a visitor's session: Streamlit runs each session's script in
its own thread, so two visitors rerunning at the same moment must not swap languages."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from streamlit.testing.v1 import AppTest

from dashboard import i18n


def _page(barrier) -> None:
    import streamlit as st

    from dashboard import i18n

    i18n.set_lang(st.session_state["wanted"])
    barrier.wait(timeout=20)  # both sessions have chosen their language before either reads
    st.session_state["seen"] = {i18n.lang(), i18n.pick("ko", "en"), i18n.fmt_month("2024-03-01")}


def _session(lang: str, barrier) -> set[str]:
    app = AppTest.from_function(_page, args=(barrier,), default_timeout=30)
    app.session_state["wanted"] = lang
    app.run()
    assert not app.exception, app.exception
    return app.session_state["seen"]


def test_two_concurrent_sessions_keep_their_own_language():
    barrier = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        korean, english = pool.map(_session, ["ko", "en"], [barrier, barrier])
    assert korean == {"ko", "2024년 3월"}
    assert english == {"en", "Mar 2024"}


def test_outside_a_session_one_process_wide_language_applies():
    before = i18n.lang()
    try:
        i18n.set_lang("en")
        assert i18n.lang() == "en" and i18n.fmt_month("2024-03-01") == "Mar 2024"
        i18n.set_lang("xx")  # unknown → the default
        assert i18n.lang() == i18n.DEFAULT_LANG
    finally:
        i18n.set_lang(before)
