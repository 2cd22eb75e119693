"""Checks that a table matches its catalog declaration: schema, keys, ranges, row counts.

The same checks run twice: on an incoming snapshot (so a bad file never becomes a
snapshot) and on every table of a freshly built warehouse (so a bad build never
becomes current). Identifiers come from the catalog only and are quoted by `ident`.
"""
from __future__ import annotations

import duckdb

from .catalog import Dataset


def ident(name: str) -> str:
    """Quote an identifier for DuckDB DDL/SQL. Catalog names are plain, but quote anyway."""
    return '"' + name.replace('"', '""') + '"'


def _duck_type_matches(declared: str, actual: str) -> bool:
    actual = actual.upper()
    if declared == "TIMESTAMP":
        return actual.startswith("TIMESTAMP")
    if declared == "VARCHAR":
        return actual in ("VARCHAR", "STRING")
    return actual == declared


def validate_relation(con: duckdb.DuckDBPyConnection, relation: str, ds: Dataset,
                      *, check_min_rows: bool = True) -> list[str]:
    """Return a list of human-readable problems (empty when the relation is valid)."""
    problems: list[str] = []
    described = con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
    actual = {row[0]: row[1] for row in described}
    for col in ds.columns:
        if col.name not in actual:
            problems.append(f"{ds.id}: column {col.name} is missing")
        elif not _duck_type_matches(col.type, actual[col.name]):
            problems.append(f"{ds.id}: column {col.name} is {actual[col.name]}, expected {col.type}")
    extra = sorted(set(actual) - set(ds.column_names))
    if extra:
        problems.append(f"{ds.id}: undeclared column(s) {', '.join(extra)}")
    if problems:
        return problems  # the remaining checks assume the schema is right

    rows = con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]
    if check_min_rows and rows < ds.min_rows:
        problems.append(f"{ds.id}: {rows:,} rows, expected at least {ds.min_rows:,}")

    if ds.primary_key:
        keys = ", ".join(ident(k) for k in ds.primary_key)
        not_null = " AND ".join(f"{ident(k)} IS NOT NULL" for k in ds.primary_key)
        dupes = con.execute(
            f"SELECT count(*) FROM (SELECT {keys} FROM {relation} WHERE {not_null} "
            f"GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
        if dupes:
            sample = con.execute(
                f"SELECT {keys} FROM {relation} WHERE {not_null} GROUP BY ALL HAVING count(*) > 1 LIMIT 3").fetchall()
            problems.append(f"{ds.id}: {dupes} duplicate key(s) on ({', '.join(ds.primary_key)}), e.g. {sample}")

    for col in ds.columns:
        c = ident(col.name)
        if not col.nullable:
            nulls = con.execute(f"SELECT count(*) FROM {relation} WHERE {c} IS NULL").fetchone()[0]
            if nulls:
                problems.append(f"{ds.id}: {nulls} NULL value(s) in required column {col.name}")
        if col.min is not None or col.max is not None:
            lo = col.min if col.min is not None else float("-inf")
            hi = col.max if col.max is not None else float("inf")
            bad = con.execute(
                f"SELECT count(*), min({c}), max({c}) FROM {relation} "
                f"WHERE {c} IS NOT NULL AND ({c} < ? OR {c} > ?)", [lo, hi]).fetchone()
            if bad[0]:
                problems.append(f"{ds.id}: {bad[0]} value(s) of {col.name} outside [{col.min}, {col.max}] "
                                f"(seen {bad[1]} … {bad[2]})")
        if col.allowed:
            bad = con.execute(
                f"SELECT DISTINCT {c} FROM {relation} WHERE {c} IS NOT NULL AND NOT list_contains(?, {c}) LIMIT 5",
                [list(col.allowed)]).fetchall()
            if bad:
                problems.append(f"{ds.id}: unexpected value(s) in {col.name}: {[b[0] for b in bad]}")
    return problems
