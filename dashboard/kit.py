"""The page kit: one skeleton and the furniture every page is built from.

A page module reads like its outline:

    SECTIONS = (kit.Section("day", _day, params=("date",)), kit.Section("trends", _trends, params=("roll",)))

    def render() -> None:
        kit.page("air", SECTIONS, context=_context)

* `page` — title and intro, the section switcher (`?view=`), then only the chosen
  section runs; a failed query shows a calm error instead of a traceback.
* `headline` — a big number with its unit, a grade as colour *and* words, a comparison
  and how old the number is. `stat` — a small bordered number (st.metric).
* `chart` — title above the figure (never under the chart's toolbar), the chart, a text
  alternative for screen readers, CSV download, "view the SQL", and the chart actions
  other modules register (e.g. "add to briefing").
* `map_panel` / `district_map` — a pydeck map with its title, legend, caption and data.
* `bound` — a widget whose value lives in the URL (`dashboard.state` holds the policy);
  `Districts.select` — the district picker every page shares.
* `heading`, `grid`, `stats`, `table`, `snapshot_notice` — a section heading, panels side
  by side, a row of small numbers, a table with labelled and formatted columns, where a
  live snapshot comes from.
"""
from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from queries import QueryError

from . import data, i18n, layout, maps, state, theme
from .i18n import fmt_int, fmt_num, t

# --- chart actions (extension point) -----------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ChartRef:
    """What a chart action gets: enough to rebuild or cite the chart elsewhere."""
    key: str  # stable widget key, e.g. "air:trend"
    title: str
    figure: Any  # the plotly figure as shown
    result: Any  # the QueryResult behind it (name, params, frame, sql)
    page: str  # page key, from the widget key's prefix


_chart_actions: dict[str, Callable[[ChartRef], None]] = {}


def register_chart_action(name: str, action: Callable[[ChartRef], None]) -> None:
    """Add something every chart panel offers (called under the chart's data actions,
    inside Streamlit). Registering the same name again replaces it, so module reloads
    are safe. A failing action is logged and skipped: it never breaks a page."""
    _chart_actions[name] = action


def unregister_chart_action(name: str) -> None:
    _chart_actions.pop(name, None)


def _run_chart_actions(ref: ChartRef) -> None:
    for name, action in list(_chart_actions.items()):
        try:
            action(ref)
        except Exception:  # an add-on must not take the page down with it
            import logging
            logging.getLogger(__name__).exception("chart action %s failed on %s", name, ref.key)


# --- the page skeleton -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Section:
    key: str  # the ?view= value and the message key suffix ({page}.view_{key})
    render: Callable[[Any], None]  # called with the page's context
    params: tuple[str, ...] = ()  # URL parameters only this section reads: dropped on a switch


def page(name: str, sections: Sequence[Section], *, context: Callable[[], Any] | None = None,
         default: str | None = None, controls: Callable[[Any, str], None] | None = None) -> None:
    """Title, intro, section switcher and the chosen section — nothing else runs.
    `context()` loads what every section needs (return None to stop after it showed
    an empty state); `controls(ctx, view)` draws page-wide filters under the switcher."""
    layout.header(t(f"{name}.title"), t(f"{name}.intro"))
    try:
        ctx = context() if context else None
        if context and ctx is None:
            return
        chosen = section_switcher(name, sections, default or sections[0].key)
        if controls:
            _controls_and_section(controls, chosen, ctx)
        else:
            chosen.render(ctx)
    except QueryError as exc:
        layout.query_error(exc)


def section_switcher(name: str, sections: Sequence[Section], default: str) -> Section:
    """The ?view= control. Switching drops the previous section's own URL parameters,
    so a section opens with its defaults, not with choices made for another one."""
    by_key = {s.key: s for s in sections}
    if len(sections) == 1:
        return sections[0]
    keys = list(by_key)
    # A default other than the first section depends on the data: the link names it.
    url_view = state.url_choice("view", keys, default, stable_default=default == keys[0])
    view = st.segmented_control(t(f"{name}.view"), keys, key=state.seed(f"{name}:view", url_view, keys),
                                format_func=lambda v: t(f"{name}.view_{v}"), width="stretch") or url_view
    if view != url_view:
        state.write(**{p: None for p in by_key[url_view].params})
    state.write(view=view)
    about = f"{name}.view_{view}_about"
    if about in i18n.messages():
        st.caption(t(about))
    return by_key[view]


