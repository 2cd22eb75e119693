"""Keep the API key out of logs, files and messages.

The Seoul key is a path segment (`/{KEY}/json/...`), so ordinary URL-credential
scrubbing does not catch it. Every message that may contain a URL goes through here.

Two leaks this guards against beyond the plain key:
- the *percent-encoded* key: URLs carry `quote(key)`, which differs from the key when it
  contains `+`, `/`, `=` or similar, so both spellings are remembered;
- third-party log lines: urllib3 logs every request path at DEBUG level
  (`"GET /<key>/json/bikeList/1/1000 HTTP/1.1" 200`). `RedactingFilter` scrubs records of
  such loggers before any handler sees them.
"""
from __future__ import annotations

import logging
import re
from urllib.parse import quote

_KEYS: set[str] = set()
MASK = "***KEY***"
# The key segment of a Seoul Open API URL: http://host:8088/<key>/<type>/... (also the
# bare path form that requests puts in its errors: "... with url: /<key>/json/...").
_URL_KEY = re.compile(
    r"(openapi\.seoul\.go\.kr(?::\d+)?/|:\d+/|url: /)([^/\s]{6,})(/(?:json|xml|xmlf|xls)/)", re.I
)


def register_secret(value: str | None) -> None:
    """Remember a secret so later `redact` calls mask it wherever it appears."""
    if value and len(value) >= 4:
        _KEYS.add(value)
        _KEYS.add(quote(value, safe=""))  # the spelling that appears inside URLs


def redact(text: object) -> str:
    out = str(text)
    for key in sorted(_KEYS, key=len, reverse=True):
        out = out.replace(key, MASK)
    return _URL_KEY.sub(lambda m: m.group(1) + MASK + m.group(3), out)


class RedactingFilter(logging.Filter):
    """A logging filter that rewrites a record's message with `redact` applied.

    Attach it to a *logger* (not a handler) so it runs before propagation:
    `logging.getLogger("urllib3.connectionpool").addFilter(RedactingFilter())`.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install_log_redaction(*logger_names: str) -> None:
    """Attach one `RedactingFilter` to each named logger (idempotent)."""
    for name in logger_names:
        target = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in target.filters):
            target.addFilter(RedactingFilter())
