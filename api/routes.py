"""Route handlers of the read-only HTTP API (see api/__init__.py for the overview)."""
from __future__ import annotations

import functools
import json
import logging
import os
import threading
from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import anyio
import anyio.to_thread
from pyarrow import ArrowException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

import queries
from data_sources import catalog
from queries import console, export, serving, shared_geometry
from queries.errors import ConsoleError

log = logging.getLogger("api")

FORMATS = ("json", "csv")
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers":
        "X-Row-Count, X-Truncated, X-Elapsed-Ms, Link, Content-Disposition"}
STATUS = {"syntax": 400, "bad_parameter": 400, "unknown": 404, "refused": 403, "timeout": 504,
          "too_large": 413, "memory": 413, "busy": 503, "failed": 422, "range_not_satisfiable": 416}
MAX_WAITING = 64  # requests queued for the thread pool before we answer 503 at once

# (path, what it returns, parameters) — the index and the catalog page's docs come from here.
ENDPOINTS: list[dict] = [
    {"path": "/api", "returns": "this index: endpoints, parameters and limits", "params": {}},
    {"path": "/api/datasets", "returns": "every catalog dataset: titles, publisher, original id and URL, licence, "
     "attribution, cadence, rows, data as of, source kind, links", "params": {}},
    {"path": "/api/datasets/{id}", "returns": "rows of one dataset, ordered by its primary key",
     "params": {"format": "json (default) | csv", "limit": f"rows, default {console.API_DEFAULT_ROWS}, "
                f"at most {console.API_MAX_ROWS}", "offset": "rows to skip, default 0"}},
    {"path": "/api/datasets/{id}/meta", "returns": "metadata, schema with units, known quality problems and "
     "completeness checks computed from the data", "params": {}},
    {"path": "/api/datasets/{id}/download", "returns": "the whole dataset in a ZIP with README.md, LICENSE.txt "
     "and schema.json (or the bare file with bundle=none)",
     "params": {"format": "csv (default) | parquet", "bundle": "zip (default) | none"}},
    {"path": "/api/queries", "returns": "the named queries: title, parameters with defaults and choices, "
     "output columns", "params": {}},
    {"path": "/api/queries/{name}", "returns": "the result of a named query (e.g. examples/pm25_by_year)",
     "params": {"<param>": "each declared parameter, bound (never pasted into SQL); lists comma-separated",
                "format": "json (default) | csv", "limit": f"rows, default {console.API_DEFAULT_ROWS}, "
                f"at most {console.API_MAX_ROWS}"}},
    {"path": "/api/sql", "returns": "one read-only SELECT against the warehouse, with the SQL console's fences",
     "params": {"q": f"the SQL (at most {console.MAX_SQL_CHARS:,} characters)", "format": "json (default) | csv",
                "limit": f"rows, default {console.API_DEFAULT_ROWS}, at most {console.API_MAX_ROWS}"}},
]

_limiter_box: dict[str, anyio.CapacityLimiter] = {}


def _limiter() -> anyio.CapacityLimiter:
    """API work gets its own thread limiter so it never takes the threads Streamlit's
    file serving uses from anyio's default pool."""
    if "l" not in _limiter_box:
        _limiter_box["l"] = anyio.CapacityLimiter(8)
    return _limiter_box["l"]


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> Response:
    body = json.dumps({"error": {"status": status, "code": code, "message": message}}, ensure_ascii=False)
    return Response(body.encode(), status_code=status, media_type="application/json",
                    headers={**CORS, **(headers or {})})


def _from_console(exc: ConsoleError) -> ApiError:
    status = STATUS.get(exc.kind, 422)
    headers = {"Retry-After": "5"} if exc.kind == "busy" else {}
    return ApiError(status, exc.kind, str(exc), headers)


async def _in_thread(fn: Callable, *args):
    limiter = _limiter()
    if limiter.statistics().tasks_waiting >= MAX_WAITING:
        raise ApiError(503, "busy", "too many API requests are waiting; try again in a moment", {"Retry-After": "5"})
    return await anyio.to_thread.run_sync(fn, *args, limiter=limiter)


