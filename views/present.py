"""Presentation mode (/present): one indicator per slide, full screen, for a projector.

The deck, the slide number, the language, the as-of date and the auto-advance interval
all live in the URL, so a reload stays on the slide and a link reproduces the meeting.
Keys: → / PageDown / Space next, ← / PageUp previous, Home first, End last (clickers
send PageUp/PageDown).
"""
from __future__ import annotations

import datetime as dt
import html
import time
import urllib.parse

import streamlit as st

import indicators
from dashboard import i18n, layout, maps, state
from dashboard.i18n import lang, t
from data_sources import catalog
from indicators import charts
from indicators import deck as decks
from indicators import text as ind_text

from . import briefing_ui
from . import indicator_blocks as blocks

AUTO_CHOICES = ("0", "15", "30", "60", "120", "300")
FIRST_DAY = dt.date(2005, 1, 1)
CONTEXT_DATASETS = {"gu_boundaries", "bike_station_info"}
# (frame width, height) of the slide map: a phone, and the map column on a 1920×1080 screen.
SLIDE_MAP_FITS = ((300, 640), (520, 640))

_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stMainMenu"], .osd-footer, [data-testid="stMainBlockContainer"] hr {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {max-width: 100% !important; padding: 1.6rem 2.6rem 0.6rem !important;}
h1 {font-size: 3.1rem !important; line-height: 1.15 !important; padding: 0 0 0.4rem !important;}
.osd-slide-pos {font-size: 1.3rem; color: #3b4a5a; font-weight: 600;}
.osd-slide-value {font-size: 10rem; font-weight: 800; line-height: 1; color: #0b2f5c; letter-spacing: -0.02em;}
.osd-slide-unit {font-size: 2.8rem; font-weight: 600; color: #3b4a5a; margin-left: 0.6rem;}
.osd-slide-badge .osd-badge {font-size: 2.1rem; padding: 0.2rem 1.1rem; border-radius: 2rem; margin: 0.8rem 0 0.2rem;
  border: 2px solid #1b2836;}
.osd-slide-period {font-size: 1.7rem; color: #3b4a5a; margin-top: 0.4rem;}
.osd-slide-cmp {font-size: 2rem; font-weight: 600; color: #1b2836; margin-top: 0.9rem;}
.osd-slide-take {font-size: 1.9rem; line-height: 1.4; color: #1b2836; margin-top: 1.1rem; max-width: 46rem;}
.osd-slide-note {font-size: 1.6rem; line-height: 1.35; margin-top: 1rem; padding: 0.6rem 1rem;
  border-left: 0.45rem solid #1f5fbf; background: #eef4fb; color: #0b2f5c; max-width: 46rem;}
.osd-slide-corner {font-size: 1.2rem; color: #2b3a4a; line-height: 1.45; margin-top: 0.2rem;}
.osd-slide-corner .osd-age {font-size: 1.2rem !important;}
.osd-legend span {font-size: 1.3rem !important;}
.osd-legend i {width: 14rem !important; height: 1.2rem !important;}
.osd-slide-unit {white-space: nowrap;}
/* A slide opened on a phone: the same slide, scaled to the screen (a unit never splits). */
@media (max-width: 640px) {
  .block-container, [data-testid="stMainBlockContainer"] {padding: 1rem 1rem 0.6rem !important;}
  h1 {font-size: 2rem !important;}
  .osd-slide-value {font-size: 5.5rem;}
  .osd-slide-unit {font-size: 1.6rem; margin-left: 0.4rem;}
  .osd-slide-badge .osd-badge {font-size: 1.4rem;}
  .osd-slide-period {font-size: 1.2rem;}
  .osd-slide-cmp {font-size: 1.3rem;}
  .osd-slide-take, .osd-slide-note {font-size: 1.2rem;}
}
</style>
"""

_KEYS_JS = """
<script>
const doc = window.parent.document;
if (!doc.__osdPresentKeys) {
  doc.__osdPresentKeys = true;
  doc.addEventListener('keydown', (e) => {
    const tag = (e.target && e.target.tagName) || '';
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(tag) || (e.target && e.target.isContentEditable)) return;
    const action = {ArrowRight: 'next', PageDown: 'next', ' ': 'next', ArrowLeft: 'prev', PageUp: 'prev',
                    Home: 'first', End: 'last'}[e.key];
    if (!action) return;
    const button = doc.querySelector('.st-key-present_' + action + ' button');
    if (button && !button.disabled) { e.preventDefault(); button.click(); }
  });
}
</script>
"""


def _go(slide_no: int) -> None:
    st.query_params["slide"] = str(slide_no)


def _step(delta: int, total: int) -> None:
    """Next/previous from the slide in the URL when the key is pressed, not from the run
    that drew the button: a presenter pressing twice quickly moves two slides, once each."""
    try:
        current = int(st.query_params.get("slide", "1"))
    except ValueError:
        current = 1
    _go(min(max(current + delta, 1), total))


def _deck_as_of() -> dt.date | None:
    today = ind_text.today_kst()
    value = state.url_date("as_of", today, FIRST_DAY, today)
    return None if value == today else value


def _sources(r: indicators.Reading) -> str:
    lines = []
    for dataset_id in r.indicator.datasets:
        if dataset_id in CONTEXT_DATASETS:
            continue
        ds = catalog.get(dataset_id)
        lines.append(f"{t('common.sources')}: {html.escape(ds.publisher)} · {html.escape(ds.title(lang()))} · "
                     f"{t('common.licence')}: {html.escape(ds.licence)}")
    return "<br>".join(dict.fromkeys(lines))


def _headline(r: indicators.Reading, slide: decks.Slide) -> None:
    if not r.ok:
        layout.empty_state(ind_text.msg("no_data", lang()))
        return
    badge = f"<div class='osd-slide-badge'>{blocks.badge(r)}</div>" if r.judgement else ""
    note = f"<div class='osd-slide-note'>{html.escape(slide.note)}</div>" if slide.note else ""
    st.markdown(
        f"<div class='osd-slide-value'>{r.number_text}<span class='osd-slide-unit'>{html.escape(r.unit_text)}</span></div>"
        f"{badge}<div class='osd-slide-period'>{html.escape(r.period_text)}</div>"
        f"<div class='osd-slide-cmp'>{html.escape(r.comparison_text)}</div>"
        f"<div class='osd-slide-take'>{html.escape(r.takeaway)}</div>{note}", unsafe_allow_html=True)


def _visuals(r: indicators.Reading, slide_no: int) -> None:
    has_map = blocks.has_map(r)
    if r.series.empty:
        return
    columns = st.columns([1, 1], gap="medium") if has_map else [st.container()]
    with columns[0]:
        fig = charts.figure(r, height=700, font_size=22)
        st.plotly_chart(fig, width="stretch", key=f"present:chart:{slide_no}", alt=charts.alt_text(r), theme=None,
                        config={"displayModeBar": False, "staticPlot": False, "responsive": True})
    if has_map:
        with columns[1]:
            st.markdown(f"<div class='osd-slide-period'>{t('present.by_district', period=r.period_text)}</div>",
                        unsafe_allow_html=True)
            # Fitted for a projector's column (1920×1080) and for a phone's; CSS shows the one
            # the column has room for. No large-map button: the slide is the large view.
            maps.fitted_variants(blocks.map_deck(r), key=f"present-map-{slide_no}", fits=SLIDE_MAP_FITS,
                                 alt=blocks.map_alt_text(r))
            st.markdown(maps.sequential_legend_html(r.map_frame["value"], r.indicator.decimals), unsafe_allow_html=True)


def _nav_bar(slide_no: int, total: int):
    """First/previous/next/last (the keyboard clicks these), the language; returns the
    column where the presenter's tools go."""
    cols = st.columns([1, 1, 1, 1, 2, 6], gap="small", vertical_alignment="center")
    cols[0].button(t("present.first"), key="present_first", on_click=_go, args=(1,), disabled=slide_no == 1,
                   icon=":material/first_page:", width="stretch")
    cols[1].button(t("present.prev"), key="present_prev", on_click=_step, args=(-1, total),
                   disabled=slide_no == 1, icon=":material/chevron_left:", width="stretch")
    cols[2].button(t("present.next"), key="present_next", on_click=_step, args=(1, total),
                   disabled=slide_no == total, icon=":material/chevron_right:", width="stretch")
    cols[3].button(t("present.last"), key="present_last", on_click=_go, args=(total,), disabled=slide_no == total,
                   icon=":material/last_page:", width="stretch")
    with cols[4]:
        current = lang()
        choice = st.segmented_control(t("common.language"), options=list(i18n.LANGS), default=current,
                                      format_func=lambda code: {"ko": "한국어", "en": "English"}[code],
                                      key="present:lang", label_visibility="collapsed")
        if choice and choice != current:
            st.session_state["lang"] = choice
            st.query_params["lang"] = choice
            st.rerun()
    return cols[5]


def _auto_advance(seconds: int, slide_no: int, total: int) -> None:
    """Lobby screens: move on every `seconds`, wrapping round; each step reruns the page,
    so a newly built warehouse (fresh data) shows on the next slide."""
    if st.session_state.get("present:seen") != slide_no:
        st.session_state["present:seen"] = slide_no
        st.session_state["present:since"] = time.time()

    @st.fragment(run_every=seconds)
    def tick() -> None:
        if time.time() - st.session_state.get("present:since", time.time()) >= seconds - 0.5:
            _go(slide_no % total + 1)
            st.rerun(scope="app")

    tick()


def render() -> None:
    st.markdown(_CSS, unsafe_allow_html=True)
    deck = decks.parse(state.url_text("deck", "", max_len=decks.MAX_RAW + 1) or None, lang())
    if deck.refused:
        st.title(t("present.title"))
        for notice in deck.notices:
            st.error(notice, icon=":material/block:")
        st.markdown(f"[{t('present.open_default')}](?{urllib.parse.urlencode({'lang': lang()})})")
        return
    for notice in deck.notices:
        st.info(notice, icon=":material/info:")
    total = len(deck.slides)
    slide_no = state.url_int("slide", 1, 1, total)
    auto = int(state.url_choice("auto", AUTO_CHOICES, "0"))
    deck_as_of = _deck_as_of()
    slide = deck.slides[slide_no - 1]
    ind = indicators.get(slide.indicator)
    r = blocks.reading(ind, as_of=slide.as_of or deck_as_of, gu=slide.gu)
    top = st.columns([5, 1], vertical_alignment="bottom")
    with top[0]:
        st.title(r.title)
    with top[1]:
        name = f"{ind_text.msg('deck_default_title', lang())} · " if deck.is_default else ""
        st.markdown(f"<div class='osd-slide-pos' style='text-align:right'>{name}"
                    f"{t('present.position', n=slide_no, total=total)}</div>", unsafe_allow_html=True)
    for notice in r.notices:
        st.info(notice, icon=":material/info:")
    left, right = st.columns([5, 8], gap="large")
    with left:
        _headline(r, slide)
    with right:
        _visuals(r, slide_no)
    if r.ok:
        st.markdown(f"<div class='osd-slide-corner'>{blocks.age_badge(r)}<br>{_sources(r)}</div>",
                    unsafe_allow_html=True)
    tools = _nav_bar(slide_no, total)
    with tools:
        briefing_ui.presenter_tools(deck, slide_no, r, auto, deck_as_of, AUTO_CHOICES)
    st.iframe(_KEYS_JS, height=1, alt=t("present.keys_alt"))
    state.write(slide=slide_no)
    if auto:
        _auto_advance(auto, slide_no, total)
