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


class LiveRefresher:
    """One background thread per server process keeps live datasets fresh.

    Pages never wait for the Open API: the thread refreshes due datasets, rebuilds the
    warehouse, and pages pick the new warehouse up on their next run (the shell's
    fragment checks every minute). After a failure a dataset waits a full refresh
    interval before the next try, so a down API is not hammered and errors stay visible.
    """

    def __init__(self, key: str, check_every_s: float = 30.0):
        self._key = key
        self._check_every_s = check_every_s
        self._stop = threading.Event()
        self._failed_at: dict[str, float] = {}
        self.errors: dict[str, str] = {}
        self.last_run: float | None = None
        self._thread = threading.Thread(target=self._loop, name="osd-live-refresh", daemon=True)

    def start(self) -> "LiveRefresher":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def run_once(self) -> None:
        import time

        from data_sources.openapi import SeoulOpenAPI
        from data_sources.refresh import refresh_dataset, refresh_due
        client = SeoulOpenAPI(self._key)
        refreshed = 0
        for dataset_id in refresh_due():
            interval = catalog.get(dataset_id).source.refresh_seconds or 3600
            if time.time() - self._failed_at.get(dataset_id, 0) < interval:
                continue
            try:
                refresh_dataset(dataset_id, client=client, rebuild=False)
                refreshed += 1
                self.errors.pop(dataset_id, None)
                self._failed_at.pop(dataset_id, None)
            except Exception as exc:  # keep serving the previous snapshot
                self._failed_at[dataset_id] = time.time()
                self.errors[dataset_id] = f"{catalog.get(dataset_id).title_en}: {redact(exc)}"
                log.warning("live refresh of %s failed: %s", dataset_id, redact(exc))
        if refreshed:
            try:
                warehouse.build()
            except Exception as exc:
                self.errors["_build"] = redact(exc)
                log.warning("warehouse rebuild after live refresh failed: %s", redact(exc))
        self.last_run = time.time()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception as exc:  # never let the thread die silently
                log.warning("live refresh loop error: %s", redact(exc))
            self._stop.wait(self._check_every_s)


@st.cache_resource(show_spinner=False)
def _live_refresher(key_fingerprint: str) -> LiveRefresher:
    key = api_key()
    return LiveRefresher(key).start()


def live_refresher() -> LiveRefresher | None:
    """The process-wide refresher when an API key is configured, else None."""
    key = api_key()
    if not key:
        return None
    import hashlib
    # Cache by a fingerprint, never by the key itself (cache keys can surface in logs).
    return _live_refresher(hashlib.sha256(key.encode()).hexdigest()[:16])
