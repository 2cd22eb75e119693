"""One indicator alone, for an iframe on another site (/embed?indicator=…&gu=…&as_of=…):
headline, judgement in words, comparison, takeaway, chart with its data one click away,
the attribution line and a link to the full view."""
from __future__ import annotations

import datetime as dt
import html

import streamlit as st

import indicators
from dashboard import state
from dashboard.i18n import lang, t
from data_sources import catalog
from indicators import charts
from indicators import deck as decks
from indicators import text as ind_text

from . import briefing_ui
from . import indicator_blocks as blocks
from .present import CONTEXT_DATASETS

DEFAULT_INDICATOR = "pm25_day"
FIRST_DAY = dt.date(2005, 1, 1)

_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], .osd-footer,
[data-testid="stMainBlockContainer"] hr {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {max-width: 100% !important; padding: 0.8rem 1rem 0.4rem !important;}
h1 {font-size: 1.6rem !important; padding: 0 0 0.2rem !important;}
.osd-embed-value {font-size: 3.2rem; font-weight: 800; line-height: 1.05; color: #0b2f5c;}
.osd-embed-unit {font-size: 1.3rem; font-weight: 600; color: #3b4a5a; margin-left: 0.4rem;}
.osd-embed-text {font-size: 1.02rem; color: #1b2836; margin: 0.3rem 0;}
.osd-embed-credit {font-size: 0.88rem; color: #3b4a5a;}
</style>
"""


def _attribution(r: indicators.Reading) -> str:
    parts = []
    for dataset_id in r.indicator.datasets:
        if dataset_id not in CONTEXT_DATASETS:
            ds = catalog.get(dataset_id)
            parts.append(f"{t('common.sources')}: {html.escape(ds.attribution)} · {t('common.licence')}: "
                         f"{html.escape(ds.licence)}")
    return "<br>".join(dict.fromkeys(parts))


def render() -> None:
    st.markdown(_CSS, unsafe_allow_html=True)
    registry = indicators.registry()
    ind_id = state.url_choice("indicator", list(registry), DEFAULT_INDICATOR)
    gu = state.url_text("gu", "", max_len=40)
    today = ind_text.today_kst()
    as_of = state.url_date("as_of", today, FIRST_DAY, today)
    r = blocks.reading(registry[ind_id], as_of=None if as_of == today else as_of, gu=gu, with_map=False)
    st.title(r.title)
    for notice in r.notices:
        st.info(notice, icon=":material/info:")
    if not r.ok:
        st.info(ind_text.msg("no_data", lang()), icon=":material/info:")
        return
    st.markdown(
        f"<div class='osd-embed-value'>{r.number_text}<span class='osd-embed-unit'>{html.escape(r.unit_text)}</span> "
        f"<span style='font-size:1.2rem;vertical-align:middle'>{blocks.badge(r)}</span></div>"
        f"<div class='osd-embed-text'><b>{html.escape(r.comparison_text)}</b></div>"
        f"<div class='osd-embed-text'>{html.escape(r.takeaway)}</div>", unsafe_allow_html=True)
    if not r.series.empty:
        st.plotly_chart(charts.figure(r, height=300, font_size=13), width="stretch", key="embed:chart",
                        alt=charts.alt_text(r), theme=None, config={"displayModeBar": False, "responsive": True})
        with st.expander(t("embed.data_table")):
            briefing_ui.series_table(r)
    slide = decks.Slide(ind_id, gu=r.gu_label if r.gu else "", as_of=None if as_of == today else as_of)
    full = briefing_ui.present_url([slide])
    st.markdown(f"<div class='osd-embed-credit'>{blocks.age_badge(r)}<br>{_attribution(r)}<br>"
                f"<a href='{html.escape(full, quote=True)}' target='_blank' rel='noopener'>{t('embed.full_view')}</a>"
                "</div>", unsafe_allow_html=True)