def bound(widget: Callable, label: str, value, *, key: str, param: str, options: Sequence | None = None,
          **kwargs):
    """A widget whose value is the URL parameter `param`: seeded from `value` (already
    read and validated with a `state.url_*` reader), written back after it runs.
    `widget` is e.g. `st.selectbox` or `column.segmented_control`."""
    if options is not None:
        kwargs["options"] = options
    chosen = widget(label, key=state.seed(key, value, options), **kwargs)
    if chosen is None:
        chosen = value  # a segmented control clicked off keeps the current choice
    state.write(**{param: chosen})
    return chosen


def choice(widget: Callable, label: str, param: str, options: Sequence[str], default: str, *, key: str,
           **kwargs):
    """`bound` for one of `options`, read from the URL's `param` (an odd value shows a
    notice and gives `default`)."""
    return bound(widget, label, state.url_choice(param, options, default), key=key, param=param, options=options,
                 **kwargs)


@dataclasses.dataclass(frozen=True)
class Districts:
    """The districts a page filters by, with their English names (from gu_boundaries)."""
    names: tuple[str, ...]
    english: dict[str, str]

    @classmethod
    def load(cls, query: str, **params) -> Districts:
        """From a named query with columns gu and gu_en."""
        frame = data.query(query, **params).frame
        return cls(tuple(frame["gu"]), dict(zip(frame["gu"], frame["gu_en"])))

    def name(self, gu: str, everywhere: str) -> str:
        """The district's name in the page language; `everywhere` for '' (all of them)."""
        return i18n.fmt_district(gu, self.english.get(gu)) if gu else everywhere

    def select(self, label: str, everywhere: str, *, key: str, column=None, param: str = "gu") -> str:
        """A district picker ('' = all, shown as `everywhere`) whose choice is the URL's
        `param`, kept across sections; the URL may name a district in Korean or English."""
        by_english = {en: ko for ko, en in self.english.items()}
        if st.query_params.get(param) in by_english:
            state.write(**{param: by_english[st.query_params.get(param)]})
        return bound((column or st).selectbox, label, state.url_choice(param, self.names, ""), key=key, param=param,
                     options=["", *self.names], format_func=lambda gu: self.name(gu, everywhere))


# --- parts that rerun alone -----------------------------------------------------------------


_IN_PART_KEY = "_part_rerun_alone"


def fragment(fn: Callable) -> Callable:
    """`fn` as a Streamlit fragment: a widget inside it reruns only this part of the page,
    not the page's queries, charts, sidebar and footer. Its URL parameters still reach the
    address bar (one history entry per change). Should the part now show a dataset the
    footer does not credit, the whole page is drawn again."""
    @st.fragment
    @functools.wraps(fn)
    def part(*args, **kwargs):
        # Only the outermost part rerun alone starts and ends the run's URL (parts nest).
        outermost = _alone() and not st.session_state.get(_IN_PART_KEY)
        if outermost:
            state.begin()
            layout.begin_part()
            st.session_state[_IN_PART_KEY] = True
        try:
            result = fn(*args, **kwargs)
        finally:
            if outermost:
                st.session_state[_IN_PART_KEY] = False
        if outermost:
            state.flush()
            if layout.footer_misses_shown():
                st.rerun(scope="app")
        return result  # what the page gets when it runs whole (a rerun of the part alone has no caller)
    return part


@fragment
def _controls_and_section(controls: Callable[[Any, str], None], chosen: Section, ctx) -> None:
    """A page's own filters and its chosen section: changing a filter reruns these, not the
    header, section switcher, sidebar and footer."""
    try:
        controls(ctx, chosen.key)
        chosen.render(ctx)
    except QueryError as exc:
        layout.query_error(exc)


