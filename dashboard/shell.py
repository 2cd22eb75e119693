"""The app shell: page config, language, navigation over the page registry, sidebar,
live refresh timer and the provenance footer. `app.py` calls `main()`; tests call
`main(start="air")` to open a given page first."""
from __future__ import annotations

import importlib

import streamlit as st

from views import PAGES

from . import data, i18n, layout, nav, state, theme

LIVE_REFRESH_CHECK_SECONDS = 60


def _page_callable(key: str):
    def render() -> None:
        importlib.import_module(f"views.{key}").render()
    render.__name__ = f"page_{key}"  # Streamlit derives the page identity from the name
    return render


@st.fragment(run_every=LIVE_REFRESH_CHECK_SECONDS)
def _watch_for_new_data() -> None:
    """Rerun the page when the background refresher has built a newer warehouse."""
    current = str(data.warehouse_path())
    seen = st.session_state.setdefault("warehouse_seen", current)
    if current != seen:
        st.session_state["warehouse_seen"] = current
        st.rerun(scope="app")


def main(start: str | None = None) -> None:
    st.set_page_config(page_title="Open Seoul Dashboard · 열린 서울 대시보드", page_icon="🏙️",
                       layout="wide", initial_sidebar_state="auto")
    state.begin()
    layout.begin_run()
    state.init_language()
    theme.inject_css()
    pages = {spec.key: st.Page(_page_callable(spec.key), title=i18n.t(f"{spec.key}.nav"), icon=spec.icon,
                               url_path=spec.url_path, visibility="hidden" if spec.hidden else "visible",
                               default=(spec.key == start) if start else spec.default)
             for spec in PAGES}
    navigation = st.navigation(list(pages.values()), position="sidebar")
    nav.register({spec.url_path: pages[spec.key] for spec in PAGES})
    refresher = data.live_refresher()
    if refresher is not None:
        with st.sidebar:
            _watch_for_new_data()
    layout.sidebar(data.live_failures(i18n.lang()) if refresher else [])
    layout.phone_language_switch()
    notices = st.container()  # filled after the page ran, so it sees every URL value the page read
    navigation.run()
    with notices:
        state.show_notices()
    current = next((spec for spec in PAGES if pages[spec.key] == navigation), None)
    if current is not None:
        layout.footer(current.datasets)
    state.flush()
