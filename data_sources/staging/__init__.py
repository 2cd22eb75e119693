"""The staging layer: views over the warehouse tables, created in every warehouse build
right after the tables load, as dbt projects layer their models.

- `stg_<name>.sql` (staging): only rename, cast and reshape one table, e.g. the six
  pollutant columns of `air_daily` as one `pollutant`/`value` pair, so a named query
  filters `pollutant = $pollutant` instead of carrying its own `CASE $pollutant …` block.
  No filters that drop rows, no aggregates.
- `int_<name>.sql` (intermediate): a computation two or more named queries share, written
  once (e.g. the weekday-weighted monthly expressway total). Created after the stg_ views.

Each file is one view named after the file. A view that fails to create fails the build,
and the previous warehouse keeps serving.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

STAGING_DIR = Path(__file__).resolve().parent


def view_files() -> list[Path]:
    """Staging views first, then the intermediate views that may read them."""
    return sorted(STAGING_DIR.glob("stg_*.sql")) + sorted(STAGING_DIR.glob("int_*.sql"))


def create_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create every staging view in `con` (tables must exist); return their names."""
    names = []
    for path in view_files():
        # File names are ours (stg_/int_ + [a-z_]), never user input.
        con.execute(f"CREATE OR REPLACE VIEW {path.stem} AS\n{path.read_text(encoding='utf-8')}")
        names.append(path.stem)
    return names