def _alone() -> bool:
    """Whether this is a rerun of one fragment only, not of the whole page."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def rerun_page_on_change(name: str, value) -> None:
    """For a control inside a fragment whose value the rest of the page also uses (a
    district, say): when it changes in a rerun of the fragment alone, the whole page
    reruns, with the URL it has so far."""
    key = f"_page_drawn_with:{name}"
    if _alone() and st.session_state.get(key, value) != value:
        state.flush()
        st.rerun(scope="app")
    st.session_state[key] = value


# --- data ----------------------------------------------------------------------------------


def rows(query: str, **params):
    """The result of a named query, or None after showing the empty state when it has no rows."""
    result = data.query(query, **params)
    if result.frame.empty:
        layout.empty_state()
        return None
    return result


# --- numbers -------------------------------------------------------------------------------


def number_format(decimals: int = 0) -> str:
    """A table column's number format with thousands separators, as Korean and English
    both write them ("12,345.6"), whatever the reader's browser locale."""
    return "%,d" if decimals == 0 else f"%,.{decimals}f"


def headline(label: str, value: str, *, unit: str = "", grade: tuple[str, str] | None = None,
             comparison: str | None = None, note: str | None = None, age: str | None = None) -> None:
    """The big number of a view. `grade` is (words, colour): the colour never stands
    alone. `age` says how old the number is (e.g. layout.as_of_text or a '3 days ago')."""
    badge = layout.grade_badge(*grade) if grade else ""
    lines = [f"<div class='osd-card-label'>{label}</div>",
             f"<div class='osd-card-value'>{value} <span class='osd-card-unit'>{unit}</span> {badge}</div>"]
    lines += [f"<div class='osd-card-note'>{x}</div>" for x in (comparison, note) if x]
    if age:
        lines.append(f"<div class='osd-card-age'>{age}</div>")
    with st.container(border=True):
        st.markdown("".join(lines), unsafe_allow_html=True)


def stat(column, label: str, value: str, help_text: str | None = None, **kwargs) -> None:
    """A small bordered number (st.metric) in `column`."""
    column.metric(label, value, help=help_text, border=True, **kwargs)


def stats(*items) -> None:
    """A row of small numbers, one column each: (label, value), (label, value, help) or
    a dict of `stat`'s arguments (with a delta, say)."""
    for column, item in zip(st.columns(len(items)), items):
        if isinstance(item, dict):
            stat(column, **item)
        else:
            stat(column, *item)


def grid(*panels: Callable[[], Any], widths: Sequence[float] = (1, 1)) -> None:
    """Panels side by side, `len(widths)` to a row (one under another on a phone): each
    panel is drawn by calling it, e.g. `functools.partial(kit.chart, fig, result, key)`."""
    for start in range(0, len(panels), len(widths)):
        for column, panel in zip(st.columns(widths, gap="large"), panels[start:start + len(widths)]):
            with column:
                panel()


def heading(text: str) -> None:
    """A section's sub-heading (under the page's section switcher)."""
    st.markdown(f"#### {text}")


def table(frame: pd.DataFrame, columns: dict, **kwargs) -> None:
    """A table whose columns are labelled here: a column maps to its label, to (label,
    decimals) for a number with thousands separators in either language, or to a
    `st.column_config` column. Other `st.dataframe` arguments pass through."""
    config = {column: st.column_config.NumberColumn(spec[0], format=number_format(spec[1]))
              if isinstance(spec, tuple) else spec for column, spec in columns.items()}
    st.dataframe(frame, width="stretch", column_config=config, **kwargs)


def snapshot_notice(dataset_id: str, when, bundled: str) -> None:
    """Where a live dataset's rows come from: the bundled capture (the message `bundled`),
    or their time, source and age when refreshed; synthetic rows say so."""
    status = data.dataset_status().get(dataset_id, {})
    if status.get("source_kind") == "bundled":
        st.info(bundled, icon=":material/inventory_2:")
    else:  # refreshed from the Open API (or an imported capture): its time and how old it is
        box = st.success if status.get("source_kind") == "openapi" else st.info
        box(f"{t('common.as_of')} {i18n.fmt_datetime(when)} · {layout.source_label(dataset_id)} · "
            f"{layout.updated_ago(status.get('fetched_at'))}", icon=":material/sensors:")
    if status.get("synthetic"):
        st.warning(t("common.synthetic"), icon=":material/warning:")


# --- charts and maps ------------------------------------------------------------------------


