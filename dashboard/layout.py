"""Shared page furniture: header, "data as of" captions, chart blocks with CSV download
and "view the SQL", the sidebar, and the provenance footer on every page."""
from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable

import pandas as pd
import streamlit as st

from data_sources import catalog

from . import data, i18n
from .i18n import fmt_as_of, fmt_datetime, t

CONSOLE_PATH = "desk"  # url_path of the data desk page (the SQL console lives there)


def header(title: str, intro: str | None = None) -> None:
    st.title(title)
    if intro:
        st.markdown(f"<p class='osd-intro'>{intro}</p>", unsafe_allow_html=True)


def source_label(dataset_id: str) -> str:
    """'bundled snapshot' / 'live (Open API)' / 'imported file' for a dataset."""
    row = data.dataset_status().get(dataset_id, {})
    kind = row.get("source_kind")
    if kind == "openapi":
        return t("common.source_live")
    if kind == "file":
        return t("common.source_imported")
    if kind == "bundled":
        return t("common.source_bundled")
    return t("common.source_none")


def format_as_of(ds: catalog.Dataset, value: str | None) -> str:
    """'Data as of' at the precision of the dataset's time column: a month for monthly
    data, a date for daily data, a time for hourly and real-time data."""
    if not value:
        return fmt_as_of(ds.as_of)
    col = next((c for c in ds.columns if c.name == ds.as_of_column), None)
    if col is not None and col.type == "DATE" and ds.as_of_column in ("month", "month_start"):
        return i18n.fmt_month(value)
    if col is not None and col.type == "TIMESTAMP":
        return fmt_datetime(value)
    return fmt_as_of(value)


def as_of_text(dataset_id: str) -> str:
    ds = catalog.get(dataset_id)
    return format_as_of(ds, data.dataset_status().get(dataset_id, {}).get("data_as_of"))


_SHOWN_KEY = "_shown_datasets"  # datasets behind what this run drew, for the footer
_CREDITED_KEY = "_credited_datasets"  # the datasets the footer on screen credits (None: no footer)


def begin_run() -> None:
    st.session_state[_SHOWN_KEY] = []
    st.session_state[_CREDITED_KEY] = None


def begin_part() -> None:
    """A part of the page rerun alone (a fragment) starts noting what it shows afresh."""
    st.session_state[_SHOWN_KEY] = []


def footer_misses_shown() -> bool:
    """Whether the part just rerun alone showed a dataset that the footer on screen, drawn
    by the last whole run, does not credit (then the whole page must be drawn again)."""
    credited = st.session_state.get(_CREDITED_KEY)
    if credited is None:
        return False
    status = data.dataset_status()
    return any(d not in credited and status.get(d, {}).get("rows") for d in st.session_state.get(_SHOWN_KEY, []))


def mark_shown(*dataset_ids: str) -> None:
    """Note datasets whose numbers are on screen (captions and data actions call it)."""
    st.session_state.setdefault(_SHOWN_KEY, []).extend(dataset_ids)


def as_of_caption(*dataset_ids: str) -> None:
    """'Data as of … · source · title' under a chart or a headline."""
    from . import freshness  # freshness builds on this module's date formats
    mark_shown(*dataset_ids)
    parts = []
    for dataset_id in dataset_ids:
        ds = catalog.get(dataset_id)
        flag = f" · **{t('common.sample')}**" if ds.sample else ""
        parts.append(f"{t('common.as_of')} {as_of_text(dataset_id)} · {_age_markdown(freshness.assess(dataset_id))} · "
                      f"{source_label(dataset_id)} · {ds.title(i18n.lang())}{flag}")
    st.caption("  \n".join(parts))


# Streamlit markdown colours per age state; the symbol and the words carry the meaning.
_AGE_COLOUR = {"fresh": "green", "late": "orange", "archive": "gray", "unknown": "gray"}
_AGE_SYMBOL = {"fresh": "●", "late": "◐", "archive": "○", "unknown": "?"}


def _age_markdown(f) -> str:
    """'○ Archive, 11 months ago' in the state's colour, for a caption."""
    words = f.state_word(i18n.lang()) + (f", {f.words(i18n.lang())}" if f.age is not None or f.future else "")
    return f":{_AGE_COLOUR.get(f.state, 'gray')}[{_AGE_SYMBOL.get(f.state, '?')} {words}]"


def console_url(sql: str) -> str:
    return f"/{CONSOLE_PATH}?" + urllib.parse.urlencode({"lang": i18n.lang(), "tab": "console", "sql": sql})


def _safe_file_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "data"


def data_actions(result, key: str, *, frame: pd.DataFrame | None = None) -> None:
    """CSV download + the named query with its parameters, openable in the console."""
    frame = result.frame if frame is None else frame
    name = result.name or key
    if result.name:
        from queries import get
        mark_shown(*get(result.name).datasets)
    # Button and SQL stack rather than share columns: pages put charts in narrow
    # columns, where a side-by-side button would be squeezed to "Downl…".
    # The CSV is written when the button is pressed, not on every run of the page (a page
    # has up to a dozen of these: writing them all took tens of ms of each filter change),
    # and pressing it does not rerun the page.
    st.download_button(
        t("common.download_csv"), lambda: frame.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{_safe_file_name(name)}.csv", mime="text/csv", key=f"dl:{key}", width="content",
        icon=":material/download:", on_click="ignore")
    # The SQL is shown only once the reader opens it: a highlighted code block under every
    # chart made every page load and run the code highlighter.
    sql_box = st.expander(t("common.view_sql"), key=f"sql:{key}", on_change="rerun")
    if sql_box.open:
        from queries import get
        shown = get(result.name).sql_with_values(result.params) if result.name else result.sql
        sql_box.code(shown, language="sql")
        params = ", ".join(f"{k} = {v}" for k, v in result.params.items())
        if result.name:
            sql_box.caption(f"`queries/{result.name}.sql` · {params or t('common.no_params')}")
        sql_box.markdown(f"[{t('common.open_in_console')}]({console_url(shown)})")
    if result.truncated:
        st.warning(t("common.truncated", n=len(frame)))


