"""Streamlit blocks for registry indicators: headline card, chart, district map and
table. Shared by "Seoul at a glance", the presentation and embeds."""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import streamlit as st

import indicators
from dashboard import data, layout, maps, nav
from dashboard.i18n import fmt_int, fmt_num, lang, t
from indicators import charts
from indicators import text as ind_text


def run(name: str, params: dict):
    return data.query(name, **params)


def reading(ind: indicators.Indicator, *, as_of: dt.date | None = None, gu: str = "",
            with_map: bool = True) -> indicators.Reading:
    return indicators.evaluate(ind, run, as_of=as_of, gu=gu, lang=lang(), with_map=with_map)


def badge(r: indicators.Reading) -> str:
    """The judgement as a coloured badge whose words carry the meaning."""
    if r.judgement is None:
        return ""
    return layout.grade_badge(html.escape(r.judgement.label), r.judgement.colour)


def as_of_line(r: indicators.Reading) -> str:
    return f"{t('common.as_of')} {r.period_text}"


def card(r: indicators.Reading) -> None:
    """A glance card: title, value with unit and judgement, comparison, details, age."""
    ind = r.indicator
    if not r.ok:
        with st.container(border=True):
            st.markdown(f"<div class='osd-card-label'>{html.escape(r.title)}</div>", unsafe_allow_html=True)
            layout.empty_state(ind_text.msg("no_data", lang()))
        return
    details = " · ".join(f"{label} {value}" for label, value in
                         ((d.label(lang()), ind_text.number(r.row.get(d.column), d.decimals)) for d in ind.details)
                         if value != "–")
    with st.container(border=True):
        st.markdown(
            f"<div class='osd-card-label'>{html.escape(r.title)}</div>"
            f"<div class='osd-card-value'>{r.number_text} <span class='osd-card-unit'>{html.escape(r.unit_text)}</span> "
            f"{badge(r)}</div>"
            f"<div class='osd-card-note'>{html.escape(as_of_line(r))} · {html.escape(r.comparison_text)}"
            f"{'<br>' + html.escape(details) if details else ''}</div>", unsafe_allow_html=True)


def chart(r: indicators.Reading, key: str, *, height: int = 380, font_size: int = 15) -> None:
    if r.series.empty:
        layout.empty_state()
        return
    fig = charts.figure(r, height=height, font_size=font_size)
    layout.chart(fig, r.series_result, key=key, caption=charts.alt_text(r))


def value_formatter(r: indicators.Reading):
    decimals = r.indicator.decimals
    return (lambda v: fmt_num(v, decimals)) if decimals else fmt_int


def district_map(r: indicators.Reading, key: str, *, height: int = 520) -> None:
    frame = r.map_frame
    if frame is None or frame.empty or frame["value"].isna().all():
        layout.empty_state()
        return
    label = f"{r.indicator.short(lang())} ({r.period_text})"
    deck = maps.district_choropleth(frame, "value", label=label, value_text=value_formatter(r))
    st.pydeck_chart(deck, height=height, key=key)
    st.markdown(maps.sequential_legend_html(frame["value"], r.indicator.decimals), unsafe_allow_html=True)


def district_table(r: indicators.Reading, *, height: int = 480) -> pd.DataFrame | None:
    """The map's numbers as a sortable table (the map's text alternative)."""
    frame = r.map_frame
    if frame is None or frame.empty:
        return None
    short = f"{r.indicator.short(lang())} ({r.indicator.unit(lang())})"
    table = frame[["gu" if lang() == "ko" else "gu_en", "value"]].copy()
    table.columns = [t("glance.col_gu"), short]
    table = table.sort_values(short, ascending=False, na_position="last").reset_index(drop=True)
    table.index = table.index + 1
    decimals = r.indicator.decimals
    st.dataframe(table, height=height, width="stretch",
                 column_config={short: st.column_config.NumberColumn(format=f"%.{decimals}f" if decimals else "%d")})
    return table


def detail_link(r: indicators.Reading) -> None:
    page = r.indicator.page
    if page and nav.exists(page):
        nav.link(page, t("indpage.details", title=r.indicator.short(lang())))
