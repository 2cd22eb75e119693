"""The read-only HTTP API served beside the dashboard (Starlette routes for `st.App`).

    GET /api                                   index: endpoints, parameters, limits
    GET /api/datasets                          every catalog dataset with licence, attribution, rows, as-of
    GET /api/datasets/{id}?format=&limit=&offset=   rows of a dataset (JSON or CSV)
    GET /api/datasets/{id}/meta                metadata, schema, quality notes and completeness checks
    GET /api/datasets/{id}/download?format=csv|parquet[&bundle=zip|none]   the whole dataset
    GET /api/queries                           the named queries with parameters and columns
    GET /api/queries/{name}?<param>=…&format=&limit=   a named query's result
    GET /api/sql?q=…&format=&limit=            one read-only SELECT, fenced like the SQL console
    GET /api/briefing.pdf?deck=…&lang=&as_of=  the briefing handout of a deck (api/briefing.py)

Every data request goes through `queries.serving` and `queries.console` (read-only, time limit, row and
size caps, bounded concurrency, worker processes). Handlers run blocking work in a thread
pool with its own limiter, so the event loop (and the dashboard) never waits on a query.
This package never imports Streamlit.
"""
from .briefing import routes as _briefing_routes
from .routes import ENDPOINTS, routes

routes = [*_briefing_routes, *routes]  # before the catch-all /api/{rest}

__all__ = ["ENDPOINTS", "routes"]
