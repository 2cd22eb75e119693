"""Links between pages. The shell registers its st.Page objects here each run, so a
page can link to another by URL path without importing it."""
from __future__ import annotations

import streamlit as st

_pages: dict[str, object] = {}


def register(pages_by_url_path: dict[str, object]) -> None:
    _pages.clear()
    _pages.update(pages_by_url_path)


def exists(url_path: str) -> bool:
    return url_path in _pages


def link(url_path: str, label: str, *, icon: str | None = None) -> None:
    """A link to another page, carrying the language. Shows a plain note when the
    page does not exist (yet) rather than a dead link."""
    from .i18n import lang, t
    page = _pages.get(url_path)
    if page is None:
        st.caption(f"{label.rstrip(' →')} {t('common.coming_soon')}")
        return
    st.page_link(page, label=label, icon=icon, query_params={"lang": lang()})
