"""Why a query produced no result. Pages catch `QueryError`; the console and the HTTP
API read `kind` (the API maps it to an HTTP status, the console to a message)."""
from __future__ import annotations


class QueryError(ValueError):
    """A query could not run: unknown name, bad parameter, refused or failed SQL."""
    kind = "failed"


class QueryTimeout(QueryError):
    kind = "timeout"


class ConsoleError(QueryError):
    """A fenced (console/API) query did not produce a result; `kind` says why."""
    kind = "failed"


class SqlSyntaxError(ConsoleError):
    kind = "syntax"


class QueryRefused(ConsoleError):
    kind = "refused"


class ConsoleTimeout(ConsoleError, QueryTimeout):
    kind = "timeout"


class ResultTooLarge(ConsoleError):
    kind = "too_large"


class OutOfMemory(ConsoleError):
    kind = "memory"


class ConsoleBusy(ConsoleError):
    kind = "busy"


class UnknownName(ConsoleError):
    kind = "unknown"


class BadParameter(ConsoleError):
    kind = "bad_parameter"


class WorkerDied(ConsoleError):
    """The worker process ended without answering (killed, crashed) — not a memory
    overrun unless it really hit the memory cap (then it is OutOfMemory)."""
    kind = "failed"


KINDS: dict[str, type[ConsoleError]] = {c.kind: c for c in (
    ConsoleError, SqlSyntaxError, QueryRefused, ConsoleTimeout, ResultTooLarge, OutOfMemory, ConsoleBusy,
    UnknownName, BadParameter)}


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
