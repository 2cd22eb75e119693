"""Data desk › SQL console: DuckDB SQL against the warehouse, read-only and fenced
(`queries.console`, reached through dashboard/data.py), with a table, a quick chart and CSV/Parquet/JSON downloads.
The query lives in the URL (`?tab=console&sql=…`); a query that arrives in the URL runs
at once, so a shared link shows the same query and result."""
from __future__ import annotations

import hashlib
import urllib.parse

import pandas as pd
import plotly.express as px
import streamlit as st

import queries
from dashboard import data, layout, state, theme
from dashboard.i18n import fmt_int, fmt_num, lang, pick, t
from data_sources import catalog

KINDS = ("bar", "line", "scatter")
SQL_KEY = "desk:sql_input"
SEEN_KEY = "desk:url_sql_seen"
FAILED_KEY = "desk:failed"
EXAMPLE_KEY = "desk:example"
DEFAULT_EXAMPLE = "examples/pm25_by_year"


def examples() -> dict[str, queries.NamedQuery]:
    return {n: q for n, q in queries.registry().items() if n.startswith("examples/")}


def example_sql(name: str) -> str:
    query = queries.get(name)
    return query.sql_with_values(query.bind({}))


def build_chart(frame: pd.DataFrame, x: str, y: str, kind: str):
    """Pure: a quick plotly chart of one numeric column against another column."""
    plot = frame[[x, y]].copy() if x != y else frame[[x]].copy()
    if kind == "line":
        plot = plot.sort_values(x)
        fig = px.line(plot, x=x, y=y, markers=len(plot) <= 60)
    elif kind == "scatter":
        fig = px.scatter(plot, x=x, y=y)
    else:
        fig = px.bar(plot, x=x, y=y)
    fig.update_traces(marker_color=theme.ACCENT) if kind != "line" else fig.update_traces(line_color=theme.ACCENT)
    fig.update_layout(height=420, margin=dict(l=8, r=8, t=16, b=8),
                      font=dict(family="Noto Sans KR, Noto Sans CJK KR, sans-serif", size=14))
    if not pd.api.types.is_numeric_dtype(plot[x]):
        fig.update_xaxes(type="category")
    return fig


def share_url(sql: str, extra: dict | None = None) -> str:
    """An absolute link that reopens this query (and its chart settings) in the console."""
    query = urllib.parse.urlencode({"lang": lang(), "tab": "console", "sql": sql, **(extra or {})})
    base = ""
    try:
        url = st.context.url or ""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme and parts.netloc:
            base = f"{parts.scheme}://{parts.netloc}"
    except Exception:  # AppTest and older runtimes have no browser URL
        base = ""
    return f"{base}/{layout.CONSOLE_PATH}?{query}"


# --- callbacks -------------------------------------------------------------------------

def _set_query(sql: str) -> None:
    st.session_state[SQL_KEY] = sql
    st.session_state[SEEN_KEY] = sql
    st.session_state.pop(FAILED_KEY, None)
    st.query_params["sql"] = sql
    for key in ("x", "y"):
        if key in st.query_params:
            del st.query_params[key]


def _on_run() -> None:
    _set_query(st.session_state.get(SQL_KEY, ""))


def _on_example() -> None:
    name = st.session_state.get(EXAMPLE_KEY)
    if name:
        _set_query(example_sql(name))


# --- rendering --------------------------------------------------------------------------

def render() -> None:
    path = str(data.warehouse_path())
    url_sql = st.query_params.get("sql", "")
    if len(url_sql) > data.MAX_SQL_CHARS:
        st.error(t("desk.sql_too_long", n=fmt_int(len(url_sql)), limit=fmt_int(data.MAX_SQL_CHARS)))
        url_sql = ""
    if st.session_state.get(SEEN_KEY) != url_sql:  # first load, or a new link in this session
        st.session_state[SEEN_KEY] = url_sql
        if url_sql:
            st.session_state[SQL_KEY] = url_sql
    st.session_state.setdefault(SQL_KEY, example_sql(DEFAULT_EXAMPLE))

    # Monospace for the SQL editor (the widget's key becomes a CSS class).
    st.markdown("<style>.st-key-desk-sql textarea {font-family: ui-monospace, 'DejaVu Sans Mono', monospace;"
                " font-size: 0.9rem;}</style>", unsafe_allow_html=True)
    st.subheader(t("desk.console_title"))
    st.markdown(t("desk.console_intro"))
    left, right = st.columns([5, 2], gap="medium")
    with left:
        ex = examples()
        # Labels made now: a format function runs outside this session (e.g. in tests),
        # where the session's language is not known.
        titles = {n: q.title(lang()) for n, q in ex.items()}
        st.selectbox(t("desk.examples"), list(ex), index=None, key=EXAMPLE_KEY, on_change=_on_example,
                     placeholder=t("desk.examples_placeholder"), format_func=titles.__getitem__)
        with st.container(key="desk-sql"):
            st.text_area(t("desk.sql_label"), key=SQL_KEY, height=260, max_chars=data.MAX_SQL_CHARS,
                         help=t("desk.sql_help"))
        st.button(t("desk.run"), on_click=_on_run, type="primary", icon=":material/play_arrow:", key="desk:run")
        limits = data.console_limits()
        st.caption(t("desk.fences", seconds=fmt_num(limits["time_limit_s"], 0), rows=fmt_int(limits["console_max_rows"]),
                     memory=limits["memory_limit"], n=limits["concurrent_queries"]))
    with right:
        _tables_browser()

    if url_sql:
        _result(url_sql, path)
    else:
        st.info(t("desk.console_hint"), icon=":material/keyboard:")


