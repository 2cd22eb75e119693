"""The one Streamlit gateway to data: pages and desk views read data only through here.

It adds Streamlit's caching and spinners over `queries.serving`, the Streamlit-free
module the HTTP API shares (current warehouse, status, completeness checks, named and
fenced queries, exports):

- `st.cache_data`: named-query results keyed by query name, parameters and warehouse
  file, so a rebuilt warehouse (new file name) never serves stale cached results;
  console results live in a cache bounded by bytes in `queries.serving` instead, as
  one large result can hold hundreds of megabytes (errors are never cached).
- the live refresher is started by the server's lifespan (server.py); `live_refresher()`
  starts it here only when the dashboard runs without server.py (`streamlit run app.py`).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import streamlit as st

import queries
from data_sources import catalog, settings
from queries import QueryResult, console, refresher, serving
from queries.errors import ConsoleError, QueryError
from queries.export import to_csv_bytes, to_json_bytes, to_parquet_bytes
from queries.refresher import LiveRefresher

__all__ = ["ConsoleError", "LiveRefresher", "QueryError", "api_key", "connection", "console_limits", "dataset_status",
           "export_bytes", "live_failures", "live_refresher", "query", "run_sql", "run_uncached", "to_csv_bytes", "to_json_bytes", "to_parquet_bytes",
           "warehouse_path", "warehouse_quality"]

log = logging.getLogger("dashboard.data")

MAX_SQL_CHARS = console.MAX_SQL_CHARS
CONSOLE_MAX_ROWS = console.CONSOLE_MAX_ROWS


def warehouse_path() -> Path:
    current = serving.current_path()
    if current is None:
        with st.spinner("Building the data warehouse from the bundled snapshots (first start)…"):
            current = serving.warehouse_path()
    return current


def connection():
    return serving.connection(warehouse_path())


@st.cache_data(show_spinner=False, max_entries=1000, ttl=6 * 3600)
def _cached_query(name: str, params_json: str, path: str, max_rows: int) -> QueryResult:
    return serving.run_query(name, json.loads(params_json), path=Path(path), max_rows=max_rows)


def query(name: str, max_rows: int = queries.DEFAULT_MAX_ROWS, **params) -> QueryResult:
    """Run a named query (cached). Raises queries.QueryError on bad parameters."""
    return _cached_query(name, json.dumps(params, default=str, sort_keys=True), str(warehouse_path()), max_rows)


def run_uncached(name: str, params: dict | None, path: str | Path) -> QueryResult:
    """A named query outside a page run (e.g. a download built after its click), on the
    serving connection of the warehouse the page was drawn from."""
    return serving.run_query(name, params, path=Path(path))


def dataset_status() -> dict[str, dict]:
    """dataset id → what the warehouse serves (rows, source kind, data as of, fetched at)."""
    return serving.dataset_status(warehouse_path())


def warehouse_quality() -> dict:
    """dataset id → completeness checks of the served warehouse (computed once per file)."""
    return serving.warehouse_quality(warehouse_path())


# --- the SQL console ---------------------------------------------------------------------

def run_sql(sql: str, max_rows: int = console.CONSOLE_MAX_ROWS) -> QueryResult:
    """Untrusted SQL behind every fence, cached per warehouse file in a cache bounded
    by bytes (queries.serving.console_cache; errors are not cached: they raise)."""
    return serving.run_sql_cached(sql, path=warehouse_path(), max_rows=max_rows)


def console_limits() -> dict:
    return console.limits_summary()


def export_bytes(dataset_id: str, fmt: str) -> bytes:
    """A whole-dataset download (ZIP), exported once per warehouse file and then read
    from disk. Runs on Streamlit's download thread when the button is pressed, so no
    st.* calls here."""
    return serving.cached_export(dataset_id, fmt).path.read_bytes()


# --- the live refresher --------------------------------------------------------------------

def api_key() -> str | None:
    try:
        secrets = dict(st.secrets)
    except Exception:  # no secrets.toml: fine, the key may come from the environment
        secrets = {}
    return settings.openapi_key(secrets)


def live_failures(lang: str) -> list[str]:
    """The titles of live datasets whose last refresh failed on this host, for every
    visitor to see, in every server process (the refreshing one publishes them). The
    error texts name the upstream API host and stay in the server log and in
    `LiveRefresher.errors` (issue 13: the sidebar showed the host to everyone)."""
    running = refresher.running_live_refresher()
    failed_ids = running.failed_datasets() if running is not None else []
    if not failed_ids:
        return []
    failed = [d for d in failed_ids if d != "_build"]
    if "_build" in failed_ids:  # the refresh worked but the new warehouse did not build
        failed += [ds.id for ds in catalog.live_datasets() if ds.id not in failed]
    return [catalog.get(d).title(lang) for d in failed if d in catalog.load_catalog()]


def live_refresher() -> LiveRefresher | None:
    """This process's refresher when an API key is configured, else None. With
    server.py the server's lifespan has started it already; with app.py alone the
    first page run starts it. Only one process per host refreshes (a file lock)."""
    return refresher.start_live_refresher(api_key())
