"""Refresh live datasets from the Seoul Open API: fetch → normalise → snapshot → build.

Each step can fail on its own (no key, an API error code, a malformed answer, a
validation failure, a build failure); each failure raises with a one-line message and
leaves the previous snapshot and the previous warehouse serving.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from . import catalog, live, pipeline, snapshots, warehouse
from .openapi import SeoulOpenAPI

log = logging.getLogger("data_sources.refresh")

# Services that take one target per call: which targets a plain `refresh` polls.
# Hotspots cover the city centre, the big business districts and a park (POI codes:
# ../shared/specs/seoul-open-api.md §7.3); links include the one in the bundled sample.
DEFAULT_TARGETS: dict[str, list[list[str]]] = {
    "citydata_road": [["POI009"], ["POI014"], ["POI001"], ["POI055"], ["POI072"]],
    "traffic_speed_live": [["1220003800"], ["1220003900"], ["1080012200"], ["1080012800"]],
}


class RefreshError(RuntimeError):
    pass


@dataclass
class RefreshResult:
    dataset: str
    rows: int
    snapshot: snapshots.SnapshotInfo


def refreshable_datasets() -> list[catalog.Dataset]:
    return [d for d in catalog.load_catalog().values() if d.source.service in live.SERVICES and d.table]


def refresh_dataset(dataset_id: str, params: list[str] | None = None, *, client: SeoulOpenAPI | None = None,
                    progress=None, rebuild: bool = True) -> RefreshResult:
    ds = catalog.get(dataset_id)
    if not ds.source.service or ds.source.service not in live.SERVICES:
        raise RefreshError(f"{dataset_id} is not refreshed from the Open API (source: {ds.source.kind})")
    if ds.source.params and not params and dataset_id not in DEFAULT_TARGETS:
        raise RefreshError(f"{dataset_id} needs parameters: {', '.join(ds.source.params)} "
                           f"(e.g. `refresh {dataset_id} --param …`)")
    client = client or SeoulOpenAPI.from_env()
    frames, urls = [], []
    for target in ([params] if params else DEFAULT_TARGETS.get(dataset_id, [[]])):
        fetched = live.fetch_normalized(client, ds.source.service, *target, progress=progress)
        # Document services (citydata) normalise to several frames; the catalog table is "road".
        frames.append(fetched.data["road"] if isinstance(fetched.data, dict) else fetched.data)
        urls.append(fetched.request_url)
    df = pd.concat([f for f in frames if not f.empty], ignore_index=True) if any(not f.empty for f in frames) else None
    if df is None:
        raise RefreshError(f"{dataset_id}: the API returned no rows (INFO-200); keeping the previous snapshot")
    partition = "_".join(params).replace("-", "") if (ds.partitioned and params) else None
    info = pipeline.snapshot_frame(ds, df, source=f"Seoul Open API {ds.source.service}", source_kind="openapi",
                                   request_url=urls[0] if len(urls) == 1 else f"{urls[0]} (+{len(urls) - 1} more)",
                                   partition=partition)
    if rebuild:
        warehouse.build()
    return RefreshResult(dataset_id, info.rows, info)


def refresh_due(now=None) -> list[str]:
    """Live datasets whose newest snapshot is older than their refresh interval."""
    now = now or snapshots.now_kst()
    due = []
    for ds in catalog.live_datasets():
        live_snaps = snapshots.list_live_snapshots(ds.id)
        if not live_snaps:
            due.append(ds.id)
            continue
        age = (now - pd.Timestamp(live_snaps[-1].fetched_at).to_pydatetime()).total_seconds()
        if age >= (ds.source.refresh_seconds or 3600):
            due.append(ds.id)
    return due