def _tables_browser() -> None:
    status = data.dataset_status()
    with st.container(height=470, border=True):
        st.markdown(f"**{t('desk.tables_title')}**")
        st.caption(t("desk.tables_caption"))
        for ds in catalog.warehouse_datasets():
            rows = status.get(ds.id, {}).get("rows") or 0
            with st.expander(f"`{ds.table}` · {fmt_int(rows)}"):
                st.caption(ds.title(lang()))
                st.markdown("\n".join(
                    f"- `{c.name}` {c.type}{(' · ' + c.unit) if c.unit else ''} — {pick(c.ko, c.en)}"
                    for c in ds.columns))


def _show_error(kind: str, message: str) -> None:
    st.error(f"**{t('desk.err_' + kind)}**  \n{t('desk.errhelp_' + kind)}", icon=":material/block:")
    st.code(message, language=None, wrap_lines=True)


def _result(sql: str, path: str) -> None:
    st.markdown(f"#### {t('desk.result_title')}")
    failed = st.session_state.get(FAILED_KEY)
    if failed and failed[0] == (sql, path):
        # Don't rerun a failed (perhaps runaway) query on every widget change.
        _show_error(failed[1], failed[2])
        st.button(t("desk.run_again"), on_click=_on_run, key="desk:run_again")
        return
    try:
        with st.spinner(t("desk.running")):
            result = data.run_sql(sql)
    except data.ConsoleError as exc:
        st.session_state[FAILED_KEY] = ((sql, path), exc.kind, str(exc))
        _show_error(exc.kind, str(exc))
        return
    except data.QueryError as exc:
        st.session_state[FAILED_KEY] = ((sql, path), "failed", str(exc))
        _show_error("failed", str(exc))
        return
    frame = result.frame
    st.caption(t("desk.result_meta", rows=fmt_int(len(frame)), cols=fmt_int(len(frame.columns)),
                 ms=fmt_num(result.elapsed_s * 1000, 0)))
    if result.truncated:
        st.warning(t("desk.truncated", n=fmt_int(len(frame))), icon=":material/content_cut:")
    if frame.empty and len(frame.columns) == 0:
        layout.empty_state()
        return
    st.dataframe(frame, width="stretch", height=min(38 + 35 * max(len(frame), 1), 420), hide_index=True)
    _chart(frame, sql)
    _downloads(result, sql)


def _chart(frame: pd.DataFrame, sql: str) -> None:
    columns = [str(c) for c in frame.columns]
    numeric = [c for c in columns if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]
    if frame.empty or not numeric:
        st.caption(t("desk.chart_none"))
        return
    tag = hashlib.sha1(sql.encode()).hexdigest()[:10]
    default_x = next((c for c in columns if c not in numeric), columns[0])
    # The axes' defaults come from the query's columns: a shared link always names them.
    x = state.url_choice("x", columns, default_x, stable_default=False)
    y_default = next((c for c in numeric if c != x), numeric[0])
    y = state.url_choice("y", numeric, y_default, stable_default=False)
    kind = state.url_choice("kind", KINDS, "bar")
    st.markdown(f"**{t('desk.chart_title')}**")
    c1, c2, c3 = st.columns([2, 2, 3])
    x = c1.selectbox(t("desk.chart_x"), columns, index=columns.index(x), key=f"desk:x:{tag}")
    y = c2.selectbox(t("desk.chart_y"), numeric, index=numeric.index(y), key=f"desk:y:{tag}")
    kind_labels = {k: t(f"desk.kind_{k}") for k in KINDS}
    with c3:
        kind = st.segmented_control(t("desk.chart_kind"), KINDS, default=kind, key=f"desk:kind:{tag}",
                                    format_func=kind_labels.__getitem__) or kind
    state.write(x=x, y=y, kind=kind)
    st.plotly_chart(build_chart(frame, x, y, kind), width="stretch", key=f"desk:chart:{tag}",
                    config={"displaylogo": False, "responsive": True})


def _downloads(result, sql: str) -> None:
    table = result.table()
    st.markdown(f"**{t('desk.result_downloads')}**")
    cols = st.columns(3)
    makers = {
        "csv": (lambda: data.to_csv_bytes(table, bom=True), "text/csv"),
        "parquet": (lambda: data.to_parquet_bytes(table), "application/vnd.apache.parquet"),
        "json": (lambda: data.to_json_bytes(table, sql=sql, truncated=result.truncated), "application/json"),
    }
    for col, (fmt, (maker, mime)) in zip(cols, makers.items()):
        col.download_button(t(f"desk.dl_{fmt}"), maker, file_name=f"query.{fmt}", mime=mime,
                            key=f"desk:dlq:{fmt}", on_click="ignore", icon=":material/download:", width="stretch")
    st.markdown(f"**{t('desk.share_title')}**")
    chart = {k: st.query_params[k] for k in ("x", "y", "kind") if k in st.query_params}
    st.code(share_url(sql, chart), language=None, wrap_lines=True)
    st.caption(t("desk.share_caption"))
