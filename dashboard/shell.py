"""The app shell: page config, language, navigation over the page registry, sidebar,
live refresh timer and the provenance footer. `app.py` calls `main()`; tests call
`main(start="air")` to open a given page first."""
from __future__ import annotations

import importlib

import streamlit as st

from pages import PAGES

from . import data, i18n, layout, nav, state, theme

LIVE_REFRESH_CHECK_SECONDS = 60


def _page_callable(key: str):
    def render() -> None:
        importlib.import_module(f"pages.{key}").render()
    render.__name__ = f"page_{key}"  # Streamlit derives the page identity from the name
    return render


@st.fragment(run_every=LIVE_REFRESH_CHECK_SECONDS)
def _live_refresher() -> None:
    """With an API key, refresh due live datasets; rerun the page when data changed."""
    before = data.dataset_status()
    errors = data.refresh_live_if_due()
    st.session_state["live_errors"] = errors
    if data.dataset_status() != before:
        st.rerun(scope="app")


def main(start: str | None = None) -> None:
    st.set_page_config(page_title="Open Seoul Dashboard · 열린 서울 대시보드", page_icon="🏙️",
                       layout="wide", initial_sidebar_state="auto")
    state.init_language()
    theme.inject_css()
    pages = {spec.key: st.Page(_page_callable(spec.key), title=i18n.t(f"{spec.key}.nav"), icon=spec.icon,
                               url_path=spec.url_path,
                               default=(spec.key == start) if start else spec.default)
             for spec in PAGES}
    navigation = st.navigation(list(pages.values()), position="sidebar")
    nav.register({spec.url_path: pages[spec.key] for spec in PAGES})
    if data.api_key():
        with st.sidebar:
            _live_refresher()
    layout.sidebar(st.session_state.get("live_errors", []))
    notices = st.container()  # filled after the page ran, so it sees every URL value the page read
    navigation.run()
    with notices:
        state.show_notices()
    current = next((spec for spec in PAGES if pages[spec.key] == navigation), None)
    if current is not None:
        layout.footer(current.datasets)