def endpoint(fn: Callable) -> Callable:
    """GET/HEAD only (OPTIONS answers a CORS preflight); every error is JSON."""
    @functools.wraps(fn)
    async def wrapper(request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={**CORS, "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
                                                      "Access-Control-Allow-Headers": "Accept",
                                                      "Access-Control-Max-Age": "86400"})
        if request.method not in ("GET", "HEAD"):
            return error_response(405, "method_not_allowed", "this API is read-only: use GET",
                                  {"Allow": "GET, HEAD, OPTIONS"})
        try:
            response = await fn(request)
        except ApiError as exc:
            return error_response(exc.status, exc.code, exc.message, exc.headers)
        except ConsoleError as exc:
            err = _from_console(exc)
            return error_response(err.status, err.code, err.message, err.headers)
        except queries.QueryError as exc:
            return error_response(400, "bad_parameter", str(exc))
        except Exception:  # never leak a traceback; log it
            log.exception("API error on %s", request.url.path)
            return error_response(500, "internal", "internal error; the request was logged")
        response.headers.update(CORS)
        return response
    return wrapper


# --- helpers ---------------------------------------------------------------------------

def _status(path: str) -> dict[str, dict]:
    return serving.dataset_status(Path(path))


def _quality(path: str) -> dict:
    return serving.warehouse_quality(Path(path))


def _warehouse_path() -> Path:
    return serving.warehouse_path()


def _allowed(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params.keys()) - allowed)
    if unknown:
        raise ApiError(400, "bad_parameter", f"unknown parameter(s): {', '.join(unknown)}; "
                       f"allowed: {', '.join(sorted(allowed)) or 'none'}")


def _choice(request: Request, key: str, options: tuple[str, ...], default: str) -> str:
    value = request.query_params.get(key, default)
    if value not in options:
        raise ApiError(400, "bad_parameter", f"{key} must be one of {', '.join(options)} (got {value[:40]!r})")
    return value


def _int(request: Request, key: str, default: int, lo: int, hi: int) -> int:
    raw = request.query_params.get(key)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "bad_parameter", f"{key} must be an integer (got {raw[:40]!r})") from None
    if not lo <= value <= hi:
        raise ApiError(400, "bad_parameter", f"{key} must be between {lo:,} and {hi:,} (got {value:,})")
    return value


def _dataset(dataset_id: str) -> catalog.Dataset:
    try:
        return catalog.get(dataset_id)
    except KeyError:
        raise ApiError(404, "unknown", f"unknown dataset {dataset_id[:80]!r}; see /api/datasets") from None


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def dataset_summary(ds: catalog.Dataset, status: dict | None, base: str = "") -> dict:
    status = status or {}
    out = {
        "id": ds.id, "title": {"ko": ds.title_ko, "en": ds.title_en}, "publisher": ds.publisher,
        "original_id": ds.original_id, "url": ds.url or None, "licence": ds.licence, "attribution": ds.attribution,
        "cadence": ds.cadence, "timezone": ds.timezone, "table": ds.table or None,
        "rows": status.get("rows") if ds.table else None,
        "data_as_of": status.get("data_as_of") or ds.as_of or None,
        "source_kind": status.get("source_kind"), "fetched_at": status.get("fetched_at"),
        "sample": ds.sample, "synthetic": bool(ds.synthetic or status.get("synthetic")),
        "live": ds.is_live, "primary_key": list(ds.primary_key),
    }
    if ds.table:
        out["links"] = {
            "meta": f"{base}/api/datasets/{ds.id}/meta", "rows": f"{base}/api/datasets/{ds.id}?format=json",
            "csv": f"{base}/api/datasets/{ds.id}/download?format=csv",
            "parquet": f"{base}/api/datasets/{ds.id}/download?format=parquet"}
    return out


LARGE_REPLY_ROWS = 2_000  # replies above this many rows take a slot of `_large_replies`
MAX_LARGE_REPLIES = int(os.environ.get("OSD_API_LARGE_REPLIES", "2"))
_large_replies = threading.BoundedSemaphore(MAX_LARGE_REPLIES)
LARGE_REPLY_WAIT_S = 30.0


