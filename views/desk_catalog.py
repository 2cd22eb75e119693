"""Data desk › catalog: every dataset with its provenance, schema, known problems,
completeness checks computed from the data, and whole-dataset downloads."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard import data, layout, state
from dashboard.i18n import fmt_date, fmt_datetime, fmt_int, fmt_month, fmt_pct, lang, pick, t
from data_sources import catalog

if TYPE_CHECKING:
    from data_sources import quality

PAGE = "desk"


# --- formatting helpers (pure) ---------------------------------------------------------

def fmt_time_value(ds: catalog.Dataset, value: str | None) -> str:
    """A min/max of the time column at its own precision (month, day, hour, year)."""
    if value is None:
        return "–"
    col = next((c for c in ds.columns if c.name == ds.as_of_column), None)
    if col is None:
        return str(value)
    if col.type == "DATE" and (col.name in ("month", "month_start") or "monthly" in ds.cadence):
        return fmt_month(value)
    if col.type == "DATE":
        return fmt_date(value)
    if col.type == "TIMESTAMP":
        return fmt_datetime(value)
    return str(value)


def fmt_slot(grain: str, value: str) -> str:
    if grain == "month":
        return fmt_month(value)
    if grain == "day":
        return fmt_date(value)
    if grain == "hour":
        return fmt_datetime(value)
    return str(value)


def span_text(ds: catalog.Dataset, q: quality.DatasetQuality | None) -> str:
    if q is None or q.time_min is None:
        return "–"
    lo, hi = fmt_time_value(ds, q.time_min), fmt_time_value(ds, q.time_max)
    return lo if lo == hi else f"{lo} – {hi}"


def share_text(share: float) -> str:
    """A NULL share that is small but not zero never reads as 0.0 %."""
    if 0 < share < 0.001:
        return "< " + fmt_pct(0.1, 1)
    return fmt_pct(100 * share, 1)


def column_label(ds: catalog.Dataset, name: str) -> str:
    col = next((c for c in ds.columns if c.name == name), None)
    return pick(col.ko, col.en) if col and (col.ko or col.en) else name


def overview_frame(datasets: list[catalog.Dataset], status: dict[str, dict],
                   checks: dict[str, quality.DatasetQuality]) -> pd.DataFrame:
    """One row per catalog dataset (pure: frames in, frame out)."""
    rows = []
    for ds in datasets:
        row = status.get(ds.id, {})
        q = checks.get(ds.id)
        rows.append({
            t("desk.col_title"): ds.title(lang()) + (f" ({t('common.sample')})" if ds.sample else ""),
            t("desk.col_rows"): int(row.get("rows") or 0) if ds.table else None,
            t("desk.col_as_of"): layout.format_as_of(ds, row.get("data_as_of")),
            t("desk.col_span"): span_text(ds, q),
            t("desk.col_source"): layout.source_label(ds.id),
            t("desk.col_findings"): q.problems if q else None,
            t("desk.col_cadence"): ds.cadence,
            t("desk.col_licence"): ds.licence,
            t("desk.col_publisher"): ds.publisher,
            t("desk.col_original"): ds.original_id,
            t("desk.col_id"): ds.id,
        })
    return pd.DataFrame(rows)


def schema_frame(ds: catalog.Dataset, q: quality.DatasetQuality | None) -> pd.DataFrame:
    stats = {c.name: c for c in (q.columns if q else [])}
    rows = []
    for c in ds.columns:
        rng = ""
        if c.min is not None or c.max is not None:
            rng = f"{'' if c.min is None else f'{c.min:g}'} … {'' if c.max is None else f'{c.max:g}'}"
        if c.allowed:
            rng = ", ".join(c.allowed)
        s = stats.get(c.name)
        rows.append({
            t("desk.schema_name"): c.name,
            t("desk.schema_key"): t("desk.yes") if c.name in ds.primary_key else "",
            t("desk.schema_type"): c.type,
            t("desk.schema_unit"): c.unit,
            t("desk.schema_desc"): pick(c.ko, c.en),
            t("desk.schema_range"): rng,
            t("desk.schema_required"): t("desk.yes") if not c.nullable else "",
            t("desk.schema_nulls"): s.nulls if s else None,
            t("desk.schema_null_share"): share_text(s.null_share) if s and q.rows else "–",
        })
    return pd.DataFrame(rows)


def sentinel_frame(ds: catalog.Dataset, q: quality.DatasetQuality) -> pd.DataFrame:
    rows = [{t("desk.sent_column"): s.column, t("desk.sent_check"): t(f"desk.sent_{s.kind}"),
             t("desk.sent_count"): s.count, t("desk.sent_detail"): s.detail,
             t("desk.sent_result"): "✓" if s.count == 0 else "⚠"} for s in q.sentinels]
    blanks = [c for c in q.columns if c.blanks]
    for c in blanks:
        rows.append({t("desk.sent_column"): c.name, t("desk.sent_check"): t("desk.sent_blank"),
                     t("desk.sent_count"): c.blanks, t("desk.sent_detail"): "", t("desk.sent_result"): "⚠"})
    frame = pd.DataFrame(rows)
    if not frame.empty:  # findings first, then the checks that passed
        frame = frame.sort_values(t("desk.sent_count"), ascending=False, kind="stable").reset_index(drop=True)
    return frame


# --- rendering ------------------------------------------------------------------------

def render() -> None:
    status = data.dataset_status()
    checks = data.warehouse_quality()
    datasets = list(catalog.load_catalog().values())

    st.subheader(t("desk.catalog_title"))
    st.markdown(t("desk.catalog_intro"))
    with_rows = [ds for ds in datasets if ds.table and (status.get(ds.id, {}).get("rows") or 0) > 0]
    cols = st.columns(4)
    cols[0].metric(t("desk.m_datasets"), fmt_int(len(datasets)))
    cols[1].metric(t("desk.m_with_rows"), fmt_int(len(with_rows)))
    cols[2].metric(t("desk.m_rows"), fmt_int(sum(int(status.get(d.id, {}).get("rows") or 0) for d in with_rows)))
    cols[3].metric(t("desk.m_live"), fmt_int(sum(1 for d in datasets if d.is_live)))

    frame = overview_frame(datasets, status, checks)
    st.dataframe(frame, hide_index=True, width="stretch", height=min(38 + 35 * len(frame), 560),
                 column_config={t("desk.col_rows"): st.column_config.NumberColumn(format="localized"),
                                t("desk.col_findings"): st.column_config.NumberColumn(help=t("desk.findings_help"))})
    st.caption(t("desk.overview_caption"))

    ids = [ds.id for ds in datasets]
    chosen = state.url_choice("ds", ids, ids[0])
    labels = {i: f"{catalog.get(i).title(lang())} · {i}" for i in ids}  # made in this session's language
    chosen = st.selectbox(t("desk.pick_dataset"), ids, index=ids.index(chosen), key="desk:ds",
                          format_func=labels.__getitem__)
    state.write(ds=chosen)
    dataset_detail(catalog.get(chosen), status.get(chosen, {}), checks.get(chosen))


def dataset_detail(ds: catalog.Dataset, row: dict, q: quality.DatasetQuality | None) -> None:
    with st.container(border=True):
        st.markdown(f"### {ds.title(lang())}")
        st.caption(pick(ds.title_en, ds.title_ko))
        if ds.sample:
            st.warning(t("desk.sample_warning"), icon=":material/science:")
        if ds.synthetic or row.get("synthetic"):
            st.error(t("common.synthetic"), icon=":material/warning:")
        original = f"[{ds.original_id}]({ds.url})" if ds.url else ds.original_id
        source_files = row.get("source") or "–"
        facts = [
            (t("desk.f_publisher"), ds.publisher),
            (t("desk.f_original"), original),
            (t("desk.f_licence"), ds.licence),
            (t("desk.f_attribution"), ds.attribution),
            (t("desk.f_cadence"), f"{ds.cadence} · {ds.timezone}"),
            (t("desk.f_as_of"), layout.format_as_of(ds, row.get("data_as_of"))),
            (t("desk.f_rows"), fmt_int(row.get("rows")) if ds.table else t("desk.no_table")),
            (t("desk.f_span"), span_text(ds, q) + (f" (`{ds.as_of_column}`)" if ds.as_of_column else "")),
            (t("desk.f_table"), f"`{ds.table}`" if ds.table else t("desk.no_table")),
            (t("desk.f_key"), ", ".join(f"`{k}`" for k in ds.primary_key) or "–"),
            (t("desk.f_source"), f"{layout.source_label(ds.id)} · {t('desk.fetched')} "
                                 f"{fmt_datetime(row.get('fetched_at')) if row.get('fetched_at') else '–'}"),
            (t("desk.f_files"), f"`{source_files}`" if row.get("source") else "–"),
            (t("desk.f_checksum"), f"`{row.get('sha256')}`" if row.get("sha256") else "–"),
        ]
        st.markdown("\n".join(f"- **{k}**: {v}" for k, v in facts))

        if ds.table and (row.get("rows") or 0) > 0:
            _downloads(ds, row)

        st.markdown(f"#### {t('desk.schema_title')}")
        st.dataframe(schema_frame(ds, q), hide_index=True, width="stretch",
                     column_config={t("desk.schema_nulls"): st.column_config.NumberColumn(format="localized")})

        st.markdown(f"#### {t('desk.notes_title')}")
        notes = ds.quality_notes(lang())
        st.markdown("\n".join(f"- {n}" for n in notes) if notes else t("desk.no_notes"))

        st.markdown(f"#### {t('desk.checks_title')}")
        st.caption(t("desk.checks_intro"))
        if not ds.table or q is None:
            st.info(t("desk.no_table"))
        elif q.rows == 0:
            st.info(t("desk.no_rows"), icon=":material/inventory_2:")
        else:
            _checks(ds, q)


def _downloads(ds: catalog.Dataset, row: dict) -> None:
    st.markdown(f"#### {t('desk.download_title')}")
    st.caption(t("desk.download_intro", rows=fmt_int(row.get("rows"))))
    cols = st.columns([1, 1, 2])
    for i, fmt in enumerate(("csv", "parquet")):
        cols[i].download_button(
            t(f"desk.download_{fmt}"), lambda fmt=fmt: data.export_bytes(ds.id, fmt),
            file_name=f"{ds.id}_{fmt}.zip", mime="application/zip", key=f"desk:dl:{ds.id}:{fmt}",
            icon=":material/download:", on_click="ignore", width="stretch")
    links = [f"[{t('desk.open_console')}]({layout.console_url(f'SELECT * FROM {ds.table} LIMIT 100')})"]
    if os.environ.get("OSD_HTTP_API"):
        links += [f"[{t('desk.api_rows')}](/api/datasets/{ds.id}?limit=100)",
                  f"[{t('desk.api_meta')}](/api/datasets/{ds.id}/meta)"]
    cols[2].markdown(" · ".join(links))


def _checks(ds: catalog.Dataset, q: quality.DatasetQuality) -> None:
    grain_word = t(f"desk.grain_{q.gaps.grain}") if q.gaps else ""
    lines = []
    if q.gaps:
        g = q.gaps
        span = span_text(ds, q)
        if g.missing == 0:
            lines.append("✓ " + t("desk.gaps_none", grain=grain_word, expected=fmt_int(g.expected), span=span))
        else:
            lines.append("⚠ " + t("desk.gaps_some", grain=grain_word, missing=fmt_int(g.missing),
                                   expected=fmt_int(g.expected), span=span))
        if g.entity_column:
            entity = column_label(ds, g.entity_column)
            icon = "✓ " if g.entities_with_gaps == 0 else "⚠ "
            lines.append(icon + t("desk.gaps_entities", entity=entity, n=fmt_int(g.entities),
                                  with_gaps=fmt_int(g.entities_with_gaps), missing=fmt_int(g.entity_missing),
                                  grain=grain_word))
    else:
        lines.append("ℹ " + t(f"desk.gaps_skip_{q.gaps_skipped or 'irregular'}"))
    if q.duplicate_rows is None:
        lines.append("ℹ " + t("desk.dups_no_key"))
    else:
        keys = ", ".join(ds.primary_key)
        icon = "✓ " if not q.duplicate_rows else "⚠ "
        lines.append(icon + t("desk.dups", keys=keys, n=fmt_int(q.duplicate_keys), rows=fmt_int(q.duplicate_rows)))
        if q.null_key_rows:
            lines.append("⚠ " + t("desk.null_keys", n=fmt_int(q.null_key_rows)))
    nulls = [c for c in q.columns if c.nulls]
    if nulls:
        worst = max(nulls, key=lambda c: c.null_share)
        lines.append("ℹ " + t("desk.nulls_summary", n=len(nulls), total=len(q.columns), column=worst.name,
                               share=share_text(worst.null_share)))
    else:
        lines.append("✓ " + t("desk.nulls_none"))
    lines.append("ℹ " + t("desk.source_line", source=layout.source_label(ds.id)))
    st.markdown("\n".join(f"- {line}" for line in lines))

    if q.gaps and q.gaps.runs:
        st.markdown(f"**{t('desk.runs_title', grain=grain_word)}**")
        runs = pd.DataFrame([{t("desk.run_start"): fmt_slot(q.gaps.grain, r.start),
                              t("desk.run_end"): fmt_slot(q.gaps.grain, r.end),
                              t("desk.run_slots"): r.slots} for r in q.gaps.runs])
        st.dataframe(runs, hide_index=True, width="stretch",
                     column_config={t("desk.run_slots"): st.column_config.NumberColumn(format="localized")})
    if q.gaps and q.gaps.worst_entities:
        st.markdown(f"**{t('desk.entities_title', entity=column_label(ds, q.gaps.entity_column), grain=grain_word)}**")
        ents = pd.DataFrame([{column_label(ds, q.gaps.entity_column): e.entity,
                              t("desk.ent_first"): fmt_slot(q.gaps.grain, e.first),
                              t("desk.ent_last"): fmt_slot(q.gaps.grain, e.last),
                              t("desk.ent_present"): e.present, t("desk.ent_missing"): e.missing}
                             for e in q.gaps.worst_entities])
        st.dataframe(ents, hide_index=True, width="stretch", column_config={
            t("desk.ent_present"): st.column_config.NumberColumn(format="localized"),
            t("desk.ent_missing"): st.column_config.NumberColumn(format="localized")})
    sentinels = sentinel_frame(ds, q)
    if not sentinels.empty:
        st.markdown(f"**{t('desk.sent_title')}**")
        st.dataframe(sentinels, hide_index=True, width="stretch",
                     column_config={t("desk.sent_count"): st.column_config.NumberColumn(format="localized")})
