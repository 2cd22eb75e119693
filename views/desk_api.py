"""Data desk › HTTP API: what the read-only API beside the dashboard serves, its
parameters, limits and error codes, with curl examples. `tests/test_http_api.py` checks
that every endpoint listed here is routed, so the docs cannot drift from the code."""
from __future__ import annotations

import os
import urllib.parse

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.i18n import fmt_int, fmt_num, t

# (path, message key suffix, parameters) — parameters are literal API names.
ENDPOINTS: list[tuple[str, str, str]] = [
    ("/api", "index", ""),
    ("/api/datasets", "datasets", ""),
    ("/api/datasets/{id}", "rows", "format=json|csv, limit, offset"),
    ("/api/datasets/{id}/meta", "meta", ""),
    ("/api/datasets/{id}/download", "download", "format=csv|parquet, bundle=zip|none"),
    ("/api/queries", "queries", ""),
    ("/api/queries/{name}", "query", "<param>=…, format=json|csv, limit"),
    ("/api/sql", "sql", "q, format=json|csv, limit"),
]
ERRORS: list[tuple[int, str]] = [
    (400, "bad_parameter"), (400, "syntax"), (403, "refused"), (404, "unknown"), (405, "method_not_allowed"),
    (413, "too_large"), (413, "memory"), (416, "range_not_satisfiable"), (422, "failed"), (503, "busy"), (504, "timeout"),
]


def base_url() -> str:
    try:
        parts = urllib.parse.urlsplit(st.context.url or "")
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    except Exception:  # AppTest has no browser URL
        pass
    return "http://localhost:8501"


def curl_examples(base: str) -> str:
    return "\n".join([
        f"# {t('desk.api_ex_list')}",
        f"curl -s '{base}/api/datasets'",
        f"# {t('desk.api_ex_rows')}",
        f"curl -s '{base}/api/datasets/air_daily?format=csv&limit=100' -o air_daily_100.csv",
        f"# {t('desk.api_ex_meta')}",
        f"curl -s '{base}/api/datasets/traffic_accidents/meta'",
        f"# {t('desk.api_ex_download')}",
        f"curl -sOJ '{base}/api/datasets/air_daily/download?format=parquet'",
        f"# {t('desk.api_ex_query')}",
        f"curl -s '{base}/api/queries/examples/station_ranking?year=2021&limit=10'",
        f"# {t('desk.api_ex_sql')}",
        f"curl -sG '{base}/api/sql' --data-urlencode 'q=SELECT gu, count(*) AS stations FROM bike_stations "
        f"WHERE list_date = DATE ''2023-06-01'' GROUP BY gu ORDER BY stations DESC' --data-urlencode 'format=csv'",
    ])


def render() -> None:
    st.subheader(t("desk.api_title"))
    st.markdown(t("desk.api_intro"))
    if not os.environ.get("OSD_HTTP_API"):
        st.warning(t("desk.api_not_served"), icon=":material/info:")
    base = base_url()

    st.markdown(f"#### {t('desk.api_endpoints')}")
    st.dataframe(pd.DataFrame([{t("desk.api_col_path"): f"GET {path}", t("desk.api_col_params"): params or "–",
                                t("desk.api_col_returns"): t(f"desk.api_ep_{key}")}
                               for path, key, params in ENDPOINTS]),
                 hide_index=True, width="stretch")

    limits = data.console_limits()
    st.markdown(f"#### {t('desk.api_limits')}")
    st.markdown("\n".join(f"- {line}" for line in [
        t("desk.api_limit_time", seconds=fmt_num(limits["time_limit_s"], 0)),
        t("desk.api_limit_rows", default=fmt_int(limits["api_default_rows"]), max=fmt_int(limits["api_max_rows"])),
        t("desk.api_limit_size", mb=fmt_int(limits["max_result_mb"]), chars=fmt_int(limits["max_sql_chars"])),
        t("desk.api_limit_conc", n=limits["concurrent_queries"], memory=limits["memory_limit"]),
        t("desk.api_limit_readonly"),
        t("desk.api_limit_cors"),
    ]))

    st.markdown(f"#### {t('desk.api_errors')}")
    st.markdown(t("desk.api_errors_intro"))
    st.code('{"error": {"status": 504, "code": "timeout", "message": "the query was stopped after 10 s (time limit)"}}',
            language="json")
    st.dataframe(pd.DataFrame([{t("desk.api_col_status"): status, t("desk.api_col_code"): code,
                                t("desk.api_col_meaning"): t(f"desk.apierr_{code}")} for status, code in ERRORS]),
                 hide_index=True, width="stretch")

    st.markdown(f"#### {t('desk.api_examples')}")
    st.code(curl_examples(base), language="bash")
    st.caption(t("desk.api_licence_note"))