def _rows_response(result, fmt: str, meta: dict, file_stem: str) -> Response:
    """Serialise a result (call in a worker thread, never on the event loop). At most
    MAX_LARGE_REPLIES large replies are built at once, so a few clients pulling the
    largest pages cannot take every CPU slice from the pages and health checks."""
    table = result.table()
    large = table.num_rows > LARGE_REPLY_ROWS
    if large and not _large_replies.acquire(timeout=LARGE_REPLY_WAIT_S):
        raise ApiError(503, "busy", "too many large replies are being prepared; try again in a moment",
                       {"Retry-After": "5"})
    try:
        headers = {"X-Row-Count": str(table.num_rows), "X-Truncated": "true" if result.truncated else "false",
                   "X-Elapsed-Ms": f"{result.elapsed_s * 1000:.0f}"}
        try:
            if fmt == "csv":
                headers["Content-Disposition"] = f'inline; filename="{file_stem}.csv"'
                return Response(export.to_csv_bytes(table), media_type="text/csv; charset=utf-8", headers=headers)
            body = export.to_json_bytes(table, **meta, returned=table.num_rows, truncated=result.truncated,
                                        elapsed_ms=round(result.elapsed_s * 1000, 1))
        except (ArrowException, TypeError, ValueError, OverflowError) as exc:
            raise ApiError(422, "failed", f"the result has a value that cannot be written as {fmt.upper()} "
                           f"({str(exc)[:200]})") from None
        return Response(body, media_type="application/json", headers=headers)
    finally:
        if large:
            _large_replies.release()


def _json(data: dict, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, default=str).encode(), status_code=status,
                    media_type="application/json")


# --- endpoints -------------------------------------------------------------------------

@endpoint
async def index(request: Request) -> Response:
    _allowed(request, set())
    return _json({"name": "Open Seoul Dashboard read-only API", "methods": ["GET"],
                  "limits": console.limits_summary(), "endpoints": ENDPOINTS,
                  "errors": {"format": {"error": {"status": "HTTP status", "code": "see codes", "message": "text"}},
                             "codes": {k: v for k, v in STATUS.items()}},
                  "notes": ["Every response carries the dataset licence and attribution (JSON) or a Link to /meta.",
                            "Exact values: DECIMAL, HUGEINT and UHUGEINT are JSON strings of their exact digits; "
                            "NaN and infinite doubles are the strings NaN, Infinity, -Infinity; BLOB is hexadecimal; "
                            "INTERVAL, TIME, TIMETZ, BIT, BIGNUM and dates or timestamps outside the years 1-9999 "
                            "are DuckDB's own text form (e.g. '1 year 2 days 03:00:00', '24:00:00', '12:00:00+09', "
                            "'infinity', '0044-03-15 (BC)').",
                            "Duplicate column names are made unique: a, a_2, a_3 ...",
                            "Downloads carry ETag and Last-Modified and answer conditional and Range requests.",
                            "Missing values are null (JSON) or empty (CSV), never zero.",
                            "Times are Korea Standard Time (KST) without offset."]})


@endpoint
async def list_datasets(request: Request) -> Response:
    _allowed(request, set())
    path = await _in_thread(_warehouse_path)
    status = await _in_thread(_status, str(path))
    base = _base(request)
    return _json({"datasets": [dataset_summary(ds, status.get(ds.id), base) for ds in catalog.load_catalog().values()],
                  "warehouse": path.name})


@endpoint
async def dataset_rows(request: Request) -> Response:
    ds = _dataset(request.path_params["dataset_id"])
    _allowed(request, {"format", "limit", "offset"})
    fmt = _choice(request, "format", FORMATS, "json")
    limit = _int(request, "limit", console.API_DEFAULT_ROWS, 0, console.API_MAX_ROWS)
    offset = _int(request, "offset", 0, 0, 10 ** 9)
    if not ds.table:
        raise ApiError(404, "unknown", f"dataset {ds.id!r} is an API service with no stored rows")
    base = _base(request)

    def reply() -> Response:  # every blocking step in one trip to the thread pool
        path = _warehouse_path()
        status = _status(str(path)).get(ds.id, {})
        result = serving.dataset_rows(ds.id, limit=limit, offset=offset, path=path)
        total = status.get("rows") or 0
        result.truncated = offset + len(result.frame) < total
        meta = dataset_summary(ds, status, base)
        meta.update(rows_total=total, offset=offset, limit=limit)
        response = _rows_response(result, fmt, {"dataset": meta}, ds.id)
        response.headers["Link"] = f'<{base}/api/datasets/{ds.id}/meta>; rel="describedby"'
        return response

    return await _in_thread(reply)


