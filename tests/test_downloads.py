"""Whole-dataset downloads (queries.export.export_dataset, behind both the catalog
page's buttons and /api/datasets/{id}/download): every dataset in the catalog exports as
CSV and Parquet, re-reads with the warehouse's row count and values, and carries its
licence, attribution, as-of and schema in README.md, LICENSE.txt and schema.json."""
from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pyarrow.parquet as pq
import pytest

from data_sources import catalog, warehouse
from queries import export

DATASETS = [ds.id for ds in catalog.warehouse_datasets()]


@pytest.fixture(scope="module")
def status(warehouse):
    return {r["dataset"]: r for r in warehouse_status(warehouse)}


def warehouse_status(path):
    return warehouse.dataset_status(path)


def _read(made, fmt: str, member: str):
    with zipfile.ZipFile(made.path) as zf:
        names = set(zf.namelist())
        data = zf.read(member)
        readme = zf.read("README.md").decode("utf-8")
        licence = zf.read("LICENSE.txt").decode("utf-8")
        schema = json.loads(zf.read("schema.json"))
    if fmt == "csv":
        assert data.startswith("\ufeff".encode()), "CSV starts with a BOM so Excel reads Korean"
        frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", low_memory=False)
    else:
        frame = pq.read_table(io.BytesIO(data)).to_pandas()
    return names, frame, readme, licence, schema


@pytest.mark.parametrize("fmt", export.EXPORT_FORMATS)
@pytest.mark.parametrize("dataset_id", DATASETS)
def test_every_dataset_exports_and_rereads(warehouse, con, status, dataset_id, fmt):
    ds = catalog.get(dataset_id)
    made = export.export_dataset(dataset_id, fmt, path=warehouse, status=status[dataset_id])
    try:
        names, frame, readme, licence, schema = _read(made, fmt, f"{dataset_id}.{fmt}")
    finally:
        made.path.unlink()
    rows = con.execute(f'SELECT count(*) FROM "{ds.table}"').fetchone()[0]
    assert names == {f"{dataset_id}.{fmt}", "README.md", "LICENSE.txt", "schema.json"}
    assert len(frame) == rows == made.rows == schema["rows"]
    assert list(frame.columns) == ds.column_names
    assert ds.licence in readme and ds.attribution in readme and ds.title_ko in readme
    assert ds.licence in licence and ds.attribution in licence
    assert [c["name"] for c in schema["columns"]] == ds.column_names
    assert schema["data_as_of"] == (status[dataset_id].get("data_as_of") or ds.as_of or None)
    for col in ds.columns:  # every column's unit and description is in the README table
        assert f"| {col.name} | {col.type} |" in readme


def test_parquet_keeps_types_and_values(warehouse, con, status):
    made = export.export_dataset("air_daily", "parquet", path=warehouse, status=status["air_daily"])
    try:
        with zipfile.ZipFile(made.path) as zf:
            table = pq.read_table(io.BytesIO(zf.read("air_daily.parquet")))
    finally:
        made.path.unlink()
    assert str(table.schema.field("date").type) == "date32[day]"
    assert str(table.schema.field("pm25_ugm3").type) == "double"
    nulls = con.execute("SELECT count(*) - count(pm25_ugm3), round(sum(pm25_ugm3), 3) FROM air_daily").fetchone()
    assert table.column("pm25_ugm3").null_count == nulls[0]  # missing stays missing, never 0
    assert round(pd.Series(table.column("pm25_ugm3").to_pylist()).sum(), 3) == nulls[1]


def test_csv_values_match_the_warehouse(warehouse, con, status):
    made = export.export_dataset("traffic_accidents", "csv", path=warehouse, status=status["traffic_accidents"])
    try:
        with zipfile.ZipFile(made.path) as zf:
            frame = pd.read_csv(io.BytesIO(zf.read("traffic_accidents.csv")), encoding="utf-8-sig")
    finally:
        made.path.unlink()
    expected = con.execute("SELECT sum(accidents), sum(deaths), count(DISTINCT gu) FROM traffic_accidents").fetchone()
    assert (int(frame["accidents"].sum()), int(frame["deaths"].sum()), frame["gu"].nunique()) == expected


def test_bare_file_and_bad_requests(warehouse, status):
    made = export.export_dataset("gu_boundaries", "csv", bundle=False, path=warehouse, status=status["gu_boundaries"])
    try:
        assert made.file_name == "gu_boundaries.csv" and len(pd.read_csv(made.path, encoding="utf-8-sig")) == 25
    finally:
        made.path.unlink()
    with pytest.raises(export.BadParameter):
        export.export_dataset("gu_boundaries", "xlsx", path=warehouse)
    with pytest.raises(export.UnknownName):
        export.export_dataset("no_such_dataset", "csv", path=warehouse)


def test_licence_text_explains_the_terms():
    kogl = export.licence_text(catalog.get("air_daily"))
    assert "KOGL" in kogl and "공공누리" in kogl and "attribut" in kogl.lower()
    berkeley = export.licence_text(catalog.get("air_pm25_berkeley"))
    assert "NonCommercial" in berkeley
