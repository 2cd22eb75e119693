"""The one execution loop behind every query: named queries on the dashboard's own
connection and fenced console/API SQL inside a worker process both end here.

The statement runs on a caller's cursor; a timer interrupts it at the time limit; the
result is read in Arrow batches and cut at a row cap and a byte cap, so an enormous
result is never materialised. DuckDB's errors become `QueryError` subclasses with a
`kind` (see queries.errors).
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from .errors import ConsoleError, ConsoleTimeout, OutOfMemory, QueryRefused, ResultTooLarge, SqlSyntaxError, first_line

UNLIMITED_BYTES = 1 << 62


@dataclass(frozen=True)
class Fetched:
    table: pa.Table
    truncated: bool
    elapsed_s: float


def timeout_error(timeout_s: float) -> ConsoleTimeout:
    return ConsoleTimeout(f"the query was stopped after {timeout_s:g} s (time limit)")


def fetch_capped(cur: duckdb.DuckDBPyConnection, sql: str, params: dict | None, *, max_rows: int,
                 timeout_s: float, max_bytes: int = UNLIMITED_BYTES, batch_rows: int = 65_536,
                 memory_limit: str = "",
                 shape: Callable[[duckdb.DuckDBPyRelation], duckdb.DuckDBPyRelation] | None = None) -> Fetched:
    """Run one (already checked) statement on `cur` within the limits; `shape` may
    reshape the relation before it runs (queries.shape.readable)."""
    started = time.perf_counter()
    timer = threading.Timer(timeout_s, cur.interrupt)
    timer.start()
    try:
        rel = cur.sql(sql, params=params or None)
        if shape is not None:
            rel = shape(rel)
        reader = rel.to_arrow_reader(max(1, min(batch_rows, max_rows + 1)))
        batches, rows, size, truncated = [], 0, 0, False
        for batch in reader:
            if size + batch.nbytes > max_bytes:
                if not batches:
                    raise ResultTooLarge(f"the result is larger than {max_bytes // 2**20} MB")
                truncated = True
                break
            batches.append(batch)
            rows += batch.num_rows
            size += batch.nbytes
            if rows > max_rows:
                truncated = True
                break
            if time.perf_counter() - started > timeout_s:
                raise timeout_error(timeout_s)
        table = pa.Table.from_batches(batches, schema=reader.schema) if batches else reader.schema.empty_table()
        if table.num_rows > max_rows:
            table, truncated = table.slice(0, max_rows), True
        if time.perf_counter() - started > timeout_s:
            raise timeout_error(timeout_s)
    except ConsoleError:
        raise
    except duckdb.InterruptException:
        raise timeout_error(timeout_s) from None
    except duckdb.OutOfMemoryException as exc:
        limit = f"the {memory_limit} limit" if memory_limit else "this server allows"
        raise OutOfMemory(f"the query needs more memory than {limit} ({first_line(exc)})") from None
    except duckdb.PermissionException as exc:
        raise QueryRefused(first_line(exc)) from None
    except duckdb.ParserException as exc:
        raise SqlSyntaxError(first_line(exc)) from None
    except (duckdb.Error, pa.ArrowException, OSError) as exc:
        if time.perf_counter() - started >= timeout_s:
            raise timeout_error(timeout_s) from None
        message = first_line(exc)
        if "out of memory" in message.lower() or "failed to allocate" in message.lower():
            raise OutOfMemory(f"the query needs more memory than this server allows ({message})") from None
        if "Arrow Appender" in message or "string size" in message.lower():
            raise ResultTooLarge(f"the result is too large ({message})") from None
        raise ConsoleError(message) from None
    except MemoryError:
        raise OutOfMemory("the query needs more memory than this server allows") from None
    finally:
        timer.cancel()
    return Fetched(table, truncated, time.perf_counter() - started)