def describe(fig, title: str = "") -> str:
    """A short text alternative of a plotly figure: its title and, per series, how many
    values it shows and their range."""
    parts = [t("common.chart_alt", title=title)] if title else []
    for trace in list(fig.data)[:8]:
        horizontal = getattr(trace, "orientation", None) == "h"
        values = getattr(trace, "x" if horizontal else "y", None)
        if getattr(trace, "type", "") in ("heatmap",):
            values = getattr(trace, "z", None)
        if values is None:
            continue
        numbers = pd.to_numeric(pd.Series(pd.DataFrame(values).to_numpy().ravel()), errors="coerce").dropna()
        if numbers.empty:
            continue
        name = trace.name or t("common.chart_alt_values")
        parts.append(t("common.chart_alt_series", name=name, n=len(numbers),
                       lo=fmt_num(numbers.min(), 1), hi=fmt_num(numbers.max(), 1)))
    return " ".join(parts)


def chart(fig, result, key: str, *, caption: str | None = None, title: str | None = None,
          frame: pd.DataFrame | None = None, sample_stamp: str | None = None, alt: str | None = None,
          heading: str | None = None) -> None:
    """The chart panel. The title is text above the figure (it wraps on a phone and no
    toolbar covers it); `frame` replaces the CSV when the chart shows values computed
    from the query; `sample_stamp` writes e.g. 'sample data' inside the plot. `fig` may
    be a builder of the result's frame: a result without rows then shows the empty state.
    `heading` puts a section sub-heading above it all."""
    if heading:
        st.markdown(f"#### {heading}")
    if callable(fig):
        if result.frame.empty:
            layout.empty_state()
            return
        fig = fig(result.frame)
    title = title or fig.layout.title.text or ""
    if title:
        st.markdown(f"**{title}**")
        fig.update_layout(title=None)
    if sample_stamp:
        _stamp(fig, sample_stamp)
    fig.update_layout(margin=dict(l=8, r=8, t=28, b=8),
                      font=dict(family="Noto Sans KR, Noto Sans CJK KR, sans-serif", size=14))
    st.plotly_chart(fig, width="stretch", key=f"chart:{key}",
                    config={"displaylogo": False, "responsive": True, "displayModeBar": "hover"})
    st.markdown(f"<p class='osd-sr'>{alt or describe(fig, title)}</p>", unsafe_allow_html=True)
    if caption:
        st.caption(caption)
    shown = result if frame is None else dataclasses.replace(result, frame=frame)
    layout.data_actions(shown, key)
    if _chart_actions:
        _run_chart_actions(ChartRef(key=key, title=title, figure=fig, result=shown, page=key.split(":")[0]))


def _stamp(fig, text: str) -> None:
    """A visible 'sample' label inside the plot area (it stays on a downloaded image)."""
    fig.add_annotation(text=text, xref="paper", yref="paper", x=1, y=1, xanchor="right", yanchor="top",
                       showarrow=False, font=dict(size=13, color="white"), bgcolor="#b5651d", borderpad=4, opacity=0.9)


def map_panel(deck, *, key: str, title: str | None = None, legend_html: str | None = None,
              caption: str | None = None, height: int = 520, result=None, frame: pd.DataFrame | None = None,
              table: pd.DataFrame | None = None, selectable: bool = False) -> tuple[str, dict] | None:
    """A pydeck map with its title above, legend and caption below, and (with a
    `result`) the CSV and SQL of the data drawn (`frame` without geometry, say). Maps
    built by `dashboard.maps` fit their frame at any width and open large with their
    title and legend (`maps.show`), with `table` as their text alternative; with
    `selectable` the object clicked is returned as (layer id, row)."""
    picked = None
    if isinstance(deck, maps.Deck):
        picked = maps.show(deck, key=key, height=height, title=title or "", legend_html=legend_html or "",
                           table=table, selectable=selectable)
    else:
        if title:
            st.markdown(f"**{title}**")
        st.pydeck_chart(deck, height=height, key=key)
        if legend_html:
            st.markdown(legend_html, unsafe_allow_html=True)
    if caption:
        st.caption(caption)
    if result is not None:
        layout.data_actions(result, key, frame=frame)
    return picked


