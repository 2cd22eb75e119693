"""Saved Open API responses (real captures) imported as offline snapshots, through the
same normalisers the live refresh uses — so the bundled data and live data agree."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import live
from ..openapi import parse_body
from . import SourceFileError


def realtime_air_capture(paths: list[Path]) -> pd.DataFrame:
    (path,) = paths
    try:
        parsed = parse_body(path.read_text(encoding="utf-8"), "RealtimeCityAir")
    except (OSError, ValueError) as exc:
        raise SourceFileError(f"{path.name}: not a RealtimeCityAir response ({exc})") from None
    if parsed.code != "INFO-000" or not parsed.rows:
        raise SourceFileError(f"{path.name}: the saved response has no rows (result {parsed.code})")
    return live.normalize_realtime_air(parsed.rows)