@endpoint
async def dataset_meta(request: Request) -> Response:
    ds = _dataset(request.path_params["dataset_id"])
    _allowed(request, set())
    path = await _in_thread(_warehouse_path)
    status = (await _in_thread(_status, str(path))).get(ds.id, {})
    out = dataset_summary(ds, status, _base(request))
    out["schema"] = [{"name": c.name, "type": c.type, "unit": c.unit or None, "description": {"ko": c.ko, "en": c.en},
                      "min": c.min, "max": c.max, "nullable": c.nullable, "allowed": list(c.allowed) or None}
                     for c in ds.columns]
    out["quality_notes"] = {"ko": list(ds.quality_notes_ko), "en": list(ds.quality_notes_en)}
    out["source"] = {"kind": ds.source.kind, "service": ds.source.service or None, "snapshot": status.get("source"),
                     "sha256": status.get("sha256")}
    if ds.table:
        checks = (await _in_thread(_quality, str(path))).get(ds.id)
        out["completeness"] = checks.as_dict() if checks else None
    return _json(out)


@endpoint
async def dataset_download(request: Request) -> Response:
    """The whole dataset, exported once per warehouse file and then served from disk:
    conditional requests (If-None-Match / If-Modified-Since) get 304 without any export,
    HEAD never exports, and Range requests read the cached file."""
    ds = _dataset(request.path_params["dataset_id"])
    _allowed(request, {"format", "bundle"})
    fmt = _choice(request, "format", export.EXPORT_FORMATS, "csv")
    bundle = _choice(request, "bundle", ("zip", "none"), "zip") == "zip"
    if not ds.table:
        raise ApiError(404, "unknown", f"dataset {ds.id!r} is an API service with no stored rows")
    path = await _in_thread(_warehouse_path)
    etag, modified = serving.export_identity(ds.id, fmt, bundle, path)
    validators = {"ETag": etag, "Last-Modified": formatdate(modified, usegmt=True),
                  "Cache-Control": "public, max-age=0, must-revalidate"}
    if _not_modified(request, etag, modified):
        return Response(status_code=304, headers=validators)
    made = await _in_thread(functools.partial(serving.cached_export, ds.id, fmt, bundle=bundle, path=path,
                                              create=request.method != "HEAD"))
    if made is None:  # HEAD before the first download: say what will come, export nothing
        ext = "zip" if bundle else fmt
        name = f"{ds.id}_{fmt}.zip" if bundle else f"{ds.id}.{fmt}"
        return Response(status_code=200, headers={**validators, "Content-Disposition": f'attachment; filename="{name}"',
                                                  "Accept-Ranges": "bytes"},
                        media_type={"zip": "application/zip", "csv": "text/csv; charset=utf-8",
                                    "parquet": "application/vnd.apache.parquet"}[ext])
    _check_range(request.headers.get("range"), made.path.stat().st_size)
    return FileResponse(made.path, media_type=made.media_type, filename=made.file_name,
                        headers={**validators, "X-Row-Count": str(made.rows)})


def _not_modified(request: Request, etag: str, modified: float) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:
        return etag in [m.strip().removeprefix("W/") for m in match.split(",")] or match.strip() == "*"
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return int(modified) <= int(parsedate_to_datetime(since).timestamp())
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
    return False


def _check_range(header: str | None, size: int) -> None:
    """Refuse a malformed or unsatisfiable Range with a JSON error (the file response
    would answer in plain text)."""
    if header is None:
        return
    unit, _, specs = header.partition("=")
    if unit.strip().lower() != "bytes" or not specs.strip():
        raise ApiError(400, "bad_parameter", "the Range header must look like bytes=0-999")
    satisfiable = False
    for spec in specs.split(","):
        start, dash, end = spec.strip().partition("-")
        if not dash or not (start.isdigit() or (not start and end.isdigit())) or (end and not end.isdigit()):
            raise ApiError(400, "bad_parameter", "the Range header must look like bytes=0-999")
        if start and end and int(end) < int(start):
            raise ApiError(400, "bad_parameter", "a Range must not end before it starts")
        if (start and int(start) < size) or (not start and int(end) > 0):
            satisfiable = True
    if not satisfiable:
        raise ApiError(416, "range_not_satisfiable", f"the file has {size:,} bytes",
                       {"Content-Range": f"bytes */{size}"})


