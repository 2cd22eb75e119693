"""The one module that owns caching between Streamlit and the warehouse.

- `st.cache_resource`: one read-only DuckDB connection per warehouse file (each query
  runs on its own cursor, so concurrent sessions do not share a cursor);
- `st.cache_data`: query results keyed by query name, parameters and warehouse file,
  so a rebuilt warehouse (new file name) never serves stale cached results.
"""
from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import streamlit as st

import queries
from data_sources import catalog, settings, warehouse
from data_sources.redact import redact
from queries import QueryResult

log = logging.getLogger("dashboard.data")


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    return warehouse.connect_read_only(Path(path))


def warehouse_path() -> Path:
    current = warehouse.current_warehouse()
    if current is None:
        with st.spinner("Building the data warehouse from the bundled snapshots (first start)…"):
            current = warehouse.ensure_warehouse()
    return current


def connection():
    return _connection(str(warehouse_path()))


@st.cache_data(show_spinner=False, max_entries=1000, ttl=6 * 3600)
def _cached_query(name: str, params_json: str, path: str, max_rows: int) -> QueryResult:
    return queries.run(name, json.loads(params_json), con=_connection(path), max_rows=max_rows)


def query(name: str, max_rows: int = queries.DEFAULT_MAX_ROWS, **params) -> QueryResult:
    """Run a named query (cached). Raises queries.QueryError on bad parameters."""
    return _cached_query(name, json.dumps(params, default=str, sort_keys=True), str(warehouse_path()), max_rows)


@st.cache_data(show_spinner=False, ttl=600)
def _status(path: str) -> dict[str, dict]:
    return {row["dataset"]: row for row in warehouse.dataset_status(Path(path))}


def dataset_status() -> dict[str, dict]:
    """dataset id → what the warehouse serves (rows, source kind, data as of, fetched at)."""
    return _status(str(warehouse_path()))


def api_key() -> str | None:
    try:
        secrets = dict(st.secrets)
    except Exception:  # no secrets.toml: fine, the key may come from the environment
        secrets = {}
    return settings.openapi_key(secrets)


_refresh_lock = threading.Lock()


def refresh_live_if_due() -> list[str]:
    """With an API key, refresh the live datasets whose snapshot is older than their
    interval. One session refreshes at a time; others keep reading the current
    warehouse. Returns one message per failure (the key is never in them)."""
    key = api_key()
    if not key or not _refresh_lock.acquire(blocking=False):
        return []
    errors: list[str] = []
    try:
        from data_sources.openapi import SeoulOpenAPI
        from data_sources.refresh import refresh_dataset, refresh_due
        client = SeoulOpenAPI(key)
        due = refresh_due()
        refreshed = 0
        for dataset_id in due:
            try:
                refresh_dataset(dataset_id, client=client, rebuild=False)
                refreshed += 1
            except Exception as exc:  # keep serving the previous snapshot
                log.warning("live refresh of %s failed: %s", dataset_id, redact(exc))
                errors.append(f"{catalog.get(dataset_id).title_en}: {redact(exc)}")
        if refreshed:
            warehouse.build()
            _status.clear()
    finally:
        _refresh_lock.release()
    return errors
