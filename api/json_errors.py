"""Every error under /api is JSON, whoever answers it.

The API's own handlers answer in JSON, but some requests are refused before they reach
them, in plain text: Streamlit's path-security middleware (a NUL or a backslash in the
path), the HTTP layer, or a file response's range check. This ASGI middleware (mounted
first, in server.py) rewrites any such error reply to an /api path into the API's JSON
error form, keeping its status and headers such as Allow or Retry-After.
"""
from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CODES = {400: "bad_parameter", 404: "unknown", 405: "method_not_allowed", 413: "too_large", 414: "too_large",
         416: "range_not_satisfiable", 431: "too_large", 503: "busy", 504: "timeout"}
KEEP = {b"allow", b"retry-after", b"content-range", b"access-control-allow-origin",
        b"access-control-expose-headers"}


class JsonErrors:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith("/api"):
            await self.app(scope, receive, send)
            return
        rewrite: dict = {}

        async def send_json_errors(message: Message) -> None:
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = dict(message.get("headers", []))
                if status >= 400 and not headers.get(b"content-type", b"").startswith(b"application/json"):
                    rewrite["status"] = status
                    rewrite["headers"] = [(k, v) for k, v in message.get("headers", []) if k.lower() in KEEP]
                    return
                await send(message)
            elif message["type"] == "http.response.body" and rewrite:
                if message.get("more_body"):
                    return  # drop the plain-text body; the JSON follows with the last part
                status = rewrite["status"]
                text = {400: "the request is malformed", 404: "no such endpoint; see /api"}.get(
                    status, "the request cannot be answered")
                body = json.dumps({"error": {"status": status, "code": CODES.get(status, "failed"),
                                             "message": text}}).encode()
                head = scope["method"] == "HEAD"
                await send({"type": "http.response.start", "status": status,
                            "headers": rewrite["headers"] + [(b"content-type", b"application/json"),
                                                             (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": b"" if head else body})
            else:
                await send(message)

        await self.app(scope, receive, send_json_errors)
