"""The live refresher: one background thread keeps live datasets fresh, and exactly
one per host does the work.

Every server process may start a refresher (the server's lifespan does, and the
dashboard shell does when `streamlit run app.py` runs without `server.py`), but only
the process that holds an OS file lock (`var/live-refresher.lock`, `flock`) fetches
and rebuilds; the others stand by and take over when the holder exits. Pages never
wait for the Open API: they pick the new warehouse up on their next run. After a
failure a dataset waits a full refresh interval before the next try, so a down API is
not hammered and errors stay visible. The holder publishes which datasets failed in
`var/live-refresh-status.json` (ids only: error texts name the upstream host and stay in
the log), so every process's pages can say so, not only the holder's. Never imports
Streamlit.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time

from data_sources import catalog, settings, snapshots, warehouse
from data_sources.redact import redact

log = logging.getLogger("queries.refresher")

CHECK_EVERY_S = 30.0


def host_lock_path():
    return settings.var_dir() / "live-refresher.lock"


def status_path():
    return settings.var_dir() / "live-refresh-status.json"


def published_failures() -> list[str]:
    """The dataset ids (and "_build") whose last refresh failed, as the host's refreshing
    process last published them; [] when nothing is published or the file is unreadable."""
    try:
        failed = json.loads(status_path().read_text(encoding="utf-8")).get("failed", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [str(x) for x in failed] if isinstance(failed, list) else []


class HostLock:
    """A non-blocking exclusive `flock`; held until `release()` or process exit."""

    def __init__(self) -> None:
        self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def try_acquire(self) -> bool:
        if self._fh is not None:
            return True
        path = host_lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        self._fh = fh
        return True

    def release(self) -> None:
        if self._fh is not None:
            try:
                fcntl.flock(self._fh, fcntl.LOCK_UN)
            finally:
                self._fh.close()
                self._fh = None


class LiveRefresher:
    """Refreshes due live datasets and rebuilds the warehouse (see the module docstring)."""

    def __init__(self, key: str, check_every_s: float = CHECK_EVERY_S):
        self._key = key
        self._check_every_s = check_every_s
        self._stop = threading.Event()
        self._failed_at: dict[str, float] = {}
        self.lock = HostLock()
        self.errors: dict[str, str] = {}
        self.last_run: float | None = None
        self._thread = threading.Thread(target=self._loop, name="osd-live-refresh", daemon=True)

    @property
    def is_leader(self) -> bool:
        return self.lock.held

    def start(self) -> LiveRefresher:
        self.lock.try_acquire()  # decided before start() returns; standbys retry in the loop
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self.lock.release()

    def run_once(self) -> None:
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
        self._publish()

    def _publish(self) -> None:
        """Write the failing ids for the host's other processes (atomically: readers never
        see half a file)."""
        status = {"failed": sorted(self.errors), "at": self.last_run}
        try:
            snapshots.atomic_write_bytes(status_path(), json.dumps(status).encode())
        except OSError as exc:
            log.warning("could not publish the live refresh status: %s", redact(exc))

    def failed_datasets(self) -> list[str]:
        """What failed at the last refresh on this host: this process's own record when it
        has refreshed (it holds or held the lock), else what the holder published."""
        return sorted(self.errors) if self.is_leader or self.errors else published_failures()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                if self.lock.try_acquire():  # only the host's lock holder works; others stand by
                    self.run_once()
            except Exception as exc:  # never let the thread die silently
                log.warning("live refresh loop error: %s", redact(exc))
            self._stop.wait(self._check_every_s)


_running: LiveRefresher | None = None
_running_key: str | None = None
_running_lock = threading.Lock()


def start_live_refresher(key: str | None) -> LiveRefresher | None:
    """This process's refresher (started once; None without an API key)."""
    global _running, _running_key
    with _running_lock:
        if not key:
            return None
        if _running is not None and _running_key != key:
            _running.stop()
            _running = None
        if _running is None:
            _running, _running_key = LiveRefresher(key).start(), key
        return _running


def running_live_refresher() -> LiveRefresher | None:
    return _running


def stop_live_refresher() -> None:
    global _running, _running_key
    with _running_lock:
        if _running is not None:
            _running.stop()
        _running, _running_key = None, None