def legend(items: Sequence[tuple[str, str]], title: str = "") -> str:
    """A legend of colour swatches with words (HTML for st.markdown)."""
    head = f"<b>{title}</b> " if title else ""
    return ("<div class='osd-legend'>" + head
            + "".join(f"<span><i style='background:{colour}'></i>{text}</span>" for colour, text in items) + "</div>")


def class_legend(values: pd.Series, decimals: int = 0) -> str:
    """The sequential palette's classes with the value range each colour stands for."""
    known = pd.to_numeric(values, errors="coerce").astype("float64").dropna()
    if known.empty:
        return ""
    lo, hi = float(known.min()), float(known.max())
    fmt = (lambda v: fmt_num(v, decimals)) if decimals else fmt_int
    steps = len(theme.SEQUENTIAL)
    items = []
    for i, colour in enumerate(theme.SEQUENTIAL):
        a = lo + (hi - lo) * max(i - 0.5, 0) / (steps - 1)
        b = lo + (hi - lo) * min(i + 0.5, steps - 1) / (steps - 1)
        items.append((colour, f"{fmt(a)}–{fmt(b)}"))
    return legend(items)


def district_map(frame: pd.DataFrame, column: str, *, key: str, label: str, title: str | None = None,
                 value_text: Callable[[float], str] | None = None, decimals: int = 0,
                 legend_html: str | None = None, caption: str | None = None, height: int = 520,
                 highlight: str = "", zoom: float | None = None, result=None) -> None:
    """The district map panel: 25 gu coloured by `column` (sequential palette, grey =
    no data) with a value legend; see `dashboard.maps.district_choropleth`."""
    deck = maps.district_choropleth(frame, column, label=label, value_text=value_text, zoom=zoom,
                                    highlight=highlight)
    legend = legend_html if legend_html is not None else class_legend(frame[column], decimals)
    download = frame.drop(columns=["geometry_json"], errors="ignore") if result is not None else None
    map_panel(deck, key=key, title=title, legend_html=legend, caption=caption, height=height, result=result,
              frame=download)


def district_ranking(frame: pd.DataFrame, column: str, *, value_label: str, help_text: str, decimals: int = 0,
                     height: int = 560) -> None:
    """The districts ranked by `column`, highest first (missing last), numbered from 1:
    the list beside a district map."""
    names = i18n.district_names(frame)
    shown = frame[column].round(decimals).astype("Int64") if decimals == 0 else frame[column]
    ranked = pd.DataFrame({"district": names, column: shown}).sort_values(
        column, ascending=False, na_position="last").reset_index(drop=True)
    ranked.index = ranked.index + 1
    table(ranked, {"district": st.column_config.TextColumn(t("common.district")),
                   column: st.column_config.NumberColumn(value_label, help=help_text, format=number_format(decimals))},
          height=height)


def district_table(frame: pd.DataFrame, columns: dict[str, tuple[str, str, int]], *, sort_by: str) -> None:
    """Every district in one table, highest `sort_by` first (missing last), its name pinned
    while scrolling: `columns` maps a column to (label, definition, decimals); whole
    numbers show with thousands separators and no decimals."""
    shown = frame.assign(district=i18n.district_names(frame))
    shown = shown[["district", *columns]].sort_values(sort_by, ascending=False, na_position="last")
    config = {"district": st.column_config.TextColumn(t("common.district"), pinned=True)}
    for column, (label, definition, decimals) in columns.items():
        if decimals == 0:
            shown[column] = shown[column].round().astype("Int64")
        config[column] = st.column_config.NumberColumn(label, help=definition, format=number_format(decimals))
    # a row is 35 px: all of Seoul's 25 districts and the header fit without an inner scrollbar
    table(shown, config, height=35 * (len(shown) + 1) + 3, hide_index=True)


def without_geometry(result):
    """The same result for CSV download, without the district shapes (kilobytes of JSON)."""
    return dataclasses.replace(result, frame=result.frame.drop(columns=["geometry_json"], errors="ignore"))


def only(result, mask):
    """The same result with only the rows of `mask` (the CSV of one chart of several)."""
    return dataclasses.replace(result, frame=result.frame[mask].reset_index(drop=True))
