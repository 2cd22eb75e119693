"""The one execution loop behind every query: named queries on the dashboard's own
connection and fenced console/API SQL inside a worker process both end here.

The statement runs on a caller's cursor; a timer interrupts it at the time limit; the
result is read in Arrow batches and cut at a row cap and a byte cap, so an enormous
result is never materialised. DuckDB's errors become `QueryError` subclasses with a
`kind` (see queries.errors).
"""
from __future__ import annotations

import heapq
import itertools
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


class _Deadlines:
    """One thread that interrupts every statement still running at its deadline.

    A threading.Timer per statement started a thread for every query, about a third of
    a small API query's time; this keeps one sleeping thread for the process instead."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int]] = []  # (deadline, token); cancelled ones drop out at their turn
        self._pending: dict[int, Callable[[], None]] = {}
        self._wake = threading.Condition()
        self._tokens = itertools.count(1)
        self._thread: threading.Thread | None = None

    def add(self, timeout_s: float, action: Callable[[], None]) -> int:
        with self._wake:
            token = next(self._tokens)
            self._pending[token] = action
            heapq.heappush(self._heap, (time.monotonic() + timeout_s, token))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="query-deadlines", daemon=True)
                self._thread.start()
            if self._heap[0][1] == token:  # only a new earliest deadline changes how long it sleeps
                self._wake.notify()
            return token

    def cancel(self, token: int) -> None:
        with self._wake:
            self._pending.pop(token, None)

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._heap and self._heap[0][1] not in self._pending:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._wake.wait()
                    continue
                deadline, token = self._heap[0]
                if deadline > time.monotonic():
                    self._wake.wait(deadline - time.monotonic())
                    continue
                heapq.heappop(self._heap)
                action = self._pending.pop(token)
            try:
                action()
            except Exception:  # noqa: BLE001 - the statement may have ended meanwhile: nothing to stop
                pass
            finally:
                action = None  # keep no cursor alive while this thread sleeps


_deadlines = _Deadlines()


def timeout_error(timeout_s: float) -> ConsoleTimeout:
    return ConsoleTimeout(f"the query was stopped after {timeout_s:g} s (time limit)")


def fetch_capped(cur: duckdb.DuckDBPyConnection, sql: str, params: dict | None, *, max_rows: int,
                 timeout_s: float, max_bytes: int = UNLIMITED_BYTES, batch_rows: int = 65_536,
                 memory_limit: str = "",
                 shape: Callable[[duckdb.DuckDBPyRelation], duckdb.DuckDBPyRelation] | None = None) -> Fetched:
    """Run one (already checked) statement on `cur` within the limits; `shape` may
    reshape the relation before it runs (queries.shape.readable)."""
    started = time.perf_counter()
    deadline = _deadlines.add(timeout_s, cur.interrupt)
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
        _deadlines.cancel(deadline)
    return Fetched(table, truncated, time.perf_counter() - started)