@endpoint
async def list_queries(request: Request) -> Response:
    _allowed(request, set())
    out = []
    for name, q in sorted(queries.registry().items()):
        out.append({"name": name, "title": {"ko": q.title_ko, "en": q.title_en}, "description": q.description,
                    "datasets": list(q.datasets),
                    "params": [{"name": p.name, "type": p.type, "default": p.default, "choices": list(p.choices) or None,
                                "doc": p.doc or None} for p in q.params],
                    "columns": [{"name": c, "type": t} for c, t in q.columns],
                    "url": f"{_base(request)}/api/queries/{name}"})
    return _json({"queries": out})


@endpoint
async def run_query(request: Request) -> Response:
    name = request.path_params["name"]
    try:
        query = queries.get(name)
    except queries.QueryError:
        raise ApiError(404, "unknown", f"unknown query {name[:80]!r}; see /api/queries") from None
    fmt = _choice(request, "format", FORMATS, "json")
    limit = _int(request, "limit", console.API_DEFAULT_ROWS, 0, console.API_MAX_ROWS)
    params: dict = {}
    for key in request.query_params.keys():
        if key in ("format", "limit"):
            continue
        values = request.query_params.getlist(key)
        params[key] = values if len(values) > 1 else values[0]

    def reply() -> Response:  # every blocking step in one trip to the thread pool
        path = _warehouse_path()
        result = serving.run_named(name, params, path=path, max_rows=limit)
        status = _status(str(path))
        meta = {"query": name, "title": {"ko": query.title_ko, "en": query.title_en},
                "params": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in result.params.items()},
                "sql": query.sql_with_values(result.params),
                "sources": [dataset_summary(catalog.get(d), status.get(d)) for d in query.datasets
                            if d in catalog.load_catalog()]}
        return _rows_response(result, fmt, meta, name.replace("/", "_"))

    return await _in_thread(reply)


@endpoint
async def run_sql(request: Request) -> Response:
    _allowed(request, {"q", "format", "limit"})
    sql = request.query_params.get("q", "")
    if not sql.strip():
        raise ApiError(400, "bad_parameter", "give the SQL in the q parameter, e.g. /api/sql?q=SELECT+1")
    fmt = _choice(request, "format", FORMATS, "json")
    limit = _int(request, "limit", console.API_DEFAULT_ROWS, 0, console.API_MAX_ROWS)

    def reply() -> Response:
        result = serving.run_sql(sql, path=_warehouse_path(), limits=console.Limits(max_rows=limit))
        return _rows_response(result, fmt, {"sql": result.sql, "limits": console.limits_summary()}, "query")

    return await _in_thread(reply)


@endpoint
async def geometry(request: Request) -> Response:
    """A map layer's rows written by the dashboard (queries/shared_geometry.py): named by
    their content, so a browser may keep them for good."""
    body = await _in_thread(shared_geometry.read, request.path_params["name"])
    if body is None:
        raise ApiError(404, "unknown", "no such map geometry")
    return Response(body, media_type="application/json",
                    headers={**CORS, "Cache-Control": "public, max-age=31536000, immutable"})


@endpoint
async def not_found(request: Request) -> Response:
    raise ApiError(404, "unknown", f"no such endpoint {request.url.path[:120]}; see /api")


_ALL = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]

routes = [
    Route("/api", index, methods=_ALL),
    Route("/api/", index, methods=_ALL),
    Route("/api/datasets", list_datasets, methods=_ALL),
    Route("/api/datasets/{dataset_id}", dataset_rows, methods=_ALL),
    Route("/api/datasets/{dataset_id}/meta", dataset_meta, methods=_ALL),
    Route("/api/datasets/{dataset_id}/download", dataset_download, methods=_ALL),
    Route("/api/queries", list_queries, methods=_ALL),
    Route("/api/queries/{name:path}", run_query, methods=_ALL),
    Route("/api/sql", run_sql, methods=_ALL),
    Route(shared_geometry.URL_PREFIX + "{name}", geometry, methods=_ALL),
    Route("/api/{rest:path}", not_found, methods=_ALL),
]
