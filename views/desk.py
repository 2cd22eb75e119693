"""The data desk: the catalog of every dataset (with completeness checks computed from
the data), the fenced SQL console, the read-only HTTP API's documentation, and
whole-dataset downloads with their licence.

URL state: `tab` (catalog | console | api), `ds` (catalog detail), `sql`, `x`, `y`,
`kind` (console). A link `/desk?tab=console&sql=…` — what every chart's "open in the SQL
console" produces — opens that query and runs it.
"""
from __future__ import annotations

import streamlit as st

from dashboard import layout, state
from dashboard.i18n import t
from views import desk_api, desk_catalog, desk_console

PAGE = "desk"
TABS = ("catalog", "console", "api")
_ICONS = {"catalog": ":material/menu_book:", "console": ":material/terminal:", "api": ":material/api:"}


def render() -> None:
    layout.header(t("desk.title"), t("desk.intro"))
    tab = state.url_choice("tab", TABS, "catalog")
    # A shared console link may omit tab= but carry sql=: open the console then.
    if "tab" not in st.query_params and st.query_params.get("sql"):
        tab = "console"
    tab = st.segmented_control(
        t("desk.view"), TABS, default=tab, key="desk:tab", label_visibility="collapsed",
        format_func=lambda k: f"{_ICONS[k]} {t('desk.tab_' + k)}") or tab
    state.write(tab=tab)
    if tab == "console":
        desk_console.render()
    elif tab == "api":
        desk_api.render()
    else:
        desk_catalog.render()