def chart(fig, result, key: str, *, caption: str | None = None) -> None:
    """The chart panel; see `dashboard.kit.chart` (title, chart, text alternative, data, actions)."""
    from . import kit  # kit builds on this module
    kit.chart(fig, result, key, caption=caption)


def empty_state(message: str | None = None) -> None:
    st.info(message or t("common.no_data"), icon=":material/info:")


def query_error(exc: Exception) -> None:
    st.error(t("common.query_failed", error=str(exc)), icon=":material/error:")


def grade_badge(label: str, colour: str) -> str:
    return (f"<span class='osd-badge' style='background:{colour}'>{label}</span>")


LANGUAGE_SWITCHES = ("lang_switch", "lang_switch_top")  # the sidebar's, and the one atop a phone screen


def _switch_language(source: str) -> None:
    """on_change of either switch: the other follows, and the URL says the language."""
    choice = st.session_state.get(source)
    if choice not in i18n.LANGS:  # clicked off: keep the current language selected
        choice = i18n.lang()
    for key in LANGUAGE_SWITCHES:
        st.session_state[key] = choice
    st.session_state["lang"] = choice
    st.query_params["lang"] = choice


def language_switch(container, key: str, label_visibility: str = "visible") -> None:
    """한국어 | English. Both switches follow the language of the run (e.g. after Back)."""
    if st.session_state.get(key) != i18n.lang():
        st.session_state[key] = i18n.lang()
    container.segmented_control(t("common.language"), options=list(i18n.LANGS), key=key,
                                format_func=lambda code: {"ko": "한국어", "en": "English"}[code],
                                on_change=_switch_language, args=(key,), label_visibility=label_visibility)


def phone_language_switch() -> None:
    """The language switch at the top of the page, shown on narrow screens only (where the
    sidebar is folded away; theme.py hides it on wider ones)."""
    language_switch(st.container(key="osd-lang-top", horizontal=True, horizontal_alignment="right"),
                    "lang_switch_top", label_visibility="collapsed")


def sidebar(live_errors: Iterable[str] = ()) -> None:
    with st.sidebar:
        language_switch(st, "lang_switch")
        st.markdown(f"#### {t('common.data_freshness')}")
        status = data.dataset_status()
        rows = []
        for ds in catalog.warehouse_datasets():
            row = status.get(ds.id, {})
            if not row.get("rows"):
                continue
            rows.append({"ds": ds, "row": row})
        with st.expander(t("common.freshness_list", n=len(rows)), expanded=False):
            for item in rows:
                ds, row = item["ds"], item["row"]
                kind = row.get("source_kind") or "none"
                st.markdown(
                    f"<div class='osd-fresh'><i class='osd-dot osd-{kind}'></i><b>{ds.title(i18n.lang())}</b><br>"
                    f"<span>{t('common.as_of')} {format_as_of(ds, row.get('data_as_of'))} · "
                    f"{source_label(ds.id)}</span></div>", unsafe_allow_html=True)
        key_set = bool(data.api_key())
        st.caption(t("common.live_on") if key_set else t("common.live_off"))
        for err in live_errors:
            st.warning(t("common.live_failed", error=err), icon=":material/warning:")


def footer(dataset_ids: Iterable[str]) -> None:
    """Source, licence and the required attribution of the datasets behind what this view
    shows (the page's `dataset_ids` when it marked none), leaving out datasets without
    rows: those are listed in the data desk's catalog, not under a view they are not in."""
    registered = list(dict.fromkeys(dataset_ids))
    shown = list(dict.fromkeys(st.session_state.get(_SHOWN_KEY, [])))
    chosen = [d for d in registered if d in shown] + [d for d in shown if d not in registered] if shown else registered
    status = data.dataset_status()
    ids = [d for d in chosen if status.get(d, {}).get("rows")]
    st.session_state[_CREDITED_KEY] = ids
    st.divider()
    lines = [f"**{t('common.sources')}**"]
    for dataset_id in ids:
        ds = catalog.get(dataset_id)
        link = f" · [{ds.original_id}]({ds.url})" if ds.url else f" · {ds.original_id}"
        lines.append(
            f"- {ds.title(i18n.lang())} — {ds.publisher}{link} · {t('common.licence')}: {ds.licence} · "
            f"{t('common.as_of')} {as_of_text(dataset_id)} ({source_label(dataset_id)})  \n"
            f"  {ds.attribution}")
    lines.append(t("common.footer_note"))
    st.markdown("<div class='osd-footer'>\n\n" + "\n".join(lines) + "\n\n</div>", unsafe_allow_html=True)


def freshness(dataset_id: str) -> str:
    """How fresh a live dataset is, honestly: 'Updated 3 min ago (…)' when it came from
    the Open API, otherwise which real capture the bundled snapshot holds."""
    row = data.dataset_status().get(dataset_id, {})
    if row.get("source_kind") == "openapi":
        return updated_ago(row.get("fetched_at"))
    if row.get("rows"):
        return t("common.bundled_capture", when=as_of_text(dataset_id))
    return t("common.source_none")


def updated_ago(fetched_at: str | None) -> str:
    if not fetched_at:
        return ""
    age = (pd.Timestamp.now(tz="Asia/Seoul") - pd.Timestamp(fetched_at)).total_seconds()
    return f"{t('common.updated')} {i18n.fmt_age(age)} ({fmt_datetime(fetched_at)})"

