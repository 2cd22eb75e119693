"""'Add to briefing' on every chart panel, through dashboard.kit's chart-action
extension point: a chart offers the registry indicator it belongs to (same page, most
datasets in common), with the chart's district and year or day as the slide's
parameters, plus the embed snippet. Registered when the page registry is imported."""
from __future__ import annotations

import datetime as dt

import indicators
import queries
from dashboard import kit
from dashboard.i18n import lang, t
from indicators import deck as decks
from indicators import text as ind_text

from . import briefing_ui


def related_indicator(page_url_path: str, query_name: str | None) -> indicators.Indicator | None:
    """The page's indicator sharing the most datasets with the chart's query (registry
    order breaks ties); None for pages without indicators."""
    on_page = [i for i in indicators.registry().values() if i.page == page_url_path and not i.supersedes]
    if not on_page:
        return None
    try:
        used = set(queries.get(query_name).datasets) if query_name else set()
    except queries.QueryError:
        used = set()
    return max(on_page, key=lambda i: len(used & set(queries.get(i.series.query).datasets)))


def _as_of(params: dict) -> dt.date | None:
    """A chart's day or year as the slide's as-of date (a year: its last day)."""
    today = ind_text.today_kst()
    for key in ("day", "date"):
        value = params.get(key)
        if isinstance(value, dt.date) and value < today:
            return value
    year = params.get("year")
    if isinstance(year, int) and 2000 <= year < today.year:
        return dt.date(year, 12, 31)
    return None


def slide_for(ref: kit.ChartRef) -> decks.Slide | None:
    from views import spec  # the page registry imports this module: look it up late
    try:
        url_path = spec(ref.page).url_path
    except KeyError:
        return None
    result = ref.result
    ind = related_indicator(url_path, getattr(result, "name", None))
    if ind is None:
        return None
    params = dict(getattr(result, "params", {}) or {})
    gu = params.get("gu") if ind.districts and isinstance(params.get("gu"), str) else ""
    return decks.Slide(ind.id, gu=gu or "", as_of=_as_of(params))


def chart_action(ref: kit.ChartRef) -> None:
    slide = slide_for(ref)
    if slide is None:
        return
    title = indicators.get(slide.indicator).title(lang())
    briefing_ui.share_popover(slide, key=f"chart:{ref.key}", note=t("briefing.adds", title=title))


kit.register_chart_action("briefing", chart_action)
