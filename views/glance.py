"""Seoul at a glance: the citizen version of the mayor's real-time dashboard, built from
the indicator registry (indicators/registry.toml). A card appears here when its
indicator declares `glance = "<section>"`; the district map offers every indicator
with `glance_map = true`. `?as_of=YYYY-MM-DD` shows the city as it stood on that day."""
from __future__ import annotations

import datetime as dt

import streamlit as st

import indicators
from dashboard import layout, nav, state
from dashboard.i18n import lang, t
from indicators import deck as decks
from indicators import text as ind_text

from . import briefing_ui
from . import indicator_blocks as blocks

PAGE = "glance"
SECTIONS = (("air", "glance.air_title", "air", "glance.go_air"),
            ("bikes", "glance.bikes_title", "bikes", "glance.go_bikes"),
            ("safety", "glance.safety_title", "traffic", "glance.go_traffic"))
FIRST_DAY = dt.date(2005, 1, 1)
# Shapes and station tables are context, not the figures a card shows.
_CONTEXT_DATASETS = {"gu_boundaries", "bike_station_info"}


def map_indicators() -> list[str]:
    return [i.id for i in indicators.registry().values() if i.glance_map]


def section_readings(section: str, as_of: dt.date | None) -> list[indicators.Reading]:
    """The section's readings in registry order; an indicator that supersedes another
    replaces it when its figure is newer, and is left out otherwise."""
    members = [i for i in indicators.registry().values() if i.glance == section]
    readings = {i.id: blocks.reading(i, as_of=as_of, with_map=False) for i in members}
    shown = []
    for ind in members:
        if ind.supersedes:
            continue
        replacement = next((r for r in readings.values() if r.indicator.supersedes == ind.id and r.ok), None)
        own = readings[ind.id]
        if replacement is not None and (not own.ok or str(replacement.period) > str(own.period)):
            shown.append(replacement)
        else:
            shown.append(own)
    return shown


def _section(section: str, title_key: str, page: str, link_key: str, as_of: dt.date | None) -> None:
    st.subheader(t(title_key))
    readings = section_readings(section, as_of)
    for r in readings:
        slide = decks.Slide(r.indicator.id, as_of=as_of)
        blocks.card(r, footer=lambda s=slide: briefing_ui.share_popover(s, key=f"glance:{s.indicator}"))
    datasets = [d for r in readings for d in r.indicator.datasets if d not in _CONTEXT_DATASETS]
    if datasets:
        layout.as_of_caption(*dict.fromkeys(datasets))
    nav.link(page, t(link_key))


def _district_section(as_of: dt.date | None) -> None:
    st.subheader(t("glance.map_title"))
    options = map_indicators()
    chosen = state.url_choice("ind", options, options[0])
    labels = {}
    for ind_id in options:
        r = blocks.reading(indicators.get(ind_id), as_of=as_of, with_map=False)
        labels[ind_id] = t("glance.map_option", title=r.indicator.short(lang()), period=r.period_text)
    chosen = st.segmented_control(t("glance.map_indicator"), options, default=chosen, key="glance:ind",
                                  format_func=labels.get) or chosen
    state.write(ind=chosen)
    r = blocks.reading(indicators.get(chosen), as_of=as_of)
    for notice in r.notices:
        st.info(notice, icon=":material/info:")
    if r.map_frame is None or r.map_frame.empty:
        layout.empty_state()
        return
    left, right = st.columns([3, 2], gap="large")
    with left:
        blocks.district_map(r, key="glance-map")
        st.caption(t("glance.map_caption"))
    with right:
        st.markdown(f"**{labels[chosen]}**")
        blocks.district_table(r)
    layout.data_actions(r.map_result, "glance:districts", frame=r.map_frame.drop(columns=["geometry_json"]))
    briefing_ui.share_popover(decks.Slide(chosen, as_of=as_of), key="glance:map")


def _as_of_control() -> dt.date | None:
    """None = the latest data; a date = the city as it stood on that day."""
    today = ind_text.today_kst()
    as_of = state.url_date("as_of", today, FIRST_DAY, today)
    with st.expander(t("glance.as_of_expander") if as_of == today
                     else t("glance.as_of_set", date=ind_text.date(as_of, lang())), icon=":material/history:"):
        picked = st.date_input(t("glance.as_of_label"), value=as_of, min_value=FIRST_DAY, max_value=today,
                               key="glance:as_of", format="YYYY-MM-DD")
        st.caption(t("glance.as_of_help"))
    as_of = picked or as_of
    state.write(as_of=None if as_of == today else as_of)
    return None if as_of == today else as_of


def render() -> None:
    layout.header(t("glance.title"), t("glance.intro"))
    as_of = _as_of_control()
    briefing_ui.briefing_link()
    cols = st.columns(3, gap="medium")
    for col, (section, title_key, page, link_key) in zip(cols, SECTIONS):
        with col:
            _section(section, title_key, page, link_key, as_of)
    _district_section(as_of)
