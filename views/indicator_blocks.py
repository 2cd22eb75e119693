"""Streamlit blocks for registry indicators: headline card, chart, district map and
table. Shared by "Seoul at a glance", the presentation and embeds."""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import streamlit as st

import indicators
from dashboard import data, freshness, layout, maps, nav
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


def age_badge(r: indicators.Reading) -> str:
    """Symbol, state word, label, exact date and age — e.g. '○ Archive · Latest published
    31 Dec 2022 · 3 years 11 months ago'. The words carry the meaning, colour repeats it."""
    return freshness.age_badge_html(r.age, r.age_text)


def card(r: indicators.Reading, footer=None) -> None:
    """A glance card: title, value with unit and judgement, comparison, details, age;
    `footer()` adds controls inside the card (e.g. its share menu)."""
    ind = r.indicator
    if not r.ok:
        with st.container(border=True):
            st.markdown(f"<div class='osd-card-label'>{html.escape(r.title)}</div>", unsafe_allow_html=True)
            layout.empty_state(ind_text.msg("no_data", lang()))
            if footer:
                footer()
        return
    details = " · ".join(f"{label} {value}" for label, value in
                         ((d.label(lang()), ind_text.number(r.row.get(d.column), d.decimals)) for d in ind.details)
                         if value != "–")
    with st.container(border=True):
        st.markdown(
            f"<div class='osd-card-label'>{html.escape(r.title)}</div>"
            f"<div class='osd-card-value'>{r.number_text} <span class='osd-card-unit'>{html.escape(r.unit_text)}</span> "
            f"{badge(r)}</div>"
            f"<div class='osd-card-note'>{age_badge(r)}<br>{html.escape(r.comparison_text)}"
            f"{'<br>' + html.escape(details) if details else ''}</div>", unsafe_allow_html=True)
        if footer:
            footer()


def chart(r: indicators.Reading, key: str, *, height: int = 380, font_size: int = 15) -> None:
    if r.series.empty:
        layout.empty_state()
        return
    fig = charts.figure(r, height=height, font_size=font_size)
    layout.chart(fig, r.series_result, key=key, caption=charts.alt_text(r))


def value_formatter(r: indicators.Reading):
    decimals = r.indicator.decimals
    return (lambda v: fmt_num(v, decimals)) if decimals else fmt_int


def has_map(r: indicators.Reading) -> bool:
    return r.map_frame is not None and not r.map_frame.empty and r.map_frame["value"].notna().any()


def map_deck(r: indicators.Reading):
    label = f"{r.indicator.short(lang())} ({r.period_text})"
    return maps.district_choropleth(r.map_frame, "value", label=label, value_text=value_formatter(r))


def map_alt_text(r: indicators.Reading) -> str:
    """The map in words: what it shows, the highest and the lowest district."""
    frame = r.map_frame.dropna(subset=["value"]).sort_values("value", ascending=False)
    name = "gu" if lang() == "ko" else "gu_en"
    top, bottom = frame.iloc[0], frame.iloc[-1]
    return t("present.map_alt", title=r.indicator.short(lang()), period=r.period_text,
             top=top[name], top_value=r.value_text(top["value"]), bottom=bottom[name],
             bottom_value=r.value_text(bottom["value"]))


def district_map(r: indicators.Reading, key: str, *, height: int = 520) -> None:
    if not has_map(r):
        layout.empty_state()
        return
    maps.show(map_deck(r), key=key, height=height, alt=map_alt_text(r),
              legend_html=maps.sequential_legend_html(r.map_frame["value"], r.indicator.decimals))


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
