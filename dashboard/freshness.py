"""The age of a dataset's numbers beside its exact date, for cards, charts and maps.

    freshness.badge("air_daily")          # ○ Archive · Latest published 31 Dec 2022 · 3 years 11 months ago
    freshness.age_text("bike_live")       # the same words as plain text, for inside a card
    freshness.assess("bike_live").is_fresh  # may the page say "now" / "지금"?

The as-of comes from the warehouse (`data.dataset_status()`), falling back to the
catalog's stated `as_of`; the cadence is the catalog's `update_every`. The state shows as a
symbol and a word as well as a colour, so it reads without colour.
"""
from __future__ import annotations

import datetime as dt
import html

import streamlit as st

from data_sources import catalog
from domain import freshness as fr

from . import data, layout
from .i18n import lang

# (text colour, background, symbol) per state; the symbol and the state word carry the
# meaning, the colour only repeats it.
_LOOK = {
    fr.FRESH: ("#0b6b47", "#e3f5ec", "●"),
    fr.LATE: ("#7a4a00", "#fdf0d9", "◐"),
    fr.ARCHIVE: ("#3b4a5a", "#eceff3", "○"),
    fr.UNKNOWN: ("#3b4a5a", "#f3f4f6", "?"),
}


def _precision(ds: catalog.Dataset) -> str | None:
    """Monthly and yearly time columns name a period, not their first day."""
    if ds.as_of_column in ("month", "month_start"):
        return "month"
    if ds.as_of_column == "year":
        return "year"
    return None


def as_of_value(dataset_id: str):
    """What the warehouse serves as 'data as of' (or the catalog's stated date)."""
    ds = catalog.get(dataset_id)
    return data.dataset_status().get(dataset_id, {}).get("data_as_of") or ds.as_of or None


def assess(dataset_id: str, as_of=None, now: dt.datetime | None = None) -> fr.Freshness:
    """Fresh / late / archive for a dataset; `as_of` overrides the warehouse's date when a
    card shows a row older than the dataset's newest (e.g. the last day with a value)."""
    ds = catalog.get(dataset_id)
    value = as_of_value(dataset_id) if as_of is None else as_of
    snapshot = ds.source.kind == "openapi" or (ds.update_every is not None and ds.update_every < dt.timedelta(days=1))
    return fr.assess(value, ds.update_every, now, precision=_precision(ds), snapshot=snapshot)


def age_text(dataset_id: str, as_of=None, now: dt.datetime | None = None) -> str:
    """'Latest published 31 Dec 2022 · 3 years 11 months ago' in the page's language."""
    ds = catalog.get(dataset_id)
    value = as_of_value(dataset_id) if as_of is None else as_of
    f = assess(dataset_id, as_of=value, now=now)
    if f.age is None:
        words = _capitalised(f.words(lang()))
        return f"{layout.format_as_of(ds, str(value))} · {words}" if f.future else words
    return f"{_capitalised(f.label(lang()))} {layout.format_as_of(ds, None if value is None else str(value))} · {f.words(lang())}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def badge_html(dataset_id: str, as_of=None, now: dt.datetime | None = None) -> str:
    """An inline badge (symbol, state word, label, exact date, age) to put inside HTML."""
    f = assess(dataset_id, as_of=as_of, now=now)
    # Without a date the state word ("Date unknown") already says everything.
    text = "" if f.age is None and not f.future else age_text(dataset_id, as_of=as_of, now=now)
    return age_badge_html(f, text)


def age_badge_html(f: fr.Freshness, text: str = "") -> str:
    """The badge for an assessed age: symbol and state word, then `text` (label, exact date,
    age). Shared by dataset badges and indicator cards so every age reads the same."""
    colour, background, symbol = _LOOK[f.state]
    tail = f" · {html.escape(text)}" if text else ""
    return (f"<span class='osd-age osd-age-{f.state}' style='display:inline-block;padding:0.05rem 0.5rem;"
            f"border-radius:0.8rem;font-size:0.85rem;line-height:1.5;color:{colour};background:{background};"
            f"border:1px solid {colour}33'><span aria-hidden='true'>{symbol}</span> "
            f"<b>{html.escape(f.state_word(lang()))}</b>{tail}</span>")


def badge(dataset_id: str, as_of=None, now: dt.datetime | None = None) -> None:
    """Render the age badge for a dataset (e.g. under a headline number or a chart)."""
    st.markdown(badge_html(dataset_id, as_of=as_of, now=now), unsafe_allow_html=True)
